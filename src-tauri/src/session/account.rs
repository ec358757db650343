//! One open account: its engine (the only writer), a second read-only connection to its cache
//! for the window's queries, the shell's own per-account file, and the connection status.
//!
//! Design: the engine and the reader are two `Store`s over the same SQLite file (WAL), so a
//! window query never waits for a sync batch and a batch never waits for a query. When the
//! keyring has no token the session still opens — the cache reads offline — but its engine is
//! never run: the status says `signedOut` and nothing retries a sign-in. The cache is encrypted
//! with a key from the keyring, so a locked or missing keyring opens no session at all (the
//! state shows the keyring's sentence as the signed-out reason).

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use parta_accounts::{AccountRecord, Keyring, SecretKind};
use parta_core::Store;
use parta_core::model::PersonId;
use parta_core::outbox::Outbox;
use parta_core::sync::SyncEngine;
use parta_max::MaxPlatform;
use tokio::sync::watch;

use super::dto::{Connection, SyncProgress};
use super::prefs::AccountPrefs;
use crate::AppError;

/// Where the account's connection stands, as the window sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// The connection.
    pub connection: Connection,
    /// Catch-up progress, while one runs.
    pub progress: Option<SyncProgress>,
}

/// The current account, open. Shared as `Arc<AccountSession>` by every command.
pub struct AccountSession {
    /// `max-<person id>`: names the keyring entries and the cache folder.
    pub account_id: String,
    /// The account as the data folder lists it.
    pub record: AccountRecord,
    /// The account's own person id (own messages, unread counts).
    pub own_person_id: PersonId,
    /// The account's folder: `cache.sqlite`, `files/`, the shell's `parta-app.json`.
    pub account_dir: PathBuf,
    /// The sync engine (and, through [`AccountSession::outbox`], the outbox).
    pub engine: SyncEngine<MaxPlatform>,
    /// The window's own connection to the cache, for reads (and the diary's writes).
    pub reader: Mutex<Store>,
    /// The account's diary (e-journal): the window's reads and the refresher's queue.
    pub diary: crate::diary::Diary,
    pub(super) status: Mutex<Status>,
    prefs: Mutex<AccountPrefs>,
    stop: watch::Sender<bool>,
    /// Whether the keyring gave a token (the engine runs).
    signed_in: bool,
}

/// Why an account's credentials are not usable, as a Russian sentence.
pub(super) type SignedOutReason = String;

impl AccountSession {
    /// Opens `record`'s cache twice and builds its engine. Returns the session and, when the
    /// keyring gave no usable token, why (the engine must then not run).
    pub(super) fn open(
        data_dir: &Path,
        keyring: &Keyring,
        record: AccountRecord,
    ) -> Result<(AccountSession, Option<SignedOutReason>), AppError> {
        let account_dir = parta_accounts::accounts::account_dir(data_dir, &record.id);
        // The cache is encrypted with a key from the keyring: a locked keyring opens nothing.
        let key = parta_accounts::cache_key(keyring, &record.id)?;
        let store = parta_accounts::open_cache_with_key(data_dir, &record.id, &key)?;
        if let Some(recovery) = store.recovery() {
            tracing::warn!(account = %record.id, message = %recovery.user_message(), "cache recovered");
        }
        let reader = parta_accounts::open_cache_with_key(data_dir, &record.id, &key)?;
        let (token, device_id, signed_out) = match credentials(keyring, &record.id) {
            Ok((token, device_id)) => (token, device_id, None),
            Err(reason) => (String::new(), String::new(), Some(reason)),
        };
        let platform = MaxPlatform::new(&record.server, &token, &device_id)
            .map_err(|error| AppError::Platform(error.to_string()))?;
        let connection = match &signed_out {
            Some(reason) => Connection::SignedOut {
                reason: reason.clone(),
            },
            None => Connection::Connecting,
        };
        let prefs = AccountPrefs::load(&account_dir);
        let (stop, _) = watch::channel(false);
        Ok((
            AccountSession {
                account_id: record.id.clone(),
                own_person_id: PersonId(record.person_id),
                record,
                account_dir,
                engine: SyncEngine::new(platform, store),
                reader: Mutex::new(reader),
                diary: crate::diary::Diary::default(),
                status: Mutex::new(Status {
                    connection,
                    progress: None,
                }),
                prefs: Mutex::new(prefs),
                stop,
                signed_in: signed_out.is_none(),
            },
            signed_out,
        ))
    }

    /// The window's connection to the cache. Hold the guard only for one query.
    pub fn reader(&self) -> MutexGuard<'_, Store> {
        self.reader.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Whether the keyring gave a token, so the engine runs (false: reading offline only).
    pub fn signed_in(&self) -> bool {
        self.signed_in
    }

    /// The account's outbox (shares the engine's store and platform).
    pub fn outbox(&self) -> Outbox<MaxPlatform> {
        Outbox::new(self.engine.clone())
    }

    /// The connection and progress now.
    pub fn status(&self) -> Status {
        self.status
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Whether the platform can be asked now (caught up and connected).
    pub fn is_online(&self) -> bool {
        self.status().connection == Connection::Online
    }

    /// The shell's remembered facts about this account.
    pub fn prefs(&self) -> AccountPrefs {
        self.prefs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Changes the remembered facts and writes them to the account's file.
    pub fn update_prefs(&self, change: impl FnOnce(&mut AccountPrefs)) -> Result<(), AppError> {
        let mut prefs = self.prefs.lock().unwrap_or_else(PoisonError::into_inner);
        change(&mut prefs);
        prefs
            .save(&self.account_dir)
            .map_err(|source| AppError::AccountFile {
                path: self.account_dir.join(super::prefs::PREFS_FILE),
                source,
            })
    }

    /// A future that resolves once [`AccountSession::stop`] was called.
    pub(crate) fn stopped(&self) -> impl std::future::Future<Output = ()> + Send + 'static {
        let mut receiver = self.stop.subscribe();
        async move {
            let _ = receiver.wait_for(|stopped| *stopped).await;
        }
    }

    /// Ends the engine and the event bridge (switching accounts, quitting).
    pub fn stop(&self) {
        self.stop.send_replace(true);
    }

    /// Keeps a token MAX issued at login in place of the stored one.
    pub(super) fn keep_new_token(&self, keyring: &Keyring) {
        let token = self.engine.platform().token();
        if token.is_empty() {
            return;
        }
        let stored = keyring.load(&self.account_id, SecretKind::Token);
        let same = matches!(&stored, Ok(Some(secret)) if secret.expose() == token);
        if !same
            && stored.is_ok()
            && let Err(error) = keyring.store(&self.account_id, SecretKind::Token, &token)
        {
            tracing::warn!(account = %self.account_id, detail = error.detail(), "new token not kept");
        }
    }
}

/// The account's token and deviceId from the keyring, or why they cannot be used.
fn credentials(keyring: &Keyring, account: &str) -> Result<(String, String), SignedOutReason> {
    let load = |kind| {
        keyring
            .load(account, kind)
            .map_err(|error| error.to_string())
    };
    match (load(SecretKind::Token)?, load(SecretKind::DeviceId)?) {
        (Some(token), Some(device_id)) => {
            Ok((token.expose().to_owned(), device_id.expose().to_owned()))
        }
        _ => Err(
            "Связка ключей не хранит токен входа этого аккаунта. Войдите заново: \
             Парта не отправит ничего, пока вы не войдёте."
                .to_owned(),
        ),
    }
}
