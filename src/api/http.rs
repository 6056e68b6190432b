//! The API over HTTP, with axum: what `broadsheet serve` runs.
//!
//! Every route maps its path and query string onto an [`ApiRequest`] and
//! answers [`Api::handle`]'s result: JSON, image bytes with an ETag (and 304
//! when the client has them), or an error `{code, message}` with its
//! status. Served beyond loopback, every request must carry the access
//! token (`Authorization: Bearer TOKEN`, or `?token=TOKEN`); without it the
//! answer is 401 and nothing else. On loopback, requests must name a
//! loopback host (against DNS rebinding). A browser reads and writes the
//! API from this server's own pages only (`Sec-Fetch-Site`).
//!
//! [`serve`] runs its own accept loop (hyper, HTTP/1.1) so that no client
//! holds the server: a connection must send its headers within
//! [`ServeOptions::header_timeout`] and its body within
//! [`ServeOptions::body_timeout`], a connection that neither sends nor
//! takes a byte for [`ServeOptions::idle_timeout`] (or cannot be written to
//! for [`ServeOptions::write_timeout`]) is closed, and at most
//! [`ServeOptions::connection_limit`] connections are open at once, fewer
//! than the process may open descriptors, so the library's files and
//! downloads always have theirs. Accept errors (out of descriptors) pause
//! the loop briefly; they never end it.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};

use super::{Api, ApiError, ApiRequest, ApiResponse, ErrorCode, IMAGE_HEADERS, route};

/// How long clients may take, and how many may be connected at once.
///
/// `broadsheet serve` takes these from [`ServeOptions::from_env`]: the
/// defaults, unless `BROADSHEET_SERVE_LIMITS` says otherwise (tests use it
/// to shorten the timeouts), e.g. `header=500,body=500,idle=1000,write=1000,connections=20`
/// (milliseconds, and a number of connections).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServeOptions {
    /// A request's headers must arrive within this (it also bounds the wait
    /// for the next request on a kept-alive connection).
    pub header_timeout: Duration,
    /// A request's body must arrive within this, once its headers have.
    pub body_timeout: Duration,
    /// A connection on which no byte is read or written for this long is closed.
    pub idle_timeout: Duration,
    /// A connection whose client takes none of the answer for this long is closed.
    pub write_timeout: Duration,
    /// At most this many connections, and fewer when the descriptor limit
    /// needs it ([`ServeOptions::connection_limit`]).
    pub max_connections: usize,
}

impl Default for ServeOptions {
    fn default() -> ServeOptions {
        ServeOptions {
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
            idle_timeout: Duration::from_secs(60),
            write_timeout: Duration::from_secs(30),
            max_connections: 256,
        }
    }
}

/// The environment variable [`ServeOptions::from_env`] reads.
pub const LIMITS_VAR: &str = "BROADSHEET_SERVE_LIMITS";

/// The largest request body read (a JSON change or job; 2 MiB).
const MAX_BODY: usize = 2 << 20;

impl ServeOptions {
    /// The defaults, changed by `BROADSHEET_SERVE_LIMITS` when it is set
    /// (`name=value` pairs separated by commas: `header`, `body`, `idle`,
    /// `write` in milliseconds, `connections`).
    pub fn from_env() -> crate::Result<ServeOptions> {
        let mut options = ServeOptions::default();
        let Ok(spec) = std::env::var(LIMITS_VAR) else {
            return Ok(options);
        };
        for pair in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let bad = || {
                crate::Error::invalid(
                    LIMITS_VAR,
                    format!(
                        "{pair:?} (expected header=MS, body=MS, idle=MS, write=MS or connections=N)"
                    ),
                )
            };
            let (name, value) = pair.split_once('=').ok_or_else(bad)?;
            let n: u64 = value.trim().parse().map_err(|_| bad())?;
            let ms = Duration::from_millis(n);
            match name.trim() {
                "header" => options.header_timeout = ms,
                "body" => options.body_timeout = ms,
                "idle" => options.idle_timeout = ms,
                "write" => options.write_timeout = ms,
                "connections" => options.max_connections = n.max(1) as usize,
                _ => return Err(bad()),
            }
        }
        Ok(options)
    }

    /// How many connections may be open at once: at most
    /// [`ServeOptions::max_connections`], and at most half the descriptors
    /// the process may still open, so that the store, the index and
    /// downloads keep the other half.
    pub fn connection_limit(&self) -> usize {
        let free = descriptors::limit().map(|limit| limit.saturating_sub(descriptors::open()));
        let by_descriptors = free.map_or(usize::MAX, |f| f / 2);
        self.max_connections.min(by_descriptors).max(1)
    }
}

