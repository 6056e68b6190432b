//! The shell's commands through Tauri's mock runtime (no display): the
//! interface's `api` calls reach the core's API with the same routes and
//! answers as over HTTP, errors keep their status and code, and a job it
//! starts reports progress as events.

use std::sync::mpsc;
use std::time::{Duration, Instant};

use broadsheet_desktop::{Shell, with_reader};
use serde_json::{Value, json};
use tauri::Listener;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{
    INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder, mock_context, noop_assets,
};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

fn app(root: &std::path::Path) -> (App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let shell = Shell::open(root.to_path_buf(), true, Instant::now()).expect("library");
    let app = with_reader(mock_builder(), shell)
        .build(mock_context(noop_assets()))
        .expect("app");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("window");
    (app, window)
}

fn call(
    window: &WebviewWindow<MockRuntime>,
    method: &str,
    path: &str,
    body: Value,
) -> Result<Value, Value> {
    let request = InvokeRequest {
        cmd: "api".into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().unwrap(),
        body: InvokeBody::Json(json!({ "method": method, "path": path, "body": body })),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    get_ipc_response(window, request).map(|b| b.deserialize::<Value>().expect("JSON"))
}

/// The `job` events the app emits, as they come.
fn job_events(app: &App<MockRuntime>) -> mpsc::Receiver<Value> {
    let (tx, rx) = mpsc::channel::<Value>();
    app.listen("job", move |event| {
        let _ = tx.send(serde_json::from_str(event.payload()).unwrap());
    });
    rx
}

#[test]
fn the_interface_reads_the_library_over_ipc() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = app(&dir.path().join("library"));
    // An empty library got the demo articles.
    let sites = call(&window, "GET", "/api/sites", Value::Null).unwrap();
    let total: u64 = sites["sites"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["editions"].as_array().unwrap())
        .map(|e| e["articles"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 17);
    let zh = call(
        &window,
        "GET",
        "/api/library?edition=zh&per_page=2",
        Value::Null,
    )
    .unwrap();
    assert_eq!(zh["per_page"], 2);
    assert!(
        zh["articles"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["edition"] == "zh")
    );
    let hits = call(
        &window,
        "GET",
        "/api/search?q=%E9%AB%98%E9%93%81",
        Value::Null,
    )
    .unwrap();
    assert!(hits["total"].as_u64().unwrap() >= 2, "{hits}");
    let id = zh["articles"][0]["id"].as_str().unwrap().to_string();
    let article = call(&window, "GET", &format!("/api/articles/{id}"), Value::Null).unwrap();
    assert_eq!(article["id"], id.as_str());
    assert!(article["blocks"].as_array().unwrap().len() > 2);
    let state = call(
        &window,
        "POST",
        &format!("/api/articles/{id}/state"),
        json!({ "favourite": true }),
    )
    .unwrap();
    assert_eq!(state["favourite"], true);
}

#[test]
fn errors_keep_their_status_and_code() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = app(&dir.path().join("library"));
    for (method, path, body, status, code) in [
        (
            "GET",
            "/api/articles/ffffffffffffffff",
            Value::Null,
            404,
            "not_found",
        ),
        (
            "GET",
            "/api/search?q=%22open",
            Value::Null,
            400,
            "bad_request",
        ),
        ("GET", "/api/nowhere", Value::Null, 404, "not_found"),
        ("POST", "/api/library", json!({}), 405, "method_not_allowed"),
        (
            "POST",
            "/api/fetch",
            json!({ "urls": ["file:///etc/passwd"] }),
            400,
            "bad_request",
        ),
        (
            "GET",
            &format!("/api/images/{}", "0".repeat(64)),
            Value::Null,
            404,
            "not_found",
        ),
    ] {
        let e = call(&window, method, path, body).unwrap_err();
        assert_eq!(
            (e["status"].as_u64(), e["code"].as_str()),
            (Some(status), Some(code)),
            "{path}: {e}"
        );
        assert!(!e["message"].as_str().unwrap().is_empty());
    }
}

#[test]
fn an_import_started_over_ipc_reports_progress_as_events() {
    let dir = tempfile::tempdir().unwrap();
    let (app, window) = app(&dir.path().join("library"));
    let rx = job_events(&app);
    let fixtures =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/articles");
    let job = call(
        &window,
        "POST",
        "/api/import",
        json!({ "paths": [fixtures] }),
    )
    .unwrap();
    assert_eq!(job["kind"], "import");
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut last = job;
    while last["state"] == "running" && Instant::now() < deadline {
        last = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("a job event");
    }
    assert_eq!(last["state"], "done", "{last}");
    assert_eq!(last["report"]["imported"], 8, "{last}");
    let list = call(&window, "GET", "/api/library", Value::Null).unwrap();
    assert_eq!(list["total"], 25);
}

#[test]
fn files_dropped_on_the_window_are_imported_with_progress_events() {
    let dir = tempfile::tempdir().unwrap();
    let (app, window) = app(&dir.path().join("library"));
    let rx = job_events(&app);
    // What the window's drop handler (and the menu's Import) calls.
    let page = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/articles/fr-template.html");
    broadsheet_desktop::commands::import(app.handle(), vec![page]);
    let mut last = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("a job event");
    while last["state"] == "running" {
        last = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("a job event");
    }
    assert_eq!(
        (last["state"].as_str(), last["report"]["imported"].as_u64()),
        (Some("done"), Some(1)),
        "{last}"
    );
    let fr = call(&window, "GET", "/api/library?edition=fr", Value::Null).unwrap();
    assert_eq!(
        fr["total"], 4,
        "the three demo articles and the dropped one"
    );
}
