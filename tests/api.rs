//! The HTTP/JSON API through `broadsheet serve`, started on 127.0.0.1 with
//! a free port: listing, articles, images with ETags, search, suggestions,
//! editions, errors as JSON with the right status, and the access token a
//! server beyond loopback demands.

mod common;

use common::http::{get, header, json, post, post_with, serve};

#[test]
fn library_articles_images_search_and_errors() {
    let lib = tempfile::tempdir().unwrap();
    let server = serve(lib.path(), "127.0.0.1"); // an empty library gets the demo
    let port = server.port;

    let (status, editions) = json(port, "/api/editions");
    assert_eq!(status, 200);
    let zh = editions
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
    // Favourites, read marks and reading position.
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
    let (status, _, body) = get(port, "/api/editions", &[("Host", "evil.example:8080")]);
    assert_eq!(status, 403, "{}", String::from_utf8_lossy(&body));
}

#[test]
fn beyond_loopback_every_request_needs_the_token() {
    let lib = tempfile::tempdir().unwrap();
    let server = serve(lib.path(), "0.0.0.0");
    let token = server.token.clone().expect("a token is printed");
    assert_eq!(token.len(), 32);
    for path in [
        "/api/editions",
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
        "/api/editions",
        &[("Authorization", "Bearer wrong")],
    );
    assert_eq!(status, 401);
    let (status, _, _) = get(
        server.port,
        "/api/editions",
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
    let cookie = header(&headers, "set-cookie").expect("a cookie is set");
    assert!(
        cookie.starts_with(&format!("broadsheet_token_{}={token};", server.port)),
        "{cookie}"
    );
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
    let with_cookie = format!("broadsheet_token_{}={token}", server.port);
    let (status, headers, _) = get(server.port, "/api/editions", &[("Cookie", &with_cookie)]);
    assert_eq!(status, 200);
    assert_eq!(
        header(&headers, "set-cookie"),
        None,
        "set once, not on every answer"
    );
    let (status, _, _) = get(
        server.port,
        "/api/editions",
        &[("Cookie", &format!("broadsheet_token_{}=0000", server.port))],
    );
    assert_eq!(status, 401);
    // Regression: the cookie had one name for every port of the host, so
    // it went to every server there; another port's cookie opens nothing.
    for other in [
        "broadsheet_token".to_string(),
        format!("broadsheet_token_{}", server.port.wrapping_add(1)),
    ] {
        let (status, _, _) = get(
            server.port,
            "/api/editions",
            &[("Cookie", &format!("{other}={token}"))],
        );
        assert_eq!(status, 401, "{other}");
    }
}

#[test]
fn regression_token_protected_images_are_cached_privately() {
    // Images behind the token were sent `public, immutable`, for any shared cache to keep.
    let lib = tempfile::tempdir().unwrap();
    let server = serve(lib.path(), "0.0.0.0");
    let bearer = format!("Bearer {}", server.token.clone().unwrap());
    let auth = [("Authorization", bearer.as_str())];
    let (_, _, found) = get(server.port, "/api/search?q=%22Lunar%20samples%22", &auth);
    let found: serde_json::Value = serde_json::from_slice(&found).unwrap();
    let id = found["hits"][0]["id"].as_str().unwrap();
    let (_, _, article) = get(server.port, &format!("/api/articles/{id}"), &auth);
    let article: serde_json::Value = serde_json::from_slice(&article).unwrap();
    let hash = article["images"][0]["local"].as_str().unwrap();
    let (status, headers, _) = get(server.port, &format!("/api/images/{hash}"), &auth);
    assert_eq!(status, 200);
    let cache = header(&headers, "cache-control").unwrap_or("");
    assert!(cache.starts_with("private"), "{cache}");
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
    let body = serde_json::json!({ "paths": [fixtures, missing] }).to_string();
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
    let failed = report["failed"].as_array().unwrap();
    assert_eq!(failed.len(), 1, "{job}");
    assert!(
        failed[0]["path"]
            .as_str()
            .unwrap()
            .ends_with("missing.html")
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
            "not an http or https URL",
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

/// The interface's TypeScript types (ui/src/lib/api/types.ts) name the
/// fields the API really answers: each interface checked here lists
/// exactly the keys of a live answer (optional `?` fields may be absent).
#[test]
fn api_json_matches_the_ui_types() {
    let ts = std::fs::read_to_string(common::root().join("ui/src/lib/api/types.ts")).unwrap();
    let fields = |name: &str| -> (Vec<String>, Vec<String>) {
        let start = ts
            .find(&format!("export interface {name} {{"))
            .unwrap_or_else(|| panic!("no interface {name}"));
        let body = &ts[start..];
        let body = &body[body.find('{').unwrap() + 1..body.find("\n}").unwrap()];
        let (mut required, mut optional) = (Vec::new(), Vec::new());
        let mut depth = 0;
        for line in body.lines() {
            if depth == 0
                && let Some((key, _)) = line.trim().split_once(':')
                && line.starts_with("  ")
                && !line.starts_with("   ")
            {
                match key.strip_suffix('?') {
                    Some(k) => optional.push(k.to_string()),
                    None => required.push(key.to_string()),
                }
            }
            depth += line.matches('{').count() as i32 - line.matches('}').count() as i32;
        }
        (required, optional)
    };
    let check = |name: &str, value: &serde_json::Value| {
        let (required, optional) = fields(name);
        let keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
        for k in &required {
            assert!(keys.contains(k), "{name}.{k} is not in the answer {value}");
        }
        for k in &keys {
            assert!(
                required.contains(k) || optional.contains(k),
                "the answer's {k} is not in {name} (ui/src/lib/api/types.ts)"
            );
        }
    };
    let lib = tempfile::tempdir().unwrap();
    let server = serve(lib.path(), "127.0.0.1");
    let port = server.port;
    let (_, editions) = json(port, "/api/editions");
    check("EditionInfo", &editions[0]);
    let (_, sections) = json(port, "/api/sections");
    check("Section", &sections[0]);
    let (_, library) = json(port, "/api/library?edition=bilingual");
    check("LibraryPage", &library);
    check("Summary", &library["articles"][0]);
    let id = library["articles"][0]["id"].as_str().unwrap().to_string();
    let (_, article) = json(port, &format!("/api/articles/{id}"));
    check("Article", &article);
    check("ArticleState", &article["state"]);
    check("AlsoIn", &article["also_in"][0]);
    check("ImageRef", &article["images"][0]);
    let (_, results) = json(port, "/api/search?q=railway");
    check("SearchResults", &results);
    check("Hit", &results["hits"][0]);
    check("FacetCount", &results["facets"]["edition"][0]);
    let (_, suggestions) = json(port, "/api/suggest?q=rail");
    check("Suggestion", &suggestions[0]);
    let (_, job) = post(port, "/api/import", r#"{"paths":["/nonexistent"]}"#);
    check("Job", &job);
    let (_, e) = json(port, "/api/articles/ffffffffffffffff");
    check("ApiErrorBody", &e);
    post(
        port,
        "/api/subscriptions",
        r#"{"url":"https://www.chinadaily.com.cn/world","kind":"section"}"#,
    );
    let (_, subscriptions) = json(port, "/api/subscriptions");
    check("Subscription", &subscriptions[0]);
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
    let (status, _) = json(port, "/api/editions");
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

#[test]
fn regression_images_are_typed_by_their_bytes_and_sandboxed() {
    // `/api/images/{hash}` served the type the store held: a crafted
    // backup's "image" went out as text/html and ran in the reader's origin.
    let lib = tempfile::tempdir().unwrap();
    broadsheet::Library::open(lib.path()).unwrap();
    let html = b"<html><script>fetch('/api/library')</script></html>".to_vec();
    let jpeg = b"\xFF\xD8\xFF\xE0 a JPEG's first bytes".to_vec();
    let conn = rusqlite::Connection::open(lib.path().join("library.sqlite")).unwrap();
    let mut hashes = Vec::new();
    for (bytes, mime) in [(&html, "text/html"), (&jpeg, "image/svg+xml")] {
        use sha2::Digest;
        let hash: String = sha2::Sha256::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let dir = lib.path().join("images").join(&hash[..2]);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(&hash), bytes).unwrap();
        conn.execute(
            "INSERT INTO images (hash, mime, size) VALUES (?1, ?2, ?3)",
            (&hash, mime, bytes.len() as i64),
        )
        .unwrap();
        hashes.push(hash);
    }
    drop(conn);
    let server = serve(lib.path(), "127.0.0.1");
    let (status, headers, body) = get(server.port, &format!("/api/images/{}", hashes[0]), &[]);
    assert_eq!(status, 415, "{}", String::from_utf8_lossy(&body));
    assert_eq!(header(&headers, "content-type"), Some("application/json"));
    let (status, headers, _) = get(server.port, &format!("/api/images/{}", hashes[1]), &[]);
    assert_eq!(
        (status, header(&headers, "content-type")),
        (200, Some("image/jpeg"))
    );
    assert_eq!(
        header(&headers, "content-security-policy"),
        Some("default-src 'none'; sandbox")
    );
    assert_eq!(header(&headers, "x-content-type-options"), Some("nosniff"));
}

/// The server's peak memory so far (VmHWM), in kB.
fn peak_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap()
}

#[test]
fn regression_long_queries_are_refused_fast_in_bounded_memory() {
    // A 60 KB `GET /api/suggest` took 2.8 GB and 11.5 s.
    let lib = tempfile::tempdir().unwrap();
    let server = serve(lib.path(), "127.0.0.1");
    let port = server.port;
    let (status, _) = json(port, "/api/suggest?q=panda"); // demo imported, index open
    assert_eq!(status, 200);
    let before = peak_kb(server.child.id());
    let words: String = (0..6_000).map(|i| format!("word{i:05}+")).collect();
    for route in ["suggest", "search"] {
        let started = std::time::Instant::now();
        let (status, body) = json(port, &format!("/api/{route}?q={words}"));
        assert_eq!(status, 400, "{route}: {body}");
        assert_eq!(body["code"], "bad_request");
        assert!(
            body["message"]
                .as_str()
                .unwrap()
                .contains("at most 500 are read"),
            "{body}"
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
    }
    // At the limits: 32 long words, fuzzy ones included, still answer.
    let limit: String = (0..32)
        .map(|i| format!("samplez{i:02}"))
        .collect::<Vec<_>>()
        .join("+");
    let (status, body) = json(port, &format!("/api/suggest?q={limit}"));
    assert_eq!(status, 200, "{body}");
    let (status, body) = json(port, &format!("/api/search?q={limit}"));
    assert_eq!(status, 200, "{body}");
    let grown = peak_kb(server.child.id()).saturating_sub(before);
    assert!(grown < 200_000, "peak memory grew by {grown} kB");
}

#[test]
fn regression_cross_site_reads_of_the_api_are_refused() {
    // Only writes were refused from other sites; a page elsewhere could read the library.
    let lib = tempfile::tempdir().unwrap();
    let server = serve(lib.path(), "127.0.0.1");
    for site in ["cross-site", "same-site"] {
        let (status, _, body) = get(server.port, "/api/library", &[("Sec-Fetch-Site", site)]);
        assert_eq!(status, 403, "{site}: {}", String::from_utf8_lossy(&body));
    }
    for site in [Some("same-origin"), Some("none"), None] {
        let headers: Vec<(&str, &str)> = site.map(|s| ("Sec-Fetch-Site", s)).into_iter().collect();
        let (status, _, _) = get(server.port, "/api/library", &headers);
        assert_eq!(status, 200, "{site:?}");
    }
    // A link from elsewhere still opens the reader itself.
    let (status, _, _) = get(server.port, "/", &[("Sec-Fetch-Site", "cross-site")]);
    assert_ne!(status, 403);
}