mod descriptors {
    /// The process's (soft) limit on open descriptors.
    #[cfg(unix)]
    pub fn limit() -> Option<usize> {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit only writes the struct it is given.
        let ok = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } == 0;
        (ok && limit.rlim_cur != libc::RLIM_INFINITY)
            .then(|| usize::try_from(limit.rlim_cur).unwrap_or(usize::MAX))
    }

    #[cfg(not(unix))]
    pub fn limit() -> Option<usize> {
        None
    }

    /// How many descriptors are open now (a guess where it cannot be counted).
    pub fn open() -> usize {
        std::fs::read_dir("/proc/self/fd").map_or(32, |d| d.count())
    }
}

/// What the API's handler needs besides the API.
#[derive(Clone)]
struct Served {
    api: Arc<Api>,
    /// Served beyond loopback: answers are for one reader, never shared caches.
    private: bool,
}

/// The token's cookie is named by the port, so that servers on other
/// ports of the same host never see it (cookies ignore ports).
fn token_cookie(port: u16) -> String {
    format!("broadsheet_token_{port}")
}

/// The API's routes for a server listening on `port`; with a `token`,
/// every request must present it; request bodies must arrive within
/// `body_timeout`.
pub fn router(api: Arc<Api>, token: Option<String>, port: u16, body_timeout: Duration) -> Router {
    let served = Served {
        api,
        private: token.is_some(),
    };
    let routes = Router::new()
        .route("/api/{*rest}", any(api_route))
        .fallback(get(ui_file))
        .with_state(served);
    // Innermost first: the body is read only once the request is allowed.
    let routes = routes
        .layer(middleware::from_fn_with_state(body_timeout, read_body))
        .layer(middleware::from_fn(same_origin));
    let routes = match token {
        Some(token) => routes.layer(middleware::from_fn_with_state(
            Arc::new((token, token_cookie(port))),
            require_token,
        )),
        None => routes.layer(middleware::from_fn(require_local_host)),
    };
    routes.layer(middleware::from_fn(log_request))
}

/// Logs every request once answered: method, path (never the query
/// string, which may hold the token), status and time; refusals and
/// failures at `warn`.
async fn log_request(request: Request, next: Next) -> Response {
    let started = std::time::Instant::now();
    let (method, path) = (request.method().clone(), request.uri().path().to_string());
    let response = next.run(request).await;
    let status = response.status().as_u16();
    let ms = started.elapsed().as_secs_f64() * 1e3;
    if status >= 400 {
        tracing::warn!(%method, path, status, ms, "request");
    } else {
        tracing::info!(%method, path, status, ms, "request");
    }
    response
}

/// Reads the whole body within `timeout` (408 otherwise) and at most
/// [`MAX_BODY`] of it (413 beyond), before the route sees the request.
async fn read_body(State(timeout): State<Duration>, request: Request, next: Next) -> Response {
    use http_body_util::BodyExt;
    let (parts, body) = request.into_parts();
    let limited = http_body_util::Limited::new(body, MAX_BODY);
    match tokio::time::timeout(timeout, limited.collect()).await {
        Err(_) => error(ApiError::new(
            ErrorCode::Timeout,
            format!(
                "the request body did not arrive within {} ms",
                timeout.as_millis()
            ),
        )),
        Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => error(ApiError::new(
            ErrorCode::TooLarge,
            format!("the request body is larger than {MAX_BODY} bytes"),
        )),
        Ok(Err(e)) => error(ApiError::new(
            ErrorCode::BadRequest,
            format!("the request body could not be read: {e}"),
        )),
        Ok(Ok(collected)) => {
            next.run(Request::from_parts(parts, Body::from(collected.to_bytes())))
                .await
        }
    }
}

