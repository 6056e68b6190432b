//! Tauri's build step: reads tauri.conf.json and the capabilities, and
//! checks that the interface (`../ui/dist`) it embeds is there.

fn main() {
    tauri_build::build()
}
