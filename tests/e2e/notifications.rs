//! Notifications, end to end, on a real D-Bus session with a real notification daemon (dunst,
//! drawing on the world's Xvfb): a teacher's message sent through the sandbox's control API
//! makes exactly one pop-up with the chat as its title and the sender and text as its body;
//! clicking it (dunst invokes the `default` action over D-Bus) brings Чаты up at that chat; in
//! quiet hours nothing pops up while the chat's unread count still rises.

// Helpers here are test code too: a harness error fails the test with its message.
#![allow(clippy::unwrap_used)]

mod common;

use std::process::Command;
use std::time::Duration;

use common::{CLASS_PARENTS_CHAT, PARENT_TOKEN, TEACHER_ID, chat_row, conversation};
use parta_e2e::{App, NotificationDaemon, Notified, Sandbox, World};
use serde_json::{Value, json};

/// The pop-ups Парта asked for.
fn from_parta(daemon: &NotificationDaemon) -> Vec<Notified> {
    daemon
        .notified()
        .unwrap()
        .into_iter()
        .filter(|call| call.app_name == "Парта")
        .collect()
}

/// A signed-in world with dunst on its bus, and the parent's account folder.
fn world_with_daemon(sandbox: &Sandbox) -> (World, NotificationDaemon, std::path::PathBuf) {
    let mut world = World::start_with_keyring().unwrap();
    let daemon = NotificationDaemon::start(&world).unwrap();
    let person = world.sign_in(sandbox, PARENT_TOKEN).unwrap();
    let account_dir = world
        .data_dir()
        .join("accounts")
        .join(format!("max-{}", person["id"].as_i64().unwrap()));
    (world, daemon, account_dir)
}

fn wait_settled(app: &App) {
    app.wait_for_attribute("[data-testid=connection-status]", "data-state", "online")
        .unwrap();
    app.wait_gone("[data-testid=sync-progress]").unwrap();
}

fn unread_of(app: &App, chat_id: i64) -> u64 {
    app.all_texts(&format!("{} .unread-badge", chat_row(chat_id)))
        .unwrap()
        .first()
        .and_then(|text| text.trim().trim_end_matches('+').parse().ok())
        .unwrap_or(0)
}

fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[test]
fn a_teachers_message_pops_up_once_and_clicking_it_opens_the_chat() {
    let sandbox = Sandbox::start().unwrap();
    let (world, daemon, _) = world_with_daemon(&sandbox);
    let name = "a_teachers_message_pops_up_once_and_clicking_it_opens_the_chat";
    let app = App::launch_in(name, world).unwrap();
    wait_settled(&app);
    // Reading elsewhere: the announcements, with no chat open.
    app.click_for(
        "#nav-announcements",
        "#nav-announcements[aria-current=page]",
    )
    .unwrap();
    let before = from_parta(&daemon);
    assert!(
        before.is_empty(),
        "pop-ups before any new message: {before:?}"
    );

    let text = "Завтра контрольная <по математике> & физике";
    sandbox
        .send_as(TEACHER_ID, CLASS_PARENTS_CHAT, text)
        .unwrap();
    app.wait_until("one pop-up from Парта", |_| {
        let calls = from_parta(&daemon);
        Ok(if calls.is_empty() {
            Err("none yet".to_string())
        } else {
            Ok(())
        })
    })
    .unwrap();
    // Nothing more follows (no second pop-up for the same message).
    std::thread::sleep(Duration::from_secs(2));
    let calls = from_parta(&daemon);
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert_eq!(daemon.on_screen().unwrap(), 1);

    let chat = sandbox
        .get(&format!("/chats/{CLASS_PARENTS_CHAT}"))
        .unwrap();
    let teacher = sandbox.get(&format!("/people/{TEACHER_ID}")).unwrap();
    let popup = &calls[0];
    assert_eq!(popup.summary, chat["title"].as_str().unwrap(), "{popup:?}");
    assert_eq!(
        popup.body,
        format!("{}: {}", teacher["name"].as_str().unwrap(), escaped(text)),
        "dunst reads markup, so the text is escaped"
    );
    assert_eq!(popup.replaces_id, 0);
    // dunst supports actions: open, «Прочитано», «Ответить».
    assert_eq!(
        popup.actions,
        [
            "default",
            "Открыть",
            "read",
            "Прочитано",
            "reply",
            "Ответить"
        ]
    );

    // Clicking it (dunst emits ActionInvoked with `default`) opens Чаты at that chat.
    daemon.click_first().unwrap();
    app.wait_for_attribute("#nav-chats", "aria-current", "page")
        .unwrap();
    app.wait_for(&conversation(CLASS_PARENTS_CHAT)).unwrap();
    app.wait_for_attribute(&chat_row(CLASS_PARENTS_CHAT), "aria-selected", "true")
        .unwrap();
    app.wait_until("the pop-up gone", |_| {
        let on_screen = daemon.on_screen()?;
        Ok(if on_screen == 0 {
            Ok(())
        } else {
            Err(format!("{on_screen} on screen"))
        })
    })
    .unwrap();
    app.save_screenshot("opened-from-notification").unwrap();
}

