//! The generic extractor for any news site: Readability's algorithm
//! (the `dom_smoothie` crate, a port of Mozilla's readability.js) finds the
//! article's content; the shared `BlockBuilder` turns it into blocks.
//!
//! Pages it cannot find an article in, or whose "article" is a few lines of
//! text, are refused with [`Error::NotAnArticle`].

use dom_query::Document;
use dom_smoothie::{Config, Readability};
use url::Url;

use super::dates::{parse_local_time, parse_meta_date};
use super::{
    BlockBuilder, Context, check_length, detect_lang, is_hidden_within, news, normalize_ws,
    visible_text,
};
use crate::model::Article;
use crate::{Error, Result};
use chrono::{DateTime, FixedOffset};

use crate::time::Zone;

/// Extracts the article from any page.
pub(crate) fn extract(doc: Document, ctx: &Context) -> Result<Article> {
    let profile = ctx.profile.as_deref();
    // A profile's own title suffixes go first; the general rules see the rest.
    let title_hint = match profile {
        Some(p) => super::profile::strip_suffixes(p, &ctx.head.title),
        None => ctx.head.title.clone(),
    };
    let site_name = ctx.head.meta("og:site_name");
    // What the page prints by its headline is read before Readability
    // takes the document apart.
    let headline = headline(&doc, ctx);
    let printed = headline
        .clone()
        .unwrap_or_else(|| news::strip_site_names(&title_hint, site_name.as_deref()));
    let (zone, lang) = zone_and_lang(ctx, &printed);
    let header = news::header(&doc, &printed, zone, lang);
    // Readability makes relative URLs absolute; a saved page's relative
    // image paths name files beside it, so it only gets a downloaded page's URL.
    let base = ctx
        .base
        .as_ref()
        .filter(|_| ctx.downloaded)
        .map(Url::as_str);
    drop_boxes(&doc);
    let cfg = Config::default();
    let mut readability = Readability::with_document(doc, base, Some(cfg))
        .map_err(|e| Error::NotAnArticle(format!("no article found ({e})")))?;
    let found = readability.parse().map_err(|e| {
        let why = e.to_string();
        error_page(&title_hint)
            .unwrap_or_else(|| Error::NotAnArticle(format!("no article text found ({why})")))
    })?;

    let page_lang = page_language(ctx, &found);
    let latin = super::latin_default(&page_lang);

    let content = Document::fragment(found.content.to_string());
    let mut builder = BlockBuilder::new(ctx.base.as_ref(), !ctx.downloaded, latin);
    builder.add_children(&content.root());
    if let Err(e) = check_length(&builder.scripts, ctx) {
        return Err(error_page(&title_hint).unwrap_or(e));
    }

    let title = headline.unwrap_or_else(|| {
        let found_title = match profile {
            Some(p) => super::profile::strip_suffixes(p, &found.title),
            None => found.title.clone(),
        };
        news::strip_site_names(&found_title, site_name.as_deref())
    });
    let mut blocks = builder.blocks;
    news::drop_furniture(&mut blocks);
    let editor = news::take_editor_lines(&mut blocks);
    if title.is_empty() && blocks.is_empty() {
        return Err(Error::NotAnArticle("no headline and no text".into()));
    }
    let site = match profile {
        Some(p) => p.id.clone(),
        None => ctx
            .canonical
            .as_ref()
            .or(ctx.base.as_ref())
            .and_then(|u| u.host_str())
            .map(|h| h.trim_start_matches("www.").to_string())
            .unwrap_or_else(|| "local".into()),
    };
    // A profiled site's edition: by the host, else by the page's language.
    let edition = ctx.host_edition.or_else(|| {
        profile.and_then(|p| p.edition_for_lang(&page_lang).or(Some(p.editions[0].code)))
    });
    Ok(Article {
        id: String::new(),
        url: String::new(),
        canonical_url: String::new(),
        site,
        edition,
        languages: Vec::new(),
        title,
        subtitle: None,
        byline: found
            .byline
            .map(|b| normalize_ws(&b))
            .filter(|b| !b.is_empty()),
        source: header.source.or_else(|| {
            found
                .site_name
                .map(|s| normalize_ws(&s))
                .filter(|s| !s.is_empty())
        }),
        editor,
        published: found
            .published_time
            .as_deref()
            .and_then(parse_meta_date)
            .or_else(|| meta_published(ctx, zone, lang, header.published)),
        updated: found.modified_time.as_deref().and_then(parse_meta_date),
        section: Vec::new(),
        blocks,
        images: builder.images,
        edition_links: Vec::new(),
        pages: 1,
        content_hash: String::new(),
    })
}

/// Words of class and id names (split at `-` and `_`) that mark the boxes
/// sites put around an article: author boxes and bylines' bios, footers,
/// share bars, related and comment sections, breadcrumbs, tag lists,
/// sign-up and cookie boxes. Chosen word by word on trafilatura's benchmark
/// (990 real pages): together F1 0.899 to 0.906. Words that cost more text
/// than they saved there (`share`, `newsletter`, `widget`, `sidebar`, `ad`,
/// `teaser`, `comment`) are not in it.
const BOX_WORDS: &[&str] = &[
    "author",
    "bio",
    "byline",
    "footer",
    "sharing",
    "social",
    "related",
    "comments",
    "breadcrumb",
    "tags",
    "signup",
    "cookie",
];

/// Class names that describe a post rather than a box (WordPress writes
/// `category-social-issues` and `tag-comments` on the article itself).
const TAXONOMY: &[&str] = &["category-", "tag-", "post-", "type-", "format-", "status-"];

