//! The window's way into the core: the `api` command, the `ready` signal,
//! the `bsimage:` image protocol, and imports started by the shell itself.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use broadsheet::api::{Api, ApiError, ApiRequest, ApiResponse, IMAGE_HEADERS, JobSpec, route};
use serde::Serialize;
use serde_json::Value;
use tauri::http::{Request, Response, StatusCode, header};
use tauri::{AppHandle, Emitter, Manager, Runtime, State, UriSchemeContext, UriSchemeResponder};

use crate::Shell;

/// An error as the interface receives it: the status an HTTP answer would
/// have had, the stable code, the message.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct IpcError {
    /// HTTP-like status.
    pub status: u16,
    /// Stable code (`not_found`, `bad_request`, …).
    pub code: &'static str,
    /// What went wrong.
    pub message: String,
}

impl From<ApiError> for IpcError {
    fn from(e: ApiError) -> Self {
        IpcError {
            status: e.status,
            code: e.code,
            message: e.message,
        }
    }
}

/// One API request from the interface: `GET /api/library?edition=zh`,
/// `POST /api/articles/ID/state` with a body, … — the same routes as over
/// HTTP. A job it starts reports progress as `job` events.
#[tauri::command]
pub async fn api<R: Runtime>(
    app: AppHandle<R>,
    shell: State<'_, Shell>,
    method: String,
    path: String,
    body: Option<Value>,
) -> Result<Value, IpcError> {
    let api = Arc::clone(&shell.api);
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let answer = tauri::async_runtime::spawn_blocking(move || {
        let (path, query) = path.split_once('?').unwrap_or((&path, ""));
        let request = route::parse(&route::Raw {
            method: &method,
            path,
            query,
            body: body.as_bytes(),
            if_none_match: None,
        })?;
        let starts_job = matches!(request, ApiRequest::StartJob(_));
        Ok::<_, ApiError>((api.handle(request)?, starts_job))
    })
    .await
    .map_err(|e| IpcError {
        status: 500,
        code: "internal",
        message: format!("the request failed: {e}"),
    })??;
    match answer {
        (ApiResponse::Json(v), starts_job) => {
            if starts_job && let Some(id) = v["id"].as_u64() {
                watch_job(app, Arc::clone(&shell.api), id);
            }
            Ok(v)
        }
        _ => Err(IpcError {
            status: 400,
            code: "bad_request",
            message: "images come through the bsimage: protocol".into(),
        }),
    }
}

/// The interface has its first screen up: with the startup probe on,
/// prints how long that took since the process started.
#[tauri::command]
pub fn ready(shell: State<'_, Shell>) {
    if shell.probe {
        use std::io::Write;
        println!(
            "ready {:.1} ms",
            shell.started.elapsed().as_secs_f64() * 1e3
        );
        let _ = std::io::stdout().flush();
    }
}

/// Emits a job's state as `job` events until it ends.
pub fn watch_job<R: Runtime>(app: AppHandle<R>, api: Arc<Api>, id: u64) {
    std::thread::spawn(move || {
        loop {
            let Ok(ApiResponse::Json(job)) = api.handle(ApiRequest::Job { id }) else {
                return;
            };
            let _ = app.emit("job", &job);
            if job["state"] != "running" {
                return;
            }
            std::thread::sleep(Duration::from_millis(250));
        }
    });
}

/// Imports files and folders (the menu's Import, or pages dropped on the
/// window) as a job whose progress the interface shows.
pub fn import<R: Runtime>(app: &AppHandle<R>, paths: Vec<PathBuf>) {
    let shell = app.state::<Shell>();
    match shell
        .api
        .handle(ApiRequest::StartJob(JobSpec::Import { paths }))
    {
        Ok(ApiResponse::Json(job)) => {
            let _ = app.emit("job", &job);
            if let Some(id) = job["id"].as_u64() {
                watch_job(app.clone(), Arc::clone(&shell.api), id);
            }
        }
        Ok(_) => {}
        Err(e) => {
            let failed = serde_json::json!({
                "id": 0, "kind": "import", "state": "failed", "done": 0, "total": 0,
                "bytes": 0, "report": null, "error": e.message,
            });
            let _ = app.emit("job", &failed);
        }
    }
}

/// `bsimage://localhost/HASH`: an offline image from the library, with its
/// ETag (304 when the webview has it).
pub fn image_protocol<R: Runtime>(
    ctx: UriSchemeContext<'_, R>,
    request: Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let api = Arc::clone(&ctx.app_handle().state::<Shell>().api);
    let hash = request.uri().path().trim_start_matches('/').to_string();
    let if_none_match = request
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    std::thread::spawn(move || {
        let answer = api.handle(ApiRequest::Image {
            hash,
            if_none_match,
        });
        let response = match answer {
            Ok(ApiResponse::Image { bytes, mime, etag }) => IMAGE_HEADERS
                .iter()
                .fold(Response::builder(), |r, (name, value)| {
                    r.header(*name, *value)
                })
                .header(header::CONTENT_TYPE, mime)
                .header(header::ETAG, etag)
                .header(header::CACHE_CONTROL, "public, max-age=31536000, immutable")
                .body(bytes),
            Ok(ApiResponse::NotModified { etag }) => Response::builder()
                .status(StatusCode::NOT_MODIFIED)
                .header(header::ETAG, etag)
                .body(Vec::new()),
            Ok(ApiResponse::Json(_)) => Response::builder()
                .status(StatusCode::INTERNAL_SERVER_ERROR)
                .body(Vec::new()),
            Err(e) => Response::builder()
                .status(e.status)
                .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
                .body(e.message.into_bytes()),
        };
        responder.respond(response.unwrap_or_else(|_| Response::new(Vec::new())));
    });
}
