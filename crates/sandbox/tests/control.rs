//! The control API's fixed shapes, QR sign-in and sessions.

mod common;

use common::{Sandbox, WsClient, init_payload};
use serde_json::json;

#[tokio::test]
async fn fixed_routes_keep_their_shape() {
    let dir = tempfile::tempdir().unwrap();
    let sb = Sandbox::start(dir.path());
    let (status, people) = sb.get("/people").await;
    assert_eq!(status, 200);
    let people = people.as_array().unwrap();
    assert!(people.len() >= 12);
    for p in people {
        for key in ["id", "name", "role", "token", "deviceId"] {
            assert!(!p[key].is_null(), "{key} in {p}");
        }
        assert!(["teacher", "student", "parent", "admin"].contains(&p["role"].as_str().unwrap()));
    }
    let roles: Vec<&str> = people.iter().map(|p| p["role"].as_str().unwrap()).collect();
    for r in ["teacher", "student", "parent", "admin"] {
        assert!(roles.contains(&r));
    }

    let teacher = sb.person("Марина Иванова").await;
    let (_, chats) = sb.get(&format!("/people/{}/chats", teacher["id"])).await;
    let chats = chats.as_array().unwrap();
    let kinds: Vec<&str> = chats.iter().map(|c| c["type"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"CHAT") && kinds.contains(&"CHANNEL") && kinds.contains(&"DIALOG"));
    assert!(chats.iter().any(|c| c["pinnedMessage"].is_object()));
    let dialog = chats.iter().find(|c| c["type"] == "DIALOG").unwrap();
    let ids: Vec<i64> = dialog["participants"]
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.parse().unwrap())
        .collect();
    assert_eq!(dialog["id"].as_i64().unwrap(), ids[0] ^ ids[1]);

    let (status, msg) = sb
        .post(
            &format!("/people/{}/send", teacher["id"]),
            json!({"chatId": -100_000_002, "text": "Контрольный вопрос"}),
        )
        .await;
    assert_eq!(status, 200);
    assert!(msg["id"].is_string() && msg["time"].is_i64());
    assert_eq!(msg["sender"], teacher["id"]);

    let (_, msgs) = sb.get("/chats/-100000002/messages").await;
    let msgs = msgs.as_array().unwrap();
    assert_eq!(msgs.last().unwrap()["id"], msg["id"]);
    let times: Vec<i64> = msgs.iter().map(|m| m["time"].as_i64().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "oldest first");
    assert!(msgs.iter().any(|m| m["attaches"][0]["_type"] == "PHOTO"));

    // History spans weeks and has files.
    let (_, ann) = sb.get("/chats/-100000001/messages").await;
    let ann = ann.as_array().unwrap();
    let span = ann.last().unwrap()["time"].as_i64().unwrap() - ann[0]["time"].as_i64().unwrap();
    assert!(span > 14 * 86_400_000);
    assert!(ann.iter().any(|m| m["attaches"][0]["_type"] == "FILE"));

    let (status, _) = sb.get("/people/1/chats").await;
    assert_eq!(status, 404);
    let (status, _) = sb
        .post(
            "/people/51000105/send",
            json!({"chatId": -100_000_001, "text": "x"}),
        )
        .await;
    assert_eq!(status, 403, "a student cannot post to the school channel");
}

