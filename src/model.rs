//! The article model: what Broadsheet knows about one news story.
//!
//! An [`Article`] is produced by extraction, stored by the library and served
//! by the API. Its body is a list of typed [`Block`]s, each tagged with its
//! language, so that a bilingual page can be read in English, in Chinese, or
//! both. Nothing here holds raw page HTML: the reader renders blocks only.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;
use ts_rs::TS;

pub use crate::sites::Edition;

/// An image that belongs to an article.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct Image {
    /// Where the page said the image is (absolute URL when it could be resolved).
    pub src: String,
    /// Alternative text from the page, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alt: Option<String>,
    /// The caption shown with the image, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    /// Content hash of the stored copy when the image is kept offline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local: Option<String>,
}

/// One block of an article's body. Every block carries its language
/// (a BCP 47 primary tag: `en`, `zh`, `fr`, ... or `und`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// A paragraph of text.
    Paragraph {
        /// The text, whitespace normalised.
        text: String,
        /// Its language.
        lang: String,
    },
    /// A subhead inside the body.
    Heading {
        /// The heading text.
        text: String,
        /// 2 to 6, as in HTML.
        level: u8,
        /// Its language.
        lang: String,
    },
    /// An image, by index into [`Article::images`]; its caption lives there.
    Image {
        /// Index into the article's images.
        image: usize,
        /// The caption's language.
        lang: String,
    },
    /// A quoted passage.
    Quote {
        /// The quoted text.
        text: String,
        /// Its language.
        lang: String,
    },
    /// A list.
    List {
        /// The items' text.
        items: Vec<String>,
        /// Numbered (`<ol>`) or not.
        ordered: bool,
        /// Its language.
        lang: String,
    },
}

impl Block {
    /// The block's language tag.
    pub fn lang(&self) -> &str {
        match self {
            Block::Paragraph { lang, .. }
            | Block::Heading { lang, .. }
            | Block::Image { lang, .. }
            | Block::Quote { lang, .. }
            | Block::List { lang, .. } => lang,
        }
    }

    /// The block's readable text, one entry per paragraph-like unit (a list
    /// gives one per item; an image its caption, if any).
    pub fn texts<'a>(&'a self, images: &'a [Image]) -> Vec<&'a str> {
        match self {
            Block::Paragraph { text, .. }
            | Block::Heading { text, .. }
            | Block::Quote { text, .. } => {
                vec![text]
            }
            Block::List { items, .. } => items.iter().map(String::as_str).collect(),
            Block::Image { image, .. } => images
                .get(*image)
                .and_then(|i| i.caption.as_deref())
                .into_iter()
                .collect(),
        }
    }
}

/// A link from an article to the same story in another edition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EditionLink {
    /// The other edition.
    pub edition: Edition,
    /// The other page's URL.
    pub url: String,
}

/// One news article, as extracted from its page(s).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct Article {
    /// Stable id: derived from the canonical URL (see [`Article::id_for`]).
    pub id: String,
    /// The URL the page was read from (or the best one the page gave).
    pub url: String,
    /// The page's canonical URL: the article's identity in the library.
    pub canonical_url: String,
    /// `chinadaily` for China Daily pages, otherwise the site's host name.
    pub site: String,
    /// The China Daily edition, when the article comes from China Daily.
    pub edition: Option<Edition>,
    /// Languages of the body, most used first.
    pub languages: Vec<String>,
    /// Headline.
    pub title: String,
    /// Standfirst or subtitle, when the page has one.
    pub subtitle: Option<String>,
    /// Author(s) as written on the page ("By ..." removed).
    pub byline: Option<String>,
    /// The source or agency: China Daily, Xinhua, 中国日报网...
    pub source: Option<String>,
    /// The responsible editor, from the page's editor lines or metadata.
    pub editor: Option<String>,
    /// Publication time, with the page's offset (Beijing time, +08:00, on China Daily).
    pub published: Option<DateTime<FixedOffset>>,
    /// Last update time, when the page gives one.
    pub updated: Option<DateTime<FixedOffset>>,
    /// Breadcrumb: `["Home", "World", "Asia-Pacific"]`.
    pub section: Vec<String>,
    /// The body.
    pub blocks: Vec<Block>,
    /// Images referenced by `Block::Image`.
    pub images: Vec<Image>,
    /// The same story in other editions, as the page links them.
    pub edition_links: Vec<EditionLink>,
    /// How many pages the article was joined from.
    pub pages: u32,
    /// SHA-256 of the title, subtitle and body: changes when the content does.
    pub content_hash: String,
}

impl Article {
    /// The id of the article whose canonical URL is `canonical_url`:
    /// the first 16 hex digits of its SHA-256.
    ///
    /// ```
    /// let id = broadsheet::Article::id_for("https://www.chinadaily.com.cn/a/x.html");
    /// assert_eq!(id.len(), 16);
    /// ```
    pub fn id_for(canonical_url: &str) -> String {
        hex(&Sha256::digest(canonical_url.as_bytes()))[..16].to_string()
    }

