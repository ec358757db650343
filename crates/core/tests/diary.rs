//! The diary's cache on a real SQLite file, and the refresh that fills it (with a scripted
//! journal standing in for the e-journal site, the one external party).
#![allow(clippy::unwrap_used)] // test helpers, like #[test] bodies, may unwrap

mod common;

use std::collections::VecDeque;
use std::sync::Mutex;

use common::{key, open_store};
use parta_core::Store;
use parta_core::diary::{
    DiaryAccess, DiaryChild, DiaryNews, DiaryWeek, EduPeriod, Journal, JournalFailure,
    JournalResult, Lesson, Mark, SubjectReport, refresh_children, refresh_week,
};
use parta_core::model::ChatId;

const ALICE: &str = "D1A70000-0000-4000-8000-000051000105";

fn lesson(date: &str, number: u32, subject: &str) -> Lesson {
    Lesson {
        date: date.into(),
        number,
        subject: subject.into(),
        teacher: Some("Иванова Марина Петровна".into()),
        time_begin: Some("09:25".into()),
        time_end: Some("10:10".into()),
        topic: Some("Дроби".into()),
        homework: Some("№ 12".into()),
        homework_files: Vec::new(),
        marks: Vec::new(),
        absences: Vec::new(),
        notes: Vec::new(),
    }
}

fn period() -> EduPeriod {
    EduPeriod {
        name: "2 четверть".into(),
        begin: "2026-11-03".into(),
        end: "2026-12-28".into(),
    }
}

fn week(lessons: Vec<Lesson>) -> DiaryWeek {
    DiaryWeek {
        child_guid: ALICE.into(),
        monday: "2026-12-07".into(),
        lessons,
        periods: vec![period()],
        raw: serde_json::json!({"success": true}),
    }
}

fn five() -> Mark {
    Mark {
        value: "5".into(),
        weight: Some(2),
    }
}

fn alice() -> DiaryChild {
    DiaryChild {
        guid: ALICE.into(),
        name: "Морозова Алиса".into(),
        class: Some("5 «А»".into()),
        school: Some("МОАУ «СОШ № 1» г. Оренбурга".into()),
    }
}

#[test]
fn saving_a_week_twice_tells_its_news_once() {
    let (dir, mut store) = open_store();
    let plain = week(vec![lesson("2026-12-07", 2, "Алгебра")]);
    assert_eq!(store.save_diary_week(&plain, 1_000).unwrap(), vec![]);

    let mut marked_lesson = lesson("2026-12-07", 2, "Алгебра");
    marked_lesson.marks.push(five());
    let marked = week(vec![marked_lesson.clone()]);
    let news = store.save_diary_week(&marked, 2_000).unwrap();
    assert_eq!(
        news,
        vec![DiaryNews::NewMark {
            child_guid: ALICE.into(),
            lesson: marked_lesson.key(),
            mark: five(),
        }]
    );
    assert_eq!(store.save_diary_week(&marked, 3_000).unwrap(), vec![]);

    // What was saved is what comes back, after reopening the file too.
    drop(store);
    let store = Store::open(dir.path(), &key()).unwrap();
    let (cached, fetched_at) = store.diary_week(ALICE, "2026-12-07").unwrap().unwrap();
    assert_eq!(cached, marked);
    assert_eq!(fetched_at, 3_000);
    assert_eq!(store.diary_week(ALICE, "2026-12-14").unwrap(), None);
}

#[test]
fn the_first_fetch_of_a_week_is_no_news_even_when_full() {
    let (_dir, mut store) = open_store();
    let mut full = lesson("2026-12-07", 2, "Алгебра");
    full.marks = vec![five(), five()];
    assert_eq!(store.save_diary_week(&week(vec![full]), 1).unwrap(), vec![]);
}

