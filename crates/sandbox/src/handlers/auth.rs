//! Session start, sign-in (saved token, QR, cloud password), logout and sessions.

use serde_json::{Map, Value, json};

use super::{Ctx, Reply, int_field};
use crate::app::{DEMO_SMS_CODE, QrTrack, SmsTrack};
use crate::maxerr::MaxErr;
use crate::store::wall_ms;

/// QR codes live five minutes.
const QR_TTL: i64 = 300_000;

pub fn dispatch(ctx: &mut Ctx<'_>, opcode: u16, p: &Value) -> Reply {
    match opcode {
        17 => sms_start(ctx, p),
        18 => sms_check(ctx, p),
        19 => login(ctx, p),
        20 => logout(ctx),
        96 => sessions(ctx),
        97 => sessions_close(ctx),
        288 => qr_get(ctx),
        289 => qr_status(ctx, p),
        291 => qr_login(ctx, p),
        115 => qr_password(ctx, p),
        _ => Err(MaxErr::new("proto.opcode")),
    }
}

/// 6 SESSION_INIT.
pub fn session_init(ctx: &mut Ctx<'_>, p: &Value) -> Reply {
    let ua = &p["userAgent"];
    let version = ua["appVersion"].as_str().unwrap_or("");
    let major: u32 = version
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(1);
    if !version.is_empty() && major == 0 {
        return Err(MaxErr::new("client.unsupported-version"));
    }
    ctx.s.inited = true;
    ctx.s.device_id = p["deviceId"].as_str().unwrap_or("").to_owned();
    ctx.s.device_type = ua["deviceType"].as_str().unwrap_or("WEB").to_owned();
    let seed = (ctx.s.conn_id as i64).wrapping_mul(2_654_435_761) & 0x7FFF_FFFF;
    Ok(json!({
        "callsSeed": seed,
        "location": "RU",
        "app-update-type": 0,
        "reg-country-code": ["RU"],
        "phone-auto-complete-enabled": false,
        "lang": true,
    }))
}

/// 17 AUTH_REQUEST: SMS sign-in, refused for WEB devices as on MAX. Every demo person's code is
/// [`DEMO_SMS_CODE`].
fn sms_start(ctx: &mut Ctx<'_>, p: &Value) -> Reply {
    if ctx.s.device_type.eq_ignore_ascii_case("WEB") {
        return Err(MaxErr::new("auth.request.forbidden"));
    }
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    let phone = digits(
        p["phone"]
            .as_str()
            .ok_or_else(|| MaxErr::payload("`phone` is required"))?,
    );
    let people = ctx.app.store.people()?;
    let who = people.iter().find(|x| digits(&x.phone) == phone);
    let who = who.ok_or_else(|| MaxErr::with("not.found", "no account with this phone"))?;
    let token = format!("sms-{}", uuid::Uuid::new_v4().simple());
    ctx.app.sms().insert(
        token.clone(),
        SmsTrack {
            person: who.id,
            expires_at: wall_ms() + QR_TTL,
            attempts: 0,
        },
    );
    Ok(
        json!({"token": token, "codeLength": DEMO_SMS_CODE.len(), "requestMaxDuration": QR_TTL,
        "requestCountLeft": 10, "altActionDuration": 60_000}),
    )
}

/// 18 AUTH: checks the code; five wrong codes end the track.
fn sms_check(ctx: &mut Ctx<'_>, p: &Value) -> Reply {
    let token = p["token"]
        .as_str()
        .ok_or_else(|| MaxErr::payload("`token` is required"))?;
    let track = ctx.app.sms().get(token).cloned();
    let track = track
        .filter(|t| t.expires_at > wall_ms())
        .ok_or_else(|| MaxErr::new("not.found"))?;
    if p["verifyCode"].as_str() != Some(DEMO_SMS_CODE) {
        let mut sms = ctx.app.sms();
        let attempts = sms.get_mut(token).map_or(u32::MAX, |t| {
            t.attempts += 1;
            t.attempts
        });
        if attempts >= 5 {
            sms.remove(token);
            return Err(MaxErr::new("error.code.attempt.limit"));
        }
        return Err(MaxErr::new("verify.code.wrong"));
    }
    ctx.app.sms().remove(token);
    let who = ctx
        .app
        .store
        .person(track.person)?
        .ok_or_else(|| MaxErr::new("not.found"))?;
    if who.password.is_some() {
        ctx.app.qr().insert(
            token.to_owned(),
            QrTrack {
                link: format!("sms:{token}"),
                expires_at: wall_ms() + QR_TTL,
                approved_by: Some(who.id),
                password_pending: true,
            },
        );
        return Ok(json!({"passwordChallenge": {
            "trackId": token, "hint": who.password_hint.unwrap_or_default(),
        }}));
    }
    finish(ctx, token, who.id)
}

