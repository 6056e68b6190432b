//! The reader's state of an article: read, favourite, where they stopped.

use chrono::Utc;
use rusqlite::OptionalExtension;
use rusqlite::params;
use serde::Serialize;
use ts_rs::TS;

use super::Library;
use crate::Error;
use crate::Result;

/// The reader's state of an article.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, serde::Deserialize, TS)]
pub struct ArticleState {
    /// Read (opened to the end, or marked read).
    pub read: bool,
    /// Marked as a favourite.
    pub favourite: bool,
    /// Where the reader stopped, 0.0 (top) to 1.0 (end), if anywhere.
    pub position: Option<f32>,
}

/// A change to an article's state: the fields given are set.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Deserialize, TS)]
pub struct StateChange {
    /// Mark read or unread.
    pub read: Option<bool>,
    /// Mark or unmark as favourite.
    pub favourite: Option<bool>,
    /// Remember the reading position (0.0 to 1.0).
    pub position: Option<f32>,
}

impl Library {
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
        if let Some(p) = change.position
            && !(0.0..=1.0).contains(&p)
        {
            return Err(Error::invalid(
                "position",
                format!("{p} (expected 0.0 to 1.0)"),
            ));
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
}
