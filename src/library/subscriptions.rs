//! Followed sections and feeds, and the HTTP validators (ETag,
//! Last-Modified) that make a download again cheap.

use chrono::Utc;
use rusqlite::OptionalExtension;
use rusqlite::params;

use super::Library;
use crate::Result;

impl Library {
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
}
