//! The reading commands work from the cache alone: no network (the keyring gives only the
//! cache's key).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::TimeZone;
use common::{Desktop, KeyringState, Sandbox};
use parta_cli::accounts::{self, AccountList, AccountRecord};
use parta_core::model::{
    Account, Attachment, AttachmentKind, Chat, ChatId, ChatKind, ChatStatus, Message, MessageId,
    MessageKind, MessageState, Person, PersonId, Reactions, ReadMark,
};
use parta_core::{CacheKey, Store};
use serde_json::json;

fn at(month: u32, day: u32, hour: u32, minute: u32) -> i64 {
    chrono::Utc
        .with_ymd_and_hms(2025, month, day, hour, minute, 0)
        .unwrap()
        .timestamp_millis()
}

fn person(id: i64, name: &str) -> Person {
    Person {
        id: PersonId(id),
        name: name.into(),
        avatar_url: None,
        raw_json: "{}".into(),
    }
}

fn chat(id: i64, kind: ChatKind, title: &str, raw: serde_json::Value) -> Chat {
    Chat {
        id: ChatId(id),
        kind,
        status: ChatStatus::Active,
        title: title.into(),
        icon_url: None,
        owner: None,
        pinned_message: None,
        last_event_ms: 0,
        participants_count: None,
        raw_json: raw.to_string(),
    }
}

fn message(chat: i64, id: i64, sender: i64, time_ms: i64, text: &str) -> Message {
    Message {
        chat_id: ChatId(chat),
        id: MessageId(id),
        sender: Some(PersonId(sender)),
        time_ms,
        kind: MessageKind::User,
        text: text.into(),
        elements: Vec::new(),
        attachments: Vec::new(),
        link: None,
        state: MessageState::Original,
        reactions: Reactions::default(),
        client_id: None,
        raw_json: "{}".into(),
    }
}

/// Registers account `max-1` (Анна Морозова) in `desktop`'s data folder with an unreachable
/// server, its cache key in the desktop's keyring.
fn register(desktop: &Desktop) -> Store {
    let data = &desktop.data();
    let record = AccountRecord {
        id: "max-1".into(),
        platform: "max".into(),
        person_id: 1,
        name: "Анна Морозова".into(),
        server: "ws://127.0.0.1:9/websocket".into(),
    };
    let list = AccountList {
        current: Some(record.id.clone()),
        accounts: vec![record],
    };
    accounts::save(data, &list).unwrap();
    desktop.cache_with_key("max-1", &CacheKey::from_bytes([1; 32]))
}

/// A class chat, the school's channel and a dialog, in March 2025.
fn fill(desktop: &Desktop) {
    let mut store = register(desktop);
    let mut homework = message(100, 1003, 2, at(3, 12, 11, 5), "Не забудьте линейки.");
    homework.attachments.push(Attachment {
        kind: AttachmentKind::File {
            file_id: Some(7),
            name: "задания.pdf".into(),
            size: Some(12 * 1024),
        },
        raw_json: "{}".into(),
    });
    store
        .write(|batch| {
            batch.save_account(&Account {
                person_id: PersonId(1),
                platform: "max".into(),
                display_name: "Анна Морозова".into(),
                raw_json: "{}".into(),
            })?;
            batch.upsert_people(&[
                person(1, "Анна Морозова"),
                person(2, "Марина Иванова"),
                person(3, "Ольга Сергеева"),
            ])?;
            batch.upsert_chats(&[
                chat(100, ChatKind::Group, "5 «А» — класс", json!({})),
                chat(200, ChatKind::Channel, "Школа № 7 — объявления", json!({})),
                chat(
                    300,
                    ChatKind::Dialog,
                    "",
                    json!({"participants": {"1": 0, "2": 0}}),
                ),
            ])?;
            batch.upsert_messages(&[
                message(
                    100,
                    1001,
                    2,
                    at(3, 12, 10, 0),
                    "Доброе утро! Завтра контрольная по математике.",
                ),
                message(100, 1002, 1, at(3, 12, 10, 30), "Спасибо, передам."),
                homework,
                message(
                    200,
                    2001,
                    3,
                    at(3, 10, 9, 0),
                    "Родительское собрание в четверг в 18:00.",
                ),
                message(
                    200,
                    2002,
                    3,
                    at(3, 11, 8, 0),
                    "Контрольная работа по математике перенесена на пятницу.",
                ),
                message(
                    300,
                    3001,
                    2,
                    at(2, 1, 15, 0),
                    "Здравствуйте! Зайдите, пожалуйста, после уроков.",
                ),
            ])?;
            batch.set_read_mark(ReadMark {
                chat_id: ChatId(100),
                person: PersonId(1),
                mark_ms: at(3, 12, 10, 30),
            })
        })
        .unwrap();
}

