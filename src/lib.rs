//! Broadsheet: an offline reader for multilingual news sites.
//!
//! The core library. One path runs through it: a page's bytes are
//! [extracted](extract) into an [`Article`] of typed, language-tagged blocks;
//! the [`Library`] stores it (SQLite is the source of truth, with the original
//! HTML kept compressed and images kept as local files); the search
//! [`index`] is derived from the library and answers queries in English,
//! French and Chinese. The [`import`] module feeds files and folders
//! through that path.
//!
//! ```
//! use broadsheet::index::{SearchIndex, SearchRequest};
//! use broadsheet::{Library, import};
//! # let dir = tempfile::tempdir()?;
//! let mut library = Library::open(dir.path())?;
//! let report = import::import_paths(&mut library, &["tests/fixtures/articles".into()], &mut |_| {})?;
//! assert!(report.imported > 0 && report.failed.is_empty());
//!
//! let newest = library.list(&broadsheet::ListFilter::default())?;
//! let article = library.get(&newest[0].id)?;
//! println!("{} ({:?})\n\n{}", article.title, article.edition, article.body_text());
//!
//! let (index, _) = SearchIndex::open(&library, &mut |_, _| {})?;
//! let results = index.search(&SearchRequest::new("渡轮"))?;
//! assert_eq!(results.hits[0].title, "港口渡轮全面换装电动船");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The crate knows nothing of terminals or windows: the `broadsheet` program
//! and the desktop shell are thin layers over it.

pub mod api;
pub mod archive;
pub mod demo;
pub mod encoding;
mod error;
pub mod extract;
pub mod fetch;
pub mod import;
pub mod index;
pub mod library;
pub mod model;
pub mod runtime;
pub mod save;
pub mod sites;
pub mod text;
pub mod time;

pub use error::{Error, ErrorCode, Result, error_chain};
pub use library::{Library, ListFilter, Summary};
pub use model::{Article, Block, Edition, EditionLink, Image};
