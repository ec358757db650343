//! The diary as the window reads it: the core's shapes turned into `ui/src/lib/diary.ts`'s
//! DTOs (camelCase, dates as `YYYY-MM-DD`, times in ms), and the class chat of a lesson.
//!
//! Design: pure functions over what the cache returned, so they are tested without a window.
//! A lesson's `chatId` is the account's group chat whose title names the child's class
//! («5 «А»» matches «Родители 5 «А» класса» and «5А», never «15 «А»»).

use std::collections::HashSet;

use parta_core::diary::dates::add_days;
pub use parta_core::diary::dates::monday_of;
use parta_core::diary::{DiaryChild, DiaryWeek, EduPeriod, Lesson, LessonKey, Mark, SubjectReport};
use serde::Serialize;

/// Where the diary stands (`DiaryStatus` in `diary.ts`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum DiaryStatus {
    /// Never signed in to the e-journal (or signed out).
    SignedOut,
    /// A session is kept.
    Ready,
    /// The e-journal ended the session.
    Expired,
    /// The school moved to «Моя школа».
    Moved,
}

/// A child (`DiaryChildView`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct DiaryChildView {
    pub guid: String,
    pub name: String,
    pub class: Option<String>,
    pub school: Option<String>,
}

/// The diary's state (`DiaryState`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct DiaryState {
    pub status: DiaryStatus,
    pub children: Vec<DiaryChildView>,
    pub moved_link: Option<String>,
    pub refreshing: bool,
    pub error: Option<String>,
}

/// A mark (`DiaryMarkView`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct DiaryMarkView {
    pub value: String,
    pub weight: Option<u32>,
}

/// A homework file (`DiaryFileView`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct DiaryFileView {
    pub index: usize,
    pub name: String,
}

/// A lesson (`DiaryLessonView`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct DiaryLessonView {
    pub date: String,
    pub number: u32,
    pub subject: String,
    pub teacher: Option<String>,
    pub time_begin: Option<String>,
    pub time_end: Option<String>,
    pub topic: Option<String>,
    pub homework: Option<String>,
    pub homework_files: Vec<DiaryFileView>,
    pub marks: Vec<DiaryMarkView>,
    pub absences: Vec<String>,
    pub notes: Vec<String>,
    pub done: bool,
    pub chat_id: Option<String>,
}

/// A day (`DiaryDayView`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct DiaryDayView {
    pub date: String,
    pub lessons: Vec<DiaryLessonView>,
}

/// A subject's period line (`SubjectAverageView`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct SubjectAverageView {
    pub subject: String,
    pub marks: Vec<DiaryMarkView>,
    pub average: Option<f64>,
    pub missed: u32,
    pub skipped: u32,
    pub sick: u32,
}

/// A week (`DiaryWeekView`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct DiaryWeekView {
    pub child_guid: String,
    pub monday: String,
    pub fetched_at: Option<i64>,
    pub holiday: bool,
    pub days: Vec<DiaryDayView>,
    pub period_name: Option<String>,
    pub averages: Vec<SubjectAverageView>,
    /// The child's class chat, if one is known (also for a week without lessons).
    pub class_chat_id: Option<String>,
    /// The class chat is the one the person chose (not found by its title).
    pub class_chat_chosen: bool,
}

/// The chat «В чат класса» opens for a child.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassChat {
    /// The chat's id, as the window names chats.
    pub id: String,
    /// The person chose it in the Дневник; else its title names the child's class.
    pub chosen: bool,
}

/// The child as the window shows it.
pub fn child_view(child: &DiaryChild) -> DiaryChildView {
    DiaryChildView {
        guid: child.guid.clone(),
        name: child.name.clone(),
        class: child.class.clone(),
        school: child.school.clone(),
    }
}

fn mark_view(mark: &Mark) -> DiaryMarkView {
    DiaryMarkView {
        value: mark.value.clone(),
        weight: mark.weight,
    }
}

/// What a week view is made of, read from the cache.
pub struct WeekParts<'a> {
    /// The child.
    pub child_guid: &'a str,
    /// The week's Monday.
    pub monday: &'a str,
    /// The cached fetch and when it was made, if any.
    pub week: Option<&'a (DiaryWeek, i64)>,
    /// The lessons ticked «сделано».
    pub done: &'a HashSet<LessonKey>,
    /// The period the week falls in and its cached marks report, if any.
    pub report: Option<(&'a EduPeriod, &'a [SubjectReport])>,
    /// The child's class chat, if one is known.
    pub class_chat: Option<ClassChat>,
}

