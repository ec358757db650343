//! What a person can do, shared by the protocol handlers and the control API: each action
//! checks rights, writes the store and pushes the change to every connected session of every
//! member (except the connection that asked, which gets the response instead).

use serde_json::{Value, json};

use crate::app::App;
use crate::maxerr::MaxErr;
use crate::store::{ChatRow, MessageRow};

/// Push opcodes.
pub mod push {
    /// New or edited message.
    pub const MESSAGE: u16 = 128;
    /// Typing.
    pub const TYPING: u16 = 129;
    /// Read mark.
    pub const MARK: u16 = 130;
    /// The account's notification config changed (a chat muted or unmuted).
    pub const NOTIF_CONFIG: u16 = 134;
    /// Chat changed.
    pub const CHAT: u16 = 135;
    /// Upload processed.
    pub const ATTACH: u16 = 136;
    /// Messages deleted.
    pub const DELETED: u16 = 142;
}

/// A message to send.
#[derive(Debug, Default, Clone)]
pub struct Draft {
    /// Text.
    pub text: String,
    /// Client id (deduplication key per sender).
    pub cid: Option<i64>,
    /// Formatting elements.
    pub elements: Value,
    /// Attachments as the client sent them.
    pub attaches: Value,
    /// Reply/forward link.
    pub link: Option<Value>,
}

fn member_ids(app: &App, chat: i64) -> Result<Vec<i64>, MaxErr> {
    Ok(app
        .store
        .members(chat)?
        .into_iter()
        .map(|m| m.person_id)
        .collect())
}

/// The chat, if `person` is a member of it.
pub fn chat_for(app: &App, person: i64, chat: i64) -> Result<ChatRow, MaxErr> {
    let row = app
        .store
        .chat(chat)?
        .ok_or_else(|| MaxErr::new("chat.not.found"))?;
    if app.store.membership(chat, person)?.is_none() {
        return Err(MaxErr::new("chat.not.found"));
    }
    Ok(row)
}

fn resolve_attaches(app: &App, attaches: &Value) -> Result<Value, MaxErr> {
    let Some(items) = attaches.as_array() else {
        return Ok(json!([]));
    };
    let mut out = Vec::new();
    for a in items {
        let kind = a["_type"].as_str().unwrap_or("");
        let upload = match kind {
            "PHOTO" => match a["photoToken"].as_str() {
                Some(t) => app.store.upload_by_token(t)?,
                None => a["photoId"]
                    .as_i64()
                    .map(|id| app.store.upload(id))
                    .transpose()?
                    .flatten(),
            },
            "FILE" => int(&a["fileId"])
                .map(|id| app.store.upload(id))
                .transpose()?
                .flatten(),
            "VIDEO" => int(&a["videoId"])
                .map(|id| app.store.upload(id))
                .transpose()?
                .flatten(),
            _ => {
                out.push(a.clone());
                continue;
            }
        };
        let Some(up) = upload else {
            return Err(MaxErr::with(
                "not.found",
                format!("{kind} attachment not found"),
            ));
        };
        if !up.ready {
            return Err(MaxErr::new("attachment.not.ready"));
        }
        out.push(match kind {
            "PHOTO" => json!({"_type": "PHOTO", "photoId": up.id, "photoToken": up.token,
                "width": up.width, "height": up.height}),
            "FILE" => json!({"_type": "FILE", "fileId": up.id, "name": up.name,
                "size": up.size, "token": up.token}),
            _ => json!({"_type": "VIDEO", "videoId": up.id, "token": up.token,
                "duration": 0, "width": up.width, "height": up.height}),
        });
    }
    Ok(Value::Array(out))
}

