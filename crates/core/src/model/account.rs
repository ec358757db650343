use serde::{Deserialize, Serialize};

use super::PersonId;

/// The signed-in person that owns this cache. Secrets (token, deviceId) are never part of it:
/// they live in the OS keyring only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Account {
    /// The account's own person id; messages from it are never unread.
    pub person_id: PersonId,
    /// Which platform the account belongs to, e.g. `"max"`.
    pub platform: String,
    /// The name shown in the account switcher.
    pub display_name: String,
    /// The profile object the platform returned.
    pub raw_json: String,
}
