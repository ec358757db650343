//! Sync against the sandbox over loopback, with a real SQLite cache per run:
//! - the first sync of the demo school (a parent) and of a large account (200 chats × 2,000
//!   messages, 5 of them channels), each printed with the requests it made beside the fewest
//!   that could do (one session start, one login, one newest page per chat, and every page of
//!   every channel);
//! - a pushed message applied to the cache (push arrived → committed), beside a plain rusqlite
//!   insert of the same row into the same schema's table, measured in the same run.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use parta_core::Store;
use parta_core::model::{
    ChatId, Message, MessageId, MessageKind, MessageState, PersonId, Reactions,
};
use parta_core::platform::PlatformEvent;
use parta_core::sync::{PAGE, SyncEngine};
use parta_max::MaxPlatform;
use serde_json::{Value, json};

const LARGE_CHATS: i64 = 200;
const LARGE_MESSAGES: i64 = 2_000;
const LARGE_CHANNELS: i64 = 5;

struct Running {
    urls: parta_sandbox::Urls,
    _data: tempfile::TempDir,
}

fn start(runtime: &tokio::runtime::Runtime, seed: Option<std::path::PathBuf>) -> Running {
    let data = tempfile::tempdir().unwrap();
    let config = parta_sandbox::Config {
        listen: "127.0.0.1:0".parse().unwrap(),
        data: data.path().to_path_buf(),
        seed,
    };
    let app = runtime.block_on(parta_sandbox::start(config)).unwrap();
    Running {
        urls: app.urls.clone(),
        _data: data,
    }
}

fn control(runtime: &tokio::runtime::Runtime, running: &Running, path: &str) -> Value {
    let url = format!("{}{path}", running.urls.control);
    runtime.block_on(async { reqwest::get(url).await.unwrap().json().await.unwrap() })
}

/// The fewest requests a first sync of `person` needs.
fn minimum_requests(runtime: &tokio::runtime::Runtime, running: &Running, person: &Value) -> usize {
    let chats = control(runtime, running, &format!("/people/{}/chats", person["id"]));
    let chats = chats.as_array().unwrap();
    let mut requests = 2; // session start and login
    if chats.len() >= 40 {
        requests += chats.len().div_ceil(100); // LOGIN carries 40: the rest is listed
    }
    for chat in chats {
        if chat["type"] == "CHANNEL" {
            let posts = control(runtime, running, &format!("/chats/{}/messages", chat["id"]));
            let n = posts.as_array().unwrap().len();
            requests += n / PAGE as usize + 1;
        } else {
            requests += 1;
        }
    }
    requests
}

fn large_seed() -> tempfile::NamedTempFile {
    let me = 1_000_001;
    let other = 1_000_002;
    let people = json!([
        {"id": me, "role": "teacher", "firstName": "Анна", "lastName": "Крылова", "phone": "+79000000001",
         "token": "bench-teacher", "deviceId": "b0000000-0000-4000-8000-000000000001"},
        {"id": other, "role": "parent", "firstName": "Олег", "lastName": "Сомов", "phone": "+79000000002",
         "token": "bench-parent", "deviceId": "b0000000-0000-4000-8000-000000000002"},
    ]);
    let chats: Vec<Value> = (0..LARGE_CHATS)
        .map(|chat| {
            let messages: Vec<Value> = (0..LARGE_MESSAGES)
                .map(|n| {
                    let minute = n % 600;
                    json!({
                        "from": if n % 3 == 0 { me } else { other },
                        "daysAgo": 40 - n / 600,
                        "at": format!("{:02}:{:02}", 8 + minute / 60, minute % 60),
                        "text": format!("Сообщение {n} в чате {chat}: домашнее задание на четверг"),
                    })
                })
                .collect();
            json!({
                "id": -(500_000 + chat),
                "type": if chat < LARGE_CHANNELS { "CHANNEL" } else { "CHAT" },
                "title": format!("Класс {chat}"),
                "owner": me,
                "admins": [me],
                "members": [me, other],
                "messages": messages,
            })
        })
        .collect();
    let seed = json!({ "school": {"name": "Большая школа", "classes": []}, "people": people, "chats": chats });
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), seed.to_string()).unwrap();
    file
}

