//! msgpack <-> JSON value conversion.
//!
//! Map keys that are not strings (MAX sends integer chat ids as keys) become their decimal text;
//! ext type 1 wraps a nested msgpack value and is unwrapped; binary blobs become byte arrays.

use serde_json::{Map, Number, Value};

use crate::error::{Result, SandboxError};

/// Deepest nesting accepted in a msgpack payload.
const MAX_DEPTH: usize = 64;

/// Decodes a whole msgpack document (no trailing bytes) into JSON.
pub fn decode(bytes: &[u8]) -> Result<Value> {
    let mut rd = bytes;
    let value = rmpv::decode::read_value_with_max_depth(&mut rd, MAX_DEPTH)
        .map_err(|e| SandboxError::Frame(format!("msgpack: {e}")))?;
    if !rd.is_empty() {
        return Err(SandboxError::Frame("msgpack: trailing bytes".into()));
    }
    to_json(value, 0)
}

fn to_json(value: rmpv::Value, depth: usize) -> Result<Value> {
    if depth > MAX_DEPTH {
        return Err(SandboxError::Frame("msgpack: nested too deep".into()));
    }
    Ok(match value {
        rmpv::Value::Nil => Value::Null,
        rmpv::Value::Boolean(b) => Value::Bool(b),
        rmpv::Value::Integer(i) => match (i.as_i64(), i.as_u64()) {
            (Some(n), _) => Value::from(n),
            (None, Some(n)) => Value::from(n),
            _ => Value::Null,
        },
        rmpv::Value::F32(f) => Number::from_f64(f64::from(f)).map_or(Value::Null, Value::Number),
        rmpv::Value::F64(f) => Number::from_f64(f).map_or(Value::Null, Value::Number),
        rmpv::Value::String(s) => Value::String(s.into_str().unwrap_or_default()),
        rmpv::Value::Binary(b) => Value::Array(b.into_iter().map(Value::from).collect()),
        rmpv::Value::Array(items) => Value::Array(
            items
                .into_iter()
                .map(|v| to_json(v, depth + 1))
                .collect::<Result<Vec<_>>>()?,
        ),
        rmpv::Value::Map(pairs) => {
            let mut map = Map::new();
            for (k, v) in pairs {
                let key = match k {
                    rmpv::Value::String(s) => s.into_str().unwrap_or_default(),
                    other => match to_json(other, depth + 1)? {
                        Value::String(s) => s,
                        v => v.to_string(),
                    },
                };
                map.insert(key, to_json(v, depth + 1)?);
            }
            Value::Object(map)
        }
        rmpv::Value::Ext(1, data) => {
            let mut rd = data.as_slice();
            let inner = rmpv::decode::read_value_with_max_depth(&mut rd, MAX_DEPTH - depth.min(63))
                .map_err(|e| SandboxError::Frame(format!("msgpack ext: {e}")))?;
            to_json(inner, depth + 1)?
        }
        rmpv::Value::Ext(_, data) => Value::Array(data.into_iter().map(Value::from).collect()),
    })
}

/// Encodes a JSON value as msgpack.
pub fn encode(value: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = rmpv::encode::write_value(&mut out, &from_json(value));
    out
}

fn from_json(value: &Value) -> rmpv::Value {
    match value {
        Value::Null => rmpv::Value::Nil,
        Value::Bool(b) => rmpv::Value::Boolean(*b),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                rmpv::Value::from(i)
            } else if let Some(u) = n.as_u64() {
                rmpv::Value::from(u)
            } else {
                rmpv::Value::F64(n.as_f64().unwrap_or(0.0))
            }
        }
        Value::String(s) => rmpv::Value::from(s.as_str()),
        Value::Array(items) => rmpv::Value::Array(items.iter().map(from_json).collect()),
        Value::Object(map) => rmpv::Value::Map(
            map.iter()
                .map(|(k, v)| (rmpv::Value::from(k.as_str()), from_json(v)))
                .collect(),
        ),
    }
}
