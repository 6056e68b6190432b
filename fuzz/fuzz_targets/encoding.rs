//! Any bytes with any declared charset: decoding always gives text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&which, bytes)) = data.split_first() else {
        return;
    };
    let content_type = match which % 4 {
        0 => None,
        1 => Some("text/html; charset=gbk"),
        2 => Some("text/html; charset=\"utf-8\""),
        _ => Some("text/html; charset=nonsense"),
    };
    let decoded = broadsheet::encoding::decode(bytes, content_type);
    assert!(decoded.text.len() <= bytes.len() * 3 + 3);
});
