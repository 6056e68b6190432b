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

/// The site `id` in what `broadsheet sites --json` prints.
fn site<'a>(listed: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    listed["sites"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("no site {id:?} in {listed}"))
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
    let id = import_quotidien_articles(lib.path());
    let shown = ok(lib.path(), &["--no-demo", "show", &id]);
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
    let xinhua = site(&listed, "xinhua");
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

/// A library with the test site's profile and its two articles imported;
/// answers the library and the French article's id.
fn library_with_quotidien_articles() -> (tempfile::TempDir, String) {
    let lib = library_with(&["quotidien.toml"]);
    let id = import_quotidien_articles(lib.path());
    (lib, id)
}

/// Imports the test site's two articles into `lib`; answers the French
/// one's id (the only article its edition filter lists).
fn import_quotidien_articles(lib: &Path) -> String {
    let report = json(
        lib,
        &[
            "--no-demo",
            "import",
            &fixture("quotidien-article.html"),
            &fixture("quotidien-brief.html"),
        ],
    );
    assert_eq!(report["imported"], 2, "{report}");
    let fr = json(lib, &["--no-demo", "list", "--edition", "quotidien-fr"]);
    assert_eq!(fr.as_array().unwrap().len(), 1, "{fr}");
    fr[0]["id"].as_str().unwrap().to_string()
}

