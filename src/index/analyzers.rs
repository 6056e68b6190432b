//! The search analyzers, one per language, registered by name.
//!
//! tantivy fixes one analyzer per field, so each language has its own fields
//! and its own analyzer, composed from tantivy's parts where they exist:
//!
//! - `news_en`: words, lower-cased, ASCII-folded, English-stemmed ("talks" → "talk").
//! - `news_fr`: words without their elided article (`l'`, `d'`, `qu'`,
//!   `jusqu'`...: "l'Union" → "union"), lower-cased, French-stemmed, then
//!   accent-folded last ("élections" and "election" meet).
//! - `news_zh`: NFKC-normalised; each CJK character gives a one-character
//!   token and, with the next character, a two-character token at the same
//!   position, so that any two characters find every text containing them
//!   (共和 inside 中华人民共和国) and one character works too; Latin words
//!   inside Chinese text are folded and stemmed as English.
//!
//! Offsets always point into the original text, so snippets can be cut and
//! highlighted from them.

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer, Token, TokenStream, Tokenizer, TokenizerManager,
};
use unicode_normalization::UnicodeNormalization;

use crate::text::is_cjk;

/// English analyzer name.
pub const EN: &str = "news_en";
/// French analyzer name.
pub const FR: &str = "news_fr";
/// Chinese analyzer name.
pub const ZH: &str = "news_zh";
/// Unstemmed words, for title suggestions as the user types.
pub const PLAIN: &str = "news_plain";

/// Registers the three analyzers with an index's tokenizer manager.
pub fn register(manager: &TokenizerManager) {
    manager.register(EN, english());
    manager.register(FR, french());
    manager.register(ZH, chinese());
    manager.register(PLAIN, plain());
}

/// Words lower-cased and folded, not stemmed: what a user types, prefix by prefix.
pub fn plain() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(60))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// The English analyzer.
pub fn english() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(60))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// The French analyzer.
pub fn french() -> TextAnalyzer {
    TextAnalyzer::builder(ElidingTokenizer)
        .filter(RemoveLongFilter::limit(60))
        .filter(LowerCaser)
        .filter(Stemmer::new(Language::French))
        .filter(AsciiFoldingFilter)
        .build()
}

/// The Chinese analyzer.
pub fn chinese() -> TextAnalyzer {
    TextAnalyzer::builder(CjkTokenizer)
        .filter(RemoveLongFilter::limit(60))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// Tokens of `text` by `analyzer` (for queries, snippets and tests).
pub fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        out.push(stream.token().clone());
    }
    out
}

/// A stream over tokens computed up front.
pub struct VecTokenStream<'a> {
    tokens: std::vec::IntoIter<Token>,
    current: Token,
    _text: std::marker::PhantomData<&'a str>,
}

impl<'a> VecTokenStream<'a> {
    fn new(tokens: Vec<Token>) -> Self {
        VecTokenStream {
            tokens: tokens.into_iter(),
            current: Token::default(),
            _text: std::marker::PhantomData,
        }
    }
}

impl TokenStream for VecTokenStream<'_> {
    fn advance(&mut self) -> bool {
        match self.tokens.next() {
            Some(t) => {
                self.current = t;
                true
            }
            None => false,
        }
    }
    fn token(&self) -> &Token {
        &self.current
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.current
    }
}

/// Words (runs of letters and digits), leaving out a French elided article
/// or pronoun right before an apostrophe: `l'`, `d'`, `qu'`, `jusqu'`...
#[derive(Clone, Default)]
pub struct ElidingTokenizer;

/// Words that end in an apostrophe only when elided.
const ELIDED: &[&str] = &[
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu",
];

impl Tokenizer for ElidingTokenizer {
    type TokenStream<'a> = VecTokenStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream<'a> {
        let mut out = Vec::new();
        let mut chars = text.char_indices().peekable();
        let mut position = 0;
        while let Some((from, c)) = chars.next() {
            if !c.is_alphanumeric() {
                continue;
            }
            let mut to = from + c.len_utf8();
            while let Some(&(i, c)) = chars.peek() {
                if !c.is_alphanumeric() {
                    break;
                }
                to = i + c.len_utf8();
                chars.next();
            }
            let word = &text[from..to];
            let elided = matches!(chars.peek(), Some((_, '\'' | '’')))
                && ELIDED.iter().any(|e| e.eq_ignore_ascii_case(word));
            if !elided {
                out.push(Token {
                    offset_from: from,
                    offset_to: to,
                    position,
                    text: word.to_string(),
                    position_length: 1,
                });
                position += 1;
            }
        }
        VecTokenStream::new(out)
    }
}

/// CJK characters as one- and two-character tokens; other words whole.
#[derive(Clone, Default)]
pub struct CjkTokenizer;

