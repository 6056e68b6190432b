//! The library's one error type.
//!
//! Every fallible function in the `broadsheet` crate returns [`Result`]. Each
//! variant says what went wrong in words a user can act on; variants that wrap
//! a lower-level error keep it as their `source`, so a caller printing the whole
//! chain (`{:#}` with anyhow) shows both what and why. The command-line program
//! adds "where" (file, URL) with context. Every error has an [`ErrorCode`],
//! the stable word the API, a job's report and the interface carry.

use std::path::PathBuf;

use serde::Serialize;
use ts_rs::TS;

/// The result type of the whole crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An error and its causes, as one line.
pub fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}

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
    #[error("search index error")]
    Index(#[source] tantivy::TantivyError),

    /// The search index on disk is not the one this program writes
    /// (another version, another schema): it is rebuilt.
    #[error("the search index does not fit this program: {0}")]
    IndexMismatch(String),

    /// A download failed: the URL and why.
    #[error("{url}: {reason}")]
    Fetch {
        /// What was being downloaded.
        url: String,
        /// Why it failed, in words.
        reason: String,
    },

    /// The site's robots.txt does not let Broadsheet fetch this URL: a
    /// download leaves it out (skipped, not failed).
    #[error("{url}: robots.txt does not allow it")]
    Disallowed {
        /// The URL robots.txt forbids.
        url: String,
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
        "the library's database is damaged: `broadsheet repair` copies out everything \
         still readable into a new one and keeps the damaged file"
    )]
    Damaged(#[source] rusqlite::Error),

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

    /// A fault in Broadsheet itself (a bug), caught before it could stop
    /// more than the work it happened in.
    #[error("internal error: {0}")]
    Internal(String),

    /// An I/O error without a path (compression streams, pipes).
    #[error("I/O error")]
    Io(#[from] std::io::Error),
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => {
                Error::Damaged(e)
            }
            _ => Error::Db(e),
        }
    }
}

impl Error {
    /// The stable code a client acts on (and translates) for this error.
    pub fn code(&self) -> ErrorCode {
        #[allow(clippy::match_same_arms)]
        match self {
            Error::NotFound(_) => ErrorCode::NotFound,
            Error::Ambiguous { .. } | Error::Query(_) | Error::Invalid { .. } => {
                ErrorCode::BadRequest
            }
            Error::NotAnArticle(_) => ErrorCode::NotAnArticle,
            Error::TooLarge { .. } => ErrorCode::TooLarge,
            Error::Fetch { .. } => ErrorCode::FetchFailed,
            Error::Refused { .. } => ErrorCode::Refused,
            Error::Disallowed { .. } => ErrorCode::Forbidden,
            Error::Busy(_) => ErrorCode::Busy,
            Error::Damaged(_) | Error::Json(_) => ErrorCode::Damaged,
            Error::SchemaTooNew { .. } => ErrorCode::SchemaTooNew,
            Error::Index(_) | Error::IndexMismatch(_) => ErrorCode::IndexFailed,
            // An error of ours carried through I/O (a page over the size
            // limit, met while reading it) keeps its own code.
            Error::WithPath { source, .. } | Error::Io(source) => source
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<Error>())
                .map_or_else(|| ErrorCode::of_io(source.kind()), Error::code),
            Error::Db(_) | Error::Internal(_) => ErrorCode::Internal,
        }
    }

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

/// What went wrong, in one word a client can act on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// No such article, job, image or route (404).
    NotFound,
    /// A parameter or body the route cannot read (400).
    BadRequest,
    /// A known route asked with another method (405).
    MethodNotAllowed,
    /// Not allowed from this client, e.g. importing the server's files
    /// from beyond loopback (403).
    Forbidden,
    /// The access token is missing or wrong (401).
    Unauthorized,
    /// The page is no article: a listing, an error page, an empty file (422).
    NotAnArticle,
    /// A page, body or archive beyond its limit (413).
    TooLarge,
    /// The library's database or stored data is damaged (500):
    /// `broadsheet repair` mends it.
    Damaged,
    /// A download failed: the server could not be reached or answered an
    /// error (502).
    FetchFailed,
    /// A download refused before connecting: an internal address (403).
    Refused,
    /// Busy: too many jobs, or the library or index held by another
    /// process; try again shortly (503).
    Busy,
    /// A request body that did not arrive in time (408).
    Timeout,
    /// Stored "image" bytes that are no image, or a body that is not JSON (415).
    UnsupportedMediaType,
    /// The library was written by a newer Broadsheet (500).
    SchemaTooNew,
    /// The search index failed (500); `broadsheet reindex` rebuilds it.
    IndexFailed,
    /// The disk is full (507): nothing stored was lost.
    DiskFull,
    /// A fault in Broadsheet itself (500).
    Internal,
}

impl ErrorCode {
    /// The code of an I/O error of this kind: a full disk, a missing file,
    /// a refusal, or a fault.
    pub fn of_io(kind: std::io::ErrorKind) -> ErrorCode {
        match kind {
            std::io::ErrorKind::StorageFull | std::io::ErrorKind::FileTooLarge => {
                ErrorCode::DiskFull
            }
            std::io::ErrorKind::NotFound => ErrorCode::NotFound,
            std::io::ErrorKind::PermissionDenied => ErrorCode::Forbidden,
            _ => ErrorCode::Internal,
        }
    }

    /// The HTTP status an answer with this code carries.
    pub fn status(self) -> u16 {
        match self {
            ErrorCode::BadRequest => 400,
            ErrorCode::Unauthorized => 401,
            ErrorCode::Forbidden | ErrorCode::Refused => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::Timeout => 408,
            ErrorCode::TooLarge => 413,
            ErrorCode::UnsupportedMediaType => 415,
            ErrorCode::NotAnArticle => 422,
            ErrorCode::FetchFailed => 502,
            ErrorCode::Busy => 503,
            ErrorCode::DiskFull => 507,
            ErrorCode::Damaged
            | ErrorCode::SchemaTooNew
            | ErrorCode::IndexFailed
            | ErrorCode::Internal => 500,
        }
    }
}