/// Completes a REPLY/FORWARD link with the quoted message, as MAX returns it.
fn resolve_link(app: &App, person: i64, chat: i64, mut link: Value) -> Result<Value, MaxErr> {
    let Some(id) = int(&link["messageId"]) else {
        return Ok(link);
    };
    let source = int(&link["chatId"]).unwrap_or(chat);
    chat_for(app, person, source)?;
    let quoted = app
        .store
        .message(source, id)?
        .filter(|m| m.status.as_deref() != Some("REMOVED"));
    let quoted = quoted.ok_or_else(|| MaxErr::with("not.found", "linked message not found"))?;
    if let Some(obj) = link.as_object_mut() {
        obj.insert("chatId".into(), Value::from(source));
        obj.insert("messageId".into(), Value::from(id.to_string()));
        obj.insert("message".into(), quoted.to_max(&app.urls.http));
    }
    Ok(link)
}

/// Reads an integer given as a number or a numeric string (ids travel both ways).
pub fn int(v: &Value) -> Option<i64> {
    v.as_i64()
        .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
}

/// Sends a message as `sender`; a repeated `cid` returns the first message and pushes nothing.
pub fn send(
    app: &App,
    sender: i64,
    chat: i64,
    d: Draft,
    skip: Option<u64>,
) -> Result<(MessageRow, ChatRow), MaxErr> {
    send_as(app, sender, chat, d, "USER", skip)
}

/// Like [`send`], with the message type (USER or CONTROL).
pub fn send_as(
    app: &App,
    sender: i64,
    chat: i64,
    d: Draft,
    kind: &str,
    skip: Option<u64>,
) -> Result<(MessageRow, ChatRow), MaxErr> {
    let row = chat_for(app, sender, chat)?;
    let link = match d.link {
        Some(link) => Some(resolve_link(app, sender, chat, link)?),
        None => None,
    };
    if row.kind == "CHANNEL" && !app.store.membership(chat, sender)?.is_some_and(|m| m.admin) {
        return Err(MaxErr::with("chat.denied", "only admins post to a channel"));
    }
    let attaches = resolve_attaches(app, &d.attaches)?;
    if d.text.is_empty() && attaches.as_array().is_none_or(Vec::is_empty) {
        return Err(MaxErr::payload("empty message"));
    }
    let out = app.store.send(MessageRow {
        id: 0,
        chat_id: chat,
        sender,
        cid: d.cid,
        time: 0,
        update_time: None,
        text: d.text,
        elements: if d.elements.is_array() {
            d.elements
        } else {
            json!([])
        },
        attaches,
        link,
        status: None,
        kind: kind.into(),
    })?;
    if out.message.chat_id != chat {
        return Err(MaxErr::payload("cid already used for another chat"));
    }
    if out.fresh {
        let payload = json!({
            "chatId": chat,
            "message": out.message.to_max(&app.urls.http),
            "mark": out.message.time,
            "unread": 1,
        });
        app.hub
            .push(&member_ids(app, chat)?, push::MESSAGE, &payload, skip);
    }
    Ok((out.message, row))
}

/// What 67 MSG_EDIT changes.
pub struct Edit<'a> {
    /// Chat id.
    pub chat: i64,
    /// Message id.
    pub id: i64,
    /// New text.
    pub text: &'a str,
    /// New formatting elements.
    pub elements: &'a Value,
    /// New attachments, when given.
    pub attaches: Option<&'a Value>,
}

/// Edits `sender`'s own message.
pub fn edit(app: &App, sender: i64, e: Edit<'_>, skip: Option<u64>) -> Result<MessageRow, MaxErr> {
    let Edit {
        chat,
        id,
        text,
        elements,
        attaches,
    } = e;
    chat_for(app, sender, chat)?;
    let old = app
        .store
        .message(chat, id)?
        .filter(|m| m.status.as_deref() != Some("REMOVED"));
    let old = old.ok_or_else(|| MaxErr::new("not.found"))?;
    if old.sender != sender {
        return Err(MaxErr::with(
            "chat.denied",
            "only the sender edits a message",
        ));
    }
    let attaches = attaches.map(|a| resolve_attaches(app, a)).transpose()?;
    let elements = if elements.is_array() {
        elements.clone()
    } else {
        json!([])
    };
    let m = app
        .store
        .edit(chat, id, text, &elements, attaches.as_ref())?;
    let m = m.ok_or_else(|| MaxErr::new("not.found"))?;
    let payload = json!({"chatId": chat, "message": m.to_max(&app.urls.http), "mark": m.time});
    app.hub
        .push(&member_ids(app, chat)?, push::MESSAGE, &payload, skip);
    Ok(m)
}

