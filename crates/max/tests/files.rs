//! Files both ways against the sandbox: one message with a photo and a document, uploaded in
//! pieces with progress, and the other side downloading the document piece by piece into its
//! cache, resuming after a part.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{Sandbox, fresh_store};
use parta_core::model::{AttachmentKind, ChatId};
use parta_core::outbox::Outbox;
use parta_core::platform::LocalFile;
use parta_core::sync::SyncEngine;
use serde_json::Value;

/// Per file, each (sent, total) the adapter reported.
type Progress = HashMap<PathBuf, Vec<(u64, u64)>>;

async fn dialog(sandbox: &Sandbox) -> (Value, Value, i64) {
    let parent = sandbox.person("parent").await;
    let dialog = sandbox
        .chats_of(&parent)
        .await
        .into_iter()
        .find(|c| c["type"] == "DIALOG")
        .unwrap();
    let other = dialog["participants"]
        .as_object()
        .unwrap()
        .keys()
        .map(|id| id.parse::<i64>().unwrap())
        .find(|id| Some(*id) != parent["id"].as_i64())
        .unwrap();
    let teacher = sandbox.person_by_id(other).await;
    (parent, teacher, dialog["id"].as_i64().unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_and_a_document_go_in_one_message_and_download_in_pieces() {
    let sandbox = Sandbox::start();
    let (parent, teacher, chat_id) = dialog(&sandbox).await;
    let chat = ChatId(chat_id);
    let files = tempfile::tempdir().unwrap();
    let mut png = b"\x89PNG\r\n\x1A\n".to_vec();
    png.resize(10_000, 7);
    let document: Vec<u8> = (0..300_000u32).map(|n| (n % 251) as u8).collect();
    let photo_path = files.path().join("a");
    let document_path = files.path().join("b");
    std::fs::write(&photo_path, &png).unwrap();
    std::fs::write(&document_path, &document).unwrap();

    let (store, _parent_dir) = fresh_store();
    let engine = SyncEngine::new(sandbox.platform_for(&parent), store);
    let progress: Arc<Mutex<Progress>> = Arc::default();
    let seen = progress.clone();
    engine
        .platform()
        .set_upload_observer(Arc::new(move |path, sent, total| {
            seen.lock()
                .unwrap()
                .entry(path.to_owned())
                .or_default()
                .push((sent, total));
        }));
    engine.sync_once().await.unwrap();
    let outbox = Outbox::new(engine.clone());
    let client_id = outbox
        .send_files(
            chat,
            &[
                LocalFile {
                    path: photo_path.clone(),
                    display_name: "рисунок.png".into(),
                    as_photo: true,
                },
                LocalFile {
                    path: document_path.clone(),
                    display_name: "Домашнее задание.bin".into(),
                    as_photo: false,
                },
            ],
            "Задание на завтра",
            None,
        )
        .unwrap();
    // The file upload waits for the server's "processed" push, which a live engine receives.
    let live = engine.clone();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        live.run(async {
            let _ = stopped.await;
        })
        .await
    });
    for _ in 0..1200 {
        let sent = engine
            .store()
            .outbox_entry(client_id)
            .unwrap()
            .is_some_and(|entry| entry.state == parta_core::model::OutboxState::Sent);
        if sent {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    stop.send(()).unwrap();
    task.await.unwrap().unwrap();
    let entry = engine.store().outbox_entry(client_id).unwrap().unwrap();
    assert_eq!(
        entry.state,
        parta_core::model::OutboxState::Sent,
        "{entry:?}"
    );

    let progress = progress.lock().unwrap().clone();
    let document_progress = &progress[&document_path];
    assert_eq!(document_progress.first(), Some(&(0, 300_000)));
    assert_eq!(document_progress.last(), Some(&(300_000, 300_000)));
    assert!(
        document_progress.len() > 3,
        "in pieces: {document_progress:?}"
    );
    assert_eq!(progress[&photo_path].last(), Some(&(10_000, 10_000)));

    let server = sandbox.messages(chat_id).await;
    let sent = server
        .iter()
        .find(|m| m["text"] == "Задание на завтра")
        .expect("the message on the server");
    let kinds: Vec<&str> = sent["attaches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["_type"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["PHOTO", "FILE"]);

    // The teacher downloads the document: first a part, then the rest, resumed.
    let (teacher_store, teacher_dir) = fresh_store();
    let teacher_engine = SyncEngine::new(sandbox.platform_for(&teacher), teacher_store);
    teacher_engine.sync_once().await.unwrap();
    // A second connection to the teacher's cache, as the app's window has.
    let mut store = parta_core::Store::open(
        teacher_dir.path(),
        &parta_core::CacheKey::from_bytes([7; 32]),
    )
    .unwrap();
    let message = store
        .newest_messages(chat, 50)
        .unwrap()
        .into_iter()
        .map(|view| view.message)
        .find(|m| m.text == "Задание на завтра")
        .expect("the teacher has the message");
    let attachment = message
        .attachments
        .iter()
        .find(|a| matches!(a.kind, AttachmentKind::File { .. }))
        .unwrap()
        .clone();
    let platform = teacher_engine.platform();
    let (remote, mut download) = platform
        .open_download(&message, &attachment, false, 0)
        .await
        .unwrap()
        .expect("a file to download");
    assert_eq!(download.total(), Some(300_000));
    let mut partial = store.partial_download(&remote).unwrap();
    let first = download.chunk().await.unwrap().unwrap();
    partial.append(&first).unwrap();
    drop((partial, download));

    let offset = store.partial_download(&remote).unwrap().offset();
    assert_eq!(offset, first.len() as u64);
    let (remote, mut download) = platform
        .open_download(&message, &attachment, false, offset)
        .await
        .unwrap()
        .unwrap();
    let mut partial = store.partial_download(&remote).unwrap();
    while let Some(chunk) = download.chunk().await.unwrap() {
        partial.append(&chunk).unwrap();
    }
    let cached = store.finish_download(partial).unwrap();
    assert_eq!(std::fs::read(&cached.path).unwrap(), document);
}
