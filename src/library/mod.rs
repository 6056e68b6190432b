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

mod repair;
mod schema;

pub use repair::{RepairReport, repair};
pub use schema::VERSION as SCHEMA_VERSION;

use chrono::{DateTime, FixedOffset, Utc};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::extract::EXTRACTOR_VERSION;
use crate::model::{Article, Edition, hex};
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

/// An image file ready to be kept: its bytes, their SHA-256 and type.
#[derive(Clone, Debug)]
pub struct ImageFile {
    /// SHA-256 of the bytes, hex: the image's name in the library.
    pub hash: String,
    /// MIME type, from the bytes' magic number.
    pub mime: &'static str,
    /// The bytes.
    pub bytes: Vec<u8>,
}

impl ImageFile {
    /// `None` when the bytes are not an image of a known format.
    pub fn new(bytes: Vec<u8>) -> Option<ImageFile> {
        let mime = sniff_image(&bytes)?;
        Some(ImageFile {
            hash: hex(&Sha256::digest(&bytes)),
            mime,
            bytes,
        })
    }
}

/// The reader's state of an article.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct ArticleState {
    /// Read (opened to the end, or marked read).
    pub read: bool,
    /// Marked as a favourite.
    pub favourite: bool,
    /// Where the reader stopped, 0.0 (top) to 1.0 (end), if anywhere.
    pub position: Option<f32>,
}

/// A change to an article's state: the fields given are set.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Deserialize)]
pub struct StateChange {
    /// Mark read or unread.
    pub read: Option<bool>,
    /// Mark or unmark as favourite.
    pub favourite: Option<bool>,
    /// Remember the reading position (0.0 to 1.0).
    pub position: Option<f32>,
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

/// A version of an article that a newer copy replaced, kept in the store.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Version {
    /// Its number: increasing, unique in the library.
    pub seq: i64,
    /// When the newer copy replaced it (Unix seconds).
    pub replaced_at: i64,
    /// The URL its page was read from.
    pub url: String,
    /// Its headline.
    pub title: String,
    /// Its content hash (see [`Article::content_hash`]).
    pub content_hash: String,
}

/// One line of a library listing.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    /// Article id.
    pub id: String,
    /// Headline.
    pub title: String,
    /// China Daily edition, if any.
    pub edition: Option<Edition>,
    /// Publication time.
    pub published: Option<DateTime<FixedOffset>>,
    /// Breadcrumb, `Home / World`.
    pub section: String,
    /// Body languages, most used first.
    pub languages: Vec<String>,
    /// Canonical URL.
    pub url: String,
    /// Read (opened to the end, or marked read).
    pub read: bool,
    /// Marked as a favourite.
    pub favourite: bool,
}

