//! Extraction: from a page's bytes to an [`Article`].
//!
//! The path is always the same: check the bytes (empty, binary, too large),
//! decode them ([`crate::encoding`]), parse once with html5ever (through
//! `dom_query`), gather what the page says about itself (URLs, language),
//! then hand the document to a site profile: a page of a site whose profile
//! (from the [`Sites`] the caller hands over, [`Page::sites`]) has a
//! template for it is read by the profile extractor (`profile.rs`); any
//! other page, or a profiled site's page whose template is not recognised,
//! goes to the Readability-class [`generic`] extractor. Both build the body with the same `BlockBuilder`. A page
//! that is not an article is refused with [`Error::NotAnArticle`] and a
//! reason; it is never stored as garbage.
//!
//! Extraction is pure: no network, no file system, no library.

/// A CSS selector compiled once, on first use.
macro_rules! sel {
    ($css:expr) => {{
        static MATCHER: std::sync::LazyLock<dom_query::Matcher> =
            std::sync::LazyLock::new(|| dom_query::Matcher::new($css).expect("a valid selector"));
        &*MATCHER
    }};
}

mod blocks;
mod dates;
pub mod generic;
mod news;
mod parse;
mod profile;

use dom_query::Document;
use std::sync::{Arc, LazyLock};
use std::time::Duration;
use url::Url;

pub(crate) use blocks::{BlockBuilder, is_hidden, is_hidden_within, latin_default, visible_text};
pub use blocks::{Scripts, detect_lang, normalize_ws};
pub use dates::{parse_beijing_time, parse_local_time, parse_meta_date};
pub use parse::{MAX_DEPTH, MAX_NODES, parse_document};

use crate::encoding;
use crate::model::{Article, Block, Edition};
use crate::sites::{Profile, Sites};
use crate::{Error, Result};

/// Version of the extraction rules. Stored with every article so that
/// `broadsheet reextract` can tell which articles an improvement concerns.
pub const EXTRACTOR_VERSION: u32 = 1;

/// The largest page accepted, in bytes.
pub const MAX_PAGE_BYTES: u64 = 32 * 1024 * 1024;

/// The longest one page's extraction may take: a page that takes longer
/// fails alone, with that reason (extraction is linear in the page's size,
/// so only a machine far slower than expected, or a fault, reaches it).
pub const MAX_PAGE_TIME: Duration = Duration::from_secs(10);

/// One page to extract.
#[derive(Clone, Copy, Debug)]
pub struct Page<'a> {
    /// The site profiles to read it with: a library's own
    /// ([`crate::Library::sites`]); the built-in ones by default.
    pub sites: &'a Sites,
    /// The raw bytes, as saved or downloaded.
    pub bytes: &'a [u8],
    /// The URL the page was downloaded from, when known. Relative links
    /// (images) are resolved against it, and it decides the site and edition.
    pub url: Option<&'a str>,
    /// The HTTP `Content-Type` header, when the page was downloaded.
    pub content_type: Option<&'a str>,
    /// Where the page came from when nothing else names it (a `file://` URL):
    /// used as its identity only if the page gives no URL of its own.
    pub fallback_url: Option<&'a str>,
    /// A later page of a multi-page article: it may be short, and it is
    /// not refused for that.
    pub continuation: bool,
}

impl Default for Page<'_> {
    /// No bytes, nothing known of the page, the built-in profiles.
    fn default() -> Self {
        Page {
            sites: Sites::builtin_ref(),
            bytes: &[],
            url: None,
            content_type: None,
            fallback_url: None,
            continuation: false,
        }
    }
}

/// An extracted page.
#[derive(Clone, Debug)]
pub struct Extraction {
    /// The article.
    pub article: Article,
    /// The encoding the page was decoded with.
    pub encoding: &'static str,
    /// Which extractor produced it: `profile` (a site profile's template)
    /// or `generic`.
    pub extractor: &'static str,
}

