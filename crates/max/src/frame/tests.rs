use serde_json::json;

use super::*;

fn binary(cmd: u8, seq: u16, opcode: u16, flag: u8, body: &[u8]) -> Vec<u8> {
    let mut out = vec![10, cmd];
    out.extend_from_slice(&seq.to_be_bytes());
    out.extend_from_slice(&opcode.to_be_bytes());
    out.push(flag);
    out.extend_from_slice(&(body.len() as u32).to_be_bytes()[1..]);
    out.extend_from_slice(body);
    out
}

fn msgpack(value: &rmpv::Value) -> Vec<u8> {
    let mut out = Vec::new();
    rmpv::encode::write_value(&mut out, value).unwrap();
    out
}

fn sample() -> rmpv::Value {
    rmpv::Value::Map(vec![
        ("chatId".into(), 42.into()),
        (
            "text".into(),
            "Завтра контрольная по алгебре, повторите параграф 12.".into(),
        ),
        ("attaches".into(), rmpv::Value::Array(vec![])),
    ])
}

#[test]
fn text_frames_round_trip() {
    let frame = Frame::request(
        7,
        64,
        json!({ "chatId": 1, "message": { "text": "Привет" } }),
    );
    assert_eq!(Frame::from_text(&frame.to_text()).unwrap(), frame);
}

#[test]
fn text_frames_without_a_payload_carry_null() {
    let frame = Frame::from_text(r#"{"ver":11,"cmd":1,"seq":3,"opcode":1}"#).unwrap();
    assert_eq!(
        (frame.cmd, frame.seq, frame.payload),
        (Cmd::Response, 3, Value::Null)
    );
}

#[test]
fn bad_text_frames_are_errors() {
    for text in [
        "",
        "[]",
        "{",
        r#"{"cmd":1}"#,
        r#"{"cmd":999,"seq":1,"opcode":1}"#,
        "\u{0}",
    ] {
        assert!(
            matches!(Frame::from_text(text), Err(MaxError::Protocol(_))),
            "{text:?}"
        );
    }
}

#[test]
fn plain_binary_frames_decode() {
    let bytes = binary(1, 513, 64, 0, &msgpack(&sample()));
    let frame = Frame::from_binary(&bytes).unwrap();
    assert_eq!(
        (frame.cmd, frame.seq, frame.opcode),
        (Cmd::Response, 513, 64)
    );
    assert_eq!(frame.payload["chatId"], 42);
    assert_eq!(
        frame.payload["text"],
        "Завтра контрольная по алгебре, повторите параграф 12."
    );
}

#[test]
fn lz4_binary_frames_decode_with_the_ratio_flag() {
    let raw = msgpack(&rmpv::Value::Array(vec![sample(); 50]));
    let packed = lz4_flex::block::compress(&raw);
    let flag = u8::try_from(raw.len() / packed.len() + 1).unwrap();
    let frame = Frame::from_binary(&binary(0, 1, 128, flag, &packed)).unwrap();
    assert_eq!(frame.payload.as_array().unwrap().len(), 50);
}

#[test]
fn nested_msgpack_in_ext_1_is_unwrapped() {
    let inner = msgpack(&sample());
    let outer = msgpack(&rmpv::Value::Map(vec![(
        "message".into(),
        rmpv::Value::Ext(1, inner),
    )]));
    let frame = Frame::from_binary(&binary(0, 1, 128, 0, &outer)).unwrap();
    assert_eq!(frame.payload["message"]["chatId"], 42);
}

#[test]
fn an_empty_binary_payload_is_null() {
    assert_eq!(
        Frame::from_binary(&binary(1, 1, 1, 0, &[]))
            .unwrap()
            .payload,
        Value::Null
    );
}

#[test]
fn bad_binary_frames_are_errors_not_panics() {
    let good = binary(1, 1, 64, 0, &msgpack(&sample()));
    let mut cases: Vec<Vec<u8>> = vec![vec![], vec![10, 1, 0], good[..good.len() - 1].to_vec()];
    cases.push([good.clone(), vec![0]].concat()); // a byte more than announced
    cases.push(binary(1, 1, 64, 3, b"\xff\xff\xff\xff not lz4")); // broken LZ4
    cases.push(binary(1, 1, 64, 0xFF, b"zstd?"));
    cases.push(binary(1, 1, 64, 0, b"\xa5ab")); // a string shorter than it says
    cases.push(binary(1, 1, 64, 0, b"\x01\x02")); // stray bytes after the value
    cases.push(binary(1, 1, 64, 0, &[0x91; 100_000])); // nesting without end
    for case in &cases {
        assert!(
            matches!(Frame::from_binary(case), Err(MaxError::Protocol(_))),
            "{case:?}"
        );
    }
    // Every truncation of a good frame is an error, not a panic.
    for cut in 0..good.len() {
        assert!(Frame::from_binary(&good[..cut]).is_err());
    }
}
