//! Searching the index: queries, filters, sorting, pages and facets. The
//! snippets of the hits are cut in `snippets.rs`; suggestions while
//! typing are in `suggest.rs`.
//!
//! A text clause is looked for in every language's fields at once, each
//! analysed by its own analyzer, titles weighing three times the body.
//! Chinese text becomes a phrase of two-character terms (one character
//! alone is a one-character term), so that 共和国 finds 中华人民共和国.
//!
//! The work of one request is bounded: a search looks for at most
//! [`MAX_TERMS`] terms, suggestions for at most
//! [`super::suggest::MAX_SUGGEST_TERMS`], and only words of at most
//! [`super::suggest::MAX_FUZZY_CHARS`] characters are matched with
//! typos (each such word builds a Levenshtein automaton, whose size grows
//! with the word and the distance). Beyond a bound the answer is a
//! [`QueryError`] naming it, never a slow or partial search.

use std::ops::Bound;

use chrono::{DateTime, FixedOffset, TimeZone};
use serde::Serialize;
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::document::Value;
use tantivy::schema::{Facet, Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, Order, Searcher, TantivyDocument, Term};
use ts_rs::TS;

use super::query::{Clause, FilterName, ParsedQuery, QueryError};
use super::snippets::{Highlights, SNIPPET_COLUMNS, snippet};
use super::{SearchIndex, analyzers, index_error, lang_slot};
use crate::model::Edition;
use crate::text::is_cjk;
use crate::time::Day;
use crate::{Error, Result};

/// How results are ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// Best match first.
    #[default]
    Relevance,
    /// Newest first.
    Date,
}

impl std::str::FromStr for Sort {
    type Err = Error;
    fn from_str(s: &str) -> Result<Sort> {
        match s.to_ascii_lowercase().as_str() {
            "relevance" | "score" | "best" => Ok(Sort::Relevance),
            "date" | "newest" | "new" => Ok(Sort::Date),
            _ => Err(Error::invalid(
                "sort",
                format!("{s:?} (expected relevance or date)"),
            )),
        }
    }
}

/// A search: the query text plus filters given separately (from the
/// command line's options or the API's parameters).
#[derive(Clone, Debug)]
pub struct SearchRequest {
    /// The query, in the query language of [`super::query`].
    pub query: String,
    /// Only this edition.
    pub edition: Option<Edition>,
    /// Only this section (a breadcrumb label, or a path "Home / World").
    pub section: Option<String>,
    /// Only this source (Xinhua, China Daily...), case-insensitive.
    pub source: Option<String>,
    /// Only articles with text in this language (en, zh, fr...).
    pub lang: Option<String>,
    /// Published on or after this day (each article's own day).
    pub since: Option<Day>,
    /// Published before this day.
    pub until: Option<Day>,
    /// Order.
    pub sort: Sort,
    /// Page number, from 1.
    pub page: usize,
    /// Hits per page.
    pub per_page: usize,
}

impl SearchRequest {
    /// A request for `query`, first page of 10, by relevance.
    pub fn new(query: impl Into<String>) -> SearchRequest {
        SearchRequest {
            query: query.into(),
            edition: None,
            section: None,
            source: None,
            lang: None,
            since: None,
            until: None,
            sort: Sort::Relevance,
            page: 1,
            per_page: 10,
        }
    }
}

/// One page of results.
#[derive(Clone, Debug, Serialize, TS)]
pub struct SearchResults {
    /// The query as given.
    pub query: String,
    /// How many articles match, exactly.
    pub total: usize,
    /// This page, from 1.
    pub page: usize,
    /// Hits per page.
    pub per_page: usize,
    /// Order of the hits.
    pub sort: Sort,
    /// The hits on this page.
    pub hits: Vec<Hit>,
    /// Counts over all matching articles.
    pub facets: Facets,
}

/// One matching article.
#[derive(Clone, Debug, Serialize, TS)]
pub struct Hit {
    /// Article id.
    pub id: String,
    /// Canonical URL.
    pub url: String,
    /// Headline.
    pub title: String,
    /// Edition, if any.
    pub edition: Option<Edition>,
    /// Publication time, at the offset its site printed it in.
    pub published: Option<DateTime<FixedOffset>>,
    /// Breadcrumb, "Home / World".
    pub section: String,
    /// Body languages.
    pub languages: Vec<String>,
    /// A passage around the best matches: HTML-escaped text in which the
    /// matches are wrapped in `<mark>`…`</mark>`.
    pub snippet: String,
    /// Relevance score (when sorted by relevance).
    pub score: Option<f32>,
}

