//! The HTTP/JSON API through `broadsheet serve`, started on 127.0.0.1 with
//! a free port: listing, articles, images with ETags, search, suggestions,
//! editions, errors as JSON with the right status, the access token a
//! server beyond loopback demands, and the bounds that keep one request
//! (or a page elsewhere) from taking the server over.

mod common;

use common::http::{get, header, json, peak_memory_kib, post, post_with, serve};
use std::time::{Duration, Instant};

#[test]
fn library_articles_images_search_and_errors() {
    let lib = tempfile::tempdir().unwrap();
    let server = serve(lib.path(), "127.0.0.1"); // an empty library gets the demo
    let port = server.port;

    let (status, sites) = json(port, "/api/sites");
    assert_eq!(status, 200);
    assert_eq!(sites["sites"][0]["time_zone"], "+08:00");
    let zh = sites["sites"][0]["editions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["code"] == "zh")
        .unwrap();
    assert_eq!(
        (zh["label"].as_str(), zh["articles"].as_u64()),
        (Some("中文"), Some(5))
    );

    let (_, page) = json(port, "/api/library?edition=fr&per_page=2");
    assert_eq!(
        (
            page["total"].as_u64(),
            page["articles"].as_array().unwrap().len()
        ),
        (Some(3), 2)
    );
    let (_, page2) = json(port, "/api/library?edition=fr&per_page=2&page=2");
    assert_eq!(page2["articles"].as_array().unwrap().len(), 1);

    // An article of a story in three editions, with its images and its other editions.
    let (_, found) = json(port, "/api/search?q=%22Lunar%20samples%22");
    let id = found["hits"][0]["id"].as_str().unwrap().to_string();
    let (status, article) = json(port, &format!("/api/articles/{id}"));
    assert_eq!(status, 200);
    assert!(article["blocks"].as_array().unwrap().len() > 3);
    let also: Vec<&str> = article["also_in"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["edition"].as_str().unwrap())
        .collect();
    assert_eq!(also.len(), 2, "{also:?}");
    assert!(also.contains(&"zh") && also.contains(&"fr"));

    let hash = article["images"][0]["local"]
        .as_str()
        .expect("an offline image")
        .to_string();
    let (status, headers, bytes) = get(port, &format!("/api/images/{hash}"), &[]);
    assert_eq!(
        (status, header(&headers, "content-type")),
        (200, Some("image/jpeg"))
    );
    assert!(bytes.starts_with(&[0xFF, 0xD8, 0xFF]));
    let etag = header(&headers, "etag").unwrap().to_string();
    let (status, _, body) = get(
        port,
        &format!("/api/images/{hash}"),
        &[("If-None-Match", &etag)],
    );
    assert_eq!((status, body.len()), (304, 0));

    let (status, results) = json(port, "/api/search?q=%E7%86%8A%E7%8C%AB&sort=date"); // 熊猫
    assert_eq!(status, 200);
    assert!(results["total"].as_u64().unwrap() >= 1);
    assert!(
        results["hits"][0]["snippet"]
            .as_str()
            .unwrap()
            .contains("<mark>熊猫</mark>")
    );
    let (status, suggestions) = json(port, "/api/suggest?q=lunr%20sam");
    assert_eq!(status, 200);
    assert!(!suggestions.as_array().unwrap().is_empty());

    for (path, want_status, code) in [
        ("/api/search?q=%22unclosed", 400, "bad_request"),
        ("/api/search?q=x&edition=klingon", 400, "bad_request"),
        ("/api/library?page=two", 400, "bad_request"),
        ("/api/articles/ffffffffffff", 404, "not_found"),
        ("/api/images/../../library.sqlite", 404, "not_found"),
        (&format!("/api/images/{}", "0".repeat(64)), 404, "not_found"),
        ("/api/images/nothex", 400, "bad_request"),
        ("/etc/passwd", 404, "not_found"),
    ] {
        let (status, body) = json(port, path);
        assert_eq!(
            (status, body["code"].as_str()),
            (want_status, Some(code)),
            "{path}: {body}"
        );
        assert!(!body["message"].as_str().unwrap().is_empty());
    }
    // Regression: a page far down made the collector ask for gigabytes.
    let (status, body) = json(port, "/api/search?q=a&page=100000000");
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("bad_request")),
        "{body}"
    );
    // Regression: a date out of chrono's range panicked (and poisoned the index lock).
    let (status, _) = json(port, "/api/search?q=tea&since=-262143-01-01");
    assert_eq!(status, 400);
    let (status, _) = json(port, "/api/search?q=tea");
    assert_eq!(status, 200, "the server still answers");
    // DNS rebinding: a request addressed to another name is refused.
    let (status, _, body) = get(port, "/api/sites", &[("Host", "evil.example:8080")]);
    assert_eq!(status, 403, "{}", String::from_utf8_lossy(&body));
}

