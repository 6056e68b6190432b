//! Real pages that third parties saved (`../shared/corpus/news-zh`, Xinhua and
//! People's Daily; `../shared/corpus/chinadaily/real`), each against its
//! hand-checked key: the exact headline, time, source, first and last
//! paragraph, and none of the noise strings the key lists. Without the
//! shared corpora these tests show as ignored.

use broadsheet::extract::{Page, extract};
use broadsheet::model::Block;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus")
        .join(name)
}

/// What differs between the page's extraction and its key, one line each.
fn check(page: &Path) -> Vec<String> {
    let key: Value =
        serde_json::from_str(&fs::read_to_string(page.with_extension("meta.json")).unwrap())
            .unwrap();
    let bytes = fs::read(page).unwrap();
    let url = key["url"].as_str();
    let got = match extract(&Page {
        bytes: &bytes,
        url,
        ..Page::default()
    }) {
        Ok(got) => got.article,
        Err(e) => return vec![format!("refused: {e}")],
    };
    let mut wrong = Vec::new();
    let mut want = |what: &str, got: Option<String>, key: &Value| {
        if let Some(k) = key.as_str()
            && got.as_deref() != Some(k)
        {
            wrong.push(format!("{what}: got {got:?}, want {k:?}"));
        }
    };
    want("title", Some(got.title.clone()), &key["title"]);
    let published = got.published.map(|t| {
        t.with_timezone(&broadsheet::time::beijing())
            .format("%Y-%m-%d %H:%M")
            .to_string()
    });
    want("published", published, &key["published"]);
    want("source", got.source.clone(), &key["source"]);
    let paragraphs: Vec<String> = got
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph { text, .. } | Block::Quote { text, .. } => Some(
                text.trim_start_matches(|c: char| c.is_whitespace())
                    .to_string(),
            ),
            _ => None,
        })
        .collect();
    for (what, para) in [
        ("first_para", paragraphs.first()),
        ("last_para", paragraphs.last()),
    ] {
        let k = key[what].as_str().unwrap_or_default();
        // Whitespace as the reader shows it (U+3000 included).
        let start = |s: &str| {
            let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
            s.chars().take(60).collect::<String>()
        };
        if para.is_none_or(|p| start(p) != start(k)) {
            wrong.push(format!("{what}: got {para:?}, want {k:?}"));
        }
    }
    let body = paragraphs.join("\n");
    for noise in key["noise"].as_array().into_iter().flatten() {
        let noise = noise.as_str().unwrap();
        if body.contains(noise) {
            wrong.push(format!("noise in the body: {noise:?}"));
        }
    }
    wrong
}

fn check_all(dir: &Path) {
    let mut pages: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    pages.sort();
    assert!(!pages.is_empty(), "no pages in {}", dir.display());
    let mut report = String::new();
    for page in &pages {
        for line in check(page) {
            report.push_str(&format!(
                "{}: {line}\n",
                page.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    assert!(report.is_empty(), "\n{report}");
}

#[test]
#[cfg_attr(not(shared_corpus), ignore = "needs ../shared/corpus")]
fn xinhua_and_peoples_daily_pages_match_their_keys() {
    check_all(&corpus("news-zh"));
}

#[test]
#[cfg_attr(not(shared_corpus), ignore = "needs ../shared/corpus")]
fn real_china_daily_pages_match_their_keys() {
    check_all(&corpus("chinadaily/real"));
}
