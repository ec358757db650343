//! The core's sync engine and outbox with MAX's adapter, against the sandbox over loopback,
//! each account with a real SQLite cache: what a person would notice — every message arrives
//! once, announcements read offline, nothing is lost or doubled under faults, a revoked
//! session signs out without retrying, and a restart mid-sync leaves no gap.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;
use std::time::Duration;

use common::{Sandbox, fresh_store};
use parta_core::model::{ChatId, ChatKind};
use parta_core::outbox::Outbox;
use parta_core::platform::PlatformError;
use parta_core::sync::{ConnectionState, SyncEngine, SyncError, SyncEvent};
use parta_max::MaxPlatform;
use serde_json::{Value, json};
use tokio::sync::oneshot;

type Engine = SyncEngine<MaxPlatform>;

/// (id, text) of every cached message of a chat, oldest first.
fn cached(engine: &Engine, chat_id: i64) -> Vec<(i64, String)> {
    let mut views = engine
        .store()
        .newest_messages(ChatId(chat_id), 1_000_000)
        .unwrap();
    views.sort_by_key(|view| (view.message.time_ms, view.message.id.0));
    views
        .into_iter()
        .map(|view| (view.message.id.0, view.message.text))
        .collect()
}

fn truth(messages: &[Value]) -> Vec<(i64, String)> {
    messages
        .iter()
        .map(|m| {
            (
                parta_max::convert::int(&m["id"]).unwrap(),
                m["text"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// Polls `done` until it holds (two minutes at most, against a hang): waiting for behaviour,
/// not timing it.
async fn eventually(what: &str, mut done: impl FnMut() -> bool) {
    for _ in 0..2400 {
        if done() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("timed out waiting until {what}");
}

/// Runs an engine live in the background until the returned sender is dropped or fired.
fn run_live(
    engine: &Engine,
) -> (
    oneshot::Sender<()>,
    tokio::task::JoinHandle<Result<(), SyncError>>,
) {
    let (stop, stopped) = oneshot::channel::<()>();
    let live = engine.clone();
    let task = tokio::spawn(async move {
        live.run(async {
            let _ = stopped.await;
        })
        .await
    });
    (stop, task)
}

async fn dialog_between_parent_and_teacher(sandbox: &Sandbox) -> (Value, Value, i64) {
    let parent = sandbox.person("parent").await;
    let dialog = sandbox
        .chats_of(&parent)
        .await
        .into_iter()
        .find(|c| c["type"] == "DIALOG")
        .unwrap();
    let teacher_id = dialog["participants"]
        .as_object()
        .unwrap()
        .keys()
        .map(|id| id.parse::<i64>().unwrap())
        .find(|id| Some(*id) != parent["id"].as_i64())
        .unwrap();
    let teacher = sandbox.person_by_id(teacher_id).await;
    (parent, teacher, dialog["id"].as_i64().unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_sync_caches_every_chat_and_every_channel_post() {
    let sandbox = Sandbox::start();
    let parent = sandbox.person("parent").await;
    let (store, _dir) = fresh_store();
    let engine = SyncEngine::new(sandbox.platform_for(&parent), store);
    let mut events = engine.subscribe();
    let report = engine.sync_once().await.unwrap();

    let chats = sandbox.chats_of(&parent).await;
    assert_eq!(report.chats, chats.len());
    let list = engine.store().chat_list().unwrap();
    assert_eq!(list.len(), chats.len());
    let mut channels = 0;
    for chat in &chats {
        let id = chat["id"].as_i64().unwrap();
        let truth = truth(&sandbox.messages(id).await);
        let cache = cached(&engine, id);
        if chat["type"] == "CHANNEL" {
            channels += 1;
            assert_eq!(cache, truth, "every post of channel {id}");
        } else {
            // The newest page at least, with no gap: a suffix of the truth.
            let newest = &truth[truth.len().saturating_sub(cache.len())..];
            assert_eq!(cache, newest, "chat {id}");
            assert!(cache.len() >= truth.len().min(50));
        }
    }
    assert!(channels >= 1, "the demo parent follows a school channel");
    let mut progress = Vec::new();
    while let Ok(event) = events.try_recv() {
        if let SyncEvent::Progress { done, total } = event {
            progress.push((done, total));
        }
    }
    assert_eq!(progress.last(), Some(&(chats.len(), chats.len())));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_people_talk_and_each_message_arrives_once() {
    let sandbox = Sandbox::start();
    let (parent, teacher, chat_id) = dialog_between_parent_and_teacher(&sandbox).await;
    let (parent_store, _a) = fresh_store();
    let (teacher_store, _b) = fresh_store();
    let parent_engine = SyncEngine::new(sandbox.platform_for(&parent), parent_store);
    let teacher_engine = SyncEngine::new(sandbox.platform_for(&teacher), teacher_store);
    let (stop_parent, parent_task) = run_live(&parent_engine);
    let (stop_teacher, teacher_task) = run_live(&teacher_engine);
    eventually("both are online", || {
        !parent_engine.store().chat_list().unwrap().is_empty()
            && !teacher_engine.store().chat_list().unwrap().is_empty()
    })
    .await;

    let chat = ChatId(chat_id);
    let from_teacher = [
        "Добрый вечер! Завтра контрольная по алгебре.",
        "Повторите параграф 12.",
        "<b>Не</b> опаздывайте",
    ];
    for text in from_teacher {
        Outbox::new(teacher_engine.clone())
            .send_text(chat, text, None)
            .unwrap();
    }
    Outbox::new(parent_engine.clone())
        .send_text(chat, "Спасибо, передам Маше.", None)
        .unwrap();

    let expected: Vec<&str> = from_teacher
        .iter()
        .copied()
        .chain(["Спасибо, передам Маше."])
        .collect();
    for engine in [&parent_engine, &teacher_engine] {
        eventually("every message is in both caches", || {
            let texts: Vec<String> = cached(engine, chat_id)
                .into_iter()
                .map(|(_, t)| t)
                .collect();
            expected.iter().all(|want| texts.iter().any(|t| t == want))
        })
        .await;
    }
    stop_parent.send(()).unwrap();
    stop_teacher.send(()).unwrap();
    parent_task.await.unwrap().unwrap();
    teacher_task.await.unwrap().unwrap();

    let server = truth(&sandbox.messages(chat_id).await);
    for engine in [&parent_engine, &teacher_engine] {
        let cache = cached(engine, chat_id);
        for want in &expected {
            assert_eq!(
                cache.iter().filter(|(_, t)| t == want).count(),
                1,
                "{want} once in a cache"
            );
            assert_eq!(
                server.iter().filter(|(_, t)| t == want).count(),
                1,
                "{want} once on the server"
            );
        }
        assert_eq!(cache, server[server.len() - cache.len()..]);
        assert!(engine.store().pending_outbox().unwrap().is_empty());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_announcement_posted_while_offline_reads_offline_after_the_next_sync() {
    let mut sandbox = Sandbox::start();
    let parent = sandbox.person("parent").await;
    let (store, dir) = fresh_store();
    let engine = SyncEngine::new(sandbox.platform_for(&parent), store);
    engine.sync_once().await.unwrap();
    drop(engine); // The parent closes Парта.

    let channel = sandbox
        .chats_of(&parent)
        .await
        .into_iter()
        .find(|c| c["type"] == "CHANNEL")
        .unwrap();
    let owner = channel["owner"].as_i64().unwrap();
    let text = "Внимание! 1 декабря уроки отменяются из-за морозов.";
    sandbox
        .control(
            &format!("/people/{owner}/send"),
            Some(json!({ "chatId": channel["id"], "text": text })),
        )
        .await;

    let engine = SyncEngine::new(
        sandbox.platform_for(&parent),
        parta_core::Store::open(dir.path(), &parta_core::CacheKey::from_bytes([7; 32])).unwrap(),
    );
    engine.sync_once().await.unwrap();
    drop(engine);
    sandbox.stop();

    // No server at all now: the cache alone answers.
    let offline =
        parta_core::Store::open(dir.path(), &parta_core::CacheKey::from_bytes([7; 32])).unwrap();
    let posts = offline.channel_posts(None, 20).unwrap();
    assert_eq!(
        posts.first().map(|post| post.message.text.as_str()),
        Some(text)
    );
    let chat = offline
        .chat(ChatId(channel["id"].as_i64().unwrap()))
        .unwrap()
        .unwrap();
    assert_eq!(chat.kind, ChatKind::Channel);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_hundred_sends_under_faults_arrive_exactly_once() {
    let sandbox = Sandbox::start();
    let (_parent, teacher, chat_id) = dialog_between_parent_and_teacher(&sandbox).await;
    let (store, _dir) = fresh_store();
    let engine = SyncEngine::new(sandbox.platform_for(&teacher), store);
    engine.sync_once().await.unwrap();

    // Responses lost after the server applied the send, error frames, slow answers.
    sandbox
        .control(
            "/faults/drop-response",
            Some(json!({ "opcode": 64, "count": 15 })),
        )
        .await;
    sandbox
        .control(
            "/faults/error",
            Some(json!({ "opcode": 64, "count": 10, "error": "internal.error" })),
        )
        .await;
    sandbox
        .control("/faults/delay", Some(json!({ "ms": 2 })))
        .await;

    let outbox = Outbox::new(engine.clone());
    let texts: Vec<String> = (1..=500).map(|n| format!("Сообщение №{n}")).collect();
    for text in &texts[..250] {
        outbox.send_text(ChatId(chat_id), text, None).unwrap();
    }
    let (stop, task) = run_live(&engine);
    for text in &texts[250..] {
        outbox.send_text(ChatId(chat_id), text, None).unwrap();
    }
    for round in 0..3 {
        // Every socket dropped, three times over, while sends are in flight.
        eventually("some progress", || {
            engine.store().pending_outbox().unwrap().len() < 500 - round * 100
        })
        .await;
        sandbox
            .control("/faults/drop-sockets", Some(json!({})))
            .await;
    }
    let deadline = tokio::time::Instant::now() + Duration::from_secs(300);
    while !engine.store().pending_outbox().unwrap().is_empty() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the outbox did not drain"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    stop.send(()).unwrap();
    task.await.unwrap().unwrap();

    let server = sandbox.messages(chat_id).await;
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for message in &server {
        *counts
            .entry(message["text"].as_str().unwrap_or_default())
            .or_default() += 1;
    }
    for text in &texts {
        assert_eq!(
            counts.get(text.as_str()),
            Some(&1),
            "{text} exactly once on the server"
        );
    }
    let cache = cached(&engine, chat_id);
    for text in &texts {
        assert_eq!(
            cache.iter().filter(|(_, t)| t == text).count(),
            1,
            "{text} exactly once in the cache"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_token_signs_out_once_without_retrying() {
    let sandbox = Sandbox::start();
    let parent = sandbox.person("parent").await;
    sandbox
        .control(&format!("/people/{}/revoke", parent["id"]), Some(json!({})))
        .await;
    let (store, _dir) = fresh_store();
    let engine = SyncEngine::new(sandbox.platform_for(&parent), store);
    let mut events = engine.subscribe();
    let outcome = tokio::time::timeout(Duration::from_secs(30), engine.run(std::future::pending()))
        .await
        .expect("run returned instead of retrying");
    assert!(
        matches!(
            outcome,
            Err(SyncError::Platform(PlatformError::AuthRevoked(_)))
        ),
        "{outcome:?}"
    );
    let mut states = Vec::new();
    while let Ok(event) = events.try_recv() {
        if let SyncEvent::Connection(state) = event {
            states.push(state);
        }
    }
    assert_eq!(states.len(), 2, "{states:?}");
    assert_eq!(states[0], ConnectionState::Connecting);
    assert!(matches!(&states[1], ConnectionState::SignedOut { reason } if !reason.is_empty()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sandbox_restart_mid_sync_resumes_with_no_gap() {
    let mut sandbox = Sandbox::start();
    let (parent, teacher, chat_id) = dialog_between_parent_and_teacher(&sandbox).await;
    let (store, _dir) = fresh_store();
    let engine = SyncEngine::new(sandbox.platform_for(&parent), store);
    engine.sync_once().await.unwrap();
    let before = cached(&engine, chat_id).len();

    // While the parent is offline, the teacher writes 300 messages: six pages to catch up.
    for n in 1..=300 {
        let body = json!({ "chatId": chat_id, "text": format!("Домашнее задание, часть {n}") });
        sandbox
            .control(&format!("/people/{}/send", teacher["id"]), Some(body))
            .await;
    }
    sandbox
        .control("/faults/delay", Some(json!({ "ms": 250 })))
        .await;
    let catching_up = engine.clone();
    let sync = tokio::spawn(async move { catching_up.sync_once().await });
    eventually("the catch-up is under way", || {
        cached(&engine, chat_id).len() > before
    })
    .await;
    sandbox.restart(); // Mid-sync: the server goes away and comes back with its data.
    let interrupted = sync.await.unwrap();
    assert!(
        matches!(&interrupted, Err(error) if error.is_retryable()),
        "{interrupted:?}"
    );
    assert!(
        cached(&engine, chat_id).len() < before + 300,
        "the restart came mid-sync"
    );

    engine.sync_once().await.unwrap();
    let server = truth(&sandbox.messages(chat_id).await);
    let cache = cached(&engine, chat_id);
    assert_eq!(
        cache,
        server[server.len() - cache.len()..],
        "message by message, no gap"
    );
    assert!(cache.len() >= before + 300);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_of_announcements_are_fetched_ahead_and_open_offline() {
    let mut sandbox = Sandbox::start();
    let parent = sandbox.person("parent").await;
    let (store, dir) = fresh_store();
    let engine = SyncEngine::new(sandbox.platform_for(&parent), store);
    engine.sync_once().await.unwrap();
    let stored = engine.prefetch_files().await.unwrap();
    assert!(stored >= 1, "at least the school's timetable file");
    assert_eq!(
        engine.prefetch_files().await.unwrap(),
        0,
        "nothing is fetched twice"
    );
    drop(engine);
    sandbox.stop();

    let mut offline =
        parta_core::Store::open(dir.path(), &parta_core::CacheKey::from_bytes([7; 32])).unwrap();
    let posts = offline.channel_posts(None, 100).unwrap();
    let (post, attachment) = posts
        .iter()
        .flat_map(|view| view.message.attachments.iter().map(move |a| (&view.message, a)))
        .find(|(_, a)| matches!(&a.kind, parta_core::model::AttachmentKind::File { name, .. } if name == "Расписание звонков.txt"))
        .expect("the announcement with the timetable");
    let key = parta_core::sync::remote_key(post, attachment).unwrap();
    let file = offline.cached_file(&key).unwrap().expect("on disk");
    let text = std::fs::read_to_string(&file.path).unwrap();
    assert!(text.starts_with("1 урок 08:00–08:40"), "{text}");
    assert!(
        !file.path.to_string_lossy().contains("Расписание"),
        "the server's name is not a path"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_account_with_more_chats_than_login_carries_gets_every_chat() {
    let me = 7_000_001;
    let chats: Vec<Value> = (0..45)
        .map(|n| {
            json!({
                "id": -(800_000 + n), "type": "CHAT", "title": format!("Кружок {n}"),
                "owner": me, "admins": [me], "members": [me],
                "messages": [{"from": me, "daysAgo": 2, "at": "10:00", "text": format!("Занятие кружка {n}")}],
            })
        })
        .collect();
    let seed = json!({
        "school": {"name": "Дом творчества", "classes": []},
        "people": [{"id": me, "role": "teacher", "firstName": "Вера", "lastName": "Лосева",
                    "phone": "+79000000009", "token": "many-chats", "deviceId": "c0000000-0000-4000-8000-000000000001"}],
        "chats": chats,
    });
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), seed.to_string()).unwrap();
    let sandbox = Sandbox::start_with(Some(file.path().to_path_buf()));
    let teacher = sandbox.person("teacher").await;
    let (store, _dir) = fresh_store();
    let engine = SyncEngine::new(sandbox.platform_for(&teacher), store);
    let report = engine.sync_once().await.unwrap();
    assert_eq!(report.chats, 45);
    assert_eq!(engine.store().chat_list().unwrap().len(), 45);
    for n in 0..45 {
        let texts: Vec<String> = cached(&engine, -(800_000 + n))
            .into_iter()
            .map(|(_, t)| t)
            .collect();
        assert_eq!(texts, [format!("Занятие кружка {n}")]);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scrolling_back_loads_older_history_without_a_gap() {
    let sandbox = Sandbox::start();
    let (parent, teacher, chat_id) = dialog_between_parent_and_teacher(&sandbox).await;
    for n in 1..=120 {
        let body = json!({ "chatId": chat_id, "text": format!("Запись журнала {n}") });
        sandbox
            .control(&format!("/people/{}/send", teacher["id"]), Some(body))
            .await;
    }
    let (store, _dir) = fresh_store();
    let engine = SyncEngine::new(sandbox.platform_for(&parent), store);
    engine.sync_once().await.unwrap();
    assert_eq!(
        cached(&engine, chat_id).len(),
        50,
        "the first sync takes the newest page"
    );
    let mut added = Vec::new();
    loop {
        let more = engine.load_older(ChatId(chat_id)).await.unwrap();
        if more == 0 {
            break;
        }
        added.push(more);
    }
    assert!(added.len() >= 2, "{added:?}");
    assert_eq!(
        cached(&engine, chat_id),
        truth(&sandbox.messages(chat_id).await),
        "all of it, in order"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edits_deletions_and_read_marks_go_through_the_outbox_and_a_failure_can_be_retried() {
    let sandbox = Sandbox::start();
    let (_parent, teacher, chat_id) = dialog_between_parent_and_teacher(&sandbox).await;
    let (store, _dir) = fresh_store();
    let engine = SyncEngine::new(sandbox.platform_for(&teacher), store);
    engine.sync_once().await.unwrap();
    let outbox = Outbox::new(engine.clone());
    let chat = ChatId(chat_id);

    let first = outbox.send_text(chat, "Контрольная в среду", None).unwrap();
    let second = outbox.send_text(chat, "Лишнее сообщение", None).unwrap();
    outbox.flush().await.unwrap();
    let id_of = |client_id| {
        engine
            .store()
            .outbox_entry(client_id)
            .unwrap()
            .unwrap()
            .server_message_id
            .unwrap()
    };
    let (first_id, second_id) = (id_of(first), id_of(second));
    outbox
        .edit(chat, first_id, "Контрольная в четверг")
        .unwrap();
    outbox.delete(chat, &[second_id]).unwrap();
    outbox.mark_read(chat, first_id).unwrap();
    let report = outbox.flush().await.unwrap();
    assert_eq!((report.sent, report.failed), (3, 0));
    let server = sandbox.messages(chat_id).await;
    let texts: Vec<&str> = server.iter().filter_map(|m| m["text"].as_str()).collect();
    assert!(texts.contains(&"Контрольная в четверг"));
    assert!(!texts.contains(&"Контрольная в среду"));
    assert!(
        !texts.contains(&"Лишнее сообщение"),
        "deleted on the server"
    );

    // A chat the teacher is not in: refused, kept as failed with the reason, retried on demand.
    let refused = outbox.send_text(ChatId(-999_999), "Не туда", None).unwrap();
    assert_eq!(outbox.flush().await.unwrap().failed, 1);
    let entry = engine.store().outbox_entry(refused).unwrap().unwrap();
    assert_eq!(entry.state, parta_core::model::OutboxState::Failed);
    assert!(
        entry
            .last_error
            .as_deref()
            .is_some_and(|reason| !reason.is_empty())
    );
    outbox.retry(refused).unwrap();
    assert_eq!(
        engine.store().outbox_entry(refused).unwrap().unwrap().state,
        parta_core::model::OutboxState::Pending
    );
    outbox.flush().await.unwrap();
    assert_eq!(
        engine
            .store()
            .outbox_entry(refused)
            .unwrap()
            .unwrap()
            .attempts,
        2
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rate_limited_catch_up_waits_and_finishes() {
    let sandbox = Sandbox::start();
    let parent = sandbox.person("parent").await;
    sandbox
        .control(
            "/faults/rate-limit",
            Some(json!({ "burst": 4, "perSecond": 4 })),
        )
        .await;
    let (store, _dir) = fresh_store();
    let engine = SyncEngine::new(sandbox.platform_for(&parent), store);
    let report = engine.sync_once().await.unwrap();
    assert_eq!(report.chats, sandbox.chats_of(&parent).await.len());
    for chat in sandbox.chats_of(&parent).await {
        let id = chat["id"].as_i64().unwrap();
        assert!(
            !cached(&engine, id).is_empty() || sandbox.messages(id).await.is_empty(),
            "chat {id}"
        );
    }
}
