//! The parsers on fixtures shaped like the site's answers (Orenburg and Kirov variants, a
//! holiday, refusals, the «Моя школа» notice, the sign-in page) and on junk: truncated,
//! mutated and huge inputs give an error, never a panic.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use parta_core::diary::{JournalFailure, Mark};
use parta_journal::parse;
use url::Url;

const ALISA: &str = "D1A70000-0000-4000-8000-000051000105";

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).expect(&path)
}

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn base() -> Url {
    Url::parse("https://de.edu.orb.ru/").unwrap()
}

fn mark(value: &str, weight: Option<u32>) -> Mark {
    Mark {
        value: value.into(),
        weight,
    }
}

#[test]
fn several_children_are_listed_once_each_with_their_names() {
    let children = parse::children(&fixture("participants_several.html")).unwrap();
    let names: Vec<&str> = children.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Морозова Алиса", "Морозов Иван"]);
    assert_eq!(children[0].guid, ALISA);
    assert_eq!(children[1].guid, "D1A70000-0000-4000-8000-000051000208");
    assert_eq!(children[0].class, None);
}

#[test]
fn one_child_comes_with_class_and_school() {
    let children = parse::children(&fixture("participant_one.html")).unwrap();
    assert_eq!(children.len(), 1);
    let child = &children[0];
    assert_eq!(child.guid, "D1A70000-0000-4000-8000-000051000230");
    assert_eq!(child.name, "Козлов Никита");
    assert_eq!(child.class.as_deref(), Some("7 «Б»"));
    assert_eq!(child.school.as_deref(), Some("МОАУ «СОШ № 1» г. Оренбурга"));
}

#[test]
fn a_moved_family_is_sent_to_my_school() {
    let failure = parse::children(&fixture("participant_moved.html")).unwrap_err();
    assert_eq!(
        failure,
        JournalFailure::MovedToMySchool {
            link: "https://myschool.gosuslugi.ru/".into()
        }
    );
}

#[test]
fn the_sign_in_page_means_the_session_ended_wherever_it_comes() {
    let page = fixture("sign_in.html");
    assert_eq!(parse::children(&page), Err(JournalFailure::SessionExpired));
    assert_eq!(
        parse::marks_report(&page),
        Err(JournalFailure::SessionExpired)
    );
    let week = parse::week(page.as_bytes(), ALISA, day("2026-12-09"), &base());
    assert_eq!(week, Err(JournalFailure::SessionExpired));
    assert!(parse::is_sign_in_page(page.as_bytes()));
    assert!(!parse::is_sign_in_page(
        fixture("participant_one.html").as_bytes()
    ));
}

#[test]
fn an_orenburg_week_reads_in_full() {
    let json = fixture("week_orenburg.json");
    let week = parse::week(json.as_bytes(), ALISA, day("2026-12-09"), &base()).unwrap();
    assert_eq!(week.child_guid, ALISA);
    assert_eq!(week.monday, "2026-12-07");
    assert!(!week.is_holiday());
    let order: Vec<(&str, u32, &str)> = week
        .lessons
        .iter()
        .map(|l| (l.date.as_str(), l.number, l.subject.as_str()))
        .collect();
    assert_eq!(
        order,
        [
            ("2026-12-07", 1, "История"),
            ("2026-12-07", 2, "Алгебра"),
            ("2026-12-08", 1, "Русский язык")
        ]
    );
    let history = &week.lessons[0];
    assert_eq!(history.marks, [mark("4", None)]);
    assert_eq!(history.absences, ["н"]);
    let algebra = &week.lessons[1];
    assert_eq!(algebra.teacher.as_deref(), Some("Иванова Марина Петровна"));
    assert_eq!(algebra.time_begin.as_deref(), Some("09:25"));
    assert_eq!(algebra.time_end.as_deref(), Some("10:10"));
    assert_eq!(algebra.topic.as_deref(), Some("Квадратные уравнения"));
    assert_eq!(algebra.homework.as_deref(), Some("№ 214, 215"));
    assert_eq!(algebra.marks, [mark("5", Some(2)), mark("4", Some(1))]);
    assert_eq!(algebra.notes, ["Забыл тетрадь"]);
    let files: Vec<(&str, &str)> = algebra
        .homework_files
        .iter()
        .map(|f| (f.name.as_str(), f.url.as_str()))
        .collect();
    assert_eq!(
        files,
        [
            ("Задачи.pdf", "https://de.edu.orb.ru/edv/files/17"),
            ("Справочник.docx", "https://de.edu.orb.ru/edv/files/18")
        ]
    );
    let russian = &week.lessons[2];
    assert_eq!(russian.homework, None);
    assert!(russian.marks.is_empty());
    let periods: Vec<(&str, &str, &str)> = week
        .periods
        .iter()
        .map(|p| (p.name.as_str(), p.begin.as_str(), p.end.as_str()))
        .collect();
    assert_eq!(
        periods,
        [
            ("1 четверть", "2026-09-01", "2026-10-25"),
            ("2 четверть", "2026-11-03", "2026-12-28")
        ]
    );
    assert_eq!(
        week.raw["data"]["diary"]["07.12. Понедельник"][0]["previousHomework"]["homework"],
        "№ 210"
    );
}