fn profile(ctx: &Ctx<'_>, person: i64) -> Result<Value, MaxErr> {
    let me = ctx
        .app
        .store
        .person(person)?
        .ok_or_else(|| MaxErr::new("login.token"))?;
    Ok(json!({"contact": me.to_max(), "profileOptions": []}))
}

/// 19 LOGIN: validate the token against the deviceId, answer with what changed since the
/// markers (everything when they are 0 or missing).
fn login(ctx: &mut Ctx<'_>, p: &Value) -> Reply {
    let token = p["token"]
        .as_str()
        .ok_or_else(|| MaxErr::payload("`token` is required"))?;
    let row = ctx.app.store.token(token)?.filter(|t| !t.revoked);
    let Some(row) = row else {
        return Err(MaxErr::new("login.token"));
    };
    if !ctx.s.device_id.is_empty() && row.device_id != ctx.s.device_id {
        return Err(MaxErr::with(
            "login.token",
            "token is bound to another deviceId",
        ));
    }
    let me = row.person_id;
    ctx.s.user = Some(me);
    ctx.s.token = Some(token.to_owned());
    ctx.app
        .hub
        .set_user(ctx.s.conn_id, Some((me, token.to_owned())));
    let chats_sync = int_field(p, "chatsSync").unwrap_or(0).max(0);
    let contacts_sync = int_field(p, "contactsSync").unwrap_or(0).max(0);
    let count = int_field(p, "chatsCount")
        .filter(|c| *c > 0)
        .unwrap_or(i64::MAX);
    let store = &ctx.app.store;
    let http = &ctx.app.urls.http;
    let time = store.now();
    let mut chats = Vec::new();
    let mut messages = Map::new();
    for chat in store.chats_of(me)? {
        if chats_sync > 0 && chat.modified <= chats_sync {
            continue;
        }
        if chats_sync == 0 && chats.len() as i64 >= count {
            break;
        }
        let list: Vec<Value> = if chats_sync == 0 {
            store
                .last_message(chat.id)?
                .into_iter()
                .map(|m| m.to_max(http))
                .collect()
        } else {
            store
                .changed_since(chat.id, chats_sync, 40)?
                .iter()
                .map(|m| m.to_max(http))
                .collect()
        };
        if !list.is_empty() {
            messages.insert(chat.id.to_string(), Value::Array(list));
        }
        chats.push(store.chat_to_max(&chat, Some(me), http)?);
    }
    let mut contacts = Vec::new();
    for id in store.contacts_of(me)? {
        if let Some(person) = store.person(id)?
            && (contacts_sync == 0 || person.updated > contacts_sync)
        {
            contacts.push(person.to_max());
        }
    }
    Ok(json!({
        "profile": profile(ctx, me)?,
        "chats": chats,
        "contacts": contacts,
        "messages": messages,
        "presence": {},
        "drafts": {
            "chats": {"discarded": {}, "saved": {}},
            "users": {"discarded": {}, "saved": {}},
        },
        "time": time,
        "config": {
            "hash": "parta-sandbox",
            "server": {"max-msg-length": 4000},
            "user": {},
            "chats": store.mutes_config(me)?,
        },
    }))
}

fn logout(ctx: &mut Ctx<'_>) -> Reply {
    if let Some(t) = ctx.s.token.take() {
        ctx.app.store.revoke_token(&t)?;
    }
    ctx.s.user = None;
    ctx.app.hub.set_user(ctx.s.conn_id, None);
    Ok(json!({}))
}

