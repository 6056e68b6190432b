//! Extraction against every fixture and demo page, each compared with its
//! hand-written answer (`NAME.expected.json`), plus the pages that must be
//! refused, multi-page joining, and a huge page.

mod common;

use broadsheet::extract::{self, MAX_PAGE_BYTES, Page};
use broadsheet::save::{LoadedPage, extract_pages};
use broadsheet::{Article, Error};
use serde_json::{Value, json};
use std::fs;
use std::path::Path;

/// The fields of an extraction that answers record.
fn observed(a: &Article, encoding: &str) -> Value {
    json!({
        "url": a.canonical_url,
        "title": a.title,
        "text": a.body_text(),
        "publish_date": a.published.map(|p| p.to_rfc3339()),
        "edition": a.edition,
        "languages": a.languages,
        "source": a.source,
        "byline": a.byline,
        "editor": a.editor,
        "section": a.section,
        "images": a.images.len(),
        "edition_links": a.edition_links.iter().map(|l| l.url.clone()).collect::<Vec<_>>(),
        "block_langs": a.blocks.iter().map(|b| b.lang().to_string()).collect::<Vec<_>>(),
        "encoding": encoding,
        "pages": a.pages,
    })
}

/// Compares every key the answer has; returns the differences.
fn differences(got: &Value, want: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for (key, w) in want.as_object().expect("answer is an object") {
        let g = &got[key];
        if g == w {
            continue;
        }
        if key == "text" {
            let (g, w) = (g.as_str().unwrap_or(""), w.as_str().unwrap_or(""));
            let first = g
                .split("\n\n")
                .zip(w.split("\n\n"))
                .position(|(a, b)| a != b);
            out.push(format!(
                "text differs at block {:?} ({} vs {} blocks)",
                first,
                g.split("\n\n").count(),
                w.split("\n\n").count()
            ));
        } else {
            out.push(format!("{key}: got {g}, want {w}"));
        }
    }
    out
}

fn check_folder(dir: &Path) -> usize {
    let mut checked = 0;
    let mut failures = Vec::new();
    let mut names: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for page in names
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
    {
        let answer = page.with_extension("expected.json");
        let want: Value = serde_json::from_str(&fs::read_to_string(&answer).unwrap()).unwrap();
        let bytes = fs::read(page).unwrap();
        match extract::extract(&Page {
            bytes: &bytes,
            ..Page::default()
        }) {
            Ok(x) => {
                let diffs = differences(&observed(&x.article, x.encoding), &want);
                if !diffs.is_empty() {
                    failures.push(format!("{}:\n  {}", page.display(), diffs.join("\n  ")));
                }
            }
            Err(e) => failures.push(format!("{}: {e}", page.display())),
        }
        checked += 1;
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} pages differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
    checked
}

#[test]
fn every_template_fixture_matches_its_answer() {
    let n = check_folder(&common::root().join("tests/fixtures/articles"));
    assert!(n >= 8, "only {n} fixtures");
}

#[test]
fn every_demo_page_matches_its_answer() {
    let n = check_folder(&common::root().join("assets/demo"));
    assert!(n >= 15, "only {n} demo pages");
}

