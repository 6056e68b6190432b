//! Rebuilds the crate when the front end in `ui/dist` changes, so that a
//! release binary always embeds the UI it was built beside.

fn main() {
    // Until the front end is built, watch its folder for `dist` to appear
    // (a missing path would make cargo rebuild every time).
    if std::path::Path::new("ui/dist").exists() {
        println!("cargo:rerun-if-changed=ui/dist");
    } else {
        println!("cargo:rerun-if-changed=ui");
    }
}
