//! Searches a library and prints the hits, timing the search.
//!
//! ```text
//! cargo run --release --example search_library -- /tmp/my-library "lunar samples" [runs]
//! ```

use broadsheet::Library;
use broadsheet::index::{SearchIndex, SearchRequest};

fn main() -> broadsheet::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| {
        std::env::temp_dir()
            .join("broadsheet-example-library")
            .display()
            .to_string()
    });
    let query = args.next().unwrap_or_else(|| "熊猫".into());
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(1);
    let library = Library::open(&dir)?;
    let (index, _) = SearchIndex::open(&library, &mut |_, _| {})?;
    let request = SearchRequest::new(query);
    let started = std::time::Instant::now();
    let mut results = index.search(&request)?;
    for _ in 1..runs {
        results = index.search(&request)?;
    }
    let each = started.elapsed() / runs as u32;
    println!("{} articles match ({each:?} a search)", results.total);
    for hit in &results.hits {
        println!("{}  {}\n    {}", hit.id, hit.title, hit.snippet);
    }
    Ok(())
}
