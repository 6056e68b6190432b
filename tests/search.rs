//! Search: each language's analysis, the CJK one- and two-character cases,
//! bilingual articles, the query language, filters, sorting, pages, facets,
//! snippets, suggestions, bad queries, and the index's automatic rebuild and
//! catch-up.

mod common;

use broadsheet::index::{self, RebuildReason, SearchIndex, SearchRequest, Sort};
use broadsheet::library::Record;
use broadsheet::{Article, Block, Edition, Error, Library};
use chrono::{DateTime, FixedOffset};

/// An article made directly (no page): `blocks` are (language, text).
fn article(
    url: &str,
    edition: Edition,
    title: &str,
    blocks: &[(&str, &str)],
    published: &str,
) -> Article {
    let mut a = Article {
        id: Article::id_for(url),
        url: url.into(),
        canonical_url: url.into(),
        site: "chinadaily".into(),
        edition: Some(edition),
        languages: Vec::new(),
        title: title.into(),
        subtitle: None,
        byline: None,
        source: Some(
            if edition == Edition::Zh {
                "中国日报网"
            } else {
                "China Daily"
            }
            .into(),
        ),
        editor: None,
        published: Some(DateTime::<FixedOffset>::parse_from_rfc3339(published).unwrap()),
        updated: None,
        section: match edition {
            Edition::Zh | Edition::Bilingual => vec!["中国日报网".into(), "国际".into()],
            Edition::Fr => vec!["Accueil".into(), "Monde".into()],
            _ => vec!["Home".into(), "World".into(), "Asia-Pacific".into()],
        },
        blocks: blocks
            .iter()
            .map(|(l, t)| Block::Paragraph {
                text: t.to_string(),
                lang: l.to_string(),
            })
            .collect(),
        images: vec![],
        edition_links: vec![],
        pages: 1,
        content_hash: String::new(),
    };
    let mut langs: Vec<String> = Vec::new();
    for (l, _) in blocks {
        if !langs.iter().any(|x| x == l) {
            langs.push(l.to_string());
        }
    }
    a.languages = langs;
    a.content_hash = a.compute_hash();
    a
}

fn save(lib: &mut Library, a: Article) {
    lib.save(&Record::new(a).unwrap(), &[]).unwrap();
}

/// A library with a small, varied set of articles, and its index.
fn fixture() -> (tempfile::TempDir, Library, SearchIndex) {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    let en = |n: &str, title: &str, text: &str, date: &str| {
        article(
            &format!("https://www.chinadaily.com.cn/a/{n}.html"),
            Edition::Global,
            title,
            &[("en", text)],
            date,
        )
    };
    save(
        &mut lib,
        en(
            "talks",
            "Leaders hold talks in Zürich",
            "The delegations talked for three days in Zürich about river shipping.",
            "2026-11-20T09:00:00+08:00",
        ),
    );
    save(
        &mut lib,
        en(
            "lunar",
            "Lunar samples on show",
            "Visitors can see lunar samples and meteorites at the museum.",
            "2025-03-02T10:00:00+08:00",
        ),
    );
    save(
        &mut lib,
        en(
            "samples",
            "Soil samples from the moon's lunar orbit",
            "Samples were lunar in origin, the report said, and the script <b>was</b> cleaned.",
            "2024-06-01T10:00:00+08:00",
        ),
    );
    save(
        &mut lib,
        article(
            "https://french.chinadaily.com.cn/a/fr1.html",
            Edition::Fr,
            "Les élections de l'Union européenne",
            &[(
                "fr",
                "Les électeurs de l’Union européenne se sont rendus aux urnes jusqu'à dimanche soir.",
            )],
            "2026-05-10T12:00:00+08:00",
        ),
    );
    save(
        &mut lib,
        article(
            "https://cn.chinadaily.com.cn/a/zh1.html",
            Edition::Zh,
            "中华人民共和国成立纪念展开幕",
            &[(
                "zh",
                "纪念中华人民共和国成立的展览今天开幕，苹果公司发布了新的Phones产品。",
            )],
            "2026-10-01T08:00:00+08:00",
        ),
    );
    save(
        &mut lib,
        article(
            "https://language.chinadaily.com.cn/a/bi1.html",
            Edition::Bilingual,
            "Tea harvest begins 冬茶开采",
            &[
                ("en", "Farmers began the winter tea harvest on Monday."),
                ("zh", "农民周一开始采摘冬茶。"),
            ],
            "2026-11-02T08:00:00+08:00",
        ),
    );
    let (index, opened) = SearchIndex::open(&lib, &mut |_, _| {}).unwrap();
    assert_eq!(opened.rebuilt, Some(RebuildReason::Missing));
    (dir, lib, index)
}

