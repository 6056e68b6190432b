//! The window's way into the core: the `api` command, the `ready` signal,
//! the `bsimage:` image protocol, and imports started by the shell itself.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use broadsheet::api::{
    Api, ApiError, ApiResponse, ErrorCode, IMAGE_HEADERS, ImportRequest, Job, JobKind, route,
};
use serde_json::Value;
use tauri::http::{Request, Response, StatusCode, header};
use tauri::{AppHandle, Emitter, Manager, Runtime, State, UriSchemeContext, UriSchemeResponder};

use crate::Shell;

/// One API request from the interface: `GET /api/library?edition=zh`,
/// `POST /api/articles/ID/state` with a body, … — the same routes as over
/// HTTP, answered by the same [`Api`]; an error is the same [`ApiError`]
/// `{code, message, status}`. A job it starts reports progress as `job`
/// events.
#[tauri::command]
pub async fn api<R: Runtime>(
    app: AppHandle<R>,
    shell: State<'_, Shell>,
    method: String,
    path: String,
    body: Option<Value>,
) -> Result<Value, ApiError> {
    let api = Arc::clone(&shell.api);
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let started = std::time::Instant::now();
    let logged = format!("{method} {}", path.split('?').next().unwrap_or_default());
    let answer = tauri::async_runtime::spawn_blocking(move || {
        let (path, query) = path.split_once('?').unwrap_or((&path, ""));
        let request = route::parse(&route::Raw {
            method: &method,
            path,
            query,
            body: body.as_bytes(),
            if_none_match: None,
        })?;
        let starts_job = request.starts_job();
        Ok::<_, ApiError>((api.handle(request)?, starts_job))
    })
    .await
    .map_err(|e| ApiError::new(ErrorCode::Internal, format!("the request failed: {e}")))
    .and_then(|answer| answer);
    let ms = started.elapsed().as_secs_f64() * 1e3;
    match &answer {
        Ok(_) => tracing::info!(request = logged, ms, "ipc"),
        Err(e) => tracing::warn!(request = logged, ms, code = ?e.code, error = e.message, "ipc"),
    }
    match answer? {
        (ApiResponse::Json(v), starts_job) => {
            if starts_job && let Some(id) = v["id"].as_u64() {
                watch_job(app, Arc::clone(&shell.api), id);
            }
            Ok(v)
        }
        _ => Err(ApiError::bad("images come through the bsimage: protocol")),
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
        while let Ok(job) = api.job(id) {
            emit_job(&app, &job);
            if job.state != broadsheet::api::JobState::Running {
                return;
            }
            std::thread::sleep(Duration::from_millis(250));
        }
    });
}

/// Tells the window where a job stands.
fn emit_job<R: Runtime>(app: &AppHandle<R>, job: &Job) {
    if let Err(e) = app.emit("job", job) {
        tracing::warn!(error = %e, "the window was not told of a job");
    }
}

/// Imports files and folders (the menu's Import, or pages dropped on the
/// window) as a job whose progress the interface shows; a refusal is shown
/// as a failed job.
pub fn import<R: Runtime>(app: &AppHandle<R>, paths: Vec<PathBuf>) {
    let shell = app.state::<Shell>();
    match shell.api.import(ImportRequest { paths }) {
        Ok(job) => {
            emit_job(app, &job);
            watch_job(app.clone(), Arc::clone(&shell.api), job.id);
        }
        Err(e) => {
            tracing::warn!(code = ?e.code, error = e.message, "import refused");
            emit_job(app, &Job::refused(JobKind::Import, e));
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
        let answer = api.image(&hash, if_none_match.as_deref());
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
