//! The `broadsheet` program end to end: import, list, show, extract,
//! reextract, the library folder options and the demo library.

mod common;

use common::{broadsheet, copy_dir, json, ok, root, run, text};
use std::fs;

#[test]
fn import_demo_folder_then_reimport_is_unchanged() {
    let lib = tempfile::tempdir().unwrap();
    let out = ok(lib.path(), &["import", "assets/demo"]);
    assert!(
        out.contains("imported 17, updated 0, unchanged 0, failed 0"),
        "{out}"
    );

    let again = ok(lib.path(), &["import", "assets/demo"]);
    assert!(
        again.contains("imported 0, updated 0, unchanged 17, failed 0"),
        "{again}"
    );

    let list = json(lib.path(), &["list"]);
    let rows = list.as_array().unwrap();
    assert_eq!(rows.len(), 17);
    for e in ["global", "asia", "zh", "bilingual", "fr"] {
        assert!(
            rows.iter().any(|r| r["edition"] == e),
            "no {e} article listed"
        );
    }
    // Newest first.
    let dates: Vec<&str> = rows
        .iter()
        .map(|r| r["published"].as_str().unwrap())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| {
        let p = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap();
        p(b).cmp(&p(a))
    });
    assert_eq!(dates, sorted);
}

#[test]
fn save_page_as_images_are_kept_offline_and_deduplicated() {
    let lib = tempfile::tempdir().unwrap();
    let saved = tempfile::tempdir().unwrap();
    let demo = root().join("assets/demo");
    let name = "asia-printing-museum-opens";
    fs::copy(
        demo.join(format!("{name}.html")),
        saved.path().join(format!("{name}.html")),
    )
    .unwrap();
    copy_dir(
        &demo.join(format!("{name}_files")),
        &saved.path().join(format!("{name}_files")),
    );
    // A second copy of the same page under another name shares its images.
    let page = fs::read_to_string(saved.path().join(format!("{name}.html"))).unwrap();
    let twin = page
        .replace("/hk/article/", "/hk/article/9")
        .replace(&format!("{name}_files/"), "twin_files/");
    fs::write(saved.path().join("twin.html"), twin).unwrap();
    copy_dir(
        &demo.join(format!("{name}_files")),
        &saved.path().join("twin_files"),
    );

    ok(lib.path(), &["import", saved.path().to_str().unwrap()]);
    let ids = ok(lib.path(), &["list", "--ids"]);
    let ids: Vec<&str> = ids.lines().collect();
    assert_eq!(ids.len(), 2);
    let article = json(lib.path(), &["show", ids[0]]);
    let images = article["images"].as_array().unwrap();
    assert_eq!(images.len(), 2);
    let mut stored = 0;
    for img in images {
        let hash = img["local"].as_str().expect("image kept offline");
        let path = lib.path().join("images").join(&hash[..2]).join(hash);
        assert!(path.is_file(), "{} missing", path.display());
        stored += 1;
    }
    assert_eq!(stored, 2);
    let files = walk_files(&lib.path().join("images"));
    assert_eq!(files, 2, "the twin's identical images are stored once");
}

fn walk_files(dir: &std::path::Path) -> usize {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                walk_files(&e.path())
            } else {
                1
            }
        })
        .sum()
}

#[test]
fn newer_updated_time_updates_older_does_not() {
    let lib = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let src =
        fs::read_to_string(root().join("tests/fixtures/articles/global-template.html")).unwrap();
    let page = dir.path().join("page.html");
    fs::write(&page, &src).unwrap();
    let p = page.to_str().unwrap();
    assert!(ok(lib.path(), &["import", p]).contains("imported 1,"));

    let newer = src
        .replace("Updated: 2026-11-12 08:15", "Updated: 2026-11-12 10:00")
        .replace("with 312 passengers", "with 318 passengers");
    fs::write(&page, newer).unwrap();
    assert!(ok(lib.path(), &["import", p]).contains("updated 1,"));

    let older = src.replace("Updated: 2026-11-12 08:15", "Updated: 2026-11-11 08:15");
    fs::write(&page, older).unwrap();
    assert!(ok(lib.path(), &["import", p]).contains("unchanged 1,"));

    let ids = ok(lib.path(), &["list", "--ids"]);
    assert_eq!(ids.lines().count(), 1, "same canonical URL, one article");
    let shown = ok(lib.path(), &["show", ids.trim()]);
    assert!(shown.contains("with 318 passengers"), "{shown}");
}

