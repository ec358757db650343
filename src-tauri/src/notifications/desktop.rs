//! The pop-ups on screen, through notify-rust (the freedesktop notification server on D-Bus).
//!
//! Design: one pop-up per chat, replaced in place by reusing its server id as more messages
//! arrive, closed when the notifier says `Clear`. The server's capabilities are asked once: with
//! `actions` a pop-up gets its default action (open the chat), «Прочитано» and, except in a
//! channel, «Ответить» (which opens the chat at its composer: notify-rust cannot receive the
//! inline replies of servers with `inline-reply`); with `body-markup` the body is escaped. Each
//! pop-up has a waiter task on the connection that sent it (KDE sends action signals to that
//! sender only) that reports the click or the close. A server that is missing or refuses is
//! logged once and not asked again for a minute: no crash, no retry storm.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use notify_rust::{Hint, Notification as Popup, NotificationHandle, NotificationResponse, Timeout};
use parta_core::Locale;
use parta_core::model::{ChatId, MessageId};
use parta_core::notify::{Notification, NotificationPlan, escape_markup};
use tauri::async_runtime::JoinHandle;
use tokio::sync::mpsc;

/// The name the server shows the pop-ups under.
pub const APP_NAME: &str = "Парта";
/// The app's icon as the package installs it (hicolor `apps/parta-app.png`).
const ICON: &str = "parta-app";
/// How long a missing or refusing server is left alone.
const PAUSE_AFTER_FAILURE: Duration = Duration::from_secs(60);

/// What the person did with a pop-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Response {
    /// Clicked it: open the chat.
    Open,
    /// «Прочитано»: mark the chat read up to `newest`.
    Read {
        /// The newest message the pop-up stood for.
        newest: MessageId,
    },
    /// «Ответить»: open the chat to write.
    Reply,
    /// Dismissed it, or it expired.
    Closed,
}

impl Response {
    /// The response to the server's action key `key` on a pop-up that stood for `newest`.
    pub fn from_action(key: &str, newest: MessageId) -> Response {
        match key {
            "default" | "open" => Response::Open,
            "read" => Response::Read { newest },
            "reply" => Response::Reply,
            _ => Response::Closed,
        }
    }
}

struct Shown {
    handle: Arc<NotificationHandle>,
    waiter: JoinHandle<()>,
}

/// The account's pop-ups on screen.
pub struct Desktop {
    shown: HashMap<ChatId, Shown>,
    /// The server's capabilities, once asked.
    capabilities: Option<Vec<String>>,
    /// Set after a failure: the server is not asked again before then.
    paused_until: Option<Instant>,
    responses: mpsc::UnboundedSender<(ChatId, Response)>,
}

impl Desktop {
    /// No pop-ups yet; clicks are reported on `responses`.
    pub fn new(responses: mpsc::UnboundedSender<(ChatId, Response)>) -> Desktop {
        Desktop {
            shown: HashMap::new(),
            capabilities: None,
            paused_until: None,
            responses,
        }
    }

    /// Carries out the notifier's plans.
    pub async fn apply(&mut self, plans: Vec<NotificationPlan>) {
        for plan in plans {
            match plan {
                NotificationPlan::Show(notification) => self.show(notification).await,
                NotificationPlan::Clear { chat_id, .. } => self.close(chat_id).await,
            }
        }
    }

    /// The pop-up of `chat` was closed on screen: it is not closed again, and the next message
    /// starts a new one.
    pub fn forget(&mut self, chat: ChatId) {
        if let Some(shown) = self.shown.remove(&chat) {
            shown.waiter.abort();
        }
    }

    fn paused(&self) -> bool {
        self.paused_until
            .is_some_and(|until| Instant::now() < until)
    }

    fn failed(&mut self, what: &str, error: &dyn std::fmt::Display) {
        if !self.paused() {
            tracing::warn!(%error, "notification server unavailable ({what}); trying again in a minute");
        }
        self.paused_until = Some(Instant::now() + PAUSE_AFTER_FAILURE);
    }

    async fn capabilities(&mut self) -> Option<Vec<String>> {
        if self.capabilities.is_none() {
            let asked = tokio::task::spawn_blocking(notify_rust::get_capabilities).await;
            match asked {
                Ok(Ok(capabilities)) => {
                    tracing::info!(?capabilities, "notification server");
                    self.capabilities = Some(capabilities);
                }
                Ok(Err(error)) => {
                    self.failed("capabilities", &error);
                    return None;
                }
                Err(error) => {
                    self.failed("capabilities", &error);
                    return None;
                }
            }
        }
        self.capabilities.clone()
    }

