//! The diary's pop-ups: a child's new marks and homework, one pop-up per child and refresh.
//!
//! Design: unlike a chat's pop-up nothing replaces or closes these (there is no read mark in a
//! diary): each is shown once through the same freedesktop server, under the same app name and
//! icon, and clicking it brings the main window up. The decision (settings, quiet hours,
//! grouping) is the diary's (`crate::diary::news`); a missing server costs a log line.

use notify_rust::{Hint, Notification as Popup, NotificationResponse, Timeout};
use parta_core::notify::escape_markup;
use tauri::Manager;

use super::SHARED;
use super::desktop::APP_NAME;

/// One diary pop-up, in plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiaryPopup {
    /// «Новая оценка: 5 по алгебре».
    pub title: String,
    /// «Морозова Алиса · 7 декабря, 2-й урок».
    pub body: String,
}

/// Shows `popup` in the background; clicking it shows the main window.
pub fn show_diary(popup: DiaryPopup) {
    let Some(shared) = SHARED.get() else {
        return;
    };
    let app = shared.app.clone();
    tauri::async_runtime::spawn(async move {
        let capabilities = tokio::task::spawn_blocking(notify_rust::get_capabilities).await;
        let capabilities = match capabilities {
            Ok(Ok(capabilities)) => capabilities,
            Ok(Err(error)) => {
                tracing::warn!(%error, "notification server unavailable (diary)");
                return;
            }
            Err(error) => {
                tracing::warn!(%error, "notification server unavailable (diary)");
                return;
            }
        };
        let has = |capability: &str| capabilities.iter().any(|c| c == capability);
        let body = if has("body-markup") {
            escape_markup(&popup.body)
        } else {
            popup.body.clone()
        };
        let mut notification = Popup::new();
        notification
            .appname(APP_NAME)
            .summary(&popup.title)
            .body(&body)
            .icon("parta-app")
            .hint(Hint::Category("x-parta.diary".into()))
            .timeout(Timeout::Default);
        if has("actions") {
            notification.action("default", crate::locale::current().pick("Открыть", "Open"));
        }
        let handle = match notification.show_async().await {
            Ok(handle) => handle,
            Err(error) => {
                tracing::warn!(%error, "a diary pop-up was not shown");
                return;
            }
        };
        handle
            .wait_for_action_async(|response| {
                let opened = match response {
                    NotificationResponse::Default => true,
                    NotificationResponse::Action(key) => key == "default",
                    _ => false,
                };
                if opened && let Some(window) = app.get_webview_window("main") {
                    let _ = window.unminimize();
                    let _ = window.show();
                    let _ = window.set_focus();
                }
            })
            .await;
    });
}
