//! Downloading: articles, whole sections and feeds, politely and resumably.
//!
//! [`Fetcher`] is the HTTP side: one User-Agent that names Broadsheet,
//! robots.txt honoured per host, at most two connections per host and a
//! delay between requests to it, timeouts, retries with backoff on
//! timeouts, 429 (honouring Retry-After) and 5xx, conditional requests
//! (ETag, Last-Modified), a body size limit, a redirect limit, http and
//! https only, and host-to-address overrides like curl's `--resolve`.
//!
//! It never connects to an internal address (loopback, private, link-local,
//! ...: the policy is in [`address`]): the addresses DNS answers are
//! filtered before connecting, and URLs naming an address (which skip DNS)
//! are checked before every request and at every redirect. So every
//! download of a crawl (pages, later pages, images, sections, feeds,
//! robots.txt) is covered. The one way to an internal address is a
//! `--resolve` override, which only the command line sets. No proxy is
//! used, since a proxy would connect where this check cannot see.
//!
//! [`Crawl`] is the work: it downloads an article with all its pages and
//! images, hands it to the same prepare-and-store path as imports (so an
//! article is stored whole or not at all), and reads sections (following
//! their pager) and feeds for the articles they list. Articles already in
//! the library are not downloaded again unless asked (`refresh`), which is
//! what makes an interrupted fetch continue where it stopped when run again.

pub mod address;
pub mod listing;

use std::collections::{HashMap, HashSet, VecDeque};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use std::path::Path;

use reqwest::StatusCode;
use reqwest::header::{
    CONTENT_LENGTH, CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED,
    RETRY_AFTER,
};
use tokio::sync::{Mutex, Semaphore};
use url::Url;

use crate::library::Library;
use crate::save::{self, LoadedPage, Prepared, Report};
use crate::sites::Sites;
use crate::{Error, Result};
use address::Refusal;
pub use listing::Listed;

/// How to behave on the network. The defaults are polite.
#[derive(Clone, Debug)]
pub struct FetchOptions {
    /// Sent with every request.
    pub user_agent: String,
    /// Pause between two requests to the same host.
    pub delay: Duration,
    /// Requests in flight to one host at most.
    pub per_host: usize,
    /// Time allowed for a whole request.
    pub timeout: Duration,
    /// Attempts after the first, on timeouts, 429 and 5xx.
    pub retries: u32,
    /// Largest body accepted, in bytes.
    pub max_body: u64,
    /// Redirects followed at most.
    pub max_redirects: usize,
    /// Host names sent to given addresses (like curl's `--resolve`).
    pub resolve: Vec<(String, SocketAddr)>,
    /// Download again articles the library has (conditionally: unchanged
    /// pages cost a 304).
    pub refresh: bool,
    /// Also download the same story in the other editions the page links.
    pub with_editions: bool,
    /// Say nothing of why a server could not be reached (for clients that
    /// must not learn which internal ports are open): every failure to get
    /// an HTTP answer reads the same.
    pub opaque_errors: bool,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            user_agent: format!(
                "Broadsheet/{} (offline news reader)",
                env!("CARGO_PKG_VERSION")
            ),
            delay: Duration::from_millis(1000),
            per_host: 2,
            timeout: Duration::from_secs(30),
            retries: 3,
            max_body: 16 * 1024 * 1024,
            max_redirects: 5,
            resolve: Vec::new(),
            refresh: false,
            with_editions: false,
            opaque_errors: false,
        }
    }
}

/// What a download brought.
#[derive(Debug)]
pub enum Got {
    /// A body.
    Body(Body),
    /// 304: what we have is current.
    NotModified,
}

