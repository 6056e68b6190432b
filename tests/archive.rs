//! Backups: `broadsheet export --archive FILE` writes the whole library to
//! one file, and `broadsheet import --archive FILE` restores it exactly:
//! every article as stored, its original pages, images, reader marks and
//! subscriptions; the index is rebuilt. A restore never touches a library
//! that holds articles, and a damaged archive changes nothing.

mod common;

use broadsheet::Library;
use common::{json, ok, run, text};
use std::collections::BTreeMap;
use std::io::Read;
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

/// Writes an archive of the given entries (name, bytes), as `export` does.
fn write_archive(path: &Path, entries: &[(String, Vec<u8>)]) {
    let file = std::fs::File::create(path).unwrap();
    let zstd = zstd::Encoder::new(file, 3).unwrap();
    let mut tar = tar::Builder::new(zstd);
    for (name, bytes) in entries {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        tar.append_data(&mut header, name, bytes.as_slice())
            .unwrap();
    }
    tar.into_inner().unwrap().finish().unwrap();
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    broadsheet::model::hex(&sha2::Sha256::digest(bytes))
}

/// An archive of a new library's store holding one image row per file
/// given (typed as given), and those files.
fn crafted(dir: &Path, images: &[(&[u8], &str)]) -> std::path::PathBuf {
    let lib = dir.join("source");
    Library::open(&lib).unwrap();
    let db = lib.join("library.sqlite");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let mut entries = Vec::new();
    for (bytes, mime) in images {
        let hash = sha256(bytes);
        conn.execute(
            "INSERT INTO images (hash, mime, size) VALUES (?1, ?2, ?3)",
            (&hash, mime, bytes.len() as i64),
        )
        .unwrap();
        entries.push((format!("images/{}/{hash}", &hash[..2]), bytes.to_vec()));
    }
    drop(conn);
    let copy = dir.join("copy.sqlite");
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute("VACUUM INTO ?1", [copy.to_str().unwrap()])
        .unwrap();
    let manifest = serde_json::json!({
        "format": 1, "schema": broadsheet::library::SCHEMA_VERSION,
        "articles": 0, "images": images.len(), "bytes": 0
    });
    entries.insert(0, ("library.sqlite".into(), std::fs::read(&copy).unwrap()));
    entries.insert(
        0,
        (
            "broadsheet-archive.json".into(),
            manifest.to_string().into_bytes(),
        ),
    );
    let path = dir.join("crafted.bsa");
    write_archive(&path, &entries);
    path
}

#[test]
fn regression_archive_images_are_typed_by_their_bytes() {
    // A crafted backup's store typed an HTML page (and an SVG with script)
    // as images; the server then served them as text/html in its own origin.
    let work = tempfile::tempdir().unwrap();
    let html = b"<html><script>fetch('/api/library')</script></html>".as_slice();
    let svg =
        br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#.as_slice();
    for (bytes, mime) in [
        (html, "text/html"),
        (svg, "image/svg+xml"),
        (svg, "image/png"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let archive = crafted(dir.path(), &[(bytes, mime)]);
        let target = work.path().join(format!("lib-{}", mime.replace('/', "-")));
        let out = run(
            &target,
            &[
                "--no-demo",
                "import",
                "--archive",
                archive.to_str().unwrap(),
            ],
        );
        assert_eq!(out.status.code(), Some(2), "{}", text(&out.stdout));
        let err = text(&out.stderr);
        assert!(
            err.contains("is not a JPEG, PNG, GIF, WebP or AVIF image"),
            "{err}"
        );
        assert!(
            !target.join("images").exists()
                || walkdir::WalkDir::new(target.join("images"))
                    .into_iter()
                    .filter_map(Result::ok)
                    .all(|e| !e.file_type().is_file())
        );
    }
    // A real JPEG typed as HTML restores, typed as what it is.
    let jpeg = std::fs::read(
        walkdir::WalkDir::new(common::root().join("assets/demo"))
            .into_iter()
            .filter_map(Result::ok)
            .find(|e| e.path().extension().is_some_and(|x| x == "jpg"))
            .expect("a JPEG among the demo images")
            .path(),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let archive = crafted(dir.path(), &[(&jpeg, "text/html")]);
    let target = work.path().join("lib-jpeg");
    ok(
        &target,
        &[
            "--no-demo",
            "import",
            "--archive",
            archive.to_str().unwrap(),
        ],
    );
    let mime: String = rusqlite::Connection::open(target.join("library.sqlite"))
        .unwrap()
        .query_row("SELECT mime FROM images", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mime, "image/jpeg");
}

/// Restores `archive` into a new library under an address-space limit of
/// 1.5 GB; answers the exit status and standard error.
fn restore_bounded(archive: &Path, target: &Path) -> (Option<i32>, String, std::time::Duration) {
    let started = std::time::Instant::now();
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(r#"ulimit -v 1500000; exec "$0" --library "$1" --no-demo import --archive "$2""#)
        .arg(env!("CARGO_BIN_EXE_broadsheet"))
        .arg(target)
        .arg(archive)
        .env_remove("BROADSHEET_LIBRARY")
        .output()
        .unwrap();
    (out.status.code(), text(&out.stderr), started.elapsed())
}

#[test]
fn regression_decompression_bombs_and_lying_headers_are_refused() {
    // A 33 KB archive made the restore read 2.78 GB into memory; a 539 KB
    // one asked for 16 GiB. Entries are now streamed within limits.
    let dir = tempfile::tempdir().unwrap();
    // A GiB of zeros as the store: a few dozen KB compressed.
    let bomb = dir.path().join("bomb.bsa");
    {
        let file = std::fs::File::create(&bomb).unwrap();
        let zstd = zstd::Encoder::new(file, 3).unwrap();
        let mut tar = tar::Builder::new(zstd);
        let size = 1u64 << 30;
        let mut header = tar::Header::new_gnu();
        header.set_size(size);
        header.set_mode(0o644);
        header.set_cksum();
        tar.append_data(&mut header, "library.sqlite", std::io::repeat(0).take(size))
            .unwrap();
        tar.into_inner().unwrap().finish().unwrap();
    }
    let target = dir.path().join("lib");
    let (code, err, took) = restore_bounded(&bomb, &target);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("decompression bomb"), "{err}");
    assert!(took < std::time::Duration::from_secs(30), "{took:?}");
    assert!(!target.join("library.sqlite").exists());

    // An image entry whose header claims a terabyte.
    let liar = dir.path().join("liar.bsa");
    {
        let mut header = tar::Header::new_gnu();
        header
            .set_path(format!("images/ab/ab{}", "0".repeat(62)))
            .unwrap();
        header.set_size(1 << 40);
        header.set_mode(0o644);
        header.set_cksum();
        let mut zstd = zstd::Encoder::new(std::fs::File::create(&liar).unwrap(), 3).unwrap();
        std::io::Write::write_all(&mut zstd, header.as_bytes()).unwrap();
        std::io::Write::write_all(&mut zstd, &[0u8; 4096]).unwrap();
        zstd.finish().unwrap();
    }
    let (code, err, _) = restore_bounded(&liar, &dir.path().join("lib2"));
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("over the limit"), "{err}");
}
