//! A week's JSON (`/edv/index/diary/{guid}?date=DD.MM.YYYY`) → [`DiaryWeek`].
//!
//! `{"success":true,"message":"","data":{"diary":{"07.12. Понедельник":[lesson…]}|[],
//! "edu_periods":[…]}}`. Day keys carry no year: it is taken from the requested date, choosing
//! the year that puts the day nearest to it, so a week across New Year reads «28.12.» as
//! December of one year and «02.01.» as January of the next. A lesson's own full `date` wins
//! over its day key. Orenburg sends `lessonTime` «09:25-10:10» and `marks` with weights where it
//! weighs them (else `marksRaw`); Kirov sends `lessonTimeBegin`/`lessonTimeEnd`. Homework files
//! come with relative or absolute URLs, resolved against the journal's base.

use chrono::{Datelike, Days, NaiveDate};
use parta_core::diary::{
    DiaryWeek, EduPeriod, HomeworkFile, JournalFailure, JournalResult, Lesson, Mark,
};
use serde_json::Value;
use url::Url;

use super::MY_SCHOOL;
use super::page::{link_in_text, looks_like_html, mentions_my_school, parse_html, unexpected_page};
use super::values::{field, text, text_field, texts, truthy, whole};

/// The Monday of the week containing `date`.
pub fn monday_of(date: NaiveDate) -> NaiveDate {
    let back = u64::from(date.weekday().num_days_from_monday());
    date.checked_sub_days(Days::new(back)).unwrap_or(date)
}

/// The week of `child_guid` containing `date`, read from the journal's answer. `base` is the
/// journal's address, against which homework files' relative URLs are resolved.
pub fn week(
    json: &[u8],
    child_guid: &str,
    date: NaiveDate,
    base: &Url,
) -> JournalResult<DiaryWeek> {
    if let Some(failure) = super::too_large(json.len()) {
        return Err(failure);
    }
    if looks_like_html(json) {
        let document = parse_html(&String::from_utf8_lossy(json))?;
        return Err(unexpected_page(&document, "expected the week's JSON"));
    }
    let raw: Value = serde_json::from_slice(json)
        .map_err(|error| JournalFailure::Protocol(format!("the week is not JSON: {error}")))?;
    if !raw.is_object() {
        return Err(JournalFailure::Protocol(
            "the week is not a JSON object".into(),
        ));
    }
    match raw.get("success") {
        None => {
            return Err(JournalFailure::Protocol(
                "the week has no success flag".into(),
            ));
        }
        Some(flag) if !truthy(flag) => return Err(refusal(raw.get("message").and_then(text))),
        Some(_) => {}
    }
    let data = raw
        .get("data")
        .filter(|data| data.is_object())
        .ok_or_else(|| JournalFailure::Protocol("the week has no data".into()))?;
    let mut lessons = match data.get("diary") {
        Some(Value::Object(days)) => days
            .iter()
            .flat_map(|(key, day)| {
                let day_date = day_key_date(key, date);
                day_lessons(day).map(move |lesson| (day_date, lesson))
            })
            .filter_map(|(day_date, lesson)| read_lesson(lesson, day_date, base))
            .collect(),
        Some(Value::Array(days)) => days
            .iter()
            .flat_map(day_lessons)
            .filter_map(|lesson| read_lesson(lesson, None, base))
            .collect(),
        Some(Value::Null) | None => Vec::new(),
        Some(_) => {
            return Err(JournalFailure::Protocol(
                "the week's diary is unreadable".into(),
            ));
        }
    };
    lessons.sort_by(|a: &Lesson, b: &Lesson| (&a.date, a.number).cmp(&(&b.date, b.number)));
    let periods = match data.get("edu_periods") {
        Some(Value::Array(periods)) => periods.iter().filter_map(read_period).collect(),
        _ => Vec::new(),
    };
    Ok(DiaryWeek {
        child_guid: child_guid.to_owned(),
        monday: monday_of(date).format("%Y-%m-%d").to_string(),
        lessons,
        periods,
        raw,
    })
}

