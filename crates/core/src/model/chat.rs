use serde::{Deserialize, Serialize};

use super::{ChatId, Message, MessageId, PersonId};

/// What kind of conversation a chat is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ChatKind {
    /// Two people (MAX `DIALOG`).
    Dialog,
    /// A group chat: a class, the parents of a class (MAX `CHAT`).
    Group,
    /// A read-only broadcast: a school's announcements (MAX `CHANNEL`).
    Channel,
    /// A type this build does not know, kept verbatim.
    Other(String),
}

impl ChatKind {
    /// The stored (and MAX wire) name of the kind.
    pub fn as_str(&self) -> &str {
        match self {
            ChatKind::Dialog => "DIALOG",
            ChatKind::Group => "CHAT",
            ChatKind::Channel => "CHANNEL",
            ChatKind::Other(name) => name,
        }
    }

    /// Parses a stored or wire name; unknown names become [`ChatKind::Other`].
    pub fn from_name(name: &str) -> Self {
        match name {
            "DIALOG" => ChatKind::Dialog,
            "CHAT" => ChatKind::Group,
            "CHANNEL" => ChatKind::Channel,
            other => ChatKind::Other(other.to_owned()),
        }
    }
}

/// Whether the account still takes part in the chat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChatStatus {
    /// A normal, visible chat.
    Active,
    /// The chat was removed on the server.
    Removed,
    /// The account left it.
    Left,
    /// Closed for writing.
    Closed,
    /// Hidden from the list.
    Hidden,
    /// A status this build does not know, kept verbatim.
    Other(String),
}

impl ChatStatus {
    /// The stored (and MAX wire) name of the status.
    pub fn as_str(&self) -> &str {
        match self {
            ChatStatus::Active => "ACTIVE",
            ChatStatus::Removed => "REMOVED",
            ChatStatus::Left => "LEFT",
            ChatStatus::Closed => "CLOSED",
            ChatStatus::Hidden => "HIDDEN",
            ChatStatus::Other(name) => name,
        }
    }

    /// Parses a stored or wire name; unknown names become [`ChatStatus::Other`].
    pub fn from_name(name: &str) -> Self {
        match name {
            "ACTIVE" => ChatStatus::Active,
            "REMOVED" => ChatStatus::Removed,
            "LEFT" => ChatStatus::Left,
            "CLOSED" => ChatStatus::Closed,
            "HIDDEN" => ChatStatus::Hidden,
            other => ChatStatus::Other(other.to_owned()),
        }
    }
}

/// A conversation as the chat list knows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Chat {
    /// Platform id.
    pub id: ChatId,
    /// Dialog, group or channel.
    pub kind: ChatKind,
    /// Active, left, removed…
    pub status: ChatStatus,
    /// The title (for a dialog, usually empty: the UI shows the other person's name).
    pub title: String,
    /// The icon's URL, if any.
    pub icon_url: Option<String>,
    /// The owner, if the platform names one.
    pub owner: Option<PersonId>,
    /// The pinned message, if any.
    pub pinned_message: Option<MessageId>,
    /// The platform's last-event time (ms since the epoch); orders the chat list with the newest
    /// cached message.
    pub last_event_ms: i64,
    /// How many members the platform reports.
    pub participants_count: Option<i64>,
    /// The chat object the platform returned.
    pub raw_json: String,
}

/// One row of the chat list: the chat, its newest message and how many messages are unread.
#[derive(Debug, Clone, PartialEq)]
pub struct ChatListEntry {
    /// The chat.
    pub chat: Chat,
    /// The newest cached message, for the preview line.
    pub last_message: Option<Message>,
    /// Messages from others after the account's read mark (counted up to
    /// [`crate::store::UNREAD_COUNT_CAP`]; the UI shows "999+").
    pub unread_count: u32,
    /// Time of the last activity (ms), the list's sort key.
    pub last_activity_ms: i64,
}