/// The API answers a browser only on this server's own pages: when the
/// browser says a request comes from another site (`Sec-Fetch-Site` other
/// than `same-origin` or `none`: a page elsewhere, or on another port of
/// this host), an `/api/` request is refused, reads included, so that no
/// page elsewhere makes the server search or read for it.
///
/// Requests that change something must come from the interface itself
/// (cross-site request forgery): their body must be JSON, which a page
/// elsewhere cannot send without a CORS preflight this server never
/// approves, and when the browser says where a request comes from
/// (`Sec-Fetch-Site`, `Origin`), it must be this origin.
async fn same_origin(request: Request, next: Next) -> Response {
    let headers = request.headers();
    let value = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    let cross_site = value(header::HeaderName::from_static("sec-fetch-site"))
        .is_some_and(|s| s != "same-origin" && s != "none");
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        if cross_site && request.uri().path().starts_with("/api/") {
            return error(ApiError::new(
                ErrorCode::Forbidden,
                "the API answers this server's own pages only",
            ));
        }
        return next.run(request).await;
    }
    let json = value(header::CONTENT_TYPE).is_some_and(|v| {
        v.split(';')
            .next()
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"))
    });
    if !json {
        return error(ApiError::new(
            ErrorCode::UnsupportedMediaType,
            "send the request body as application/json",
        ));
    }
    let foreign_origin = value(header::ORIGIN).is_some_and(|origin| {
        let host = value(header::HOST).unwrap_or("");
        origin != format!("http://{host}") && origin != format!("https://{host}")
    });
    if cross_site || foreign_origin {
        return error(ApiError::new(
            ErrorCode::Forbidden,
            "changes are accepted from this server's own pages only",
        ));
    }
    next.run(request).await
}

/// Without a token the server is for this machine only: a request must be
/// addressed to it by a loopback name, so that a web page cannot rebind its
/// own domain name to 127.0.0.1 and read the library (DNS rebinding).
async fn require_local_host(request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let name = match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    };
    if matches!(name, "localhost" | "127.0.0.1" | "[::1]") {
        next.run(request).await
    } else {
        let message = format!("this server answers requests to localhost only, not to {host:?}");
        error(ApiError::new(ErrorCode::Forbidden, message))
    }
}

