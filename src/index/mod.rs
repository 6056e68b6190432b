//! The search index: tantivy, derived from the library and always rebuildable.
//!
//! The index lives in the library folder (`index/`) with a version file
//! recording its schema and analyzers. SQLite stays the source of truth:
//! every change to an article queues its id in the same transaction
//! (`index_queue`), and [`SearchIndex::open`] indexes what is queued before
//! anything is searched, then forgets the queue entries it committed. A
//! crash between the two only indexes those articles again. An index that is
//! missing, unreadable, or of another version is rebuilt from the store.
//!
//! One field per language, each with its analyzer ([`analyzers`]); titles
//! weigh more than bodies; edition, language, section, source, date, year,
//! and the reader's favourite and read marks are filter and facet fields. [`search`] holds the queries, snippets,
//! facets and suggestions.

pub mod analyzers;
pub mod query;
pub mod search;
mod snippets;
pub mod suggest;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::schema::{
    FAST, Facet, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema,
    TextFieldIndexing, TextOptions,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use crate::library::{ArticleState, Library};
use crate::model::{Article, Block, Edition};
use crate::sites::Sites;
use crate::{Error, Result};

pub use search::{FacetCount, Facets, Hit, SearchRequest, SearchResults, Sort};
pub use suggest::Suggestion;

/// Version of the schema and analyzers. Changing either bumps it, and every
/// index of another version is rebuilt on open.
pub const INDEX_VERSION: u32 = 3;

/// The folder of the index inside a library.
pub const INDEX_DIR: &str = "index";
const VERSION_FILE: &str = "broadsheet-index-version";
/// The lock file, beside the index folder, that serialises rebuilding it.
const REBUILD_LOCK: &str = "index.lock";
const WRITER_HEAP: usize = 96 * 1024 * 1024;

/// The fields of the index.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fields {
    pub id: Field,
    pub url: Field,
    pub title: Field,
    pub body: Field,
    pub title_en: Field,
    pub title_fr: Field,
    pub title_zh: Field,
    pub title_plain: Field,
    pub body_en: Field,
    pub body_fr: Field,
    pub body_zh: Field,
    pub edition: Field,
    pub lang: Field,
    pub section: Field,
    pub section_label: Field,
    pub section_facet: Field,
    pub edition_facet: Field,
    pub year_facet: Field,
    pub source: Field,
    pub published: Field,
    /// The published time's wall-clock reading where it was printed
    /// ([`crate::time::wall_clock`]): day filters, and the offset of hits.
    pub local: Field,
    pub favourite: Field,
    pub read: Field,
}

/// The index schema and its fields.
fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |analyzer: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analyzer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let plain = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzers::PLAIN)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let f = Fields {
        id: b.add_text_field("id", STRING | STORED),
        url: b.add_text_field("url", STORED),
        title: b.add_text_field("title", STORED),
        body: b.add_text_field("body", STORED),
        title_en: b.add_text_field("title_en", text(analyzers::EN)),
        title_fr: b.add_text_field("title_fr", text(analyzers::FR)),
        title_zh: b.add_text_field("title_zh", text(analyzers::ZH)),
        title_plain: b.add_text_field("title_plain", plain),
        body_en: b.add_text_field("body_en", text(analyzers::EN)),
        body_fr: b.add_text_field("body_fr", text(analyzers::FR)),
        body_zh: b.add_text_field("body_zh", text(analyzers::ZH)),
        edition: b.add_text_field("edition", STRING | STORED),
        lang: b.add_text_field("lang", STRING | STORED),
        section: b.add_text_field("section", STORED),
        section_label: b.add_text_field("section_label", STRING),
        section_facet: b.add_facet_field("section_facet", FacetOptions::default()),
        edition_facet: b.add_facet_field("edition_facet", FacetOptions::default()),
        year_facet: b.add_facet_field("year_facet", FacetOptions::default()),
        source: b.add_text_field("source", STRING),
        published: b.add_i64_field("published", INDEXED | FAST | STORED),
        // A fast field: day filters are range queries, which tantivy answers
        // from a fast field's column (on an indexed field it would walk
        // every distinct second's term: p99 at 100,000 articles went from
        // 3 to 9 ms).
        local: b.add_i64_field("local", FAST | STORED),
        favourite: b.add_text_field("favourite", STRING),
        read: b.add_text_field("read", STRING),
    };
    (b.build(), f)
}

