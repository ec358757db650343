//! Парта on the desktop, from the window's side: whether it starts with the session.

use crate::AppError;
use crate::desktop::autostart;

/// Whether Парта starts with the session (the Settings checkbox).
#[tauri::command]
pub fn autostart_enabled() -> bool {
    autostart::is_enabled()
}

/// Turns starting with the session on or off; answers the state now.
#[tauri::command]
pub fn set_autostart(enabled: bool) -> Result<bool, AppError> {
    autostart::set_enabled(enabled)
}
