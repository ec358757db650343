//! An account's cache on this computer: encrypted with a key from the keyring, readable by the
//! OS user only, and gone without a trace on sign-out.
//!
//! Design: the key is 32 random bytes from the OS, kept as the keyring entry
//! `<account>:cache-key` (hex) and nowhere else: never in a file, never in the log. It is made on
//! the account's first open (at sign-in) and loaded by [`cache_key`], which the desktop shell and
//! the CLI both call, so either can open what the other wrote. A locked or missing keyring is a
//! [`SecretError`] with its Russian sentence and the cache is left untouched: a new key is only
//! made when the keyring answers that it has none, and it is stored before any cache is opened
//! with it. A cache that the key does not open (its key was lost) is moved aside by parta-core and
//! a fresh one made. (Two first opens of one account at the same instant, the window and `parta`,
//! could each make a key; the loser's cache is then moved aside once. Sign-in makes the key
//! before anything else opens the account, so this does not arise in practice.) [`sign_out`]
//! removes the account's folder (cache, log, files, staged and opened copies), all its keyring
//! entries and its line in `accounts.json`.

use std::path::Path;

use parta_core::{CacheKey, Store};

use crate::accounts::{self, ACCOUNTS_DIR};
use crate::error::CacheError;
use crate::secrets::{Keyring, SecretError, SecretKind};

/// The key `account_id`'s cache is encrypted with, from the keyring; made and stored there if the
/// keyring has none yet.
pub fn cache_key(keyring: &Keyring, account_id: &str) -> Result<CacheKey, SecretError> {
    if let Some(stored) = keyring.load(account_id, SecretKind::CacheKey)? {
        return CacheKey::from_hex(stored.expose()).ok_or_else(|| SecretError::Damaged {
            detail: format!("{account_id}: the cache key entry is not 64 hex digits"),
        });
    }
    let mut bytes = zeroize::Zeroizing::new([0u8; CacheKey::LEN]);
    getrandom::fill(bytes.as_mut_slice()).map_err(|error| SecretError::Unavailable {
        detail: format!("no randomness from the OS for a cache key: {error}"),
    })?;
    let key = CacheKey::from_bytes(*bytes);
    keyring.store(account_id, SecretKind::CacheKey, &key.to_hex())?;
    tracing::info!(
        account = account_id,
        "a new cache key was made and stored in the keyring"
    );
    Ok(key)
}

/// Opens `account_id`'s cache in `data_dir` with its key from the keyring (see [`cache_key`]).
pub fn open_cache(
    data_dir: &Path,
    account_id: &str,
    keyring: &Keyring,
) -> Result<Store, CacheError> {
    let key = cache_key(keyring, account_id)?;
    open_cache_with_key(data_dir, account_id, &key)
}

/// Opens `account_id`'s cache with a key already loaded (the shell opens it twice: the engine
/// and the window's reader). The data folder is created owner-only if it is new; the accounts
/// folder and the account's own folder are made owner-only either way.
pub fn open_cache_with_key(
    data_dir: &Path,
    account_id: &str,
    key: &CacheKey,
) -> Result<Store, CacheError> {
    accounts::create_data_dir(data_dir)?;
    parta_core::store::private::create_private_dir(&data_dir.join(ACCOUNTS_DIR))?;
    Ok(Store::open(
        accounts::account_dir(data_dir, account_id),
        key,
    )?)
}

/// What [`sign_out`] found to remove.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SignedOut {
    /// The account's folder was there and is gone.
    pub removed_folder: bool,
    /// The account was listed in `accounts.json` and no longer is.
    pub removed_from_list: bool,
}

