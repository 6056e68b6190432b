//! Every write is one transaction: an import killed (SIGKILL) at any moment
//! leaves each article whole or absent, and running it again completes it.

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
    let lib = tempfile::tempdir().unwrap();

    // How long a whole import takes here decides when to kill.
    let scratch = tempfile::tempdir().unwrap();
    let started = Instant::now();
    common::ok(scratch.path(), &["import", pages.path().to_str().unwrap()]);
    let full = started.elapsed().as_millis() as u64;

    let mut seed: u64 = 0x5EED;
    let mut kills = 0;
    for round in 0..6u64 {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        // Somewhere in the first 10-90% of a full import; later rounds also
        // re-read what is stored, so they get a little longer.
        let delay = full * (10 + (seed >> 33) % 80) / 100 + full * round / 10;
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
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL
            kills += 1;
        }
        child.wait().unwrap();
        assert_consistent(lib.path());
        let stored = Library::open(lib.path()).unwrap().count().unwrap();
        eprintln!("killed after {delay} of {full} ms: {stored} of {ARTICLES} articles stored");
    }
    assert!(
        kills >= 1,
        "the import always finished before the kill: nothing was tested"
    );

    let out = common::ok(lib.path(), &["import", pages.path().to_str().unwrap()]);
    let library = Library::open(lib.path()).unwrap();
    assert_eq!(library.count().unwrap(), ARTICLES, "{out}");
    assert_consistent(lib.path());
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
