//! Any bytes as a feed (RSS/Atom) and as a section listing page.
#![no_main]

use broadsheet::fetch::listing::{parse_feed, parse_listing};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let base = url::Url::parse("https://www.chinadaily.com.cn/world/").expect("a URL");
    let _ = parse_feed(data, &base);
    if let Ok(html) = std::str::from_utf8(data) {
        let _ = parse_listing(html, &base);
    }
});
