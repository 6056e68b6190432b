//! The API over HTTP, with axum: what `broadsheet serve` runs.
//!
//! Every route maps its path and query string onto an [`ApiRequest`] and
//! answers [`Api::handle`]'s result: JSON, image bytes with an ETag (and 304
//! when the client has them), or an error `{code, message}` with its
//! status. Served beyond loopback, every request must carry the access
//! token (`Authorization: Bearer TOKEN`, or `?token=TOKEN`); without it the
//! answer is 401 and nothing else. On loopback, requests must name a
//! loopback host (against DNS rebinding).

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::{Api, ApiError, ApiRequest, ApiResponse};

type Params = Query<HashMap<String, String>>;

/// The API's routes; with a `token`, every request must present it.
pub fn router(api: Arc<Api>, token: Option<String>) -> Router {
    let routes = Router::new()
        .route("/api/library", get(library))
        .route("/api/articles/{id}", get(article))
        .route("/api/articles/{id}/state", axum::routing::post(set_state))
        .route("/api/images/{hash}", get(image))
        .route("/api/search", get(search))
        .route("/api/suggest", get(suggest))
        .route(
            "/api/editions",
            get(|State(api): State<Arc<Api>>| call(api, ApiRequest::Editions)),
        )
        .fallback(|| async {
            error(ApiError {
                status: 404,
                code: "not_found",
                message: "no such route".into(),
            })
        })
        .with_state(api);
    match token {
        Some(token) => routes.layer(middleware::from_fn_with_state(
            Arc::new(token),
            require_token,
        )),
        None => routes.layer(middleware::from_fn(require_local_host)),
    }
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

async fn require_token(State(token): State<Arc<String>>, request: Request, next: Next) -> Response {
    let bearer = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_string);
    let query = request
        .uri()
        .query()
        .unwrap_or("")
        .split('&')
        .find_map(|p| p.strip_prefix("token="))
        .map(str::to_string);
    let given = bearer.or(query).unwrap_or_default();
    if constant_time_eq(given.as_bytes(), token.as_bytes()) {
        next.run(request).await
    } else {
        error(ApiError {
            status: 401,
            code: "unauthorized",
            message: "this server needs its access token".into(),
        })
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn text(p: &HashMap<String, String>, key: &str) -> Option<String> {
    p.get(key)
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

fn flag(p: &HashMap<String, String>, key: &str) -> Result<Option<bool>, ApiError> {
    match p.get(key).map(|v| v.trim()) {
        None | Some("") => Ok(None),
        Some("1" | "true" | "yes") => Ok(Some(true)),
        Some("0" | "false" | "no") => Ok(Some(false)),
        Some(v) => Err(ApiError {
            status: 400,
            code: "bad_request",
            message: format!("{key}={v:?} is not true or false"),
        }),
    }
}

fn number(p: &HashMap<String, String>, key: &str, default: usize) -> Result<usize, ApiError> {
    match p.get(key).map(|v| v.trim()).filter(|v| !v.is_empty()) {
        None => Ok(default),
        Some(v) => v.parse().map_err(|_| ApiError {
            status: 400,
            code: "bad_request",
            message: format!("{key}={v:?} is not a whole number"),
        }),
    }
}

async fn library(State(api): State<Arc<Api>>, Query(p): Params) -> Response {
    let request = (|| {
        Ok(ApiRequest::Library {
            edition: text(&p, "edition"),
            section: text(&p, "section"),
            since: text(&p, "since"),
            until: text(&p, "until"),
            favourite: flag(&p, "favourite")?,
            read: flag(&p, "read")?,
            page: number(&p, "page", 1)?,
            per_page: number(&p, "per_page", 50)?,
        })
    })();
    match request {
        Ok(r) => call(api, r).await,
        Err(e) => error(e),
    }
}

async fn article(State(api): State<Arc<Api>>, Path(id): Path<String>) -> Response {
    call(api, ApiRequest::Article { id }).await
}

async fn set_state(
    State(api): State<Arc<Api>>,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    match serde_json::from_slice::<crate::library::StateChange>(&body) {
        Ok(change) => call(api, ApiRequest::SetState { id, change }).await,
        Err(e) => error(ApiError {
            status: 400,
            code: "bad_request",
            message: format!("the state change is not valid JSON: {e}"),
        }),
    }
}

async fn image(
    State(api): State<Arc<Api>>,
    Path(hash): Path<String>,
    headers: HeaderMap,
) -> Response {
    let if_none_match = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    call(
        api,
        ApiRequest::Image {
            hash,
            if_none_match,
        },
    )
    .await
}

async fn search(State(api): State<Arc<Api>>, Query(p): Params) -> Response {
    let request = (|| {
        Ok(ApiRequest::Search {
            q: text(&p, "q").unwrap_or_default(),
            edition: text(&p, "edition"),
            section: text(&p, "section"),
            source: text(&p, "source"),
            lang: text(&p, "lang"),
            since: text(&p, "since"),
            until: text(&p, "until"),
            sort: text(&p, "sort"),
            page: number(&p, "page", 1)?,
            per_page: number(&p, "per_page", 10)?,
        })
    })();
    match request {
        Ok(r) => call(api, r).await,
        Err(e) => error(e),
    }
}

async fn suggest(State(api): State<Arc<Api>>, Query(p): Params) -> Response {
    match number(&p, "limit", 8) {
        Ok(limit) => {
            call(
                api,
                ApiRequest::Suggest {
                    q: text(&p, "q").unwrap_or_default(),
                    limit,
                },
            )
            .await
        }
        Err(e) => error(e),
    }
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
        Ok(Ok(ApiResponse::Image { bytes, mime, etag })) => Response::builder()
            .header(header::CONTENT_TYPE, mime)
            .header(header::ETAG, etag)
            .header(header::CACHE_CONTROL, "public, max-age=31536000, immutable")
            .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
            .body(Body::from(bytes))
            .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response()),
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

/// Serves the API on `listener` until the process ends.
pub async fn serve(
    api: Arc<Api>,
    listener: tokio::net::TcpListener,
    token: Option<String>,
) -> std::io::Result<()> {
    axum::serve(listener, router(api, token)).await
}