#[test]
fn bad_files_are_reported_and_never_stop_the_rest() {
    let lib = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let fixtures = root().join("tests/fixtures");
    for name in ["empty.html", "listing.html", "error-404.html"] {
        fs::copy(fixtures.join("refused").join(name), dir.path().join(name)).unwrap();
    }
    fs::copy(
        fixtures.join("articles/zh-gb2312.html"),
        dir.path().join("good.html"),
    )
    .unwrap();
    let garbage = fixtures.join("refused/garbage.bin");
    let out = run(
        lib.path(),
        &[
            "import",
            dir.path().to_str().unwrap(),
            garbage.to_str().unwrap(),
            "no/such/file.html",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "failures count in the exit status"
    );
    let stdout = text(&out.stdout);
    let stderr = text(&out.stderr);
    assert!(
        stdout.contains("imported 1, updated 0, unchanged 0, failed 5"),
        "{stdout}"
    );
    for (file, reason) in [
        ("empty.html", "the file is empty"),
        ("listing.html", "listing"),
        ("error-404.html", "error page"),
        ("garbage.bin", "binary data"),
        ("no/such/file.html", "no such file or folder"),
    ] {
        assert!(
            stderr
                .lines()
                .any(|l| l.contains(file) && l.contains(reason)),
            "no line naming {file} with {reason:?} in:\n{stderr}"
        );
    }
    let listed = json(lib.path(), &["list"]);
    assert_eq!(listed[0]["title"], "古籍修复师的一天");

    let out = run(
        lib.path(),
        &["import", dir.path().to_str().unwrap(), "--json"],
    );
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["unchanged"], 1);
    assert_eq!(report["failed"].as_array().unwrap().len(), 3);
}

#[test]
fn library_option_before_or_after_the_subcommand_and_from_the_environment() {
    let lib = tempfile::tempdir().unwrap();
    let page = root().join("tests/fixtures/articles/fr-template.html");
    let l = lib.path().to_str().unwrap();
    let out = broadsheet()
        .args(["import", page.to_str().unwrap(), "--library", l])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = broadsheet()
        .args(["--library", l, "list", "--ids", "--no-demo"])
        .output()
        .unwrap();
    assert_eq!(text(&out.stdout).lines().count(), 1);
    let out = broadsheet()
        .env("BROADSHEET_LIBRARY", l)
        .args(["list", "--edition", "fr", "--ids"])
        .output()
        .unwrap();
    assert_eq!(
        text(&out.stdout).lines().count(),
        1,
        "{}",
        text(&out.stderr)
    );
    assert!(lib.path().join("library.sqlite").is_file());
}

