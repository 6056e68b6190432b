//! One function per subcommand: each opens the library, builds the same
//! request the API would, calls the core, and hands the answer to
//! [`crate::print`].

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};

use broadsheet::api::{self, FetchRequest, ListQuery, SearchQuery, SubscriptionKind};
use broadsheet::extract::{self, Page};
use broadsheet::fetch::{self, Plan};
use broadsheet::import;
use broadsheet::index::{self, SearchIndex};
use broadsheet::library::{Outcome, StateChange};
use broadsheet::sites::{Sites, SitesInfo};
use broadsheet::{Library, demo};

use crate::args::{FilterArgs, Global, NetArgs, Output};
use crate::print;

/// The library folder: `--library`, `BROADSHEET_LIBRARY`, or the default.
pub fn library_dir(g: &Global) -> Result<PathBuf> {
    match &g.library {
        Some(d) => Ok(d.clone()),
        None => Library::default_dir()
            .context("no home folder to keep the library in: use --library DIR"),
    }
}

/// Opens the library; when `show_demo`, an empty library first gets the
/// demo articles (unless opted out).
pub fn open(g: &Global, show_demo: bool) -> Result<Library> {
    let dir = library_dir(g)?;
    let mut lib = Library::open(&dir)
        .with_context(|| format!("cannot open the library in {}", dir.display()))?;
    if show_demo
        && !g.no_demo
        && !demo::opted_out_by_env()?
        && let Some(r) = demo::import_if_empty(&mut lib)?
    {
        eprintln!(
            "The library was empty: imported {} demo articles (--no-demo to opt out).",
            r.imported
        );
        for f in &r.failed {
            eprintln!("demo: {}: {}", f.path.display(), f.reason);
        }
    }
    Ok(lib)
}

/// Opens the search index, saying so when it has to be rebuilt first.
pub fn open_index(lib: &Library, quiet: bool) -> Result<SearchIndex> {
    let bar = print::progress_bar(quiet, "building the search index ");
    let (index, opened) = SearchIndex::open(lib, &mut |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    })?;
    bar.finish_and_clear();
    if let Some(reason) = opened.rebuilt
        && !quiet
    {
        eprintln!(
            "Rebuilt the search index ({reason}): {} articles.",
            index.count()
        );
    }
    Ok(index)
}

