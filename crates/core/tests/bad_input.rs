//! Bad input: damaged or foreign cache files, huge texts, NULs, wild offsets, unknown types.
#![allow(clippy::unwrap_used)] // test helpers, like #[test] bodies, may unwrap

mod common;

use common::{TEACHER, ingest, message, open_store};
use parta_core::model::{Attachment, AttachmentKind, ChatId, Element, ElementKind, MessageId};
use parta_core::{CoreError, Store, UserFacingError};

fn cache_file(dir: &tempfile::TempDir) -> std::path::PathBuf {
    dir.path().join(parta_core::store::DATABASE_FILE_NAME)
}

fn broken_copies(dir: &tempfile::TempDir) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.to_string_lossy().contains(".broken-"))
        .collect()
}

fn assert_replaced_with_fresh_cache(dir: &tempfile::TempDir, original: &[u8]) {
    let mut store = Store::open(dir.path(), &common::key()).unwrap();
    let recovery = store.recovery().expect("the bad file is reported").clone();
    assert!(recovery.user_message().contains("создан заново"));
    let kept = std::fs::read(&recovery.moved_to).unwrap();
    assert!(
        kept == original,
        "the bad file is kept byte for byte, not overwritten"
    );
    assert!(broken_copies(dir).contains(&recovery.moved_to));
    ingest(
        &mut store,
        &[message(10, 1, 1_000, TEACHER, "новый кэш работает")],
    );
    assert_eq!(store.newest_messages(ChatId(10), 10).unwrap().len(), 1);
    drop(store);
    assert!(
        Store::open(dir.path(), &common::key())
            .unwrap()
            .recovery()
            .is_none(),
        "the fresh cache is fine"
    );
}

#[test]
fn a_file_that_is_not_sqlite_is_moved_aside() {
    let dir = tempfile::tempdir().unwrap();
    let garbage = b"this is not a database, just some text a person saved here".repeat(100);
    std::fs::write(cache_file(&dir), &garbage).unwrap();
    assert_replaced_with_fresh_cache(&dir, &garbage);
}

#[test]
fn another_programs_sqlite_database_is_moved_aside() {
    let dir = tempfile::tempdir().unwrap();
    {
        let conn = rusqlite::Connection::open(cache_file(&dir)).unwrap();
        conn.execute_batch("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT);")
            .unwrap();
    }
    let original = std::fs::read(cache_file(&dir)).unwrap();
    assert_replaced_with_fresh_cache(&dir, &original);
}

#[test]
fn a_damaged_cache_is_moved_aside() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = Store::open(dir.path(), &common::key()).unwrap();
        let messages: Vec<_> = (0..2_000)
            .map(|id| {
                message(
                    10,
                    id,
                    id * 1_000,
                    TEACHER,
                    &"контрольная работа ".repeat(20),
                )
            })
            .collect();
        ingest(&mut store, &messages);
    }
    // Scribble over the middle pages, keeping the header intact.
    let mut bytes = std::fs::read(cache_file(&dir)).unwrap();
    let middle = bytes.len() / 2;
    for byte in &mut bytes[middle..middle + 16_384] {
        *byte = 0xA5;
    }
    std::fs::write(cache_file(&dir), &bytes).unwrap();
    assert_replaced_with_fresh_cache(&dir, &bytes);
}

#[test]
fn a_cache_from_a_newer_build_is_an_error_not_a_replacement() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(dir.path(), &common::key()).unwrap());
    {
        let conn = rusqlite::Connection::open(cache_file(&dir)).unwrap();
        let key = format!("PRAGMA key = \"x'{}'\";", common::key().to_hex().as_str());
        conn.execute_batch(&key).unwrap();
        conn.pragma_update(None, "user_version", 999).unwrap();
    }
    match Store::open(dir.path(), &common::key()) {
        Err(error @ CoreError::SchemaTooNew { found: 999, .. }) => {
            assert!(error.to_user_facing().contains("Обновите"));
        }
        Err(other) => panic!("unexpected error {other}"),
        Ok(_) => panic!("a newer schema must not be opened"),
    }
    assert!(broken_copies(&dir).is_empty());
}

#[test]
fn an_empty_file_becomes_a_fresh_cache() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(cache_file(&dir), b"").unwrap();
    let store = Store::open(dir.path(), &common::key()).unwrap();
    assert!(store.recovery().is_none());
}

