//! JSON text frames.

use serde_json::{Map, Value, json};

use super::{Frame, MAX_PAYLOAD};
use crate::error::{Result, SandboxError};

/// Decodes one JSON text frame. A missing `payload` is `Null`; `seq` must be a non-negative
/// integer and `opcode` fit in 16 bits.
pub fn decode_json(text: &str) -> Result<Frame> {
    if text.len() > MAX_PAYLOAD {
        return Err(SandboxError::TooLarge(text.len()));
    }
    let value: Value =
        serde_json::from_str(text).map_err(|e| SandboxError::Frame(format!("json: {e}")))?;
    let Value::Object(mut obj) = value else {
        return Err(SandboxError::Frame("frame is not a JSON object".into()));
    };
    let opcode =
        field_u64(&obj, "opcode")?.ok_or_else(|| SandboxError::Frame("no opcode".into()))?;
    let opcode = u16::try_from(opcode).map_err(|_| SandboxError::Frame("opcode > 65535".into()))?;
    let seq = field_u64(&obj, "seq")?.unwrap_or(0);
    let cmd = field_u64(&obj, "cmd")?.unwrap_or(0);
    let cmd = u8::try_from(cmd).map_err(|_| SandboxError::Frame("cmd > 255".into()))?;
    let ver = field_u64(&obj, "ver")?.unwrap_or(11);
    let ver = u8::try_from(ver).unwrap_or(11);
    let payload = obj.remove("payload").unwrap_or(Value::Null);
    Ok(Frame {
        ver,
        cmd,
        seq,
        opcode,
        payload,
    })
}

fn field_u64(obj: &Map<String, Value>, key: &str) -> Result<Option<u64>> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_u64()
            .map(Some)
            .ok_or_else(|| SandboxError::Frame(format!("`{key}` is not a non-negative integer"))),
    }
}

/// Encodes a frame as JSON text.
pub fn encode_json(frame: &Frame) -> String {
    json!({
        "ver": frame.ver,
        "cmd": frame.cmd,
        "seq": frame.seq,
        "opcode": frame.opcode,
        "payload": frame.payload,
    })
    .to_string()
}
