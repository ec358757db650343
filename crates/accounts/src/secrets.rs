//! Secrets in the OS keyring, and nowhere else.
//!
//! Design: each account's secrets (its MAX token, the deviceId the token is bound to, the key
//! its cache is encrypted with, and the e-journal's session cookie) are separate keyring entries under one service name, [`SERVICE`], with the user name
//! `"<account>:<kind>"` (for example `max-123:token`). On Linux that is the Secret Service over
//! D-Bus (gnome-keyring, KWallet); on Windows the Credential Manager; on macOS the Keychain.
//! Nothing here writes a file, and no secret is ever logged: a loaded value is a [`Secret`],
//! whose `Debug` prints stars and whose memory is wiped on drop. A locked or missing keyring is
//! a [`SecretError`] with a Russian sentence for the person, never a panic. The desktop shell
//! and the CLI share these entries. [`Keyring::in_memory`] keeps entries in the process instead,
//! for tests that run where no Secret Service does.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use zeroize::Zeroizing;

/// The keyring service every Парта secret is stored under.
pub const SERVICE: &str = "ru.parta.desktop";

/// Which secret of an account an entry holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretKind {
    /// The platform's session token.
    Token,
    /// The device id the token is bound to (MAX's `deviceId`).
    DeviceId,
    /// The key the account's cache is encrypted with: 32 random bytes as 64 hex digits.
    CacheKey,
    /// The e-journal's session cookie value (`PHPSESSID` on the Orenburg X1 site).
    JournalCookie,
}

impl SecretKind {
    /// Every kind, for deleting an account's entries.
    pub const ALL: [SecretKind; 4] = [
        SecretKind::Token,
        SecretKind::DeviceId,
        SecretKind::CacheKey,
        SecretKind::JournalCookie,
    ];

    /// The kind's part of the entry's user name.
    pub fn as_str(self) -> &'static str {
        match self {
            SecretKind::Token => "token",
            SecretKind::DeviceId => "device-id",
            SecretKind::CacheKey => "cache-key",
            SecretKind::JournalCookie => "journal-cookie",
        }
    }
}

/// A secret value: `Debug` never shows it, and it is wiped from memory on drop.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(Zeroizing::new(value.into()))
    }

    /// The value, for the one call that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// Why the keyring could not be used. `Display` is the sentence for the person;
/// [`SecretError::detail`] is the platform's own words, for the log.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    /// The keyring is there but locked, or it refused access.
    #[error(
        "Связка ключей (хранилище паролей) заблокирована или не даёт доступа. Разблокируйте её \
         (например, войдите в сеанс рабочего стола заново) и повторите."
    )]
    Locked {
        /// What the platform said.
        detail: String,
    },
    /// There is no keyring service to talk to (no Secret Service on the session bus, no D-Bus).
    #[error(
        "Связка ключей недоступна: только в ней Парта хранит токен входа и ключ, которым \
         зашифрована переписка на этом компьютере. Запустите службу паролей (gnome-keyring или \
         KWallet) в сеансе рабочего стола и повторите."
    )]
    Unavailable {
        /// What the platform said.
        detail: String,
    },
    /// An entry exists but cannot be used (not text, duplicated, refused by the platform).
    #[error("Запись Парты в связке ключей повреждена. Выйдите (`parta logout`) и войдите заново.")]
    Damaged {
        /// What was wrong.
        detail: String,
    },
}

impl SecretError {
    /// The platform's own description of the failure (no secret values in it).
    pub fn detail(&self) -> &str {
        match self {
            SecretError::Locked { detail }
            | SecretError::Unavailable { detail }
            | SecretError::Damaged { detail } => detail,
        }
    }

    fn from_keyring(error: keyring::Error) -> Self {
        let detail = error.to_string();
        match error {
            keyring::Error::NoStorageAccess(_) => SecretError::Locked { detail },
            keyring::Error::PlatformFailure(_) => SecretError::Unavailable { detail },
            _ => SecretError::Damaged { detail },
        }
    }
}

/// The keyring entries of one service.
#[derive(Clone)]
pub struct Keyring {
    service: String,
    /// Entries kept in this process instead of the OS keyring ([`Keyring::in_memory`]).
    memory: Option<Arc<Mutex<MemoryEntries>>>,
}

/// [`Keyring::in_memory`]'s entries: user name → secret.
type MemoryEntries = HashMap<String, Zeroizing<String>>;

impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keyring")
            .field("service", &self.service)
            .field("in_memory", &self.memory.is_some())
            .finish()
    }
}

impl Default for Keyring {
    fn default() -> Self {
        Keyring::new(SERVICE)
    }
}

impl Keyring {
    /// Entries under `service` (tests may use their own).
    pub fn new(service: impl Into<String>) -> Self {
        Keyring {
            service: service.into(),
            memory: None,
        }
    }

    /// Entries kept in this process's memory only, never in the OS keyring: for tests that run
    /// where no Secret Service does. Clones share the entries.
    pub fn in_memory(service: impl Into<String>) -> Self {
        Keyring {
            service: service.into(),
            memory: Some(Arc::default()),
        }
    }

