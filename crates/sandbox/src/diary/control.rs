//! The e-journal's control routes (merged into the control API): children, sessions as if a
//! parent signed in, expiry, marks and homework added to a lesson, and «moved» families.

use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::{Value, json};

use super::calendar::Day;
use super::{CHILDREN, COOKIE, SCHOOL, child_by_guid, is_parent, lessons};
use crate::actions;
use crate::app::App;
use crate::http::{HttpError, HttpResult};
use crate::store::{AddedMark, SetHomework};

type St = State<Arc<App>>;
type Out = HttpResult<Json<Value>>;

/// Longest text the control API stores as a mark or homework.
const MAX_TEXT: usize = 64 * 1024;

/// The diary routes.
pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/diary/children", get(children))
        .route("/diary/sessions", post(sessions))
        .route("/diary/expire", post(expire))
        .route("/diary/marks", post(marks))
        .route("/diary/homework", post(homework))
        .route("/diary/moved", post(moved))
}

async fn children() -> Out {
    let list: Vec<Value> = CHILDREN
        .iter()
        .map(|c| {
            json!({"guid": c.guid(), "name": c.name, "class": c.class, "school": SCHOOL,
                   "parents": c.parents()})
        })
        .collect();
    Ok(Json(Value::Array(list)))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PersonBody {
    #[serde(default)]
    person_id: Option<Value>,
    #[serde(default)]
    moved: Option<bool>,
}

fn parent(body: &PersonBody) -> HttpResult<i64> {
    let id = body
        .person_id
        .as_ref()
        .and_then(actions::int)
        .ok_or_else(|| HttpError::bad("`personId` must be an integer"))?;
    if is_parent(id) {
        Ok(id)
    } else {
        Err(HttpError::not_found("journal parent"))
    }
}

async fn sessions(State(app): St, Json(b): Json<PersonBody>) -> Out {
    let person = parent(&b)?;
    let value = app.store.create_diary_session(person)?;
    Ok(Json(json!({
        "cookie": format!("{COOKIE}={value}"), "name": COOKIE, "value": value,
    })))
}

async fn expire(State(app): St, Json(b): Json<PersonBody>) -> Out {
    let person = match &b.person_id {
        None | Some(Value::Null) => None,
        Some(_) => Some(parent(&b)?),
    };
    let ended = app.store.expire_diary_sessions(person)?;
    Ok(Json(json!({ "expired": ended })))
}

async fn moved(State(app): St, Json(b): Json<PersonBody>) -> Out {
    let person = parent(&b)?;
    let moved = b.moved.unwrap_or(true);
    app.store.set_diary_moved(person, moved)?;
    Ok(Json(json!({ "personId": person, "moved": moved })))
}

/// The lesson a control call names: (child, day, lesson number).
fn lesson(
    guid: &str,
    date: &str,
    subject: &str,
) -> HttpResult<(&'static super::Child, Day, usize)> {
    let child = child_by_guid(guid).ok_or_else(|| HttpError::not_found("child"))?;
    let day = Day::parse_iso(date).ok_or_else(|| HttpError::bad("`date` must be YYYY-MM-DD"))?;
    let slot = lessons::first_lesson(child, day, subject).ok_or_else(|| {
        HttpError(
            StatusCode::NOT_FOUND,
            "not.found".into(),
            format!(
                "no lesson of «{subject}» for {} on {date} (a weekend, a holiday or not in the \
                 timetable)",
                child.name
            ),
        )
    })?;
    Ok((child, day, slot.number))
}

#[derive(Deserialize)]
struct MarkBody {
    guid: String,
    date: String,
    subject: String,
    value: Value,
    #[serde(default)]
    weight: Option<Value>,
}

async fn marks(State(app): St, Json(b): Json<MarkBody>) -> Out {
    let value = match &b.value {
        Value::String(s) => s.trim().to_owned(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    };
    if value.is_empty() || value.len() > 16 {
        return Err(HttpError::bad("`value` must be a short mark such as \"5\""));
    }
    let weight = match &b.weight {
        None | Some(Value::Null) => None,
        Some(w) => Some(
            actions::int(w)
                .filter(|w| (1..=10).contains(w))
                .ok_or_else(|| HttpError::bad("`weight` must be 1–10 or null"))?,
        ),
    };
    let (child, day, number) = lesson(&b.guid, &b.date, &b.subject)?;
    let mark = AddedMark {
        date: day.iso(),
        lesson_number: number as i64,
        value: value.clone(),
        weight,
    };
    app.store.add_diary_mark(&child.guid(), &mark)?;
    Ok(Json(json!({
        "guid": child.guid(), "date": day.iso(), "lessonNumber": number,
        "subject": b.subject, "value": value, "weight": weight.unwrap_or(1),
    })))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct HomeworkBody {
    guid: String,
    date: String,
    subject: String,
    text: String,
    #[serde(default)]
    file_name: Option<String>,
}

async fn homework(State(app): St, Json(b): Json<HomeworkBody>) -> Out {
    if b.text.len() > MAX_TEXT {
        return Err(HttpError::bad("`text` is too long"));
    }
    let (child, day, number) = lesson(&b.guid, &b.date, &b.subject)?;
    let file_name = b
        .file_name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    let file_id = match file_name {
        Some(name) if name.len() > 200 || name.contains(['/', '\\']) => {
            return Err(HttpError::bad("`fileName` must be a plain file name"));
        }
        Some(name) => Some(app.store.add_diary_file(name, b.text.as_bytes())?),
        None => None,
    };
    let set = SetHomework {
        date: day.iso(),
        lesson_number: number as i64,
        text: b.text.clone(),
        file_id,
        file_name: None,
    };
    app.store.set_diary_homework(child.class, &set)?;
    let files: Vec<Value> = file_id
        .iter()
        .map(|id| json!({"name": file_name, "url": format!("/edv/files/{id}")}))
        .collect();
    Ok(Json(json!({
        "class": child.class, "date": day.iso(), "lessonNumber": number,
        "subject": b.subject, "homework": b.text, "files": files,
    })))
}
