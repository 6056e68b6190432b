//! Errors as the API answers them: a stable [`ErrorCode`] a client can act
//! on and translate, and the core's message (with its causes) as detail.
//! The same value crosses HTTP (as the JSON body, with the code's status)
//! and the desktop shell's IPC (as the command's error).

use serde::Serialize;
use ts_rs::TS;

use crate::Error;
pub use crate::error::ErrorCode;

/// An error, as data: `{code, message, status}`.
///
/// ```
/// use broadsheet::api::{ApiError, ErrorCode};
///
/// let e = ApiError::from(broadsheet::Error::NotAnArticle("a section listing".into()));
/// assert_eq!((e.code, e.status), (ErrorCode::NotAnArticle, 422));
/// assert_eq!(e.message, "not an article: a section listing");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct ApiError {
    /// The stable code.
    pub code: ErrorCode,
    /// What went wrong, in words (English), with its causes.
    pub message: String,
    /// The HTTP status of the code (for transports that have none).
    pub status: u16,
}

impl ApiError {
    /// An error with this code.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError {
            code,
            message: message.into(),
            status: code.status(),
        }
    }

    /// A `bad_request`.
    pub fn bad(message: impl Into<String>) -> ApiError {
        ApiError::new(ErrorCode::BadRequest, message)
    }
}

impl From<&Error> for ApiError {
    fn from(e: &Error) -> Self {
        ApiError::new(e.code(), crate::error_chain(e))
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        ApiError::from(&e)
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_a_user_can_act_on_keeps_its_code() {
        let full = std::io::Error::from(std::io::ErrorKind::StorageFull);
        for (e, code) in [
            (Error::NotAnArticle("x".into()), ErrorCode::NotAnArticle),
            (Error::TooLarge { size: 2, limit: 1 }, ErrorCode::TooLarge),
            (
                Error::Damaged(rusqlite::Error::InvalidQuery),
                ErrorCode::Damaged,
            ),
            (
                Error::Fetch {
                    url: "https://example.com/".into(),
                    reason: "HTTP 500".into(),
                },
                ErrorCode::FetchFailed,
            ),
            (Error::Busy("x".into()), ErrorCode::Busy),
            (Error::io("/x")(full), ErrorCode::DiskFull),
            (
                Error::io("/page.html")(std::io::Error::other(Error::TooLarge {
                    size: 2,
                    limit: 1,
                })),
                ErrorCode::TooLarge,
            ),
            (
                Error::Internal("a task panicked".into()),
                ErrorCode::Internal,
            ),
            (Error::invalid("date", "x"), ErrorCode::BadRequest),
        ] {
            let api = ApiError::from(e);
            assert_eq!(api.code, code, "{api:?}");
            assert_eq!(api.status, code.status());
        }
        let json = serde_json::to_value(ApiError::new(ErrorCode::NotAnArticle, "x")).unwrap();
        assert_eq!(json["code"], "not_an_article");
    }
}
