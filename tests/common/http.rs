//! A small HTTP/1.1 client over raw TCP for the server tests, and a way
//! to start `broadsheet serve` and learn its port (and token).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};

pub struct Server {
    child: Child,
    /// The port it listens on.
    pub port: u16,
    /// The access token it printed, when beyond loopback.
    pub token: Option<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `broadsheet --library LIB serve --port 0 --host HOST`; waits for its address.
pub fn serve(lib: &std::path::Path, host: &str) -> Server {
    serve_with(lib, host, &[])
}

/// As [`serve`], with more arguments for `serve`.
pub fn serve_with(lib: &std::path::Path, host: &str, args: &[String]) -> Server {
    let mut cmd = super::broadsheet();
    cmd.arg("--library")
        .arg(lib)
        .args(["serve", "--port", "0", "--host", host])
        .args(args);
    start(cmd, host)
}

/// `broadsheet --library LIB serve --port 0 --host HOST` run by
/// `bash -c 'ulimit -n DESCRIPTORS; exec ...'` (so that its process id is
/// the server's), with these environment variables.
pub fn serve_limited(
    lib: &std::path::Path,
    host: &str,
    descriptors: u32,
    env: &[(&str, &str)],
) -> Server {
    let mut cmd = std::process::Command::new("bash");
    cmd.arg("-c")
        .arg(format!(
            "ulimit -n {descriptors} && exec \"$0\" --library \"$1\" serve --port 0 --host {host}"
        ))
        .arg(env!("CARGO_BIN_EXE_broadsheet"))
        .arg(lib)
        .env_remove("BROADSHEET_LIBRARY")
        .env_remove("BROADSHEET_NO_DEMO")
        .current_dir(super::root());
    for (k, v) in env {
        cmd.env(k, v);
    }
    start(cmd, host)
}

/// The server's peak resident memory so far (VmHWM), in KiB.
pub fn peak_memory_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or_else(|| panic!("no VmHWM in {status}"))
}

impl Server {
    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

fn start(mut cmd: std::process::Command, host: &str) -> Server {
    let mut child = cmd
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
pub fn get(port: u16, path: &str, extra: &[(&str, &str)]) -> (u16, Vec<(String, String)>, Vec<u8>) {
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
pub fn post(port: u16, path: &str, body: &str) -> (u16, serde_json::Value) {
    post_with(port, path, body, &[("Content-Type", "application/json")])
}

/// POST a body with these headers (Host is 127.0.0.1 unless given).
pub fn post_with(
    port: u16,
    path: &str,
    body: &str,
    extra: &[(&str, &str)],
) -> (u16, serde_json::Value) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let mut req = format!("POST {path} HTTP/1.1\r\n");
    if !extra.iter().any(|(k, _)| *k == "Host") {
        req.push_str(&format!("Host: 127.0.0.1:{port}\r\n"));
    }
    for (k, v) in extra {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    ));
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

pub fn json(port: u16, path: &str) -> (u16, serde_json::Value) {
    let (status, _, body) = get(port, path, &[]);
    (
        status,
        serde_json::from_slice(&body)
            .unwrap_or_else(|e| panic!("{path}: {e}: {}", String::from_utf8_lossy(&body))),
    )
}

pub fn header<'a>(h: &'a [(String, String)], name: &str) -> Option<&'a str> {
    h.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// Polls a job (as `POST /api/import`, `/api/fetch` or `/api/update`
/// answered it) until it is no longer running, for at most 30 s; answers
/// its last state.
pub fn wait_for_job(port: u16, job: serde_json::Value) -> serde_json::Value {
    let path = format!("/api/jobs/{}", job["id"]);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let mut job = job;
    while job["state"] == "running" && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
        job = json(port, &path).1;
    }
    job
}
