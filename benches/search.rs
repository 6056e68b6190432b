//! Search benchmark: Broadsheet's index against SQLite FTS5 and ripgrep on
//! the same articles, at several library sizes.
//!
//! For each size (`BENCH_SIZES`, default `10000,100000`; add `1000000` for
//! the large run) it generates that many China Daily-style articles across
//! the five editions ([`corpus`]: deterministic, words drawn by frequency
//! from `benches/data`), then measures:
//!
//! - import: pages generated in memory and imported through the library's
//!   import engine (extract, compress, store), and the index built from the
//!   store;
//! - index size against the articles' stored text;
//! - query latency, p50 and p99, warm, over a fixed mix: English, French,
//!   Chinese (one, two, several characters), bilingual, phrases, filtered,
//!   sorted by date, OR and exclusion; each query returns a page of 10 hits
//!   with snippets, the exact total and facet counts;
//! - the same text queries on SQLite FTS5 (unicode61 tokenizer, bm25 order,
//!   10 rows with `snippet()`, plus an exact count), and on ripgrep (`rg -c
//!   -i -F` over one text file per article, ArchiveBox's default search).
//!
//! Run: `make bench` (or `cargo bench --bench search`).

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

// The generator is shared with tests/corpus.rs, which runs its tests.
#[allow(dead_code, unused_imports)]
mod corpus;

use broadsheet::index::{SearchIndex, SearchRequest, Sort};
use broadsheet::{Edition, Library};
use corpus::{Lexicon, Rng};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const SEED: u64 = 2026;
const REPEATS: usize = 20;

/// One query of the mix.
struct Q {
    kind: &'static str,
    request: SearchRequest,
    /// The text part in FTS5 syntax, if FTS5 can run it.
    fts: Option<String>,
    /// A fixed string for ripgrep, if it is a plain word or phrase.
    rg: Option<String>,
    cjk: bool,
}

fn main() {
    let sizes = corpus::sizes("BENCH_SIZES", "10000,100000");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let lex = Lexicon::load(&root.join("benches/data")).expect("benches/data word lists");
    let has_rg = Command::new("rg").arg("--version").output().is_ok();
    println!(
        "search benchmark, {} CPUs; sizes {sizes:?}; {REPEATS} runs of each query{}",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        if has_rg {
            ""
        } else {
            "; ripgrep not installed, its column is skipped"
        }
    );
    for n in sizes {
        run(&lex, n, has_rg);
    }
}

fn run(lex: &Lexicon, n: usize, has_rg: bool) {
    // BENCH_KEEP=DIR keeps the libraries (DIR/N/library) for a closer look.
    let temp = tempfile::tempdir().expect("temp dir");
    let work = match std::env::var_os("BENCH_KEEP") {
        Some(dir) => PathBuf::from(dir).join(n.to_string()),
        None => temp.path().to_path_buf(),
    };
    let _ = std::fs::remove_dir_all(&work);
    println!("\n== {n} articles");

    // Import.
    let mut lib = Library::open(work.join("library")).expect("library");
    let import_secs = corpus::import_into(&mut lib, lex, SEED, n).as_secs_f64();
    let t = Instant::now();
    let sample = 2000.min(n);
    for i in 0..sample {
        std::hint::black_box(corpus::page(lex, SEED, i as u64));
    }
    let generate_each = t.elapsed().as_secs_f64() / sample as f64;
    println!(
        "import: {:.0} articles/s ({:.1} s; generating a page takes {:.0} µs of that, on one of the threads)",
        n as f64 / import_secs,
        import_secs,
        generate_each * 1e6
    );

    let (index, texts) = index_and_texts(&lib, n);

    let queries = mix(lex, &lib);

    let (mut ours, answered) = time_ours(&index, &queries);

    let (fts_build, mut fts_times, fts_answered) = time_fts(&work, &texts, &queries);

    let mut rg_times = if has_rg {
        time_rg(&work, &texts, &queries)
    } else {
        Vec::new()
    };

    let mut by_kind: Vec<(&str, Vec<Duration>)> = Vec::new();
    for (q, chunk) in queries.iter().zip(ours.chunks(REPEATS)) {
        match by_kind.iter_mut().find(|(k, _)| *k == q.kind) {
            Some((_, v)) => v.extend_from_slice(chunk),
            None => by_kind.push((q.kind, chunk.to_vec())),
        }
    }
    let kinds: Vec<String> = by_kind
        .iter_mut()
        .map(|(k, v)| format!("{k} {}", ms(percentiles(v).0)))
        .collect();
    let (p50, p99) = percentiles(&mut ours);
    let (f50, f99) = percentiles(&mut fts_times);
    println!(
        "{:<44} {:>10} {:>10} {:>12}",
        format!("query latency ({} queries x {REPEATS})", queries.len()),
        "p50",
        "p99",
        "CJK answered"
    );
    println!(
        "{:<44} {:>10} {:>10} {:>12}",
        "broadsheet (tantivy), snippets + facets",
        ms(p50),
        ms(p99),
        format!("{}/{}", answered.0, answered.1)
    );
    println!(
        "{:<44} {:>10} {:>10} {:>12}",
        format!("SQLite FTS5, snippet() + count (built {fts_build:.1} s)"),
        ms(f50),
        ms(f99),
        format!("{}/{}", fts_answered.0, fts_answered.1)
    );
    if !rg_times.is_empty() {
        let (r50, r99) = percentiles(&mut rg_times);
        println!(
            "{:<44} {:>10} {:>10} {:>12}",
            "ripgrep, rg -c -i -F over text files",
            ms(r50),
            ms(r99),
            "-"
        );
        println!(
            "broadsheet is {:.0}x faster than ripgrep at p50",
            r50.as_secs_f64() / p50.as_secs_f64()
        );
    }
    println!(
        "broadsheet vs FTS5: {:.1}x faster at p50, {:.1}x at p99",
        f50.as_secs_f64() / p50.as_secs_f64(),
        f99.as_secs_f64() / p99.as_secs_f64()
    );
    let ok = |b: bool| if b { "met" } else { "NOT met" };
    println!("broadsheet p50 by kind: {}", kinds.join(", "));
    println!(
        "targets: p50 <= 2 ms {}; p99 <= 20 ms {}; faster than FTS5 at p99 {}",
        ok(p50 <= Duration::from_millis(2)),
        ok(p99 <= Duration::from_millis(20)),
        ok(p99 < f99)
    );
}

