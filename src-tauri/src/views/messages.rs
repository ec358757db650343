//! Message rows for the window ([`MessageRow`]): from cached messages, and from the outbox's
//! pending and failed sends as local echoes.
//!
//! Design: a row's `cursor` is `<chatId>:<messageId>` (a local echo's is `local:<clientId>`):
//! opaque to the window, enough for the shell to find the message again in any chat, which is
//! what paging, announcements and search need. A deleted message keeps its place but not its
//! text or attachments.

use parta_core::Store;
use parta_core::model::{
    ChatId, LinkKind, Message, MessageId, MessageKind, MessageState, OutboxEntry, OutboxState,
    PersonId,
};
use parta_core::store::MessageView;
use serde::Serialize;
use serde_json::Value;

use super::attachments::{AttachmentView, attachment_views};
use super::names::initials;
use super::segments::{Segment, segments};

/// A quoted message: what a reply answers or a forward carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct QuotedMessage {
    pub chat_id: Option<String>,
    pub message_id: Option<String>,
    pub sender_name: Option<String>,
    pub text: String,
}

/// One reaction and its count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct Reaction {
    pub reaction: String,
    pub count: u32,
    pub own: bool,
}

/// Pending or failed (`OutboxState.state` in `backend.ts`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum EchoState {
    /// Not yet acknowledged.
    Pending,
    /// Gave up until the person retries.
    Failed,
}

/// An own message still in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OutboxView {
    /// The entry's client id.
    pub client_id: String,
    /// Pending or failed.
    pub state: EchoState,
    /// A Russian sentence, when failed or waiting.
    pub reason: Option<String>,
}

/// `user` or `system`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum RowKind {
    /// A person wrote it.
    User,
    /// A centred notice.
    System,
}

/// One message as the window shows it (`MessageRow` in `backend.ts`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct MessageRow {
    pub chat_id: String,
    pub id: String,
    pub cursor: String,
    pub sender_id: Option<String>,
    pub sender_name: Option<String>,
    pub sender_initials: Option<String>,
    pub own: bool,
    pub time_ms: i64,
    pub kind: RowKind,
    pub segments: Vec<Segment>,
    pub attachments: Vec<AttachmentView>,
    pub reply: Option<QuotedMessage>,
    pub forward: Option<QuotedMessage>,
    pub edited: bool,
    pub deleted: bool,
    pub reactions: Vec<Reaction>,
    pub outbox: Option<OutboxView>,
}

/// Where a cursor points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cursor {
    /// A cached message.
    Message(ChatId, MessageId),
    /// A local echo.
    Local(i64),
}

/// A cached message's cursor.
pub fn cursor(chat_id: ChatId, id: MessageId) -> String {
    format!("{}:{}", chat_id.0, id.0)
}

/// Reads a cursor; `None` when it is not one of ours.
pub fn parse_cursor(text: &str) -> Option<Cursor> {
    let (left, right) = text.split_once(':')?;
    if left == "local" {
        return right.parse().ok().map(Cursor::Local);
    }
    Some(Cursor::Message(
        ChatId(left.parse().ok()?),
        MessageId(right.parse().ok()?),
    ))
}

/// A cached message as a row. `store` looks up quoted senders' names and cached files.
pub fn message_row(store: &Store, own: PersonId, view: MessageView) -> MessageRow {
    let MessageView {
        message,
        sender_name,
    } = view;
    let deleted = message.state == MessageState::Deleted;
    let mut is_cached = |key: &str| store.has_cached_file(key).unwrap_or(false);
    let (segments, attachments) = if deleted {
        (Vec::new(), Vec::new())
    } else {
        (
            segments(&message.text, &message.elements),
            attachment_views(&message, &mut is_cached),
        )
    };
    let (reply, forward) = quotes(store, &message);
    let reactions = message
        .reactions
        .counts
        .iter()
        .map(|count| Reaction {
            reaction: count.reaction.clone(),
            count: count.count,
            own: message.reactions.own.as_deref() == Some(count.reaction.as_str()),
        })
        .collect();
    MessageRow {
        chat_id: message.chat_id.0.to_string(),
        id: message.id.0.to_string(),
        cursor: cursor(message.chat_id, message.id),
        sender_id: message.sender.map(|person| person.0.to_string()),
        sender_initials: sender_name.as_deref().map(initials),
        sender_name,
        own: message.sender == Some(own),
        time_ms: message.time_ms,
        kind: match message.kind {
            MessageKind::User => RowKind::User,
            _ => RowKind::System,
        },
        segments,
        attachments,
        reply,
        forward,
        edited: message.state == MessageState::Edited,
        deleted,
        reactions,
        outbox: None,
    }
}

fn quotes(store: &Store, message: &Message) -> (Option<QuotedMessage>, Option<QuotedMessage>) {
    let Some(link) = &message.link else {
        return (None, None);
    };
    let quoted = link.message.as_deref();
    let sender_name = quoted
        .and_then(|quoted| quoted.sender)
        .and_then(|person| store.person(person).ok().flatten())
        .map(|person| person.name);
    let quote = QuotedMessage {
        chat_id: link
            .chat_id
            .or(quoted.map(|quoted| quoted.chat_id))
            .map(|chat| chat.0.to_string()),
        message_id: quoted.map(|quoted| quoted.id.0.to_string()),
        sender_name,
        text: quoted.map(|quoted| quoted.text.clone()).unwrap_or_default(),
    };
    match link.kind {
        LinkKind::Reply => (Some(quote), None),
        LinkKind::Forward => (None, Some(quote)),
        LinkKind::Other(_) => (None, None),
    }
}

