//! parta-sandbox: a loopback server speaking MAX's user protocol, with a demo school, SQLite
//! persistence, a control API and fault injection. See `crates/sandbox/README.md`.

pub mod codec;
pub mod error;

pub use error::{Result, SandboxError};
