//! `parta diary` reads the diary from the cache alone: no network, the keyring gives only the
//! cache's key.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Desktop, KeyringState};
use parta_cli::accounts::{self, AccountList, AccountRecord};
use parta_core::diary::{
    DiaryAccess, DiaryChild, DiaryWeek, EduPeriod, HomeworkFile, Lesson, Mark, SubjectReport,
};
use parta_core::{CacheKey, Store};

const ALICE: &str = "D1A70000-0000-4000-8000-000051000105";
const IVAN: &str = "D1A70000-0000-4000-8000-000051000208";

/// Registers account `max-1` (Анна Морозова) with an unreachable server.
fn register(desktop: &Desktop) -> Store {
    let record = AccountRecord {
        id: "max-1".into(),
        platform: "max".into(),
        person_id: 1,
        name: "Анна Морозова".into(),
        server: "ws://127.0.0.1:9/websocket".into(),
    };
    let list = AccountList {
        current: Some(record.id.clone()),
        accounts: vec![record],
    };
    accounts::save(&desktop.data(), &list).unwrap();
    desktop.cache_with_key("max-1", &CacheKey::from_bytes([1; 32]))
}

fn child(guid: &str, name: &str, class: &str) -> DiaryChild {
    DiaryChild {
        guid: guid.into(),
        name: name.into(),
        class: Some(class.into()),
        school: Some("МОАУ «СОШ № 1» г. Оренбурга".into()),
    }
}

