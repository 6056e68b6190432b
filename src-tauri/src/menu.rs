//! The native menu: File (Import files…, Import folder…, Fetch URL…,
//! Subscriptions…, Open library folder, Quit), View (the first site's editions,
//! zoom, light/dark/system), Help (About). Items that are the interface's
//! business (editions, dialogs, theme) become `menu` events it handles;
//! the rest (file pickers, zoom, the folder) the shell does itself.

use serde_json::json;
use tauri::menu::{AboutMetadata, Menu, MenuBuilder, MenuEvent, MenuItemBuilder, SubmenuBuilder};
use tauri::{AppHandle, Emitter, Manager, Runtime};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

use crate::Shell;
use crate::commands;

/// Builds the menu bar.
pub fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Menu<R>> {
    let item = |id: &str, label: &str, key: Option<&str>| {
        let mut b = MenuItemBuilder::with_id(id, label);
        if let Some(k) = key {
            b = b.accelerator(k);
        }
        b.build(app)
    };
    let file = SubmenuBuilder::new(app, "File")
        .item(&item("import", "Import files…", Some("CmdOrCtrl+O"))?)
        .item(&item(
            "import-folder",
            "Import folder…",
            Some("CmdOrCtrl+Shift+O"),
        )?)
        .item(&item("fetch", "Fetch URL…", Some("CmdOrCtrl+L"))?)
        .item(&item("subscriptions", "Subscriptions…", None)?)
        .separator()
        .item(&item("open-folder", "Open library folder", None)?)
        .separator()
        .quit()
        .build()?;
    let mut view = SubmenuBuilder::new(app, "View");
    // The first site's editions (China Daily's, in its bar order), keys 1
    // to 9; other sites are reached through the interface's site switcher.
    // The library's sites, as the interface reads them (`/api/sites`).
    let sites = app
        .try_state::<Shell>()
        .and_then(|shell| shell.api.sites_info().ok())
        .unwrap_or_else(|| {
            broadsheet::sites::SitesInfo::of(&broadsheet::sites::Sites::builtin(), &[], &[])
        });
    let first = sites.sites.first().map(|s| s.editions.as_slice());
    for (i, edition) in first.unwrap_or_default().iter().take(9).enumerate() {
        let key = format!("CmdOrCtrl+{}", i + 1);
        let id = format!("edition:{}", edition.code.code());
        view = view.item(&item(&id, &edition.label, Some(&key))?);
    }
    let view = view
        .separator()
        .item(&item("search", "Search", Some("CmdOrCtrl+F"))?)
        .separator()
        .item(&item("zoom-in", "Zoom in", Some("CmdOrCtrl+="))?)
        .item(&item("zoom-out", "Zoom out", Some("CmdOrCtrl+-"))?)
        .item(&item("zoom-reset", "Actual size", Some("CmdOrCtrl+0"))?)
        .separator()
        .item(&item("theme:light", "Light mode", None)?)
        .item(&item("theme:dark", "Dark mode", None)?)
        .item(&item("theme:system", "Follow the system", None)?)
        .separator()
        .item(&item("settings", "Settings…", Some("CmdOrCtrl+,"))?)
        .build()?;
    let about = AboutMetadata {
        name: Some("Broadsheet".into()),
        version: Some(env!("CARGO_PKG_VERSION").into()),
        comments: Some("An offline reader for multilingual news sites.".into()),
        license: Some("MIT OR Apache-2.0".into()),
        ..AboutMetadata::default()
    };
    let help = SubmenuBuilder::new(app, "Help")
        .about(Some(about))
        .build()?;
    MenuBuilder::new(app).items(&[&file, &view, &help]).build()
}

/// What a menu item does.
pub fn on_event<R: Runtime>(app: &AppHandle<R>, event: MenuEvent) {
    let id = event.id().as_ref();
    let to_ui = |action: &str, value: Option<&str>| {
        let _ = app.emit("menu", json!({ "action": action, "value": value }));
    };
    match id {
        "import" | "import-folder" => {
            let handle = app.clone();
            let picker = app.dialog().file().set_title("Import saved pages");
            let done = move |paths: Vec<std::path::PathBuf>| {
                if !paths.is_empty() {
                    commands::import(&handle, paths);
                }
            };
            if id == "import" {
                picker
                    .add_filter("Saved pages", &["html", "htm", "xhtml", "mhtml"])
                    .pick_files(move |files| {
                        let paths = files.unwrap_or_default();
                        done(
                            paths
                                .into_iter()
                                .filter_map(|f| f.into_path().ok())
                                .collect(),
                        )
                    });
            } else {
                picker.pick_folder(move |folder| {
                    done(
                        folder
                            .and_then(|f| f.into_path().ok())
                            .into_iter()
                            .collect(),
                    )
                });
            }
        }
        "fetch" => to_ui("add", None),
        "subscriptions" => to_ui("subscriptions", None),
        "search" => to_ui("search", None),
        "settings" => to_ui("settings", None),
        "open-folder" => {
            let root = app.state::<Shell>().root.clone();
            let _ = app.opener().open_path(root.to_string_lossy(), None::<&str>);
        }
        "zoom-in" | "zoom-out" | "zoom-reset" => {
            let shell = app.state::<Shell>();
            let mut zoom = shell.zoom.lock().unwrap_or_else(|p| p.into_inner());
            *zoom = match id {
                "zoom-in" => (*zoom * 1.1).min(3.0),
                "zoom-out" => (*zoom / 1.1).max(0.5),
                _ => 1.0,
            };
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.set_zoom(*zoom);
            }
        }
        _ => {
            if let Some(code) = id.strip_prefix("edition:") {
                to_ui("edition", Some(code));
            } else if let Some(theme) = id.strip_prefix("theme:") {
                to_ui("theme", Some(theme));
            }
        }
    }
}
