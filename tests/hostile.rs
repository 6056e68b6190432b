//! Hostile inputs through the real `broadsheet` program: pages built to
//! crash, stall or trick the importer. Each page fails (or imports) alone;
//! the good pages of the same run are kept and the process ends normally.

mod common;

use common::{json, root, run, text};
use std::fs;
use std::time::{Duration, Instant};

/// A good page beside the hostile ones in every run.
const GOOD: &str = "tests/fixtures/articles/global-template.html";

#[test]
fn regression_deeply_nested_pages_do_not_abort_an_import() {
    // 10,000 nested <b>s (a 31 KB file) overflowed the stack and aborted the
    // process, taking the good pages of the same import with it.
    let lib = tempfile::tempdir().unwrap();
    let pages = tempfile::tempdir().unwrap();
    let para = "An ordinary sentence of the article. ".repeat(20);
    let hostile = [
        ("nested-b.html", "<b>".repeat(10_000)),
        (
            "nested-div.html",
            "<div>".repeat(100_000) + &"</div>".repeat(100_000),
        ),
        ("nested-table.html", "<table><tr><td>".repeat(30_000)),
    ];
    for (name, blob) in &hostile {
        let html = format!(
            "<html><head><title>Hostile {name}</title></head><body><article><h1>Hostile {name}</h1>\
             <p>{para}</p>{blob}</article></body></html>"
        );
        fs::write(pages.path().join(name), html).unwrap();
    }
    fs::copy(root().join(GOOD), pages.path().join("good.html")).unwrap();
    let started = Instant::now();
    let out = run(
        lib.path(),
        &["import", pages.path().to_str().unwrap(), "--json"],
    );
    let took = started.elapsed();
    assert!(
        out.status.code().is_some(),
        "killed by a signal: {}",
        text(&out.stderr)
    );
    assert!(took < Duration::from_secs(30), "took {took:?}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["imported"], 4, "{report}");
    let listed = json(lib.path(), &["list", "--no-demo"]);
    let titles: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert!(titles.contains(&"Hostile nested-b.html"), "{titles:?}");
}

#[test]
fn every_hostile_fixture_imports_and_reads() {
    // The fixtures the browser and desktop tests open: each is an article,
    // its text whole (the words below the depth limit too).
    let lib = tempfile::tempdir().unwrap();
    let folder = root().join("tests/fixtures/hostile");
    let pages = fs::read_dir(&folder)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "html")
        })
        .count();
    let report = json(lib.path(), &["import", folder.to_str().unwrap()]);
    assert_eq!(report["imported"], pages, "{report}");
    assert_eq!(
        report["failed"].as_array().map(Vec::len),
        Some(0),
        "{report}"
    );
    let list = json(lib.path(), &["list"]);
    let find = |title: &str| -> serde_json::Value {
        let id = list
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["title"] == title)
            .unwrap_or_else(|| panic!("{title} not listed"))["id"]
            .as_str()
            .unwrap()
            .to_string();
        json(lib.path(), &["show", &id])
    };
    let body = |a: &serde_json::Value| a["blocks"].to_string();
    assert!(
        body(&find("Ferry crews rehearse the midnight crossing"))
            .contains("The deepest words of the page.")
    );
    assert!(body(&find("Timetable printed at every pier")).contains("Pier 19999"));
    assert!(body(&find("A long day on the water")).len() > 1_000_000);
}

#[test]
fn regression_a_huge_page_file_is_refused_before_it_is_read() {
    // A 2 GiB (sparse) page file was read whole before its size was
    // checked, costing 2.1 GB of memory. Under a 1.5 GB address-space
    // limit that read fails; checked first, it is refused with its size.
    let lib = tempfile::tempdir().unwrap();
    let pages = tempfile::tempdir().unwrap();
    let huge = fs::File::create(pages.path().join("huge.html")).unwrap();
    huge.set_len(2 << 30).unwrap();
    fs::copy(root().join(GOOD), pages.path().join("good.html")).unwrap();
    let bin = env!("CARGO_BIN_EXE_broadsheet");
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(r#"ulimit -v 1500000; exec "$0" --library "$1" --no-demo import "$2" --json"#)
        .arg(bin)
        .arg(lib.path())
        .arg(pages.path())
        .env_remove("BROADSHEET_LIBRARY")
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("no report: {}", text(&out.stderr)));
    assert_eq!(report["imported"], 1, "{report}");
    let failed = report["failed"].to_string();
    assert!(
        failed.contains("huge.html") && failed.contains("too large: 2147483648 bytes"),
        "{failed}"
    );
}