/// What a page says about itself, gathered once for every profile.
pub(crate) struct Context<'a> {
    /// The profiles the page is read with.
    pub sites: &'a Sites,
    /// The URL to resolve links against (the download URL, else the page's own).
    pub base: Option<Url>,
    /// The page's canonical URL.
    pub canonical: Option<Url>,
    /// The profile of the site the page's host belongs to, if any (else,
    /// once the page's markup has been looked at, the profile it shows).
    pub profile: Option<Arc<Profile>>,
    /// The edition the host tells, if any.
    pub host_edition: Option<Edition>,
    /// The `<html lang>` primary subtag, lower-cased.
    pub html_lang: Option<String>,
    /// See [`Page::continuation`].
    pub continuation: bool,
    /// The page was downloaded (its URL given), not read from a saved file.
    pub downloaded: bool,
    /// The page's `<meta>`, `<link>` and `<title>`, read in one pass.
    pub head: Head,
}

/// What a page's `<meta>`, `<link>` and `<title>` elements say.
#[derive(Default)]
pub(crate) struct Head {
    /// `(name or property, lower-cased; content)`, in page order.
    metas: Vec<(String, String)>,
    /// `(rel, lower-cased; hreflang; href)`, in page order.
    pub links: Vec<(String, Option<String>, String)>,
    /// The `<title>` text, whitespace normalised.
    pub title: String,
}

impl Head {
    fn read(doc: &Document) -> Head {
        let mut head = Head::default();
        for node in doc.select_matcher(sel!("meta, link, title")).nodes() {
            match node.node_name().as_deref() {
                Some("meta") => {
                    let key = node.attr("name").or_else(|| node.attr("property"));
                    if let (Some(k), Some(c)) = (key, node.attr("content")) {
                        head.metas
                            .push((k.trim().to_ascii_lowercase(), normalize_ws(&c)));
                    }
                }
                Some("link") => {
                    if let (Some(rel), Some(href)) = (node.attr("rel"), node.attr("href")) {
                        let lang = node.attr("hreflang").map(|l| l.to_string());
                        head.links.push((
                            rel.trim().to_ascii_lowercase(),
                            lang,
                            href.trim().to_string(),
                        ));
                    }
                }
                _ if head.title.is_empty() => head.title = normalize_ws(&node.text()),
                _ => {}
            }
        }
        head
    }

    /// A meta tag's content by `name` or `property` (case-insensitive), if
    /// present and not empty.
    pub fn meta(&self, name: &str) -> Option<String> {
        self.metas
            .iter()
            .find(|(k, c)| k.eq_ignore_ascii_case(name) && !c.is_empty())
            .map(|(_, c)| c.clone())
    }

    /// The first `<link rel=REL>` href.
    fn link(&self, rel: &str) -> Option<&str> {
        self.links
            .iter()
            .find(|(r, _, _)| r.split_whitespace().any(|r| r == rel))
            .map(|(_, _, h)| h.as_str())
    }
}

/// Extracts the article in one page, within [`MAX_PAGE_TIME`] (see
/// [`extract_within`]). A page fails alone: whatever goes wrong in it (a
/// fault, the time limit) is its error.
///
/// ```
/// use broadsheet::extract::{extract, Page};
/// let html = std::fs::read("tests/fixtures/articles/global-template.html").unwrap();
/// let got = extract(&Page { bytes: &html, ..Page::default() }).unwrap();
/// assert_eq!(got.article.edition, Some(broadsheet::Edition::Global));
/// assert!(got.article.published.is_some());
/// ```
pub fn extract(page: &Page) -> Result<Extraction> {
    extract_within(page, MAX_PAGE_TIME)
}