#[test]
fn empty_library_gets_the_demo_unless_opted_out() {
    let lib = tempfile::tempdir().unwrap();
    let out = run(lib.path(), &["--no-demo", "list", "--ids"]);
    assert!(out.status.success());
    assert_eq!(text(&out.stdout), "");
    // The environment variable as the README writes it; 0 and false keep the demo.
    let with_env = |value: &str| {
        broadsheet()
            .env("BROADSHEET_NO_DEMO", value)
            .arg("--library")
            .arg(lib.path())
            .args(["list", "--ids"])
            .output()
            .unwrap()
    };
    for value in ["1", "true", "yes"] {
        let out = with_env(value);
        assert!(out.status.success(), "{value}: {}", text(&out.stderr));
        assert_eq!(text(&out.stdout), "", "{value}");
    }
    let out = with_env("sometimes");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("BROADSHEET_NO_DEMO"),
        "{}",
        text(&out.stderr)
    );
    let out = with_env("false");
    assert_eq!(
        text(&out.stdout).lines().count(),
        17,
        "{}",
        text(&out.stderr)
    );

    let lib = tempfile::tempdir().unwrap();

    let out = run(lib.path(), &["list", "--ids"]);
    assert!(
        text(&out.stderr).contains("imported 17 demo articles"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(text(&out.stdout).lines().count(), 17);
    // Demo images are kept offline too.
    assert!(walk_files(&lib.path().join("images")) >= 8);
}

#[test]
fn list_filters_by_edition_section_and_date() {
    let lib = tempfile::tempdir().unwrap();
    ok(lib.path(), &["import", "tests/fixtures/articles"]);
    let titles = |args: &[&str]| -> Vec<String> {
        let v = json(lib.path(), args);
        v.as_array()
            .unwrap()
            .iter()
            .map(|r| r["title"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        titles(&["list", "--edition", "zh"]),
        ["港口渡轮全面换装电动船", "古籍修复师的一天"]
    );
    assert_eq!(
        titles(&["list", "--edition", "zh", "--section", "文化"]),
        ["古籍修复师的一天"]
    );
    assert_eq!(
        titles(&["list", "--section", "Home / China"]),
        ["Night trains return to the mountain line"]
    );
    assert_eq!(
        titles(&["list", "--since", "2026-11-10", "--until", "2026-11-13"]),
        [
            "Les trains de nuit reviennent sur la ligne de montagne",
            "Night trains return to the mountain line"
        ]
    );
    let out = run(lib.path(), &["list", "--since", "last week"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("invalid date: \"last week\" (expected YYYY-MM-DD)"),
        "{}",
        text(&out.stderr)
    );
    let out = run(lib.path(), &["list", "--edition", "klingon"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("klingon"));
}

#[test]
fn show_by_id_prefix_and_clear_errors_for_unknown_ids() {
    let lib = tempfile::tempdir().unwrap();
    ok(
        lib.path(),
        &["import", "tests/fixtures/articles/bilingual-template.html"],
    );
    let id = ok(lib.path(), &["list", "--ids"]).trim().to_string();
    let shown = ok(lib.path(), &["show", &id[..6]]);
    assert!(
        shown.starts_with("Libraries lend seeds as well as books 图书馆开始出借种子\n"),
        "{shown}"
    );
    assert!(
        shown.contains(
            "双语 | 中国日报网 / 双语新闻 | Sun Yue | 中国日报网 | 2026-11-05 10:30 +08:00"
        ),
        "{shown}"
    );
    let zh_only = ok(lib.path(), &["show", &id, "--lang", "zh"]);
    assert!(
        zh_only.contains("多个城市的公共图书馆")
            && !zh_only.contains("Public libraries in several")
    );

    let out = ok(lib.path(), &["mark", &id[..6], "--favourite", "--read"]);
    assert_eq!(out.trim(), "read, favourite");
    assert_eq!(
        ok(lib.path(), &["list", "--favourites", "--ids"]).trim(),
        id
    );
    assert_eq!(ok(lib.path(), &["list", "--unread", "--ids"]).trim(), "");

    let out = run(lib.path(), &["show", "ffffffffffff"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("no article with id \"ffffffffffff\""),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn extract_json_has_the_documented_fields() {
    let out = broadsheet()
        .args([
            "extract",
            "--json",
            "tests/fixtures/articles/zh-gb2312.html",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in [
        "title",
        "body_text",
        "published",
        "source",
        "byline",
        "edition",
        "languages",
        "section",
        "images",
        "canonical_url",
    ] {
        assert!(v.get(key).is_some(), "no {key} in {v}");
    }
    assert_eq!(v["published"], "2018-12-20T09:47:00+08:00");
    assert_eq!(v["encoding"], "GBK");

    let out = broadsheet()
        .args(["extract", "tests/fixtures/refused/listing.html"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("listing.html") && err.contains("not an article"),
        "{err}"
    );
}

#[test]
fn folder_import_joins_multi_page_articles() {
    let lib = tempfile::tempdir().unwrap();
    let out = ok(lib.path(), &["import", "tests/fixtures/multipage"]);
    assert!(
        out.contains("imported 1, updated 0, unchanged 0, failed 0"),
        "{out}"
    );
    let id = ok(lib.path(), &["list", "--ids"]).trim().to_string();
    let a = json(lib.path(), &["show", &id]);
    assert_eq!(a["pages"], 3);
    let text = ok(lib.path(), &["show", &id]);
    assert!(text.contains("entry is free for the first year"));
}

#[test]
fn reextract_from_stored_originals_keeps_ids_and_images() {
    let lib = tempfile::tempdir().unwrap();
    ok(lib.path(), &["list", "--ids"]); // imports the demo
    let before = json(lib.path(), &["list"]);
    let report = json(lib.path(), &["reextract"]);
    assert_eq!(report["unchanged"], 17, "{report}");
    assert_eq!(report["failed"].as_array().unwrap().len(), 0);
    assert_eq!(json(lib.path(), &["list"]), before);
    let with_images = ok(lib.path(), &["list", "--ids"])
        .lines()
        .map(|id| json(lib.path(), &["show", id]))
        .filter(|a| {
            a["images"]
                .as_array()
                .unwrap()
                .iter()
                .any(|i| i["local"].is_string())
        })
        .count();
    assert!(
        with_images >= 8,
        "only {with_images} articles kept their offline images"
    );
}

#[test]
fn regression_mark_succeeds_while_another_process_writes_the_index() {
    // `mark` exited 2 ("busy: another Broadsheet process is updating the
    // search index") although the mark was saved.
    let lib = tempfile::tempdir().unwrap();
    let ids = ok(lib.path(), &["list", "--ids"]);
    let id = ids.lines().next().unwrap().to_string();
    ok(lib.path(), &["search", "panda"]); // builds the index
    let index = tantivy::Index::open_in_dir(lib.path().join("index")).unwrap();
    let writer: tantivy::IndexWriter<tantivy::TantivyDocument> = index.writer(15_000_000).unwrap(); // holds the writer lock, as an import does
    let started = std::time::Instant::now();
    let out = run(lib.path(), &["mark", &id, "--favourite"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(started.elapsed() >= std::time::Duration::from_secs(4));
    assert!(text(&out.stderr).contains("takes this change the next time"));
    assert!(text(&out.stdout).contains("favourite"));
    drop(writer);
    // The index catches up when next used.
    let found = json(lib.path(), &["search", "is:favourite"]);
    assert_eq!(found["total"], 1, "{found}");
    assert_eq!(found["hits"][0]["id"], id.as_str());
}

#[test]
fn regression_an_oversize_page_was_reported_as_internal() {
    // Broke: the size limit, met while reading the file, came out as an
    // I/O error with the code `internal`.
    let lib = tempfile::tempdir().unwrap();
    let pages = tempfile::tempdir().unwrap();
    let big = pages.path().join("huge.html");
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(broadsheet::extract::MAX_PAGE_BYTES + 1)
        .unwrap();
    let out = run(
        lib.path(),
        &["--no-demo", "import", big.to_str().unwrap(), "--json"],
    );
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["failed"][0]["code"], "too_large", "{report}");
}
