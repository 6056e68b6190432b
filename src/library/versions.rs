//! Kept versions: what a newer copy of an article replaced, and putting
//! one back.

use chrono::Utc;
use rusqlite::Connection;
use rusqlite::OptionalExtension;
use rusqlite::TransactionBehavior;
use rusqlite::params;
use serde::Serialize;

use super::Library;
use super::OriginalPage;
use super::Outcome;
use super::Record;
use super::articles::write_article;
use crate::Error;
use crate::Result;
use crate::model::Article;

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

/// Keeps the stored copy of an article, with its original pages, as a
/// version (the caller holds a transaction or savepoint).
pub(super) fn keep_version(conn: &Connection, id: &str) -> Result<()> {
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

impl Library {
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
}
