//! The one API: typed requests in, typed answers out (as JSON, or image
//! bytes).
//!
//! [`Api::handle`] knows nothing of HTTP or IPC: the web server
//! ([`http`]) and the desktop shell's IPC both turn what they receive into an
//! [`ApiRequest`] through the same routes ([`route`]), and send back what
//! it answers. Every request and answer is a Rust type ([`types`]), handled
//! by one method of [`Api`]; the interface's TypeScript types are generated
//! from them. Errors cross any transport as data, [`ApiError`]
//! `{code, message, status}`, with a stable [`ErrorCode`] the interface
//! translates.
//!
//! Images are answered with the media type their bytes show
//! ([`crate::library::sniff_image`]: JPEG, PNG, GIF, WebP, AVIF), never the
//! one the `images` table claims, and every transport sends them with
//! [`IMAGE_HEADERS`], so that nothing stored as an "image" can run script
//! in the reader's origin.

pub mod error;
pub mod http;
pub mod jobs;
pub mod route;
pub mod types;
pub mod ui;

use serde::Serialize;
use serde_json::Value;
use std::sync::{Arc, Mutex, RwLock};

use crate::fetch::{FetchOptions, Plan};
use crate::index::{SearchIndex, SearchResults, Suggestion};
use crate::library::{ArticleState, Library, StateChange};
pub use error::{ApiError, ErrorCode};
pub use jobs::{Job, JobKind, JobSpec, JobState, Jobs};
pub use types::*;

/// Headers every image answer carries, over every transport (the web
/// server, the desktop shell's image protocol): no content policy but
/// `none`, in a sandbox, and no guessing of the media type by the browser.
/// Names are lower-case.
pub const IMAGE_HEADERS: [(&str, &str); 2] = [
    ("content-security-policy", "default-src 'none'; sandbox"),
    ("x-content-type-options", "nosniff"),
];

/// A request to the API: one variant per route (see [`route::ROUTES`]).
#[derive(Clone, Debug, PartialEq)]
pub enum ApiRequest {
    /// A page of the library's articles, newest first.
    Library(ListQuery),
    /// One article, by id or unique id prefix.
    Article {
        /// The id.
        id: String,
    },
    /// Marks an article read or unread, favourite or not, or remembers
    /// where the reader stopped; answers the new state.
    SetState {
        /// The article's id.
        id: String,
        /// The change.
        change: StateChange,
    },
    /// An image kept offline, by content hash.
    Image {
        /// The hash.
        hash: String,
        /// The client's cached ETag, if any.
        if_none_match: Option<String>,
    },
    /// A search (the same answer as `broadsheet search --json`).
    Search(SearchQuery),
    /// Title suggestions for what is typed.
    Suggest(SuggestQuery),
    /// The sites and their editions (names, languages, time zones, article
    /// counts), and the profiles left out.
    Sites,
    /// An edition's sections (or all), with article counts.
    Sections(SectionsQuery),
    /// Starts an import of files and folders; answers the job.
    Import(ImportRequest),
    /// Starts a download; answers the job.
    Fetch(FetchRequest),
    /// Starts a download of what is new in every subscription; answers the job.
    Update,
    /// One job's progress and, once finished, its report.
    Job {
        /// Its number.
        id: u64,
    },
    /// Every job since the server started, newest first.
    Jobs,
    /// The followed sections and feeds.
    Subscriptions,
    /// Follows a section or a feed.
    Subscribe(SubscribeRequest),
}

impl ApiRequest {
    /// Whether the request starts a job (whose progress a shell may watch).
    pub fn starts_job(&self) -> bool {
        matches!(
            self,
            ApiRequest::Import(_) | ApiRequest::Fetch(_) | ApiRequest::Update
        )
    }
}

/// What the API answers.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiResponse {
    /// A JSON document: one of the answer types, serialised.
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

