//! What the shell tells the window: one [`BackendEvent`] type, delivered on the `Channel`s the
//! window opened with `subscribe` (see `ui/src/lib/backend.ts`). The window re-reads what an
//! event names; events carry ids, never data to render.

use serde::Serialize;

/// One change the window should react to. Serializes as `{"type": "…", …}` with camelCase
/// fields, exactly as `BackendEvent` in `backend.ts`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum BackendEvent {
    /// Accounts, connection or progress changed: the window calls `session_state`.
    Session,
    /// The chat list changed.
    Chats,
    /// A chat's messages changed.
    Messages {
        /// The chat (a string: MAX ids do not fit a JS number).
        chat_id: String,
    },
    /// A pending or failed outbox entry changed.
    Outbox {
        /// The chat the entry belongs to.
        chat_id: String,
        /// The entry's client id.
        client_id: String,
    },
    /// A notification was clicked: the window switches to Чаты and opens this chat.
    OpenChat {
        /// The chat.
        chat_id: String,
    },
    /// Upload or download progress.
    Transfer {
        /// Where the transfer stands.
        transfer: Transfer,
    },
    /// Where an in-app sign-in stands (`sign_in_start` … `sign_in_cancel`).
    SignIn {
        /// Waiting, expired, confirmed, password needed, done or failed.
        progress: crate::signin::SignInProgress,
    },
    /// The diary's state or children changed: the window calls `diary_state`.
    Diary,
    /// A cached diary week changed: the window re-reads it.
    DiaryWeek {
        /// The child's GUID.
        child_guid: String,
        /// The week's Monday, `YYYY-MM-DD`.
        monday: String,
    },
}

/// Which way a transfer goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum TransferDirection {
    /// A file going to the platform.
    Upload,
    /// An attachment coming into the cache.
    Download,
}

/// An upload or a download in progress (`Transfer` in `backend.ts`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Transfer {
    /// `download:<chatId>:<messageId>:<index>` or `upload:<clientId>`.
    pub id: String,
    /// Upload or download.
    pub direction: TransferDirection,
    /// The chat it belongs to.
    pub chat_id: String,
    /// Bytes done.
    pub done: u64,
    /// Bytes in all, when known.
    pub total: Option<u64>,
    /// Done (successfully or not).
    pub finished: bool,
    /// A Russian sentence when it failed.
    pub error: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_serialize_as_the_window_expects() -> Result<(), serde_json::Error> {
        let event = BackendEvent::Outbox {
            chat_id: "12".into(),
            client_id: "34".into(),
        };
        assert_eq!(
            serde_json::to_string(&event)?,
            r#"{"type":"outbox","chatId":"12","clientId":"34"}"#
        );
        assert_eq!(
            serde_json::to_string(&BackendEvent::Session)?,
            r#"{"type":"session"}"#
        );
        let week = BackendEvent::DiaryWeek {
            child_guid: "G".into(),
            monday: "2026-12-07".into(),
        };
        assert_eq!(
            serde_json::to_string(&week)?,
            r#"{"type":"diaryWeek","childGuid":"G","monday":"2026-12-07"}"#
        );
        assert_eq!(
            serde_json::to_string(&BackendEvent::Diary)?,
            r#"{"type":"diary"}"#
        );
        let transfer = BackendEvent::Transfer {
            transfer: Transfer {
                id: "upload:1".into(),
                direction: TransferDirection::Upload,
                chat_id: "5".into(),
                done: 1,
                total: None,
                finished: false,
                error: None,
            },
        };
        assert_eq!(
            serde_json::to_string(&transfer)?,
            r#"{"type":"transfer","transfer":{"id":"upload:1","direction":"upload","chatId":"5","done":1,"total":null,"finished":false,"error":null}}"#
        );
        Ok(())
    }
}
