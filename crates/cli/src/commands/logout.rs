//! `parta logout`: end the session on the server if it can be reached, then forget the account
//! here: its keyring entries (token, deviceId, cache key), its cache folder, its line in the
//! account list ([`parta_accounts::sign_out`], shared with the desktop shell).
//!
//! Design: the keyring is read first; if it is locked nothing is deleted (the person unlocks it
//! and runs the command again, so no secret is left behind untracked). The server is told with
//! one LOGIN + LOGOUT under a time limit; an unreachable server or an already revoked token only
//! adds a note, since the local data must go either way (a shared school PC).

use std::time::Duration;

use parta_max::SyncMarkers;
use serde_json::json;

use super::session::{self, Credentials};
use crate::accounts;
use crate::error::Result;
use crate::{Context, output};

/// How long telling the server may take in all.
const SERVER_TIMEOUT: Duration = Duration::from_secs(15);

/// Runs `parta logout`.
pub fn run(context: &Context) -> Result<()> {
    let list = accounts::load(&context.data_dir)?;
    let Some(account) = list.current().cloned() else {
        if context.json {
            output::print_json(&json!({"signedOut": false, "reason": "not_signed_in"}));
        } else {
            say!("Вы не вошли ни в один аккаунт: выходить не из чего.");
        }
        return Ok(());
    };
    let credentials = match session::credentials(context, &account) {
        Ok(credentials) => Some(credentials),
        Err(crate::error::CliError::TokenMissing(_)) => None,
        Err(error) => return Err(error),
    };
    let server = context.server_for(Some(&account));
    let told_server = match credentials {
        Some(credentials) => {
            let runtime = crate::runtime()?;
            runtime.block_on(tell_server(&server, &credentials))
        }
        None => false,
    };
    parta_accounts::sign_out(&context.data_dir, &account.id, &context.keyring)?;
    if context.json {
        output::print_json(&json!({
            "signedOut": true, "account": account.id, "serverNotified": told_server,
        }));
    } else {
        if !told_server {
            say!("Сервер MAX недоступен: сеанс завершён только на этом компьютере.");
        }
        say!(
            "Вы вышли из аккаунта {}. Токен удалён из связки ключей, локальные данные удалены.",
            account.name
        );
    }
    Ok(())
}

/// Logs in once and out; `false` when the server could not be told (unreachable, refused).
async fn tell_server(server: &str, credentials: &Credentials) -> bool {
    let attempt = async {
        let client = session::connect(server, credentials.device_id.expose()).await?;
        client
            .login(credentials.token.expose(), SyncMarkers::default())
            .await?;
        client.logout().await?;
        Ok::<(), crate::error::CliError>(())
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