/// The library's search index, open for searching.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    dir: PathBuf,
    /// The index's `meta.json` (modified time, length) as last read: another
    /// process's commit changes it.
    seen: std::sync::Mutex<Option<(Option<std::time::SystemTime>, u64)>>,
    /// The library's site profiles, for the names of editions in queries
    /// (`edition:中文`).
    sites: Arc<Sites>,
}

/// What [`SearchIndex::open`] had to do.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Opened {
    /// The index was rebuilt from the store (and why).
    pub rebuilt: Option<RebuildReason>,
    /// Articles (re)indexed to catch up with the store.
    pub caught_up: usize,
}

/// The modified time and length of an index's `meta.json`.
fn meta_stamp(dir: &Path) -> Option<(Option<std::time::SystemTime>, u64)> {
    fs::metadata(dir.join("meta.json"))
        .ok()
        .map(|m| (m.modified().ok(), m.len()))
}

/// Why an index was rebuilt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RebuildReason {
    /// There was none.
    Missing,
    /// It was written for another schema or analyzer version.
    Version,
    /// It could not be read.
    Damaged,
    /// It was asked for (`broadsheet reindex`).
    Requested,
}

impl std::fmt::Display for RebuildReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            RebuildReason::Missing => "there was no search index",
            RebuildReason::Version => "the search index was built by another version",
            RebuildReason::Damaged => "the search index could not be read",
            RebuildReason::Requested => "a rebuild was asked for",
        })
    }
}

/// Progress of indexing, for a progress bar: done, total.
pub type IndexProgress<'a> = &'a mut dyn FnMut(usize, usize);

fn index_error(e: tantivy::TantivyError) -> Error {
    Error::Index(e)
}

impl SearchIndex {
    /// Opens the library's index, rebuilding it when it is missing, damaged or
    /// of another version, and catching up with what the store queued.
    pub fn open(library: &Library, progress: IndexProgress) -> Result<(SearchIndex, Opened)> {
        let dir = library.root().join(INDEX_DIR);
        let found = fs::read_to_string(dir.join(VERSION_FILE)).ok();
        let problem = match found.as_deref().map(str::trim) {
            None if !dir.join("meta.json").exists() => Some(RebuildReason::Missing),
            Some(v) if v == INDEX_VERSION.to_string() => None,
            _ => Some(RebuildReason::Version),
        };
        if problem.is_none()
            && let Some(opened) = SearchIndex::open_caught_up(library, &dir)
        {
            return opened;
        }
        let reason = problem.unwrap_or(RebuildReason::Damaged);
        // Processes that find no usable index build it once: each waits for
        // the lock, and one that gets it after another's rebuild opens that.
        let lock_path = library.root().join(REBUILD_LOCK);
        let lock = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(Error::io(&lock_path))?;
        lock.lock().map_err(Error::io(&lock_path))?;
        let built = fs::read_to_string(dir.join(VERSION_FILE))
            .is_ok_and(|v| v.trim() == INDEX_VERSION.to_string());
        if built
            && problem.is_some()
            && let Some(opened) = SearchIndex::open_caught_up(library, &dir)
        {
            return opened;
        }
        let index = SearchIndex::rebuild(library, progress)?;
        drop(lock);
        Ok((
            index,
            Opened {
                rebuilt: Some(reason),
                caught_up: 0,
            },
        ))
    }

    /// The index as it stands, caught up with the store's queue; `None`
    /// when it cannot be opened (to be rebuilt).
    fn open_caught_up(library: &Library, dir: &Path) -> Option<Result<(SearchIndex, Opened)>> {
        let mut index = SearchIndex::open_existing(dir, library.sites().clone()).ok()?;
        Some(index.catch_up(library).map(|caught_up| {
            let opened = Opened {
                rebuilt: None,
                caught_up,
            };
            (index, opened)
        }))
    }

    fn open_existing(dir: &Path, sites: Arc<Sites>) -> Result<SearchIndex> {
        let index = Index::open_in_dir(dir).map_err(index_error)?;
        let (expected, fields) = schema();
        if index.schema() != expected {
            return Err(Error::IndexMismatch("its schema differs".into()));
        }
        SearchIndex::with_index(index, fields, dir, sites)
    }

