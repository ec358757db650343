//! The control API (JSON over HTTP) for tests and the demo.
//!
//! Fixed shapes other tools rely on: `GET /people`, `GET /people/{id}/chats`,
//! `POST /people/{id}/send`, `GET /chats/{chatId}/messages`, `POST /qr/approve`. Everything else
//! (acting as a person, faults) grows around them; see `crates/sandbox/README.md`.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{HttpError, HttpResult};
use crate::actions::{self, Draft};
use crate::app::App;
use crate::store::wall_ms;

pub(super) type St = State<Arc<App>>;
pub(super) type Out = HttpResult<Json<Value>>;

/// The control router.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(index))
        .route("/people", get(people))
        .route("/people/{id}", get(person))
        .route("/people/{id}/chats", get(person_chats))
        .route("/people/{id}/send", post(send))
        .route("/people/{id}/edit", post(edit))
        .route("/people/{id}/delete", post(delete))
        .route("/people/{id}/read", post(read))
        .route("/people/{id}/typing", post(typing))
        .route("/people/{id}/pin", post(pin))
        .route("/people/{id}/mute", post(mute))
        .route("/people/{id}/upload", post(upload))
        .route("/people/{id}/revoke", post(revoke_person))
        .route("/people/{id}/restore", post(restore_person))
        .route("/chats/{id}", get(chat))
        .route("/chats/{id}/messages", get(messages))
        .route("/qr/approve", post(qr_approve))
        .route("/sessions", get(sessions))
        .merge(super::faults::routes())
        .merge(crate::diary::control::routes())
        .with_state(app)
}

fn need(app: &App, id: i64) -> HttpResult<crate::store::Person> {
    app.store
        .person(id)?
        .ok_or_else(|| HttpError::not_found("person"))
}

async fn index(State(app): St) -> Out {
    let (conns, signed) = app.hub.counts();
    let school: Value = app
        .store
        .meta("school")?
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or(Value::Null);
    Ok(Json(
        json!({"urls": app.urls, "school": school, "connections": conns, "signedIn": signed}),
    ))
}

fn person_json(app: &App, p: &crate::store::Person) -> HttpResult<Value> {
    let (token, device) = app.store.demo_token(p.id)?.unwrap_or_default();
    Ok(json!({
        "id": p.id, "name": p.full_name(), "role": p.role, "token": token, "deviceId": device,
        "firstName": p.first_name, "lastName": p.last_name, "phone": p.phone,
        "description": p.description, "hasPassword": p.password.is_some(),
    }))
}

async fn people(State(app): St) -> Out {
    let list = app
        .store
        .people()?
        .iter()
        .map(|p| person_json(&app, p))
        .collect::<HttpResult<Vec<_>>>()?;
    Ok(Json(Value::Array(list)))
}

async fn person(State(app): St, Path(id): Path<i64>) -> Out {
    let p = need(&app, id)?;
    Ok(Json(person_json(&app, &p)?))
}

