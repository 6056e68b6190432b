//! The `broadsheet` command-line program: a thin layer over the core library.
//!
//! Each subcommand parses its options (all defined here, with clap), opens the
//! library, calls one library function and prints the result for people or,
//! with `--json`, for scripts. Errors print their whole chain; a batch reports
//! each failed item as "file: reason" and exits with status 1.

use anyhow::{Context, Result};

use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use broadsheet::extract::{self, Page};
use broadsheet::fetch;

/// mimalloc: import allocates many small strings on several threads, where
/// it is markedly faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use broadsheet::import::{self, Progress, Report};
use broadsheet::index::{self, SearchIndex, SearchRequest, SearchResults, Sort};
use broadsheet::{Article, Block, Edition, Library, ListFilter, demo};

/// Broadsheet: an offline reader for multilingual news sites.
#[derive(Parser)]
#[command(name = "broadsheet", version, about, long_about = None)]
struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args)]
struct Global {
    /// The library folder (default: the platform's data folder, e.g. ~/.local/share/broadsheet).
    #[arg(long, global = true, env = "BROADSHEET_LIBRARY", value_name = "DIR")]
    library: Option<PathBuf>,

    /// Do not import the demo articles into an empty library.
    #[arg(long, global = true, env = "BROADSHEET_NO_DEMO")]
    no_demo: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Import saved pages: files, folders (recursively) and "Save Page As" folders.
    Import {
        /// Files or folders to import.
        #[arg(required_unless_present = "archive", value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Restore a whole library from an archive made by `export --archive`
        /// (into a new or empty library).
        #[arg(long, value_name = "FILE", conflicts_with = "paths")]
        archive: Option<PathBuf>,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Copy everything a damaged library database still holds into a new one
    /// (the damaged file is kept beside it); the index is rebuilt.
    Repair {
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Write the whole library (store, images, original pages) to one file.
    Export {
        /// The archive to write.
        #[arg(long, value_name = "FILE")]
        archive: PathBuf,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List the library's articles, newest first.
    List {
        /// Only this edition: global, asia, zh, bilingual, fr.
        #[arg(long, short)]
        edition: Option<Edition>,
        /// Only this section: a breadcrumb label ("World", "国际") or path ("Home / World").
        #[arg(long, short)]
        section: Option<String>,
        /// Only articles published on or after this date (YYYY-MM-DD, Beijing time).
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// Only articles published before this date (YYYY-MM-DD, Beijing time).
        #[arg(long, value_name = "DATE")]
        until: Option<String>,
        /// At most this many.
        #[arg(long, short = 'n')]
        limit: Option<usize>,
        /// Only favourites.
        #[arg(long)]
        favourites: bool,
        /// Only unread articles.
        #[arg(long)]
        unread: bool,
        /// Print only the ids, one per line.
        #[arg(long, conflicts_with = "json")]
        ids: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show one article.
    Show {
        /// The article's id (or a unique prefix of it).
        id: String,
        /// Only the blocks in this language (en, zh, fr): reads one side of a bilingual article.
        #[arg(long)]
        lang: Option<String>,
        /// Print the whole article as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Extract the article in a page file and print it (the library is not touched).
    Extract {
        /// The page.
        file: PathBuf,
        /// The URL the page was downloaded from (decides site and edition, resolves links).
        #[arg(long)]
        url: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Search the library: words, "exact phrases", -excluded, OR, and filters
    /// (edition:zh section:World source:Xinhua lang:fr since:2026-11-01 until:… year:2026).
    Search {
        /// The query (several words are one query).
        #[arg(required = true, value_name = "QUERY")]
        query: Vec<String>,
        /// Only this edition: global, asia, zh, bilingual, fr.
        #[arg(long, short)]
        edition: Option<Edition>,
        /// Only this section: a breadcrumb label or path.
        #[arg(long, short)]
        section: Option<String>,
        /// Only this source (Xinhua, China Daily, 中国日报网...).
        #[arg(long)]
        source: Option<String>,
        /// Only articles with text in this language: en, zh, fr.
        #[arg(long)]
        lang: Option<String>,
        /// Only articles published on or after this date (YYYY-MM-DD, Beijing time).
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// Only articles published before this date (YYYY-MM-DD, Beijing time).
        #[arg(long, value_name = "DATE")]
        until: Option<String>,
        /// Order: relevance (default) or date (newest first).
        #[arg(long, default_value = "relevance")]
        sort: Sort,
        /// Page number, from 1.
        #[arg(long, default_value_t = 1)]
        page: usize,
        /// Hits per page (at most 100).
        #[arg(long, default_value_t = 10)]
        per_page: usize,
        /// Print JSON: total, hits (id, url, title, edition, published, snippet...), facets.
        #[arg(long)]
        json: bool,
    },
    /// Suggest titles for what is typed so far (typos in Latin-script words are forgiven).
    Suggest {
        /// The text typed so far.
        #[arg(required = true, value_name = "TEXT")]
        text: Vec<String>,
        /// At most this many.
        #[arg(long, default_value_t = 8)]
        limit: usize,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Rebuild the search index from the library.
    Reindex,
    /// Check that the library and its search index agree; say what is wrong.
    Check {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Download articles (with their images and later pages), a whole section, or a feed.
    Fetch {
        /// Article URLs.
        #[arg(value_name = "URL", required_unless_present_any = ["section", "feed"])]
        urls: Vec<String>,
        /// A section (listing) page: download every article it lists, following its pager.
        #[arg(long, value_name = "URL")]
        section: Option<String>,
        /// An RSS or Atom feed: download every article it lists.
        #[arg(long, value_name = "URL")]
        feed: Option<String>,
        /// At most this many articles from the section or feed.
        #[arg(long)]
        limit: Option<usize>,
        /// Only articles listed as published on or after this date (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        #[command(flatten)]
        net: NetArgs,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Follow a section or feed; `broadsheet update` downloads what is new in it.
    Subscribe {
        /// The section page or feed URL.
        url: String,
        /// It is a feed (RSS/Atom); by default a URL ending in .xml, .rss or .atom is one.
        #[arg(long)]
        feed: bool,
    },
    /// Download what is new in every followed section and feed.
    Update {
        #[command(flatten)]
        net: NetArgs,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Serve the library's API over HTTP (127.0.0.1 unless told otherwise).
    Serve {
        /// Port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Address to listen on. Anything but loopback (e.g. 0.0.0.0, to read from a phone on
        /// the LAN) requires the access token printed at start on every request.
        #[arg(long, default_value = "127.0.0.1")]
        host: std::net::IpAddr,
        /// Open the address in the browser.
        #[arg(long)]
        open: bool,
        /// How downloads started from the interface behave.
        #[command(flatten)]
        net: NetArgs,
    },
    /// Mark an article read or unread, favourite or not.
    Mark {
        /// The article's id (or a unique prefix).
        id: String,
        /// Mark it read.
        #[arg(long, conflicts_with = "unread")]
        read: bool,
        /// Mark it unread.
        #[arg(long)]
        unread: bool,
        /// Mark it a favourite.
        #[arg(long, conflicts_with = "unfavourite")]
        favourite: bool,
        /// Unmark it as a favourite.
        #[arg(long)]
        unfavourite: bool,
    },
    /// List the kept versions of an article (what newer copies replaced),
    /// or put one back.
    Versions {
        /// The article's id (or a unique prefix).
        id: String,
        /// Put this version back (the copy it replaces is kept in its turn).
        #[arg(long, value_name = "SEQ")]
        restore: Option<i64>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Extract stored articles again from their original pages.
    Reextract {
        /// Only these articles (all when none is given).
        ids: Vec<String>,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
}

/// How downloads behave on the network.
#[derive(Args)]
struct NetArgs {
    /// Pause between two requests to the same host, in milliseconds.
    #[arg(long, default_value_t = 1000, value_name = "MS")]
    delay_ms: u64,
    /// Seconds allowed for one request.
    #[arg(long, default_value_t = 30, value_name = "SECS")]
    timeout: u64,
    /// Attempts after the first on timeouts, 429 and 5xx.
    #[arg(long, default_value_t = 3)]
    retries: u32,
    /// Send HOST:PORT to ADDR instead of asking DNS (like curl's --resolve); repeatable.
    #[arg(long, value_name = "HOST:PORT:ADDR")]
    resolve: Vec<String>,
    /// Download again articles the library has (unchanged ones cost a 304).
    #[arg(long)]
    refresh: bool,
    /// Also download the same story in the other editions the page links to.
    #[arg(long)]
    with_editions: bool,
}

impl NetArgs {
    fn options(&self) -> Result<fetch::FetchOptions> {
        let mut resolve = Vec::new();
        for r in &self.resolve {
            let mut parts = r.splitn(3, ':');
            let (Some(host), Some(port), Some(addr)) = (parts.next(), parts.next(), parts.next())
            else {
                anyhow::bail!("invalid --resolve {r:?}: expected HOST:PORT:ADDR");
            };
            let port: u16 = port
                .parse()
                .with_context(|| format!("invalid port in --resolve {r:?}"))?;
            let ip: std::net::IpAddr = addr
                .trim_matches(['[', ']'])
                .parse()
                .with_context(|| format!("invalid address in --resolve {r:?}"))?;
            resolve.push((host.to_string(), std::net::SocketAddr::new(ip, port)));
        }
        Ok(fetch::FetchOptions {
            delay: std::time::Duration::from_millis(self.delay_ms),
            timeout: std::time::Duration::from_secs(self.timeout.max(1)),
            retries: self.retries,
            resolve,
            refresh: self.refresh,
            with_editions: self.with_editions,
            ..fetch::FetchOptions::default()
        })
    }
}

fn parse_url(s: &str) -> Result<url::Url> {
    let url = url::Url::parse(s.trim()).with_context(|| format!("invalid URL {s:?}"))?;
    anyhow::ensure!(
        matches!(url.scheme(), "http" | "https"),
        "{s}: only http and https URLs can be fetched"
    );
    Ok(url)
}

/// Runs a crawl with a progress bar; prints the report; catches the index up.
fn crawl(
    lib: &mut Library,
    net: &NetArgs,
    json: bool,
    plan: impl AsyncFnOnce(&mut fetch::Crawl<'_>) -> broadsheet::Result<Vec<url::Url>>,
) -> Result<ExitCode> {
    let fetcher = fetch::Fetcher::new(net.options()?)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let bar = progress_bar(json, "fetching ");
    let report = {
        let mut crawl = fetch::Crawl::new(fetcher, lib);
        runtime.block_on(async {
            let urls = plan(&mut crawl).await?;
            crawl
                .articles(urls, &mut |p| {
                    bar.set_length(p.total as u64);
                    bar.set_position(p.done as u64);
                    bar.set_message(format!("{}", indicatif::HumanBytes(p.bytes)));
                })
                .await
        })?;
        crawl.report
    };
    bar.finish_and_clear();
    open_index(lib, json)?;
    print_report(&report, json, "new")
}

/// A fresh access token: 16 random bytes from the system, in hex.
fn access_token() -> Result<String> {
    use std::io::Read;
    let mut bytes = [0u8; 16];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .context("cannot read random bytes for the access token")?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("broadsheet: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let g = &cli.global;
    match cli.command {
        Command::Import {
            archive: Some(file),
            json,
            ..
        } => {
            let root = library_dir(g)?;
            let report = broadsheet::archive::restore(&file, &root)
                .with_context(|| format!("cannot restore {}", file.display()))?;
            let lib = open(g, false)?;
            open_index(&lib, json)?;
            if json {
                print_json(&report)?;
            } else {
                println!(
                    "restored {} articles and {} images from {} into {}",
                    report.articles,
                    report.images,
                    file.display(),
                    root.display()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Repair { json } => {
            let root = library_dir(g)?;
            let report = broadsheet::library::repair(&root)
                .with_context(|| format!("cannot repair the library in {}", root.display()))?;
            let lib = open(g, false)?;
            open_index(&lib, json)?;
            if json {
                print_json(&report)?;
            } else {
                for (table, copied, lost) in &report.tables {
                    println!("{table}: {copied} rows kept, {lost} unreadable");
                }
                println!(
                    "{} articles in the repaired library; the damaged database is kept as {}",
                    report.articles,
                    report.damaged_copy.display()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Export { archive, json } => {
            let lib = open(g, false)?;
            let report = broadsheet::archive::export(&lib, &archive)
                .with_context(|| format!("cannot write {}", archive.display()))?;
            if json {
                print_json(&report)?;
            } else {
                println!(
                    "wrote {} articles and {} images to {} ({})",
                    report.articles,
                    report.images,
                    archive.display(),
                    indicatif::HumanBytes(report.bytes)
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Import { paths, json, .. } => {
            let mut lib = open(g, false)?;
            let report = with_progress(json, |tick| import::import_paths(&mut lib, &paths, tick))?;
            open_index(&lib, json)?;
            print_report(&report, json, "imported")
        }
        Command::Search {
            query,
            edition,
            section,
            source,
            lang,
            since,
            until,
            sort,
            page,
            per_page,
            json,
        } => {
            let lib = open(g, true)?;
            let index = open_index(&lib, json)?;
            let request = SearchRequest {
                query: query.join(" "),
                edition,
                section,
                source,
                lang,
                since: since.as_deref().map(extract::beijing_day).transpose()?,
                until: until.as_deref().map(extract::beijing_day).transpose()?,
                sort,
                page,
                per_page,
            };
            let results = index.search(&request)?;
            if json {
                print_json(&results)?;
            } else {
                print_results(&results)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Suggest { text, limit, json } => {
            let lib = open(g, true)?;
            let index = open_index(&lib, json)?;
            let suggestions = index.suggest(&text.join(" "), limit)?;
            if json {
                print_json(&suggestions)?;
            } else {
                let mut out = std::io::stdout().lock();
                for s in &suggestions {
                    writeln!(
                        out,
                        "{}  {:<9}  {}",
                        s.id,
                        s.edition.as_deref().unwrap_or("-"),
                        s.title
                    )?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Reindex => {
            let lib = open(g, false)?;
            let bar = progress_bar(false, "indexing");
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
        Command::Check { json } => {
            let lib = open(g, false)?;
            let report = index::check(&lib)?;
            if json {
                print_json(&report)?;
            } else {
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
            Ok(if report.problems.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::List {
            edition,
            section,
            since,
            until,
            limit,
            favourites,
            unread,
            ids,
            json,
        } => {
            let lib = open(g, true)?;
            let filter = ListFilter {
                edition,
                section,
                since: since.as_deref().map(extract::beijing_day).transpose()?,
                until: until.as_deref().map(extract::beijing_day).transpose()?,
                favourite: favourites.then_some(true),
                read: unread.then_some(false),
                limit,
                offset: 0,
            };
            let rows = lib.list(&filter)?;
            if json {
                return print_json(&rows).map(|()| ExitCode::SUCCESS);
            }
            let mut out = std::io::stdout().lock();
            if ids {
                for r in &rows {
                    writeln!(out, "{}", r.id)?;
                }
            } else {
                for r in &rows {
                    let date = r.published.map_or_else(
                        || "-".repeat(16),
                        |d| d.format("%Y-%m-%d %H:%M").to_string(),
                    );
                    let edition = r.edition.map_or("-", Edition::code);
                    writeln!(
                        out,
                        "{}  {edition:<9}  {date}  {}  [{}]",
                        r.id, r.title, r.section
                    )?;
                }
                if rows.is_empty() {
                    eprintln!("no articles match");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Show { id, lang, json } => {
            let lib = open(g, true)?;
            let article = lib.get(&id)?;
            if json {
                print_json(&article)?;
            } else {
                write!(
                    std::io::stdout().lock(),
                    "{}",
                    render(&article, lang.as_deref(), Some(&lib))
                )?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Extract { file, url, json } => {
            let bytes = std::fs::read(&file).with_context(|| format!("{}", file.display()))?;
            let page = Page {
                bytes: &bytes,
                url: url.as_deref(),
                ..Page::default()
            };
            let got = extract::extract(&page).with_context(|| format!("{}", file.display()))?;
            if json {
                print_json(&extract_json(&got.article, got.extractor, got.encoding))?;
            } else {
                write!(
                    std::io::stdout().lock(),
                    "{}",
                    render(&got.article, None, None)
                )?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Fetch {
            urls,
            section,
            feed,
            limit,
            since,
            net,
            json,
        } => {
            let mut lib = open(g, false)?;
            let urls = urls
                .iter()
                .map(|u| parse_url(u))
                .collect::<Result<Vec<_>>>()?;
            let section = section.as_deref().map(parse_url).transpose()?;
            let feed = feed.as_deref().map(parse_url).transpose()?;
            let since = since.as_deref().map(extract::beijing_day).transpose()?;
            crawl(&mut lib, &net, json, async |c| {
                let mut all = urls;
                if let Some(s) = &section {
                    all.extend(c.section(s, limit, since, false).await?);
                }
                if let Some(f) = &feed {
                    all.extend(c.feed(f, limit, false).await?);
                }
                Ok(all)
            })
        }
        Command::Subscribe { url, feed } => {
            let lib = open(g, false)?;
            let parsed = parse_url(&url)?;
            let path = parsed.path().to_ascii_lowercase();
            let is_feed = feed || [".xml", ".rss", ".atom"].iter().any(|e| path.ends_with(e));
            let kind = if is_feed { "feed" } else { "section" };
            if lib.subscribe(parsed.as_str(), kind)? {
                println!(
                    "following the {kind} {parsed}; `broadsheet update` downloads what is new"
                );
            } else {
                println!("already following {parsed}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Update { net, json } => {
            let mut lib = open(g, false)?;
            let subscriptions = lib.subscriptions()?;
            if subscriptions.is_empty() {
                eprintln!(
                    "nothing is followed yet: `broadsheet subscribe URL` follows a section or feed"
                );
                return Ok(ExitCode::SUCCESS);
            }
            crawl(&mut lib, &net, json, async |c| c.updates().await)
        }
        Command::Serve {
            port,
            host,
            open: open_browser,
            net,
        } => {
            let lib = open(g, true)?;
            let api = broadsheet::api::Api::new(lib)?
                .with_fetch_options(net.options()?)
                .with_local_files(host.is_loopback());
            let api = std::sync::Arc::new(api);
            let token = (!host.is_loopback()).then(access_token).transpose()?;
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()?;
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
                if open_browser {
                    let _ = std::process::Command::new("xdg-open").arg(&base).spawn();
                }
                let limits = broadsheet::api::http::ServeOptions::from_env()?;
                broadsheet::api::http::serve(api, listener, token, limits).await?;
                Ok::<(), anyhow::Error>(())
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Versions { id, restore, json } => {
            let mut lib = open(g, false)?;
            if let Some(seq) = restore {
                let outcome = lib.restore_version(&id, seq)?;
                if json {
                    print_json(&serde_json::json!({ "outcome": outcome }))?;
                } else if outcome == broadsheet::library::Outcome::Unchanged {
                    println!("the article already is version {seq}");
                } else {
                    println!("version {seq} restored; the copy it replaced is kept");
                }
                open_index(&lib, json)?;
                return Ok(ExitCode::SUCCESS);
            }
            let versions = lib.versions(&id)?;
            if json {
                print_json(&versions)?;
            } else if versions.is_empty() {
                println!("no earlier versions are kept for this article");
            } else {
                for v in &versions {
                    let when = chrono::DateTime::from_timestamp(v.replaced_at, 0)
                        .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
                        .unwrap_or_default();
                    println!("{:>5}  replaced {when}  {}  {}", v.seq, v.title, v.url);
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Mark {
            id,
            read,
            unread,
            favourite,
            unfavourite,
        } => {
            let mut lib = open(g, false)?;
            let change = broadsheet::library::StateChange {
                read: (read || unread).then_some(read),
                favourite: (favourite || unfavourite).then_some(favourite),
                position: None,
            };
            let state = lib.set_state(&id, change)?;
            println!(
                "{}{}",
                if state.read { "read" } else { "unread" },
                if state.favourite { ", favourite" } else { "" }
            );
            // The mark is saved; the index follows, now or on its next use.
            match SearchIndex::open_within(&lib, &mut |_, _| {}, std::time::Duration::from_secs(5))
            {
                Ok(_) => {}
                Err(broadsheet::Error::Busy(why)) => eprintln!(
                    "Saved. The search index was busy ({why}) for 5 s: it takes this change \
                     the next time it is used."
                ),
                Err(e) => return Err(e.into()),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Reextract { ids, json } => {
            let mut lib = open(g, false)?;
            let report = with_progress(json, |tick| import::reextract(&mut lib, &ids, tick))?;
            print_report(&report, json, "re-extracted")
        }
    }
}

/// Opens the library; when `show_demo`, an empty library first gets the demo articles.
/// The library folder: `--library`, `BROADSHEET_LIBRARY`, or the default.
fn library_dir(g: &Global) -> Result<PathBuf> {
    match &g.library {
        Some(d) => Ok(d.clone()),
        None => Library::default_dir()
            .context("no home folder to keep the library in: use --library DIR"),
    }
}

fn open(g: &Global, show_demo: bool) -> Result<Library> {
    let dir = library_dir(g)?;
    let mut lib = Library::open(&dir)
        .with_context(|| format!("cannot open the library in {}", dir.display()))?;
    if show_demo && !g.no_demo {
        if let Some(r) = demo::import_if_empty(&mut lib)? {
            eprintln!(
                "The library was empty: imported {} demo articles (--no-demo to opt out).",
                r.imported
            );
            for f in &r.failed {
                eprintln!("demo: {}: {}", f.path.display(), f.reason);
            }
        }
    }
    Ok(lib)
}

/// A progress bar on standard error when it is a terminal (none when `quiet`).
fn progress_bar(quiet: bool, what: &str) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(0);
    let template = format!("{what}{{bar:30}} {{pos}}/{{len}} articles  {{per_sec}}  {{wide_msg}}");
    bar.set_style(ProgressStyle::with_template(&template).expect("valid template"));
    bar
}

/// Opens the search index, saying so when it has to be rebuilt first.
fn open_index(lib: &Library, quiet: bool) -> Result<SearchIndex> {
    let bar = progress_bar(quiet, "building the search index ");
    let (index, opened) = SearchIndex::open(lib, &mut |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    })?;
    bar.finish_and_clear();
    if let Some(reason) = opened.rebuilt {
        if !quiet {
            eprintln!(
                "Rebuilt the search index ({reason}): {} articles.",
                index.count()
            );
        }
    }
    Ok(index)
}

/// Search results for the terminal: matches in bold (or *starred* when
/// not on a terminal), then the facets.
fn print_results(r: &SearchResults) -> Result<()> {
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
        let edition = hit.edition.as_deref().unwrap_or("-");
        writeln!(
            out,
            "\n{n:>3}. {}  [{edition}, {date}]  {}",
            hit.title, hit.id
        )?;
        let snippet = hit.snippet.replace("<mark>", on).replace("</mark>", off);
        writeln!(out, "     {}", unescape(&snippet))?;
    }
    let list = |counts: &[index::search::FacetCount]| {
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

/// Runs a batch job with a progress bar on a terminal (none with `quiet`).
fn with_progress<T>(
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

/// Prints a value as pretty JSON on standard output.
fn print_json(value: &impl serde::Serialize) -> Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

fn print_report(report: &Report, json: bool, verb: &str) -> Result<ExitCode> {
    if json {
        print_json(report)?;
    } else {
        for f in &report.failed {
            eprintln!("{}: {}", f.path.display(), f.reason);
        }
        println!(
            "{verb} {}, updated {}, unchanged {}, failed {}",
            report.imported,
            report.updated,
            report.unchanged,
            report.failed.len()
        );
    }
    Ok(if report.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The JSON `broadsheet extract --json` prints: the article, plus the
/// plain-text body and a few flat fields scripts want.
fn extract_json(a: &Article, extractor: &str, encoding: &str) -> serde_json::Value {
    let mut v = serde_json::to_value(a).unwrap_or_default();
    if let Some(o) = v.as_object_mut() {
        o.insert("body_text".into(), a.body_text().into());
        o.insert("section_path".into(), a.section_path().into());
        o.insert("extractor".into(), extractor.into());
        o.insert("encoding".into(), encoding.into());
    }
    v
}

/// An article as text for the terminal.
fn render(a: &Article, lang: Option<&str>, lib: Option<&Library>) -> String {
    let mut s = String::new();
    s.push_str(&a.title);
    s.push('\n');
    if let Some(sub) = &a.subtitle {
        s.push_str(sub);
        s.push('\n');
    }
    let mut meta = Vec::new();
    if let Some(e) = a.edition {
        meta.push(e.label().to_string());
    }
    if !a.section.is_empty() {
        meta.push(a.section_path());
    }
    if let Some(b) = &a.byline {
        meta.push(b.clone());
    }
    if let Some(src) = &a.source {
        meta.push(src.clone());
    }
    if let Some(d) = a.published {
        meta.push(d.format("%Y-%m-%d %H:%M %:z").to_string());
    }
    s.push_str(&meta.join(" | "));
    s.push_str("\n\n");
    for b in &a.blocks {
        if lang.is_some_and(|l| b.lang() != l) {
            continue;
        }
        match b {
            Block::Paragraph { text, .. } => s.push_str(text),
            Block::Heading { text, .. } => s.push_str(&format!("## {text}")),
            Block::Quote { text, .. } => s.push_str(&format!("> {text}")),
            Block::List { items, ordered, .. } => {
                let lines: Vec<String> = items
                    .iter()
                    .enumerate()
                    .map(|(i, t)| {
                        if *ordered {
                            format!("{}. {t}", i + 1)
                        } else {
                            format!("- {t}")
                        }
                    })
                    .collect();
                s.push_str(&lines.join("\n"));
            }
            Block::Image { image, .. } => {
                let img = &a.images[*image];
                let kept = match (&img.local, lib) {
                    (Some(h), Some(l)) => format!("kept offline: {}", l.image_path(h).display()),
                    _ => img.src.clone(),
                };
                s.push_str(&format!(
                    "[image: {}] ({kept})",
                    img.caption.as_deref().unwrap_or("no caption")
                ));
            }
        }
        s.push_str("\n\n");
    }
    if let Some(e) = &a.editor {
        s.push_str(&format!("Editor: {e}\n"));
    }
    for link in &a.edition_links {
        s.push_str(&format!("Also in {}: {}\n", link.edition.label(), link.url));
    }
    s.push_str(&format!("{}\n", a.url));
    s
}
