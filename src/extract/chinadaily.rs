//! The China Daily site profile: Global, Asia, 中文, 双语 and Français.
//!
//! Two article templates are known (see the project README and
//! `shared/corpus/chinadaily/TEMPLATES.md`):
//! - the English template (`div.lft_art > h1`, one info line
//!   "By X | China Daily | Updated: 2019-04-29 07:26", body `div#Content`,
//!   breadcrumb `#bread-nav`), also used by the Asia and French editions;
//! - the Chinese template (`h1.dabiaoti`, meta row `div.fenx > div.xinf-le`,
//!   body `div#Content.article`, breadcrumb `div.da-bre`), also used by the
//!   bilingual (双语) edition. It hides a decoy `<h1>` right after `<body>`,
//!   so the title is never "the first h1".
//!
//! Every selector is a first choice with fallbacks. Edition comes from the
//! host first and the page second; editor lines ("（编辑：X）",
//! "【责任编辑：X】", "[Editor: X]") leave the body and become metadata.
//! When neither template is recognised, `extract` returns `None` and the
//! generic extractor takes the page.

use dom_query::{Document, NodeRef};
use regex::Regex;
use std::sync::LazyLock;
use url::Url;

use super::dates::{parse_beijing_time, parse_meta_date};
use super::news::take_editor_lines;
use super::{
    BlockBuilder, Context, check_length, is_hidden, is_hidden_within, normalize_ws, visible_text,
};
use crate::model::{Article, Block, Edition, EditionLink};
use crate::{Error, Result};

/// The elements of the two templates this profile reads, found in one walk
/// over the visible document (hidden subtrees, scripts and styles are not
/// entered, so the Chinese template's hidden decoy `<h1>` is never seen).
/// Each field holds the first match in document order.
#[derive(Default)]
pub(crate) struct Landmarks<'a> {
    /// `h1.dabiaoti`: the Chinese template's headline.
    dabiaoti: Option<NodeRef<'a>>,
    /// `div.container-left2`: the Chinese template's main column.
    left2: Option<NodeRef<'a>>,
    /// `div.lft_art` / `#lft-art`: the English template's main column.
    lft_art: Option<NodeRef<'a>>,
    /// `span.info_l`: the English template's info line.
    info_l: Option<NodeRef<'a>>,
    /// `div.info`: the box that holds it.
    info: Option<NodeRef<'a>>,
    /// Breadcrumbs, best first: `#bread-nav`, `#bread-nav1`, `.breadcrumb`, `div.da-bre`.
    bread_nav: Option<NodeRef<'a>>,
    bread_nav1: Option<NodeRef<'a>>,
    breadcrumb: Option<NodeRef<'a>>,
    da_bre: Option<NodeRef<'a>>,
    /// Body candidates, best first: `#Content`, `div.article`, `.TRS_Editor`, `#content`.
    bodies: [Option<NodeRef<'a>>; 4],
    /// `div.xinf-le` cells of the Chinese template's meta row.
    xinf_le: Vec<NodeRef<'a>>,
    /// `h2.fubiaoti`: a subtitle.
    fubiaoti: Option<NodeRef<'a>>,
    /// `span.main_title1`: the bilingual site's older headline.
    main_title1: Option<NodeRef<'a>>,
    /// `div.tw3_01_2` items of a section listing.
    listing_items: usize,
    /// Other China Daily furniture (`.dibu-three`).
    furniture: bool,
}

impl<'a> Landmarks<'a> {
    pub(crate) fn find(doc: &'a Document) -> Landmarks<'a> {
        let mut l = Landmarks::default();
        let mut stack: Vec<NodeRef<'a>> = doc.root().children_it(true).collect();
        while let Some(node) = stack.pop() {
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
            let has = |c: &str| class.split_ascii_whitespace().any(|x| x == c);
            let set = |slot: &mut Option<NodeRef<'a>>| {
                slot.get_or_insert(node);
            };
            match id.as_deref() {
                Some("Content") => set(&mut l.bodies[0]),
                Some("content") => set(&mut l.bodies[3]),
                Some("bread-nav") => set(&mut l.bread_nav),
                Some("bread-nav1") => set(&mut l.bread_nav1),
                Some("lft-art") => set(&mut l.lft_art),
                _ => {}
            }
            if !class.is_empty() {
                match &*name {
                    "h1" if has("dabiaoti") => set(&mut l.dabiaoti),
                    "h2" if has("fubiaoti") => set(&mut l.fubiaoti),
                    "span" if has("main_title1") => set(&mut l.main_title1),
                    "span" if has("info_l") => set(&mut l.info_l),
                    "div" if has("info") => set(&mut l.info),
                    "div" if has("container-left2") => set(&mut l.left2),
                    "div" if has("lft_art") => set(&mut l.lft_art),
                    "div" if has("da-bre") => set(&mut l.da_bre),
                    "div" if has("xinf-le") => l.xinf_le.push(node),
                    "div" if has("tw3_01_2") => l.listing_items += 1,
                    "div" if has("article") => set(&mut l.bodies[1]),
                    _ => {}
                }
                if has("TRS_Editor") {
                    set(&mut l.bodies[2]);
                }
                if has("breadcrumb") {
                    set(&mut l.breadcrumb);
                }
                if has("dibu-three") {
                    l.furniture = true;
                }
            }
            stack.extend(node.children_it(true).filter(|c| c.is_element()));
        }
        l
    }