    async fn show(&mut self, notification: Notification) {
        if self.paused() {
            return;
        }
        let Some(capabilities) = self.capabilities().await else {
            return;
        };
        let popup = popup(
            &notification,
            &capabilities,
            self.shown.get(&notification.chat_id),
            crate::locale::current(),
        );
        match popup.show_async().await {
            Ok(handle) => {
                self.paused_until = None;
                let handle = Arc::new(handle);
                let waiter = self.wait(notification.chat_id, notification.newest, handle.clone());
                let previous = self
                    .shown
                    .insert(notification.chat_id, Shown { handle, waiter });
                if let Some(previous) = previous {
                    previous.waiter.abort();
                }
            }
            Err(error) => self.failed("show", &error),
        }
    }

    /// A task that reports the person's answer to the pop-up `handle`.
    fn wait(
        &self,
        chat: ChatId,
        newest: MessageId,
        handle: Arc<NotificationHandle>,
    ) -> JoinHandle<()> {
        let responses = self.responses.clone();
        tauri::async_runtime::spawn(async move {
            handle
                .wait_for_action_async(|response| {
                    let response = match response {
                        NotificationResponse::Default => Response::Open,
                        NotificationResponse::Action(key) => Response::from_action(key, newest),
                        NotificationResponse::Reply(_) => Response::Reply,
                        NotificationResponse::Closed(_) => Response::Closed,
                    };
                    let _ = responses.send((chat, response));
                })
                .await;
        })
    }

    /// Closes the pop-up of `chat`, if one is shown.
    pub async fn close(&mut self, chat: ChatId) {
        if let Some(shown) = self.shown.remove(&chat) {
            shown.waiter.abort();
            if !self.paused() {
                shown.handle.close_async().await;
            }
        }
    }
}

/// The pop-up for `notification`, replacing `shown` when there is one.
/// The buttons are in `locale`; the title and body come worded from the notifier.
fn popup(
    notification: &Notification,
    capabilities: &[String],
    shown: Option<&Shown>,
    locale: Locale,
) -> Popup {
    let has = |capability: &str| capabilities.iter().any(|c| c == capability);
    let body = if has("body-markup") {
        escape_markup(&notification.body)
    } else {
        notification.body.clone()
    };
    let mut popup = Popup::new();
    popup
        .appname(APP_NAME)
        .summary(&notification.title)
        .body(&body)
        .icon(ICON)
        .hint(Hint::Category("im.received".into()))
        .timeout(Timeout::Default);
    if has("actions") {
        popup.action("default", locale.pick("Открыть", "Open"));
        popup.action("read", locale.pick("Прочитано", "Mark as read"));
        if notification.can_reply {
            popup.action("reply", locale.pick("Ответить", "Reply"));
        }
    }
    if let Some(shown) = shown {
        popup.id(shown.handle.id());
    }
    popup
}

#[cfg(test)]
mod tests {
    use parta_core::notify::{NotificationKind, group_key};

    use super::*;

    fn notification(can_reply: bool) -> Notification {
        Notification {
            chat_id: ChatId(-3),
            kind: NotificationKind::Message,
            title: "5 «А» класс".into(),
            body: "Марина Ивановна: <b>Завтра</b> & контрольная".into(),
            count: 1,
            group_key: group_key(ChatId(-3)),
            newest: MessageId(9),
            can_reply,
        }
    }

    #[test]
    fn actions_and_markup_follow_the_server() {
        let full: Vec<String> = ["actions", "body", "body-markup"]
            .map(String::from)
            .to_vec();
        let popup = popup(&notification(true), &full, None, Locale::Ru);
        assert_eq!(popup.appname, APP_NAME);
        assert_eq!(popup.summary, "5 «А» класс");
        assert_eq!(
            popup.body,
            "Марина Ивановна: &lt;b&gt;Завтра&lt;/b&gt; &amp; контрольная"
        );
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
        let channel = super::popup(&notification(false), &full, None, Locale::Ru);
        assert_eq!(channel.actions.len(), 4);
        let plain = super::popup(&notification(true), &["body".to_owned()], None, Locale::Ru);
        assert!(plain.actions.is_empty());
        assert_eq!(plain.body, "Марина Ивановна: <b>Завтра</b> & контрольная");
    }

    #[test]
    fn english_buttons_keep_their_keys() {
        let full: Vec<String> = ["actions", "body"].map(String::from).to_vec();
        let popup = popup(&notification(true), &full, None, Locale::En);
        assert_eq!(
            popup.actions,
            ["default", "Open", "read", "Mark as read", "reply", "Reply"]
        );
    }

    #[test]
    fn action_keys_become_responses() {
        let newest = MessageId(9);
        assert_eq!(Response::from_action("default", newest), Response::Open);
        assert_eq!(
            Response::from_action("read", newest),
            Response::Read { newest }
        );
        assert_eq!(Response::from_action("reply", newest), Response::Reply);
        assert_eq!(Response::from_action("other", newest), Response::Closed);
    }
}
