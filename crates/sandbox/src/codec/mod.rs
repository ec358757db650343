//! MAX frame codec.
//!
//! One [`Frame`] type, two encodings: JSON text (`{"ver","cmd","seq","opcode","payload"}`, web
//! client) and binary (10-byte big-endian header `ver|cmd|seq u16|opcode u16|flag u8|len u24`,
//! then a msgpack payload, LZ4 raw block when the flag is non-zero). Payloads are kept as
//! `serde_json::Value` whichever encoding carried them, so handlers never see the difference.
//! Decoders never panic: every malformed input is a [`SandboxError::Frame`] or
//! [`SandboxError::TooLarge`].
//!
//! [`SandboxError::Frame`]: crate::error::SandboxError::Frame
//! [`SandboxError::TooLarge`]: crate::error::SandboxError::TooLarge

mod binary;
mod json;
mod msgpack;

pub use binary::{HEADER_LEN, decode_binary, encode_binary, peek_binary_len};
pub use json::{decode_json, encode_json};

use serde_json::Value;

/// Largest payload (after decompression) the server accepts or produces: 4 MiB.
pub const MAX_PAYLOAD: usize = 4 * 1024 * 1024;

/// `cmd` of a request and of every server push.
pub const CMD_REQUEST: u8 = 0;
/// `cmd` of a response.
pub const CMD_RESPONSE: u8 = 1;
/// `cmd` of an error response.
pub const CMD_ERROR: u8 = 3;

/// Which encoding a frame travelled in; answers use the one the request used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// JSON text frames (web client).
    Json,
    /// Binary header + msgpack (+ LZ4) frames.
    Binary,
}

/// One protocol frame.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    /// Protocol version (11 for JSON, 10 for binary).
    pub ver: u8,
    /// 0 request/push, 1 response, 3 error.
    pub cmd: u8,
    /// Sequence number, echoed in the response. 16-bit on the binary wire.
    pub seq: u64,
    /// Operation code.
    pub opcode: u16,
    /// The payload; `Null` for an empty payload.
    pub payload: Value,
}

impl Frame {
    /// A response to `req` carrying `payload`.
    pub fn response(req: &Frame, payload: Value) -> Frame {
        Frame {
            ver: req.ver,
            cmd: CMD_RESPONSE,
            seq: req.seq,
            opcode: req.opcode,
            payload,
        }
    }

    /// An error response to `req`.
    pub fn error(req: &Frame, payload: Value) -> Frame {
        Frame {
            ver: req.ver,
            cmd: CMD_ERROR,
            seq: req.seq,
            opcode: req.opcode,
            payload,
        }
    }

    /// A server push.
    pub fn push(opcode: u16, seq: u64, payload: Value) -> Frame {
        Frame {
            ver: 11,
            cmd: CMD_REQUEST,
            seq,
            opcode,
            payload,
        }
    }
}

#[cfg(test)]
mod tests;
