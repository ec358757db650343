//! `parta sync [--follow]`: not wired yet; the lead plugs the sync engine in here.
//!
//! Plug-in point, with the APIs as they stand:
//! ```text
//! let account = context.current_account()?;
//! let secrets = session::credentials(context, &account)?;            // keyring
//! let server = context.server_for(Some(&account));
//! let store = Store::open(accounts::account_dir(&context.data_dir, &account.id))?;
//! let platform = MaxPlatform::new(&server, secrets.token.expose(), secrets.device_id.expose())?;
//! let engine = SyncEngine::new(platform, store);
//! runtime.block_on(async {
//!     if follow { engine.run(async { let _ = tokio::signal::ctrl_c().await; }).await }
//!     else { engine.sync_once().await.map(drop) }
//! });
//! session::save_token(context, &account, &engine.platform().token())?; // MAX may replace it
//! ```
//! A `SyncError::Platform(PlatformError::AuthRevoked(_))` maps to
//! `CliError::SignInRefused`: report it once, exit non-zero, never log in again by itself.

use crate::Context;
use crate::error::{CliError, Result};

/// Runs `parta sync`.
pub fn run(_context: &Context, _follow: bool) -> Result<()> {
    Err(CliError::NotYetAvailable("sync"))
}
