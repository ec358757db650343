//! `parta diary login|sync|logout` against the sandbox's e-journal over loopback, with a real
//! keyring; then `parta diary` reads the week offline.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Desktop, KeyringState, Sandbox};
use parta_core::diary::DiaryWeek;
use serde_json::json;

const ALICE: &str = "D1A70000-0000-4000-8000-000051000105";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_parent_signs_in_to_the_journal_syncs_and_reads_the_week_offline() {
    let sandbox = Sandbox::start().await;
    let desktop = Desktop::start(KeyringState::Unlocked);
    let anna = sandbox.person("Анна Морозова").await;
    let (token, device) = (
        anna["token"].as_str().unwrap(),
        anna["deviceId"].as_str().unwrap(),
    );
    desktop.login_with_token(&sandbox, token, device).await.ok();

    let session = sandbox
        .post("/diary/sessions", json!({"personId": 51000301}))
        .await;
    let cookie = session["value"].as_str().unwrap().to_owned();
    let journal = sandbox.app.urls.diary.clone();
    let login = desktop
        .parta(
            &["diary", "login", "--journal", &journal, "--cookie", "-"],
            &cookie,
        )
        .await
        .ok();
    assert!(
        login.stdout.contains("Морозова Алиса") && login.stdout.contains("Морозов Иван"),
        "{login:?}"
    );
    assert!(
        desktop.keyring_dump().contains(&cookie),
        "the cookie is in the keyring"
    );
    assert!(
        common::files_containing(&desktop.data(), &cookie).is_empty(),
        "the cookie is nowhere in the data folder"
    );

    let sync = desktop.parta(&["diary", "sync"], "").await.ok();
    assert!(
        sync.stdout
            .contains("Дневник загружен: 2 ребёнка, 6 недель"),
        "{sync:?}"
    );

    // A mark the teacher adds today is news on the next sync, once.
    let today = chrono::Utc::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    let week = desktop
        .parta(&["--json", "diary", "--child", "Алиса"], "")
        .await
        .ok();
    let weeks: Vec<DiaryWeek> = serde_json::from_str(&week.stdout).unwrap();
    assert_eq!(weeks.len(), 1);
    assert_eq!(weeks[0].child_guid, ALICE);
    if let Some(lesson) = weeks[0].lessons.iter().find(|lesson| lesson.date == today) {
        sandbox
            .post(
                "/diary/marks",
                json!({"guid": ALICE, "date": today, "subject": lesson.subject,
                       "value": "5", "weight": null}),
            )
            .await;
        let again = desktop.parta(&["diary", "sync"], "").await.ok();
        assert!(again.stdout.contains("Новая оценка: 5 по "), "{again:?}");
        let third = desktop.parta(&["diary", "sync"], "").await.ok();
        assert!(third.stdout.contains("Нового нет."), "{third:?}");
    }

    // Offline: the sandbox is gone, the week is still there.
    drop(sandbox);
    let offline = desktop.parta(&["diary", "--child", "алиса"], "").await.ok();
    assert!(
        offline.stdout.starts_with("Морозова Алиса") && offline.stdout.contains(" — неделя "),
        "{offline:?}"
    );
    assert!(
        offline.stdout.contains("Понедельник") || offline.stdout.contains("Каникулы"),
        "{offline:?}"
    );

    let logout = desktop.parta(&["diary", "logout"], "").await.ok();
    assert!(logout.stdout.contains("Вы вышли из электронного дневника"));
    assert!(!desktop.keyring_dump().contains(&cookie));
    let after = desktop.parta(&["diary"], "").await;
    assert!(!after.success && after.stderr.contains("Вы не вошли в электронный дневник"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_session_is_reported_and_never_retried() {
    let sandbox = Sandbox::start().await;
    let desktop = Desktop::start(KeyringState::Unlocked);
    let anna = sandbox.person("Анна Морозова").await;
    desktop
        .login_with_token(
            &sandbox,
            anna["token"].as_str().unwrap(),
            anna["deviceId"].as_str().unwrap(),
        )
        .await
        .ok();
    let journal = sandbox.app.urls.diary.clone();
    let refused = desktop
        .parta(
            &[
                "diary",
                "login",
                "--journal",
                &journal,
                "--cookie",
                "0123456789abcdef",
            ],
            "",
        )
        .await;
    assert!(
        !refused.success
            && refused
                .stderr
                .contains("Сессия электронного дневника закончилась"),
        "{refused:?}"
    );
    let session = sandbox
        .post("/diary/sessions", json!({"personId": 51000301}))
        .await;
    let cookie = session["value"].as_str().unwrap();
    desktop
        .parta(
            &["diary", "login", "--journal", &journal, "--cookie", cookie],
            "",
        )
        .await
        .ok();
    desktop.parta(&["diary", "sync"], "").await.ok();
    sandbox
        .post("/diary/expire", json!({"personId": 51000301}))
        .await;
    let expired = desktop.parta(&["diary", "sync"], "").await;
    assert!(
        !expired.success
            && expired
                .stderr
                .contains("Сессия электронного дневника закончилась"),
        "{expired:?}"
    );
    let cached = desktop.parta(&["diary"], "").await.ok();
    assert!(
        cached
            .stdout
            .starts_with("Сессия электронного дневника закончилась")
            && cached.stdout.contains("Морозова Алиса"),
        "{cached:?}"
    );
}
