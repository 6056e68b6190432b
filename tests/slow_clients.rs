//! Slow clients against the real `broadsheet serve`, started with its
//! descriptor limit at 128 and short timeouts (`BROADSHEET_SERVE_LIMITS`):
//! 150 connections that send part of a request and then dribble, stall, or
//! never finish their body must not keep a normal client from its answer,
//! and are closed by the server, on loopback and beyond it (token required).

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::http::{get, serve_limited};

const SLOW: usize = 150;
/// The timeouts the server runs with here, in milliseconds.
const HEADER_MS: u64 = 1_000;
const LIMITS: &str = "header=1000,body=1000,idle=2000,write=2000";

/// How a slow client misbehaves.
#[derive(Clone, Copy, Debug)]
enum Slow {
    /// Sends its headers a byte every 100 ms, never ending them.
    Dribble,
    /// Sends part of its headers, then nothing.
    Stall,
    /// Sends whole headers announcing a body, then a little of it, then nothing.
    Body,
}

/// Opens a slow connection; a thread keeps it misbehaving and reports how
/// long the server took to close it (or `None` after `give_up`).
fn slow_client(port: u16, kind: Slow, give_up: Duration, done: mpsc::Sender<Option<Duration>>) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    std::thread::spawn(move || {
        let start = Instant::now();
        let first: &[u8] = match kind {
            Slow::Dribble | Slow::Stall => b"GET /api/sites HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad",
            Slow::Body => {
                b"POST /api/update HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"a\":"
            }
        };
        let _ = s.write_all(first);
        s.set_read_timeout(Some(Duration::from_millis(100)))
            .unwrap();
        let mut buf = [0u8; 1024];
        let closed = loop {
            if start.elapsed() > give_up {
                break None;
            }
            match s.read(&mut buf) {
                Ok(0) => break Some(start.elapsed()),
                Ok(_) => continue, // an error answer (408), then the close
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) => {}
                Err(_) => break Some(start.elapsed()),
            }
            if matches!(kind, Slow::Dribble) && s.write_all(b"x").is_err() {
                break Some(start.elapsed());
            }
        };
        let _ = done.send(closed);
    });
}

fn slow_clients_do_not_hold_the_server(host: &str) {
    let lib = tempfile::tempdir().unwrap();
    let server = serve_limited(
        lib.path(),
        host,
        128,
        &[("BROADSHEET_SERVE_LIMITS", LIMITS)],
    );
    let port = server.port;
    let auth = server.token.as_ref().map(|t| format!("Bearer {t}"));
    let headers: Vec<(&str, &str)> = auth
        .as_deref()
        .map(|a| vec![("Authorization", a)])
        .unwrap_or_default();
    assert_eq!(get(port, "/api/sites", &headers).0, 200);

    let (done, closed) = mpsc::channel();
    let give_up = Duration::from_secs(30);
    for i in 0..SLOW {
        let kind = [Slow::Dribble, Slow::Stall, Slow::Body][i % 3];
        slow_client(port, kind, give_up, done.clone());
    }
    drop(done);
    // A normal client, behind all of them: answered once the server has
    // closed the slow connections it holds (a few header timeouts; with
    // the descriptor limit at 128 it holds about fifty at a time).
    let started = Instant::now();
    let (status, _, _) = get(port, "/api/sites", &headers);
    let waited = started.elapsed();
    assert_eq!(status, 200);
    let bound = Duration::from_millis(HEADER_MS * 8);
    assert!(
        waited < bound,
        "answered after {waited:?} (bound {bound:?})"
    );

    // Every slow connection was closed by the server, none held to the end.
    let times: Vec<Option<Duration>> = closed.iter().collect();
    assert_eq!(times.len(), SLOW);
    let held = times.iter().filter(|t| t.is_none()).count();
    assert_eq!(held, 0, "{held} slow connections were never closed");
    let longest = times.iter().flatten().max().unwrap();
    assert!(
        *longest >= Duration::from_millis(HEADER_MS / 2),
        "closed before any timeout: {longest:?}"
    );

    println!(
        "{host}: normal client answered after {waited:?}; slow connections closed after {:?} to {longest:?}",
        times.iter().flatten().min().unwrap()
    );
    // And the server keeps answering.
    for _ in 0..20 {
        assert_eq!(get(port, "/api/sites", &headers).0, 200);
    }
    assert_eq!(get(port, "/api/search?q=lunar", &headers).0, 200);
}

/// Regression: with no header, body or idle timeout, 150 slow connections
/// under a descriptor limit of 128 stopped the server answering anyone.
#[test]
fn regression_slow_clients_held_the_server_forever() {
    slow_clients_do_not_hold_the_server("127.0.0.1");
}

/// Regression: beyond loopback, slow connections were held before the
/// token was even checked.
#[test]
fn regression_slow_clients_held_the_server_before_the_token_check() {
    slow_clients_do_not_hold_the_server("0.0.0.0");
}

/// A keep-alive connection that goes quiet after an answer is closed, and
/// a client that never reads a long answer does not keep its connection.
#[test]
fn quiet_connections_are_closed_after_the_timeouts() {
    let lib = tempfile::tempdir().unwrap();
    let server = serve_limited(
        lib.path(),
        "127.0.0.1",
        128,
        &[("BROADSHEET_SERVE_LIMITS", LIMITS)],
    );
    let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    s.write_all(b"GET /api/sites HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let started = Instant::now();
    let mut all = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => all.extend_from_slice(&buf[..n]),
        }
    }
    let closed = started.elapsed();
    assert!(all.starts_with(b"HTTP/1.1 200"), "answered first");
    assert!(
        closed < Duration::from_secs(5),
        "a quiet kept-alive connection stayed open {closed:?}"
    );
}
