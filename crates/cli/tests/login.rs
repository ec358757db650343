//! Signing in and out with the real `parta` binary, the sandbox over loopback and a real
//! gnome-keyring on a private session bus.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{BufRead, BufReader};
use std::time::Instant;

use common::{Desktop, KeyringState, PATIENCE, Sandbox, files_containing};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn token_lives_only_in_the_keyring_and_logout_removes_everything() {
    let sandbox = Sandbox::start().await;
    let desktop = Desktop::start(KeyringState::Unlocked);
    let teacher = sandbox.person("Марина Иванова").await;
    let (token, device) = (
        teacher["token"].as_str().unwrap(),
        teacher["deviceId"].as_str().unwrap(),
    );
    let account = format!("max-{}", teacher["id"]);

    let run = desktop.login_with_token(&sandbox, token, device).await.ok();
    assert!(
        run.stdout.contains("Вы вошли как Марина Иванова."),
        "{run:?}"
    );

    assert_eq!(
        desktop
            .keyring_lookup(&format!("{account}:token"))
            .as_deref(),
        Some(token)
    );
    assert_eq!(
        desktop
            .keyring_lookup(&format!("{account}:device-id"))
            .as_deref(),
        Some(device)
    );
    let account_dir = desktop.data().join("accounts").join(&account);
    assert!(account_dir.join("cache.sqlite").exists());
    assert_eq!(
        files_containing(&desktop.data(), token),
        Vec::<std::path::PathBuf>::new()
    );
    assert_eq!(
        files_containing(&desktop.data(), device),
        Vec::<std::path::PathBuf>::new()
    );

    // The cache knows who signed in, so the reading commands work.
    let chats = desktop.parta(&["--json", "chats"], "").await.ok();
    assert_eq!(chats.json(), json!([]));

    let run = desktop.parta(&["logout"], "").await.ok();
    assert!(
        run.stdout.contains("Вы вышли из аккаунта Марина Иванова"),
        "{run:?}"
    );
    assert!(
        !run.stdout.contains("недоступен"),
        "the server should have been told: {run:?}"
    );
    let dump = desktop.keyring_dump();
    assert!(
        !dump.contains("ru.parta.desktop") && !dump.contains(token),
        "{dump}"
    );
    assert!(!account_dir.exists());
    // The server ended the session: the token is no longer accepted.
    let again = desktop.login_with_token(&sandbox, token, device).await;
    assert!(!again.success);
    let run = desktop.parta(&["chats"], "").await;
    assert!(
        !run.success && run.stderr.contains("Вы не вошли"),
        "{run:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_token_is_reported_once_in_russian() {
    let sandbox = Sandbox::start().await;
    let desktop = Desktop::start(KeyringState::Unlocked);
    let teacher = sandbox.person("Марина Иванова").await;
    sandbox.fail_logins(5, "login.token").await;

    let run = desktop
        .login_with_token(
            &sandbox,
            teacher["token"].as_str().unwrap(),
            teacher["deviceId"].as_str().unwrap(),
        )
        .await;
    assert!(!run.success && run.code == Some(1), "{run:?}");
    assert!(
        run.stderr
            .contains("Вход не выполнен: токен недействителен или отозван"),
        "{run:?}"
    );
    assert!(!run.stderr.contains("panicked"), "{run:?}");
    assert_eq!(sandbox.logins_left().await, 4, "exactly one LOGIN request");
    assert!(!desktop.keyring_dump().contains("ru.parta.desktop"));
    assert!(!desktop.data().join("accounts.json").exists());

    // The same with --json: a machine-readable error on stderr.
    let run = desktop
        .parta(
            &[
                "--json",
                "--server",
                sandbox.ws(),
                "login",
                "--token",
                "nope",
            ],
            "",
        )
        .await;
    assert!(!run.success);
    let error: serde_json::Value = serde_json::from_str(run.stderr.trim()).unwrap();
    assert_eq!(error["error"], "sign_in_refused");
    assert_eq!(
        sandbox.logins_left().await,
        3,
        "again exactly one LOGIN request"
    );
}

/// Starts `parta login` (QR) with `stdin` as its input, approves the `nth` link it prints
/// (counting from 0) as `person_id` when asked to, and returns the finished run.
async fn qr_login(
    desktop: &Desktop,
    sandbox: &Sandbox,
    approve: Option<(i64, usize)>,
    stdin: &str,
) -> common::Run {
    let mut child = desktop.spawn_parta(&["--server", sandbox.ws(), "login"]);
    {
        use std::io::Write;
        let mut input = child.stdin.take().unwrap();
        input.write_all(stdin.as_bytes()).unwrap();
    }
    let stdout = child.stdout.take().unwrap();
    let (link_tx, mut link_rx) = tokio::sync::mpsc::unbounded_channel();
    let reader = std::thread::spawn(move || {
        let mut lines = Vec::new();
        for line in BufReader::new(stdout).lines() {
            let line = line.unwrap();
            if let Some(at) = line.find("https://max.ru/:auth/") {
                let _ = link_tx.send(line[at..].trim().to_owned());
            }
            lines.push(line);
        }
        lines.join("\n")
    });
    if let Some((person_id, nth)) = approve {
        let mut link = String::new();
        for _ in 0..=nth {
            link = tokio::time::timeout(PATIENCE, link_rx.recv())
                .await
                .expect("parta printed no QR link")
                .expect("parta ended before printing the QR link");
        }
        sandbox
            .post(
                "/qr/approve",
                json!({"qrLink": link, "personId": person_id}),
            )
            .await;
    }
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(started.elapsed() < PATIENCE, "parta login hung");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    common::Run {
        success: status.success(),
        code: status.code(),
        stdout: reader.join().unwrap(),
        stderr,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn qr_code_approved_on_the_phone_signs_in() {
    let sandbox = Sandbox::start().await;
    let desktop = Desktop::start(KeyringState::Unlocked);
    let teacher = sandbox.person("Марина Иванова").await;
    let id = teacher["id"].as_i64().unwrap();

    let run = qr_login(&desktop, &sandbox, Some((id, 0)), "").await;
    assert!(run.success, "{run:#?}");
    assert!(
        run.stdout.contains('▀') || run.stdout.contains('▄'),
        "a QR code is drawn"
    );
    assert!(
        run.stdout.contains("Вы вошли как Марина Иванова."),
        "{run:#?}"
    );
    let token = desktop
        .keyring_lookup(&format!("max-{id}:token"))
        .expect("token stored");
    assert!(
        !token.is_empty() && token != teacher["token"],
        "a fresh token from the QR sign-in"
    );
    assert!(
        desktop
            .keyring_lookup(&format!("max-{id}:device-id"))
            .is_some()
    );
    assert!(files_containing(&desktop.data(), &token).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn qr_sign_in_asks_for_the_cloud_password_once() {
    let sandbox = Sandbox::start().await;
    let desktop = Desktop::start(KeyringState::Unlocked);
    let parent = sandbox.person("Ирина Козлова").await;
    let id = parent["id"].as_i64().unwrap();

    let wrong = qr_login(
        &desktop,
        &sandbox,
        Some((id, 0)),
        "не тот пароль\nпарта2025\n",
    )
    .await;
    assert!(!wrong.success, "{wrong:#?}");
    assert!(wrong.stderr.contains("неверный пароль"), "{wrong:#?}");
    assert!(desktop.keyring_lookup(&format!("max-{id}:token")).is_none());

    let right = qr_login(&desktop, &sandbox, Some((id, 0)), "парта2025\n").await;
    assert!(right.success, "{right:#?}");
    assert!(
        right.stderr.contains("Пароль от аккаунта MAX"),
        "{right:#?}"
    );
    assert!(
        right.stdout.contains("Вы вошли как Ирина Козлова."),
        "{right:#?}"
    );
    assert!(desktop.keyring_lookup(&format!("max-{id}:token")).is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_locked_keyring_is_reported_before_any_sign_in() {
    let sandbox = Sandbox::start().await;
    let desktop = Desktop::start(KeyringState::Locked);
    let teacher = sandbox.person("Марина Иванова").await;
    sandbox.fail_logins(5, "login.token").await;

    let run = desktop
        .parta(
            &[
                "--json",
                "--server",
                sandbox.ws(),
                "login",
                "--token",
                teacher["token"].as_str().unwrap(),
            ],
            "",
        )
        .await;
    assert!(!run.success, "{run:?}");
    let error: serde_json::Value = serde_json::from_str(run.stderr.trim()).unwrap();
    assert_eq!(error["error"], "keyring_locked", "{run:?}");
    assert!(error["message"].as_str().unwrap().contains("заблокирована"));
    assert_eq!(sandbox.logins_left().await, 5, "no LOGIN was sent");
    assert!(!desktop.data().join("accounts.json").exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_keyring_is_reported_not_a_crash() {
    let sandbox = Sandbox::start().await;
    let desktop = Desktop::start(KeyringState::Missing);
    let run = desktop
        .parta(
            &["--server", sandbox.ws(), "login", "--token", "demo-ivanova"],
            "",
        )
        .await;
    assert!(!run.success && run.code == Some(1), "{run:?}");
    assert!(
        run.stderr.starts_with("Ошибка: Связка ключей недоступна"),
        "{run:?}"
    );
    assert!(!run.stderr.contains("panicked"), "{run:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_qr_code_is_replaced_only_when_the_person_asks() {
    let sandbox = Sandbox::start().await;
    let desktop = Desktop::start(KeyringState::Unlocked);
    let id = sandbox.person("Марина Иванова").await["id"]
        .as_i64()
        .unwrap();
    // Each run's first status poll answers that the code expired; LOGIN_BY_QR (291) must never
    // be sent for an expired code.
    let expire_next_code = || async {
        sandbox
            .post(
                "/faults/error",
                json!({"opcode": 289, "count": 1, "error": "qr.expired"}),
            )
            .await;
    };
    sandbox
        .post(
            "/faults/error",
            json!({"opcode": 291, "count": 5, "error": "login.cred"}),
        )
        .await;

    expire_next_code().await;
    let declined = qr_login(&desktop, &sandbox, None, "").await;
    assert!(
        !declined.success && declined.code == Some(1),
        "{declined:#?}"
    );
    assert!(declined.stdout.contains("Показать новый?"), "{declined:#?}");
    assert!(
        declined.stderr.contains("Срок действия QR-кода истёк"),
        "{declined:#?}"
    );
    assert_eq!(declined.stdout.matches("https://max.ru/:auth/").count(), 1);
    let faults = sandbox.get("/faults").await;
    assert_eq!(
        faults["errors"]["291"]["count"], 5,
        "no sign-in with an expired code"
    );

    sandbox.post("/faults/clear", json!({})).await;
    expire_next_code().await;
    let renewed = qr_login(&desktop, &sandbox, Some((id, 1)), "д\n").await;
    assert!(renewed.success, "{renewed:#?}");
    assert_eq!(renewed.stdout.matches("https://max.ru/:auth/").count(), 2);
    assert!(
        renewed.stdout.contains("Вы вошли как Марина Иванова."),
        "{renewed:#?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logout_without_a_server_still_forgets_everything_here() {
    let sandbox = Sandbox::start().await;
    let desktop = Desktop::start(KeyringState::Unlocked);
    let teacher = sandbox.person("Марина Иванова").await;
    desktop
        .parta(
            &[
                "--server",
                sandbox.ws(),
                "login",
                "--token",
                "-",
                "--device-id",
                teacher["deviceId"].as_str().unwrap(),
            ],
            &format!("{}\n", teacher["token"].as_str().unwrap()),
        )
        .await
        .ok();
    let account = format!("max-{}", teacher["id"]);
    let stored = desktop.keyring_lookup(&format!("{account}:token"));
    assert_eq!(
        stored.as_deref(),
        teacher["token"].as_str(),
        "`--token -` reads stdin"
    );

    let run = desktop
        .parta(&["--server", "ws://127.0.0.1:9/websocket", "logout"], "")
        .await
        .ok();
    assert!(run.stdout.contains("Сервер MAX недоступен"), "{run:?}");
    assert!(!desktop.keyring_dump().contains("ru.parta.desktop"));
    assert!(
        !desktop
            .data()
            .join("accounts")
            .join(format!("max-{}", teacher["id"]))
            .exists()
    );
    let again = desktop.parta(&["logout"], "").await.ok();
    assert!(again.stdout.contains("Вы не вошли"), "{again:?}");
}