#[test]
fn a_kirov_week_reads_its_own_field_names_and_string_numbers() {
    let json = fixture("week_kirov.json");
    let week = parse::week(json.as_bytes(), "KIROV-1", day("2026-12-13"), &base()).unwrap();
    assert_eq!(week.monday, "2026-12-07");
    let physics = &week.lessons[0];
    assert_eq!(physics.date, "2026-12-09");
    assert_eq!(physics.number, 3);
    assert_eq!(physics.time_begin.as_deref(), Some("10:20"));
    assert_eq!(physics.time_end.as_deref(), Some("11:05"));
    assert_eq!(physics.marks, [mark("5", None), mark("3", None)]);
    assert_eq!(physics.absences, ["н"]);
    assert_eq!(physics.notes, ["Молодец"]);
    assert_eq!(
        week.raw["data"]["diary"]["09.12. Среда"][0]["periodMark"],
        "4"
    );
}

#[test]
fn a_week_across_new_year_dates_its_days_in_both_years() {
    let json = fixture("week_new_year.json");
    for asked in ["2026-12-30", "2027-01-02", "2026-12-28"] {
        let week = parse::week(json.as_bytes(), ALISA, day(asked), &base()).unwrap();
        assert_eq!(week.monday, "2026-12-28", "{asked}");
        let dates: Vec<&str> = week.lessons.iter().map(|l| l.date.as_str()).collect();
        assert_eq!(dates, ["2026-12-28", "2027-01-02"], "{asked}");
        assert_eq!(week.lessons[1].teacher, None);
    }
}

#[test]
fn a_holiday_week_has_no_lessons_but_keeps_its_periods() {
    let json = fixture("week_holiday.json");
    let week = parse::week(json.as_bytes(), ALISA, day("2027-01-04"), &base()).unwrap();
    assert!(week.is_holiday());
    assert_eq!(week.monday, "2027-01-04");
    assert_eq!(week.periods.len(), 2);
}

#[test]
fn refusals_keep_the_sites_words_and_moves_carry_the_link() {
    let unknown = fixture("week_unknown_child.json");
    assert_eq!(
        parse::week(unknown.as_bytes(), "X", day("2026-12-09"), &base()),
        Err(JournalFailure::Refused("Ученик не найден".into()))
    );
    let moved = fixture("week_moved.json");
    assert_eq!(
        parse::week(moved.as_bytes(), "X", day("2026-12-09"), &base()),
        Err(JournalFailure::MovedToMySchool {
            link: "https://myschool.gosuslugi.ru/".into()
        })
    );
    let silent = br#"{"success":false}"#;
    let failure = parse::week(silent, "X", day("2026-12-09"), &base()).unwrap_err();
    assert!(matches!(failure, JournalFailure::Refused(_)), "{failure:?}");
}

#[test]
fn relative_file_links_resolve_against_a_base_with_a_path() {
    let json = fixture("week_orenburg.json");
    let base = Url::parse("http://127.0.0.1:4104/").unwrap();
    let week = parse::week(json.as_bytes(), ALISA, day("2026-12-09"), &base).unwrap();
    let urls: Vec<&str> = week.lessons[1]
        .homework_files
        .iter()
        .map(|f| f.url.as_str())
        .collect();
    assert_eq!(
        urls,
        [
            "http://127.0.0.1:4104/edv/files/17",
            "https://de.edu.orb.ru/edv/files/18"
        ]
    );
}

