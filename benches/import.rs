//! Import throughput against html5ever parse-only throughput, same pages,
//! same run.
//!
//! The pages are the demo library and the extraction fixtures, each copied
//! under distinct canonical URLs until there are `BENCH_PAGES` (default
//! 2,000) different articles, written to a temporary folder with their
//! "Save Page As" image folders.
//!
//! - "parse only" builds the html5ever DOM (dom_query's tree, the one
//!   extraction uses) from text already decoded and in memory, on one thread;
//! - "decode + parse + extract" adds what extraction does, on one thread;
//! - "import" is `broadsheet import` on the folder: read each file, decode,
//!   parse, extract, keep images offline, compress the original page and
//!   commit it to SQLite (extraction and storage overlap on two threads).
//!
//! Target: import at least half the parse-only rate. Run: `make bench`
//! (or `cargo bench --bench import`).

use broadsheet::{Library, import};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn main() -> broadsheet::Result<()> {
    let n: usize = std::env::var("BENCH_PAGES").ok().and_then(|v| v.parse().ok()).unwrap_or(2000);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let sources = source_pages(&root);
    let work = tempfile::tempdir()?;
    let folder = work.path().join("pages");
    std::fs::create_dir_all(&folder)?;
    let mut pages: Vec<String> = Vec::with_capacity(n);
    for i in 0..n {
        let (path, html) = &sources[i % sources.len()];
        let copy = i / sources.len();
        // A distinct canonical URL per copy: a distinct article.
        let html = html
            .replace(".chinadaily.com.cn/", &format!(".chinadaily.com.cn/c{copy}/"))
            .replace("chinadailyhk.com/", &format!("chinadailyhk.com/c{copy}/"));
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("page");
        std::fs::write(folder.join(format!("{stem}-c{copy}.html")), &html)?;
        let images = path.with_file_name(format!("{stem}_files"));
        if copy == 0 && images.is_dir() {
            let dest = folder.join(format!("{stem}_files"));
            std::fs::create_dir_all(&dest)?;
            for e in std::fs::read_dir(&images)? {
                let e = e?;
                std::fs::copy(e.path(), dest.join(e.file_name()))?;
            }
        }
        pages.push(html);
    }
    let mb = pages.iter().map(String::len).sum::<usize>() as f64 / 1e6;
    println!("{n} pages, {mb:.1} MB of HTML ({} distinct source pages), {} CPUs", sources.len(), cpus());

    for html in pages.iter().take(50) {
        std::hint::black_box(dom_query::Document::from(html.as_str())); // warm-up
    }
    let parse = best_of(3, || {
        let t = Instant::now();
        for html in &pages {
            std::hint::black_box(dom_query::Document::from(html.as_str()));
        }
        t.elapsed().as_secs_f64()
    });
    let extract = best_of(3, || {
        let t = Instant::now();
        for html in &pages {
            let page = broadsheet::extract::Page { bytes: html.as_bytes(), ..Default::default() };
            std::hint::black_box(broadsheet::extract::extract(&page).expect("extract"));
        }
        t.elapsed().as_secs_f64()
    });
    let import = best_of(3, || {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut lib = Library::open(dir.path()).expect("library");
        let t = Instant::now();
        let report = import::import_paths(&mut lib, &[folder.clone()], &mut |_| {}).expect("import");
        let secs = t.elapsed().as_secs_f64();
        assert_eq!((report.imported, report.failed.len()), (n, 0), "{:?}", report.failed.first());
        secs
    });

    let row = |name: &str, secs: f64| {
        println!("{name:<40} {:>8.0} pages/s {:>7.1} MB/s {:>8.3} s", n as f64 / secs, mb / secs, secs);
    };
    println!("{:<40} {:>24} {:>10}", "", "throughput", "best of 3");
    row("html5ever parse only (baseline, 1 thread)", parse);
    row("decode + parse + extract (1 thread)", extract);
    row("broadsheet import, files to SQLite", import);
    let ratio = parse / import;
    println!("import / parse-only = {ratio:.2} (target >= 0.50: {})", if ratio >= 0.5 { "met" } else { "NOT met" });
    Ok(())
}

fn cpus() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn best_of(runs: usize, mut f: impl FnMut() -> f64) -> f64 {
    (0..runs).map(|_| f()).fold(f64::INFINITY, f64::min)
}

/// The demo pages and article fixtures, decoded.
fn source_pages(root: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    for dir in ["assets/demo", "tests/fixtures/articles"] {
        let mut names: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .expect("page folder")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "html"))
            .collect();
        names.sort();
        for p in names {
            let bytes = std::fs::read(&p).expect("page");
            out.push((p, broadsheet::encoding::decode(&bytes, None).text));
        }
    }
    out
}