#[test]
fn marks_and_reading_positions() {
    let lib = tempfile::tempdir().unwrap();
    let server = serve(lib.path(), "127.0.0.1");
    let port = server.port;
    let (_, found) = json(port, "/api/search?q=%22Lunar%20samples%22");
    let id = found["hits"][0]["id"].as_str().unwrap().to_string();
    let (status, state) = post(
        port,
        &format!("/api/articles/{id}/state"),
        r#"{"favourite": true, "read": true, "position": 0.5}"#,
    );
    assert_eq!(status, 200, "{state}");
    assert_eq!(
        (
            state["favourite"].as_bool(),
            state["read"].as_bool(),
            state["position"].as_f64()
        ),
        (Some(true), Some(true), Some(0.5))
    );
    let (_, article) = json(port, &format!("/api/articles/{id}"));
    assert_eq!(article["state"]["favourite"], true);
    let (_, favourites) = json(port, "/api/library?favourite=1");
    assert_eq!(favourites["total"], 1);
    let (_, unread) = json(port, "/api/library?read=false");
    assert_eq!(unread["total"], 16);
    let (_, found) = json(port, "/api/search?q=is:favourite");
    assert_eq!(found["total"], 1, "the index follows the marks");
    let (status, body) = post(port, &format!("/api/articles/{id}/state"), "not json");
    assert_eq!((status, body["code"].as_str()), (400, Some("bad_request")));
    let (status, _) = post(
        port,
        &format!("/api/articles/{id}/state"),
        r#"{"position": 2.0}"#,
    );
    assert_eq!(status, 400);
    let (status, _) = post(
        port,
        "/api/articles/ffffffffffff/state",
        r#"{"read": true}"#,
    );
    assert_eq!(status, 404);
}

#[test]
fn beyond_loopback_every_request_needs_the_token() {
    let lib = tempfile::tempdir().unwrap();
    let server = serve(lib.path(), "0.0.0.0");
    let token = server.token.clone().expect("a token is printed");
    assert_eq!(token.len(), 32);
    for path in [
        "/api/sites",
        "/api/library",
        "/api/search?q=tea",
        "/nothing",
    ] {
        let (status, body) = json(server.port, path);
        assert_eq!(
            (status, body["code"].as_str()),
            (401, Some("unauthorized")),
            "{path}"
        );
    }
    let (status, _, _) = get(
        server.port,
        "/api/sites",
        &[("Authorization", "Bearer wrong")],
    );
    assert_eq!(status, 401);
    let (status, _, _) = get(
        server.port,
        "/api/sites",
        &[("Authorization", &format!("Bearer {token}"))],
    );
    assert_eq!(status, 200);
    let (status, _, _) = get(
        server.port,
        &format!("/api/search?q=tea&token={token}"),
        &[],
    );
    assert_eq!(status, 200);
}

#[test]
fn token_from_the_address_becomes_a_cookie_for_the_page_and_its_files() {
    let lib = tempfile::tempdir().unwrap();
    let server = serve(lib.path(), "0.0.0.0");
    let token = server.token.clone().unwrap();
    let (status, headers, _) = get(server.port, &format!("/?token={token}"), &[]);
    assert_ne!(status, 401);
    let port = server.port;
    let cookie = header(&headers, "set-cookie").expect("a cookie is set");
    assert!(
        cookie.starts_with(&format!("broadsheet_token_{port}={token};")),
        "{cookie}"
    );
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
    let with_cookie = format!("broadsheet_token_{port}={token}");
    let (status, headers, _) = get(server.port, "/api/sites", &[("Cookie", &with_cookie)]);
    assert_eq!(status, 200);
    assert_eq!(
        header(&headers, "set-cookie"),
        None,
        "set once, not on every answer"
    );
    let (status, _, _) = get(
        server.port,
        "/api/sites",
        &[("Cookie", &format!("broadsheet_token_{port}=0000"))],
    );
    assert_eq!(status, 401);
}

