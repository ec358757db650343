//! The store: idempotent upserts, edits, deletions, pages, the chat list, read marks, outbox.
#![allow(clippy::unwrap_used)] // test helpers, like #[test] bodies, may unwrap

mod common;

use common::{ME, TEACHER, chat, ingest, message, open_store};
use parta_core::Store;
use parta_core::model::{
    ChatId, ChatKind, LinkKind, MessageId, MessageLink, MessageState, OutboxAction, OutboxEntry,
    OutboxState, ReactionCount, Reactions, ReadMark,
};

fn ids(views: &[parta_core::store::MessageView]) -> Vec<i64> {
    views.iter().map(|view| view.message.id.0).collect()
}

#[test]
fn a_message_from_history_and_again_from_a_push_is_one_row() {
    let (_dir, mut store) = open_store();
    let original = message(10, 1, 1_000, TEACHER, "Завтра контрольная");
    let first = store
        .write(|batch| batch.upsert_messages(std::slice::from_ref(&original)))
        .unwrap();
    let second = store
        .write(|batch| batch.upsert_messages(std::slice::from_ref(&original)))
        .unwrap();
    assert_eq!(
        (first.inserted, second.unchanged, second.inserted),
        (1, 1, 0)
    );
    assert_eq!(ids(&store.newest_messages(ChatId(10), 50).unwrap()), [1]);
}

#[test]
fn an_edit_replaces_the_text_and_keeps_the_row() {
    let (_dir, mut store) = open_store();
    ingest(
        &mut store,
        &[message(10, 1, 1_000, TEACHER, "Контрольная в среду")],
    );
    let mut edited = message(10, 1, 1_000, TEACHER, "Контрольная в четверг");
    edited.state = MessageState::Edited;
    let summary = store
        .write(|batch| batch.upsert_messages(&[edited]))
        .unwrap();
    assert_eq!(summary.updated, 1);
    let page = store.newest_messages(ChatId(10), 50).unwrap();
    assert_eq!(page.len(), 1);
    assert_eq!(page[0].message.text, "Контрольная в четверг");
    assert_eq!(page[0].message.state, MessageState::Edited);
    assert_eq!(store.search("среду", None, 50).unwrap().len(), 0);
    assert_eq!(store.search("четверг", None, 50).unwrap().len(), 1);
}

#[test]
fn a_deletion_marks_the_message_and_history_does_not_revive_it() {
    let (_dir, mut store) = open_store();
    let original = message(10, 1, 1_000, TEACHER, "Родительское собрание");
    ingest(&mut store, std::slice::from_ref(&original));
    let marked = store
        .write(|batch| batch.mark_deleted(ChatId(10), &[MessageId(1)]))
        .unwrap();
    assert_eq!(marked, 1);
    ingest(&mut store, &[original]);
    let view = store.message(ChatId(10), MessageId(1)).unwrap().unwrap();
    assert_eq!(view.message.state, MessageState::Deleted);
    assert!(store.search("собрание", None, 50).unwrap().is_empty());
}

#[test]
fn pages_go_newest_first_then_back_and_around_a_message() {
    let (_dir, mut store) = open_store();
    let messages: Vec<_> = (1..=120)
        .map(|id| message(10, id, id * 1_000, TEACHER, "урок"))
        .collect();
    ingest(&mut store, &messages);
    let newest = store.newest_messages(ChatId(10), 50).unwrap();
    assert_eq!(ids(&newest), (71..=120).rev().collect::<Vec<_>>());
    assert_eq!(newest[0].sender_name.as_deref(), Some("Пётр Сергеевич"));
    let older = store
        .messages_before(ChatId(10), MessageId(71), 50)
        .unwrap();
    assert_eq!(ids(&older), (21..=70).rev().collect::<Vec<_>>());
    let around = store
        .messages_around(ChatId(10), MessageId(60), 11)
        .unwrap();
    assert_eq!(ids(&around), (55..=65).rev().collect::<Vec<_>>());
    let at_end = store
        .messages_around(ChatId(10), MessageId(119), 11)
        .unwrap();
    assert_eq!(ids(&at_end), (110..=120).rev().collect::<Vec<_>>());
}

#[test]
fn pages_are_ordered_by_time_whatever_the_ingest_order() {
    let (_dir, mut store) = open_store();
    ingest(&mut store, &[message(10, 3, 3_000, TEACHER, "c")]);
    ingest(
        &mut store,
        &[
            message(10, 1, 1_000, TEACHER, "a"),
            message(10, 2, 1_000, ME, "b"),
        ],
    );
    let page = store.newest_messages(ChatId(10), 50).unwrap();
    assert_eq!(page[0].message.id, MessageId(3));
    assert_eq!(page.len(), 3);
}

