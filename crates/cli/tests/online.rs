//! `parta send` and `parta sync` with the real binary, the sandbox over loopback and a real
//! keyring: a message is queued before any network, goes exactly once, comes back on sync,
//! survives an unreachable server, and a file arrives as a file.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Desktop, KeyringState, Sandbox};
use serde_json::Value;

async fn signed_in_teacher(sandbox: &Sandbox, desktop: &Desktop) -> (Value, i64) {
    let teacher = sandbox.person("Марина Иванова").await;
    let (token, device) = (
        teacher["token"].as_str().unwrap(),
        teacher["deviceId"].as_str().unwrap(),
    );
    desktop.login_with_token(sandbox, token, device).await.ok();
    let chats = sandbox
        .get(&format!("/people/{}/chats", teacher["id"]))
        .await;
    let dialog = chats
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["type"] == "DIALOG")
        .unwrap()
        .clone();
    (teacher, dialog["id"].as_i64().unwrap())
}

async fn copies_on_server(sandbox: &Sandbox, chat_id: i64, text: &str) -> Vec<Value> {
    let messages = sandbox.get(&format!("/chats/{chat_id}/messages")).await;
    messages
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["text"] == text)
        .cloned()
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sent_message_arrives_once_and_sync_reads_it_back() {
    let sandbox = Sandbox::start().await;
    let desktop = Desktop::start(KeyringState::Unlocked);
    let (_teacher, chat_id) = signed_in_teacher(&sandbox, &desktop).await;
    let chat = chat_id.to_string();
    let text = "Собрание переносится на четверг, 18:30.";

    let sent = desktop.parta(&["send", &chat, text], "").await.ok();
    assert!(sent.stdout.contains("Отправлено."), "{sent:?}");
    assert_eq!(copies_on_server(&sandbox, chat_id, text).await.len(), 1);

    let synced = desktop.parta(&["sync"], "").await.ok();
    assert!(synced.stdout.starts_with("Синхронизировано:"), "{synced:?}");
    let read = desktop.parta(&["read", &chat], "").await.ok();
    assert_eq!(read.stdout.matches(text).count(), 1, "{}", read.stdout);
    assert_eq!(copies_on_server(&sandbox, chat_id, text).await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_written_with_no_server_goes_once_with_the_next_sync() {
    let sandbox = Sandbox::start().await;
    let desktop = Desktop::start(KeyringState::Unlocked);
    let (_teacher, chat_id) = signed_in_teacher(&sandbox, &desktop).await;
    let chat = chat_id.to_string();
    let text = "Напишу, как только появится связь.";

    // Nothing listens on port 9: the server is unreachable.
    let offline = [
        "--server",
        "ws://127.0.0.1:9/websocket",
        "send",
        &chat,
        text,
    ];
    desktop.parta(&["sync"], "").await.ok(); // The chat list is cached first.
    let queued = desktop.parta(&offline, "").await.ok();
    assert!(
        queued.stdout.contains("уйдёт при следующей синхронизации"),
        "{queued:?}"
    );
    assert!(copies_on_server(&sandbox, chat_id, text).await.is_empty());

    let json = desktop.parta(&["--json", "sync"], "").await.ok().json();
    assert_eq!(json["sent"], 1, "{json}");
    desktop.parta(&["sync"], "").await.ok();
    assert_eq!(copies_on_server(&sandbox, chat_id, text).await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_is_uploaded_and_sent_as_a_file() {
    let sandbox = Sandbox::start().await;
    let desktop = Desktop::start(KeyringState::Unlocked);
    let (_teacher, chat_id) = signed_in_teacher(&sandbox, &desktop).await;
    let file = desktop.data().with_file_name("Расписание на неделю.txt");
    std::fs::write(&file, "Пн: алгебра, русский\nВт: физика").unwrap();
    let caption = "Расписание во вложении";

    let args = [
        "send",
        &chat_id.to_string(),
        caption,
        "--file",
        file.to_str().unwrap(),
    ];
    let sent = desktop.parta(&args, "").await.ok();
    assert!(sent.stdout.contains("Отправлено."), "{sent:?}");
    let copies = copies_on_server(&sandbox, chat_id, caption).await;
    assert_eq!(copies.len(), 1);
    let attach = &copies[0]["attaches"][0];
    assert_eq!(attach["_type"], "FILE", "{attach}");
    assert_eq!(attach["name"], "Расписание на неделю.txt");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_message_is_refused_before_anything_is_queued() {
    let sandbox = Sandbox::start().await;
    let desktop = Desktop::start(KeyringState::Unlocked);
    let (_teacher, chat_id) = signed_in_teacher(&sandbox, &desktop).await;
    let refused = desktop
        .parta(&["send", &chat_id.to_string(), "   "], "")
        .await;
    assert!(!refused.success);
    assert!(refused.stderr.contains("Сообщение пустое"), "{refused:?}");
}