/// Regression: the token's cookie went to every port of the host (cookies
/// ignore ports), and token-protected images were cached `public`.
#[test]
fn regression_token_cookie_went_to_every_port_and_private_images_were_public() {
    let lib = tempfile::tempdir().unwrap();
    let server = serve(lib.path(), "0.0.0.0");
    let (port, token) = (server.port, server.token.clone().unwrap());
    let (_, headers, _) = get(port, &format!("/?token={token}"), &[]);
    let cookie = header(&headers, "set-cookie").unwrap();
    assert!(
        cookie.starts_with(&format!("broadsheet_token_{port}=")),
        "{cookie}"
    );
    // A cookie set by a server on another port (the old, port-less name) is not this server's.
    let (status, _, _) = get(
        port,
        "/api/sites",
        &[("Cookie", &format!("broadsheet_token={token}"))],
    );
    assert_eq!(status, 401);
    let with_cookie = format!("broadsheet_token_{port}={token}");
    let hash = first_image(port, &[("Cookie", &with_cookie)]);
    let (status, headers, _) = get(
        port,
        &format!("/api/images/{hash}"),
        &[("Cookie", &with_cookie)],
    );
    assert_eq!(status, 200);
    let cache = header(&headers, "cache-control").unwrap();
    assert!(
        cache.starts_with("private") && !cache.contains("public"),
        "{cache}"
    );
    // On loopback (no token), images may be kept by any cache.
    let local = serve(lib.path(), "127.0.0.1");
    let (status, headers, _) = get(local.port, &format!("/api/images/{hash}"), &[]);
    assert_eq!(status, 200);
    assert!(
        header(&headers, "cache-control")
            .unwrap()
            .starts_with("public")
    );
}

/// The hash of an image of the library's first article that has one.
fn first_image(port: u16, extra: &[(&str, &str)]) -> String {
    let (_, _, body) = get(port, "/api/library?per_page=200", extra);
    let list: serde_json::Value = serde_json::from_slice(&body).unwrap();
    for a in list["articles"].as_array().unwrap() {
        let path = format!("/api/articles/{}", a["id"].as_str().unwrap());
        let (_, _, body) = get(port, &path, extra);
        let article: serde_json::Value = serde_json::from_slice(&body).unwrap();
        if let Some(hash) = article["images"][0]["local"].as_str() {
            return hash.to_string();
        }
    }
    panic!("no article has an offline image");
}

/// Regression: `/api/images/{hash}` served whatever media type the `images`
/// table held, so a crafted backup's HTML or SVG ran script in the
/// server's origin.
#[test]
fn regression_stored_html_and_svg_were_served_as_documents() {
    let lib = tempfile::tempdir().unwrap();
    let server = serve(lib.path(), "127.0.0.1");
    let port = server.port;
    let jpeg_hash = first_image(port, &[]);
    let images = lib.path().join("images");
    let jpeg = std::fs::read(images.join(&jpeg_hash[..2]).join(&jpeg_hash)).unwrap();
    let html = b"<!doctype html><html><script>fetch('/api/library')</script></html>".to_vec();
    let svg =
        br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#.to_vec();
    let db = rusqlite::Connection::open(lib.path().join("library.sqlite")).unwrap();
    let mut planted = Vec::new();
    for (i, (bytes, mime)) in [
        (html, "text/html"),
        (svg, "image/svg+xml"),
        (jpeg, "text/html"), // a real JPEG the table calls HTML
    ]
    .into_iter()
    .enumerate()
    {
        let hash = format!("{i}").repeat(64);
        std::fs::create_dir_all(images.join(&hash[..2])).unwrap();
        std::fs::write(images.join(&hash[..2]).join(&hash), &bytes).unwrap();
        db.execute(
            "INSERT INTO images (hash, mime, size) VALUES (?1, ?2, ?3)",
            rusqlite::params![hash, mime, bytes.len() as i64],
        )
        .unwrap();
        planted.push(hash);
    }
    drop(db);
    for hash in &planted[..2] {
        let (status, headers, body) = get(port, &format!("/api/images/{hash}"), &[]);
        let kind = header(&headers, "content-type").unwrap_or("");
        assert!(
            !kind.contains("html") && !kind.contains("svg") && !kind.starts_with("image/"),
            "{hash}: {kind}"
        );
        let e: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(
            (status, e["code"].as_str()),
            (415, Some("unsupported_media_type")),
            "{e}"
        );
        assert!(!String::from_utf8_lossy(&body).contains("<script>"));
        image_headers(&headers);
    }
    let (status, headers, _) = get(port, &format!("/api/images/{}", planted[2]), &[]);
    assert_eq!(
        (status, header(&headers, "content-type")),
        (200, Some("image/jpeg")),
        "the type comes from the bytes, not the table"
    );
    image_headers(&headers);
    let (status, headers, _) = get(port, &format!("/api/images/{jpeg_hash}"), &[]);
    assert_eq!(status, 200);
    image_headers(&headers);
    let (status, headers, _) = get(
        port,
        &format!("/api/images/{jpeg_hash}"),
        &[("If-None-Match", &format!("\"{jpeg_hash}\""))],
    );
    assert_eq!(status, 304);
    image_headers(&headers);
}

