//! Backups: `broadsheet export --archive FILE` writes the whole library to
//! one file, and `broadsheet import --archive FILE` restores it exactly:
//! every article as stored, its original pages, images, reader marks and
//! subscriptions; the index is rebuilt. A restore never touches a library
//! that holds articles, and a damaged archive changes nothing.

mod common;

use broadsheet::Library;
use common::{json, ok, run, text};
use std::collections::BTreeMap;
use std::path::Path;

/// Everything a library holds, in comparable form.
fn contents(dir: &Path) -> BTreeMap<String, String> {
    let lib = Library::open(dir).unwrap();
    let mut out = BTreeMap::new();
    for id in lib.ids().unwrap() {
        let article = lib.get(&id).unwrap();
        out.insert(
            format!("article {id}"),
            serde_json::to_string(&article).unwrap(),
        );
        let pages: Vec<String> = lib
            .pages(&id)
            .unwrap()
            .iter()
            .map(|p| format!("{:?}", p))
            .collect();
        out.insert(format!("pages {id}"), pages.join("\n"));
        out.insert(
            format!("state {id}"),
            format!("{:?}", lib.state(&id).unwrap()),
        );
    }
    out.insert(
        "subscriptions".into(),
        format!("{:?}", lib.subscriptions().unwrap()),
    );
    for entry in walkdir::WalkDir::new(dir.join("images")).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .unwrap()
                .display()
                .to_string();
            let bytes = std::fs::read(entry.path()).unwrap();
            out.insert(rel, format!("{} bytes", bytes.len()));
        }
    }
    out
}

#[test]
fn export_then_restore_gives_the_same_library() {
    let lib = tempfile::tempdir().unwrap();
    let ids = ok(lib.path(), &["list", "--ids"]); // the demo articles
    let first = ids.lines().next().unwrap().to_string();
    ok(lib.path(), &["import", "tests/fixtures/articles"]);
    ok(lib.path(), &["mark", &first, "--favourite", "--read"]);
    ok(
        lib.path(),
        &["subscribe", "https://www.chinadaily.com.cn/world"],
    );
    let before = contents(lib.path());
    assert!(before.len() > 60, "{} entries", before.len());

    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("backup.bsa");
    let report = json(lib.path(), &["export", "--archive", file.to_str().unwrap()]);
    assert_eq!(report["articles"], 25, "{report}");
    assert!(report["images"].as_u64().unwrap() > 5);
    assert!(file.is_file());
    let leftovers: Vec<_> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, ["backup.bsa"], "no partial files are left");

    let restored = tempfile::tempdir().unwrap();
    let target = restored.path().join("library");
    let out = ok(&target, &["import", "--archive", file.to_str().unwrap()]);
    assert!(out.contains("restored 25 articles"), "{out}");
    assert_eq!(
        contents(&target),
        before,
        "the restored library is the same"
    );
    // The index was rebuilt: search and check agree.
    let hits = json(&target, &["search", "高铁"]);
    assert!(hits["total"].as_u64().unwrap() >= 2, "{hits}");
    let check = run(&target, &["check"]);
    assert!(check.status.success(), "{}", text(&check.stdout));
    assert_eq!(
        json(&target, &["list", "--favourites"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn a_restore_never_overwrites_a_library_and_a_bad_archive_changes_nothing() {
    let lib = tempfile::tempdir().unwrap();
    ok(lib.path(), &["list"]); // the demo articles
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backup.bsa");
    ok(lib.path(), &["export", "--archive", file.to_str().unwrap()]);

    // Into a library that holds articles: refused, and it is untouched.
    let before = contents(lib.path());
    let out = run(lib.path(), &["import", "--archive", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("restore into a new or empty library"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(contents(lib.path()), before);

    // Cut short, or not an archive at all: a clear error, nothing restored.
    let bytes = std::fs::read(&file).unwrap();
    let cut = dir.path().join("cut.bsa");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let junk = dir.path().join("junk.bsa");
    std::fs::write(&junk, b"not an archive at all").unwrap();
    for bad in [&cut, &junk] {
        let target = tempfile::tempdir().unwrap();
        let out = run(
            target.path(),
            &["--no-demo", "import", "--archive", bad.to_str().unwrap()],
        );
        assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
        let err = text(&out.stderr);
        assert!(
            err.contains("cannot restore")
                && err.contains(bad.file_name().unwrap().to_str().unwrap()),
            "{err}"
        );
        let lib = Library::open(target.path()).unwrap();
        assert_eq!(lib.count().unwrap(), 0);
        assert!(!target.path().join(".restore.partial").exists());
    }
}
