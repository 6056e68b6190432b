//! Turns an article body's DOM into typed, language-tagged [`Block`]s.
//!
//! This is the one place where HTML becomes text. Both the China Daily profile
//! and the generic extractor hand it the element that holds the body. Scripts,
//! styles, forms, embedded frames and hidden elements never produce text;
//! tracking pixels and inline data images are not images. Whitespace is
//! normalised the way a browser renders it, except that no space is put
//! between two CJK characters (a line break in Chinese source text is not a
//! word break) and no-break spaces (French typography) are kept.

use dom_query::NodeRef;
use url::Url;

use crate::model::{Block, Image};
use crate::text::is_cjk;

/// Elements whose content is never article text.
fn is_skipped(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "iframe"
            | "frame"
            | "object"
            | "embed"
            | "svg"
            | "math"
            | "button"
            | "input"
            | "select"
            | "textarea"
            | "form"
            | "nav"
            | "canvas"
            | "audio"
            | "video"
            | "head"
            | "link"
            | "meta"
            | "title"
    )
}

/// Elements that end the running paragraph.
fn is_break(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "aside"
            | "table"
            | "thead"
            | "tbody"
            | "tfoot"
            | "tr"
            | "td"
            | "th"
            | "caption"
            | "dl"
            | "dt"
            | "dd"
            | "center"
            | "address"
            | "details"
            | "summary"
            | "hr"
            | "pre"
            | "figcaption"
            | "body"
            | "html"
            | "li"
    )
}

/// The language Latin-script text is taken to be in on a page in `lang`:
/// that language, unless it is not written in Latin script (then English,
/// the usual other language of Chinese, Japanese and Korean pages).
pub(crate) fn latin_default(lang: &str) -> &str {
    match lang {
        "zh" | "ja" | "ko" => "en",
        l => l,
    }
}

/// Collects blocks and images from body elements.
pub(crate) struct BlockBuilder<'u> {
    pub blocks: Vec<Block>,
    pub images: Vec<Image>,
    inline: String,
    base: Option<&'u Url>,
    relative_is_local: bool,
    skip: Option<&'u dyn Fn(&NodeRef) -> bool>,
    latin_lang: String,
    /// Script counts of all body text so far (captions aside).
    pub scripts: Scripts,
    quote: usize,
}

impl<'u> BlockBuilder<'u> {
    /// A builder resolving image URLs against `base` (when given) and tagging
    /// Latin-script text as `latin_lang`. With `relative_is_local`, the page
    /// was read from a file: a relative image path (`NAME_files/a.jpg`) names
    /// a file beside it and is kept as written.
    pub fn new(base: Option<&'u Url>, relative_is_local: bool, latin_lang: &str) -> Self {
        BlockBuilder {
            blocks: Vec::new(),
            images: Vec::new(),
            inline: String::new(),
            base,
            relative_is_local,
            skip: None,
            latin_lang: latin_lang.to_string(),
            scripts: Scripts::default(),
            quote: 0,
        }
    }

    /// Leaves out elements for which `noise` is true (a profile's page furniture).
    pub fn skip(&mut self, noise: &'u dyn Fn(&NodeRef) -> bool) {
        self.skip = Some(noise);
    }

    /// Walks `node`'s children into blocks.
    pub fn add_children(&mut self, node: &NodeRef) {
        for child in node.children_it(false) {
            self.walk(&child);
        }
        self.flush();
    }

