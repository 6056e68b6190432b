//! Extracts the article in a saved page and prints it, block by block, with
//! each block's language.
//!
//! ```text
//! cargo run --example extract_page -- tests/fixtures/articles/bilingual-template.html
//! ```

use broadsheet::extract::{Page, extract};

fn main() -> broadsheet::Result<()> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "tests/fixtures/articles/bilingual-template.html".into());
    let bytes = std::fs::read(&path).map_err(broadsheet::Error::io(&path))?;
    let got = extract(&Page {
        bytes: &bytes,
        ..Page::default()
    })?;
    let a = &got.article;
    println!(
        "{} [{:?}, {}, read by the {} extractor]",
        a.title, a.edition, got.encoding, got.extractor
    );
    println!(
        "published {:?}, section {}",
        a.published.map(|t| t.to_rfc3339()),
        a.section_path()
    );
    for block in &a.blocks {
        for text in block.texts(&a.images) {
            println!("[{}] {text}", block.lang());
        }
    }
    Ok(())
}
