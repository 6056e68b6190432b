//! Startup benchmark: from launching the desktop app to its library on
//! screen, on a 100,000-article library (`BENCH_STARTUP_SIZES`, default
//! `100000`).
//!
//! It generates the articles ([`corpus`], as the search benchmark does),
//! imports them and builds the index, starts its own Xvfb display, then
//! launches the app binary several times with `BROADSHEET_STARTUP_PROBE=1`:
//! the app prints `ready N ms` when the interface reports its first screen
//! (the newest 40 articles and the section list rendered). For each launch
//! it reports the app's own figure (from `main`) and the wall time from
//! spawning the process. Baseline, in the same run: the command line's
//! `broadsheet list -n 40` on the same library, start to output.
//!
//! Run: `make bench` (or `cargo bench -p broadsheet-desktop --bench startup`).

#[allow(dead_code, unused_imports)]
#[path = "../../benches/corpus/mod.rs"]
mod corpus;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const SEED: u64 = 2026;
const LAUNCHES: usize = 6;

fn main() {
    let sizes = corpus::sizes("BENCH_STARTUP_SIZES", "100000");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let lex = corpus::Lexicon::load(&root.join("benches/data")).expect("benches/data word lists");
    let app = PathBuf::from(env!("CARGO_BIN_EXE_broadsheet-desktop"));
    let cli = root.join("target/release/broadsheet");
    let display = Xvfb::start();
    println!(
        "startup benchmark, {} CPUs; {} launches per library; display {}",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        LAUNCHES,
        display.name
    );
    for n in sizes {
        let temp = tempfile::tempdir().expect("temp dir");
        let library = temp.path().join("library");
        let t = Instant::now();
        let mut lib = broadsheet::Library::open(&library).expect("library");
        corpus::import_into(&mut lib, &lex, SEED, n);
        broadsheet::index::SearchIndex::rebuild(&lib, &mut |_, _| {}).expect("index");
        drop(lib);
        println!(
            "\n== {n} articles (library and index built in {:.0} s)",
            t.elapsed().as_secs_f64()
        );
        println!("{:<28} {:>12} {:>12}", "launch", "app (main)", "wall");
        let mut app_ms = Vec::new();
        let mut wall_ms = Vec::new();
        for i in 0..LAUNCHES {
            let (inner, wall) = launch(&app, &library, temp.path(), &display.name);
            println!(
                "{:<28} {:>9.0} ms {:>9.0} ms",
                if i == 0 { "1 (first)" } else { "" },
                inner,
                wall
            );
            app_ms.push(inner);
            wall_ms.push(wall);
        }
        app_ms.sort_by(f64::total_cmp);
        wall_ms.sort_by(f64::total_cmp);
        println!(
            "{:<28} {:>9.0} ms {:>9.0} ms",
            "median",
            app_ms[LAUNCHES / 2],
            wall_ms[LAUNCHES / 2]
        );
        if cli.exists() {
            let mut times = Vec::new();
            for _ in 0..LAUNCHES {
                let t = Instant::now();
                let out = Command::new(&cli)
                    .args(["--no-demo", "--library"])
                    .arg(&library)
                    .args(["list", "-n", "40"])
                    .output()
                    .expect("broadsheet list");
                assert!(out.status.success());
                times.push(t.elapsed().as_secs_f64() * 1e3);
            }
            times.sort_by(f64::total_cmp);
            println!(
                "{:<28} {:>12} {:>9.0} ms",
                "baseline: broadsheet list",
                "",
                times[LAUNCHES / 2]
            );
        } else {
            println!("baseline skipped: {} is not built", cli.display());
        }
    }
}

/// Launches the app on `library`; answers (its own ms to the first screen,
/// wall ms from spawning) once it prints `ready`, then closes it.
fn launch(app: &Path, library: &Path, home: &Path, display: &str) -> (f64, f64) {
    let t = Instant::now();
    let mut child = Command::new(app)
        .env("DISPLAY", display)
        .env("BROADSHEET_LIBRARY", library)
        .env("BROADSHEET_NO_DEMO", "1")
        .env("BROADSHEET_STARTUP_PROBE", "1")
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the app starts");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let inner = loop {
        match lines.next() {
            Some(Ok(line)) => {
                if let Some(ms) = line
                    .strip_prefix("ready ")
                    .and_then(|l| l.strip_suffix(" ms"))
                {
                    break ms.parse::<f64>().expect("a number");
                }
            }
            _ => panic!("the app ended without showing its library"),
        }
    };
    let wall = t.elapsed().as_secs_f64() * 1e3;
    let _ = child.kill();
    let _ = child.wait();
    (inner, wall)
}

/// A virtual display for the launches.
struct Xvfb {
    child: Child,
    name: String,
}

impl Xvfb {
    fn start() -> Xvfb {
        for n in 90..120 {
            if Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() {
                continue;
            }
            let mut child = Command::new("Xvfb")
                .arg(format!(":{n}"))
                .args(["-screen", "0", "1280x900x24", "-nolisten", "tcp"])
                .stderr(Stdio::null())
                .spawn()
                .expect("Xvfb (apt install xvfb)");
            let socket = format!("/tmp/.X11-unix/X{n}");
            let deadline = Instant::now() + Duration::from_secs(10);
            while Instant::now() < deadline && !Path::new(&socket).exists() {
                std::thread::sleep(Duration::from_millis(50));
            }
            if Path::new(&socket).exists() {
                return Xvfb {
                    child,
                    name: format!(":{n}"),
                };
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        panic!("no Xvfb display could be started");
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
