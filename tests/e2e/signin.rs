//! Signing in inside the window, the way a parent does it: the app shows a QR code, the phone
//! confirms it (here the sandbox's control API plays the phone), the chats appear. A second
//! account with a cloud password joins through «Добавить аккаунт»; the switcher moves between
//! them; signing out removes that account's folder and keyring entries and opens the other one,
//! and signing out of the last brings the sign-in screen back.

mod common;

use std::process::{Command, Stdio};

use common::PARENT_TOKEN;
use parta_e2e::{App, Sandbox, World, id_of};
use serde_json::{Value, json};

/// Ирина Козлова: her MAX account has a cloud password.
const PASSWORD_TOKEN: &str = "demo-kozlova";
const PASSWORD: &str = "парта2025";
const QR: &str = "[data-testid=signin] [data-testid=qr-code]";
const ROWS: &str = "[role=listbox][data-testid=chat-list] [role=option][data-chat-id]";
const SWITCHER: &str = "[data-testid=account-switcher]";

fn chats_of(sandbox: &Sandbox, person: &Value) -> Vec<String> {
    let mut ids: Vec<String> = sandbox
        .chats_of(person["id"].as_i64().expect("a person id"))
        .expect("their chats")
        .iter()
        .map(|chat| id_of(&chat["id"]))
        .collect();
    ids.sort();
    ids
}

fn wait_for_chats(app: &App, expected: &[String], whose: &str) {
    app.wait_until(&format!("{whose}'s chats in the list"), |app| {
        let mut ids = app.all_attributes(ROWS, "data-chat-id")?;
        ids.sort();
        Ok(if ids == expected {
            Ok(())
        } else {
            Err(format!("{ids:?}"))
        })
    })
    .expect("the chat list");
}

/// Waits for a QR code other than `previous` and returns the link it encodes.
fn wait_for_code(app: &App, previous: Option<&str>) -> String {
    app.wait_until("a QR code on screen", |app| {
        let links = app.all_attributes(QR, "data-link")?;
        Ok(match links.first() {
            Some(link) if !link.is_empty() && Some(link.as_str()) != previous => Ok(link.clone()),
            other => Err(format!("{other:?}")),
        })
    })
    .expect("a QR code")
}

/// The phone confirms the code: the sandbox approves `link` for `person`.
fn approve(sandbox: &Sandbox, link: &str, person: &Value) {
    sandbox
        .post(
            "/qr/approve",
            json!({ "qrLink": link, "personId": person["id"] }),
        )
        .expect("the sandbox approves the code");
}

