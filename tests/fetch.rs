//! Downloading from a mock China Daily site started on 127.0.0.1, reached
//! by the real host names through `--resolve`: articles with images and
//! later pages, sections with a pager, feeds, subscriptions, conditional
//! requests, politeness, every hostile endpoint, and resuming after the
//! process is killed.

mod common;
#[path = "common/mock_site.rs"]
mod mock_site;

use common::{broadsheet, json, text};
use mock_site::MockSite;
use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

/// `broadsheet --library LIB fetch ARGS... --resolve...` with no politeness
/// delay unless the args set one.
fn fetch(site: &MockSite, lib: &Path, args: &[&str]) -> Output {
    let mut cmd = broadsheet();
    cmd.arg("--library")
        .arg(lib)
        .arg("--no-demo")
        .arg("fetch")
        .args(args)
        .args(site.resolve_args());
    if !args.contains(&"--delay-ms") {
        cmd.args(["--delay-ms", "0"]);
    }
    cmd.args(["--timeout", "2", "--json"]).output().unwrap()
}

fn report(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", text(&out.stdout), text(&out.stderr)))
}

fn count(lib: &Path) -> usize {
    json(lib, &["--no-demo", "list"]).as_array().unwrap().len()
}

#[test]
fn an_article_with_its_images_and_a_polite_user_agent() {
    let site = MockSite::start();
    let lib = tempfile::tempdir().unwrap();
    let url = site.url("www.chinadaily.com.cn", "/a/202611/21/");
    let url = site
        .article_urls()
        .into_iter()
        .find(|u| {
            u.contains("www.chinadaily.com.cn") && u.contains("offshore") || u.starts_with(&url)
        })
        .unwrap_or_else(|| site.article_urls()[0].clone());
    let out = fetch(&site, lib.path(), &[&url]);
    let r = report(&out);
    assert_eq!(
        (r["imported"].as_u64(), out.status.code()),
        (Some(1), Some(0)),
        "{}",
        text(&out.stderr)
    );
    let seen = site.seen.lock().unwrap();
    assert!(
        seen.requests.iter().any(|r| r.1 == "/robots.txt"),
        "robots.txt is read first"
    );
    assert!(
        seen.requests.iter().all(|r| r.2.starts_with("Broadsheet/")),
        "User-Agent names Broadsheet"
    );
    drop(seen);
    let id = common::ok(lib.path(), &["--no-demo", "list", "--ids"])
        .trim()
        .to_string();
    let a = json(lib.path(), &["--no-demo", "show", &id]);
    assert_eq!(a["edition"], "global");
    for img in a["images"].as_array().unwrap() {
        assert!(img["local"].is_string(), "image kept offline: {img}");
    }
}

#[test]
fn a_section_and_its_pager_then_a_feed() {
    let site = MockSite::start();
    let lib = tempfile::tempdir().unwrap();
    let out = fetch(
        &site,
        lib.path(),
        &[
            "--section",
            &site.url("www.chinadaily.com.cn", "/world/page_1.html"),
        ],
    );
    let r = report(&out);
    assert_eq!(r["imported"], 17, "{}", text(&out.stderr));
    assert!(
        site.count("/world/page_3.html") == 1,
        "the pager is followed to the last page"
    );
    assert_eq!(count(lib.path()), 17);
    let editions: std::collections::HashSet<String> = json(lib.path(), &["--no-demo", "list"])
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["edition"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        editions.len(),
        5,
        "edition comes from each real host name: {editions:?}"
    );

    // Run again: nothing is downloaded twice.
    let before = site.seen.lock().unwrap().requests.len();
    let r = report(&fetch(
        &site,
        lib.path(),
        &[
            "--section",
            &site.url("www.chinadaily.com.cn", "/world/page_1.html"),
        ],
    ));
    assert_eq!(
        (r["imported"].as_u64(), r["unchanged"].as_u64()),
        (Some(0), Some(17))
    );
    let again: Vec<String> = site.seen.lock().unwrap().requests[before..]
        .iter()
        .map(|r| r.1.clone())
        .collect();
    assert_eq!(
        again,
        [
            "/robots.txt",
            "/world/page_1.html",
            "/world/page_2.html",
            "/world/page_3.html"
        ],
        "no article is downloaded again"
    );

    let r = report(&fetch(
        &site,
        lib.path(),
        &[
            "--feed",
            &site.url("www.chinadaily.com.cn", "/rss/world_rss.xml"),
            "--limit",
            "2",
        ],
    ));
    assert_eq!(r["unchanged"], 2);
    assert_eq!(count(lib.path()), 17);
}

