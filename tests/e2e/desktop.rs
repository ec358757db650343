//! Парта on the desktop, end to end: one instance per data folder (a second launch shows the
//! first window and leaves), starting with the session from Settings (the XDG autostart entry
//! appears and goes), the window's size and place after a restart, and the tray icon's unread
//! count as a panel reads it over D-Bus (a StatusNotifierWatcher on the world's bus), in the
//! language chosen in the window.

// Helpers here are test code too: a harness error fails the test with its message.
#![allow(clippy::unwrap_used)]

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{CLASS_PARENTS_CHAT, PARENT_TOKEN, TEACHER_ID};
use parta_e2e::{App, PATIENCE, Sandbox, TrayItem, TrayWatcher, World, app_binary};

/// Runs `xdotool` on the world's display and answers what it printed.
fn xdotool(world: &World, args: &[&str]) -> (bool, String) {
    let mut command = Command::new("xdotool");
    command.args(args);
    world.apply(&mut command);
    let output = command.output().expect("xdotool (apt-get install xdotool)");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).trim().to_owned(),
    )
}

/// The X window of Парта's main window, as the desktop sees it (visible ones only, when asked).
fn parta_window(world: &World, only_visible: bool) -> Option<String> {
    let mut args = vec!["search"];
    if only_visible {
        args.push("--onlyvisible");
    }
    args.extend(["--name", "^Парта$"]);
    let (_, out) = xdotool(world, &args);
    out.lines().last().map(str::to_owned)
}

