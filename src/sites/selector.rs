//! The CSS selectors site profiles are written in: a small subset, matched
//! in the one walk extraction makes over a page.
//!
//! A selector is a comma-separated list of complex selectors; each is up to
//! [`MAX_COMPOUNDS`] compounds joined by a space (descendant) or `>`
//! (child). A compound is any of a tag name, `#id`, `.class` (several),
//! `[attr]` and `[attr=value]` (value quoted or bare). That covers what news
//! templates need (`div.lft_art > h1`, `#Content`, `div.box01 .fl`,
//! `[itemprop=articleBody]`) and can be tested on an element from its name,
//! id and classes alone, which the walk reads once per element.
//! Anything else (pseudo-classes, `~`, `+`, attribute operators) is refused
//! with the position it starts at.
//!
//! ```
//! use broadsheet::sites::Selector;
//! let s = Selector::parse("div.lft_art > h1, h1.dabiaoti").unwrap();
//! assert_eq!(s.to_string(), "div.lft_art > h1, h1.dabiaoti");
//! assert!(Selector::parse("p:first-child").unwrap_err().contains("':'"));
//! ```

use dom_query::NodeRef;
use std::fmt;

/// The most compounds one complex selector may chain (`a b > c d`): enough
/// for any template, and it bounds the work of matching one element.
pub const MAX_COMPOUNDS: usize = 4;

/// How many ancestors a descendant combinator looks through.
const MAX_ANCESTORS: usize = 256;

/// A parsed selector list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selector {
    source: String,
    alternatives: Vec<Complex>,
}

/// Compounds from the subject (last written) back to the first, each with
/// how it relates to the one after it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Complex {
    subject: Compound,
    /// `(combinator to the right, compound)`, nearest first.
    ancestors: Vec<(Combinator, Compound)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Combinator {
    Descendant,
    Child,
}

/// One compound: every part must hold.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Compound {
    pub tag: Option<String>,
    pub id: Option<String>,
    pub classes: Vec<String>,
    attrs: Vec<(String, Option<String>)>,
}

/// What the walk knows of an element: read once, tested by every selector.
pub(crate) struct Element<'a> {
    pub name: &'a str,
    pub id: Option<&'a str>,
    pub class: &'a str,
}

impl Compound {
    fn matches(&self, e: &Element, node: &NodeRef) -> bool {
        self.tag.as_deref().is_none_or(|t| t == e.name)
            && self.id.as_deref().is_none_or(|id| e.id == Some(id))
            && self
                .classes
                .iter()
                .all(|c| e.class.split_ascii_whitespace().any(|x| x == c))
            && self.attrs.iter().all(|(name, want)| match node.attr(name) {
                None => false,
                Some(v) => want.as_deref().is_none_or(|w| w == &*v),
            })
    }

    /// [`Compound::matches`] reading the node itself, without copying its
    /// name or classes (ancestor tests run this many times an element).
    fn matches_node(&self, node: &NodeRef) -> bool {
        node.is_element()
            && self.tag.as_deref().is_none_or(|t| node.has_name(t))
            && self
                .id
                .as_deref()
                .is_none_or(|id| node.id_attr().is_some_and(|v| &*v == id))
            && self.classes.iter().all(|c| node.has_class(c))
            && self.attrs.iter().all(|(name, want)| match node.attr(name) {
                None => false,
                Some(v) => want.as_deref().is_none_or(|w| w == &*v),
            })
    }
}

impl Selector {
    /// Parses a selector list; the error says what is wrong and where.
    pub fn parse(source: &str) -> Result<Selector, String> {
        let mut alternatives = Vec::new();
        for (at, part) in split_top(source) {
            alternatives.push(parse_complex(part).map_err(|(i, why)| {
                format!("selector {source:?}: {why} at character {}", at + i + 1)
            })?);
        }
        Ok(Selector {
            source: source.trim().to_string(),
            alternatives,
        })
    }

    /// The subjects' compounds, for the walk's index by id, class and tag.
    pub(crate) fn subjects(&self) -> impl Iterator<Item = &Compound> {
        self.alternatives.iter().map(|c| &c.subject)
    }

    /// Whether `node` (described by `e`) matches.
    pub(crate) fn matches(&self, e: &Element, node: &NodeRef) -> bool {
        self.alternatives.iter().any(|c| {
            c.subject.matches(e, node) && ancestors_match(&c.ancestors, node) == Matched::Yes
        })
    }

    /// Whether `node` matches, reading its name, id and classes itself.
    pub(crate) fn matches_node(&self, node: &NodeRef) -> bool {
        self.alternatives.iter().any(|c| {
            c.subject.matches_node(node) && ancestors_match(&c.ancestors, node) == Matched::Yes
        })
    }
}

impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

/// How matching the compounds left of an element ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Matched {
    Yes,
    /// A `>` found the wrong parent: a descendant combinator further right
    /// may try a higher ancestor.
    RetryHigher,
    /// A compound found no ancestor up to the root: no higher start can
    /// do better, so no one tries.
    Never,
}

/// Right to left: each compound must hold for the parent (`>`) or some
/// ancestor (space) of the element the previous one held for.
///
/// Naive backtracking retries every ancestor at every level, which a page
/// of deeply nested like elements (`.box .box .box .fl` under 128 `.box`)
/// turns into millions of tests per element. As browsers do (Servo's
/// `SelectorMatchingResult`), a compound that found no ancestor up to the
/// root fails the whole selector at once, and only a wrong parent under
/// `>` sends the search back to the nearest descendant combinator: each
/// compound walks the ancestors at most once, so matching one element is
/// linear in its depth.
fn ancestors_match(rest: &[(Combinator, Compound)], node: &NodeRef) -> Matched {
    let Some(((combinator, compound), further)) = rest.split_first() else {
        return Matched::Yes;
    };
    let mut up = node.parent();
    for _ in 0..MAX_ANCESTORS {
        let Some(p) = up.filter(NodeRef::is_element) else {
            return Matched::Never;
        };
        if compound.matches_node(&p) {
            match ancestors_match(further, &p) {
                Matched::RetryHigher if *combinator == Combinator::Descendant => {}
                done => return done,
            }
        } else if *combinator == Combinator::Child {
            return Matched::RetryHigher;
        }
        up = p.parent();
    }
    Matched::Never
}