#[test]
fn all_pages_of_a_multi_page_article_and_section_limits() {
    let site = MockSite::start();
    let lib = tempfile::tempdir().unwrap();
    let url = site.url(
        "www.chinadaily.com.cn",
        "/a/202611/16/WS6738c1d5a310f1265a1d5b10.html",
    );
    assert_eq!(report(&fetch(&site, lib.path(), &[&url]))["imported"], 1);
    assert_eq!(
        site.count("/a/202611/16/WS6738c1d5a310f1265a1d5b10_3.html"),
        1
    );
    let id = common::ok(lib.path(), &["--no-demo", "list", "--ids"])
        .trim()
        .to_string();
    let a = json(lib.path(), &["--no-demo", "show", &id]);
    assert_eq!(a["pages"], 3);

    let lib = tempfile::tempdir().unwrap();
    let section = site.url("www.chinadaily.com.cn", "/world/page_1.html");
    assert_eq!(
        report(&fetch(
            &site,
            lib.path(),
            &["--section", &section, "--limit", "8"]
        ))["imported"],
        8
    );
    assert_eq!(
        site.count("/world/page_3.html"),
        0,
        "the limit stops the paging"
    );
    let lib = tempfile::tempdir().unwrap();
    let r = report(&fetch(
        &site,
        lib.path(),
        &["--section", &section, "--since", "2026-11-25"],
    ));
    assert_eq!(
        r["imported"], 3,
        "items dated 11-27, 11-26, 11-25 on the first page: {r}"
    );
}

#[test]
fn subscriptions_update_only_what_is_new() {
    let site = MockSite::start();
    let lib = tempfile::tempdir().unwrap();
    let section = site.url("www.chinadaily.com.cn", "/world/page_1.html");
    let out = broadsheet()
        .arg("--library")
        .arg(lib.path())
        .args(["--no-demo", "subscribe", &section])
        .output()
        .unwrap();
    assert!(
        text(&out.stdout).contains("following the section"),
        "{}",
        text(&out.stdout)
    );
    let update = || {
        let mut cmd = broadsheet();
        cmd.arg("--library")
            .arg(lib.path())
            .args(["--no-demo", "update", "--delay-ms", "0", "--json"])
            .args(site.resolve_args());
        report(&cmd.output().unwrap())
    };
    assert_eq!(update()["imported"], 17);
    *site.published.lock().unwrap() = true;
    let pages_before = site.count("/world/page_2.html");
    let r = update();
    assert_eq!(r["imported"], 1, "only the new article: {r}");
    assert_eq!(
        site.count("/world/page_2.html"),
        pages_before,
        "paging stops at the first saved article"
    );
    assert_eq!(count(lib.path()), 18);
}

#[test]
fn refresh_uses_conditional_requests() {
    let site = MockSite::start();
    let lib = tempfile::tempdir().unwrap();
    let url = site.article_urls()[0].clone();
    assert_eq!(report(&fetch(&site, lib.path(), &[&url]))["imported"], 1);
    let r = report(&fetch(&site, lib.path(), &[&url, "--refresh"]));
    assert_eq!(r["unchanged"], 1);
    let seen = site.seen.lock().unwrap();
    let last = seen
        .requests
        .iter()
        .rev()
        .find(|r| url.ends_with(&r.1))
        .unwrap();
    assert_eq!(
        last.3.as_deref(),
        Some("\"v1\""),
        "If-None-Match sent with the saved ETag"
    );
}

