//! The file cache: content addressing, display names, resumable downloads, LRU eviction.
#![allow(clippy::unwrap_used)] // test helpers, like #[test] bodies, may unwrap

mod common;

use std::io::{Cursor, Read};

use common::{TEACHER, chat, ingest, message, open_store};
use parta_core::CoreError;
use parta_core::files::{DownloadSource, FilePolicy, RemoteFile};
use parta_core::model::{ChatId, ChatKind, MessageId};

fn remote(key: &str, chat_id: i64, message_id: i64, name: &str, size: usize) -> RemoteFile {
    RemoteFile {
        remote_key: key.into(),
        chat_id: ChatId(chat_id),
        message_id: MessageId(message_id),
        display_name: name.into(),
        expected_size: Some(size as u64),
    }
}

fn serve(bytes: Vec<u8>) -> impl FnMut(u64) -> std::io::Result<Cursor<Vec<u8>>> {
    move |offset| Ok(Cursor::new(bytes[offset as usize..].to_vec()))
}

/// Serves the first `fail_after` bytes, then fails like a dropped connection.
struct FlakySource {
    bytes: Vec<u8>,
    fail_after: usize,
    offsets_asked: Vec<u64>,
}

impl DownloadSource for FlakySource {
    fn open_from(&mut self, offset: u64) -> std::io::Result<Box<dyn Read + '_>> {
        self.offsets_asked.push(offset);
        let start = offset as usize;
        let end = self.fail_after.max(start).min(self.bytes.len());
        let chunk = Cursor::new(self.bytes[start..end].to_vec());
        Ok(Box::new(chunk.chain(DroppedConnection {
            fails: end < self.bytes.len(),
        })))
    }
}

/// Ends the stream cleanly, or like a dropped connection.
struct DroppedConnection {
    fails: bool,
}

impl Read for DroppedConnection {
    fn read(&mut self, _buffer: &mut [u8]) -> std::io::Result<usize> {
        if self.fails {
            Err(std::io::Error::new(
                std::io::ErrorKind::ConnectionReset,
                "dropped",
            ))
        } else {
            Ok(0)
        }
    }
}

#[test]
fn a_server_file_name_never_becomes_a_path() {
    let (dir, mut store) = open_store();
    let bytes = b"%PDF-1.7 homework".to_vec();
    let hostile = "../../../etc/passwd\0.pdf";
    let cached = store
        .download_file(
            &remote("max:file:1", 10, 1, hostile, bytes.len()),
            &mut serve(bytes.clone()),
        )
        .unwrap();
    assert_eq!(cached.display_name, hostile);
    assert!(cached.path.starts_with(dir.path().join("files")));
    let file_name = cached
        .path
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(file_name.chars().all(|ch| ch.is_ascii_hexdigit()));
    assert_eq!(std::fs::read(&cached.path).unwrap(), bytes);
}

#[test]
fn identical_files_share_one_blob_and_a_cached_file_is_not_fetched_again() {
    let (_dir, mut store) = open_store();
    let bytes = vec![7u8; 10_000];
    let first = store
        .download_file(
            &remote("max:file:1", 10, 1, "a.pdf", bytes.len()),
            &mut serve(bytes.clone()),
        )
        .unwrap();
    let second = store
        .download_file(
            &remote("max:file:2", 10, 2, "b.pdf", bytes.len()),
            &mut serve(bytes.clone()),
        )
        .unwrap();
    assert_eq!(first.path, second.path);
    assert_eq!(store.file_cache_size().unwrap(), 10_000);
    let mut never = |_offset: u64| -> std::io::Result<Cursor<Vec<u8>>> {
        panic!("a cached file must not be downloaded again")
    };
    let again = store.download_file(&remote("max:file:1", 10, 1, "a.pdf", 10_000), &mut never);
    assert_eq!(again.unwrap().display_name, "a.pdf");
}

#[test]
fn an_interrupted_download_resumes_where_it_stopped() {
    let (_dir, mut store) = open_store();
    let bytes: Vec<u8> = (0..200_000u32).map(|n| (n % 251) as u8).collect();
    let file = remote("max:file:9", 10, 1, "Презентация.pptx", bytes.len());
    let mut source = FlakySource {
        bytes: bytes.clone(),
        fail_after: 70_000,
        offsets_asked: vec![],
    };
    assert!(store.download_file(&file, &mut source).is_err());
    source.fail_after = usize::MAX;
    let cached = store.download_file(&file, &mut source).unwrap();
    assert_eq!(source.offsets_asked, [0, 70_000]);
    assert_eq!(std::fs::read(&cached.path).unwrap(), bytes);
}

