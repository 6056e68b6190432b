//! Articles in and out of the store: saving (with its rules for newer
//! copies), reading by id, id prefix or URL, and their original pages.

use chrono::Utc;
use rusqlite::Connection;
use rusqlite::OptionalExtension;
use rusqlite::TransactionBehavior;
use rusqlite::params;

use super::Library;
use super::OriginalPage;
use super::Outcome;
use super::Record;
use super::versions::keep_version;
use crate::Error;
use crate::Result;
use crate::extract::EXTRACTOR_VERSION;
use crate::model::Article;
use crate::model::Edition;

/// Writes one article (the caller holds a transaction or savepoint).
pub(super) fn write_article(
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
        a.edition.as_ref().map(Edition::code),
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

impl Library {
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
            let written = write_article(&self.conn, a, pages, force)
                .and_then(|o| self.note_profile(&a.article.site).map(|()| o));
            match written {
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
            self.note_profile(&a.article.site)?;
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

    /// The original pages of an article, in page order.
    pub fn pages(&self, id: &str) -> Result<Vec<OriginalPage>> {
        self.original_pages("pages", "article_id", &id)
    }

    /// Original pages from `table`, where `key` = `value`, in page order.
    pub(super) fn original_pages(
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

    /// The article with this exact id, if it is stored.
    pub fn get_exact(&self, id: &str) -> Result<Option<Article>> {
        let data: Option<String> = self
            .conn
            .prepare_cached("SELECT data FROM articles WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?;
        Ok(data.map(|d| serde_json::from_str(&d)).transpose()?)
    }

    /// Calls `f` with every article, in id order, reading in chunks; an
    /// article whose stored data cannot be read is logged and left out.
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
            for (id, data) in rows {
                // One article this version cannot read never stops the others.
                match serde_json::from_str(&data) {
                    Ok(article) => f(article)?,
                    Err(e) => {
                        tracing::warn!(id, error = %e, "an article's stored data cannot be read; left out")
                    }
                }
            }
        }
    }
}
