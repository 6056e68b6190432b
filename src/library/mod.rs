//! The library: where articles live on the user's machine.
//!
//! A library is a folder holding `library.sqlite` (the source of truth: the
//! articles, their original pages compressed with zstd, their edition links)
//! and `images/` (image files named by the SHA-256 of their bytes, so each is
//! stored once however many articles use it). Every change to an article is
//! one SQLite transaction: a process killed at any moment leaves the whole
//! article or nothing. Image files are written (atomically, by rename)
//! before the transaction that references them, so a crash can at worst
//! leave an unreferenced image, never a reference to a missing one.
//!
//! Identity is the canonical URL: saving an article whose canonical URL is
//! already stored updates it when its "Updated" time is newer (or, when
//! neither copy has one, when its content differs), and otherwise leaves it
//! as it is. The version replaced is kept, with its original pages
//! ([`Library::versions`]), and can be put back ([`Library::restore_version`]).
//! (Extraction has already made sure a page claims a canonical URL only on
//! its own site: see [`crate::extract`].)

mod articles;
mod images;
mod listing;
mod queue;
mod repair;
mod schema;
mod state;
mod subscriptions;
mod versions;

pub use images::{ImageFile, sniff_image};
pub use listing::{EditionCount, ListFilter, Summary};
pub use repair::{RepairReport, repair};
pub use schema::VERSION as SCHEMA_VERSION;
pub use state::{ArticleState, StateChange};
pub use versions::Version;

use rusqlite::Connection;
use serde::Serialize;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use crate::model::Article;
use crate::sites::Sites;
use crate::{Error, Result};

/// The database's file name inside a library folder.
pub const DB_FILE: &str = "library.sqlite";

/// zstd level for original pages: fast to write, about 5x smaller than HTML.
const ZSTD_LEVEL: i32 = 1;

/// An open library.
pub struct Library {
    root: PathBuf,
    conn: Connection,
    /// Inside [`Library::begin_batch`]: saves are savepoints of one transaction.
    in_batch: bool,
    /// Images whose file and row are known to be stored (committed).
    images_known: std::collections::HashSet<String>,
    /// Images stored in the open batch, known once it commits.
    images_pending: std::collections::HashSet<String>,
    /// The site profiles this library reads pages with: the built-in ones
    /// and those in its `sites/` folder.
    sites: Arc<Sites>,
    /// The sites whose profile digest this process has noted.
    profiles_noted: std::collections::HashSet<String>,
}

/// One original page of an article, kept compressed (zstd).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OriginalPage {
    /// 1 for the first page.
    pub page: u32,
    /// Where it was read from (a URL or `file://` URL), if known.
    pub url: Option<String>,
    /// The HTTP `Content-Type` it came with, if any.
    pub content_type: Option<String>,
    /// The encoding extraction decoded it with.
    pub encoding: String,
    /// The bytes exactly as read, zstd-compressed.
    pub html_zstd: Vec<u8>,
}

impl OriginalPage {
    /// Compresses a page's bytes for keeping.
    pub fn new(
        page: u32,
        url: Option<String>,
        content_type: Option<String>,
        encoding: &str,
        bytes: &[u8],
    ) -> Result<Self> {
        thread_local! {
            static COMPRESSOR: std::cell::RefCell<Option<zstd::bulk::Compressor<'static>>> =
                const { std::cell::RefCell::new(None) };
        }
        let html_zstd = COMPRESSOR.with(|c| -> std::io::Result<Vec<u8>> {
            let mut c = c.borrow_mut();
            if c.is_none() {
                *c = Some(zstd::bulk::Compressor::new(ZSTD_LEVEL)?);
            }
            c.as_mut().expect("compressor set above").compress(bytes)
        })?;
        Ok(OriginalPage {
            page,
            url,
            content_type,
            encoding: encoding.to_string(),
            html_zstd,
        })
    }

    /// The page's bytes, exactly as read.
    pub fn bytes(&self) -> Result<Vec<u8>> {
        Ok(zstd::stream::decode_all(self.html_zstd.as_slice())?)
    }
}

/// An article ready to be written: the article and its serialised form
/// (prepared ahead, off the thread that writes).
#[derive(Clone, Debug)]
pub struct Record {
    /// The article.
    pub article: Article,
    json: String,
}

impl Record {
    /// Serialises an article for the store.
    pub fn new(article: Article) -> Result<Record> {
        let json = serde_json::to_string(&article)?;
        Ok(Record { article, json })
    }
}

/// What saving an article did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// A new article.
    Imported,
    /// An existing article was replaced by a newer version.
    Updated,
    /// The library already had this version (or a newer one).
    Unchanged,
}

impl Drop for Library {
    fn drop(&mut self) {
        // Whole articles only are in an open batch: keep them.
        let _ = self.commit_batch();
    }
}