fn first_sync(
    c: &mut Criterion,
    runtime: &tokio::runtime::Runtime,
    name: &str,
    running: &Running,
    person: &Value,
) {
    let sync_once = |store: Store| {
        let platform = MaxPlatform::new(
            &running.urls.max_ws,
            person["token"].as_str().unwrap(),
            person["deviceId"].as_str().unwrap(),
        )
        .unwrap();
        let engine = SyncEngine::new(platform, store);
        let report = runtime.block_on(engine.sync_once()).unwrap();
        (report, engine.platform().requests_made())
    };
    let dir = tempfile::tempdir().unwrap();
    let (report, requests) =
        sync_once(Store::open(dir.path(), &parta_core::CacheKey::from_bytes([7; 32])).unwrap());
    let minimum = minimum_requests(runtime, running, person);
    println!(
        "first sync, {name}: {} chats, {} messages written, {requests} requests made (fewest \
         possible: {minimum})",
        report.chats, report.messages,
    );
    let mut group = c.benchmark_group("first sync");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function(name, |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().unwrap();
                (
                    Store::open(dir.path(), &parta_core::CacheKey::from_bytes([7; 32])).unwrap(),
                    dir,
                )
            },
            |(store, dir)| {
                sync_once(store);
                dir
            },
            BatchSize::PerIteration,
        );
    });
    group.finish();
}

fn pushed(chat: i64, id: i64) -> Message {
    Message {
        chat_id: ChatId(chat),
        id: MessageId(id),
        sender: Some(PersonId(51_000_012)),
        time_ms: 1_800_000_000_000 + id,
        kind: MessageKind::User,
        text: "Завтра контрольная по алгебре: повторите параграфы 12–14.".into(),
        elements: Vec::new(),
        attachments: Vec::new(),
        link: None,
        state: MessageState::Original,
        reactions: Reactions::default(),
        client_id: None,
        raw_json: r#"{"text":"Завтра контрольная по алгебре"}"#.into(),
    }
}

fn push_to_cache(
    c: &mut Criterion,
    runtime: &tokio::runtime::Runtime,
    running: &Running,
    person: &Value,
) {
    let dir = tempfile::tempdir().unwrap();
    let platform = MaxPlatform::new(
        &running.urls.max_ws,
        person["token"].as_str().unwrap(),
        person["deviceId"].as_str().unwrap(),
    )
    .unwrap();
    let engine = SyncEngine::new(
        platform,
        Store::open(dir.path(), &parta_core::CacheKey::from_bytes([7; 32])).unwrap(),
    );
    runtime.block_on(engine.sync_once()).unwrap();
    let chat = engine.store().chat_list().unwrap()[0].chat.id.0;
    let mut group = c.benchmark_group("push arrived to cache committed");
    let mut next = 10_000_000;
    group.bench_function("Парта: apply a pushed message", |b| {
        b.iter(|| {
            next += 1;
            engine
                .apply(PlatformEvent::Message(pushed(chat, next)))
                .unwrap();
        });
    });
    // Baseline: the same row inserted by plain rusqlite into a bare copy of the table.
    let raw = rusqlite_baseline();
    let mut next = 10_000_000;
    group.bench_function("baseline: plain rusqlite insert, one transaction", |b| {
        b.iter(|| {
            next += 1;
            let message = pushed(chat, next);
            let tx = raw.unchecked_transaction().unwrap();
            tx.prepare_cached(
                "INSERT INTO messages (key, chat_id, id, sender_id, time_ms, kind, text, state, raw_json)
                 VALUES (?1, ?2, ?3, ?4, ?5, 'USER', ?6, 0, ?7)",
            )
            .unwrap()
            .execute(rusqlite::params![
                message.time_ms << 20,
                message.chat_id.0,
                message.id.0,
                51_000_012,
                message.time_ms,
                message.text,
                message.raw_json
            ])
            .unwrap();
            tx.commit().unwrap();
        });
    });
    group.finish();
}

fn rusqlite_baseline() -> rusqlite::Connection {
    let dir = tempfile::tempdir().unwrap().keep();
    let connection = rusqlite::Connection::open(dir.join("baseline.sqlite")).unwrap();
    connection
        .execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
             CREATE TABLE messages (key INTEGER PRIMARY KEY, chat_id INTEGER NOT NULL, id INTEGER NOT NULL,
                sender_id INTEGER, time_ms INTEGER NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL,
                state INTEGER NOT NULL, raw_json TEXT NOT NULL);
             CREATE UNIQUE INDEX by_chat_and_id ON messages (chat_id, id);",
        )
        .unwrap();
    connection
}

fn benches(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let demo = start(&runtime, None);
    let people = control(&runtime, &demo, "/people");
    let parent = people
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["role"] == "parent")
        .unwrap()
        .clone();
    first_sync(c, &runtime, "demo school, a parent", &demo, &parent);
    push_to_cache(c, &runtime, &demo, &parent);

    let seed = large_seed();
    let large = start(&runtime, Some(seed.path().to_path_buf()));
    let people = control(&runtime, &large, "/people");
    let teacher = people
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["role"] == "teacher")
        .unwrap()
        .clone();
    first_sync(c, &runtime, "200 chats × 2,000 messages", &large, &teacher);
}

criterion_group!(sync, benches);
criterion_main!(sync);
