//! The API's routes, once for every transport: a method, a path, a query
//! string and a body become an [`ApiRequest`]. The HTTP server
//! ([`super::http`]) and the desktop shell's IPC both call [`parse`], so a
//! route means the same thing over either. [`ROUTES`] is the one list:
//! adding a route is one line here, one variant of [`ApiRequest`] and one
//! method of [`super::Api`].
//!
//! ```
//! use broadsheet::api::{ApiRequest, ErrorCode, route};
//!
//! let r = route::parse(&route::Raw::get("/api/articles/0814693176a0")).unwrap();
//! assert_eq!(r, ApiRequest::Article { id: "0814693176a0".into() });
//! let e = route::parse(&route::Raw::get("/api/library?page=two")).unwrap_err();
//! assert_eq!((e.status, e.code), (400, ErrorCode::BadRequest));
//! assert!(e.message.contains("page"), "{}", e.message);
//! ```

use serde::de::DeserializeOwned;

use super::{ApiError, ApiRequest, ErrorCode};

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

    /// The query string as a request type.
    fn query<T: DeserializeOwned>(&self) -> Result<T, ApiError> {
        let pairs = url::form_urlencoded::parse(self.query.as_bytes());
        serde_path_to_error::deserialize(serde_urlencoded::Deserializer::new(pairs)).map_err(|e| {
            match e.path().to_string().as_str() {
                // A field of a flattened group: its own message names its kind.
                "." => ApiError::bad(e.inner().to_string()),
                path => ApiError::bad(format!("{path}: {}", e.inner())),
            }
        })
    }

    /// The JSON body as a request type.
    fn body<T: DeserializeOwned>(&self) -> Result<T, ApiError> {
        let mut de = serde_json::Deserializer::from_slice(self.body);
        serde_path_to_error::deserialize(&mut de)
            .map_err(|e| ApiError::bad(format!("the request body is not valid: {e}")))
    }
}

