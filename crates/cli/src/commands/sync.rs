//! `parta sync [--follow]`: not wired yet.
//!
//! Plug-in point for the sync engine (`parta_core::sync`): take the current account
//! (`context.current_account()`), its secrets (`session::credentials`), the server
//! (`context.server_for(Some(&account))`), open the cache (`Store::open(accounts::account_dir(…))`),
//! connect (`session::connect(server, device_id)`) and hand client and store to the engine: one
//! pass, or live pushes until Ctrl-C with `follow`. A refused token must end in the signed-out
//! state with no retry.

use crate::Context;
use crate::error::{CliError, Result};

/// Runs `parta sync`.
pub fn run(_context: &Context, _follow: bool) -> Result<()> {
    Err(CliError::NotYetAvailable("sync"))
}
