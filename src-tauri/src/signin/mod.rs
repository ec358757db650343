//! Signing in and out from the window: the QR code, the cloud password, several accounts.
//!
//! Design: [`flow`] runs one QR sign-in at a time on its own connection and reports on the
//! window's event channel (`BackendEvent::SignIn`); [`keep`] saves a finished sign-in exactly as
//! `parta login` does (keyring, cache, `accounts.json`), so the app and the CLI share accounts;
//! [`signout`] tells MAX, stops the engine and wipes the account. Sign-in is never retried by
//! itself (MAX blocks accounts that loop): every login attempt follows a person's action.

mod error;
mod flow;
mod keep;
mod signout;

pub use error::SignInError;
pub use flow::{QrView, SignIn, SignInProgress};
pub use signout::sign_out;
