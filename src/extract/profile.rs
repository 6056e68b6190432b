//! The profile extractor: a page of a site Broadsheet has a profile for
//! (China Daily, Xinhua, People's Daily Online, or one a user added), read
//! by the profile's data (see [`crate::sites`] and `docs/site-profiles.md`).
//!
//! One walk over the visible document finds every element the profile's
//! selectors name (hidden subtrees, scripts and styles are not entered, so a
//! template's hidden decoy `<h1>` is never seen). The first template whose
//! marks are found is the page's; each of its parts is the first match of
//! the first of its selectors that matches anything. Edition comes from the
//! host first and the page second; editor lines leave the body and become
//! metadata. When no template is recognised, [`extract`] returns `None` and
//! the generic extractor takes the page, with the profile's site, editions
//! and time zone.

use chrono::{DateTime, FixedOffset};

use crate::time::Zone;
use dom_query::{Document, NodeRef};
use regex::Regex;
use std::sync::LazyLock;
use url::Url;

use super::dates::{parse_local_time, parse_meta_date, parse_printed_time};
use super::news;
use super::{
    BlockBuilder, Context, check_length, is_hidden, latin_default, normalize_ws, visible_text,
};
use crate::model::{Article, Block, Edition, EditionLink};
use crate::sites::{Element, Profile, SelectorIndex};
use crate::{Error, Result};

/// Matches kept per selector: parts use the first; datelines a few cells.
const KEEP: usize = 16;

/// The elements a profile's selectors match, found in one walk, in
/// document order.
pub(crate) struct Found<'a> {
    matches: Vec<Vec<NodeRef<'a>>>,
    counts: Vec<usize>,
}

impl<'a> Found<'a> {
    /// Walks the visible document once, trying `index`'s selectors on each
    /// element, within the page's time limit ([`super::on_time`]).
    pub(crate) fn walk(doc: &'a Document, index: &SelectorIndex) -> crate::Result<Found<'a>> {
        let mut found = Found {
            matches: vec![Vec::new(); index.len()],
            counts: vec![0; index.len()],
        };
        if index.is_empty() {
            return Ok(found);
        }
        let mut hits = Vec::new();
        let mut stack: Vec<NodeRef<'a>> = doc.root().children_it(true).collect();
        let mut seen: usize = 0;
        while let Some(node) = stack.pop() {
            seen += 1;
            if seen.is_multiple_of(1024) {
                super::on_time()?;
            }
            let Some(name) = node.node_name() else {
                continue;
            };
            if matches!(&*name, "script" | "style" | "noscript" | "template" | "svg")
                || is_hidden(&node)
            {
                continue;
            }
            let id = node.id_attr();
            let class = node.class().unwrap_or_default();
            let e = Element {
                name: &name,
                id: id.as_deref(),
                class: &class,
            };
            index.matching(&e, &node, &mut hits);
            for &i in &hits {
                found.counts[i] += 1;
                if found.matches[i].len() < KEEP {
                    found.matches[i].push(node);
                }
            }
            stack.extend(node.children_it(true).filter(|c| c.is_element()));
        }
        Ok(found)
    }

    /// Whether any of `sels` matched.
    pub(crate) fn any(&self, sels: &[usize]) -> bool {
        sels.iter().any(|&i| self.counts[i] > 0)
    }

    /// The matches of the first of `sels` that matched anything.
    fn all(&self, sels: &[usize]) -> &[NodeRef<'a>] {
        sels.iter()
            .map(|&i| self.matches[i].as_slice())
            .find(|m| !m.is_empty())
            .unwrap_or(&[])
    }

    /// The first match of the first of `sels` that matched anything.
    fn first(&self, sels: &[usize]) -> Option<NodeRef<'a>> {
        self.all(sels).first().copied()
    }

    /// The first of `sels` whose first match has visible text: that text.
    fn text(&self, sels: &[usize]) -> Option<String> {
        sels.iter()
            .filter_map(|&i| self.matches[i].first())
            .map(|n| normalize_ws(&visible_text(n)))
            .find(|t| !t.is_empty())
    }
}

/// Whether `node` is furniture or an editor line of `p`, to leave out of a body.
fn left_out(p: &Profile, node: &NodeRef, hits: &mut Vec<usize>) -> bool {
    if p.left_out.is_empty() {
        return false;
    }
    let id = node.id_attr();
    let class = node.class().unwrap_or_default();
    if id.is_none() && class.is_empty() && p.left_out.needs_id_or_class() {
        return false;
    }
    let Some(name) = node.node_name() else {
        return false;
    };
    let e = Element {
        name: &name,
        id: id.as_deref(),
        class: &class,
    };
    p.left_out.matching(&e, node, hits);
    !hits.is_empty()
}