    fn with_index(
        index: Index,
        fields: Fields,
        dir: &Path,
        sites: Arc<Sites>,
    ) -> Result<SearchIndex> {
        analyzers::register(index.tokenizers());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(index_error)?;
        // Reading every segment's metadata now finds damage now, not mid-search.
        for segment in reader.searcher().segment_readers() {
            segment.num_docs();
        }
        Ok(SearchIndex {
            seen: std::sync::Mutex::new(meta_stamp(dir)),
            index,
            reader,
            fields,
            dir: dir.to_path_buf(),
            sites,
        })
    }

    /// Reads edition names in queries with these profiles from now on (a
    /// library's, after its `sites/` folder changed).
    pub fn use_sites(&mut self, sites: Arc<Sites>) {
        self.sites = sites;
    }

    /// The profiles edition names in queries are read with.
    pub fn sites(&self) -> &Arc<Sites> {
        &self.sites
    }

    /// As [`SearchIndex::open`], but while another process holds the index's
    /// writer lock, tries again (with growing pauses) for up to `patience`
    /// before answering [`Error::Busy`]. What this process changed is
    /// queued in the store meanwhile: the next open indexes it.
    pub fn open_within(
        library: &Library,
        progress: IndexProgress,
        patience: std::time::Duration,
    ) -> Result<(SearchIndex, Opened)> {
        let until = std::time::Instant::now() + patience;
        let mut pause = std::time::Duration::from_millis(25);
        loop {
            match SearchIndex::open(library, progress) {
                Err(Error::Busy(_)) if std::time::Instant::now() + pause < until => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(std::time::Duration::from_millis(500));
                }
                other => return other,
            }
        }
    }

    /// Sees what another process (the command line beside the app, say)
    /// committed to the index since this one last looked: one `stat` of the
    /// index's `meta.json`, and a reload when it changed.
    pub fn refresh(&self) -> Result<()> {
        let now = meta_stamp(&self.dir);
        let mut seen = self
            .seen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if *seen != now {
            self.reader.reload().map_err(index_error)?;
            *seen = now;
        }
        Ok(())
    }

    /// Builds the index anew from every article in the store.
    pub fn rebuild(library: &Library, progress: IndexProgress) -> Result<SearchIndex> {
        let dir = library.root().join(INDEX_DIR);
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(Error::io(&dir))?;
        }
        fs::create_dir_all(&dir).map_err(Error::io(&dir))?;
        let (schema, fields) = schema();
        let index = Index::create_in_dir(&dir, schema).map_err(index_error)?;
        analyzers::register(index.tokenizers());
        let (upto, _) = library.index_queue()?;
        let total = library.count()?;
        let mut writer: IndexWriter<TantivyDocument> =
            index.writer(WRITER_HEAP).map_err(index_error)?;
        let mut done = 0;
        library.for_each_article(|a| {
            let state = library.state(&a.id)?;
            writer
                .add_document(document(&fields, &a, state))
                .map_err(index_error)?;
            done += 1;
            if done % 1000 == 0 || done == total {
                progress(done, total);
            }
            Ok(())
        })?;
        writer.commit().map_err(index_error)?;
        writer.wait_merging_threads().map_err(index_error)?;
        fs::write(dir.join(VERSION_FILE), INDEX_VERSION.to_string()).map_err(Error::io(&dir))?;
        library.clear_index_queue(upto)?;
        SearchIndex::with_index(index, fields, &dir, library.sites().clone())
    }

    /// Indexes the articles the store queued since the last catch-up;
    /// returns how many.
    pub fn catch_up(&mut self, library: &Library) -> Result<usize> {
        let (upto, ids) = library.index_queue()?;
        if ids.is_empty() {
            return Ok(0);
        }
        let mut writer: IndexWriter<TantivyDocument> =
            self.index.writer(WRITER_HEAP).map_err(|e| match e {
                tantivy::TantivyError::LockFailure(..) => {
                    Error::Busy("another Broadsheet process is updating the search index".into())
                }
                e => index_error(e),
            })?;
        for id in &ids {
            writer.delete_term(Term::from_field_text(self.fields.id, id));
            if let Some(article) = library.get_exact(id)? {
                let state = library.state(id)?;
                writer
                    .add_document(document(&self.fields, &article, state))
                    .map_err(index_error)?;
            }
        }
        writer.commit().map_err(index_error)?;
        drop(writer);
        library.clear_index_queue(upto)?;
        self.reader.reload().map_err(index_error)?;
        *self
            .seen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = meta_stamp(&self.dir);
        Ok(ids.len())
    }

    /// Opens the index as it is, without rebuilding or catching up (for
    /// checking it).
    pub fn open_as_is(library: &Library) -> Result<SearchIndex> {
        let dir = library.root().join(INDEX_DIR);
        let version = fs::read_to_string(dir.join(VERSION_FILE))
            .map_err(Error::io(dir.join(VERSION_FILE)))?;
        if version.trim() != INDEX_VERSION.to_string() {
            return Err(Error::IndexMismatch(format!(
                "the index is version {}, this program writes version {INDEX_VERSION}",
                version.trim()
            )));
        }
        SearchIndex::open_existing(&dir, library.sites().clone())
    }

    /// Number of articles in the index.
    pub fn count(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Every id in the index, sorted.
    pub fn ids(&self) -> Result<Vec<String>> {
        use tantivy::schema::document::Value;
        let searcher = self.reader.searcher();
        let mut ids = Vec::new();
        for segment in searcher.segment_readers() {
            let store = segment.get_store_reader(64)?;
            for doc_id in segment.doc_ids_alive() {
                let doc: TantivyDocument = store.get(doc_id).map_err(index_error)?;
                if let Some(id) = doc.get_first(self.fields.id).and_then(|v| v.as_str()) {
                    ids.push(id.to_string());
                }
            }
        }
        ids.sort();
        Ok(ids)
    }

    /// Size of the index on disk, in bytes.
    pub fn size_on_disk(&self) -> u64 {
        fs::read_dir(&self.dir)
            .map(|entries| {
                entries
                    .flatten()
                    .filter_map(|e| e.metadata().ok())
                    .map(|m| m.len())
                    .sum()
            })
            .unwrap_or(0)
    }
}

