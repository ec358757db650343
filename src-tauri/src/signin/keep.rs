//! Keeping a finished sign-in, exactly as `parta login` does: the token and the deviceId into
//! the keyring, the profile into the account's cache, the account into `accounts.json` as the
//! current one. Blocking (the keyring talks D-Bus): run it off the async runtime.

use std::path::Path;

use parta_accounts::{AccountRecord, Keyring, Secret, SecretKind, accounts};
use parta_core::model::Account;
use parta_max::convert;
use serde_json::Value;

use super::SignInError;

/// What a sign-in yields before anything is kept.
pub struct SignedIn {
    /// The server it signed in to.
    pub server: String,
    /// The token to keep.
    pub token: Secret,
    /// The deviceId the token is bound to.
    pub device_id: String,
    /// MAX's `profile.contact`.
    pub profile: Value,
}

/// Saves `signed_in` and makes its account current; returns the account's record.
pub fn keep(
    data_dir: &Path,
    keyring: &Keyring,
    signed_in: SignedIn,
) -> Result<AccountRecord, SignInError> {
    let person = convert::person(&signed_in.profile).map_err(|error| {
        tracing::warn!(%error, "the profile of the signed-in person is unreadable");
        SignInError::Protocol
    })?;
    let id = accounts::account_id("max", person.id.0);
    keyring.store(&id, SecretKind::Token, signed_in.token.expose())?;
    keyring.store(&id, SecretKind::DeviceId, &signed_in.device_id)?;
    let storage = |error: &dyn std::fmt::Display| SignInError::Storage(error.to_string());
    // The cache's key is made here, beside the token, on the account's first sign-in.
    let mut store = parta_accounts::open_cache(data_dir, &id, keyring)?;
    let account = Account {
        person_id: person.id,
        platform: "max".into(),
        display_name: person.name.clone(),
        raw_json: signed_in.profile.to_string(),
    };
    store
        .write(|batch| {
            batch.save_account(&account)?;
            batch.upsert_people(std::slice::from_ref(&person))
        })
        .map_err(|e| storage(&e))?;
    drop(store);
    let record = AccountRecord {
        id,
        platform: "max".into(),
        person_id: person.id.0,
        name: person.name,
        server: signed_in.server,
    };
    let mut list = accounts::load(data_dir).map_err(|e| storage(&e))?;
    list.put_current(record.clone());
    accounts::save(data_dir, &list).map_err(|e| storage(&e))?;
    tracing::info!(account = %record.id, "signed in from the window");
    Ok(record)
}