#[test]
fn regression_short_stories_in_a_section_were_refused() {
    let site = MockSite::start();
    let lib = tempfile::tempdir().unwrap();
    let section = site.url("www.chinadaily.com.cn", "/short/index.html");
    let out = fetch(&site, lib.path(), &["--section", &section]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stories = mock_site::short_stories();
    let r = report(&out);
    assert_eq!(r["imported"], stories.len(), "{r}");
    for (_, name) in &stories {
        assert_eq!(site.count(&format!("/short/{name}.html")), 1, "{name}");
    }
    let photos: Vec<String> = stories
        .iter()
        .filter(|(_, n)| n.ends_with("-photo"))
        .map(|(_, n)| format!("/short/{n}_files/pic1.jpg"))
        .collect();
    for p in &photos {
        assert_eq!(site.count(p), 1, "the photo of a photo story is kept: {p}");
    }
}

#[test]
fn regression_a_link_robots_txt_forbids_is_skipped_not_failed() {
    let site = MockSite::start();
    let lib = tempfile::tempdir().unwrap();
    let section = site.url("www.chinadaily.com.cn", "/guarded/page_1.html");
    let secret = site.url("www.chinadaily.com.cn", "/private/secret.html");
    let out = fetch(&site, lib.path(), &["--section", &section]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let r = report(&out);
    assert_eq!(r["imported"], 1, "{r}");
    assert_eq!(r["failed"].as_array().unwrap().len(), 0, "{r}");
    let skipped = r["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 1, "{r}");
    assert_eq!(skipped[0]["path"], secret.as_str());
    assert_eq!(skipped[0]["reason"], "robots.txt does not allow it");
    assert_eq!(
        site.count("/private/secret.html"),
        0,
        "robots.txt is obeyed"
    );

    // Without --json: the summary counts it, and its line names the URL once.
    let lib = tempfile::tempdir().unwrap();
    let out = broadsheet()
        .arg("--library")
        .arg(lib.path())
        .args([
            "--no-demo",
            "fetch",
            "--delay-ms",
            "0",
            "--section",
            &section,
        ])
        .args(site.resolve_args())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("skipped (robots.txt) 1"),
        "{}",
        text(&out.stdout)
    );
    let line = text(&out.stderr)
        .lines()
        .find(|l| l.contains("secret"))
        .map(str::to_string)
        .unwrap_or_default();
    assert_eq!(line.matches(&secret).count(), 1, "{line}");
    assert!(
        line.contains("skipped, robots.txt does not allow it"),
        "{line}"
    );
}

#[test]
fn hostile_endpoints_fail_clearly_or_succeed_after_retries() {
    let site = MockSite::start();
    let lib = tempfile::tempdir().unwrap();
    let h = "www.chinadaily.com.cn";
    let cases = [
        ("/slow.html", Some("timed out")),
        ("/flaky.html", None),
        ("/busy.html", None),
        ("/truncated.html", Some("cut short")),
        ("/loop.html", Some("redirect")),
        ("/huge.html", Some("limit")),
        ("/image.html", Some("not a web page")),
        ("/missing.html", Some("404")),
    ];
    let urls: Vec<String> = cases.iter().map(|(p, _)| site.url(h, p)).collect();
    let mut args: Vec<&str> = urls.iter().map(String::as_str).collect();
    args.extend(["--retries", "2"]);
    let started = Instant::now();
    let out = fetch(&site, lib.path(), &args);
    let r = report(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "failures count in the exit status"
    );
    assert_eq!(
        r["imported"], 2,
        "the 500s and the 429 succeed on retry: {r}"
    );
    let failed = r["failed"].as_array().unwrap();
    for (path, reason) in cases {
        let Some(reason) = reason else { continue };
        assert!(
            failed
                .iter()
                .any(|f| f["path"].as_str().unwrap().ends_with(path)
                    && f["reason"].as_str().unwrap().contains(reason)),
            "{path} should fail with {reason:?}: {failed:#?}"
        );
    }
    assert_eq!(site.count("/flaky.html"), 3, "two 500s, then success");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After is waited for"
    );

    let r = report(&fetch(
        &site,
        lib.path(),
        &[&site.url("cn.chinadaily.com.cn", "/gb2312.html")],
    ));
    assert_eq!(
        r["imported"], 1,
        "a GB2312 page without charset header: {r}"
    );
    let v = common::json(lib.path(), &["--no-demo", "search", "修复"]);
    assert_eq!(v["hits"][0]["title"], "古籍修复师的一天");

    let out = broadsheet()
        .arg("--library")
        .arg(lib.path())
        .args(["fetch", "ftp://example.org/x.html"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("only http and https"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn politeness_delay_and_two_connections_per_host() {
    let site = MockSite::start();
    let lib = tempfile::tempdir().unwrap();
    let urls: Vec<String> = site
        .article_urls()
        .into_iter()
        .filter(|u| u.contains("//www.chinadaily.com.cn"))
        .take(3)
        .collect();
    assert_eq!(urls.len(), 3);
    let mut args: Vec<&str> = urls.iter().map(String::as_str).collect();
    args.extend(["--delay-ms", "300"]);
    let started = Instant::now();
    let r = report(&fetch(&site, lib.path(), &args));
    assert_eq!(r["imported"], 3);
    // robots.txt + 3 pages + their images on one host, 300 ms apart.
    let on_host = site
        .seen
        .lock()
        .unwrap()
        .requests
        .iter()
        .filter(|r| r.0 == "www.chinadaily.com.cn")
        .count();
    assert!(
        started.elapsed() >= Duration::from_millis(300 * (on_host as u64 - 1)),
        "{on_host} requests in {:?}",
        started.elapsed()
    );

    let lib = tempfile::tempdir().unwrap();
    *site.article_delay.lock().unwrap() = Duration::from_millis(200);
    let all = site.article_urls();
    let args: Vec<&str> = all.iter().map(String::as_str).collect();
    assert_eq!(report(&fetch(&site, lib.path(), &args))["imported"], 17);
    let seen = site.seen.lock().unwrap();
    assert!(
        seen.max_in_flight.values().all(|&n| n <= 2),
        "at most 2 connections per host: {:?}",
        seen.max_in_flight
    );
}

#[test]
fn other_editions_of_a_story() {
    let site = MockSite::start();
    let lib = tempfile::tempdir().unwrap();
    let global = site.article_urls().into_iter().find(|u| {
        u.contains("//www.chinadaily.com.cn") && {
            let page = std::fs::read_to_string(
                common::root().join("assets/demo/global-lunar-sample-exhibition.html"),
            )
            .unwrap();
            page.contains(&u[u.find("/a/").unwrap()..])
        }
    });
    let r = report(&fetch(
        &site,
        lib.path(),
        &[&global.unwrap(), "--with-editions"],
    ));
    assert_eq!(r["imported"], 3, "Global, 中文 and Français: {r}");
}

/// Twenty downloads killed (SIGKILL) at random moments, four into each of
/// five libraries: after every kill the library opens, `check` finds store
/// and index in agreement, nothing is saved twice; then a last run
/// completes the section.
#[test]
fn killed_fetches_resume_without_duplicates() {
    let site = MockSite::start();
    *site.article_delay.lock().unwrap() = Duration::from_millis(150);
    let section = site.url("www.chinadaily.com.cn", "/world/page_1.html");
    let mut seed: u64 = 0xF37C;
    let mut kills = 0;
    for _ in 0..5 {
        let lib = tempfile::tempdir().unwrap();
        for _ in 0..4 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let mut cmd = broadsheet();
            cmd.arg("--library")
                .arg(lib.path())
                .args([
                    "--no-demo",
                    "fetch",
                    "--section",
                    &section,
                    "--delay-ms",
                    "0",
                ])
                .args(site.resolve_args());
            let mut child = cmd
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap();
            std::thread::sleep(Duration::from_millis(30 + (seed >> 33) % 400));
            if child.try_wait().unwrap().is_none() {
                child.kill().unwrap(); // SIGKILL, mid-crawl
                kills += 1;
            }
            child.wait().unwrap();
            let saved = count(lib.path());
            assert!(saved <= 17, "{saved} articles: something was saved twice");
            let out = broadsheet()
                .arg("--library")
                .arg(lib.path())
                .arg("check")
                .output()
                .unwrap();
            assert!(out.status.success(), "{}", text(&out.stdout));
        }
        let partial = count(lib.path());
        let r = report(&fetch(&site, lib.path(), &["--section", &section]));
        assert_eq!(
            r["imported"].as_u64().unwrap() as usize,
            17 - partial,
            "{r}"
        );
        assert_eq!(count(lib.path()), 17, "every article once");
    }
    assert!(
        kills >= 15,
        "only {kills} of 20 downloads were killed before they ended"
    );
}

#[test]
fn downloads_started_through_the_api_report_progress() {
    use common::http::{json as get_json, post, serve_with, wait_for_job};
    let site = MockSite::start();
    let lib = tempfile::tempdir().unwrap();
    let mut args = vec!["--no-demo".to_string(), "--delay-ms".into(), "0".into()];
    args.extend(site.resolve_args());
    let server = serve_with(lib.path(), "127.0.0.1", &args);
    let section = site.url("www.chinadaily.com.cn", "/world/page_1.html");
    let body = serde_json::json!({ "section": section, "limit": 5 }).to_string();
    let (status, job) = post(server.port, "/api/fetch", &body);
    assert_eq!(status, 200, "{job}");
    assert_eq!(job["kind"], "fetch");
    let job = wait_for_job(server.port, job);
    assert_eq!(job["state"], "done", "{job}");
    assert_eq!(job["report"]["imported"], 5, "{job}");
    assert_eq!(
        (job["done"].as_u64(), job["total"].as_u64()),
        (Some(5), Some(5))
    );
    assert!(job["bytes"].as_u64().unwrap() > 10_000, "{job}");
    let (_, list) = get_json(server.port, "/api/library");
    assert_eq!(list["total"], 5);
    // Saved articles are searchable through the same server at once.
    let title = list["articles"][0]["title"].as_str().unwrap().to_string();
    let word = title.split_whitespace().max_by_key(|w| w.len()).unwrap();
    let q: String = word.chars().filter(|c| c.is_alphanumeric()).collect();
    let (_, hits) = get_json(server.port, &format!("/api/search?q={q}"));
    assert!(hits["total"].as_u64().unwrap() >= 1, "{q}: {hits}");

    // Follow the feed and update: what it lists beyond the five is saved.
    let feed = site.url("www.chinadaily.com.cn", "/rss/world_rss.xml");
    let body = serde_json::json!({ "url": feed, "kind": "feed" }).to_string();
    let (status, sub) = post(server.port, "/api/subscriptions", &body);
    assert_eq!((status, sub["added"].as_bool()), (200, Some(true)), "{sub}");
    let (_, subs) = get_json(server.port, "/api/subscriptions");
    assert_eq!(subs, serde_json::json!([{ "url": feed, "kind": "feed" }]));
    let (status, job) = post(server.port, "/api/update", "{}");
    assert_eq!(status, 200, "{job}");
    let job = wait_for_job(server.port, job);
    assert_eq!(job["state"], "done", "{job}");
    let new = job["report"]["imported"].as_u64().unwrap();
    assert!(new > 0, "{job}");
    let (_, list) = get_json(server.port, "/api/library");
    assert_eq!(list["total"].as_u64(), Some(5 + new));

    // A feed that is not there fails the job with the reason.
    let body =
        serde_json::json!({ "feed": site.url("www.chinadaily.com.cn", "/no-such-feed.xml") });
    let (_, job) = post(server.port, "/api/fetch", &body.to_string());
    let job = wait_for_job(server.port, job);
    assert_eq!(job["state"], "failed", "{job}");
    assert_eq!(job["error"]["code"], "fetch_failed", "{job}");
    assert!(
        job["error"]["message"].as_str().unwrap().contains("404"),
        "{job}"
    );
}

/// A port on 127.0.0.1 where nothing listens (bound, then let go).
fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A port on 127.0.0.1 that is open but speaks another protocol (it sends
/// an SSH banner and hangs up), as a port scan would find one.
fn other_protocol_port() -> u16 {
    use std::io::Write;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for mut s in listener.incoming().flatten() {
            let _ = s.write_all(b"SSH-2.0-OpenSSH_9.6\r\n");
        }
    });
    port
}

fn failures(r: &serde_json::Value) -> Vec<(String, String)> {
    r["failed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Regression: the loopback address, written as a name, an IPv6 address, a
/// decimal or a hex number, was downloaded from like any other host.
#[test]
fn regression_loopback_in_any_form_is_refused_without_a_request() {
    let site = MockSite::start();
    let lib = tempfile::tempdir().unwrap();
    let p = site.port;
    for url in [
        format!("http://127.0.0.1:{p}/internal-only.html"),
        format!("http://localhost:{p}/internal-only.html"),
        format!("http://[::1]:{p}/internal-only.html"),
        format!("http://2130706433:{p}/internal-only.html"),
        format!("http://0x7f.0.0.1:{p}/internal-only.html"),
        format!("http://[::ffff:127.0.0.1]:{p}/internal-only.html"),
        format!("http://0.0.0.0:{p}/internal-only.html"),
    ] {
        // The demo hosts are sent to 127.0.0.1 by --resolve: no help here.
        let out = fetch(&site, lib.path(), &[&url]);
        let r = report(&out);
        assert_eq!(
            (out.status.code(), r["imported"].as_u64()),
            (Some(1), Some(0)),
            "{url}: {r}"
        );
        let failed = failures(&r);
        assert!(
            failed.len() == 1
                && failed[0].1.contains("refused: ")
                && (failed[0].1.contains("is an internal address (")
                    || failed[0]
                        .1
                        .contains("localhost resolves only to internal addresses")),
            "{url}: {failed:?}"
        );
    }
    assert_eq!(site.requests(), 0, "no request reached the site");
    assert_eq!(count(lib.path()), 0);

    // The same page under a name --resolve sends here is downloaded.
    let url = site.url("www.chinadaily.com.cn", "/internal-only.html");
    let r = report(&fetch(&site, lib.path(), &[&url]));
    assert_eq!(r["imported"], 1, "{r}");
    assert_eq!(site.count("/internal-only.html"), 1);
}

/// Regression: a public page redirecting to 127.0.0.1 was followed there.
#[test]
fn regression_a_redirect_to_loopback_is_refused() {
    let site = MockSite::start();
    let lib = tempfile::tempdir().unwrap();
    let r = report(&fetch(
        &site,
        lib.path(),
        &[&site.url("www.chinadaily.com.cn", "/to-loopback.html")],
    ));
    let failed = failures(&r);
    assert!(
        failed.len() == 1
            && failed[0].0.ends_with("/to-loopback.html")
            && failed[0]
                .1
                .contains("refused: 127.0.0.1 is an internal address (loopback)"),
        "{failed:?}"
    );
    assert_eq!(site.count("/to-loopback.html"), 1);
    assert_eq!(
        site.count("/internal-only.html"),
        0,
        "the redirect is not followed"
    );
}

/// Regression: an article's image on 127.0.0.1 was downloaded with it.
#[test]
fn regression_an_image_on_loopback_is_left_out_and_reported() {
    let site = MockSite::start();
    let lib = tempfile::tempdir().unwrap();
    let r = report(&fetch(
        &site,
        lib.path(),
        &[&site.url("www.chinadaily.com.cn", "/loopback-image.html")],
    ));
    assert_eq!(r["imported"], 1, "the article is saved: {r}");
    let image = format!("http://127.0.0.1:{}/x.jpg", site.port);
    let failed = failures(&r);
    assert!(
        failed.len() == 1
            && failed[0].0.ends_with(&format!("(image {image})"))
            && failed[0]
                .1
                .contains("refused: 127.0.0.1 is an internal address"),
        "{failed:?}"
    );
    assert_eq!(site.count("/x.jpg"), 0, "the image is not requested");
    let id = common::ok(lib.path(), &["--no-demo", "list", "--ids"])
        .trim()
        .to_string();
    let a = json(lib.path(), &["--no-demo", "show", &id]);
    let images = a["images"].as_array().unwrap();
    assert!(
        images
            .iter()
            .any(|i| i["src"] == image.as_str() && i["local"].is_null()),
        "{images:?}"
    );
}

/// Regression: a feed's items on loopback addresses were downloaded.
#[test]
fn regression_feed_items_on_loopback_are_skipped() {
    let site = MockSite::start();
    let lib = tempfile::tempdir().unwrap();
    let r = report(&fetch(
        &site,
        lib.path(),
        &[
            "--feed",
            &site.url("www.chinadaily.com.cn", "/rss/loopback.xml"),
        ],
    ));
    assert_eq!(r["imported"], 1, "the one public item: {r}");
    let failed = failures(&r);
    assert_eq!(failed.len(), 3, "{failed:?}");
    assert!(
        failed.iter().all(|f| f.1.contains("refused: ")),
        "{failed:?}"
    );
    assert_eq!(site.count("/internal-only.html"), 0);
}

/// Starts a download job through the API with these headers and waits for
/// its end (30 s at most): the job as the API last told it.
fn api_job(port: u16, headers: &[(&str, &str)], body: &serde_json::Value) -> serde_json::Value {
    use common::http::{get, post_with};
    let (status, job) = post_with(port, "/api/fetch", &body.to_string(), headers);
    assert_eq!(status, 200, "{job}");
    let path = format!("/api/jobs/{}", job["id"]);
    let auth: Vec<(&str, &str)> = headers
        .iter()
        .copied()
        .filter(|(k, _)| *k == "Authorization")
        .collect();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (_, _, body) = get(port, &path, &auth);
        let job: serde_json::Value = serde_json::from_slice(&body).unwrap();
        if job["state"] != "running" || Instant::now() > deadline {
            return job;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Regression: through the API (`serve --host 0.0.0.0`, with the token) a
/// client read a loopback-only page, and job errors told open ports from
/// closed ones.
#[test]
fn regression_api_downloads_reach_no_loopback_and_tell_no_port_state() {
    use common::http::serve_with;
    let site = MockSite::start();
    let lib = tempfile::tempdir().unwrap();
    let (open, closed) = (other_protocol_port(), closed_port());
    let mut args: Vec<String> = ["--no-demo", "--delay-ms", "0", "--retries", "0"]
        .map(String::from)
        .to_vec();
    args.extend(site.resolve_args());
    args.extend([
        "--resolve".into(),
        format!("open.example.org:{open}:127.0.0.1"),
        "--resolve".into(),
        format!("closed.example.org:{closed}:127.0.0.1"),
    ]);
    let server = serve_with(lib.path(), "0.0.0.0", &args);
    let token = server.token.clone().expect("a token beyond loopback");
    let auth = format!("Bearer {token}");
    let headers = [
        ("Content-Type", "application/json"),
        ("Authorization", auth.as_str()),
    ];
    let job = |body: serde_json::Value| api_job(server.port, &headers, &body);

    // The page itself, by address: refused, whatever listens there.
    let page = |port: u16| format!("http://127.0.0.1:{port}/internal-only.html");
    let reason = |port: u16| {
        let j = job(serde_json::json!({ "urls": [page(port)] }));
        assert_eq!(j["report"]["imported"], 0, "{j}");
        let failed = failures(&j["report"]);
        assert_eq!(failed.len(), 1, "{j}");
        failed[0].1.replace(&port.to_string(), "PORT")
    };
    let (site_open, other_open, shut) = (reason(site.port), reason(open), reason(closed));
    assert!(
        site_open.contains("refused: 127.0.0.1 is an internal address"),
        "{site_open}"
    );
    assert_eq!((&site_open, &other_open), (&shut, &shut));
    assert_eq!(site.requests(), 0, "the page was not read");

    // A feed at a name --resolve sends to an open port or a closed one: the
    // job fails the same way for both.
    let error = |host: &str, port: u16| {
        let url = format!("http://{host}:{port}/feed.xml");
        let j = job(serde_json::json!({ "feed": url }));
        assert_eq!(j["state"], "failed", "{j}");
        assert_eq!(j["error"]["code"], "fetch_failed", "{j}");
        j["error"]["message"].as_str().unwrap().replace(&url, "URL")
    };
    let (a, b) = (
        error("open.example.org", open),
        error("closed.example.org", closed),
    );
    assert_eq!(a, b, "an open port and a closed one look alike");
    assert!(a.starts_with("URL: no HTTP answer"), "{a}");
    let j = job(serde_json::json!({ "feed": page(site.port) }));
    assert_eq!(j["state"], "failed", "{j}");
    assert_eq!(j["error"]["code"], "refused", "{j}");
    assert_eq!(
        j["error"]["message"]
            .as_str()
            .unwrap()
            .replace(&site.port.to_string(), "PORT"),
        format!(
            "{}: {shut}",
            page(site.port).replace(&site.port.to_string(), "PORT")
        ),
        "a failed job says the same (the report's line leaves out its URL)"
    );
    assert_eq!(site.requests(), 0);

    // The command line tells its own user the details.
    let cli = |host: &str, port: u16| {
        let out = broadsheet()
            .arg("--library")
            .arg(lib.path())
            .args([
                "--no-demo",
                "fetch",
                "--retries",
                "0",
                "--timeout",
                "2",
                "--feed",
            ])
            .arg(format!("http://{host}:{port}/feed.xml"))
            .args(["--resolve", &format!("{host}:{port}:127.0.0.1")])
            .output()
            .unwrap();
        text(&out.stderr)
    };
    let (a, b) = (
        cli("open.example.org", open),
        cli("closed.example.org", closed),
    );
    assert!(b.contains("cannot connect"), "{b}");
    assert!(!a.contains("cannot connect"), "{a}");
}
