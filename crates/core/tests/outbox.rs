//! The outbox with a scripted platform: several files in one message, discarding an unsent
//! entry with the steps that exist only for it, retrying a failed upload.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::PathBuf;
use std::sync::Mutex;

use parta_core::files::RemoteFile;
use parta_core::model::{Attachment, ChatId, Message, MessageId, OutboxAction, OutboxState};
use parta_core::outbox::{Outbox, pending_and_failed, upload_ids};
use parta_core::platform::{
    LocalFile, LoginSnapshot, OutgoingMessage, Platform, PlatformError, PlatformEvent,
    PlatformResult,
};
use parta_core::sync::SyncEngine;

const CHAT: ChatId = ChatId(10);

/// Uploads answer `att:<name>` unless the name is in `refuse`; sends are recorded.
#[derive(Default)]
struct Scripted {
    refuse: Mutex<Vec<String>>,
    sent: Mutex<Vec<OutgoingMessage>>,
}

impl Platform for Scripted {
    async fn login(&self, _marker: i64) -> PlatformResult<LoginSnapshot> {
        Err(PlatformError::Transient("offline".into()))
    }
    async fn history(&self, _: ChatId, _: i64, _: u32, _: u32) -> PlatformResult<Vec<Message>> {
        Ok(Vec::new())
    }
    async fn send(&self, chat_id: ChatId, message: &OutgoingMessage) -> PlatformResult<Message> {
        self.sent.lock().unwrap().push(message.clone());
        let mut sent = common::message(chat_id.0, 500, 1_000, common::ME, &message.text);
        sent.client_id = Some(message.client_id);
        Ok(sent)
    }
    async fn edit(&self, _: ChatId, _: MessageId, _: &str) -> PlatformResult<()> {
        Ok(())
    }
    async fn delete(&self, _: ChatId, _: &[MessageId]) -> PlatformResult<()> {
        Ok(())
    }
    async fn mark_read(&self, _: ChatId, _: MessageId) -> PlatformResult<()> {
        Ok(())
    }
    async fn upload(&self, file: &LocalFile) -> PlatformResult<String> {
        if self.refuse.lock().unwrap().contains(&file.display_name) {
            return Err(PlatformError::Rejected("слишком большой файл".into()));
        }
        Ok(format!("att:{}", file.display_name))
    }
    async fn fetch(
        &self,
        _: &Message,
        _: &Attachment,
        _: u64,
    ) -> PlatformResult<Option<(RemoteFile, Vec<u8>)>> {
        Ok(None)
    }
    async fn next_event(&self) -> Option<PlatformEvent> {
        None
    }
}

fn file(name: &str) -> LocalFile {
    LocalFile {
        path: PathBuf::from(format!("/staged/{name}")),
        display_name: name.into(),
        as_photo: false,
    }
}

fn engine() -> (tempfile::TempDir, SyncEngine<Scripted>) {
    let (dir, store) = common::open_store();
    (dir, SyncEngine::new(Scripted::default(), store))
}

#[tokio::test]
async fn several_files_go_in_one_message_in_order() {
    let (_dir, engine) = engine();
    let outbox = Outbox::new(engine.clone());
    let client_id = outbox
        .send_files(
            CHAT,
            &[file("a.pdf"), file("b.jpg")],
            "Домашнее задание",
            Some(MessageId(7)),
        )
        .unwrap();
    let entry = engine.store().outbox_entry(client_id).unwrap().unwrap();
    assert_eq!(upload_ids(&entry).len(), 2);

    let report = outbox.flush().await.unwrap();
    assert_eq!(report.sent, 3);
    let sent = engine.platform().sent.lock().unwrap().clone();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].client_id, client_id);
    assert_eq!(sent[0].text, "Домашнее задание");
    assert_eq!(sent[0].reply_to, Some(MessageId(7)));
    assert_eq!(sent[0].attachments, ["att:a.pdf", "att:b.jpg"]);
    assert!(
        pending_and_failed(&engine.store(), CHAT)
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn a_failed_upload_fails_its_message_and_a_retry_sends_both() {
    let (_dir, engine) = engine();
    let outbox = Outbox::new(engine.clone());
    engine
        .platform()
        .refuse
        .lock()
        .unwrap()
        .push("b.jpg".into());
    let client_id = outbox
        .send_files(CHAT, &[file("a.pdf"), file("b.jpg")], "", None)
        .unwrap();
    outbox.flush().await.unwrap();
    let state = |id| engine.store().outbox_entry(id).unwrap().unwrap().state;
    assert_eq!(state(client_id), OutboxState::Failed);
    assert!(engine.platform().sent.lock().unwrap().is_empty());

    engine.platform().refuse.lock().unwrap().clear();
    outbox.retry(client_id).unwrap();
    outbox.flush().await.unwrap();
    assert_eq!(state(client_id), OutboxState::Sent);
    let sent = engine.platform().sent.lock().unwrap().clone();
    assert_eq!(sent[0].attachments, ["att:a.pdf", "att:b.jpg"]);
}

#[tokio::test]
async fn discarding_a_message_removes_its_uploads_and_nothing_else() {
    let (_dir, engine) = engine();
    let outbox = Outbox::new(engine.clone());
    let kept = outbox.send_text(CHAT, "останется", None).unwrap();
    let client_id = outbox
        .send_files(CHAT, &[file("a.pdf"), file("b.jpg")], "уйдёт", None)
        .unwrap();
    let removed = outbox.discard(client_id).unwrap();
    assert_eq!(removed.len(), 3);
    assert_eq!(
        removed
            .iter()
            .filter(|e| e.action == OutboxAction::Upload)
            .count(),
        2
    );
    let left: Vec<i64> = pending_and_failed(&engine.store(), CHAT)
        .unwrap()
        .iter()
        .map(|entry| entry.client_id)
        .collect();
    assert_eq!(left, [kept]);
    // Already gone: discarding again changes nothing.
    assert!(outbox.discard(client_id).unwrap().is_empty());
}

#[tokio::test]
async fn discarding_a_failed_upload_removes_the_message_waiting_for_it() {
    let (_dir, engine) = engine();
    let outbox = Outbox::new(engine.clone());
    engine
        .platform()
        .refuse
        .lock()
        .unwrap()
        .push("big.zip".into());
    let client_id = outbox.send_file(CHAT, &file("big.zip"), "архив").unwrap();
    outbox.flush().await.unwrap();
    let upload = engine
        .store()
        .outbox_entry(client_id)
        .unwrap()
        .unwrap()
        .depends_on
        .unwrap();
    assert_eq!(
        engine.store().outbox_entry(upload).unwrap().unwrap().state,
        OutboxState::Failed
    );
    let removed: Vec<i64> = outbox
        .discard(upload)
        .unwrap()
        .iter()
        .map(|entry| entry.client_id)
        .collect();
    assert_eq!(removed, [upload, client_id]);
    assert!(
        pending_and_failed(&engine.store(), CHAT)
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn a_sent_message_is_not_discarded() {
    let (_dir, engine) = engine();
    let outbox = Outbox::new(engine.clone());
    let client_id = outbox.send_text(CHAT, "привет", None).unwrap();
    outbox.flush().await.unwrap();
    assert!(outbox.discard(client_id).unwrap().is_empty());
    assert_eq!(
        engine
            .store()
            .outbox_entry(client_id)
            .unwrap()
            .unwrap()
            .state,
        OutboxState::Sent
    );
}