/// Builds the index of the library (saying how fast and how large), and
/// answers it with every article's title and body text.
fn index_and_texts(lib: &Library, n: usize) -> (SearchIndex, Vec<(String, String)>) {
    let t = Instant::now();
    let index = SearchIndex::rebuild(lib, &mut |_, _| {}).expect("index");
    let index_secs = t.elapsed().as_secs_f64();
    let mut text_bytes = 0u64;
    let mut texts: Vec<(String, String)> = Vec::with_capacity(n);
    lib.for_each_article(|a| {
        let body = a.body_text();
        text_bytes += (a.title.len() + body.len()) as u64;
        texts.push((a.title, body));
        Ok(())
    })
    .expect("articles");
    let index_bytes = index.size_on_disk();
    println!(
        "index: {:.0} articles/s ({:.1} s); {:.0} MB for {:.0} MB of text ({:.2}x)",
        n as f64 / index_secs,
        index_secs,
        index_bytes as f64 / 1e6,
        text_bytes as f64 / 1e6,
        index_bytes as f64 / text_bytes as f64
    );
    (index, texts)
}

/// Broadsheet's latencies over the query mix (after a warm-up), and how
/// many of the Chinese queries found something.
fn time_ours(index: &SearchIndex, queries: &[Q]) -> (Vec<Duration>, (usize, usize)) {
    for q in queries {
        index.search(&q.request).expect("warm-up");
    }
    let mut ours = Vec::new();
    let mut answered = (0, 0);
    for q in queries {
        for _ in 0..REPEATS {
            let t = Instant::now();
            let r = index.search(&q.request).expect("search");
            ours.push(t.elapsed());
            std::hint::black_box(&r);
        }
        if q.cjk {
            answered.1 += 1;
            if index.search(&q.request).expect("search").total > 0 {
                answered.0 += 1;
            }
        }
    }
    (ours, answered)
}

