//! Fault injection through the control API.

mod common;

use common::{Sandbox, WsClient, init_payload};
use serde_json::json;

const CLASS: i64 = -100_000_002;

#[tokio::test]
async fn error_next_n_of_an_opcode() {
    let dir = tempfile::tempdir().unwrap();
    let sb = Sandbox::start(dir.path());
    let teacher = sb.person("Марина Иванова").await;
    let mut c = WsClient::login(&sb.ws(), &teacher).await;
    sb.post(
        "/faults/error",
        json!({"opcode": 49, "count": 2, "error": "error.limit.violate"}),
    )
    .await;
    for _ in 0..2 {
        let r = c.call(49, json!({"chatId": CLASS, "backward": 3})).await;
        assert_eq!(
            (r.cmd, r.payload["error"].as_str()),
            (3, Some("error.limit.violate"))
        );
        assert!(
            r.payload["localizedMessage"]
                .as_str()
                .unwrap()
                .contains("запросов")
        );
    }
    let r = c.call(49, json!({"chatId": CLASS, "backward": 3})).await;
    assert_eq!(r.cmd, 1);
}

#[tokio::test]
async fn apply_then_drop_response_then_retry_with_same_cid() {
    let dir = tempfile::tempdir().unwrap();
    let sb = Sandbox::start(dir.path());
    let teacher = sb.person("Марина Иванова").await;
    let mut c = WsClient::login(&sb.ws(), &teacher).await;
    sb.post("/faults/drop-response", json!({"opcode": 64, "count": 1}))
        .await;
    let req = json!({"chatId": CLASS, "message": {"text": "потерянный ответ", "cid": 777}});
    c.send_text(
        json!({"ver": 11, "cmd": 0, "seq": 100, "opcode": 64, "payload": req.clone()}).to_string(),
    )
    .await;
    assert!(
        c.closed().await,
        "the socket is dropped instead of answering"
    );
    let (_, all) = sb.get(&format!("/chats/{CLASS}/messages")).await;
    let stored = all.as_array().unwrap().last().unwrap().clone();
    assert_eq!(stored["text"], "потерянный ответ", "the send was applied");
    // The client reconnects and retries with the same cid: same message, no duplicate.
    let mut c = WsClient::login(&sb.ws(), &teacher).await;
    let r = c.call(64, req).await;
    assert_eq!(r.payload["message"]["id"], stored["id"]);
    let (_, again) = sb.get(&format!("/chats/{CLASS}/messages")).await;
    assert_eq!(
        again.as_array().unwrap().len(),
        all.as_array().unwrap().len()
    );
}

#[tokio::test]
async fn drop_sockets_revoke_token_refuse_and_delay() {
    let dir = tempfile::tempdir().unwrap();
    let sb = Sandbox::start(dir.path());
    let teacher = sb.person("Марина Иванова").await;
    let parent = sb.person("Анна Морозова").await;
    let mut a = WsClient::login(&sb.ws(), &teacher).await;
    let mut b = WsClient::login(&sb.ws(), &parent).await;
    let (_, r) = sb.post("/faults/reconnect", json!({})).await;
    assert!(r["notified"].as_i64().unwrap() >= 2);
    assert_eq!(a.push_where(|f| f.opcode == 3).await.cmd, 0);
    let (_, r) = sb.post("/faults/drop-sockets", json!({})).await;
    assert!(r["closed"].as_i64().unwrap() >= 2);
    assert!(a.closed().await && b.closed().await);

    // Revoked token: live sessions close and the next login is login.token.
    let mut a = WsClient::login(&sb.ws(), &teacher).await;
    let (status, _) = sb
        .post("/faults/revoke-token", json!({"token": teacher["token"]}))
        .await;
    assert_eq!(status, 200);
    assert!(a.closed().await);
    let mut c = WsClient::connect(&sb.ws()).await;
    c.call(6, init_payload(teacher["deviceId"].as_str().unwrap()))
        .await;
    let r = c.call(19, json!({"token": teacher["token"]})).await;
    assert_eq!(
        (r.cmd, r.payload["error"].as_str()),
        (3, Some("login.token"))
    );
    sb.post(&format!("/people/{}/restore", teacher["id"]), json!({}))
        .await;
    let r = c.call(19, json!({"token": teacher["token"]})).await;
    assert_eq!(r.cmd, 1);

    // A token presented from another deviceId does not sign in.
    let mut d = WsClient::connect(&sb.ws()).await;
    d.call(6, init_payload("some-other-device")).await;
    let r = d.call(19, json!({"token": teacher["token"]})).await;
    assert_eq!(r.payload["error"], "login.token");

    // Refusing: new connections fail while the window lasts, then work again after clear.
    sb.post("/faults/refuse", json!({"ms": 60_000})).await;
    let refused = tokio_tungstenite::connect_async(sb.ws()).await;
    assert!(refused.is_err());
    sb.post("/faults/clear", json!({})).await;
    let mut e = WsClient::connect(&sb.ws()).await;
    assert_eq!(e.call(1, json!({})).await.cmd, 1);

    // Delay: answers still arrive (no timing asserted).
    sb.post("/faults/delay", json!({"ms": 50})).await;
    assert_eq!(e.call(1, json!({})).await.cmd, 1);
    let (_, f) = sb.get("/faults").await;
    assert_eq!(f["delayMs"], 50);
}