/// A downloaded body.
#[derive(Debug)]
pub struct Body {
    /// The URL it came from, after redirects.
    pub url: Url,
    /// Its Content-Type.
    pub content_type: Option<String>,
    /// Its validators.
    pub etag: Option<String>,
    /// Its validators.
    pub last_modified: Option<String>,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// One host's politeness: permits for connections, and when the next
/// request may start.
struct HostGate {
    permits: Semaphore,
    next: Mutex<Instant>,
}

/// The HTTP client, polite per host.
pub struct Fetcher {
    client: reqwest::Client,
    opts: FetchOptions,
    hosts: Mutex<HashMap<String, Arc<HostGate>>>,
    robots: Mutex<HashMap<String, Option<Arc<texting_robots::Robot>>>>,
    /// Bytes downloaded so far.
    pub bytes: std::sync::atomic::AtomicU64,
}

/// What a failure to get an HTTP answer reads as with
/// [`FetchOptions::opaque_errors`].
const NO_ANSWER: &str = "no HTTP answer (the server could not be reached or did not answer)";

/// DNS that answers public addresses only, and refuses a name that has
/// internal ones only. (`--resolve` overrides are answered before it.)
struct PublicDns {
    /// Whether a refusal may show the internal address found.
    opaque: bool,
}

impl reqwest::dns::Resolve for PublicDns {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_string();
        let opaque = self.opaque;
        Box::pin(async move {
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let public: Vec<SocketAddr> = found
                .iter()
                .copied()
                .filter(|a| address::is_public(a.ip()))
                .collect();
            if let (true, Some(first)) = (public.is_empty(), found.first()) {
                let example = (!opaque)
                    .then(|| address::internal(first.ip()).map(|range| (first.ip(), range)))
                    .flatten();
                return Err(Box::new(Refusal::Resolves { host, example }) as _);
            }
            Ok(Box::new(public.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// The refusal somewhere in a request's error, if that is why it failed.
fn refusal_in(e: &reqwest::Error) -> Option<Refusal> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(c) = cur {
        if let Some(r) = c.downcast_ref::<Refusal>() {
            return Some(r.clone());
        }
        cur = c.source();
    }
    None
}

fn fetch_error(url: &Url, reason: impl Into<String>) -> Error {
    Error::Fetch {
        url: url.to_string(),
        reason: reason.into(),
    }
}

impl Fetcher {
    /// A fetcher with these options.
    pub fn new(opts: FetchOptions) -> Result<Fetcher> {
        let max = opts.max_redirects;
        let mut builder = reqwest::Client::builder()
            .user_agent(&opts.user_agent)
            .timeout(opts.timeout)
            .connect_timeout(opts.timeout.min(Duration::from_secs(10)))
            .pool_max_idle_per_host(opts.per_host)
            .no_proxy()
            .dns_resolver(Arc::new(PublicDns {
                opaque: opts.opaque_errors,
            }))
            .redirect(reqwest::redirect::Policy::custom(move |attempt| {
                if attempt.previous().len() >= max {
                    attempt.error(format!("more than {max} redirects"))
                } else if !matches!(attempt.url().scheme(), "http" | "https") {
                    attempt.error("a redirect to a URL that is not http or https")
                } else if let Some(refusal) = Refusal::of_url(attempt.url()) {
                    attempt.error(refusal)
                } else {
                    attempt.follow()
                }
            }));
        for (host, addr) in &opts.resolve {
            builder = builder.resolve(host, *addr);
        }
        let client = builder
            .build()
            .map_err(|e| Error::invalid("HTTP client", e.to_string()))?;
        Ok(Fetcher {
            client,
            opts,
            hosts: Mutex::new(HashMap::new()),
            robots: Mutex::new(HashMap::new()),
            bytes: std::sync::atomic::AtomicU64::new(0),
        })
    }

    /// The options in use.
    pub fn options(&self) -> &FetchOptions {
        &self.opts
    }

    fn host_key(url: &Url) -> String {
        format!(
            "{}://{}:{}",
            url.scheme(),
            url.host_str().unwrap_or(""),
            url.port_or_known_default().unwrap_or(0)
        )
    }

    async fn gate(&self, url: &Url) -> Arc<HostGate> {
        let mut hosts = self.hosts.lock().await;
        hosts
            .entry(Fetcher::host_key(url))
            .or_insert_with(|| {
                Arc::new(HostGate {
                    permits: Semaphore::new(self.opts.per_host.max(1)),
                    next: Mutex::new(Instant::now()),
                })
            })
            .clone()
    }

    /// Whether the host's robots.txt lets Broadsheet fetch `url` (fetched
    /// once per host; a missing or unreadable robots.txt allows everything).
    pub async fn allowed(&self, url: &Url) -> bool {
        let key = Fetcher::host_key(url);
        if let Some(robot) = self.robots.lock().await.get(&key) {
            return robot.as_ref().is_none_or(|r| r.allowed(url.as_str()));
        }
        let mut robots_url = url.clone();
        robots_url.set_path("/robots.txt");
        robots_url.set_query(None);
        robots_url.set_fragment(None);
        let robot = match self.request(&robots_url, None, 1).await {
            Ok(Got::Body(body)) => texting_robots::Robot::new("Broadsheet", &body.bytes)
                .ok()
                .map(Arc::new),
            _ => None,
        };
        let allowed = robot.as_ref().is_none_or(|r| r.allowed(url.as_str()));
        self.robots.lock().await.insert(key, robot);
        allowed
    }

    /// GETs `url` politely, conditionally when `validators` are given,
    /// retrying what is worth retrying; robots.txt is checked first.
    pub async fn get(
        &self,
        url: &Url,
        validators: Option<(Option<String>, Option<String>)>,
    ) -> Result<Got> {
        if !matches!(url.scheme(), "http" | "https") {
            return Err(fetch_error(url, "only http and https URLs can be fetched"));
        }
        if !self.allowed(url).await {
            return Err(Error::Disallowed {
                url: url.to_string(),
            });
        }
        self.request(url, validators, self.opts.retries + 1).await
    }

    async fn request(
        &self,
        url: &Url,
        validators: Option<(Option<String>, Option<String>)>,
        attempts: u32,
    ) -> Result<Got> {
        // An address in the URL is connected to without DNS: check it here.
        if let Some(refusal) = Refusal::of_url(url) {
            return Err(Error::Refused {
                url: url.to_string(),
                refusal,
            });
        }
        let opaque = self.opts.opaque_errors;
        let gate = self.gate(url).await;
        let mut last = String::new();
        for attempt in 0..attempts {
            let _permit = gate
                .permits
                .acquire()
                .await
                .map_err(|_| fetch_error(url, "closed"))?;
            {
                let mut next = gate.next.lock().await;
                let now = Instant::now();
                if *next > now {
                    tokio::time::sleep(*next - now).await;
                }
                *next = Instant::now() + self.opts.delay;
            }
            let mut req = self.client.get(url.clone());
            if let Some((etag, modified)) = &validators {
                if let Some(e) = etag {
                    req = req.header(IF_NONE_MATCH, e);
                }
                if let Some(m) = modified {
                    req = req.header(IF_MODIFIED_SINCE, m);
                }
            }
            let sent = req.send().await;
            if let Some(refusal) = sent.as_ref().err().and_then(refusal_in) {
                return Err(Error::Refused {
                    url: url.to_string(),
                    refusal,
                });
            }
            let wait = match sent {
                Err(e) if e.is_redirect() => return Err(fetch_error(url, redirect_reason(&e))),
                // Opaque: a closed port, a silent one and one speaking
                // another protocol all read (and are retried) alike.
                Err(_) if opaque => {
                    last = NO_ANSWER.into();
                    None
                }
                Err(e) if e.is_timeout() || e.is_connect() => {
                    last = if e.is_timeout() {
                        "timed out".into()
                    } else {
                        format!("cannot connect ({e})")
                    };
                    None
                }
                Err(e) => return Err(fetch_error(url, crate::error_chain(&e))),
                Ok(resp) => {
                    let status = resp.status();
                    if status == StatusCode::NOT_MODIFIED {
                        return Ok(Got::NotModified);
                    }
                    if status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error() {
                        last = format!("HTTP {status}");
                        retry_after(&resp)
                    } else if !status.is_success() {
                        return Err(fetch_error(url, format!("HTTP {status}")));
                    } else {
                        match self.body(resp).await {
                            Ok(body) => return Ok(Got::Body(body)),
                            Err(BodyError::TooLarge(n)) => {
                                return Err(fetch_error(
                                    url,
                                    format!("larger than the {n}-byte limit"),
                                ));
                            }
                            Err(BodyError::Broken(why)) => {
                                last = why;
                                None
                            }
                        }
                    }
                }
            };
            drop(_permit);
            if attempt + 1 < attempts {
                let backoff = Duration::from_millis(500 * 2u64.pow(attempt.min(4)))
                    .min(Duration::from_secs(8));
                tokio::time::sleep(wait.unwrap_or(backoff)).await;
            }
        }
        Err(fetch_error(
            url,
            format!("{last} (after {attempts} attempts)"),
        ))
    }

    async fn body(&self, mut resp: reqwest::Response) -> std::result::Result<Body, BodyError> {
        let max = self.opts.max_body;
        let header = |name| {
            resp.headers()
                .get(name)
                .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
                .map(str::to_string)
        };
        let (content_type, etag, last_modified) =
            (header(CONTENT_TYPE), header(ETAG), header(LAST_MODIFIED));
        if resp
            .content_length()
            .or_else(|| header(CONTENT_LENGTH).and_then(|l| l.parse().ok()))
            .is_some_and(|n| n > max)
        {
            return Err(BodyError::TooLarge(max));
        }
        let url = resp.url().clone();
        let mut bytes = Vec::new();
        loop {
            match resp.chunk().await {
                Ok(Some(chunk)) => {
                    if bytes.len() as u64 + chunk.len() as u64 > max {
                        return Err(BodyError::TooLarge(max));
                    }
                    self.bytes
                        .fetch_add(chunk.len() as u64, std::sync::atomic::Ordering::Relaxed);
                    bytes.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(_) if self.opts.opaque_errors => {
                    return Err(BodyError::Broken("the body was cut short".into()));
                }
                Err(e) => {
                    return Err(BodyError::Broken(format!(
                        "the body was cut short ({})",
                        crate::error_chain(&e)
                    )));
                }
            }
        }
        Ok(Body {
            url,
            content_type,
            etag,
            last_modified,
            bytes,
        })
    }
}

enum BodyError {
    TooLarge(u64),
    Broken(String),
}

fn retry_after(resp: &reqwest::Response) -> Option<Duration> {
    let value = resp.headers().get(RETRY_AFTER)?.to_str().ok()?;
    let secs = value.trim().parse::<u64>().ok().or_else(|| {
        let when = chrono::DateTime::parse_from_rfc2822(value.trim()).ok()?;
        Some((when.timestamp() - chrono::Utc::now().timestamp()).max(0) as u64)
    })?;
    Some(Duration::from_secs(secs.min(60)))
}

fn redirect_reason(e: &reqwest::Error) -> String {
    let chain = crate::error_chain(e);
    if chain.contains("redirects") || chain.contains("redirect loop") {
        "too many redirects (a redirect loop?)".into()
    } else {
        chain
    }
}

/// Whether a Content-Type is a web page's.
fn is_page(content_type: Option<&str>) -> bool {
    content_type.is_none_or(|t| {
        let t = t.to_ascii_lowercase();
        t.contains("html") || t.contains("xml") || t.starts_with("text/plain")
    })
}

/// What fetching one article came to.
enum Fetched {
    /// Downloaded and prepared for storing, with its validators and the
    /// images that could not be downloaded (src, why).
    New(
        Box<Prepared>,
        Option<String>,
        Option<String>,
        Vec<(String, Error)>,
    ),
    /// The server said it has not changed.
    NotModified,
}

/// A run of downloads into one library.
pub struct Crawl<'l> {
    fetcher: Arc<Fetcher>,
    library: &'l mut Library,
    /// What happened: new (imported), updated, unchanged, failed.
    pub report: Report,
    seen: HashSet<String>,
}

/// Progress of a crawl, for a progress bar.
#[derive(Clone, Copy, Debug)]
pub struct CrawlProgress {
    /// Articles handled.
    pub done: usize,
    /// Articles known so far.
    pub total: usize,
    /// Bytes downloaded.
    pub bytes: u64,
}

impl<'l> Crawl<'l> {
    /// A crawl into `library`.
    pub fn new(fetcher: Fetcher, library: &'l mut Library) -> Crawl<'l> {
        Crawl {
            fetcher: Arc::new(fetcher),
            library,
            report: Report::default(),
            seen: HashSet::new(),
        }
    }

    fn known(&self, url: &Url) -> bool {
        self.library
            .find_by_url(url.as_str())
            .ok()
            .flatten()
            .is_some()
    }

    /// Downloads articles (pages, later pages, images) and stores them; up to
    /// four at a time, each host served politely.
    pub async fn articles(
        &mut self,
        urls: Vec<Url>,
        progress: &mut dyn FnMut(CrawlProgress),
    ) -> Result<()> {
        let mut queue: VecDeque<Url> = VecDeque::new();
        for url in urls {
            if self.seen.insert(url.to_string()) {
                queue.push_back(url);
            }
        }
        let mut total = queue.len();
        let mut done = 0;
        let mut running = tokio::task::JoinSet::new();
        loop {
            while running.len() < 4 {
                let Some(url) = queue.pop_front() else { break };
                let refresh = self.fetcher.opts.refresh;
                if !refresh && self.known(&url) {
                    self.report.unchanged += 1;
                    done += 1;
                    continue;
                }
                let validators = if refresh {
                    self.library.validators(url.as_str())?
                } else {
                    None
                };
                let fetcher = self.fetcher.clone();
                let sites = self.library.sites().clone();
                running.spawn(async move {
                    let got = download_article(&sites, &fetcher, &url, validators).await;
                    (url, got)
                });
            }
            let Some(joined) = running.join_next().await else {
                break;
            };
            let (url, got) =
                joined.map_err(|e| Error::Internal(format!("a download task failed: {e}")))?;
            done += 1;
            match got.and_then(|f| self.store(&url, f)) {
                Ok(links) => {
                    for link in links {
                        if self.seen.insert(link.to_string()) {
                            queue.push_back(link);
                            total += 1;
                        }
                    }
                }
                Err(e) => self.report.fail_or_skip(Path::new(url.as_str()), &e),
            }
            progress(CrawlProgress {
                done,
                total,
                bytes: self
                    .fetcher
                    .bytes
                    .load(std::sync::atomic::Ordering::Relaxed),
            });
        }
        Ok(())
    }

    /// Stores a download; returns the other editions' URLs to fetch too.
    fn store(&mut self, url: &Url, fetched: Fetched) -> Result<Vec<Url>> {
        let Fetched::New(prepared, etag, modified, missing) = fetched else {
            self.report.unchanged += 1;
            return Ok(Vec::new());
        };
        let (outcome, article, skipped) = save::store(self.library, *prepared)?;
        // An article with an image missing is kept, said, and not marked
        // current: `--refresh` downloads it whole again.
        if missing.is_empty() {
            self.library
                .set_validators(url.as_str(), etag.as_deref(), modified.as_deref())?;
        }
        for (src, e) in missing {
            self.report
                .fail(Path::new(&format!("{url} (image {src})")), &e);
        }
        self.report.count(outcome, article.id.clone());
        for (page, e) in skipped {
            self.report
                .fail(Path::new(&format!("{url} (page {})", page + 1)), &e);
        }
        Ok(if self.fetcher.opts.with_editions {
            article
                .edition_links
                .iter()
                .filter_map(|l| Url::parse(&l.url).ok())
                .collect()
        } else {
            Vec::new()
        })
    }

    /// The articles a section lists, page after page, newest first: at most
    /// `limit`, none published before `since`, and, with `stop_at_known`,
    /// only those above the first one the library already has.
    pub async fn section(
        &mut self,
        start: &Url,
        limit: Option<usize>,
        since: Option<crate::time::Day>,
        stop_at_known: bool,
    ) -> Result<Vec<Url>> {
        let mut out = Vec::new();
        let mut page = Some(start.clone());
        let mut visited = HashSet::new();
        'pages: while let Some(url) = page.take() {
            if !visited.insert(url.to_string()) || visited.len() > 1000 {
                break;
            }
            let body = match self.fetcher.get(&url, None).await? {
                Got::Body(b) => b,
                Got::NotModified => break,
            };
            let html = crate::encoding::decode(&body.bytes, body.content_type.as_deref()).text;
            let listing = listing::parse_listing(self.library.sites(), &html, &body.url);
            if listing.items.is_empty() && out.is_empty() {
                return Err(fetch_error(&url, "no articles are listed on this page"));
            }
            for item in listing.items {
                if since.is_some_and(|s| item.published.is_some_and(|p| !s.starts_before(p)))
                    || (stop_at_known && self.known(&item.url))
                {
                    break 'pages;
                }
                out.push(item.url);
                if limit.is_some_and(|l| out.len() >= l) {
                    break 'pages;
                }
            }
            page = listing.next;
        }
        Ok(out)
    }

    /// The articles the library's subscriptions list above the first one
    /// already saved (new ones are at the top); a subscription that cannot
    /// be read is a failure in the report, and the others go on. Each one
    /// read is marked checked.
    pub async fn updates(&mut self) -> Result<Vec<Url>> {
        let mut all = Vec::new();
        for (url, kind) in self.library.subscriptions()? {
            let found = match Url::parse(&url) {
                Ok(u) if kind == "feed" => self.feed(&u, None, true).await,
                Ok(u) => self.section(&u, None, None, true).await,
                Err(e) => Err(Error::invalid(
                    "subscription",
                    format!("{url:?} is not a URL: {e}"),
                )),
            };
            match found {
                Ok(urls) => {
                    all.extend(urls);
                    self.library.checked(&url)?;
                }
                Err(e) => self.report.fail(Path::new(&url), &e),
            }
        }
        Ok(all)
    }

    /// The articles a feed lists, newest first (with `stop_at_known`, only
    /// those above the first one the library already has).
    pub async fn feed(
        &mut self,
        url: &Url,
        limit: Option<usize>,
        stop_at_known: bool,
    ) -> Result<Vec<Url>> {
        let body = match self.fetcher.get(url, None).await? {
            Got::Body(b) => b,
            Got::NotModified => return Ok(Vec::new()),
        };
        let mut items = listing::parse_feed(&body.bytes, &body.url)?;
        items.sort_by_key(|i| std::cmp::Reverse(i.published));
        let mut out = Vec::new();
        for item in items {
            if stop_at_known && self.known(&item.url) {
                break;
            }
            out.push(item.url);
            if limit.is_some_and(|l| out.len() >= l) {
                break;
            }
        }
        Ok(out)
    }
}

/// Downloads one article: its page, its later pages, its images; prepares it.
async fn download_article(
    sites: &Sites,
    fetcher: &Fetcher,
    url: &Url,
    validators: Option<(Option<String>, Option<String>)>,
) -> Result<Fetched> {
    let first = match fetcher.get(url, validators).await? {
        Got::NotModified => return Ok(Fetched::NotModified),
        Got::Body(b) => b,
    };
    if !is_page(first.content_type.as_deref()) {
        let kind = first.content_type.as_deref().unwrap_or("");
        return Err(fetch_error(
            url,
            format!("not a web page (Content-Type: {kind})"),
        ));
    }
    let html = crate::encoding::decode(&first.bytes, first.content_type.as_deref()).text;
    let mut pages = vec![LoadedPage {
        url: Some(first.url.to_string()),
        content_type: first.content_type.clone(),
        bytes: first.bytes,
        origin: None,
    }];
    // Every page or none: an article missing a page is not stored.
    for later in listing::later_pages(sites, &html, &first.url) {
        match fetcher.get(&later, None).await? {
            Got::Body(b) => pages.push(LoadedPage {
                url: Some(b.url.to_string()),
                content_type: b.content_type,
                bytes: b.bytes,
                origin: None,
            }),
            Got::NotModified => {
                return Err(fetch_error(
                    &later,
                    "answered 304 to a request without validators",
                ));
            }
        }
    }
    // Which images the article has: extract once to see.
    let (article, _, _) = save::extract_pages(sites, &pages)?;
    let mut images: HashMap<String, Vec<u8>> = HashMap::new();
    let mut missing = Vec::new();
    for image in &article.images {
        let Ok(src) = Url::parse(&image.src) else {
            continue;
        };
        match fetcher.get(&src, None).await {
            Ok(Got::Body(b)) => {
                images.insert(image.src.clone(), b.bytes);
            }
            Ok(Got::NotModified) => {}
            Err(e) => missing.push((image.src.clone(), e)),
        }
    }
    let prepared = save::prepare(sites, &pages, &|src| images.get(src).cloned())?;
    Ok(Fetched::New(
        Box::new(prepared),
        first.etag,
        first.last_modified,
        missing,
    ))
}

/// What a download is to fetch: articles, a section, a feed, or what is new
/// in the subscriptions. The command line and the API's jobs build the same
/// plan and hand it to [`download`].
// One plan per download: its size (three URLs inline) does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Plan {
    /// Articles, a section's (following its pager) and a feed's.
    Fetch {
        /// Article URLs.
        urls: Vec<Url>,
        /// A section's first listing page.
        section: Option<Url>,
        /// An RSS or Atom feed.
        feed: Option<Url>,
        /// At most this many articles from the section and from the feed.
        limit: Option<usize>,
        /// Only articles listed as published on or after this day.
        since: Option<crate::time::Day>,
    },
    /// What is new in every followed section and feed.
    Update,
}

impl Crawl<'_> {
    /// The article URLs a plan names.
    pub async fn plan(&mut self, plan: Plan) -> Result<Vec<Url>> {
        match plan {
            Plan::Fetch {
                mut urls,
                section,
                feed,
                limit,
                since,
            } => {
                if let Some(section) = &section {
                    urls.extend(self.section(section, limit, since, false).await?);
                }
                if let Some(feed) = &feed {
                    urls.extend(self.feed(feed, limit, false).await?);
                }
                Ok(urls)
            }
            Plan::Update => self.updates().await,
        }
    }
}

/// Runs a download plan into `library` on a runtime of its own: finds the
/// articles, downloads and saves them, and answers what happened.
pub fn download(
    library: &mut Library,
    options: FetchOptions,
    plan: Plan,
    progress: &mut dyn FnMut(CrawlProgress),
) -> Result<Report> {
    let fetcher = Fetcher::new(options)?;
    let runtime = crate::runtime::build().map_err(Error::Io)?;
    let mut crawl = Crawl::new(fetcher, library);
    runtime.block_on(async {
        let urls = crawl.plan(plan).await?;
        crawl.articles(urls, progress).await
    })?;
    Ok(crawl.report)
}