/// Every image answer carries the core's image headers.
fn image_headers(headers: &[(String, String)]) {
    for (name, value) in broadsheet::api::IMAGE_HEADERS {
        assert_eq!(header(headers, name), Some(value), "{name}");
    }
    assert_eq!(
        header(headers, "content-security-policy"),
        Some("default-src 'none'; sandbox")
    );
    assert_eq!(header(headers, "x-content-type-options"), Some("nosniff"));
}

/// Regression: a cross-site `GET /api/suggest` with a 60 KB query took
/// 2.8 GB and 11.5 s (one typo-tolerant automaton per word, all at once).
#[test]
fn regression_a_60_kb_query_took_gigabytes_and_seconds() {
    let lib = tempfile::tempdir().unwrap();
    let server = serve(lib.path(), "127.0.0.1");
    let port = server.port;
    // Warm up, so that the peak below is the server's ordinary one.
    assert_eq!(json(port, "/api/suggest?q=lunr+sam").0, 200);
    assert_eq!(json(port, "/api/search?q=lunar+samples").0, 200);
    let before = peak_memory_kib(server.pid());
    let words = ["exhibition", "lunaire", "samples", "marathons", "railways"];
    let mut q = String::new();
    for w in words.iter().cycle() {
        if q.len() >= 61_440 {
            break;
        }
        q.push_str(w);
        q.push('+');
    }
    q.truncate(61_440);
    for route in ["suggest", "search"] {
        let started = Instant::now();
        let (status, e) = json(port, &format!("/api/{route}?q={q}"));
        let took = started.elapsed();
        assert_eq!(
            (status, e["code"].as_str()),
            (400, Some("bad_request")),
            "{e}"
        );
        assert!(
            e["message"]
                .as_str()
                .unwrap()
                .contains("the query is 61,440 characters long; at most 1,000 are read"),
            "{e}"
        );
        assert!(took < Duration::from_millis(500), "{route}: {took:?}");
    }
    let grew = peak_memory_kib(server.pid()).saturating_sub(before);
    assert!(grew < 32 * 1024, "peak memory grew by {grew} KiB");
    // At the limits, queries are answered.
    let at_limit = format!("lunar{} OR samples", " OR internationalisation".repeat(41));
    assert_eq!(at_limit.chars().count(), 1_000);
    let (status, found) = json(
        port,
        &format!("/api/search?q={}", at_limit.replace(' ', "+")),
    );
    assert_eq!(status, 200, "{found}");
    assert!(found["total"].as_u64().unwrap() > 0);
    let typed = format!("{}{}", "lunar+".repeat(15), "x".repeat(910));
    let (status, suggestions) = json(port, &format!("/api/suggest?q={typed}"));
    assert_eq!(status, 200, "{suggestions}");
    assert!(suggestions.is_array());
    let grew = peak_memory_kib(server.pid()).saturating_sub(before);
    assert!(grew < 32 * 1024, "peak memory grew by {grew} KiB");
}