    fn template(&self) -> Option<Template> {
        if self.dabiaoti.is_some() || self.left2.is_some() {
            Some(Template::Chinese)
        } else if self.lft_art.is_some() || self.info_l.is_some() || self.bread_nav.is_some() {
            Some(Template::English)
        } else if self.bodies[0].is_some() {
            Some(Template::Bare)
        } else {
            None
        }
    }
}

/// Whether the page is China Daily's, by its host or its markup.
pub(crate) fn is_chinadaily(l: &Landmarks, ctx: &Context) -> bool {
    ctx.host_edition.is_some()
        || l.dabiaoti.is_some()
        || l.lft_art.is_some()
        || l.left2.is_some()
        || l.furniture
        || l.listing_items > 0
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Template {
    English,
    Chinese,
    Bare,
}

/// Classes and ids of page furniture that may sit inside the body element.
fn is_noise(node: &NodeRef) -> bool {
    const NOISE: &[&str] = &[
        "selectpage",
        "xiangguan",
        "fenx",
        "share",
        "info_r",
        "backtop",
    ];
    node.id_attr().is_some_and(|id| &*id == "div_currpage")
        || node
            .class()
            .is_some_and(|c| c.split_ascii_whitespace().any(|c| NOISE.contains(&c)))
}

/// Extracts a China Daily article; `Ok(None)` when the template is not one
/// this profile knows (the caller falls back to the generic extractor).
pub(crate) fn extract(l: &Landmarks, ctx: &Context) -> Result<Option<Article>> {
    refuse_listing(l, ctx)?;
    let Some(template) = l.template() else {
        return Ok(None);
    };
    let Some(body) = l.bodies.iter().flatten().next() else {
        return Ok(None);
    };

    let tentative = ctx
        .host_edition
        .unwrap_or(match (template, ctx.html_lang.as_deref()) {
            (Template::Chinese, _) => Edition::Zh,
            (_, Some("fr")) => Edition::Fr,
            _ => Edition::Global,
        });
    let mut builder = BlockBuilder::new(ctx.base.as_ref(), !ctx.downloaded, tentative.latin_lang());
    builder.skip(is_noise);
    builder.add_children(body);
    let scripts = builder.scripts;
    let (mut blocks, images) = (builder.blocks, builder.images);
    let line_editor = take_editor_lines(&mut blocks);

    let headline = template_headline(l, template);
    let title = headline
        .clone()
        .or_else(|| head_title(ctx))
        .ok_or_else(|| Error::NotAnArticle("no headline found".into()))?;
    let subtitle = l
        .fubiaoti
        .or_else(|| {
            [&l.lft_art, &l.left2]
                .into_iter()
                .flatten()
                .find_map(|col| child(col, "h2"))
        })
        .map(|n| normalize_ws(&visible_text(&n)))
        .filter(|s| !s.is_empty());
    let mut a = Article {
        id: String::new(),
        url: String::new(),
        canonical_url: String::new(),
        site: "chinadaily".into(),
        edition: None,
        languages: Vec::new(),
        title,
        subtitle,
        byline: None,
        source: None,
        editor: line_editor.or_else(|| ctx.head.meta("editor")),
        published: None,
        updated: None,
        section: Vec::new(),
        blocks,
        images,
        edition_links: edition_links(ctx),
        pages: 1,
        content_hash: String::new(),
    };
    match template {
        Template::Chinese => chinese_meta(l, &mut a),
        Template::English | Template::Bare => english_meta(l, &mut a),
    }
    a.byline = a.byline.take().or_else(|| ctx.head.meta("author"));
    a.source = a.source.take().or_else(|| ctx.head.meta("source"));
    if a.published.is_none() {
        a.published = ctx
            .head
            .meta("article:published_time")
            .and_then(|d| parse_meta_date(&d))
            .or_else(|| {
                ctx.head
                    .meta("publishdate")
                    .and_then(|d| parse_beijing_time(&d))
            });
    }
    // The article template, recognised (its headline, its dateline and its
    // body), makes a page an article whatever its length: a brief, a photo
    // and its caption, a video's caption. Only pages this profile reads in
    // part must show enough text.
    let recognised = headline.is_some() && a.published.is_some() && template != Template::Bare;
    if !recognised {
        check_length(&scripts, ctx)?;
    }
    a.edition = Some(ctx.host_edition.unwrap_or_else(|| match tentative {
        Edition::Zh if is_bilingual(&a.blocks) => Edition::Bilingual,
        e => e,
    }));
    Ok(Some(a))
}

fn refuse_listing(l: &Landmarks, ctx: &Context) -> Result<()> {
    if ctx.head.meta("pagetype").as_deref() == Some("2") {
        return Err(Error::NotAnArticle(
            "a section listing page (pagetype 2), not an article".into(),
        ));
    }
    let items = l.listing_items;
    if items >= 3 && l.bodies[0].is_none() {
        return Err(Error::NotAnArticle(format!(
            "a section listing page ({items} headlines), not an article"
        )));
    }
    Ok(())
}

/// The first child element of `node` named `name`, not hidden.
fn child<'a>(node: &NodeRef<'a>, name: &str) -> Option<NodeRef<'a>> {
    node.children_it(false)
        .find(|c| c.has_name(name) && !is_hidden(c))
}

