//! Importing saved pages: files, folders, browser "Save Page As" folders.
//!
//! [`import_paths`] walks the paths it is given (folders recursively), groups
//! the pages of multi-page articles (`WS….html`, `WS…_2.html`, …) and saves
//! each article through [`crate::save`]. A browser's "Save Page As" keeps a
//! page's images in `NAME_files/` beside it: those folders are not walked as
//! pages, and the images the page references there are stored in the library,
//! so the article stays readable offline. One bad file never stops the rest:
//! it is reported as "file: reason" and counted.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use url::Url;

use crate::extract;
use crate::library::{Library, Outcome, Record};
use crate::save::{Failure, LoadedPage, Prepared, Report, extract_pages, prepare, store};
use crate::sites::Sites;
use crate::{Error, Result};

/// Largest image file kept, in bytes.
pub const MAX_IMAGE_BYTES: u64 = 20 * 1024 * 1024;

/// Progress of an import, for a progress bar.
#[derive(Clone, Copy, Debug)]
pub struct Progress<'a> {
    /// Articles handled so far.
    pub done: usize,
    /// Articles found in all.
    pub total: usize,
    /// The file just handled.
    pub path: &'a Path,
}

/// One article to import: its first page and any later pages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// Page files in order, as found.
    pub pages: Vec<PathBuf>,
    /// The pages' folder, resolved (absolute, no symbolic links).
    pub dir: PathBuf,
}

const PAGE_EXTENSIONS: &[&str] = &["html", "htm", "shtml", "xhtml"];

/// Finds the articles under `paths`: files as given, folders walked for web
/// pages (skipping hidden folders and "Save Page As" `*_files` folders).
/// Paths that do not exist are returned as failures.
pub fn discover(paths: &[PathBuf]) -> (Vec<Source>, Vec<Failure>) {
    let mut files = Vec::new();
    let mut failed = Vec::new();
    for path in paths {
        if path.is_dir() {
            let walker = walkdir::WalkDir::new(path)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| {
                    let name = e.file_name().to_string_lossy();
                    e.depth() == 0
                        || !(e.file_type().is_dir()
                            && (name.starts_with('.') || name.ends_with("_files")))
                });
            for entry in walker {
                match entry {
                    Ok(e) if e.file_type().is_file() && is_page_name(e.path()) => {
                        files.push(e.into_path())
                    }
                    Ok(_) => {}
                    Err(e) => failed.push(Failure {
                        path: e.path().unwrap_or(path).to_path_buf(),
                        reason: e
                            .io_error()
                            .map_or_else(|| e.to_string(), |io| io.to_string()),
                        code: e.io_error().map_or(crate::ErrorCode::Internal, |io| {
                            crate::ErrorCode::of_io(io.kind())
                        }),
                    }),
                }
            }
        } else if path.is_file() {
            files.push(path.clone());
        } else {
            failed.push(Failure {
                path: path.clone(),
                reason: "no such file or folder".into(),
                code: crate::ErrorCode::NotFound,
            });
        }
    }
    (group_pages(files), failed)
}

fn is_page_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| PAGE_EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// `dir/NAME_2.html` → (`dir/NAME.html`, 2).
fn continuation_of(path: &Path) -> Option<(PathBuf, u32)> {
    let stem = path.file_stem()?.to_str()?;
    let ext = path.extension()?.to_str()?;
    let (base, n) = stem.rsplit_once('_')?;
    let n: u32 = n.parse().ok().filter(|&n| n >= 2)?;
    Some((path.with_file_name(format!("{base}.{ext}")), n))
}

