//! Any text as a search query: it parses or says what is wrong.
#![no_main]

use broadsheet::index::query::ParsedQuery;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = ParsedQuery::parse(text);
    }
});
