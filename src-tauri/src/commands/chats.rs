//! The chat list (`chat_list`) and the person's own pins (`set_chat_pinned`), read from the
//! cache through the session's reader; pins live in the shell's per-account file.

use std::time::{SystemTime, UNIX_EPOCH};

use parta_core::model::{ChatStatus, PersonId};
use tauri::State;

use crate::AppError;
use crate::session::{AppState, BackendEvent};
use crate::views::{ChatRow, chat_row};

/// Now, in ms since the epoch.
pub(crate) fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|since| since.as_millis() as i64)
        .unwrap_or_default()
}

/// A platform id the window sent back (always a string).
pub(crate) fn parse_id(text: &str) -> Result<i64, AppError> {
    text.trim()
        .parse()
        .map_err(|_| AppError::BadId(text.chars().take(40).collect()))
}

/// Every visible chat: pinned ones first, then by last activity.
#[tauri::command(async)]
pub fn chat_list(state: State<'_, AppState>) -> Result<Vec<ChatRow>, AppError> {
    let Some(session) = state.current() else {
        return Ok(Vec::new());
    };
    let pinned = session.prefs().pinned_chats;
    let store = session.reader();
    let own = session.own_person_id;
    let name_of = |person: PersonId| store.person(person).ok().flatten().map(|p| p.name);
    let now = now_ms();
    let mut rows: Vec<ChatRow> = store
        .chat_list()?
        .iter()
        .filter(|entry| !matches!(entry.chat.status, ChatStatus::Removed | ChatStatus::Hidden))
        .map(|entry| {
            let is_pinned = pinned.contains(&entry.chat.id.0);
            chat_row(&store, entry, own, is_pinned, now, &name_of)
        })
        .collect();
    // Stable: within each group the store's order (newest activity first) stays.
    rows.sort_by_key(|row| !row.pinned);
    Ok(rows)
}

/// Pins a chat to the top of the list, or unpins it (this computer only).
#[tauri::command(async)]
pub fn set_chat_pinned(
    state: State<'_, AppState>,
    chat_id: String,
    pinned: bool,
) -> Result<(), AppError> {
    let session = state.require()?;
    let id = parse_id(&chat_id)?;
    session.update_prefs(|prefs| {
        if pinned {
            prefs.pinned_chats.insert(id);
        } else {
            prefs.pinned_chats.remove(&id);
        }
    })?;
    state.emit(BackendEvent::Chats);
    Ok(())
}
