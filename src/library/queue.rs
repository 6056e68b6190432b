//! The index queue: the articles changed since the search index last
//! caught up (the index is derived, and reads this to follow the store).

use super::Library;
use crate::Result;

impl Library {
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
}
