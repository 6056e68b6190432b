//! Import throughput against html5ever parse-only throughput, same pages,
//! same run.
//!
//! The pages are the demo library and the extraction fixtures, each copied
//! under distinct canonical URLs until there are `BENCH_PAGES` (default
//! 4,000) different articles, written to a temporary folder with their
//! "Save Page As" image folders (copies of a page share its image folder, so
//! images are read and hashed for every page but written once). Two sets:
//!
//! - "full pages": each page wrapped in the furniture a real China Daily
//!   page carries around its article (channel menus, "Most Viewed" and
//!   picture rails, footer link lists, analytics and share scripts), about
//!   40 KB a page, the size of the site's real pages (its section page in
//!   the shared corpus is 54 KB; real news pages run 50-200 KB);
//! - "bare pages": the demo pages as they are, about 6 KB, article and
//!   little else: the worst case for import against parsing, since the
//!   fixed cost of storing an article is spread over little HTML.
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

mod furniture;

use broadsheet::{Library, import};
use furniture::furnish;

/// mimalloc: import allocates many small strings on several threads, where
/// it is markedly faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn main() -> broadsheet::Result<()> {
    let n: usize = std::env::var("BENCH_PAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4000);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let sources = source_pages(&root);
    println!(
        "{n} articles per set, {} distinct source pages, {} CPUs",
        sources.len(),
        cpus()
    );
    let full = run("full pages", &sources, n, true)?;
    let bare = run("bare pages", &sources, n, false)?;
    println!();
    for (name, ratio) in [("full pages", full), ("bare pages", bare)] {
        let verdict = if ratio >= 0.5 { "met" } else { "NOT met" };
        println!("{name}: import / parse-only = {ratio:.2} (target >= 0.50: {verdict})");
    }
    Ok(())
}

/// Writes the set, measures it, prints its rows; returns import / parse-only.
fn run(
    name: &str,
    sources: &[(PathBuf, String)],
    n: usize,
    furnished: bool,
) -> broadsheet::Result<f64> {
    let work = tempfile::tempdir()?;
    let folder = work.path().join("pages");
    std::fs::create_dir_all(&folder)?;
    let mut pages: Vec<String> = Vec::with_capacity(n);
    for i in 0..n {
        let (path, html) = &sources[i % sources.len()];
        let copy = i / sources.len();
        // A distinct canonical URL per copy: a distinct article.
        let mut html = html
            .replace(
                ".chinadaily.com.cn/",
                &format!(".chinadaily.com.cn/c{copy}/"),
            )
            .replace("chinadailyhk.com/", &format!("chinadailyhk.com/c{copy}/"));
        if furnished {
            html = furnish(&html, i);
        }
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
    println!(
        "\n{name}: {n} pages, {mb:.1} MB of HTML, {:.1} KB a page",
        mb * 1e3 / n as f64
    );

    for html in pages.iter().take(50) {
        std::hint::black_box(dom_query::Document::from(html.as_str())); // warm-up
    }
    let parse = best_of(5, || {
        let t = Instant::now();
        for html in &pages {
            std::hint::black_box(dom_query::Document::from(html.as_str()));
        }
        t.elapsed().as_secs_f64()
    });
    let extract = best_of(5, || {
        let t = Instant::now();
        for html in &pages {
            let page = broadsheet::extract::Page {
                bytes: html.as_bytes(),
                ..Default::default()
            };
            std::hint::black_box(broadsheet::extract::extract(&page).expect("extract"));
        }
        t.elapsed().as_secs_f64()
    });
    let import = best_of(5, || {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut lib = Library::open(dir.path()).expect("library");
        let t = Instant::now();
        let report = import::import_paths(&mut lib, std::slice::from_ref(&folder), &mut |_| {})
            .expect("import");
        let secs = t.elapsed().as_secs_f64();
        assert_eq!(
            (report.imported, report.failed.len()),
            (n, 0),
            "{:?}",
            report.failed.first()
        );
        secs
    });

    let row = |name: &str, secs: f64| {
        println!(
            "  {name:<42} {:>8.0} pages/s {:>7.1} MB/s {:>8.3} s",
            n as f64 / secs,
            mb / secs,
            secs
        );
    };
    println!("  {:<42} {:>24} {:>10}", "", "throughput", "best of 5");
    row("html5ever parse only (baseline, 1 thread)", parse);
    row("decode + parse + extract (1 thread)", extract);
    row("broadsheet import, files to SQLite", import);
    Ok(parse / import)
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
