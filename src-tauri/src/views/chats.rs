//! Chat rows for the window ([`ChatRow`]): titles, previews, and what the person may do.
//!
//! Design: the platform's own words decide — the chat's title, else (a dialog) the other
//! person's name; `canWrite` from the chat's status and, for a channel, its owner and admins;
//! `muted` from MAX's `dontDisturbUntil`: the mute the engine stored from the account config,
//! or the field in the raw chat (top level or under `options`).

use parta_core::Store;
use parta_core::model::{
    Chat, ChatKind, ChatListEntry, ChatStatus, Message, MessageState, PersonId,
};
use serde::Serialize;
use serde_json::Value;

use super::attachments::attachment_views;
use super::names::initials;

/// `dialog`, `group`, `channel` or `other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub enum ChatKindView {
    Dialog,
    Group,
    Channel,
    Other,
}

/// The first attachment of a preview, for «Фото», «Файл: …».
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PreviewAttachment {
    /// `AttachmentView['type']`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// A file's display name.
    pub name: Option<String>,
}

/// The newest message under a chat's title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct ChatPreview {
    pub sender_name: Option<String>,
    pub own: bool,
    pub text: String,
    pub attachment: Option<PreviewAttachment>,
    pub deleted: bool,
    pub time_ms: i64,
}

/// One chat in the list (`ChatRow` in `backend.ts`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct ChatRow {
    pub id: String,
    pub kind: ChatKindView,
    pub title: String,
    pub initials: String,
    pub avatar_url: Option<String>,
    pub last_message: Option<ChatPreview>,
    pub last_activity_ms: i64,
    pub unread: u32,
    pub unread_capped: bool,
    pub pinned: bool,
    pub muted: bool,
    pub can_write: bool,
}

/// The kind as the window names it.
pub fn kind_view(kind: &ChatKind) -> ChatKindView {
    match kind {
        ChatKind::Dialog => ChatKindView::Dialog,
        ChatKind::Group => ChatKindView::Group,
        ChatKind::Channel => ChatKindView::Channel,
        ChatKind::Other(_) => ChatKindView::Other,
    }
}

/// The chat's title: its own, else (a dialog) the other person's name, else «Чат N».
pub fn chat_title(
    chat: &Chat,
    own: PersonId,
    name_of: &dyn Fn(PersonId) -> Option<String>,
) -> String {
    if !chat.title.trim().is_empty() {
        return chat.title.clone();
    }
    let raw: Value = serde_json::from_str(&chat.raw_json).unwrap_or(Value::Null);
    raw.get("participants")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|participants| participants.keys())
        .filter_map(|id| id.parse().ok().map(PersonId))
        .find(|id| *id != own)
        .and_then(name_of)
        .unwrap_or_else(|| format!("Чат {}", chat.id.0))
}

/// Whether the person may write: an active chat, and for a channel only its owner or admins.
pub fn can_write(chat: &Chat, own: PersonId) -> bool {
    if chat.status != ChatStatus::Active {
        return false;
    }
    if chat.kind != ChatKind::Channel {
        return true;
    }
    if chat.owner == Some(own) {
        return true;
    }
    let raw: Value = serde_json::from_str(&chat.raw_json).unwrap_or(Value::Null);
    raw.get("admins")
        .and_then(Value::as_array)
        .is_some_and(|admins| admins.iter().any(|id| id.as_i64() == Some(own.0)))
}

/// Whether notifications are off now: `dontDisturbUntil` in the future, `-1` (for ever) or
/// `true`, at the top of the raw chat or under `options`.
pub fn muted(chat: &Chat, now_ms: i64) -> bool {
    let raw: Value = serde_json::from_str(&chat.raw_json).unwrap_or(Value::Null);
    let until = raw
        .get("dontDisturbUntil")
        .or_else(|| raw.get("options").and_then(|o| o.get("dontDisturbUntil")));
    match until {
        Some(Value::Bool(muted)) => *muted,
        Some(value) => value
            .as_i64()
            .is_some_and(|until| until == -1 || until > now_ms),
        None => false,
    }
}

