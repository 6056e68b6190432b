//! The one API: typed requests in, JSON (or image bytes) out.
//!
//! [`Api::handle`] knows nothing of HTTP or IPC: the web server
//! ([`http`]) maps routes and query strings onto [`ApiRequest`]s, and the
//! desktop shell will carry the same requests over IPC. Errors cross any
//! transport as data, [`ApiError`] `{code, message}`, with a stable `code`
//! a UI can translate.
//!
//! Images are answered with the media type their bytes show
//! ([`crate::library::sniff_image`]: JPEG, PNG, GIF, WebP, AVIF), never the
//! one the `images` table claims, and every transport sends them with
//! [`IMAGE_HEADERS`], so that nothing stored as an "image" can run script
//! in the reader's origin.

pub mod http;
pub mod jobs;
pub mod route;
pub mod ui;

use serde::Serialize;
use serde_json::{Value, json};
use std::sync::{Mutex, RwLock};

use crate::fetch::FetchOptions;
use crate::index::{SearchIndex, SearchRequest, Sort};
use crate::library::{Library, ListFilter};
use crate::model::Edition;
use crate::{Error, extract};
pub use jobs::{Job, JobSpec, JobState, Jobs};

/// Headers every image answer carries, over every transport (the web
/// server, the desktop shell's image protocol): no content policy but
/// `none`, in a sandbox, and no guessing of the media type by the browser.
/// Names are lower-case.
pub const IMAGE_HEADERS: [(&str, &str); 2] = [
    ("content-security-policy", "default-src 'none'; sandbox"),
    ("x-content-type-options", "nosniff"),
];

/// A request to the API.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiRequest {
    /// The library's articles, newest first, one page at a time.
    Library {
        /// Only this edition.
        edition: Option<String>,
        /// Only this section.
        section: Option<String>,
        /// Only from this day (YYYY-MM-DD).
        since: Option<String>,
        /// Only before this day.
        until: Option<String>,
        /// Only favourites (true) or the others.
        favourite: Option<bool>,
        /// Only read (true) or unread (false) articles.
        read: Option<bool>,
        /// Page, from 1.
        page: usize,
        /// Articles per page (at most 200).
        per_page: usize,
    },
    /// Marks an article read or unread, favourite or not, or remembers
    /// where the reader stopped; answers the new state.
    SetState {
        /// The article's id.
        id: String,
        /// The change.
        change: crate::library::StateChange,
    },
    /// One article, by id or unique id prefix: structured blocks, never page HTML.
    Article {
        /// The id.
        id: String,
    },
    /// An image kept offline, by content hash.
    Image {
        /// The hash.
        hash: String,
        /// The client's cached ETag, if any.
        if_none_match: Option<String>,
    },
    /// A search (same JSON as `broadsheet search --json`).
    Search {
        /// The query.
        q: String,
        /// Edition filter.
        edition: Option<String>,
        /// Section filter.
        section: Option<String>,
        /// Source filter.
        source: Option<String>,
        /// Language filter.
        lang: Option<String>,
        /// Published on or after (YYYY-MM-DD).
        since: Option<String>,
        /// Published before (YYYY-MM-DD).
        until: Option<String>,
        /// relevance or date.
        sort: Option<String>,
        /// Page, from 1.
        page: usize,
        /// Hits per page.
        per_page: usize,
    },
    /// Title suggestions for what is typed.
    Suggest {
        /// The text so far.
        q: String,
        /// At most this many.
        limit: usize,
    },
    /// The editions with their names and article counts.
    Editions,
    /// An edition's sections (or all), with article counts.
    Sections {
        /// Only this edition.
        edition: Option<String>,
    },
    /// Starts an import or a download; answers the job.
    StartJob(JobSpec),
    /// One job's progress and, once finished, its report.
    Job {
        /// Its number.
        id: u64,
    },
    /// Every job since the server started, newest first.
    Jobs,
    /// The followed sections and feeds.
    Subscriptions,
    /// Follows a section or a feed (`broadsheet update` and the Update job
    /// download what is new in them).
    Subscribe {
        /// Its address.
        url: url::Url,
        /// `section` or `feed`.
        kind: String,
    },
}

/// What the API answers.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiResponse {
    /// A JSON document.
    Json(Value),
    /// Image bytes (send them with [`IMAGE_HEADERS`]).
    Image {
        /// The bytes.
        bytes: Vec<u8>,
        /// Their MIME type, as the bytes show it (one of the image types
        /// [`crate::library::sniff_image`] knows).
        mime: String,
        /// Their ETag (the content hash, quoted).
        etag: String,
    },
    /// The client's cached copy is current.
    NotModified {
        /// The ETag it has.
        etag: String,
    },
}