    /// The body as plain text: one paragraph-like unit per line group,
    /// separated by blank lines.
    pub fn body_text(&self) -> String {
        self.body_units(None).join("\n\n")
    }

    /// The body's paragraph-like units, optionally only those in `lang`.
    pub fn body_units(&self, lang: Option<&str>) -> Vec<&str> {
        self.blocks
            .iter()
            .filter(|b| lang.is_none_or(|l| b.lang() == l))
            .flat_map(|b| b.texts(&self.images))
            .collect()
    }

    /// Recomputes [`Article::content_hash`] from the content: title,
    /// subtitle, each block's kind, language and text, and image sources.
    pub fn compute_hash(&self) -> String {
        let mut h = Sha256::new();
        let mut part = |s: &str| {
            h.update(s.as_bytes());
            h.update([0]);
        };
        part(&self.title);
        part(self.subtitle.as_deref().unwrap_or(""));
        for b in &self.blocks {
            part(match b {
                Block::Paragraph { .. } => "p",
                Block::Heading { .. } => "h",
                Block::Image { .. } => "img",
                Block::Quote { .. } => "q",
                Block::List { ordered: true, .. } => "ol",
                Block::List { .. } => "ul",
            });
            part(b.lang());
            for t in b.texts(&self.images) {
                part(t);
            }
        }
        for image in &self.images {
            part(&image.src);
        }
        hex(&h.finalize())
    }

    /// The section path as one string, `Home / World / Asia-Pacific`.
    pub fn section_path(&self) -> String {
        self.section.join(" / ")
    }
}

/// Lower-case hexadecimal of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    use fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edition_hosts() {
        for (host, want) in [
            ("www.chinadaily.com.cn", Some(Edition::Global)),
            ("global.chinadaily.com.cn", Some(Edition::Global)),
            ("europe.chinadaily.com.cn", Some(Edition::Global)),
            ("chinadaily.com.cn", Some(Edition::Global)),
            ("www.chinadailyasia.com", Some(Edition::Asia)),
            ("www.chinadailyhk.com", Some(Edition::Asia)),
            ("cn.chinadaily.com.cn", Some(Edition::Zh)),
            ("caijing.chinadaily.com.cn", Some(Edition::Zh)),
            ("language.chinadaily.com.cn", Some(Edition::Bilingual)),
            ("FRENCH.chinadaily.com.cn", Some(Edition::Fr)),
            ("img2.chinadaily.com.cn", None),
            ("notchinadaily.com.cn", None),
            ("example.com", None),
        ] {
            let sites = crate::sites::Sites::builtin();
            assert_eq!(sites.edition_of_host(host), want, "{host}");
        }
    }

    #[test]
    fn edition_names_resolve_by_profile_and_codes_parse_alone() {
        let sites = crate::sites::Sites::builtin();
        let none = |_: Edition| false;
        assert_eq!(sites.resolve("Chinese", none).unwrap(), Edition::Zh);
        assert_eq!(sites.resolve("fr", none).unwrap(), Edition::Fr);
        assert_eq!(sites.resolve("双语", none).unwrap(), Edition::Bilingual);
        assert_eq!(
            sites.resolve("bilingual", none).unwrap(),
            Edition::Bilingual
        );
        // Three sites have a "Français" and a "中文" edition: the names
        // identify none.
        for shared in ["Français", "中文"] {
            let err = sites.resolve(shared, none).unwrap_err().to_string();
            assert!(err.contains("several editions"), "{err}");
        }
        let err = sites.resolve("klingon", none).unwrap_err().to_string();
        assert!(err.contains("klingon") && err.contains("global"), "{err}");
        assert_eq!("klingon".parse::<Edition>().unwrap().code(), "klingon");
    }

    #[test]
    fn body_text_filters_by_language() {
        let a = Article {
            id: String::new(),
            url: String::new(),
            canonical_url: String::new(),
            site: "chinadaily".into(),
            edition: Some(Edition::Bilingual),
            languages: vec!["en".into(), "zh".into()],
            title: "T".into(),
            subtitle: None,
            byline: None,
            source: None,
            editor: None,
            published: None,
            updated: None,
            section: vec![],
            blocks: vec![
                Block::Paragraph {
                    text: "Hello.".into(),
                    lang: "en".into(),
                },
                Block::Paragraph {
                    text: "你好。".into(),
                    lang: "zh".into(),
                },
                Block::List {
                    items: vec!["a".into(), "b".into()],
                    ordered: false,
                    lang: "en".into(),
                },
            ],
            images: vec![],
            edition_links: vec![],
            pages: 1,
            content_hash: String::new(),
        };
        assert_eq!(a.body_text(), "Hello.\n\n你好。\n\na\n\nb");
        assert_eq!(a.body_units(Some("zh")), vec!["你好。"]);
        assert_ne!(a.compute_hash(), "");
    }
}
