//! The command line's words: every subcommand and option, with clap. The
//! groups several subcommands share (the library filters, the output
//! format, how downloads behave) are written once and flattened in.

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};

use broadsheet::api::Filters;
use broadsheet::fetch::FetchOptions;
use broadsheet::index::Sort;
use broadsheet::time::Day;

/// Broadsheet: an offline reader for multilingual news sites.
#[derive(Parser)]
#[command(name = "broadsheet", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args)]
pub struct Global {
    /// The library folder (default: the platform's data folder, e.g. ~/.local/share/broadsheet).
    #[arg(long, global = true, env = "BROADSHEET_LIBRARY", value_name = "DIR")]
    pub library: Option<PathBuf>,

    /// Do not import the demo articles into an empty library (also
    /// BROADSHEET_NO_DEMO=1; 0 or false keep them).
    #[arg(long, global = true)]
    pub no_demo: bool,
}

/// `--json`: for scripts rather than people.
#[derive(Args, Clone, Copy)]
pub struct Output {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// The filters of `list` and `search`.
#[derive(Args)]
pub struct FilterArgs {
    /// Only this edition: global, asia, zh, bilingual, fr, or another site's
    /// (`broadsheet sites` lists them: xinhua-zh, people-en, ...).
    /// A name only one edition has ("中文") is taken too.
    #[arg(long, short)]
    pub edition: Option<String>,
    /// Only this section: a breadcrumb label ("World", "国际") or path ("Home / World").
    #[arg(long, short)]
    pub section: Option<String>,
    /// Only articles published on or after this date (YYYY-MM-DD: each
    /// article's own day, where its site published it).
    #[arg(long, value_name = "DATE")]
    pub since: Option<Day>,
    /// Only articles published before this date (YYYY-MM-DD, as --since).
    #[arg(long, value_name = "DATE")]
    pub until: Option<Day>,
}

impl FilterArgs {
    /// The API's filters.
    pub fn filters(self) -> Filters {
        Filters {
            edition: self.edition,
            section: self.section,
            since: self.since,
            until: self.until,
        }
    }
}

#[derive(Subcommand)]
pub enum Command {
    /// Import saved pages: files, folders (recursively) and "Save Page As" folders.
    Import {
        /// Files or folders to import.
        #[arg(required_unless_present = "archive", value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Restore a whole library from an archive made by `export --archive`
        /// (into a new or empty library).
        #[arg(long, value_name = "FILE", conflicts_with = "paths")]
        archive: Option<PathBuf>,
        #[command(flatten)]
        out: Output,
    },
    /// Copy everything a damaged library database still holds into a new one
    /// (the damaged file is kept beside it); the index is rebuilt.
    Repair {
        #[command(flatten)]
        out: Output,
    },
    /// Write the whole library (store, images, original pages) to one file.
    Export {
        /// The archive to write.
        #[arg(long, value_name = "FILE")]
        archive: PathBuf,
        #[command(flatten)]
        out: Output,
    },
    /// List the library's articles, newest first.
    List {
        #[command(flatten)]
        filters: FilterArgs,
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
        #[command(flatten)]
        out: Output,
    },
    /// Show one article.
    Show {
        /// The article's id (or a unique prefix of it).
        id: String,
        /// Only the blocks in this language (en, zh, fr): reads one side of a bilingual article.
        #[arg(long)]
        lang: Option<String>,
        #[command(flatten)]
        out: Output,
    },
    /// Extract the article in a page file and print it (the library is not
    /// touched; its `sites/` profiles are used).
    Extract {
        /// The page.
        file: PathBuf,
        /// The URL the page was downloaded from (decides site and edition, resolves links).
        #[arg(long)]
        url: Option<String>,
        #[command(flatten)]
        out: Output,
    },
    /// Search the library: words, "exact phrases", -excluded, OR, and filters
    /// (edition:zh section:World source:Xinhua lang:fr since:2026-11-01 until:… year:2026).
    Search {
        /// The query (several words are one query).
        #[arg(required = true, value_name = "QUERY")]
        query: Vec<String>,
        #[command(flatten)]
        filters: FilterArgs,
        /// Only this source (Xinhua, China Daily, 中国日报网...).
        #[arg(long)]
        source: Option<String>,
        /// Only articles with text in this language: en, zh, fr.
        #[arg(long)]
        lang: Option<String>,
        /// Order: relevance (default) or date (newest first).
        #[arg(long, default_value = "relevance")]
        sort: Sort,
        /// Page number, from 1.
        #[arg(long, default_value_t = 1)]
        page: usize,
        /// Hits per page (at most 100).
        #[arg(long, default_value_t = 10)]
        per_page: usize,
        #[command(flatten)]
        out: Output,
    },
    /// Suggest titles for what is typed so far (typos in Latin-script words are forgiven).
    Suggest {
        /// The text typed so far.
        #[arg(required = true, value_name = "TEXT")]
        text: Vec<String>,
        /// At most this many.
        #[arg(long, default_value_t = 8)]
        limit: usize,
        #[command(flatten)]
        out: Output,
    },
    /// List the site profiles in use (built in, and the library's `sites/`
    /// folder), with any that could not be read; exits 1 if one could not.
    Sites {
        #[command(flatten)]
        out: Output,
    },
    /// Rebuild the search index from the library.
    Reindex,
    /// Check that the library and its search index agree; say what is wrong.
    Check {
        #[command(flatten)]
        out: Output,
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
        since: Option<Day>,
        #[command(flatten)]
        net: NetArgs,
        #[command(flatten)]
        out: Output,
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
        #[command(flatten)]
        out: Output,
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
        #[command(flatten)]
        out: Output,
    },
    /// Extract stored articles again from their original pages.
    Reextract {
        /// Only these articles (all when none is given).
        ids: Vec<String>,
        #[command(flatten)]
        out: Output,
    },
}

/// How downloads behave on the network.
#[derive(Args)]
pub struct NetArgs {
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
    /// The fetcher's options.
    pub fn options(&self) -> Result<FetchOptions> {
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
        Ok(FetchOptions {
            delay: std::time::Duration::from_millis(self.delay_ms),
            timeout: std::time::Duration::from_secs(self.timeout.max(1)),
            retries: self.retries,
            resolve,
            refresh: self.refresh,
            with_editions: self.with_editions,
            ..FetchOptions::default()
        })
    }
}