/// The week as the window shows it: Monday to Saturday that have lessons, in order.
pub fn week_view(parts: WeekParts<'_>) -> DiaryWeekView {
    let mut days: Vec<DiaryDayView> = Vec::new();
    let mut lessons: Vec<&Lesson> = parts
        .week
        .map(|(week, _)| week.lessons.iter().collect())
        .unwrap_or_default();
    lessons.sort_by(|a, b| (&a.date, a.number).cmp(&(&b.date, b.number)));
    for lesson in lessons {
        let chat_id = parts.class_chat.as_ref().map(|chat| chat.id.clone());
        let view = lesson_view(lesson, parts.done, chat_id);
        match days.last_mut() {
            Some(day) if day.date == lesson.date => day.lessons.push(view),
            _ => days.push(DiaryDayView {
                date: lesson.date.clone(),
                lessons: vec![view],
            }),
        }
    }
    let averages = parts
        .report
        .map(|(_, rows)| rows.iter().map(average_view).collect())
        .unwrap_or_default();
    DiaryWeekView {
        child_guid: parts.child_guid.to_owned(),
        monday: parts.monday.to_owned(),
        fetched_at: parts.week.map(|(_, at)| *at),
        holiday: parts.week.is_some_and(|(week, _)| week.is_holiday()),
        days,
        period_name: parts
            .report
            .map(|(period, _)| period.name.clone())
            .or_else(|| {
                let (week, _) = parts.week?;
                period_of(&week.periods, parts.monday).map(|period| period.name.clone())
            }),
        averages,
        class_chat_id: parts.class_chat.as_ref().map(|chat| chat.id.clone()),
        class_chat_chosen: parts.class_chat.is_some_and(|chat| chat.chosen),
    }
}

fn lesson_view(
    lesson: &Lesson,
    done: &HashSet<LessonKey>,
    chat_id: Option<String>,
) -> DiaryLessonView {
    DiaryLessonView {
        date: lesson.date.clone(),
        number: lesson.number,
        subject: lesson.subject.clone(),
        teacher: lesson.teacher.clone(),
        time_begin: lesson.time_begin.clone(),
        time_end: lesson.time_end.clone(),
        topic: lesson.topic.clone(),
        homework: lesson.homework.clone(),
        homework_files: lesson
            .homework_files
            .iter()
            .enumerate()
            .map(|(index, file)| DiaryFileView {
                index,
                name: file.name.clone(),
            })
            .collect(),
        marks: lesson.marks.iter().map(mark_view).collect(),
        absences: lesson.absences.clone(),
        notes: lesson.notes.clone(),
        done: done.contains(&lesson.key()),
        chat_id,
    }
}

fn average_view(row: &SubjectReport) -> SubjectAverageView {
    SubjectAverageView {
        subject: row.subject.clone(),
        marks: row.marks.iter().map(mark_view).collect(),
        average: row.average.filter(|average| average.is_finite()),
        missed: row.missed,
        skipped: row.skipped,
        sick: row.sick,
    }
}

/// The period a week falls in: the one holding its Monday, else the one holding any of its
/// days (a period may begin mid-week).
pub fn period_of<'a>(periods: &'a [EduPeriod], monday: &str) -> Option<&'a EduPeriod> {
    let days: Vec<String> = (0..6)
        .filter_map(|offset| add_days(monday, offset))
        .collect();
    days.iter().find_map(|day| {
        periods.iter().find(|period| {
            period.begin.as_str() <= day.as_str() && day.as_str() <= period.end.as_str()
        })
    })
}

/// The class as a key to look for in chat titles: «5 «А»» → «5а».
fn class_key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ё' { 'е' } else { c })
        .collect()
}