/// The first descendant element of `node` named `name`, not hidden.
fn descendant<'a>(node: &NodeRef<'a>, name: &str) -> Option<NodeRef<'a>> {
    node.descendants_it()
        .find(|c| c.has_name(name) && !is_hidden_within(c))
}

const TITLE_SUFFIXES: &[&str] = &[
    " - 中国日报网",
    "_中国日报网",
    " - Chinadaily.com.cn",
    " - chinadaily.com.cn",
    " | chinadailyhk",
    " - China Daily",
    " | China Daily",
];

/// The headline where the template puts it.
fn template_headline(l: &Landmarks, template: Template) -> Option<String> {
    let found = match template {
        Template::Chinese => l
            .dabiaoti
            .or_else(|| l.left2.as_ref().and_then(|c| descendant(c, "h1")))
            .or(l.main_title1),
        _ => l
            .lft_art
            .as_ref()
            .and_then(|c| child(c, "h1").or_else(|| descendant(c, "h1"))),
    };
    found
        .map(|n| normalize_ws(&visible_text(&n)))
        .filter(|t| !t.is_empty())
}

/// The headline the page's head gives, when the template has none.
fn head_title(ctx: &Context) -> Option<String> {
    ctx.head.meta("og:title").or_else(|| {
        let t = ctx.head.title.clone();
        let t = TITLE_SUFFIXES
            .iter()
            .fold(t, |t, s| t.strip_suffix(s).map(str::to_string).unwrap_or(t));
        (!t.is_empty()).then_some(t)
    })
}

static BY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?i:by|par|作者[：:]?)\s*(.+)$").unwrap());
static PLACE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s+(?:in|à|en|au|aux|from)\s+\p{Lu}[\p{L}\s.'-]*$").unwrap());
static TIME_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)updated|mis à jour|publi|更新|发布|\d{4}-\d{1,2}-\d{1,2}").unwrap()
});

/// The English template's info line: "By X | China Daily | Updated: 2019-04-29 07:26".
fn english_meta(l: &Landmarks, a: &mut Article) {
    let line = l
        .info_l
        .as_ref()
        .or(l.info.as_ref())
        .map(|n| normalize_ws(&visible_text(n)))
        .unwrap_or_default();
    for part in line
        .split(['|', '｜'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        if TIME_LABEL.is_match(part)
            && let Some(t) = parse_beijing_time(part)
        {
            a.updated = a.updated.or(Some(t));
            continue;
        }
        if let Some(c) = BY.captures(part) {
            let name = PLACE.replace(c[1].trim(), "").trim().to_string();
            if !name.is_empty() {
                a.byline = Some(name);
            }
        } else if a.source.is_none() {
            a.source = Some(part.to_string());
        }
    }
    a.published = a.updated;
    a.section = first_breadcrumb(&[&l.bread_nav, &l.bread_nav1, &l.breadcrumb, &l.da_bre]);
}

/// The Chinese template's meta row: "来源：中国日报网" and "2023-11-17 15:13".
fn chinese_meta(l: &Landmarks, a: &mut Article) {
    for node in &l.xinf_le {
        let text = normalize_ws(&visible_text(node));
        if let Some(rest) = text
            .split_once("来源")
            .map(|(_, r)| r.trim_start_matches(['：', ':', ' ']))
        {
            let linked = node
                .descendants_it()
                .find(|n| n.has_name("a"))
                .map(|a| normalize_ws(&visible_text(&a)))
                .unwrap_or_default();
            let source = if linked.is_empty() {
                rest.trim().to_string()
            } else {
                linked
            };
            if !source.is_empty() {
                a.source.get_or_insert(source);
            }
        } else if let Some(c) = BY.captures(&text) {
            a.byline.get_or_insert(c[1].trim().to_string());
        } else if let Some(t) = parse_beijing_time(&text) {
            a.published.get_or_insert(t);
        }
    }
    a.section = first_breadcrumb(&[&l.da_bre, &l.bread_nav, &l.breadcrumb]);
}

/// The labels of the first of these breadcrumbs that has any.
fn first_breadcrumb(navs: &[&Option<NodeRef>]) -> Vec<String> {
    navs.iter()
        .copied()
        .flatten()
        .map(breadcrumb)
        .find(|labels| !labels.is_empty())
        .unwrap_or_default()
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

/// `<link rel="alternate" hreflang>` to other China Daily editions.
fn edition_links(ctx: &Context) -> Vec<EditionLink> {
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
        let Some(edition) = url.host_str().and_then(Edition::from_host) else {
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
}
