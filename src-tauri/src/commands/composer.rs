//! The composer: files handed over before sending, the send itself, and the person's say over
//! what is still in the outbox (retry, discard).
//!
//! The window never names a path: a file's bytes arrive raw (`x-file-name` percent-encoded) and
//! are kept under a random staged id; a message goes to the core's outbox (persisted first, the
//! engine rung to send at once); its id comes back as a string. A message with files is one
//! message carrying them all, each uploaded first, with the text as its caption.

use parta_core::model::{ChatId, MessageId};
use parta_core::platform::LocalFile;
use serde::Deserialize;
use tauri::State;
use tauri::ipc::{InvokeBody, Request};

use crate::AppError;
use crate::session::{AppState, BackendEvent};
use crate::transfers::{FilesError, StagedFile, Uploads, staging};

/// What the window sends (`SendRequest` in `backend.ts`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SendRequest {
    chat_id: String,
    text: String,
    reply_to: Option<String>,
    #[serde(default)]
    staged_ids: Vec<String>,
}

/// A platform id the window passed back as a string.
pub(crate) fn parse_id(text: &str) -> Result<i64, AppError> {
    text.trim()
        .parse()
        .map_err(|_| AppError::BadId(text.chars().take(40).collect()))
}

/// Keeps a picked, dropped or pasted file's bytes until the message is sent.
#[tauri::command]
pub async fn stage_file(
    request: Request<'_>,
    state: State<'_, AppState>,
) -> Result<StagedFile, AppError> {
    let session = state.require()?;
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(FilesError::NoBytes.into());
    };
    let header = |name: &str| {
        request
            .headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
    };
    let name = staging::decode_name(header("x-file-name"));
    // `x-file-type` is the browser's guess from the name; whether it is a photo is decided by
    // the bytes themselves.
    Ok(staging::stage(&session.account_dir, name, bytes)?)
}

/// Forgets a staged file the person removed from the composer.
#[tauri::command]
pub async fn discard_staged(staged_id: String, state: State<'_, AppState>) -> Result<(), AppError> {
    let session = state.require()?;
    Ok(staging::discard(&session.account_dir, &staged_id)?)
}

/// Queues a message (text, a reply, staged files) and returns its client id.
#[tauri::command]
pub async fn send_message(
    request: SendRequest,
    state: State<'_, AppState>,
    uploads: State<'_, Uploads>,
) -> Result<String, AppError> {
    let session = state.require()?;
    let chat_id = ChatId(parse_id(&request.chat_id)?);
    let reply_to = request
        .reply_to
        .as_deref()
        .map(parse_id)
        .transpose()?
        .map(MessageId);
    if request.text.trim().is_empty() && request.staged_ids.is_empty() {
        return Err(FilesError::NothingToSend.into());
    }
    let mut files: Vec<LocalFile> = Vec::with_capacity(request.staged_ids.len());
    for staged_id in &request.staged_ids {
        match staging::take(&session.account_dir, staged_id) {
            Ok((file, _size)) => files.push(file),
            Err(error) => {
                for file in &files {
                    staging::release(&session.account_dir, &file.path);
                }
                return Err(error.into());
            }
        }
    }
    let outbox = session.outbox();
    let queued = if files.is_empty() {
        outbox.send_text(chat_id, &request.text, reply_to)
    } else {
        outbox.send_files(chat_id, &files, &request.text, reply_to)
    };
    let client_id = match queued {
        Ok(client_id) => client_id,
        Err(error) => {
            for file in &files {
                staging::release(&session.account_dir, &file.path);
            }
            return Err(error.into());
        }
    };
    if !files.is_empty() {
        uploads.watch(&state, &session, client_id);
    }
    Ok(client_id.to_string())
}

/// Sends a failed message (and its failed uploads) again.
#[tauri::command]
pub async fn retry_outbox(
    client_id: String,
    state: State<'_, AppState>,
    uploads: State<'_, Uploads>,
) -> Result<(), AppError> {
    let session = state.require()?;
    let client_id = parse_id(&client_id)?;
    session.outbox().retry(client_id)?;
    uploads.watch(&state, &session, client_id);
    Ok(())
}

/// Removes a message not sent yet (pending or failed) with its uploads; its echo disappears.
#[tauri::command]
pub async fn discard_outbox(
    client_id: String,
    state: State<'_, AppState>,
    uploads: State<'_, Uploads>,
) -> Result<(), AppError> {
    let session = state.require()?;
    let removed = session.outbox().discard(parse_id(&client_id)?)?;
    uploads.discarded(&state, &session.account_dir, &removed);
    // The entries are gone, so the engine's own event cannot name their chat: say it here.
    for entry in &removed {
        let chat_id = entry.chat_id.0.to_string();
        state.emit(BackendEvent::Outbox {
            chat_id: chat_id.clone(),
            client_id: entry.client_id.to_string(),
        });
        state.emit(BackendEvent::Messages { chat_id });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn send_requests_read_as_the_window_writes_them() -> Result<(), serde_json::Error> {
        let request: SendRequest = serde_json::from_str(
            r#"{"chatId":"-70000000000123","text":"Здравствуйте","replyTo":"115577995533221","stagedIds":["ab"]}"#,
        )?;
        assert_eq!(request.chat_id, "-70000000000123");
        assert_eq!(request.reply_to.as_deref(), Some("115577995533221"));
        assert_eq!(request.staged_ids, ["ab"]);
        assert!(parse_id(&request.chat_id).is_ok_and(|id| id == -70000000000123));
        assert!(parse_id("1e5").is_err());
        Ok(())
    }
}