fn titles(index: &SearchIndex, query: &str) -> Vec<String> {
    let r = index
        .search(&SearchRequest {
            per_page: 50,
            ..SearchRequest::new(query)
        })
        .unwrap();
    assert_eq!(r.total, r.hits.len(), "{query}: total and hits disagree");
    let mut t: Vec<String> = r.hits.into_iter().map(|h| h.title).collect();
    t.sort();
    t
}

fn total(index: &SearchIndex, query: &str) -> usize {
    index.search(&SearchRequest::new(query)).unwrap().total
}

#[test]
fn english_is_stemmed_and_folded() {
    let (_d, _l, index) = fixture();
    assert_eq!(titles(&index, "talk"), ["Leaders hold talks in Zürich"]);
    assert_eq!(titles(&index, "talking"), ["Leaders hold talks in Zürich"]);
    assert_eq!(titles(&index, "zurich"), ["Leaders hold talks in Zürich"]);
}

#[test]
fn french_elision_stemming_and_accents() {
    let (_d, _l, index) = fixture();
    let want = ["Les élections de l'Union européenne"];
    for q in [
        "Union",
        "l'Union",
        "election",
        "élection",
        "europeenne",
        "électeurs",
        "jusqu'à",
    ] {
        assert_eq!(titles(&index, q), want, "{q}");
    }
}

#[test]
fn chinese_two_and_one_character_queries() {
    let (_d, _l, index) = fixture();
    let want = ["中华人民共和国成立纪念展开幕"];
    for q in ["共和国", "共和", "人民共和", "中华人民共和国", "国", "纪"] {
        assert_eq!(titles(&index, q), want, "{q}");
    }
    assert_eq!(
        total(&index, "国和"),
        0,
        "characters in another order are not a match"
    );
    assert_eq!(
        total(&index, "共国"),
        0,
        "characters not side by side are not a match"
    );
    // Latin words inside Chinese text are English-stemmed.
    assert_eq!(titles(&index, "phone"), want);
    // NFKC: full-width letters find half-width ones.
    assert_eq!(titles(&index, "ｐｈｏｎｅｓ"), want);
}

#[test]
fn bilingual_articles_are_found_by_either_language() {
    let (_d, _l, index) = fixture();
    let want = ["Tea harvest begins 冬茶开采"];
    assert_eq!(titles(&index, "harvest"), want);
    assert_eq!(titles(&index, "冬茶"), want);
    assert_eq!(titles(&index, "采摘"), want);
    assert_eq!(titles(&index, "茶"), want);
}

#[test]
fn phrases_exclusion_and_or() {
    let (_d, _l, index) = fixture();
    assert_eq!(titles(&index, "lunar samples").len(), 2);
    assert_eq!(
        titles(&index, "\"lunar samples\""),
        ["Lunar samples on show"]
    );
    assert_eq!(
        titles(&index, "lunar -museum"),
        ["Soil samples from the moon's lunar orbit"]
    );
    assert_eq!(titles(&index, "zurich OR 冬茶").len(), 2);
    assert_eq!(
        titles(&index, "zurich OR 冬茶 harvest"),
        ["Tea harvest begins 冬茶开采"]
    );
}

