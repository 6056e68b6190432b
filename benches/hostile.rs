//! Extraction cost of adversarial pages next to an ordinary page, same run.
//!
//! Each page goes through `broadsheet::extract::extract` (decode, parse,
//! extract; on this thread, or on its worker for the 30 MB page, which is
//! over `extract::INLINE_BYTES`, and then the copy handed over is counted);
//! the figures are time per MB of page (best of
//! `BENCH_RUNS`, default 3) and peak memory (the most bytes allocated at once
//! during the extraction, counted by this benchmark's allocator), each also
//! as a multiple of the ordinary page's figure per MB. The ordinary page is
//! a demo article in the furniture of a real China Daily page (44 KB).
//!
//! Target: every adversarial page within 10x of the ordinary page's cost
//! per MB, in time and in peak memory. Run: `make bench` (or
//! `cargo bench --bench hostile`).

mod furniture;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use broadsheet::extract::{Page, extract};

/// Counts the bytes allocated now and the most at once since the last reset.
struct Counting;

static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = NOW.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        unsafe { System.dealloc(p, layout) };
        NOW.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new: usize) -> *mut u8 {
        let q = unsafe { System.realloc(p, layout, new) };
        if !q.is_null() {
            if new > layout.size() {
                let grown = new - layout.size();
                let now = NOW.fetch_add(grown, Ordering::Relaxed) + grown;
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                NOW.fetch_sub(layout.size() - new, Ordering::Relaxed);
            }
        }
        q
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Where the pages say they come from: China Daily, read by its profile.
const CHINA_DAILY: &str =
    "https://www.chinadaily.com.cn/a/202611/28/WS000000000000000000000001.html";

/// Runs one extraction of a page from `url`; answers (seconds, peak bytes
/// above what was allocated before it, outcome).
fn measure(html: &[u8], url: &str) -> (f64, usize, String) {
    let before = NOW.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let start = Instant::now();
    let outcome = match extract(&Page {
        bytes: html,
        url: Some(url),
        ..Page::default()
    }) {
        Ok(x) => format!("article, {} blocks", x.article.blocks.len()),
        Err(e) => format!("refused: {e}"),
    };
    let secs = start.elapsed().as_secs_f64();
    (secs, PEAK.load(Ordering::Relaxed) - before, outcome)
}

/// An article page around `blob`: a headline, a paragraph, the blob.
fn page_with(blob: &str) -> String {
    format!(
        "<!doctype html><html lang=en><head><title>A hostile page</title></head><body>\
         <article><h1>A hostile page</h1><p>{}</p>{blob}</article></body></html>",
        "Readers of this page see an ordinary paragraph first. ".repeat(8)
    )
}

fn hostile_pages() -> Vec<(&'static str, String, &'static str)> {
    let nested = |n: usize| "<div>".repeat(n) + "deep text" + &"</div>".repeat(n);
    let attributes: String = (0..10_000).map(|i| format!(" data-a{i}=\"v\"")).collect();
    let reopened: String = (0..256).map(|i| format!("<b id=b{i}>")).collect();
    vec![
        ("nested 10,000 deep (div)", page_with(&nested(10_000))),
        ("nested 100,000 deep (div)", page_with(&nested(100_000))),
        (
            "nested 10,000 deep (b, unclosed)",
            page_with(&"<b>".repeat(10_000)),
        ),
        (
            "100,000 siblings (p)",
            page_with(&"<p>a few words</p>".repeat(100_000)),
        ),
        (
            "30 MB text node",
            page_with(&format!("<p>{}</p>", "word ".repeat(6_000_000))),
        ),
        (
            "10,000 attributes on one element",
            page_with(&format!("<div{attributes}>text</div>")),
        ),
        (
            "200 deep, then 50,000 siblings",
            page_with(&("<div>".repeat(200) + &"<div>x</div>".repeat(50_000))),
        ),
        (
            "256 open <b> reopened in 20,000 paragraphs",
            page_with(&format!("<p>{reopened}</p>{}", "<p>x</p>".repeat(20_000))),
        ),
        (
            "20,000 nested tables",
            page_with(&"<table><tr><td>".repeat(20_000)),
        ),
    ]
    .into_iter()
    .map(|(name, html)| (name, html, CHINA_DAILY))
    .chain([(
        // People's Daily's profile looks for `div.text_title div.box01
        // div.fl`: under 128 nested boxes and no title, a naive matcher
        // retries every box for every `div.fl`.
        "128 nested .box01, 5,000 div.fl (People's Daily)",
        page_with(
            &("<div class=box01>".repeat(128)
                + &"<div class=fl>a few words</div>".repeat(5_000)
                + &"</div>".repeat(128)),
        ),
        "http://world.people.com.cn/n1/2026/1128/c1002-30000000.html",
    )])
    .collect()
}

fn main() {
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let demo = std::fs::read_to_string("assets/demo/global-lunar-samples.html")
        .or_else(|_| {
            let first = std::fs::read_dir("assets/demo")?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "html"))
                .min()
                .ok_or(std::io::ErrorKind::NotFound)?;
            std::fs::read_to_string(first)
        })
        .expect("a demo page in assets/demo");
    let ordinary = furniture::furnish(&demo, 1);

    let best = |html: &[u8], url: &str| {
        let mut best = (f64::INFINITY, 0, String::new());
        for _ in 0..runs {
            let (t, peak, outcome) = measure(html, url);
            if t < best.0 {
                best = (t, peak, outcome);
            }
        }
        best
    };
    // The ordinary page is small: time 200 runs at once for a steady figure.
    let base_runs = 200;
    let start = Instant::now();
    for _ in 0..base_runs {
        measure(ordinary.as_bytes(), CHINA_DAILY);
    }
    let base_secs = start.elapsed().as_secs_f64() / base_runs as f64;
    let (_, base_peak, base_outcome) = best(ordinary.as_bytes(), CHINA_DAILY);
    let base_mb = ordinary.len() as f64 / 1e6;
    let base_ms_per_mb = base_secs * 1e3 / base_mb;
    let base_peak_per_mb = base_peak as f64 / 1e6 / base_mb;

    println!("extraction of adversarial pages, {runs} runs each (best), this machine:");
    println!(
        "  {:<44} {:>9} {:>10} {:>6} {:>12} {:>6}  outcome",
        "page", "size MB", "ms per MB", "x", "peak MB/MB", "x"
    );
    println!(
        "  {:<44} {:>9.3} {:>10.1} {:>6} {:>12.1} {:>6}  {base_outcome}",
        "ordinary 44 KB page (baseline)", base_mb, base_ms_per_mb, "1.0", base_peak_per_mb, "1.0"
    );
    let mut worst: f64 = 0.0;
    for (name, html, url) in hostile_pages() {
        let (secs, peak, outcome) = best(html.as_bytes(), url);
        let mb = html.len() as f64 / 1e6;
        let ms_per_mb = secs * 1e3 / mb;
        let peak_per_mb = peak as f64 / 1e6 / mb;
        let (tx, mx) = (ms_per_mb / base_ms_per_mb, peak_per_mb / base_peak_per_mb);
        worst = worst.max(tx).max(mx);
        let outcome: String = outcome.chars().take(60).collect();
        println!(
            "  {name:<44} {mb:>9.3} {ms_per_mb:>10.1} {tx:>6.1} {peak_per_mb:>12.1} {mx:>6.1}  {outcome}"
        );
    }
    println!(
        "  worst multiple of the ordinary page's cost per MB: {worst:.1} (target: at most 10)"
    );
}
