//! Site profiles as data: a profile dropped into a library's `sites/` folder
//! teaches Broadsheet a site without rebuilding, and a broken one is
//! reported by file and line without stopping the others
//! (`tests/fixtures/sites`, a made-up site's profile and pages).

mod common;

use common::{json, ok, root, run, text};
use std::path::Path;

fn fixture(name: &str) -> String {
    root()
        .join("tests/fixtures/sites")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// A library whose `sites/` folder holds `profiles` (fixture file names).
fn library_with(profiles: &[&str]) -> tempfile::TempDir {
    let lib = tempfile::tempdir().unwrap();
    let sites = lib.path().join("sites");
    std::fs::create_dir_all(&sites).unwrap();
    for p in profiles {
        std::fs::copy(fixture(p), sites.join(p)).unwrap();
    }
    lib
}

/// `broadsheet extract PAGE [--url URL]` (no URL: the page's own canonical link).
fn extract(lib: &Path, page: &str, url: &str) -> serde_json::Value {
    let page = fixture(page);
    let mut args = vec!["extract", page.as_str()];
    if !url.is_empty() {
        args.extend(["--url", url]);
    }
    json(lib, &args)
}

/// The text of an extracted article's blocks.
fn texts(a: &serde_json::Value) -> Vec<&str> {
    a["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|b| b["text"].as_str())
        .collect()
}

#[test]
fn a_profile_in_the_librarys_sites_folder_teaches_a_site() {
    let lib = library_with(&["quotidien.toml"]);
    let listed = json(lib.path(), &["sites"]);
    let ids: Vec<&str> = listed["sites"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["chinadaily", "xinhua", "people", "quotidien"]);
    assert!(listed["problems"].as_array().unwrap().is_empty());

    let url = "https://www.quotidien-du-lac.test/region/telepherique.html";
    let a = extract(lib.path(), "quotidien-article.html", url);
    assert_eq!(a["extractor"], "profile");
    assert_eq!(a["site"], "quotidien");
    assert_eq!(a["edition"], "quotidien-fr");
    assert_eq!(
        a["title"],
        "Le téléphérique du port rouvre après six mois de travaux"
    );
    assert_eq!(
        a["subtitle"],
        "Les cabines neuves emportent dix passagers de plus."
    );
    assert_eq!(a["byline"], "Léa Marchand");
    assert_eq!(a["source"], "Agence du Lac");
    assert_eq!(a["editor"], "Marc Roux");
    // Printed in the site's zone, kept with its offset.
    assert_eq!(a["published"], "2026-03-12T08:30:00+01:00");
    assert_eq!(a["section"], serde_json::json!(["Accueil", "Région"]));
    let body = texts(&a);
    assert_eq!(body.len(), 3, "{body:?}");
    assert!(body[0].starts_with("Le téléphérique qui relie le port"));
    for noise in ["Partager", "Lire aussi", "Éditeur"] {
        assert!(!body.iter().any(|p| p.contains(noise)), "{noise}: {body:?}");
    }

    // A one-line brief in the recognised template is an article; the
    // English host gives the English edition.
    let url = "https://en.quotidien-du-lac.test/news/fares.html";
    let brief = extract(lib.path(), "quotidien-brief.html", url);
    assert_eq!(brief["edition"], "quotidien-en");
    assert_eq!(brief["title"], "Ferry fares frozen for the winter");
    assert_eq!(brief["published"], "2026-03-14T17:05:00+01:00");

    // Imported, the site's articles are listed and filtered by its editions.
    let report = json(
        lib.path(),
        &[
            "--no-demo",
            "import",
            &fixture("quotidien-article.html"),
            &fixture("quotidien-brief.html"),
        ],
    );
    assert_eq!(report["imported"], 2, "{report}");
    let fr = json(
        lib.path(),
        &["--no-demo", "list", "--edition", "quotidien-fr"],
    );
    assert_eq!(fr.as_array().unwrap().len(), 1, "{fr}");
    let shown = ok(
        lib.path(),
        &["--no-demo", "show", fr[0]["id"].as_str().unwrap()],
    );
    assert!(
        shown.contains("Le Quotidien du Lac") || shown.contains("Français"),
        "{shown}"
    );
}

#[test]
fn broken_profiles_are_named_by_file_and_line_and_never_stop_the_others() {
    let lib = library_with(&[
        "broken-selector.toml",
        "broken-syntax.toml",
        "quotidien.toml",
    ]);
    let out = run(lib.path(), &["sites"]);
    assert_eq!(out.status.code(), Some(1), "a problem is an exit status");
    let err = text(&out.stderr);
    let sites = lib.path().join("sites");
    let selector = format!("{}:13: ", sites.join("broken-selector.toml").display());
    let syntax = format!("{}:3: ", sites.join("broken-syntax.toml").display());
    assert!(err.contains(&selector), "{err}");
    assert!(err.contains("div.texte:first-child"), "{err}");
    assert!(err.contains(&syntax), "{err}");
    // The good profile and the built-in ones are in use.
    let listed = text(&out.stdout);
    assert!(
        listed.contains("quotidien  Le Quotidien du Lac"),
        "{listed}"
    );
    assert!(listed.contains("chinadaily  China Daily"), "{listed}");
    let url = "https://www.quotidien-du-lac.test/region/telepherique.html";
    assert_eq!(
        extract(lib.path(), "quotidien-article.html", url)["site"],
        "quotidien"
    );
    // Imports go on, China Daily's pages read as ever.
    let page = root().join("tests/fixtures/articles/global-template.html");
    let report = json(lib.path(), &["--no-demo", "import", page.to_str().unwrap()]);
    assert_eq!(report["imported"], 1, "{report}");
}

#[test]
fn a_users_profile_replaces_a_built_in_one_of_the_same_id() {
    let lib = tempfile::tempdir().unwrap();
    let sites = lib.path().join("sites");
    std::fs::create_dir_all(&sites).unwrap();
    let builtin = std::fs::read_to_string(root().join("assets/sites/xinhua.toml")).unwrap();
    let renamed = builtin.replace("label = \"English\"", "label = \"Xinhua English\"");
    assert_ne!(builtin, renamed);
    std::fs::write(sites.join("xinhua.toml"), renamed).unwrap();
    let listed = json(lib.path(), &["sites"]);
    let xinhua = listed["sites"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "xinhua")
        .unwrap();
    assert!(xinhua["origin"].as_str().unwrap().ends_with("xinhua.toml"));
    assert!(!xinhua["origin"].as_str().unwrap().starts_with("built in"));
    assert_eq!(xinhua["editions"][1]["label"], "Xinhua English");
}

#[test]
fn a_built_in_profile_reads_its_template_xinhua() {
    // A page written for the tests in Xinhua's 2017-2020 template.
    let lib = tempfile::tempdir().unwrap();
    let a = extract(lib.path(), "xinhua/ferry-night-service.html", "");
    assert_eq!(a["extractor"], "profile");
    assert_eq!(a["site"], "xinhua");
    assert_eq!(a["edition"], "xinhua-zh");
    assert_eq!(a["title"], "港区渡轮夜班延长至午夜");
    assert_eq!(a["published"], "2026-11-20T08:15:00+08:00");
    assert_eq!(a["source"], "新华网");
    assert_eq!(a["editor"], "王明");
    let body = texts(&a);
    assert_eq!(body.len(), 3, "{body:?}");
    assert!(body[0].starts_with("新华社上海11月20日电"));
    for noise in ["图集", "+1", "分享", "纠错", "责任编辑"] {
        assert!(!body.iter().any(|p| p.contains(noise)), "{noise}: {body:?}");
    }
}
