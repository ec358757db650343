//! Парта's accounts, shared by the desktop shell and the `parta` command line.
//!
//! Design: two small modules with no knowledge of any platform. [`accounts`] is the data folder
//! (which accounts are signed in here, which is current, where each one's cache lives; no
//! secrets); [`secrets`] is the OS keyring, the only place a token or a deviceId is kept. Both
//! the shell and the CLI read the same folder and the same keyring entries, so an account signed
//! in with `parta login` opens in the window and the other way round.

pub mod accounts;
pub mod error;
pub mod secrets;

pub use accounts::{AccountList, AccountRecord};
pub use error::{AccountsError, Result};
pub use secrets::{Keyring, Secret, SecretError, SecretKind};
