//! The crate's error type. `Display` is for the log; the shell and the CLI word it for people.

/// Everything reading or writing the data folder can fail with (the keyring has its own
/// [`crate::SecretError`]).
#[derive(Debug, thiserror::Error)]
pub enum AccountsError {
    /// A file of the data folder could not be read or written.
    #[error("data folder: {0}")]
    Io(#[from] std::io::Error),
    /// The data folder's account list is unreadable.
    #[error("account list {path}: {reason}")]
    AccountList {
        /// The file.
        path: String,
        /// What is wrong with it.
        reason: String,
    },
}

/// The crate's result type.
pub type Result<T, E = AccountsError> = std::result::Result<T, E>;
