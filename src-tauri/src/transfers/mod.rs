//! Files on their way in and out: staged files waiting for a send, uploads' progress, and
//! downloads into the cache that many callers may wait for at once.
//!
//! Design: the window hands a file's bytes over once ([`staging`]); they sit in the account's
//! `staging/` folder under a random id (never the file's name) until the message is sent, then
//! move to `outgoing/` where the outbox's upload reads them, and are deleted when the message is
//! sent or discarded ([`uploads`]). A download ([`downloads`]) streams into the core's
//! content-addressed cache; a second request for the same file joins the first. Both report
//! [`crate::session::Transfer`]s to the window.

pub mod downloads;
mod error;
pub mod staging;
pub mod uploads;

pub use downloads::Downloads;
pub use error::FilesError;
pub use staging::StagedFile;
pub use uploads::Uploads;

use std::time::{Duration, Instant};

/// The window hears about a transfer at most this often (plus its start and end).
const PROGRESS_EVERY: Duration = Duration::from_millis(150);

/// Lets through one progress report per [`PROGRESS_EVERY`].
#[derive(Debug)]
pub(crate) struct Throttle {
    last: Option<Instant>,
}

impl Throttle {
    pub(crate) fn new() -> Self {
        Self { last: None }
    }

    /// Whether to report now.
    pub(crate) fn ready(&mut self) -> bool {
        let now = Instant::now();
        match self.last {
            Some(last) if now.duration_since(last) < PROGRESS_EVERY => false,
            _ => {
                self.last = Some(now);
                true
            }
        }
    }
}
