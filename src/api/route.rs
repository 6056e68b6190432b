//! The API's routes, once for every transport: a method, a path, a query
//! string and a body become an [`ApiRequest`]. The HTTP server
//! ([`super::http`]) and the desktop shell's IPC both call [`parse`], so a
//! route means the same thing over either.
//!
//! ```
//! use broadsheet::api::{ApiRequest, route};
//!
//! let r = route::parse(&route::Raw::get("/api/articles/0814693176a0")).unwrap();
//! assert_eq!(r, ApiRequest::Article { id: "0814693176a0".into() });
//! let e = route::parse(&route::Raw::get("/api/library?page=two")).unwrap_err();
//! assert_eq!((e.status, e.code), (400, "bad_request"));
//! ```

use std::collections::HashMap;

use serde::Deserialize;

use super::{ApiError, ApiRequest, JobSpec, bad};

/// A request as a transport carries it.
#[derive(Clone, Debug, Default)]
pub struct Raw<'a> {
    /// `GET` or `POST`.
    pub method: &'a str,
    /// The path, `/api/…`, without the query string.
    pub path: &'a str,
    /// The query string, without `?` (percent-encoded).
    pub query: &'a str,
    /// The body (JSON for `POST`).
    pub body: &'a [u8],
    /// The client's cached ETag, for images.
    pub if_none_match: Option<&'a str>,
}

impl<'a> Raw<'a> {
    /// A `GET` of a path with an optional `?query`.
    pub fn get(target: &'a str) -> Raw<'a> {
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        Raw {
            method: "GET",
            path,
            query,
            ..Raw::default()
        }
    }
}

/// `POST /api/import` body.
#[derive(Deserialize)]
struct ImportBody {
    paths: Vec<std::path::PathBuf>,
}

/// `POST /api/subscriptions` body.
#[derive(Deserialize)]
struct SubscribeBody {
    url: String,
    #[serde(default = "section")]
    kind: String,
}

fn section() -> String {
    "section".into()
}

/// `POST /api/fetch` body.
#[derive(Deserialize)]
struct FetchBody {
    #[serde(default)]
    urls: Vec<String>,
    section: Option<String>,
    feed: Option<String>,
    limit: Option<usize>,
}

/// The request a route names, or why it names none: 404 for an unknown
/// path, 405 for a known path with another method, 400 for bad parameters.
pub fn parse(raw: &Raw<'_>) -> Result<ApiRequest, ApiError> {
    let p: HashMap<String, String> = url::form_urlencoded::parse(raw.query.as_bytes())
        .into_owned()
        .collect();
    let parts: Vec<&str> = raw
        .path
        .strip_prefix("/api/")
        .unwrap_or("")
        .split('/')
        .collect();
    if parts.iter().any(|p| p.is_empty()) {
        return Err(not_found(raw.path));
    }
    let post = raw.method.eq_ignore_ascii_case("POST");
    let get = raw.method.eq_ignore_ascii_case("GET") || raw.method.eq_ignore_ascii_case("HEAD");
    let request = match (parts.as_slice(), get, post) {
        (["library"], true, _) => ApiRequest::Library {
            edition: text(&p, "edition"),
            section: text(&p, "section"),
            since: text(&p, "since"),
            until: text(&p, "until"),
            favourite: flag(&p, "favourite")?,
            read: flag(&p, "read")?,
            page: number(&p, "page", 1)?,
            per_page: number(&p, "per_page", 50)?,
        },
        (["articles", id], true, _) => ApiRequest::Article { id: id.to_string() },
        (["articles", id, "state"], _, true) => ApiRequest::SetState {
            id: id.to_string(),
            change: json_body(raw.body)?,
        },
        (["images", hash], true, _) => ApiRequest::Image {
            hash: hash.to_string(),
            if_none_match: raw.if_none_match.map(str::to_string),
        },
        (["search"], true, _) => ApiRequest::Search {
            q: text(&p, "q").unwrap_or_default(),
            edition: text(&p, "edition"),
            section: text(&p, "section"),
            source: text(&p, "source"),
            lang: text(&p, "lang"),
            since: text(&p, "since"),
            until: text(&p, "until"),
            sort: text(&p, "sort"),
            page: number(&p, "page", 1)?,
            per_page: number(&p, "per_page", 10)?,
        },
        (["suggest"], true, _) => ApiRequest::Suggest {
            q: text(&p, "q").unwrap_or_default(),
            limit: number(&p, "limit", 8)?,
        },
        (["editions"], true, _) => ApiRequest::Editions,
        (["sections"], true, _) => ApiRequest::Sections {
            edition: text(&p, "edition"),
        },
        (["import"], _, true) => {
            let b: ImportBody = json_body(raw.body)?;
            ApiRequest::StartJob(JobSpec::Import { paths: b.paths })
        }
        (["fetch"], _, true) => {
            let b: FetchBody = json_body(raw.body)?;
            ApiRequest::StartJob(JobSpec::fetch(
                &b.urls,
                b.section.as_deref(),
                b.feed.as_deref(),
                b.limit,
            )?)
        }
        (["update"], _, true) => ApiRequest::StartJob(JobSpec::Update),
        (["subscriptions"], true, _) => ApiRequest::Subscriptions,
        (["subscriptions"], _, true) => {
            let b: SubscribeBody = json_body(raw.body)?;
            ApiRequest::Subscribe {
                url: super::jobs::http_url(&b.url)?,
                kind: b.kind,
            }
        }
        (["jobs"], true, _) => ApiRequest::Jobs,
        (["jobs", id], true, _) => ApiRequest::Job {
            id: id.parse().map_err(|_| not_found(raw.path))?,
        },
        (
            ["library"]
            | ["articles", _]
            | ["articles", _, "state"]
            | ["images", _]
            | ["search"]
            | ["suggest"]
            | ["editions"]
            | ["sections"]
            | ["import"]
            | ["fetch"]
            | ["update"]
            | ["subscriptions"]
            | ["jobs"]
            | ["jobs", _],
            _,
            _,
        ) => {
            return Err(ApiError {
                status: 405,
                code: "method_not_allowed",
                message: format!("{} does not answer {}", raw.path, raw.method),
            });
        }
        _ => return Err(not_found(raw.path)),
    };
    Ok(request)
}

fn not_found(path: &str) -> ApiError {
    ApiError {
        status: 404,
        code: "not_found",
        message: format!("no such route: {path}"),
    }
}

fn json_body<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| bad(format!("the request body is not valid: {e}")))
}