/// `success:false` → moved (its message points to «Моя школа») or refused with its words.
fn refusal(message: Option<String>) -> JournalFailure {
    match message {
        Some(message) if mentions_my_school(&message) => JournalFailure::MovedToMySchool {
            link: link_in_text(&message).unwrap_or_else(|| MY_SCHOOL.to_owned()),
        },
        Some(message) => JournalFailure::Refused(message),
        None => JournalFailure::Refused("the journal refused without saying why".into()),
    }
}

/// A day's lessons: an array of lesson objects (or one lesson object).
fn day_lessons(day: &Value) -> impl Iterator<Item = &Value> {
    let lessons: &[Value] = match day {
        Value::Array(lessons) => lessons,
        Value::Object(_) => std::slice::from_ref(day),
        _ => &[],
    };
    lessons.iter().filter(|lesson| lesson.is_object())
}

/// «07.12. Понедельник» (or «07.12.2026 …») → the date, its year nearest to `requested`.
fn day_key_date(key: &str, requested: NaiveDate) -> Option<NaiveDate> {
    let head = key.split_whitespace().next()?.trim_end_matches('.');
    let mut parts = head.split('.');
    let day: u32 = parts.next()?.trim().parse().ok()?;
    let month: u32 = parts.next()?.trim().parse().ok()?;
    if let Some(year) = parts.next() {
        return NaiveDate::from_ymd_opt(year.trim().parse().ok()?, month, day);
    }
    let year = requested.year();
    [year - 1, year, year + 1]
        .into_iter()
        .filter_map(|year| NaiveDate::from_ymd_opt(year, month, day))
        .min_by_key(|candidate| (*candidate - requested).num_days().abs())
}

/// `07.12.2026` or `2026-12-07`.
fn full_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let text = text.split(['T', ' ']).next().unwrap_or(text);
    NaiveDate::parse_from_str(text, "%d.%m.%Y")
        .or_else(|_| NaiveDate::parse_from_str(text, "%Y-%m-%d"))
        .ok()
}

fn read_lesson(lesson: &Value, day: Option<NaiveDate>, base: &Url) -> Option<Lesson> {
    let date = text_field(lesson, &["date", "lessonDate"])
        .and_then(|date| full_date(&date))
        .or(day)?;
    let (time_begin, time_end) = lesson_time(lesson);
    Some(Lesson {
        date: date.format("%Y-%m-%d").to_string(),
        number: field(lesson, &["lessonNumber", "number", "lesson_number"])
            .and_then(whole)
            .unwrap_or(0),
        subject: text_field(lesson, &["subject", "subjectName", "discipline"]).unwrap_or_default(),
        teacher: text_field(lesson, &["teacher", "teacherName"]),
        time_begin,
        time_end,
        topic: text_field(lesson, &["topic", "theme", "lessonTopic"]),
        homework: field(lesson, &["homework", "homeWork"]).and_then(homework_text),
        homework_files: files(
            field(lesson, &["files", "homeworkFiles", "attachments"]),
            base,
        ),
        marks: marks(lesson),
        absences: texts(field(lesson, &["absenceRaw", "absence"]), true),
        notes: texts(field(lesson, &["notes", "note", "remarks"]), false),
    })
}

/// Homework as text: a string, or a list of strings joined by lines.
fn homework_text(value: &Value) -> Option<String> {
    match value {
        Value::Array(items) => {
            let lines: Vec<String> = items.iter().filter_map(text).collect();
            (!lines.is_empty()).then(|| lines.join("\n"))
        }
        Value::Object(_) => text_field(value, &["text", "homework"]),
        other => text(other),
    }
}

/// `lessonTime` «09:25-10:10» (any dash, spaces allowed), or Kirov's begin/end pair.
fn lesson_time(lesson: &Value) -> (Option<String>, Option<String>) {
    let begin = text_field(lesson, &["lessonTimeBegin", "timeBegin"]);
    let end = text_field(lesson, &["lessonTimeEnd", "timeEnd"]);
    if begin.is_some() || end.is_some() {
        return (begin, end);
    }
    let Some(time) = text_field(lesson, &["lessonTime", "time"]) else {
        return (None, None);
    };
    let mut parts = time.splitn(2, ['-', '–', '—']).map(str::trim);
    let begin = parts
        .next()
        .filter(|part| !part.is_empty())
        .map(str::to_owned);
    let end = parts
        .next()
        .filter(|part| !part.is_empty())
        .map(str::to_owned);
    (begin, end)
}