fn to_json(v: &impl Serialize) -> Result<ApiResponse, ApiError> {
    Ok(ApiResponse::Json(
        serde_json::to_value(v).map_err(crate::Error::from)?,
    ))
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

    /// The library, its site profiles read again if its `sites/` folder
    /// changed since.
    fn library(&self) -> std::sync::MutexGuard<'_, Library> {
        let mut library = self
            .library
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        library.reload_sites();
        library
    }

    /// Answers a request: the method for its route, its answer serialised.
    pub fn handle(&self, request: ApiRequest) -> Result<ApiResponse, ApiError> {
        match request {
            ApiRequest::Library(q) => to_json(&self.library_page(&q)?),
            ApiRequest::Article { id } => to_json(&self.article(&id)?),
            ApiRequest::SetState { id, change } => to_json(&self.set_state(&id, change)?),
            ApiRequest::Image {
                hash,
                if_none_match,
            } => self.image(&hash, if_none_match.as_deref()),
            ApiRequest::Search(q) => to_json(&self.search(&q)?),
            ApiRequest::Suggest(q) => to_json(&self.suggest(&q)?),
            ApiRequest::Sites => to_json(&self.sites_info()?),
            ApiRequest::Sections(q) => to_json(&self.sections(&q)?),
            ApiRequest::Import(r) => to_json(&self.import(r)?),
            ApiRequest::Fetch(r) => to_json(&self.start(JobSpec::Download(r.plan()?))?),
            ApiRequest::Update => to_json(&self.start(JobSpec::Download(Plan::Update))?),
            ApiRequest::Job { id } => to_json(&self.job(id)?),
            ApiRequest::Jobs => to_json(&self.jobs.list()),
            ApiRequest::Subscriptions => to_json(&self.subscriptions()?),
            ApiRequest::Subscribe(r) => to_json(&self.subscribe(&r)?),
        }
    }

    /// A page of the library.
    pub fn library_page(&self, q: &ListQuery) -> Result<LibraryPage, ApiError> {
        let q = ListQuery {
            per_page: Some(q.per_page.unwrap_or(50).clamp(1, 200)),
            ..q.clone()
        };
        let library = self.library();
        let filter = q.filter(&library)?;
        Ok(LibraryPage {
            total: library.count_matching(&filter)?,
            page: q.page(),
            per_page: filter.limit.unwrap_or_default(),
            articles: library.list(&filter)?,
        })
    }

    /// One article, with the same story in the other editions the library
    /// holds and the reader's state.
    pub fn article(&self, id: &str) -> Result<ArticleView, ApiError> {
        let library = self.library();
        let article = library.get(id)?;
        let also_in = article
            .edition_links
            .iter()
            .filter_map(|l| {
                let id = library.find_by_url(&l.url).ok().flatten()?;
                Some(AlsoIn {
                    edition: l.edition,
                    id,
                    url: l.url.clone(),
                })
            })
            .collect();
        let state = library.state(&article.id)?;
        Ok(ArticleView {
            article,
            also_in,
            state,
        })
    }

    /// Changes an article's state; answers the new one.
    pub fn set_state(&self, id: &str, change: StateChange) -> Result<ArticleState, ApiError> {
        Ok(self.library().set_state(id, change)?)
    }

    /// An image's bytes, typed by what they are, or "not modified".
    pub fn image(&self, hash: &str, if_none_match: Option<&str>) -> Result<ApiResponse, ApiError> {
        if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(ApiError::bad(format!("{hash:?} is not an image hash")));
        }
        let etag = format!("\"{hash}\"");
        if if_none_match == Some(etag.as_str()) {
            return Ok(ApiResponse::NotModified { etag });
        }
        let library = self.library();
        // The table's media type is not trusted (a crafted backup may say
        // text/html): only whether the image is known.
        library
            .image_mime(hash)?
            .ok_or_else(|| crate::Error::NotFound(hash.to_string()))?;
        let path = library.image_path(hash);
        let bytes = std::fs::read(&path).map_err(crate::Error::io(path))?;
        let Some(mime) = crate::library::sniff_image(&bytes) else {
            // Not served at all, rather than as a download: nothing in the
            // interface needs the bytes, and a refusal leaves no way to have
            // them rendered.
            return Err(ApiError::new(
                ErrorCode::UnsupportedMediaType,
                format!(
                    "image {hash} is not a JPEG, PNG, GIF, WebP or AVIF image; it is not served"
                ),
            ));
        };
        Ok(ApiResponse::Image {
            bytes,
            mime: mime.to_string(),
            etag,
        })
    }

    /// A search.
    pub fn search(&self, q: &SearchQuery) -> Result<SearchResults, ApiError> {
        self.catch_up();
        let request = {
            let library = self.library();
            q.request(&library)?
        };
        Ok(self.index().search(&request)?)
    }

    /// Title suggestions.
    pub fn suggest(&self, q: &SuggestQuery) -> Result<Vec<Suggestion>, ApiError> {
        self.catch_up();
        let text = q.q.as_deref().unwrap_or_default();
        Ok(self
            .index()
            .suggest(text, q.limit.unwrap_or(8).clamp(1, 20))?)
    }

    /// Every site with its editions in bar order and their article counts,
    /// then the sites the library holds articles of that no profile knows
    /// (removed, renamed or broken), under their codes; and the profiles
    /// left out, by file and line.
    pub fn sites_info(&self) -> Result<crate::sites::SitesInfo, ApiError> {
        let library = self.library();
        Ok(crate::sites::SitesInfo::of(
            library.sites(),
            &library.edition_counts()?,
            &library.changed_profiles()?,
        ))
    }

    /// Sections with their article counts.
    pub fn sections(&self, q: &SectionsQuery) -> Result<Vec<SectionInfo>, ApiError> {
        let library = self.library();
        let edition = q
            .edition
            .as_deref()
            .map(|e| library.resolve_edition(e))
            .transpose()?;
        Ok(library
            .sections(edition)?
            .into_iter()
            .map(|(path, articles)| SectionInfo { path, articles })
            .collect())
    }

    /// Starts an import of files on this machine, when this API may read them.
    pub fn import(&self, r: ImportRequest) -> Result<Job, ApiError> {
        if !self.local_files {
            return Err(ApiError::new(
                ErrorCode::Forbidden,
                "this server does not import files from its disks (it serves beyond loopback)",
            ));
        }
        if r.paths.is_empty() {
            return Err(ApiError::bad("an import needs at least one path"));
        }
        self.start(JobSpec::Import { paths: r.paths })
    }

    /// Starts a job.
    pub fn start(&self, spec: JobSpec) -> Result<Job, ApiError> {
        let root = self.library().root().to_path_buf();
        tracing::info!(?spec, "job started");
        Ok(self.jobs.start(root, spec, self.fetch_options.clone())?)
    }

    /// One job.
    pub fn job(&self, id: u64) -> Result<Job, ApiError> {
        Ok(self
            .jobs
            .get(id)
            .ok_or_else(|| crate::Error::NotFound(format!("job {id}")))?)
    }

    /// The followed sections and feeds.
    pub fn subscriptions(&self) -> Result<Vec<Subscription>, ApiError> {
        Ok(self
            .library()
            .subscriptions()?
            .into_iter()
            .map(|(url, kind)| Subscription {
                url,
                kind: if kind == "feed" {
                    SubscriptionKind::Feed
                } else {
                    SubscriptionKind::Section
                },
            })
            .collect())
    }

    /// Follows a section or a feed.
    pub fn subscribe(&self, r: &SubscribeRequest) -> Result<Subscribed, ApiError> {
        let url = http_url(&r.url)?;
        let added = self.library().subscribe(url.as_str(), r.kind.as_str())?;
        Ok(Subscribed {
            url: url.to_string(),
            kind: r.kind,
            added,
        })
    }

    fn index(&self) -> std::sync::RwLockReadGuard<'_, SearchIndex> {
        self.index
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Indexes what the store queued since the index last caught up (other
    /// processes may have imported); a busy index is searched as it is.
    /// A failure is logged and the index searched as it stands.
    fn catch_up(&self) {
        // What another process indexed meanwhile.
        if let Err(e) = self.index().refresh() {
            tracing::warn!(error = %crate::error_chain(&e), "the search index could not be reloaded");
        }
        let library = self.library();
        // The library read its profiles again: queries name editions by them.
        if !Arc::ptr_eq(self.index().sites(), library.sites())
            && let Ok(mut index) = self.index.try_write()
        {
            index.use_sites(library.sites().clone());
        }
        match library.index_queue() {
            Ok((_, ids)) if ids.is_empty() => return,
            Ok(_) => {}
            Err(e) => {
                tracing::warn!(error = %crate::error_chain(&e), "the index queue could not be read");
                return;
            }
        }
        // Another request catching up, or searches under way: catch up next time.
        if let Ok(mut index) = self.index.try_write() {
            match index.catch_up(&library) {
                Ok(n) => tracing::info!(articles = n, "the search index caught up"),
                Err(e) => tracing::warn!(
                    error = %crate::error_chain(&e),
                    "the search index could not catch up: searching it as it stands"
                ),
            }
        }
    }
}
