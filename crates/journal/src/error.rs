//! What can go wrong building an [`X1Journal`](crate::X1Journal) (requests fail with the core's
//! [`JournalFailure`](parta_core::diary::JournalFailure) instead).

/// A journal client that could not be built.
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    /// The journal's base URL is not an absolute `http(s)` URL with a host.
    #[error("the e-journal address «{url}» is not usable: {reason}")]
    BadBaseUrl {
        /// The address as given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The session cookie is empty or holds characters a cookie cannot (the value is not shown).
    #[error("the e-journal session cookie is empty or malformed")]
    BadCookie,
    /// The HTTP client (its TLS set-up) could not be built.
    #[error("the HTTP client for the e-journal could not start: {0}")]
    Client(String),
}
