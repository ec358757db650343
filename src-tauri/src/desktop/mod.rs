//! Парта on the desktop, beyond its window: the tray icon with the unread count, one instance
//! per data folder, starting with the session (opt-in), and the window's remembered size and
//! place.
//!
//! Design: one module per concern, each usable on its own. [`single_instance`] runs before Tauri
//! starts (a second launch must not open a second window over the same cache); the others are
//! set up from the app's `setup` ([`setup`]) and the main window's events ([`on_window_event`]).
//! Closing the window keeps Парта running in the tray only when a tray host actually shows the
//! icon (see [`tray::is_shown`]); otherwise it quits, as an app without a tray must.

pub mod autostart;
pub mod single_instance;
pub mod tray;
pub mod window_state;

use tauri::{AppHandle, Manager, Runtime, Window, WindowEvent};

/// The label of Парта's one window.
pub const MAIN_WINDOW: &str = "main";

/// Restores the window's geometry, creates the tray and starts keeping its count.
pub fn setup<R: Runtime>(app: &AppHandle<R>, data_dir: &std::path::Path) {
    window_state::setup(app, data_dir);
    tray::setup(app);
}

/// The main window's events that concern the desktop: geometry, and closing into the tray.
pub fn on_window_event<R: Runtime>(window: &Window<R>, event: &WindowEvent) {
    if window.label() != MAIN_WINDOW {
        return;
    }
    match event {
        WindowEvent::Moved(_) | WindowEvent::Resized(_) => window_state::changed(window),
        WindowEvent::CloseRequested { api, .. } => {
            window_state::save_now(window);
            if tray::is_shown(window.app_handle()) {
                api.prevent_close();
                if let Err(error) = window.hide() {
                    tracing::warn!(%error, "window not hidden");
                }
                tracing::info!("window closed; Парта keeps running in the tray");
            }
        }
        _ => {}
    }
}

/// Shows the main window, brings it up from the taskbar or the tray and gives it the focus.
pub fn show_main<R: Runtime>(app: &AppHandle<R>) {
    let Some(window) = app.get_webview_window(MAIN_WINDOW) else {
        return;
    };
    let _ = window.unminimize();
    if let Err(error) = window.show() {
        tracing::warn!(%error, "window not shown");
    }
    if let Err(error) = window.set_focus() {
        tracing::debug!(%error, "window not focused");
    }
}

/// Quits Парта (the tray's «Выйти»), keeping the window's geometry first.
pub fn quit<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window(MAIN_WINDOW) {
        window_state::save_now(&window.as_ref().window());
    }
    app.exit(0);
}
