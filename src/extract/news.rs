//! What news pages say the same way whatever their site, read by every
//! profile: the headline without the site's and channel's names, the
//! dateline and the "来源：" / "Source:" line printed by the headline, editor
//! lines at the end of the body, and the furniture (share prompts, "阅读下一篇：",
//! "【纠错】") that sites leave inside the body container.
//!
//! The dateline is looked for only just after the headline, never in the
//! rest of the page: a related-story list or a footer has dates of its own.

use chrono::{DateTime, FixedOffset};

use crate::time::Zone;
use dom_query::{Document, NodeRef};
use regex::Regex;
use std::sync::LazyLock;

use super::blocks::{is_hidden, normalize_ws};
use super::dates::parse_local_time;
use crate::model::Block;

/// How far after the headline the dateline and source are looked for, in characters.
const HEADER_CHARS: usize = 300;

/// The largest number of text pieces read from a page for its header.
const MAX_PIECES: usize = 20_000;

/// What a page prints by its headline.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Header {
    /// The printed date and time, in the site's time zone.
    pub published: Option<DateTime<FixedOffset>>,
    /// The source ("来源：新华网", "Source: Xinhua").
    pub source: Option<String>,
}

/// The visible text of the document's body, piece by piece (a text node
/// each, whitespace normalised, empty ones left out), in document order.
/// Fewer elements are left out than `blocks::is_skipped` leaves out of a
/// body: ASP.NET sites wrap the whole page, headline and dateline too, in
/// a `<form>`.
fn pieces(doc: &Document) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack: Vec<NodeRef> = doc.root().children_it(true).collect();
    while let Some(node) = stack.pop() {
        if out.len() >= MAX_PIECES {
            break;
        }
        if node.is_text() {
            let t = normalize_ws(&node.text());
            if !t.is_empty() {
                out.push(t);
            }
            continue;
        }
        let Some(name) = node.node_name() else {
            continue;
        };
        if matches!(
            &*name,
            "head" | "script" | "style" | "noscript" | "template" | "svg" | "select" | "option"
        ) || is_hidden(&node)
        {
            continue;
        }
        stack.extend(node.children_it(true));
    }
    out
}

static SOURCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:来源|來源|出处|(?:^|[^A-Za-z])(?:[Ss]ource|SOURCE))\s*[：:]\s*(?P<v>.*)$")
        .unwrap()
});

/// The dateline and source printed after the headline: the first place the
/// headline appears followed, within [`HEADER_CHARS`], by a date.
pub(crate) fn header(doc: &Document, headline: &str, zone: Zone, lang: &str) -> Header {
    let headline = normalize_ws(headline);
    if headline.chars().count() < 4 {
        return Header::default();
    }
    let pieces = pieces(doc);
    let mut fallback = Header::default();
    for at in (0..pieces.len()).filter(|&i| pieces[i].contains(&headline)) {
        let mut window: Vec<&str> = Vec::new();
        let mut chars = 0;
        for p in &pieces[at + 1..] {
            if chars > HEADER_CHARS || p.contains(&headline) {
                break;
            }
            chars += p.chars().count();
            window.push(p);
        }
        let found = Header {
            published: window.iter().find_map(|p| parse_local_time(p, zone, lang)),
            source: source(&window),
        };
        if found.published.is_some() {
            return found;
        }
        if fallback.source.is_none() {
            fallback = found;
        }
    }
    fallback
}

/// The value of the first "来源：X" / "Source: X" among these pieces (the
/// value may be the next piece, when it is a link).
fn source(window: &[&str]) -> Option<String> {
    for (i, p) in window.iter().enumerate() {
        let Some(c) = SOURCE.captures(p) else {
            continue;
        };
        let v = c["v"].trim();
        let v = if v.is_empty() {
            window.get(i + 1).copied().unwrap_or("")
        } else {
            v
        };
        // The value ends at a separator; a Chinese one at its first space.
        let v = v.split(['|', '｜', '　']).next().unwrap_or("").trim();
        let v = if v.chars().next().is_some_and(crate::text::is_cjk) {
            v.split(' ').next().unwrap_or("")
        } else {
            v.split("  ").next().unwrap_or("")
        };
        let v = v.trim_matches(|c: char| c.is_whitespace() || matches!(c, ')' | '）'));
        if !v.is_empty() && v.chars().count() <= 40 {
            return Some(v.to_string());
        }
    }
    None
}

static SEPARATOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s*(?:--|——|[|｜_]|\s[-–—:]\s)\s*").unwrap());

/// Words that name a site or a channel rather than a story.
static SITE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)(?:网|網|报|報|频道|頻道|新闻|新聞|在线|客户端)$",
        r"|\.(?:com|cn|net|org|fr|de|uk|info)\b|^www\.",
        r"|\b(?:news|daily|times|online|post|herald|tribune|journal|magazine|gazette|radio|tv)\b",
    ))
    .unwrap()
});

/// The headline in a `<title>`-style text, without the site's and the
/// channel's names after it ("HEADLINE-新华网", "HEADLINE--文化--人民网",
/// "HEADLINE | Site"). `site` is the page's own name for its site, if it
/// gives one (`og:site_name`).
pub(crate) fn strip_site_names(title: &str, site: Option<&str>) -> String {
    let title = normalize_ws(title);
    let mut parts: Vec<&str> = SEPARATOR.split(&title).collect();
    // "HEADLINE-新华网": a bare hyphen before a short site name.
    if let Some(last) = parts.pop() {
        match last.rsplit_once('-') {
            Some((head, tail))
                if !head.is_empty() && tail.chars().count() <= 12 && is_site_name(tail, site) =>
            {
                parts.extend([head, tail]);
            }
            _ => parts.push(last),
        }
    }
    let mut dropped = false;
    while parts.len() > 1 {
        let last = parts[parts.len() - 1].trim();
        let channel = dropped && last.chars().count() <= 6;
        if !(is_site_name(last, site) || channel || last.is_empty()) {
            break;
        }
        parts.pop();
        dropped = true;
    }
    if !dropped {
        return title;
    }
    // The headline is what is left, with its own separators as written.
    let kept = parts.join("\u{0}");
    let mut out = String::new();
    let mut rest = title.as_str();
    for piece in kept.split('\u{0}') {
        let Some(at) = rest.find(piece) else { break };
        out.push_str(&rest[..at + piece.len()]);
        rest = &rest[at + piece.len()..];
    }
    out.trim().to_string()
}

fn is_site_name(part: &str, site: Option<&str>) -> bool {
    let part = part.trim();
    !part.is_empty()
        && (site.is_some_and(|s| s.trim().eq_ignore_ascii_case(part))
            || (part.chars().count() <= 30 && SITE_WORDS.is_match(part)))
}

static EDITOR_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:[（(]\s*(?:责任编辑|责编|编辑)\s*[：:]\s*(?P<a>[^）)]+?)\s*[）)]",
        r"|【\s*(?:责任编辑|责编|编辑)\s*[：:]\s*(?P<b>[^】]+?)\s*】",
        r"|(?:责任编辑|责编|编辑)\s*[：:]\s*(?P<c>\S+)",
        r"|[\[(]?\s*(?:(?i:editor|rédacteur|rédactrice|éditeur)\s*:|(?i:edited by)\s)\s*(?P<d>[^\])]+?)\s*[\])]?",
        r")$"
    ))
    .unwrap()
});

/// The editor an editor element names ("(责编：X、Y)", "【纠错】 责任编辑： X").
pub(crate) fn editor_in(text: &str) -> Option<String> {
    let text = text.trim_start_matches("【纠错】").trim();
    let c = EDITOR_LINE.captures(text)?;
    ["a", "b", "c", "d"]
        .iter()
        .find_map(|g| c.name(g))
        .map(|m| m.as_str().trim().to_string())
        .filter(|n| !n.is_empty())
}

