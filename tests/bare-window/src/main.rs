//! A bare Tauri window: one static page, no commands, no plugins, no tray. The end-to-end
//! performance test launches it under the same display as Парта and compares their memory, so
//! the figure says what Парта costs beyond the WebKitGTK window every Tauri app pays for.

fn main() {
    let result = tauri::Builder::default().run(tauri::generate_context!());
    if let Err(error) = result {
        eprintln!("the bare window could not start: {error}");
        std::process::exit(1);
    }
}