pub fn restore(g: &Global, file: &Path, out: Output) -> Result<ExitCode> {
    let root = library_dir(g)?;
    let report = broadsheet::archive::restore(file, &root)
        .with_context(|| format!("cannot restore {}", file.display()))?;
    open_index(&open(g, false)?, out.json)?;
    if out.json {
        print::json(&report)?;
    } else {
        println!(
            "restored {} articles, {} images and {} site profiles from {} into {}",
            report.articles,
            report.images,
            report.sites,
            file.display(),
            root.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn repair(g: &Global, out: Output) -> Result<ExitCode> {
    let root = library_dir(g)?;
    let report = broadsheet::library::repair(&root)
        .with_context(|| format!("cannot repair the library in {}", root.display()))?;
    open_index(&open(g, false)?, out.json)?;
    if out.json {
        print::json(&report)?;
    } else {
        for (table, copied, lost) in &report.tables {
            println!("{table}: {copied} rows kept, {lost} dropped (unreadable)");
        }
        if !report.kept_unparsed.is_empty() {
            println!(
                "{} articles kept whose data this version cannot read: {}",
                report.kept_unparsed.len(),
                report.kept_unparsed.join(" ")
            );
        }
        println!(
            "{} articles in the repaired library; the damaged database was moved to {}",
            report.articles,
            report.damaged_copy.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn export(g: &Global, archive: &Path, out: Output) -> Result<ExitCode> {
    let lib = open(g, false)?;
    let report = broadsheet::archive::export(&lib, archive)
        .with_context(|| format!("cannot write {}", archive.display()))?;
    if out.json {
        print::json(&report)?;
    } else {
        println!(
            "wrote {} articles, {} images and {} site profiles to {} ({})",
            report.articles,
            report.images,
            report.sites,
            archive.display(),
            indicatif::HumanBytes(report.bytes)
        );
        for why in &report.unreadable {
            eprintln!("left out, unreadable: {why}");
        }
    }
    Ok(if report.unreadable.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

pub fn import(g: &Global, paths: &[PathBuf], out: Output) -> Result<ExitCode> {
    let mut lib = open(g, false)?;
    let report =
        print::with_progress(out.json, |tick| import::import_paths(&mut lib, paths, tick))?;
    open_index(&lib, out.json)?;
    print::report(&report, out.json, "imported")
}

pub fn search(g: &Global, query: SearchQuery, out: Output) -> Result<ExitCode> {
    let lib = open(g, true)?;
    let request = query.request(&lib)?;
    let results = open_index(&lib, out.json)?.search(&request)?;
    if out.json {
        print::json(&results)?;
    } else {
        print::results(&results)?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn suggest(g: &Global, text: &str, limit: usize, out: Output) -> Result<ExitCode> {
    let lib = open(g, true)?;
    let suggestions = open_index(&lib, out.json)?.suggest(text, limit)?;
    if out.json {
        print::json(&suggestions)?;
    } else {
        print::suggestions(&suggestions)?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn reindex(g: &Global) -> Result<ExitCode> {
    let lib = open(g, false)?;
    let bar = print::progress_bar(false, "indexing");
    let index = SearchIndex::rebuild(&lib, &mut |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    })?;
    bar.finish_and_clear();
    println!(
        "indexed {} articles ({:.1} MB)",
        index.count(),
        index.size_on_disk() as f64 / 1e6
    );
    Ok(ExitCode::SUCCESS)
}

pub fn check(g: &Global, out: Output) -> Result<ExitCode> {
    let report = index::check(&open(g, false)?)?;
    if out.json {
        print::json(&report)?;
    } else {
        print::check(&report);
    }
    Ok(if report.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `broadsheet sites`: the profiles in use, the sites the library holds
/// articles of that none knows, and the problems met reading them (the
/// same answer as the API's `/api/sites`).
pub fn sites(g: &Global, out: Output) -> Result<ExitCode> {
    let dir = library_dir(g)?;
    // A library that exists is asked for its counts; none is created.
    let info = if dir.join(broadsheet::library::DB_FILE).exists() {
        let lib = open(g, false)?;
        SitesInfo::of(
            lib.sites(),
            &lib.edition_counts()?,
            &lib.changed_profiles()?,
        )
    } else {
        SitesInfo::of(&Sites::of_library(&dir), &[], &[])
    };
    if out.json {
        print::json(&info)?;
    } else {
        print::sites(&info, &dir);
    }
    Ok(if info.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `broadsheet list`: the API's library query, every page at once unless
/// limited.
pub fn list(g: &Global, query: ListQuery, ids_only: bool, out: Output) -> Result<ExitCode> {
    let lib = open(g, true)?;
    let rows = lib.list(&query.filter(&lib)?)?;
    if out.json {
        print::json(&rows)?;
    } else {
        print::rows(&rows, ids_only)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The library query `list`'s options name.
pub fn list_query(
    filters: FilterArgs,
    limit: Option<usize>,
    favourites: bool,
    unread: bool,
) -> ListQuery {
    ListQuery {
        filters: filters.filters(),
        favourite: favourites.then_some(true),
        read: unread.then_some(false),
        page: None,
        per_page: limit,
    }
}

pub fn show(g: &Global, id: &str, lang: Option<&str>, out: Output) -> Result<ExitCode> {
    let lib = open(g, true)?;
    let article = lib.get(id)?;
    if out.json {
        print::json(&article)?;
    } else {
        write!(
            std::io::stdout().lock(),
            "{}",
            print::article(&article, lang, Some(&lib), lib.sites())
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `broadsheet extract`: one page, read with the library's profiles.
pub fn extract(g: &Global, file: &Path, url: Option<&str>, out: Output) -> Result<ExitCode> {
    let bytes = std::fs::read(file).with_context(|| format!("{}", file.display()))?;
    // The library's profiles, read without opening its store.
    let sites = Sites::of_library(&library_dir(g)?);
    let page = Page {
        sites: &sites,
        bytes: &bytes,
        url,
        ..Page::default()
    };
    let got = extract::extract(&page).with_context(|| format!("{}", file.display()))?;
    if out.json {
        print::json(&print::extract_json(
            &got.article,
            got.extractor,
            got.encoding,
        ))?;
    } else {
        write!(
            std::io::stdout().lock(),
            "{}",
            print::article(&got.article, None, None, &sites)
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `broadsheet fetch`: the API's download request, checked the same way.
pub fn fetch(g: &Global, request: FetchRequest, net: &NetArgs, out: Output) -> Result<ExitCode> {
    let plan = request.plan()?;
    download(&mut open(g, false)?, plan, net, out)
}

pub fn update(g: &Global, net: &NetArgs, out: Output) -> Result<ExitCode> {
    let mut lib = open(g, false)?;
    if lib.subscriptions()?.is_empty() {
        eprintln!("nothing is followed yet: `broadsheet subscribe URL` follows a section or feed");
        return Ok(ExitCode::SUCCESS);
    }
    download(&mut lib, Plan::Update, net, out)
}

/// Runs a download plan with a progress bar; prints the report; catches
/// the index up.
fn download(lib: &mut Library, plan: Plan, net: &NetArgs, out: Output) -> Result<ExitCode> {
    let bar = print::progress_bar(out.json, "fetching ");
    let report = fetch::download(lib, net.options()?, plan, &mut |p| {
        bar.set_length(p.total as u64);
        bar.set_position(p.done as u64);
        bar.set_message(format!("{}", indicatif::HumanBytes(p.bytes)));
    })?;
    bar.finish_and_clear();
    open_index(lib, out.json)?;
    print::report(&report, out.json, "new")
}

pub fn subscribe(g: &Global, url: &str, feed: bool) -> Result<ExitCode> {
    let lib = open(g, false)?;
    let url = api::http_url(url)?;
    let kind = if feed {
        SubscriptionKind::Feed
    } else {
        SubscriptionKind::guess(&url)
    };
    let kind = kind.as_str();
    if lib.subscribe(url.as_str(), kind)? {
        println!("following the {kind} {url}; `broadsheet update` downloads what is new");
    } else {
        println!("already following {url}");
    }
    Ok(ExitCode::SUCCESS)
}

pub fn serve(
    g: &Global,
    host: std::net::IpAddr,
    port: u16,
    open_browser: bool,
    net: &NetArgs,
) -> Result<ExitCode> {
    let lib = open(g, true)?;
    let api = api::Api::new(lib)?
        .with_fetch_options(net.options()?)
        .with_local_files(host.is_loopback());
    let api = std::sync::Arc::new(api);
    let token = (!host.is_loopback())
        .then(api::http::access_token)
        .transpose()?;
    let runtime = broadsheet::runtime::build()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind((host, port))
            .await
            .with_context(|| format!("cannot listen on {host}:{port}"))?;
        let addr = listener.local_addr()?;
        let shown = if host.is_unspecified() {
            "127.0.0.1".to_string()
        } else {
            addr.ip().to_string()
        };
        let mut base = format!("http://{shown}:{}/", addr.port());
        if let Some(t) = &token {
            base.push_str(&format!("?token={t}"));
        }
        println!("Broadsheet is serving {base} (Ctrl-C to stop)");
        if let Some(t) = &token {
            println!(
                "Access token: {t} (open the address above once, or send \
                 Authorization: Bearer {t})"
            );
        }
        std::io::stdout().flush()?;
        tracing::info!(%addr, beyond_loopback = token.is_some(), "serving");
        if open_browser && let Err(e) = std::process::Command::new("xdg-open").arg(&base).spawn() {
            tracing::warn!(error = %e, "could not open the browser");
        }
        let limits = api::http::ServeOptions::from_env()?;
        api::http::serve(api, listener, token, limits).await?;
        Ok::<(), anyhow::Error>(())
    })?;
    Ok(ExitCode::SUCCESS)
}

pub fn versions(g: &Global, id: &str, restore: Option<i64>, out: Output) -> Result<ExitCode> {
    let mut lib = open(g, false)?;
    let Some(seq) = restore else {
        let versions = lib.versions(id)?;
        if out.json {
            print::json(&versions)?;
        } else {
            print::versions(&versions);
        }
        return Ok(ExitCode::SUCCESS);
    };
    let outcome = lib.restore_version(id, seq)?;
    if out.json {
        print::json(&serde_json::json!({ "outcome": outcome }))?;
    } else if outcome == Outcome::Unchanged {
        println!("the article already is version {seq}");
    } else {
        println!("version {seq} restored; the copy it replaced is kept");
    }
    open_index(&lib, out.json)?;
    Ok(ExitCode::SUCCESS)
}

pub fn mark(g: &Global, id: &str, change: StateChange) -> Result<ExitCode> {
    let mut lib = open(g, false)?;
    let state = lib.set_state(id, change)?;
    println!(
        "{}{}",
        if state.read { "read" } else { "unread" },
        if state.favourite { ", favourite" } else { "" }
    );
    // The mark is saved; the index follows, now or on its next use.
    match SearchIndex::open_within(&lib, &mut |_, _| {}, std::time::Duration::from_secs(5)) {
        Ok(_) => {}
        Err(broadsheet::Error::Busy(why)) => eprintln!(
            "Saved. The search index was busy ({why}) for 5 s: it takes this change \
             the next time it is used."
        ),
        Err(e) => return Err(e.into()),
    }
    Ok(ExitCode::SUCCESS)
}

pub fn reextract(g: &Global, ids: &[String], out: Output) -> Result<ExitCode> {
    let mut lib = open(g, false)?;
    let report = print::with_progress(out.json, |tick| import::reextract(&mut lib, ids, tick))?;
    print::report(&report, out.json, "re-extracted")
}
