//! Desktop notifications: the core's [`Notifier`] decides, this module shows.
//!
//! Design: one task per open account ([`start`], from the session bridge) owns the account's
//! `Notifier` and the pop-ups on screen ([`desktop::Desktop`]). It feeds the notifier every
//! batch of new messages (`subscribe_new_messages`), every `ChatsChanged` (read here or on
//! another device closes a pop-up), what the window is reading in focus ([`Attention`], from
//! `set_reading` and Tauri's focus events) and the person's settings (the account's prefs
//! file), and hands each plan to notify-rust. Clicking a pop-up shows the window and tells it to
//! open the chat (`BackendEvent::OpenChat`); «Прочитано» marks the chat read through the outbox.
//! Nothing here writes the cache, and a missing or refusing notification daemon only costs a
//! log line (see [`desktop`]).

mod desktop;
mod diary;

use std::sync::{Arc, OnceLock};

use parta_core::model::ChatId;
use parta_core::notify::{LocalTime, NotificationPlan, Notifier};
use parta_core::sync::SyncEvent;
use tauri::{AppHandle, Manager};
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::{mpsc, watch};

use crate::session::{AccountSession, AppState, BackendEvent};
use desktop::{Desktop, Response};
pub use diary::{DiaryPopup, show_diary};

/// What the person looks at: the chat open in the window, and whether the window has focus.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Attention {
    /// The chat open in the chats view, if any.
    pub reading: Option<ChatId>,
    /// Whether the main window has the keyboard focus.
    pub focused: bool,
}

impl Attention {
    /// The chat being read in a focused window: the one that never pops up.
    pub fn reading_in_focus(self) -> Option<ChatId> {
        self.reading.filter(|_| self.focused)
    }
}

struct Shared {
    app: AppHandle,
    attention: watch::Sender<Attention>,
    /// Bumped when the person saves new settings; the account's task re-reads its prefs.
    settings: watch::Sender<u64>,
}

static SHARED: OnceLock<Shared> = OnceLock::new();

/// Makes notifications possible in this app (once, at setup). Without it [`start`] does
/// nothing (unit tests of the session run without an app).
pub fn init(app: AppHandle) {
    let _ = SHARED.set(Shared {
        app,
        attention: watch::channel(Attention::default()).0,
        settings: watch::channel(0).0,
    });
}

/// The window now reads `chat` (or none).
pub fn set_reading(chat: Option<ChatId>) {
    if let Some(shared) = SHARED.get() {
        shared.attention.send_if_modified(|attention| {
            let changed = attention.reading != chat;
            attention.reading = chat;
            changed
        });
    }
}

/// The main window gained or lost the focus.
pub fn set_focused(focused: bool) {
    if let Some(shared) = SHARED.get() {
        shared.attention.send_if_modified(|attention| {
            let changed = attention.focused != focused;
            attention.focused = focused;
            changed
        });
    }
}

/// The current account's settings were saved: its task picks them up.
pub fn settings_changed() {
    if let Some(shared) = SHARED.get() {
        shared.settings.send_modify(|generation| *generation += 1);
    }
}

/// Starts the notification task of `session`; it ends with the session.
pub fn start(state: AppState, session: Arc<AccountSession>) {
    let Some(shared) = SHARED.get() else {
        return;
    };
    let task = Task {
        app: shared.app.clone(),
        state,
        notifier: Notifier::new(session.prefs().notifications),
        session,
    };
    let attention = shared.attention.subscribe();
    let settings = shared.settings.subscribe();
    tauri::async_runtime::spawn(task.run(attention, settings));
}

/// The local wall clock now.
pub(crate) fn local_now() -> LocalTime {
    let now = chrono::Local::now();
    LocalTime::new(now.timestamp_millis(), now.offset().local_minus_utc())
}

struct Task {
    app: AppHandle,
    state: AppState,
    session: Arc<AccountSession>,
    notifier: Notifier,
}

