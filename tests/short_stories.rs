//! Short stories in China Daily's own templates are articles, whatever their
//! length: a one-paragraph brief, a photo and its caption, a video's caption,
//! in the Global, Asia, 中文 and Français templates (`tests/fixtures/short`).
//! Downloading them is in `tests/fetch.rs`.

mod common;

use common::{json, ok, root, run, text};

/// (file, edition, headline, the start of its text, an image kept).
const STORIES: &[(&str, &str, &str, &str, bool)] = &[
    (
        "global-brief",
        "global",
        "Ferry timetable extended for the holiday week",
        "Evening ferries on the river line",
        false,
    ),
    (
        "global-photo",
        "global",
        "Frost paints the reed beds at dawn",
        "Reeds on the lake shore",
        true,
    ),
    (
        "global-video",
        "global",
        "Watch: a tram line crosses the old harbour",
        "The first tram crossed",
        false,
    ),
    (
        "asia-brief",
        "asia",
        "Night market reopens on the waterfront",
        "The waterfront night market",
        false,
    ),
    (
        "asia-photo",
        "asia",
        "Lanterns go up along the old street",
        "Workers hang lanterns",
        true,
    ),
    (
        "asia-video",
        "asia",
        "Watch: dragon boat crews train at sunrise",
        "Crews from 12 districts",
        false,
    ),
    (
        "zh-brief",
        "zh",
        "江边夜间渡轮延长运营",
        "运营方周一表示",
        false,
    ),
    (
        "zh-photo",
        "zh",
        "清晨芦苇荡披上白霜",
        "周一清晨，湖边的芦苇挂满白霜。",
        true,
    ),
    (
        "zh-video",
        "zh",
        "视频：有轨电车驶过老港口",
        "周日，首班有轨电车",
        false,
    ),
    (
        "fr-brief",
        "fr",
        "Les ferries du soir prolongés pour les fêtes",
        "Les ferries du soir circuleront",
        false,
    ),
    (
        "fr-photo",
        "fr",
        "Le givre sur les roseaux à l’aube",
        "Les roseaux du lac",
        true,
    ),
    (
        "fr-video",
        "fr",
        "Vidéo : un tramway traverse le vieux port",
        "Le premier tramway",
        false,
    ),
];

#[test]
fn regression_short_stories_in_the_article_templates_were_refused() {
    let lib = tempfile::tempdir().unwrap();
    let folder = root().join("tests/fixtures/short");
    let report = json(
        lib.path(),
        &["--no-demo", "import", folder.to_str().unwrap()],
    );
    assert_eq!(report["imported"], STORIES.len(), "{report}");
    assert_eq!(report["failed"].as_array().unwrap().len(), 0, "{report}");

    let listed = json(lib.path(), &["--no-demo", "list"]);
    for (file, edition, title, start, image) in STORIES {
        let row = listed
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["title"] == *title)
            .unwrap_or_else(|| panic!("{file}: {title:?} not listed"));
        assert_eq!(row["edition"], *edition, "{file}");
        let id = row["id"].as_str().unwrap();
        let a = json(lib.path(), &["--no-demo", "show", id]);
        assert!(a["published"].is_string(), "{file}: its dateline is read");
        let blocks = a["blocks"].as_array().unwrap();
        let captions = a["images"].as_array().unwrap().iter();
        let texts: Vec<&str> = blocks
            .iter()
            .filter_map(|b| b["text"].as_str())
            .chain(captions.filter_map(|i| i["caption"].as_str()))
            .collect();
        assert!(
            texts
                .iter()
                .any(|t| t.trim_start_matches('\u{3000}').starts_with(start)),
            "{file}: {texts:?}"
        );
        let images = blocks.iter().filter(|b| b["type"] == "image").count();
        assert_eq!(images, usize::from(*image), "{file}: {blocks:?}");
        // And as a reader shows it.
        let shown = ok(lib.path(), &["--no-demo", "show", id]);
        assert!(shown.contains(title), "{file}: {shown}");
    }
}

#[test]
fn short_pages_nothing_recognises_are_still_refused() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("note.html");
    std::fs::write(
        &page,
        "<html><head><title>A note</title></head><body><p>Back in five minutes.</p></body></html>",
    )
    .unwrap();
    let lib = tempfile::tempdir().unwrap();
    let out = run(lib.path(), &["--no-demo", "import", page.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("too little text"),
        "{}",
        text(&out.stderr)
    );
}
