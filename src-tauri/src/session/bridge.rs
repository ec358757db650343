//! From the engine to the window: runs the account's [`SyncEngine`] on Tauri's async runtime
//! and turns its [`SyncEvent`]s into the session status and [`BackendEvent`]s.
//!
//! Design: two tasks per open account, both ending when the session is stopped. The status
//! keeps Russian sentences only; the engine's technical reasons go to the log. `lastSyncedMs`
//! moves when a catch-up finishes and again when an online session drops (the cache was live
//! until then), and is written to the account's file so the offline banner survives a restart.

use std::sync::{Arc, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use parta_core::sync::{ConnectionState, SyncError, SyncEvent};
use tokio::sync::broadcast::error::RecvError;

use super::account::AccountSession;
use super::dto::{Connection, SyncProgress};
use super::events::BackendEvent;
use super::state::AppState;

/// What the window says while the engine waits to reconnect.
const OFFLINE: &str = "Нет связи с сервером MAX. Показано сохранённое; Парта подключится сама.";
/// What the window says when the platform ended the session.
const SIGNED_OUT: &str =
    "MAX завершил сеанс этого аккаунта (токен недействителен или отозван). Войдите заново.";
/// What the window says when the cache broke under the engine.
const CACHE_BROKEN: &str =
    "Синхронизация остановлена: не удалось записать кэш на диск. Перезапустите Парту.";

/// Starts the engine and the event bridge of `session`.
pub fn start(state: AppState, session: Arc<AccountSession>) {
    let events = session.engine.subscribe();
    let engine = session.engine.clone();
    let stopped = session.stopped();
    let runner = session.clone();
    let runner_state = state.clone();
    tauri::async_runtime::spawn(async move {
        let result = engine.run(stopped).await;
        let connection = match result {
            Ok(()) => return,
            Err(SyncError::Platform(error)) if !error.is_retryable() => {
                tracing::warn!(account = %runner.account_id, %error, "sync ended");
                Connection::SignedOut {
                    reason: SIGNED_OUT.to_owned(),
                }
            }
            Err(error) => {
                tracing::error!(account = %runner.account_id, %error, "sync stopped");
                Connection::SignedOut {
                    reason: CACHE_BROKEN.to_owned(),
                }
            }
        };
        set_connection(&runner, connection);
        runner_state.emit(BackendEvent::Session);
    });
    crate::notifications::start(state.clone(), session.clone());
    tauri::async_runtime::spawn(forward(state, session, events));
}

async fn forward(
    state: AppState,
    session: Arc<AccountSession>,
    mut events: tokio::sync::broadcast::Receiver<SyncEvent>,
) {
    let stopped = session.stopped();
    tokio::pin!(stopped);
    loop {
        let event = tokio::select! {
            () = &mut stopped => return,
            event = events.recv() => event,
        };
        match event {
            Ok(event) => handle(&state, &session, event),
            Err(RecvError::Lagged(missed)) => {
                tracing::debug!(missed, "events lagged; the window re-reads everything");
                state.emit(BackendEvent::Session);
                state.emit(BackendEvent::Chats);
            }
            Err(RecvError::Closed) => return,
        }
    }
}

fn handle(state: &AppState, session: &AccountSession, event: SyncEvent) {
    match event {
        SyncEvent::Connection(connection) => {
            let was_online = session.is_online();
            let view = match connection {
                ConnectionState::Connecting => Connection::Connecting,
                ConnectionState::Online => Connection::Online,
                ConnectionState::Offline { reason, retry_in } => {
                    tracing::info!(account = %session.account_id, %reason, "offline");
                    Connection::Offline {
                        reason: OFFLINE.to_owned(),
                        retry_in_s: retry_in.as_secs().max(1),
                    }
                }
                ConnectionState::SignedOut { reason } => {
                    tracing::warn!(account = %session.account_id, %reason, "signed out");
                    Connection::SignedOut {
                        reason: SIGNED_OUT.to_owned(),
                    }
                }
            };
            let online = view == Connection::Online;
            if online {
                session.keep_new_token(state.keyring());
            }
            if online || was_online {
                remember_sync(session);
            }
            if online {
                session
                    .status
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .progress = None;
            }
            set_connection(session, view);
            state.emit(BackendEvent::Session);
        }
        SyncEvent::Progress { done, total } => {
            session
                .status
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .progress = Some(SyncProgress { done, total });
            state.emit(BackendEvent::Session);
        }
        SyncEvent::ChatsChanged => state.emit(BackendEvent::Chats),
        SyncEvent::MessagesChanged(chat_id) => state.emit(BackendEvent::Messages {
            chat_id: chat_id.0.to_string(),
        }),
        SyncEvent::OutboxChanged { client_id } => {
            let entry = session.reader().outbox_entry(client_id);
            match entry {
                Ok(Some(entry)) => {
                    let chat_id = entry.chat_id.0.to_string();
                    state.emit(BackendEvent::Outbox {
                        chat_id: chat_id.clone(),
                        client_id: client_id.to_string(),
                    });
                    state.emit(BackendEvent::Messages { chat_id });
                }
                // Discarded, or unreadable: the chat list is the safe thing to refresh.
                Ok(None) => state.emit(BackendEvent::Chats),
                Err(error) => {
                    tracing::warn!(%error, "outbox entry unreadable");
                    state.emit(BackendEvent::Chats);
                }
            }
        }
    }
}

fn set_connection(session: &AccountSession, connection: Connection) {
    session
        .status
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .connection = connection;
}

fn remember_sync(session: &AccountSession) {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|since| since.as_millis() as i64)
        .unwrap_or_default();
    if let Err(error) = session.update_prefs(|prefs| prefs.last_synced_ms = Some(now)) {
        tracing::warn!(%error, "last sync time not saved");
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::time::Duration;

    use parta_accounts::{AccountRecord, Keyring};

    use super::*;

    fn open(dir: &std::path::Path) -> (AppState, Arc<AccountSession>) {
        let keyring = Keyring::in_memory(format!("ru.parta.test-bridge-{}", std::process::id()));
        let record = AccountRecord {
            id: "max-7".into(),
            platform: "max".into(),
            person_id: 7,
            name: "Мария".into(),
            server: "ws://127.0.0.1:1/websocket".into(),
        };
        let (session, _) = AccountSession::open(dir, &keyring, record).unwrap();
        (AppState::new(dir.to_path_buf(), keyring), Arc::new(session))
    }

    #[test]
    fn engine_events_become_status_and_the_sync_time_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let (state, session) = open(dir.path());
        handle(&state, &session, SyncEvent::Progress { done: 2, total: 5 });
        assert_eq!(
            session.status().progress,
            Some(SyncProgress { done: 2, total: 5 })
        );
        assert_eq!(session.prefs().last_synced_ms, None);

        handle(
            &state,
            &session,
            SyncEvent::Connection(ConnectionState::Online),
        );
        let status = session.status();
        assert_eq!(status.connection, Connection::Online);
        assert_eq!(status.progress, None);
        let synced = session.prefs().last_synced_ms.unwrap();
        // Kept on disk for the next start.
        let again = crate::session::AccountPrefs::load(&session.account_dir);
        assert_eq!(again.last_synced_ms, Some(synced));

        handle(
            &state,
            &session,
            SyncEvent::Connection(ConnectionState::Offline {
                reason: "connection refused (os error 111)".into(),
                retry_in: Duration::from_secs(5),
            }),
        );
        match session.status().connection {
            Connection::Offline { reason, retry_in_s } => {
                assert_eq!(retry_in_s, 5);
                assert!(reason.contains("Нет связи"), "{reason}");
                assert!(!reason.contains("os error"));
            }
            other => panic!("{other:?}"),
        }

        handle(
            &state,
            &session,
            SyncEvent::Connection(ConnectionState::SignedOut {
                reason: "login.token".into(),
            }),
        );
        assert!(matches!(
            session.status().connection,
            Connection::SignedOut { .. }
        ));
    }
}