impl Task {
    async fn run(
        mut self,
        mut attention: watch::Receiver<Attention>,
        mut settings: watch::Receiver<u64>,
    ) {
        let mut arrivals = self.session.engine.subscribe_new_messages();
        let mut events = self.session.engine.subscribe();
        let stopped = self.session.stopped();
        tokio::pin!(stopped);
        let (responses, mut answered) = mpsc::unbounded_channel();
        let mut desktop = Desktop::new(responses);
        let mut reading = attention.borrow().reading_in_focus();
        loop {
            let plans = tokio::select! {
                () = &mut stopped => {
                    let plans = self.notifier.clear_all();
                    desktop.apply(plans).await;
                    return;
                }
                arrived = arrivals.recv() => match arrived {
                    Ok(arrived) => {
                        self.notifier.set_locale(crate::locale::current());
                        let store = self.session.reader();
                        self.notifier.on_new_messages(&store, &arrived, local_now(), reading)
                    }
                    Err(RecvError::Lagged(missed)) => {
                        tracing::debug!(missed, "new messages lagged; those pop-ups are skipped");
                        continue;
                    }
                    Err(RecvError::Closed) => return,
                },
                event = events.recv() => match event {
                    Ok(SyncEvent::ChatsChanged) | Err(RecvError::Lagged(_)) => {
                        let store = self.session.reader();
                        self.notifier.on_chats_changed(&store)
                    }
                    Ok(_) => continue,
                    Err(RecvError::Closed) => return,
                },
                changed = attention.changed() => {
                    if changed.is_err() {
                        return;
                    }
                    reading = attention.borrow_and_update().reading_in_focus();
                    Ok(self.notifier.on_reading(reading))
                }
                changed = settings.changed() => {
                    if changed.is_err() {
                        return;
                    }
                    settings.borrow_and_update();
                    Ok(self.notifier.set_settings(self.session.prefs().notifications))
                }
                Some((chat, response)) = answered.recv() => {
                    if response == Response::Closed {
                        desktop.forget(chat);
                    } else {
                        // Acted on: gone, even where the server keeps pop-ups after a click.
                        desktop.close(chat).await;
                    }
                    Ok(self.respond(chat, response))
                }
            };
            match plans {
                Ok(plans) => desktop.apply(plans).await,
                Err(error) => tracing::warn!(%error, "notifications: the cache was unreadable"),
            }
        }
    }

    /// What a click on a pop-up (or one of its buttons) does.
    fn respond(&mut self, chat: ChatId, response: Response) -> Vec<NotificationPlan> {
        match response {
            Response::Closed => self.notifier.dismissed(chat),
            Response::Open | Response::Reply => {
                self.notifier.dismissed(chat);
                self.open_chat(chat);
            }
            Response::Read { newest } => {
                self.notifier.dismissed(chat);
                match self.session.outbox().mark_read(chat, newest) {
                    Ok(_) => {
                        self.state.emit(BackendEvent::Chats);
                        self.state.emit(BackendEvent::Messages {
                            chat_id: chat.0.to_string(),
                        });
                    }
                    Err(error) => tracing::warn!(%error, "«Прочитано» not queued"),
                }
            }
        }
        Vec::new()
    }

    /// Shows and focuses the main window and has it open `chat`.
    fn open_chat(&self, chat: ChatId) {
        if let Some(window) = self.app.get_webview_window("main") {
            let _ = window.unminimize();
            let _ = window.show();
            if let Err(error) = window.set_focus() {
                tracing::debug!(%error, "window not focused");
            }
        }
        self.state.emit(BackendEvent::OpenChat {
            chat_id: chat.0.to_string(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_focused_window_reads() {
        let chat = Some(ChatId(5));
        let unfocused = Attention {
            reading: chat,
            focused: false,
        };
        assert_eq!(unfocused.reading_in_focus(), None);
        let focused = Attention {
            reading: chat,
            focused: true,
        };
        assert_eq!(focused.reading_in_focus(), chat);
        assert_eq!(Attention::default().reading_in_focus(), None);
    }
}