/// Groups `NAME_2.html`, `NAME_3.html`... with `NAME.html` when it is there.
fn group_pages(files: Vec<PathBuf>) -> Vec<Source> {
    let mut firsts: BTreeMap<PathBuf, Vec<(u32, PathBuf)>> = BTreeMap::new();
    let mut order = Vec::new();
    let mut later = Vec::new();
    for f in files {
        match continuation_of(&f) {
            Some((first, n)) if first.is_file() => later.push((first, n, f)),
            _ => {
                if let std::collections::btree_map::Entry::Vacant(slot) = firsts.entry(f) {
                    order.push(slot.key().clone());
                    slot.insert(Vec::new());
                }
            }
        }
    }
    for (first, n, f) in later {
        let entry = firsts.entry(first.clone()).or_insert_with(|| {
            order.push(first.clone());
            Vec::new()
        });
        entry.push((n, f));
    }
    let mut real_dirs: BTreeMap<PathBuf, PathBuf> = BTreeMap::new();
    order
        .into_iter()
        .map(|first| {
            let mut rest = firsts.remove(&first).unwrap_or_default();
            rest.sort();
            rest.dedup();
            let parent = first
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let dir = real_dirs
                .entry(parent.to_path_buf())
                .or_insert_with(|| {
                    fs::canonicalize(parent).unwrap_or_else(|_| parent.to_path_buf())
                })
                .clone();
            let mut pages = vec![first];
            pages.extend(rest.into_iter().map(|(_, p)| p));
            Source { pages, dir }
        })
        .collect()
}

/// Imports files and folders into the library. Worker threads (one per CPU
/// but one) and this thread read and extract pages while this thread also
/// stores each article as soon as it is ready, in batched transactions.
pub fn import_paths(
    library: &mut Library,
    paths: &[PathBuf],
    progress: &mut dyn FnMut(Progress),
) -> Result<Report> {
    let (sources, failed) = discover(paths);
    let sites = library.sites().clone();
    let mut report = import_each(
        library,
        sources.len(),
        &|i| prepare_source(&sites, &sources[i]),
        progress,
    )?;
    report.failed.splice(0..0, failed);
    Ok(report)
}

/// Imports `total` articles whose pages are already loaded (downloaded,
/// generated): `load(i)` gives article `i`'s pages, and its first page's
/// URL (or origin) names it in failures.
pub fn import_loaded(
    library: &mut Library,
    total: usize,
    load: &(dyn Fn(usize) -> Vec<LoadedPage> + Sync),
    progress: &mut dyn FnMut(Progress),
) -> Result<Report> {
    let sites = library.sites().clone();
    let prepare_loaded = |i: usize| {
        let pages = load(i);
        let names = pages
            .iter()
            .map(|p| {
                PathBuf::from(
                    p.url
                        .clone()
                        .or_else(|| p.origin.clone())
                        .unwrap_or_else(|| format!("article {i}")),
                )
            })
            .collect();
        Ready {
            prepared: prepare(&sites, &pages, &|_| None),
            unreadable: Vec::new(),
            names,
        }
    };
    import_each(library, total, &prepare_loaded, progress)
}

/// The import engine: worker threads (one per CPU but one) and this thread
/// prepare articles (`prepare(i)`: read, extract, compress, hash images)
/// while this thread also stores each result as soon as it is ready (SQLite
/// has one writer), in batches. Extraction and storage so overlap without
/// more threads than cores. Articles are stored in the order they are ready.
fn import_each(
    library: &mut Library,
    total: usize,
    prepare: &(dyn Fn(usize) -> Ready + Sync),
    progress: &mut dyn FnMut(Progress),
) -> Result<Report> {
    let mut report = Report::default();
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    let workers = (cpus - 1).min(7).min(total);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let take =
        || Some(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed)).filter(|&i| i < total);
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<(usize, Ready)>(64);
        for _ in 0..workers {
            let (tx, take) = (tx.clone(), &take);
            scope.spawn(move || {
                while let Some(i) = take() {
                    if tx.send((i, prepare(i))).is_err() {
                        break; // the storing side stopped
                    }
                }
            });
        }
        drop(tx);
        let mut batch = Batch::start(library)?;
        let mut done = 0;
        while done < total {
            // Store what the workers have ready; otherwise prepare one here.
            let (
                _,
                Ready {
                    prepared,
                    unreadable,
                    names,
                },
            ) = match rx.try_recv() {
                Ok(msg) => msg,
                Err(_) => match take() {
                    Some(i) => (i, prepare(i)),
                    None => match rx.recv() {
                        Ok(msg) => msg,
                        Err(_) => break,
                    },
                },
            };
            for (path, e) in unreadable {
                report.fail(&path, &e);
            }
            match prepared.and_then(|p| store(library, p)) {
                Ok((outcome, article, skipped)) => {
                    report.count(outcome, article.id);
                    for (page, e) in skipped {
                        report.fail(&names[page], &e);
                    }
                }
                Err(e) => report.fail(&names[0], &e),
            }
            batch.tick(library)?;
            done += 1;
            progress(Progress {
                done,
                total,
                path: &names[0],
            });
        }
        library.commit_batch()
    })?;
    Ok(report)
}

