//! Every write is one transaction: an import killed (SIGKILL) at any moment
//! (twenty times here) leaves each article whole or absent, the library
//! opens, `broadsheet check` finds store and index in agreement, and
//! running the import again completes it.

mod common;

use broadsheet::Library;
use std::fs;
use std::process::Stdio;
use std::time::{Duration, Instant};

const ARTICLES: usize = 300;

#[test]
fn import_killed_at_random_moments_leaves_whole_articles_only() {
    let pages = tempfile::tempdir().unwrap();
    let demo = common::root().join("assets/demo");
    let name = "asia-printing-museum-opens";
    let page = fs::read_to_string(demo.join(format!("{name}.html"))).unwrap();
    common::copy_dir(
        &demo.join(format!("{name}_files")),
        &pages.path().join(format!("{name}_files")),
    );
    for i in 0..ARTICLES {
        let copy = page
            .replace("/hk/article/", &format!("/hk/article/{i}0"))
            .replace("<h1>", &format!("<h1>{i} "));
        // The copies reference the same "Save Page As" folder of images.
        fs::write(pages.path().join(format!("{name}-{i:03}.html")), copy).unwrap();
    }
    // How long a whole import into a new library takes here decides when
    // to kill.
    let scratch = tempfile::tempdir().unwrap();
    let started = Instant::now();
    common::ok(scratch.path(), &["import", pages.path().to_str().unwrap()]);
    let full = started.elapsed().as_millis() as u64;

    let mut seed: u64 = 0x5EED;
    let mut kills = 0;
    for round in 0..20 {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        // A new library each round, killed somewhere in the first 2-98% of
        // the time a whole import takes: while pages are read and stored,
        // while a batch commits, or while the index catches up.
        // (Other tests share the machine: if the import ends first, the
        // round starts again, killing sooner.)
        let mut delay = full * (2 + (seed >> 33) % 96) / 100;
        let mut lib = tempfile::tempdir().unwrap();
        for _attempt in 0..4 {
            lib = tempfile::tempdir().unwrap();
            let mut child = common::broadsheet()
                .arg("--library")
                .arg(lib.path())
                .arg("import")
                .arg(pages.path())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            std::thread::sleep(Duration::from_millis(delay));
            let killed = child.try_wait().unwrap().is_none();
            if killed {
                child.kill().unwrap(); // SIGKILL
                kills += 1;
            }
            child.wait().unwrap();
            if killed {
                break;
            }
            delay /= 2;
        }
        let kept = stored(lib.path());
        assert_consistent(lib.path());
        let check = common::run(lib.path(), &["check"]);
        assert!(
            check.status.success(),
            "round {round}: {}",
            common::text(&check.stdout)
        );
        // Running the import again completes the job.
        common::ok(lib.path(), &["import", pages.path().to_str().unwrap()]);
        assert_eq!(stored(lib.path()), ARTICLES);
        assert_consistent(lib.path());
        eprintln!("round {round}: killed after {delay} of {full} ms with {kept} articles stored");
    }
    assert!(
        kills >= 15,
        "only {kills} of 20 imports were killed before they finished"
    );
}