#[test]
fn regression_a_linked_files_folder_cannot_pull_in_outside_files() {
    // A `NAME_files` folder that was a symbolic link to elsewhere passed the
    // "only files inside the page's folder" rule.
    let lib = tempfile::tempdir().unwrap();
    let saved = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let demo = root().join("assets/demo");
    let name = "asia-printing-museum-opens";
    fs::copy(
        demo.join(format!("{name}.html")),
        saved.path().join(format!("{name}.html")),
    )
    .unwrap();
    common::copy_dir(&demo.join(format!("{name}_files")), outside.path());
    std::os::unix::fs::symlink(outside.path(), saved.path().join(format!("{name}_files"))).unwrap();
    let out = run(
        lib.path(),
        &["import", saved.path().to_str().unwrap(), "--json"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let images = lib.path().join("images");
    let stored = walkdir::WalkDir::new(&images)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .count();
    assert_eq!(stored, 0, "images were copied in through the link");
}

/// A saved page: `saved from` names where it was saved from (when given),
/// `canonical` the URL it claims.
fn claiming_page(saved_from: Option<&str>, canonical: &str, title: &str, words: &str) -> String {
    let note = saved_from
        .map(|u| format!("<!-- saved from url=({:04}){u} -->\n", u.len()))
        .unwrap_or_default();
    let para = format!("{words} ").repeat(20);
    format!(
        "<!DOCTYPE html>{note}<html lang=en><head><title>{title}</title>\
         <link rel=canonical href='{canonical}'></head><body><article><h1>{title}</h1>\
         <p>{para}</p></article></body></html>"
    )
}

/// Imports one page (written as `name` in a folder of its own) into `lib`.
fn import_page(lib: &std::path::Path, name: &str, html: String) -> std::process::Output {
    let folder = tempfile::tempdir().unwrap();
    fs::write(folder.path().join(name), html).unwrap();
    run(lib, &["import", folder.path().to_str().unwrap()])
}

#[test]
fn regression_a_page_cannot_claim_another_sites_article() {
    // A page saved from alice.github.io claimed bob.github.io's canonical
    // URL and overwrote Bob's article (github.io is a public suffix: they
    // are two sites).
    let lib = tempfile::tempdir().unwrap();
    let bobs = "https://bob.github.io/story.html";
    let bob = claiming_page(Some(bobs), bobs, "Bob's story", "Bob wrote this sentence.");
    let out = import_page(lib.path(), "bob.html", bob);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let list = json(lib.path(), &["list"]);
    let bob_id = list[0]["id"].as_str().unwrap().to_string();

    let page = claiming_page(
        Some("https://alice.github.io/story.html"),
        bobs,
        "Alice's story",
        "Alice wrote another sentence.",
    );
    let out = import_page(lib.path(), "alice.html", page);
    assert!(out.status.success(), "{}", text(&out.stderr));

    let list = json(lib.path(), &["list"]);
    let urls: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["url"].as_str().unwrap())
        .collect();
    assert_eq!(list.as_array().unwrap().len(), 2, "{urls:?}");
    assert!(
        urls.contains(&"https://alice.github.io/story.html"),
        "{urls:?}"
    );
    let kept = json(lib.path(), &["show", &bob_id]);
    assert_eq!(kept["title"], "Bob's story");
    assert!(
        json(lib.path(), &["versions", &bob_id])
            .as_array()
            .unwrap()
            .is_empty()
    );

    // A page of the same site (another host of it) may still name its
    // canonical URL: www. and no www. are one site.
    let canonical = "https://www.example.com.au/news/1.html";
    let page = claiming_page(
        Some("https://m.example.com.au/news/1.html"),
        canonical,
        "Same site",
        "Mobile and desktop are one site.",
    );
    let out = import_page(lib.path(), "m.html", page);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let list = json(lib.path(), &["list"]);
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .any(|r| r["url"] == canonical),
        "{list}"
    );
}

#[test]
fn regression_a_replaced_version_is_kept_and_can_be_put_back() {
    // A page that claims an article's URL with no sign of where it came from
    // replaces it when it differs: the version it replaced was lost.
    let lib = tempfile::tempdir().unwrap();
    let url = "https://bob.github.io/story.html";
    let bob = claiming_page(Some(url), url, "Bob's story", "Bob wrote this sentence.");
    assert!(import_page(lib.path(), "bob.html", bob).status.success());
    let id = json(lib.path(), &["list"])[0]["id"]
        .as_str()
        .unwrap()
        .to_string();

    let claim = claiming_page(None, url, "Someone else's story", "Another text entirely.");
    let out = import_page(lib.path(), "claim.html", claim);
    assert!(
        text(&out.stdout).contains("updated 1"),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(
        json(lib.path(), &["show", &id])["title"],
        "Someone else's story"
    );

    let versions = json(lib.path(), &["versions", &id]);
    let versions = versions.as_array().unwrap();
    assert_eq!(versions.len(), 1, "{versions:?}");
    assert_eq!(versions[0]["title"], "Bob's story");
    let seq = versions[0]["seq"].to_string();

    // Put back: the article is Bob's again, found by search, and the copy it
    // replaced is kept in its turn.
    let out = run(lib.path(), &["versions", &id, "--restore", &seq]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let article = json(lib.path(), &["show", &id]);
    assert_eq!(article["title"], "Bob's story");
    let found = json(lib.path(), &["search", "Bob wrote"]);
    assert_eq!(found["total"], 1, "{found}");
    let versions = json(lib.path(), &["versions", &id]);
    let titles: Vec<&str> = versions
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Bob's story", "Someone else's story"]);
    // Its original page came back with it.
    let out = run(lib.path(), &["reextract", &id]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(json(lib.path(), &["show", &id])["title"], "Bob's story");
    // Restoring what it already is changes nothing.
    let again = run(lib.path(), &["versions", &id, "--restore", &seq]);
    assert!(
        text(&again.stdout).contains("already is"),
        "{}",
        text(&again.stdout)
    );
    let out = run(lib.path(), &["versions", &id, "--restore", "999"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("version 999"),
        "{}",
        text(&out.stderr)
    );
}
