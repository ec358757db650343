use serde::{Deserialize, Serialize};

use super::{ChatId, MessageId};

/// What the person asked to do. The payload is the platform-neutral request as JSON, so that the
/// outbox keeps working across versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum OutboxAction {
    /// Send a new message.
    Send,
    /// Edit a sent message.
    Edit,
    /// Delete messages.
    Delete,
    /// Move the read mark.
    MarkRead,
    /// Upload a file before a send that depends on it.
    Upload,
    /// An action of a newer build, kept verbatim.
    Other(String),
}

impl OutboxAction {
    /// The stored name.
    pub fn as_str(&self) -> &str {
        match self {
            OutboxAction::Send => "send",
            OutboxAction::Edit => "edit",
            OutboxAction::Delete => "delete",
            OutboxAction::MarkRead => "mark_read",
            OutboxAction::Upload => "upload",
            OutboxAction::Other(name) => name,
        }
    }

    /// Parses a stored name.
    pub fn from_name(name: &str) -> Self {
        match name {
            "send" => OutboxAction::Send,
            "edit" => OutboxAction::Edit,
            "delete" => OutboxAction::Delete,
            "mark_read" => OutboxAction::MarkRead,
            "upload" => OutboxAction::Upload,
            other => OutboxAction::Other(other.to_owned()),
        }
    }
}

/// Where an outbox entry is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OutboxState {
    /// Persisted, not yet acknowledged by the server.
    Pending,
    /// The server acknowledged it.
    Sent,
    /// Gave up: the server rejected it for good (the UI offers a retry or a discard).
    Failed,
}

impl OutboxState {
    /// The stored code.
    pub fn code(self) -> i64 {
        match self {
            OutboxState::Pending => 0,
            OutboxState::Sent => 1,
            OutboxState::Failed => 2,
        }
    }

    /// Parses a stored code; unknown codes read as [`OutboxState::Failed`] so they are not resent.
    pub fn from_code(code: i64) -> Self {
        match code {
            0 => OutboxState::Pending,
            1 => OutboxState::Sent,
            _ => OutboxState::Failed,
        }
    }
}

/// A persisted intent: written before any network call, retried with the same client id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxEntry {
    /// The client id (MAX `cid`): unique per account, reused on every retry.
    pub client_id: i64,
    /// The chat it acts on.
    pub chat_id: ChatId,
    /// What to do.
    pub action: OutboxAction,
    /// The request as JSON (text, elements, attachments, the ids to delete…).
    pub payload_json: String,
    /// An entry that must be sent first (an upload before the send that attaches it).
    pub depends_on: Option<i64>,
    /// Pending, sent or failed.
    pub state: OutboxState,
    /// How many times sending was tried.
    pub attempts: u32,
    /// The last error, for the UI.
    pub last_error: Option<String>,
    /// When the person asked (ms since the epoch).
    pub created_ms: i64,
    /// The server's id once sent.
    pub server_message_id: Option<MessageId>,
}