    fn walk(&mut self, node: &NodeRef) {
        if node.is_text() {
            self.inline.push_str(&node.text());
            return;
        }
        let Some(name) = node.node_name() else { return };
        let name: &str = &name;
        if is_skipped(name) || is_hidden(node) || self.skip.is_some_and(|noise| noise(node)) {
            return;
        }
        match name {
            "br" => self.flush(),
            "img" => {
                self.flush();
                self.push_image(node, None);
            }
            "picture" => {
                self.flush();
                if let Some(img) = node.descendants_it().find(|n| n.has_name("img")) {
                    self.push_image(&img, None);
                }
            }
            "figure" => self.figure(node),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush();
                let text = normalize_ws(&visible_text(node));
                if !text.is_empty() {
                    let level = name[1..].parse::<u8>().unwrap_or(2).max(2);
                    let lang = self.text_lang(&text);
                    self.blocks.push(Block::Heading { text, level, lang });
                }
            }
            "ul" | "ol" => self.list(node, name == "ol"),
            "blockquote" => {
                self.flush();
                self.quote += 1;
                self.add_children(node);
                self.quote -= 1;
            }
            "p" => {
                self.flush();
                if let Some(caption) = self.caption_after_image(node) {
                    if let Some(img) = self.images.last_mut() {
                        img.caption = Some(caption);
                    }
                    return;
                }
                if let Some(text) = bold_only_subhead(node) {
                    let lang = self.text_lang(&text);
                    self.blocks.push(Block::Heading {
                        text,
                        level: 3,
                        lang,
                    });
                    return;
                }
                self.add_children(node);
            }
            _ if is_break(name) => {
                self.flush();
                self.add_children(node);
            }
            _ => {
                for child in node.children_it(false) {
                    self.walk(&child);
                }
            }
        }
    }

    /// Ends the running paragraph, if it has any text.
    fn flush(&mut self) {
        if self.inline.is_empty() {
            return;
        }
        let (text, scripts) = normalize_counting(&self.inline);
        self.inline.clear();
        if text.is_empty() {
            return;
        }
        self.scripts.add(scripts);
        let lang = scripts.lang(&self.latin_lang).to_string();
        self.blocks.push(if self.quote > 0 {
            Block::Quote { text, lang }
        } else {
            Block::Paragraph { text, lang }
        });
    }

    /// The language of a piece of body text, which counts towards the body's length.
    fn text_lang(&mut self, text: &str) -> String {
        let scripts = Scripts::of(text);
        self.scripts.add(scripts);
        scripts.lang(&self.latin_lang).to_string()
    }

    /// The language of a caption, which does not count towards the body's length.
    fn lang_of(&self, text: &str) -> String {
        detect_lang(text, &self.latin_lang).to_string()
    }

    fn figure(&mut self, node: &NodeRef) {
        self.flush();
        let caption = node
            .descendants_it()
            .find(|n| n.has_name("figcaption"))
            .map(|c| normalize_ws(&visible_text(&c)))
            .filter(|c| !c.is_empty());
        let imgs: Vec<NodeRef> = node
            .descendants_it()
            .filter(|n| n.has_name("img"))
            .collect();
        if imgs.is_empty() {
            // A figure without an image (a pull quote, a table): read it as text.
            self.add_children(node);
            return;
        }
        let last = imgs.len() - 1;
        for (i, img) in imgs.iter().enumerate() {
            self.push_image(img, if i == last { caption.clone() } else { None });
        }
    }

    fn list(&mut self, node: &NodeRef, ordered: bool) {
        self.flush();
        let items: Vec<String> = node
            .children_it(false)
            .filter(|c| c.has_name("li") && !is_hidden(c))
            .map(|li| normalize_ws(&visible_text(&li)))
            .filter(|t| !t.is_empty())
            .collect();
        if items.is_empty() {
            return;
        }
        let lang = self.text_lang(&items.join(" "));
        self.blocks.push(Block::List {
            items,
            ordered,
            lang,
        });
    }

    fn push_image(&mut self, img: &NodeRef, caption: Option<String>) {
        let Some(src) = image_src(img) else { return };
        if is_tracking_pixel(img) {
            return;
        }
        let relative_path = !src.starts_with('/') && Url::parse(&src).is_err();
        let src = match self.base {
            _ if relative_path && self.relative_is_local => src,
            Some(base) => base.join(&src).map(String::from).unwrap_or(src),
            None if src.starts_with("//") => format!("https:{src}"),
            None => src,
        };
        let alt = img
            .attr("alt")
            .map(|a| normalize_ws(&a))
            .filter(|a| !a.is_empty());
        let lang = caption
            .as_deref()
            .map_or_else(|| self.latin_lang.clone(), |c| self.lang_of(c));
        self.images.push(Image {
            src,
            alt,
            caption,
            local: None,
        });
        self.blocks.push(Block::Image {
            image: self.images.len() - 1,
            lang,
        });
    }

    /// A centred, text-only paragraph right after an image without a caption
    /// is that image's caption (China Daily's Chinese template writes them so).
    fn caption_after_image(&self, p: &NodeRef) -> Option<String> {
        let Some(Block::Image { image, .. }) = self.blocks.last() else {
            return None;
        };
        if self.images.get(*image)?.caption.is_some() {
            return None;
        }
        let style = p
            .attr("style")
            .map(|s| s.to_ascii_lowercase().replace(' ', ""))?;
        if !style.contains("text-align:center") || p.descendants_it().any(|n| n.has_name("img")) {
            return None;
        }
        let text = normalize_ws(&visible_text(p));
        (!text.is_empty() && text.chars().count() <= 200).then_some(text)
    }
}