#[test]
fn filters_sorting_pages() {
    let (_d, _l, index) = fixture();
    assert_eq!(
        titles(&index, "edition:zh"),
        ["中华人民共和国成立纪念展开幕"]
    );
    assert_eq!(
        titles(&index, "lunar year:2024"),
        ["Soil samples from the moon's lunar orbit"]
    );
    assert_eq!(titles(&index, "section:Asia-Pacific lunar").len(), 2);
    assert_eq!(titles(&index, "section:\"中国日报网 / 国际\"").len(), 2);
    assert_eq!(titles(&index, "source:\"china daily\" lang:fr").len(), 1);
    assert_eq!(
        titles(&index, "since:2026-01-01 until:2026-11-01 lang:zh"),
        ["中华人民共和国成立纪念展开幕"]
    );

    let mut req = SearchRequest::new("edition:global");
    req.sort = Sort::Date;
    req.per_page = 2;
    let page1 = index.search(&req).unwrap();
    assert_eq!(page1.total, 3);
    let dates: Vec<_> = page1
        .hits
        .iter()
        .map(|h| h.published.unwrap().to_rfc3339())
        .collect();
    assert_eq!(
        dates,
        ["2026-11-20T09:00:00+08:00", "2025-03-02T10:00:00+08:00"]
    );
    req.page = 2;
    let page2 = index.search(&req).unwrap();
    assert_eq!((page2.total, page2.hits.len()), (3, 1));
    assert_eq!(
        page2.hits[0].title,
        "Soil samples from the moon's lunar orbit"
    );

    let mut filtered = SearchRequest::new("lunar");
    filtered.since = Some("2025-01-01".parse().unwrap());
    assert_eq!(index.search(&filtered).unwrap().total, 1);
    filtered.edition = Some(Edition::Fr);
    assert_eq!(index.search(&filtered).unwrap().total, 0);
}

#[test]
fn facets_count_the_whole_result_set() {
    let (_d, _l, index) = fixture();
    let r = index
        .search(&SearchRequest {
            per_page: 1,
            ..SearchRequest::new("since:2000-01-01")
        })
        .unwrap();
    assert_eq!(r.total, 6);
    let get =
        |v: &[index::search::FacetCount], k: &str| v.iter().find(|c| c.value == k).map(|c| c.count);
    assert_eq!(get(&r.facets.edition, "global"), Some(3));
    assert_eq!(get(&r.facets.edition, "zh"), Some(1));
    assert_eq!(get(&r.facets.section, "World"), Some(3));
    assert_eq!(get(&r.facets.section, "国际"), Some(2));
    assert_eq!(get(&r.facets.year, "2026"), Some(4));
    assert_eq!(
        r.facets.year.first().map(|c| c.value.as_str()),
        Some("2026"),
        "years newest first"
    );
}

#[test]
fn snippets_highlight_and_count_characters_not_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    let long: String = "这是一段很长的中文新闻正文，".repeat(40)
        + "关键的熊猫出现在这里。"
        + &"后面还有更多的文字内容。".repeat(40);
    save(
        &mut lib,
        article(
            "https://cn.chinadaily.com.cn/a/long.html",
            Edition::Zh,
            "长文",
            &[("zh", &long)],
            "2026-11-01T00:00:00+08:00",
        ),
    );
    save(
        &mut lib,
        article(
            "https://www.chinadaily.com.cn/a/esc.html",
            Edition::Global,
            "Escapes",
            &[("en", "A <script>alert('x')</script> tag & a panda.")],
            "2026-11-01T00:00:00+08:00",
        ),
    );
    let (index, _) = SearchIndex::open(&lib, &mut |_, _| {}).unwrap();

    let hit = &index.search(&SearchRequest::new("熊猫")).unwrap().hits[0];
    assert!(hit.snippet.contains("<mark>熊猫</mark>"), "{}", hit.snippet);
    let visible = hit.snippet.replace("<mark>", "").replace("</mark>", "");
    let chars = visible.chars().filter(|c| *c != '…').count();
    assert!(
        (90..=110).contains(&chars),
        "a snippet of 220 columns is 110 CJK characters, got {chars}: {visible}"
    );
    assert!(visible.starts_with('…') && visible.ends_with('…'));

    let hit = &index.search(&SearchRequest::new("panda")).unwrap().hits[0];
    assert_eq!(
        hit.snippet,
        "A &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; tag &amp; a <mark>panda</mark>."
    );
}

