//! Signing an account out from the window: MAX is told when it can be, the account's engine
//! stops, and its cache, files and keyring entries go.
//!
//! Design: the keyring is read first; if it is locked nothing is deleted (no secret is left
//! behind untracked), as `parta logout` does. MAX hears one LOGIN + LOGOUT under a time limit,
//! and only when the account is not known to be offline; an unreachable server only means the
//! session ends on this computer alone (a shared school PC must be cleaned either way). Then
//! the next account opens, or the window shows the sign-in screen.

use std::sync::Arc;
use std::time::{Duration, Instant};

use parta_accounts::{Keyring, Secret, SecretError, SecretKind, accounts};
use parta_max::{ClientInfo, MaxClient, SyncMarkers};

use super::SignInError;
use crate::session::{AppState, SessionState};

/// How long telling the server may take in all.
const SERVER_TIMEOUT: Duration = Duration::from_secs(10);
/// How long to wait for a stopped engine to let go of its cache.
const RELEASE_TIMEOUT: Duration = Duration::from_secs(5);

/// Signs `account_id` out and opens whichever account is current next.
pub async fn sign_out(state: &AppState, account_id: &str) -> Result<SessionState, SignInError> {
    let data_dir = state.data_dir().to_path_buf();
    let list = accounts::load(&data_dir).map_err(|e| SignInError::Storage(e.to_string()))?;
    let Some(record) = list.accounts.iter().find(|a| a.id == account_id).cloned() else {
        return Err(SignInError::UnknownAccount(account_id.to_owned()));
    };
    let keyring = state.keyring().clone();
    let id = record.id.clone();
    let secrets = blocking(move || load_secrets(&keyring, &id)).await??;
    let known_offline = state
        .current()
        .filter(|session| session.account_id == record.id)
        .is_some_and(|session| !session.is_online());
    let told = match &secrets {
        Some((token, device_id)) if !known_offline => {
            tell_server(&record.server, token, device_id).await
        }
        _ => false,
    };
    tracing::info!(account = %record.id, told_server = told, "signing out");
    if let Some(session) = state.close_account(&record.id) {
        wait_for_release(session).await;
    }
    let (keyring, id, dir) = (state.keyring().clone(), record.id.clone(), data_dir.clone());
    blocking(move || wipe(&dir, &keyring, &id)).await??;
    let opening = state.clone();
    blocking(move || opening.open_current()).await?;
    Ok(state.session_state())
}

/// Removes the account's keyring entries (token, deviceId, cache key), its folder (cache,
/// files, staged and opened copies) and its line in the list.
fn wipe(
    data_dir: &std::path::Path,
    keyring: &Keyring,
    account_id: &str,
) -> Result<(), SignInError> {
    parta_accounts::sign_out(data_dir, account_id, keyring)?;
    Ok(())
}

type Secrets = Option<(Secret, Secret)>;

fn load_secrets(keyring: &Keyring, account_id: &str) -> Result<Secrets, SecretError> {
    let token = keyring.load(account_id, SecretKind::Token)?;
    let device_id = keyring.load(account_id, SecretKind::DeviceId)?;
    Ok(token.zip(device_id))
}

/// Logs in once and out; `false` when the server could not be told.
async fn tell_server(server: &str, token: &Secret, device_id: &Secret) -> bool {
    let attempt = async {
        let client = MaxClient::connect(server, ClientInfo::web(device_id.expose())).await?;
        client.login(token.expose(), SyncMarkers::default()).await?;
        client.logout().await
    };
    match tokio::time::timeout(SERVER_TIMEOUT, attempt).await {
        Ok(Ok(())) => true,
        Ok(Err(error)) => {
            tracing::info!(%error, "could not end the session on the server");
            false
        }
        Err(_) => false,
    }
}

/// Waits (briefly) until nothing but us holds the stopped session, so its cache is closed.
async fn wait_for_release<T>(session: Arc<T>) {
    let deadline = Instant::now() + RELEASE_TIMEOUT;
    while Arc::strong_count(&session) > 1 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, SignInError> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|_| SignInError::Storage("interrupted".into()))
}
