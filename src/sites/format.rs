//! The profile file format (documented in `docs/site-profiles.md`), and a
//! profile compiled for use: selectors parsed, hosts and editions indexed.

use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::ops::Range;
use toml::Spanned;

use super::edition::Edition;
use super::selector::{Element, Selector};
use crate::time::Zone;

/// The largest profile file read.
pub const MAX_PROFILE_BYTES: usize = 256 * 1024;

/// Most selectors one profile may hold (every one is tried on every element
/// of a page of its site).
const MAX_SELECTORS: usize = 200;

/// A profile that could not be used: where, and why.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct ProfileError {
    /// The file (`built in: NAME` for a built-in one).
    pub file: String,
    /// The line (from 1), when one is to blame.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl ProfileError {
    pub(crate) fn new(file: String, line: Option<usize>, message: String) -> ProfileError {
        ProfileError {
            file,
            line,
            message,
        }
    }
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for ProfileError {}

type List = Vec<Spanned<String>>;

/// A profile file, as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    id: Spanned<String>,
    name: String,
    time_zone: Spanned<String>,
    #[serde(default)]
    title_suffixes: Vec<String>,
    #[serde(default)]
    ignore_hosts: Vec<String>,
    editions: Vec<EditionFile>,
    #[serde(default)]
    marks: List,
    #[serde(default)]
    furniture: List,
    #[serde(default = "yes")]
    furniture_lines: bool,
    #[serde(default)]
    editor: List,
    #[serde(default)]
    templates: Vec<TemplateFile>,
    #[serde(default)]
    listing: Option<ListingFile>,
    #[serde(default)]
    pager: List,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EditionFile {
    code: Spanned<String>,
    label: String,
    lang: String,
    hosts: Vec<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    bilingual: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TemplateFile {
    name: String,
    #[serde(default)]
    marks: List,
    #[serde(default)]
    edition: Option<Spanned<String>>,
    #[serde(default)]
    headline: List,
    #[serde(default)]
    subtitle: List,
    #[serde(default)]
    dateline: List,
    #[serde(default)]
    byline: List,
    #[serde(default)]
    source: List,
    body: List,
    #[serde(default)]
    breadcrumb: List,
    #[serde(default = "yes")]
    recognised: bool,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ListingFile {
    #[serde(default)]
    meta: BTreeMap<String, String>,
    #[serde(default)]
    items: Option<Spanned<String>>,
    #[serde(default = "three")]
    min_items: usize,
    #[serde(default)]
    unless: List,
    #[serde(default)]
    item_link: List,
    #[serde(default)]
    item_date: List,
    #[serde(default)]
    article_paths: Option<Spanned<String>>,
    #[serde(default)]
    next: List,
    #[serde(default)]
    next_words: Vec<String>,
}

/// What a "next page" link says when a profile does not say otherwise.
const NEXT_WORDS: [&str; 4] = ["next", "下一页", "suivant", ">"];

fn three() -> usize {
    3
}

/// One edition of a site.
#[derive(Clone, Debug)]
pub struct EditionDef {
    /// Its code, unique across sites.
    pub code: Edition,
    /// Its name on the site's edition bar, in its own language.
    pub label: String,
    /// The language it is written in (`en`, `zh`, `fr`).
    pub lang: String,
    /// Other names the command line accepts for it.
    pub aliases: Vec<String>,
    /// A page of this site whose body is in two languages belongs to this edition.
    pub bilingual: bool,
}

/// A host pattern: an exact host, or `*` standing for any run of characters.
#[derive(Clone, Debug)]
struct HostPattern {
    pattern: String,
    /// What a match is worth: its literal characters (an exact host beats
    /// any wildcard).
    weight: usize,
    exact: bool,
}

impl HostPattern {
    fn new(pattern: &str) -> HostPattern {
        let pattern = pattern.trim().to_ascii_lowercase();
        let exact = !pattern.contains('*');
        let literal = pattern.chars().filter(|&c| c != '*').count();
        HostPattern {
            weight: literal * 2 + usize::from(exact),
            exact,
            pattern,
        }
    }

    /// How well `host` (lower case) matches, or `None`.
    fn score(&self, host: &str) -> Option<usize> {
        glob(&self.pattern, host).then_some(self.weight)
    }
}

/// `*` matches any run of characters (even none), without allocating: the
/// literal parts are found in order, the first at the start, the last at the end.
fn glob(pattern: &str, text: &str) -> bool {
    let Some((first, rest_pattern)) = pattern.split_once('*') else {
        return pattern == text;
    };
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let (middle, last) = rest_pattern.rsplit_once('*').unwrap_or(("", rest_pattern));
    for m in middle.split('*').filter(|m| !m.is_empty()) {
        match rest.find(m) {
            Some(i) => rest = &rest[i + m.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

/// A selector of the profile, by its place in [`Profile::selectors`].
pub type Sel = usize;

/// One article template of a site.
#[derive(Clone, Debug)]
pub struct Template {
    /// Its name, for messages.
    pub name: String,
    /// Elements that mark a page as being in this template (any one).
    pub marks: Vec<Sel>,
    /// The edition of its pages when the host does not tell.
    pub edition: Option<Edition>,
    /// Where its parts are: each a list of selectors, best first.
    pub headline: Vec<Sel>,
    pub subtitle: Vec<Sel>,
    pub dateline: Vec<Sel>,
    pub byline: Vec<Sel>,
    pub source: Vec<Sel>,
    pub body: Vec<Sel>,
    pub breadcrumb: Vec<Sel>,
    /// Whether a page found in it (headline, dateline, body) is an article
    /// whatever its length.
    pub recognised: bool,
}

/// How the site's section listings look.
#[derive(Clone, Debug, Default)]
pub struct Listing {
    /// Meta tags that mark a listing (`pagetype = "2"`).
    pub meta: Vec<(String, String)>,
    /// A listing's headline item.
    pub items: Option<Sel>,
    /// With this many items (and none of `unless`), a page is a listing.
    pub min_items: usize,
    /// Elements only an article page has.
    pub unless: Vec<Sel>,
    /// An item's headline link, best first (within the item).
    pub item_link: Vec<Selector>,
    /// An item's date.
    pub item_date: Vec<Selector>,
    /// Where a listing has no items: the links whose path matches are its articles.
    pub article_paths: Option<regex::Regex>,
    /// A listing's pager links (the next page is the one saying so).
    pub next: Vec<Selector>,
    /// What a pager's "next page" link says (any of these, case aside, or
    /// the whole text one of them when it is a single character such as `>`).
    pub next_words: Vec<String>,
}

/// A site profile, ready for use.
#[derive(Clone, Debug)]
pub struct Profile {
    /// Short id, stored with every article (`chinadaily`).
    pub id: String,
    /// The site's name (`China Daily`).
    pub name: String,
    /// Where the profile came from (`built in: chinadaily.toml`, or its path).
    pub origin: String,
    /// A digest of the profile's text: a library notes the one its
    /// articles were read with, and knows when to suggest reading them again.
    pub digest: String,
    /// The zone the site's pages print times in: a fixed offset or an IANA
    /// zone (`Europe/Paris`), whose offset follows daylight saving.
    pub zone: Zone,
    /// The editions, in bar order.
    pub editions: Vec<EditionDef>,
    /// Suffixes of its `<title>`s that name the site, not the story.
    pub title_suffixes: Vec<String>,
    hosts: Vec<(HostPattern, usize)>,
    /// The hosts written without a wildcard, and their editions.
    exact_hosts: HashMap<String, usize, std::hash::BuildHasherDefault<Fnv>>,
    ignore_hosts: Vec<HostPattern>,
    /// Every selector of the profile, tried together in one walk.
    pub selectors: SelectorIndex,
    /// Elements that mark a page as this site's, wherever it was saved from.
    pub marks: Vec<Sel>,
    /// Furniture inside bodies: left out.
    pub furniture: Vec<Sel>,
    /// Whether the general rules for furniture lines (share prompts,
    /// "相关新闻", "Read more:") apply to bodies, besides `furniture`.
    pub furniture_lines: bool,
    /// Editor lines inside bodies: left out, their text read as the editor.
    pub editor: Vec<Sel>,
    /// The furniture and editor selectors, for the body's walk.
    pub left_out: SelectorIndex,
    /// Article templates, tried in order.
    pub templates: Vec<Template>,
    /// Section listings.
    pub listing: Listing,
    /// A multi-page article's pager links.
    pub pager: Vec<Selector>,
}

/// FNV-1a: the walk looks up every class of every element, and these keys
/// are short names from the profile's own files.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

type Names = HashMap<String, Vec<Sel>, std::hash::BuildHasherDefault<Fnv>>;

/// Selectors filed under the id, class or tag their subject needs, so that
/// a walk tries on an element only those that can match it.
#[derive(Clone, Debug, Default)]
pub struct SelectorIndex {
    selectors: Vec<Selector>,
    by_id: Names,
    by_class: Names,
    by_tag: Names,
    by_attr: Vec<Sel>,
    /// A bit for each id and class name filed (see [`name_bit`]): a page's
    /// names mostly miss it, and then need no lookup.
    names: u128,
    /// The same for tag names.
    tags: u128,
}

/// One of 128 bits for a name, from its length and its first and last bytes.
fn name_bit(name: &str) -> u128 {
    let b = name.as_bytes();
    let (first, last) = (
        b.first().copied().unwrap_or(0),
        b.last().copied().unwrap_or(0),
    );
    let mix = (b.len() as u32)
        .wrapping_mul(31)
        .wrapping_add(u32::from(first).wrapping_mul(131))
        .wrapping_add(u32::from(last).wrapping_mul(7));
    1u128 << (mix % 128)
}

impl SelectorIndex {
    /// An index of `selectors`, each known by its place in the list.
    pub fn new(selectors: Vec<Selector>) -> SelectorIndex {
        let mut index = SelectorIndex {
            selectors,
            ..SelectorIndex::default()
        };
        for (i, s) in index.selectors.iter().enumerate() {
            for subject in s.subjects() {
                let slot = if let Some(id) = &subject.id {
                    index.names |= name_bit(id);
                    index.by_id.entry(id.clone()).or_default()
                } else if let Some(class) = subject.classes.first() {
                    index.names |= name_bit(class);
                    index.by_class.entry(class.clone()).or_default()
                } else if let Some(tag) = &subject.tag {
                    index.tags |= name_bit(tag);
                    index.by_tag.entry(tag.clone()).or_default()
                } else {
                    &mut index.by_attr
                };
                if !slot.contains(&i) {
                    slot.push(i);
                }
            }
        }
        index
    }

    /// How many selectors there are.
    pub fn len(&self) -> usize {
        self.selectors.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.selectors.is_empty()
    }

    /// A selector by its place.
    pub fn get(&self, i: Sel) -> &Selector {
        &self.selectors[i]
    }

    /// Whether only elements with an id or a class can match.
    pub(crate) fn needs_id_or_class(&self) -> bool {
        self.by_tag.is_empty() && self.by_attr.is_empty()
    }

    /// The selectors `node` (described by `e`) matches, into `out` (each once).
    pub(crate) fn matching(&self, e: &Element, node: &dom_query::NodeRef, out: &mut Vec<Sel>) {
        out.clear();
        let mut consider = |list: Option<&Vec<Sel>>| {
            for &i in list.into_iter().flatten() {
                if !out.contains(&i) && self.selectors[i].matches(e, node) {
                    out.push(i);
                }
            }
        };
        if let Some(id) = e.id
            && self.names & name_bit(id) != 0
        {
            consider(self.by_id.get(id));
        }
        if !self.by_class.is_empty() {
            for class in e.class.split_ascii_whitespace() {
                if self.names & name_bit(class) != 0 {
                    consider(self.by_class.get(class));
                }
            }
        }
        if self.tags & name_bit(e.name) != 0 {
            consider(self.by_tag.get(e.name));
        }
        if !self.by_attr.is_empty() {
            consider(Some(&self.by_attr));
        }
    }
}

/// The line (from 1) of a byte offset.
fn line_of(text: &str, at: usize) -> usize {
    text.as_bytes()[..at.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Compiles a profile's selectors as it is read.
struct Compiler<'a> {
    text: &'a str,
    origin: &'a str,
    selectors: Vec<Selector>,
    seen: HashMap<String, Sel>,
}

impl Compiler<'_> {
    fn error(&self, span: Range<usize>, message: String) -> ProfileError {
        ProfileError::new(
            self.origin.to_string(),
            Some(line_of(self.text, span.start)),
            message,
        )
    }

    fn one(&mut self, s: &Spanned<String>) -> Result<Sel, ProfileError> {
        if let Some(&i) = self.seen.get(s.get_ref()) {
            return Ok(i);
        }
        let sel = Selector::parse(s.get_ref()).map_err(|e| self.error(s.span(), e))?;
        if self.selectors.len() >= MAX_SELECTORS {
            return Err(self.error(
                s.span(),
                format!("more than {MAX_SELECTORS} selectors in one profile"),
            ));
        }
        self.selectors.push(sel);
        self.seen
            .insert(s.get_ref().clone(), self.selectors.len() - 1);
        Ok(self.selectors.len() - 1)
    }

    fn list(&mut self, l: &List) -> Result<Vec<Sel>, ProfileError> {
        l.iter().map(|s| self.one(s)).collect()
    }

    /// An id or an edition code: 1 to 32 of `a-z`, `0-9` and `-`.
    fn code(&self, s: &Spanned<String>, what: &str) -> Result<String, ProfileError> {
        let code = s.get_ref().trim();
        let ok = !code.is_empty()
            && code.len() <= 32
            && code
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-');
        if !ok {
            return Err(self.error(
                s.span(),
                format!("{what} {code:?}: 1 to 32 lower-case letters, digits and '-'"),
            ));
        }
        Ok(code.to_string())
    }

    fn templates(
        &mut self,
        list: &[TemplateFile],
        editions: &[EditionDef],
    ) -> Result<Vec<Template>, ProfileError> {
        let mut templates = Vec::new();
        for t in list {
            let edition = match &t.edition {
                None => None,
                Some(s) => Some(
                    editions
                        .iter()
                        .find(|e| e.code.code() == s.get_ref())
                        .map(|e| e.code)
                        .ok_or_else(|| {
                            self.error(
                                s.span(),
                                format!("edition {:?} is not one of this profile's", s.get_ref()),
                            )
                        })?,
                ),
            };
            templates.push(Template {
                name: t.name.clone(),
                marks: self.list(&t.marks)?,
                edition,
                headline: self.list(&t.headline)?,
                subtitle: self.list(&t.subtitle)?,
                dateline: self.list(&t.dateline)?,
                byline: self.list(&t.byline)?,
                source: self.list(&t.source)?,
                body: self.list(&t.body)?,
                breadcrumb: self.list(&t.breadcrumb)?,
                recognised: t.recognised,
            });
        }
        Ok(templates)
    }

    fn listing(&mut self, l: &ListingFile) -> Result<Listing, ProfileError> {
        let article_paths = match &l.article_paths {
            None => None,
            Some(r) => Some(
                regex::RegexBuilder::new(r.get_ref())
                    .size_limit(1 << 20)
                    .build()
                    .map_err(|e| self.error(r.span(), format!("article_paths: {e}")))?,
            ),
        };
        Ok(Listing {
            meta: l
                .meta
                .iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
                .collect(),
            items: l.items.as_ref().map(|s| self.one(s)).transpose()?,
            min_items: l.min_items.max(1),
            unless: self.list(&l.unless)?,
            item_link: self.checked(&l.item_link)?,
            item_date: self.checked(&l.item_date)?,
            article_paths,
            next: self.checked(&l.next)?,
            next_words: if l.next_words.is_empty() {
                NEXT_WORDS.iter().map(|w| w.to_string()).collect()
            } else {
                l.next_words.iter().map(|w| w.to_lowercase()).collect()
            },
        })
    }

    /// Selectors used outside the walk (on listing pages and pagers).
    fn checked(&self, l: &List) -> Result<Vec<Selector>, ProfileError> {
        l.iter()
            .map(|s| Selector::parse(s.get_ref()).map_err(|e| self.error(s.span(), e)))
            .collect()
    }
}

impl Profile {
    /// Reads a profile from its text; `origin` names it in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Profile, ProfileError> {
        let file: File = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of(text, s.start));
            let message = e.message().trim().to_string();
            ProfileError::new(origin.to_string(), line, message)
        })?;
        let mut c = Compiler {
            text,
            origin,
            selectors: Vec::new(),
            seen: HashMap::new(),
        };
        let id = c.code(&file.id, "id")?;
        let zone = file.time_zone.get_ref().parse::<Zone>().map_err(|_| {
            c.error(
                file.time_zone.span(),
                format!(
                    "time_zone {:?}: write an offset (+08:00, -05:00) or an IANA name (Europe/Paris)",
                    file.time_zone.get_ref()
                ),
            )
        })?;
        let (editions, hosts) = editions(&c, &file.editions)?;
        let templates = c.templates(&file.templates, &editions)?;
        let listing = match &file.listing {
            None => Listing::default(),
            Some(l) => c.listing(l)?,
        };
        let mut p = Profile {
            id,
            name: file.name,
            origin: origin.to_string(),
            digest: {
                use sha2::Digest;
                crate::model::hex(&sha2::Sha256::digest(text.as_bytes()))[..16].to_string()
            },
            zone,
            editions,
            title_suffixes: file.title_suffixes,
            exact_hosts: hosts
                .iter()
                .filter(|(p, _)| p.exact)
                .map(|(p, e)| (p.pattern.clone(), *e))
                .collect(),
            hosts,
            ignore_hosts: patterns(&file.ignore_hosts),
            marks: c.list(&file.marks)?,
            furniture: c.list(&file.furniture)?,
            furniture_lines: file.furniture_lines,
            editor: c.list(&file.editor)?,
            templates,
            listing,
            pager: c.checked(&file.pager)?,
            selectors: SelectorIndex::default(),
            left_out: SelectorIndex::default(),
        };
        let left_out = p.furniture.iter().chain(&p.editor);
        p.left_out = SelectorIndex::new(left_out.map(|&i| c.selectors[i].clone()).collect());
        p.selectors = SelectorIndex::new(c.selectors);
        Ok(p)
    }

    /// The edition `host` serves, and how well it matches, if it is this site's.
    pub(crate) fn host_edition(&self, host: &str) -> Option<(Option<Edition>, usize)> {
        // An exact host beats every wildcard.
        let (score, edition) = match self.exact_hosts.get(host) {
            Some(&e) => (host.len() * 2 + 1, e),
            None => self
                .hosts
                .iter()
                .filter(|(p, _)| !p.exact)
                .filter_map(|(p, e)| p.score(host).map(|s| (s, *e)))
                .max_by_key(|(s, _)| *s)?,
        };
        if self.ignore_hosts.iter().any(|p| p.score(host).is_some()) {
            return Some((None, score));
        }
        Some((Some(self.editions[edition].code), score))
    }

    /// The language of one of this profile's editions.
    pub fn lang_of(&self, edition: Edition) -> &str {
        self.editions
            .iter()
            .find(|e| e.code == edition)
            .map_or("und", |e| e.lang.as_str())
    }

    /// The edition whose language is `lang`, first in bar order.
    pub fn edition_for_lang(&self, lang: &str) -> Option<Edition> {
        self.editions
            .iter()
            .find(|e| e.lang == lang && !e.bilingual)
            .map(|e| e.code)
    }

    /// The site's bilingual edition, if it has one.
    pub fn bilingual_edition(&self) -> Option<Edition> {
        self.editions.iter().find(|e| e.bilingual).map(|e| e.code)
    }

    /// The host patterns of an edition, as written.
    pub fn hosts_of(&self, edition: Edition) -> Vec<&str> {
        self.hosts
            .iter()
            .filter(|(_, e)| self.editions[*e].code == edition)
            .map(|(p, _)| p.pattern.as_str())
            .collect()
    }
}

fn patterns(list: &[String]) -> Vec<HostPattern> {
    list.iter().map(|h| HostPattern::new(h)).collect()
}

type Editions = (Vec<EditionDef>, Vec<(HostPattern, usize)>);

fn editions(c: &Compiler, list: &[EditionFile]) -> Result<Editions, ProfileError> {
    let mut defs: Vec<EditionDef> = Vec::new();
    let mut hosts = Vec::new();
    for e in list {
        let code = c.code(&e.code, "edition code")?;
        let code = code.as_str();
        if defs.iter().any(|d| d.code.code() == code) {
            return Err(c.error(e.code.span(), format!("edition {code:?} is listed twice")));
        }
        hosts.extend(patterns(&e.hosts).into_iter().map(|p| (p, defs.len())));
        defs.push(EditionDef {
            code: Edition::new(code).expect("a checked code"),
            label: e.label.clone(),
            lang: e.lang.trim().to_ascii_lowercase(),
            aliases: e.aliases.clone(),
            bilingual: e.bilingual,
        });
    }
    if defs.is_empty() {
        return Err(ProfileError::new(
            c.origin.to_string(),
            None,
            "no [[editions]]: a profile names at least one edition and its hosts".into(),
        ));
    }
    Ok((defs, hosts))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;

    #[test]
    fn host_patterns() {
        assert!(glob("*.chinadaily.com.cn", "cn.chinadaily.com.cn"));
        assert!(!glob("*.chinadaily.com.cn", "notchinadaily.com.cn"));
        assert!(glob("img*.chinadaily.com.cn", "img2.chinadaily.com.cn"));
        assert!(glob("news.cn", "news.cn"));
        assert!(!glob("news.cn", "www.news.cn"));
        let exact = HostPattern::new("language.chinadaily.com.cn");
        let wild = HostPattern::new("*.chinadaily.com.cn");
        let host = "language.chinadaily.com.cn";
        assert!(exact.score(host) > wild.score(host));
    }

    #[test]
    fn zones() {
        let zone = |s: &str| s.parse::<Zone>().ok();
        let fixed = |secs| Some(Zone::Fixed(FixedOffset::east_opt(secs).unwrap()));
        assert_eq!(zone("+08:00"), fixed(8 * 3600));
        assert_eq!(zone("-0530"), fixed(-(5 * 3600 + 1800)));
        assert_eq!(zone("UTC"), fixed(0));
        assert_eq!(
            zone("Europe/Paris"),
            Some(Zone::Named(chrono_tz::Europe::Paris))
        );
        assert_eq!(zone("Beijing"), None);
        assert_eq!(zone("+25:00"), None);
    }
}