#[tokio::test]
async fn qr_sign_in_with_cloud_password_then_sessions() {
    let dir = tempfile::tempdir().unwrap();
    let sb = Sandbox::start(dir.path());
    let parent = sb.person("Ирина Козлова").await;
    let mut c = WsClient::connect(&sb.ws()).await;
    c.call(6, init_payload("new-laptop")).await;
    let qr = c.call(288, json!({})).await.payload;
    assert!(
        qr["qrLink"]
            .as_str()
            .unwrap()
            .starts_with("https://max.ru/:auth/")
    );
    assert!(qr["pollingInterval"].as_i64().unwrap() > 0);
    let r = c.call(291, json!({"trackId": qr["trackId"]})).await;
    assert_eq!(r.cmd, 3, "not approved yet");
    let (status, _) = sb
        .post(
            "/qr/approve",
            json!({"qrLink": qr["qrLink"], "personId": parent["id"]}),
        )
        .await;
    assert_eq!(status, 200);
    let st = c.call(289, json!({"trackId": qr["trackId"]})).await;
    assert_eq!(st.payload["status"]["loginAvailable"], true);
    let ch = c.call(291, json!({"trackId": qr["trackId"]})).await;
    let challenge = &ch.payload["passwordChallenge"];
    assert_eq!(challenge["trackId"], qr["trackId"]);
    let wrong = c
        .call(115, json!({"trackId": qr["trackId"], "password": "нет"}))
        .await;
    assert_eq!(wrong.payload["error"], "login.cred");
    let ok = c
        .call(
            115,
            json!({"trackId": qr["trackId"], "password": "парта2025"}),
        )
        .await;
    let token = ok.payload["tokenAttrs"]["LOGIN"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let login = c.call(19, json!({"token": token})).await;
    assert_eq!(login.payload["profile"]["contact"]["id"], parent["id"]);

    let s = c.call(96, json!({})).await;
    assert!(s.payload["sessions"].as_array().unwrap().len() >= 2);
    let closed = c.call(97, json!({})).await;
    let fresh = closed.payload["token"].as_str().unwrap().to_owned();
    assert_ne!(fresh, token);
    // The old token no longer works; the new one does (bound to this deviceId).
    let mut d = WsClient::connect(&sb.ws()).await;
    d.call(6, init_payload("new-laptop")).await;
    assert_eq!(
        d.call(19, json!({"token": token})).await.payload["error"],
        "login.token"
    );
    assert_eq!(d.call(19, json!({"token": fresh})).await.cmd, 1);
    // Logout revokes it.
    assert_eq!(d.call(20, json!({})).await.cmd, 1);
    let mut e = WsClient::connect(&sb.ws()).await;
    e.call(6, init_payload("new-laptop")).await;
    assert_eq!(
        e.call(19, json!({"token": fresh})).await.payload["error"],
        "login.token"
    );
}

#[tokio::test]
async fn chats_members_contacts_calls_and_downloads() {
    let dir = tempfile::tempdir().unwrap();
    let sb = Sandbox::start(dir.path());
    let teacher = sb.person("Алексей Петров").await;
    let mut c = WsClient::login(&sb.ws(), &teacher).await;
    let page1 = c.call(53, json!({"marker": 0, "count": 2})).await.payload;
    assert_eq!(page1["chats"].as_array().unwrap().len(), 2);
    let page2 = c
        .call(53, json!({"marker": page1["marker"], "count": 100}))
        .await
        .payload;
    assert!(page2["marker"].is_null());
    let info = c.call(48, json!({"chatIds": [-100_000_004]})).await.payload;
    assert_eq!(info["chats"][0]["title"], "7 «Б» — класс");
    let members = c
        .call(
            59,
            json!({"chatId": -100_000_004, "type": "MEMBER", "count": 100}),
        )
        .await;
    let members = members.payload["members"].as_array().unwrap().clone();
    assert_eq!(members.len(), 5);
    assert!(members.iter().any(|m| m["type"] == "OWNER"));
    let contacts = c.call(32, json!({"contactIds": [51000208]})).await.payload;
    assert_eq!(contacts["contacts"][0]["names"][0]["name"], "Иван Морозов");
    let link = c.call(84, json!({"chatId": -100_000_004})).await.payload;
    assert!(link["link"].as_str().unwrap().starts_with("https://"));

    // The pinned schedule file downloads over HTTP.
    let hist = c
        .call(
            49,
            json!({"chatId": -100_000_004, "from": i64::MAX, "backward": 50}),
        )
        .await;
    let msgs = hist.payload["messages"].as_array().unwrap().clone();
    let with_file = msgs
        .iter()
        .find(|m| m["attaches"][0]["_type"] == "FILE")
        .unwrap();
    let dl = c
        .call(88, json!({"chatId": -100_000_004, "messageId": with_file["id"], "fileId": with_file["attaches"][0]["fileId"]}))
        .await;
    let url = dl.payload["url"]
        .as_str()
        .unwrap()
        .trim_start_matches("http://")
        .to_owned();
    let (addr, path) = url.split_once('/').unwrap();
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    s.write_all(
        format!("GET /{path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes(),
    )
    .await
    .unwrap();
    let mut body = Vec::new();
    s.read_to_end(&mut body).await.unwrap();
    let text = String::from_utf8_lossy(&body);
    assert!(text.starts_with("HTTP/1.1 200"));
    assert!(text.contains("Морозов"));

    // A dialog by userId is created on first use with id a XOR b.
    let r = c.call(64, json!({"userId": 51000219, "message": {"text": "Полина, зайди после уроков", "cid": 3}})).await;
    assert_eq!(r.payload["chatId"], 51000023_i64 ^ 51000219);
}

#[tokio::test]
async fn teacher_sets_up_a_class_chat_idempotently() {
    let dir = tempfile::tempdir().unwrap();
    let sb = Sandbox::start(dir.path());
    let teacher = sb.person("Алексей Петров").await;
    let parent = sb.person("Максим Лебедев").await;
    let mut t = WsClient::login(&sb.ws(), &teacher).await;
    let mut p = WsClient::login(&sb.ws(), &parent).await;
    let create = json!({"message": {"cid": 4242, "attaches": [{"_type": "CONTROL", "event": "new",
        "chatType": "CHAT", "title": "7 «Б» — кружок робототехники", "userIds": [51000219]}]},
        "notify": true});
    let r = t.call(64, create.clone()).await;
    assert_eq!(r.cmd, 1, "{r:?}");
    let chat = r.payload["chat"].clone();
    let id = chat["id"].as_i64().unwrap();
    assert!(id < 0);
    assert_eq!(chat["title"], "7 «Б» — кружок робототехники");
    assert_eq!(r.payload["message"]["type"], "CONTROL");
    // Run again (a retry with the same cid): the same chat, nothing duplicated.
    let again = t.call(64, create).await;
    assert_eq!(again.payload["chat"]["id"], id);
    let (_, chats) = sb.get(&format!("/people/{}/chats", teacher["id"])).await;
    let n = chats
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["title"] == chat["title"])
        .count();
    assert_eq!(n, 1);

    // Add a parent: they get 135 with the chat; rename; members 59 sees them.
    let r = t.call(77, json!({"chatId": id, "userIds": [parent["id"]], "operation": "add", "showHistory": true})).await;
    assert_eq!(r.payload["chat"]["participantsCount"], 3);
    let push = p.push_where(|f| f.opcode == 135).await;
    assert_eq!(push.payload["chat"]["id"], id);
    let r = t
        .call(55, json!({"chatId": id, "theme": "Робототехника"}))
        .await;
    assert_eq!(r.payload["chat"]["title"], "Робототехника");
    let r = p.call(55, json!({"chatId": id, "theme": "Моё"})).await;
    assert_eq!(r.payload["error"], "chat.denied");
    // A reply carries the quoted message.
    let first = t
        .call(
            64,
            json!({"chatId": id, "message": {"text": "Первое занятие в среду", "cid": 1}}),
        )
        .await;
    let first_id = first.payload["message"]["id"].clone();
    let reply = p
        .call(
            64,
            json!({"chatId": id, "message": {"text": "Придём", "cid": 2,
            "link": {"type": "REPLY", "messageId": first_id}}}),
        )
        .await;
    assert_eq!(
        reply.payload["message"]["link"]["message"]["text"],
        "Первое занятие в среду"
    );
}

#[tokio::test]
async fn muting_a_chat_reaches_login_config_and_pushes_notif_config() {
    let dir = tempfile::tempdir().unwrap();
    let sb = Sandbox::start(dir.path());
    let parent = sb.person("Анна Морозова").await;
    let id = parent["id"].as_i64().unwrap();
    let mut online = WsClient::login(&sb.ws(), &parent).await;

    let (status, answer) = sb
        .post(
            &format!("/people/{id}/mute"),
            json!({"chatId": -100_000_003, "dontDisturbUntil": -1}),
        )
        .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["chats"]["-100000003"]["dontDisturbUntil"], -1);
    // The connected session hears it as NOTIF_CONFIG (134).
    let push = online.push_where(|f| f.opcode == 134).await;
    assert_eq!(
        push.payload["config"]["chats"]["-100000003"]["dontDisturbUntil"],
        -1
    );
    // A new LOGIN carries it in `config.chats`.
    let mut again = WsClient::connect(&sb.ws()).await;
    let r = again
        .call(6, init_payload(parent["deviceId"].as_str().unwrap()))
        .await;
    assert_eq!(r.cmd, 1);
    let login = again
        .call(19, json!({"token": parent["token"], "interactive": true}))
        .await;
    assert_eq!(
        login.payload["config"]["chats"]["-100000003"]["dontDisturbUntil"],
        -1
    );
    // Unmuting empties it; a chat the person is not in is refused.
    let (_, answer) = sb
        .post(
            &format!("/people/{id}/mute"),
            json!({"chatId": -100_000_003, "dontDisturbUntil": 0}),
        )
        .await;
    assert_eq!(answer["chats"], json!({}));
    let (status, _) = sb
        .post(
            &format!("/people/{id}/mute"),
            json!({"chatId": -100_000_004, "dontDisturbUntil": -1}),
        )
        .await;
    assert!(status >= 400, "{status}");
}
