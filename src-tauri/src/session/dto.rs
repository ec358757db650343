//! The session's shapes for the window (`SessionState` and friends in `backend.ts`).

use serde::Serialize;

/// One signed-in account in the switcher.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountSummary {
    /// `max-<person id>`.
    pub id: String,
    /// The name to show.
    pub name: String,
    /// Two letters for the avatar.
    pub initials: String,
    /// The account the window shows.
    pub current: bool,
}

/// Where the connection stands, for the status line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Connection {
    /// Nobody is signed in here.
    NoAccount,
    /// Logging in and catching up.
    Connecting,
    /// Caught up; changes arrive as they happen.
    Online,
    /// The platform cannot be reached; the app tries again by itself.
    Offline {
        /// A Russian sentence.
        reason: String,
        /// Seconds until the next attempt.
        retry_in_s: u64,
    },
    /// The person must sign in again; never retried.
    SignedOut {
        /// A Russian sentence.
        reason: String,
    },
}

/// Catch-up progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncProgress {
    /// Chats done.
    pub done: usize,
    /// Chats to do.
    pub total: usize,
}

/// Everything the status line and the account switcher show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionState {
    /// Every account signed in here.
    pub accounts: Vec<AccountSummary>,
    /// The current account's own person id.
    pub own_person_id: Option<String>,
    /// The connection.
    pub connection: Connection,
    /// Set while a catch-up runs.
    pub progress: Option<SyncProgress>,
    /// When the cache last caught up (ms).
    pub last_synced_ms: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connection_serializes_as_the_window_expects() -> Result<(), serde_json::Error> {
        let offline = Connection::Offline {
            reason: "нет сети".into(),
            retry_in_s: 5,
        };
        assert_eq!(
            serde_json::to_string(&offline)?,
            r#"{"type":"offline","reason":"нет сети","retryInS":5}"#
        );
        assert_eq!(
            serde_json::to_string(&Connection::NoAccount)?,
            r#"{"type":"noAccount"}"#
        );
        Ok(())
    }
}