#[test]
fn the_marks_report_reads_weights_decimal_commas_and_absences() {
    let rows = parse::marks_report(&fixture("report_marks.html")).unwrap();
    let subjects: Vec<&str> = rows.iter().map(|r| r.subject.as_str()).collect();
    assert_eq!(subjects, ["Алгебра", "Русский язык", "Музыка"]);
    let algebra = &rows[0];
    assert_eq!(
        algebra.marks,
        [
            mark("5", Some(2)),
            mark("4", None),
            mark("4", None),
            mark("5", None)
        ]
    );
    assert_eq!(algebra.average, Some(4.4));
    assert_eq!((algebra.missed, algebra.skipped, algebra.sick), (1, 0, 2));
    assert_eq!(rows[1].marks, [mark("3", None)]);
    assert_eq!(rows[1].average, Some(3.0));
    assert_eq!(rows[2].marks, []);
    assert_eq!(rows[2].average, None);
}

#[test]
fn report_columns_are_found_by_their_headers() {
    let html = r#"<table id="sheet0"><tr><td>Средний балл</td><td>Предмет</td><td>По болезни</td>
        <td>Оценки</td></tr><tr><td>4,5</td><td>Химия</td><td>3</td><td>4 5</td></tr></table>"#;
    let rows = parse::marks_report(html).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].subject, "Химия");
    assert_eq!(rows[0].average, Some(4.5));
    assert_eq!(rows[0].sick, 3);
    assert_eq!(rows[0].marks, [mark("4", None), mark("5", None)]);
}

#[test]
fn garbage_and_truncated_answers_are_protocol_errors() {
    let asked = day("2026-12-09");
    fn protocol<T>(result: Result<T, JournalFailure>) -> bool {
        matches!(result, Err(JournalFailure::Protocol(_)))
    }
    let week = fixture("week_orenburg.json");
    for cut in [0, 1, 10, week.len() / 2, week.len() - 2] {
        let bytes = &week.as_bytes()[..cut];
        assert!(
            protocol(parse::week(bytes, ALISA, asked, &base())),
            "cut at {cut}"
        );
    }
    for junk in [
        &b"null"[..],
        b"[]",
        b"42",
        b"\"success\"",
        b"{}",
        br#"{"success":true}"#,
        br#"{"success":true,"data":[]}"#,
        br#"{"success":true,"data":{"diary":"yes"}}"#,
        b"\xff\xfe\x00garbage",
        b"<html><body>502 Bad Gateway</body></html>",
    ] {
        assert!(
            protocol(parse::week(junk, ALISA, asked, &base())),
            "{}",
            String::from_utf8_lossy(junk)
        );
    }
    for junk in [
        "",
        "garbage",
        "{\"success\":true}",
        "<table><tr><td>1</td></tr></table>",
    ] {
        assert!(protocol(parse::children(junk)), "{junk}");
        assert!(protocol(parse::marks_report(junk)), "{junk}");
    }
}

#[test]
fn odd_lessons_are_read_leniently() {
    let json = r#"{"success":1,"data":{"diary":{"07.12. Понедельник":[
        {"subject":"  ","lessonNumber":null},
        "not a lesson",
        {"subject":"Химия","lessonNumber":2.0,"marks":[{"value":""},{"mark":"зачёт","weight":"x"}],
         "homework":["Стр. 5","Стр. 6"],"files":[{"url":"javascript:alert(1)"},{"url":"files/9"}]}
    ],"Воскресенье":[{"subject":"Без даты"}]},"edu_periods":"нет"}}"#;
    let week = parse::week(json.as_bytes(), ALISA, day("2026-12-07"), &base()).unwrap();
    assert_eq!(week.lessons.len(), 2);
    let chemistry = &week.lessons[1];
    assert_eq!(chemistry.number, 2);
    assert_eq!(chemistry.marks, [mark("зачёт", None)]);
    assert_eq!(chemistry.homework.as_deref(), Some("Стр. 5\nСтр. 6"));
    assert_eq!(chemistry.homework_files.len(), 1);
    assert_eq!(chemistry.homework_files[0].name, "9");
    assert_eq!(
        chemistry.homework_files[0].url,
        "https://de.edu.orb.ru/files/9"
    );
    assert!(week.periods.is_empty());
}