/// What `broadsheet check` found.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct CheckReport {
    /// Articles in the store.
    pub store_articles: usize,
    /// Articles in the index (None when it could not be opened).
    pub index_articles: Option<usize>,
    /// The store's schema version.
    pub store_schema: i64,
    /// The index version this program writes.
    pub index_version: u32,
    /// Changes queued for the index and not yet in it.
    pub pending: usize,
    /// Why the index had to be rebuilt before the comparison, if it had.
    pub rebuilt: Option<String>,
    /// Changes indexed before the comparison (left queued by a process
    /// that stopped before its index caught up).
    pub caught_up: usize,
    /// Ids in the store and not in the index (up to 20).
    pub missing_from_index: Vec<String>,
    /// Ids in the index and not in the store (up to 20).
    pub extra_in_index: Vec<String>,
    /// Everything wrong, in words; empty when store and index agree.
    pub problems: Vec<String>,
}

/// Verifies that store and index agree: the database's integrity, the
/// index's version, counts and ids. The index is first brought up to date
/// as any reader would (rebuilt if missing or damaged, queued changes
/// indexed); the store is not changed.
pub fn check(library: &Library) -> Result<CheckReport> {
    let mut r = CheckReport {
        index_version: INDEX_VERSION,
        ..CheckReport::default()
    };
    // The index is derived: like any reader, check first brings it up to
    // date (rebuilding a missing, outdated or damaged one; indexing changes
    // a stopped process left queued) and says what it did, then compares.
    // Another process writing the index right now is not a fault: what it
    // has not indexed yet is reported as pending.
    match SearchIndex::open(library, &mut |_, _| {}) {
        Ok((_, opened)) => {
            r.rebuilt = opened.rebuilt.map(|reason| reason.to_string());
            r.caught_up = opened.caught_up;
        }
        Err(crate::Error::Busy(_)) => {}
        Err(e) => r.problems.push(format!(
            "index: cannot be brought up to date: {}",
            crate::error_chain(&e)
        )),
    }
    for problem in library.quick_check()? {
        r.problems.push(format!("database: {problem}"));
    }
    r.store_schema = library.schema_version()?;
    let store_ids = library.ids()?;
    r.store_articles = store_ids.len();
    let (_, queued) = library.index_queue()?;
    r.pending = queued.len();
    match SearchIndex::open_as_is(library) {
        Err(e) => r
            .problems
            .push(format!("index: {}", crate::error_chain(&e))),
        Ok(index) => {
            let index_ids = index.ids()?;
            r.index_articles = Some(index_ids.len());
            let in_index: std::collections::HashSet<&String> = index_ids.iter().collect();
            let in_store: std::collections::HashSet<&String> = store_ids.iter().collect();
            let missing: Vec<String> = store_ids
                .iter()
                .filter(|id| !in_index.contains(id))
                .cloned()
                .collect();
            let extra: Vec<String> = index_ids
                .iter()
                .filter(|id| !in_store.contains(id))
                .cloned()
                .collect();
            let duplicates = index_ids.len() - in_index.len();
            if !missing.is_empty() {
                r.problems.push(format!(
                    "{} articles are in the store but not in the index",
                    missing.len()
                ));
            }
            if !extra.is_empty() {
                r.problems.push(format!(
                    "{} articles are in the index but not in the store",
                    extra.len()
                ));
            }
            if duplicates > 0 {
                r.problems.push(format!(
                    "{duplicates} articles are in the index more than once"
                ));
            }
            r.missing_from_index = missing.into_iter().take(20).collect();
            r.extra_in_index = extra.into_iter().take(20).collect();
        }
    }
    if r.pending > 0 {
        r.problems.push(format!(
            "{} changes are queued and not yet indexed (any search catches up)",
            r.pending
        ));
    }
    Ok(r)
}

