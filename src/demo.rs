//! The demo library: original articles written for this project in China
//! Daily's templates, across all five editions, embedded in the binary so
//! that a new library has something to read on first start.

use rust_embed::RustEmbed;
use std::path::Path;

use crate::Result;
use crate::library::Library;
use crate::save::{LoadedPage, Report, save_article};

#[derive(RustEmbed)]
#[folder = "assets/demo/"]
#[exclude = "*.json"]
struct Demo;

/// Names of the demo pages (`global-….html`, …), sorted.
pub fn pages() -> Vec<String> {
    let mut names: Vec<String> = Demo::iter()
        .filter(|n| n.ends_with(".html"))
        .map(|n| n.into_owned())
        .collect();
    names.sort();
    names
}

/// The bytes of a demo file.
pub fn file(name: &str) -> Option<Vec<u8>> {
    Demo::get(name).map(|f| f.data.into_owned())
}

/// Imports the demo articles (with their images) into `library`.
pub fn import(library: &mut Library) -> Result<Report> {
    let mut report = Report::default();
    library.begin_batch()?;
    for name in pages() {
        let bytes = file(&name).unwrap_or_default();
        let page = LoadedPage {
            bytes,
            origin: Some(format!("demo:{name}")),
            ..LoadedPage::default()
        };
        let dir = Path::new(&name)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let local = |src: &str| {
            let rel = src.trim_start_matches("./");
            (!rel.contains("..") && !rel.contains("://"))
                .then(|| file(&dir.join(rel).to_string_lossy()))?
        };
        match save_article(library, &[page], &local) {
            Ok((outcome, article, _)) => report.count(outcome, article.id),
            Err(e) => report.fail(Path::new(&name), &e),
        }
    }
    library.commit_batch()?;
    Ok(report)
}

/// Imports the demo articles if the library has no article at all.
/// Returns the report when it did.
pub fn import_if_empty(library: &mut Library) -> Result<Option<Report>> {
    if library.count()? > 0 {
        return Ok(None);
    }
    import(library).map(Some)
}

/// The environment variable that opts out of the demo articles, for the
/// command line and the desktop app alike.
pub const NO_DEMO_VAR: &str = "BROADSHEET_NO_DEMO";

/// Whether the environment opts out of the demo articles
/// (see [`opts_out`] for the values).
pub fn opted_out_by_env() -> Result<bool> {
    match std::env::var(NO_DEMO_VAR) {
        Ok(v) => opts_out(&v),
        Err(std::env::VarError::NotPresent) => Ok(false),
        Err(std::env::VarError::NotUnicode(v)) => opts_out(&v.to_string_lossy()),
    }
}

/// Reads a `BROADSHEET_NO_DEMO` value: a yes opts out, a no or the empty
/// value does not ([`crate::text::yes_or_no`]); anything else is an error
/// that names the variable.
///
/// ```
/// use broadsheet::demo::opts_out;
///
/// assert!(opts_out("1").unwrap());
/// assert!(!opts_out("false").unwrap());
/// assert!(!opts_out("").unwrap());
/// assert!(opts_out("maybe").unwrap_err().to_string().contains("BROADSHEET_NO_DEMO"));
/// ```
pub fn opts_out(value: &str) -> Result<bool> {
    if value.trim().is_empty() {
        return Ok(false);
    }
    crate::text::yes_or_no(value).ok_or_else(|| {
        crate::Error::invalid(
            NO_DEMO_VAR,
            format!("{value:?} is neither 1, true, yes nor 0, false, no"),
        )
    })
}