#[tokio::test]
async fn chats_read_announcements_and_search_print_russian_text_offline() {
    // No server: the reading commands need only the cache's key from the keyring.
    let desktop = Desktop::start(KeyringState::Unlocked);
    fill(&desktop);

    let chats = desktop.parta(&["chats"], "").await.ok();
    assert_eq!(
        chats.stdout,
        "5 «А» — класс (группа, id 100) · 1 непрочитанное сообщение\n\
         \x20   12 марта 2025, 11:05 · Марина Иванова: Не забудьте линейки.\n\
         Школа № 7 — объявления (канал, id 200) · 2 непрочитанных сообщения\n\
         \x20   11 марта 2025, 08:00 · Ольга Сергеева: Контрольная работа по математике \
         перенесена на пятницу.\n\
         Марина Иванова (личный чат, id 300) · 1 непрочитанное сообщение\n\
         \x20   1 февраля 2025, 15:00 · Марина Иванова: Здравствуйте! Зайдите, пожалуйста, \
         после уроков.\n"
    );

    let read = desktop.parta(&["read", "класс"], "").await.ok();
    assert_eq!(
        read.stdout,
        "5 «А» — класс\n\n\
         12 марта 2025, 10:00 · Марина Иванова\n  Доброе утро! Завтра контрольная по математике.\n\n\
         12 марта 2025, 10:30 · Вы\n  Спасибо, передам.\n\n\
         12 марта 2025, 11:05 · Марина Иванова\n  Не забудьте линейки.\n  [файл «задания.pdf», 12 КБ]\n"
    );
    let by_id = desktop.parta(&["read", "300"], "").await.ok();
    assert!(by_id.stdout.starts_with("Марина Иванова\n"), "{by_id:?}");
    let by_name = desktop.parta(&["read", "марина"], "").await.ok();
    assert_eq!(by_name.stdout, by_id.stdout);
    let ambiguous = desktop.parta(&["read", "а"], "").await;
    assert!(!ambiguous.success && ambiguous.stderr.contains("подходит несколько чатов"));
    let missing = desktop.parta(&["read", "физкультура"], "").await;
    assert!(!missing.success && missing.stderr.contains("Чат «физкультура» не найден"));

    let posts = desktop.parta(&["announcements"], "").await.ok();
    assert_eq!(
        posts.stdout,
        "Школа № 7 — объявления · 11 марта 2025, 08:00 · Ольга Сергеева\n\
         \x20 Контрольная работа по математике перенесена на пятницу.\n\n\
         Школа № 7 — объявления · 10 марта 2025, 09:00 · Ольга Сергеева\n\
         \x20 Родительское собрание в четверг в 18:00.\n"
    );

    let found = desktop.parta(&["search", "контрольной"], "").await.ok();
    assert_eq!(
        found.stdout,
        "Найдено: 2 сообщения\n\n\
         5 «А» — класс · 12 марта 2025, 10:00 · Марина Иванова\n\
         \x20 Доброе утро! Завтра [контрольная] по математике.\n\n\
         Школа № 7 — объявления · 11 марта 2025, 08:00 · Ольга Сергеева\n\
         \x20 [Контрольная] работа по математике перенесена на пятницу.\n"
    );
    let nothing = desktop.parta(&["search", "каникулы"], "").await.ok();
    assert_eq!(nothing.stdout, "По запросу «каникулы» ничего не найдено.\n");
}