/// [`extract`], with its own time limit.
///
/// Extraction looks at the clock as it goes (every few thousand tokens of
/// the parse, and between its steps) and fails once past the limit. Only
/// the Readability pass of [`generic`] cannot be stopped midway, so a page
/// larger than [`INLINE_BYTES`] (where that pass could run long) is
/// extracted on a worker thread, waited for at most the limit: past it the
/// page fails, and its worker stops at its next look at the clock.
///
/// ```
/// use broadsheet::extract::{Page, extract_within};
/// use std::time::Duration;
///
/// let html = "<html><body>".to_string() + &"<p>A sentence of text. ".repeat(200_000);
/// let err = extract_within(&Page { bytes: html.as_bytes(), ..Page::default() }, Duration::ZERO)
///     .unwrap_err();
/// assert!(err.to_string().contains("took longer than"), "{err}");
/// ```
pub fn extract_within(page: &Page, limit: Duration) -> Result<Extraction> {
    let here = || within(limit, || extract_caught(page));
    if page.bytes.len() <= INLINE_BYTES {
        return here();
    }
    use std::sync::mpsc::RecvTimeoutError;
    WORKER.with(|slot| {
        let mut slot = slot.borrow_mut();
        if slot.is_none() {
            *slot = Worker::start();
        }
        // No thread to be had (the process is at its limit): extract here.
        let Some(worker) = slot.as_ref() else {
            return here();
        };
        if worker.pages.send((OwnedPage::from(page), limit)).is_err() {
            *slot = None;
            return here();
        }
        match worker.results.recv_timeout(limit) {
            Ok(result) => result,
            Err(RecvTimeoutError::Timeout) => {
                *slot = None;
                Err(too_slow(limit))
            }
            Err(RecvTimeoutError::Disconnected) => {
                *slot = None;
                Err(Error::NotAnArticle(
                    "extraction failed on this page (its thread ended)".into(),
                ))
            }
        }
    })
}

/// Pages up to this size are extracted on the calling thread, their time
/// limit kept by looking at the clock; larger ones on a worker thread
/// (handing a page over costs about 0.2 ms, under 1% of such a page).
pub const INLINE_BYTES: usize = 1024 * 1024;

thread_local! {
    /// When this thread's extraction must be done, and its limit.
    static DEADLINE: std::cell::Cell<Option<(std::time::Instant, Duration)>> =
        const { std::cell::Cell::new(None) };
}

/// Runs `f` with this thread's extraction deadline `limit` from now.
fn within<T>(limit: Duration, f: impl FnOnce() -> T) -> T {
    let outer = DEADLINE.replace(Some((std::time::Instant::now() + limit, limit)));
    let result = f();
    DEADLINE.set(outer);
    result
}

/// An error once this thread's extraction is past its deadline.
pub(crate) fn on_time() -> Result<()> {
    match DEADLINE.get() {
        Some((at, limit)) if std::time::Instant::now() >= at => Err(too_slow(limit)),
        _ => Ok(()),
    }
}

fn too_slow(limit: Duration) -> Error {
    Error::NotAnArticle(format!(
        "extraction took longer than {limit:?}: the page is refused"
    ))
}

thread_local! {
    /// This thread's extraction worker, started on its first page.
    static WORKER: std::cell::RefCell<Option<Worker>> = const { std::cell::RefCell::new(None) };
}

/// A thread that extracts the pages sent to it, one at a time, and ends
/// when its owner drops it (or stops waiting for its answer).
struct Worker {
    pages: std::sync::mpsc::Sender<(OwnedPage, Duration)>,
    results: std::sync::mpsc::Receiver<Result<Extraction>>,
}

impl Worker {
    fn start() -> Option<Worker> {
        let (pages, inbox) = std::sync::mpsc::channel::<(OwnedPage, Duration)>();
        let (outbox, results) = std::sync::mpsc::sync_channel(1);
        std::thread::Builder::new()
            .name("extract".into())
            .spawn(move || {
                for (page, limit) in inbox {
                    if outbox
                        .send(within(limit, || extract_caught(&page.page())))
                        .is_err()
                    {
                        break;
                    }
                }
            })
            .ok()?;
        Some(Worker { pages, results })
    }
}

