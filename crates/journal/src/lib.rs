//! Парта's adapter for the Orenburg X1 e-journal («Цифровое образование Оренбуржья»,
//! `de.edu.orb.ru`), implementing [`parta_core::diary::Journal`].
//!
//! Design: the site has no API meant for us, only the pages and JSON its own diary reads
//! (`/work/shared/docs/protocols/orenburg-diary.md`). The crate is two halves:
//! - [`parse`]: pure functions from the site's bytes to the core's diary model. They are
//!   lenient about what varies between regions and versions (Orenburg's and Kirov's field
//!   names, numbers sent as strings, missing fields), strict about what is not the expected
//!   thing at all (garbage, truncated JSON, a sign-in page): that becomes a
//!   [`JournalFailure`](parta_core::diary::JournalFailure) saying what the app must do, never a
//!   panic. No network, so they are tested (and fuzzed) on fixtures.
//! - [`X1Journal`]: the HTTP side. It sends the session cookie (`PHPSESSID`, which lives in the
//!   OS keyring, never in logs) with every request, follows no redirect (a redirect to the
//!   sign-in means the session ended), caps time and body size, and classifies HTTP failures
//!   (5xx and network → transient, 401/403 or the sign-in page → session expired).
//!
//! The adapter decides nothing: retries, backoff and what to tell the person live in the core
//! and the shell.

mod client;
mod error;
pub mod parse;
mod tls;

pub use client::X1Journal;
pub use error::JournalError;