/// Facet counts over all matching articles, largest first.
#[derive(Clone, Debug, Default, Serialize, TS)]
pub struct Facets {
    /// By edition code.
    pub edition: Vec<FacetCount>,
    /// By section (the breadcrumb's first label after the site's root).
    pub section: Vec<FacetCount>,
    /// By year of publication.
    pub year: Vec<FacetCount>,
}

/// One facet value and how many matching articles have it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct FacetCount {
    /// The value.
    pub value: String,
    /// Matching articles with it.
    pub count: u64,
}

/// How deep pagination goes (the collector keeps every hit before the page).
const MAX_OFFSET: usize = 10_000;

/// The most terms one search looks for, over all its words and phrases
/// (a Chinese phrase counts its two-character terms).
pub const MAX_TERMS: usize = 100;

/// Title weight against body text.
const TITLE_BOOST: f32 = 3.0;

impl SearchIndex {
    /// Runs a search.
    ///
    /// ```
    /// # use broadsheet::{Library, index::{SearchIndex, SearchRequest}};
    /// # let dir = tempfile::tempdir()?;
    /// # let mut library = Library::open(dir.path())?;
    /// # broadsheet::demo::import(&mut library)?;
    /// let (index, _) = SearchIndex::open(&library, &mut |_, _| {})?;
    /// let results = index.search(&SearchRequest::new("熊猫"))?;
    /// assert!(results.total > 0);
    /// assert!(results.hits[0].snippet.contains("<mark>熊猫</mark>"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults> {
        let parsed = ParsedQuery::parse(&req.query)?;
        let mut analyzers = Analyzers::new(self);
        let (query, highlights) = self.build(&parsed, req, &mut analyzers)?;
        let per_page = req.per_page.clamp(1, 100);
        let page = req.page.max(1);
        let offset = (page - 1).saturating_mul(per_page);
        if offset >= MAX_OFFSET {
            return Err(Error::invalid(
                "page",
                format!(
                    "page {page} is beyond the first {MAX_OFFSET} results: narrow the search instead"
                ),
            ));
        }
        let searcher = self.reader.searcher();
        let facets = |name: &str| {
            let mut c = FacetCollector::for_field(name);
            c.add_facet(Facet::root());
            c
        };
        let facet_collectors = (
            facets("edition_facet"),
            facets("section_facet"),
            facets("year_facet"),
        );
        let (top, total, (fe, fs, fy)): (Vec<(Option<f32>, DocAddress)>, usize, _) = match req.sort
        {
            Sort::Relevance => {
                let top = TopDocs::with_limit(per_page)
                    .and_offset(offset)
                    .order_by_score();
                let (hits, total, f) = searcher
                    .search(&query, &(top, Count, facet_collectors))
                    .map_err(index_error)?;
                (
                    hits.into_iter().map(|(s, d)| (Some(s), d)).collect(),
                    total,
                    f,
                )
            }
            Sort::Date => {
                let top = TopDocs::with_limit(per_page)
                    .and_offset(offset)
                    .order_by_fast_field::<i64>("published", Order::Desc);
                let (hits, total, f) = searcher
                    .search(&query, &(top, Count, facet_collectors))
                    .map_err(index_error)?;
                (hits.into_iter().map(|(_, d)| (None, d)).collect(), total, f)
            }
        };
        let counts = |fc: tantivy::collector::FacetCounts| {
            let mut v: Vec<FacetCount> = fc
                .get(Facet::root())
                .map(|(facet, count)| FacetCount {
                    value: facet.to_path().last().unwrap_or(&"").to_string(),
                    count,
                })
                .collect();
            v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
            v
        };
        let mut facets = Facets {
            edition: counts(fe),
            section: counts(fs),
            year: counts(fy),
        };
        facets.year.sort_by(|a, b| b.value.cmp(&a.value));
        let hits = top
            .into_iter()
            .map(|(score, address)| {
                self.hit(&searcher, address, score, &highlights, &mut analyzers)
            })
            .collect::<Result<_>>()?;
        Ok(SearchResults {
            query: req.query.clone(),
            total,
            page,
            per_page,
            sort: req.sort,
            hits,
            facets,
        })
    }

    fn build(
        &self,
        parsed: &ParsedQuery,
        req: &SearchRequest,
        analyzers: &mut Analyzers,
    ) -> Result<(Box<dyn Query>, Highlights)> {
        let mut highlights: Highlights = Default::default();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut budget = MAX_TERMS;
        for group in &parsed.groups {
            let mut any: Vec<Box<dyn Query>> = Vec::new();
            for clause in group {
                any.push(self.clause(clause, analyzers, Some(&mut highlights), &mut budget)?);
            }
            let q = if any.len() == 1 {
                any.pop().expect("one")
            } else {
                Box::new(BooleanQuery::union(any))
            };
            clauses.push((Occur::Must, q));
        }
        for clause in &parsed.excluded {
            clauses.push((
                Occur::MustNot,
                self.clause(clause, analyzers, None, &mut budget)?,
            ));
        }
        let extra = [
            (
                FilterName::Edition,
                req.edition.map(|e| e.code().to_string()),
            ),
            (FilterName::Section, req.section.clone()),
            (FilterName::Source, req.source.clone()),
            (FilterName::Lang, req.lang.clone()),
        ];
        for (name, value) in extra {
            if let Some(value) = value {
                clauses.push((Occur::Must, self.filter(name, &value)?));
            }
        }
        if req.since.is_some() || req.until.is_some() {
            clauses.push((Occur::Must, self.date_range(req.since, req.until)));
        }
        if !parsed.has_text() {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        Ok((Box::new(BooleanQuery::new(clauses)), highlights))
    }

    fn clause(
        &self,
        clause: &Clause,
        analyzers: &mut Analyzers,
        highlights: Option<&mut Highlights>,
        budget: &mut usize,
    ) -> Result<Box<dyn Query>> {
        match clause {
            Clause::Filter { name, value } => self.filter(*name, value),
            Clause::Text { text, .. } => {
                let f = &self.fields;
                let families = [
                    (f.title_en, f.body_en),
                    (f.title_fr, f.body_fr),
                    (f.title_zh, f.body_zh),
                ];
                let mut any: Vec<Box<dyn Query>> = Vec::new();
                let mut found: Vec<(usize, Vec<(usize, String)>)> = Vec::new();
                let mut most = 0;
                for (slot, (title, body)) in families.into_iter().enumerate() {
                    let terms = analyzers.terms(slot, text);
                    most = most.max(terms.len());
                    if most > *budget {
                        return Err(Error::Query(QueryError {
                            message: format!(
                                "the query looks for more than {MAX_TERMS} terms; at most {MAX_TERMS} are read"
                            ),
                            position: 0,
                        }));
                    }
                    if let (Some(t), Some(b)) =
                        (term_or_phrase(title, &terms), term_or_phrase(body, &terms))
                    {
                        any.push(Box::new(BoostQuery::new(t, TITLE_BOOST)));
                        any.push(b);
                        found.push((slot, terms));
                    }
                }
                *budget -= most;
                if any.is_empty() {
                    return Err(Error::Query(QueryError {
                        message: format!("{text:?} has no letters or digits to search for"),
                        position: 0,
                    }));
                }
                if let Some(h) = highlights {
                    for (slot, terms) in found {
                        h[slot].extend(terms.into_iter().map(|(_, t)| t));
                    }
                }
                Ok(Box::new(BooleanQuery::union(any)))
            }
        }
    }

    fn filter(&self, name: FilterName, value: &str) -> Result<Box<dyn Query>> {
        let f = &self.fields;
        let term = |field: Field, v: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, v),
                IndexRecordOption::Basic,
            ))
        };
        let value = value.trim();
        Ok(match name {
            FilterName::Edition => term(f.edition, self.edition(value)?.code()),
            FilterName::Source => term(f.source, &value.to_lowercase()),
            FilterName::Lang => term(f.lang, &value.to_lowercase()),
            FilterName::Section => {
                let labels: Vec<Box<dyn Query>> = value
                    .split(['/', '>'])
                    .map(|l| l.trim().to_lowercase())
                    .filter(|l| !l.is_empty())
                    .map(|l| term(f.section_label, &l))
                    .collect();
                if labels.is_empty() {
                    return Err(Error::invalid(
                        "section",
                        format!("{value:?} names no section"),
                    ));
                }
                Box::new(BooleanQuery::intersection(labels))
            }
            FilterName::Year => {
                let year: u16 = value.parse().map_err(|_| {
                    Error::invalid("year", format!("{value:?} (expected e.g. 2026)"))
                })?;
                let facet = Facet::from_path([year.to_string()]);
                Box::new(TermQuery::new(
                    Term::from_facet(f.year_facet, &facet),
                    IndexRecordOption::Basic,
                ))
            }
            FilterName::Is => match value.to_lowercase().as_str() {
                "favourite" | "favorite" | "fav" => term(f.favourite, "yes"),
                "read" => term(f.read, "yes"),
                "unread" => term(f.read, "no"),
                _ => {
                    return Err(Error::invalid(
                        "is:",
                        format!("{value:?} (expected favourite, read or unread)"),
                    ));
                }
            },
            FilterName::Since => self.date_range(Some(value.parse()?), None),
            FilterName::Until => self.date_range(None, Some(value.parse()?)),
        })
    }

    /// The edition a query names: a code or name the profiles know, or a
    /// code the index holds articles of (a site whose profile is gone).
    fn edition(&self, value: &str) -> Result<Edition> {
        self.sites.resolve(value, |code| {
            let term = Term::from_field_text(self.fields.edition, code.code());
            self.reader.searcher().doc_freq(&term).is_ok_and(|n| n > 0)
        })
    }

    /// Articles published from the start of `since` to before `until`,
    /// each on its own clock (the days of its site).
    fn date_range(&self, since: Option<Day>, until: Option<Day>) -> Box<dyn Query> {
        let field = self.fields.local;
        let lower = since.map_or(
            Bound::Excluded(Term::from_field_i64(field, i64::MIN)),
            |d| Bound::Included(Term::from_field_i64(field, d.wall_clock())),
        );
        let upper = until.map_or(Bound::Unbounded, |d| {
            Bound::Excluded(Term::from_field_i64(field, d.wall_clock()))
        });
        Box::new(RangeQuery::new(lower, upper))
    }

    fn hit(
        &self,
        searcher: &Searcher,
        address: DocAddress,
        score: Option<f32>,
        highlights: &Highlights,
        analyzers: &mut Analyzers,
    ) -> Result<Hit> {
        let f = &self.fields;
        let doc: TantivyDocument = searcher.doc(address).map_err(index_error)?;
        let languages: Vec<String> = doc
            .get_all(f.lang)
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect();
        // At the offset it was published at: its wall clock less the instant.
        let at = |field| doc.get_first(field).and_then(|v| v.as_i64());
        let published = at(f.published)
            .zip(at(f.local))
            .filter(|&(t, _)| t != i64::MIN)
            .and_then(|(t, local)| {
                let offset = FixedOffset::east_opt(i32::try_from(local - t).ok()?)?;
                offset.timestamp_opt(t, 0).single()
            });
        let body = text(&doc, f.body);
        let mut slots: Vec<usize> = languages.iter().map(|l| lang_slot(l)).collect();
        slots.sort_unstable();
        slots.dedup();
        let snippet = snippet(&body, highlights, &slots, analyzers, SNIPPET_COLUMNS);
        Ok(Hit {
            id: text(&doc, f.id),
            url: text(&doc, f.url),
            title: text(&doc, f.title),
            edition: text(&doc, f.edition).parse().ok(),
            published,
            section: text(&doc, f.section),
            languages,
            snippet,
            score,
        })
    }
}

