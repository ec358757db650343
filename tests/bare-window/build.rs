fn main() {
    // tauri.conf.json beside this file; no commands, so no app manifest.
    tauri_build::build();
}
