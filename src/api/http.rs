//! The API over HTTP, with axum: what `broadsheet serve` runs.
//!
//! Every route maps its path and query string onto an [`ApiRequest`] and
//! answers [`Api::handle`]'s result: JSON, image bytes with an ETag (and 304
//! when the client has them), or an error `{code, message}` with its
//! status. Served beyond loopback, every request must carry the access
//! token (`Authorization: Bearer TOKEN`, or `?token=TOKEN`); without it the
//! answer is 401 and nothing else. On loopback, requests must name a
//! loopback host (against DNS rebinding).

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};

use super::{Api, ApiError, ApiRequest, ApiResponse, route};

/// The API's routes; with a `token`, every request must present it (its
/// cookie named for `port`, since a browser sends a host's cookies to
/// every port of it).
pub fn router(api: Arc<Api>, token: Option<String>, port: u16) -> Router {
    let routes = Router::new()
        .route("/api/{*rest}", any(api_route))
        .fallback(get(ui_file))
        .with_state(api);
    let routes = routes.layer(middleware::from_fn(same_origin_writes));
    match token {
        Some(token) => {
            routes
                .layer(middleware::from_fn(private_images))
                .layer(middleware::from_fn_with_state(
                    Arc::new(Guard {
                        cookie: format!("{TOKEN_COOKIE}_{port}"),
                        token,
                    }),
                    require_token,
                ))
        }
        None => routes.layer(middleware::from_fn(require_local_host)),
    }
}

/// API reads (any request whose browser says it comes from another site) and
/// requests that change something must come from the interface itself
/// (cross-site request forgery): their body must be JSON, which a page
/// elsewhere cannot send without a CORS preflight this server never
/// approves, and when the browser says where a request comes from
/// (`Sec-Fetch-Site`, `Origin`), it must be this origin.
async fn same_origin_writes(request: Request, next: Next) -> Response {
    // Reads too: another site's page (or another server on this host) may
    // not read the library through the user's browser.
    let foreign_read = request.uri().path().starts_with("/api/")
        && request
            .headers()
            .get("sec-fetch-site")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|s| s != "same-origin" && s != "none");
    if foreign_read {
        return error(ApiError {
            status: 403,
            code: "forbidden",
            message: "the API answers this server's own pages only".into(),
        });
    }
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let headers = request.headers();
    let value = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    let json = value(header::CONTENT_TYPE).is_some_and(|v| {
        v.split(';')
            .next()
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"))
    });
    if !json {
        return error(ApiError {
            status: 415,
            code: "unsupported_media_type",
            message: "send the request body as application/json".into(),
        });
    }
    let cross_site = value(header::HeaderName::from_static("sec-fetch-site"))
        .is_some_and(|s| s != "same-origin" && s != "none");
    let foreign_origin = value(header::ORIGIN).is_some_and(|origin| {
        let host = value(header::HOST).unwrap_or("");
        origin != format!("http://{host}") && origin != format!("https://{host}")
    });
    if cross_site || foreign_origin {
        return error(ApiError {
            status: 403,
            code: "forbidden",
            message: "changes are accepted from this server's own pages only".into(),
        });
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
        error(ApiError {
            status: 403,
            code: "forbidden",
            message,
        })
    }
}

/// The cookie that carries the token for a browser after its first visit
/// with `?token=`, so that the page's scripts, styles and images load too;
/// its name ends with the server's port (`broadsheet_token_8080`).
const TOKEN_COOKIE: &str = "broadsheet_token";

/// What a request beyond loopback must present.
struct Guard {
    token: String,
    /// The token cookie's name, for this server's port.
    cookie: String,
}

/// Beyond loopback images are behind the token: shared caches must not keep them.
async fn private_images(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    if h.get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("public"))
    {
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, max-age=31536000, immutable"),
        );
    }
    response
}

async fn require_token(State(guard): State<Arc<Guard>>, request: Request, next: Next) -> Response {
    let token = &guard.token;
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
        .find_map(|c| {
            c.trim()
                .strip_prefix(guard.cookie.as_str())?
                .strip_prefix('=')
        });
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
        return error(ApiError {
            status: 401,
            code: "unauthorized",
            message: "this server needs its access token".into(),
        });
    }
    let mut response = next.run(request).await;
    if from_query
        && let Ok(v) = HeaderValue::from_str(&format!(
            "{}={token}; Path=/; HttpOnly; SameSite=Strict",
            guard.cookie
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
/// with the desktop shell's IPC), then answered.
async fn api_route(
    State(api): State<Arc<Api>>,
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
    match route::parse(&raw) {
        Ok(request) => call(api, request).await,
        Err(e) => error(e),
    }
}

async fn no_route() -> Response {
    error(ApiError {
        status: 404,
        code: "not_found",
        message: "no such route".into(),
    })
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
/// turns the answer into an HTTP response.
async fn call(api: Arc<Api>, request: ApiRequest) -> Response {
    let answer = tokio::task::spawn_blocking(move || api.handle(request)).await;
    match answer {
        Ok(Ok(ApiResponse::Json(v))) => {
            let mut r = axum::Json(v).into_response();
            r.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            r
        }
        Ok(Ok(ApiResponse::Image { bytes, mime, etag })) => {
            let mut r = Response::builder()
                .header(header::CONTENT_TYPE, mime)
                .header(header::ETAG, etag)
                .header(header::CACHE_CONTROL, "public, max-age=31536000, immutable");
            for (name, value) in super::IMAGE_HEADERS {
                r = r.header(name, value);
            }
            r.body(Body::from(bytes))
                .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
        }
        Ok(Ok(ApiResponse::NotModified { etag })) => {
            (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response()
        }
        Ok(Err(e)) => error(e),
        Err(e) => error(ApiError {
            status: 500,
            code: "internal",
            message: format!("the request failed: {e}"),
        }),
    }
}

fn error(e: ApiError) -> Response {
    let status = StatusCode::from_u16(e.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, axum::Json(e)).into_response()
}

/// Serves the API on 127.0.0.1 at a free port, in the background on a
/// runtime of its own (benchmarks, tools); answers the runtime (dropping it
/// stops the server) and the port.
pub fn spawn_on_loopback(api: Arc<Api>) -> std::io::Result<(tokio::runtime::Runtime, u16)> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let listener = runtime.block_on(tokio::net::TcpListener::bind(("127.0.0.1", 0)))?;
    let port = listener.local_addr()?.port();
    runtime.spawn(serve(api, listener, None));
    Ok((runtime, port))
}

/// Serves the API on `listener` until the process ends.
pub async fn serve(
    api: Arc<Api>,
    listener: tokio::net::TcpListener,
    token: Option<String>,
) -> std::io::Result<()> {
    let port = listener.local_addr()?.port();
    axum::serve(listener, router(api, token, port)).await
}