#[tokio::test]
async fn json_output_is_machine_readable() {
    let desktop = Desktop::start(KeyringState::Unlocked);
    fill(&desktop);

    let chats = desktop.parta(&["--json", "chats"], "").await.ok().json();
    let unread: Vec<(i64, u64)> = chats
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["id"].as_i64().unwrap(), c["unread"].as_u64().unwrap()))
        .collect();
    assert_eq!(unread, [(100, 1), (200, 2), (300, 1)]);
    assert_eq!(chats[2]["title"], "Марина Иванова");
    assert_eq!(chats[0]["lastMessage"]["time"], "12 марта 2025, 11:05");

    let read = desktop
        .parta(&["--json", "read", "100", "--limit", "2"], "")
        .await
        .ok()
        .json();
    let ids: Vec<i64> = read["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [1002, 1003]);

    let posts = desktop
        .parta(&["--json", "announcements"], "")
        .await
        .ok()
        .json();
    assert_eq!(posts.as_array().unwrap().len(), 2);
    assert_eq!(posts[0]["channel"], "Школа № 7 — объявления");

    let hits = desktop
        .parta(&["--json", "search", "контрольная"], "")
        .await
        .ok()
        .json();
    let hit = &hits[1];
    let fragment = hit["fragment"].as_str().unwrap();
    let [start, end] = [
        hit["highlights"][0][0].as_u64().unwrap(),
        hit["highlights"][0][1].as_u64().unwrap(),
    ];
    assert_eq!(&fragment[start as usize..end as usize], "Контрольная");
}

#[tokio::test]
async fn reading_commands_without_an_account_ask_to_sign_in() {
    let desktop = Desktop::start(KeyringState::Missing);
    for command in [
        &["chats"][..],
        &["read", "1"],
        &["announcements"],
        &["search", "слово"],
    ] {
        let run = desktop.parta(command, "").await;
        assert!(!run.success && run.code == Some(1), "{command:?}: {run:?}");
        assert_eq!(
            run.stderr,
            "Ошибка: Вы не вошли в MAX. Выполните `parta login`.\n"
        );
    }
}

/// The demo school converted by parta-max from the sandbox's own MAX objects.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_school_reads_offline_after_a_token_login() {
    let sandbox = Sandbox::start().await;
    let desktop = Desktop::start(KeyringState::Unlocked);
    let teacher = sandbox.person("Марина Иванова").await;
    let id = teacher["id"].as_i64().unwrap();
    desktop
        .login_with_token(
            &sandbox,
            teacher["token"].as_str().unwrap(),
            teacher["deviceId"].as_str().unwrap(),
        )
        .await
        .ok();

    let people: Vec<Person> = sandbox
        .get("/people")
        .await
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            parta_max::convert::person(&json!({"id": p["id"], "names": [{"name": p["name"]}]}))
                .unwrap()
        })
        .collect();
    let mut chats = Vec::new();
    let mut messages = Vec::new();
    for raw in sandbox
        .get(&format!("/people/{id}/chats"))
        .await
        .as_array()
        .unwrap()
    {
        let chat = parta_max::convert::chat(raw).unwrap();
        for raw in sandbox
            .get(&format!("/chats/{}/messages", chat.id))
            .await
            .as_array()
            .unwrap()
        {
            messages.push(parta_max::convert::message(chat.id.0, raw).unwrap());
        }
        chats.push(chat);
    }
    // `parta login` made the cache and its key in the keyring: open it with that key.
    let account = format!("max-{id}");
    let key = desktop
        .keyring_lookup(&format!("{account}:cache-key"))
        .and_then(|hex| CacheKey::from_hex(&hex))
        .expect("login stores the cache key");
    let mut store = desktop.cache_with_key_only(&account, &key);
    store
        .write(|batch| {
            batch.upsert_people(&people)?;
            batch.upsert_chats(&chats)?;
            batch.upsert_messages(&messages).map(drop)
        })
        .unwrap();
    drop(store);
    drop(sandbox);

    // The reading commands never dial the server, so a dead address changes nothing.
    let dead = ["--server", "ws://127.0.0.1:9/websocket"];
    let list = desktop
        .parta(&[&dead[..], &["chats"]].concat(), "")
        .await
        .ok();
    assert!(
        list.stdout
            .contains("Школа № 7 — объявления (канал, id -100000001)"),
        "{list:?}"
    );
    assert!(list.stdout.contains("5 «А» — класс (группа"), "{list:?}");
    let posts = desktop
        .parta(&[&dead[..], &["announcements"]].concat(), "")
        .await
        .ok();
    assert!(
        posts.stdout.starts_with("Школа № 7 — объявления · ")
            || posts.stdout.starts_with("5 «А» — новости класса · "),
        "{posts:?}"
    );
    let found = desktop
        .parta(&[&dead[..], &["search", "контрольная"]].concat(), "")
        .await
        .ok();
    assert!(found.stdout.starts_with("Найдено: "), "{found:?}");
    assert!(
        found.stdout.to_lowercase().contains("[контрольн"),
        "{found:?}"
    );
}
