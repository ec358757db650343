//! A restart keeps everything: a message sent before it is still there after it.

mod common;

use common::{Sandbox, WsClient};
use serde_json::json;

const CLASS: i64 = -100_000_002;

#[tokio::test]
async fn message_survives_restart_and_seed_is_not_reapplied() {
    let dir = tempfile::tempdir().unwrap();
    let sb = Sandbox::start(dir.path());
    let teacher = sb.person("Марина Иванова").await;
    let (_, before) = sb.get(&format!("/chats/{CLASS}/messages")).await;
    let mut c = WsClient::login(&sb.ws(), &teacher).await;
    let r = c
        .call(
            64,
            json!({"chatId": CLASS, "message": {"text": "До перезапуска", "cid": 42}}),
        )
        .await;
    assert_eq!(r.cmd, 1, "{r:?}");
    let id = r.payload["message"]["id"].clone();
    drop(c);
    sb.stop();

    let sb = Sandbox::start(dir.path());
    let (_, after) = sb.get(&format!("/chats/{CLASS}/messages")).await;
    let after = after.as_array().unwrap();
    assert_eq!(after.len(), before.as_array().unwrap().len() + 1);
    assert_eq!(after.last().unwrap()["id"], id);
    assert_eq!(after.last().unwrap()["text"], "До перезапуска");

    // Over the protocol too, and the cid is still remembered.
    let mut c = WsClient::login(&sb.ws(), &teacher).await;
    let h = c
        .call(
            49,
            json!({"chatId": CLASS, "from": i64::MAX, "backward": 5}),
        )
        .await;
    assert_eq!(
        h.payload["messages"].as_array().unwrap().last().unwrap()["id"],
        id
    );
    let again = c
        .call(
            64,
            json!({"chatId": CLASS, "message": {"text": "До перезапуска", "cid": 42}}),
        )
        .await;
    assert_eq!(again.payload["message"]["id"], id);
}