/// Removes editor lines ("（编辑：X）", "(责编：X、Y)", "[Editor: X]") from the
/// end of the body; returns the first name.
pub(crate) fn take_editor_lines(blocks: &mut Vec<Block>) -> Option<String> {
    let mut editor = None;
    while let Some(Block::Paragraph { text, .. }) = blocks.last() {
        let Some(c) = EDITOR_LINE.captures(text) else {
            break;
        };
        let name = ["a", "b", "c", "d"]
            .iter()
            .find_map(|g| c.name(g))
            .map(|m| m.as_str().trim().to_string());
        editor = name.or(editor);
        blocks.pop();
    }
    editor
}

/// Paragraphs that are page furniture, whole: share prompts, correction
/// links, widget labels.
static FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:分享让更多人看到|分享到[：:]?.*|【纠错】.*|\[纠错\]|打印本稿|关闭窗口|",
        r"[小中大]字号|网站首页|图集|\+1|点击(?:进入|查看)[^。]*(?:>>|》)?|",
        r"关注新华网|扫一扫.*|【[0-9]+】(?:【[0-9]+】)*)$"
    ))
    .unwrap()
});

/// Where the article ends and the site's lists begin.
static TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:阅读下一篇[：:]?|相关新闻[：:]?|相关阅读[：:]?|相关链接[：:]?|延伸阅读[：:]?)")
        .unwrap()
});

/// A pointer to another story, in the languages of the news: "Read more:
/// …", "Lesen Sie auch: …", "À lire aussi : …", "Lea también: …". Like
/// [`RELATED`] and [`PROMPT`], it reads lower-cased text.
static SEE_ALSO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^[\s*•·»›>\-–—\x22“„'‘]{0,3}(?:read (?:more|also|next)|also read|see also|related|recommended|more on this|",
        r"lesen sie (?:auch|hier|mehr)|mehr (?:zum|zu diesem) thema|auch interessant|siehe auch|passend dazu|",
        r"(?:à |a )?lire (?:aussi|également)|(?:à )?voir aussi|sur le même sujet|",
        r"lea (?:también|más)|lee (?:también|más)|lea|mire|mira|vea también|ver también|",
        r"(?:le|te) puede interesar|puedes ver|también te puede interesar|noticia relacionada|",
        r"leia (?:também|mais)|veja também|leggi anche|vedi anche|",
        r"czytaj (?:też|także|więcej)|zobacz (?:też|także)|przeczytaj (?:też|także))\s*[:：]"
    ))
    .unwrap()
});

/// A box's heading that opens a list of other stories.
static RELATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:related(?: posts| articles| stories| content| news)?|you (?:may|might) also like|read next|",
        r"more (?:stories|news)|recommended(?: for you)?|schon gelesen\??|ähnliche (?:beiträge|artikel)|",
        r"verwandte (?:beiträge|artikel)|weitere (?:beiträge|artikel|meldungen)|",
        r"das könnte (?:sie|dich) auch interessieren|mehr (?:zum|zu diesem) thema|",
        r"(?:à |a )?lire aussi|sur le même sujet|dans la même rubrique|",
        r"(?:noticias|artículos|notas) relacionad[oa]s|(?:también )?te puede interesar|",
        r"(?:zobacz|czytaj) (?:też|także)|powiązane artykuły)\s*[:.]?$"
    ))
    .unwrap()
});