/// A `<p>` whose only content is one `<strong>`/`<b>` is a subhead.
fn bold_only_subhead(p: &NodeRef) -> Option<String> {
    let mut elements = p.children_it(false).filter(|c| c.is_element());
    let first = elements.next()?;
    if elements.next().is_some() || !(first.has_name("strong") || first.has_name("b")) {
        return None;
    }
    if p.children_it(false)
        .any(|c| c.is_text() && !c.text().trim().is_empty())
    {
        return None;
    }
    let text = normalize_ws(&visible_text(&first));
    (!text.is_empty() && text.chars().count() <= 120).then_some(text)
}

fn image_src(img: &NodeRef) -> Option<String> {
    ["src", "data-src", "data-original", "data-lazy-src"]
        .iter()
        .filter_map(|a| img.attr(a))
        .map(|s| s.trim().to_string())
        .find(|s| !s.is_empty() && !s.starts_with("data:") && !s.starts_with("javascript:"))
}

fn is_tracking_pixel(img: &NodeRef) -> bool {
    let tiny = |a: &str| {
        img.attr(a)
            .and_then(|v| v.trim().trim_end_matches("px").parse::<u32>().ok())
            .is_some_and(|v| v <= 2)
    };
    tiny("width") || tiny("height")
}

/// Whether an element is hidden by its own attributes (`hidden`,
/// `display:none`, `visibility:hidden`).
pub(crate) fn is_hidden(node: &NodeRef) -> bool {
    if node.has_attr("hidden") {
        return true;
    }
    node.attr("style").is_some_and(|s| {
        let s = s.to_ascii_lowercase().replace([' ', '\t', '\n'], "");
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

/// Whether `node` or one of its ancestors is hidden.
pub(crate) fn is_hidden_within(node: &NodeRef) -> bool {
    is_hidden(node) || node.ancestors_it(None).any(|a| is_hidden(&a))
}

/// The text a reader sees in `node`: scripts, styles and hidden elements left
/// out; `<br>` and block elements become line breaks.
pub(crate) fn visible_text(node: &NodeRef) -> String {
    fn go(node: &NodeRef, out: &mut String) {
        for child in node.children_it(false) {
            if child.is_text() {
                out.push_str(&child.text());
            } else if let Some(name) = child.node_name() {
                if is_skipped(&name) || is_hidden(&child) {
                    continue;
                }
                if &*name == "br" {
                    out.push('\n');
                    continue;
                }
                let block = is_break(&name);
                if block {
                    out.push('\n');
                }
                go(&child, out);
                if block {
                    out.push('\n');
                }
            }
        }
    }
    let mut out = String::new();
    go(node, &mut out);
    out
}

fn is_ideograph_or_kana(c: char) -> bool {
    is_cjk(c) && !matches!(c as u32, 0x3000..=0x303F | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF)
}

/// Collapses whitespace as a browser does and trims it, with two exceptions:
/// a line break between two CJK characters is no space at all (Chinese
/// source text is wrapped anywhere), and no-break spaces are kept.
///
/// ```
/// use broadsheet::extract::normalize_ws;
/// assert_eq!(normalize_ws("  Hello \n  world "), "Hello world");
/// assert_eq!(normalize_ws("\u{3000}\u{3000}中国\n日报"), "中国日报");
/// assert_eq!(normalize_ws("开通运营 最快80分钟"), "开通运营 最快80分钟");
/// assert_eq!(normalize_ws("« Bonjour\u{a0}»"), "« Bonjour\u{a0}»");
/// ```
pub fn normalize_ws(s: &str) -> String {
    normalize_counting(s).0
}

/// [`normalize_ws`], counting the result's characters by script on the way.
pub(crate) fn normalize_counting(s: &str) -> (String, Scripts) {
    let mut out = String::with_capacity(s.len());
    let mut scripts = Scripts::default();
    let mut prev: Option<char> = None; // last character written
    let mut pending = false; // whitespace seen since then
    let mut line_break = false; // ... and it held a line break
    for c in s.chars() {
        let space = if c.is_ascii() {
            c.is_ascii_whitespace()
        } else if matches!(
            c,
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' | '\u{AD}'
        ) {
            continue;
        } else {
            c.is_whitespace() && !matches!(c, '\u{A0}' | '\u{202F}' | '\u{2007}')
        };
        if space {
            pending = true;
            line_break |= matches!(c, '\n' | '\r');
            continue;
        }
        if pending {
            if let Some(p) = prev
                && !(line_break && is_cjk(p) && is_cjk(c))
            {
                out.push(' ');
            }
            pending = false;
            line_break = false;
        }
        scripts.count(c);
        out.push(c);
        prev = Some(c);
    }
    (out, scripts)
}

/// How many characters of each script a text has.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Scripts {
    /// Han ideographs.
    pub han: usize,
    /// Japanese kana.
    pub kana: usize,
    /// Korean hangul.
    pub hangul: usize,
    /// Letters of other scripts (Latin, Cyrillic...).
    pub letters: usize,
    /// Digits.
    pub digits: usize,
}

impl Scripts {
    /// Counts `text`'s characters by script.
    pub fn of(text: &str) -> Scripts {
        let mut s = Scripts::default();
        for c in text.chars() {
            s.count(c);
        }
        s
    }

    /// Counts one character.
    #[inline]
    pub fn count(&mut self, c: char) {
        if c.is_ascii() {
            if c.is_ascii_alphabetic() {
                self.letters += 1;
            } else if c.is_ascii_digit() {
                self.digits += 1;
            }
            return;
        }
        match c as u32 {
            0x3040..=0x30FF => self.kana += 1,
            0xAC00..=0xD7AF => self.hangul += 1,
            _ if is_ideograph_or_kana(c) => self.han += 1,
            _ if c.is_alphabetic() => self.letters += 1,
            _ if c.is_numeric() => self.digits += 1,
            _ => {}
        }
    }

    /// Adds another text's counts.
    pub fn add(&mut self, o: Scripts) {
        self.han += o.han;
        self.kana += o.kana;
        self.hangul += o.hangul;
        self.letters += o.letters;
        self.digits += o.digits;
    }

    /// CJK characters (han, kana, hangul).
    pub fn cjk(&self) -> usize {
        self.han + self.kana + self.hangul
    }

    /// How much text this is, in Latin letters: a CJK character counts as three.
    pub fn weight(&self) -> usize {
        self.letters + self.digits + 3 * self.cjk()
    }

    /// The language these counts suggest; see [`detect_lang`].
    pub fn lang<'a>(&self, latin_default: &'a str) -> &'a str {
        let cjk = self.cjk();
        if cjk == 0 || cjk * 2 < self.letters {
            return latin_default;
        }
        if self.kana > 0 && self.kana * 10 >= cjk {
            "ja"
        } else if self.hangul > self.han {
            "ko"
        } else {
            "zh"
        }
    }
}

