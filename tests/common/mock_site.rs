//! A mock China Daily site on 127.0.0.1 for download tests: the demo
//! articles of all five editions (with their images, ETags and 304s), a
//! section with a pager, an RSS feed, robots.txt, and hostile endpoints
//! (slow, 500s, 429 with Retry-After, a truncated body, a redirect loop, a
//! page over the size limit, a wrong Content-Type, a GB2312 page without a
//! charset), and pages pointing at the loopback address itself (a redirect,
//! an image, a feed's items), where downloads must not go. Real host names
//! reach it through `--resolve`.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The hosts the demo articles live on.
pub const HOSTS: &[&str] = &[
    "www.chinadaily.com.cn",
    "cn.chinadaily.com.cn",
    "china.chinadaily.com.cn",
    "world.chinadaily.com.cn",
    "caijing.chinadaily.com.cn",
    "language.chinadaily.com.cn",
    "french.chinadaily.com.cn",
    "www.chinadailyhk.com",
];

/// What the site saw.
#[derive(Default)]
pub struct Seen {
    /// (host, path, user agent, if-none-match) of every request, in order.
    pub requests: Vec<(String, String, String, Option<String>)>,
    /// Most requests in flight at once to one host.
    pub max_in_flight: HashMap<String, usize>,
}

pub struct MockSite {
    pub port: u16,
    pub seen: Arc<Mutex<Seen>>,
    /// Extra delay before answering an article page.
    pub article_delay: Arc<Mutex<Duration>>,
    /// A new article appears at the top of the section when set.
    pub published: Arc<Mutex<bool>>,
}

struct State {
    pages: HashMap<String, PathBuf>, // path -> demo page file
    demo: PathBuf,
    seen: Arc<Mutex<Seen>>,
    in_flight: Mutex<HashMap<String, usize>>,
    hits: Mutex<HashMap<String, usize>>,
    article_delay: Arc<Mutex<Duration>>,
    published: Arc<Mutex<bool>>,
    port: AtomicUsize,
}

impl MockSite {
    /// Starts the site on an ephemeral port of 127.0.0.1.
    pub fn start() -> MockSite {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let demo = root.join("assets/demo");
        let mut pages = HashMap::new();
        for e in std::fs::read_dir(&demo).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "json") {
                let v: serde_json::Value =
                    serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
                let url = url::Url::parse(v["url"].as_str().unwrap()).unwrap();
                let page = p.to_str().unwrap().replace(".expected.json", ".html");
                pages.insert(url.path().to_string(), PathBuf::from(page));
            }
        }
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Seen::default()));
        let article_delay = Arc::new(Mutex::new(Duration::ZERO));
        let published = Arc::new(Mutex::new(false));
        let state = Arc::new(State {
            pages,
            demo,
            seen: seen.clone(),
            in_flight: Mutex::new(HashMap::new()),
            hits: Mutex::new(HashMap::new()),
            article_delay: article_delay.clone(),
            published: published.clone(),
            port: AtomicUsize::new(port as usize),
        });
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = state.clone();
                std::thread::spawn(move || {
                    let _ = serve(&state, stream);
                });
            }
        });
        MockSite {
            port,
            seen,
            article_delay,
            published,
        }
    }

    /// `--resolve` arguments sending every demo host here.
    pub fn resolve_args(&self) -> Vec<String> {
        HOSTS
            .iter()
            .flat_map(|h| {
                [
                    "--resolve".to_string(),
                    format!("{h}:{}:127.0.0.1", self.port),
                ]
            })
            .collect()
    }

    /// A URL on this site.
    pub fn url(&self, host: &str, path: &str) -> String {
        format!("http://{host}:{}{path}", self.port)
    }

    /// The demo article URLs, as this site serves them, sorted.
    pub fn article_urls(&self) -> Vec<String> {
        let mut urls: Vec<String> = demo_urls()
            .into_iter()
            .map(|u| self.url(u.host_str().unwrap(), u.path()))
            .collect();
        urls.sort();
        urls
    }

    /// Requests seen so far, for any path.
    pub fn requests(&self) -> usize {
        self.seen.lock().unwrap().requests.len()
    }

    /// Requests seen for a path.
    pub fn count(&self, path: &str) -> usize {
        self.seen
            .lock()
            .unwrap()
            .requests
            .iter()
            .filter(|r| r.1 == path)
            .count()
    }
}

fn demo_urls() -> Vec<url::Url> {
    let demo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/demo");
    let mut out = Vec::new();
    for e in std::fs::read_dir(demo).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "json") {
            let v: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
            out.push(url::Url::parse(v["url"].as_str().unwrap()).unwrap());
        }
    }
    out.sort();
    out
}