/// The local echo of an own message still in the outbox, with its files (from the upload
/// entries it waits for, found in `entries`). `None` for entries that are not messages.
pub fn echo_row(
    entry: &OutboxEntry,
    entries: &[OutboxEntry],
    own: PersonId,
    own_name: Option<&str>,
) -> Option<MessageRow> {
    if entry.action != parta_core::model::OutboxAction::Send {
        return None;
    }
    let payload: Value = serde_json::from_str(&entry.payload_json).unwrap_or(Value::Null);
    let text = payload
        .get("text")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let mut upload_ids: Vec<i64> = payload
        .get("uploads")
        .and_then(Value::as_array)
        .map(|ids| ids.iter().filter_map(Value::as_i64).collect())
        .unwrap_or_default();
    if upload_ids.is_empty() {
        upload_ids.extend(entry.depends_on);
    }
    let uploads: Vec<&OutboxEntry> = upload_ids
        .iter()
        .filter_map(|id| entries.iter().find(|other| other.client_id == *id))
        .collect();
    let failed_upload = uploads
        .iter()
        .find(|upload| upload.state == OutboxState::Failed);
    let (state, reason) = match (entry.state, failed_upload) {
        (_, Some(upload)) => (EchoState::Failed, upload.last_error.clone()),
        (OutboxState::Failed, None) => (EchoState::Failed, entry.last_error.clone()),
        _ => (EchoState::Pending, entry.last_error.clone()),
    };
    let attachments = uploads
        .iter()
        .enumerate()
        .map(|(index, upload)| {
            let payload: Value = serde_json::from_str(&upload.payload_json).unwrap_or(Value::Null);
            AttachmentView::File {
                index,
                name: payload
                    .get("displayName")
                    .and_then(Value::as_str)
                    .unwrap_or("файл")
                    .to_owned(),
                size: None,
                cached: true,
            }
        })
        .collect();
    let reply_to = payload.get("replyTo").and_then(Value::as_i64);
    Some(MessageRow {
        chat_id: entry.chat_id.0.to_string(),
        id: format!("local-{}", entry.client_id),
        cursor: format!("local:{}", entry.client_id),
        sender_id: Some(own.0.to_string()),
        sender_name: own_name.map(str::to_owned),
        sender_initials: own_name.map(initials),
        own: true,
        time_ms: entry.created_ms,
        kind: RowKind::User,
        segments: segments(text, &[]),
        attachments,
        reply: reply_to.map(|id| QuotedMessage {
            chat_id: Some(entry.chat_id.0.to_string()),
            message_id: Some(id.to_string()),
            sender_name: None,
            text: String::new(),
        }),
        forward: None,
        edited: false,
        deleted: false,
        reactions: Vec::new(),
        outbox: Some(OutboxView {
            client_id: entry.client_id.to_string(),
            state,
            reason,
        }),
    })
}

#[cfg(test)]
mod tests {
    use parta_core::model::OutboxAction;

    use super::*;

    fn entry(client_id: i64, action: OutboxAction, payload: &str) -> OutboxEntry {
        OutboxEntry {
            client_id,
            chat_id: ChatId(5),
            action,
            payload_json: payload.into(),
            depends_on: None,
            state: OutboxState::Pending,
            attempts: 0,
            last_error: None,
            created_ms: 77,
            server_message_id: None,
        }
    }

    #[test]
    fn cursors_round_trip() {
        let text = cursor(ChatId(-3), MessageId(115_000_000_000_000_001));
        assert_eq!(
            parse_cursor(&text),
            Some(Cursor::Message(
                ChatId(-3),
                MessageId(115_000_000_000_000_001)
            ))
        );
        assert_eq!(parse_cursor("local:9"), Some(Cursor::Local(9)));
        assert_eq!(parse_cursor("junk"), None);
        assert_eq!(parse_cursor("1:x"), None);
    }

    #[test]
    fn a_send_with_a_failed_upload_echoes_as_failed_with_its_file() {
        let mut upload = entry(1, OutboxAction::Upload, r#"{"displayName":"план.pdf"}"#);
        upload.state = OutboxState::Failed;
        upload.last_error = Some("Файл слишком большой.".into());
        let send = entry(
            2,
            OutboxAction::Send,
            r#"{"text":"Вот план","uploads":[1]}"#,
        );
        let entries = vec![upload.clone(), send.clone()];
        assert!(echo_row(&upload, &entries, PersonId(1), None).is_none());
        let row = echo_row(&send, &entries, PersonId(1), Some("Мария Ивановна"));
        let row = row.expect("a send echoes");
        assert_eq!(row.id, "local-2");
        assert!(row.own);
        assert_eq!(row.segments, vec![Segment::plain("Вот план")]);
        assert_eq!(row.sender_initials.as_deref(), Some("МИ"));
        let outbox = row.outbox.expect("outbox state");
        assert_eq!(outbox.state, EchoState::Failed);
        assert_eq!(outbox.reason.as_deref(), Some("Файл слишком большой."));
        assert!(
            matches!(&row.attachments[0], AttachmentView::File { name, .. } if name == "план.pdf")
        );
    }
}
