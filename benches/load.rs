//! Load benchmark: `broadsheet serve`'s server under many clients at once.
//!
//! A library of `BENCH_LOAD_ARTICLES` generated articles (default 10,000;
//! [`corpus`], as the search benchmark) behind the real HTTP server on
//! 127.0.0.1; `BENCH_LOAD_CLIENTS` clients (default 50) each send requests
//! one after another for `BENCH_LOAD_SECS` seconds (default 60), over a new
//! connection each, in a fixed mix: searches (English, French, Chinese,
//! filtered), library pages of every edition, articles, suggestions. Every
//! answer must be 200 with JSON; anything else counts as an error.
//!
//! Printed: requests, errors, requests per second, p50 and p99 by kind and
//! overall; and the baseline measured in the same run: the same mix from a
//! single client for 10 seconds.
//!
//! Run: `make bench` (or `cargo bench --bench load`).

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[allow(dead_code, unused_imports)]
mod corpus;

use broadsheet::Library;
use broadsheet::api::Api;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

const SEED: u64 = 2026;
const KINDS: [&str; 4] = ["search", "library", "article", "suggest"];

fn env(var: &str, default: u64) -> u64 {
    std::env::var(var)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let articles = env("BENCH_LOAD_ARTICLES", 10_000) as usize;
    let clients = env("BENCH_LOAD_CLIENTS", 50) as usize;
    let secs = env("BENCH_LOAD_SECS", 60);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let lex = corpus::Lexicon::load(&root.join("benches/data")).expect("benches/data word lists");
    let temp = tempfile::tempdir().expect("temp dir");
    let mut lib = Library::open(temp.path().join("library")).expect("library");
    corpus::import_into(&mut lib, &lex, SEED, articles);
    let ids = Arc::new(lib.ids().expect("ids"));
    let api = Arc::new(Api::new(lib).expect("api"));
    let (_runtime, port) =
        broadsheet::api::http::spawn_on_loopback(api).expect("the server starts");
    println!(
        "load benchmark, {} CPUs; {articles} articles; mix of {}",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        KINDS.join(", ")
    );
    println!(
        "{:<26} {:>9} {:>7} {:>9} {:>10} {:>10}",
        "", "requests", "errors", "req/s", "p50", "p99"
    );
    run(port, &ids, 1, 10, "baseline: 1 client, 10 s");
    run(
        port,
        &ids,
        clients,
        secs,
        &format!("{clients} clients, {secs} s"),
    );
}

/// `clients` threads for `secs` seconds; prints the figures, overall and by kind.
fn run(port: u16, ids: &Arc<Vec<String>>, clients: usize, secs: u64, name: &str) {
    let until = Instant::now() + Duration::from_secs(secs);
    let started = Instant::now();
    let threads: Vec<_> = (0..clients)
        .map(|c| {
            let ids = Arc::clone(ids);
            std::thread::spawn(move || {
                let mut seen: Vec<(usize, Duration, bool)> = Vec::new();
                let mut i = c * 7919;
                while Instant::now() < until {
                    i += 1;
                    let kind = i % KINDS.len();
                    let path = request(kind, i, &ids);
                    let t = Instant::now();
                    let ok = get(port, &path);
                    seen.push((kind, t.elapsed(), ok));
                }
                seen
            })
        })
        .collect();
    let mut all: Vec<(usize, Duration, bool)> = Vec::new();
    for t in threads {
        all.extend(t.join().expect("a client thread"));
    }
    let elapsed = started.elapsed().as_secs_f64();
    let line = |label: &str, rows: Vec<&(usize, Duration, bool)>| {
        let errors = rows.iter().filter(|r| !r.2).count();
        let mut times: Vec<Duration> = rows.iter().map(|r| r.1).collect();
        times.sort();
        let at = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize];
        println!(
            "{label:<26} {:>9} {:>7} {:>9.0} {:>7.2} ms {:>7.2} ms",
            rows.len(),
            errors,
            rows.len() as f64 / elapsed,
            at(0.5).as_secs_f64() * 1e3,
            at(0.99).as_secs_f64() * 1e3
        );
    };
    line(name, all.iter().collect());
    for (k, kind) in KINDS.iter().enumerate() {
        line(
            &format!("  {kind}"),
            all.iter().filter(|r| r.0 == k).collect(),
        );
    }
}

fn request(kind: usize, i: usize, ids: &[String]) -> String {
    const QUERIES: [&str; 8] = [
        "china",
        "economy%20growth",
        "%E5%8F%91%E5%B1%95",
        "%E7%BB%8F%E6%B5%8E",
        "march%C3%A9",
        "%22new%20energy%22",
        "trade%20edition%3Aglobal",
        "culture%20-sport",
    ];
    const EDITIONS: [&str; 6] = ["", "global", "asia", "zh", "bilingual", "fr"];
    match kind {
        0 => format!("/api/search?q={}", QUERIES[(i / 4) % QUERIES.len()]),
        1 => format!(
            "/api/library?per_page=40&page={}&edition={}",
            1 + (i / 4) % 5,
            EDITIONS[(i / 4) % EDITIONS.len()]
        ),
        2 => format!("/api/articles/{}", ids[(i * 31) % ids.len()]),
        _ => format!(
            "/api/suggest?q={}",
            ["chin", "econ", "%E5%8F%91", "mar"][(i / 4) % 4]
        ),
    }
}

/// One GET on a new connection: true for a 200 with a JSON body.
fn get(port: u16, path: &str) -> bool {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(30)));
    if write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .is_err()
    {
        return false;
    }
    let mut raw = Vec::new();
    if s.read_to_end(&mut raw).is_err() {
        return false;
    }
    let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
        return false;
    };
    raw.starts_with(b"HTTP/1.1 200")
        && serde_json::from_slice::<serde_json::Value>(&raw[split + 4..]).is_ok()
}
