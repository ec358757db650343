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

/// Why an account's cache could not be opened or wiped. `Display` is for people: the keyring's
/// Russian sentence, or the cache's own words (the shell and the CLI word the cache's errors).
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    /// The keyring could not give or keep the cache's key, or forget the account's secrets.
    #[error(transparent)]
    Keyring(#[from] crate::SecretError),
    /// The cache itself could not be opened.
    #[error(transparent)]
    Store(#[from] parta_core::CoreError),
    /// The data folder (the account list, the account's folder) could not be read or written.
    #[error(transparent)]
    Accounts(#[from] AccountsError),
}

impl From<std::io::Error> for CacheError {
    fn from(error: std::io::Error) -> Self {
        CacheError::Accounts(AccountsError::Io(error))
    }
}
