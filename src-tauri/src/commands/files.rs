//! Attachments and links: download into the cache, open with the system, open a link.
//!
//! Downloads report `transfer` events and join a download already running for the same file;
//! opening downloads first when needed (online), then hands a copy under a safe name to the
//! system's application. Links pass the `http`/`https`/`mailto` filter first.

use parta_core::model::{AttachmentKind, ChatId, MessageId};
use tauri::State;

use super::composer::parse_id;
use crate::AppError;
use crate::opening;
use crate::session::AppState;
use crate::transfers::Downloads;
use crate::transfers::downloads::{AttachmentRef, find};

fn attachment(chat_id: &str, message_id: &str, index: usize) -> Result<AttachmentRef, AppError> {
    Ok(AttachmentRef {
        chat_id: ChatId(parse_id(chat_id)?),
        message_id: MessageId(parse_id(message_id)?),
        index,
        thumbnail: false,
    })
}

/// Downloads an attachment into the cache (progress arrives as `transfer` events).
#[tauri::command]
pub async fn download_attachment(
    chat_id: String,
    message_id: String,
    index: usize,
    state: State<'_, AppState>,
    downloads: State<'_, Downloads>,
) -> Result<(), AppError> {
    let session = state.require()?;
    let what = attachment(&chat_id, &message_id, index)?;
    downloads.fetch(&state, &session, what).await?;
    Ok(())
}

/// Opens an attachment with the system's application for it (downloading it first if needed).
#[tauri::command]
pub async fn open_attachment(
    chat_id: String,
    message_id: String,
    index: usize,
    state: State<'_, AppState>,
    downloads: State<'_, Downloads>,
) -> Result<(), AppError> {
    let session = state.require()?;
    let what = attachment(&chat_id, &message_id, index)?;
    let (_, attachment) = find(&session, what)?;
    let cached = downloads.fetch(&state, &session, what).await?;
    let name = match &attachment.kind {
        AttachmentKind::File { name, .. } => name.clone(),
        AttachmentKind::Photo { .. } => format!("Фото {message_id}"),
        AttachmentKind::Audio { .. } => format!("Аудио {message_id}"),
        AttachmentKind::Sticker { .. } => format!("Стикер {message_id}"),
        _ => cached.display_name.clone(),
    };
    let account_dir = session.account_dir.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let path = opening::opened_copy(&account_dir, &cached, &name)?;
        opening::open_file(&path)
    })
    .await
    .map_err(|_| AppError::from(crate::transfers::FilesError::Open))??;
    Ok(())
}

/// Opens an http(s) or mailto link in the system browser; anything else is refused.
#[tauri::command]
pub async fn open_link(url: String) -> Result<(), AppError> {
    Ok(opening::open_link(&url)?)
}