/// The index document of an article in the reader's state.
fn document(f: &Fields, a: &Article, state: ArticleState) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(f.favourite, if state.favourite { "yes" } else { "no" });
    doc.add_text(f.read, if state.read { "yes" } else { "no" });
    doc.add_text(f.id, &a.id);
    doc.add_text(f.url, &a.canonical_url);
    doc.add_text(f.title, &a.title);
    doc.add_text(f.body, a.body_text());
    // Each block's text goes to its language's field; other languages are
    // read as English (folded, stemmed), which serves Latin scripts best.
    let mut bodies: [String; 3] = Default::default();
    for block in &a.blocks {
        if matches!(block, Block::Image { .. }) {
            continue;
        }
        let slot = &mut bodies[lang_slot(block.lang())];
        for t in block.texts(&a.images) {
            slot.push_str(t);
            slot.push('\n');
        }
    }
    let title_fields = [f.title_en, f.title_fr, f.title_zh];
    let body_fields = [f.body_en, f.body_fr, f.body_zh];
    let mut title_done = [false; 3];
    for lang in &a.languages {
        let slot = lang_slot(lang);
        if !title_done[slot] {
            doc.add_text(title_fields[slot], &a.title);
            title_done[slot] = true;
        }
    }
    if !title_done.iter().any(|d| *d) {
        doc.add_text(f.title_en, &a.title);
    }
    doc.add_text(f.title_plain, &a.title);
    for (slot, text) in bodies.iter().enumerate() {
        if !text.is_empty() {
            doc.add_text(body_fields[slot], text);
        }
    }
    let edition = a.edition.as_ref().map_or("none", Edition::code);
    doc.add_text(f.edition, edition);
    doc.add_facet(f.edition_facet, Facet::from_path([edition]));
    for lang in &a.languages {
        doc.add_text(f.lang, lang);
    }
    doc.add_text(f.section, a.section_path());
    for label in &a.section {
        doc.add_text(f.section_label, label.to_lowercase());
    }
    // Counted by what follows the site's root label ("Home", "中国日报网").
    let counted: Vec<&str> = match a.section.len() {
        0 => vec!["(none)"],
        1 => vec![a.section[0].as_str()],
        _ => a.section[1..].iter().map(String::as_str).collect(),
    };
    doc.add_facet(f.section_facet, Facet::from_path(counted));
    if let Some(source) = &a.source {
        doc.add_text(f.source, source.to_lowercase());
    }
    match a.published {
        Some(t) => {
            doc.add_i64(f.published, t.timestamp());
            doc.add_i64(f.local, crate::time::wall_clock(t));
            // The year where it was published, as its site's pages say.
            let year = t.format("%Y").to_string();
            doc.add_facet(f.year_facet, Facet::from_path([year]));
        }
        None => {
            doc.add_i64(f.published, i64::MIN);
            doc.add_i64(f.local, i64::MIN);
            doc.add_facet(f.year_facet, Facet::from_path(["(undated)"]));
        }
    }
    doc
}

/// Which language field family a language tag goes to: 0 English (and
/// other Latin-script languages), 1 French, 2 Chinese (and Japanese, Korean).
pub(crate) fn lang_slot(lang: &str) -> usize {
    match lang {
        "fr" => 1,
        "zh" | "ja" | "ko" => 2,
        _ => 0,
    }
}
