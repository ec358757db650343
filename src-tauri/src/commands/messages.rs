//! A chat's messages for the window (`messages`) and the read mark (`mark_read`).
//!
//! Design: every page is read from the cache. Only `before` past the cache's oldest message
//! asks the platform first (when online), through the engine's `load_older`, so scrolling back
//! never dead-ends and never waits on the network otherwise. Own messages still in the outbox
//! join the newest page as local echoes. The read mark goes through the outbox (persisted
//! first), which also moves the local mark at once.

use parta_core::model::{ChatId, MessageId};
use serde::{Deserialize, Serialize};
use tauri::State;

use super::chats::parse_id;
use super::paging::{Page, read_page};
use crate::AppError;
use crate::session::{AppState, BackendEvent};
use crate::views::{Cursor, MessageRow, parse_cursor};

/// The most messages one page may hold.
const MAX_LIMIT: usize = 200;

/// Which page (`PageRequest` in `backend.ts`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum PageRequest {
    /// The newest messages.
    Newest,
    /// Older than the message at `cursor`.
    Before {
        /// A row's cursor.
        cursor: String,
    },
    /// Newer than the message at `cursor`.
    After {
        /// A row's cursor.
        cursor: String,
    },
    /// The page around a message (a search hit, a reply's target).
    Around {
        /// The message's id.
        message_id: String,
    },
    /// The page from the first unread message.
    FirstUnread,
}

/// A page of messages (`MessagePage` in `backend.ts`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct MessagePage {
    /// Oldest first.
    pub messages: Vec<MessageRow>,
    pub has_older: bool,
    pub has_newer: bool,
    pub read_mark_ms: i64,
    pub first_unread_id: Option<String>,
    pub unread_count: u32,
}

/// Up to `limit` messages of `chat_id` from the cache.
#[tauri::command]
pub async fn messages(
    state: State<'_, AppState>,
    chat_id: String,
    request: PageRequest,
    limit: Option<usize>,
) -> Result<MessagePage, AppError> {
    let session = state.require()?;
    let chat = ChatId(parse_id(&chat_id)?);
    let limit = limit.unwrap_or(50).clamp(1, MAX_LIMIT);
    if let PageRequest::Before { cursor } = &request
        && let Some(Cursor::Message(_, before)) = parse_cursor(cursor)
        && session.is_online()
    {
        let short = {
            let store = session.reader();
            store.messages_before(chat, before, limit)?.len() < limit
                && store.can_load_older(chat)?
        };
        if short && let Err(error) = session.engine.load_older(chat).await {
            // The cached part still shows; the window may scroll again later.
            tracing::info!(chat = chat.0, %error, "older history not fetched");
        }
    }
    let store = session.reader();
    let Page {
        messages,
        has_older,
        has_newer,
    } = read_page(&store, session.own_person_id, chat, &request, limit)?;
    let unread = store.unread_state(chat, session.own_person_id)?;
    Ok(MessagePage {
        messages,
        has_older,
        has_newer,
        read_mark_ms: unread.read_mark_ms,
        first_unread_id: unread.first_unread.map(|id| id.0.to_string()),
        unread_count: unread.count,
    })
}

/// The person has seen `chat_id` up to `message_id`: queues the read mark in the outbox
/// (which moves the local mark at once). A mark that would not move is not sent.
#[tauri::command(async)]
pub fn mark_read(
    state: State<'_, AppState>,
    chat_id: String,
    message_id: String,
) -> Result<(), AppError> {
    if message_id.starts_with("local-") {
        return Ok(());
    }
    let session = state.require()?;
    let chat = ChatId(parse_id(&chat_id)?);
    let message = MessageId(parse_id(&message_id)?);
    let moves = {
        let store = session.reader();
        let mark = store
            .unread_state(chat, session.own_person_id)?
            .read_mark_ms;
        store
            .message(chat, message)?
            .is_some_and(|view| view.message.time_ms > mark)
    };
    if moves {
        session.outbox().mark_read(chat, message)?;
        state.emit(BackendEvent::Chats);
        state.emit(BackendEvent::Messages { chat_id });
    }
    Ok(())
}