#[test]
fn the_chat_list_orders_by_activity_with_unread_counts_and_a_preview() {
    let (_dir, mut store) = open_store();
    store
        .write(|batch| {
            batch.upsert_chats(&[
                chat(10, ChatKind::Group, "5 «А» класс"),
                chat(20, ChatKind::Channel, "Школа №3"),
                chat(30, ChatKind::Dialog, ""),
            ])
        })
        .unwrap();
    ingest(
        &mut store,
        &[
            message(10, 1, 1_000, TEACHER, "первое"),
            message(10, 2, 2_000, TEACHER, "второе"),
            message(10, 3, 3_000, ME, "моё"),
            message(20, 4, 5_000, TEACHER, "объявление"),
        ],
    );
    store
        .write(|batch| {
            batch.set_read_mark(ReadMark {
                chat_id: ChatId(10),
                person: ME,
                mark_ms: 1_000,
            })
        })
        .unwrap();
    let list = store.chat_list().unwrap();
    let order: Vec<i64> = list.iter().map(|entry| entry.chat.id.0).collect();
    assert_eq!(order, [20, 10, 30]);
    assert_eq!(list[0].unread_count, 1);
    assert_eq!(
        list[1].unread_count, 1,
        "own messages and read ones are not unread"
    );
    assert_eq!(list[1].last_message.as_ref().unwrap().text, "моё");
    assert!(list[2].last_message.is_none());
    // Read marks only move forward.
    store
        .write(|batch| {
            batch.set_read_mark(ReadMark {
                chat_id: ChatId(10),
                person: ME,
                mark_ms: 500,
            })
        })
        .unwrap();
    assert_eq!(store.read_marks(ChatId(10)).unwrap()[0].mark_ms, 1_000);
}

#[test]
fn messages_that_arrive_before_their_chat_still_show_in_the_list() {
    let (_dir, mut store) = open_store();
    ingest(&mut store, &[message(10, 1, 9_000, TEACHER, "раньше чата")]);
    store
        .write(|batch| batch.upsert_chats(&[chat(10, ChatKind::Group, "8 «Б»")]))
        .unwrap();
    let list = store.chat_list().unwrap();
    assert_eq!(list[0].last_activity_ms, 9_000);
    assert_eq!(list[0].last_message.as_ref().unwrap().text, "раньше чата");
}

#[test]
fn channel_posts_come_from_every_channel_newest_first() {
    let (_dir, mut store) = open_store();
    store
        .write(|batch| {
            batch.upsert_chats(&[
                chat(20, ChatKind::Channel, "Школа"),
                chat(21, ChatKind::Channel, "Библиотека"),
                chat(10, ChatKind::Group, "Класс"),
            ])
        })
        .unwrap();
    ingest(
        &mut store,
        &[
            message(20, 1, 1_000, TEACHER, "a"),
            message(21, 2, 2_000, TEACHER, "b"),
            message(10, 3, 3_000, TEACHER, "not a post"),
            message(20, 4, 4_000, TEACHER, "c"),
        ],
    );
    let posts = store.channel_posts(None, 50).unwrap();
    assert_eq!(ids(&posts), [4, 2, 1]);
    let older = store
        .channel_posts(Some((ChatId(21), MessageId(2))), 50)
        .unwrap();
    assert_eq!(ids(&older), [1]);
    // A chat that turns out to be a channel brings its messages along.
    store
        .write(|batch| batch.upsert_chats(&[chat(10, ChatKind::Channel, "Класс")]))
        .unwrap();
    assert_eq!(ids(&store.channel_posts(None, 50).unwrap()), [4, 3, 2, 1]);
}

#[test]
fn replies_forwards_and_reactions_round_trip() {
    let (_dir, mut store) = open_store();
    let mut reply = message(10, 2, 2_000, ME, "Спасибо!");
    reply.link = Some(MessageLink {
        kind: LinkKind::Forward,
        chat_id: Some(ChatId(20)),
        message: Some(Box::new(message(
            20,
            1,
            1_000,
            TEACHER,
            "Расписание на четверть",
        ))),
    });
    reply.reactions = Reactions {
        counts: vec![ReactionCount {
            reaction: "👍".into(),
            count: 3,
        }],
        own: Some("👍".into()),
    };
    ingest(&mut store, &[reply.clone()]);
    let stored = store
        .message(ChatId(10), MessageId(2))
        .unwrap()
        .unwrap()
        .message;
    assert_eq!(stored, reply);
    // The forwarded text is searchable through the forwarding message.
    assert_eq!(
        store.search("расписанию", None, 10).unwrap()[0].message.id,
        MessageId(2)
    );
}

