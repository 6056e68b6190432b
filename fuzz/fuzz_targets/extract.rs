//! Any bytes, as a page from China Daily's hosts or elsewhere: extraction
//! answers an article or an error, never a panic.
#![no_main]

use broadsheet::extract::{Page, extract};
use broadsheet::sites::Sites;
use libfuzzer_sys::fuzz_target;

const URLS: [Option<&str>; 4] = [
    None,
    Some("https://www.chinadaily.com.cn/a/202611/26/WS69e15d48c667dfbe732bad5d.html"),
    Some("https://language.chinadaily.com.cn/a/202611/26/WS69fa06cefb6e645804d2939b.html"),
    Some("https://example.com/news/story.html"),
];

fuzz_target!(|data: &[u8]| {
    let Some((&which, bytes)) = data.split_first() else {
        return;
    };
    let page = Page {
        sites: Sites::builtin_ref(),
        bytes,
        url: URLS[usize::from(which) % URLS.len()],
        content_type: (which & 0x10 != 0).then_some("text/html; charset=gb2312"),
        fallback_url: Some("file:///saved/page.html"),
        continuation: which & 0x20 != 0,
    };
    let _ = extract(&page);
});
