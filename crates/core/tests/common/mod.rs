//! Builders for test data.
#![allow(dead_code, clippy::unwrap_used)]

use parta_core::Store;
use parta_core::model::{
    Account, Attachment, AttachmentKind, Chat, ChatId, ChatKind, ChatStatus, Message, MessageId,
    MessageKind, MessageState, Person, PersonId, Reactions,
};

pub const ME: PersonId = PersonId(1);
pub const TEACHER: PersonId = PersonId(2);

/// The key the tests' caches are encrypted with.
pub fn key() -> parta_core::CacheKey {
    parta_core::CacheKey::from_bytes([7; 32])
}

pub fn open_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(dir.path(), &key()).expect("open store");
    store
        .write(|batch| {
            batch.save_account(&Account {
                person_id: ME,
                platform: "max".into(),
                display_name: "Мария Ивановна".into(),
                raw_json: "{}".into(),
            })?;
            batch.upsert_people(&[
                Person {
                    id: ME,
                    name: "Мария Ивановна".into(),
                    avatar_url: None,
                    raw_json: "{}".into(),
                },
                Person {
                    id: TEACHER,
                    name: "Пётр Сергеевич".into(),
                    avatar_url: None,
                    raw_json: "{}".into(),
                },
            ])
        })
        .expect("seed account");
    (dir, store)
}

pub fn chat(id: i64, kind: ChatKind, title: &str) -> Chat {
    Chat {
        id: ChatId(id),
        kind,
        status: ChatStatus::Active,
        title: title.into(),
        icon_url: None,
        owner: None,
        pinned_message: None,
        last_event_ms: 0,
        participants_count: Some(25),
        raw_json: format!(r#"{{"id":{id},"title":"{title}"}}"#),
    }
}

pub fn message(chat_id: i64, id: i64, time_ms: i64, sender: PersonId, text: &str) -> Message {
    Message {
        chat_id: ChatId(chat_id),
        id: MessageId(id),
        sender: Some(sender),
        time_ms,
        kind: MessageKind::User,
        text: text.into(),
        elements: Vec::new(),
        attachments: Vec::new(),
        link: None,
        state: MessageState::Original,
        reactions: Reactions::default(),
        client_id: None,
        raw_json: format!(r#"{{"id":{id},"time":{time_ms}}}"#),
    }
}

pub fn file_attachment(name: &str) -> Attachment {
    Attachment {
        kind: AttachmentKind::File {
            file_id: Some(7),
            name: name.into(),
            size: Some(1024),
        },
        raw_json: format!(r#"{{"_type":"FILE","name":"{name}"}}"#),
    }
}

pub fn ingest(store: &mut Store, messages: &[Message]) {
    store
        .write(|batch| batch.upsert_messages(messages))
        .expect("ingest");
}
