//! The data folder: which accounts are signed in here and where each one's cache lives.
//!
//! Design: `DATA/accounts.json` lists the accounts (id, person, name, server) and which one is
//! current; it holds no secret. Each account's cache is `DATA/accounts/<id>/` (parta-core's
//! `cache.sqlite` and `files/`), so signing out removes one folder. An account id is
//! `<platform>-<person id>`, e.g. `max-123`; the keyring entries use the same id. The list is
//! rewritten whole through a temporary file and a rename, so a crash never leaves half of it.
//! Folders Парта creates are owner-only (`0700`), the list `0600`; see [`crate::cache`].

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{AccountsError, Result};

/// The account list's file name inside the data folder.
pub const ACCOUNTS_FILE: &str = "accounts.json";
/// The folder of per-account caches inside the data folder.
pub const ACCOUNTS_DIR: &str = "accounts";
/// The application's folder name under the OS data folder.
pub const APP_DIR_NAME: &str = "ru.parta.desktop";
/// An environment variable naming another data folder (tests, a portable install).
pub const DATA_DIR_ENV: &str = "PARTA_DATA_DIR";

/// One signed-in account, as the data folder knows it (no secrets).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountRecord {
    /// `<platform>-<person id>`; also names the keyring entries and the cache folder.
    pub id: String,
    /// `"max"`.
    pub platform: String,
    /// The account's own person id.
    pub person_id: i64,
    /// The name to show.
    pub name: String,
    /// The server it signed in to (the WebSocket URL).
    pub server: String,
}

/// The account list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountList {
    /// The id of the account commands act on.
    pub current: Option<String>,
    /// Every account signed in here.
    pub accounts: Vec<AccountRecord>,
}

impl AccountList {
    /// The current account, if any.
    pub fn current(&self) -> Option<&AccountRecord> {
        let current = self.current.as_deref()?;
        self.accounts.iter().find(|account| account.id == current)
    }

    /// Adds or replaces `record` and makes it current.
    pub fn put_current(&mut self, record: AccountRecord) {
        self.accounts.retain(|account| account.id != record.id);
        self.current = Some(record.id.clone());
        self.accounts.push(record);
    }

    /// Removes an account; the current one falls to the first left.
    pub fn remove(&mut self, id: &str) {
        self.accounts.retain(|account| account.id != id);
        if self.current.as_deref() == Some(id) {
            self.current = self.accounts.first().map(|account| account.id.clone());
        }
    }
}

/// Парта's data folder: `PARTA_DATA_DIR` when set, else the OS data folder for Парта
/// (`~/.local/share/ru.parta.desktop` on Linux).
pub fn default_data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|dir| !dir.is_empty()) {
        return PathBuf::from(dir);
    }
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join(APP_DIR_NAME)
}

/// An account's id from its platform and person.
pub fn account_id(platform: &str, person_id: i64) -> String {
    format!("{platform}-{person_id}")
}

/// An account's cache folder.
pub fn account_dir(data_dir: &Path, account_id: &str) -> PathBuf {
    data_dir.join(ACCOUNTS_DIR).join(account_id)
}

/// Reads the account list; a missing file is an empty list.
pub fn load(data_dir: &Path) -> Result<AccountList> {
    let path = data_dir.join(ACCOUNTS_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Ok(AccountList::default());
        }
        Err(error) => return Err(error.into()),
    };
    serde_json::from_str(&text).map_err(|error| AccountsError::AccountList {
        path: path.display().to_string(),
        reason: error.to_string(),
    })
}

/// Creates the data folder, readable by its owner only (a school PC is shared). A folder that
/// already exists is left as it is (`--data` may name any folder).
pub fn create_data_dir(data_dir: &Path) -> Result<()> {
    if data_dir.is_dir() {
        return Ok(());
    }
    // On Windows the folder inherits the profile's owner-only ACLs (see parta-core's `private`).
    parta_core::store::private::create_private_dir(data_dir)?;
    Ok(())
}

/// Writes the account list (atomically: a temporary file, then a rename).
pub fn save(data_dir: &Path, list: &AccountList) -> Result<()> {
    create_data_dir(data_dir)?;
    let path = data_dir.join(ACCOUNTS_FILE);
    let temporary = data_dir.join(format!("{ACCOUNTS_FILE}.tmp"));
    let text = serde_json::to_string_pretty(list).map_err(|error| AccountsError::AccountList {
        path: path.display().to_string(),
        reason: error.to_string(),
    })?;
    // Owner-only from the start (the list names the accounts of this computer).
    match std::fs::remove_file(&temporary) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => return Err(error.into()),
        _ => {}
    }
    parta_core::store::private::create_private_file(&temporary)?;
    std::fs::write(&temporary, text)?;
    std::fs::rename(&temporary, &path)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn put_and_remove_keep_a_current_account() {
        let mut list = AccountList::default();
        list.put_current(record("max-1"));
        list.put_current(record("max-2"));
        assert_eq!(list.current().map(|a| a.id.as_str()), Some("max-2"));
        list.remove("max-2");
        assert_eq!(list.current().map(|a| a.id.as_str()), Some("max-1"));
        list.remove("max-1");
        assert!(list.current().is_none());
    }

    #[test]
    fn the_list_round_trips_through_its_file() -> Result<()> {
        let dir = std::env::temp_dir().join(format!("parta-accounts-{}", std::process::id()));
        let mut list = AccountList::default();
        list.put_current(record("max-7"));
        save(&dir, &list)?;
        assert_eq!(load(&dir)?, list);
        std::fs::remove_dir_all(&dir)?;
        Ok(())
    }
}
