//! Mapping between rows and model values.

use rusqlite::Row;

use crate::model::{
    Attachment, Chat, ChatId, ChatKind, ChatStatus, Element, Message, MessageId, MessageKind,
    MessageLink, MessageState, PersonId, Reactions,
};

/// The columns [`message_from_row`] reads, for `SELECT … FROM messages m`.
pub(super) const MESSAGE_COLUMNS: &str = "m.chat_id, m.id, m.sender_id, m.time_ms, m.kind, \
    m.text, m.state, m.client_id, m.elements_json, m.attachments_json, m.link_json, \
    m.reactions_json, m.raw_json";
/// How many columns [`MESSAGE_COLUMNS`] has.
pub(super) const MESSAGE_COLUMN_COUNT: usize = 13;

/// The columns [`chat_from_row`] reads, for `SELECT … FROM chats c`.
pub(super) const CHAT_COLUMNS: &str = "c.id, c.kind, c.status, c.title, c.icon_url, c.owner_id, \
    c.pinned_message_id, c.last_event_ms, c.participants_count, c.raw_json";
/// How many columns [`CHAT_COLUMNS`] has.
pub(super) const CHAT_COLUMN_COUNT: usize = 10;

/// Reads a message from `row`, starting at column `first`. Stored JSON that no longer parses
/// (written by another version) reads as empty rather than failing the whole page.
pub(super) fn message_from_row(row: &Row<'_>, first: usize) -> rusqlite::Result<Message> {
    let kind: String = row.get(first + 4)?;
    Ok(Message {
        chat_id: ChatId(row.get(first)?),
        id: MessageId(row.get(first + 1)?),
        sender: row.get::<_, Option<i64>>(first + 2)?.map(PersonId),
        time_ms: row.get(first + 3)?,
        kind: MessageKind::from_name(&kind),
        text: row.get(first + 5)?,
        state: MessageState::from_code(row.get(first + 6)?),
        client_id: row.get(first + 7)?,
        elements: json_column::<Vec<Element>>(row, first + 8)?.unwrap_or_default(),
        attachments: json_column::<Vec<Attachment>>(row, first + 9)?.unwrap_or_default(),
        link: json_column::<MessageLink>(row, first + 10)?,
        reactions: json_column::<Reactions>(row, first + 11)?.unwrap_or_default(),
        raw_json: row.get(first + 12)?,
    })
}

/// Reads a chat from `row`, starting at column `first`.
pub(super) fn chat_from_row(row: &Row<'_>, first: usize) -> rusqlite::Result<Chat> {
    let kind: String = row.get(first + 1)?;
    let status: String = row.get(first + 2)?;
    Ok(Chat {
        id: ChatId(row.get(first)?),
        kind: ChatKind::from_name(&kind),
        status: ChatStatus::from_name(&status),
        title: row.get(first + 3)?,
        icon_url: row.get(first + 4)?,
        owner: row.get::<_, Option<i64>>(first + 5)?.map(PersonId),
        pinned_message: row.get::<_, Option<i64>>(first + 6)?.map(MessageId),
        last_event_ms: row.get(first + 7)?,
        participants_count: row.get(first + 8)?,
        raw_json: row.get(first + 9)?,
    })
}

fn json_column<T: serde::de::DeserializeOwned>(
    row: &Row<'_>,
    index: usize,
) -> rusqlite::Result<Option<T>> {
    let text: Option<String> = row.get(index)?;
    Ok(text.and_then(|text| match serde_json::from_str(&text) {
        Ok(value) => Some(value),
        Err(error) => {
            tracing::warn!(%error, "stored JSON column no longer parses; reading it as empty");
            None
        }
    }))
}

/// Serialises a model value for a JSON column; `None` for values that are empty.
pub(super) fn to_json_column<T: serde::Serialize>(
    value: &T,
    is_empty: bool,
) -> crate::Result<Option<String>> {
    if is_empty {
        Ok(None)
    } else {
        Ok(Some(serde_json::to_string(value)?))
    }
}