/// Regression: a page elsewhere could read the API (searches and
/// suggestions cost the server, and answered it the library).
#[test]
fn regression_cross_site_pages_could_read_the_api() {
    let lib = tempfile::tempdir().unwrap();
    let server = serve(lib.path(), "127.0.0.1");
    let port = server.port;
    for path in [
        "/api/suggest?q=lunar",
        "/api/search?q=lunar",
        "/api/library",
    ] {
        for site in ["cross-site", "same-site"] {
            let (status, _, body) = get(port, path, &[("Sec-Fetch-Site", site)]);
            let e: serde_json::Value = serde_json::from_slice(&body).unwrap();
            assert_eq!(
                (status, e["code"].as_str()),
                (403, Some("forbidden")),
                "{path} {site}"
            );
        }
        for extra in [
            &[("Sec-Fetch-Site", "same-origin")][..],
            &[("Sec-Fetch-Site", "none")][..],
            &[][..], // curl
        ] {
            let (status, _, _) = get(port, path, extra);
            assert_eq!(status, 200, "{path} {extra:?}");
        }
    }
    // The interface's own files still load from anywhere (a link, a bookmark).
    let (status, _, _) = get(port, "/", &[("Sec-Fetch-Site", "cross-site")]);
    assert_ne!(status, 403);
}

