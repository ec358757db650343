//! What is new in a week since its previous fetch.
//!
//! Design: lessons are matched by [`LessonKey`] (day, number, subject). A lesson's marks are a
//! multiset: a second «5» in the same lesson is news even though a «5» was there before, and a
//! mark that disappeared is not news (the teacher corrected the journal). Homework is news when
//! its text is set and differs from the previous fetch's text for that lesson (whitespace
//! aside). The caller decides that a week's first fetch is compared with nothing.

use std::collections::HashMap;

use super::model::{DiaryNews, DiaryWeek, LessonKey, Mark};

/// The news between two fetches of the same child's week, in lesson order.
pub fn compare(previous: &DiaryWeek, current: &DiaryWeek) -> Vec<DiaryNews> {
    let mut old_marks: HashMap<LessonKey, Vec<&Mark>> = HashMap::new();
    let mut old_homework: HashMap<LessonKey, Vec<String>> = HashMap::new();
    for lesson in &previous.lessons {
        old_marks
            .entry(lesson.key())
            .or_default()
            .extend(lesson.marks.iter());
        if let Some(text) = normalized(lesson.homework.as_deref()) {
            old_homework.entry(lesson.key()).or_default().push(text);
        }
    }

    let mut news = Vec::new();
    for lesson in &current.lessons {
        let key = lesson.key();
        let mut seen = old_marks.remove(&key).unwrap_or_default();
        for mark in &lesson.marks {
            if let Some(index) = seen.iter().position(|old| *old == mark) {
                seen.swap_remove(index);
            } else {
                news.push(DiaryNews::NewMark {
                    child_guid: current.child_guid.clone(),
                    lesson: key.clone(),
                    mark: mark.clone(),
                });
            }
        }
        // Marks of this key not matched stay unmatched for a later lesson with the same key.
        if !seen.is_empty() {
            old_marks.insert(key.clone(), seen);
        }
        if let Some(text) = normalized(lesson.homework.as_deref()) {
            let known = old_homework
                .get(&key)
                .is_some_and(|texts| texts.contains(&text));
            if !known {
                news.push(DiaryNews::NewHomework {
                    child_guid: current.child_guid.clone(),
                    lesson: key,
                    text: lesson
                        .homework
                        .clone()
                        .unwrap_or_default()
                        .trim()
                        .to_owned(),
                });
            }
        }
    }
    news
}

/// The news of a fetch against the week's previous fetch, if there was one: a week's first
/// fetch is never news (signing in must not announce a term of marks).
pub fn news_since(previous: Option<&DiaryWeek>, current: &DiaryWeek) -> Vec<DiaryNews> {
    previous.map_or_else(Vec::new, |previous| compare(previous, current))
}