/// The language of a piece of text: `zh` (or `ja`, `ko`) when CJK characters
/// carry it, otherwise `latin_default` (the page's language for Latin script).
///
/// A CJK character carries about as much as two or three Latin letters, so
/// CJK wins once it has half as many characters as there are Latin letters.
/// A glossary line such as "seed library 种子图书馆" stays English.
///
/// ```
/// use broadsheet::extract::detect_lang;
/// assert_eq!(detect_lang("中国日报网消息 GDP 增长", "en"), "zh");
/// assert_eq!(detect_lang("The 春节 holiday begins", "en"), "en");
/// assert_eq!(detect_lang("La fête du thé", "fr"), "fr");
/// ```
pub fn detect_lang<'a>(text: &str, latin_default: &'a str) -> &'a str {
    Scripts::of(text).lang(latin_default)
}

#[cfg(test)]
mod tests {
    use super::*;
    use dom_query::Document;

    fn blocks(html: &str) -> (Vec<Block>, Vec<Image>) {
        let doc = Document::from(html);
        let body = doc.select("body");
        let mut b = BlockBuilder::new(None, true, "en");
        b.add_children(&body.nodes()[0]);
        (b.blocks, b.images)
    }

    #[test]
    fn typed_blocks() {
        let (bl, im) = blocks(
            "<body><p>One <b>two</b>\n three.</p><h2>Sub</h2><blockquote><p>Said.</p></blockquote>\
             <ul><li>a</li><li> b </li></ul><figure><img src='//img2.x/a.jpg' alt='A'>\
             <figcaption>Cap</figcaption></figure><p><strong>Bold head</strong></p>\
             <script>var x='nope'</script><div style='display: none'>hidden</div>loose text</body>",
        );
        assert_eq!(
            bl,
            vec![
                Block::Paragraph {
                    text: "One two three.".into(),
                    lang: "en".into()
                },
                Block::Heading {
                    text: "Sub".into(),
                    level: 2,
                    lang: "en".into()
                },
                Block::Quote {
                    text: "Said.".into(),
                    lang: "en".into()
                },
                Block::List {
                    items: vec!["a".into(), "b".into()],
                    ordered: false,
                    lang: "en".into()
                },
                Block::Image {
                    image: 0,
                    lang: "en".into()
                },
                Block::Heading {
                    text: "Bold head".into(),
                    level: 3,
                    lang: "en".into()
                },
                Block::Paragraph {
                    text: "loose text".into(),
                    lang: "en".into()
                },
            ]
        );
        assert_eq!(im[0].src, "https://img2.x/a.jpg");
        assert_eq!(im[0].caption.as_deref(), Some("Cap"));
    }