/// `marks` (`[{value, weight}]`, or plain values) where present and not empty, else `marksRaw`.
fn marks(lesson: &Value) -> Vec<Mark> {
    let weighted: Vec<Mark> = match lesson.get("marks") {
        Some(Value::Array(items)) => items.iter().filter_map(read_mark).collect(),
        _ => Vec::new(),
    };
    if !weighted.is_empty() {
        return weighted;
    }
    texts(field(lesson, &["marksRaw", "marks"]), true)
        .into_iter()
        .map(|value| Mark {
            value,
            weight: None,
        })
        .collect()
}

fn read_mark(item: &Value) -> Option<Mark> {
    match item {
        Value::Object(_) => Some(Mark {
            value: text_field(item, &["value", "mark", "markValue"])?,
            weight: field(item, &["weight", "markWeight"]).and_then(whole),
        }),
        other => text(other).map(|value| Mark {
            value,
            weight: None,
        }),
    }
}

fn files(value: Option<&Value>, base: &Url) -> Vec<HomeworkFile> {
    let Some(Value::Array(items)) = value else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            let link = text_field(item, &["url", "link", "href", "path"])?;
            let url = base.join(&link).ok()?;
            if !matches!(url.scheme(), "http" | "https") {
                return None;
            }
            let name = text_field(item, &["name", "fileName", "filename", "title"])
                .or_else(|| url.path_segments()?.next_back().map(str::to_owned))
                .filter(|name| !name.is_empty())
                .unwrap_or_else(|| "файл".to_owned());
            Some(HomeworkFile {
                name,
                url: url.to_string(),
            })
        })
        .collect()
}

fn read_period(period: &Value) -> Option<EduPeriod> {
    let begin = full_date(&text_field(period, &["dateBegin", "begin", "date_begin"])?)?;
    let end = full_date(&text_field(period, &["dateEnd", "end", "date_end"])?)?;
    Some(EduPeriod {
        name: text_field(period, &["name", "title"]).unwrap_or_default(),
        begin: begin.format("%Y-%m-%d").to_string(),
        end: end.format("%Y-%m-%d").to_string(),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn day_keys_take_the_nearest_year() {
        let wednesday = day("2026-12-30");
        assert_eq!(
            day_key_date("28.12. Понедельник", wednesday),
            Some(day("2026-12-28"))
        );
        assert_eq!(
            day_key_date("02.01. Суббота", wednesday),
            Some(day("2027-01-02"))
        );
        let friday = day("2027-01-01");
        assert_eq!(
            day_key_date("28.12. Понедельник", friday),
            Some(day("2026-12-28"))
        );
        assert_eq!(
            day_key_date("07.12.2026 Пн", friday),
            Some(day("2026-12-07"))
        );
        assert_eq!(day_key_date("Понедельник", friday), None);
        assert_eq!(day_key_date("31.02.", friday), None);
        assert_eq!(day_key_date("", friday), None);
    }

    #[test]
    fn mondays() {
        assert_eq!(monday_of(day("2026-12-09")), day("2026-12-07"));
        assert_eq!(monday_of(day("2026-12-07")), day("2026-12-07"));
        assert_eq!(monday_of(day("2027-01-03")), day("2026-12-28"));
    }

    #[test]
    fn lesson_times_split_on_any_dash() {
        let orenburg = serde_json::json!({"lessonTime": "09:25 – 10:10"});
        assert_eq!(
            lesson_time(&orenburg),
            (Some("09:25".into()), Some("10:10".into()))
        );
        let kirov = serde_json::json!({"lessonTimeBegin": "08:30", "lessonTimeEnd": "09:15"});
        assert_eq!(
            lesson_time(&kirov),
            (Some("08:30".into()), Some("09:15".into()))
        );
        assert_eq!(lesson_time(&serde_json::json!({})), (None, None));
    }
}
