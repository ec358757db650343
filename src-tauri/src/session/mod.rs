//! The shell's session: which account is open, its engine, and the events to the window.
//!
//! Design: [`AppState`] (managed by Tauri) holds at most one [`AccountSession`] — the current
//! account's engine, a separate read connection to its cache for the window, and its status —
//! and the event channels of the open windows. Commands take `State<'_, AppState>`, call
//! [`AppState::current`] (or [`AppState::require`]) and read through
//! [`AccountSession::reader`]; anything that changes goes through the engine or its outbox,
//! and the window hears about it as a [`BackendEvent`] ([`AppState::emit`]).

mod account;
mod bridge;
mod dto;
pub mod events;
mod prefs;
mod state;

pub use account::{AccountSession, Status};
pub use dto::{AccountSummary, Connection, SessionState, SyncProgress};
pub use events::{BackendEvent, Transfer, TransferDirection};
pub use prefs::AccountPrefs;
pub use state::AppState;
