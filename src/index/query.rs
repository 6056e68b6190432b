//! The search query language, parsed into a small syntax tree.
//!
//! ```text
//! lunar samples          both words (in any order, in any language field)
//! "lunar samples"        the exact phrase
//! -panda                 without the word (or -"a phrase")
//! panda OR 熊猫           either
//! edition:zh section:World source:Xinhua lang:fr
//! since:2026-11-01 until:2026-11-15 year:2026
//! is:favourite is:read is:unread
//! ```
//!
//! Clauses are combined with AND; `OR` joins the clauses on either side of
//! it. Words that look like `name:value` with an unknown name are plain
//! words (`10:30`, `https://...`). Anything the parser cannot read is a
//! [`QueryError`] that says what and where, never a silent empty result.
//!
//! A query is bounded before anything else is done with it: at most
//! [`MAX_QUERY_CHARS`] characters and [`MAX_CLAUSES`] clauses, so that no
//! request makes the search (or the suggestions) build more than a small,
//! fixed amount of query machinery.

use std::fmt;

/// A parsed query: groups that must all match; each group matches when any
/// of its clauses does.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    /// The groups (clauses joined by `OR`).
    pub groups: Vec<Vec<Clause>>,
    /// Clauses that must not match.
    pub excluded: Vec<Clause>,
}

/// One clause.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Clause {
    /// Text to find: a word, or a quoted phrase.
    Text {
        /// The text as typed.
        text: String,
        /// Quoted: the words must appear together, in order.
        phrase: bool,
    },
    /// A filter, `name:value`.
    Filter {
        /// Which filter.
        name: FilterName,
        /// Its value, as typed.
        value: String,
    },
}

/// The filters a query may name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilterName {
    /// `edition:zh`
    Edition,
    /// `section:World` or `section:"Home / World"`
    Section,
    /// `source:Xinhua`
    Source,
    /// `lang:fr`
    Lang,
    /// `since:2026-11-01` (published on or after, each article's own day)
    Since,
    /// `until:2026-11-15` (published before, each article's own day)
    Until,
    /// `year:2026`
    Year,
    /// `is:favourite`, `is:read`, `is:unread`
    Is,
}

impl FilterName {
    fn parse(name: &str) -> Option<FilterName> {
        Some(match name.to_ascii_lowercase().as_str() {
            "edition" => FilterName::Edition,
            "section" => FilterName::Section,
            "source" => FilterName::Source,
            "lang" | "language" => FilterName::Lang,
            "since" | "from" => FilterName::Since,
            "until" | "to" => FilterName::Until,
            "year" => FilterName::Year,
            "is" => FilterName::Is,
            _ => return None,
        })
    }
}

/// Why a query could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryError {
    /// What is wrong, in words.
    pub message: String,
    /// Character position in the query where it is wrong.
    pub position: usize,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at character {})", self.message, self.position + 1)
    }
}

impl std::error::Error for QueryError {}

/// The longest query read, in characters (search and suggestions).
pub const MAX_QUERY_CHARS: usize = 1_000;

/// The most clauses (words, phrases, filters, excluded or not) in a query.
pub const MAX_CLAUSES: usize = 64;

/// `n` with thousands separators: 61,440.
pub(crate) fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// An error when `input` is longer than [`MAX_QUERY_CHARS`] (counted
/// without reading further than needed to say how long it is).
pub fn check_length(input: &str) -> Result<(), QueryError> {
    // A character is at most four bytes: short inputs need no counting.
    if input.len() <= MAX_QUERY_CHARS {
        return Ok(());
    }
    let chars = input.chars().count();
    if chars <= MAX_QUERY_CHARS {
        return Ok(());
    }
    Err(QueryError {
        message: format!(
            "the query is {} characters long; at most {} are read",
            grouped(chars),
            grouped(MAX_QUERY_CHARS)
        ),
        position: MAX_QUERY_CHARS,
    })
}

#[derive(Debug, PartialEq)]
enum Piece {
    Or,
    Clause { negated: bool, clause: Clause },
}

