//! Rebuilds the crate when the front end in `ui/dist` changes, so that a
//! release binary always embeds the UI it was built beside; and tells the
//! tests whether the shared corpora sit beside the checkout (`../shared`),
//! so that a test needing them shows as ignored, not passed, without them.

fn main() {
    // Until the front end is built, watch its folder for `dist` to appear
    // (a missing path would make cargo rebuild every time).
    if std::path::Path::new("ui/dist").exists() {
        println!("cargo:rerun-if-changed=ui/dist");
    } else {
        println!("cargo:rerun-if-changed=ui");
    }
    println!("cargo::rustc-check-cfg=cfg(shared_corpus)");
    println!("cargo:rerun-if-changed=build.rs");
    // The corpora are decided when the crate is built: `touch build.rs`
    // after adding or removing them.
    if std::path::Path::new("../shared/corpus/chinadaily").is_dir() {
        println!("cargo::rustc-cfg=shared_corpus");
    }
}