/// An error, as data: an HTTP status, a stable code and a message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ApiError {
    /// HTTP status to answer with.
    #[serde(skip)]
    pub status: u16,
    /// Stable code: `not_found`, `bad_request`, `forbidden`, `busy`,
    /// `internal`, `unsupported_media_type` (stored image bytes that are no
    /// image; a request body that is not JSON) and, from HTTP,
    /// `unauthorized`, `timeout` (a body that did not arrive in time),
    /// `too_large` (a body beyond the limit).
    pub code: &'static str,
    /// What went wrong, in words.
    pub message: String,
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        let (status, code) = match &e {
            Error::NotFound(_) => (404, "not_found"),
            Error::Ambiguous { .. } | Error::Query(_) | Error::Invalid { .. } => {
                (400, "bad_request")
            }
            Error::Busy(_) => (503, "busy"),
            _ => (500, "internal"),
        };
        ApiError {
            status,
            code,
            message: crate::import::error_chain(&e),
        }
    }
}

fn to_json(v: &impl Serialize) -> Result<ApiResponse, ApiError> {
    Ok(ApiResponse::Json(
        serde_json::to_value(v).map_err(Error::from)?,
    ))
}

fn bad(message: impl Into<String>) -> ApiError {
    ApiError {
        status: 400,
        code: "bad_request",
        message: message.into(),
    }
}

/// The API over one library and its index.
pub struct Api {
    library: Mutex<Library>,
    index: RwLock<SearchIndex>,
    jobs: Jobs,
    fetch_options: FetchOptions,
    local_files: bool,
}

impl Api {
    /// The API for a library (its index opened, rebuilt or caught up).
    pub fn new(library: Library) -> crate::Result<Api> {
        let (index, _) = SearchIndex::open(&library, &mut |_, _| {})?;
        Ok(Api {
            library: Mutex::new(library),
            index: RwLock::new(index),
            jobs: Jobs::default(),
            fetch_options: FetchOptions::default(),
            local_files: true,
        })
    }

    /// Whether clients may import files from this machine's disks (refuse
    /// it when serving beyond loopback: a phone on the LAN has no business
    /// reading the server's files into the library).
    pub fn with_local_files(mut self, allowed: bool) -> Api {
        self.local_files = allowed;
        self
    }

    /// Downloads started through the API use these options (politeness,
    /// timeouts, `--resolve`).
    pub fn with_fetch_options(mut self, options: FetchOptions) -> Api {
        self.fetch_options = options;
        self
    }

