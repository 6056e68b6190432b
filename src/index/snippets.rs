//! Snippets: the passage around the best matches, cut by characters (a
//! CJK character as two columns, never bytes) and HTML-escaped, with the
//! matches in `<mark>`.

use std::collections::HashSet;

use super::analyzers;
use super::search::Analyzers;
use crate::text::is_cjk;

/// Words to highlight, per language family (English, French, Chinese).
pub(super) type Highlights = [HashSet<String>; 3];

/// Snippet width in columns (a CJK character takes two).
pub(super) const SNIPPET_COLUMNS: usize = 220;

/// A passage of `text` around the best matches of `highlights`, at most
/// `columns` wide (a CJK character takes two columns), HTML-escaped, with
/// the matches in `<mark>`. Without matches, the text's beginning.
pub(super) fn snippet(
    text: &str,
    highlights: &Highlights,
    slots: &[usize],
    analyzers: &mut Analyzers,
    columns: usize,
) -> String {
    let mut spans = matches(text, highlights, slots, analyzers);
    spans.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (from, to) in spans {
        match merged.last_mut() {
            Some(last) if from <= last.1 => last.1 = last.1.max(to),
            _ => merged.push((from, to)),
        }
    }
    let width = |s: &str| {
        s.chars()
            .map(|c| if is_cjk(c) { 2 } else { 1 })
            .sum::<usize>()
    };
    // Columns from the text's start to each match's start and end, in one
    // pass (the matches are sorted and do not overlap).
    let (mut starts, mut ends) = (
        Vec::with_capacity(merged.len()),
        Vec::with_capacity(merged.len()),
    );
    let (mut cols, mut at) = (0, 0);
    for &(from, to) in &merged {
        cols += width(&text[at..from]);
        starts.push(cols);
        cols += width(&text[from..to]);
        ends.push(cols);
        at = to;
    }
    // The window start: a little before the match that has the most others
    // after it within three quarters of the width (the first such, on ties).
    let limit = columns * 3 / 4;
    let mut best: Option<(usize, usize)> = None; // (matches, index)
    let mut j = 0;
    for (i, &from) in starts.iter().enumerate() {
        j = j.max(i);
        while j < ends.len() && ends[j] - from <= limit {
            j += 1;
        }
        if best.is_none_or(|(n, _)| j - i > n) {
            best = Some((j - i, i));
        }
    }
    let best = best.map(|(_, i)| merged[i].0);
    let mut start = match best {
        Some(at) => back_off(text, at, columns / 6),
        None => 0,
    };
    // Near the end of the text, use the columns left over before the match.
    let tail = width(&text[start..]);
    if tail < columns {
        start = back_off(text, start, columns - tail);
    }
    if start > 0 {
        start = text[start..]
            .find(|c: char| c.is_whitespace() || is_cjk(c))
            .map_or(start, |i| start + i);
    }
    let mut end = start;
    let mut used = 0;
    for (i, c) in text[start..].char_indices() {
        let w = if is_cjk(c) { 2 } else { 1 };
        if used + w > columns {
            break;
        }
        used += w;
        end = start + i + c.len_utf8();
    }
    let mut out = String::with_capacity(end - start + 32);
    if start > 0 {
        out.push('…');
    }
    let mut at = start;
    for &(from, to) in merged.iter().filter(|(f, t)| *t > start && *f < end) {
        let (from, to) = (from.max(start), to.min(end));
        escape_into(&mut out, &text[at..from]);
        out.push_str("<mark>");
        escape_into(&mut out, &text[from..to]);
        out.push_str("</mark>");
        at = to;
    }
    escape_into(&mut out, &text[at..end]);
    if end < text.len() {
        out.push('…');
    }
    out.replace('\n', " ")
}

/// Where the highlighted terms occur in `text`, as byte ranges.
///
/// Analysing a whole body for every hit would cost more than the search, so
/// CJK terms are found as substrings, and a Latin-script word is analysed
/// only when, lower-cased and without accents, it starts with a term (a stem
/// is the start of its words; the Snowball rule y → i aside).
fn matches(
    text: &str,
    highlights: &Highlights,
    slots: &[usize],
    analyzers: &mut Analyzers,
) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut latin: Vec<(usize, &str)> = Vec::new();
    for &slot in slots {
        for term in &highlights[slot] {
            if term.chars().any(is_cjk) {
                spans.extend(
                    text.match_indices(term.as_str())
                        .map(|(i, t)| (i, i + t.len())),
                );
            } else {
                latin.push((slot, term));
            }
        }
    }
    // A one-letter term ("t" of "haven't") would light up every "t" word.
    if latin.iter().any(|(_, t)| t.len() > 1) {
        latin.retain(|(_, t)| t.len() > 1);
    }
    if latin.is_empty() {
        return spans;
    }
    let mut folded = String::new();
    let mut words = text.char_indices().peekable();
    while let Some((from, c)) = words.next() {
        if !c.is_alphanumeric() || is_cjk(c) {
            continue;
        }
        let mut to = from + c.len_utf8();
        while let Some(&(i, c)) = words.peek() {
            if !c.is_alphanumeric() || is_cjk(c) {
                break;
            }
            to = i + c.len_utf8();
            words.next();
        }
        let word = &text[from..to];
        fold_into(&mut folded, word);
        for &(slot, term) in &latin {
            let candidate = folded.starts_with(term)
                || (term.ends_with('i')
                    && folded.starts_with(&term[..term.len() - 1])
                    && folded[term.len() - 1..].starts_with('y'));
            if candidate
                && analyzers::tokens(&mut analyzers.langs[slot], word)
                    .iter()
                    .any(|t| t.text == term)
            {
                spans.push((from, to));
                break;
            }
        }
    }
    spans
}

/// `word` lower-cased and without accents, into `out`.
fn fold_into(out: &mut String, word: &str) {
    out.clear();
    if word.is_ascii() {
        out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
    } else {
        use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};
        out.extend(
            word.nfd()
                .filter(|c| !is_combining_mark(*c))
                .flat_map(char::to_lowercase),
        );
    }
}

/// The byte index up to `columns` columns before `at`, on a character
/// boundary, not crossing a paragraph break.
fn back_off(text: &str, at: usize, columns: usize) -> usize {
    let mut used = 0;
    let mut start = at;
    for (i, c) in text[..at].char_indices().rev() {
        used += if is_cjk(c) { 2 } else { 1 };
        if used > columns || c == '\n' {
            break;
        }
        start = i;
    }
    start
}

fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}
