//! The shared school PC: the cache on disk is encrypted with a key only the keyring holds, only
//! the OS user may read the account's files, a locked or missing keyring is explained (and the
//! cache left alone), a key that does not open the cache is recovered from, and `parta logout`
//! leaves no file and no keyring entry of the account. The real `parta` binary, the sandbox over
//! loopback and a real gnome-keyring on a private session bus.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use common::{Desktop, KeyringState, Sandbox, files_containing};
use parta_cli::accounts::{self, AccountList, AccountRecord};
use parta_core::CacheKey;
use parta_core::model::{ChatId, Message, MessageId, MessageKind, MessageState, PersonId};

/// Text a class chat will hold; no encrypted page contains it by chance.
const KNOWN_TEXT: &str = "Итоговые оценки 5 «А» за четверть: Петров — 5, Сидорова — 4";

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

fn message(id: i64, text: &str) -> Message {
    Message {
        chat_id: ChatId(100),
        id: MessageId(id),
        sender: Some(PersonId(2)),
        time_ms: 1_741_000_000_000 + id,
        kind: MessageKind::User,
        text: text.into(),
        elements: Vec::new(),
        attachments: Vec::new(),
        link: None,
        state: MessageState::Original,
        reactions: Default::default(),
        client_id: None,
        raw_json: "{}".into(),
    }
}

/// Lists account `max-1` in `desktop`'s data folder and writes its cache with `key` (not
/// stored in the keyring).
fn cache_written_with(desktop: &Desktop, key: &CacheKey) -> PathBuf {
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
    accounts::save(&desktop.data(), &list).unwrap();
    let mut store = desktop.cache_with_key_only("max-1", key);
    store
        .write(|batch| batch.upsert_messages(&[message(1, KNOWN_TEXT)]).map(drop))
        .unwrap();
    store.checkpoint().unwrap();
    accounts::account_dir(&desktop.data(), "max-1")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_synced_cache_is_encrypted_owner_only_and_logout_leaves_nothing() {
    use std::os::unix::fs::PermissionsExt;
    let sandbox = Sandbox::start().await;
    let desktop = Desktop::start(KeyringState::Unlocked);
    let teacher = sandbox.person("Марина Иванова").await;
    let account = format!("max-{}", teacher["id"]);
    let (token, device) = (
        teacher["token"].as_str().unwrap(),
        teacher["deviceId"].as_str().unwrap(),
    );
    desktop.login_with_token(&sandbox, token, device).await.ok();
    desktop.parta(&["sync"], "").await.ok();
    let chats = sandbox
        .get(&format!("/people/{}/chats", teacher["id"]))
        .await;
    let dialog = chats
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["type"] == "DIALOG");
    let chat = dialog.unwrap()["id"].as_i64().unwrap().to_string();
    let sent = desktop.parta(&["send", &chat, KNOWN_TEXT], "").await.ok();
    assert!(sent.stdout.contains("Отправлено."), "{sent:?}");
    desktop.parta(&["sync"], "").await.ok();
    // The text is in the cache: search finds it.
    let found = desktop.parta(&["search", "оценки четверть"], "").await.ok();
    assert!(found.stdout.contains("Петров"), "{found:?}");

    let key = desktop
        .keyring_lookup(&format!("{account}:cache-key"))
        .expect("the cache key is in the keyring");
    assert!(CacheKey::from_hex(&key).is_some(), "64 hex digits");
    let account_dir = accounts::account_dir(&desktop.data(), &account);
    assert!(account_dir.join("cache.sqlite").is_file());
    for needle in [KNOWN_TEXT, "Петров", &key, token, "SQLite format 3"] {
        assert_eq!(
            files_containing(&desktop.data(), needle),
            Vec::<PathBuf>::new(),
            "{needle:?} is on disk in the clear"
        );
    }
    for path in every_path(&desktop.data().join("accounts")) {
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        let expected = if path.is_dir() { 0o700 } else { 0o600 };
        assert_eq!(mode, expected, "{} is {mode:o}", path.display());
    }
    let list = std::fs::metadata(desktop.data().join("accounts.json")).unwrap();
    assert_eq!(list.permissions().mode() & 0o777, 0o600);

    let run = desktop.parta(&["logout"], "").await.ok();
    assert!(run.stdout.contains("Вы вышли"), "{run:?}");
    let dump = desktop.keyring_dump();
    assert!(
        !dump.contains(&account) && !dump.contains(&key) && !dump.contains("ru.parta.desktop"),
        "{dump}"
    );
    assert!(!account_dir.exists());
    assert_eq!(
        every_path(&desktop.data().join("accounts")),
        [desktop.data().join("accounts")],
        "no file of the account remains"
    );
    let left = accounts::load(&desktop.data()).unwrap();
    assert!(left.accounts.is_empty() && left.current.is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_locked_or_missing_keyring_is_explained_and_the_cache_left_alone() {
    for (state, code, words) in [
        (KeyringState::Locked, "keyring_locked", "заблокирована"),
        (KeyringState::Missing, "keyring_unavailable", "недоступна"),
    ] {
        let desktop = Desktop::start(state);
        let dir = cache_written_with(&desktop, &CacheKey::from_bytes([4; 32]));
        let before = std::fs::read(dir.join("cache.sqlite")).unwrap();

        let run = desktop.parta(&["chats"], "").await;
        assert!(!run.success && run.code == Some(1), "{state:?}: {run:?}");
        assert!(run.stderr.starts_with("Ошибка: Связка ключей"), "{run:?}");
        assert!(run.stderr.contains(words), "{run:?}");
        assert!(!run.stderr.contains("panicked"), "{run:?}");
        let json = desktop.parta(&["--json", "search", "оценки"], "").await;
        let error: serde_json::Value = serde_json::from_str(json.stderr.trim()).unwrap();
        assert_eq!(error["error"], code, "{json:?}");

        assert_eq!(std::fs::read(dir.join("cache.sqlite")).unwrap(), before);
        let names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            names.iter().all(|name| !name.contains("broken")),
            "{names:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_that_does_not_open_the_cache_starts_a_fresh_one() {
    let desktop = Desktop::start(KeyringState::Unlocked);
    let dir = cache_written_with(&desktop, &CacheKey::from_bytes([4; 32]));
    desktop.keyring_store("max-1:cache-key", &CacheKey::from_bytes([5; 32]).to_hex());

    let run = desktop.parta(&["search", "оценки"], "").await.ok();
    assert!(run.stderr.contains("создан заново"), "{run:?}");
    assert!(run.stdout.contains("ничего не найдено"), "{run:?}");
    let moved: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.to_string_lossy().contains(".broken-"))
        .collect();
    assert_eq!(moved.len(), 1, "the old cache is kept aside: {moved:?}");
    let again = desktop.parta(&["chats"], "").await.ok();
    assert!(!again.stderr.contains("создан заново"), "{again:?}");
}
