//! Download throughput against the mock China Daily site the tests use (on
//! 127.0.0.1), with politeness off (no delay between requests to a host)
//! and on (the default one-second delay), next to importing the same pages
//! from files: the network code should not be the bottleneck when the
//! network is fast.
//!
//! Run: `make bench` (or `cargo bench --bench fetch`).

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "../tests/common/mock_site.rs"]
mod mock_site;

use broadsheet::fetch::{Crawl, FetchOptions, Fetcher};
use broadsheet::{Library, import};
use std::net::SocketAddr;
use std::time::{Duration, Instant};

fn main() {
    let site = mock_site::MockSite::start();
    let urls: Vec<url::Url> = site
        .article_urls()
        .iter()
        .map(|u| url::Url::parse(u).unwrap())
        .collect();
    let resolve: Vec<(String, SocketAddr)> = mock_site::HOSTS
        .iter()
        .map(|h| (h.to_string(), SocketAddr::from(([127, 0, 0, 1], site.port))))
        .collect();
    let runtime = broadsheet::runtime::build().unwrap();
    println!(
        "{} articles (with their images) from a local mock site",
        urls.len()
    );
    let row = |name: &str, delay: Duration, runs: usize| {
        let mut best = f64::INFINITY;
        let mut bytes = 0;
        for _ in 0..runs {
            let dir = tempfile::tempdir().unwrap();
            let mut lib = Library::open(dir.path()).unwrap();
            let opts = FetchOptions {
                delay,
                resolve: resolve.clone(),
                ..FetchOptions::default()
            };
            let fetcher = Fetcher::new(opts).unwrap();
            let mut crawl = Crawl::new(fetcher, &mut lib);
            let t = Instant::now();
            runtime
                .block_on(crawl.articles(urls.clone(), &mut |p| bytes = p.bytes))
                .unwrap();
            best = best.min(t.elapsed().as_secs_f64());
            assert_eq!(
                crawl.report.imported,
                urls.len(),
                "{:?}",
                crawl.report.failed.first()
            );
        }
        println!(
            "  {name:<44} {:>8.1} articles/s {:>7.2} MB/s {:>7.2} s",
            urls.len() as f64 / best,
            bytes as f64 / 1e6 / best,
            best
        );
    };
    row("fetch, politeness off (no delay)", Duration::ZERO, 5);
    row(
        "fetch, politeness on (1 s between requests to a host)",
        Duration::from_secs(1),
        1,
    );

    let demo = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/demo");
    let mut best = f64::INFINITY;
    for _ in 0..5 {
        let dir = tempfile::tempdir().unwrap();
        let mut lib = Library::open(dir.path()).unwrap();
        let t = Instant::now();
        import::import_paths(&mut lib, std::slice::from_ref(&demo), &mut |_| {}).unwrap();
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "  {:<44} {:>8.1} articles/s {:>18.2} s",
        "import of the same pages from files",
        urls.len() as f64 / best,
        best
    );
}