/// Deletes messages for everyone (own messages, or any as a chat admin).
pub fn delete(
    app: &App,
    person: i64,
    chat: i64,
    ids: &[i64],
    skip: Option<u64>,
) -> Result<Vec<i64>, MaxErr> {
    let row = chat_for(app, person, chat)?;
    let admin = app.store.membership(chat, person)?.is_some_and(|m| m.admin);
    for id in ids {
        let m = app
            .store
            .message(chat, *id)?
            .ok_or_else(|| MaxErr::new("not.found"))?;
        if m.sender != person && !admin {
            return Err(MaxErr::with("chat.denied", "not your message"));
        }
    }
    let done = app.store.delete(chat, ids)?;
    if !done.is_empty() {
        let chat_obj = app.store.chat_to_max(&row, None, &app.urls.http)?;
        let payload = json!({
            "chatId": chat,
            "chat": chat_obj,
            "messageIds": done.iter().map(|i| i.to_string()).collect::<Vec<_>>(),
        });
        app.hub
            .push(&member_ids(app, chat)?, push::DELETED, &payload, skip);
    }
    Ok(done)
}

/// Moves a read mark forward; returns `(unread, mark)`.
pub fn read(
    app: &App,
    person: i64,
    chat: i64,
    message: Option<i64>,
    mark: Option<i64>,
    skip: Option<u64>,
) -> Result<(i64, i64), MaxErr> {
    chat_for(app, person, chat)?;
    let msg_time = match message {
        Some(id) => Some(
            app.store
                .message(chat, id)?
                .ok_or_else(|| MaxErr::new("not.found"))?
                .time,
        ),
        None => None,
    };
    let wanted = match (msg_time, mark) {
        (Some(t), _) => t,
        (None, Some(m)) => m,
        (None, None) => app.store.now(),
    };
    let stored = app.store.mark_read(chat, person, wanted)?;
    let t = app.store.now();
    app.store.touch_chat(chat, t)?;
    let unread = app.store.unread(chat, person)?;
    let payload = json!({"chatId": chat, "userId": person, "mark": stored, "type": "READ_MESSAGE"});
    app.hub
        .push(&member_ids(app, chat)?, push::MARK, &payload, skip);
    Ok((unread, stored))
}

/// Tells the other members someone is typing.
pub fn typing(
    app: &App,
    person: i64,
    chat: i64,
    kind: &str,
    skip: Option<u64>,
) -> Result<(), MaxErr> {
    chat_for(app, person, chat)?;
    let others: Vec<i64> = member_ids(app, chat)?
        .into_iter()
        .filter(|m| *m != person)
        .collect();
    let payload = json!({"chatId": chat, "userId": person, "type": kind});
    app.hub.push(&others, push::TYPING, &payload, skip);
    Ok(())
}

/// Pins (or unpins with `None`) a message; pushes 135 with the chat.
pub fn pin(
    app: &App,
    person: i64,
    chat: i64,
    message: Option<i64>,
    skip: Option<u64>,
) -> Result<ChatRow, MaxErr> {
    chat_for(app, person, chat)?;
    if let Some(id) = message {
        app.store
            .message(chat, id)?
            .ok_or_else(|| MaxErr::new("not.found"))?;
    }
    app.store.set_pinned(chat, message)?;
    let row = app
        .store
        .chat(chat)?
        .ok_or_else(|| MaxErr::new("chat.not.found"))?;
    let obj = app.store.chat_to_max(&row, None, &app.urls.http)?;
    app.hub.push(
        &member_ids(app, chat)?,
        push::CHAT,
        &json!({"chat": obj}),
        skip,
    );
    Ok(row)
}