/// Extracts an article of `p`'s site; `Ok(None)` when no template of the
/// profile is recognised (the caller falls back to the generic extractor).
pub(crate) fn extract(
    p: &Profile,
    found: &Found,
    doc: &Document,
    ctx: &Context,
) -> Result<Option<Article>> {
    refuse_listing(p, found, ctx)?;
    let Some(t) = p.templates.iter().find(|t| found.any(&t.marks)) else {
        return Ok(None);
    };
    let Some(body) = found.first(&t.body) else {
        return Ok(None);
    };
    let tentative = ctx
        .host_edition
        .or(t.edition)
        .or_else(|| ctx.html_lang.as_deref().and_then(|l| p.edition_for_lang(l)))
        .unwrap_or(p.editions[0].code);
    let lang = p.lang_of(tentative).to_string();
    let latin = latin_default(&lang);
    let mut builder = BlockBuilder::new(ctx.base.as_ref(), !ctx.downloaded, latin);
    let hits = std::cell::RefCell::new(Vec::new());
    let noise = |n: &NodeRef| left_out(p, n, &mut hits.borrow_mut());
    builder.skip(&noise);
    builder.add_children(&body);
    let scripts = builder.scripts;
    let (mut blocks, images) = (builder.blocks, builder.images);
    if p.furniture_lines {
        news::drop_furniture(&mut blocks);
    }
    let line_editor = news::take_editor_lines(&mut blocks);
    let element_editor = found.text(&p.editor).and_then(|t| news::editor_in(&t));

    let headline = found.text(&t.headline);
    let title = headline
        .clone()
        .or_else(|| head_title(p, ctx))
        .ok_or_else(|| Error::NotAnArticle("no headline found".into()))?;
    let dateline = read_dateline(found.all(&t.dateline), p.zone, &lang);
    let mut a = Article {
        id: String::new(),
        url: String::new(),
        canonical_url: String::new(),
        site: p.id.clone(),
        edition: None,
        languages: Vec::new(),
        title,
        subtitle: found.text(&t.subtitle),
        byline: found
            .text(&t.byline)
            .map(|b| unlabel(&b))
            .or(dateline.byline)
            .or_else(|| ctx.head.meta("author")),
        source: found
            .text(&t.source)
            .map(|s| unlabel(&s))
            .filter(|s| !s.is_empty())
            .or(dateline.source),
        editor: line_editor
            .or(element_editor)
            .or_else(|| ctx.head.meta("editor")),
        published: dateline.published.or(dateline.updated),
        updated: dateline.updated,
        section: t
            .breadcrumb
            .iter()
            .filter_map(|&i| found.matches[i].first())
            .map(breadcrumb)
            .find(|labels| !labels.is_empty())
            .unwrap_or_default(),
        blocks,
        images,
        edition_links: edition_links(p, ctx),
        pages: 1,
        content_hash: String::new(),
    };
    fill_from_head(&mut a, p, doc, ctx, &lang);
    // The article template, recognised (its headline, its dateline and its
    // body), makes a page an article whatever its length: a brief, a photo
    // and its caption, a video's caption. Only pages a profile reads in
    // part must show enough text.
    let recognised = headline.is_some() && a.published.is_some() && t.recognised;
    if !recognised {
        check_length(&scripts, ctx)?;
    }
    a.edition = Some(
        ctx.host_edition
            .unwrap_or_else(|| match p.bilingual_edition() {
                Some(bi) if p.lang_of(bi) == lang && is_bilingual(&a.blocks) => bi,
                _ => tentative,
            }),
    );
    Ok(Some(a))
}

/// What the page's head says, where the template did not: the source, and
/// the published time (else the dateline printed by the headline).
fn fill_from_head(a: &mut Article, p: &Profile, doc: &Document, ctx: &Context, lang: &str) {
    if a.source.is_none() {
        a.source = ctx.head.meta("source");
    }
    if a.published.is_none() {
        a.published = ctx
            .head
            .meta("article:published_time")
            .and_then(|d| parse_meta_date(&d))
            .or_else(|| {
                ctx.head
                    .meta("publishdate")
                    .and_then(|d| parse_local_time(&d, p.zone, lang))
            });
    }
    if a.published.is_none() {
        let header = news::header(doc, &a.title, p.zone, lang);
        a.published = header.published;
        if a.source.is_none() {
            a.source = header.source;
        }
    }
}

