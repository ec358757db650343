//! Codec unit tests, including fuzz-style robustness checks.

use serde_json::json;

use super::*;
use crate::error::SandboxError;

fn sample() -> Frame {
    Frame {
        ver: 10,
        cmd: 0,
        seq: 513,
        opcode: 64,
        payload: json!({"chatId": -42, "message": {"text": "Привет, класс! ".repeat(10), "cid": 1}}),
    }
}

#[test]
fn json_roundtrip() {
    let f = sample();
    assert_eq!(decode_json(&encode_json(&f)).unwrap(), Frame { ..f });
}

#[test]
fn json_missing_payload_is_null() {
    let f = decode_json(r#"{"ver":11,"cmd":0,"seq":7,"opcode":1}"#).unwrap();
    assert_eq!(f.payload, serde_json::Value::Null);
    assert_eq!(f.seq, 7);
}

#[test]
fn json_rejects_garbage() {
    for bad in [
        "",
        "{",
        "[]",
        "42",
        r#"{"seq":1}"#,
        r#"{"opcode":-1}"#,
        r#"{"opcode":70000}"#,
        r#"{"opcode":1,"seq":-5}"#,
        r#"{"opcode":1,"seq":"x"}"#,
        r#"{"opcode":1,"cmd":999}"#,
    ] {
        assert!(decode_json(bad).is_err(), "{bad}");
    }
}

#[test]
fn binary_roundtrip_compressed() {
    let f = sample();
    let bytes = encode_binary(&f);
    assert_ne!(bytes[6], 0, "long payload should be compressed");
    assert_ne!(bytes[6], 255, "255 means zstd to PyMax");
    assert_eq!(decode_binary(&bytes).unwrap(), f);
}

#[test]
fn binary_small_payload_uncompressed_and_empty_payload() {
    let f = Frame {
        ver: 10,
        cmd: 1,
        seq: 2,
        opcode: 1,
        payload: json!({"a": 1}),
    };
    let bytes = encode_binary(&f);
    assert_eq!(bytes[6], 0);
    assert_eq!(decode_binary(&bytes).unwrap(), f);
    let empty = [0x0a, 0x01, 0x00, 0x02, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00];
    let f = decode_binary(&empty).unwrap();
    assert_eq!(
        (f.cmd, f.seq, f.opcode, f.payload.is_null()),
        (1, 2, 1, true)
    );
}

#[test]
fn binary_seq_wraps_to_16_bits() {
    let mut f = sample();
    f.seq = 65_536 + 5;
    assert_eq!(decode_binary(&encode_binary(&f)).unwrap().seq, 5);
}

#[test]
fn binary_reads_maxion_style_frame() {
    // What maxion's Packet.to_bytes produces: msgpack map, flag floor(raw/packed)+1.
    let raw = msgpack::encode(&json!({"text": "a".repeat(200), "7": [1, 2, 3]}));
    let packed = lz4_flex::block::compress(&raw);
    let mut bytes = vec![10, 0, 0, 9, 0, 64, (raw.len() / packed.len() + 1) as u8];
    bytes.extend_from_slice(&(packed.len() as u32).to_be_bytes()[1..]);
    bytes.extend_from_slice(&packed);
    let f = decode_binary(&bytes).unwrap();
    assert_eq!(f.payload["7"], json!([1, 2, 3]));
}

#[test]
fn msgpack_int_keys_and_ext1() {
    let inner = msgpack::encode(&json!({"x": 1}));
    let doc = rmpv::Value::Map(vec![
        (rmpv::Value::from(5), rmpv::Value::from("five")),
        (rmpv::Value::from("nested"), rmpv::Value::Ext(1, inner)),
    ]);
    let mut buf = Vec::new();
    rmpv::encode::write_value(&mut buf, &doc).unwrap();
    let v = msgpack::decode(&buf).unwrap();
    assert_eq!(v, json!({"5": "five", "nested": {"x": 1}}));
}

#[test]
fn binary_rejects_bad_input() {
    // truncated header
    assert!(decode_binary(&[10, 0, 0]).is_err());
    // length mismatch
    assert!(decode_binary(&[10, 0, 0, 1, 0, 1, 0, 0, 0, 5, 0x80]).is_err());
    // oversize announced
    assert!(matches!(
        peek_binary_len(&[10, 0, 0, 1, 0, 1, 0, 0xFF, 0xFF, 0xFF]),
        Err(SandboxError::TooLarge(_))
    ));
    // broken LZ4
    let mut bad = vec![10, 0, 0, 1, 0, 1, 3, 0, 0, 6];
    bad.extend_from_slice(&[0xF0, 0xFF, 0xFF, 0xFF, 0xFF, 0x00]);
    assert!(decode_binary(&bad).is_err());
    // msgpack with trailing garbage / truncated map
    assert!(decode_binary(&[10, 0, 0, 1, 0, 1, 0, 0, 0, 2, 0xc0, 0xc0]).is_err());
    assert!(decode_binary(&[10, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0x81]).is_err());
    // huge declared array length does not allocate or panic
    assert!(decode_binary(&[10, 0, 0, 1, 0, 1, 0, 0, 0, 5, 0xdd, 0xff, 0xff, 0xff, 0xff]).is_err());
}

#[test]
fn deep_nesting_rejected_without_stack_overflow() {
    let mut body = vec![0x91; 100_000];
    body.push(0xc0);
    let mut frame = vec![10, 0, 0, 1, 0, 1, 0];
    frame.extend_from_slice(&(body.len() as u32).to_be_bytes()[1..]);
    frame.extend_from_slice(&body);
    assert!(decode_binary(&frame).is_err());
    let deep = "[".repeat(100_000);
    assert!(decode_json(&format!(r#"{{"opcode":1,"payload":{deep}}}"#)).is_err());
}

/// A small deterministic PRNG so the fuzz test needs no dependency.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn fuzz_random_and_mutated_frames_never_panic() {
    let mut rng = XorShift(0x5eed_1234_abcd_0001);
    let seeds = [
        encode_binary(&sample()),
        encode_binary(&Frame { seq: 1, ..sample() }),
    ];
    for i in 0..20_000 {
        let mut bytes = if i % 2 == 0 {
            let len = (rng.next() % 64) as usize;
            (0..len).map(|_| rng.next() as u8).collect::<Vec<_>>()
        } else {
            seeds[i % seeds.len()].clone()
        };
        if !bytes.is_empty() {
            for _ in 0..(rng.next() % 4 + 1) {
                let at = (rng.next() as usize) % bytes.len();
                bytes[at] = rng.next() as u8;
            }
        }
        let _ = decode_binary(&bytes);
        let _ = peek_binary_len(&bytes);
        let _ = decode_json(&String::from_utf8_lossy(&bytes));
    }
}
