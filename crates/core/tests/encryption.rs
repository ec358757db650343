//! Encryption at rest and owner-only files: what a shared school PC needs of the cache.
#![allow(clippy::unwrap_used)] // test helpers, like #[test] bodies, may unwrap

mod common;

use std::io::Cursor;
use std::path::{Path, PathBuf};

use common::{TEACHER, ingest, message, open_store};
use parta_core::files::RemoteFile;
use parta_core::model::{ChatId, MessageId};
use parta_core::store::DATABASE_FILE_NAME;
use parta_core::{CacheKey, Store};

/// A sentence no page of an encrypted file can contain by chance.
const SECRET_TEXT: &str = "Оценки за четверть: Петров 5, Сидорова 4, собрание в 18:30";

fn contains(path: &Path, needle: &str) -> bool {
    let bytes = std::fs::read(path).unwrap_or_default();
    bytes
        .windows(needle.len())
        .any(|window| window == needle.as_bytes())
}

fn sidecar(dir: &Path, suffix: &str) -> PathBuf {
    dir.join(format!("{DATABASE_FILE_NAME}{suffix}"))
}

fn every_path(dir: &Path) -> Vec<PathBuf> {
    let mut found = vec![dir.to_path_buf()];
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path.clone());
            }
            found.push(path);
        }
    }
    found
}

#[test]
fn neither_the_database_nor_its_log_holds_a_message_in_the_clear() {
    let (dir, mut store) = open_store();
    let texts: Vec<_> = (0..200)
        .map(|id| message(10, id, 1_000 + id, TEACHER, &format!("{SECRET_TEXT} №{id}")))
        .collect();
    ingest(&mut store, &texts);
    // Before a checkpoint the pages are in the write-ahead log; after it, in the file.
    let wal = sidecar(dir.path(), "-wal");
    assert!(wal.exists(), "the write-ahead log is in use");
    for file in [dir.path().join(DATABASE_FILE_NAME), wal.clone()] {
        assert!(
            !contains(&file, SECRET_TEXT),
            "{} holds the text",
            file.display()
        );
        assert!(
            !contains(&file, "SQLite format 3"),
            "{} has a clear header",
            file.display()
        );
    }
    store.checkpoint().unwrap();
    assert!(!contains(&dir.path().join(DATABASE_FILE_NAME), SECRET_TEXT));
    // The text is there for whoever has the key: search reads it.
    assert_eq!(store.search("оценки собрание", None, 5).unwrap().len(), 5);
    drop(store);
    let again = Store::open(dir.path(), &common::key()).unwrap();
    assert!(again.recovery().is_none());
    assert_eq!(again.newest_messages(ChatId(10), 300).unwrap().len(), 200);
}

#[test]
fn a_wrong_key_moves_the_cache_aside_and_starts_fresh() {
    let (dir, mut store) = open_store();
    ingest(&mut store, &[message(10, 1, 1_000, TEACHER, SECRET_TEXT)]);
    drop(store);
    let original = std::fs::read(dir.path().join(DATABASE_FILE_NAME)).unwrap();

    let other = CacheKey::from_bytes([9; 32]);
    let mut store = Store::open(dir.path(), &other).unwrap();
    let recovery = store.recovery().expect("a wrong key is reported").clone();
    assert!(recovery.reason.contains("key"), "{}", recovery.reason);
    assert!(recovery.user_message().contains("создан заново"));
    assert_eq!(std::fs::read(&recovery.moved_to).unwrap(), original);
    assert!(store.newest_messages(ChatId(10), 10).unwrap().is_empty());
    ingest(&mut store, &[message(10, 2, 2_000, TEACHER, "новый кэш")]);
    drop(store);
    let store = Store::open(dir.path(), &other).unwrap();
    assert!(store.recovery().is_none());
    assert_eq!(store.newest_messages(ChatId(10), 10).unwrap().len(), 1);
}

#[test]
fn an_unencrypted_cache_of_an_older_build_is_encrypted_in_place() {
    let (dir, mut store) = open_store();
    ingest(&mut store, &[message(10, 1, 1_000, TEACHER, SECRET_TEXT)]);
    drop(store);
    // Decrypt it into the plain file an older build would have left (SQLCipher's own recipe).
    let path = dir.path().join(DATABASE_FILE_NAME);
    let plain = dir.path().join("plain.sqlite");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        let key = format!("PRAGMA key = \"x'{}'\";", common::key().to_hex().as_str());
        conn.execute_batch(&key).unwrap();
        let attach = format!("ATTACH DATABASE '{}' AS plain KEY '';", plain.display());
        conn.execute_batch(&attach).unwrap();
        conn.query_row("SELECT sqlcipher_export('plain')", [], |_| Ok(()))
            .unwrap();
        // The schema as this build wrote it (an older build's file differs only in encryption).
        let version: i64 = conn
            .query_row("PRAGMA main.user_version", [], |row| row.get(0))
            .unwrap();
        conn.execute_batch(&format!(
            "PRAGMA plain.user_version = {version}; PRAGMA plain.application_id = 1348563572;"
        ))
        .unwrap();
    }
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(sidecar(dir.path(), suffix));
    }
    std::fs::rename(&plain, &path).unwrap();
    assert!(
        contains(&path, SECRET_TEXT),
        "the older cache is in the clear"
    );

    let key = CacheKey::from_bytes([5; 32]);
    let mut store = Store::open(dir.path(), &key).unwrap();
    assert!(store.recovery().is_none(), "kept, not moved aside");
    assert_eq!(store.newest_messages(ChatId(10), 10).unwrap().len(), 1);
    assert_eq!(store.search("оценки", None, 5).unwrap().len(), 1);
    store.checkpoint().unwrap();
    drop(store);
    for path in every_path(dir.path()) {
        assert!(
            !contains(&path, SECRET_TEXT),
            "{} is in the clear",
            path.display()
        );
        assert!(!path.to_string_lossy().contains(".broken-"));
    }
}

#[cfg(unix)]
#[test]
fn only_the_owner_may_read_the_account_folder() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, mut store) = open_store();
    ingest(&mut store, &[message(10, 1, 1_000, TEACHER, SECRET_TEXT)]);
    let bytes = b"%PDF-1.7 homework".to_vec();
    let remote = RemoteFile {
        remote_key: "max:file:1".into(),
        chat_id: ChatId(10),
        message_id: MessageId(1),
        display_name: "homework.pdf".into(),
        expected_size: Some(bytes.len() as u64),
    };
    let served = bytes.clone();
    let cached = store
        .download_file(&remote, &mut move |offset: u64| {
            Ok(Cursor::new(served[offset as usize..].to_vec()))
        })
        .unwrap();
    assert!(cached.path.is_file());
    assert!(sidecar(dir.path(), "-wal").exists());
    for path in every_path(dir.path()) {
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        let expected = if path.is_dir() { 0o700 } else { 0o600 };
        assert_eq!(mode, expected, "{} is {mode:o}", path.display());
    }
}