#[test]
fn a_one_megabyte_message_is_stored_shown_and_found() {
    let (_dir, mut store) = open_store();
    let mut text = "Повторяем материал к экзамену. ".repeat(34_000);
    text.push_str("В конце: контрольная в пятницу.");
    assert!(text.len() > 1_000_000);
    ingest(&mut store, &[message(10, 1, 1_000, TEACHER, &text)]);
    let shown = store.newest_messages(ChatId(10), 50).unwrap();
    assert_eq!(shown[0].message.text.len(), text.len());
    let hits = store.search("контрольной", None, 50).unwrap();
    assert_eq!(hits.len(), 1);
    assert!(hits[0].fragment.text.len() < 1_000);
    assert!(hits[0].fragment.text.contains("контрольная"));
}

#[test]
fn text_with_nul_characters_is_stored_and_found() {
    let (_dir, mut store) = open_store();
    let text = "до\0нуля\0\0контрольная\0после";
    ingest(&mut store, &[message(10, 1, 1_000, TEACHER, text)]);
    let stored = store.message(ChatId(10), MessageId(1)).unwrap().unwrap();
    assert_eq!(stored.message.text, text);
    assert_eq!(store.search("контрольные", None, 50).unwrap().len(), 1);
    assert_eq!(store.search("нуля", None, 50).unwrap().len(), 1);
}

#[test]
fn formatting_offsets_past_the_end_are_kept_and_clamped_when_shown() {
    let (_dir, mut store) = open_store();
    let mut formatted = message(10, 1, 1_000, TEACHER, "Важно: завтра");
    formatted.elements = vec![
        Element {
            kind: ElementKind::Strong,
            from: 0,
            length: 5,
        },
        Element {
            kind: ElementKind::Emphasized,
            from: 7,
            length: 1_000,
        },
        Element {
            kind: ElementKind::Underline,
            from: 5_000,
            length: 3,
        },
        Element {
            kind: ElementKind::Link {
                url: "https://example.org".into(),
            },
            from: -4,
            length: i64::MAX,
        },
        Element {
            kind: ElementKind::Other("SPOILER".into()),
            from: 2,
            length: -7,
        },
    ];
    ingest(&mut store, &[formatted.clone()]);
    let stored = store
        .message(ChatId(10), MessageId(1))
        .unwrap()
        .unwrap()
        .message;
    assert_eq!(stored.elements, formatted.elements);
    let ranges: Vec<_> = stored
        .elements
        .iter()
        .map(|e| e.char_range(&stored.text))
        .collect();
    assert_eq!(ranges, [Some(0..5), Some(7..13), None, Some(0..13), None]);
    assert_eq!(store.search("завтра", None, 50).unwrap().len(), 1);
}

#[test]
fn an_unknown_attachment_type_is_kept_with_its_raw_json() {
    let (_dir, mut store) = open_store();
    let mut with_unknown = message(10, 1, 1_000, TEACHER, "Новый тип вложения");
    with_unknown.attachments.push(Attachment {
        kind: AttachmentKind::Unknown {
            type_name: "HOLOGRAM".into(),
        },
        raw_json: r#"{"_type":"HOLOGRAM","depth":3}"#.into(),
    });
    ingest(&mut store, &[with_unknown.clone()]);
    let stored = store
        .message(ChatId(10), MessageId(1))
        .unwrap()
        .unwrap()
        .message;
    assert_eq!(stored.attachments, with_unknown.attachments);
    assert_eq!(stored.attachments[0].kind.type_name(), "HOLOGRAM");
    assert_eq!(store.search("вложение", None, 50).unwrap().len(), 1);
}

#[test]
fn absurd_times_and_ids_do_not_break_ordering() {
    let (_dir, mut store) = open_store();
    ingest(
        &mut store,
        &[
            message(10, i64::MAX, i64::MAX, TEACHER, "из будущего"),
            message(10, i64::MIN, -5, TEACHER, "до эпохи"),
            message(10, 0, 1_000, TEACHER, "обычное"),
        ],
    );
    let page = store.newest_messages(ChatId(10), 10).unwrap();
    let texts: Vec<&str> = page.iter().map(|view| view.message.text.as_str()).collect();
    assert_eq!(texts, ["из будущего", "обычное", "до эпохи"]);
}
