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

use dom_query::{Document, NodeRef, Selection};
use regex::Regex;
use std::sync::LazyLock;
use url::Url;

use super::dates::{parse_beijing_time, parse_meta_date};
use super::{BlockBuilder, Context, check_length, is_hidden_within, meta, normalize_ws, visible_text};
use crate::model::{Article, Block, Edition, EditionLink};
use crate::{Error, Result};

/// Whether the page is China Daily's, by its host or its markup.
pub(crate) fn is_chinadaily(doc: &Document, ctx: &Context) -> bool {
    ctx.host_edition.is_some()
        || doc.select("h1.dabiaoti, div.lft_art, div.container-left2, .dibu-three, div.tw3_01_2").exists()
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Template {
    English,
    Chinese,
    Bare,
}

/// Extracts a China Daily article; `Ok(None)` when the template is not one
/// this profile knows (the caller falls back to the generic extractor).
pub(crate) fn extract(doc: &Document, ctx: &Context) -> Result<Option<Article>> {
    refuse_listing(doc)?;
    let template = if doc.select("h1.dabiaoti, div.container-left2").exists() {
        Template::Chinese
    } else if doc.select("div.lft_art, span.info_l, #bread-nav").exists() {
        Template::English
    } else if doc.select("#Content").exists() {
        Template::Bare
    } else {
        return Ok(None);
    };
    let Some(body) = first_visible(doc, &["#Content", "div.article", ".TRS_Editor", "#content"]) else {
        return Ok(None);
    };

    let tentative = ctx.host_edition.unwrap_or(match (template, ctx.html_lang.as_deref()) {
        (Template::Chinese, _) => Edition::Zh,
        (_, Some("fr")) => Edition::Fr,
        _ => Edition::Global,
    });
    let body_sel = Selection::from(body);
    body_sel
        .select("script, style, .selectpage, #div_currpage, .xiangguan, .fenx, .share, .info_r, .backtop, iframe")
        .remove();
    let mut builder = BlockBuilder::new(ctx.base.as_ref(), tentative.latin_lang());
    builder.add_children(&body);
    let (mut blocks, images) = (builder.blocks, builder.images);
    let line_editor = take_editor_lines(&mut blocks);
    check_length(&blocks, ctx)?;

    let title = title(doc, template).ok_or_else(|| Error::NotAnArticle("no headline found".into()))?;
    let mut a = Article {
        id: String::new(),
        url: String::new(),
        canonical_url: String::new(),
        site: "chinadaily".into(),
        edition: None,
        languages: Vec::new(),
        title,
        subtitle: first_visible(doc, &["div.lft_art > h2", "h2.fubiaoti", "div.container-left2 > h2"])
            .map(|n| normalize_ws(&visible_text(&n)))
            .filter(|s| !s.is_empty()),
        byline: None,
        source: None,
        editor: line_editor.or_else(|| meta(doc, "editor")),
        published: None,
        updated: None,
        section: Vec::new(),
        blocks,
        images,
        edition_links: edition_links(doc, ctx),
        pages: 1,
        content_hash: String::new(),
    };
    match template {
        Template::Chinese => chinese_meta(doc, &mut a),
        Template::English | Template::Bare => english_meta(doc, &mut a),
    }
    if a.published.is_none() {
        a.published = meta(doc, "article:published_time")
            .and_then(|d| parse_meta_date(&d))
            .or_else(|| meta(doc, "publishdate").and_then(|d| parse_beijing_time(&d)));
    }
    a.edition = Some(ctx.host_edition.unwrap_or_else(|| match tentative {
        Edition::Zh if is_bilingual(&a.blocks) => Edition::Bilingual,
        e => e,
    }));
    Ok(Some(a))
}

fn refuse_listing(doc: &Document) -> Result<()> {
    if meta(doc, "pagetype").as_deref() == Some("2") {
        return Err(Error::NotAnArticle("a section listing page (pagetype 2), not an article".into()));
    }
    let items = doc.select("div.tw3_01_2").length();
    if items >= 3 && !doc.select("#Content").exists() {
        return Err(Error::NotAnArticle(format!("a section listing page ({items} headlines), not an article")));
    }
    Ok(())
}

fn first_visible<'a>(doc: &'a Document, selectors: &[&str]) -> Option<NodeRef<'a>> {
    selectors.iter().find_map(|s| doc.select(s).nodes().iter().find(|n| !is_hidden_within(n)).cloned())
}