/// A [`Page`] that owns its parts, to be sent to an extraction thread.
struct OwnedPage {
    sites: Sites,
    bytes: Vec<u8>,
    url: Option<String>,
    content_type: Option<String>,
    fallback_url: Option<String>,
    continuation: bool,
}

impl OwnedPage {
    fn from(p: &Page) -> OwnedPage {
        OwnedPage {
            sites: p.sites.clone(),
            bytes: p.bytes.to_vec(),
            url: p.url.map(str::to_string),
            content_type: p.content_type.map(str::to_string),
            fallback_url: p.fallback_url.map(str::to_string),
            continuation: p.continuation,
        }
    }

    fn page(&self) -> Page<'_> {
        Page {
            sites: &self.sites,
            bytes: &self.bytes,
            url: self.url.as_deref(),
            content_type: self.content_type.as_deref(),
            fallback_url: self.fallback_url.as_deref(),
            continuation: self.continuation,
        }
    }
}

/// Extracts on this thread; a fault in any part of extraction (ours or a
/// parser's) becomes this page's error, never the batch's or the server's.
fn extract_caught(page: &Page) -> Result<Extraction> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| extract_page(page))).unwrap_or_else(
        |panic| {
            let why = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown fault".into());
            Err(Error::NotAnArticle(format!(
                "extraction failed on this page ({why})"
            )))
        },
    )
}

fn extract_page(page: &Page) -> Result<Extraction> {
    let size = page.bytes.len() as u64;
    if size > MAX_PAGE_BYTES {
        return Err(Error::TooLarge {
            size,
            limit: MAX_PAGE_BYTES,
        });
    }
    if page.bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::NotAnArticle("the file is empty".into()));
    }
    if encoding::looks_binary(page.bytes) {
        return Err(Error::NotAnArticle("binary data, not an HTML page".into()));
    }
    let decoded = encoding::decode(page.bytes, page.content_type);
    if !looks_like_html(&decoded.text) {
        return Err(Error::NotAnArticle(
            "no HTML markup: this is not a web page".into(),
        ));
    }
    on_time()?;
    let doc = parse_document(&decoded.text);
    on_time()?;
    let mut ctx = context(&doc, &decoded.text, page);
    if ctx.profile.is_none() {
        ctx.profile = profile_by_marks(&doc, page.sites)?;
        on_time()?;
    }
    let profiled = match ctx.profile.clone() {
        Some(p) => {
            let found = profile::Found::walk(&doc, &p.selectors)?;
            on_time()?;
            profile::extract(&p, &found, &doc, &ctx)?
        }
        None => None,
    };
    on_time()?;
    let (mut article, extractor) = match profiled {
        Some(article) => (article, "profile"),
        None => (generic::extract(doc, &ctx)?, "generic"),
    };
    on_time()?;
    finish(&mut article, &ctx, page)?;
    Ok(Extraction {
        article,
        encoding: decoded.encoding,
        extractor,
    })
}

/// Joins the extractions of a multi-page article's pages (in page order) into one.
pub fn join_pages(mut pages: Vec<Extraction>) -> Option<Extraction> {
    if pages.is_empty() {
        return None;
    }
    let rest = pages.split_off(1);
    let mut first = pages.pop()?;
    if rest.is_empty() {
        return Some(first);
    }
    let a = &mut first.article;
    for next in rest {
        let offset = a.images.len();
        a.images.extend(next.article.images);
        a.blocks
            .extend(next.article.blocks.into_iter().map(|b| match b {
                Block::Image { image, lang } => Block::Image {
                    image: image + offset,
                    lang,
                },
                other => other,
            }));
        a.editor = a.editor.take().or(next.article.editor);
        a.pages += 1;
    }
    a.languages = languages(&a.blocks);
    a.content_hash = a.compute_hash();
    Some(first)
}