/// Every way of reaching the test site's articles works while no profile
/// knows their site: shown (under the codes, saying so), listed, filtered
/// by the stored code, found, re-indexed, exported and repaired.
fn assert_readable_without_profile(lib: &Path, id: &str) {
    let shown = ok(lib, &["--no-demo", "show", id]);
    assert!(shown.contains("Le téléphérique du port rouvre"), "{shown}");
    assert!(
        shown.contains("quotidien-fr") && shown.contains("no profile for this site"),
        "{shown}"
    );
    let article = json(lib, &["--no-demo", "show", id]);
    assert_eq!(article["edition"], "quotidien-fr");
    // The site is listed under its codes, its articles counted (a broken
    // profile makes the exit status 1: the answer is printed all the same).
    let out = run(lib, &["sites", "--json"]);
    let sites: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let orphan = site(&sites, "quotidien");
    assert_eq!(orphan["profile"], false, "{sites}");
    let codes: Vec<(&str, u64)> = orphan["editions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["code"].as_str().unwrap(), e["articles"].as_u64().unwrap()))
        .collect();
    assert_eq!(codes, [("quotidien-en", 1), ("quotidien-fr", 1)]);
    assert_eq!(
        json(lib, &["--no-demo", "list"]).as_array().unwrap().len(),
        2
    );
    let fr = json(lib, &["--no-demo", "list", "--edition", "quotidien-fr"]);
    assert_eq!(fr.as_array().unwrap().len(), 1, "{fr}");
    let found = json(lib, &["--no-demo", "search", "téléphérique"]);
    assert_eq!(found["total"], 1, "{found}");
    assert_eq!(found["hits"][0]["edition"], "quotidien-fr");
    let found = json(
        lib,
        &["--no-demo", "search", "téléphérique edition:quotidien-fr"],
    );
    assert_eq!(found["total"], 1, "{found}");
    ok(lib, &["--no-demo", "reindex"]);
    assert_eq!(
        json(lib, &["--no-demo", "search", "téléphérique"])["total"],
        1
    );
    // Re-extraction cannot read the page without its profile: the article
    // stays as it was stored, and the batch goes on.
    let out = run(lib, &["--no-demo", "reextract"]);
    assert!(
        text(&out.stderr).contains("no profile"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        json(lib, &["--no-demo", "show", id])["edition"],
        "quotidien-fr"
    );
    let backup = lib.join("backup.tar.zst");
    ok(
        lib,
        &["--no-demo", "export", "--archive", backup.to_str().unwrap()],
    );
    let repaired = json(lib, &["--no-demo", "repair"]);
    assert_eq!(repaired["articles"], 2, "{repaired}");
    assert_eq!(
        json(lib, &["--no-demo", "list"]).as_array().unwrap().len(),
        2
    );
}

#[test]
fn regression_a_removed_profile_cost_its_sites_articles() {
    // Broke: `show` said "stored data is malformed", `repair` deleted the
    // rows, and the articles were gone when the profile came back.
    let (lib, id) = library_with_quotidien_articles();
    let profile = lib.path().join("sites/quotidien.toml");
    let elsewhere = lib.path().join("quotidien.toml.away");
    std::fs::rename(&profile, &elsewhere).unwrap();
    assert_readable_without_profile(lib.path(), &id);
    std::fs::rename(&elsewhere, &profile).unwrap();
    let shown = ok(lib.path(), &["--no-demo", "show", &id]);
    assert!(
        shown.contains("Français") && !shown.contains("no profile"),
        "the labels come back with the profile: {shown}"
    );
    assert_eq!(
        json(lib.path(), &["--no-demo", "list"])
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn regression_a_renamed_or_broken_profile_cost_its_sites_articles() {
    let (lib, id) = library_with_quotidien_articles();
    let profile = lib.path().join("sites/quotidien.toml");
    let original = std::fs::read_to_string(&profile).unwrap();
    // Renamed: its id and edition codes are another site's now.
    std::fs::write(&profile, original.replace("quotidien", "lac")).unwrap();
    assert_readable_without_profile(lib.path(), &id);
    // Broken by a typo: left out, reported.
    std::fs::write(&profile, original.replace("[[editions]]", "[[editions]")).unwrap();
    assert!(!run(lib.path(), &["sites"]).status.success());
    assert_readable_without_profile(lib.path(), &id);
    std::fs::write(&profile, &original).unwrap();
    assert!(ok(lib.path(), &["--no-demo", "show", &id]).contains("Français"));
}

#[test]
fn regression_a_backup_left_the_sites_folder_behind() {
    // Broke: a restored library had the articles but not their profiles.
    let (lib, id) = library_with_quotidien_articles();
    let backup = lib.path().join("backup.tar.zst");
    ok(
        lib.path(),
        &["--no-demo", "export", "--archive", backup.to_str().unwrap()],
    );
    let restored = tempfile::tempdir().unwrap();
    let report = json(
        restored.path(),
        &["--no-demo", "import", "--archive", backup.to_str().unwrap()],
    );
    assert_eq!(report["articles"], 2, "{report}");
    assert_eq!(report["sites"], 1, "{report}");
    assert_eq!(
        std::fs::read(restored.path().join("sites/quotidien.toml")).unwrap(),
        std::fs::read(lib.path().join("sites/quotidien.toml")).unwrap()
    );
    let shown = ok(restored.path(), &["--no-demo", "show", &id]);
    assert!(
        shown.contains("Français") && !shown.contains("no profile"),
        "{shown}"
    );
    // Restored without it (a backup made before profiles were kept), the
    // articles are there all the same.
    std::fs::remove_file(restored.path().join("sites/quotidien.toml")).unwrap();
    assert_readable_without_profile(restored.path(), &id);
}

#[test]
fn a_site_in_europe_paris_keeps_summer_and_winter_times_at_their_own_offsets() {
    let lib = tempfile::tempdir().unwrap();
    let sites = lib.path().join("sites");
    std::fs::create_dir_all(&sites).unwrap();
    let profile = std::fs::read_to_string(fixture("quotidien.toml")).unwrap();
    let paris = profile.replace("time_zone = \"+01:00\"", "time_zone = \"Europe/Paris\"");
    assert_ne!(profile, paris);
    std::fs::write(sites.join("quotidien.toml"), paris).unwrap();
    let page = std::fs::read_to_string(fixture("quotidien-article.html")).unwrap();
    let pages = tempfile::tempdir().unwrap();
    // A summer article, and a winter one printed at 00:30 on New Year's
    // Day: still 2025 in Beijing, 2026 in Paris.
    for (name, printed, title) in [
        (
            "summer.html",
            "14/07/2026 à 09h00",
            "Les feux d'artifice du lac",
        ),
        (
            "winter.html",
            "01/01/2026 à 00h30",
            "Le premier bain de l'année",
        ),
    ] {
        let html = page.replace("12/03/2026 à 08h30", printed).replace(
            "Le téléphérique du port rouvre après six mois de travaux",
            title,
        );
        let at = pages.path().join(name);
        std::fs::write(&at, html).unwrap();
        let got = json(lib.path(), &["--no-demo", "import", at.to_str().unwrap()]);
        assert_eq!(got["imported"], 1, "{got}");
    }
    let listed = json(lib.path(), &["--no-demo", "list"]);
    let times: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["published"].as_str().unwrap())
        .collect();
    assert_eq!(
        times,
        ["2026-07-14T09:00:00+02:00", "2026-01-01T00:30:00+01:00"]
    );
    // Search hits keep the article's offset, and its year is its site's.
    let found = json(
        lib.path(),
        &["--no-demo", "search", "téléphérique", "--sort", "date"],
    );
    let hits: Vec<&str> = found["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["published"].as_str().unwrap())
        .collect();
    assert_eq!(hits, times, "{found}");
    let years: Vec<(&str, u64)> = found["facets"]["year"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["value"].as_str().unwrap(), f["count"].as_u64().unwrap()))
        .collect();
    assert_eq!(years, [("2026", 2)], "{found}");
    // Days are the site's days: the winter article is on 1 January.
    for args in [
        vec!["list", "--since", "2026-01-01", "--until", "2026-01-02"],
        vec![
            "search",
            "téléphérique",
            "--since",
            "2026-01-01",
            "--until",
            "2026-01-02",
        ],
        vec!["search", "téléphérique since:2026-01-01 until:2026-01-02"],
    ] {
        let mut all = vec!["--no-demo"];
        all.extend(args.iter().copied());
        let got = json(lib.path(), &all);
        let list = got.get("hits").unwrap_or(&got).as_array().unwrap().clone();
        assert_eq!(list.len(), 1, "{args:?}: {got}");
        assert_eq!(list[0]["published"], "2026-01-01T00:30:00+01:00");
    }
    let sites = json(lib.path(), &["sites"]);
    assert_eq!(site(&sites, "quotidien")["time_zone"], "Europe/Paris");
}

#[test]
fn sites_suggests_reading_a_sites_articles_again_after_its_profile_changed() {
    let (lib, _) = library_with_quotidien_articles();
    let said = |lib: &Path| ok(lib, &["sites"]);
    assert!(!said(lib.path()).contains("reextract"));
    let profile = lib.path().join("sites/quotidien.toml");
    let text = std::fs::read_to_string(&profile).unwrap();
    let changed = text.replace(
        "furniture = [\"aside.partage\", \"div.lire-aussi\"]",
        "furniture = [\"aside.partage\", \"div.lire-aussi\", \"div.pub\"]",
    );
    assert_ne!(text, changed);
    std::fs::write(&profile, changed).unwrap();
    let out = said(lib.path());
    assert!(out.contains("broadsheet reextract"), "{out}");
    assert_eq!(json(lib.path(), &["sites"])["sites"][3]["changed"], true);
    ok(lib.path(), &["--no-demo", "reextract"]);
    assert!(!said(lib.path()).contains("reextract"));
}
