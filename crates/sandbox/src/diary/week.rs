//! `GET /edv/index/diary/{GUID}?date=DD.MM.YYYY`: the week containing `date` as JSON.
//!
//! Day keys keep the week's order (`"07.12. Понедельник"`…), so the `diary` object is written
//! by hand rather than through a sorted map. Two variants: Orenburg (`lessonTime`, weighted
//! `marks` next to `marksRaw`) and, for Морозов Иван, Kirov (`lessonTimeBegin`/`lessonTimeEnd`,
//! `periodMark`, the lesson number as a string, no weights).

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Uri, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use super::calendar::{self, Day};
use super::lessons::{self, LessonView};
use super::report;
use super::timetable::BELLS;
use super::{Child, MY_SCHOOL, Reply, child_by_guid, children_of, internal, signed_in};
use crate::app::App;

/// The query of a week request.
#[derive(Deserialize)]
pub struct WeekQuery {
    #[serde(default)]
    date: Option<String>,
}

fn json_response(body: String) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body,
    )
        .into_response()
}

fn failure(message: &str) -> Response {
    json_response(json!({"success": false, "message": message, "data": null}).to_string())
}

/// The handler.
pub async fn week(
    State(app): State<Arc<App>>,
    Path(guid): Path<String>,
    Query(q): Query<WeekQuery>,
    headers: HeaderMap,
    uri: Uri,
) -> Reply {
    let person = signed_in(&app, &headers, &uri)?;
    if app.store.diary_moved(person).map_err(internal)? {
        let text = format!("Дневник вашей школы теперь в «Моя школа»: {MY_SCHOOL}");
        return Ok(failure(&text));
    }
    let child = child_by_guid(&guid).filter(|c| children_of(person).iter().any(|k| k.id == c.id));
    let Some(child) = child else {
        return Ok(failure("Ученик не найден"));
    };
    let day = match q.date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        None => calendar::today(),
        Some(text) => match Day::parse_x1(text) {
            Some(day) => day,
            None => return Ok(failure("Неверная дата")),
        },
    };
    Ok(json_response(render(&app, child, day).map_err(internal)?))
}

/// The whole answer for the week of `day`.
pub fn render(app: &App, child: &Child, day: Day) -> crate::error::Result<String> {
    let monday = day.monday();
    let days = lessons::range(app, child, monday, monday.plus(6))?;
    let period_marks = if child.kirov {
        period_marks(app, child, day)?
    } else {
        HashMap::new()
    };
    let diary = if days.is_empty() {
        "[]".to_owned()
    } else {
        let entries: Vec<String> = days
            .iter()
            .map(|(d, list)| {
                let lessons: Vec<Value> = list
                    .iter()
                    .map(|l| lesson_json(child, l, &period_marks))
                    .collect();
                format!("{}:{}", Value::from(d.diary_key()), Value::Array(lessons))
            })
            .collect();
        format!("{{{}}}", entries.join(","))
    };
    let periods: Vec<Value> = calendar::periods()
        .iter()
        .map(|p| json!({"name": p.name, "dateBegin": p.begin.x1(), "dateEnd": p.end.x1()}))
        .collect();
    Ok(format!(
        "{{\"success\":true,\"message\":\"\",\"data\":{{\"diary\":{diary},\"edu_periods\":{}}}}}",
        Value::Array(periods)
    ))
}

/// Kirov's `periodMark`: the rounded weighted average so far in the week's четверть.
fn period_marks(
    app: &App,
    child: &Child,
    day: Day,
) -> crate::error::Result<HashMap<String, String>> {
    let Some(period) = calendar::period_of(day) else {
        return Ok(HashMap::new());
    };
    Ok(report::rows(app, child, period.begin, period.end)?
        .into_iter()
        .filter_map(|r| Some((r.subject.to_owned(), report::rounded(r.average?))))
        .collect())
}

fn number_or_text(value: &str) -> Value {
    value
        .parse::<i64>()
        .map_or_else(|_| Value::from(value), Value::from)
}

fn lesson_json(child: &Child, l: &LessonView, period_marks: &HashMap<String, String>) -> Value {
    let (begin, end) = BELLS.get(l.slot.number - 1).copied().unwrap_or(("", ""));
    let files: Vec<Value> = l
        .files
        .iter()
        .map(|f| json!({"name": f.name, "url": format!("/edv/files/{}", f.id)}))
        .collect();
    let marks_raw: Vec<Value> = l.marks.iter().map(|m| number_or_text(&m.value)).collect();
    let absence: Vec<&str> = l.absence.iter().map(|_| "н").collect();
    let mut o = json!({
        "subject": l.slot.subject.name,
        "teacher": l.slot.subject.teacher,
        "date": l.slot.day.x1(),
        "topic": l.topic,
        "homework": l.homework,
        "marksRaw": marks_raw,
        "absenceRaw": absence,
        "notes": l.notes,
        "files": files,
    });
    if let Some((day, text)) = &l.previous {
        o["previousHomework"] = json!({"date": day.x1(), "homework": text});
    }
    if child.kirov {
        o["lessonNumber"] = Value::from(l.slot.number.to_string());
        o["lessonTimeBegin"] = Value::from(begin);
        o["lessonTimeEnd"] = Value::from(end);
        o["periodMark"] = period_marks
            .get(l.slot.subject.name)
            .map_or(Value::Null, |m| Value::from(m.as_str()));
    } else {
        o["lessonNumber"] = Value::from(l.slot.number);
        o["lessonTime"] = Value::from(format!("{begin}-{end}"));
        o["marks"] = l
            .marks
            .iter()
            .map(|m| json!({"value": m.value, "weight": m.weight}))
            .collect();
    }
    o
}