fn text(p: &HashMap<String, String>, key: &str) -> Option<String> {
    p.get(key)
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

fn flag(p: &HashMap<String, String>, key: &str) -> Result<Option<bool>, ApiError> {
    match p.get(key).map(|v| v.trim()) {
        None | Some("") => Ok(None),
        Some("1" | "true" | "yes") => Ok(Some(true)),
        Some("0" | "false" | "no") => Ok(Some(false)),
        Some(v) => Err(bad(format!("{key}={v:?} is not true or false"))),
    }
}

fn number(p: &HashMap<String, String>, key: &str, default: usize) -> Result<usize, ApiError> {
    match p.get(key).map(|v| v.trim()).filter(|v| !v.is_empty()) {
        None => Ok(default),
        Some(v) => v
            .parse()
            .map_err(|_| bad(format!("{key}={v:?} is not a whole number"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post<'a>(path: &'a str, body: &'a str) -> Raw<'a> {
        Raw {
            method: "POST",
            path,
            body: body.as_bytes(),
            ..Raw::default()
        }
    }

    #[test]
    fn query_strings_are_decoded_and_checked() {
        let r = parse(&Raw::get(
            "/api/search?q=%E9%AB%98%E9%93%81+OR+rail&sort=date&page=2",
        ))
        .unwrap();
        let ApiRequest::Search { q, sort, page, .. } = r else {
            panic!("{r:?}")
        };
        assert_eq!(
            (q.as_str(), sort.as_deref(), page),
            ("高铁 OR rail", Some("date"), 2)
        );
        let e = parse(&Raw::get("/api/library?read=maybe")).unwrap_err();
        assert!(e.message.contains("read=\"maybe\""), "{}", e.message);
    }

    #[test]
    fn bodies_methods_and_unknown_paths() {
        let r = parse(&post("/api/articles/abc/state", r#"{"favourite":true}"#)).unwrap();
        assert!(matches!(r, ApiRequest::SetState { ref id, .. } if id == "abc"));
        let e = parse(&post("/api/articles/abc/state", "{")).unwrap_err();
        assert_eq!(e.status, 400);
        let e = parse(&post("/api/library", "{}")).unwrap_err();
        assert_eq!(e.status, 405);
        let e = parse(&Raw::get("/api/fetch")).unwrap_err();
        assert_eq!(e.status, 405);
        for path in [
            "/api/nothing",
            "/api/articles/",
            "/api/jobs/x",
            "/elsewhere",
        ] {
            assert_eq!(parse(&Raw::get(path)).unwrap_err().status, 404, "{path}");
        }
        let e = parse(&post("/api/fetch", r#"{"urls":["file:///etc/passwd"]}"#)).unwrap_err();
        assert_eq!(e.status, 400);
    }
}