#[test]
fn a_short_download_is_reported_and_kept_for_resuming() {
    let (_dir, mut store) = open_store();
    let file = remote("max:file:3", 10, 1, "scan.jpg", 1_000);
    let result = store.download_file(&file, &mut serve(vec![1u8; 400]));
    assert!(matches!(
        result,
        Err(CoreError::DownloadIncomplete {
            got: 400,
            expected: 1_000,
            ..
        })
    ));
    let partial = store.partial_download(&file).unwrap();
    assert_eq!(partial.offset(), 400);
}

#[test]
fn bytes_pushed_by_the_caller_make_a_cached_file() {
    let (_dir, mut store) = open_store();
    let file = remote("max:photo:5", 10, 1, "photo.jpg", 6);
    let mut partial = store.partial_download(&file).unwrap();
    partial.append(b"abc").unwrap();
    partial.append(b"def").unwrap();
    let cached = store.finish_download(partial).unwrap();
    assert_eq!(std::fs::read(cached.path).unwrap(), b"abcdef");
}

#[test]
fn one_download_of_a_file_at_a_time() {
    let (_dir, mut store) = open_store();
    let file = remote("max:photo:6", 10, 1, "photo.jpg", 6);
    let mut first = store.partial_download(&file).unwrap();
    assert!(matches!(
        store.partial_download(&file),
        Err(CoreError::DownloadBusy(_))
    ));
    // Another file is not held up.
    let other = remote("max:photo:7", 10, 1, "other.jpg", 1);
    drop(store.partial_download(&other).unwrap());
    first.append(b"abcdef").unwrap();
    store.finish_download(first).unwrap();
    // Finished (or dropped): the next one may start.
    drop(store.partial_download(&file).unwrap());
}

#[test]
fn eviction_drops_least_recently_used_files_but_keeps_channel_posts_and_newest_messages() {
    let (_dir, mut store) = open_store();
    store
        .write(|batch| {
            batch.upsert_chats(&[
                chat(10, ChatKind::Group, "Класс"),
                chat(20, ChatKind::Channel, "Школа"),
            ])
        })
        .unwrap();
    let mut messages: Vec<_> = (1..=10)
        .map(|id| message(10, id, id * 1_000, TEACHER, "файл"))
        .collect();
    messages.push(message(20, 100, 500, TEACHER, "старый пост с файлом"));
    ingest(&mut store, &messages);
    store.set_file_policy(FilePolicy {
        cap_bytes: u64::MAX,
        keep_newest_per_chat: 2,
    });

    let size = 1_000usize;
    let download = |store: &mut parta_core::Store, key: &str, chat_id, message_id, fill: u8| {
        store
            .download_file(
                &remote(key, chat_id, message_id, "f", size),
                &mut serve(vec![fill; size]),
            )
            .unwrap()
    };
    let channel = download(&mut store, "channel", 20, 100, 1);
    let oldest = download(&mut store, "m1", 10, 1, 2);
    let older = download(&mut store, "m2", 10, 2, 3);
    let touched = download(&mut store, "m3", 10, 3, 4);
    let newest = download(&mut store, "m10", 10, 10, 5);
    store.cached_file("m3").unwrap();

    store.set_file_policy(FilePolicy {
        cap_bytes: 3_000,
        keep_newest_per_chat: 2,
    });
    let report = store.evict_files().unwrap();
    assert_eq!((report.removed_files, report.remaining_bytes), (2, 3_000));
    assert!(!oldest.path.exists() && !older.path.exists());
    assert!(channel.path.exists() && touched.path.exists() && newest.path.exists());
    assert!(store.cached_file("m1").unwrap().is_none());

    // Protected files stay even when they alone exceed the cap.
    store.set_file_policy(FilePolicy {
        cap_bytes: 0,
        keep_newest_per_chat: 2,
    });
    let report = store.evict_files().unwrap();
    assert_eq!(report.remaining_bytes, 2_000);
    assert!(channel.path.exists() && newest.path.exists() && !touched.path.exists());
}
