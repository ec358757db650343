//! Парта's desktop shell (Tauri 2).
//!
//! The shell is thin glue between the web UI and the Rust core: it owns the window, the log and
//! the commands the window may call, and holds no business rules. Every command the window can
//! reach is listed in `build.rs` and granted in `capabilities/main.json`; nothing else (no core
//! plugin API) is granted, and the window loads only our own files from `ui/dist`.

mod commands;
mod error;
mod logging;

pub use error::AppError;

/// Starts Парта and blocks until the last window closes.
pub fn run() {
    let context = tauri::generate_context!("../tauri.conf.json");
    let result = tauri::Builder::default()
        .setup(|app| {
            logging::start(app.handle())?;
            tracing::info!(version = env!("CARGO_PKG_VERSION"), "Парта started");
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![commands::app_info::app_info])
        .run(context);
    if let Err(error) = result {
        eprintln!("Парта could not start: {error}");
        std::process::exit(1);
    }
}