const TITLE_SUFFIXES: &[&str] = &[
    " - 中国日报网", "_中国日报网", " - Chinadaily.com.cn", " - chinadaily.com.cn", " | chinadailyhk",
    " - China Daily", " | China Daily", " - Chine.chinadaily.com.cn",
];

fn title(doc: &Document, template: Template) -> Option<String> {
    let selectors: &[&str] = match template {
        Template::Chinese => &["h1.dabiaoti", "div.container-left2 h1", "span.main_title1"],
        _ => &["div.lft_art > h1", "div.lft_art h1", "#lft-art h1", "div.main_art h1"],
    };
    first_visible(doc, selectors)
        .map(|n| normalize_ws(&visible_text(&n)))
        .filter(|t| !t.is_empty())
        .or_else(|| meta(doc, "og:title"))
        .or_else(|| {
            let t = normalize_ws(&doc.select("head title").text());
            let t = TITLE_SUFFIXES.iter().fold(t, |t, s| t.strip_suffix(s).map(str::to_string).unwrap_or(t));
            (!t.is_empty()).then_some(t)
        })
}

static BY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?i:by|par|作者[：:]?)\s*(.+)$").unwrap());
static PLACE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s+(?:in|à|en|au|aux|from)\s+\p{Lu}[\p{L}\s.'-]*$").unwrap());
static TIME_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)updated|mis à jour|publi|更新|发布|\d{4}-\d{1,2}-\d{1,2}").unwrap());

/// The English template's info line: "By X | China Daily | Updated: 2019-04-29 07:26".
fn english_meta(doc: &Document, a: &mut Article) {
    let line = first_visible(doc, &["span.info_l", "div.info", "div.lft_art .info"])
        .map(|n| normalize_ws(&visible_text(&n)))
        .unwrap_or_default();
    for part in line.split(['|', '｜']).map(str::trim).filter(|p| !p.is_empty()) {
        if TIME_LABEL.is_match(part) {
            if let Some(t) = parse_beijing_time(part) {
                a.updated = a.updated.or(Some(t));
                continue;
            }
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
    a.section = breadcrumb(doc, &["#bread-nav a", "#bread-nav1 li", "ol.breadcrumb li", ".breadcrumb a"]);
    a.byline = a.byline.take().or_else(|| meta(doc, "author"));
    a.source = a.source.take().or_else(|| meta(doc, "source"));
}

/// The Chinese template's meta row: "来源：中国日报网" and "2023-11-17 15:13".
fn chinese_meta(doc: &Document, a: &mut Article) {
    for cell in doc.select("div.fenx div.xinf-le, div.xinf-le, div.info span").iter() {
        let node = &cell.nodes()[0];
        let text = normalize_ws(&visible_text(node));
        if let Some(rest) = text.split_once("来源").map(|(_, r)| r.trim_start_matches(['：', ':', ' '])) {
            let linked = normalize_ws(&cell.select("a").text());
            let source = if linked.is_empty() { rest.trim().to_string() } else { linked };
            if !source.is_empty() {
                a.source.get_or_insert(source);
            }
        } else if let Some(c) = BY.captures(&text) {
            a.byline.get_or_insert(c[1].trim().to_string());
        } else if let Some(t) = parse_beijing_time(&text) {
            a.published.get_or_insert(t);
        }
    }
    a.section = breadcrumb(doc, &["div.da-bre a", "div.da-bre"]);
    a.byline = a.byline.take().or_else(|| meta(doc, "author"));
    a.source = a.source.take().or_else(|| meta(doc, "source"));
}

/// The first breadcrumb found: labels of the first matching element's group.
fn breadcrumb(doc: &Document, selectors: &[&str]) -> Vec<String> {
    for sel in selectors {
        let found = doc.select(sel);
        let Some(first) = found.nodes().first() else { continue };
        // Only the first breadcrumb (pages repeat it for mobile).
        let parent = first.parent();
        let labels: Vec<String> = found
            .nodes()
            .iter()
            .filter(|n| n.parent().map(|p| p.id) == parent.as_ref().map(|p| p.id))
            .flat_map(|n| {
                let t = visible_text(n);
                if n.has_name("a") || n.has_name("li") {
                    vec![normalize_ws(&t)]
                } else {
                    t.split(['>', '/', '›', '»']).map(normalize_ws).collect()
                }
            })
            .map(|l| l.trim_matches(['>', '/', ' ', '\u{a0}']).to_string())
            .filter(|l| !l.is_empty())
            .collect();
        if !labels.is_empty() {
            return labels;
        }
    }
    Vec::new()
}

static EDITOR_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:[（(]\s*(?:责任)?编辑\s*[：:]\s*(?P<a>[^）)]+?)\s*[）)]",
        r"|【\s*(?:责任)?编辑\s*[：:]\s*(?P<b>[^】]+?)\s*】",
        r"|(?:责任)?编辑\s*[：:]\s*(?P<c>\S+)",
        r"|[\[(]?\s*(?:(?i:editor|rédacteur|rédactrice|éditeur)\s*:|(?i:edited by)\s)\s*(?P<d>[^\])]+?)\s*[\])]?",
        r")$"
    ))
    .unwrap()
});