fn lesson(date: &str, number: u32, subject: &str, time: (&str, &str)) -> Lesson {
    Lesson {
        date: date.into(),
        number,
        subject: subject.into(),
        teacher: Some("Иванова Марина Петровна".into()),
        time_begin: Some(time.0.into()),
        time_end: Some(time.1.into()),
        topic: None,
        homework: None,
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

/// Алиса's week of 7 December 2026 with marks, an absence and homework; Иван's holiday week.
fn fill(desktop: &Desktop) {
    let mut store = register(desktop);
    store
        .save_diary_children(&[
            child(ALICE, "Морозова Алиса", "5 «А»"),
            child(IVAN, "Морозов Иван", "7 «Б»"),
        ])
        .unwrap();
    let mut algebra = lesson("2026-12-07", 2, "Алгебра", ("09:25", "10:10"));
    algebra.topic = Some("Сложение дробей".into());
    algebra.homework = Some("№ 12,\n14".into());
    algebra.homework_files.push(HomeworkFile {
        name: "Задачи.pdf".into(),
        url: "http://127.0.0.1:9/edv/files/17".into(),
    });
    algebra.marks = vec![
        Mark {
            value: "5".into(),
            weight: Some(2),
        },
        Mark {
            value: "4".into(),
            weight: None,
        },
    ];
    let mut history = lesson("2026-12-09", 1, "История", ("08:30", "09:15"));
    history.absences.push("н".into());
    history.homework = Some("Параграф 4".into());
    let week = DiaryWeek {
        child_guid: ALICE.into(),
        monday: "2026-12-07".into(),
        lessons: vec![
            lesson("2026-12-07", 1, "Русский язык", ("08:30", "09:15")),
            algebra.clone(),
            history,
        ],
        periods: vec![period()],
        raw: serde_json::json!({"success": true}),
    };
    store.save_diary_week(&week, 1_796_000_000_000).unwrap();
    store
        .set_homework_done(ALICE, &algebra.key(), true)
        .unwrap();
    store
        .save_marks_report(
            ALICE,
            &period(),
            &[SubjectReport {
                subject: "Алгебра".into(),
                marks: algebra.marks.clone(),
                average: Some(4.4),
                missed: 0,
                skipped: 0,
                sick: 0,
            }],
            1_796_000_000_000,
        )
        .unwrap();
    store
        .save_diary_week(
            &DiaryWeek {
                child_guid: IVAN.into(),
                monday: "2026-12-07".into(),
                lessons: Vec::new(),
                periods: Vec::new(),
                raw: serde_json::json!({"diary": []}),
            },
            1_796_000_000_000,
        )
        .unwrap();
    store.set_diary_access(&DiaryAccess::Ready).unwrap();
}

#[tokio::test]
async fn the_week_of_each_child_prints_in_russian_offline() {
    let desktop = Desktop::start(KeyringState::Unlocked);
    fill(&desktop);

    let both = desktop
        .parta(&["diary", "--week", "2026-12-09"], "")
        .await
        .ok();
    let text = both.stdout;
    assert!(
        text.starts_with("Морозова Алиса, 5 «А» — неделя 7–12 декабря 2026\n"),
        "{text}"
    );
    for line in [
        "  Понедельник, 7 декабря\n",
        "    1. 08:30–09:15  Русский язык\n",
        "    2. 09:25–10:10  Алгебра  · оценки: 5 (вес 2), 4\n",
        "       Тема: Сложение дробей\n",
        "       Д/з: № 12, 14  [сделано]\n",
        "       Файлы: Задачи.pdf\n",
        "  Среда, 9 декабря\n",
        "    1. 08:30–09:15  История  · отсутствие: н (не был(а) на уроке)\n",
        "       Д/з: Параграф 4\n",
        "  Средние баллы, 2 четверть:\n    Алгебра: 4,40\n",
        "Морозов Иван, 7 «Б» — неделя 7–12 декабря 2026\n",
        "  Каникулы\n",
    ] {
        assert!(text.contains(line), "missing {line:?} in:\n{text}");
    }
    assert!(text.find("Морозова Алиса") < text.find("Морозов Иван"));

    // One child, by any part of the name in any case.
    let ivan = desktop
        .parta(&["diary", "--child", "ИВАН", "--week", "2026-12-13"], "")
        .await
        .ok();
    assert!(ivan.stdout.contains("Каникулы") && !ivan.stdout.contains("Алиса"));

    // A week never fetched says so, and how to fetch it.
    let later = desktop
        .parta(&["diary", "--child", "алиса", "--week", "2026-12-14"], "")
        .await
        .ok();
    assert!(
        later.stdout.contains("Эта неделя не загружена")
            && later.stdout.contains("parta diary sync --week 2026-12-14"),
        "{later:?}"
    );
}

#[tokio::test]
async fn json_prints_the_cached_weeks() {
    let desktop = Desktop::start(KeyringState::Unlocked);
    fill(&desktop);
    let run = desktop
        .parta(&["--json", "diary", "--week", "2026-12-07"], "")
        .await
        .ok();
    let weeks: Vec<DiaryWeek> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(weeks.len(), 2);
    assert_eq!(weeks[0].child_guid, ALICE);
    assert_eq!(weeks[0].lessons[1].marks[0].weight, Some(2));
    assert!(weeks[1].is_holiday());

    let alice = desktop
        .parta(
            &[
                "diary",
                "--json",
                "--child",
                "Алиса",
                "--week",
                "2026-12-07",
            ],
            "",
        )
        .await
        .ok();
    let weeks: Vec<DiaryWeek> = serde_json::from_str(&alice.stdout).unwrap();
    assert_eq!(weeks.len(), 1);
}

#[tokio::test]
async fn wrong_input_and_a_missing_sign_in_are_explained() {
    let desktop = Desktop::start(KeyringState::Unlocked);
    drop(register(&desktop));
    let signed_out = desktop.parta(&["diary"], "").await;
    assert!(
        !signed_out.success
            && signed_out
                .stderr
                .contains("Вы не вошли в электронный дневник"),
        "{signed_out:?}"
    );

    fill(&desktop);
    let nobody = desktop.parta(&["diary", "--child", "Никита"], "").await;
    assert!(
        !nobody.success
            && nobody
                .stderr
                .contains("Ребёнок «Никита» в дневнике не найден"),
        "{nobody:?}"
    );
    let bad = desktop.parta(&["diary", "--week", "2026-02-30"], "").await;
    assert!(!bad.success && bad.stderr.contains("не дата"), "{bad:?}");
    let bad_json = desktop
        .parta(&["--json", "diary", "--week", "9.12.2026"], "")
        .await;
    let error: serde_json::Value = serde_json::from_str(bad_json.stderr.trim()).unwrap();
    assert_eq!(error["error"], "bad_date");
}

#[tokio::test]
async fn an_expired_session_still_shows_the_cache_with_a_note() {
    let desktop = Desktop::start(KeyringState::Unlocked);
    fill(&desktop);
    {
        let mut store = desktop.cache_with_key_only("max-1", &CacheKey::from_bytes([1; 32]));
        store.set_diary_access(&DiaryAccess::Expired).unwrap();
    }
    let run = desktop
        .parta(&["diary", "--child", "алиса", "--week", "2026-12-07"], "")
        .await
        .ok();
    assert!(
        run.stdout
            .starts_with("Сессия электронного дневника закончилась")
            && run.stdout.contains("Алгебра"),
        "{run:?}"
    );
}