/// Whether a chat's title names `class` (not as part of a longer number: «15 «А»» is not
/// «5 «А»»).
pub fn title_names_class(title: &str, class: &str) -> bool {
    let wanted = class_key(class);
    if wanted.is_empty() || !wanted.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return false;
    }
    let title = class_key(title);
    title.match_indices(&wanted).any(|(at, _)| {
        let before = title[..at].chars().next_back();
        !before.is_some_and(|c| c.is_ascii_digit())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lesson(date: &str, number: u32, subject: &str) -> Lesson {
        Lesson {
            date: date.into(),
            number,
            subject: subject.into(),
            teacher: Some("Иванова Марина Петровна".into()),
            time_begin: Some("08:30".into()),
            time_end: Some("09:15".into()),
            topic: None,
            homework: Some("№ 12".into()),
            homework_files: vec![parta_core::diary::HomeworkFile {
                name: "Задачи.pdf".into(),
                url: "http://x/edv/files/1".into(),
            }],
            marks: vec![Mark {
                value: "5".into(),
                weight: Some(2),
            }],
            absences: vec![],
            notes: vec![],
        }
    }

    #[test]
    fn a_week_groups_lessons_by_day_in_order_with_ticks_and_chat() {
        let week = DiaryWeek {
            child_guid: "G".into(),
            monday: "2026-12-07".into(),
            lessons: vec![
                lesson("2026-12-08", 1, "Алгебра"),
                lesson("2026-12-07", 2, "История"),
                lesson("2026-12-07", 1, "Русский язык"),
            ],
            periods: vec![EduPeriod {
                name: "2 четверть".into(),
                begin: "2026-11-03".into(),
                end: "2026-12-28".into(),
            }],
            raw: serde_json::Value::Null,
        };
        let cached = (week, 42);
        let mut done = HashSet::new();
        done.insert(cached.0.lessons[1].key());
        let view = week_view(WeekParts {
            child_guid: "G",
            monday: "2026-12-07",
            week: Some(&cached),
            done: &done,
            report: None,
            class_chat: Some(ClassChat {
                id: "-5".into(),
                chosen: true,
            }),
        });
        assert_eq!(view.fetched_at, Some(42));
        assert!(!view.holiday);
        assert_eq!(view.period_name.as_deref(), Some("2 четверть"));
        let days: Vec<(&str, Vec<u32>)> = view
            .days
            .iter()
            .map(|day| {
                (
                    day.date.as_str(),
                    day.lessons.iter().map(|l| l.number).collect(),
                )
            })
            .collect();
        assert_eq!(days, [("2026-12-07", vec![1, 2]), ("2026-12-08", vec![1])]);
        assert!(view.days[0].lessons[1].done);
        assert!(!view.days[0].lessons[0].done);
        assert_eq!(view.days[1].lessons[0].homework_files[0].name, "Задачи.pdf");
        assert_eq!(view.days[1].lessons[0].chat_id.as_deref(), Some("-5"));
        let json = serde_json::to_value(&view.days[1].lessons[0]).unwrap_or_default();
        assert_eq!(json["timeBegin"], "08:30");
        assert_eq!(json["homeworkFiles"][0]["index"], 0);
        assert_eq!(json["marks"][0]["weight"], 2);
        let json = serde_json::to_value(&view).unwrap_or_default();
        assert_eq!(json["classChatId"], "-5");
        assert_eq!(json["classChatChosen"], true);
    }

    #[test]
    fn an_uncached_week_is_empty_and_not_a_holiday() {
        let done = HashSet::new();
        let view = week_view(WeekParts {
            child_guid: "G",
            monday: "2026-12-07",
            week: None,
            done: &done,
            report: None,
            class_chat: None,
        });
        assert_eq!(view.fetched_at, None);
        assert!(!view.holiday);
        assert!(view.days.is_empty());
    }

    #[test]
    fn class_chats_are_found_by_title() {
        assert!(title_names_class("5 «А» класс", "5 «А»"));
        assert!(title_names_class("Родители 5А", "5 «А»"));
        assert!(title_names_class("Родители 7 \"Б\" класса", "7 «Б»"));
        assert!(!title_names_class("15 «А» класс", "5 «А»"));
        assert!(!title_names_class("5 «Б» класс", "5 «А»"));
        assert!(!title_names_class("Школа № 5", "5 «А»"));
        assert!(!title_names_class("5 «А» класс", ""));
    }

    #[test]
    fn states_serialize_as_the_window_expects() {
        let state = DiaryState {
            status: DiaryStatus::SignedOut,
            children: vec![],
            moved_link: None,
            refreshing: false,
            error: None,
        };
        assert_eq!(
            serde_json::to_string(&state).unwrap_or_default(),
            r#"{"status":"signedOut","children":[],"movedLink":null,"refreshing":false,"error":null}"#
        );
    }
}
