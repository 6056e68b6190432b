//! Any bytes as a backup archive: restoring answers a report or an error,
//! never a panic, and never more memory than its limits allow.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!("broadsheet-fuzz-archive-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let file = dir.join("archive.bsa");
    std::fs::write(&file, data).expect("the input written");
    let _ = broadsheet::archive::restore(&file, &dir.join("library"));
});
