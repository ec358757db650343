//! Парта's adapter for MAX, the messenger where Сферум lives since 2025.
//!
//! MAX has no published client API; `../shared/docs/protocols/max.md` records what open-source
//! clients agree on. This crate speaks it and nothing else:
//! - [`frame`]: the frames — JSON text frames (what we send over WebSocket) and the binary
//!   framing (10-byte header, msgpack, LZ4) that the server may answer in; decoding is total
//!   (bad bytes are an error, never a panic).
//! - [`connection`]: one WebSocket connection. A reader task matches responses to requests by
//!   `seq`, answers the server's pings, and hands every push to a channel; a writer sends our
//!   pings every 30 s. Dropping the connection ends both.
//! - [`client`]: the requests Парта makes (session init, QR sign-in, token login with sync
//!   markers, history, send, …), with MAX's error codes turned into [`MaxError`] variants that
//!   say what the caller must do (sign in again, wait, retry, or give up on a bad request).
//! - [`transfer`]: file bytes over HTTP in pieces (downloads resumed by range, uploads streamed
//!   from disk), so the app can show progress.
//! - [`tls`]: the trust roots: the usual web roots plus the Russian Trusted Root CA that MAX's
//!   servers chain to, shipped inside Парта.
//!
//! The adapter keeps every payload's raw JSON; it never decides policy (backoff, resync), which
//! lives in the core once.

pub mod client;
pub mod connection;
pub mod convert;
pub mod error;
pub mod frame;
pub mod opcode;
pub mod platform;
pub mod tls;
pub mod transfer;

/// MAX's web WebSocket endpoint: where a person signs in unless told otherwise (the sandbox and
/// IT staff point the app elsewhere).
pub const DEFAULT_SERVER: &str = "wss://ws-api.oneme.ru/websocket";

pub use client::{
    ClientInfo, LoginAnswer, MaxClient, OutgoingMessage, QrCode, QrLogin, QrStatus, SyncMarkers,
};
pub use connection::{Connection, Push};
pub use error::MaxError;
pub use frame::Frame;
pub use platform::MaxPlatform;
pub use transfer::{Download, UploadObserver};
