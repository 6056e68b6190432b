//! Repair of a damaged store: everything the damaged database still
//! answers is copied into a new one; the damaged file is kept beside it.
//!
//! Each table is read row by row, by rowid, so that a damaged page loses
//! only the rows on it; a row that cannot be read is skipped and counted.
//! Every row SQLite gives back is kept, whatever it holds: an article whose
//! stored data this version cannot make sense of (an edition no profile
//! knows, a field from a newer version) is kept as it is and counted, never
//! deleted. Only rows that depend on an article SQLite could not give back
//! (its pages, image links, edition links, reader marks) go with it, and
//! are counted. The search index is removed and rebuilt from the new store
//! on the next open.

use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use super::{DB_FILE, Library};
use crate::{Error, Result};

/// The tables copied, in an order that keeps references valid.
const TABLES: [&str; 11] = [
    "articles",
    "pages",
    "article_versions",
    "version_pages",
    "images",
    "article_images",
    "edition_links",
    "article_state",
    "subscriptions",
    "fetch_state",
    "site_profiles",
];

/// What a repair kept, moved and dropped.
#[derive(Clone, Debug, Default, Serialize)]
pub struct RepairReport {
    /// Where the damaged database was moved (kept whole).
    pub damaged_copy: PathBuf,
    /// Per table: (name, rows kept, rows dropped: unreadable, or belonging
    /// to an article that was).
    pub tables: Vec<(String, usize, usize)>,
    /// Articles in the repaired store.
    pub articles: usize,
    /// Of those, articles kept whose stored data does not read as an
    /// article in this version (their ids): shown by `broadsheet check`,
    /// never dropped.
    pub kept_unparsed: Vec<String>,
}

/// Repairs the store of the library in `root`.
pub fn repair(root: &Path) -> Result<RepairReport> {
    let db = root.join(DB_FILE);
    if !db.exists() {
        return Err(Error::NotFound(format!(
            "no library database in {}",
            root.display()
        )));
    }
    let stamp = chrono::Utc::now().format("%Y%m%d-%H%M%S");
    let damaged = root.join(format!("{DB_FILE}.damaged-{stamp}"));
    // The write-ahead log goes with it, under the name SQLite looks for.
    for suffix in ["-wal", "-shm", ""] {
        let from = root.join(format!("{DB_FILE}{suffix}"));
        if from.exists() {
            let to = PathBuf::from(format!("{}{suffix}", damaged.display()));
            fs::rename(&from, &to).map_err(Error::io(&from))?;
        }
    }
    let _ = fs::remove_dir_all(root.join("index"));
    let mut report = RepairReport {
        damaged_copy: damaged.clone(),
        ..RepairReport::default()
    };
    let old = Connection::open_with_flags(&damaged, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let mut new = Library::open(root)?;
    let tx = new.conn.transaction()?;
    // References are checked once everything is in (a lost article's rows
    // are removed then).
    tx.pragma_update(None, "defer_foreign_keys", "ON")?;
    for table in TABLES {
        let (copied, lost) = copy_table(&old, &tx, table)?;
        report.tables.push((table.to_string(), copied, lost));
    }
    // A row read whole may hold an article this version cannot parse: it
    // is kept (a newer version, or a profile put back, may read it).
    report.kept_unparsed = {
        let mut stmt = tx.prepare("SELECT id, data FROM articles")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        rows.filter_map(|r| r.ok())
            .filter(|(_, data)| serde_json::from_str::<crate::model::Article>(data).is_err())
            .map(|(id, _)| id)
            .collect()
    };
    for (table, column) in [
        ("pages", "article_id"),
        ("article_images", "article_id"),
        ("edition_links", "article_id"),
        ("article_state", "article_id"),
        ("article_versions", "article_id"),
        ("version_pages", "version"),
    ] {
        let parent = if table == "version_pages" {
            "SELECT seq FROM article_versions"
        } else {
            "SELECT id FROM articles"
        };
        let gone = tx.execute(
            &format!("DELETE FROM {table} WHERE {column} NOT IN ({parent})"),
            [],
        )?;
        if let Some(row) = report.tables.iter_mut().find(|t| t.0 == table) {
            row.1 -= gone;
            row.2 += gone;
        }
    }
    tx.execute(
        "DELETE FROM article_images WHERE hash NOT IN (SELECT hash FROM images)",
        [],
    )?;
    tx.commit()?;
    report.articles = new.count()?;
    Ok(report)
}

/// Copies one table row by row; answers (copied, unreadable).
fn copy_table(
    old: &Connection,
    new: &rusqlite::Transaction<'_>,
    table: &str,
) -> Result<(usize, usize)> {
    // The columns both have (an older store may lack newer ones).
    let columns = |c: &Connection| -> Vec<String> {
        c.prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
            .and_then(|mut s| {
                s.query_map([], |r| r.get::<_, String>(0))?
                    .collect::<rusqlite::Result<Vec<_>>>()
            })
            .unwrap_or_default()
    };
    let theirs = columns(old);
    let cols: Vec<String> = columns(new)
        .into_iter()
        .filter(|c| theirs.contains(c))
        .collect();
    if cols.is_empty() {
        return Ok((0, 0));
    }
    let list = cols.join(", ");
    let marks = vec!["?"; cols.len()].join(", ");
    let mut insert = new.prepare(&format!(
        "INSERT OR IGNORE INTO {table} ({list}) VALUES ({marks})"
    ))?;
    let mut read = old.prepare(&format!("SELECT {list} FROM {table} WHERE rowid = ?1"))?;
    let (mut copied, mut lost) = (0, 0);
    match old.query_row(&format!("SELECT max(rowid) FROM {table}"), [], |r| {
        r.get::<_, Option<i64>>(0)
    }) {
        Ok(max) => {
            for rowid in 1..=max.unwrap_or(0) {
                let row = read.query_row([rowid], |r| {
                    (0..cols.len())
                        .map(|i| r.get::<_, rusqlite::types::Value>(i))
                        .collect::<rusqlite::Result<Vec<_>>>()
                });
                match row {
                    Ok(values) => {
                        copied += insert.execute(rusqlite::params_from_iter(values))?;
                    }
                    Err(rusqlite::Error::QueryReturnedNoRows) => {}
                    Err(_) => lost += 1,
                }
            }
        }
        // The table's last page is unreadable: read in order until the
        // damage stops the scan.
        Err(_) => {
            let mut scan = old.prepare(&format!("SELECT {list} FROM {table}"))?;
            let mut rows = scan.query([])?;
            loop {
                match rows.next() {
                    Ok(Some(r)) => {
                        let values = (0..cols.len())
                            .map(|i| r.get::<_, rusqlite::types::Value>(i))
                            .collect::<rusqlite::Result<Vec<_>>>()?;
                        copied += insert.execute(rusqlite::params_from_iter(values))?;
                    }
                    Ok(None) => break,
                    Err(_) => {
                        lost += 1;
                        break;
                    }
                }
            }
        }
    }
    Ok((copied, lost))
}
