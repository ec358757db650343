//! parta-journal against the sandbox's stand-in for the X1 site, over real loopback sockets:
//! children of one- and two-child families, weeks in both field variants, a mark and homework
//! the school adds, a holiday and the New Year week, the marks report, file downloads, an ended
//! session, a family moved to «Моя школа», the site's own sign-in, and a site that is down.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use parta_core::diary::{DiaryWeek, Journal, JournalFailure, Lesson, Mark};
use parta_journal::{X1Journal, parse};
use serde_json::json;

mod common;

use common::{ALISA, ANNA, IRINA, IVAN, NIKITA, Sandbox};

fn first_lesson_on<'a>(week: &'a DiaryWeek, date: &str) -> &'a Lesson {
    week.lessons
        .iter()
        .find(|lesson| lesson.date == date)
        .unwrap_or_else(|| panic!("no lesson on {date}: {week:#?}"))
}

fn marks_count(week: &DiaryWeek) -> usize {
    week.lessons.iter().map(|lesson| lesson.marks.len()).sum()
}

#[tokio::test]
async fn a_parent_of_two_sees_both_children_as_the_school_lists_them() {
    let sandbox = Sandbox::start();
    let journal = sandbox.journal_for(ANNA).await;
    let mut children = journal.children().await.unwrap();
    children.sort_by(|a, b| a.guid.cmp(&b.guid));
    let seen: Vec<(&str, &str)> = children
        .iter()
        .map(|c| (c.guid.as_str(), c.name.as_str()))
        .collect();
    assert_eq!(seen, [(ALISA, "Морозова Алиса"), (IVAN, "Морозов Иван")]);

    let truth = sandbox.control("/diary/children", None).await;
    let mut theirs: Vec<(String, String)> = truth
        .as_array()
        .unwrap()
        .iter()
        .filter(|child| child["parents"].as_array().unwrap().contains(&json!(ANNA)))
        .map(|child| {
            let text = |key: &str| child[key].as_str().unwrap().to_owned();
            (text("guid"), text("name"))
        })
        .collect();
    theirs.sort();
    let ours: Vec<(String, String)> = children
        .into_iter()
        .map(|child| (child.guid, child.name))
        .collect();
    assert_eq!(ours, theirs);
}

#[tokio::test]
async fn a_parent_of_one_sees_the_child_with_class_and_school() {
    let sandbox = Sandbox::start();
    let children = sandbox.journal_for(IRINA).await.children().await.unwrap();
    assert_eq!(children.len(), 1, "{children:?}");
    let nikita = &children[0];
    assert_eq!(nikita.guid, NIKITA);
    assert_eq!(nikita.name, "Козлов Никита");
    assert_eq!(nikita.class.as_deref(), Some("7 «Б»"));
    assert!(
        nikita.school.as_deref().unwrap().contains("СОШ № 1"),
        "{nikita:?}"
    );
}

#[tokio::test]
async fn a_school_week_has_lessons_and_a_new_mark_appears_once_with_its_weight() {
    let sandbox = Sandbox::start();
    let journal = sandbox.journal_for(ANNA).await;
    let week = journal.week(ALISA, "2026-12-09").await.unwrap();
    assert_eq!(week.child_guid, ALISA);
    assert_eq!(week.monday, "2026-12-07");
    for day in ["07", "08", "09", "10", "11"] {
        let date = format!("2026-12-{day}");
        let count = week.lessons.iter().filter(|l| l.date == date).count();
        assert!((5..=6).contains(&count), "{count} lessons on {date}");
    }
    for lesson in &week.lessons {
        assert!(lesson.date.as_str() >= "2026-12-07" && lesson.date.as_str() <= "2026-12-13");
        assert!(lesson.number >= 1, "{lesson:?}");
        assert!(!lesson.subject.is_empty(), "{lesson:?}");
        assert!(lesson.teacher.is_some(), "{lesson:?}");
        assert!(
            lesson.time_begin.is_some() && lesson.time_end.is_some(),
            "{lesson:?}"
        );
    }
    assert!(
        week.periods
            .iter()
            .any(|p| p.begin.as_str() <= "2026-12-09" && p.end.as_str() >= "2026-12-09"),
        "{:?}",
        week.periods
    );

    let lesson = first_lesson_on(&week, "2026-12-08").clone();
    let mark = json!({"guid": ALISA, "date": "2026-12-08", "subject": lesson.subject,
                      "value": "5", "weight": 2});
    sandbox.control("/diary/marks", Some(mark)).await;
    let after = journal.week(ALISA, "2026-12-08").await.unwrap();
    assert_eq!(marks_count(&after), marks_count(&week) + 1);
    let marked = after
        .lessons
        .iter()
        .find(|l| l.key() == lesson.key())
        .unwrap();
    let weighted = Mark {
        value: "5".into(),
        weight: Some(2),
    };
    assert_eq!(
        marked.marks.iter().filter(|m| **m == weighted).count(),
        lesson.marks.iter().filter(|m| **m == weighted).count() + 1
    );
}