/// Homework text with runs of whitespace collapsed, or `None` when there is none.
fn normalized(text: Option<&str>) -> Option<String> {
    let words: Vec<&str> = text?.split_whitespace().collect();
    (!words.is_empty()).then(|| words.join(" "))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::diary::model::Lesson;

    pub(crate) fn lesson(date: &str, number: u32, subject: &str) -> Lesson {
        Lesson {
            date: date.into(),
            number,
            subject: subject.into(),
            teacher: Some("Иванова Марина Петровна".into()),
            time_begin: Some("08:30".into()),
            time_end: Some("09:15".into()),
            topic: None,
            homework: None,
            homework_files: Vec::new(),
            marks: Vec::new(),
            absences: Vec::new(),
            notes: Vec::new(),
        }
    }

    pub(crate) fn mark(value: &str) -> Mark {
        Mark {
            value: value.into(),
            weight: None,
        }
    }

    pub(crate) fn week(lessons: Vec<Lesson>) -> DiaryWeek {
        DiaryWeek {
            child_guid: "D1A70000-0000-4000-8000-000051000105".into(),
            monday: "2026-12-07".into(),
            lessons,
            periods: Vec::new(),
            raw: serde_json::Value::Null,
        }
    }

    fn algebra() -> Lesson {
        lesson("2026-12-07", 2, "Алгебра")
    }

    #[test]
    fn a_new_mark_is_news() {
        let before = week(vec![algebra()]);
        let mut after_lesson = algebra();
        after_lesson.marks.push(mark("5"));
        let after = week(vec![after_lesson]);
        assert_eq!(
            compare(&before, &after),
            vec![DiaryNews::NewMark {
                child_guid: after.child_guid.clone(),
                lesson: algebra().key(),
                mark: mark("5"),
            }]
        );
        assert_eq!(compare(&after, &after), vec![]);
    }

    #[test]
    fn the_same_mark_twice_in_one_lesson_is_news_once_more() {
        let mut one = algebra();
        one.marks.push(mark("5"));
        let mut two = algebra();
        two.marks = vec![mark("5"), mark("5")];
        let news = compare(&week(vec![one]), &week(vec![two.clone()]));
        assert_eq!(news.len(), 1, "{news:?}");
        assert!(matches!(&news[0], DiaryNews::NewMark { mark: m, .. } if m.value == "5"));
        // From nothing to two fives: two pieces of news.
        assert_eq!(compare(&week(vec![algebra()]), &week(vec![two])).len(), 2);
    }

    #[test]
    fn a_removed_mark_is_no_news() {
        let mut with = algebra();
        with.marks = vec![mark("2"), mark("4")];
        let mut without = algebra();
        without.marks = vec![mark("4")];
        assert_eq!(compare(&week(vec![with]), &week(vec![without])), vec![]);
    }

    #[test]
    fn a_mark_in_another_lesson_of_the_same_subject_is_news() {
        let mut monday = algebra();
        monday.marks.push(mark("5"));
        let mut wednesday = lesson("2026-12-09", 2, "Алгебра");
        wednesday.marks.push(mark("5"));
        let news = compare(
            &week(vec![monday.clone(), lesson("2026-12-09", 2, "Алгебра")]),
            &week(vec![monday, wednesday.clone()]),
        );
        assert_eq!(news.len(), 1);
        assert!(
            matches!(&news[0], DiaryNews::NewMark { lesson, .. } if *lesson == wednesday.key())
        );
    }

    #[test]
    fn new_and_changed_homework_is_news() {
        let mut set = algebra();
        set.homework = Some("№ 12, 14".into());
        let news = compare(&week(vec![algebra()]), &week(vec![set.clone()]));
        assert_eq!(
            news,
            vec![DiaryNews::NewHomework {
                child_guid: set_child(),
                lesson: set.key(),
                text: "№ 12, 14".into(),
            }]
        );

        let mut changed = algebra();
        changed.homework = Some("№ 12, 14, 16".into());
        let news = compare(&week(vec![set.clone()]), &week(vec![changed]));
        assert!(
            matches!(&news[..], [DiaryNews::NewHomework { text, .. }] if text == "№ 12, 14, 16")
        );

        // Only whitespace changed, or the homework was removed: nothing to tell.
        let mut spaced = algebra();
        spaced.homework = Some("  №  12,\n14 ".into());
        assert_eq!(
            compare(&week(vec![set.clone()]), &week(vec![spaced])),
            vec![]
        );
        assert_eq!(compare(&week(vec![set]), &week(vec![algebra()])), vec![]);
    }

    #[test]
    fn an_unchanged_refetch_is_no_news() {
        let mut full = algebra();
        full.marks = vec![mark("5"), mark("3")];
        full.homework = Some("Параграф 4".into());
        let before = week(vec![full.clone(), lesson("2026-12-07", 3, "История")]);
        assert_eq!(compare(&before, &before.clone()), vec![]);
    }

    #[test]
    fn a_first_fetch_is_no_news() {
        let mut full = algebra();
        full.marks = vec![mark("5")];
        full.homework = Some("Параграф 4".into());
        let current = week(vec![full]);
        assert_eq!(news_since(None, &current), vec![]);
        assert_eq!(news_since(Some(&week(vec![algebra()])), &current).len(), 2);
    }

    fn set_child() -> String {
        week(Vec::new()).child_guid
    }
}
