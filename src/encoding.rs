//! Turns the bytes of a saved or downloaded page into text.
//!
//! Order of evidence, strongest first: a byte-order mark, the HTTP
//! `Content-Type` charset, a `<meta charset>` or `<meta http-equiv>` in the
//! first 4 KiB, and finally statistical detection (chardetng). Labels are
//! mapped as browsers map them (WHATWG Encoding Standard), so `gb2312` decodes
//! as GBK and `iso-8859-1` as windows-1252. A declared UTF-8 page that is not
//! valid UTF-8 is re-detected rather than filled with replacement characters,
//! unless it is UTF-8 with a stray invalid byte or two: those are replaced.

use encoding_rs::Encoding;
use regex::bytes::Regex;
use std::sync::LazyLock;

/// How a page's bytes were decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// The encoding's WHATWG name (`UTF-8`, `GBK`, `Big5`, `windows-1252`...).
    pub encoding: &'static str,
    /// Where the choice came from: `bom`, `http`, `meta` or `detected`.
    pub evidence: &'static str,
}

static CHARSET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i-u)charset\s*=\s*["']?\s*([a-z0-9_:.\-]+)"#).unwrap());

/// The charset named by a `Content-Type` header value, if any.
///
/// ```
/// assert_eq!(broadsheet::encoding::charset_of_content_type("text/html; charset=GB2312"), Some("GB2312"));
/// ```
pub fn charset_of_content_type(value: &str) -> Option<&str> {
    value.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches(['"', '\'']))
    })
}

/// Decodes `bytes`, using `content_type` (an HTTP header value) when known.
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> Decoded {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return Decoded {
            text: text.into_owned(),
            encoding: enc.name(),
            evidence: "bom",
        };
    }
    let declared = content_type
        .and_then(charset_of_content_type)
        .and_then(|l| Encoding::for_label(l.as_bytes()))
        .map(|e| (e, "http"))
        .or_else(|| meta_charset(bytes).map(|e| (e, "meta")));
    if let Some((enc, evidence)) = declared {
        // UTF-16 declared inside an ASCII-compatible page is a known lie: browsers use UTF-8.
        let enc = if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
            encoding_rs::UTF_8
        } else {
            enc
        };
        // A page declared in a legacy encoding whose bytes are valid UTF-8 with
        // non-ASCII text was re-saved as UTF-8 (browsers' "Save Page As" and
        // converters leave the old declaration): valid multi-byte UTF-8 does
        // not happen by chance in GBK, Big5 or windows-1252 text.
        // The same holds for a page whose UTF-8 has a stray invalid byte or
        // two (a cut character, a copy-paste accident): it is replaced.
        if enc != encoding_rs::UTF_8 && !bytes.is_ascii() && is_utf8(bytes) {
            let text = String::from_utf8_lossy(bytes).into_owned();
            return Decoded {
                text,
                encoding: "UTF-8",
                evidence: "detected",
            };
        }
        let (text, had_errors) = enc.decode_without_bom_handling(bytes);
        if !had_errors || enc != encoding_rs::UTF_8 || is_utf8(bytes) {
            return Decoded {
                text: text.into_owned(),
                encoding: enc.name(),
                evidence,
            };
        }
    }
    let enc = detect(bytes);
    let (text, _) = enc.decode_without_bom_handling(bytes);
    Decoded {
        text: text.into_owned(),
        encoding: enc.name(),
        evidence: "detected",
    }
}

/// The encoding a `<meta charset>` or `<meta http-equiv>` in the first 4 KiB names.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    CHARSET.captures_iter(head).find_map(|c| {
        let at = c.get(0)?.start();
        // Only inside a <meta ...> tag: the last '<' before it opens one, and no '>' between.
        let open = head[..at].iter().rposition(|&b| b == b'<')?;
        let tag = &head[open..at];
        let is_meta =
            tag.len() > 5 && tag[1..5].eq_ignore_ascii_case(b"meta") && !tag.contains(&b'>');
        is_meta
            .then(|| Encoding::for_label(c.get(1)?.as_bytes()))
            .flatten()
    })
}

/// Whether `bytes` are UTF-8: valid, or with one invalid sequence (at most
/// one in fifty multi-byte characters) among eight multi-byte characters
/// or more.
/// Valid multi-byte UTF-8 does not happen by chance in legacy encodings,
/// so a stray invalid byte is a fault to replace, not proof of another
/// encoding.
fn is_utf8(bytes: &[u8]) -> bool {
    if std::str::from_utf8(bytes).is_ok() {
        return true;
    }
    let (mut multibyte, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    multibyte >= 8 && invalid <= (multibyte / 50).max(1)
}

fn detect(bytes: &[u8]) -> &'static Encoding {
    if is_utf8(bytes) {
        return encoding_rs::UTF_8;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, chardetng::Utf8Detection::Allow)
}

