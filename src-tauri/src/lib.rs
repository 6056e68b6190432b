//! Broadsheet's desktop shell: a Tauri 2 window over the same interface and
//! the same API as `broadsheet serve`, with no server inside.
//!
//! It is thin on purpose. It opens the library (the CLI's folder, or
//! `BROADSHEET_LIBRARY`; the demo articles into an empty one), and gives the
//! window three ways in, each handing straight to the core:
//!
//! - the `api` command ([`commands::api`]): the interface's requests, parsed
//!   by the core's own routes ([`broadsheet::api::route`]) and answered by
//!   [`broadsheet::api::Api`]; a job it starts reports progress as `job`
//!   events;
//! - the `bsimage:` protocol ([`commands::image_protocol`]): offline images
//!   by content hash;
//! - the native menu and drag and drop ([`menu`]).
//!
//! [`with_reader`] adds all of it to a `tauri::Builder`, the real one in
//! `main.rs` or the mock runtime's in tests.

pub mod commands;
pub mod menu;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use broadsheet::Library;
use broadsheet::api::Api;
use tauri::{Builder, Runtime};

/// What the shell holds: the API over the library, and a few facts.
pub struct Shell {
    /// The core's API.
    pub api: Arc<Api>,
    /// The library's folder.
    pub root: PathBuf,
    /// When the process started (for the startup measurement).
    pub started: Instant,
    /// Print `ready N ms` when the first screen is up
    /// (`BROADSHEET_STARTUP_PROBE=1`, used by the startup benchmark).
    pub probe: bool,
    /// The window's zoom factor.
    pub zoom: Mutex<f64>,
}

impl Shell {
    /// Opens the library in `root` (importing the demo articles into an
    /// empty one unless `demo` is false) and its search index.
    pub fn open(root: PathBuf, demo: bool, started: Instant) -> broadsheet::Result<Shell> {
        let mut library = Library::open(&root)?;
        if demo {
            broadsheet::demo::import_if_empty(&mut library)?;
        }
        Ok(Shell {
            api: Arc::new(Api::new(library)?),
            root,
            started,
            probe: std::env::var_os("BROADSHEET_STARTUP_PROBE").is_some(),
            zoom: Mutex::new(1.0),
        })
    }

    /// The library folder the app opens: `BROADSHEET_LIBRARY`, or the
    /// CLI's default folder.
    pub fn default_root() -> Option<PathBuf> {
        std::env::var_os("BROADSHEET_LIBRARY")
            .map(PathBuf::from)
            .or_else(Library::default_dir)
    }
}

/// The log file's name, in the platform's log folder for the app.
pub const LOG_FILE: &str = "broadsheet.log";

/// Logs requests, jobs and errors to `LOG_FILE` in `dir` (at `info`, or as
/// `RUST_LOG` says), appending; a file grown past 10 MB starts again.
/// Answers the file's path.
pub fn log_to_file(dir: &std::path::Path) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let path = dir.join(LOG_FILE);
    if std::fs::metadata(&path).is_ok_and(|m| m.len() > 10_000_000) {
        std::fs::remove_file(&path)?;
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)?;
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // Already set (a test that builds two apps): the first one keeps logging.
    let _already = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(Mutex::new(file))
        .try_init();
    Ok(path)
}

/// Adds the reader to a builder: the shell's state, the `api` and `ready`
/// commands, and the `bsimage:` protocol.
pub fn with_reader<R: Runtime>(builder: Builder<R>, shell: Shell) -> Builder<R> {
    builder
        .manage(shell)
        .invoke_handler(tauri::generate_handler![commands::api, commands::ready])
        .register_asynchronous_uri_scheme_protocol("bsimage", commands::image_protocol)
}
