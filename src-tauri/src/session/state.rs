//! [`AppState`]: the shell's one piece of managed state — the data folder, the account list,
//! the open [`AccountSession`] and the windows' event channels.
//!
//! Design: a cheap handle (`Clone`, an `Arc` inside) so the engine's background tasks can hold
//! it. Opening an account (at start, on `switch_account`) stops the previous one first, then
//! opens the new one and starts its engine on Tauri's async runtime; a bridge task turns the
//! engine's [`SyncEvent`]s into [`BackendEvent`]s and keeps the status. Nothing here panics or
//! loops on a failed sign-in: a missing token or a locked keyring leaves the account readable
//! and `signedOut`.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use parta_accounts::{AccountList, Keyring};
use tauri::ipc::Channel;

use super::account::AccountSession;
use super::bridge;
use super::dto::{AccountSummary, Connection, SessionState};
use super::events::BackendEvent;
use crate::AppError;

/// The shell's state, managed by Tauri (`State<'_, AppState>` in a command).
#[derive(Clone)]
pub struct AppState {
    shared: Arc<Shared>,
}

struct Shared {
    data_dir: PathBuf,
    keyring: Keyring,
    accounts: Mutex<AccountList>,
    current: Mutex<Option<Arc<AccountSession>>>,
    /// The connection when no session is open (none signed in, or the cache would not open).
    without_session: Mutex<Connection>,
    subscribers: Mutex<Vec<Channel<BackendEvent>>>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl AppState {
    /// State over `data_dir`; nothing is opened until [`AppState::open_current`].
    pub fn new(data_dir: PathBuf, keyring: Keyring) -> AppState {
        AppState {
            shared: Arc::new(Shared {
                data_dir,
                keyring,
                accounts: Mutex::default(),
                current: Mutex::default(),
                without_session: Mutex::new(Connection::Connecting),
                subscribers: Mutex::default(),
            }),
        }
    }

    /// The data folder.
    pub fn data_dir(&self) -> &std::path::Path {
        &self.shared.data_dir
    }

    /// The keyring.
    pub fn keyring(&self) -> &Keyring {
        &self.shared.keyring
    }

    /// The open account, if any.
    pub fn current(&self) -> Option<Arc<AccountSession>> {
        lock(&self.shared.current).clone()
    }

    /// The open account, or a Russian error for a command that needs one.
    pub fn require(&self) -> Result<Arc<AccountSession>, AppError> {
        self.current().ok_or(AppError::NoAccount)
    }

    /// Sends `event` to every subscribed window; a closed channel is dropped.
    pub fn emit(&self, event: BackendEvent) {
        if matches!(
            event,
            BackendEvent::Session | BackendEvent::Chats | BackendEvent::Messages { .. }
        ) {
            crate::desktop::tray::unread_may_have_changed();
        }
        lock(&self.shared.subscribers).retain(|channel| channel.send(event.clone()).is_ok());
    }

    /// Delivers every later event to `channel`.
    pub fn subscribe(&self, channel: Channel<BackendEvent>) {
        lock(&self.shared.subscribers).push(channel);
    }

    /// What the status line and the switcher show now.
    pub fn session_state(&self) -> SessionState {
        let list = lock(&self.shared.accounts).clone();
        let session = self.current();
        let accounts = list
            .accounts
            .iter()
            .map(|record| AccountSummary {
                id: record.id.clone(),
                name: record.name.clone(),
                initials: crate::views::initials(&record.name),
                current: list.current.as_deref() == Some(record.id.as_str()),
            })
            .collect();
        match session {
            Some(session) => {
                let status = session.status();
                SessionState {
                    accounts,
                    own_person_id: Some(session.own_person_id.0.to_string()),
                    connection: status.connection,
                    progress: status.progress,
                    last_synced_ms: session.prefs().last_synced_ms,
                }
            }
            None => SessionState {
                accounts,
                own_person_id: None,
                connection: lock(&self.shared.without_session).clone(),
                progress: None,
                last_synced_ms: None,
            },
        }
    }

    /// Reads the account list and opens its current account (at start). Never fails: what
    /// went wrong becomes the connection state and a log line.
    pub fn open_current(&self) {
        let list = match parta_accounts::accounts::load(&self.shared.data_dir) {
            Ok(list) => list,
            Err(error) => {
                tracing::error!(%error, "account list unreadable");
                AccountList::default()
            }
        };
        *lock(&self.shared.accounts) = list.clone();
        self.replace_session(list.current().cloned());
    }

    /// Makes `account_id` current (saved in the account list) and opens it.
    pub fn switch_account(&self, account_id: &str) -> Result<SessionState, AppError> {
        let mut list = parta_accounts::accounts::load(&self.shared.data_dir)?;
        let Some(record) = list.accounts.iter().find(|a| a.id == account_id).cloned() else {
            return Err(AppError::UnknownAccount(account_id.to_owned()));
        };
        list.current = Some(record.id.clone());
        parta_accounts::accounts::save(&self.shared.data_dir, &list)?;
        *lock(&self.shared.accounts) = list;
        self.replace_session(Some(record));
        Ok(self.session_state())
    }

    /// Stops `account_id`'s session if it is the open one (signing it out) and hands it back,
    /// so the caller can wait until its cache is let go. The window hears of it at the next
    /// [`AppState::open_current`].
    pub fn close_account(&self, account_id: &str) -> Option<Arc<AccountSession>> {
        let mut current = lock(&self.shared.current);
        if current.as_ref()?.account_id != account_id {
            return None;
        }
        let session = current.take()?;
        session.stop();
        Some(session)
    }

    /// Stops the open session, if any, and opens `record` in its place.
    fn replace_session(&self, record: Option<parta_accounts::AccountRecord>) {
        if let Some(previous) = lock(&self.shared.current).take() {
            previous.stop();
        }
        let Some(record) = record else {
            *lock(&self.shared.without_session) = Connection::NoAccount;
            self.emit_all();
            return;
        };
        let account = record.id.clone();
        match AccountSession::open(&self.shared.data_dir, &self.shared.keyring, record) {
            Ok((session, signed_out)) => {
                let session = Arc::new(session);
                *lock(&self.shared.current) = Some(session.clone());
                // The diary has a session of its own (the journal's cookie), MAX or not.
                crate::diary::start(self.clone(), session.clone());
                match signed_out {
                    None => bridge::start(self.clone(), session),
                    Some(_) => tracing::warn!(%account, "no usable token: signed out"),
                }
            }
            Err(error) => {
                tracing::error!(%account, %error, "account could not be opened");
                *lock(&self.shared.without_session) = Connection::SignedOut {
                    reason: error.to_string(),
                };
            }
        }
        self.emit_all();
    }

    /// Tells the window everything may have changed (a new account).
    fn emit_all(&self) {
        self.emit(BackendEvent::Session);
        self.emit(BackendEvent::Chats);
    }

    /// Stops the engine (the app is quitting).
    pub fn shutdown(&self) {
        if let Some(session) = lock(&self.shared.current).take() {
            session.stop();
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use parta_accounts::AccountRecord;

    use super::*;

    fn state(dir: &std::path::Path) -> AppState {
        let service = format!("ru.parta.test-{}", std::process::id());
        AppState::new(dir.to_path_buf(), Keyring::in_memory(service))
    }

    #[test]
    fn no_account_list_means_no_account() {
        let dir = tempfile::tempdir().unwrap();
        let state = state(dir.path());
        state.open_current();
        let session = state.session_state();
        assert_eq!(session.connection, Connection::NoAccount);
        assert!(session.accounts.is_empty());
        assert!(state.current().is_none());
        assert!(matches!(state.require(), Err(AppError::NoAccount)));
    }

    #[test]
    fn an_account_without_a_token_opens_signed_out_and_reads_its_cache() {
        let dir = tempfile::tempdir().unwrap();
        let mut list = AccountList::default();
        list.put_current(AccountRecord {
            id: "max-7".into(),
            platform: "max".into(),
            person_id: 7,
            name: "Мария Ивановна".into(),
            server: "ws://127.0.0.1:1/websocket".into(),
        });
        parta_accounts::accounts::save(dir.path(), &list).unwrap();
        let state = state(dir.path());
        state.open_current();
        let session = state.session_state();
        assert!(
            matches!(&session.connection, Connection::SignedOut { reason }
                if reason.starts_with("Связка ключей")),
            "{:?}",
            session.connection
        );
        assert_eq!(session.own_person_id.as_deref(), Some("7"));
        assert_eq!(session.accounts[0].initials, "МИ");
        assert!(session.accounts[0].current);
        let open = state.current().unwrap();
        assert!(!open.signed_in());
        assert!(open.reader().chat_list().unwrap().is_empty());
        assert!(matches!(
            state.switch_account("max-8"),
            Err(AppError::UnknownAccount(_))
        ));
        state.shutdown();
        assert!(state.current().is_none());
    }
}