    fn library(&self) -> std::sync::MutexGuard<'_, Library> {
        self.library
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Answers a request.
    pub fn handle(&self, request: ApiRequest) -> Result<ApiResponse, ApiError> {
        match request {
            ApiRequest::SetState { id, change } => {
                let state = self.library().set_state(&id, change)?;
                to_json(&state)
            }
            ApiRequest::Library {
                edition,
                section,
                since,
                until,
                favourite,
                read,
                page,
                per_page,
            } => {
                let per_page = per_page.clamp(1, 200);
                let page = page.max(1);
                let filter = ListFilter {
                    edition: edition.as_deref().map(str::parse::<Edition>).transpose()?,
                    section,
                    since: since.as_deref().map(extract::beijing_day).transpose()?,
                    until: until.as_deref().map(extract::beijing_day).transpose()?,
                    favourite,
                    read,
                    limit: Some(per_page),
                    offset: (page - 1).saturating_mul(per_page).min(i64::MAX as usize),
                };
                let library = self.library();
                let total = library.count_matching(&filter)?;
                let articles = library.list(&filter)?;
                Ok(ApiResponse::Json(
                    json!({ "total": total, "page": page, "per_page": per_page, "articles": articles }),
                ))
            }
            ApiRequest::Article { id } => {
                let library = self.library();
                let article = library.get(&id)?;
                // The same story in other editions, when the library has it.
                let also: Vec<Value> = article
                    .edition_links
                    .iter()
                    .filter_map(|l| {
                        let id = library.find_by_url(&l.url).ok().flatten()?;
                        Some(json!({ "edition": l.edition, "id": id, "url": l.url }))
                    })
                    .collect();
                let mut v = serde_json::to_value(&article).map_err(Error::from)?;
                v["also_in"] = Value::Array(also);
                v["state"] =
                    serde_json::to_value(library.state(&article.id)?).map_err(Error::from)?;
                Ok(ApiResponse::Json(v))
            }
            ApiRequest::Image {
                hash,
                if_none_match,
            } => {
                if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return Err(bad(format!("{hash:?} is not an image hash")));
                }
                let etag = format!("\"{hash}\"");
                if if_none_match.as_deref() == Some(etag.as_str()) {
                    return Ok(ApiResponse::NotModified { etag });
                }
                let library = self.library();
                // The table's media type is not trusted (a crafted backup
                // may say text/html): only whether the image is known.
                library
                    .image_mime(&hash)?
                    .ok_or_else(|| Error::NotFound(hash.clone()))?;
                let path = library.image_path(&hash);
                let bytes = std::fs::read(&path).map_err(Error::io(path))?;
                let Some(mime) = crate::library::sniff_image(&bytes) else {
                    // Not served at all, rather than as a download: nothing
                    // in the interface needs the bytes, and a refusal leaves
                    // no way to have them rendered.
                    return Err(ApiError {
                        status: 415,
                        code: "unsupported_media_type",
                        message: format!(
                            "image {hash} is not a JPEG, PNG, GIF, WebP or AVIF image; it is not served"
                        ),
                    });
                };
                Ok(ApiResponse::Image {
                    bytes,
                    mime: mime.to_string(),
                    etag,
                })
            }
            ApiRequest::Search {
                q,
                edition,
                section,
                source,
                lang,
                since,
                until,
                sort,
                page,
                per_page,
            } => {
                let request = SearchRequest {
                    query: q,
                    edition: edition.as_deref().map(str::parse::<Edition>).transpose()?,
                    section,
                    source,
                    lang,
                    since: since.as_deref().map(extract::beijing_day).transpose()?,
                    until: until.as_deref().map(extract::beijing_day).transpose()?,
                    sort: sort
                        .as_deref()
                        .map(str::parse::<Sort>)
                        .transpose()?
                        .unwrap_or_default(),
                    page,
                    per_page,
                };
                self.catch_up();
                let index = self
                    .index
                    .read()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                let results = index.search(&request)?;
                to_json(&results)
            }
            ApiRequest::Suggest { q, limit } => {
                self.catch_up();
                let index = self
                    .index
                    .read()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                let suggestions = index.suggest(&q, limit.clamp(1, 20))?;
                to_json(&suggestions)
            }
            ApiRequest::Editions => {
                let counts = self.library().edition_counts()?;
                let editions: Vec<Value> = Edition::ALL
                    .iter()
                    .map(|e| {
                        let n = counts
                            .iter()
                            .find(|(c, _)| *c == Some(*e))
                            .map_or(0, |(_, n)| *n);
                        json!({ "code": e.code(), "label": e.label(), "articles": n })
                    })
                    .collect();
                Ok(ApiResponse::Json(Value::Array(editions)))
            }
            ApiRequest::Sections { edition } => {
                let edition = edition.as_deref().map(str::parse::<Edition>).transpose()?;
                let sections: Vec<Value> = self
                    .library()
                    .sections(edition)?
                    .into_iter()
                    .map(|(path, articles)| json!({ "path": path, "articles": articles }))
                    .collect();
                Ok(ApiResponse::Json(Value::Array(sections)))
            }
            ApiRequest::StartJob(spec) => {
                if let JobSpec::Import { paths } = &spec {
                    if !self.local_files {
                        return Err(ApiError {
                            status: 403,
                            code: "forbidden",
                            message: "this server does not import files from its disks \
                                      (it serves beyond loopback)"
                                .into(),
                        });
                    }
                    if paths.is_empty() {
                        return Err(bad("an import needs at least one path"));
                    }
                }
                if let JobSpec::Fetch {
                    urls,
                    section: None,
                    feed: None,
                    ..
                } = &spec
                    && urls.is_empty()
                {
                    return Err(bad("a download needs urls, a section or a feed"));
                }
                let root = self.library().root().to_path_buf();
                let job = self.jobs.start(root, spec, self.fetch_options.clone())?;
                to_json(&job)
            }
            ApiRequest::Job { id } => {
                let job = self
                    .jobs
                    .get(id)
                    .ok_or_else(|| Error::NotFound(format!("job {id}")))?;
                to_json(&job)
            }
            ApiRequest::Jobs => to_json(&self.jobs.list()),
            ApiRequest::Subscriptions => {
                let subscriptions: Vec<Value> = self
                    .library()
                    .subscriptions()?
                    .into_iter()
                    .map(|(url, kind)| json!({ "url": url, "kind": kind }))
                    .collect();
                Ok(ApiResponse::Json(Value::Array(subscriptions)))
            }
            ApiRequest::Subscribe { url, kind } => {
                if kind != "section" && kind != "feed" {
                    return Err(bad(format!("kind {kind:?} is neither section nor feed")));
                }
                let added = self.library().subscribe(url.as_str(), &kind)?;
                Ok(ApiResponse::Json(
                    json!({ "url": url.as_str(), "kind": kind, "added": added }),
                ))
            }
        }
    }

    /// Indexes what the store queued since the index last caught up (other
    /// processes may have imported); a busy index is searched as it is.
    fn catch_up(&self) {
        // What another process indexed meanwhile.
        let _ = self
            .index
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .refresh();
        let library = self.library();
        if library
            .index_queue()
            .map(|(_, ids)| ids.is_empty())
            .unwrap_or(true)
        {
            return;
        }
        // Another request catching up, or searches under way: catch up next time.
        if let Ok(mut index) = self.index.try_write() {
            let _ = index.catch_up(&library);
        }
    }
}