async fn person_chats(State(app): St, Path(id): Path<i64>) -> Out {
    need(&app, id)?;
    let mut out = Vec::new();
    for row in app.store.chats_of(id)? {
        out.push(app.store.chat_to_max(&row, Some(id), &app.urls.http)?);
    }
    Ok(Json(Value::Array(out)))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SendBody {
    chat_id: Value,
    #[serde(default)]
    text: String,
    #[serde(default)]
    cid: Option<i64>,
    #[serde(default)]
    attaches: Option<Value>,
    #[serde(default)]
    elements: Option<Value>,
}

fn chat_id(v: &Value) -> HttpResult<i64> {
    actions::int(v).ok_or_else(|| HttpError::bad("`chatId` must be an integer"))
}

async fn send(State(app): St, Path(id): Path<i64>, Json(b): Json<SendBody>) -> Out {
    need(&app, id)?;
    let draft = Draft {
        text: b.text,
        cid: b.cid,
        elements: b.elements.unwrap_or(json!([])),
        attaches: b.attaches.unwrap_or(json!([])),
        link: None,
    };
    let (m, _) = actions::send(&app, id, chat_id(&b.chat_id)?, draft, None)?;
    Ok(Json(m.to_max(&app.urls.http)))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct MessageRef {
    chat_id: Value,
    #[serde(default)]
    message_id: Option<Value>,
    #[serde(default)]
    message_ids: Option<Vec<Value>>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    r#type: Option<String>,
}

fn message_id(r: &MessageRef) -> HttpResult<i64> {
    r.message_id
        .as_ref()
        .and_then(actions::int)
        .ok_or_else(|| HttpError::bad("`messageId` is required"))
}

async fn edit(State(app): St, Path(id): Path<i64>, Json(r): Json<MessageRef>) -> Out {
    need(&app, id)?;
    let text = r.text.clone().unwrap_or_default();
    let elements = json!([]);
    let e = actions::Edit {
        chat: chat_id(&r.chat_id)?,
        id: message_id(&r)?,
        text: &text,
        elements: &elements,
        attaches: None,
    };
    let m = actions::edit(&app, id, e, None)?;
    Ok(Json(m.to_max(&app.urls.http)))
}

async fn delete(State(app): St, Path(id): Path<i64>, Json(r): Json<MessageRef>) -> Out {
    need(&app, id)?;
    let mut ids: Vec<i64> = r
        .message_ids
        .iter()
        .flatten()
        .filter_map(actions::int)
        .collect();
    if let Some(one) = r.message_id.as_ref().and_then(actions::int) {
        ids.push(one);
    }
    if ids.is_empty() {
        return Err(HttpError::bad("`messageIds` is required"));
    }
    let done = actions::delete(&app, id, chat_id(&r.chat_id)?, &ids, None)?;
    Ok(Json(
        json!({"deleted": done.iter().map(|i| i.to_string()).collect::<Vec<_>>()}),
    ))
}

async fn read(State(app): St, Path(id): Path<i64>, Json(r): Json<MessageRef>) -> Out {
    need(&app, id)?;
    let msg = r.message_id.as_ref().and_then(actions::int);
    let (unread, mark) = actions::read(&app, id, chat_id(&r.chat_id)?, msg, None, None)?;
    Ok(Json(json!({"unread": unread, "mark": mark})))
}

async fn typing(State(app): St, Path(id): Path<i64>, Json(r): Json<MessageRef>) -> Out {
    need(&app, id)?;
    actions::typing(
        &app,
        id,
        chat_id(&r.chat_id)?,
        r.r#type.as_deref().unwrap_or("TEXT"),
        None,
    )?;
    Ok(Json(json!({})))
}

async fn pin(State(app): St, Path(id): Path<i64>, Json(r): Json<MessageRef>) -> Out {
    need(&app, id)?;
    let msg = r
        .message_id
        .as_ref()
        .and_then(actions::int)
        .filter(|m| *m != 0);
    let row = actions::pin(&app, id, chat_id(&r.chat_id)?, msg, None)?;
    Ok(Json(app.store.chat_to_max(
        &row,
        Some(id),
        &app.urls.http,
    )?))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct MuteBody {
    chat_id: Value,
    /// MAX's `dontDisturbUntil`: 0 unmutes, −1 for ever, else until this time (ms).
    dont_disturb_until: i64,
}

/// Mutes or unmutes a chat for a person, as they would in MAX: kept in their config (LOGIN
/// answers it) and pushed to their connections (NOTIF_CONFIG, 134).
async fn mute(State(app): St, Path(id): Path<i64>, Json(b): Json<MuteBody>) -> Out {
    need(&app, id)?;
    let chat = chat_id(&b.chat_id)?;
    actions::chat_for(&app, id, chat)?;
    app.store.set_mute(id, chat, b.dont_disturb_until)?;
    let config = json!({"config": {"hash": "parta-sandbox", "chats": {
        chat.to_string(): {"dontDisturbUntil": b.dont_disturb_until}
    }}});
    app.hub
        .push(&[id], actions::push::NOTIF_CONFIG, &config, None);
    Ok(Json(json!({ "chats": app.store.mutes_config(id)? })))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UploadBody {
    chat_id: Value,
    name: String,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    mime: Option<String>,
    #[serde(default)]
    content: Option<String>,
    #[serde(default)]
    base64: Option<String>,
    #[serde(default)]
    text: String,
}

/// Uploads a file or photo as a person and posts it to a chat in one step.
async fn upload(State(app): St, Path(id): Path<i64>, Json(b): Json<UploadBody>) -> Out {
    need(&app, id)?;
    let chat = chat_id(&b.chat_id)?;
    actions::chat_for(&app, id, chat)?;
    let bytes = match (&b.base64, &b.content) {
        (Some(s), _) => decode_base64(s).ok_or_else(|| HttpError::bad("bad base64"))?,
        (None, Some(s)) => s.as_bytes().to_vec(),
        (None, None) => return Err(HttpError::bad("`content` or `base64` is required")),
    };
    let kind = if b.kind.as_deref() == Some("photo") {
        "photo"
    } else {
        "file"
    };
    let slot = app.store.create_upload(kind, id)?;
    let default_mime = if kind == "photo" {
        "image/png"
    } else {
        "application/octet-stream"
    };
    let mime = b.mime.as_deref().unwrap_or(default_mime);
    super::files::store_upload(&app, &slot.token, &b.name, mime, &bytes)?;
    let attach = if kind == "photo" {
        json!({"_type": "PHOTO", "photoToken": slot.token})
    } else {
        json!({"_type": "FILE", "fileId": slot.id})
    };
    let draft = Draft {
        text: b.text,
        attaches: json!([attach]),
        elements: json!([]),
        ..Draft::default()
    };
    let (m, _) = actions::send(&app, id, chat, draft, None)?;
    Ok(Json(m.to_max(&app.urls.http)))
}

fn decode_base64(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in s.bytes().filter(|c| !c.is_ascii_whitespace() && *c != b'=') {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Some(out)
}

async fn revoke_person(State(app): St, Path(id): Path<i64>) -> Out {
    need(&app, id)?;
    let tokens = app.store.revoke_tokens_of(id, None)?;
    let closed = app.hub.kill_tokens(&tokens);
    Ok(Json(json!({"revoked": tokens.len(), "closed": closed})))
}

async fn restore_person(State(app): St, Path(id): Path<i64>) -> Out {
    need(&app, id)?;
    app.store.restore_demo_tokens(id)?;
    Ok(Json(json!({})))
}

async fn chat(State(app): St, Path(id): Path<i64>) -> Out {
    let row = app
        .store
        .chat(id)?
        .ok_or_else(|| HttpError::not_found("chat"))?;
    Ok(Json(app.store.chat_to_max(&row, None, &app.urls.http)?))
}

#[derive(Deserialize)]
struct MessagesQuery {
    #[serde(default)]
    removed: Option<String>,
}

async fn messages(State(app): St, Path(id): Path<i64>, Query(q): Query<MessagesQuery>) -> Out {
    app.store
        .chat(id)?
        .ok_or_else(|| HttpError::not_found("chat"))?;
    let removed = matches!(q.removed.as_deref(), Some("1" | "true"));
    let list: Vec<Value> = app
        .store
        .all_messages(id, removed)?
        .iter()
        .map(|m| m.to_max(&app.urls.http))
        .collect();
    Ok(Json(Value::Array(list)))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ApproveBody {
    qr_link: String,
    person_id: Value,
}

async fn qr_approve(State(app): St, Json(b): Json<ApproveBody>) -> Out {
    let person = actions::int(&b.person_id)
        .ok_or_else(|| HttpError::bad("`personId` must be an integer"))?;
    need(&app, person)?;
    let mut tracks = app.qr();
    let entry = tracks
        .iter_mut()
        .find(|(_, t)| t.link == b.qr_link && t.expires_at > wall_ms());
    let (track_id, t) = entry.ok_or_else(|| HttpError::not_found("pending QR sign-in"))?;
    t.approved_by = Some(person);
    Ok(Json(json!({"trackId": track_id, "personId": person})))
}

async fn sessions(State(app): St) -> Out {
    let (conns, signed) = app.hub.counts();
    let online: serde_json::Map<String, Value> = app
        .hub
        .online()
        .into_iter()
        .map(|(k, v)| (k.to_string(), Value::from(v)))
        .collect();
    Ok(Json(
        json!({"connections": conns, "signedIn": signed, "online": online}),
    ))
}