/// Whether `bytes` look like binary data rather than text: NUL bytes or many
/// control characters in the first 1 KiB.
pub fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    if head.is_empty() {
        return false;
    }
    let controls = head
        .iter()
        .filter(|&&b| b == 0 || (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)))
        .count();
    head.contains(&0) && Encoding::for_bom(bytes).is_none() || controls * 20 > head.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_wins_over_meta() {
        let mut page = vec![0xEF, 0xBB, 0xBF];
        page.extend_from_slice("<meta charset=gbk><p>中文</p>".as_bytes());
        let d = decode(&page, None);
        assert_eq!((d.encoding, d.evidence), ("UTF-8", "bom"));
        assert!(d.text.contains("中文"));
    }

    #[test]
    fn http_header_then_meta() {
        let (gbk, _, _) = encoding_rs::GBK.encode("<p>中国日报</p>");
        let d = decode(&gbk, Some("text/html; charset=gb2312"));
        assert_eq!((d.encoding, d.evidence), ("GBK", "http"));
        assert_eq!(d.text, "<p>中国日报</p>");

        let mut page = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\" /></head>".to_vec();
        page.extend_from_slice(&gbk);
        let d = decode(&page, None);
        assert_eq!((d.encoding, d.evidence), ("GBK", "meta"));
        assert!(d.text.ends_with("<p>中国日报</p>"));
    }

    #[test]
    fn charset_outside_a_meta_tag_is_not_a_declaration() {
        let page = "<p>Set charset=gbk in your editor</p><meta charset=big5>";
        assert_eq!(meta_charset(page.as_bytes()), Some(encoding_rs::BIG5));
        assert_eq!(meta_charset(b"<p>charset=gbk</p>"), None);
    }

    #[test]
    fn big5_and_windows_1252_by_meta() {
        let (big5, _, _) = encoding_rs::BIG5.encode("<meta charset=big5><p>臺灣新聞</p>");
        assert!(decode(&big5, None).text.contains("臺灣新聞"));
        let (w, _, _) =
            encoding_rs::WINDOWS_1252.encode("<meta charset=iso-8859-1><p>Élection à Pékin</p>");
        let d = decode(&w, None);
        assert_eq!(d.encoding, "windows-1252");
        assert!(d.text.contains("Élection à Pékin"));
    }

    #[test]
    fn detection_without_declaration() {
        let text = "<html><body><p>中国日报网消息，今年秋季的茶叶采摘节在山区小镇举行，吸引了众多游客前来参观和体验。</p></body></html>";
        let (gbk, _, _) = encoding_rs::GB18030.encode(text);
        let d = decode(&gbk, None);
        assert_eq!(d.evidence, "detected");
        assert_eq!(d.text, text);
    }

    #[test]
    fn declared_utf8_that_is_not_is_redetected() {
        let mut page = b"<meta charset=utf-8>".to_vec();
        let (gbk, _, _) =
            encoding_rs::GBK.encode("<p>这是一篇关于茶叶采摘节的新闻报道，内容丰富。</p>");
        page.extend_from_slice(&gbk);
        let d = decode(&page, None);
        assert_eq!(d.evidence, "detected");
        assert!(d.text.contains("茶叶采摘节"), "{}", d.text);
    }

    #[test]
    fn utf8_bytes_under_a_legacy_declaration_are_utf8() {
        let page =
            "<meta http-equiv=Content-Type content='text/html; charset=gb2312'><p>人工智能</p>";
        let d = decode(page.as_bytes(), None);
        assert_eq!((d.encoding, d.evidence), ("UTF-8", "detected"));
        assert!(d.text.contains("人工智能"));
    }

    #[test]
    fn regression_one_stray_byte_in_utf8_is_replaced_not_redetected() {
        let text = "<p>Fête à Montréal : les élèves ont présenté leurs créations, très applaudies. \
                    L’été dernier, déjà, la fête avait réuni des milliers de personnes.</p>";
        let mut page = text.as_bytes().to_vec();
        page.insert(20, 0xE9); // a lone windows-1252 "é" in the middle
        for declared in [None, Some("text/html; charset=utf-8")] {
            let d = decode(&page, declared);
            assert_eq!(d.encoding, "UTF-8", "{declared:?}");
            assert!(d.text.contains("créations, très applaudies"), "{}", d.text);
            assert_eq!(d.text.matches('\u{FFFD}').count(), 1);
        }
        let mut under_legacy = b"<meta charset=gb2312>".to_vec();
        under_legacy.extend_from_slice(&page);
        assert_eq!(decode(&under_legacy, None).encoding, "UTF-8");

        // Real windows-1252 text is not mistaken for UTF-8 with strays.
        let (w, _, _) = encoding_rs::WINDOWS_1252.encode(text);
        assert_eq!(decode(&w, None).encoding, "windows-1252");
        let (gbk, _, _) = encoding_rs::GBK
            .encode("<p>中国日报网消息，今年秋季的茶叶采摘节在山区小镇举行，吸引了众多游客。</p>");
        assert_eq!(decode(&gbk, None).encoding, "GBK");
    }

    #[test]
    fn binary_is_recognised() {
        assert!(looks_binary(&[
            0x89, b'P', b'N', b'G', 0, 0, 0, 13, 1, 2, 3
        ]));
        assert!(!looks_binary("<p>plain text</p>\n".as_bytes()));
        assert!(!looks_binary(b""));
    }
}