/// A chat list entry as a row. `name_of` finds cached people's names.
pub fn chat_row(
    store: &Store,
    entry: &ChatListEntry,
    own: PersonId,
    pinned: bool,
    now_ms: i64,
    name_of: &dyn Fn(PersonId) -> Option<String>,
) -> ChatRow {
    let chat = &entry.chat;
    let title = chat_title(chat, own, name_of);
    ChatRow {
        id: chat.id.0.to_string(),
        kind: kind_view(&chat.kind),
        initials: initials(&title),
        title,
        avatar_url: None,
        last_message: entry
            .last_message
            .as_ref()
            .map(|message| preview(store, message, own, name_of)),
        last_activity_ms: entry.last_activity_ms,
        unread: entry.unread_count,
        unread_capped: entry.unread_count >= parta_core::store::UNREAD_COUNT_CAP,
        pinned,
        // MAX's per-chat mute as the sync engine stored it from the account config (LOGIN,
        // NOTIF_CONFIG), or the raw chat's own field when it carries one.
        muted: store
            .chat_mute(chat.id)
            .is_ok_and(|mute| mute.is_active(now_ms))
            || muted(chat, now_ms),
        can_write: can_write(chat, own),
    }
}

fn preview(
    store: &Store,
    message: &Message,
    own: PersonId,
    name_of: &dyn Fn(PersonId) -> Option<String>,
) -> ChatPreview {
    let deleted = message.state == MessageState::Deleted;
    let attachment = if deleted {
        None
    } else {
        let mut is_cached = |key: &str| store.has_cached_file(key).unwrap_or(false);
        attachment_views(message, &mut is_cached)
            .first()
            .map(|view| PreviewAttachment {
                kind: view.type_name(),
                name: match view {
                    super::AttachmentView::File { name, .. } => Some(name.clone()),
                    _ => None,
                },
            })
    };
    ChatPreview {
        sender_name: message.sender.and_then(name_of),
        own: message.sender == Some(own),
        text: if deleted {
            String::new()
        } else {
            message.text.clone()
        },
        attachment,
        deleted,
        time_ms: message.time_ms,
    }
}

#[cfg(test)]
mod tests {
    use parta_core::model::ChatId;

    use super::*;

    fn chat(kind: ChatKind, title: &str, raw: &str) -> Chat {
        Chat {
            id: ChatId(9),
            kind,
            status: ChatStatus::Active,
            title: title.into(),
            icon_url: None,
            owner: Some(PersonId(2)),
            pinned_message: None,
            last_event_ms: 0,
            participants_count: None,
            raw_json: raw.into(),
        }
    }

    fn names(person: PersonId) -> Option<String> {
        match person.0 {
            1 => Some("Мария Ивановна".into()),
            2 => Some("Пётр Сергеевич".into()),
            _ => None,
        }
    }

    #[test]
    fn a_dialog_is_titled_by_the_other_person() {
        let dialog = chat(ChatKind::Dialog, "", r#"{"participants":{"1":0,"2":0}}"#);
        assert_eq!(chat_title(&dialog, PersonId(1), &names), "Пётр Сергеевич");
        assert_eq!(chat_title(&dialog, PersonId(2), &names), "Мария Ивановна");
        let group = chat(ChatKind::Group, "5А родители", "{}");
        assert_eq!(chat_title(&group, PersonId(1), &names), "5А родители");
        let unknown = chat(ChatKind::Dialog, " ", "not json");
        assert_eq!(chat_title(&unknown, PersonId(1), &names), "Чат 9");
    }

    #[test]
    fn only_owners_and_admins_write_in_channels_and_nobody_in_left_chats() {
        let channel = chat(ChatKind::Channel, "Школа", r#"{"admins":[3]}"#);
        assert!(can_write(&channel, PersonId(2)), "owner");
        assert!(can_write(&channel, PersonId(3)), "admin");
        assert!(!can_write(&channel, PersonId(1)), "reader");
        let mut left = chat(ChatKind::Group, "5А", "{}");
        assert!(can_write(&left, PersonId(1)));
        left.status = ChatStatus::Left;
        assert!(!can_write(&left, PersonId(1)));
    }

    #[test]
    fn muted_reads_dont_disturb_until() {
        let now = 1_000;
        assert!(!muted(&chat(ChatKind::Group, "", "{}"), now));
        assert!(muted(
            &chat(ChatKind::Group, "", r#"{"dontDisturbUntil":2000}"#),
            now
        ));
        assert!(!muted(
            &chat(ChatKind::Group, "", r#"{"dontDisturbUntil":500}"#),
            now
        ));
        assert!(muted(
            &chat(
                ChatKind::Group,
                "",
                r#"{"options":{"dontDisturbUntil":-1}}"#
            ),
            now
        ));
    }
}