#[test]
fn pages_that_are_not_articles_are_refused_with_a_reason() {
    let dir = common::root().join("tests/fixtures/refused");
    let want: Value =
        serde_json::from_str(&fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    for (name, reason) in want.as_object().unwrap() {
        let bytes = fs::read(dir.join(name)).unwrap();
        let err = extract::extract(&Page {
            bytes: &bytes,
            ..Page::default()
        })
        .unwrap_err();
        assert!(matches!(err, Error::NotAnArticle(_)), "{name}: {err}");
        let reason = reason.as_str().unwrap();
        assert!(
            err.to_string().contains(reason),
            "{name}: {err:?} lacks {reason:?}"
        );
    }
}

#[test]
#[cfg_attr(not(shared_corpus), ignore = "needs ../shared/corpus")]
fn the_real_listing_page_is_refused() {
    let page = common::root()
        .join("../shared/corpus/chinadaily/global-section-world-china-us-2019-01-12.html");
    let bytes = fs::read(&page).expect("the shared corpus holds the page");
    let url = Some("http://www.chinadaily.com.cn/world/china-us");
    let err = extract::extract(&Page {
        bytes: &bytes,
        url,
        ..Page::default()
    })
    .unwrap_err();
    assert!(err.to_string().contains("listing"), "{err}");
}

#[test]
fn multi_page_article_joins_into_one() {
    let dir = common::root().join("tests/fixtures/multipage");
    let pages: Vec<LoadedPage> = ["", "_2", "_3"]
        .iter()
        .map(|s| LoadedPage {
            bytes: fs::read(dir.join(format!("WS6738c1d5a310f1265a1d5b10{s}.html"))).unwrap(),
            ..LoadedPage::default()
        })
        .collect();
    let (article, originals, skipped) =
        extract_pages(&broadsheet::sites::Sites::builtin(), &pages).unwrap();
    assert!(skipped.is_empty());
    assert_eq!(originals.len(), 3);
    let want: Value =
        serde_json::from_str(&fs::read_to_string(dir.join("joined.expected.json")).unwrap())
            .unwrap();
    let diffs = differences(&observed(&article, "UTF-8"), &want);
    assert!(diffs.is_empty(), "{diffs:#?}");
}

/// The global fixture with its body repeated to about 4 MB.
#[test]
fn huge_page_is_extracted_whole() {
    let page =
        fs::read_to_string(common::root().join("tests/fixtures/articles/global-template.html"))
            .unwrap();
    let para = "<p>Paragraph number {} of a very long report on the railway, repeated to make the page huge.</p>\n";
    let body: String = (0..50_000)
        .map(|i| para.replace("{}", &i.to_string()))
        .collect();
    let huge = page.replace("<div id=\"div_currpage\"></div>", &body);
    assert!(huge.len() > 4_000_000);
    let got = extract::extract(&Page {
        bytes: huge.as_bytes(),
        ..Page::default()
    })
    .unwrap()
    .article;
    let text = got.body_text();
    assert!(
        text.contains("Paragraph number 0 of"),
        "first repeated paragraph missing"
    );
    assert!(
        text.contains("Paragraph number 49999 of"),
        "last repeated paragraph missing"
    );
    assert_eq!(got.title, "Night trains return to the mountain line");
}

#[test]
fn page_over_the_size_limit_is_refused_not_parsed() {
    let bytes = vec![b'a'; MAX_PAGE_BYTES as usize + 1];
    let err = extract::extract(&Page {
        bytes: &bytes,
        ..Page::default()
    })
    .unwrap_err();
    assert!(matches!(err, Error::TooLarge { .. }), "{err}");
}

#[test]
fn edition_comes_from_the_host_before_the_page() {
    // The Global template served from the French host is a French article.
    let bytes =
        fs::read(common::root().join("tests/fixtures/articles/global-template.html")).unwrap();
    let url = Some("https://french.chinadaily.com.cn/a/202611/12/WS6731a0c2a310f1265a1d3f40.html");
    let got = extract::extract(&Page {
        bytes: &bytes,
        url,
        ..Page::default()
    })
    .unwrap()
    .article;
    assert_eq!(got.edition, Some(broadsheet::Edition::Fr));
    // Images resolve against the page's URL.
    assert_eq!(
        got.images[0].src,
        "https://img2.chinadaily.com.cn/images/202611/12/6731a0c2a310f1265a1d3f41.jpeg"
    );
}

#[test]
fn decoy_hidden_title_is_never_taken() {
    let page = fs::read_to_string(common::root().join("tests/fixtures/articles/zh-template.html"))
        .unwrap();
    let decoyed = page.replace(
        "<div style=\"display:none\"><h1>港口渡轮全面换装电动船</h1>",
        "<div style=\"display:none\"><h1>诱饵标题</h1>",
    );
    assert_ne!(page, decoyed);
    let got = extract::extract(&Page {
        bytes: decoyed.as_bytes(),
        ..Page::default()
    })
    .unwrap()
    .article;
    assert_eq!(got.title, "港口渡轮全面换装电动船");
    assert!(!got.body_text().contains("诱饵"));
}