fn refuse_listing(p: &Profile, found: &Found, ctx: &Context) -> Result<()> {
    let l = &p.listing;
    if let Some((k, v)) = l
        .meta
        .iter()
        .find(|(k, v)| ctx.head.meta(k).as_deref() == Some(v.as_str()))
    {
        return Err(Error::NotAnArticle(format!(
            "a section listing page ({k} {v}), not an article"
        )));
    }
    let items = l.items.map_or(0, |i| found.counts[i]);
    if items >= l.min_items && l.items.is_some() && !found.any(&l.unless) {
        return Err(Error::NotAnArticle(format!(
            "a section listing page ({items} headlines), not an article"
        )));
    }
    Ok(())
}

/// The headline the page's head gives, when the template has none.
fn head_title(p: &Profile, ctx: &Context) -> Option<String> {
    ctx.head.meta("og:title").or_else(|| {
        let t = strip_suffixes(p, &ctx.head.title);
        (!t.is_empty()).then_some(t)
    })
}

/// A `<title>` without the site names the profile lists after it.
pub(crate) fn strip_suffixes(p: &Profile, title: &str) -> String {
    p.title_suffixes.iter().fold(title.to_string(), |t, s| {
        t.strip_suffix(s.as_str()).map(str::to_string).unwrap_or(t)
    })
}

/// What a dateline says.
#[derive(Default)]
struct Dateline {
    published: Option<DateTime<FixedOffset>>,
    updated: Option<DateTime<FixedOffset>>,
    byline: Option<String>,
    source: Option<String>,
}

static BY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?i:by|par|作者[：:]?)\s*(.+)$").unwrap());
static PLACE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s+(?:in|à|en|au|aux|from)\s+\p{Lu}[\p{L}\s.'-]*$").unwrap());
static UPDATED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)updated|mis à jour|更新").unwrap());
/// "来源：", "Source:", "Source :" (and where it starts).
static SOURCE_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?:来源|來源|source)\s*[：:]\s*").unwrap());

/// Reads dateline cells ("By X | China Daily | Updated: 2019-04-29 07:26";
/// "2023-11-17 15:13" and "来源：中国日报网"; "2019年06月15日08:18 来源：人民网").
/// Each cell is split at `|` and before a source label; each part is a
/// source, a byline, a time, or, in a line of several parts, the source
/// when none is labelled.
fn read_dateline(cells: &[NodeRef], zone: Zone, lang: &str) -> Dateline {
    let mut d = Dateline::default();
    for cell in cells {
        let text = normalize_ws(&visible_text(cell));
        let mut parts: Vec<&str> = Vec::new();
        for piece in text.split(['|', '｜']) {
            match SOURCE_LABEL.find(piece) {
                Some(m) if m.start() > 0 => {
                    parts.extend([&piece[..m.start()], &piece[m.start()..]])
                }
                _ => parts.push(piece),
            }
        }
        parts.retain(|p| !p.trim().is_empty());
        let several = parts.len() > 1;
        for part in parts.iter().map(|p| p.trim()) {
            if let Some(m) = SOURCE_LABEL.find(part).filter(|m| m.start() == 0) {
                let rest = part[m.end()..].trim();
                let linked = cell
                    .descendants_it()
                    .find(|n| n.has_name("a"))
                    .map(|a| normalize_ws(&visible_text(&a)))
                    .filter(|l| !l.is_empty() && rest.starts_with(l.as_str()));
                let source = linked.unwrap_or_else(|| rest.to_string());
                if !source.is_empty() {
                    d.source.get_or_insert(source);
                }
            } else if let Some(c) = BY.captures(part) {
                let name = PLACE.replace(c[1].trim(), "").trim().to_string();
                if !name.is_empty() {
                    d.byline.get_or_insert(name);
                }
            } else if let Some(t) = part
                .bytes()
                .any(|b| b.is_ascii_digit())
                .then(|| parse_printed_time(part, zone, lang))
                .flatten()
            {
                let slot = if UPDATED.is_match(part) {
                    &mut d.updated
                } else {
                    &mut d.published
                };
                slot.get_or_insert(t);
            } else if several && d.source.is_none() {
                d.source = Some(part.to_string());
            }
        }
    }
    d
}

