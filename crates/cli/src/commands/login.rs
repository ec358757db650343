//! `parta login [--token T] [--device-id ID]`: sign in once, keep the secrets in the keyring and
//! the profile in the cache.
//!
//! Design: the keyring is checked first (a locked keyring is reported before the server issues a
//! token that could not be kept). With `--token` the token is verified by one LOGIN; without it
//! the QR flow in [`super::qr`] obtains a token. Either way the server is asked exactly once:
//! a refusal is reported and the command exits non-zero. Then the token and deviceId go into
//! the keyring, the profile into the account's cache, and the account becomes current. The
//! login's chats and messages are left to `parta sync` (the sync engine is the cache's only
//! writer of platform data).

use parta_core::model::Account;
use parta_max::{SyncMarkers, convert};
use serde_json::{Value, json};

use super::{qr, session};
use crate::Context;
use crate::accounts::{self, AccountRecord};
use crate::error::{CliError, Result};
use crate::secrets::{Secret, SecretKind};

/// What a successful sign-in yields, before anything is saved.
#[derive(Debug)]
pub struct SignedIn {
    /// The token to keep.
    pub token: Secret,
    /// The deviceId it is bound to.
    pub device_id: String,
    /// MAX's `profile.contact`.
    pub profile: Value,
}

/// Runs `parta login`.
pub fn run(context: &Context, token: Option<String>, device_id: Option<&str>) -> Result<()> {
    context.keyring.check_writable()?;
    let token = match token.as_deref() {
        Some("-") => Some(secret_from_stdin()?),
        _ => token.map(Secret::new),
    };
    let list = accounts::load(&context.data_dir)?;
    let server = context.server_for(list.current());
    let device_id = match device_id {
        Some(id) => id.to_owned(),
        None if token.is_some() => previous_device_id(context, list.current())?,
        None => new_device_id(),
    };
    let runtime = crate::runtime()?;
    let signed_in = match token {
        Some(token) => runtime.block_on(with_token(&server, token, device_id))?,
        None => runtime.block_on(qr::sign_in(context, &server, device_id))?,
    };
    let record = keep(context, &server, signed_in)?;
    if context.json {
        say!(
            "{}",
            json!({"signedIn": true, "account": record.id, "personId": record.person_id,
                   "name": record.name, "server": record.server})
        );
    } else {
        say!("Вы вошли как {}.", record.name);
        say!("Загрузите переписку командой `parta sync`.");
    }
    Ok(())
}

/// `--token -` or `--cookie -`: the secret is the first line of stdin (never echoed or kept
/// outside the keyring).
pub(crate) fn secret_from_stdin() -> Result<Secret> {
    use std::io::BufRead;
    let mut line = zeroize::Zeroizing::new(String::new());
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|error| CliError::Terminal(error.to_string()))?;
    Ok(Secret::new(line.trim()))
}

/// A fresh deviceId (MAX binds each token to one).
pub fn new_device_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// The current account's deviceId, so a token of this install stays valid; else a new one.
fn previous_device_id(context: &Context, current: Option<&AccountRecord>) -> Result<String> {
    let Some(account) = current else {
        return Ok(new_device_id());
    };
    Ok(context
        .keyring
        .load(&account.id, SecretKind::DeviceId)?
        .map_or_else(new_device_id, |id| id.expose().to_owned()))
}

/// Verifies `token` with one LOGIN.
async fn with_token(server: &str, token: Secret, device_id: String) -> Result<SignedIn> {
    let client = session::connect(server, &device_id).await?;
    let answer = client.login(token.expose(), SyncMarkers::default()).await?;
    Ok(SignedIn {
        token: answer.new_token.map_or(token, Secret::new),
        device_id,
        profile: answer.profile,
    })
}

/// Saves a sign-in: secrets into the keyring, the profile into the cache, the account into the
/// list (as the current one).
pub fn keep(context: &Context, server: &str, signed_in: SignedIn) -> Result<AccountRecord> {
    let person = convert::person(&signed_in.profile).map_err(CliError::Server)?;
    let id = accounts::account_id("max", person.id.0);
    context
        .keyring
        .store(&id, SecretKind::Token, signed_in.token.expose())?;
    context
        .keyring
        .store(&id, SecretKind::DeviceId, &signed_in.device_id)?;
    // The cache's key is made here, beside the token, on the account's first sign-in.
    let mut store = parta_accounts::open_cache(&context.data_dir, &id, &context.keyring)?;
    let account = Account {
        person_id: person.id,
        platform: "max".into(),
        display_name: person.name.clone(),
        raw_json: signed_in.profile.to_string(),
    };
    store.write(|batch| {
        batch.save_account(&account)?;
        batch.upsert_people(std::slice::from_ref(&person))
    })?;
    let record = AccountRecord {
        id,
        platform: "max".into(),
        person_id: person.id.0,
        name: person.name,
        server: server.to_owned(),
    };
    let mut list = accounts::load(&context.data_dir)?;
    list.put_current(record.clone());
    accounts::save(&context.data_dir, &list)?;
    Ok(record)
}

/// Prints a line of progress: plain text, or a JSON line with `--json`.
pub fn progress(context: &Context, text: &str, event: Value) {
    if context.json {
        say!("{event}");
    } else {
        say!("{text}");
    }
}
