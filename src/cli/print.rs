//! What the command line prints: JSON for scripts (`--json`), text for
//! people, and progress bars on a terminal. No command logic lives here.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};

use broadsheet::import::Progress;
use broadsheet::index::{CheckReport, SearchResults, Suggestion, search::FacetCount};
use broadsheet::library::Version;
use broadsheet::save::Report;
use broadsheet::sites::{Sites, SitesInfo};
use broadsheet::{Article, Block, Edition, Library, Summary};

/// Prints a value as pretty JSON on standard output.
pub fn json(value: &impl serde::Serialize) -> Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

/// A progress bar on standard error when it is a terminal (none when `quiet`).
pub fn progress_bar(quiet: bool, what: &str) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(0);
    let template = format!("{what}{{bar:30}} {{pos}}/{{len}} articles  {{per_sec}}  {{wide_msg}}");
    bar.set_style(ProgressStyle::with_template(&template).expect("valid template"));
    bar
}

/// Runs a batch job with a progress bar on a terminal (none with `quiet`).
pub fn with_progress<T>(
    quiet: bool,
    job: impl FnOnce(&mut dyn FnMut(Progress)) -> broadsheet::Result<T>,
) -> Result<T> {
    let bar = progress_bar(quiet, "");
    let result = job(&mut |p: Progress| {
        bar.set_length(p.total as u64);
        bar.set_position(p.done as u64);
        bar.set_message(
            p.path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        );
    });
    bar.finish_and_clear();
    Ok(result?)
}

