//! Any bytes as a feed (RSS/Atom), as a section listing page and as an
//! article page with a pager.
#![no_main]

use broadsheet::fetch::listing::{later_pages, parse_feed, parse_listing};
use broadsheet::sites::Sites;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let base = url::Url::parse("https://www.chinadaily.com.cn/world/").expect("a URL");
    let _ = parse_feed(data, &base);
    if let Ok(html) = std::str::from_utf8(data) {
        let sites = Sites::builtin_ref();
        let _ = parse_listing(sites, html, &base);
        let article = url::Url::parse("https://www.chinadaily.com.cn/a/202611/26/WS69e15d48c667dfbe732bad5d.html")
            .expect("a URL");
        let _ = later_pages(sites, html, &article);
    }
});
