//! parta-max against the sandbox over real loopback sockets: session start, token login, a
//! message between two people arriving once, a retried send kept once, a revoked token, and a
//! dropped socket ending the push stream.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use parta_max::{ClientInfo, MaxClient, MaxError, OutgoingMessage, Push, SyncMarkers, opcode};
use serde_json::{Value, json};
use tokio::sync::mpsc::UnboundedReceiver;

mod common;

use common::Sandbox;

async fn connect(sandbox: &Sandbox, person: &Value) -> MaxClient {
    let info = ClientInfo::web(person["deviceId"].as_str().unwrap());
    MaxClient::connect(&sandbox.urls.max_ws, info)
        .await
        .unwrap()
}

/// The next push of `opcode`, skipping others (typing, presence); `None` if the stream ended.
async fn next_push(pushes: &mut UnboundedReceiver<Push>, opcode: u16) -> Option<Value> {
    let wait = async {
        while let Some(push) = pushes.recv().await {
            if push.opcode == opcode {
                return Some(push.payload);
            }
        }
        None
    };
    tokio::time::timeout(Duration::from_secs(20), wait)
        .await
        .expect("no push within 20 s")
}

#[tokio::test]
async fn a_parent_logs_in_and_sees_their_school_chats() {
    let sandbox = Sandbox::start();
    let parent = sandbox.person("parent").await;
    let client = connect(&sandbox, &parent).await;
    let answer = client
        .login(parent["token"].as_str().unwrap(), SyncMarkers::default())
        .await
        .unwrap();
    assert_eq!(answer.profile["id"], parent["id"]);
    let theirs = sandbox
        .control(&format!("/people/{}/chats", parent["id"]), None)
        .await;
    let mut expected: Vec<i64> = theirs
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    let mut got: Vec<i64> = answer
        .chats
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    expected.sort_unstable();
    got.sort_unstable();
    assert!(!got.is_empty());
    assert_eq!(got, expected);
    assert!(answer.time > 0);
}

#[tokio::test]
async fn a_message_arrives_once_and_a_retried_send_stays_one_message() {
    let sandbox = Sandbox::start();
    let parent = sandbox.person("parent").await;
    let parents_chats = sandbox
        .control(&format!("/people/{}/chats", parent["id"]), None)
        .await;
    let chat = parents_chats
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["type"] == "DIALOG")
        .expect("the demo parent has a dialog with a teacher")
        .clone();
    let chat_id = chat["id"].as_i64().unwrap();
    let parent_id = parent["id"].as_i64().unwrap();
    let teacher_id: i64 = chat["participants"]
        .as_object()
        .unwrap()
        .keys()
        .map(|id| id.parse().unwrap())
        .find(|id| *id != parent_id)
        .unwrap();
    let people = sandbox.control("/people", None).await;
    let teacher = people
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == teacher_id)
        .unwrap()
        .clone();

    let parent_client = connect(&sandbox, &parent).await;
    parent_client
        .login(parent["token"].as_str().unwrap(), SyncMarkers::default())
        .await
        .unwrap();
    let mut pushes = parent_client.take_pushes().unwrap();
    let teacher_client = connect(&sandbox, &teacher).await;
    teacher_client
        .login(teacher["token"].as_str().unwrap(), SyncMarkers::default())
        .await
        .unwrap();

    let first = OutgoingMessage {
        text: "Завтра родительское собрание в 18:00".into(),
        cid: 1_700_000_000_001,
        ..Default::default()
    };
    let sent = teacher_client
        .send_message(chat_id, first.clone())
        .await
        .unwrap();
    let again = teacher_client.send_message(chat_id, first).await.unwrap();
    assert_eq!(
        sent["id"], again["id"],
        "the retry with the same cid is the same message"
    );
    let second = OutgoingMessage {
        text: "Кабинет 12".into(),
        cid: 1_700_000_000_002,
        ..Default::default()
    };
    teacher_client.send_message(chat_id, second).await.unwrap();

    let arrived = next_push(&mut pushes, opcode::push::MESSAGE).await.unwrap();
    assert_eq!(
        arrived["message"]["text"],
        "Завтра родительское собрание в 18:00"
    );
    let next = next_push(&mut pushes, opcode::push::MESSAGE).await.unwrap();
    assert_eq!(
        next["message"]["text"], "Кабинет 12",
        "no second copy of the first message"
    );

    let history = parent_client
        .chat_history(chat_id, i64::MAX / 2, 0, 10)
        .await
        .unwrap();
    let copies = history
        .iter()
        .filter(|m| m["text"] == "Завтра родительское собрание в 18:00")
        .count();
    assert_eq!(copies, 1);
}

#[tokio::test]
async fn a_revoked_token_is_auth_revoked() {
    let sandbox = Sandbox::start();
    let parent = sandbox.person("parent").await;
    sandbox
        .control(&format!("/people/{}/revoke", parent["id"]), Some(json!({})))
        .await;
    let client = connect(&sandbox, &parent).await;
    let refused = client
        .login(parent["token"].as_str().unwrap(), SyncMarkers::default())
        .await;
    match refused {
        Err(MaxError::AuthRevoked { message, .. }) => assert!(!message.is_empty()),
        other => panic!("expected AuthRevoked, got {other:?}"),
    }
    assert!(
        !MaxError::AuthRevoked {
            code: String::new(),
            message: String::new()
        }
        .is_retryable()
    );
}

#[tokio::test]
async fn a_dropped_socket_ends_the_push_stream_and_fails_requests_as_transient() {
    let sandbox = Sandbox::start();
    let parent = sandbox.person("parent").await;
    let client = connect(&sandbox, &parent).await;
    client
        .login(parent["token"].as_str().unwrap(), SyncMarkers::default())
        .await
        .unwrap();
    let mut pushes = client.take_pushes().unwrap();
    sandbox
        .control("/faults/drop-sockets", Some(json!({})))
        .await;
    assert_eq!(
        next_push(&mut pushes, u16::MAX).await,
        None,
        "the push stream ended"
    );
    let after = client.chat_info(&[1]).await;
    assert!(matches!(after, Err(MaxError::Transient(_))), "{after:?}");
    assert!(!client.is_open());
}