#[tokio::test]
async fn the_kirov_variant_reads_the_same() {
    let sandbox = Sandbox::start();
    let week = sandbox
        .journal_for(ANNA)
        .await
        .week(IVAN, "2026-12-09")
        .await
        .unwrap();
    assert!(!week.lessons.is_empty());
    let raw_lesson = &week.raw["data"]["diary"]
        .as_object()
        .unwrap()
        .values()
        .next()
        .unwrap()[0];
    assert!(raw_lesson.get("lessonTimeBegin").is_some(), "{raw_lesson}");
    for lesson in &week.lessons {
        assert!(
            lesson.time_begin.is_some() && lesson.time_end.is_some(),
            "{lesson:?}"
        );
        assert!(!lesson.subject.is_empty());
    }
}

#[tokio::test]
async fn holidays_are_empty_and_the_new_year_week_is_dated_in_december() {
    let sandbox = Sandbox::start();
    let journal = sandbox.journal_for(ANNA).await;
    let holiday = journal.week(ALISA, "2027-01-06").await.unwrap();
    assert!(holiday.is_holiday(), "{:?}", holiday.lessons);
    assert_eq!(holiday.monday, "2027-01-04");

    let new_year = journal.week(ALISA, "2027-01-01").await.unwrap();
    assert_eq!(new_year.monday, "2026-12-28");
    assert!(!new_year.lessons.is_empty());
    assert!(
        new_year.lessons.iter().all(|l| l.date == "2026-12-28"),
        "{:?}",
        new_year.lessons
    );
}

#[tokio::test]
async fn another_familys_child_and_an_unknown_one_are_refused() {
    let sandbox = Sandbox::start();
    let journal = sandbox.journal_for(ANNA).await;
    for guid in [NIKITA, "D1A70000-0000-4000-8000-000099999999"] {
        assert_eq!(
            journal.week(guid, "2026-12-09").await,
            Err(JournalFailure::Refused("Ученик не найден".into())),
            "{guid}"
        );
    }
}

#[tokio::test]
async fn the_marks_report_agrees_with_the_weeks_and_gains_a_new_mark() {
    let sandbox = Sandbox::start();
    let journal = sandbox.journal_for(ANNA).await;
    let week = journal.week(ALISA, "2026-11-25").await.unwrap();
    let period = week
        .periods
        .iter()
        .find(|p| p.begin.as_str() <= "2026-11-25" && p.end.as_str() >= "2026-11-25")
        .unwrap()
        .clone();
    let report = journal
        .marks_report(ALISA, &period.begin, &period.end)
        .await
        .unwrap();
    for lesson in &week.lessons {
        assert!(
            report.iter().any(|row| row.subject == lesson.subject),
            "{} missing from {report:?}",
            lesson.subject
        );
    }
    assert!(report.iter().any(|row| !row.marks.is_empty()), "{report:?}");
    for row in &report {
        if let Some(average) = row.average {
            assert!((1.0..=5.0).contains(&average), "{row:?}");
        }
    }

    let subject = first_lesson_on(&week, "2026-11-25").subject.clone();
    let before = report.iter().find(|row| row.subject == subject).unwrap();
    let mark = json!({"guid": ALISA, "date": "2026-11-25", "subject": subject,
                      "value": "2", "weight": 2});
    sandbox.control("/diary/marks", Some(mark)).await;
    let again = journal
        .marks_report(ALISA, &period.begin, &period.end)
        .await
        .unwrap();
    let after = again.iter().find(|row| row.subject == subject).unwrap();
    assert_eq!(after.marks.len(), before.marks.len() + 1);
    let weighted_twos = |marks: &[Mark]| {
        marks
            .iter()
            .filter(|m| m.value == "2" && m.weight == Some(2))
            .count()
    };
    assert_eq!(
        weighted_twos(&after.marks),
        weighted_twos(&before.marks) + 1
    );
}

#[tokio::test]
async fn homework_with_a_file_downloads_with_the_session_only() {
    let sandbox = Sandbox::start();
    let journal = sandbox.journal_for(ANNA).await;
    let week = journal.week(ALISA, "2026-12-10").await.unwrap();
    let lesson = first_lesson_on(&week, "2026-12-10").clone();
    let homework = json!({"guid": ALISA, "date": "2026-12-10", "subject": lesson.subject,
                          "text": "Прочитать § 5, ответить на вопросы", "fileName": "Вопросы.txt"});
    sandbox.control("/diary/homework", Some(homework)).await;
    let week = journal.week(ALISA, "2026-12-10").await.unwrap();
    let lesson = week
        .lessons
        .iter()
        .find(|l| l.key() == lesson.key())
        .unwrap();
    assert_eq!(
        lesson.homework.as_deref(),
        Some("Прочитать § 5, ответить на вопросы")
    );
    let file = lesson
        .homework_files
        .iter()
        .find(|f| f.name == "Вопросы.txt")
        .unwrap_or_else(|| panic!("{lesson:?}"));
    assert!(file.url.starts_with(&sandbox.diary), "{}", file.url);
    let bytes = journal.download(&file.url).await.unwrap();
    assert!(!bytes.is_empty());

    let elsewhere = journal.download("https://example.org/edv/files/1").await;
    assert!(
        matches!(elsewhere, Err(JournalFailure::Protocol(_))),
        "{elsewhere:?}"
    );

    sandbox
        .control("/diary/expire", Some(json!({ "personId": ANNA })))
        .await;
    assert_eq!(
        journal.download(&file.url).await,
        Err(JournalFailure::SessionExpired)
    );
}