    /// The in-memory entries, when this keyring is one.
    fn memory(&self) -> Option<std::sync::MutexGuard<'_, MemoryEntries>> {
        let memory = self.memory.as_ref()?;
        Some(memory.lock().unwrap_or_else(PoisonError::into_inner))
    }

    fn user(account: &str, kind: SecretKind) -> String {
        format!("{account}:{}", kind.as_str())
    }

    /// The service name.
    pub fn service(&self) -> &str {
        &self.service
    }

    fn entry(&self, account: &str, kind: SecretKind) -> Result<keyring::Entry, SecretError> {
        keyring::Entry::new(&self.service, &Keyring::user(account, kind))
            .map_err(SecretError::from_keyring)
    }

    /// Stores (or replaces) one secret of `account`.
    pub fn store(&self, account: &str, kind: SecretKind, value: &str) -> Result<(), SecretError> {
        if let Some(mut memory) = self.memory() {
            memory.insert(
                Keyring::user(account, kind),
                Zeroizing::new(value.to_owned()),
            );
            return Ok(());
        }
        self.entry(account, kind)?
            .set_password(value)
            .map_err(SecretError::from_keyring)
            .inspect_err(|error| log_failure("store", account, kind, error))
    }

    /// Loads one secret of `account`; `None` when there is no such entry.
    pub fn load(&self, account: &str, kind: SecretKind) -> Result<Option<Secret>, SecretError> {
        if let Some(memory) = self.memory() {
            let value = memory.get(&Keyring::user(account, kind));
            return Ok(value.map(|value| Secret::new(value.as_str())));
        }
        match self.entry(account, kind)?.get_password() {
            Ok(value) => Ok(Some(Secret::new(value))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(error) => {
                let error = SecretError::from_keyring(error);
                log_failure("load", account, kind, &error);
                Err(error)
            }
        }
    }

    /// Deletes one secret of `account`; `false` when there was none.
    pub fn delete(&self, account: &str, kind: SecretKind) -> Result<bool, SecretError> {
        if let Some(mut memory) = self.memory() {
            return Ok(memory.remove(&Keyring::user(account, kind)).is_some());
        }
        match self.entry(account, kind)?.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(error) => {
                let error = SecretError::from_keyring(error);
                log_failure("delete", account, kind, &error);
                Err(error)
            }
        }
    }

    /// Deletes every secret of `account` (every [`SecretKind`]); missing ones are fine.
    pub fn delete_account(&self, account: &str) -> Result<(), SecretError> {
        for kind in SecretKind::ALL {
            self.delete(account, kind)?;
        }
        Ok(())
    }

    /// Checks that secrets can be written now (the keyring exists and is unlocked) by storing
    /// and deleting a throwaway entry: call it before signing in, so a locked keyring is
    /// reported before the server hands out a token that could not be kept.
    pub fn check_writable(&self) -> Result<(), SecretError> {
        self.store("parta-probe", SecretKind::Token, "probe")?;
        self.delete("parta-probe", SecretKind::Token).map(drop)
    }
}

fn log_failure(action: &str, account: &str, kind: SecretKind, error: &SecretError) {
    tracing::warn!(
        action,
        account,
        kind = kind.as_str(),
        detail = error.detail(),
        "keyring failed"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let secret = Secret::new("demo-ivanova");
        assert_eq!(format!("{secret:?}"), "Secret(***)");
        assert_eq!(secret.expose(), "demo-ivanova");
    }

    #[test]
    fn an_in_memory_keyring_shares_its_entries_between_clones_and_hides_them() {
        let keyring = Keyring::in_memory("ru.parta.test");
        let clone = keyring.clone();
        keyring.store("max-1", SecretKind::Token, "t").unwrap();
        assert_eq!(
            clone
                .load("max-1", SecretKind::Token)
                .unwrap()
                .unwrap()
                .expose(),
            "t"
        );
        assert!(!format!("{keyring:?}").contains("\"t\""));
        clone.delete_account("max-1").unwrap();
        assert!(keyring.load("max-1", SecretKind::Token).unwrap().is_none());
        assert!(!keyring.delete("max-1", SecretKind::Token).unwrap());
    }

    #[test]
    fn every_kind_has_its_own_entry_and_signing_out_deletes_them_all() {
        let names: Vec<&str> = SecretKind::ALL.iter().map(|kind| kind.as_str()).collect();
        assert_eq!(names, ["token", "device-id", "cache-key", "journal-cookie"]);
        let keyring = Keyring::in_memory("ru.parta.test");
        for kind in SecretKind::ALL {
            keyring.store("max-7", kind, kind.as_str()).unwrap();
        }
        keyring
            .store("max-8", SecretKind::JournalCookie, "other")
            .unwrap();
        let cookie = keyring
            .load("max-7", SecretKind::JournalCookie)
            .unwrap()
            .unwrap();
        assert_eq!(cookie.expose(), "journal-cookie");
        keyring.delete_account("max-7").unwrap();
        for kind in SecretKind::ALL {
            assert!(keyring.load("max-7", kind).unwrap().is_none(), "{kind:?}");
        }
        assert!(
            keyring
                .load("max-8", SecretKind::JournalCookie)
                .unwrap()
                .is_some()
        );
    }

    #[test]
    fn keyring_errors_become_russian_sentences() {
        let locked = SecretError::from_keyring(keyring::Error::NoStorageAccess("locked".into()));
        assert!(matches!(locked, SecretError::Locked { .. }));
        assert!(locked.to_string().contains("заблокирована"));
        assert_eq!(
            locked.detail(),
            keyring::Error::NoStorageAccess("locked".into()).to_string()
        );
        let missing = SecretError::from_keyring(keyring::Error::PlatformFailure("no bus".into()));
        assert!(missing.to_string().contains("недоступна"));
        let bad = SecretError::from_keyring(keyring::Error::BadEncoding(vec![0xff]));
        assert!(matches!(bad, SecretError::Damaged { .. }));
    }
}