#[test]
fn the_outbox_keeps_pending_entries_in_order_and_enqueue_is_idempotent() {
    let (_dir, mut store) = open_store();
    let entry = |client_id, created_ms| OutboxEntry {
        client_id,
        chat_id: ChatId(10),
        action: OutboxAction::Send,
        payload_json: r#"{"text":"Добрый день"}"#.into(),
        depends_on: None,
        state: OutboxState::Pending,
        attempts: 0,
        last_error: None,
        created_ms,
        server_message_id: None,
    };
    store
        .write(|batch| {
            assert!(batch.enqueue_outbox(&entry(2, 200))?);
            assert!(batch.enqueue_outbox(&entry(1, 100))?);
            assert!(!batch.enqueue_outbox(&entry(1, 100))?);
            batch.record_outbox_attempt(2, OutboxState::Sent, None, Some(MessageId(99)))
        })
        .unwrap();
    let pending = store.pending_outbox().unwrap();
    assert_eq!(pending.iter().map(|e| e.client_id).collect::<Vec<_>>(), [1]);
    let sent = store.outbox_entry(2).unwrap().unwrap();
    assert_eq!(
        (sent.state, sent.attempts, sent.server_message_id),
        (OutboxState::Sent, 1, Some(MessageId(99)))
    );
}

#[test]
fn data_survives_reopening_and_a_failed_batch_rolls_back() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = Store::open(dir.path(), &common::key()).unwrap();
        ingest(&mut store, &[message(10, 1, 1_000, TEACHER, "сохранится")]);
        let failed: parta_core::Result<()> = store.write(|batch| {
            batch.upsert_messages(&[message(10, 2, 2_000, TEACHER, "откатится")])?;
            Err(parta_core::CoreError::NotFound("simulated".into()))
        });
        assert!(failed.is_err());
    }
    let store = Store::open(dir.path(), &common::key()).unwrap();
    assert!(store.recovery().is_none());
    assert_eq!(ids(&store.newest_messages(ChatId(10), 50).unwrap()), [1]);
}

#[test]
fn a_read_mark_recorded_before_the_account_still_counts() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path(), &common::key()).unwrap();
    store
        .write(|batch| batch.upsert_chats(&[chat(10, ChatKind::Group, "Класс")]))
        .unwrap();
    ingest(
        &mut store,
        &[
            message(10, 1, 1_000, TEACHER, "прочитано"),
            message(10, 2, 2_000, TEACHER, "новое"),
        ],
    );
    store
        .write(|batch| {
            batch.set_read_mark(ReadMark {
                chat_id: ChatId(10),
                person: ME,
                mark_ms: 1_000,
            })
        })
        .unwrap();
    store
        .write(|batch| {
            batch.save_account(&parta_core::model::Account {
                person_id: ME,
                platform: "max".into(),
                display_name: "Мария Ивановна".into(),
                raw_json: "{}".into(),
            })
        })
        .unwrap();
    assert_eq!(store.chat_list().unwrap()[0].unread_count, 1);
}

#[test]
fn seeing_thousands_of_messages_again_keeps_one_row_each() {
    // Some of these messages' keys end in the probe limit (low bits all ones); seeing such a
    // message again must still read as "already cached", not as a key clash.
    let (_dir, mut store) = open_store();
    let chat_id = 9;
    store
        .write(|batch| batch.upsert_chats(&[chat(chat_id, ChatKind::Group, "7 «Б»")]))
        .unwrap();
    let messages: Vec<_> = (1..=5_000)
        .map(|id| {
            message(
                chat_id,
                id,
                1_764_000_000_000 + id / 3,
                TEACHER,
                "Домашнее задание",
            )
        })
        .collect();
    ingest(&mut store, &messages);
    let again = store
        .write(|batch| batch.upsert_messages(&messages))
        .unwrap();
    assert_eq!(
        (again.inserted, again.updated, again.unchanged),
        (0, 0, 5_000)
    );
    assert_eq!(
        store
            .newest_messages(ChatId(chat_id), 10_000)
            .unwrap()
            .len(),
        5_000
    );
}