/// Forgets `account_id` on this computer: every keyring entry of it (each [`SecretKind`]), its
/// folder and its line in the account list. Whatever is already missing is skipped. The keyring
/// goes first: when it is locked nothing is removed (the cache stays encrypted under a key only
/// the keyring holds) and the person unlocks it and signs out again. Stop every open [`Store`] of
/// the account first (on Windows an open file cannot be removed).
pub fn sign_out(
    data_dir: &Path,
    account_id: &str,
    keyring: &Keyring,
) -> Result<SignedOut, CacheError> {
    keyring.delete_account(account_id)?;
    let mut signed_out = SignedOut::default();
    let dir = accounts::account_dir(data_dir, account_id);
    match std::fs::remove_dir_all(&dir) {
        Ok(()) => signed_out.removed_folder = true,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => return Err(error.into()),
    }
    let mut list = accounts::load(data_dir)?;
    if list.accounts.iter().any(|account| account.id == account_id) {
        list.remove(account_id);
        accounts::save(data_dir, &list)?;
        signed_out.removed_from_list = true;
    }
    tracing::info!(
        account = account_id,
        ?signed_out,
        "signed out: local data and secrets removed"
    );
    Ok(signed_out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{AccountList, AccountRecord};

    fn record(id: &str) -> AccountRecord {
        AccountRecord {
            id: id.into(),
            platform: "max".into(),
            person_id: 1,
            name: "Марина".into(),
            server: "ws://x".into(),
        }
    }

    #[test]
    fn the_key_is_made_once_and_opens_the_same_cache_again() {
        let data = tempfile::tempdir().unwrap();
        let keyring = Keyring::in_memory("ru.parta.test");
        let first = cache_key(&keyring, "max-1").unwrap();
        assert_eq!(cache_key(&keyring, "max-1").unwrap(), first);
        assert_ne!(cache_key(&keyring, "max-2").unwrap(), first);
        let stored = keyring
            .load("max-1", SecretKind::CacheKey)
            .unwrap()
            .unwrap();
        assert_eq!(stored.expose().len(), 64);

        drop(open_cache(data.path(), "max-1", &keyring).unwrap());
        let store = open_cache(data.path(), "max-1", &keyring).unwrap();
        assert!(store.recovery().is_none());
    }

    #[test]
    fn a_damaged_key_entry_is_a_keyring_error_and_the_cache_stays() {
        let data = tempfile::tempdir().unwrap();
        let keyring = Keyring::in_memory("ru.parta.test");
        drop(open_cache(data.path(), "max-1", &keyring).unwrap());
        keyring
            .store("max-1", SecretKind::CacheKey, "not a key")
            .unwrap();
        let error = open_cache(data.path(), "max-1", &keyring).err().unwrap();
        assert!(matches!(
            error,
            CacheError::Keyring(SecretError::Damaged { .. })
        ));
        assert!(error.to_string().contains("связке ключей"), "{error}");
        let dir = accounts::account_dir(data.path(), "max-1");
        assert!(dir.join(parta_core::store::DATABASE_FILE_NAME).is_file());
    }

    #[test]
    fn sign_out_forgets_everything_and_tolerates_what_is_missing() {
        let data = tempfile::tempdir().unwrap();
        let keyring = Keyring::in_memory("ru.parta.test");
        let mut list = AccountList::default();
        list.put_current(record("max-1"));
        list.put_current(record("max-2"));
        accounts::save(data.path(), &list).unwrap();
        keyring.store("max-1", SecretKind::Token, "token").unwrap();
        keyring
            .store("max-1", SecretKind::DeviceId, "device")
            .unwrap();
        keyring
            .store("max-1", SecretKind::JournalCookie, "0123abcd")
            .unwrap();
        drop(open_cache(data.path(), "max-1", &keyring).unwrap());
        drop(open_cache(data.path(), "max-2", &keyring).unwrap());

        let done = sign_out(data.path(), "max-1", &keyring).unwrap();
        assert_eq!(
            done,
            SignedOut {
                removed_folder: true,
                removed_from_list: true
            }
        );
        for kind in SecretKind::ALL {
            assert!(keyring.load("max-1", kind).unwrap().is_none());
        }
        assert!(!accounts::account_dir(data.path(), "max-1").exists());
        let left = accounts::load(data.path()).unwrap();
        assert_eq!(left.current.as_deref(), Some("max-2"));
        assert!(
            keyring
                .load("max-2", SecretKind::CacheKey)
                .unwrap()
                .is_some()
        );

        // Again, with nothing left: fine.
        assert_eq!(
            sign_out(data.path(), "max-1", &keyring).unwrap(),
            SignedOut::default()
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_data_folder_is_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let parent = tempfile::tempdir().unwrap();
        let data = parent.path().join("data");
        let keyring = Keyring::in_memory("ru.parta.test");
        let mut list = AccountList::default();
        list.put_current(record("max-1"));
        accounts::save(&data, &list).unwrap();
        drop(open_cache(&data, "max-1", &keyring).unwrap());
        let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&data), 0o700);
        assert_eq!(mode(&data.join(ACCOUNTS_DIR)), 0o700);
        assert_eq!(mode(&data.join(accounts::ACCOUNTS_FILE)), 0o600);
        assert_eq!(mode(&accounts::account_dir(&data, "max-1")), 0o700);
    }
}