fn looks_like_html(text: &str) -> bool {
    let start = head_of(text, 1024).to_ascii_lowercase();
    [
        "<html",
        "<body",
        "<p",
        "<div",
        "<!doctype html",
        "<head",
        "<article",
        "<h1",
    ]
    .iter()
    .any(|t| start.contains(t))
        || text.to_ascii_lowercase().contains("<p")
}

/// The first `max` bytes of `text`, or fewer, cut at a character boundary.
fn head_of(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

static SAVED_FROM: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r"<!--\s*saved from url=\(\d+\)\s*(\S+?)\s*-->").unwrap());

fn context<'a>(doc: &Document, text: &str, page: &Page<'a>) -> Context<'a> {
    let http = |s: &str| {
        Url::parse(s.trim())
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https"))
    };
    let head = Head::read(doc);
    let given = page.url.and_then(http);
    let start = head_of(text, 4096);
    let saved_from = start
        .contains("saved from url")
        .then(|| SAVED_FROM.captures(start))
        .flatten()
        .and_then(|c| http(&c[1]));
    let own = |v: Option<&str>| -> Option<Url> {
        let v = v?;
        match &given {
            Some(base) => base.join(v.trim()).ok(),
            None => http(v),
        }
        .filter(|u| matches!(u.scheme(), "http" | "https"))
    };
    let mut canonical = own(head.link("canonical")).or_else(|| own(head.meta("og:url").as_deref()));
    // A page may not claim another site's identity: a canonical URL on a
    // different site than the one the page was downloaded (or, by its
    // "saved from" note, saved) from is ignored.
    if let (Some(c), Some(from)) = (&canonical, given.as_ref().or(saved_from.as_ref()))
        && site_of(c) != site_of(from)
    {
        canonical = None;
    }
    let base = given
        .clone()
        .or_else(|| canonical.clone())
        .or_else(|| saved_from.clone());
    let downloaded = given.is_some();
    let canonical = canonical.or(given).or(saved_from);
    let sites = page.sites;
    let (profile, host_edition) = [base.as_ref(), canonical.as_ref()]
        .into_iter()
        .flatten()
        .filter_map(|u| u.host_str().and_then(|h| sites.for_host(h)))
        .find(|(_, e)| e.is_some())
        .map_or((None, None), |(p, e)| (Some(p.clone()), e));
    let html_lang = doc
        .select_single_matcher(sel!("html"))
        .attr("lang")
        .map(|l| {
            l.trim()
                .split(['-', '_'])
                .next()
                .unwrap_or("")
                .to_ascii_lowercase()
        })
        .filter(|l| !l.is_empty() && l.len() <= 3 && l.chars().all(|c| c.is_ascii_alphabetic()));
    Context {
        base,
        canonical,
        profile,
        host_edition,
        sites: page.sites,
        html_lang,
        continuation: page.continuation,
        downloaded,
        head,
    }
}

/// The profile whose marks a page shows (a page saved without its
/// address), the first in [`crate::sites::Sites::profiles`]' order.
fn profile_by_marks(doc: &Document, sites: &Sites) -> Result<Option<Arc<Profile>>> {
    let (index, owners) = sites.marks();
    let found = profile::Found::walk(doc, index)?;
    Ok(owners
        .iter()
        .enumerate()
        .filter(|&(i, _)| found.any(&[i]))
        .map(|(_, &owner)| owner)
        .min()
        .map(|owner| sites.profiles()[owner].clone()))
}

/// The site a URL belongs to: its registrable domain by the public suffix
/// list (`bbc.co.uk`, `alice.github.io`), or the whole host where the list
/// names none (an IP address, `localhost`).
pub(crate) fn site_of(url: &Url) -> String {
    let host = url
        .host_str()
        .unwrap_or("")
        .trim_end_matches('.')
        .to_ascii_lowercase();
    match url.host() {
        Some(url::Host::Domain(_)) => psl::domain_str(&host).unwrap_or(&host).to_string(),
        _ => host,
    }
}

