//! The search benchmark's corpus generator: its own tests (determinism,
//! editions, calendar), and its pages going through the real extractor.

#[allow(dead_code)]
#[path = "../benches/corpus/mod.rs"]
mod corpus;

use broadsheet::extract::{Page, extract};

#[test]
fn generated_pages_extract_as_their_edition() {
    let lex = corpus::Lexicon::load(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/data"),
    )
    .unwrap();
    for i in 0..60 {
        let page = corpus::page(&lex, 7, i);
        let got = extract(&Page {
            bytes: page.html.as_bytes(),
            url: Some(&page.url),
            ..Page::default()
        })
        .unwrap_or_else(|e| panic!("page {i} ({}): {e}", page.url));
        let a = got.article;
        assert_eq!(
            a.edition.as_ref().map(|e| e.code()),
            Some(page.edition),
            "page {i}"
        );
        assert_eq!(a.canonical_url, page.url);
        assert!(
            a.published.is_some() && !a.title.is_empty() && a.blocks.len() >= 4,
            "page {i}"
        );
        if page.edition == "bilingual" {
            assert_eq!(a.languages, ["en", "zh"], "page {i}");
        }
    }
}
