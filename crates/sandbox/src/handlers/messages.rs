//! History, send, edit, delete, read marks and typing.

use serde_json::{Value, json};

use super::{Ctx, Reply, int_field, need_int};
use crate::actions::{self, Draft};
use crate::groups;
use crate::maxerr::MaxErr;
use crate::store::HistoryQuery;

pub fn dispatch(ctx: &mut Ctx<'_>, opcode: u16, p: &Value) -> Reply {
    match opcode {
        49 => history(ctx, p),
        50 => mark(ctx, p),
        64 => send(ctx, p),
        65 => typing(ctx, p),
        66 => delete(ctx, p),
        67 => edit(ctx, p),
        71 => get(ctx, p),
        _ => Err(MaxErr::new("proto.opcode")),
    }
}

fn history(ctx: &mut Ctx<'_>, p: &Value) -> Reply {
    let me = ctx.me()?;
    let chat = need_int(p, "chatId")?;
    actions::chat_for(ctx.app, me, chat)?;
    let q = HistoryQuery {
        chat,
        from: int_field(p, "from").unwrap_or(i64::MAX),
        forward: int_field(p, "forward").unwrap_or(0).clamp(0, 500) as u32,
        backward: int_field(p, "backward").unwrap_or(30).clamp(0, 500) as u32,
    };
    let http = &ctx.app.urls.http;
    let messages: Vec<Value> = ctx
        .app
        .store
        .history(q)?
        .iter()
        .map(|m| m.to_max(http))
        .collect();
    Ok(json!({"messages": messages}))
}

fn get(ctx: &mut Ctx<'_>, p: &Value) -> Reply {
    let me = ctx.me()?;
    let chat = need_int(p, "chatId")?;
    actions::chat_for(ctx.app, me, chat)?;
    let ids = p["messageIds"].as_array().cloned().unwrap_or_default();
    let mut out = Vec::new();
    for id in ids.iter().filter_map(actions::int) {
        if let Some(m) = ctx.app.store.message(chat, id)?
            && m.status.as_deref() != Some("REMOVED")
        {
            out.push(m.to_max(&ctx.app.urls.http));
        }
    }
    Ok(json!({"messages": out}))
}

/// 64: to `chatId`, or to the dialog with `userId` (created on first use).
fn send(ctx: &mut Ctx<'_>, p: &Value) -> Reply {
    let me = ctx.me()?;
    let msg = &p["message"];
    if !msg.is_object() {
        return Err(MaxErr::payload("`message` is required"));
    }
    let chat = match (
        int_field(p, "chatId").filter(|c| *c != 0),
        int_field(p, "userId"),
    ) {
        (Some(c), _) => c,
        (None, Some(user)) => {
            ctx.app
                .store
                .person(user)?
                .ok_or_else(|| MaxErr::new("not.found"))?;
            let dialog = ctx.app.store.dialog(me, user)?;
            dialog
                .ok_or_else(|| MaxErr::with("chat.denied", "dialog id is taken"))?
                .id
        }
        (None, None) => {
            let control = msg["attaches"].as_array().and_then(|a| {
                a.iter()
                    .find(|x| x["_type"] == "CONTROL" && x["event"] == "new")
            });
            let Some(control) = control else {
                return Err(MaxErr::payload("`chatId` or `userId` is required"));
            };
            let skip = Some(ctx.s.conn_id);
            let (chat, m) = groups::create(ctx.app, me, control, int_field(msg, "cid"), skip)?;
            let http = &ctx.app.urls.http;
            return Ok(json!({
                "chatId": chat.id,
                "chat": ctx.app.store.chat_to_max(&chat, Some(me), http)?,
                "message": m.to_max(http),
            }));
        }
    };
    let draft = Draft {
        text: msg["text"].as_str().unwrap_or("").to_owned(),
        cid: int_field(msg, "cid"),
        elements: msg["elements"].clone(),
        attaches: msg["attaches"].clone(),
        link: msg.get("link").filter(|l| l.is_object()).cloned(),
    };
    let (m, _) = actions::send(ctx.app, me, chat, draft, Some(ctx.s.conn_id))?;
    let message = m.to_max(&ctx.app.urls.http);
    Ok(json!({"chatId": chat, "message": message, "unread": 0, "mark": m.time}))
}

fn edit(ctx: &mut Ctx<'_>, p: &Value) -> Reply {
    let me = ctx.me()?;
    let chat = need_int(p, "chatId")?;
    let id = need_int(p, "messageId")?;
    let text = p["text"].as_str().unwrap_or("");
    let attaches = p
        .get("attachments")
        .filter(|a| a.as_array().is_some_and(|a| !a.is_empty()));
    let e = actions::Edit {
        chat,
        id,
        text,
        elements: &p["elements"],
        attaches,
    };
    let m = actions::edit(ctx.app, me, e, Some(ctx.s.conn_id))?;
    Ok(json!({"chatId": chat, "message": m.to_max(&ctx.app.urls.http)}))
}

fn delete(ctx: &mut Ctx<'_>, p: &Value) -> Reply {
    let me = ctx.me()?;
    let chat = need_int(p, "chatId")?;
    let ids: Vec<i64> = p["messageIds"]
        .as_array()
        .map(|a| a.iter().filter_map(actions::int).collect())
        .unwrap_or_default();
    if ids.is_empty() {
        return Err(MaxErr::payload("`messageIds` is required"));
    }
    if p["forMe"].as_bool() == Some(true) {
        // Hiding for oneself only is not modelled: acknowledge without changes.
        actions::chat_for(ctx.app, me, chat)?;
        return Ok(json!({}));
    }
    actions::delete(ctx.app, me, chat, &ids, Some(ctx.s.conn_id))?;
    Ok(json!({}))
}

fn mark(ctx: &mut Ctx<'_>, p: &Value) -> Reply {
    let me = ctx.me()?;
    let chat = need_int(p, "chatId")?;
    let (unread, mark) = actions::read(
        ctx.app,
        me,
        chat,
        int_field(p, "messageId"),
        int_field(p, "mark"),
        Some(ctx.s.conn_id),
    )?;
    Ok(json!({"unread": unread, "mark": mark}))
}

fn typing(ctx: &mut Ctx<'_>, p: &Value) -> Reply {
    let me = ctx.me()?;
    let chat = need_int(p, "chatId")?;
    let kind = p["type"].as_str().unwrap_or("TEXT");
    actions::typing(ctx.app, me, chat, kind, Some(ctx.s.conn_id))?;
    Ok(json!({}))
}