fn serve(state: &State, mut stream: TcpStream) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut headers = HashMap::new();
    loop {
        let mut h = String::new();
        reader.read_line(&mut h)?;
        if h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    let host = headers
        .get("host")
        .cloned()
        .unwrap_or_default()
        .split(':')
        .next()
        .unwrap_or("")
        .to_string();
    {
        let mut seen = state.seen.lock().unwrap();
        let ua = headers.get("user-agent").cloned().unwrap_or_default();
        seen.requests.push((
            host.clone(),
            path.clone(),
            ua,
            headers.get("if-none-match").cloned(),
        ));
        let mut flight = state.in_flight.lock().unwrap();
        let n = flight.entry(host.clone()).or_default();
        *n += 1;
        let max = seen.max_in_flight.entry(host.clone()).or_default();
        *max = (*max).max(*n);
    }
    let hit = {
        let mut hits = state.hits.lock().unwrap();
        let n = hits.entry(path.clone()).or_default();
        *n += 1;
        *n
    };
    // A request is in flight while the site works on it; it ends before the
    // answer is written, since the client may start its next request as soon
    // as it has read the answer, before this thread would get to count it.
    if state.pages.contains_key(&path) {
        std::thread::sleep(*state.article_delay.lock().unwrap());
    }
    *state.in_flight.lock().unwrap().get_mut(&host).unwrap() -= 1;
    respond(state, &mut stream, &host, &path, &headers, hit)
}

fn send(
    stream: &mut TcpStream,
    status: &str,
    headers: &[(&str, String)],
    body: &[u8],
) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {status}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    stream.flush()
}

/// The paths that misbehave or lead somewhere they should not: robots.txt
/// and what it forbids, slow, flaky, cut and endless answers, redirect loops,
/// and links to loopback. None for any other path.
fn respond_unusual(
    state: &State,
    stream: &mut TcpStream,
    host: &str,
    path: &str,
    hit: usize,
) -> std::io::Result<bool> {
    let port = state.port.load(Ordering::Relaxed);
    let here = |h: &str, p: &str| format!("http://{h}:{port}{p}");
    let page_headers = vec![("Content-Type", "text/html; charset=utf-8".to_string())];
    let answered = match path {
        "/robots.txt" => send(
            stream,
            "200 OK",
            &[("Content-Type", "text/plain".into())],
            b"User-agent: *\nDisallow: /private/\n",
        ),
        "/private/secret.html" => send(
            stream,
            "200 OK",
            &page_headers,
            b"<html><body><p>should never be fetched</p></body></html>",
        ),
        "/slow.html" => {
            std::thread::sleep(Duration::from_secs(3));
            send(stream, "200 OK", &page_headers, b"<html></html>")
        }
        "/flaky.html" | "/busy.html" => {
            if hit <= 2 && path == "/flaky.html" {
                return send(stream, "500 Internal Server Error", &page_headers, b"oops")
                    .map(|()| true);
            }
            if hit == 1 && path == "/busy.html" {
                return send(
                    stream,
                    "429 Too Many Requests",
                    &[("Retry-After", "1".into())],
                    b"slow down",
                )
                .map(|()| true);
            }
            let page = std::fs::read(state.demo.join("global-offshore-wind-farm.html"))?;
            let page = String::from_utf8_lossy(&page)
                .replace("WS", if path == "/flaky.html" { "WSf" } else { "WSb" });
            send(stream, "200 OK", &page_headers, page.as_bytes())
        }
        "/truncated.html" => {
            stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 10000\r\nConnection: close\r\n\r\n<html><body><p>cut")?;
            stream.flush()
        }
        "/loop.html" => send(
            stream,
            "302 Found",
            &[("Location", here(host, "/loop.html"))],
            b"",
        ),
        "/huge.html" => {
            stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 40000000\r\nConnection: close\r\n\r\n<html>")?;
            stream.flush()
        }
        // A page standing for one that only loopback should read; an article,
        // so that fetching it through `--resolve` saves it.
        "/internal-only.html" => {
            let page = std::fs::read(state.demo.join("global-offshore-wind-farm.html"))?;
            let page = String::from_utf8_lossy(&page).replace("WS", "WSo");
            send(stream, "200 OK", &page_headers, page.as_bytes())
        }
        "/to-loopback.html" => send(
            stream,
            "302 Found",
            &[("Location", here("127.0.0.1", "/internal-only.html"))],
            b"",
        ),
        "/loopback-image.html" => {
            let page = std::fs::read(state.demo.join("global-offshore-wind-farm.html"))?;
            let page = String::from_utf8_lossy(&page).replace("WS", "WSi").replace(
                "global-offshore-wind-farm_files/pic1.jpg",
                &here("127.0.0.1", "/x.jpg"),
            );
            send(stream, "200 OK", &page_headers, page.as_bytes())
        }
        "/rss/loopback.xml" => {
            let real = demo_urls()[0].clone();
            let links = [
                here("127.0.0.1", "/internal-only.html"),
                here("[::1]", "/internal-only.html"),
                here("0x7f.0.0.2", "/internal-only.html"),
                here(real.host_str().unwrap(), real.path()),
            ];
            let items: String = links
                .iter()
                .map(|l| format!("<item><title>t</title><link>{l}</link></item>"))
                .collect();
            let rss = format!(
                "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>L</title>{items}</channel></rss>"
            );
            send(
                stream,
                "200 OK",
                &[("Content-Type", "application/rss+xml".into())],
                rss.as_bytes(),
            )
        }
        _ => return Ok(false),
    };
    answered.map(|()| true)
}