/// Waits until `check` holds (a hang guard, not a timing).
fn wait(what: &str, mut check: impl FnMut() -> Result<(), String>) {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let last = match check() {
            Ok(()) => return,
            Err(last) => last,
        };
        assert!(Instant::now() < deadline, "waited for {what}; last: {last}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_second_launch_shows_the_first_window_and_leaves() {
    let app = App::launch("a_second_launch_shows_the_first_window_and_leaves").unwrap();
    let world = app.world();
    let window = parta_window(world, true).expect("the window on screen");
    // The person put the window away.
    assert!(xdotool(world, &["windowunmap", "--sync", &window]).0);
    assert_eq!(parta_window(world, true), None, "the window hidden");

    let mut second = Command::new(app_binary().unwrap());
    second
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    world.apply(&mut second);
    let mut second = second.spawn().unwrap();
    let deadline = Instant::now() + PATIENCE;
    let status = loop {
        if let Some(status) = second.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = second.kill();
            panic!("the second launch is still running");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(status.success(), "the second launch exited with {status}");

    // The first window is back on screen, focused, and still the live app.
    wait("the first window shown again", || {
        match parta_window(world, true) {
            Some(shown) if shown == window => Ok(()),
            other => Err(format!("{other:?}")),
        }
    });
    app.wait_until("the first window focused", |app| {
        let focused = app.js("return document.hasFocus()")?;
        Ok(if focused == serde_json::Value::Bool(true) {
            Ok(())
        } else {
            Err(focused.to_string())
        })
    })
    .unwrap();
    app.wait_for_text("#nav-chats", "Чаты").unwrap();
    // Exactly one Парта over this data folder.
    let (_, all) = xdotool(world, &["search", "--name", "^Парта$"]);
    assert_eq!(all.lines().count(), 1, "{all}");
}

#[test]
fn the_autostart_checkbox_writes_and_removes_the_entry() {
    let app = App::launch("the_autostart_checkbox_writes_and_removes_the_entry").unwrap();
    let entry = app
        .world()
        .home
        .path()
        .join("config/autostart/parta.desktop");
    app.click("[data-testid=settings-open]").unwrap();
    let checked = |app: &App| {
        app.js("return document.querySelector('[data-testid=autostart]').checked")
            .unwrap()
            == serde_json::Value::Bool(true)
    };
    app.wait_until("the checkbox ready", |app| {
        Ok(app
            .js("return !document.querySelector('[data-testid=autostart]').disabled")?
            .as_bool()
            .filter(|ready| *ready)
            .ok_or("disabled".to_owned()))
    })
    .unwrap();
    assert!(!checked(&app), "off by default");
    assert!(!entry.exists());

    app.click("[data-testid=autostart]").unwrap();
    wait("the autostart entry", || {
        entry.is_file().then_some(()).ok_or("none".into())
    });
    let text = std::fs::read_to_string(&entry).unwrap();
    let binary = app_binary().unwrap();
    let exec = text
        .lines()
        .find(|line| line.starts_with("Exec="))
        .unwrap_or_default();
    assert!(
        exec.ends_with(&*binary.file_name().unwrap().to_string_lossy()),
        "{text}"
    );
    assert!(text.starts_with("[Desktop Entry]\n"), "{text}");
    assert!(text.contains("\nType=Application\n"), "{text}");
    assert!(text.contains("\nName=Парта\n"), "{text}");
    assert!(checked(&app));

    app.click("[data-testid=autostart]").unwrap();
    wait("the autostart entry removed", || {
        (!entry.exists()).then_some(()).ok_or("still there".into())
    });
    assert!(!checked(&app));
}

#[test]
fn the_window_comes_back_at_the_size_and_place_it_was_left() {
    let app = App::launch("the_window_comes_back_at_the_size_and_place_it_was_left").unwrap();
    let window = parta_window(app.world(), true).unwrap();
    assert!(
        xdotool(
            app.world(),
            &["windowsize", "--sync", &window, "900", "600"]
        )
        .0
    );
    assert!(xdotool(app.world(), &["windowmove", "--sync", &window, "120", "90"]).0);
    wait_for_page_size(&app, "the page at the new size", [900, 600]);
    // Kept once the window settles (the app is then killed with its driver, not closed).
    let saved = app.world().data_dir().join("window.json");
    wait("the window's geometry kept", || {
        let text = std::fs::read_to_string(&saved).unwrap_or_default();
        (text.contains("\"width\": 900") && text.contains("\"x\": 120"))
            .then_some(())
            .ok_or(text)
    });
    let world = app.close();

    let app = App::launch_in("the_window_comes_back_after_a_restart", world).unwrap();
    wait_for_page_size(&app, "the page at the size it was left", [900, 600]);
    let window = parta_window(app.world(), true).unwrap();
    let (_, geometry) = xdotool(app.world(), &["getwindowgeometry", &window]);
    assert!(geometry.contains("Position: 120,90"), "{geometry}");
    assert!(geometry.contains("Geometry: 900x600"), "{geometry}");
}

/// The count in words, as a Russian speaker writes it (the test's own oracle).
fn in_words(count: u64) -> String {
    if count == 0 {
        return "Нет непрочитанных".into();
    }
    let words = match (count % 10, count % 100) {
        (_, 11..=14) => "непрочитанных сообщений",
        (1, _) => "непрочитанное сообщение",
        (2..=4, _) => "непрочитанных сообщения",
        _ => "непрочитанных сообщений",
    };
    format!("{count} {words}")
}

#[test]
fn the_tray_shows_the_unread_count_and_its_menu_opens_the_window() {
    let sandbox = Sandbox::start().unwrap();
    let mut world = World::start_with_keyring().unwrap();
    let watcher = TrayWatcher::start(&world).unwrap();
    let person = world.sign_in(&sandbox, PARENT_TOKEN).unwrap();
    let school_unread = |sandbox: &Sandbox| -> u64 {
        sandbox
            .chats_of(person["id"].as_i64().unwrap())
            .unwrap()
            .iter()
            .map(|chat| chat["newMessages"].as_u64().unwrap_or(0))
            .sum()
    };
    let before = school_unread(&sandbox);
    assert!(before > 0, "the demo parent starts with unread messages");
    let app = App::launch_in(
        "the_tray_shows_the_unread_count_and_its_menu_opens_the_window",
        world,
    )
    .unwrap();
    let item = watcher.wait_for_item().unwrap();
    let shows = |count: u64| {
        wait(&format!("the tray to say {:?}", in_words(count)), || {
            let labels = watcher.menu_labels(&item).map_err(|e| e.to_string())?;
            let label = watcher
                .property(&item, "XAyatanaLabel")
                .map_err(|e| e.to_string())?;
            if labels.first() == Some(&in_words(count))
                && label.contains(&format!("'{count}'"))
                && labels.iter().any(|l| l == "Открыть Парту")
                && labels.iter().any(|l| l == "Выйти")
            {
                Ok(())
            } else {
                Err(format!("menu {labels:?}, label {label}"))
            }
        });
    };
    shows(before);

    // The teacher writes: one more unread, in words.
    sandbox
        .send_as(TEACHER_ID, CLASS_PARENTS_CHAT, "Завтра собрание в 18:00")
        .unwrap();
    shows(before + 1);
    assert_eq!(school_unread(&sandbox), before + 1);

    // Put away, the window comes back from the tray's «Открыть Парту».
    let window = parta_window(app.world(), true).unwrap();
    assert!(xdotool(app.world(), &["windowunmap", "--sync", &window]).0);
    watcher.click_menu(&item, "Открыть Парту").unwrap();
    wait("the window on screen", || {
        parta_window(app.world(), true)
            .map(drop)
            .ok_or("hidden".into())
    });
    app.wait_for_text("#nav-chats", "Чаты").unwrap();
    // «Выйти» ends Парта: its window is gone.
    watcher.click_menu(&item, "Выйти").unwrap();
    wait("Парта gone", || {
        match parta_window(app.world(), false) {
            None => Ok(()),
            Some(window) => Err(format!("window {window} still there")),
        }
    });
}

/// The count in English words (the test's own oracle).
fn in_english(count: u64) -> String {
    match count {
        0 => "No unread messages".into(),
        1 => "1 unread message".into(),
        n => format!("{n} unread messages"),
    }
}

/// Waits until the tray's menu reads `status` first, then offers `open` and `quit`.
fn tray_reads(watcher: &TrayWatcher, item: &TrayItem, status: &str, open: &str, quit: &str) {
    wait(
        &format!("the tray to say {status:?}, {open:?}, {quit:?}"),
        || {
            let labels = watcher.menu_labels(item).map_err(|e| e.to_string())?;
            if labels.first().map(String::as_str) == Some(status)
                && labels.iter().any(|l| l == open)
                && labels.iter().any(|l| l == quit)
            {
                Ok(())
            } else {
                Err(format!("menu {labels:?}"))
            }
        },
    );
}

#[test]
fn the_tray_speaks_the_language_chosen_in_the_window() {
    let sandbox = Sandbox::start().unwrap();
    let mut world = World::start_with_keyring().unwrap();
    let watcher = TrayWatcher::start(&world).unwrap();
    let person = world.sign_in(&sandbox, PARENT_TOKEN).unwrap();
    let count: u64 = sandbox
        .chats_of(person["id"].as_i64().unwrap())
        .unwrap()
        .iter()
        .map(|chat| chat["newMessages"].as_u64().unwrap_or(0))
        .sum();
    assert!(count > 0, "the demo parent starts with unread messages");
    let app = App::launch_in("the_tray_speaks_the_language_chosen_in_the_window", world).unwrap();
    let item = watcher.wait_for_item().unwrap();
    // Russian by default.
    tray_reads(&watcher, &item, &in_words(count), "Открыть Парту", "Выйти");

    // The person switches the window to English: the tray follows at once.
    app.click("[data-testid=settings-open]").unwrap();
    app.click("[data-testid=language] option[value=en]")
        .unwrap();
    app.wait_for_text("#settings-title", "Settings").unwrap();
    tray_reads(&watcher, &item, &in_english(count), "Open Parta", "Quit");

    // A new message is counted in English too.
    sandbox
        .send_as(TEACHER_ID, CLASS_PARENTS_CHAT, "Завтра собрание в 18:00")
        .unwrap();
    tray_reads(
        &watcher,
        &item,
        &in_english(count + 1),
        "Open Parta",
        "Quit",
    );

    // And back to Russian.
    app.click("[data-testid=language] option[value=ru]")
        .unwrap();
    tray_reads(
        &watcher,
        &item,
        &in_words(count + 1),
        "Открыть Парту",
        "Выйти",
    );
    watcher.click_menu(&item, "Выйти").unwrap();
    wait("Парта gone", || {
        match parta_window(app.world(), false) {
            None => Ok(()),
            Some(window) => Err(format!("window {window} still there")),
        }
    });
}

/// Waits until the page inside the window is `size` (width, height) big.
fn wait_for_page_size(app: &App, what: &str, size: [u32; 2]) {
    app.wait_until(what, |app| {
        let shown = app.js("return [window.innerWidth, window.innerHeight]")?;
        Ok(if shown == serde_json::json!(size) {
            Ok(())
        } else {
            Err(shown.to_string())
        })
    })
    .unwrap();
}