#[test]
fn ticks_survive_a_refetch_and_stay_in_their_week() {
    let (_dir, mut store) = open_store();
    let algebra = lesson("2026-12-07", 2, "Алгебра");
    let history = lesson("2026-12-09", 3, "История");
    store
        .save_diary_week(&week(vec![algebra.clone(), history.clone()]), 1)
        .unwrap();
    store
        .set_homework_done(ALICE, &algebra.key(), true)
        .unwrap();
    store
        .set_homework_done(ALICE, &history.key(), true)
        .unwrap();
    store
        .set_homework_done(ALICE, &history.key(), false)
        .unwrap();
    store
        .set_homework_done(ALICE, &algebra.key(), true)
        .unwrap();
    store
        .save_diary_week(&week(vec![algebra.clone(), history]), 2)
        .unwrap();
    let done = store.homework_done(ALICE, "2026-12-07").unwrap();
    assert_eq!(done.into_iter().collect::<Vec<_>>(), vec![algebra.key()]);
    assert!(store.homework_done(ALICE, "2026-12-14").unwrap().is_empty());
    assert!(
        store
            .homework_done("other", "2026-12-07")
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_chosen_class_chat_is_kept_per_child_changed_and_cleared() {
    let (dir, mut store) = open_store();
    let ivan = "D1A70000-0000-4000-8000-000051000208";
    assert_eq!(store.diary_class_chat(ALICE).unwrap(), None);
    store
        .set_diary_class_chat(ALICE, Some(ChatId(-42)))
        .unwrap();
    store.set_diary_class_chat(ivan, Some(ChatId(77))).unwrap();
    assert_eq!(store.diary_class_chat(ALICE).unwrap(), Some(ChatId(-42)));
    // Changed: the new one replaces the old; the other child keeps his.
    store.set_diary_class_chat(ALICE, Some(ChatId(5))).unwrap();
    assert_eq!(store.diary_class_chat(ALICE).unwrap(), Some(ChatId(5)));
    assert_eq!(store.diary_class_chat(ivan).unwrap(), Some(ChatId(77)));
    // A refetch of the children keeps the choice.
    store.save_diary_children(&[alice()]).unwrap();
    assert_eq!(store.diary_class_chat(ALICE).unwrap(), Some(ChatId(5)));
    // Cleared: nothing chosen; clearing again is harmless.
    store.set_diary_class_chat(ALICE, None).unwrap();
    store.set_diary_class_chat(ALICE, None).unwrap();
    assert_eq!(store.diary_class_chat(ALICE).unwrap(), None);
    // The choice is on disk: the file opened again still has it.
    drop(store);
    let store = Store::open(dir.path(), &key()).unwrap();
    assert_eq!(store.diary_class_chat(ivan).unwrap(), Some(ChatId(77)));
}

#[test]
fn clearing_the_diary_removes_its_rows_and_signs_out() {
    let (_dir, mut store) = open_store();
    let algebra = lesson("2026-12-07", 2, "Алгебра");
    store.save_diary_children(&[alice()]).unwrap();
    store
        .save_diary_week(&week(vec![algebra.clone()]), 1)
        .unwrap();
    store
        .save_marks_report(ALICE, &period(), &[report()], 1)
        .unwrap();
    store
        .set_homework_done(ALICE, &algebra.key(), true)
        .unwrap();
    store.set_diary_access(&DiaryAccess::Ready).unwrap();
    store.set_diary_journal_url("http://127.0.0.1:1").unwrap();
    store.set_diary_class_chat(ALICE, Some(ChatId(7))).unwrap();

    store.clear_diary().unwrap();
    assert_eq!(store.diary_class_chat(ALICE).unwrap(), None);
    assert_eq!(store.diary_children().unwrap(), vec![]);
    assert_eq!(store.diary_week(ALICE, "2026-12-07").unwrap(), None);
    assert_eq!(store.marks_report(ALICE, "2026-11-03").unwrap(), None);
    assert!(store.homework_done(ALICE, "2026-12-07").unwrap().is_empty());
    assert_eq!(store.diary_access().unwrap(), DiaryAccess::SignedOut);
    assert_eq!(
        store.diary_journal_url().unwrap().as_deref(),
        Some("http://127.0.0.1:1")
    );
    // A fresh sign-in starts over: its first fetch is no news.
    let mut marked = algebra;
    marked.marks.push(five());
    assert_eq!(
        store.save_diary_week(&week(vec![marked]), 2).unwrap(),
        vec![]
    );
}

#[test]
fn children_access_and_reports_round_trip() {
    let (_dir, mut store) = open_store();
    assert_eq!(store.diary_access().unwrap(), DiaryAccess::SignedOut);
    assert_eq!(store.diary_journal_url().unwrap(), None);
    let ivan = DiaryChild {
        guid: "D1A70000-0000-4000-8000-000051000208".into(),
        name: "Морозов Иван".into(),
        class: None,
        school: None,
    };
    store.save_diary_children(&[alice(), ivan.clone()]).unwrap();
    assert_eq!(store.diary_children().unwrap(), vec![alice(), ivan.clone()]);
    store
        .save_diary_children(std::slice::from_ref(&ivan))
        .unwrap();
    assert_eq!(store.diary_children().unwrap(), vec![ivan]);

    let moved = DiaryAccess::Moved {
        link: "https://myschool.gosuslugi.ru/".into(),
    };
    store.set_diary_access(&moved).unwrap();
    assert_eq!(store.diary_access().unwrap(), moved);

    store
        .save_marks_report(ALICE, &period(), &[report()], 5)
        .unwrap();
    assert_eq!(
        store.marks_report(ALICE, "2026-11-03").unwrap(),
        Some((vec![report()], 5))
    );
}

fn report() -> SubjectReport {
    SubjectReport {
        subject: "Алгебра".into(),
        marks: vec![five()],
        average: Some(4.4),
        missed: 1,
        skipped: 0,
        sick: 2,
    }
}

/// A journal that answers from a script, as the site would, and records the reports asked.
struct ScriptedJournal {
    weeks: Mutex<VecDeque<JournalResult<DiaryWeek>>>,
    children: JournalResult<Vec<DiaryChild>>,
    reports_asked: Mutex<Vec<(String, String)>>,
}

impl ScriptedJournal {
    fn new(weeks: Vec<JournalResult<DiaryWeek>>) -> Self {
        ScriptedJournal {
            weeks: Mutex::new(weeks.into()),
            children: Ok(vec![alice()]),
            reports_asked: Mutex::new(Vec::new()),
        }
    }
}

impl Journal for ScriptedJournal {
    async fn children(&self) -> JournalResult<Vec<DiaryChild>> {
        self.children.clone()
    }

    async fn week(&self, _child_guid: &str, _date: &str) -> JournalResult<DiaryWeek> {
        self.weeks
            .lock()
            .unwrap()
            .pop_front()
            .unwrap_or(Err(JournalFailure::Transient("script ended".into())))
    }

    async fn marks_report(
        &self,
        _child_guid: &str,
        begin: &str,
        end: &str,
    ) -> JournalResult<Vec<SubjectReport>> {
        self.reports_asked
            .lock()
            .unwrap()
            .push((begin.into(), end.into()));
        Ok(vec![report()])
    }

    async fn download(&self, _url: &str) -> JournalResult<Vec<u8>> {
        Err(JournalFailure::Refused("no files".into()))
    }
}

#[tokio::test]
async fn a_refresh_caches_the_week_and_its_report_and_tells_new_marks() {
    let (_dir, store) = open_store();
    let store = Mutex::new(store);
    let mut marked = lesson("2026-12-09", 2, "Алгебра");
    marked.marks.push(five());
    let journal = ScriptedJournal::new(vec![
        Ok(week(vec![lesson("2026-12-09", 2, "Алгебра")])),
        Ok(week(vec![marked.clone()])),
        Ok(week(vec![marked])),
        Err(JournalFailure::SessionExpired),
    ]);

    let children = refresh_children(&journal, &store).await.unwrap();
    assert_eq!(children, vec![alice()]);
    assert_eq!(
        store.lock().unwrap().diary_access().unwrap(),
        DiaryAccess::Ready
    );

    let first = refresh_week(&journal, &store, ALICE, "2026-12-09", 1)
        .await
        .unwrap();
    assert_eq!(
        (first.monday.as_str(), first.news.len(), first.changed),
        ("2026-12-07", 0, true)
    );
    assert_eq!(
        journal.reports_asked.lock().unwrap().as_slice(),
        [("2026-11-03".to_owned(), "2026-12-28".to_owned())]
    );
    let second = refresh_week(&journal, &store, ALICE, "2026-12-09", 2)
        .await
        .unwrap();
    assert_eq!((second.news.len(), second.changed), (1, true));
    let third = refresh_week(&journal, &store, ALICE, "2026-12-09", 3)
        .await
        .unwrap();
    assert_eq!((third.news.len(), third.changed), (0, false));

    let expired = refresh_week(&journal, &store, ALICE, "2026-12-09", 4).await;
    assert!(matches!(
        expired,
        Err(parta_core::diary::DiaryRefreshError::Journal(
            JournalFailure::SessionExpired
        ))
    ));
    let store = store.lock().unwrap();
    assert_eq!(store.diary_access().unwrap(), DiaryAccess::Expired);
    // The cached week stays readable.
    let (cached, fetched_at) = store.diary_week(ALICE, "2026-12-07").unwrap().unwrap();
    assert_eq!((cached.lessons[0].marks.len(), fetched_at), (1, 3));
    assert_eq!(
        store
            .marks_report(ALICE, "2026-11-03")
            .unwrap()
            .map(|(rows, _)| rows),
        Some(vec![report()])
    );
}

#[tokio::test]
async fn a_moved_school_is_recorded_with_its_link() {
    let (_dir, store) = open_store();
    let store = Mutex::new(store);
    let mut journal = ScriptedJournal::new(Vec::new());
    journal.children = Err(JournalFailure::MovedToMySchool {
        link: "https://myschool.gosuslugi.ru/".into(),
    });
    assert!(refresh_children(&journal, &store).await.is_err());
    assert_eq!(
        store.lock().unwrap().diary_access().unwrap(),
        DiaryAccess::Moved {
            link: "https://myschool.gosuslugi.ru/".into()
        }
    );
    // A passing network failure changes nothing about the session.
    journal.children = Err(JournalFailure::Transient("timeout".into()));
    assert!(refresh_children(&journal, &store).await.is_err());
    assert!(matches!(
        store.lock().unwrap().diary_access().unwrap(),
        DiaryAccess::Moved { .. }
    ));
}
