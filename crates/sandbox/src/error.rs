//! The crate's error type.

/// Everything that can go wrong inside the sandbox.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    /// A frame could not be decoded (bad JSON, bad msgpack, bad header, bad LZ4).
    #[error("bad frame: {0}")]
    Frame(String),
    /// A frame announced or carried more bytes than the server accepts.
    #[error("frame too large: {0} bytes")]
    TooLarge(usize),
    /// The SQLite store failed.
    #[error("store: {0}")]
    Store(#[from] rusqlite::Error),
    /// A JSON value could not be (de)serialised.
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
    /// The demo-school seed file is unreadable or inconsistent.
    #[error("seed: {0}")]
    Seed(String),
    /// A socket or file operation failed.
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
}

/// The crate's result type.
pub type Result<T, E = SandboxError> = std::result::Result<T, E>;