#[test]
fn the_interface_is_served_with_etag_and_csp() {
    let lib = tempfile::tempdir().unwrap();
    let server = serve(lib.path(), "127.0.0.1");
    let port = server.port;
    // Unknown API routes stay JSON errors, whatever the method.
    let (status, body) = json(port, "/api/nothing/here");
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")));
    let (status, body) = post(port, "/api/library", "{}");
    assert_eq!(status, 405, "{body}");

    let built = common::root().join("ui/dist/index.html").exists();
    let (status, headers, body) = get(port, "/", &[]);
    if !built {
        // `cargo test` before the interface was built (`make test` builds
        // it first): a clear answer.
        assert_eq!(status, 404);
        assert!(String::from_utf8_lossy(&body).contains("make ui"));
        return;
    }
    assert_eq!(status, 200);
    assert_eq!(
        header(&headers, "content-type"),
        Some("text/html; charset=utf-8")
    );
    let csp = header(&headers, "content-security-policy").expect("a CSP");
    for part in [
        "default-src 'none'",
        "script-src 'self'",
        "connect-src 'self'",
        "frame-ancestors 'none'",
    ] {
        assert!(csp.contains(part), "{csp} lacks {part}");
    }
    assert_eq!(header(&headers, "cache-control"), Some("no-cache"));
    let etag = header(&headers, "etag").expect("an ETag").to_string();
    let html = String::from_utf8_lossy(&body).to_string();
    assert!(html.contains("assets/app.js"), "{html}");
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no remote loads: {html}"
    );

    let (status, _, body) = get(port, "/", &[("If-None-Match", &etag)]);
    assert_eq!((status, body.len()), (304, 0));
    let (status, headers, body) = get(port, "/assets/app.js", &[]);
    assert_eq!(status, 200);
    assert_eq!(
        header(&headers, "content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(body.len() > 1000);
    let js = String::from_utf8_lossy(&body);
    assert!(
        !js.contains("https://fonts.") && !js.contains("cdn."),
        "the bundle loads nothing remote"
    );
    // Views live in the fragment; other paths are not pages.
    let (status, body) = json(port, "/e/zh");
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")));
}

#[test]
fn sections_and_import_jobs_with_progress() {
    let lib = tempfile::tempdir().unwrap();
    let server = serve(lib.path(), "127.0.0.1");
    let port = server.port;
    let (status, sections) = json(port, "/api/sections?edition=zh");
    assert_eq!(status, 200);
    let sections = sections.as_array().unwrap();
    assert!(!sections.is_empty());
    let total: u64 = sections
        .iter()
        .map(|s| s["articles"].as_u64().unwrap())
        .sum();
    let (_, zh) = json(port, "/api/library?edition=zh");
    assert_eq!(
        total,
        zh["total"].as_u64().unwrap(),
        "every zh article has one section"
    );
    assert!(
        sections
            .iter()
            .all(|s| s["path"].as_str().unwrap().starts_with("中国日报网"))
    );
    let (status, body) = json(port, "/api/sections?edition=klingon");
    assert_eq!((status, body["code"].as_str()), (400, Some("bad_request")));

    // Import the fixtures (one of them refused) through the API.
    let fixtures = common::root().join("tests/fixtures/articles");
    let missing = lib.path().join("missing.html");
    let listing = lib.path().join("listing.html");
    std::fs::write(
        &listing,
        "<html><body><ul><li><a href='/a'>A</a></li></ul></body></html>",
    )
    .unwrap();
    let body = serde_json::json!({ "paths": [fixtures, missing, listing] }).to_string();
    let (status, job) = post(port, "/api/import", &body);
    assert_eq!(status, 200, "{job}");
    assert_eq!(
        (job["kind"].as_str(), job["state"].as_str()),
        (Some("import"), Some("running"))
    );
    let id = job["id"].as_u64().unwrap();
    let job = common::http::wait_for_job(port, job);
    assert_eq!(job["state"], "done", "{job}");
    let report = &job["report"];
    assert_eq!(report["imported"], 8, "{job}");
    assert_eq!(job["done"], job["total"]);
    // Each failure keeps its code for the interface to say in its language.
    let failed = report["failed"].as_array().unwrap();
    let codes: Vec<(&str, &str)> = failed
        .iter()
        .map(|f| {
            let path = f["path"].as_str().unwrap();
            (
                &path[path.rfind('/').unwrap() + 1..],
                f["code"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        codes,
        [
            ("missing.html", "not_found"),
            ("listing.html", "not_an_article")
        ],
        "{job}"
    );
    // The new articles are listed and searchable at once.
    let (_, list) = json(port, "/api/library?per_page=200");
    assert_eq!(list["total"], 17 + 8);
    let (_, jobs) = json(port, "/api/jobs");
    assert_eq!(jobs[0]["id"], id);

    // Requests that cannot start a job say why.
    for (path, body, words) in [
        ("/api/import", r#"{"paths":[]}"#, "at least one path"),
        ("/api/import", r#"{"paths":"#, "not valid"),
        (
            "/api/fetch",
            r#"{"urls":["ftp://example.com/a"]}"#,
            "only http and https URLs",
        ),
        ("/api/fetch", r#"{}"#, "needs urls, a section or a feed"),
    ] {
        let (status, e) = post(port, path, body);
        assert_eq!(status, 400, "{path} {body}: {e}");
        assert!(e["message"].as_str().unwrap().contains(words), "{e}");
    }
    let (status, _) = json(port, "/api/jobs/99");
    assert_eq!(status, 404);
    let (status, _) = json(port, "/api/jobs/x");
    assert_eq!(status, 404);
}

#[test]
fn changes_come_only_from_the_servers_own_pages() {
    let lib = tempfile::tempdir().unwrap();
    let server = serve(lib.path(), "127.0.0.1");
    let port = server.port;
    let (_, list) = json(port, "/api/library?per_page=1");
    let id = list["articles"][0]["id"].as_str().unwrap().to_string();
    let path = format!("/api/articles/{id}/state");
    let body = r#"{"favourite":true}"#;
    // What a page elsewhere can send without a preflight: a "simple" body.
    for content_type in ["text/plain", "application/x-www-form-urlencoded"] {
        let (status, e) = post_with(port, &path, body, &[("Content-Type", content_type)]);
        assert_eq!(
            (status, e["code"].as_str()),
            (415, Some("unsupported_media_type"))
        );
    }
    let json_type = ("Content-Type", "application/json");
    for header in [
        ("Origin", "https://evil.example"),
        ("Origin", "null"),
        ("Sec-Fetch-Site", "cross-site"),
        ("Sec-Fetch-Site", "same-site"),
    ] {
        let (status, e) = post_with(port, &path, body, &[json_type, header]);
        assert_eq!(
            (status, e["code"].as_str()),
            (403, Some("forbidden")),
            "{header:?}"
        );
    }
    let (status, e) = post_with(
        port,
        "/api/import",
        r#"{"paths":["/etc"]}"#,
        &[json_type, ("Origin", "http://localhost:1")],
    );
    assert_eq!(status, 403, "{e}");
    let (_, jobs) = json(port, "/api/jobs");
    assert_eq!(jobs, serde_json::json!([]), "no job was started");
    let (_, article) = json(port, &format!("/api/articles/{id}"));
    assert_eq!(article["state"]["favourite"], false, "nothing was changed");
    // The interface's own requests pass.
    let origin = format!("http://127.0.0.1:{port}");
    let (status, state) = post_with(
        port,
        &path,
        body,
        &[
            json_type,
            ("Origin", &origin),
            ("Sec-Fetch-Site", "same-origin"),
        ],
    );
    assert_eq!((status, state["favourite"].as_bool()), (200, Some(true)));
}

#[test]
fn beyond_loopback_the_servers_files_are_not_imported() {
    let lib = tempfile::tempdir().unwrap();
    let server = serve(lib.path(), "0.0.0.0");
    let token = server.token.clone().unwrap();
    let auth = format!("Bearer {token}");
    let (status, e) = post_with(
        server.port,
        "/api/import",
        r#"{"paths":["/etc"]}"#,
        &[
            ("Content-Type", "application/json"),
            ("Authorization", &auth),
        ],
    );
    assert_eq!(
        (status, e["code"].as_str()),
        (403, Some("forbidden")),
        "{e}"
    );
}

#[test]
fn traversal_and_oversized_requests_are_refused() {
    let lib = tempfile::tempdir().unwrap();
    let server = serve(lib.path(), "127.0.0.1");
    let port = server.port;
    for path in [
        "/../Cargo.toml",
        "/assets/../../Cargo.toml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/assets/%2e%2e%2f%2e%2e%2fCargo.toml",
        "/api/images/..%2f..%2flibrary.sqlite",
        "/api/images/../../library.sqlite",
        "/library.sqlite",
        "/images",
    ] {
        let (status, _, body) = get(port, path, &[]);
        assert!(status == 404 || status == 400, "{path}: {status}");
        let body = String::from_utf8_lossy(&body);
        assert!(
            !body.contains("[package]")
                && !body.contains("root:")
                && !body.contains("SQLite format"),
            "{path}"
        );
    }
    // A body far beyond any request's need.
    let big = format!("{{\"favourite\":true,\"pad\":\"{}\"}}", "x".repeat(3 << 20));
    let (_, list) = json(port, "/api/library?per_page=1");
    let id = list["articles"][0]["id"].as_str().unwrap().to_string();
    let (status, _) = post(port, &format!("/api/articles/{id}/state"), &big);
    assert_eq!(status, 413);
    let (_, article) = json(port, &format!("/api/articles/{id}"));
    assert_eq!(article["state"]["favourite"], false, "nothing was changed");
    // The server still answers.
    let (status, _) = json(port, "/api/sites");
    assert_eq!(status, 200);
}

/// Fifty clients at once, mixing searches, listings and articles for a few
/// seconds: every answer is right (the load test with figures is
/// `benches/load.rs`).
#[test]
fn fifty_clients_at_once_all_get_answers() {
    let lib = tempfile::tempdir().unwrap();
    let server = serve(lib.path(), "127.0.0.1");
    let port = server.port;
    let (_, list) = json(port, "/api/library?per_page=200");
    let ids: Vec<String> = list["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect();
    let ids = std::sync::Arc::new(ids);
    let until = std::time::Instant::now() + std::time::Duration::from_secs(4);
    let clients: Vec<_> = (0..50)
        .map(|c| {
            let ids = std::sync::Arc::clone(&ids);
            std::thread::spawn(move || {
                let mut done = 0;
                let mut i = c;
                while std::time::Instant::now() < until {
                    i += 1;
                    let path = match i % 4 {
                        0 => format!(
                            "/api/search?q={}",
                            ["railway", "%E9%AB%98%E9%93%81", "marathon", "panda"][(i / 4) % 4]
                        ),
                        1 => format!(
                            "/api/library?page=1&per_page=40&edition={}",
                            ["global", "zh", "fr", "asia", "bilingual"][i % 5]
                        ),
                        2 => format!("/api/articles/{}", ids[i % ids.len()]),
                        _ => "/api/suggest?q=rail".to_string(),
                    };
                    let (status, body) = json(port, &path);
                    assert_eq!(status, 200, "{path}: {body}");
                    done += 1;
                }
                done
            })
        })
        .collect();
    let total: usize = clients
        .into_iter()
        .map(|c| c.join().expect("no client failed"))
        .sum();
    assert!(total > 50, "{total} requests answered");
}
