//! The Broadsheet desktop app. See the crate's documentation (lib.rs).

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::process::ExitCode;
use std::time::Instant;

use broadsheet_desktop::{Shell, commands, menu, with_reader};
use tauri::{DragDropEvent, Manager, WindowEvent};

fn main() -> ExitCode {
    let started = Instant::now();
    let Some(root) = Shell::default_root() else {
        eprintln!("broadsheet-desktop: no home folder for the library: set BROADSHEET_LIBRARY");
        return ExitCode::from(2);
    };
    let demo = match broadsheet::demo::opted_out_by_env() {
        Ok(opted_out) => !opted_out,
        Err(e) => {
            eprintln!("broadsheet-desktop: {e}");
            return ExitCode::from(2);
        }
    };
    let shell = match Shell::open(root.clone(), demo, started) {
        Ok(shell) => shell,
        Err(e) => {
            eprintln!(
                "broadsheet-desktop: cannot open the library in {}: {}",
                root.display(),
                broadsheet::error_chain(&e)
            );
            return ExitCode::from(2);
        }
    };
    let builder = tauri::Builder::default()
        // First: a second launch focuses this window instead of opening
        // the library twice.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        }))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .setup(|app| {
            // The platform's log folder for the app (~/.local/share/<id>/logs on Linux).
            match app.path().app_log_dir() {
                Ok(dir) => {
                    if let Err(e) = broadsheet_desktop::log_to_file(&dir) {
                        eprintln!("broadsheet-desktop: no log in {}: {e}", dir.display());
                    }
                }
                Err(e) => eprintln!("broadsheet-desktop: no log folder: {e}"),
            }
            tracing::info!(library = %app.state::<Shell>().root.display(), "started");
            Ok(())
        })
        .menu(menu::build)
        .on_menu_event(menu::on_event)
        .on_window_event(|window, event| {
            if let WindowEvent::DragDrop(DragDropEvent::Drop { paths, .. }) = event {
                commands::import(window.app_handle(), paths.clone());
            }
        });
    match with_reader(builder, shell).run(tauri::generate_context!()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("broadsheet-desktop: {e}");
            ExitCode::from(1)
        }
    }
}