/// An import's or a download's report; exit status 1 when something failed.
pub fn report(report: &Report, as_json: bool, verb: &str) -> Result<ExitCode> {
    if as_json {
        json(report)?;
    } else {
        for f in &report.failed {
            eprintln!("{}: {}", f.path.display(), f.reason);
        }
        for f in &report.skipped {
            eprintln!("{}: skipped, {}", f.path.display(), f.reason);
        }
        print!(
            "{verb} {}, updated {}, unchanged {}, failed {}",
            report.imported,
            report.updated,
            report.unchanged,
            report.failed.len()
        );
        match report.skipped.len() {
            0 => println!(),
            n => println!(", skipped (robots.txt) {n}"),
        }
    }
    Ok(if report.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// A library listing, one article per line (or only the ids).
pub fn rows(rows: &[Summary], ids_only: bool) -> Result<()> {
    let mut out = std::io::stdout().lock();
    for r in rows {
        if ids_only {
            writeln!(out, "{}", r.id)?;
            continue;
        }
        let date = r.published.map_or_else(
            || "-".repeat(16),
            |d| d.format("%Y-%m-%d %H:%M").to_string(),
        );
        let edition = r.edition.as_ref().map_or("-", Edition::code);
        writeln!(
            out,
            "{}  {edition:<9}  {date}  {}  [{}]",
            r.id, r.title, r.section
        )?;
    }
    if rows.is_empty() && !ids_only {
        eprintln!("no articles match");
    }
    Ok(())
}

/// Title suggestions, one per line.
pub fn suggestions(suggestions: &[Suggestion]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    for s in suggestions {
        let edition = s.edition.as_ref().map_or("-", Edition::code);
        writeln!(out, "{}  {edition:<9}  {}", s.id, s.title)?;
    }
    Ok(())
}

/// Search results for the terminal: matches in bold (or *starred* when
/// not on a terminal), then the facets.
pub fn results(r: &SearchResults) -> Result<()> {
    let tty = std::io::stdout().is_terminal();
    let (on, off) = if tty {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("*", "*")
    };
    let pages = r.total.div_ceil(r.per_page).max(1);
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{} articles match {:?} (page {} of {pages}, by {:?})",
        r.total, r.query, r.page, r.sort
    )?;
    for (i, hit) in r.hits.iter().enumerate() {
        let date = hit
            .published
            .map_or("undated".to_string(), |d| d.format("%Y-%m-%d").to_string());
        let n = (r.page - 1) * r.per_page + i + 1;
        let edition = hit.edition.as_ref().map_or("-", Edition::code);
        writeln!(
            out,
            "\n{n:>3}. {}  [{edition}, {date}]  {}",
            hit.title, hit.id
        )?;
        let snippet = hit.snippet.replace("<mark>", on).replace("</mark>", off);
        writeln!(out, "     {}", unescape(&snippet))?;
    }
    let list = |counts: &[FacetCount]| {
        counts
            .iter()
            .map(|c| format!("{} {}", c.value, c.count))
            .collect::<Vec<_>>()
            .join(" · ")
    };
    if r.total > 0 {
        let f = &r.facets;
        writeln!(out, "\nedition: {}", list(&f.edition))?;
        writeln!(out, "section: {}", list(&f.section))?;
        writeln!(out, "year: {}", list(&f.year))?;
    }
    Ok(())
}

/// Text from HTML-escaped snippet text.
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The sites (their profiles, or the codes their articles are stored
/// under), and the profiles left out.
pub fn sites(info: &SitesInfo, library: &std::path::Path) {
    for site in &info.sites {
        match (&site.origin, &site.time_zone) {
            (Some(origin), Some(zone)) => {
                println!("{}  {}  ({origin}, times at {zone})", site.id, site.name);
            }
            _ => println!(
                "{}  (no profile for this site: its articles keep their codes)",
                site.id
            ),
        }
        for e in &site.editions {
            println!(
                "  {:<10} {:<15} {:<3} {:>6} articles  {}",
                e.code.code(),
                e.label,
                e.lang,
                e.articles,
                e.hosts.join(" ")
            );
        }
        if !site.templates.is_empty() {
            println!("  templates: {}", site.templates.join(", "));
        }
        if site.changed {
            println!(
                "  its profile changed since its articles were read: `broadsheet reextract` reads them again"
            );
        }
    }
    println!(
        "the library's profiles: {}",
        library.join(broadsheet::sites::FOLDER).display()
    );
    for problem in &info.problems {
        eprintln!("left out: {problem}");
    }
}

/// What `broadsheet check` found.
pub fn check(report: &CheckReport) {
    println!(
        "store: {} articles (schema {}); index: {} (version {}); queued: {}",
        report.store_articles,
        report.store_schema,
        report
            .index_articles
            .map_or("unreadable".to_string(), |n| format!("{n} articles")),
        report.index_version,
        report.pending
    );
    if let Some(reason) = &report.rebuilt {
        println!("the index was rebuilt first ({reason})");
    }
    if report.caught_up > 0 {
        println!("{} queued changes were indexed first", report.caught_up);
    }
    for p in &report.problems {
        println!("problem: {p}");
    }
    for id in &report.missing_from_index {
        println!("not in the index: {id}");
    }
    for id in &report.extra_in_index {
        println!("not in the store: {id}");
    }
    if report.problems.is_empty() {
        println!("ok: store and index agree");
    }
}

/// An article's kept versions, one per line.
pub fn versions(versions: &[Version]) {
    if versions.is_empty() {
        println!("no earlier versions are kept for this article");
    }
    for v in versions {
        let when = chrono::DateTime::from_timestamp(v.replaced_at, 0)
            .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
            .unwrap_or_default();
        println!("{:>5}  replaced {when}  {}  {}", v.seq, v.title, v.url);
    }
}

/// The JSON `broadsheet extract --json` prints: the article, plus the
/// plain-text body and a few flat fields scripts want.
pub fn extract_json(a: &Article, extractor: &str, encoding: &str) -> serde_json::Value {
    let mut v = serde_json::to_value(a).unwrap_or_default();
    if let Some(o) = v.as_object_mut() {
        o.insert("body_text".into(), a.body_text().into());
        o.insert("section_path".into(), a.section_path().into());
        o.insert("extractor".into(), extractor.into());
        o.insert("encoding".into(), encoding.into());
    }
    v
}

/// An article as text for the terminal: headline, a line of facts, the
/// blocks (only those in `lang`, when given), then its links.
pub fn article(a: &Article, lang: Option<&str>, lib: Option<&Library>, sites: &Sites) -> String {
    let mut s = format!("{}\n", a.title);
    if let Some(sub) = &a.subtitle {
        s.push_str(&format!("{sub}\n"));
    }
    s.push_str(&facts(a, sites).join(" | "));
    s.push_str("\n\n");
    for b in &a.blocks {
        if lang.is_some_and(|l| b.lang() != l) {
            continue;
        }
        s.push_str(&block(a, b, lib));
        s.push_str("\n\n");
    }
    if let Some(e) = &a.editor {
        s.push_str(&format!("Editor: {e}\n"));
    }
    for link in &a.edition_links {
        s.push_str(&format!(
            "Also in {}: {}\n",
            sites.label(link.edition),
            link.url
        ));
    }
    s.push_str(&format!("{}\n", a.url));
    s
}

/// Edition, section, byline, source and date, those the article has.
fn facts(a: &Article, sites: &Sites) -> Vec<String> {
    let mut meta = Vec::new();
    if let Some(e) = a.edition {
        match sites.edition(e.code()) {
            Some((_, def)) => meta.push(def.label.clone()),
            None => meta.push(format!("{} / {} (no profile for this site)", a.site, e)),
        }
    }
    if !a.section.is_empty() {
        meta.push(a.section_path());
    }
    meta.extend(a.byline.clone());
    meta.extend(a.source.clone());
    if let Some(d) = a.published {
        meta.push(d.format("%Y-%m-%d %H:%M %:z").to_string());
    }
    meta
}

/// One block as text.
fn block(a: &Article, b: &Block, lib: Option<&Library>) -> String {
    match b {
        Block::Paragraph { text, .. } => text.clone(),
        Block::Heading { text, .. } => format!("## {text}"),
        Block::Quote { text, .. } => format!("> {text}"),
        Block::List { items, ordered, .. } => items
            .iter()
            .enumerate()
            .map(|(i, t)| {
                if *ordered {
                    format!("{}. {t}", i + 1)
                } else {
                    format!("- {t}")
                }
            })
            .collect::<Vec<_>>()
            .join("\n"),
        Block::Image { image, .. } => {
            let img = &a.images[*image];
            let kept = match (&img.local, lib) {
                (Some(h), Some(l)) => format!("kept offline: {}", l.image_path(h).display()),
                _ => img.src.clone(),
            };
            format!(
                "[image: {}] ({kept})",
                img.caption.as_deref().unwrap_or("no caption")
            )
        }
    }
}