/// An article prepared for storing.
struct Ready {
    /// The preparation, or why it failed.
    prepared: Result<Prepared>,
    /// Later pages that could not be read, with why.
    unreadable: Vec<(PathBuf, Error)>,
    /// A name for each page (its file or URL), for messages.
    names: Vec<PathBuf>,
}

/// Groups saves into transactions of at most 500 articles or one second,
/// whichever comes first, so that a bulk import is fast and an interrupted
/// one loses at most a second of work.
struct Batch {
    started: std::time::Instant,
    saves: usize,
}

impl Batch {
    fn start(library: &mut Library) -> Result<Batch> {
        library.begin_batch()?;
        Ok(Batch {
            started: std::time::Instant::now(),
            saves: 0,
        })
    }

    fn tick(&mut self, library: &mut Library) -> Result<()> {
        self.saves += 1;
        if self.saves >= 500 || self.started.elapsed() >= std::time::Duration::from_secs(1) {
            library.commit_batch()?;
            *self = Batch::start(library)?;
        }
        Ok(())
    }
}

/// Reads a page file, at most [`extract::MAX_PAGE_BYTES`] of it: the size
/// is checked before reading, and the read stops at the limit whatever the
/// size said (a file that grows, a device).
fn read_page(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let file = fs::File::open(path)?;
    let limit = extract::MAX_PAGE_BYTES;
    let too_large = |size| std::io::Error::other(Error::TooLarge { size, limit });
    let size = file.metadata()?.len();
    if size > limit {
        return Err(too_large(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Reads a source's page files and extracts its article. Later pages that
/// cannot be read are returned beside the result.
fn prepare_source(sites: &Sites, source: &Source) -> Ready {
    let mut pages = Vec::new();
    let mut read = Vec::new(); // index in `source.pages` of each page read
    let mut unreadable = Vec::new();
    for (i, path) in source.pages.iter().enumerate() {
        match read_page(path) {
            Ok(bytes) => {
                read.push(i);
                let real = path.file_name().map(|name| source.dir.join(name));
                pages.push(LoadedPage {
                    bytes,
                    origin: real
                        .and_then(|p| Url::from_file_path(p).ok())
                        .map(String::from),
                    ..LoadedPage::default()
                });
            }
            Err(e) if i == 0 => {
                let prepared = Err(Error::WithPath {
                    path: path.clone(),
                    source: e,
                });
                return Ready {
                    prepared,
                    unreadable,
                    names: source.pages.clone(),
                };
            }
            Err(e) => unreadable.push((
                path.clone(),
                Error::WithPath {
                    path: path.clone(),
                    source: e,
                },
            )),
        }
    }
    let mut prepared = prepare(sites, &pages, &|src| read_local_image(&source.dir, src));
    if let Ok(p) = &mut prepared {
        for (index, _) in &mut p.skipped {
            *index = read[*index];
        }
    }
    Ready {
        prepared,
        unreadable,
        names: source.pages.clone(),
    }
}

/// Reads an image a saved page references by a relative path (as "Save Page
/// As" writes them: `NAME_files/pic.jpg`), if it is a file inside `dir`.
fn read_local_image(dir: &Path, src: &str) -> Option<Vec<u8>> {
    use std::io::Read;
    use std::path::Component;
    let src = src.split(['?', '#']).next()?;
    let relative = if let Some(rest) = src.strip_prefix("file://") {
        PathBuf::from(percent_decode(rest))
            .strip_prefix(dir)
            .ok()?
            .to_path_buf()
    } else if src.contains("://") || src.starts_with('/') {
        return None;
    } else {
        PathBuf::from(percent_decode(src))
    };
    // Only files inside the page's folder: a page cannot pull in /etc/passwd.
    if !relative
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return None;
    }
    // A regular file, not a link (to elsewhere) nor a device or pipe, and
    // really inside the page's folder: a `NAME_files` folder that is itself
    // a link to elsewhere does not pass.
    let path = dir.join(relative);
    let meta = fs::symlink_metadata(&path).ok()?;
    // `dir` is the page folder's real path already (see `group_pages`).
    let real = fs::canonicalize(&path).ok()?;
    if !real.starts_with(dir) {
        return None;
    }
    if !meta.is_file() || meta.len() > MAX_IMAGE_BYTES {
        return None;
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    fs::File::open(path)
        .ok()?
        .take(MAX_IMAGE_BYTES + 1)
        .read_to_end(&mut bytes)
        .ok()?;
    (bytes.len() as u64 <= MAX_IMAGE_BYTES).then_some(bytes)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let pair = (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            );
            if let (Some(h), Some(l)) = pair {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Runs extraction again over stored original pages: all articles, or those
/// given. Articles keep their ids and their offline images.
pub fn reextract(
    library: &mut Library,
    ids: &[String],
    progress: &mut dyn FnMut(Progress),
) -> Result<Report> {
    let every = ids.is_empty();
    let ids = if every {
        library.ids()?
    } else {
        ids.iter()
            .map(|i| library.resolve_id(i))
            .collect::<Result<_>>()?
    };
    let mut report = Report::default();
    let mut batch = Batch::start(library)?;
    for (i, id) in ids.iter().enumerate() {
        let path = PathBuf::from(id);
        match reextract_one(library, id) {
            Ok(outcome) => report.count(outcome, id.clone()),
            Err(e) => report.fail(&path, &e),
        }
        batch.tick(library)?;
        progress(Progress {
            done: i + 1,
            total: ids.len(),
            path: &path,
        });
    }
    library.commit_batch()?;
    if every {
        // Every article was read with the profiles as they are now.
        for site in library.changed_profiles()? {
            library.forget_noted_profile(&site);
            library.note_profile(&site)?;
        }
    }
    Ok(report)
}

fn reextract_one(library: &mut Library, id: &str) -> Result<Outcome> {
    let old = library.get(id)?;
    // Without its site's profile the page would be read as any page, and
    // the article filed under another site: it stays as it was stored.
    if let Some(e) = old.edition
        && library.sites().edition(e.code()).is_none()
    {
        return Err(Error::NotAnArticle(format!(
            "no profile for this site ({}, edition {e}) is loaded: the article is kept as it was stored",
            old.site
        )));
    }
    let stored = library.pages(id)?;
    if stored.is_empty() {
        return Err(Error::NotAnArticle(
            "no original page is stored for this article".into(),
        ));
    }
    let pages: Vec<LoadedPage> = stored
        .into_iter()
        .map(|p| {
            let downloaded = p.url.as_deref().is_some_and(|u| u.starts_with("http"));
            Ok(LoadedPage {
                bytes: p.bytes()?,
                url: if downloaded { p.url.clone() } else { None },
                content_type: p.content_type,
                origin: if downloaded { None } else { p.url },
            })
        })
        .collect::<Result<_>>()?;
    let sites = library.sites().clone();
    let (mut article, originals, _) = extract_pages(&sites, &pages)?;
    // Identity and offline copies survive re-extraction.
    article.id = old.id;
    article.canonical_url = old.canonical_url;
    for image in &mut article.images {
        image.local = old
            .images
            .iter()
            .find(|o| o.src == image.src)
            .and_then(|o| o.local.clone());
    }
    library.replace(&Record::new(article)?, &originals)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continuation_names() {
        assert_eq!(
            continuation_of(Path::new("d/WSabc_2.html")),
            Some((PathBuf::from("d/WSabc.html"), 2))
        );
        assert_eq!(continuation_of(Path::new("d/WSabc_1.html")), None);
        assert_eq!(continuation_of(Path::new("d/my_page.html")), None);
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(
            percent_decode("a%20b_files/x%E4%B8%AD.jpg"),
            "a b_files/x中.jpg"
        );
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
        // Regression: a '%' before a multi-byte character sliced inside it.
        assert_eq!(percent_decode("100%纯.jpg"), "100%纯.jpg");
        assert_eq!(percent_decode("%E7"), "\u{FFFD}");
    }
}
