//! Unread counts follow what the platform counts after a catch-up, not every message from others
//! the cache happens to hold (the first sync knows nothing of what was read on the phone).
#![allow(clippy::unwrap_used)] // test helpers, like #[test] bodies, may unwrap

mod common;

use common::{ME, TEACHER, chat, ingest, message, open_store};
use parta_core::Store;
use parta_core::model::{ChatId, ChatKind, MessageId};

const CHAT: ChatId = ChatId(10);

fn seeded() -> (tempfile::TempDir, Store) {
    let (dir, mut store) = open_store();
    store
        .write(|batch| batch.upsert_chats(&[chat(CHAT.0, ChatKind::Group, "5 «А»")]))
        .unwrap();
    // Six from the teacher, one of them deleted, and one of our own in between.
    let mut messages: Vec<_> = (1..=6)
        .map(|i| message(CHAT.0, i, 1_000 * i, TEACHER, "текст"))
        .collect();
    messages.push(message(CHAT.0, 7, 3_500, ME, "своё"));
    ingest(&mut store, &messages);
    store
        .write(|batch| batch.mark_deleted(CHAT, &[MessageId(6)]))
        .unwrap();
    (dir, store)
}

fn unread(store: &Store) -> u32 {
    store.chat_list().unwrap()[0].unread_count
}

fn reconcile(store: &mut Store, count: u32) {
    store
        .write(|batch| batch.reconcile_unread(CHAT, count))
        .unwrap();
}

#[test]
fn the_platforms_count_becomes_the_chats_count() {
    let (_dir, mut store) = seeded();
    assert_eq!(unread(&store), 5, "before: every message from others");
    reconcile(&mut store, 2);
    assert_eq!(unread(&store), 2);
    let state = store.unread_state(CHAT, ME).unwrap();
    assert_eq!(state.first_unread, Some(MessageId(4)));
    reconcile(&mut store, 0);
    assert_eq!(unread(&store), 0);
}

#[test]
fn the_mark_may_move_back_when_the_platform_counts_more() {
    let (_dir, mut store) = seeded();
    reconcile(&mut store, 0);
    reconcile(&mut store, 4);
    assert_eq!(unread(&store), 4);
    // More than the cache holds: everything cached from others is unread.
    reconcile(&mut store, 40);
    assert_eq!(unread(&store), 5);
}

#[test]
fn a_read_mark_waiting_to_be_sent_keeps_the_local_count() {
    let (_dir, mut store) = seeded();
    reconcile(&mut store, 0);
    store
        .write(|batch| {
            batch.enqueue_outbox(&parta_core::model::OutboxEntry {
                client_id: 1,
                chat_id: CHAT,
                action: parta_core::model::OutboxAction::MarkRead,
                payload_json: "{}".into(),
                depends_on: None,
                state: parta_core::model::OutboxState::Pending,
                attempts: 0,
                last_error: None,
                created_ms: 1,
                server_message_id: None,
            })?;
            Ok(())
        })
        .unwrap();
    reconcile(&mut store, 3);
    assert_eq!(unread(&store), 0);
}