impl ParsedQuery {
    /// Parses a query.
    ///
    /// ```
    /// use broadsheet::index::query::{Clause, ParsedQuery};
    /// let q = ParsedQuery::parse(r#"lunar "sample exhibition" -panda"#).unwrap();
    /// assert_eq!(q.groups.len(), 2);
    /// assert_eq!(q.excluded, vec![Clause::Text { text: "panda".into(), phrase: false }]);
    /// assert!(ParsedQuery::parse(r#"lunar "samples"#).is_err());
    /// ```
    pub fn parse(input: &str) -> Result<ParsedQuery, QueryError> {
        check_length(input)?;
        let pieces = lex(input)?;
        let clauses = pieces
            .iter()
            .filter(|(_, p)| matches!(p, Piece::Clause { .. }))
            .count();
        if clauses > MAX_CLAUSES {
            let at = pieces
                .iter()
                .filter(|(_, p)| matches!(p, Piece::Clause { .. }))
                .nth(MAX_CLAUSES)
                .map_or(0, |(at, _)| *at);
            return Err(QueryError {
                message: format!(
                    "the query has {clauses} words, phrases and filters; at most {MAX_CLAUSES} are read"
                ),
                position: at,
            });
        }
        let mut q = ParsedQuery::default();
        let mut pending_or = false;
        for (i, (at, piece)) in pieces.iter().enumerate() {
            match piece {
                Piece::Or => {
                    let joins = q.groups.last().is_some() && !pending_or;
                    let followed = matches!(
                        pieces.get(i + 1),
                        Some((_, Piece::Clause { negated: false, .. }))
                    );
                    if !joins || !followed {
                        return Err(QueryError {
                            message: "OR must stand between two words or phrases".into(),
                            position: *at,
                        });
                    }
                    pending_or = true;
                }
                Piece::Clause {
                    negated: true,
                    clause,
                } => {
                    if pending_or {
                        return Err(QueryError {
                            message: "OR cannot join an excluded word".into(),
                            position: *at,
                        });
                    }
                    q.excluded.push(clause.clone());
                }
                Piece::Clause {
                    negated: false,
                    clause,
                } => {
                    match (pending_or, q.groups.last_mut()) {
                        (true, Some(group)) => group.push(clause.clone()),
                        _ => q.groups.push(vec![clause.clone()]),
                    }
                    pending_or = false;
                }
            }
        }
        if q.groups.is_empty() {
            let message = if q.excluded.is_empty() {
                "the query is empty: type a word, a \"phrase\" or a filter such as edition:zh"
            } else {
                "the query only excludes: add a word, a \"phrase\" or a filter to search for"
            };
            return Err(QueryError {
                message: message.into(),
                position: 0,
            });
        }
        Ok(q)
    }

    /// Whether any clause is text to find (not only filters).
    pub fn has_text(&self) -> bool {
        self.groups
            .iter()
            .flatten()
            .any(|c| matches!(c, Clause::Text { .. }))
    }
}

/// Splits the query into OR keywords and clauses, with their positions.
fn lex(input: &str) -> Result<Vec<(usize, Piece)>, QueryError> {
    let chars: Vec<char> = input.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        let negated = chars[i] == '-';
        if negated {
            i += 1;
            if i >= chars.len() || chars[i].is_whitespace() {
                return Err(QueryError {
                    message: "a lone '-': write -word to exclude a word".into(),
                    position: start,
                });
            }
        }
        if is_quote(chars[i]) {
            let (text, next) = quoted(&chars, i)?;
            out.push((
                start,
                Piece::Clause {
                    negated,
                    clause: text_clause(text, true, start)?,
                },
            ));
            i = next;
            continue;
        }
        let word_start = i;
        while i < chars.len() && !chars[i].is_whitespace() {
            if is_quote(chars[i])
                || (chars[i] == ':' && chars.get(i + 1).is_some_and(|&c| is_quote(c)))
            {
                break;
            }
            i += 1;
        }
        let word: String = chars[word_start..i].iter().collect();
        if !negated && word == "OR" {
            out.push((start, Piece::Or));
            continue;
        }
        // name:"quoted value"
        if i < chars.len() && chars[i] == ':' {
            i += 1;
            if let Some(name) = FilterName::parse(&word) {
                let (value, next) = quoted(&chars, i)?;
                i = next;
                out.push((
                    start,
                    Piece::Clause {
                        negated,
                        clause: filter(name, &word, value, start)?,
                    },
                ));
                continue;
            }
        }
        // name:value
        if let Some((name, value)) = word.split_once(':')
            && let Some(f) = FilterName::parse(name)
        {
            out.push((
                start,
                Piece::Clause {
                    negated,
                    clause: filter(f, name, value.to_string(), start)?,
                },
            ));
            continue;
        }
        out.push((
            start,
            Piece::Clause {
                negated,
                clause: text_clause(word, false, start)?,
            },
        ));
    }
    Ok(out)
}

fn filter(name: FilterName, typed: &str, value: String, at: usize) -> Result<Clause, QueryError> {
    if value.trim().is_empty() {
        let message = format!("{typed}: needs a value, e.g. {typed}:{}", example(name));
        return Err(QueryError {
            message,
            position: at,
        });
    }
    Ok(Clause::Filter { name, value })
}

