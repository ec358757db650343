//! Binary frames: 10-byte header, msgpack payload, optional LZ4 raw block.

use serde_json::Value;

use super::{Frame, MAX_PAYLOAD, msgpack};
use crate::error::{Result, SandboxError};

/// Length of the binary header.
pub const HEADER_LEN: usize = 10;

/// Payloads longer than this are LZ4-compressed on the way out (maxion's rule).
const COMPRESS_OVER: usize = 32;

/// Reads the body length from a complete header, rejecting oversize frames before any body
/// byte is read. Returns `None` while fewer than [`HEADER_LEN`] bytes are available.
pub fn peek_binary_len(buf: &[u8]) -> Result<Option<usize>> {
    if buf.len() < HEADER_LEN {
        return Ok(None);
    }
    let len = usize::from(buf[7]) << 16 | usize::from(buf[8]) << 8 | usize::from(buf[9]);
    if len > MAX_PAYLOAD {
        return Err(SandboxError::TooLarge(len));
    }
    Ok(Some(len))
}

/// Decodes exactly one binary frame (header and body, nothing more).
pub fn decode_binary(buf: &[u8]) -> Result<Frame> {
    let Some(len) = peek_binary_len(buf)? else {
        return Err(SandboxError::Frame(format!(
            "truncated header: {} bytes",
            buf.len()
        )));
    };
    if buf.len() != HEADER_LEN + len {
        return Err(SandboxError::Frame(format!(
            "header says {len} body bytes, frame has {}",
            buf.len() - HEADER_LEN
        )));
    }
    let flag = buf[6];
    let body = &buf[HEADER_LEN..];
    let payload = if body.is_empty() {
        Value::Null
    } else if flag == 0 {
        msgpack::decode(body)?
    } else {
        msgpack::decode(&lz4_decompress(body, flag)?)?
    };
    Ok(Frame {
        ver: buf[0],
        cmd: buf[1],
        seq: u64::from(u16::from_be_bytes([buf[2], buf[3]])),
        opcode: u16::from_be_bytes([buf[4], buf[5]]),
        payload,
    })
}

/// LZ4 raw block without a stored size: grow the output buffer until it fits.
fn lz4_decompress(body: &[u8], flag: u8) -> Result<Vec<u8>> {
    let mut guess = (body.len() * usize::from(flag.max(2))).clamp(1024, MAX_PAYLOAD);
    loop {
        match lz4_flex::block::decompress(body, guess) {
            Ok(out) => return Ok(out),
            Err(lz4_flex::block::DecompressError::OutputTooSmall { .. }) if guess < MAX_PAYLOAD => {
                guess = (guess * 2).min(MAX_PAYLOAD);
            }
            Err(e) => return Err(SandboxError::Frame(format!("lz4: {e}"))),
        }
    }
}

/// Encodes a frame in binary; payloads over 32 bytes are LZ4-compressed when that helps.
/// The flag is `floor(raw/packed)+1`, capped at 254 (PyMax reads 255 as zstd).
pub fn encode_binary(frame: &Frame) -> Vec<u8> {
    let raw = if frame.payload.is_null() {
        Vec::new()
    } else {
        msgpack::encode(&frame.payload)
    };
    let (flag, body) = if raw.len() > COMPRESS_OVER {
        let packed = lz4_flex::block::compress(&raw);
        if packed.len() < raw.len() {
            let ratio = raw.len() / packed.len().max(1) + 1;
            (u8::try_from(ratio.min(254)).unwrap_or(254), packed)
        } else {
            (0, raw)
        }
    } else {
        (0, raw)
    };
    let len = body.len().min(0xFF_FFFF);
    let seq = (frame.seq & 0xFFFF) as u16;
    let mut out = Vec::with_capacity(HEADER_LEN + len);
    out.push(frame.ver);
    out.push(frame.cmd);
    out.extend_from_slice(&seq.to_be_bytes());
    out.extend_from_slice(&frame.opcode.to_be_bytes());
    out.push(flag);
    out.extend_from_slice(&(len as u32).to_be_bytes()[1..]);
    out.extend_from_slice(&body[..len]);
    out
}
