//! Creating and changing group chats (what a teacher's "set up my class" needs): 64 without a
//! chat id and with a CONTROL `new` attach creates a chat, 77 adds or removes members, 55
//! renames. Creation is idempotent per `cid`: a retried creation returns the first chat.

use serde_json::{Value, json};

use crate::actions::{self, Draft, push};
use crate::app::App;
use crate::maxerr::MaxErr;
use crate::store::{ChatRow, MessageRow};

fn member_ids(app: &App, chat: i64) -> Result<Vec<i64>, MaxErr> {
    Ok(app
        .store
        .members(chat)?
        .into_iter()
        .map(|m| m.person_id)
        .collect())
}

fn push_chat(app: &App, chat: &ChatRow, to: &[i64], skip: Option<u64>) -> Result<Value, MaxErr> {
    let obj = app.store.chat_to_max(chat, None, &app.urls.http)?;
    app.hub.push(to, push::CHAT, &json!({"chat": obj}), skip);
    Ok(obj)
}

fn require_admin(app: &App, person: i64, chat: i64) -> Result<ChatRow, MaxErr> {
    let row = actions::chat_for(app, person, chat)?;
    let admin = app.store.membership(chat, person)?.is_some_and(|m| m.admin);
    if row.kind == "DIALOG" || !admin {
        return Err(MaxErr::with("chat.denied", "only a chat admin can do this"));
    }
    Ok(row)
}

/// 64 with `{_type: CONTROL, event: "new", chatType, title, userIds}`: creates the chat and
/// posts the CONTROL message into it. Returns the chat and that message.
pub fn create(
    app: &App,
    owner: i64,
    attach: &Value,
    cid: Option<i64>,
    skip: Option<u64>,
) -> Result<(ChatRow, MessageRow), MaxErr> {
    if let Some(cid) = cid
        && let Some(old) = app.store.message_by_cid(owner, cid)?
    {
        let chat = app
            .store
            .chat(old.chat_id)?
            .ok_or_else(|| MaxErr::new("chat.not.found"))?;
        return Ok((chat, old));
    }
    let kind = match attach["chatType"].as_str().unwrap_or("CHAT") {
        "CHANNEL" => "CHANNEL",
        _ => "CHAT",
    };
    let title = attach["title"].as_str().filter(|t| !t.trim().is_empty());
    let title = title.ok_or_else(|| MaxErr::payload("`title` is required"))?;
    let mut users: Vec<i64> = attach["userIds"]
        .as_array()
        .map(|a| a.iter().filter_map(actions::int).collect())
        .unwrap_or_default();
    users.retain(|u| *u != owner);
    users.dedup();
    for u in &users {
        app.store
            .person(*u)?
            .ok_or_else(|| MaxErr::with("not.found", format!("user {u}")))?;
    }
    let chat = app.store.create_group(owner, title, kind, &users)?;
    let draft = Draft {
        cid,
        attaches: json!([{"_type": "CONTROL", "event": "new", "chatType": kind,
            "title": title, "userIds": users}]),
        elements: json!([]),
        ..Draft::default()
    };
    let (message, _) = actions::send_as(app, owner, chat.id, draft, "CONTROL", skip)?;
    let chat = app
        .store
        .chat(chat.id)?
        .ok_or_else(|| MaxErr::new("chat.not.found"))?;
    push_chat(app, &chat, &member_ids(app, chat.id)?, skip)?;
    Ok((chat, message))
}

/// 77 CHAT_MEMBERS_UPDATE: `operation` "add" or "remove".
pub fn update_members(
    app: &App,
    person: i64,
    chat: i64,
    users: &[i64],
    operation: &str,
    skip: Option<u64>,
) -> Result<ChatRow, MaxErr> {
    require_admin(app, person, chat)?;
    let before = member_ids(app, chat)?;
    let changed = match operation {
        "add" => {
            for u in users {
                app.store
                    .person(*u)?
                    .ok_or_else(|| MaxErr::with("not.found", format!("user {u}")))?;
            }
            app.store.add_members(chat, users)?
        }
        "remove" => app.store.remove_members(chat, users)?,
        other => {
            return Err(MaxErr::payload(format!(
                "operation `{other}` is not supported"
            )));
        }
    };
    if !changed.is_empty() {
        let draft = Draft {
            attaches: json!([{"_type": "CONTROL", "event": operation, "userIds": changed}]),
            elements: json!([]),
            ..Draft::default()
        };
        actions::send_as(app, person, chat, draft, "CONTROL", skip)?;
    }
    let row = app
        .store
        .chat(chat)?
        .ok_or_else(|| MaxErr::new("chat.not.found"))?;
    let mut to = before;
    to.extend(member_ids(app, chat)?);
    to.sort_unstable();
    to.dedup();
    push_chat(app, &row, &to, skip)?;
    Ok(row)
}

/// 55 CHAT_UPDATE's `theme` (title) and `description`.
pub fn rename(
    app: &App,
    person: i64,
    chat: i64,
    title: Option<&str>,
    description: Option<&str>,
    skip: Option<u64>,
) -> Result<ChatRow, MaxErr> {
    require_admin(app, person, chat)?;
    app.store.update_chat_info(chat, title, description)?;
    let row = app
        .store
        .chat(chat)?
        .ok_or_else(|| MaxErr::new("chat.not.found"))?;
    push_chat(app, &row, &member_ids(app, chat)?, skip)?;
    Ok(row)
}