/// A source or byline without its label ("来源：新华网" → "新华网").
fn unlabel(text: &str) -> String {
    let t = SOURCE_LABEL
        .find(text)
        .filter(|m| m.start() == 0)
        .map_or(text, |m| &text[m.end()..]);
    let t = BY.captures(t).map_or(t.to_string(), |c| c[1].to_string());
    t.trim().to_string()
}

/// A breadcrumb's labels: its links (or list items), else its text split at
/// the separators `>`, `/`, `›`, `»`.
fn breadcrumb(nav: &NodeRef) -> Vec<String> {
    let mut items: Vec<NodeRef> = nav
        .descendants_it()
        .filter(|n| n.has_name("li") && !is_hidden(n))
        .collect();
    if items.is_empty() {
        items = nav
            .descendants_it()
            .filter(|n| n.has_name("a") && !is_hidden(n))
            .collect();
    }
    let labels: Vec<String> = if items.is_empty() {
        visible_text(nav)
            .split(['>', '/', '›', '»'])
            .map(normalize_ws)
            .collect()
    } else {
        items
            .iter()
            .map(|n| normalize_ws(&visible_text(n)))
            .collect()
    };
    labels
        .into_iter()
        .map(|l| l.trim_matches(['>', '/', ' ', '\u{a0}']).to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// Both English and Chinese carry at least a quarter of the body's text blocks.
fn is_bilingual(blocks: &[Block]) -> bool {
    let text_blocks = blocks.iter().filter(|b| !matches!(b, Block::Image { .. }));
    let (mut en, mut zh, mut all) = (0, 0, 0);
    for b in text_blocks {
        all += 1;
        match b.lang() {
            "en" => en += 1,
            "zh" => zh += 1,
            _ => {}
        }
    }
    all > 0 && en * 4 >= all && zh * 4 >= all
}

/// `<link rel="alternate" hreflang>` to the site's other editions.
fn edition_links(p: &Profile, ctx: &Context) -> Vec<EditionLink> {
    if !ctx
        .head
        .links
        .iter()
        .any(|(rel, lang, _)| rel == "alternate" && lang.is_some())
    {
        return Vec::new();
    }
    let sites = ctx.sites;
    let mut links: Vec<EditionLink> = Vec::new();
    for (_, _, href) in ctx
        .head
        .links
        .iter()
        .filter(|(rel, lang, _)| rel == "alternate" && lang.is_some())
    {
        let url = match &ctx.base {
            Some(base) => base.join(href.trim()),
            None => Url::parse(href.trim()),
        };
        let Ok(url) = url else { continue };
        if ctx.canonical.as_ref() == Some(&url) {
            continue;
        }
        let Some(edition): Option<Edition> = url
            .host_str()
            .and_then(|h| sites.for_host(h))
            .filter(|(site, _)| site.id == p.id)
            .and_then(|(_, e)| e)
        else {
            continue;
        };
        let url = url.to_string();
        if !links.iter().any(|l| l.url == url) {
            links.push(EditionLink { edition, url });
        }
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bylines_drop_places() {
        assert_eq!(PLACE.replace("Li Wen in Hong Kong", ""), "Li Wen");
        assert_eq!(PLACE.replace("Marie Dupont à Pékin", ""), "Marie Dupont");
        assert_eq!(PLACE.replace("Zhou Jin", ""), "Zhou Jin");
    }

    #[test]
    fn dateline_parts() {
        let doc = Document::from(
            "<div id=a>By Li Wen in Beijing | China Daily | Updated: 2019-04-29 07:26</div>\
             <div id=b>2019年06月15日08:18&nbsp;&nbsp;来源：<a href=x>人民网-文化频道</a></div>",
        );
        let beijing = Zone::Fixed(crate::time::beijing());
        let a = read_dateline(doc.select("#a").nodes(), beijing, "en");
        assert_eq!(a.byline.as_deref(), Some("Li Wen"));
        assert_eq!(a.source.as_deref(), Some("China Daily"));
        assert_eq!(a.updated.unwrap().to_rfc3339(), "2019-04-29T07:26:00+08:00");
        let b = read_dateline(doc.select("#b").nodes(), beijing, "zh");
        assert_eq!(b.source.as_deref(), Some("人民网-文化频道"));
        assert_eq!(
            b.published.unwrap().to_rfc3339(),
            "2019-06-15T08:18:00+08:00"
        );
        assert_eq!(unlabel("来源： 新华网"), "新华网");
    }
}
