//! MAX frames, both framings.
//!
//! Text: one JSON object a frame, `{"ver":11,"cmd":C,"seq":N,"opcode":OP,"payload":{…}}`.
//! Binary: a 10-byte big-endian header `ver u8 | cmd u8 | seq u16 | opcode u16 | flag u8 |
//! length u24`, then a msgpack payload; a non-zero flag means the payload is an LZ4 raw block
//! with no stored size, where the flag is `floor(raw / packed) + 1` — so the raw size is below
//! `flag × packed`, which bounds the buffer. msgpack ext type 1 wraps a nested msgpack value.
//! Parta sends text; it reads either. Every decoder returns an error on bad input, never panics.

use serde_json::{Map, Value, json};

use crate::MaxError;

/// The protocol version Парта speaks in text frames.
pub const TEXT_VERSION: u8 = 11;
/// The largest payload Парта accepts, compressed or not.
pub const MAX_PAYLOAD: usize = 16 * 1024 * 1024;
const HEADER_LEN: usize = 10;

/// What a frame is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmd {
    /// A request, or a push from the server.
    Request,
    /// A response to the request with the same `seq`.
    Response,
    /// An error answering the request with the same `seq`.
    Error,
    /// Anything else (kept, so an unknown kind is logged rather than fatal).
    Other(u8),
}

impl Cmd {
    fn from_u8(value: u8) -> Self {
        match value {
            0 => Cmd::Request,
            1 => Cmd::Response,
            3 => Cmd::Error,
            other => Cmd::Other(other),
        }
    }

    fn as_u8(self) -> u8 {
        match self {
            Cmd::Request => 0,
            Cmd::Response => 1,
            Cmd::Error => 3,
            Cmd::Other(other) => other,
        }
    }
}

/// One frame, whichever framing it came in.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    pub cmd: Cmd,
    pub seq: u16,
    pub opcode: u16,
    pub payload: Value,
}

impl Frame {
    pub fn request(seq: u16, opcode: u16, payload: Value) -> Self {
        Self {
            cmd: Cmd::Request,
            seq,
            opcode,
            payload,
        }
    }

    /// The text frame for this frame.
    pub fn to_text(&self) -> String {
        json!({
            "ver": TEXT_VERSION,
            "cmd": self.cmd.as_u8(),
            "seq": self.seq,
            "opcode": self.opcode,
            "payload": self.payload,
        })
        .to_string()
    }

    /// Reads a text frame.
    pub fn from_text(text: &str) -> Result<Self, MaxError> {
        if text.len() > MAX_PAYLOAD {
            return Err(MaxError::protocol(format!(
                "a text frame of {} bytes",
                text.len()
            )));
        }
        let value: Value = serde_json::from_str(text)
            .map_err(|error| MaxError::protocol(format!("a text frame is not JSON: {error}")))?;
        let field = |name: &str| value.get(name).and_then(Value::as_u64);
        let (Some(cmd), Some(seq), Some(opcode)) = (field("cmd"), field("seq"), field("opcode"))
        else {
            return Err(MaxError::protocol("a text frame lacks cmd, seq or opcode"));
        };
        let cmd = u8::try_from(cmd).map_err(|_| MaxError::protocol("cmd out of range"))?;
        let opcode =
            u16::try_from(opcode).map_err(|_| MaxError::protocol("opcode out of range"))?;
        Ok(Self {
            cmd: Cmd::from_u8(cmd),
            // `seq` is 16-bit on the wire and wraps; JSON peers may count past it.
            seq: (seq & 0xFFFF) as u16,
            opcode,
            payload: value.get("payload").cloned().unwrap_or(Value::Null),
        })
    }

