//! The demo school, loaded from a human-readable JSON file into a fresh store.
//!
//! The file lists people (with their fixed demo token and deviceId) and chats; each chat lists
//! its members and its history. A message's time is `daysAgo` days before today plus `at`
//! (Moscow time), so the history always ends "recently". Photos are generated PNGs, files are
//! text documents; both are stored like real uploads. Dialog ids are `a XOR b`.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;
use serde_json::{Value, json};

use crate::error::{Result, SandboxError};
use crate::store::{ChatRow, MessageRow, Person, Store};
use crate::store::{insert_chat, insert_member, insert_message, insert_person, insert_token};

/// The demo school bundled with the binary (`crates/sandbox/seed/school.json`).
pub const DEFAULT_SEED: &str = include_str!("../seed/school.json");

const DAY: i64 = 86_400_000;
const MSK: i64 = 3 * 3_600_000;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SeedFile {
    school: Value,
    people: Vec<SeedPerson>,
    chats: Vec<SeedChat>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SeedPerson {
    id: i64,
    first_name: String,
    last_name: String,
    role: String,
    phone: String,
    token: String,
    device_id: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    password: Option<String>,
    #[serde(default)]
    password_hint: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SeedChat {
    #[serde(default)]
    id: Option<i64>,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    description: Option<String>,
    owner: i64,
    #[serde(default)]
    admins: Vec<i64>,
    members: Vec<i64>,
    #[serde(default)]
    messages: Vec<SeedMessage>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SeedMessage {
    from: i64,
    days_ago: i64,
    at: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    pin: bool,
    #[serde(default)]
    photo: Option<SeedPhoto>,
    #[serde(default)]
    file: Option<SeedDoc>,
}

#[derive(Deserialize)]
struct SeedPhoto {
    name: String,
    color: [u8; 3],
}

#[derive(Deserialize)]
struct SeedDoc {
    name: String,
    text: String,
}

fn bad(msg: impl Into<String>) -> SandboxError {
    SandboxError::Seed(msg.into())
}

fn clock(at: &str) -> Result<i64> {
    let (h, m) = at
        .split_once(':')
        .ok_or_else(|| bad(format!("bad time `{at}`")))?;
    let h: i64 = h.parse().map_err(|_| bad(format!("bad hour `{at}`")))?;
    let m: i64 = m.parse().map_err(|_| bad(format!("bad minute `{at}`")))?;
    if !(0..24).contains(&h) || !(0..60).contains(&m) {
        return Err(bad(format!("bad time `{at}`")));
    }
    Ok(h * 3_600_000 + m * 60_000)
}

/// Loads `text` (the seed file) into an empty store.
pub fn load(store: &Store, text: &str) -> Result<()> {
    let seed: SeedFile = serde_json::from_str(text).map_err(|e| bad(format!("parse: {e}")))?;
    let now = store.now();
    let midnight = now - (now + MSK).rem_euclid(DAY);
    let created = midnight - 40 * DAY;
    let ids: HashSet<i64> = seed.people.iter().map(|p| p.id).collect();
    if ids.len() != seed.people.len() {
        return Err(bad("duplicate person id"));
    }
    let known = |id: i64, what: &str| {
        if ids.contains(&id) {
            Ok(())
        } else {
            Err(bad(format!("{what}: unknown person {id}")))
        }
    };

    // Resolve chat ids and check them.
    let mut chat_ids = Vec::new();
    let mut seen = HashSet::new();
    for c in &seed.chats {
        let id = match (c.kind.as_str(), c.id) {
            ("DIALOG", _) => match c.members.as_slice() {
                [a, b] => a ^ b,
                _ => return Err(bad("a DIALOG has exactly two members")),
            },
            ("CHAT" | "CHANNEL", Some(id)) if id < 0 => id,
            _ => {
                return Err(bad(format!(
                    "chat {:?}: CHAT/CHANNEL need a negative id",
                    c.title
                )));
            }
        };
        if !seen.insert(id) {
            return Err(bad(format!(
                "chat id {id} used twice (dialog ids are a XOR b)"
            )));
        }
        known(c.owner, "owner")?;
        for m in c.members.iter().chain(&c.admins) {
            known(*m, "member")?;
        }
        chat_ids.push(id);
    }

    // Messages across all chats in time order, so ids follow time.
    struct Pending<'a> {
        chat: i64,
        time: i64,
        msg: &'a SeedMessage,
    }
    let mut pending = Vec::new();
    for (c, &chat) in seed.chats.iter().zip(&chat_ids) {
        for (i, m) in c.messages.iter().enumerate() {
            known(m.from, "sender")?;
            if !c.members.contains(&m.from) {
                return Err(bad(format!(
                    "{} writes to chat {chat} without being a member",
                    m.from
                )));
            }
            let mut time = midnight - m.days_ago * DAY + clock(&m.at)? + i as i64;
            if time >= now {
                time = now - 60_000 * (c.messages.len() - i) as i64;
            }
            pending.push(Pending { chat, time, msg: m });
        }
    }
    pending.sort_by_key(|p| p.time);

    // Photos and files become real uploads first.
    let mut attaches: HashMap<*const SeedMessage, Value> = HashMap::new();
    for p in &pending {
        let owner = p.msg.from;
        if let Some(photo) = &p.msg.photo {
            let up = store.create_upload("photo", owner)?;
            let png = crate::png::gradient(640, 400, photo.color);
            store.fill_upload(
                &up.token,
                &crate::store::UploadData {
                    name: &photo.name,
                    mime: "image/png",
                    bytes: &png,
                    size_px: Some((640, 400)),
                },
            )?;
            attaches.insert(
                p.msg as *const _,
                json!({
                    "_type": "PHOTO", "photoId": up.id, "photoToken": up.token,
                    "width": 640, "height": 400,
                }),
            );
        } else if let Some(doc) = &p.msg.file {
            let up = store.create_upload("file", owner)?;
            store.fill_upload(
                &up.token,
                &crate::store::UploadData {
                    name: &doc.name,
                    mime: "text/plain; charset=utf-8",
                    bytes: doc.text.as_bytes(),
                    size_px: None,
                },
            )?;
            attaches.insert(
                p.msg as *const _,
                json!({
                    "_type": "FILE", "fileId": up.id, "name": doc.name,
                    "size": doc.text.len(), "token": up.token,
                }),
            );
        }
    }

    store.transaction(|tx| {
        for p in &seed.people {
            insert_person(
                tx,
                &Person {
                    id: p.id,
                    first_name: p.first_name.clone(),
                    last_name: p.last_name.clone(),
                    role: p.role.clone(),
                    phone: p.phone.clone(),
                    description: p.description.clone(),
                    password: p.password.clone(),
                    password_hint: p.password_hint.clone(),
                    updated: created,
                },
            )?;
            insert_token(tx, &p.token, p.id, &p.device_id, created, true)?;
        }
        for (c, &id) in seed.chats.iter().zip(&chat_ids) {
            insert_chat(
                tx,
                &ChatRow {
                    id,
                    kind: c.kind.clone(),
                    title: c.title.clone(),
                    description: c.description.clone(),
                    owner: c.owner,
                    access: if c.kind == "CHANNEL" {
                        "PUBLIC"
                    } else {
                        "PRIVATE"
                    }
                    .into(),
                    created,
                    modified: created,
                    pinned: None,
                    link: (c.kind != "DIALOG").then(|| format!("https://max.ru/join/sbx{}", -id)),
                },
            )?;
            for m in &c.members {
                let admin = *m == c.owner || c.admins.contains(m);
                insert_member(tx, id, *m, created, admin)?;
            }
        }
        let mut last_by_chat: HashMap<i64, Vec<i64>> = HashMap::new();
        for p in &pending {
            let row = MessageRow {
                id: 0,
                chat_id: p.chat,
                sender: p.msg.from,
                cid: None,
                time: p.time,
                update_time: None,
                text: p.msg.text.clone(),
                elements: json!([]),
                attaches: Value::Array(attaches.remove(&(p.msg as *const _)).into_iter().collect()),
                link: None,
                status: None,
                kind: "USER".into(),
            };
            let id = insert_message(tx, &row)?;
            last_by_chat.entry(p.chat).or_default().push(p.time);
            if p.msg.pin {
                tx.execute(
                    "UPDATE chats SET pinned_message = ?2 WHERE id = ?1",
                    (p.chat, id),
                )?;
            }
        }
        // Everyone has read everything older than two days: recent messages stay unread.
        for (c, &id) in seed.chats.iter().zip(&chat_ids) {
            let times = last_by_chat.get(&id).cloned().unwrap_or_default();
            let old = times.iter().copied().filter(|t| *t < now - 2 * DAY);
            let mark = old.max().unwrap_or(created);
            for m in &c.members {
                tx.execute(
                    "INSERT OR REPLACE INTO read_marks (chat_id, person_id, mark)
                     VALUES (?1, ?2, ?3)",
                    (id, m, mark),
                )?;
            }
        }
        tx.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('school', ?1)",
            [seed.school.to_string()],
        )?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_school_loads_with_weeks_of_history() {
        let store = Store::in_memory().unwrap();
        load(&store, DEFAULT_SEED).unwrap();
        let people = store.people().unwrap();
        for role in ["admin", "teacher", "student", "parent"] {
            assert!(people.iter().any(|p| p.role == role), "{role}");
        }
        let anna = people
            .iter()
            .find(|p| p.last_name == "Морозова" && p.role == "parent")
            .unwrap();
        let chats = store.chats_of(anna.id).unwrap();
        let kinds: Vec<&str> = chats.iter().map(|c| c.kind.as_str()).collect();
        assert!(kinds.contains(&"CHANNEL") && kinds.contains(&"DIALOG") && kinds.contains(&"CHAT"));
        let all = store.all_messages(-100_000_001, false).unwrap();
        assert!(all.last().unwrap().time - all[0].time > 14 * DAY);
        assert!(chats.iter().any(|c| c.pinned.is_some()));
        let (token, device) = store.demo_token(anna.id).unwrap().unwrap();
        assert_eq!(store.token(&token).unwrap().unwrap().device_id, device);
    }

    #[test]
    fn bad_seeds_are_rejected_not_panicked_on() {
        let base = |chats: &str| {
            format!(
                r#"{{"school": {{}}, "people": [
                {{"id": 1, "firstName": "А", "lastName": "Б", "role": "teacher", "phone": "+7", "token": "t1", "deviceId": "d1"}},
                {{"id": 2, "firstName": "В", "lastName": "Г", "role": "parent", "phone": "+7", "token": "t2", "deviceId": "d2"}},
                {{"id": 4, "firstName": "Д", "lastName": "Е", "role": "parent", "phone": "+7", "token": "t4", "deviceId": "d4"}},
                {{"id": 7, "firstName": "Ж", "lastName": "З", "role": "parent", "phone": "+7", "token": "t7", "deviceId": "d7"}}
                ], "chats": [{chats}]}}"#
            )
        };
        let cases = [
            // dialog ids collide: 1^2 == 3 == 4^7
            r#"{"type":"DIALOG","owner":1,"members":[1,2]},{"type":"DIALOG","owner":4,"members":[4,7]}"#,
            r#"{"type":"CHAT","owner":1,"members":[1]}"#,
            r#"{"id":-1,"type":"CHAT","owner":9,"members":[1]}"#,
            r#"{"id":-1,"type":"CHAT","owner":1,"members":[1],"messages":[{"from":2,"daysAgo":1,"at":"10:00","text":"x"}]}"#,
            r#"{"id":-1,"type":"CHAT","owner":1,"members":[1],"messages":[{"from":1,"daysAgo":1,"at":"25:00","text":"x"}]}"#,
        ];
        for c in cases {
            let store = Store::in_memory().unwrap();
            assert!(
                matches!(load(&store, &base(c)), Err(SandboxError::Seed(_))),
                "{c}"
            );
        }
        assert!(load(&Store::in_memory().unwrap(), "{").is_err());
    }

    #[test]
    fn clock_is_strictly_increasing() {
        let store = Store::in_memory().unwrap();
        let mut last = 0;
        for _ in 0..10_000 {
            let t = store.now();
            assert!(t > last);
            last = t;
        }
    }
}
