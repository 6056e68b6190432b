//! The one way an article is saved, whatever brought its pages (a folder,
//! a download, an archive, the demo): extract and join its pages, gather
//! the images it keeps offline, then store images and article in the
//! library. [`prepare`] touches no library (it runs on worker threads);
//! [`store`] writes. What a batch did is a [`Report`].

use serde::Serialize;
use std::path::{Path, PathBuf};
use ts_rs::TS;

use crate::extract::{self, Page};
use crate::library::{ImageFile, Library, OriginalPage, Outcome, Record};
use crate::model::Article;
use crate::sites::Sites;
use crate::{Error, Result};

/// What an import did.
#[derive(Clone, Debug, Default, Serialize, TS)]
pub struct Report {
    /// New articles.
    pub imported: usize,
    /// Articles replaced by a newer version.
    pub updated: usize,
    /// Articles already in the library as they are.
    pub unchanged: usize,
    /// Files that could not be imported, with the reason.
    pub failed: Vec<Failure>,
    /// URLs left out on purpose (robots.txt forbids them), with the reason:
    /// not failures, they leave the exit status alone.
    pub skipped: Vec<Failure>,
    /// Ids of the articles imported, updated or unchanged, in order.
    pub ids: Vec<String>,
}

/// A file that could not be imported.
#[derive(Clone, Debug, Serialize, TS)]
pub struct Failure {
    /// The file (or folder).
    pub path: PathBuf,
    /// Why, in words.
    pub reason: String,
    /// Why, as a stable code.
    pub code: crate::ErrorCode,
}

impl Report {
    pub(crate) fn count(&mut self, outcome: Outcome, id: String) {
        match outcome {
            Outcome::Imported => self.imported += 1,
            Outcome::Updated => self.updated += 1,
            Outcome::Unchanged => self.unchanged += 1,
        }
        self.ids.push(id);
    }

    pub(crate) fn fail(&mut self, path: &Path, e: &Error) {
        self.failed.push(Failure::new(path, e));
    }

    /// [`Report::fail`], except that what robots.txt forbids is skipped.
    pub(crate) fn fail_or_skip(&mut self, path: &Path, e: &Error) {
        match e {
            Error::Disallowed { .. } => self.skipped.push(Failure::new(path, e)),
            _ => self.fail(path, e),
        }
    }
}

impl Failure {
    /// What failed and why; the reason does not repeat the path (a
    /// download's error starts with its URL, which is the path here).
    fn new(path: &Path, e: &Error) -> Failure {
        let reason = crate::error_chain(e);
        let reason = match reason.strip_prefix(&format!("{}: ", path.display())) {
            Some(rest) => rest.to_string(),
            None => reason,
        };
        Failure {
            path: path.to_path_buf(),
            reason,
            code: e.code(),
        }
    }
}

/// A page read into memory, ready to be saved.
#[derive(Clone, Debug, Default)]
pub struct LoadedPage {
    /// The bytes as read.
    pub bytes: Vec<u8>,
    /// The URL it was downloaded from, if it was.
    pub url: Option<String>,
    /// The HTTP `Content-Type` it came with.
    pub content_type: Option<String>,
    /// Where it was read from when not downloaded: a `file://` URL.
    pub origin: Option<String>,
}

/// An article extracted and ready to store, with the images it keeps offline.
pub struct Prepared {
    /// The article, serialised, its offline images already named by hash.
    pub record: Record,
    /// Its original pages, compressed.
    pub originals: Vec<OriginalPage>,
    /// Later pages that failed extraction, by index, with why.
    pub skipped: Vec<(usize, Error)>,
    /// The image files to keep offline.
    pub image_files: Vec<ImageFile>,
}

/// Extracts an article from its pages, gathers the images `local_image`
/// has bytes for (read from disk, or downloaded) and prepares everything
/// storing needs; touches no library. Later pages that
/// fail extraction are skipped; a failing first page fails the whole article.
pub fn prepare(
    sites: &Sites,
    pages: &[LoadedPage],
    local_image: &dyn Fn(&str) -> Option<Vec<u8>>,
) -> Result<Prepared> {
    let (mut article, originals, skipped) = extract_pages(sites, pages)?;
    let mut image_files = Vec::new();
    for image in &mut article.images {
        if let Some(file) = local_image(&image.src).and_then(ImageFile::new) {
            image.local = Some(file.hash.clone());
            image_files.push(file);
        }
    }
    Ok(Prepared {
        record: Record::new(article)?,
        originals,
        skipped,
        image_files,
    })
}

/// What saving did, the article as saved, and the later pages skipped
/// (by index, with why).
pub type Saved = (Outcome, Article, Vec<(usize, Error)>);

/// Stores a prepared article: its images first, then the article.
pub fn store(library: &mut Library, p: Prepared) -> Result<Saved> {
    for file in &p.image_files {
        library.store_image(file)?;
    }
    let outcome = library.save(&p.record, &p.originals)?;
    Ok((outcome, p.record.article, p.skipped))
}

/// Extracts an article from its pages, keeps its local images offline and
/// saves it: [`prepare`] then [`store`].
pub fn save_article(
    library: &mut Library,
    pages: &[LoadedPage],
    local_image: &dyn Fn(&str) -> Option<Vec<u8>>,
) -> Result<Saved> {
    let sites = library.sites().clone();
    store(library, prepare(&sites, pages, local_image)?)
}

/// An article joined from its pages, the pages kept, and the later pages
/// skipped (by index, with why).
pub type Extracted = (Article, Vec<OriginalPage>, Vec<(usize, Error)>);

/// Extracts and joins the pages of one article.
pub fn extract_pages(sites: &Sites, pages: &[LoadedPage]) -> Result<Extracted> {
    let mut extractions = Vec::new();
    let mut originals = Vec::new();
    let mut skipped = Vec::new();
    for (i, p) in pages.iter().enumerate() {
        let page = Page {
            sites,
            bytes: &p.bytes,
            url: p.url.as_deref(),
            content_type: p.content_type.as_deref(),
            fallback_url: p.origin.as_deref(),
            continuation: i > 0,
        };
        match extract::extract(&page) {
            Ok(x) => {
                originals.push(OriginalPage::new(
                    originals.len() as u32 + 1,
                    p.url.clone().or_else(|| p.origin.clone()),
                    p.content_type.clone(),
                    x.encoding,
                    &p.bytes,
                )?);
                extractions.push(x);
            }
            Err(e) if i == 0 => return Err(e),
            Err(e) => skipped.push((i, e)),
        }
    }
    let joined =
        extract::join_pages(extractions).ok_or_else(|| Error::NotAnArticle("no pages".into()))?;
    Ok((joined.article, originals, skipped))
}
