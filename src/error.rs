//! The library's one error type.
//!
//! Every fallible function in the `broadsheet` crate returns [`Result`]. Each
//! variant says what went wrong in words a user can act on; variants that wrap
//! a lower-level error keep it as their `source`, so a caller printing the whole
//! chain (`{:#}` with anyhow) shows both what and why. The command-line program
//! adds "where" (file, URL) with context.

use std::path::PathBuf;

/// The result type of the whole crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in the core library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The page was read but is not an article (a section listing, an error
    /// page, an empty or binary file). The reason says which.
    #[error("not an article: {0}")]
    NotAnArticle(String),

    /// The input is too large to be handled safely.
    #[error("too large: {size} bytes (the limit is {limit})")]
    TooLarge {
        /// Size of the input in bytes.
        size: u64,
        /// The limit it exceeded.
        limit: u64,
    },

    /// No article in the library matches the given id or id prefix.
    #[error("no article with id {0:?}")]
    NotFound(String),

    /// An id prefix matches more than one article.
    #[error("id prefix {prefix:?} is ambiguous: it matches {count} articles")]
    Ambiguous {
        /// The prefix the user typed.
        prefix: String,
        /// How many articles it matches.
        count: usize,
    },

    /// The library was written by a newer version of Broadsheet.
    #[error(
        "library schema version {found} is newer than this program understands ({known}); \
         upgrade Broadsheet"
    )]
    SchemaTooNew {
        /// Version found in the database.
        found: i64,
        /// Latest version this build knows.
        known: i64,
    },

    /// A user-supplied value could not be understood (a date, an edition...).
    #[error("invalid {what}: {message}")]
    Invalid {
        /// What kind of value it was.
        what: &'static str,
        /// Why it was rejected.
        message: String,
    },

    /// The search index failed.
    #[error("search index error: {0}")]
    Index(String),

    /// A download failed: the URL and why.
    #[error("{url}: {reason}")]
    Fetch {
        /// What was being downloaded.
        url: String,
        /// Why it failed, in words.
        reason: String,
    },

    /// A download was refused before connecting: the address it would reach
    /// is internal (loopback, private, link-local...), which only a
    /// `--resolve` given on the command line can allow.
    #[error("{url}: {refusal}")]
    Refused {
        /// What was to be downloaded.
        url: String,
        /// What was refused and why.
        refusal: crate::fetch::address::Refusal,
    },

    /// Another process holds what this one needs (the library is busy).
    #[error("busy: {0}")]
    Busy(String),

    /// A search query could not be read.
    #[error("cannot read the query")]
    Query(#[from] crate::index::query::QueryError),

    /// An error from the SQLite store.
    #[error("library database error")]
    Db(#[source] rusqlite::Error),

    /// The store's file is damaged, or is not a database at all.
    #[error(
        "the library's database is damaged ({0}): `broadsheet repair` copies out everything \
         still readable into a new one and keeps the damaged file"
    )]
    Damaged(String),

    /// Stored data could not be (de)serialised.
    #[error("stored data is malformed")]
    Json(#[from] serde_json::Error),

    /// An I/O error with the path it happened on.
    #[error("{}", path.display())]
    WithPath {
        /// The file or folder involved.
        path: PathBuf,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },

    /// An I/O error without a path (compression streams, pipes).
    #[error("I/O error")]
    Io(#[from] std::io::Error),
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => {
                Error::Damaged(e.to_string())
            }
            _ => Error::Db(e),
        }
    }
}

impl Error {
    /// Wraps an I/O error with the path it happened on.
    pub fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Error {
        let path = path.into();
        move |source| Error::WithPath { path, source }
    }

    /// Builds an [`Error::Invalid`].
    pub fn invalid(what: &'static str, message: impl Into<String>) -> Error {
        Error::Invalid {
            what,
            message: message.into(),
        }
    }
}