    /// Reads a binary frame: exactly one header and its payload.
    pub fn from_binary(bytes: &[u8]) -> Result<Self, MaxError> {
        let Some(header) = bytes.get(..HEADER_LEN) else {
            return Err(MaxError::protocol(format!(
                "a binary header of {} bytes",
                bytes.len()
            )));
        };
        let flag = header[6];
        let length =
            usize::from(header[7]) << 16 | usize::from(header[8]) << 8 | usize::from(header[9]);
        let body = &bytes[HEADER_LEN..];
        if body.len() != length {
            return Err(MaxError::protocol(format!(
                "a binary header announces {length} bytes, the frame has {}",
                body.len()
            )));
        }
        let payload = match (body.is_empty(), flag) {
            (true, _) => Value::Null,
            (false, 0) => msgpack_to_json(body)?,
            (false, 0xFF) => {
                return Err(MaxError::protocol(
                    "zstd-compressed frames are not supported",
                ));
            }
            (false, ratio) => msgpack_to_json(&lz4_unpack(body, ratio)?)?,
        };
        Ok(Self {
            cmd: Cmd::from_u8(header[1]),
            seq: u16::from_be_bytes([header[2], header[3]]),
            opcode: u16::from_be_bytes([header[4], header[5]]),
            payload,
        })
    }
}

fn lz4_unpack(packed: &[u8], ratio: u8) -> Result<Vec<u8>, MaxError> {
    let bound = packed
        .len()
        .saturating_mul(usize::from(ratio).max(1) + 1)
        .min(MAX_PAYLOAD);
    lz4_flex::block::decompress(packed, bound)
        .map_err(|error| MaxError::protocol(format!("a compressed frame does not unpack: {error}")))
}

fn msgpack_to_json(mut bytes: &[u8]) -> Result<Value, MaxError> {
    let value = rmpv::decode::read_value_ref(&mut bytes)
        .map_err(|error| MaxError::protocol(format!("a payload is not msgpack: {error}")))?;
    if !bytes.is_empty() {
        return Err(MaxError::protocol(format!(
            "{} stray bytes after a payload",
            bytes.len()
        )));
    }
    msgpack_value_to_json(&value, 0)
}

/// How deep msgpack may nest before it is refused (a hostile frame could nest without end).
const MAX_DEPTH: usize = 64;

fn msgpack_value_to_json(value: &rmpv::ValueRef<'_>, depth: usize) -> Result<Value, MaxError> {
    use rmpv::ValueRef as V;
    if depth > MAX_DEPTH {
        return Err(MaxError::protocol("a payload nests too deep"));
    }
    Ok(match value {
        V::Nil => Value::Null,
        V::Boolean(b) => Value::Bool(*b),
        V::Integer(n) => n
            .as_i64()
            .map(Value::from)
            .or_else(|| n.as_u64().map(Value::from))
            .unwrap_or(Value::Null),
        V::F32(f) => json!(f),
        V::F64(f) => json!(f),
        V::String(s) => Value::String(
            s.as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| String::from_utf8_lossy(s.as_bytes()).into_owned()),
        ),
        V::Binary(bytes) => Value::Array(bytes.iter().map(|b| Value::from(*b)).collect()),
        V::Array(items) => Value::Array(
            items
                .iter()
                .map(|item| msgpack_value_to_json(item, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        V::Map(entries) => {
            let mut map = Map::with_capacity(entries.len());
            for (key, item) in entries {
                let key = match key {
                    V::String(s) => String::from_utf8_lossy(s.as_bytes()).into_owned(),
                    other => msgpack_value_to_json(other, depth + 1)?.to_string(),
                };
                map.insert(key, msgpack_value_to_json(item, depth + 1)?);
            }
            Value::Object(map)
        }
        V::Ext(1, inner) => {
            let mut inner: &[u8] = inner;
            let nested = rmpv::decode::read_value_ref(&mut inner).map_err(|error| {
                MaxError::protocol(format!("a nested value is not msgpack: {error}"))
            })?;
            msgpack_value_to_json(&nested, depth + 1)?
        }
        V::Ext(_, _) => Value::Null,
    })
}

#[cfg(test)]
mod tests;