/// Prompts and labels that are the page's, not the story's: sharing,
/// newsletters, following, comments, paywalls, advertising, photo credits.
static PROMPT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^[\s*•·»›>\-–—\x22“„'‘]{0,3}(?:",
        // sharing and rating
        r"(?:share|teilen|partager|compartir|condividi|udostępnij)(?: (?:this|the|it|on|via|article|story|post|page|artikel|beitrag|diesen|seite|cet|esta|noticia))*\s*[:!]?$|",
        r".*(?:artikel|beitrag|article|post) (?:\S+ )?(?:teilen|share)(?:$|[\s:!?.]).*$|",
        r"(?:was (?:this|the) (?:article|page|post|story) (?:helpful|useful)|war (?:der|dieser) (?:artikel|beitrag) (?:nützlich|hilfreich)|",
        r"cet article vous a-t-il été utile|¿(?:te|le) (?:ha )?(?:sido|resultó) útil)|",
        // newsletters and subscriptions
        r".*(?:newsletter|sign up|subscribe|abonnier|abonnez|suscríbete|inscrivez-vous).*$|",
        r"(?:to (?:view|read|continue reading) the (?:full|rest of the) (?:story|article)|pour lire la suite|para seguir leyendo|um weiterzulesen)|",
        // following
        r"(?:follow|folgen sie|folge uns|suivez|síguenos|siga) .*(?:twitter|facebook|instagram|telegram|youtube|linkedin|tiktok).*$|",
        // comments
        r"(?:\d+ )?(?:kommentare?|comments?|commentaires?|comentarios?|komentarze)(?: (?:schreiben|geschlossen|insgesamt|closed))?\s*:?$|",
        r"leave a (?:comment|reply)|this entry was posted|diese website verwendet akismet|this site uses akismet|",
        // advertising
        r"(?:anzeige|werbung|advertisement|sponsored|publicité|publicidad|reklama)(?:$|[\s:.,!*-]).*$|",
        // credits
        r"(?:photos?|fotos?|bild(?:er|quelle)?|beitragsbild|titelbild|image|picture|crédits? photo|credits?)\s*[:：©].*$|",
        r"(?:©|copyright ).*$",
        r")"
    ))
    .unwrap()
});

/// The longest paragraph [`FURNITURE`], [`PROMPT`] and [`SEE_ALSO`] may remove, in
/// characters (the patterns leave lengths to it: counted repetitions of
/// Unicode classes make large automata, slow to build in every process).
const PROMPT_CHARS: usize = 200;