/// One route: a method, a path (`{name}` is one segment), what it does and
/// how its request is read.
pub struct Route {
    /// `GET` (which also answers `HEAD`) or `POST`.
    pub method: &'static str,
    /// The path, with `{name}` for a segment.
    pub path: &'static str,
    /// What it answers, for the README's table.
    pub about: &'static str,
    read: fn(&Raw<'_>, &[&str]) -> Result<ApiRequest, ApiError>,
}

const fn get(
    path: &'static str,
    about: &'static str,
    read: fn(&Raw<'_>, &[&str]) -> Result<ApiRequest, ApiError>,
) -> Route {
    Route {
        method: "GET",
        path,
        about,
        read,
    }
}

const fn post(
    path: &'static str,
    about: &'static str,
    read: fn(&Raw<'_>, &[&str]) -> Result<ApiRequest, ApiError>,
) -> Route {
    Route {
        method: "POST",
        path,
        about,
        read,
    }
}

/// Every route of the API.
pub const ROUTES: &[Route] = &[
    get(
        "/api/library",
        "a page of the library (`ListQuery` → `LibraryPage`)",
        |r, _| Ok(ApiRequest::Library(r.query()?)),
    ),
    get(
        "/api/articles/{id}",
        "one article (`ArticleView`)",
        |_, p| Ok(ApiRequest::Article { id: p[0].into() }),
    ),
    post(
        "/api/articles/{id}/state",
        "marks it read, favourite, or its position (`StateChange` → `ArticleState`)",
        |r, p| {
            Ok(ApiRequest::SetState {
                id: p[0].into(),
                change: r.body()?,
            })
        },
    ),
    get(
        "/api/images/{hash}",
        "an image kept offline (its bytes)",
        |r, p| {
            Ok(ApiRequest::Image {
                hash: p[0].into(),
                if_none_match: r.if_none_match.map(str::to_string),
            })
        },
    ),
    get(
        "/api/search",
        "a search (`SearchQuery` → `SearchResults`)",
        |r, _| Ok(ApiRequest::Search(r.query()?)),
    ),
    get(
        "/api/suggest",
        "titles for what is typed (`SuggestQuery` → `Suggestion[]`)",
        |r, _| Ok(ApiRequest::Suggest(r.query()?)),
    ),
    get(
        "/api/sites",
        "the sites, their editions and counts, the profiles left out (`SitesInfo`)",
        |_, _| Ok(ApiRequest::Sites),
    ),
    get(
        "/api/sections",
        "sections and their counts (`SectionsQuery` → `SectionInfo[]`)",
        |r, _| Ok(ApiRequest::Sections(r.query()?)),
    ),
    post(
        "/api/import",
        "starts an import (`ImportRequest` → `Job`)",
        |r, _| Ok(ApiRequest::Import(r.body()?)),
    ),
    post(
        "/api/fetch",
        "starts a download (`FetchRequest` → `Job`)",
        |r, _| Ok(ApiRequest::Fetch(r.body()?)),
    ),
    post(
        "/api/update",
        "downloads what is new in every subscription (`Job`)",
        |_, _| Ok(ApiRequest::Update),
    ),
    get(
        "/api/subscriptions",
        "the followed sections and feeds (`Subscription[]`)",
        |_, _| Ok(ApiRequest::Subscriptions),
    ),
    post(
        "/api/subscriptions",
        "follows one (`SubscribeRequest` → `Subscribed`)",
        |r, _| Ok(ApiRequest::Subscribe(r.body()?)),
    ),
    get("/api/jobs", "every job, newest first (`Job[]`)", |_, _| {
        Ok(ApiRequest::Jobs)
    }),
    get("/api/jobs/{id}", "one job (`Job`)", |_, p| {
        let id = p[0]
            .parse()
            .map_err(|_| ApiError::new(ErrorCode::NotFound, format!("no job {:?}", p[0])))?;
        Ok(ApiRequest::Job { id })
    }),
];

/// The segments a route's path captures from `path`, if it matches.
fn captures<'p>(route: &str, path: &'p str) -> Option<Vec<&'p str>> {
    let (mut want, mut got) = (route.split('/'), path.split('/'));
    let mut out = Vec::new();
    loop {
        match (want.next(), got.next()) {
            (None, None) => return Some(out),
            (Some(w), Some(g)) if w.starts_with('{') && !g.is_empty() => out.push(g),
            (Some(w), Some(g)) if w == g => {}
            _ => return None,
        }
    }
}

/// The request a route names, or why it names none: 404 for an unknown
/// path, 405 for a known path with another method, 400 for bad parameters.
pub fn parse(raw: &Raw<'_>) -> Result<ApiRequest, ApiError> {
    let method = if raw.method.eq_ignore_ascii_case("HEAD") {
        "GET"
    } else {
        raw.method
    };
    let mut known_path = false;
    for route in ROUTES {
        if let Some(params) = captures(route.path, raw.path) {
            if route.method.eq_ignore_ascii_case(method) {
                return (route.read)(raw, &params);
            }
            known_path = true;
        }
    }
    Err(if known_path {
        ApiError::new(
            ErrorCode::MethodNotAllowed,
            format!("{} does not answer {}", raw.path, raw.method),
        )
    } else {
        ApiError::new(ErrorCode::NotFound, format!("no such route: {}", raw.path))
    })
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
        let ApiRequest::Search(q) = r else {
            panic!("{r:?}")
        };
        assert_eq!(
            (q.q.as_deref(), q.sort, q.page),
            (
                Some("高铁 OR rail"),
                Some(crate::index::Sort::Date),
                Some(2)
            )
        );
        let r = parse(&Raw::get(
            "/api/library?edition=中文&since=2026-11-01&favourite=1",
        ))
        .unwrap();
        let ApiRequest::Library(q) = r else {
            panic!("{r:?}")
        };
        assert_eq!(q.filters.edition.as_deref(), Some("中文"));
        assert_eq!(q.filters.since.unwrap().to_string(), "2026-11-01");
        assert_eq!(q.favourite, Some(true));
        let e = parse(&Raw::get("/api/library?since=yesterday")).unwrap_err();
        assert!(e.message.contains("invalid date"), "{}", e.message);
        let e = parse(&Raw::get("/api/library?read=maybe")).unwrap_err();
        assert!(e.message.contains("read: \"maybe\""), "{}", e.message);
    }

    /// The README's API table lists every route.
    #[test]
    fn the_readme_lists_every_route() {
        let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
            .expect("README.md");
        let rows: Vec<&str> = readme.lines().filter(|l| l.starts_with("| `")).collect();
        for route in ROUTES {
            let named = format!("| `{} {}", route.method, route.path);
            assert!(
                rows.iter().any(|r| r.starts_with(&named)
                    && (r[named.len()..].starts_with('`') || r[named.len()..].starts_with('?'))),
                "the README's API table lacks {} {}",
                route.method,
                route.path
            );
        }
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
        let ApiRequest::Fetch(r) =
            parse(&post("/api/fetch", r#"{"urls":["file:///etc/passwd"]}"#)).unwrap()
        else {
            panic!()
        };
        assert_eq!(r.plan().unwrap_err().status, 400);
    }
}