#[tokio::test]
async fn an_ended_session_is_expired_everywhere_and_only_for_that_parent() {
    let sandbox = Sandbox::start();
    let anna = sandbox.journal_for(ANNA).await;
    let irina = sandbox.journal_for(IRINA).await;
    anna.children().await.unwrap();
    sandbox
        .control("/diary/expire", Some(json!({ "personId": ANNA })))
        .await;
    assert_eq!(anna.children().await, Err(JournalFailure::SessionExpired));
    assert_eq!(
        anna.week(ALISA, "2026-12-09").await,
        Err(JournalFailure::SessionExpired)
    );
    assert_eq!(
        anna.marks_report(ALISA, "2026-11-03", "2026-12-28").await,
        Err(JournalFailure::SessionExpired)
    );
    assert_eq!(irina.children().await.unwrap().len(), 1);

    let made_up = X1Journal::new(&sandbox.diary, "0123456789abcdef0123456789abcdef").unwrap();
    assert_eq!(
        made_up.children().await,
        Err(JournalFailure::SessionExpired)
    );
}

#[tokio::test]
async fn a_family_moved_to_my_school_is_sent_there() {
    let sandbox = Sandbox::start();
    let journal = sandbox.journal_for(IRINA).await;
    let moved = json!({"personId": IRINA, "moved": true});
    sandbox.control("/diary/moved", Some(moved)).await;
    let failure = journal.children().await.unwrap_err();
    let JournalFailure::MovedToMySchool { link } = &failure else {
        panic!("{failure:?}");
    };
    assert!(link.starts_with("https://myschool.gosuslugi.ru"), "{link}");
    assert!(matches!(
        journal.week(NIKITA, "2026-12-09").await,
        Err(JournalFailure::MovedToMySchool { .. })
    ));
    // Анна's family did not move.
    let anna = sandbox.journal_for(ANNA).await;
    assert_eq!(anna.children().await.unwrap().len(), 2);

    let back = json!({"personId": IRINA, "moved": false});
    sandbox.control("/diary/moved", Some(back)).await;
    assert_eq!(journal.children().await.unwrap().len(), 1);
}

#[tokio::test]
async fn signing_in_on_the_sites_own_page_yields_a_working_cookie() {
    let sandbox = Sandbox::start();
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let start = X1Journal::sign_in_url(&sandbox.diary).unwrap();
    let first = browser.get(start.clone()).send().await.unwrap();
    assert_eq!(first.status(), reqwest::StatusCode::FOUND);
    let to_sign_in = start
        .join(first.headers()["location"].to_str().unwrap())
        .unwrap();
    assert!(to_sign_in.path().starts_with("/auth/login"), "{to_sign_in}");
    assert!(!X1Journal::is_signed_in_url(&sandbox.diary, &to_sign_in));
    let page = browser.get(to_sign_in.clone()).send().await.unwrap();
    assert_eq!(
        parse::children(&page.text().await.unwrap()),
        Err(JournalFailure::SessionExpired)
    );

    let wrong = browser
        .post(to_sign_in.clone())
        .form(&[("login", ANNA.to_string()), ("password", "не тот".into())])
        .send()
        .await
        .unwrap();
    assert!(wrong.headers().get("set-cookie").is_none());
    assert!(parse::is_sign_in_page(&wrong.bytes().await.unwrap()));

    let signed = browser
        .post(to_sign_in.clone())
        .form(&[("login", ANNA.to_string()), ("password", "demo".into())])
        .send()
        .await
        .unwrap();
    assert_eq!(signed.status(), reqwest::StatusCode::FOUND);
    let landed = to_sign_in
        .join(signed.headers()["location"].to_str().unwrap())
        .unwrap();
    assert!(
        X1Journal::is_signed_in_url(&sandbox.diary, &landed),
        "{landed}"
    );
    let cookie = signed.headers()["set-cookie"].to_str().unwrap();
    let value = cookie
        .strip_prefix("PHPSESSID=")
        .and_then(|rest| rest.split(';').next())
        .unwrap_or_else(|| panic!("{cookie}"));
    let journal = X1Journal::new(&sandbox.diary, value).unwrap();
    assert_eq!(journal.children().await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_site_that_is_down_is_transient() {
    let mut sandbox = Sandbox::start();
    let journal = sandbox.journal_for(ANNA).await;
    journal.children().await.unwrap();
    sandbox.stop();
    let failure = journal.children().await.unwrap_err();
    assert!(
        matches!(failure, JournalFailure::Transient(_)),
        "{failure:?}"
    );
}