impl Tokenizer for CjkTokenizer {
    type TokenStream<'a> = VecTokenStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream<'a> {
        // NFKC character by character, keeping each character's offsets.
        let mut chars: Vec<(usize, usize, char)> = Vec::with_capacity(text.len() / 2);
        for (i, c) in text.char_indices() {
            let end = i + c.len_utf8();
            if c.is_ascii() {
                chars.push((i, end, c));
            } else {
                for n in std::iter::once(c).nfkc() {
                    chars.push((i, end, n));
                }
            }
        }
        let mut out = Vec::new();
        let mut position = 0;
        let mut i = 0;
        while i < chars.len() {
            let (from, to, c) = chars[i];
            if is_cjk(c) && c.is_alphanumeric() {
                out.push(Token {
                    offset_from: from,
                    offset_to: to,
                    position,
                    text: c.to_string(),
                    position_length: 1,
                });
                if let Some(&(_, next_to, n)) = chars.get(i + 1)
                    && is_cjk(n)
                    && n.is_alphanumeric()
                {
                    let mut pair = String::with_capacity(8);
                    pair.push(c);
                    pair.push(n);
                    out.push(Token {
                        offset_from: from,
                        offset_to: next_to,
                        position,
                        text: pair,
                        position_length: 1,
                    });
                }
                position += 1;
                i += 1;
            } else if c.is_alphanumeric() {
                let mut word = String::new();
                let mut end = to;
                while let Some(&(_, t, w)) = chars.get(i) {
                    if !w.is_alphanumeric() || is_cjk(w) {
                        break;
                    }
                    word.push(w);
                    end = t;
                    i += 1;
                }
                out.push(Token {
                    offset_from: from,
                    offset_to: end,
                    position,
                    text: word,
                    position_length: 1,
                });
                position += 1;
            } else {
                i += 1;
            }
        }
        VecTokenStream::new(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(usize, String, usize, usize)> {
        tokens(analyzer, text)
            .into_iter()
            .map(|t| (t.position, t.text, t.offset_from, t.offset_to))
            .collect()
    }

    fn texts(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
        tokens(analyzer, text).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn english_stems_folds_and_keeps_offsets() {
        let mut en = english();
        assert_eq!(
            terms(&mut en, "Talks in Zürich"),
            vec![
                (0, "talk".into(), 0, 5),
                (1, "in".into(), 6, 8),
                (2, "zurich".into(), 9, 16)
            ]
        );
        assert_eq!(
            texts(&mut en, "talk talks talking"),
            ["talk", "talk", "talk"]
        );
    }

    #[test]
    fn french_elides_stems_then_folds_accents() {
        let mut fr = french();
        assert_eq!(texts(&mut fr, "l'Union"), texts(&mut fr, "Union"));
        assert_eq!(
            texts(&mut fr, "jusqu’à l’aube d'hier"),
            texts(&mut fr, "à aube hier")
        );
        assert_eq!(texts(&mut fr, "élections"), texts(&mut fr, "election"));
        assert_eq!(texts(&mut fr, "Élection"), texts(&mut fr, "elections"));
        // A lone letter that is not elided stays a word ("a" is a verb).
        assert_eq!(texts(&mut fr, "il a"), ["il", "a"]);
        let t = tokens(&mut fr, "d'Union");
        assert_eq!((t[0].offset_from, t[0].offset_to, t[0].position), (2, 7, 0));
    }

    #[test]
    fn chinese_unigrams_and_bigrams_share_positions() {
        let mut zh = chinese();
        assert_eq!(
            terms(&mut zh, "中华人民"),
            vec![
                (0, "中".into(), 0, 3),
                (0, "中华".into(), 0, 6),
                (1, "华".into(), 3, 6),
                (1, "华人".into(), 3, 9),
                (2, "人".into(), 6, 9),
                (2, "人民".into(), 6, 12),
                (3, "民".into(), 9, 12),
            ]
        );
        // Punctuation breaks pairs; Latin words are English-stemmed; full-width folds (NFKC).
        assert_eq!(
            texts(&mut zh, "中国，Talks ＧＤＰ"),
            ["中", "中国", "国", "talk", "gdp"]
        );
        let t = tokens(&mut zh, "ＧＤＰ增长");
        assert_eq!(
            (t[0].text.as_str(), t[0].offset_from, t[0].offset_to),
            ("gdp", 0, 9)
        );
        assert_eq!(t[1].position, 1);
    }

    #[test]
    fn registered_by_name() {
        let manager = TokenizerManager::default();
        register(&manager);
        for name in [EN, FR, ZH, PLAIN] {
            assert!(manager.get(name).is_some(), "{name}");
        }
    }
}
