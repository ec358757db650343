//! Russian search: word forms, «ё», file names, newest first with chat and fragment.
#![allow(clippy::unwrap_used)] // test helpers, like #[test] bodies, may unwrap

mod common;

use common::{TEACHER, chat, file_attachment, ingest, message, open_store};
use parta_core::model::{ChatKind, MessageId};

fn seed() -> (tempfile::TempDir, parta_core::Store) {
    let (dir, mut store) = open_store();
    store
        .write(|batch| {
            batch.upsert_chats(&[
                chat(10, ChatKind::Group, "7 «В»"),
                chat(20, ChatKind::Channel, "Школа"),
            ])
        })
        .unwrap();
    ingest(
        &mut store,
        &[
            message(10, 1, 1_000, TEACHER, "В пятницу контрольная по алгебре"),
            message(
                10,
                2,
                2_000,
                TEACHER,
                "Результаты контрольной будут в понедельник",
            ),
            message(
                20,
                3,
                3_000,
                TEACHER,
                "Контрольные работы за четверть перенесены",
            ),
            message(10, 4, 4_000, TEACHER, "Ёлка в актовом зале"),
            message(10, 5, 5_000, TEACHER, "Всем спасибо"),
        ],
    );
    (dir, store)
}

#[test]
fn one_word_form_finds_the_others_newest_first() {
    let (_dir, mut store) = seed();
    let hits = store.search("контрольная", None, 50).unwrap();
    let ids: Vec<i64> = hits.iter().map(|hit| hit.message.id.0).collect();
    assert_eq!(ids, [3, 2, 1]);
    assert_eq!(hits[0].chat_title, "Школа");
    assert_eq!(hits[1].chat_title, "7 «В»");
    assert_eq!(hits[1].sender_name.as_deref(), Some("Пётр Сергеевич"));
    let fragment = &hits[1].fragment;
    let marked: Vec<&str> = fragment
        .highlights
        .iter()
        .map(|r| &fragment.text[r.clone()])
        .collect();
    assert_eq!(marked, ["контрольной"]);
}

#[test]
fn yo_and_ye_match_each_other_and_case_does_not_matter() {
    let (_dir, mut store) = seed();
    assert_eq!(
        store.search("елку", None, 50).unwrap()[0].message.id,
        MessageId(4)
    );
    assert_eq!(
        store.search("ЁЛКИ", None, 50).unwrap()[0].message.id,
        MessageId(4)
    );
}

#[test]
fn every_word_of_the_query_must_match() {
    let (_dir, mut store) = seed();
    let hits = store.search("контрольной алгебра", None, 50).unwrap();
    assert_eq!(
        hits.iter().map(|hit| hit.message.id.0).collect::<Vec<_>>(),
        [1]
    );
    assert!(
        store
            .search("контрольная география", None, 50)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn results_page_with_the_last_hit() {
    let (_dir, mut store) = seed();
    let first = store.search("контрольная", None, 2).unwrap();
    assert_eq!(first.len(), 2);
    let rest = store
        .search("контрольная", Some(&first[1].message), 2)
        .unwrap();
    assert_eq!(
        rest.iter().map(|hit| hit.message.id.0).collect::<Vec<_>>(),
        [1]
    );
}

#[test]
fn file_names_are_searchable_in_any_word_form() {
    let (_dir, mut store) = seed();
    let mut with_file = message(10, 6, 6_000, TEACHER, "");
    with_file
        .attachments
        .push(file_attachment("Расписание_контрольных_работ.pdf"));
    ingest(&mut store, &[with_file]);
    let hits = store.search("расписание", None, 50).unwrap();
    assert_eq!(hits[0].message.id, MessageId(6));
    assert!(hits[0].fragment.text.contains("Расписание"));
}

#[test]
fn query_syntax_is_never_passed_to_fts() {
    let (_dir, mut store) = seed();
    for query in [
        "\"",
        "NEAR(",
        "контрольная OR",
        "*",
        "-алгебра",
        "()",
        "",
        "   ",
    ] {
        store.search(query, None, 50).unwrap();
    }
}
