//! The session commands: the status line and account switcher (`session_state`,
//! `switch_account`) and the window's one event channel (`subscribe`).

use tauri::State;
use tauri::ipc::Channel;

use crate::AppError;
use crate::session::{AppState, BackendEvent, SessionState};

/// Accounts, connection, progress and when the cache last caught up.
#[tauri::command]
pub fn session_state(state: State<'_, AppState>) -> SessionState {
    state.session_state()
}

/// Makes another signed-in account current; the engine of the previous one stops.
#[tauri::command(async)]
pub fn switch_account(
    state: State<'_, AppState>,
    account_id: String,
) -> Result<SessionState, AppError> {
    state.switch_account(&account_id)
}

/// Delivers every later [`BackendEvent`] to `channel`.
#[tauri::command]
pub fn subscribe(state: State<'_, AppState>, channel: Channel<BackendEvent>) {
    state.subscribe(channel);
}