pub(super) fn text(doc: &TantivyDocument, field: Field) -> String {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string()
}

/// A term query for one term, a phrase query for several.
pub(super) fn term_or_phrase(field: Field, terms: &[(usize, String)]) -> Option<Box<dyn Query>> {
    match terms {
        [] => None,
        [(_, t)] => Some(Box::new(TermQuery::new(
            Term::from_field_text(field, t),
            IndexRecordOption::WithFreqs,
        ))),
        _ => Some(Box::new(PhraseQuery::new_with_offset(
            terms
                .iter()
                .map(|(p, t)| (*p, Term::from_field_text(field, t)))
                .collect(),
        ))),
    }
}

/// The index's analyzers, ready to use (one set per search).
pub(super) struct Analyzers {
    pub(super) langs: [TextAnalyzer; 3],
    pub(super) plain: TextAnalyzer,
}

impl Analyzers {
    pub(super) fn new(index: &SearchIndex) -> Analyzers {
        let get = |name: &str| {
            index
                .index
                .tokenizers()
                .get(name)
                .expect("analyzers are registered")
        };
        Analyzers {
            langs: [get(analyzers::EN), get(analyzers::FR), get(analyzers::ZH)],
            plain: get(analyzers::PLAIN),
        }
    }

    /// The terms to look for in a language family's fields, with their
    /// relative positions. For Chinese, a run of characters is its
    /// two-character terms (one character alone is itself).
    pub(super) fn terms(&mut self, slot: usize, text: &str) -> Vec<(usize, String)> {
        let tokens = analyzers::tokens(&mut self.langs[slot], text);
        let mut out: Vec<(usize, String)> = Vec::new();
        let mut covered: Option<usize> = None; // position covered by the previous bigram
        let is_pair = |t: &str| t.chars().count() == 2 && t.chars().all(is_cjk);
        for (i, token) in tokens.iter().enumerate() {
            let unigram = token.text.chars().count() == 1 && token.text.chars().all(is_cjk);
            if unigram {
                let pair_here = tokens
                    .get(i + 1)
                    .is_some_and(|n| n.position == token.position && is_pair(&n.text));
                if pair_here || covered == Some(token.position) {
                    continue;
                }
            } else if is_pair(&token.text) {
                covered = Some(token.position + 1);
            }
            out.push((token.position, token.text.clone()));
        }
        if let Some(first) = out.first().map(|(p, _)| *p) {
            for (p, _) in &mut out {
                *p -= first;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Library;
    use crate::index::suggest::{MAX_FUZZY_CHARS, MAX_SUGGEST_TERMS};

    fn demo() -> (tempfile::TempDir, SearchIndex) {
        let dir = tempfile::tempdir().unwrap();
        let mut library = Library::open(dir.path()).unwrap();
        crate::demo::import(&mut library).unwrap();
        let (index, _) = SearchIndex::open(&library, &mut |_, _| {}).unwrap();
        (dir, index)
    }

    fn query_error(r: Result<impl std::fmt::Debug>) -> String {
        match r {
            Err(Error::Query(e)) => e.message,
            other => panic!("expected a query error, got {other:?}"),
        }
    }

    #[test]
    fn bounds_are_errors_that_name_them_and_at_the_bounds_queries_work() {
        let (_dir, index) = demo();
        // 61,440 characters: refused before any work, search and suggestions alike.
        let long = "lunaire ".repeat(7_680);
        let started = std::time::Instant::now();
        let e = query_error(index.search(&SearchRequest::new(long.as_str())));
        assert_eq!(
            e,
            "the query is 61,440 characters long; at most 1,000 are read"
        );
        let e = query_error(index.suggest(&long, 8));
        assert_eq!(
            e,
            "the query is 61,440 characters long; at most 1,000 are read"
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
        // Terms: one hyphenated word can hold many.
        let hyphens = vec!["ab"; MAX_TERMS + 1].join("-");
        let e = query_error(index.search(&SearchRequest::new(hyphens.as_str())));
        assert!(e.contains("at most 100 are read"), "{e}");
        let e = query_error(index.suggest(&vec!["ab"; MAX_SUGGEST_TERMS + 1].join(" "), 8));
        assert!(e.contains("suggestions read at most 16"), "{e}");
        // At the bounds: answers.
        let at = vec!["lunar"; MAX_TERMS].join("-");
        index.search(&SearchRequest::new(at.as_str())).unwrap();
        let words = format!("{}lunar sam", "lunar ".repeat(MAX_SUGGEST_TERMS - 2));
        index.suggest(&words, 8).unwrap();
        // Words too long for typos still match exactly.
        let long_word = "x".repeat(MAX_FUZZY_CHARS + 1);
        assert!(
            index
                .suggest(&format!("{long_word} "), 8)
                .unwrap()
                .is_empty()
        );
        assert!(!index.suggest("lunr sam", 8).unwrap().is_empty());
    }
}