    #[test]
    fn centred_caption_after_image_and_pixels() {
        let (bl, im) = blocks(
            "<body><p style='text-align: center'><img src='a.jpg'></p>\
             <p style='text-align:center'>图为茶园。</p><p>正文。</p>\
             <img src='t.gif' width='1' height='1'><img src='data:image/png;base64,xx'></body>",
        );
        assert_eq!(im.len(), 1);
        assert_eq!(im[0].caption.as_deref(), Some("图为茶园。"));
        assert_eq!(bl.len(), 2);
        assert_eq!(
            bl[1],
            Block::Paragraph {
                text: "正文。".into(),
                lang: "zh".into()
            }
        );
    }

    #[test]
    fn language_of_mixed_text() {
        assert_eq!(detect_lang("ceasefire 停火", "en"), "en");
        assert_eq!(detect_lang("停火协议今日生效 ceasefire", "en"), "zh");
        assert_eq!(detect_lang("seed library 种子图书馆", "en"), "en");
        assert_eq!(detect_lang("東京の桜が咲きました", "en"), "ja");
        assert_eq!(detect_lang("서울 뉴스", "en"), "ko");
        assert_eq!(detect_lang("2026", "fr"), "fr");
    }

    #[test]
    fn whitespace_rules() {
        assert_eq!(normalize_ws("中国 English 文字"), "中国 English 文字");
        assert_eq!(normalize_ws("句号。\n下一句"), "句号。下一句");
        assert_eq!(normalize_ws("a\u{200B}b"), "ab");
        assert_eq!(normalize_ws(" \t\n "), "");
    }
}