/// Removes editor lines from the end of the body; returns the first name.
fn take_editor_lines(blocks: &mut Vec<Block>) -> Option<String> {
    let mut editor = None;
    while let Some(Block::Paragraph { text, .. }) = blocks.last() {
        let Some(c) = EDITOR_LINE.captures(text) else { break };
        let name = ["a", "b", "c", "d"].iter().find_map(|g| c.name(g)).map(|m| m.as_str().trim().to_string());
        editor = name.or(editor);
        blocks.pop();
    }
    editor
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
fn edition_links(doc: &Document, ctx: &Context) -> Vec<EditionLink> {
    let mut links: Vec<EditionLink> = Vec::new();
    for link in doc.select("link[rel=alternate][hreflang][href]").iter() {
        let Some(href) = link.attr("href") else { continue };
        let url = match &ctx.base {
            Some(base) => base.join(href.trim()),
            None => Url::parse(href.trim()),
        };
        let Ok(url) = url else { continue };
        if ctx.canonical.as_ref() == Some(&url) {
            continue;
        }
        let Some(edition) = url.host_str().and_then(Edition::from_host) else { continue };
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

    fn lines(texts: &[&str]) -> Vec<Block> {
        texts.iter().map(|t| Block::Paragraph { text: t.to_string(), lang: "zh".into() }).collect()
    }

    #[test]
    fn editor_lines_become_metadata() {
        let mut b = lines(&["正文。", "（编辑：王小明）", "【责任编辑：李华】"]);
        assert_eq!(take_editor_lines(&mut b).as_deref(), Some("王小明"));
        assert_eq!(b.len(), 1);
        let mut b = lines(&["Text.", "[Editor: Zhang Wei]"]);
        assert_eq!(take_editor_lines(&mut b).as_deref(), Some("Zhang Wei"));
        let mut b = lines(&["Texte.", "(Rédacteur : Paul Martin)"]);
        assert_eq!(take_editor_lines(&mut b).as_deref(), Some("Paul Martin"));
        let mut b = lines(&["The editor said it was fine."]);
        assert_eq!(take_editor_lines(&mut b), None);
        assert_eq!(b.len(), 1);
    }

    #[test]
    fn bylines_drop_places() {
        assert_eq!(PLACE.replace("Li Wen in Hong Kong", ""), "Li Wen");
        assert_eq!(PLACE.replace("Marie Dupont à Pékin", ""), "Marie Dupont");
        assert_eq!(PLACE.replace("Zhou Jin", ""), "Zhou Jin");
    }
}
