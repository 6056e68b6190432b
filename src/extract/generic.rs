//! The generic extractor for any news site: Readability's algorithm
//! (the `dom_smoothie` crate, a port of Mozilla's readability.js) finds the
//! article's content; the shared `BlockBuilder` turns it into blocks.
//!
//! Pages it cannot find an article in, or whose "article" is a few lines of
//! text, are refused with [`Error::NotAnArticle`].

use dom_query::Document;
use dom_smoothie::{Config, Readability};
use url::Url;

use super::dates::parse_meta_date;
use super::{BlockBuilder, Context, check_length, detect_lang, normalize_ws};
use crate::model::Article;
use crate::{Error, Result};

/// Extracts the article from any page.
pub(crate) fn extract(doc: Document, ctx: &Context) -> Result<Article> {
    let title_hint = ctx.head.title.clone();
    // Readability makes relative URLs absolute; a saved page's relative
    // image paths name files beside it, so it only gets a downloaded page's URL.
    let base = ctx
        .base
        .as_ref()
        .filter(|_| ctx.downloaded)
        .map(Url::as_str);
    let cfg = Config::default();
    let mut readability = Readability::with_document(doc, base, Some(cfg))
        .map_err(|e| Error::NotAnArticle(format!("no article found ({e})")))?;
    let found = readability.parse().map_err(|e| {
        let why = e.to_string();
        if title_hint.contains("404") || title_hint.to_lowercase().contains("not found") {
            Error::NotAnArticle(format!("an error page ({title_hint:?})"))
        } else {
            Error::NotAnArticle(format!("no article text found ({why})"))
        }
    })?;

    let page_lang = ctx
        .html_lang
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
        .unwrap_or_else(|| detect_lang(&found.text_content, "und").to_string());
    let latin = if matches!(page_lang.as_str(), "zh" | "ja" | "ko") {
        "en"
    } else {
        page_lang.as_str()
    };

    let content = Document::fragment(found.content.to_string());
    let mut builder = BlockBuilder::new(ctx.base.as_ref(), !ctx.downloaded, latin);
    builder.add_children(&content.root());
    if let Err(e) = check_length(&builder.scripts, ctx) {
        let t = title_hint.to_lowercase();
        let error_words = [
            "404",
            "not found",
            "error",
            "页面不存在",
            "找不到",
            "introuvable",
        ];
        return Err(match error_words.iter().find(|w| t.contains(*w)) {
            Some(_) => Error::NotAnArticle(format!("an error page ({title_hint:?})")),
            None => e,
        });
    }

    let title = normalize_ws(&found.title);
    if title.is_empty() && builder.blocks.is_empty() {
        return Err(Error::NotAnArticle("no headline and no text".into()));
    }
    let site = ctx
        .canonical
        .as_ref()
        .or(ctx.base.as_ref())
        .and_then(|u| u.host_str())
        .map(|h| h.trim_start_matches("www.").to_string())
        .unwrap_or_else(|| "local".into());
    Ok(Article {
        id: String::new(),
        url: String::new(),
        canonical_url: String::new(),
        site,
        edition: None,
        languages: Vec::new(),
        title,
        subtitle: None,
        byline: found
            .byline
            .map(|b| normalize_ws(&b))
            .filter(|b| !b.is_empty()),
        source: found
            .site_name
            .map(|s| normalize_ws(&s))
            .filter(|s| !s.is_empty()),
        editor: None,
        published: found.published_time.as_deref().and_then(parse_meta_date),
        updated: found.modified_time.as_deref().and_then(parse_meta_date),
        section: Vec::new(),
        blocks: builder.blocks,
        images: builder.images,
        edition_links: Vec::new(),
        pages: 1,
        content_hash: String::new(),
    })
}