/// The World section's listing pages and feed (with the story published
/// since, once `published` is set). False for any other path.
/// The short stories of `tests/fixtures/short`: (host, file name without `.html`).
pub fn short_stories() -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    for (edition, host) in [
        ("global", "www.chinadaily.com.cn"),
        ("asia", "www.chinadailyhk.com"),
        ("zh", "cn.chinadaily.com.cn"),
        ("fr", "french.chinadaily.com.cn"),
    ] {
        for kind in ["brief", "photo", "video"] {
            out.push((host, format!("{edition}-{kind}")));
        }
    }
    out
}

/// A section's listing page in China Daily's markup: each story's link and
/// time, and the link to the next page.
fn listing(stories: impl Iterator<Item = (String, String)>, next: Option<String>) -> String {
    let mut body = String::from(
        "<html><head><meta name=\"pagetype\" content=\"2\"></head><body><div class=\"lft_art\">",
    );
    for (i, (url, time)) in stories.enumerate() {
        body.push_str(&format!(
            "<div class=\"mb10 tw3_01_2\"><span class=\"tw3_01_2_t\"><h4><a href=\"{url}\">Story {i}</a></h4><b>{time}</b></span></div>"
        ));
    }
    if let Some(next) = next {
        body.push_str(&format!(
            "<div id=\"div_currpage\"><a href=\"{next}\">Next</a></div>"
        ));
    }
    body.push_str("</div></body></html>");
    body
}

/// Sends the file of tests/fixtures at this path, a page or a JPEG photo.
fn send_fixture(stream: &mut TcpStream, path: &str) -> std::io::Result<()> {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path.trim_start_matches('/'));
    let kind = if path.ends_with(".jpg") {
        "image/jpeg"
    } else {
        "text/html; charset=utf-8"
    };
    match std::fs::read(file) {
        Ok(bytes) => send(stream, "200 OK", &[("Content-Type", kind.into())], &bytes),
        Err(_) => send(stream, "404 Not Found", &[], b"not found"),
    }
}

fn respond_listing(state: &State, stream: &mut TcpStream, path: &str) -> std::io::Result<bool> {
    let port = state.port.load(Ordering::Relaxed);
    let here = |h: &str, p: &str| format!("http://{h}:{port}{p}");
    let page_headers = vec![("Content-Type", "text/html; charset=utf-8".to_string())];
    let answered = match path {
        "/rss/world_rss.xml" => {
            let mut items = String::new();
            for u in demo_urls()
                .iter()
                .filter(|u| u.host_str() == Some("www.chinadaily.com.cn"))
            {
                items.push_str(&format!(
                    "<item><title>t</title><link>{}</link><pubDate>Fri, 20 Nov 2026 08:00:00 +0800</pubDate></item>",
                    here(u.host_str().unwrap(), u.path())
                ));
            }
            let rss = format!(
                "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>World</title>{items}</channel></rss>"
            );
            send(
                stream,
                "200 OK",
                &[("Content-Type", "application/rss+xml".into())],
                rss.as_bytes(),
            )
        }
        p if p.starts_with("/world/page_") => {
            let n: usize = p
                .trim_start_matches("/world/page_")
                .trim_end_matches(".html")
                .parse()
                .unwrap_or(1);
            let mut urls: Vec<String> = demo_urls()
                .iter()
                .map(|u| here(u.host_str().unwrap(), u.path()))
                .collect();
            if *state.published.lock().unwrap() {
                urls.insert(
                    0,
                    here(
                        "www.chinadaily.com.cn",
                        "/a/202611/28/WSfresh0000000000000000000.html",
                    ),
                );
            }
            let chunk = urls.iter().skip((n - 1) * 6).take(6).enumerate();
            let stories = chunk.map(|(i, u)| (u.clone(), format!("2026-11-{:02} 08:00", 27 - i)));
            let next = (n * 6 < urls.len()).then(|| format!("page_{}.html", n + 1));
            let body = listing(stories, next);
            send(stream, "200 OK", &page_headers, body.as_bytes())
        }
        // A listing of the short stories of tests/fixtures/short, each on
        // its edition's host, and the stories themselves with their photos.
        "/short/index.html" => {
            let stories = short_stories().into_iter().map(|(host, name)| {
                let url = here(host, &format!("/short/{name}.html"));
                (url, "2026-11-12 08:00".to_string())
            });
            let body = listing(stories, None);
            send(stream, "200 OK", &page_headers, body.as_bytes())
        }
        p if p.starts_with("/short/") && !p.contains("..") => send_fixture(stream, p),
        // A listing whose second story robots.txt forbids.
        "/guarded/page_1.html" => {
            let first = demo_urls()
                .into_iter()
                .find(|u| u.host_str() == Some("www.chinadaily.com.cn"))
                .unwrap();
            let links = [
                here("www.chinadaily.com.cn", first.path()),
                here("www.chinadaily.com.cn", "/private/secret.html"),
            ];
            let stories = links.map(|u| (u, "2026-11-27 08:00".to_string()));
            let body = listing(stories.into_iter(), None);
            send(stream, "200 OK", &page_headers, body.as_bytes())
        }
        "/a/202611/28/WSfresh0000000000000000000.html" => {
            let answer = std::fs::read_to_string(
                state
                    .demo
                    .join("global-student-robotics-final.expected.json"),
            )?;
            let v: serde_json::Value = serde_json::from_str(&answer).unwrap();
            let old = url::Url::parse(v["url"].as_str().unwrap()).unwrap();
            let page =
                std::fs::read_to_string(state.demo.join("global-student-robotics-final.html"))?;
            let page = page
                .replace(old.path(), "/a/202611/28/WSfresh0000000000000000000.html")
                .replace("<h1>", "<h1>Fresh: ");
            send(stream, "200 OK", &page_headers, page.as_bytes())
        }
        _ => return Ok(false),
    };
    answered.map(|()| true)
}

