//! Send (deduplicated by cid per sender), edit, delete, read, typing, and the pushes they cause
//! on every connected session of every member; login sync markers.

mod common;

use common::{Sandbox, TcpClient, WsClient, init_payload};
use serde_json::json;

const PARENTS: i64 = -100_000_003; // 5 «А» — родители
const CHANNEL: i64 = -100_000_001; // school announcements

#[tokio::test]
async fn send_dedupes_by_cid_and_pushes_to_every_session() {
    let dir = tempfile::tempdir().unwrap();
    let sb = Sandbox::start(dir.path());
    let teacher = sb.person("Марина Иванова").await;
    let parent = sb.person("Анна Морозова").await;
    let mut t1 = WsClient::login(&sb.ws(), &teacher).await;
    let mut t2 = WsClient::login(&sb.ws(), &teacher).await; // a second device of the sender
    let mut p = WsClient::login(&sb.ws(), &parent).await;
    let mut p_tcp = TcpClient::connect(&sb.tcp()).await; // and the parent's phone, binary
    assert_eq!(
        p_tcp
            .call(6, init_payload(parent["deviceId"].as_str().unwrap()))
            .await
            .cmd,
        1
    );
    assert_eq!(
        p_tcp.call(19, json!({"token": parent["token"]})).await.cmd,
        1
    );

    let req = json!({"chatId": PARENTS, "message": {"text": "Собрание в четверг", "cid": 1700000000001_i64}, "notify": true});
    let first = t1.call(64, req.clone()).await;
    assert_eq!(first.cmd, 1, "{first:?}");
    let id = first.payload["message"]["id"].clone();
    assert_eq!(first.payload["chatId"], PARENTS);

    for c in [&mut t2, &mut p] {
        let push = c.push_where(|f| f.opcode == 128).await;
        assert_eq!(push.payload["message"]["id"], id);
        assert_eq!(push.payload["chatId"], PARENTS);
    }
    let push = loop {
        let f = p_tcp.next().await.unwrap();
        if f.opcode == 128 {
            break f;
        }
    };
    assert_eq!(push.payload["message"]["text"], "Собрание в четверг");

    // The retry with the same cid returns the same message, stores nothing, pushes nothing.
    let retry = t1.call(64, req).await;
    assert_eq!(retry.payload["message"]["id"], id);
    let (_, all) = sb.get(&format!("/chats/{PARENTS}/messages")).await;
    let same: Vec<_> = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["text"] == "Собрание в четверг")
        .collect();
    assert_eq!(same.len(), 1);
    // The next push the parent sees is the next message, not a duplicate.
    sb.post(
        &format!("/people/{}/send", teacher["id"]),
        json!({"chatId": PARENTS, "text": "ещё"}),
    )
    .await;
    let next = p.push_where(|f| f.opcode == 128).await;
    assert_eq!(next.payload["message"]["text"], "ещё");

    // The same cid from another sender is a different message.
    let other = p
        .call(
            64,
            json!({"chatId": PARENTS, "message": {"text": "Буду", "cid": 1700000000001_i64}}),
        )
        .await;
    assert_ne!(other.payload["message"]["id"], id);
}

#[tokio::test]
async fn edit_delete_read_typing_push_and_rights() {
    let dir = tempfile::tempdir().unwrap();
    let sb = Sandbox::start(dir.path());
    let teacher = sb.person("Марина Иванова").await;
    let parent = sb.person("Анна Морозова").await;
    let mut t = WsClient::login(&sb.ws(), &teacher).await;
    let mut p = WsClient::login(&sb.ws(), &parent).await;
    let sent = t
        .call(
            64,
            json!({"chatId": PARENTS, "message": {"text": "черновик", "cid": 5}}),
        )
        .await;
    let id = sent.payload["message"]["id"].as_str().unwrap().to_owned();

    let r = p
        .call(
            67,
            json!({"chatId": PARENTS, "messageId": id, "text": "чужое"}),
        )
        .await;
    assert_eq!(
        (r.cmd, r.payload["error"].as_str()),
        (3, Some("chat.denied"))
    );

    let r = t.call(67, json!({"chatId": PARENTS, "messageId": id, "text": "исправлено", "elements": [], "attachments": []})).await;
    assert_eq!(r.payload["message"]["status"], "EDITED");
    let push = p
        .push_where(|f| f.opcode == 128 && f.payload["message"]["status"] == "EDITED")
        .await;
    assert_eq!(push.payload["message"]["text"], "исправлено");

    t.call(65, json!({"chatId": PARENTS, "type": "TEXT"})).await;
    let typing = p.push_where(|f| f.opcode == 129).await;
    assert_eq!(typing.payload["userId"], teacher["id"]);

    let r = p
        .call(
            50,
            json!({"type": "READ_MESSAGE", "chatId": PARENTS, "messageId": id, "mark": 1}),
        )
        .await;
    assert_eq!(r.payload["unread"], 0);
    let mark = t.push_where(|f| f.opcode == 130).await;
    assert_eq!(mark.payload["userId"], parent["id"]);

    let r = t
        .call(
            66,
            json!({"chatId": PARENTS, "messageIds": [id], "forMe": false}),
        )
        .await;
    assert_eq!(r.cmd, 1);
    let del = p.push_where(|f| f.opcode == 142).await;
    assert_eq!(del.payload["messageIds"], json!([id]));
    let (_, all) = sb.get(&format!("/chats/{PARENTS}/messages")).await;
    assert!(all.as_array().unwrap().iter().all(|m| m["id"] != id));
    let (_, with_removed) = sb
        .get(&format!("/chats/{PARENTS}/messages?removed=1"))
        .await;
    assert!(
        with_removed
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["id"] == id && m["status"] == "REMOVED")
    );

    // Channels are read-only for non-admins; not-a-member is chat.not.found.
    let r = p
        .call(
            64,
            json!({"chatId": CHANNEL, "message": {"text": "можно?", "cid": 9}}),
        )
        .await;
    assert_eq!(r.payload["error"], "chat.denied");
    let r = p
        .call(49, json!({"chatId": -100_000_007, "backward": 5}))
        .await;
    assert_eq!(r.payload["error"], "chat.not.found");
}