/// A cheap deterministic generator for the mutation loop.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        usize::try_from(self.0 >> 33).unwrap()
    }
}

#[test]
fn mutated_fixtures_never_panic() {
    let mut random = Lcg(8);
    let fixtures = [
        "week_orenburg.json",
        "week_kirov.json",
        "week_new_year.json",
        "participants_several.html",
        "participant_one.html",
        "participant_moved.html",
        "report_marks.html",
    ];
    let pieces: [&[u8]; 8] = [
        b"\"",
        b"{",
        b"]",
        b"<",
        b"</td>",
        "«".as_bytes(),
        b"\\u0000",
        b"-1",
    ];
    for name in fixtures {
        let original = fixture(name).into_bytes();
        for _ in 0..300 {
            let mut bytes = original.clone();
            for _ in 0..1 + random.next() % 4 {
                let at = random.next() % bytes.len();
                match random.next() % 4 {
                    0 => bytes.truncate(at),
                    1 => bytes[at] = u8::try_from(random.next() % 256).unwrap(),
                    2 => {
                        let piece = pieces[random.next() % pieces.len()];
                        bytes.splice(at..at, piece.iter().copied());
                    }
                    _ => {
                        let end = (at + random.next() % 16).min(bytes.len());
                        bytes.drain(at..end);
                    }
                }
                if bytes.is_empty() {
                    break;
                }
            }
            let text = String::from_utf8_lossy(&bytes);
            let _ = parse::week(&bytes, ALISA, day("2026-12-09"), &base());
            let _ = parse::children(&text);
            let _ = parse::marks_report(&text);
        }
    }
}

#[test]
fn huge_junk_is_refused_or_read_without_panic() {
    let five_mb = 5 * 1024 * 1024;
    let mut random = Lcg(5);
    let noise: Vec<u8> = (0..five_mb)
        .map(|_| u8::try_from(random.next() % 256).unwrap())
        .collect();
    let inputs: Vec<Vec<u8>> = vec![
        noise,
        b"<div>".repeat(five_mb / 5),
        b"<b><i>".repeat(five_mb / 6),
        b"<table><tr><td>".repeat(five_mb / 15),
        b"[".repeat(five_mb),
        b"{\"a\":".repeat(five_mb / 5),
        [
            &b"{\"success\":true,\"data\":{\"diary\":{\"07.12. x\":[{\"subject\":\""[..],
            &b"x".repeat(five_mb),
            b"\"}]}}}",
        ]
        .concat(),
        [
            "<table id=\"sheet0\"><tr><th>Предмет</th></tr>".as_bytes(),
            &b"<tr><td>5</td><td>5 5 5</td></tr>".repeat(five_mb / 34),
        ]
        .concat(),
    ];
    for input in &inputs {
        let text = String::from_utf8_lossy(input);
        let _ = parse::week(input, ALISA, day("2026-12-09"), &base());
        let _ = parse::children(&text);
        let _ = parse::marks_report(&text);
    }
    let long_subject = parse::week(&inputs[6], ALISA, day("2026-12-09"), &base()).unwrap();
    assert_eq!(long_subject.lessons[0].subject.len(), five_mb);
    let nested = String::from_utf8_lossy(&inputs[1]);
    assert!(matches!(
        parse::children(&nested),
        Err(JournalFailure::Protocol(_))
    ));
    let long_report = parse::marks_report(&String::from_utf8_lossy(&inputs[7])).unwrap();
    assert_eq!(long_report.len(), five_mb / 34);
    assert_eq!(long_report[0].marks.len(), 3);
    let too_big = vec![b' '; parse::MAX_INPUT + 1];
    assert!(matches!(
        parse::week(&too_big, ALISA, day("2026-12-09"), &base()),
        Err(JournalFailure::Protocol(_))
    ));
    assert!(matches!(
        parse::children(&String::from_utf8_lossy(&too_big)),
        Err(JournalFailure::Protocol(_))
    ));
}