/// The token, and the cookie that carries it for a browser after its first
/// visit with `?token=`, so that the page's scripts, styles and images load too.
async fn require_token(
    State(access): State<Arc<(String, String)>>,
    request: Request,
    next: Next,
) -> Response {
    let (token, cookie_name) = (&access.0, access.1.as_str());
    let headers = request.headers();
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let cookie = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| c.trim().strip_prefix(cookie_name)?.strip_prefix('='));
    let query = request
        .uri()
        .query()
        .unwrap_or("")
        .split('&')
        .find_map(|p| p.strip_prefix("token="));
    let valid = |given: Option<&str>| {
        given.is_some_and(|g| constant_time_eq(g.as_bytes(), token.as_bytes()))
    };
    let from_query = !valid(bearer) && !valid(cookie) && valid(query);
    if !(valid(bearer) || valid(cookie) || from_query) {
        return error(ApiError::new(
            ErrorCode::Unauthorized,
            "this server needs its access token",
        ));
    }
    let mut response = next.run(request).await;
    if from_query
        && let Ok(v) = HeaderValue::from_str(&format!(
            "{cookie_name}={token}; Path=/; HttpOnly; SameSite=Strict"
        ))
    {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    response
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Every `/api/` request: the route parsed once ([`route::parse`], shared
/// with the desktop shell's IPC), then answered, with [`IMAGE_HEADERS`]
/// on every answer (images, and the errors and JSON beside them).
async fn api_route(
    State(served): State<Served>,
    method: Method,
    uri: axum::http::Uri,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let raw = route::Raw {
        method: method.as_str(),
        path: uri.path(),
        query: uri.query().unwrap_or(""),
        body: &body,
        if_none_match: headers
            .get(header::IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok()),
    };
    let mut response = match route::parse(&raw) {
        Ok(request) => call(served, request).await,
        Err(e) => error(e),
    };
    let h = response.headers_mut();
    for (name, value) in IMAGE_HEADERS {
        h.insert(
            header::HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
    response
}

async fn no_route() -> Response {
    error(ApiError::new(ErrorCode::NotFound, "no such route"))
}

/// The front end's files, with ETags, `no-cache` and the UI's CSP.
async fn ui_file(uri: axum::http::Uri, headers: HeaderMap) -> Response {
    let Some(file) = super::ui::file(uri.path()) else {
        if super::ui::built() {
            return no_route().await;
        }
        return (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "This broadsheet was built without its web interface (run `make ui`, then build \
             again); the API is at /api/.\n",
        )
            .into_response();
    };
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == file.etag);
    let mut response = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        ([(header::CONTENT_TYPE, file.mime)], file.bytes).into_response()
    };
    let h = response.headers_mut();
    for (name, value) in [
        (header::ETAG, file.etag.as_str()),
        (header::CACHE_CONTROL, "no-cache"),
        (header::CONTENT_SECURITY_POLICY, super::ui::CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
    ] {
        if let Ok(v) = HeaderValue::from_str(value) {
            h.insert(name, v);
        }
    }
    response
}

/// Runs a request on a blocking thread (the store is synchronous) and
/// turns the answer into an HTTP response. Images may be kept by any
/// cache on loopback, by the reader's browser only beyond it (they are
/// behind the token there).
async fn call(served: Served, request: ApiRequest) -> Response {
    let api = served.api;
    let answer = tokio::task::spawn_blocking(move || api.handle(request)).await;
    let cache = if served.private {
        "private, max-age=31536000, immutable"
    } else {
        "public, max-age=31536000, immutable"
    };
    match answer {
        Ok(Ok(ApiResponse::Json(v))) => {
            let mut r = axum::Json(v).into_response();
            r.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            r
        }
        Ok(Ok(ApiResponse::Image { bytes, mime, etag })) => Response::builder()
            .header(header::CONTENT_TYPE, mime)
            .header(header::ETAG, etag)
            .header(header::CACHE_CONTROL, cache)
            .body(Body::from(bytes))
            .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response()),
        Ok(Ok(ApiResponse::NotModified { etag })) => {
            (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response()
        }
        Ok(Err(e)) => error(e),
        // Logged by `error`, as every answer of 500 and above.
        Err(e) => error(ApiError::new(
            ErrorCode::Internal,
            format!("the request failed: {e}"),
        )),
    }
}

fn error(e: ApiError) -> Response {
    if e.status >= 500 {
        tracing::error!(code = ?e.code, message = %e.message, "request failed");
    }
    let status = StatusCode::from_u16(e.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, axum::Json(e)).into_response()
}

/// A fresh access token for a server beyond loopback: 16 random bytes
/// from the operating system (on every platform the app is built for), in
/// hex.
pub fn access_token() -> crate::Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| {
        crate::Error::Internal(format!("no random bytes for the access token: {e}"))
    })?;
    Ok(crate::model::hex(&bytes))
}

/// Serves the API on 127.0.0.1 at a free port, in the background on a
/// runtime of its own (benchmarks, tools), with the default
/// [`ServeOptions`]; answers the runtime (dropping it stops the server)
/// and the port.
pub fn spawn_on_loopback(api: Arc<Api>) -> std::io::Result<(tokio::runtime::Runtime, u16)> {
    let runtime = crate::runtime::build()?;
    let listener = runtime.block_on(tokio::net::TcpListener::bind(("127.0.0.1", 0)))?;
    let port = listener.local_addr()?.port();
    runtime.spawn(serve(api, listener, None, ServeOptions::default()));
    Ok((runtime, port))
}

/// Serves the API on `listener` until the process ends: one task per
/// connection, at most [`ServeOptions::connection_limit`] at once (the
/// others wait in the listener's queue), each under the timeouts of
/// `options`.
pub async fn serve(
    api: Arc<Api>,
    listener: tokio::net::TcpListener,
    token: Option<String>,
    options: ServeOptions,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let port = listener.local_addr()?.port();
    let app = router(api, token, port, options.body_timeout);
    let slots = Arc::new(tokio::sync::Semaphore::new(options.connection_limit()));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(options.header_timeout);
    loop {
        let Ok(slot) = Arc::clone(&slots).acquire_owned().await else {
            return Ok(()); // never closed
        };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of descriptors or memory: wait for connections to
                // close rather than spin; anything else concerns that one
                // connection only.
                if is_resource_error(&e) {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let io = TokioIo::new(Deadlines::new(
            stream,
            options.idle_timeout,
            options.write_timeout,
        ));
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        let connection = http.serve_connection(io, service);
        tokio::spawn(async move {
            let _ = connection.await;
            drop(slot);
        });
    }
}

fn is_resource_error(e: &std::io::Error) -> bool {
    #[cfg(unix)]
    if let Some(code) = e.raw_os_error() {
        return matches!(
            code,
            libc::EMFILE | libc::ENFILE | libc::ENOBUFS | libc::ENOMEM
        );
    }
    e.kind() == std::io::ErrorKind::OutOfMemory
}

/// A connection that fails with `TimedOut` when its client sends nothing
/// and takes nothing for `idle`, or takes none of what is written for
/// `write`.
struct Deadlines {
    stream: tokio::net::TcpStream,
    idle: Duration,
    write: Duration,
    /// When reading gives up; armed while a read waits.
    read_deadline: Option<Pin<Box<tokio::time::Sleep>>>,
    /// When writing gives up; armed while a write waits.
    write_deadline: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl Deadlines {
    fn new(stream: tokio::net::TcpStream, idle: Duration, write: Duration) -> Deadlines {
        Deadlines {
            stream,
            idle,
            write,
            read_deadline: None,
            write_deadline: None,
        }
    }

    /// `Pending` after arming `deadline` (`after` from now) if it was not
    /// armed; a `TimedOut` error once it has passed.
    fn wait<T>(
        deadline: &mut Option<Pin<Box<tokio::time::Sleep>>>,
        after: Duration,
        cx: &mut Context<'_>,
        what: &str,
    ) -> Poll<std::io::Result<T>> {
        let sleep = deadline.get_or_insert_with(|| Box::pin(tokio::time::sleep(after)));
        match sleep.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                format!("the client {what} for {} ms", after.as_millis()),
            ))),
            Poll::Pending => Poll::Pending,
        }
    }

    /// What a write's poll answered, with the deadlines it moves: waiting
    /// arms the write deadline; progress (or an error) clears both, since a
    /// reader taking a long answer is not idle.
    fn written(
        &mut self,
        poll: Poll<std::io::Result<usize>>,
        cx: &mut Context<'_>,
    ) -> Poll<std::io::Result<usize>> {
        match poll {
            Poll::Pending => Self::wait(&mut self.write_deadline, self.write, cx, "took nothing"),
            ready => {
                self.write_deadline = None;
                self.read_deadline = None;
                ready
            }
        }
    }
}

impl tokio::io::AsyncRead for Deadlines {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        match Pin::new(&mut this.stream).poll_read(cx, buf) {
            Poll::Pending => Self::wait(&mut this.read_deadline, this.idle, cx, "sent nothing"),
            ready => {
                this.read_deadline = None;
                ready
            }
        }
    }
}

impl tokio::io::AsyncWrite for Deadlines {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.stream).poll_write(cx, buf);
        this.written(poll, cx)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.stream).poll_write_vectored(cx, bufs);
        this.written(poll, cx)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn access_tokens_are_random_hex() {
        let (a, b) = (
            super::access_token().unwrap(),
            super::access_token().unwrap(),
        );
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }
}