#[test]
fn suggestions_by_prefix_and_despite_typos() {
    let (_d, _l, index) = fixture();
    let titles = |input: &str| -> Vec<String> {
        index
            .suggest(input, 5)
            .unwrap()
            .into_iter()
            .map(|s| s.title)
            .collect()
    };
    assert_eq!(
        titles("Lunar sa"),
        [
            "Lunar samples on show",
            "Soil samples from the moon's lunar orbit"
        ]
    );
    assert!(titles("lun").contains(&"Lunar samples on show".to_string()));
    let typo = titles("Lunr samples ");
    assert!(
        typo.contains(&"Lunar samples on show".to_string()),
        "one typo in a word of 4 letters: {typo:?}"
    );
    assert_eq!(titles("Leeders hold"), ["Leaders hold talks in Zürich"]);
    assert_eq!(titles("élec"), ["Les élections de l'Union européenne"]);
    assert_eq!(titles("共和"), ["中华人民共和国成立纪念展开幕"]);
    assert!(titles("").is_empty());
    assert!(titles("zzzzqqq").is_empty());
}

#[test]
fn a_bad_query_is_a_clear_error() {
    let (_d, _l, index) = fixture();
    for (q, want) in [
        ("\"lunar samples", "not closed"),
        ("OR lunar", "OR must stand between"),
        ("-lunar", "only excludes"),
        ("edition:klingon", "klingon"),
        ("since:yesterday", "expected YYYY-MM-DD"),
        ("!!!", "no letters or digits"),
    ] {
        let err = index.search(&SearchRequest::new(q)).unwrap_err();
        let text = broadsheet::error_chain(&err);
        assert!(text.contains(want), "{q}: {text}");
        assert!(
            matches!(err, Error::Query(_) | Error::Invalid { .. }),
            "{q}: {err:?}"
        );
    }
}

#[test]
fn index_is_rebuilt_when_deleted_damaged_or_of_another_version() {
    let (dir, lib, index) = fixture();
    drop(index);
    let index_dir = dir.path().join("index");

    std::fs::remove_dir_all(&index_dir).unwrap();
    let (index, opened) = SearchIndex::open(&lib, &mut |_, _| {}).unwrap();
    assert_eq!(opened.rebuilt, Some(RebuildReason::Missing));
    assert_eq!(index.count(), 6);
    drop(index);

    std::fs::write(index_dir.join("broadsheet-index-version"), "0").unwrap();
    let (index, opened) = SearchIndex::open(&lib, &mut |_, _| {}).unwrap();
    assert_eq!(opened.rebuilt, Some(RebuildReason::Version));
    assert_eq!(total(&index, "共和国"), 1);
    drop(index);

    std::fs::write(index_dir.join("meta.json"), "{ not json").unwrap();
    let (index, opened) = SearchIndex::open(&lib, &mut |_, _| {}).unwrap();
    assert_eq!(opened.rebuilt, Some(RebuildReason::Damaged));
    assert_eq!(total(&index, "talks"), 1);

    let (again, opened) = SearchIndex::open(&lib, &mut |_, _| {}).unwrap();
    assert_eq!((opened.rebuilt, opened.caught_up), (None, 0));
    assert_eq!(again.count(), 6);
}

#[test]
fn index_catches_up_with_the_store_and_check_says_what_is_wrong() {
    let (_dir, mut lib, index) = fixture();
    drop(index);
    // Saved while no index was open (a crash, another process): queued.
    save(
        &mut lib,
        article(
            "https://www.chinadaily.com.cn/a/new.html",
            Edition::Asia,
            "Harbour ferries go electric",
            &[("en", "The ferries are electric now.")],
            "2026-11-25T08:00:00+08:00",
        ),
    );
    // check indexes what is queued first, as any reader would.
    let report = index::check(&lib).unwrap();
    assert_eq!(
        (report.store_articles, report.index_articles, report.pending),
        (7, Some(7), 0)
    );
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let (index, opened) = SearchIndex::open(&lib, &mut |_, _| {}).unwrap();
    assert_eq!(opened.caught_up, 0);
    assert_eq!(titles(&index, "ferries"), ["Harbour ferries go electric"]);
    drop(index);

    // An article removed behind the queue's back (no trigger): check says so.
    let db = rusqlite::Connection::open(lib.root().join("library.sqlite")).unwrap();
    db.execute_batch(
        "PRAGMA foreign_keys = ON;
         DROP TRIGGER articles_queue_delete;
         DELETE FROM articles WHERE title = 'Harbour ferries go electric';",
    )
    .unwrap();
    let report = index::check(&lib).unwrap();
    assert_eq!((report.store_articles, report.index_articles), (6, Some(7)));
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.contains("in the index but not in the store")),
        "{:?}",
        report.problems
    );
    assert_eq!(report.extra_in_index.len(), 1);
}

