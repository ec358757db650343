//! Парта's accounts, shared by the desktop shell and the `parta` command line.
//!
//! Design: small modules with no knowledge of any platform. [`accounts`] is the data folder
//! (which accounts are signed in here, which is current, where each one's cache lives; no
//! secrets); [`secrets`] is the OS keyring, the only place a token, a deviceId or a cache key is
//! kept. Both the shell and the CLI read the same folder and the same keyring entries, so an
//! account signed in with `parta login` opens in the window and the other way round. [`cache`]
//! joins the two: it opens an account's encrypted cache with the key from the keyring, and signs
//! out (removes the account's folder, secrets and list entry).

pub mod accounts;
pub mod cache;
pub mod error;
pub mod secrets;

pub use accounts::{AccountList, AccountRecord};
pub use cache::{SignedOut, cache_key, open_cache, open_cache_with_key, sign_out};
pub use error::{AccountsError, CacheError, Result};
pub use secrets::{Keyring, Secret, SecretError, SecretKind};
