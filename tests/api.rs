//! The HTTP/JSON API through `broadsheet serve`, started on 127.0.0.1 with
//! a free port: listing, articles, images with ETags, search, suggestions,
//! editions, errors as JSON with the right status, and the access token a
//! server beyond loopback demands.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};

struct Server {
    child: Child,
    port: u16,
    token: Option<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(lib: &std::path::Path, host: &str) -> Server {
    let mut child = common::broadsheet()
        .arg("--library")
        .arg(lib)
        .args(["serve", "--port", "0", "--host", host])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    let port = line
        .split(':')
        .nth(2)
        .and_then(|p| p.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("{line}"));
    let mut token = None;
    if host != "127.0.0.1" {
        let mut t = String::new();
        out.read_line(&mut t).unwrap();
        token = t
            .strip_prefix("Access token: ")
            .and_then(|t| t.split_whitespace().next())
            .map(str::to_string);
    }
    Server { child, port, token }
}

/// GET `path`; returns status, headers (lower-cased names) and body.
fn get(port: u16, path: &str, extra: &[(&str, &str)]) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let host = extra
        .iter()
        .find(|(k, _)| *k == "Host")
        .map_or("127.0.0.1", |(_, v)| *v);
    let mut req = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    for (k, v) in extra.iter().filter(|(k, _)| *k != "Host") {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split_whitespace()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = dechunk(&body);
    }
    (status, headers, body)
}

/// POST a JSON body; returns status and parsed JSON.
fn post(port: u16, path: &str, body: &str) -> (u16, serde_json::Value) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let req = format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    let mut payload = raw[split + 4..].to_vec();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        payload = dechunk(&payload);
    }
    (
        status,
        serde_json::from_slice(&payload).unwrap_or(serde_json::Value::Null),
    )
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(end) = b.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size =
            usize::from_str_radix(std::str::from_utf8(&b[..end]).unwrap().trim(), 16).unwrap_or(0);
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&b[end + 2..end + 2 + size]);
        b = &b[end + 2 + size + 2..];
    }
}

fn json(port: u16, path: &str) -> (u16, serde_json::Value) {
    let (status, _, body) = get(port, path, &[]);
    (
        status,
        serde_json::from_slice(&body)
            .unwrap_or_else(|e| panic!("{path}: {e}: {}", String::from_utf8_lossy(&body))),
    )
}

fn header<'a>(h: &'a [(String, String)], name: &str) -> Option<&'a str> {
    h.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

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