/// Fills what every profile's article needs: URLs, id, languages, hash.
fn finish(a: &mut Article, ctx: &Context, page: &Page) -> Result<()> {
    if a.blocks.is_empty() {
        return Err(Error::NotAnArticle("no article text found".into()));
    }
    if a.title.is_empty() {
        // No headline anywhere: the first words stand in, as a reader would name it.
        let first = a
            .body_units(None)
            .first()
            .map(|t| t.to_string())
            .unwrap_or_default();
        let mut title: String = first.chars().take(80).collect();
        if first.chars().count() > 80 {
            title.push('…');
        }
        a.title = title;
    }
    let fallback = page.fallback_url.map(str::to_string);
    a.canonical_url = ctx
        .canonical
        .as_ref()
        .map(Url::to_string)
        .or_else(|| fallback.clone())
        .unwrap_or_else(
            // With no URL at all, the content itself is the identity.
            || format!("urn:sha256:{}", a.compute_hash()),
        );
    a.url = page
        .url
        .map(str::to_string)
        .or_else(|| ctx.base.as_ref().map(Url::to_string))
        .unwrap_or_else(|| a.canonical_url.clone());
    a.id = Article::id_for(&a.canonical_url);
    a.languages = languages(&a.blocks);
    a.pages = 1;
    a.content_hash = a.compute_hash();
    Ok(())
}

/// Languages of a body, by number of text units, most used first
/// (ties broken by first appearance).
pub(crate) fn languages(blocks: &[Block]) -> Vec<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for b in blocks {
        if matches!(b, Block::Image { .. }) {
            continue;
        }
        match counts.iter_mut().find(|(l, _)| l == b.lang()) {
            Some((_, n)) => *n += 1,
            None => counts.push((b.lang().to_string(), 1)),
        }
    }
    counts.sort_by_key(|&(_, n)| std::cmp::Reverse(n));
    counts.into_iter().map(|(l, _)| l).collect()
}

/// The least text a page nothing recognises needs to be an article, in
/// letters, a CJK character counting as three. Set by measurement on
/// trafilatura's benchmark of 990 real pages, where 125 scored best: F1 0.896
/// at 250, 0.897 at 200, 0.898 at 150, 0.899 at 125, 0.898 with no threshold.
const MIN_WEIGHT: usize = 125;

