//! `parta send CHAT TEXT [--file PATH]`: not wired yet.
//!
//! Plug-in point for the outbox (`parta_core::outbox`): open the cache (`context.open_store()`),
//! find the chat (`session::resolve_chat(&store, chat)`), enqueue the text (and the file as a
//! dependent upload) with a fresh `cid` before any network call, then run the sync engine until
//! the entry is sent or has failed for good, and print its state.

use std::path::Path;

use crate::Context;
use crate::error::{CliError, Result};

/// Runs `parta send`.
pub fn run(_context: &Context, _chat: &str, _text: &str, _file: Option<&Path>) -> Result<()> {
    Err(CliError::NotYetAvailable("send"))
}
