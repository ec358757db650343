//! Chats, members, contacts and call links.

use serde_json::{Value, json};

use super::{Ctx, Reply, int_field, need_int};
use crate::actions;
use crate::groups;
use crate::maxerr::MaxErr;

pub fn dispatch(ctx: &mut Ctx<'_>, opcode: u16, p: &Value) -> Reply {
    match opcode {
        32 => contacts(ctx, p),
        48 => chat_info(ctx, p),
        53 => chats_list(ctx, p),
        55 => chat_update(ctx, p),
        59 => members(ctx, p),
        77 => members_update(ctx, p),
        84 => call_link(ctx, p),
        _ => Err(MaxErr::new("proto.opcode")),
    }
}

fn ids(p: &Value, key: &str) -> Result<Vec<i64>, MaxErr> {
    let list = p[key]
        .as_array()
        .ok_or_else(|| MaxErr::payload(format!("`{key}` is required")))?;
    list.iter()
        .map(|v| actions::int(v).ok_or_else(|| MaxErr::payload(format!("bad id in `{key}`"))))
        .collect()
}

fn contacts(ctx: &mut Ctx<'_>, p: &Value) -> Reply {
    ctx.me()?;
    let mut out = Vec::new();
    for id in ids(p, "contactIds")? {
        if let Some(person) = ctx.app.store.person(id)? {
            out.push(person.to_max());
        }
    }
    Ok(json!({"contacts": out}))
}

fn chat_info(ctx: &mut Ctx<'_>, p: &Value) -> Reply {
    let me = ctx.me()?;
    let mut out = Vec::new();
    for id in ids(p, "chatIds")? {
        if let Ok(row) = actions::chat_for(ctx.app, me, id) {
            out.push(
                ctx.app
                    .store
                    .chat_to_max(&row, Some(me), &ctx.app.urls.http)?,
            );
        }
    }
    Ok(json!({"chats": out}))
}

/// 53: pages the chat list, newest first; `marker` is an offset, absent on the last page.
fn chats_list(ctx: &mut Ctx<'_>, p: &Value) -> Reply {
    let me = ctx.me()?;
    let offset = int_field(p, "marker").unwrap_or(0).max(0) as usize;
    let count = int_field(p, "count").unwrap_or(40).clamp(1, 200) as usize;
    let all = ctx.app.store.chats_of(me)?;
    let mut out = Vec::new();
    for row in all.iter().skip(offset).take(count) {
        out.push(
            ctx.app
                .store
                .chat_to_max(row, Some(me), &ctx.app.urls.http)?,
        );
    }
    let next = offset + out.len();
    let marker = if next < all.len() {
        Value::from(next)
    } else {
        Value::Null
    };
    Ok(json!({"chats": out, "marker": marker}))
}

fn members(ctx: &mut Ctx<'_>, p: &Value) -> Reply {
    let me = ctx.me()?;
    let chat = need_int(p, "chatId")?;
    let row = actions::chat_for(ctx.app, me, chat)?;
    let offset = int_field(p, "marker").unwrap_or(0).max(0) as usize;
    let count = int_field(p, "count").unwrap_or(100).clamp(1, 500) as usize;
    let all = ctx.app.store.members(chat)?;
    let mut out = Vec::new();
    for m in all.iter().skip(offset).take(count) {
        let Some(person) = ctx.app.store.person(m.person_id)? else {
            continue;
        };
        let kind = if m.person_id == row.owner {
            "OWNER"
        } else if m.admin {
            "ADMIN"
        } else {
            "MEMBER"
        };
        out.push(json!({
            "id": m.person_id,
            "userId": m.person_id,
            "type": kind,
            "joinTime": m.join_time,
            "contact": person.to_max(),
            "presence": {"seen": 0},
        }));
    }
    let next = offset + out.len();
    let marker = if next < all.len() {
        Value::from(next)
    } else {
        Value::Null
    };
    Ok(json!({"members": out, "marker": marker}))
}

/// 55 CHAT_UPDATE: only pinning is supported (`pinMessageId`, "0" unpins).
fn chat_update(ctx: &mut Ctx<'_>, p: &Value) -> Reply {
    let me = ctx.me()?;
    let chat = need_int(p, "chatId")?;
    let title = p["theme"].as_str().or(p["title"].as_str());
    let description = p["description"].as_str();
    if title.is_some() || description.is_some() {
        groups::rename(ctx.app, me, chat, title, description, Some(ctx.s.conn_id))?;
    }
    let Some(pin) = int_field(p, "pinMessageId") else {
        let row = actions::chat_for(ctx.app, me, chat)?;
        return Ok(json!({"chat": ctx.app.store.chat_to_max(&row, Some(me), &ctx.app.urls.http)?}));
    };
    let row = actions::pin(
        ctx.app,
        me,
        chat,
        (pin != 0).then_some(pin),
        Some(ctx.s.conn_id),
    )?;
    Ok(json!({"chat": ctx.app.store.chat_to_max(&row, Some(me), &ctx.app.urls.http)?}))
}

/// 77 CHAT_MEMBERS_UPDATE `{chatId, userIds, operation: "add"|"remove"}` → `{chat}`.
fn members_update(ctx: &mut Ctx<'_>, p: &Value) -> Reply {
    let me = ctx.me()?;
    let chat = need_int(p, "chatId")?;
    let users = ids(p, "userIds")?;
    let op = p["operation"].as_str().unwrap_or("add");
    let row = groups::update_members(ctx.app, me, chat, &users, op, Some(ctx.s.conn_id))?;
    Ok(json!({"chat": ctx.app.store.chat_to_max(&row, Some(me), &ctx.app.urls.http)?}))
}

fn call_link(ctx: &mut Ctx<'_>, p: &Value) -> Reply {
    let me = ctx.me()?;
    let chat = need_int(p, "chatId")?;
    actions::chat_for(ctx.app, me, chat)?;
    let id = uuid::Uuid::new_v4().simple().to_string();
    let link = format!("https://call.max.ru/join/{id}");
    Ok(json!({"link": link, "joinLink": link, "conversationId": id}))
}