/// Local minutes since midnight in the app's world (the same clock and zone as the app).
fn local_minute() -> u16 {
    let output = Command::new("date").arg("+%H %M").output().unwrap();
    let text = String::from_utf8_lossy(&output.stdout).to_string();
    let mut parts = text.split_whitespace().map(|n| n.parse::<u16>().unwrap());
    parts.next().unwrap() * 60 + parts.next().unwrap()
}

#[test]
fn quiet_hours_show_nothing_but_the_unread_count_rises() {
    let sandbox = Sandbox::start().unwrap();
    let (world, daemon, account_dir) = world_with_daemon(&sandbox);
    // Quiet from an hour ago to an hour from now, as the person would set them in Settings.
    let now = local_minute();
    let prefs = json!({
        "notifications": {
            "enabled": true,
            "privacy_mode": false,
            "quiet_hours": {"from": (now + 1440 - 60) % 1440, "to": (now + 60) % 1440, "weekends": false},
            "exceptions": [],
        }
    });
    std::fs::create_dir_all(&account_dir).unwrap();
    std::fs::write(account_dir.join("parta-app.json"), prefs.to_string()).unwrap();

    let name = "quiet_hours_show_nothing_but_the_unread_count_rises";
    let app = App::launch_in(name, world).unwrap();
    wait_settled(&app);
    // Settings show the quiet hours that are on.
    app.click("[data-testid=settings-open]").unwrap();
    app.wait_until("quiet hours on in Settings", |app| {
        let checked =
            app.js("return document.querySelector('[data-testid=notify-quiet]')?.checked ?? null")?;
        Ok(if checked == Value::Bool(true) {
            Ok(())
        } else {
            Err(format!("{checked}"))
        })
    })
    .unwrap();
    app.js("document.querySelector('[data-testid=settings-dialog]').close()")
        .unwrap();

    let unread_before = unread_of(&app, CLASS_PARENTS_CHAT);
    sandbox
        .send_as(TEACHER_ID, CLASS_PARENTS_CHAT, "Собрание в пятницу в 19:00")
        .unwrap();
    app.wait_until("the unread count rises", |app| {
        let unread = unread_of(app, CLASS_PARENTS_CHAT);
        Ok(if unread > unread_before {
            Ok(())
        } else {
            Err(format!("{unread} (was {unread_before})"))
        })
    })
    .unwrap();
    std::thread::sleep(Duration::from_secs(2));
    let calls = from_parta(&daemon);
    assert!(calls.is_empty(), "quiet hours, yet: {calls:?}");
    assert_eq!(daemon.on_screen().unwrap(), 0);
}

#[test]
fn a_chat_muted_in_max_stays_quiet_and_shows_muted() {
    let sandbox = Sandbox::start().unwrap();
    let (world, daemon, _) = world_with_daemon(&sandbox);
    let person = sandbox.person_with_token(PARENT_TOKEN).unwrap();
    let parent = person["id"].as_i64().unwrap();
    let name = "a_chat_muted_in_max_stays_quiet_and_shows_muted";
    let app = App::launch_in(name, world).unwrap();
    wait_settled(&app);
    app.click_for(
        "#nav-announcements",
        "#nav-announcements[aria-current=page]",
    )
    .unwrap();

    // The parent mutes the class chat on their phone: MAX pushes NOTIF_CONFIG (134).
    sandbox
        .post(
            &format!("/people/{parent}/mute"),
            json!({"chatId": CLASS_PARENTS_CHAT, "dontDisturbUntil": -1}),
        )
        .unwrap();
    app.click_for("#nav-chats", "#nav-chats[aria-current=page]")
        .unwrap();
    let muted_badge = format!("{} .unread-badge.muted", chat_row(CLASS_PARENTS_CHAT));
    let unread_before = unread_of(&app, CLASS_PARENTS_CHAT);
    sandbox
        .send_as(
            TEACHER_ID,
            CLASS_PARENTS_CHAT,
            "Напоминаю про сменную обувь",
        )
        .unwrap();
    app.wait_until("the unread count rises, shown as muted", |app| {
        let unread = unread_of(app, CLASS_PARENTS_CHAT);
        let muted = app.count(&muted_badge)?;
        Ok(if unread > unread_before && muted == 1 {
            Ok(())
        } else {
            Err(format!(
                "{unread} (was {unread_before}), muted badge {muted}"
            ))
        })
    })
    .unwrap();
    std::thread::sleep(Duration::from_secs(2));
    let calls = from_parta(&daemon);
    assert!(calls.is_empty(), "muted, yet: {calls:?}");
}
