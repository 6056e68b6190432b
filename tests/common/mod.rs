//! Helpers shared by the integration tests: run the real `broadsheet`
//! binary against temporary libraries, and read expected answers.
#![allow(dead_code)]

pub mod http;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The project's root folder.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A `broadsheet` command with no library settings from the environment.
pub fn broadsheet() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_broadsheet"));
    cmd.env_remove("BROADSHEET_LIBRARY")
        .env_remove("BROADSHEET_NO_DEMO")
        .current_dir(root());
    cmd
}

/// Runs `broadsheet --library LIB ARGS...`.
pub fn run(lib: &Path, args: &[&str]) -> Output {
    broadsheet()
        .arg("--library")
        .arg(lib)
        .args(args)
        .output()
        .expect("broadsheet runs")
}

/// Runs and requires success; returns stdout.
pub fn ok(lib: &Path, args: &[&str]) -> String {
    let out = run(lib, args);
    assert!(
        out.status.success(),
        "broadsheet {args:?} failed: {}\n{}",
        out.status,
        text(&out.stderr)
    );
    text(&out.stdout)
}

/// Bytes as UTF-8 text.
pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Runs with `--json` and parses the output.
pub fn json(lib: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.push("--json");
    serde_json::from_str(&ok(lib, &all)).expect("valid JSON")
}

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}