/// Articles committed so far, read without opening the library for writing
/// (0 before the database exists).
fn stored(dir: &std::path::Path) -> usize {
    rusqlite::Connection::open_with_flags(
        dir.join("library.sqlite"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .and_then(|c| c.query_row("SELECT count(*) FROM articles", [], |r| r.get::<_, i64>(0)))
    .map_or(0, |n| n as usize)
}

fn assert_consistent(dir: &std::path::Path) {
    let library = Library::open(dir).unwrap();
    assert_eq!(library.quick_check().unwrap(), Vec::<String>::new());
    for id in library.ids().unwrap() {
        let article = library.get(&id).unwrap();
        assert_eq!(article.id, id);
        assert!(!article.blocks.is_empty());
        let pages = library.pages(&id).unwrap();
        assert_eq!(pages.len(), 1, "{id} has {} original pages", pages.len());
        for img in &article.images {
            let hash = img
                .local
                .as_deref()
                .expect("the page's images are kept offline");
            assert!(
                library.image_path(hash).is_file(),
                "{id} references a missing image {hash}"
            );
        }
    }
}

/// A disk that fills up during an import (the files may not grow past a
/// limit: `ulimit -f`, which needs no privileges, with SIGXFSZ ignored so
/// that writes fail as they do on a full disk): the import fails with a
/// clear message, everything stored before is intact, and the library
/// stays consistent; with room again, the import completes.
#[test]
fn a_full_disk_fails_the_import_cleanly_and_loses_nothing() {
    let pages = tempfile::tempdir().unwrap();
    let demo = common::root().join("assets/demo");
    let name = "global-offshore-wind-farm";
    let page = fs::read_to_string(demo.join(format!("{name}.html"))).unwrap();
    common::copy_dir(
        &demo.join(format!("{name}_files")),
        &pages.path().join(format!("{name}_files")),
    );
    let filler = "<p>".to_string()
        + &"Engineers measured the wind at sea for three winters. ".repeat(400)
        + "</p>";
    for i in 0..ARTICLES {
        let copy = page
            .replace("/a/2026", &format!("/a/{i}/2026"))
            .replace("<h1>", &format!("<h1>{i} "))
            .replace("</h1>", &format!("</h1>{filler}"));
        fs::write(pages.path().join(format!("{name}-{i:03}.html")), copy).unwrap();
    }
    let lib = tempfile::tempdir().unwrap();
    common::ok(lib.path(), &["list"]); // the demo articles, stored with room to spare
    let before = Library::open(lib.path()).unwrap().ids().unwrap();
    assert_eq!(before.len(), 17);
    let largest = walkdir::WalkDir::new(lib.path())
        .into_iter()
        .filter_map(|e| e.ok())
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .max()
        .unwrap();
    // Room for the library as it is and a little more, not for 300 articles.
    let limit_kb = largest / 1024 + 512;
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f {limit_kb}; exec \"$0\" --library \"$1\" import \"$2\""
        ))
        .arg(env!("CARGO_BIN_EXE_broadsheet"))
        .arg(lib.path())
        .arg(pages.path())
        .output()
        .unwrap();
    let err = common::text(&out.stderr);
    assert_ne!(
        out.status.code(),
        Some(0),
        "the import cannot have succeeded: {err}"
    );
    assert!(
        err.contains("File too large") || err.contains("full") || err.contains("disk I/O error"),
        "a clear reason: {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    // Everything stored before is there, whole; what the import stored is whole.
    let library = Library::open(lib.path()).unwrap();
    let now = library.ids().unwrap();
    assert!(
        before.iter().all(|id| now.contains(id)),
        "nothing already stored is lost"
    );
    assert!(now.len() < 17 + ARTICLES, "the disk filled before the end");
    drop(library);
    assert_consistent(lib.path());
    let check = common::run(lib.path(), &["check"]);
    assert!(check.status.success(), "{}", common::text(&check.stdout));
    // With room again, the import completes.
    common::ok(lib.path(), &["import", pages.path().to_str().unwrap()]);
    assert_eq!(
        Library::open(lib.path()).unwrap().count().unwrap(),
        17 + ARTICLES
    );
    assert_consistent(lib.path());
}

/// Two processes on one library, the server (as the app would be) and the
/// command line, plus two imports at once: they cooperate; nothing is lost
/// or corrupted, and what one writes the other reads.
#[test]
fn two_processes_on_one_library_cooperate() {
    use common::http::{json as get_json, serve};
    let lib = tempfile::tempdir().unwrap();
    let server = serve(lib.path(), "127.0.0.1"); // the demo articles
    let port = server.port;
    let (_, before) = get_json(port, "/api/library");
    assert_eq!(before["total"], 17);

    // While the server answers searches, two imports run at once.
    let imports: Vec<_> = ["tests/fixtures/articles", "tests/fixtures/multipage"]
        .into_iter()
        .map(|path| {
            common::broadsheet()
                .arg("--library")
                .arg(lib.path())
                .args(["import", path])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let reader = std::thread::spawn(move || {
        for q in ["railway", "%E9%AB%98%E9%93%81", "panda", "marathon"].repeat(10) {
            let (status, body) = get_json(port, &format!("/api/search?q={q}"));
            assert_eq!(status, 200, "{body}");
        }
    });
    for child in imports {
        let out = child.wait_with_output().unwrap();
        let err = common::text(&out.stderr);
        assert!(out.status.success() || err.contains("busy"), "{err}");
        assert!(
            !err.contains("malformed") && !err.contains("panicked"),
            "{err}"
        );
    }
    reader.join().expect("the searches all answered");
    // A mark from the command line, seen by the server; a mark from the
    // server, seen by the command line.
    let first = before["articles"][0]["id"].as_str().unwrap().to_string();
    common::ok(lib.path(), &["mark", &first, "--favourite"]);
    let (_, article) = get_json(port, &format!("/api/articles/{first}"));
    assert_eq!(article["state"]["favourite"], true);
    // Everything imported is listed and found by the running server.
    let (_, after) = get_json(port, "/api/library");
    assert_eq!(after["total"], 17 + 8 + 1, "{}", after["total"]);
    let (_, hits) = get_json(port, "/api/search?q=%E6%B8%A1%E8%BD%AE"); // 渡轮, in a fixture
    assert!(hits["total"].as_u64().unwrap() > 0, "{hits}");
    drop(server);
    assert_consistent_enough(lib.path());
    let check = common::run(lib.path(), &["check"]);
    assert!(check.status.success(), "{}", common::text(&check.stdout));
}

/// The store's integrity and every article readable (pages and images as
/// each article has them).
fn assert_consistent_enough(dir: &std::path::Path) {
    let library = Library::open(dir).unwrap();
    assert_eq!(library.quick_check().unwrap(), Vec::<String>::new());
    for id in library.ids().unwrap() {
        let article = library.get(&id).unwrap();
        assert!(!article.blocks.is_empty());
        assert!(!library.pages(&id).unwrap().is_empty());
    }
}

/// A damaged database: commands say so clearly and point to `repair`;
/// `check` finds it; `repair` keeps every article the damaged file still
/// answers (and the damaged file itself), and the library works again.
#[test]
fn a_damaged_database_is_detected_and_repaired() {
    let lib = tempfile::tempdir().unwrap();
    common::ok(lib.path(), &["list"]); // the demo articles
    common::ok(lib.path(), &["import", "tests/fixtures/articles"]);
    let ids = Library::open(lib.path()).unwrap().ids().unwrap();
    assert_eq!(ids.len(), 25);
    // Damage the store's page that holds one article's row.
    let db = lib.path().join("library.sqlite");
    let mut bytes = fs::read(&db).unwrap();
    let needle = b"Songling-Yunqiao trip to 80 minutes";
    let at = bytes
        .windows(needle.len())
        .position(|w| w == needle)
        .expect("the title is in the file");
    let page = 16384;
    let start = at / page * page;
    for (i, b) in bytes[start..start + page].iter_mut().enumerate() {
        *b = (i * 7 + 13) as u8;
    }
    fs::write(&db, &bytes).unwrap();

    let out = common::run(lib.path(), &["list"]);
    assert_eq!(out.status.code(), Some(2));
    let err = common::text(&out.stderr);
    assert!(
        err.contains("damaged") && err.contains("broadsheet repair"),
        "{err}"
    );
    let check = common::run(lib.path(), &["check"]);
    assert!(!check.status.success());

    // What the damaged file still answers, article by article.
    let readable: Vec<String> = {
        let conn =
            rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
                .unwrap();
        ids.iter()
            .filter(|id| {
                conn.query_row("SELECT data FROM articles WHERE id = ?1", [id], |r| {
                    r.get::<_, String>(0)
                })
                .is_ok_and(|data| serde_json::from_str::<serde_json::Value>(&data).is_ok())
            })
            .cloned()
            .collect()
    };
    assert!(
        readable.len() < ids.len(),
        "the damage cost at least the article on that page"
    );
    assert!(
        readable.len() >= ids.len() / 2,
        "{} of {} readable",
        readable.len(),
        ids.len()
    );

    let out = common::ok(lib.path(), &["repair"]);
    assert!(out.contains("damaged database was moved to"), "{out}");
    let library = Library::open(lib.path()).unwrap();
    let kept = library.ids().unwrap();
    for id in &readable {
        assert!(kept.contains(id), "{id} was readable and is kept");
        let article = library.get(id).unwrap();
        assert!(!article.blocks.is_empty());
    }
    drop(library);
    let copies: Vec<_> = fs::read_dir(lib.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("library.sqlite.damaged-")
        })
        .collect();
    assert!(!copies.is_empty(), "the damaged file is kept");
    let check = common::run(lib.path(), &["check"]);
    assert!(check.status.success(), "{}", common::text(&check.stdout));
    let hits = common::json(lib.path(), &["search", "panda"]);
    assert!(hits["total"].as_u64().unwrap() > 0);
}
