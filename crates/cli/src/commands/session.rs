//! Shared by the commands that talk to the server: connecting with a time limit, the signed-in
//! account's secrets, and resolving the CHAT argument against the cache.

use std::time::Duration;

use parta_core::Store;
use parta_core::model::ChatId;
use parta_core::sync::SyncEngine;
use parta_max::{ClientInfo, MaxClient, MaxPlatform};

use crate::Context;
use crate::accounts::AccountRecord;
use crate::error::{CliError, Result};
use crate::render;
use crate::secrets::{Secret, SecretKind};

/// How long connecting (TCP, TLS, WebSocket, session init) may take.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(20);

/// Connects to `server` as the device `device_id`.
pub async fn connect(server: &str, device_id: &str) -> Result<MaxClient> {
    match tokio::time::timeout(
        CONNECT_TIMEOUT,
        MaxClient::connect(server, ClientInfo::web(device_id)),
    )
    .await
    {
        Ok(client) => Ok(client?),
        Err(_) => Err(CliError::Network(format!(
            "no answer from {server} in time"
        ))),
    }
}

/// A signed-in account's token and deviceId, from the keyring.
#[derive(Debug)]
pub struct Credentials {
    /// The MAX token.
    pub token: Secret,
    /// The deviceId the token is bound to.
    pub device_id: Secret,
}

/// Loads the current account's credentials; [`CliError::TokenMissing`] when the keyring has none.
/// This is what `parta sync` and `parta send` start from: then [`connect`] with
/// `context.server_for(Some(&account))` and `device_id`, and log in once with `token`.
pub fn credentials(context: &Context, account: &AccountRecord) -> Result<Credentials> {
    let token = context.keyring.load(&account.id, SecretKind::Token)?;
    let device_id = context.keyring.load(&account.id, SecretKind::DeviceId)?;
    match (token, device_id) {
        (Some(token), Some(device_id)) => Ok(Credentials { token, device_id }),
        _ => Err(CliError::TokenMissing(account.id.clone())),
    }
}

/// Keeps a token the server issued in place of the stored one (MAX may replace it at login).
pub fn save_token(context: &Context, account: &AccountRecord, token: &str) -> Result<()> {
    let stored = context.keyring.load(&account.id, SecretKind::Token)?;
    if stored.as_ref().map(Secret::expose) != Some(token) && !token.is_empty() {
        context
            .keyring
            .store(&account.id, SecretKind::Token, token)?;
    }
    Ok(())
}

/// Finds the chat the person means: an id, an exact title, or a title fragment that only one
/// chat has (case does not matter).
pub fn resolve_chat(store: &Store, query: &str) -> Result<ChatId> {
    let own = store.account()?.map(|account| account.person_id);
    let chats = store.chat_list()?;
    if let Ok(id) = query.trim().parse::<i64>()
        && chats.iter().any(|entry| entry.chat.id.0 == id)
    {
        return Ok(ChatId(id));
    }
    let wanted = query.trim().to_lowercase();
    let titled: Vec<(ChatId, String)> = chats
        .iter()
        .map(|entry| (entry.chat.id, render::chat_title(store, &entry.chat, own)))
        .collect();
    if let Some((id, _)) = titled
        .iter()
        .find(|(_, title)| title.to_lowercase() == wanted)
    {
        return Ok(*id);
    }
    let matches: Vec<&(ChatId, String)> = titled
        .iter()
        .filter(|(_, title)| title.to_lowercase().contains(&wanted))
        .collect();
    match matches.as_slice() {
        [] => Err(CliError::ChatNotFound(query.to_owned())),
        [(id, _)] => Ok(*id),
        many => Err(CliError::ChatAmbiguous {
            query: query.to_owned(),
            candidates: many
                .iter()
                .map(|(id, title)| format!("«{title}» (id {id})"))
                .collect(),
        }),
    }
}

/// The current account's sync engine: its cache, and MAX with its keyring credentials. Only
/// built by the commands that go online (`sync`, `send`).
pub fn engine(context: &Context) -> Result<(AccountRecord, SyncEngine<MaxPlatform>)> {
    let account = context.current_account()?;
    let secrets = credentials(context, &account)?;
    let server = context.server_for(Some(&account));
    let platform = MaxPlatform::new(&server, secrets.token.expose(), secrets.device_id.expose())?;
    let (_, store) = context.open_store()?;
    Ok((account, SyncEngine::new(platform, store)))
}
