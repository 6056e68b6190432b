//! Title suggestions while the user types: the words so far, the last one
//! as a prefix, Latin-script words forgiven a typo or two.

use std::collections::HashSet;

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{
    BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhrasePrefixQuery, PhraseQuery, Query,
    TermQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{TantivyDocument, Term};
use ts_rs::TS;

use super::query::{QueryError, check_length};
use super::search::{Analyzers, term_or_phrase, text};
use super::{SearchIndex, analyzers, index_error};
use crate::model::Edition;
use crate::text::is_cjk;
use crate::{Error, Result};

/// A title suggested while the user types.
#[derive(Clone, Debug, Serialize, TS)]
pub struct Suggestion {
    /// Article id.
    pub id: String,
    /// Its headline.
    pub title: String,
    /// Its edition.
    pub edition: Option<Edition>,
}

/// The most terms (words, or Chinese two-character terms) suggestions read.
pub const MAX_SUGGEST_TERMS: usize = 16;

/// The longest word suggestions match with typos; longer ones must match
/// exactly (or as typed so far).
pub const MAX_FUZZY_CHARS: usize = 24;

impl SearchIndex {
    /// Titles for what the user is typing: every complete word must match a
    /// title word (Latin words within one or two typos), and the last,
    /// unfinished word a title word's beginning.
    ///
    /// Text beyond the bounds (characters, [`MAX_SUGGEST_TERMS`]) is a
    /// [`Error::Query`] that names the bound.
    pub fn suggest(&self, input: &str, limit: usize) -> Result<Vec<Suggestion>> {
        check_length(input)?;
        let words: Vec<&str> = input.split_whitespace().collect();
        let Some(last) = words.len().checked_sub(1) else {
            return Ok(Vec::new());
        };
        let typing = !input.ends_with(char::is_whitespace);
        let mut analyzers = Analyzers::new(self);
        let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut terms_read = 0;
        let mut count = |n: usize| {
            terms_read += n;
            if terms_read > MAX_SUGGEST_TERMS {
                return Err(Error::Query(QueryError {
                    message: format!(
                        "the text has more than {MAX_SUGGEST_TERMS} words; suggestions read at most {MAX_SUGGEST_TERMS}"
                    ),
                    position: 0,
                }));
            }
            Ok(())
        };
        for (i, word) in words.iter().enumerate() {
            let partial = typing && i == last;
            if word.chars().any(is_cjk) {
                let terms = analyzers.terms(2, word);
                count(terms.len())?;
                if let Some(q) = term_or_phrase(self.fields.title_zh, &terms) {
                    must.push((Occur::Must, q));
                }
                continue;
            }
            let tokens = analyzers::tokens(&mut analyzers.plain, word);
            count(tokens.len())?;
            for token in tokens {
                let term = Term::from_field_text(self.fields.title_plain, &token.text);
                let n = token.text.chars().count();
                let q: Box<dyn Query> = match (partial, n) {
                    (true, n) if n > MAX_FUZZY_CHARS => {
                        Box::new(FuzzyTermQuery::new_prefix(term, 0, true))
                    }
                    (true, n) => Box::new(FuzzyTermQuery::new_prefix(term, u8::from(n >= 4), true)),
                    (false, 0..=3) => Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
                    (false, n) if n > MAX_FUZZY_CHARS => {
                        Box::new(TermQuery::new(term, IndexRecordOption::Basic))
                    }
                    (false, 4..=7) => Box::new(FuzzyTermQuery::new(term, 1, true)),
                    (false, _) => Box::new(FuzzyTermQuery::new(term, 2, true)),
                };
                must.push((Occur::Must, q));
            }
        }
        if must.is_empty() {
            return Ok(Vec::new());
        }
        // Titles with the words in the order typed come first.
        let typed: Vec<Term> = analyzers::tokens(&mut analyzers.plain, input)
            .into_iter()
            .map(|t| Term::from_field_text(self.fields.title_plain, &t.text))
            .collect();
        if typed.len() >= 2 {
            let ordered: Box<dyn Query> = if typing {
                Box::new(PhrasePrefixQuery::new(typed))
            } else {
                Box::new(PhraseQuery::new(typed))
            };
            must.push((Occur::Should, Box::new(BoostQuery::new(ordered, 4.0))));
        }
        let searcher = self.reader.searcher();
        let top = searcher
            .search(
                &BooleanQuery::new(must),
                &TopDocs::with_limit(limit.clamp(1, 50) * 2).order_by_score(),
            )
            .map_err(index_error)?;
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for (_, address) in top {
            let doc: TantivyDocument = searcher.doc(address).map_err(index_error)?;
            let title = text(&doc, self.fields.title);
            if seen.insert(title.clone()) && out.len() < limit {
                out.push(Suggestion {
                    id: text(&doc, self.fields.id),
                    title,
                    edition: text(&doc, self.fields.edition).parse().ok(),
                });
            }
        }
        Ok(out)
    }
}
