//! Bad input gets an error frame or a closed socket for that client only; the server and every
//! other client keep working.

mod common;

use common::{Sandbox, TcpClient, WsClient, init_payload};
use parta_sandbox::codec::{self, Frame};
use serde_json::json;

async fn assert_alive(sb: &Sandbox) {
    let teacher = sb.person("Марина Иванова").await;
    let mut c = WsClient::login(&sb.ws(), &teacher).await;
    assert_eq!(c.call(1, json!({"interactive": true})).await.cmd, 1);
}

#[tokio::test]
async fn malformed_json_and_unknown_opcode_get_error_frames() {
    let dir = tempfile::tempdir().unwrap();
    let sb = Sandbox::start(dir.path());
    let mut c = WsClient::connect(&sb.ws()).await;
    for bad in [
        "{",
        "[]",
        "\"x\"",
        r#"{"seq": 5}"#,
        r#"{"opcode": 1, "seq": -3}"#,
        "not json at all",
    ] {
        c.send_text(bad.into()).await;
        let f = c.next().await.expect("error frame, not a close");
        assert_eq!(f.cmd, 3, "{bad}: {f:?}");
        assert_eq!(f.payload["error"], "proto.payload");
        assert!(
            f.payload["localizedMessage"]
                .as_str()
                .unwrap()
                .contains("запрос")
        );
    }
    // Before SESSION_INIT.
    let f = c.call(48, json!({"chatIds": [1]})).await;
    assert_eq!(
        (f.cmd, f.payload["error"].as_str()),
        (3, Some("proto.state"))
    );
    assert_eq!(c.call(6, init_payload("d")).await.cmd, 1);
    let f = c.call(4242, json!({})).await;
    assert_eq!(
        (f.cmd, f.payload["error"].as_str()),
        (3, Some("proto.opcode"))
    );
    // A non-object payload and a response-cmd from the client.
    let f = c.call(49, json!([1, 2])).await;
    assert_eq!(f.cmd, 3);
    c.send_text(r#"{"ver":11,"cmd":1,"seq":77,"opcode":64,"payload":{}}"#.into())
        .await;
    let f = c.answer(77).await;
    assert_eq!(f.cmd, 3);
    // Still served.
    assert_eq!(c.call(1, json!({})).await.cmd, 1);
}

#[tokio::test]
async fn oversize_ws_message_closes_only_that_client() {
    let dir = tempfile::tempdir().unwrap();
    let sb = Sandbox::start(dir.path());
    let teacher = sb.person("Марина Иванова").await;
    let mut other = WsClient::login(&sb.ws(), &teacher).await;
    let mut c = WsClient::connect(&sb.ws()).await;
    c.send_text(format!(
        r#"{{"ver":11,"cmd":0,"seq":1,"opcode":64,"payload":{{"x":"{}"}}}}"#,
        "я".repeat(3_000_000)
    ))
    .await;
    assert!(c.closed().await);
    assert_eq!(other.call(1, json!({})).await.cmd, 1);
    assert_alive(&sb).await;
}

#[tokio::test]
async fn binary_garbage_over_tcp() {
    let dir = tempfile::tempdir().unwrap();
    let sb = Sandbox::start(dir.path());
    let mut c = TcpClient::connect(&sb.tcp()).await;
    // Malformed msgpack (truncated map) in a well-framed frame: error frame, stream continues.
    c.write(&[10, 0, 0, 9, 0, 6, 0, 0, 0, 1, 0x81]).await;
    let f = c.next().await.unwrap();
    assert_eq!(
        (f.cmd, f.seq, f.payload["error"].as_str()),
        (3, 9, Some("proto.payload"))
    );
    // Broken LZ4 body.
    c.write(&[10, 0, 0, 10, 0, 6, 3, 0, 0, 4, 0xF0, 0xFF, 0xFF, 0xFF])
        .await;
    let f = c.next().await.unwrap();
    assert_eq!((f.cmd, f.seq), (3, 10));
    // Still usable: a proper LZ4-compressed SESSION_INIT.
    let init = Frame {
        ver: 10,
        cmd: 0,
        seq: 11,
        opcode: 6,
        payload: init_payload("tcp-device"),
    };
    let bytes = codec::encode_binary(&init);
    assert_ne!(bytes[6], 0, "payload is long enough to be compressed");
    c.write(&bytes).await;
    let f = c.next().await.unwrap();
    assert_eq!((f.cmd, f.seq), (1, 11));
    assert!(f.payload["callsSeed"].is_i64());
    // A header announcing 16 MiB: error frame, then the socket closes.
    c.write(&[10, 0, 0, 12, 0, 1, 0, 0xFF, 0xFF, 0xFF]).await;
    let f = c.next().await.unwrap();
    assert_eq!(f.payload["error"], "proto.size");
    assert!(c.next().await.is_none());
    // A truncated header followed by a hang-up.
    let mut t = TcpClient::connect(&sb.tcp()).await;
    t.write(&[10, 0, 0]).await;
    drop(t);
    assert_alive(&sb).await;
}

#[tokio::test]
async fn binary_frames_over_websocket_are_answered_in_binary() {
    let dir = tempfile::tempdir().unwrap();
    let sb = Sandbox::start(dir.path());
    let mut c = WsClient::connect(&sb.ws()).await;
    let init = Frame {
        ver: 10,
        cmd: 0,
        seq: 3,
        opcode: 6,
        payload: init_payload("x"),
    };
    c.send_binary(codec::encode_binary(&init)).await;
    let f = c.next().await.unwrap();
    assert_eq!((f.cmd, f.seq, f.ver), (1, 3, 10));
    c.send_binary(vec![10, 0, 0]).await;
    let f = c.next().await.unwrap();
    assert_eq!(f.cmd, 3);
}

#[tokio::test]
async fn flood_is_rate_limited_and_others_keep_working() {
    let dir = tempfile::tempdir().unwrap();
    let sb = Sandbox::start(dir.path());
    // A small bucket that barely refills, so the outcome does not depend on machine speed.
    let (status, _) = sb
        .post(
            "/faults/rate-limit",
            json!({"burst": 100, "perSecond": 0.001}),
        )
        .await;
    assert_eq!(status, 200);
    let mut c = TcpClient::connect(&sb.tcp()).await;
    let mut burst = Vec::new();
    for seq in 0..3000u16 {
        burst.extend(codec::encode_binary(&Frame {
            ver: 10,
            cmd: 0,
            seq: u64::from(seq),
            opcode: 1,
            payload: json!({"interactive": false}),
        }));
    }
    c.write(&burst).await;
    let mut limited = 0;
    for _ in 0..3000 {
        let f = c.next().await.expect("every request is answered");
        if f.cmd == 3 {
            assert_eq!(f.payload["error"], "error.limit.violate");
            limited += 1;
        }
    }
    assert!(
        (2800..=2900).contains(&limited),
        "a flood gets error.limit.violate: {limited}"
    );
    assert_alive(&sb).await;
}

/// Deterministic pseudo-random bytes (no dependency).
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[tokio::test]
async fn random_garbage_from_many_clients_never_takes_the_server_down() {
    let dir = tempfile::tempdir().unwrap();
    let sb = Sandbox::start(dir.path());
    let teacher = sb.person("Марина Иванова").await;
    let mut watcher = WsClient::login(&sb.ws(), &teacher).await;
    let mut rng = XorShift(0xfeed_beef_1234_5678);
    for round in 0..40 {
        // Well-framed headers with random bodies and flags, then pure noise.
        let mut bytes = Vec::new();
        for _ in 0..(rng.next() % 8 + 1) {
            let len = (rng.next() % 200) as usize;
            let flag = if rng.next().is_multiple_of(2) {
                0
            } else {
                (rng.next() % 255) as u8
            };
            bytes.extend_from_slice(&[10, 0, 0, round as u8, 0, (rng.next() % 300) as u8, flag]);
            bytes.extend_from_slice(&(len as u32).to_be_bytes()[1..]);
            bytes.extend((0..len).map(|_| rng.next() as u8));
        }
        bytes.extend((0..(rng.next() % 64)).map(|_| rng.next() as u8));
        let mut tcp = TcpClient::connect(&sb.tcp()).await;
        tcp.write(&bytes).await;
        drop(tcp);
        let mut ws = WsClient::connect(&sb.ws()).await;
        let text: String = (0..(rng.next() % 300))
            .map(|_| (rng.next() % 94 + 32) as u8 as char)
            .collect();
        let _ = ws.send_text(text).await;
        ws.send_binary(bytes).await;
        drop(ws);
    }
    assert_eq!(
        watcher.call(1, json!({})).await.cmd,
        1,
        "the watcher is still served"
    );
    assert_alive(&sb).await;
}
