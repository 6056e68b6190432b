//! The `broadsheet` command-line program: a thin layer over the core library.
//!
//! [`args`] holds every subcommand and option (clap), [`commands`] one
//! function per subcommand (open the library, build the request the API
//! would, call the core), [`print`] what is printed for people or, with
//! `--json`, for scripts. Errors print their whole chain; a batch reports
//! each failed item as "file: reason" and exits with status 1.

mod args;
mod commands;
mod print;

use std::process::ExitCode;

use anyhow::Result;
use clap::Parser;

use args::{Cli, Command};
use broadsheet::api::{FetchRequest, SearchQuery};
use broadsheet::library::StateChange;

/// mimalloc: import allocates many small strings on several threads, where
/// it is markedly faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    if matches!(cli.command, Command::Serve { .. }) {
        log_to_stderr();
    }
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

/// `broadsheet serve` logs requests, jobs and errors on standard error,
/// at `info` unless `RUST_LOG` says otherwise.
fn log_to_stderr() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

fn run(cli: Cli) -> Result<ExitCode> {
    let g = &cli.global;
    match cli.command {
        Command::Import {
            archive: Some(file),
            out,
            ..
        } => commands::restore(g, &file, out),
        Command::Import { paths, out, .. } => commands::import(g, &paths, out),
        Command::Repair { out } => commands::repair(g, out),
        Command::Export { archive, out } => commands::export(g, &archive, out),
        Command::List {
            filters,
            limit,
            favourites,
            unread,
            ids,
            out,
        } => commands::list(
            g,
            commands::list_query(filters, limit, favourites, unread),
            ids,
            out,
        ),
        Command::Show { id, lang, out } => commands::show(g, &id, lang.as_deref(), out),
        Command::Extract { file, url, out } => commands::extract(g, &file, url.as_deref(), out),
        Command::Search {
            query,
            filters,
            source,
            lang,
            sort,
            page,
            per_page,
            out,
        } => {
            let query = SearchQuery {
                q: Some(query.join(" ")),
                filters: filters.filters(),
                source,
                lang,
                sort: Some(sort),
                page: Some(page),
                per_page: Some(per_page),
            };
            commands::search(g, query, out)
        }
        Command::Suggest { text, limit, out } => commands::suggest(g, &text.join(" "), limit, out),
        Command::Reindex => commands::reindex(g),
        Command::Sites { out } => commands::sites(g, out),
        Command::Check { out } => commands::check(g, out),
        Command::Fetch {
            urls,
            section,
            feed,
            limit,
            since,
            net,
            out,
        } => {
            let request = FetchRequest {
                urls,
                section,
                feed,
                limit,
                since,
            };
            commands::fetch(g, request, &net, out)
        }
        Command::Subscribe { url, feed } => commands::subscribe(g, &url, feed),
        Command::Update { net, out } => commands::update(g, &net, out),
        Command::Serve {
            port,
            host,
            open,
            net,
        } => commands::serve(g, host, port, open, &net),
        Command::Versions { id, restore, out } => commands::versions(g, &id, restore, out),
        Command::Mark {
            id,
            read,
            unread,
            favourite,
            unfavourite,
        } => {
            let change = StateChange {
                read: (read || unread).then_some(read),
                favourite: (favourite || unfavourite).then_some(favourite),
                position: None,
            };
            commands::mark(g, &id, change)
        }
        Command::Reextract { ids, out } => commands::reextract(g, &ids, out),
    }
}