/// Removes page furniture from the body: whole-paragraph widgets and
/// prompts, pointers to other stories, a related-stories box (its heading
/// and the short lines after it), and everything from a "阅读下一篇：" or
/// "相关新闻" on.
pub(crate) fn drop_furniture(blocks: &mut Vec<Block>) {
    fn text(b: &Block) -> Option<&str> {
        match b {
            Block::Paragraph { text, .. } | Block::Heading { text, .. } => Some(text.trim()),
            _ => None,
        }
    }
    if let Some(end) = blocks
        .iter()
        .position(|b| text(b).is_some_and(|t| TAIL.is_match(t)))
        .filter(|&end| end > 0)
    {
        blocks.truncate(end);
    }
    let mut in_box = false;
    blocks.retain(|b| {
        let Some(t) = text(b) else {
            in_box = false;
            return true;
        };
        // Every pattern is of short lines; a longer one is the story's.
        let chars = t.chars().count();
        if chars > PROMPT_CHARS {
            in_box = false;
            return true;
        }
        let lower = t.to_lowercase();
        if RELATED.is_match(&lower) {
            in_box = true;
            return false;
        }
        in_box &= chars <= 120;
        !(in_box || FURNITURE.is_match(t) || SEE_ALSO.is_match(&lower) || PROMPT.is_match(&lower))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(texts: &[&str]) -> Vec<Block> {
        texts
            .iter()
            .map(|t| Block::Paragraph {
                text: t.to_string(),
                lang: "zh".into(),
            })
            .collect()
    }

    #[test]
    fn site_and_channel_names_leave_the_headline() {
        let s = |t: &str, site: Option<&str>| strip_site_names(t, site);
        assert_eq!(
            s("法国全国大罢工再次严重影响交通-新华网", None),
            "法国全国大罢工再次严重影响交通"
        );
        assert_eq!(
            s("女儿出嫁，郑板桥画了几笔兰花当嫁妆--文化--人民网", None),
            "女儿出嫁，郑板桥画了几笔兰花当嫁妆"
        );
        assert_eq!(
            s("Storm closes ports | The Harbour Times", None),
            "Storm closes ports"
        );
        assert_eq!(s("Une grève - Le Monde", Some("Le Monde")), "Une grève");
        assert_eq!(
            s("U.S.-China talks resume in Geneva", None),
            "U.S.-China talks resume in Geneva"
        );
        assert_eq!(s("Review: a quiet film", None), "Review: a quiet film");
        assert_eq!(
            s("短缺药品保供稳价 全力保障临床用药需求-新华网", None),
            "短缺药品保供稳价 全力保障临床用药需求"
        );
    }

    #[test]
    fn editor_lines_become_metadata() {
        let mut b = lines(&["正文。", "（编辑：王小明）", "【责任编辑：李华】"]);
        assert_eq!(take_editor_lines(&mut b).as_deref(), Some("王小明"));
        assert_eq!(b.len(), 1);
        let mut b = lines(&["正文。", "(责编：汤诗瑶、丁涛)"]);
        assert_eq!(take_editor_lines(&mut b).as_deref(), Some("汤诗瑶、丁涛"));
        let mut b = lines(&["Text.", "[Editor: Zhang Wei]"]);
        assert_eq!(take_editor_lines(&mut b).as_deref(), Some("Zhang Wei"));
        let mut b = lines(&["Texte.", "(Rédacteur : Paul Martin)"]);
        assert_eq!(take_editor_lines(&mut b).as_deref(), Some("Paul Martin"));
        let mut b = lines(&["The editor said it was fine."]);
        assert_eq!(take_editor_lines(&mut b), None);
        assert_eq!(b.len(), 1);
    }

    #[test]
    fn furniture_leaves_the_body() {
        let mut b = lines(&[
            "图集",
            "正文。",
            "分享让更多人看到",
            "+1",
            "阅读下一篇：",
            "另一篇",
        ]);
        drop_furniture(&mut b);
        assert_eq!(b, lines(&["正文。"]));

        let story = "The council voted on Tuesday to keep the harbour open all winter, \
                     a decision the fishing crews had asked for since the spring.";
        let mut b = lines(&[
            story,
            "Read more: Harbour crews ask for a winter season",
            "Lesen Sie auch: Der Hafen bleibt offen",
            "À lire aussi : Le port reste ouvert",
            "Lea también: El puerto sigue abierto",
            "Photo: Jane Smith/Harbour Times",
            "Sign up for our morning newsletter",
            "Follow us on Twitter and Facebook",
            "Was this article helpful?",
            "© 2024 The Harbour Times",
            story,
            "Related stories",
            "Crews ask for a winter season",
            "Ice closes the northern berths",
        ]);
        drop_furniture(&mut b);
        assert_eq!(b, lines(&[story, story]));

        // What only looks like furniture stays.
        let kept = [
            "Photographers waited for hours: the ship came in at dawn.",
            "Read the full report on the council's site, the mayor said, before the vote.",
            "Share prices fell 3 percent on the news.",
        ];
        let mut b = lines(&kept);
        drop_furniture(&mut b);
        assert_eq!(b, lines(&kept));
    }

    #[test]
    fn the_dateline_and_source_by_the_headline() {
        let doc = Document::from(
            "<body><ul><li>Other story 2018-03-02 08:58</li></ul><h1>法国全国大罢工再次严重影响交通</h1>\
             <div><span>2019-12-10 07:57:40</span> 来源：<a>新华网</a></div><p>正文</p>\
             <ul><li>相关 2018-03-01 14:40</li></ul></body>",
        );
        let h = header(
            &doc,
            "法国全国大罢工再次严重影响交通",
            Zone::Fixed(crate::time::beijing()),
            "zh",
        );
        assert_eq!(
            h.published.map(|t| t.to_rfc3339()).as_deref(),
            Some("2019-12-10T07:57:40+08:00")
        );
        assert_eq!(h.source.as_deref(), Some("新华网"));
        let doc = Document::from(
            "<body><h1>Une grève paralyse Paris</h1><p>Publié le 12 mars 2024 à 10h05 · Source : AFP</p></body>",
        );
        let paris = Zone::Fixed(FixedOffset::east_opt(3600).unwrap());
        let h = header(&doc, "Une grève paralyse Paris", paris, "fr");
        assert_eq!(
            h.published.map(|t| t.to_rfc3339()).as_deref(),
            Some("2024-03-12T10:05:00+01:00")
        );
        assert_eq!(h.source.as_deref(), Some("AFP"));
    }
}