/// Whether the world's keyring holds `account`'s secret of `kind` (as `secret-tool` sees it).
fn in_keyring(world: &World, account: &str, kind: &str) -> bool {
    let mut lookup = Command::new("secret-tool");
    lookup
        .args(["lookup", "service", "ru.parta.desktop", "username"])
        .arg(format!("{account}:{kind}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    world.apply(&mut lookup);
    lookup.status().expect("secret-tool runs").success()
}

fn switcher_names(app: &App) -> Vec<String> {
    let mut names = app
        .texts(&format!("{SWITCHER} [data-account-id]"))
        .expect("the switcher's accounts");
    names.sort();
    names
}

/// Clicks `css` once it is scrolled into view (Settings is taller than the window).
fn click_in_view(app: &App, css: &str) {
    app.wait_for(css).expect("the element");
    app.execute(
        "document.querySelector(arguments[0]).scrollIntoView({block: 'center'})",
        vec![json!(css)],
    )
    .expect("scrolled into view");
    app.click(css).expect("clicked");
}

fn sign_out_current(app: &App) {
    app.click("[data-testid=settings-open]")
        .expect("Settings open");
    click_in_view(app, "[data-testid=sign-out]");
    app.wait_for("[data-testid=sign-out-question]")
        .expect("the question naming the account");
    click_in_view(app, "[data-testid=sign-out-confirm]");
    app.wait_gone("[data-testid=sign-out-question]")
        .expect("signed out");
    click_in_view(
        app,
        "[data-testid=settings-dialog] form[method=dialog] button[type=submit]",
    );
}

#[test]
fn signing_in_by_qr_code_with_two_accounts_and_signing_out() {
    let sandbox = Sandbox::start().unwrap();
    let parent = sandbox.person_with_token(PARENT_TOKEN).unwrap();
    let second = sandbox.person_with_token(PASSWORD_TOKEN).unwrap();
    let parent_account = format!("max-{}", parent["id"]);
    let second_account = format!("max-{}", second["id"]);
    let mut world = World::start_with_keyring().unwrap();
    world.use_server(sandbox.max_ws());
    let app = App::launch_in(
        "signing_in_by_qr_code_with_two_accounts_and_signing_out",
        world,
    )
    .unwrap();

    // No account: the window shows a code to scan, its link and how long it lasts.
    app.wait_for_attribute("[data-testid=connection-status]", "data-state", "noAccount")
        .unwrap();
    let link = wait_for_code(&app, None);
    assert!(link.starts_with("https://max.ru/:auth/"), "{link}");
    assert_eq!(app.text("[data-testid=qr-link]").unwrap(), link);
    let countdown = app.text("[data-testid=qr-countdown]").unwrap();
    assert!(countdown.starts_with("Код действует ещё "), "{countdown}");
    app.save_screenshot("signin-qr").unwrap();

    // The phone confirms: the parent's chats appear, and the account is kept like `parta login`.
    approve(&sandbox, &link, &parent);
    wait_for_chats(&app, &chats_of(&sandbox, &parent), "the parent");
    app.wait_for_attribute("[data-testid=connection-status]", "data-state", "online")
        .unwrap();
    let data = app.world().data_dir();
    let list = std::fs::read_to_string(data.join("accounts.json")).unwrap();
    assert!(list.contains(&parent_account), "{list}");
    assert!(!list.contains(PARENT_TOKEN), "no token in accounts.json");
    assert!(data.join("accounts").join(&parent_account).is_dir());
    assert!(in_keyring(app.world(), &parent_account, "token"));
    assert!(in_keyring(app.world(), &parent_account, "device-id"));

    // A second account, with a cloud password: one wrong try is refused, the right one signs in.
    app.click("[data-testid=account-add]").unwrap();
    let second_link = wait_for_code(&app, Some(&link));
    approve(&sandbox, &second_link, &second);
    app.wait_for("input[type=password][data-testid=signin-password]")
        .unwrap();
    app.wait_for_text(
        "[data-testid=signin-password-hint]",
        "Подсказка: название приложения и год",
    )
    .unwrap();
    app.type_into("[data-testid=signin-password]", "неверный")
        .unwrap();
    app.click("[data-testid=signin-password-submit]").unwrap();
    app.wait_for_text(
        "[data-testid=signin-error]",
        "Пароль не подошёл. Проверьте раскладку и регистр и попробуйте ещё раз.",
    )
    .unwrap();
    app.type_into("[data-testid=signin-password]", PASSWORD)
        .unwrap();
    app.click("[data-testid=signin-password-submit]").unwrap();
    wait_for_chats(&app, &chats_of(&sandbox, &second), "the second parent");
    assert_eq!(switcher_names(&app), ["Анна Морозова", "Ирина Козлова"]);

    // The switcher moves between them.
    app.click(&format!(
        "{SWITCHER} [data-account-id=\"{parent_account}\"]"
    ))
    .unwrap();
    wait_for_chats(&app, &chats_of(&sandbox, &parent), "the parent");
    app.save_screenshot("signin-two-accounts").unwrap();

    // Signing the parent out removes her folder and keyring entries; the other account opens.
    sign_out_current(&app);
    wait_for_chats(&app, &chats_of(&sandbox, &second), "the second parent");
    assert_eq!(switcher_names(&app), ["Ирина Козлова"]);
    assert!(!data.join("accounts").join(&parent_account).exists());
    for kind in ["token", "device-id", "cache-key"] {
        assert!(
            !in_keyring(app.world(), &parent_account, kind),
            "{parent_account}:{kind} left in the keyring"
        );
    }
    assert!(in_keyring(app.world(), &second_account, "token"));
    let list = std::fs::read_to_string(data.join("accounts.json")).unwrap();
    assert!(!list.contains(&parent_account), "{list}");

    // Signing out of the last account brings the sign-in screen back.
    sign_out_current(&app);
    app.wait_for_attribute("[data-testid=connection-status]", "data-state", "noAccount")
        .unwrap();
    wait_for_code(&app, Some(&second_link));
    assert!(!data.join("accounts").join(&second_account).exists());
    assert!(!in_keyring(app.world(), &second_account, "token"));
}