fn sessions(ctx: &mut Ctx<'_>) -> Reply {
    let me = ctx.me()?;
    let current = ctx.s.token.clone().unwrap_or_default();
    let list: Vec<Value> = ctx
        .app
        .store
        .tokens_of(me)?
        .iter()
        .map(|t| {
            json!({
                "id": t.created,
                "current": t.token == current,
                "client": if t.demo { "MAX (демо)" } else { "MAX" },
                "info": format!("deviceId {}", t.device_id),
                "location": "Оренбург, Россия",
                "time": t.created,
            })
        })
        .collect();
    Ok(json!({"sessions": list}))
}

/// 97: closes every other session and rotates the current token.
fn sessions_close(ctx: &mut Ctx<'_>) -> Reply {
    let me = ctx.me()?;
    let revoked = ctx.app.store.revoke_tokens_of(me, None)?;
    let token = ctx.app.store.issue_token(me, &ctx.s.device_id)?;
    ctx.s.token = Some(token.clone());
    ctx.app
        .hub
        .set_user(ctx.s.conn_id, Some((me, token.clone())));
    ctx.app.hub.kill_tokens(&revoked);
    Ok(json!({"token": token, "tokenAttrs": {"LOGIN": {"token": token}}}))
}

fn qr_get(ctx: &mut Ctx<'_>) -> Reply {
    let track = uuid::Uuid::new_v4().to_string();
    let link = format!("https://max.ru/:auth/{}", uuid::Uuid::new_v4());
    let now = wall_ms();
    let expires = now + QR_TTL;
    ctx.app.qr().retain(|_, t| t.expires_at > now);
    ctx.app.sms().retain(|_, t| t.expires_at > now);
    ctx.app.qr().insert(
        track.clone(),
        QrTrack {
            link: link.clone(),
            expires_at: expires,
            approved_by: None,
            password_pending: false,
        },
    );
    Ok(json!({
        "qrLink": link, "trackId": track, "pollingInterval": 1000,
        "expiresAt": expires, "ttl": QR_TTL,
    }))
}

fn track(ctx: &Ctx<'_>, p: &Value) -> Result<(String, QrTrack), MaxErr> {
    let id = p["trackId"]
        .as_str()
        .ok_or_else(|| MaxErr::payload("`trackId` is required"))?;
    let t = ctx
        .app
        .qr()
        .get(id)
        .cloned()
        .ok_or_else(|| MaxErr::new("not.found"))?;
    if t.expires_at < wall_ms() {
        return Err(MaxErr::new("qr.expired"));
    }
    Ok((id.to_owned(), t))
}

fn qr_status(ctx: &mut Ctx<'_>, p: &Value) -> Reply {
    let (_, t) = track(ctx, p)?;
    Ok(json!({"status": {"loginAvailable": t.approved_by.is_some(), "expiresAt": t.expires_at}}))
}

fn finish(ctx: &mut Ctx<'_>, id: &str, person: i64) -> Reply {
    ctx.app.qr().remove(id);
    let token = ctx.app.store.issue_token(person, &ctx.s.device_id)?;
    Ok(json!({"tokenAttrs": {"LOGIN": {"token": token}}, "profile": profile(ctx, person)?}))
}

fn qr_login(ctx: &mut Ctx<'_>, p: &Value) -> Reply {
    let (id, t) = track(ctx, p)?;
    let Some(person) = t.approved_by else {
        return Err(MaxErr::with("proto.state", "QR not approved yet"));
    };
    let who = ctx
        .app
        .store
        .person(person)?
        .ok_or_else(|| MaxErr::new("not.found"))?;
    if who.password.is_some() {
        if let Some(t) = ctx.app.qr().get_mut(&id) {
            t.password_pending = true;
        }
        return Ok(json!({"passwordChallenge": {
            "trackId": id, "hint": who.password_hint.unwrap_or_default(),
        }}));
    }
    finish(ctx, &id, person)
}

fn qr_password(ctx: &mut Ctx<'_>, p: &Value) -> Reply {
    let (id, t) = track(ctx, p)?;
    let (Some(person), true) = (t.approved_by, t.password_pending) else {
        return Err(MaxErr::with(
            "proto.state",
            "no password challenge on this track",
        ));
    };
    let who = ctx
        .app
        .store
        .person(person)?
        .ok_or_else(|| MaxErr::new("not.found"))?;
    if p["password"].as_str() != who.password.as_deref() {
        return Err(MaxErr::new("login.cred"));
    }
    finish(ctx, &id, person)
}