impl Library {
    /// The default library folder: the platform's data directory
    /// (`~/.local/share/broadsheet` on Linux).
    pub fn default_dir() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "broadsheet").map(|d| d.data_dir().to_path_buf())
    }

    /// Opens the library in `root`, creating the folder and database if
    /// needed and migrating an older schema.
    ///
    /// The profiles in the library's `sites/` folder join the built-in ones
    /// ([`Library::sites`]); one that cannot be read is logged and left out.
    pub fn open(root: impl AsRef<Path>) -> Result<Library> {
        let root = root.as_ref().to_path_buf();
        fs::create_dir_all(root.join("images")).map_err(Error::io(&root))?;
        let sites = Arc::new(Sites::of_library(&root));
        let db = root.join(DB_FILE);
        let mut conn = Connection::open(&db)?;
        conn.busy_timeout(Duration::from_secs(10))?;
        // Takes effect when the database is created: an article and its
        // compressed page usually fit one 16 KiB page.
        conn.pragma_update(None, "page_size", 16384)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "cache_size", -32768)?; // 32 MiB
        conn.pragma_update(None, "mmap_size", 256 * 1024 * 1024)?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        conn.pragma_update(None, "wal_autocheckpoint", 2000)?; // pages: 32 MiB
        schema::migrate(&mut conn)?;
        Ok(Library {
            root,
            conn,
            in_batch: false,
            images_known: Default::default(),
            images_pending: Default::default(),
            sites,
            profiles_noted: Default::default(),
        })
    }

    /// The site profiles of this library: the built-in ones and those in
    /// its `sites/` folder, as read when it was opened or last
    /// [reloaded](Library::reload_sites).
    pub fn sites(&self) -> &Arc<Sites> {
        &self.sites
    }

    /// The edition a user means by `input` (a filter typed on the command
    /// line or sent to the API): a code or name this library's profiles
    /// know, or a code it holds articles of ([`Sites::resolve`]).
    pub fn resolve_edition(&self, input: &str) -> Result<crate::model::Edition> {
        self.sites.resolve(input, |e| self.holds_edition(e))
    }

    /// Notes that `site`'s articles are read with its profile as it is now
    /// (once per process and site).
    pub(crate) fn note_profile(&mut self, site: &str) -> Result<()> {
        if self.profiles_noted.contains(site) {
            return Ok(());
        }
        if let Some(p) = self.sites.get(site) {
            self.conn
                .prepare_cached(
                    "INSERT INTO site_profiles (site, digest) VALUES (?1, ?2) \
                     ON CONFLICT (site) DO UPDATE SET digest = excluded.digest",
                )?
                .execute([site, p.digest.as_str()])?;
            self.profiles_noted.insert(site.to_string());
        }
        Ok(())
    }

    /// Forgets that `site`'s profile was noted, so that the next
    /// [`Library::note_profile`] writes it again.
    pub(crate) fn forget_noted_profile(&mut self, site: &str) {
        self.profiles_noted.remove(site);
    }

    /// The sites whose profile changed since their articles were read
    /// (`broadsheet reextract` reads them again with it).
    pub fn changed_profiles(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT site, digest FROM site_profiles ORDER BY site")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (site, digest) = row?;
            if self.sites.get(&site).is_some_and(|p| p.digest != digest) {
                out.push(site);
            }
        }
        Ok(out)
    }

    /// Reads the library's `sites/` folder again if it changed since it was
    /// read; answers whether it did.
    pub fn reload_sites(&mut self) -> bool {
        if !self.sites.is_stale() {
            return false;
        }
        self.sites = Arc::new(Sites::of_library(&self.root));
        self.profiles_noted.clear();
        true
    }

    /// Starts a batch: until [`Library::commit_batch`], saves are grouped in
    /// one transaction, each article in its own savepoint, so a failed save
    /// undoes only its own article. A process killed during a batch loses
    /// the batch's articles (whole, never in part); importing again redoes
    /// them. Batching makes bulk imports several times faster.
    pub fn begin_batch(&mut self) -> Result<()> {
        if !self.in_batch {
            self.conn.execute_batch("BEGIN IMMEDIATE")?;
            self.in_batch = true;
        }
        Ok(())
    }

    /// Commits the current batch, if any.
    pub fn commit_batch(&mut self) -> Result<()> {
        if !self.in_batch {
            return Ok(());
        }
        self.in_batch = false;
        match self.conn.execute_batch("COMMIT") {
            Ok(()) => {
                self.images_known.extend(self.images_pending.drain());
                Ok(())
            }
            Err(e) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                self.images_pending.clear();
                Err(e.into())
            }
        }
    }

    /// The library folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The database's schema version.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Number of articles.
    pub fn count(&self) -> Result<usize> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM articles", [], |r| r.get::<_, i64>(0))?
            as usize)
    }

    /// Writes a consistent copy of the database to `path` (which must not
    /// exist), while the library stays usable (`VACUUM INTO`).
    pub fn vacuum_into(&self, path: &Path) -> Result<()> {
        let target = path.to_str().ok_or_else(|| {
            Error::invalid("path", format!("{} is not valid UTF-8", path.display()))
        })?;
        self.conn.execute("VACUUM INTO ?1", [target]).map_err(|e| {
            // A full disk is said as one, whoever met it.
            let kind = match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::DiskFull) => std::io::ErrorKind::StorageFull,
                _ => std::io::ErrorKind::Other,
            };
            Error::WithPath {
                path: path.to_path_buf(),
                source: std::io::Error::new(kind, e),
            }
        })?;
        Ok(())
    }

    /// Checks the database file's integrity (SQLite's `quick_check`):
    /// `Ok(())` or the problems SQLite reports.
    pub fn quick_check(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare("PRAGMA quick_check")?;
        let rows: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows.into_iter().filter(|r| r != "ok").collect())
    }
}