fn text_clause(text: String, phrase: bool, at: usize) -> Result<Clause, QueryError> {
    if text.trim().is_empty() {
        return Err(QueryError {
            message: "an empty phrase \"\"".into(),
            position: at,
        });
    }
    Ok(Clause::Text { text, phrase })
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '「' | '」' | '«' | '»')
}

/// The text of a quoted phrase opening at `open`, and the index after it.
fn quoted(chars: &[char], open: usize) -> Result<(String, usize), QueryError> {
    let closing = |c: char| match chars[open] {
        '“' => c == '”',
        '「' => c == '」',
        '«' => c == '»',
        _ => c == '"',
    };
    let end = (open + 1..chars.len())
        .find(|&j| closing(chars[j]))
        .ok_or(QueryError {
            message: "a quote is not closed: end the phrase with a matching quote".into(),
            position: open,
        })?;
    Ok((chars[open + 1..end].iter().collect(), end + 1))
}

fn example(f: FilterName) -> &'static str {
    match f {
        FilterName::Edition => "zh",
        FilterName::Section => "World",
        FilterName::Source => "Xinhua",
        FilterName::Lang => "fr",
        FilterName::Since | FilterName::Until => "2026-11-01",
        FilterName::Year => "2026",
        FilterName::Is => "favourite",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str, phrase: bool) -> Clause {
        Clause::Text {
            text: t.into(),
            phrase,
        }
    }

    #[test]
    fn words_phrases_exclusions_or_and_filters() {
        let q = ParsedQuery::parse(r#"panda OR 熊猫 "lunar samples" -robot edition:zh section:"Home / World" since:2026-11-01"#)
            .unwrap();
        assert_eq!(
            q.groups,
            vec![
                vec![text("panda", false), text("熊猫", false)],
                vec![text("lunar samples", true)],
                vec![Clause::Filter {
                    name: FilterName::Edition,
                    value: "zh".into()
                }],
                vec![Clause::Filter {
                    name: FilterName::Section,
                    value: "Home / World".into()
                }],
                vec![Clause::Filter {
                    name: FilterName::Since,
                    value: "2026-11-01".into()
                }],
            ]
        );
        assert_eq!(q.excluded, vec![text("robot", false)]);
    }

    #[test]
    fn unknown_names_and_typographic_quotes_are_text() {
        let q = ParsedQuery::parse("10:30 «Union européenne» “two words”").unwrap();
        assert_eq!(
            q.groups,
            vec![
                vec![text("10:30", false)],
                vec![text("Union européenne", true)],
                vec![text("two words", true)]
            ]
        );
    }

    #[test]
    fn long_queries_are_refused_with_the_limit() {
        let long = "word ".repeat(12_288); // 61,440 characters
        let e = ParsedQuery::parse(&long).unwrap_err();
        assert_eq!(
            e.message,
            "the query is 61,440 characters long; at most 1,000 are read"
        );
        let many = "a ".repeat(MAX_CLAUSES + 1);
        let e = ParsedQuery::parse(&many).unwrap_err();
        assert!(e.message.contains("at most 64 are read"), "{e}");
        assert_eq!(e.position, 2 * MAX_CLAUSES);
        // At the limits, a query is read.
        let at_limit = format!("{}{}", "ab ".repeat(MAX_CLAUSES - 1), "x".repeat(811));
        assert_eq!(at_limit.chars().count(), MAX_QUERY_CHARS);
        assert_eq!(
            ParsedQuery::parse(&at_limit).unwrap().groups.len(),
            MAX_CLAUSES
        );
        assert_eq!(
            (grouped(7), grouped(1000), grouped(1234567)),
            ("7".into(), "1,000".into(), "1,234,567".into())
        );
    }

    #[test]
    fn helpful_errors() {
        let err = |s: &str| ParsedQuery::parse(s).unwrap_err();
        assert!(err(r#"lunar "samples"#).message.contains("not closed"));
        assert_eq!(err(r#"lunar "samples"#).position, 6);
        assert!(err("OR panda").message.contains("OR must stand between"));
        assert!(err("panda OR").message.contains("OR must stand between"));
        assert!(
            err("panda OR OR bear")
                .message
                .contains("OR must stand between")
        );
        assert!(err("-panda").message.contains("only excludes"));
        assert!(err("   ").message.contains("empty"));
        assert!(err("panda -").message.contains("lone '-'"));
        assert!(err("edition:").message.contains("needs a value"));
        assert!(err(r#"a """#).message.contains("empty phrase"));
        assert_eq!(
            err("   ").to_string(),
            "the query is empty: type a word, a \"phrase\" or a filter such as edition:zh (at character 1)"
        );
    }
}
