//! The window's queries: paging forward, one chat's unread state, whether older history can
//! be fetched, whether a file is cached.

mod common;

use common::{ME, TEACHER, chat, ingest, message, open_store};
use parta_core::model::{ChatId, ChatKind, MessageId, ReadMark};

#[test]
fn messages_after_pages_forward_oldest_first() {
    let (_dir, mut store) = open_store();
    let page: Vec<_> = (1..=5)
        .map(|i| message(10, i, 1_000 * i, TEACHER, &format!("m{i}")))
        .collect();
    ingest(&mut store, &page);
    let after = store.messages_after(ChatId(10), MessageId(2), 2).unwrap();
    let ids: Vec<i64> = after.iter().map(|view| view.message.id.0).collect();
    assert_eq!(ids, [3, 4]);
    assert!(
        store
            .messages_after(ChatId(10), MessageId(5), 10)
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .messages_after(ChatId(10), MessageId(99), 10)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn unread_state_counts_others_after_the_own_mark() {
    let (_dir, mut store) = open_store();
    store
        .write(|batch| batch.upsert_chats(&[chat(10, ChatKind::Group, "5А")]))
        .unwrap();
    ingest(
        &mut store,
        &[
            message(10, 1, 1_000, TEACHER, "старое"),
            message(10, 2, 2_000, TEACHER, "новое"),
            message(10, 3, 3_000, ME, "моё"),
            message(10, 4, 4_000, TEACHER, "ещё"),
        ],
    );
    let nothing_read = store.unread_state(ChatId(10), ME).unwrap();
    assert_eq!(nothing_read.read_mark_ms, 0);
    assert_eq!(nothing_read.count, 3);
    assert_eq!(nothing_read.first_unread, Some(MessageId(1)));
    store
        .write(|batch| {
            batch.set_read_mark(ReadMark {
                chat_id: ChatId(10),
                person: ME,
                mark_ms: 1_000,
            })
        })
        .unwrap();
    let state = store.unread_state(ChatId(10), ME).unwrap();
    assert_eq!(state.read_mark_ms, 1_000);
    assert_eq!(state.count, 2);
    assert_eq!(state.first_unread, Some(MessageId(2)));
}

#[test]
fn older_history_is_fetchable_until_the_span_is_complete() {
    let (_dir, mut store) = open_store();
    assert!(
        !store.can_load_older(ChatId(10)).unwrap(),
        "no span: nothing to page from"
    );
    store
        .write(|batch| {
            batch.transaction().execute(
                "INSERT INTO chat_sync (chat_id, oldest_ms, newest_ms, complete_back)
                 VALUES (10, 1000, 2000, 0)",
                [],
            )?;
            Ok(())
        })
        .unwrap();
    assert!(store.can_load_older(ChatId(10)).unwrap());
    store
        .write(|batch| {
            batch
                .transaction()
                .execute("UPDATE chat_sync SET complete_back = 1", [])?;
            Ok(())
        })
        .unwrap();
    assert!(!store.can_load_older(ChatId(10)).unwrap());
}

#[test]
fn a_file_is_cached_once_downloaded() {
    let (_dir, mut store) = open_store();
    assert!(!store.has_cached_file("max:file:7").unwrap());
    let remote = parta_core::files::RemoteFile {
        remote_key: "max:file:7".into(),
        chat_id: ChatId(10),
        message_id: MessageId(1),
        display_name: "план.pdf".into(),
        expected_size: None,
    };
    let mut partial = store.partial_download(&remote).unwrap();
    partial.append(b"%PDF").unwrap();
    store.finish_download(partial).unwrap();
    assert!(store.has_cached_file("max:file:7").unwrap());
}