/// SQLite FTS5 on the same text: its build time, latencies over the mix
/// and how many Chinese queries found something.
fn time_fts(
    work: &Path,
    texts: &[(String, String)],
    queries: &[Q],
) -> (f64, Vec<Duration>, (usize, usize)) {
    let fts = rusqlite::Connection::open(work.join("fts.sqlite")).expect("fts db");
    fts.execute_batch(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;
         CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2');",
    )
    .expect("fts5 table");
    let t = Instant::now();
    {
        let tx = fts.unchecked_transaction().expect("tx");
        let mut insert = tx
            .prepare("INSERT INTO docs (title, body) VALUES (?1, ?2)")
            .expect("insert");
        for (title, body) in texts {
            insert.execute([title, body]).expect("insert");
        }
        drop(insert);
        tx.commit().expect("commit");
    }
    let fts_build = t.elapsed().as_secs_f64();
    let mut fts_times = Vec::new();
    let mut fts_answered = (0, 0);
    let mut top = fts
        .prepare(
            "SELECT rowid, title, snippet(docs, 1, '<mark>', '</mark>', '…', 24) FROM docs
             WHERE docs MATCH ?1 ORDER BY rank LIMIT 10",
        )
        .expect("fts query");
    let mut count = fts
        .prepare("SELECT count(*) FROM docs WHERE docs MATCH ?1")
        .expect("fts count");
    let fts_search =
        |top: &mut rusqlite::Statement, count: &mut rusqlite::Statement, m: &str| -> i64 {
            let rows: Vec<(i64, String, String)> = top
                .query_map([m], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .expect("fts")
                .collect::<rusqlite::Result<_>>()
                .expect("fts rows");
            std::hint::black_box(rows);
            count.query_row([m], |r| r.get(0)).expect("fts count")
        };
    for q in queries.iter().filter(|q| q.fts.is_some()) {
        let m = q.fts.as_deref().expect("fts text");
        fts_search(&mut top, &mut count, m);
        for _ in 0..REPEATS {
            let t = Instant::now();
            fts_search(&mut top, &mut count, m);
            fts_times.push(t.elapsed());
        }
        if q.cjk {
            fts_answered.1 += 1;
            if fts_search(&mut top, &mut count, m) > 0 {
                fts_answered.0 += 1;
            }
        }
    }
    drop((top, count));
    (fts_build, fts_times, fts_answered)
}

/// ripgrep over one text file per article, for a dozen of the queries.
fn time_rg(work: &Path, texts: &[(String, String)], queries: &[Q]) -> Vec<Duration> {
    let mut rg_times = Vec::new();
    {
        let rg_dir = work.join("text");
        for (i, (title, body)) in texts.iter().enumerate() {
            let shard = rg_dir.join(format!("{:04}", i / 1000));
            if i % 1000 == 0 {
                std::fs::create_dir_all(&shard).expect("shard");
            }
            std::fs::write(
                shard.join(format!("{i}.txt")),
                format!("{title}\n\n{body}\n"),
            )
            .expect("text file");
        }
        let rg_queries: Vec<&str> = queries
            .iter()
            .filter_map(|q| q.rg.as_deref())
            .take(12)
            .collect();
        for needle in &rg_queries {
            rg_count(&rg_dir, needle); // warm the page cache
            for _ in 0..3 {
                let t = Instant::now();
                rg_count(&rg_dir, needle);
                rg_times.push(t.elapsed());
            }
        }
    }
    rg_times
}

fn rg_count(dir: &Path, needle: &str) -> usize {
    let out = Command::new("rg")
        .args(["-c", "-i", "-F", "--no-messages", "--", needle])
        .arg(dir)
        .output()
        .expect("rg runs");
    out.stdout
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .count()
}

/// p50 and p99 (the times are sorted in place).
fn percentiles(times: &mut [Duration]) -> (Duration, Duration) {
    if times.is_empty() {
        return (Duration::ZERO, Duration::ZERO);
    }
    times.sort();
    let at = |p: f64| times[((times.len() as f64 * p).ceil() as usize).clamp(1, times.len()) - 1];
    (at(0.50), at(0.99))
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

/// The fixed query mix, drawn from the word lists and from the stored text
/// (phrases are taken from real generated paragraphs, so they match).
impl Q {
    /// A query of the mix: `edit` sets its filters; `plain` queries are
    /// also timed with ripgrep (FTS5 gets the same words quoted).
    fn new(kind: &'static str, query: String, edit: &dyn Fn(&mut SearchRequest), plain: bool) -> Q {
        let mut request = SearchRequest::new(query.clone());
        edit(&mut request);
        let cjk = query.chars().any(broadsheet::text::is_cjk);
        let words: Vec<&str> = query.split_whitespace().collect();
        let fts = if query.contains(':') || query.contains('-') {
            None
        } else if query.starts_with('"') {
            Some(query.clone())
        } else {
            Some(
                words
                    .iter()
                    .map(|w| {
                        if *w == "OR" {
                            "OR".to_string()
                        } else {
                            format!("\"{w}\"")
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" "),
            )
        };
        let rg = plain.then(|| query.trim_matches('"').to_string());
        Q {
            kind,
            request,
            fts,
            rg,
            cjk,
        }
    }
}

fn mix(lex: &Lexicon, lib: &Library) -> Vec<Q> {
    let mut rng = Rng::new(SEED ^ 0xBEEF);
    let mut rank = |lo: u64, hi: u64| (lo + rng.below(hi - lo)) as usize;
    let en = |r: usize| lex.en.word(r).to_string();
    let fr = |r: usize| lex.fr.word(r).to_string();
    let zh = |r: usize| lex.zh.word(r).to_string();
    let mut out = Vec::new();
    let none = |_: &mut SearchRequest| {};
    for _ in 0..8 {
        out.push(Q::new("en word", en(rank(300, 3000)), &none, true));
    }
    for _ in 0..4 {
        out.push(Q::new(
            "en two words",
            format!("{} {}", en(rank(300, 2000)), en(rank(300, 2000))),
            &none,
            false,
        ));
    }
    for _ in 0..4 {
        out.push(Q::new("fr word", fr(rank(300, 3000)), &none, true));
    }
    for _ in 0..2 {
        out.push(Q::new(
            "fr two words",
            format!("{} {}", fr(rank(200, 2000)), fr(rank(200, 2000))),
            &none,
            false,
        ));
    }
    out.extend(chinese(lex));
    for _ in 0..3 {
        out.push(Q::new(
            "bilingual",
            en(rank(300, 2000)),
            &|r: &mut SearchRequest| r.edition = Some(Edition::Bilingual),
            false,
        ));
    }
    for phrase in phrases(lib) {
        out.push(Q::new("phrase", phrase, &none, true));
    }
    out.push(Q::new(
        "filtered",
        format!("{} edition:zh", zh(120)),
        &none,
        false,
    ));
    out.push(Q::new(
        "filtered",
        format!("{} since:2022-01-01", en(rank(300, 2000))),
        &none,
        false,
    ));
    out.push(Q::new(
        "filtered",
        en(rank(300, 2000)),
        &|r: &mut SearchRequest| r.section = Some("World".into()),
        false,
    ));
    for _ in 0..3 {
        out.push(Q::new(
            "by date",
            en(rank(300, 2000)),
            &|r: &mut SearchRequest| r.sort = Sort::Date,
            false,
        ));
    }
    out.push(Q::new(
        "or",
        format!("{} OR {}", en(rank(300, 2000)), zh(200)),
        &none,
        false,
    ));
    out.push(Q::new(
        "or",
        format!("{} OR {}", fr(rank(300, 2000)), en(rank(300, 2000))),
        &none,
        false,
    ));
    out.push(Q::new(
        "exclusion",
        format!("{} -{}", en(rank(300, 2000)), en(rank(300, 2000))),
        &none,
        false,
    ));
    out
}

/// The Chinese queries of the mix: two-character words, single
/// characters, and words of three characters or more.
fn chinese(lex: &Lexicon) -> Vec<Q> {
    let zh = |r: usize| lex.zh.word(r).to_string();
    let none = |_: &mut SearchRequest| {};
    let mut out = Vec::new();
    let mut zh_words = (50..4000)
        .map(&zh)
        .filter(|w| w.chars().count() == 2 && w.chars().all(broadsheet::text::is_cjk));
    for _ in 0..6 {
        out.push(Q::new(
            "zh two chars",
            zh_words.next().unwrap_or_default(),
            &none,
            true,
        ));
    }
    for _ in 0..3 {
        let w = zh_words.next().unwrap_or_default();
        out.push(Q::new(
            "zh one char",
            w.chars().next().map(String::from).unwrap_or_default(),
            &none,
            true,
        ));
    }
    let mut long = (50..5000)
        .map(&zh)
        .filter(|w| w.chars().count() >= 3 && w.chars().all(broadsheet::text::is_cjk));
    for _ in 0..3 {
        out.push(Q::new(
            "zh 3+ chars",
            long.next().unwrap_or_default(),
            &none,
            true,
        ));
    }
    out
}

/// Three quoted phrases (English, French, Chinese) taken from stored articles.
fn phrases(lib: &Library) -> Vec<String> {
    let mut found: [Option<String>; 3] = Default::default();
    let ids = lib.ids().expect("ids");
    for id in ids.iter().step_by(97) {
        let a = lib.get(id).expect("article");
        let slot = match a.edition {
            Some(Edition::Global) => 0,
            Some(Edition::Fr) => 1,
            Some(Edition::Zh) => 2,
            _ => continue,
        };
        if found[slot].is_some() {
            continue;
        }
        let body = a.body_text();
        let para = body.split("\n\n").nth(1).unwrap_or(&body);
        found[slot] = if slot == 2 {
            let chars: Vec<char> = para
                .chars()
                .filter(|c| broadsheet::text::is_cjk(*c))
                .take(6)
                .collect();
            (chars.len() == 6).then(|| format!("\"{}\"", chars[2..6].iter().collect::<String>()))
        } else {
            let words: Vec<&str> = para.split_whitespace().collect();
            let long = |w: &str| w.chars().count() > 3 && w.chars().all(char::is_alphabetic);
            words
                .windows(2)
                .skip(2)
                .find(|p| long(p[0]) && long(p[1]))
                .map(|p| format!("\"{} {}\"", p[0], p[1]))
        };
        if found.iter().all(Option::is_some) {
            break;
        }
    }
    found.into_iter().flatten().collect()
}