/// Which articles a listing shows. The default shows all, newest first.
#[derive(Clone, Debug, Default)]
pub struct ListFilter {
    /// Only this edition.
    pub edition: Option<Edition>,
    /// Only articles whose breadcrumb starts with this path or contains this
    /// label (case-insensitive for Latin script): `World`, `Home / World`, `国际`.
    pub section: Option<String>,
    /// Only articles published at or after this time.
    pub since: Option<DateTime<FixedOffset>>,
    /// Only articles published before this time.
    pub until: Option<DateTime<FixedOffset>>,
    /// Only favourites (true) or only the others (false).
    pub favourite: Option<bool>,
    /// Only read articles (true) or only unread ones (false).
    pub read: Option<bool>,
    /// At most this many.
    pub limit: Option<usize>,
    /// Skip this many first.
    pub offset: usize,
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
    pub fn open(root: impl AsRef<Path>) -> Result<Library> {
        let root = root.as_ref().to_path_buf();
        fs::create_dir_all(root.join("images")).map_err(Error::io(&root))?;
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
        })
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

    /// Keeps an image file (once, by content): written atomically unless
    /// the library has it already.
    pub fn store_image(&mut self, image: &ImageFile) -> Result<()> {
        if self.images_known.contains(&image.hash) || self.images_pending.contains(&image.hash) {
            return Ok(());
        }
        let path = self.image_path(&image.hash);
        if !path.exists() {
            let dir = path.parent().expect("image paths have a parent");
            fs::create_dir_all(dir).map_err(Error::io(dir))?;
            let tmp = dir.join(format!(".{}.{}.tmp", image.hash, std::process::id()));
            let write = || -> std::io::Result<()> {
                let mut f = fs::File::create(&tmp)?;
                f.write_all(&image.bytes)?;
                f.sync_data()?;
                fs::rename(&tmp, &path)
            };
            if let Err(e) = write() {
                let _ = fs::remove_file(&tmp);
                return Err(Error::WithPath { path, source: e });
            }
        }
        self.conn
            .prepare_cached("INSERT OR IGNORE INTO images (hash, mime, size) VALUES (?1, ?2, ?3)")?
            .execute(params![image.hash, image.mime, image.bytes.len() as i64])?;
        if self.in_batch {
            self.images_pending.insert(image.hash.clone());
        } else {
            self.images_known.insert(image.hash.clone());
        }
        Ok(())
    }

    /// Where the image with this hash is (or would be) stored.
    pub fn image_path(&self, hash: &str) -> PathBuf {
        let shard = hash.get(..2).unwrap_or("00");
        self.root.join("images").join(shard).join(hash)
    }

    /// Writes a consistent copy of the database to `path` (which must not
    /// exist), while the library stays usable (`VACUUM INTO`).
    pub fn vacuum_into(&self, path: &Path) -> Result<()> {
        let target = path.to_str().ok_or_else(|| {
            Error::invalid("path", format!("{} is not valid UTF-8", path.display()))
        })?;
        self.conn
            .execute("VACUUM INTO ?1", [target])
            .map_err(|e| Error::WithPath {
                path: path.to_path_buf(),
                source: std::io::Error::other(e),
            })?;
        Ok(())
    }

    /// The MIME type of a stored image.
    pub fn image_mime(&self, hash: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT mime FROM images WHERE hash = ?1", [hash], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Saves an article with its original pages: a new article is added; an
    /// existing one (same canonical URL) is replaced only if this version is
    /// newer. One transaction (or savepoint, in a batch).
    pub fn save(&mut self, record: &Record, pages: &[OriginalPage]) -> Result<Outcome> {
        self.write(record, pages, false)
    }

    /// Replaces an article whatever its times (used by re-extraction, which
    /// is newer by definition); `Unchanged` if the content is identical.
    pub fn replace(&mut self, record: &Record, pages: &[OriginalPage]) -> Result<Outcome> {
        self.write(record, pages, true)
    }

    fn write(&mut self, a: &Record, pages: &[OriginalPage], force: bool) -> Result<Outcome> {
        if self.in_batch {
            self.conn.prepare_cached("SAVEPOINT article")?.execute([])?;
            match write_article(&self.conn, a, pages, force) {
                Ok(outcome) => {
                    self.conn.prepare_cached("RELEASE article")?.execute([])?;
                    Ok(outcome)
                }
                Err(e) => {
                    self.conn
                        .execute_batch("ROLLBACK TO article; RELEASE article")?;
                    Err(e)
                }
            }
        } else {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let outcome = write_article(&tx, a, pages, force)?;
            tx.commit()?;
            Ok(outcome)
        }
    }

    /// The full id of the one article whose id starts with `prefix`.
    pub fn resolve_id(&self, prefix: &str) -> Result<String> {
        let prefix = prefix.trim().to_ascii_lowercase();
        if prefix.is_empty() || !prefix.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(Error::NotFound(prefix));
        }
        let mut stmt = self
            .conn
            .prepare("SELECT id FROM articles WHERE id >= ?1 AND id < ?1 || 'g' LIMIT 2")?;
        let ids: Vec<String> = stmt
            .query_map([&prefix], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        match ids.len() {
            0 => Err(Error::NotFound(prefix)),
            1 => Ok(ids.into_iter().next().expect("one id")),
            _ => {
                let count: i64 = self.conn.query_row(
                    "SELECT count(*) FROM articles WHERE id >= ?1 AND id < ?1 || 'g'",
                    [&prefix],
                    |r| r.get(0),
                )?;
                Err(Error::Ambiguous {
                    prefix,
                    count: count as usize,
                })
            }
        }
    }

    /// The article with this id (or unique id prefix).
    pub fn get(&self, id: &str) -> Result<Article> {
        let id = self.resolve_id(id)?;
        let data: String =
            self.conn
                .query_row("SELECT data FROM articles WHERE id = ?1", [&id], |r| {
                    r.get(0)
                })?;
        Ok(serde_json::from_str(&data)?)
    }

    /// The article whose canonical URL is `url`, if stored.
    pub fn find_by_url(&self, url: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id FROM articles WHERE canonical_url = ?1 OR url = ?1",
                [url],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Every article id, in id order.
    pub fn ids(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare("SELECT id FROM articles ORDER BY id")?;
        let ids = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// Lists articles, newest first.
    pub fn list(&self, f: &ListFilter) -> Result<Vec<Summary>> {
        let (filter, mut args) = filter_sql(f);
        let mut sql = format!(
            "SELECT id, title, edition, published_at, section, languages, canonical_url, \
             coalesce(s.read_at IS NOT NULL, 0), coalesce(s.favourite, 0) \
             FROM articles LEFT JOIN article_state s ON s.article_id = articles.id WHERE {filter}"
        );
        // Newest first (in descending order SQLite puts undated articles
        // last), walking the published index rather than sorting the table.
        sql.push_str(" ORDER BY published DESC, title LIMIT ? OFFSET ?");
        args.push(f.limit.map_or(-1, |l| l as i64).into());
        args.push((f.offset as i64).into());
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, bool>(7)?,
                r.get::<_, bool>(8)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, title, edition, published, section, languages, url, read, favourite) = row?;
            out.push(Summary {
                id,
                title,
                edition: edition.and_then(|e| e.parse().ok()),
                published: published.and_then(|p| DateTime::parse_from_rfc3339(&p).ok()),
                section,
                languages: languages.split_whitespace().map(str::to_string).collect(),
                url,
                read,
                favourite,
            });
        }
        Ok(out)
    }

    /// The sections (breadcrumbs) of one edition, or of the whole library,
    /// with their article counts, the fullest first.
    pub fn sections(&self, edition: Option<Edition>) -> Result<Vec<(String, usize)>> {
        let filter = ListFilter {
            edition,
            ..ListFilter::default()
        };
        let (filter, args) = filter_sql(&filter);
        let sql = format!(
            "SELECT section, count(*) FROM articles WHERE {filter} AND section <> '' \
             GROUP BY section ORDER BY count(*) DESC, section"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as usize))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many articles a listing's filters match (its limit and offset aside).
    pub fn count_matching(&self, f: &ListFilter) -> Result<usize> {
        let (filter, args) = filter_sql(f);
        let sql = format!("SELECT count(*) FROM articles WHERE {filter}");
        let n: i64 = self
            .conn
            .query_row(&sql, rusqlite::params_from_iter(args), |r| r.get(0))?;
        Ok(n as usize)
    }

    /// Articles per edition (`None` for articles from other sites).
    pub fn edition_counts(&self) -> Result<Vec<(Option<Edition>, usize)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT edition, count(*) FROM articles GROUP BY edition")?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, Option<String>>(0)?, r.get::<_, i64>(1)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (e, n) = row?;
            out.push((e.and_then(|e| e.parse().ok()), n as usize));
        }
        Ok(out)
    }

    /// The original pages of an article, in page order.
    pub fn pages(&self, id: &str) -> Result<Vec<OriginalPage>> {
        self.original_pages("pages", "article_id", &id)
    }

    /// The kept versions of an article (oldest first): what newer copies
    /// replaced.
    pub fn versions(&self, id: &str) -> Result<Vec<Version>> {
        let id = self.resolve_id(id)?;
        let mut stmt = self.conn.prepare(
            "SELECT seq, replaced_at, url, title, content_hash FROM article_versions
             WHERE article_id = ?1 ORDER BY seq",
        )?;
        let rows = stmt.query_map([&id], |r| {
            Ok(Version {
                seq: r.get(0)?,
                replaced_at: r.get(1)?,
                url: r.get(2)?,
                title: r.get(3)?,
                content_hash: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One kept version of an article: the article as it was, and its
    /// original pages.
    pub fn version(&self, id: &str, seq: i64) -> Result<(Article, Vec<OriginalPage>)> {
        let id = self.resolve_id(id)?;
        let data: String = self
            .conn
            .query_row(
                "SELECT data FROM article_versions WHERE article_id = ?1 AND seq = ?2",
                params![id, seq],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| Error::NotFound(format!("version {seq} of article {id}")))?;
        let pages = self.original_pages("version_pages", "version", &seq)?;
        Ok((serde_json::from_str(&data)?, pages))
    }

    /// Puts a kept version back as the article; the copy it replaces is kept
    /// in its turn. `Unchanged` when the article already is that version.
    pub fn restore_version(&mut self, id: &str, seq: i64) -> Result<Outcome> {
        let (article, pages) = self.version(id, seq)?;
        let record = Record::new(article)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current: String = tx.query_row(
            "SELECT content_hash FROM articles WHERE id = ?1",
            [&record.article.id],
            |r| r.get(0),
        )?;
        if current == record.article.content_hash {
            return Ok(Outcome::Unchanged);
        }
        keep_version(&tx, &record.article.id)?;
        let outcome = write_article(&tx, &record, &pages, true)?;
        tx.commit()?;
        Ok(outcome)
    }

    /// Original pages from `table`, where `key` = `value`, in page order.
    fn original_pages(
        &self,
        table: &str,
        key: &str,
        value: &dyn rusqlite::ToSql,
    ) -> Result<Vec<OriginalPage>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT page, url, content_type, encoding, html_zstd FROM {table} WHERE {key} = ?1 ORDER BY page"
        ))?;
        let rows = stmt.query_map([value], |r| {
            Ok((
                r.get::<_, u32>(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Vec<u8>>(4)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (page, url, content_type, encoding, html_zstd) = row?;
            out.push(OriginalPage {
                page,
                url,
                content_type,
                encoding,
                html_zstd,
            });
        }
        Ok(out)
    }

    /// The search index's queue: the highest sequence number in it, and the
    /// ids of the articles changed since the index last caught up.
    pub fn index_queue(&self) -> Result<(i64, Vec<String>)> {
        let upto: i64 =
            self.conn
                .query_row("SELECT coalesce(max(seq), 0) FROM index_queue", [], |r| {
                    r.get(0)
                })?;
        let mut stmt = self
            .conn
            .prepare("SELECT DISTINCT article_id FROM index_queue WHERE seq <= ?1")?;
        let ids = stmt
            .query_map([upto], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok((upto, ids))
    }

    /// Forgets queued changes up to `upto`, once the index has them.
    pub fn clear_index_queue(&self, upto: i64) -> Result<()> {
        self.conn
            .execute("DELETE FROM index_queue WHERE seq <= ?1", [upto])?;
        Ok(())
    }

    /// The article with this exact id, if it is stored.
    pub fn get_exact(&self, id: &str) -> Result<Option<Article>> {
        let data: Option<String> = self
            .conn
            .prepare_cached("SELECT data FROM articles WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?;
        Ok(data.map(|d| serde_json::from_str(&d)).transpose()?)
    }

    /// Calls `f` with every article, in id order, reading in chunks.
    pub fn for_each_article(&self, mut f: impl FnMut(Article) -> Result<()>) -> Result<()> {
        let mut after = String::new();
        loop {
            let mut stmt = self.conn.prepare_cached(
                "SELECT id, data FROM articles WHERE id > ?1 ORDER BY id LIMIT 1000",
            )?;
            let rows: Vec<(String, String)> = stmt
                .query_map([&after], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let Some((last, _)) = rows.last() else {
                return Ok(());
            };
            after = last.clone();
            for (_, data) in rows {
                f(serde_json::from_str(&data)?)?;
            }
        }
    }

    /// The reader's state of an article (by exact id).
    pub fn state(&self, id: &str) -> Result<ArticleState> {
        let row: Option<(Option<i64>, i64, Option<f64>)> = self
            .conn
            .prepare_cached(
                "SELECT read_at, favourite, position FROM article_state WHERE article_id = ?1",
            )?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        Ok(
            row.map_or_else(ArticleState::default, |(read_at, favourite, position)| {
                ArticleState {
                    read: read_at.is_some(),
                    favourite: favourite != 0,
                    position: position.map(|p| p as f32),
                }
            }),
        )
    }

    /// Changes the reader's state of an article (by id or unique prefix);
    /// returns the new state.
    pub fn set_state(&mut self, id: &str, change: StateChange) -> Result<ArticleState> {
        let id = self.resolve_id(id)?;
        if let Some(p) = change.position {
            if !(0.0..=1.0).contains(&p) {
                return Err(Error::invalid(
                    "position",
                    format!("{p} (expected 0.0 to 1.0)"),
                ));
            }
        }
        let mut state = self.state(&id)?;
        state.read = change.read.unwrap_or(state.read);
        state.favourite = change.favourite.unwrap_or(state.favourite);
        state.position = change.position.or(state.position);
        let now = Utc::now().timestamp();
        self.conn.execute(
            "INSERT INTO article_state (article_id, read_at, favourite, position, changed_at)
             VALUES (?1, CASE WHEN ?2 THEN ?5 END, ?3, ?4, ?5)
             ON CONFLICT(article_id) DO UPDATE SET
                 read_at = CASE WHEN ?2 THEN coalesce(article_state.read_at, ?5) END,
                 favourite = excluded.favourite, position = excluded.position, changed_at = excluded.changed_at",
            params![id, state.read, state.favourite, state.position.map(f64::from), now],
        )?;
        Ok(state)
    }

    /// The HTTP validators (ETag, Last-Modified) kept for a URL.
    pub fn validators(&self, url: &str) -> Result<Option<(Option<String>, Option<String>)>> {
        Ok(self
            .conn
            .prepare_cached("SELECT etag, last_modified FROM fetch_state WHERE url = ?1")?
            .query_row([url], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    /// Keeps the HTTP validators a URL was served with.
    pub fn set_validators(
        &self,
        url: &str,
        etag: Option<&str>,
        last_modified: Option<&str>,
    ) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO fetch_state (url, etag, last_modified, fetched_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
                 fetched_at = excluded.fetched_at",
            )?
            .execute(params![url, etag, last_modified, Utc::now().timestamp()])?;
        Ok(())
    }

    /// Follows a section or feed; false when it was followed already.
    pub fn subscribe(&self, url: &str, kind: &str) -> Result<bool> {
        let added = self.conn.execute(
            "INSERT OR IGNORE INTO subscriptions (url, kind, added_at) VALUES (?1, ?2, ?3)",
            params![url, kind, Utc::now().timestamp()],
        )?;
        Ok(added > 0)
    }

    /// The followed sections and feeds: (url, kind), oldest first.
    pub fn subscriptions(&self) -> Result<Vec<(String, String)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT url, kind FROM subscriptions ORDER BY added_at, url")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Notes that a subscription was just checked.
    pub fn checked(&self, url: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE subscriptions SET checked_at = ?2 WHERE url = ?1",
            params![url, Utc::now().timestamp()],
        )?;
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

/// The WHERE clause and its arguments for a listing's filters.
fn filter_sql(f: &ListFilter) -> (String, Vec<rusqlite::types::Value>) {
    let mut sql = String::from("1=1");
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    if let Some(e) = f.edition {
        sql.push_str(" AND edition = ?");
        args.push(e.code().to_string().into());
    }
    if let Some(s) = &f.section {
        let esc = s
            .trim()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        sql.push_str(
            " AND (section LIKE ? ESCAPE '\\' OR (' / ' || section || ' / ') LIKE ? ESCAPE '\\')",
        );
        args.push(format!("{esc}%").into());
        args.push(format!("% / {esc} / %").into());
    }
    if let Some(t) = f.since {
        sql.push_str(" AND published >= ?");
        args.push(t.timestamp().into());
    }
    if let Some(t) = f.until {
        sql.push_str(" AND published < ?");
        args.push(t.timestamp().into());
    }
    let state = |column: &str| {
        format!(
            " AND coalesce((SELECT {column} FROM article_state s WHERE s.article_id = articles.id), 0) = ?"
        )
    };
    if let Some(fav) = f.favourite {
        sql.push_str(&state("favourite"));
        args.push(i64::from(fav).into());
    }
    if let Some(read) = f.read {
        sql.push_str(&state("read_at IS NOT NULL"));
        args.push(i64::from(read).into());
    }
    (sql, args)
}

/// Keeps the stored copy of an article, with its original pages, as a
/// version (the caller holds a transaction or savepoint).
fn keep_version(conn: &Connection, id: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO article_versions (article_id, replaced_at, url, title, content_hash, data)
         SELECT id, ?2, url, title, content_hash, data FROM articles WHERE id = ?1",
    )?
    .execute(params![id, Utc::now().timestamp()])?;
    let seq = conn.last_insert_rowid();
    conn.prepare_cached(
        "INSERT INTO version_pages (version, page, url, content_type, encoding, html_zstd)
         SELECT ?2, page, url, content_type, encoding, html_zstd FROM pages WHERE article_id = ?1",
    )?
    .execute(params![id, seq])?;
    Ok(())
}

/// Writes one article (the caller holds a transaction or savepoint).
fn write_article(
    conn: &Connection,
    record: &Record,
    pages: &[OriginalPage],
    force: bool,
) -> Result<Outcome> {
    let a = &record.article;
    let existing: Option<(Option<i64>, String, i64)> = conn
        .prepare_cached("SELECT updated, content_hash, extractor FROM articles WHERE id = ?1")?
        .query_row([&a.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let updated = a.updated.map(|t| t.timestamp());
    let outcome = match existing {
        None => Outcome::Imported,
        Some((old_updated, ref old_hash, old_extractor)) => {
            let newer = match (updated, old_updated) {
                _ if force => {
                    *old_hash != a.content_hash || old_extractor != i64::from(EXTRACTOR_VERSION)
                }
                (Some(new), Some(old)) => new > old,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => *old_hash != a.content_hash,
            };
            if !newer {
                return Ok(Outcome::Unchanged);
            }
            // A newer copy replaces this one; re-extraction (forced) only
            // derives again from the same pages, and keeps nothing.
            if !force {
                keep_version(conn, &a.id)?;
            }
            Outcome::Updated
        }
    };
    let now = Utc::now().timestamp();
    conn.prepare_cached(
        "INSERT INTO articles (id, canonical_url, url, site, edition, title, published, published_at,
                               updated, section, languages, content_hash, extractor, data, added_at, changed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15)
         ON CONFLICT(id) DO UPDATE SET
             url = excluded.url, site = excluded.site, edition = excluded.edition,
             title = excluded.title, published = excluded.published,
             published_at = excluded.published_at, updated = excluded.updated,
             section = excluded.section, languages = excluded.languages,
             content_hash = excluded.content_hash, extractor = excluded.extractor,
             data = excluded.data, changed_at = excluded.changed_at",
    )?
    .execute(params![
        a.id,
        a.canonical_url,
        a.url,
        a.site,
        a.edition.map(Edition::code),
        a.title,
        a.published.map(|t| t.timestamp()),
        a.published.map(|t| t.to_rfc3339()),
        updated,
        a.section_path(),
        a.languages.join(" "),
        a.content_hash,
        EXTRACTOR_VERSION,
        record.json,
        now,
    ])?;
    if !pages.is_empty() {
        if existing.is_some() {
            conn.prepare_cached("DELETE FROM pages WHERE article_id = ?1")?
                .execute([&a.id])?;
        }
        let mut insert = conn.prepare_cached(
            "INSERT INTO pages (article_id, page, url, content_type, encoding, html_zstd)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for p in pages {
            insert.execute(params![
                a.id,
                p.page,
                p.url,
                p.content_type,
                p.encoding,
                p.html_zstd
            ])?;
        }
    }
    if existing.is_some() {
        conn.prepare_cached("DELETE FROM article_images WHERE article_id = ?1")?
            .execute([&a.id])?;
        conn.prepare_cached("DELETE FROM edition_links WHERE article_id = ?1")?
            .execute([&a.id])?;
    }
    let mut link_image = conn.prepare_cached(
        "INSERT OR IGNORE INTO article_images (article_id, hash) VALUES (?1, ?2)",
    )?;
    for hash in a.images.iter().filter_map(|i| i.local.as_deref()) {
        link_image.execute(params![a.id, hash])?;
    }
    let mut link_edition = conn.prepare_cached(
        "INSERT OR IGNORE INTO edition_links (article_id, edition, url) VALUES (?1, ?2, ?3)",
    )?;
    for link in &a.edition_links {
        link_edition.execute(params![a.id, link.edition.code(), link.url])?;
    }
    Ok(outcome)
}

/// The MIME type of image bytes, from their magic numbers: JPEG, PNG, GIF, WebP
/// or AVIF, nothing else (a page or archive naming another type is not believed).
///
/// ```
/// assert_eq!(broadsheet::library::sniff_image(b"\xFF\xD8\xFF\xE0rest"), Some("image/jpeg"));
/// assert_eq!(broadsheet::library::sniff_image(b"<html>"), None);
/// ```
pub fn sniff_image(b: &[u8]) -> Option<&'static str> {
    Some(match b {
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        [0x89, b'P', b'N', b'G', ..] => "image/png",
        [b'G', b'I', b'F', b'8', ..] => "image/gif",
        [
            b'R',
            b'I',
            b'F',
            b'F',
            _,
            _,
            _,
            _,
            b'W',
            b'E',
            b'B',
            b'P',
            ..,
        ] => "image/webp",
        [
            _,
            _,
            _,
            _,
            b'f',
            b't',
            b'y',
            b'p',
            b'a',
            b'v',
            b'i',
            b'f',
            ..,
        ] => "image/avif",
        _ => return None,
    })
}
