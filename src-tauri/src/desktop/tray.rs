//! The tray icon: the unread count in words, «Открыть Парту» and «Выйти» (in English when the
//! window speaks English).
//!
//! Design: one icon, created at start (a desktop without a tray host only costs a log line).
//! Its text is [`unread_text`] — in the window's language, with the right plural — shown as the tooltip (Windows,
//! macOS) and as the first, inactive line of its menu (everywhere: the freedesktop tray has no
//! tooltip), with the bare number as the icon's label. The session calls
//! [`unread_may_have_changed`] whenever it tells the window that chats or messages changed; a
//! task coalesces those calls and re-counts the current account's unread messages from the
//! cache. When the window's language changes, [`relabel`] rewords every line at once. Whether the icon is really on screen ([`is_shown`]) is asked of the desktop each time
//! the window closes: on Linux a StatusNotifierWatcher with a host must be on the session bus.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use parta_core::Locale;
use parta_core::locale::english_plural;
use parta_core::notify::plural;
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::{MouseButton, MouseButtonState, TrayIcon, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Manager, Runtime};
use tokio::sync::Notify;

use crate::session::AppState;

/// The tray icon's id.
const TRAY_ID: &str = "parta";
/// The menu items' ids.
const OPEN: &str = "open";
const QUIT: &str = "quit";
const STATUS: &str = "status";

/// Whether the icon was created (then [`is_shown`] asks the desktop).
static CREATED: AtomicBool = AtomicBool::new(false);
/// Wakes the counting task.
static CHANGED: OnceLock<Arc<Notify>> = OnceLock::new();

/// The unread count in words: «Нет непрочитанных», «1 непрочитанное сообщение»,
/// «3 непрочитанных сообщения», «11 непрочитанных сообщений»; «No unread messages»,
/// «1 unread message», «3 unread messages».
pub fn unread_text(count: u64, locale: Locale) -> String {
    match (count, locale) {
        (0, Locale::Ru) => "Нет непрочитанных".to_owned(),
        (0, Locale::En) => "No unread messages".to_owned(),
        (_, Locale::Ru) => {
            let words = plural(
                count,
                "непрочитанное сообщение",
                "непрочитанных сообщения",
                "непрочитанных сообщений",
            );
            format!("{count} {words}")
        }
        (_, Locale::En) => {
            let words = english_plural(count, "unread message", "unread messages");
            format!("{count} {words}")
        }
    }
}

/// «Открыть Парту», «Open Parta».
fn open_text(locale: Locale) -> &'static str {
    locale.pick("Открыть Парту", "Open Parta")
}

/// «Выйти», «Quit».
fn quit_text(locale: Locale) -> &'static str {
    locale.pick("Выйти", "Quit")
}

/// The number beside the icon: none when nothing is unread.
fn label(count: u64) -> Option<String> {
    (count > 0).then(|| count.to_string())
}

/// The tray's parts that change.
struct Parts<R: Runtime> {
    icon: TrayIcon<R>,
    status: MenuItem<R>,
    open: MenuItem<R>,
    quit: MenuItem<R>,
    /// The count shown now, to reword it when the language changes.
    count: AtomicU64,
}

/// Creates the tray icon and starts the task that keeps its count. Call after `AppState` is
/// managed.
pub fn setup<R: Runtime>(app: &AppHandle<R>) {
    match create(app) {
        Ok(parts) => {
            app.manage(parts);
            CREATED.store(true, Ordering::SeqCst);
            let changed = CHANGED.get_or_init(Arc::default).clone();
            tauri::async_runtime::spawn(keep_count(app.clone(), changed));
        }
        Err(error) => tracing::warn!(%error, "no tray icon"),
    }
}

fn create<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Parts<R>> {
    let locale = crate::locale::current();
    let text = unread_text(0, locale);
    let status = MenuItem::with_id(app, STATUS, &text, false, None::<&str>)?;
    let open = MenuItem::with_id(app, OPEN, open_text(locale), true, None::<&str>)?;
    let quit = MenuItem::with_id(app, QUIT, quit_text(locale), true, None::<&str>)?;
    let separator = PredefinedMenuItem::separator(app)?;
    let menu = Menu::with_items(app, &[&status, &separator, &open, &quit])?;
    let mut builder = TrayIconBuilder::with_id(TRAY_ID)
        .menu(&menu)
        .tooltip(&text)
        .show_menu_on_left_click(false)
        .on_menu_event(|app, event| match event.id().as_ref() {
            OPEN => super::show_main(app),
            QUIT => super::quit(app),
            _ => {}
        })
        .on_tray_icon_event(|icon, event| {
            if let TrayIconEvent::Click {
                button: MouseButton::Left,
                button_state: MouseButtonState::Up,
                ..
            } = event
            {
                super::show_main(icon.app_handle());
            }
        });
    if let Some(icon) = app.default_window_icon() {
        builder = builder.icon(icon.clone());
    }
    let icon = builder.build(app)?;
    Ok(Parts {
        icon,
        status,
        open,
        quit,
        count: AtomicU64::new(0),
    })
}

/// Chats or messages changed: the tray re-counts soon (many calls, one count).
pub fn unread_may_have_changed() {
    if let Some(changed) = CHANGED.get() {
        changed.notify_one();
    }
}

