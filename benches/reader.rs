//! Reader benchmark: how fast the first screen of a large library comes up.
//!
//! For each size (`BENCH_READER_SIZES`, default `100000`) it generates that
//! many China Daily-style articles ([`corpus`], as the search benchmark
//! does), imports them, builds the index, and starts the real HTTP server
//! (the same router `broadsheet serve` runs) on 127.0.0.1. Then it times,
//! over HTTP/1.1 on loopback:
//!
//! - the first screen: every request the interface makes when it opens
//!   (`/`, its script and style, the first page of the library and the
//!   section list), for all editions and for each edition; the first run
//!   after the server starts, then p50/p99 over repeated runs;
//! - opening an article, and a search, as the interface asks for them;
//! - the baseline, measured in the same run: the whole listing at once
//!   (every article's summary as one JSON answer), what a reader without
//!   paging would load before showing anything.
//!
//! With `BENCH_BROWSER=1` (and Debian's chromium and the e2e packages
//! installed) it also loads the page in headless chromium and reports the
//! time until the first articles are on screen.
//!
//! Run: `make bench` (or `cargo bench --bench reader`).

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

// The generator is shared with tests/corpus.rs, which runs its tests.
#[allow(dead_code, unused_imports)]
mod corpus;

use broadsheet::Library;
use broadsheet::api::Api;
use corpus::Lexicon;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

const SEED: u64 = 2026;
const REPEATS: usize = 30;

fn main() {
    let sizes = corpus::sizes("BENCH_READER_SIZES", "100000");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let lex = Lexicon::load(&root.join("benches/data")).expect("benches/data word lists");
    println!(
        "reader benchmark, {} CPUs; sizes {sizes:?}; {REPEATS} runs of each screen{}",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        if broadsheet::api::ui::built() {
            ""
        } else {
            "; the interface is not built (make ui): its files are not timed"
        }
    );
    for n in sizes {
        run(&lex, n, &root);
    }
}

fn run(lex: &Lexicon, n: usize, root: &std::path::Path) {
    let temp = tempfile::tempdir().expect("temp dir");
    println!("\n== {n} articles");
    let mut lib = Library::open(temp.path().join("library")).expect("library");
    let took = corpus::import_into(&mut lib, lex, SEED, n);
    println!("library built in {:.1} s", took.as_secs_f64());
    let t = Instant::now();
    let api = Arc::new(Api::new(lib).expect("api"));
    println!("index built in {:.1} s", t.elapsed().as_secs_f64());

    // The server, as `broadsheet serve` runs it.
    let (_runtime, port) =
        broadsheet::api::http::spawn_on_loopback(api).expect("the server starts");

    let ui: Vec<&str> = if broadsheet::api::ui::built() {
        vec!["/", "/assets/app.js", "/assets/index.css"]
    } else {
        Vec::new()
    };
    let screen = |edition: Option<&str>| -> Vec<String> {
        let e = edition.map_or(String::new(), |e| format!("&edition={e}"));
        let mut paths: Vec<String> = ui.iter().map(|p| p.to_string()).collect();
        paths.push(format!("/api/library?page=1&per_page=40{e}"));
        paths.push(format!("/api/sections?{}", e.trim_start_matches('&')));
        paths
    };

    println!(
        "{:<34} {:>10} {:>10} {:>10} {:>12}",
        "", "first", "p50", "p99", "bytes"
    );
    let all = screen(None);
    let first_screen = measure(port, "first screen, all editions", &all);
    for e in ["global", "asia", "zh", "bilingual", "fr"] {
        measure(port, &format!("first screen, {e}"), &screen(Some(e)));
    }
    // An article and a search, as the interface asks for them.
    let (_, body) = get(port, "/api/library?page=1&per_page=1");
    let list: serde_json::Value = serde_json::from_slice(&body).expect("listing");
    let id = list["articles"][0]["id"].as_str().expect("an article");
    measure(port, "open an article", &[format!("/api/articles/{id}")]);
    measure(
        port,
        "search (20 hits, facets)",
        &["/api/search?q=china&per_page=20".to_string()],
    );
    let more = format!("/api/library?page={}&per_page=40", n / 40 / 2);
    measure(port, "a page half way down the list", &[more]);

    // Baseline: the whole listing at once.
    let lib = Library::open(temp.path().join("library")).expect("library");
    let mut times = Vec::new();
    let mut bytes = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let all = lib
            .list(&broadsheet::library::ListFilter::default())
            .expect("list");
        bytes = serde_json::to_vec(&all).expect("json").len();
        times.push(t.elapsed());
    }
    let first = times[0];
    let (p50, p99) = percentiles(&mut times);
    println!(
        "{:<34} {:>10} {:>10} {:>10} {:>12}",
        "baseline: the whole listing",
        ms(first),
        ms(p50),
        ms(p99),
        bytes
    );
    println!(
        "first screen p50 is {:.0}x faster than loading the whole listing",
        p50.as_secs_f64() / first_screen.as_secs_f64()
    );

    if std::env::var_os("BENCH_BROWSER").is_some() {
        browser(root, port);
    }
}

/// Requests `paths` one after the other, `REPEATS` times; prints the first
/// run, p50 and p99 of the whole sequence; answers the p50.
fn measure(port: u16, name: &str, paths: &[String]) -> Duration {
    let mut times = Vec::with_capacity(REPEATS);
    let mut bytes = 0;
    for _ in 0..REPEATS {
        let t = Instant::now();
        bytes = 0;
        for p in paths {
            let (status, body) = get(port, p);
            assert_eq!(status, 200, "{p}");
            bytes += body.len();
        }
        times.push(t.elapsed());
    }
    let first = times[0];
    let (p50, p99) = percentiles(&mut times);
    println!(
        "{name:<34} {:>10} {:>10} {:>10} {bytes:>12}",
        ms(first),
        ms(p50),
        ms(p99)
    );
    p50
}

/// GET over a fresh connection, as a browser's first request would.
fn get(port: u16, path: &str) -> (u16, Vec<u8>) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .expect("request");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("answer");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("headers");
    let status = std::str::from_utf8(&raw[9..12])
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, raw[split + 4..].to_vec())
}

fn percentiles(times: &mut [Duration]) -> (Duration, Duration) {
    times.sort();
    let at = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize];
    (at(0.5), at(0.99))
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

/// Loads the interface in headless chromium (tests/e2e/first-screen.mjs)
/// and prints the time until the first articles are on screen.
fn browser(root: &std::path::Path, port: u16) {
    let out = std::process::Command::new("node")
        .arg(root.join("tests/e2e/first-screen.mjs"))
        .arg(format!("http://127.0.0.1:{port}/"))
        .output();
    match out {
        Ok(o) if o.status.success() => print!("{}", String::from_utf8_lossy(&o.stdout)),
        Ok(o) => println!(
            "browser: could not measure: {}",
            String::from_utf8_lossy(&o.stderr).trim()
        ),
        Err(e) => println!("browser: could not run node: {e}"),
    }
}