#[test]
fn favourite_and_read_marks_are_filters() {
    let (_dir, mut lib, index) = fixture();
    drop(index);
    let id = Article::id_for("https://www.chinadaily.com.cn/a/lunar.html");
    let change = broadsheet::library::StateChange {
        favourite: Some(true),
        read: Some(true),
        position: Some(0.4),
    };
    let state = lib.set_state(&id, change).unwrap();
    assert!(state.favourite && state.read);
    assert_eq!(lib.state(&id).unwrap().position, Some(0.4));
    let (index, opened) = SearchIndex::open(&lib, &mut |_, _| {}).unwrap();
    assert_eq!(
        opened.caught_up, 1,
        "a mark queues the article for the index"
    );
    assert_eq!(titles(&index, "is:favourite"), ["Lunar samples on show"]);
    assert_eq!(
        titles(&index, "lunar is:unread"),
        ["Soil samples from the moon's lunar orbit"]
    );
    assert_eq!(total(&index, "is:read"), 1);
    let filter = |favourite, read| {
        let f = broadsheet::ListFilter {
            favourite,
            read,
            ..broadsheet::ListFilter::default()
        };
        lib.list(&f).unwrap().len()
    };
    assert_eq!(
        (
            filter(Some(true), None),
            filter(None, Some(false)),
            filter(Some(false), Some(false))
        ),
        (1, 5, 5)
    );
    let err = index.search(&SearchRequest::new("is:shiny")).unwrap_err();
    assert!(broadsheet::error_chain(&err).contains("expected favourite, read or unread"));
    let bad = broadsheet::library::StateChange {
        position: Some(2.0),
        ..Default::default()
    };
    assert!(lib.set_state(&id, bad).is_err());
}

#[test]
fn cli_search_json_and_bad_query_exit_status() {
    let lib = tempfile::tempdir().unwrap();
    common::ok(lib.path(), &["import", "tests/fixtures/articles"]);
    let v = common::json(lib.path(), &["search", "渡轮", "--sort", "date"]);
    assert_eq!(v["total"], 1);
    let hit = &v["hits"][0];
    for key in ["id", "url", "title", "edition", "published", "snippet"] {
        assert!(!hit[key].is_null(), "no {key} in {hit}");
    }
    assert!(
        hit["snippet"]
            .as_str()
            .unwrap()
            .contains("<mark>渡轮</mark>")
    );
    let v = common::json(
        lib.path(),
        &["search", "night", "trains", "--edition", "fr"],
    );
    assert_eq!(
        v["total"], 0,
        "the English article is in the Global edition"
    );
    let v = common::json(lib.path(), &["search", "trains", "de", "nuit"]);
    assert_eq!(v["hits"][0]["edition"], "fr");

    let out = common::run(lib.path(), &["search", "\"unclosed"]);
    assert_eq!(out.status.code(), Some(2));
    let err = common::text(&out.stderr);
    assert!(
        err.contains("cannot read the query: a quote is not closed"),
        "{err}"
    );
    let out = common::run(lib.path(), &["check"]);
    assert!(out.status.success(), "{}", common::text(&out.stdout));
    assert!(common::text(&out.stdout).contains("ok: store and index agree"));
}

#[test]
fn regression_two_first_opens_build_the_index_once() {
    // Two processes opening a library with no index at once: one or both
    // failed to start. The rebuild now happens under a lock.
    let lib = tempfile::tempdir().unwrap();
    common::ok(lib.path(), &["import", "assets/demo"]);
    for round in 0..3 {
        std::fs::remove_dir_all(lib.path().join("index")).unwrap();
        let start = || {
            common::broadsheet()
                .arg("--library")
                .arg(lib.path())
                .args(["search", "panda"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (start(), start());
        let mut rebuilt = 0;
        for child in [a, b] {
            let out = child.wait_with_output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr).into_owned();
            assert!(out.status.success(), "round {round}: {err}");
            let found = String::from_utf8_lossy(&out.stdout).to_lowercase();
            assert!(found.contains("panda"), "round {round}: {found}");
            rebuilt += err.matches("Rebuilt the search index").count();
        }
        assert_eq!(rebuilt, 1, "round {round}: built once, opened once");
    }
}