async fn keep_count<R: Runtime>(app: AppHandle<R>, changed: Arc<Notify>) {
    let mut shown = None;
    loop {
        changed.notified().await;
        // Thirty messages arriving together make one count.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let Some(state) = app.try_state::<AppState>() else {
            continue;
        };
        let state = state.inner().clone();
        let count = tauri::async_runtime::spawn_blocking(move || count_unread(&state)).await;
        let Ok(count) = count else { continue };
        if shown == Some(count) {
            continue;
        }
        shown = Some(count);
        if let Some(parts) = app.try_state::<Parts<R>>() {
            show_count(&parts, count);
        }
    }
}

/// The current account's unread messages over all its chats (0 with no account).
fn count_unread(state: &AppState) -> u64 {
    let Some(session) = state.current() else {
        return 0;
    };
    match session.reader().chat_list() {
        Ok(chats) => chats.iter().map(|chat| u64::from(chat.unread_count)).sum(),
        Err(error) => {
            tracing::warn!(%error, "tray: unread count unreadable");
            0
        }
    }
}

/// The window's language changed: every line of the tray in the new one.
pub fn relabel<R: Runtime>(app: &AppHandle<R>) {
    let Some(parts) = app.try_state::<Parts<R>>() else {
        return;
    };
    let locale = crate::locale::current();
    let results = [
        parts.open.set_text(open_text(locale)),
        parts.quit.set_text(quit_text(locale)),
    ];
    for result in results {
        if let Err(error) = result {
            tracing::warn!(%error, "tray menu not relabelled");
        }
    }
    show_count(&parts, parts.count.load(Ordering::SeqCst));
}

fn show_count<R: Runtime>(parts: &Parts<R>, count: u64) {
    parts.count.store(count, Ordering::SeqCst);
    let text = unread_text(count, crate::locale::current());
    let results = [
        parts.status.set_text(&text),
        parts.icon.set_tooltip(Some(&text)),
        parts.icon.set_title(label(count)),
    ];
    for result in results {
        if let Err(error) = result {
            tracing::warn!(%error, "tray text not updated");
        }
    }
    tracing::debug!(count, "tray count");
}

/// Whether the tray icon is on screen, so a closed window can be found again there.
pub fn is_shown<R: Runtime>(_app: &AppHandle<R>) -> bool {
    CREATED.load(Ordering::SeqCst) && host_present()
}

/// On the freedesktop tray, the icon shows only where a StatusNotifierWatcher has a host.
#[cfg(target_os = "linux")]
fn host_present() -> bool {
    let ask = async {
        let connection = zbus::Connection::session().await?;
        let reply = connection
            .call_method(
                Some("org.kde.StatusNotifierWatcher"),
                "/StatusNotifierWatcher",
                Some("org.freedesktop.DBus.Properties"),
                "Get",
                &(
                    "org.kde.StatusNotifierWatcher",
                    "IsStatusNotifierHostRegistered",
                ),
            )
            .await?;
        let value: zbus::OwnedVariant = reply.body().deserialize()?;
        Ok::<bool, zbus::Error>(bool::try_from(value).unwrap_or(false))
    };
    let answer = tauri::async_runtime::block_on(async {
        tokio::time::timeout(Duration::from_secs(2), ask).await
    });
    match answer {
        Ok(Ok(present)) => present,
        Ok(Err(error)) => {
            tracing::info!(%error, "no tray host on the session bus");
            false
        }
        Err(_) => {
            tracing::info!("the tray host did not answer");
            false
        }
    }
}

/// Windows and macOS always show the icon.
#[cfg(not(target_os = "linux"))]
fn host_present() -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_count_reads_as_russian_with_the_right_plural() {
        let unread_text = |count| unread_text(count, Locale::Ru);
        assert_eq!(unread_text(0), "Нет непрочитанных");
        assert_eq!(unread_text(1), "1 непрочитанное сообщение");
        assert_eq!(unread_text(3), "3 непрочитанных сообщения");
        assert_eq!(unread_text(5), "5 непрочитанных сообщений");
        assert_eq!(unread_text(11), "11 непрочитанных сообщений");
        assert_eq!(unread_text(12), "12 непрочитанных сообщений");
        assert_eq!(unread_text(14), "14 непрочитанных сообщений");
        assert_eq!(unread_text(21), "21 непрочитанное сообщение");
        assert_eq!(unread_text(22), "22 непрочитанных сообщения");
        assert_eq!(unread_text(111), "111 непрочитанных сообщений");
        assert_eq!(unread_text(101), "101 непрочитанное сообщение");
        assert_eq!(unread_text(1004), "1004 непрочитанных сообщения");
    }

    #[test]
    fn the_count_reads_as_english_with_the_right_plural() {
        let cases = [
            (0, "No unread messages"),
            (1, "1 unread message"),
            (2, "2 unread messages"),
            (5, "5 unread messages"),
            (11, "11 unread messages"),
            (21, "21 unread messages"),
        ];
        for (count, expected) in cases {
            assert_eq!(unread_text(count, Locale::En), expected);
        }
        assert_eq!(open_text(Locale::En), "Open Parta");
        assert_eq!(quit_text(Locale::En), "Quit");
        assert_eq!(open_text(Locale::Ru), "Открыть Парту");
        assert_eq!(quit_text(Locale::Ru), "Выйти");
    }

    #[test]
    fn the_label_is_the_bare_number_or_nothing() {
        assert_eq!(label(0), None);
        assert_eq!(label(7).as_deref(), Some("7"));
    }
}
