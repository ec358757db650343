//! The shell's own per-account file, `parta-app.json` in the account's folder: what the window
//! needs to remember that is not platform data (when the cache last caught up, which chats the
//! person pinned, how they want to be notified). Never a secret. Written whole through a temporary file and a rename; a
//! missing or unreadable file reads as defaults (it only holds conveniences).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The file's name inside the account folder.
pub const PREFS_FILE: &str = "parta-app.json";

/// What the shell remembers about one account.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AccountPrefs {
    /// When a catch-up last finished (ms since the epoch).
    pub last_synced_ms: Option<i64>,
    /// Chats the person pinned to the top of the list.
    pub pinned_chats: BTreeSet<i64>,
    /// Pop-ups: on or off, privacy mode, quiet hours, exceptions (a parent's defaults).
    pub notifications: parta_core::notify::NotificationSettings,
}

impl AccountPrefs {
    /// Reads the account's file; defaults when it is missing or damaged.
    pub fn load(account_dir: &Path) -> AccountPrefs {
        let path = path(account_dir);
        match std::fs::read_to_string(&path) {
            Ok(text) => serde_json::from_str(&text).unwrap_or_else(|error| {
                tracing::warn!(path = %path.display(), %error, "app file unreadable; defaults");
                AccountPrefs::default()
            }),
            Err(_) => AccountPrefs::default(),
        }
    }

    /// Writes the account's file atomically.
    pub fn save(&self, account_dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(account_dir)?;
        let path = path(account_dir);
        let temporary = account_dir.join(format!("{PREFS_FILE}.tmp"));
        let text = serde_json::to_string_pretty(self).map_err(std::io::Error::other)?;
        std::fs::write(&temporary, text)?;
        std::fs::rename(&temporary, &path)
    }
}

fn path(account_dir: &Path) -> PathBuf {
    account_dir.join(PREFS_FILE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefs_round_trip_and_survive_damage() -> std::io::Result<()> {
        let dir = std::env::temp_dir().join(format!("parta-prefs-{}", std::process::id()));
        assert_eq!(AccountPrefs::load(&dir), AccountPrefs::default());
        let mut prefs = AccountPrefs {
            last_synced_ms: Some(42),
            ..AccountPrefs::default()
        };
        prefs.pinned_chats.insert(7);
        prefs.save(&dir)?;
        assert_eq!(AccountPrefs::load(&dir), prefs);
        std::fs::write(dir.join(PREFS_FILE), "{not json")?;
        assert_eq!(AccountPrefs::load(&dir), AccountPrefs::default());
        std::fs::remove_dir_all(&dir)
    }
}