#[tokio::test]
async fn login_markers_return_only_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let sb = Sandbox::start(dir.path());
    let parent = sb.person("Анна Морозова").await;
    let teacher = sb.person("Марина Иванова").await;
    let mut c = WsClient::login(&sb.ws(), &parent).await;
    let full = c
        .call(
            19,
            json!({"token": parent["token"], "chatsSync": 0, "contactsSync": 0}),
        )
        .await;
    let chats = full.payload["chats"].as_array().unwrap().len();
    assert!(chats >= 5, "{chats}");
    assert!(full.payload["profile"]["contact"]["names"][0]["name"] == "Анна Морозова");
    assert!(!full.payload["contacts"].as_array().unwrap().is_empty());
    let marker = full.payload["time"].as_i64().unwrap();

    sb.post(
        &format!("/people/{}/send", teacher["id"]),
        json!({"chatId": PARENTS, "text": "новое"}),
    )
    .await;
    let mut c2 = WsClient::connect(&sb.ws()).await;
    c2.call(6, init_payload(parent["deviceId"].as_str().unwrap()))
        .await;
    let delta = c2
        .call(
            19,
            json!({"token": parent["token"], "chatsSync": marker, "contactsSync": marker}),
        )
        .await;
    let changed = delta.payload["chats"].as_array().unwrap();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert_eq!(changed[0]["id"], PARENTS);
    let msgs = &delta.payload["messages"][PARENTS.to_string()];
    assert_eq!(msgs.as_array().unwrap().last().unwrap()["text"], "новое");
    assert!(delta.payload["contacts"].as_array().unwrap().is_empty());
    assert!(delta.payload["time"].as_i64().unwrap() > marker);
}

#[tokio::test]
async fn many_concurrent_clients_and_racing_retries() {
    let dir = tempfile::tempdir().unwrap();
    let sb = Sandbox::start(dir.path());
    let teacher = sb.person("Марина Иванова").await;
    let (_, before) = sb.get(&format!("/chats/{PARENTS}/messages")).await;
    let before = before.as_array().unwrap().len();
    let mut tasks = Vec::new();
    for client in 0..16_i64 {
        let url = sb.ws();
        let teacher = teacher.clone();
        tasks.push(tokio::spawn(async move {
            let mut c = WsClient::login(&url, &teacher).await;
            let mut ids = Vec::new();
            for n in 0..8_i64 {
                // Clients 0..8 and 8..16 use the same cids: each pair races the same retries.
                let cid = 9_000_000 + (client % 8) * 100 + n;
                let text = format!("сообщение {} {n}", client % 8);
                let r = c
                    .call(
                        64,
                        json!({"chatId": PARENTS, "message": {"text": text, "cid": cid}}),
                    )
                    .await;
                assert_eq!(r.cmd, 1, "{r:?}");
                ids.push(r.payload["message"]["id"].as_str().unwrap().to_owned());
            }
            ids
        }));
    }
    let mut all_ids = std::collections::HashSet::new();
    for t in tasks {
        all_ids.extend(t.await.unwrap());
    }
    assert_eq!(all_ids.len(), 64, "8 distinct cids × 8 messages");
    let (_, after) = sb.get(&format!("/chats/{PARENTS}/messages")).await;
    assert_eq!(after.as_array().unwrap().len(), before + 64);
}
