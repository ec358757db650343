//! `parta send CHAT TEXT [--file PATH]`: not wired yet; the lead plugs the outbox in here.
//!
//! Plug-in point: build the engine as in [`super::sync`], then
//! ```text
//! let chat_id = session::resolve_chat(&engine.store(), chat)?;       // id or title part
//! let outbox = Outbox::new(engine.clone());
//! let cid = match file {
//!     Some(path) => outbox.send_file(chat_id, &LocalFile { … }, text)?, // upload, then send
//!     None => outbox.send_text(chat_id, text, None)?,                  // persisted before I/O
//! };
//! runtime.block_on(async { engine.sync_once().await?; outbox.flush().await })?;
//! ```
//! and print the entry's state (sent, pending with its reason, or failed); a pending entry is
//! sent by the next `parta sync`, once.

use std::path::Path;

use crate::Context;
use crate::error::{CliError, Result};

/// Runs `parta send`.
pub fn run(_context: &Context, _chat: &str, _text: &str, _file: Option<&Path>) -> Result<()> {
    Err(CliError::NotYetAvailable("send"))
}