/// Refuses bodies too short to be articles: under [`MIN_WEIGHT`].
pub(crate) fn check_length(scripts: &Scripts, ctx: &Context) -> Result<()> {
    if scripts.weight() < MIN_WEIGHT && !ctx.continuation {
        return Err(Error::NotAnArticle(format!(
            "too little text to be an article ({} characters)",
            scripts.letters + scripts.digits + scripts.cjk()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_empty_binary_and_non_html() {
        for (bytes, want) in [
            (&b""[..], "empty"),
            (&b"  \n"[..], "empty"),
            (&b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"[..], "binary"),
            (&b"just some words, no markup at all"[..], "no HTML"),
        ] {
            let err = extract(&Page {
                bytes,
                ..Page::default()
            })
            .unwrap_err();
            assert!(matches!(err, Error::NotAnArticle(_)), "{err}");
            assert!(err.to_string().contains(want), "{err}");
        }
    }

    #[test]
    fn foreign_canonical_is_ignored() {
        let body =
            "<p>".to_string() + &"A sentence of real article text here. ".repeat(20) + "</p>";
        let html = format!(
            "<html lang=en><head><title>T</title><link rel=canonical href='https://www.chinadaily.com.cn/a/x.html'></head>\
             <body><article><h1>T</h1>{body}</article></body></html>"
        );
        let page = Page {
            bytes: html.as_bytes(),
            url: Some("https://evil.example.net/p.html"),
            ..Page::default()
        };
        let got = extract(&page).unwrap().article;
        assert_eq!(got.canonical_url, "https://evil.example.net/p.html");
        assert_eq!(got.edition, None);
    }

    #[test]
    fn regression_multibyte_character_at_byte_4096_does_not_panic() {
        // The saved-from probe sliced the page at byte 4096, inside a character.
        let mut html = String::from("<html><body><p>");
        while html.len() < 4095 {
            html.push('a');
        }
        html.push_str("景</p></body></html>");
        assert!(!html.is_char_boundary(4096));
        let got = extract(&Page {
            bytes: html.as_bytes(),
            ..Page::default()
        })
        .unwrap();
        assert!(got.article.body_text().ends_with("aaa景"));
        assert_eq!(head_of("景", 2), "");
    }

    #[test]
    fn regression_deep_pages_extract_on_a_small_stack() {
        // A 31 KB page of 10,000 nested <b>s overflowed the stack and
        // aborted the whole process; every walk is now depth-bounded.
        let text = "A sentence of real article text here. ".repeat(20);
        let pages = [
            format!(
                "<html><body><article><h1>Deep</h1><p>{text}</p>{}</article>",
                "<b>".repeat(10_000)
            ),
            format!("<html><body>{}<p>{text}</p>", "<div>".repeat(100_000)),
            format!("<html><body>{}<p>{text}</p>", "<span><i>".repeat(50_000)),
        ];
        let small_stack = std::thread::Builder::new().stack_size(512 * 1024);
        small_stack
            .spawn(move || {
                for html in &pages {
                    // On this very thread (not the one `extract` would start).
                    let got = extract_caught(&Page {
                        bytes: html.as_bytes(),
                        ..Page::default()
                    })
                    .expect("an article");
                    assert!(got.article.body_text().contains("real article text"));
                }
            })
            .expect("a thread")
            .join()
            .expect("no overflow, no panic");
    }

    #[test]
    fn a_page_past_the_time_limit_fails_alone_with_that_reason() {
        // One page on a worker thread (larger than INLINE_BYTES), one on this
        // thread, looking at the clock.
        for sentences in [200_000, 30_000] {
            let slow = "<html><body>".to_string() + &"<p>A sentence of text. ".repeat(sentences);
            assert_eq!(slow.len() > INLINE_BYTES, sentences == 200_000);
            let started = std::time::Instant::now();
            let err = extract_within(
                &Page {
                    bytes: slow.as_bytes(),
                    ..Page::default()
                },
                Duration::from_millis(1),
            )
            .unwrap_err();
            assert!(
                err.to_string()
                    .contains("extraction took longer than 1ms: the page is refused"),
                "{err}"
            );
            assert!(started.elapsed() < Duration::from_millis(500), "it waited");
        }
        // The next page is extracted as ever.
        let html = std::fs::read("tests/fixtures/articles/global-template.html").unwrap();
        let got = extract(&Page {
            bytes: &html,
            ..Page::default()
        })
        .unwrap();
        assert!(!got.article.blocks.is_empty());
    }

    #[test]
    fn sites() {
        let s = |u: &str| site_of(&Url::parse(u).unwrap());
        assert_eq!(s("https://cn.chinadaily.com.cn/a"), "chinadaily.com.cn");
        assert_eq!(s("https://www.bbc.co.uk/"), "bbc.co.uk");
        assert_eq!(s("https://news.example.com/"), "example.com");
        // Sites under a shared suffix are each their own.
        assert_eq!(s("https://alice.github.io/p"), "alice.github.io");
        assert_ne!(s("https://alice.github.io/"), s("https://bob.github.io/"));
        assert_eq!(s("https://a.b.example.com.au/"), "example.com.au");
        assert_eq!(s("http://127.0.0.1:8080/"), "127.0.0.1");
        assert_eq!(s("http://[::1]/"), "[::1]");
        assert_eq!(s("http://localhost/"), "localhost");
    }
}