/// The comma-separated parts of a list, with where each starts.
fn split_top(source: &str) -> Vec<(usize, &str)> {
    let mut parts = Vec::new();
    let (mut start, mut in_brackets) = (0, false);
    for (i, c) in source.char_indices() {
        match c {
            '[' => in_brackets = true,
            ']' => in_brackets = false,
            ',' if !in_brackets => {
                parts.push((start, &source[start..i]));
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push((start, &source[start..]));
    parts
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_'
}

/// One complex selector; an error carries its character offset.
fn parse_complex(s: &str) -> Result<Complex, (usize, String)> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut i = 0;
    let mut compounds: Vec<(Combinator, Compound)> = Vec::new();
    let mut pending = Combinator::Descendant;
    let skip_ws = |i: &mut usize| {
        while *i < chars.len() && chars[*i].1.is_whitespace() {
            *i += 1;
        }
    };
    skip_ws(&mut i);
    while i < chars.len() {
        let (at, c) = chars[i];
        if c == '>' {
            if compounds.is_empty() || pending == Combinator::Child {
                return Err((at, "'>' needs an element on each side".into()));
            }
            pending = Combinator::Child;
            i += 1;
            skip_ws(&mut i);
            continue;
        }
        let compound = parse_compound(&chars, &mut i)?;
        compounds.push((pending, compound));
        pending = Combinator::Descendant;
        if compounds.len() > MAX_COMPOUNDS {
            return Err((at, format!("more than {MAX_COMPOUNDS} elements chained")));
        }
        skip_ws(&mut i);
    }
    if pending == Combinator::Child {
        return Err((s.len(), "'>' needs an element on each side".into()));
    }
    // Written left to right, each compound with the combinator before it;
    // matched right to left, each ancestor with the combinator on its right.
    let Some((mut right, subject)) = compounds.pop() else {
        return Err((0, "an empty selector".into()));
    };
    let mut ancestors = Vec::new();
    while let Some((before, compound)) = compounds.pop() {
        ancestors.push((right, compound));
        right = before;
    }
    Ok(Complex { subject, ancestors })
}

fn parse_compound(chars: &[(usize, char)], i: &mut usize) -> Result<Compound, (usize, String)> {
    let mut c = Compound::default();
    let start = *i;
    let name = |i: &mut usize| -> String {
        let mut s = String::new();
        while *i < chars.len() && is_name_char(chars[*i].1) {
            s.push(chars[*i].1);
            *i += 1;
        }
        s
    };
    while *i < chars.len() {
        let (at, ch) = chars[*i];
        match ch {
            '#' | '.' => {
                *i += 1;
                let n = name(i);
                if n.is_empty() {
                    return Err((at, format!("a name after '{ch}'")));
                }
                if ch == '#' {
                    c.id = Some(n);
                } else {
                    c.classes.push(n);
                }
            }
            '[' => {
                *i += 1;
                let attr = name(i).to_ascii_lowercase();
                if attr.is_empty() {
                    return Err((at, "an attribute name after '['".into()));
                }
                let value = if *i < chars.len() && chars[*i].1 == '=' {
                    *i += 1;
                    let quote = chars
                        .get(*i)
                        .map(|x| x.1)
                        .filter(|q| *q == '"' || *q == '\'');
                    let mut v = String::new();
                    if let Some(q) = quote {
                        *i += 1;
                        while *i < chars.len() && chars[*i].1 != q {
                            v.push(chars[*i].1);
                            *i += 1;
                        }
                        *i += 1;
                    } else {
                        v = name(i);
                    }
                    Some(v)
                } else {
                    None
                };
                if chars.get(*i).map(|x| x.1) != Some(']') {
                    let at = chars.get(*i).map_or(at, |x| x.0);
                    return Err((
                        at,
                        "']' (only [attr] and [attr=value] are supported)".into(),
                    ));
                }
                *i += 1;
                c.attrs.push((attr, value));
            }
            '*' if *i == start => *i += 1,
            c2 if is_name_char(c2) && *i == start => {
                c.tag = Some(name(i).to_ascii_lowercase());
            }
            c2 if c2.is_whitespace() || c2 == '>' => break,
            other => {
                return Err((
                    at,
                    format!("unsupported {:?}", other.to_string()).replace('"', "'"),
                ));
            }
        }
    }
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use dom_query::Document;

    fn matches(css: &str, html: &str) -> Vec<String> {
        let doc = Document::from(html);
        let s = Selector::parse(css).unwrap();
        doc.select("*")
            .nodes()
            .iter()
            .filter(|n| s.matches_node(n))
            .map(|n| n.attr("id").map(|t| t.to_string()).unwrap_or_default())
            .collect()
    }

    #[test]
    fn compounds_and_combinators() {
        let html = r#"<div class="lft_art x" id=a><h1 id=h>T</h1><section><h1 id=deep>U</h1></section></div>
                      <section itemprop=articleBody id=s><span class="fl" id=f></span></section>"#;
        assert_eq!(matches("div.lft_art > h1", html), ["h"]);
        assert_eq!(matches("div.lft_art h1", html), ["h", "deep"]);
        assert_eq!(matches(".x.lft_art", html), ["a"]);
        assert_eq!(matches("#s .fl", html), ["f"]);
        assert_eq!(matches("[itemprop=articleBody]", html), ["s"]);
        assert_eq!(matches("[itemprop='articleBody'] > span", html), ["f"]);
        assert_eq!(matches("h1#deep, span", html), ["deep", "f"]);
        assert!(matches("div > p > span", html).is_empty());
        // A wrong parent under '>' sends the search to a higher ancestor.
        let html =
            r#"<div class=a><div class=b><div class=a><i><b id=x></b></i></div></div></div>"#;
        assert_eq!(matches(".b .a > i b", html), ["x"]);
        assert_eq!(matches(".a > .b i > b", html), ["x"]);
        assert!(matches(".b > i b", html).is_empty());
    }

    #[test]
    fn deep_nesting_of_like_elements_costs_linear_time() {
        // 128 nested boxes, each with a box of no match at its bottom: the
        // naive walk tries some 128^3 paths for each `.fl`.
        let depth = 128;
        let html = "<div class=box01>".repeat(depth)
            + &"<span class=fl>x</span>".repeat(200)
            + &"</div>".repeat(depth);
        let doc = Document::from(html.as_str());
        let spans = doc.select("span").nodes().to_vec();
        let count = |css: &str| {
            let s = Selector::parse(css).unwrap();
            spans.iter().filter(|n| s.matches_node(n)).count()
        };
        let started = std::time::Instant::now();
        assert_eq!(count("#nothere .box01 .box01 .fl"), 0);
        assert_eq!(count(".box01 .box01 .box01 .fl"), 200);
        // Linear: 200 elements at depth 128 take well under a second even
        // unoptimised (the naive walk took minutes).
        assert!(
            started.elapsed() < std::time::Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
    }

    #[test]
    fn unsupported_syntax_is_named_with_its_place() {
        for (css, want) in [
            ("p:first-child", "unsupported ':' at character 2"),
            ("a + b", "unsupported '+' at character 3"),
            ("div >", "'>' needs an element on each side"),
            ("a b c d e", "more than 4 elements chained"),
            ("[href^=x]", "']'"),
            ("div, ", "an empty selector"),
            ("#", "a name after '#'"),
        ] {
            let err = Selector::parse(css).unwrap_err();
            assert!(err.contains(want), "{css}: {err}");
        }
    }
}