/// A box holds at most this share of the page's text, in percent: what
/// holds more is the article, whatever its class says (30 measured best on
/// the benchmark, against 10, 15, 50 and 100).
const BOX_SHARE: usize = 30;

/// Removes the boxes around the article ([`BOX_WORDS`]) before Readability
/// weighs the page. The tree is at most [`super::MAX_DEPTH`] deep and a box
/// inside a removed one is not measured, so this is linear in the page.
fn drop_boxes(doc: &Document) {
    let is_box = |names: &str| {
        names
            .split_ascii_whitespace()
            .filter(|t| !TAXONOMY.iter().any(|p| t.starts_with(p)))
            .flat_map(|t| t.split(['-', '_']))
            .any(|w| BOX_WORDS.iter().any(|b| w.eq_ignore_ascii_case(b)))
    };
    let total = doc.select_matcher(sel!("body")).text().len().max(1);
    let mut doomed: Vec<dom_query::NodeRef> = Vec::new();
    let mut doomed_ids = std::collections::HashSet::new();
    let inside_doomed = |node: &dom_query::NodeRef, ids: &std::collections::HashSet<_>| {
        let mut up = node.parent();
        for _ in 0..=super::MAX_DEPTH {
            match up {
                Some(p) if ids.contains(&p.id) => return true,
                Some(p) => up = p.parent(),
                None => return false,
            }
        }
        false
    };
    for node in doc
        .select_matcher(sel!("div, section, aside, ul, p, span, figure"))
        .nodes()
    {
        let named = node.attr("class").is_some_and(|c| is_box(&c))
            || node.attr("id").is_some_and(|i| is_box(&i));
        if !named || inside_doomed(node, &doomed_ids) {
            continue;
        }
        if node.text().len() * 100 < total * BOX_SHARE {
            doomed_ids.insert(node.id);
            doomed.push(*node);
        }
    }
    for n in doomed {
        n.remove_from_parent();
    }
}

/// The page's language: its `lang` attribute, else what Readability read
/// from its meta tags, else the language its text is written in.
fn page_language(ctx: &Context, found: &dom_smoothie::Article) -> String {
    ctx.html_lang
        .clone()
        .or_else(|| {
            found.lang.as_deref().map(|l| {
                l.split(['-', '_'])
                    .next()
                    .unwrap_or("")
                    .to_ascii_lowercase()
            })
        })
        .filter(|l| !l.is_empty())
        .unwrap_or_else(|| detect_lang(&found.text_content, "und").to_string())
}

/// The refusal for a page whose title says it is an error page (a 404
/// served with status 200), in English, Chinese or French.
fn error_page(title: &str) -> Option<Error> {
    let t = title.to_lowercase();
    let words = [
        "404",
        "not found",
        "error",
        "页面不存在",
        "找不到",
        "introuvable",
    ];
    words
        .iter()
        .any(|w| t.contains(w))
        .then(|| Error::NotAnArticle(format!("an error page ({title:?})")))
}

/// The headline, when a visible `<h1>` is what the page's `<title>` starts
/// with (sites add their names to the title, not to the headline).
fn headline(doc: &Document, ctx: &Context) -> Option<String> {
    let title = &ctx.head.title;
    doc.select_matcher(sel!("h1"))
        .nodes()
        .iter()
        .take(8)
        .filter(|h| !is_hidden_within(h))
        .map(|h| normalize_ws(&visible_text(h)))
        .filter(|t| t.chars().count() >= 4 && title.starts_with(t.as_str()))
        .max_by_key(String::len)
}

/// The time zone printed times are read in, and the page's language for
/// reading them: Beijing time for Chinese pages, else UTC (a site profile
/// knows better).
fn zone_and_lang(ctx: &Context, headline: &str) -> (Zone, &'static str) {
    let (zone, lang) = general_zone_and_lang(ctx, headline);
    (ctx.profile.as_ref().map_or(zone, |p| p.zone), lang)
}

/// [`zone_and_lang`] where no profile knows the site.
fn general_zone_and_lang(ctx: &Context, headline: &str) -> (Zone, &'static str) {
    let lang = match ctx.html_lang.as_deref() {
        Some("zh") => "zh",
        Some("fr") => "fr",
        Some("en") => "en",
        Some(_) => "other",
        None => match detect_lang(headline, "und") {
            "zh" => "zh",
            _ => "und",
        },
    };
    let chinese_host = ctx
        .base
        .as_ref()
        .and_then(|u| u.host_str())
        .is_some_and(|h| h.ends_with(".cn"));
    if lang == "zh" || chinese_host {
        (Zone::Fixed(crate::time::beijing()), lang)
    } else {
        (Zone::Fixed(FixedOffset::east_opt(0).expect("UTC")), lang)
    }
}

/// The published time from the meta tags some sites write it in (besides
/// those Readability reads: `pubdate`, `publishdate`), else the `printed`
/// one; a meta tag's bare date gives way to a printed date and time.
fn meta_published(
    ctx: &Context,
    zone: Zone,
    lang: &str,
    printed: Option<DateTime<FixedOffset>>,
) -> Option<DateTime<FixedOffset>> {
    let meta = [
        "pubdate",
        "publishdate",
        "publish_date",
        "article:published",
    ]
    .iter()
    .filter_map(|name| ctx.head.meta(name))
    .find_map(|v| {
        let t = parse_meta_date(&v).or_else(|| parse_local_time(&v, zone, lang))?;
        Some((t, v.trim().len() > 10))
    });
    match meta {
        Some((t, true)) => Some(t),
        Some((t, false)) => printed.or(Some(t)),
        None => printed,
    }
}
