//! Imports a folder of saved pages into a library and lists what it holds,
//! newest first.
//!
//! ```text
//! cargo run --example import_folder -- assets/demo /tmp/my-library
//! ```

use broadsheet::{Library, ListFilter, import};

fn main() -> broadsheet::Result<()> {
    let mut args = std::env::args().skip(1);
    let folder = args.next().unwrap_or_else(|| "assets/demo".into());
    let dir = match args.next() {
        Some(d) => std::path::PathBuf::from(d),
        None => std::env::temp_dir().join("broadsheet-example-library"),
    };
    let mut library = Library::open(&dir)?;
    let report = import::import_paths(&mut library, &[folder.into()], &mut |_| {})?;
    println!(
        "imported {}, updated {}, unchanged {}",
        report.imported, report.updated, report.unchanged
    );
    for failure in &report.failed {
        println!("failed: {}: {}", failure.path.display(), failure.reason);
    }
    for row in library.list(&ListFilter {
        limit: Some(10),
        ..ListFilter::default()
    })? {
        println!(
            "{}  {:<9}  {}",
            row.id,
            row.edition.as_ref().map_or("-", |e| e.code()),
            row.title
        );
    }
    println!("library: {}", dir.display());
    Ok(())
}