fn respond(
    state: &State,
    stream: &mut TcpStream,
    host: &str,
    path: &str,
    headers: &HashMap<String, String>,
    hit: usize,
) -> std::io::Result<()> {
    if respond_unusual(state, stream, host, path, hit)? || respond_listing(state, stream, path)? {
        return Ok(());
    }
    let port = state.port.load(Ordering::Relaxed);
    let here = |h: &str, p: &str| format!("http://{h}:{port}{p}");
    let page_headers = vec![("Content-Type", "text/html; charset=utf-8".to_string())];
    match path {
        "/image.html" => {
            let jpg = std::fs::read(state.demo.join("global-offshore-wind-farm_files/pic1.jpg"))?;
            send(
                stream,
                "200 OK",
                &[("Content-Type", "image/jpeg".into())],
                &jpg,
            )
        }
        "/gb2312.html" => {
            let page = std::fs::read(
                PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                    .join("tests/fixtures/articles/zh-gb2312.html"),
            )?;
            send(
                stream,
                "200 OK",
                &[("Content-Type", "text/html".into())],
                &page,
            )
        }
        p if p.starts_with("/a/202611/16/WS6738c1d5a310f1265a1d5b10") => {
            // The three-page article of the fixtures.
            let name = p.rsplit('/').next().unwrap_or("");
            let file = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/multipage")
                .join(name);
            match std::fs::read(file) {
                Ok(b) => send(stream, "200 OK", &page_headers, &b),
                Err(_) => send(stream, "404 Not Found", &page_headers, b"no"),
            }
        }
        p if p.contains("_files/") => {
            let rel = p.rsplit('/').take(2).collect::<Vec<_>>();
            let file = state.demo.join(rel[1]).join(rel[0]);
            match std::fs::read(file) {
                Ok(b) => send(
                    stream,
                    "200 OK",
                    &[("Content-Type", "image/jpeg".into())],
                    &b,
                ),
                Err(_) => send(stream, "404 Not Found", &page_headers, b"no"),
            }
        }
        p => match state.pages.get(p) {
            Some(file) => {
                if headers.get("if-none-match").map(String::as_str) == Some("\"v1\"") {
                    return send(
                        stream,
                        "304 Not Modified",
                        &[("ETag", "\"v1\"".into())],
                        b"",
                    );
                }
                // The site's own links (canonical, other editions) point at this site.
                let mut body = std::fs::read_to_string(file)?;
                for h in HOSTS {
                    body = body.replace(&format!("https://{h}/"), &here(h, "/"));
                }
                let mut h = page_headers.clone();
                h.push(("ETag", "\"v1\"".into()));
                send(stream, "200 OK", &h, body.as_bytes())
            }
            None => send(
                stream,
                "404 Not Found",
                &page_headers,
                b"<html><body>not found</body></html>",
            ),
        },
    }
}
