//! The e-journal listener over real sockets: sign-in, sessions, children, weeks (both
//! variants), holidays, the marks report, files, and what the control API adds.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use common::{PATIENCE, Sandbox};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const ANNA: i64 = 51_000_301;
const IRINA: i64 = 51_000_345;
const ALISA: &str = "D1A70000-0000-4000-8000-000051000105";
const IVAN: &str = "D1A70000-0000-4000-8000-000051000208";
const NIKITA: &str = "D1A70000-0000-4000-8000-000051000230";

/// An HTTP answer.
struct Page {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Page {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("JSON body")
    }
}

/// One HTTP/1.1 request with an optional cookie and form body; redirects are not followed.
async fn request(
    base: &str,
    method: &str,
    path: &str,
    cookie: Option<&str>,
    form: Option<&str>,
) -> Page {
    let addr = base.trim_start_matches("http://");
    let mut s = TcpStream::connect(addr).await.expect("connect diary");
    let body = form.unwrap_or("");
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if let Some(c) = cookie {
        head.push_str(&format!("Cookie: other=1; {c}\r\n"));
    }
    if form.is_some() {
        head.push_str("Content-Type: application/x-www-form-urlencoded\r\n");
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    s.write_all(head.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    tokio::time::timeout(PATIENCE, s.read_to_end(&mut raw))
        .await
        .expect("http timeout")
        .unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut rest = raw[split + 4..].to_vec();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let chunked = headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        let mut out = Vec::new();
        loop {
            let end = rest.windows(2).position(|w| w == b"\r\n").unwrap();
            let size =
                usize::from_str_radix(String::from_utf8_lossy(&rest[..end]).trim(), 16).unwrap();
            if size == 0 {
                break;
            }
            out.extend_from_slice(&rest[end + 2..end + 2 + size]);
            rest.drain(..end + 4 + size);
        }
        rest = out;
    }
    Page {
        status,
        headers,
        body: rest,
    }
}

fn diary(sb: &Sandbox) -> String {
    sb.urls["diary"]
        .as_str()
        .expect("diary URL in the JSON line")
        .to_owned()
}

async fn session(sb: &Sandbox, person: i64) -> String {
    let (status, s) = sb
        .post("/diary/sessions", json!({"personId": person}))
        .await;
    assert_eq!(status, 200, "{s}");
    assert_eq!(s["name"], "PHPSESSID");
    s["cookie"].as_str().unwrap().to_owned()
}

async fn week(sb: &Sandbox, cookie: &str, guid: &str, date: &str) -> Value {
    let page = request(
        &diary(sb),
        "GET",
        &format!("/edv/index/diary/{guid}?date={date}"),
        Some(cookie),
        None,
    )
    .await;
    assert_eq!(page.status, 200, "{}", page.text());
    assert!(
        page.header("content-type")
            .unwrap()
            .starts_with("application/json")
    );
    page.json()
}

/// Every lesson of a week answer.
fn lessons(w: &Value) -> Vec<Value> {
    w["data"]["diary"]
        .as_object()
        .map(|days| {
            days.values()
                .flat_map(|d| d.as_array().unwrap().clone())
                .collect()
        })
        .unwrap_or_default()
}

fn lesson<'a>(w: &'a Value, day_key: &str, subject: &str) -> &'a Value {
    w["data"]["diary"][day_key]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["subject"] == subject)
        .unwrap_or_else(|| panic!("{subject} on {day_key}"))
}

#[tokio::test]
async fn sign_in_form_gives_a_session_cookie() {
    let dir = tempfile::tempdir().unwrap();
    let sb = Sandbox::start(dir.path());
    let base = diary(&sb);

    let form = request(
        &base,
        "GET",
        "/auth/login?return=/edv/index/participant",
        None,
        None,
    )
    .await;
    assert_eq!(form.status, 200);
    let html = form.text();
    assert!(html.contains("action=\"/auth/login\""), "{html}");
    assert!(html.contains("name=\"login\"") && html.contains("name=\"password\""));

    let wrong = request(
        &base,
        "POST",
        "/auth/login",
        None,
        Some("login=%2B79123450301&password=nope"),
    )
    .await;
    assert_eq!(wrong.status, 200);
    assert!(wrong.text().contains("Неверный логин или пароль"));
    assert!(wrong.header("set-cookie").is_none());

    let ok = request(
        &base,
        "POST",
        "/auth/login",
        None,
        Some("login=%2B79123450301&password=demo&return=%2Fedv%2Findex%2Fparticipant"),
    )
    .await;
    assert_eq!(ok.status, 302);
    assert_eq!(ok.header("location"), Some("/edv/index/participant"));
    let set = ok.header("set-cookie").unwrap().to_owned();
    let cookie = set.split(';').next().unwrap().to_owned();
    let value = cookie.strip_prefix("PHPSESSID=").unwrap();
    assert_eq!(value.len(), 32);
    assert!(value.chars().all(|c| c.is_ascii_hexdigit()));
    assert!(set.contains("Path=/") && set.contains("HttpOnly"));

    let children = request(&base, "GET", "/edv/index/participant", Some(&cookie), None).await;
    assert_eq!(children.status, 200);
    assert!(children.text().contains(ALISA));

    // The person id works as a login too; a return off the site is ignored.
    let by_id = request(
        &base,
        "POST",
        "/auth/login",
        None,
        Some("login=51000345&password=demo&return=https%3A%2F%2Fevil.example%2F"),
    )
    .await;
    assert_eq!(by_id.status, 302);
    assert_eq!(by_id.header("location"), Some("/edv/index/participant"));
    // A teacher is not a journal parent.
    let teacher = request(
        &base,
        "POST",
        "/auth/login",
        None,
        Some("login=%2B79123450012&password=demo"),
    )
    .await;
    assert!(teacher.header("set-cookie").is_none());
}

#[tokio::test]
async fn without_a_session_every_edv_page_redirects_to_sign_in() {
    let dir = tempfile::tempdir().unwrap();
    let sb = Sandbox::start(dir.path());
    let base = diary(&sb);
    for path in [
        "/edv/index/participant".to_owned(),
        format!("/edv/index/diary/{ALISA}?date=07.12.2026"),
        format!("/edv/index/report/marks/{ALISA}?begin=01.09.2026&end=25.10.2026&format=html"),
        "/edv/files/1".to_owned(),
        "/edv/somewhere/else".to_owned(),
    ] {
        for cookie in [None, Some("PHPSESSID=0123456789abcdef0123456789abcdef")] {
            let page = request(&base, "GET", &path, cookie, None).await;
            assert_eq!(page.status, 302, "{path}");
            let location = page.header("location").unwrap();
            assert!(
                location.starts_with("/auth/login?return=/edv/"),
                "{location}"
            );
        }
    }
}

#[tokio::test]
async fn children_pages_for_both_parents() {
    let dir = tempfile::tempdir().unwrap();
    let sb = Sandbox::start(dir.path());
    let base = diary(&sb);
    let anna = session(&sb, ANNA).await;
    let html = request(&base, "GET", "/edv/index/participant", Some(&anna), None)
        .await
        .text();
    assert!(html.contains("<ul id=\"participants\">"), "{html}");
    assert!(html.contains(&format!(
        "<a href=\"/edv/index/diary/{ALISA}\" data-guid=\"{ALISA}\">Морозова Алиса</a>"
    )));
    assert!(html.contains(&format!("data-guid=\"{IVAN}\">Морозов Иван</a>")));
    assert!(!html.contains(NIKITA));

    let irina = session(&sb, IRINA).await;
    let html = request(&base, "GET", "/edv/index/participant", Some(&irina), None)
        .await
        .text();
    assert!(
        html.contains(&format!("<div id=\"participant\" data-guid=\"{NIKITA}\">")),
        "{html}"
    );
    assert!(html.contains(
        "<div class=\"one-participant\">Козлов Никита, 7 «Б», МОАУ «СОШ № 1» г. Оренбурга</div>"
    ));

    let (status, list) = sb.get("/diary/children").await;
    assert_eq!(status, 200);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 3);
    let ivan = list.iter().find(|c| c["guid"] == IVAN).unwrap();
    assert_eq!(ivan["name"], "Морозов Иван");
    assert_eq!(ivan["class"], "7 «Б»");
    assert_eq!(ivan["parents"], json!([ANNA]));
}

#[tokio::test]
async fn a_past_week_has_lessons_marks_and_homework_and_a_future_one_no_marks() {
    let dir = tempfile::tempdir().unwrap();
    let sb = Sandbox::start(dir.path());
    let anna = session(&sb, ANNA).await;
    let w = week(&sb, &anna, ALISA, "02.12.2026").await;
    assert_eq!(w["success"], true);
    assert_eq!(w["message"], "");
    let days: Vec<&String> = w["data"]["diary"].as_object().unwrap().keys().collect();
    assert_eq!(days.len(), 5);
    assert!(days.contains(&&"30.11. Понедельник".to_owned()));
    assert!(days.contains(&&"04.12. Пятница".to_owned()));
    let periods = w["data"]["edu_periods"].as_array().unwrap();
    assert!(periods.contains(
        &json!({"name": "2 четверть", "dateBegin": "03.11.2026", "dateEnd": "28.12.2026"})
    ));

    let all = lessons(&w);
    assert!((25..=30).contains(&all.len()), "{}", all.len());
    let first = lesson(&w, "30.11. Понедельник", "Русский язык");
    assert_eq!(first["lessonNumber"], 1);
    assert_eq!(first["lessonTime"], "08:00-08:40");
    assert_eq!(first["teacher"], "Иванова Марина Петровна");
    assert_eq!(first["date"], "30.11.2026");
    assert!(!first["topic"].as_str().unwrap().is_empty());
    assert!(first["previousHomework"]["date"].as_str().is_some());
    assert!(
        all.iter()
            .any(|l| !l["homework"].as_str().unwrap().is_empty())
    );
    let marked: Vec<&Value> = all
        .iter()
        .filter(|l| !l["marksRaw"].as_array().unwrap().is_empty())
        .collect();
    assert!(!marked.is_empty(), "a past week has marks");
    for l in &marked {
        let raw = &l["marksRaw"][0];
        assert_eq!(l["marks"][0]["value"].as_str().unwrap(), raw.to_string());
        let weight = l["marks"][0]["weight"].as_i64().unwrap();
        let test = l["topic"].as_str().unwrap().starts_with("Контрольная");
        assert_eq!(weight, if test { 2 } else { 1 }, "{l}");
    }
    // The same week again is the same week.
    assert_eq!(week(&sb, &anna, ALISA, "30.11.2026").await, w);

    // Lessons that have not happened yet have no marks (while 17.05.2027 is still ahead).
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis();
    if now_ms < 1_810_512_000_000 {
        let future = week(&sb, &anna, ALISA, "19.05.2027").await;
        let upcoming = lessons(&future);
        assert!(!upcoming.is_empty());
        assert!(
            upcoming
                .iter()
                .all(|l| l["marksRaw"] == json!([]) && l["absenceRaw"] == json!([]))
        );
    }
}

#[tokio::test]
async fn ivan_gets_the_kirov_variant() {
    let dir = tempfile::tempdir().unwrap();
    let sb = Sandbox::start(dir.path());
    let anna = session(&sb, ANNA).await;
    let w = week(&sb, &anna, IVAN, "30.11.2026").await;
    let algebra = lesson(&w, "30.11. Понедельник", "Алгебра");
    assert_eq!(algebra["lessonNumber"], "1");
    assert_eq!(algebra["lessonTimeBegin"], "08:00");
    assert_eq!(algebra["lessonTimeEnd"], "08:40");
    assert!(algebra.get("lessonTime").is_none());
    assert!(algebra.get("marks").is_none());
    assert!(algebra.get("periodMark").is_some());
    assert!(
        lessons(&w).iter().any(|l| l["periodMark"].is_string()),
        "some subject has a period mark"
    );
}

#[tokio::test]
async fn holiday_weeks_are_empty() {
    let dir = tempfile::tempdir().unwrap();
    let sb = Sandbox::start(dir.path());
    let anna = session(&sb, ANNA).await;
    for date in ["28.10.2026", "05.01.2027"] {
        let w = week(&sb, &anna, ALISA, date).await;
        assert_eq!(w["success"], true);
        assert_eq!(w["data"]["diary"], json!([]), "{date}");
        assert_eq!(w["data"]["edu_periods"].as_array().unwrap().len(), 4);
    }
    // The week of 29.12 still has its Monday.
    let w = week(&sb, &anna, ALISA, "31.12.2026").await;
    assert_eq!(w["data"]["diary"].as_object().unwrap().len(), 1);
}

#[tokio::test]
async fn unknown_or_foreign_child_is_not_found() {
    let dir = tempfile::tempdir().unwrap();
    let sb = Sandbox::start(dir.path());
    let anna = session(&sb, ANNA).await;
    for guid in [
        "D1A70000-0000-4000-8000-000099999999",
        NIKITA,
        "%3Cscript%3E",
    ] {
        let w = week(&sb, &anna, guid, "30.11.2026").await;
        assert_eq!(
            w,
            json!({"success": false, "message": "Ученик не найден", "data": null})
        );
    }
    // A date that is not one is a clear failure too, and a garbage sign-in body no crash.
    let bad = week(&sb, &anna, ALISA, "99.99.9999").await;
    assert_eq!(bad["success"], false);
    let garbage = request(
        &diary(&sb),
        "POST",
        "/auth/login",
        None,
        Some("%%%\u{0}&&="),
    )
    .await;
    assert!(garbage.header("set-cookie").is_none());
    assert!(garbage.status < 500);
}

#[tokio::test]
async fn marks_report_is_a_sheet0_table() {
    let dir = tempfile::tempdir().unwrap();
    let sb = Sandbox::start(dir.path());
    let anna = session(&sb, ANNA).await;
    let odd = json!({"guid": ALISA, "date": "2026-09-08", "subject": "История", "value": "<i>"});
    assert_eq!(sb.post("/diary/marks", odd).await.0, 200);
    let path =
        format!("/edv/index/report/marks/{ALISA}?begin=01.09.2026&end=25.10.2026&format=html");
    let page = request(&diary(&sb), "GET", &path, Some(&anna), None).await;
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("<table id=\"sheet0\""), "{html}");
    assert!(html.contains("<th>Предмет</th><th>Оценки</th><th>Средний балл</th><th>Не явка</th><th>Пропуски</th><th>По болезни</th>"));
    let rows = html.matches("<tr><td>").count();
    assert_eq!(rows, 8, "one row per subject of 5 «А»");
    assert!(html.contains("<tr><td>Математика</td>"));
    assert!(
        html.contains("<span class=\"mark\">&lt;i&gt;</span>"),
        "marks are escaped"
    );
    assert!(!html.contains("<i>"));
    assert!(
        html.contains("<span class=\"mark\" data-weight=\"2\">"),
        "a test's mark weighs 2"
    );
    assert!(
        html.contains(",")
            && html.matches("</td><td>4,").count()
                + html.matches("</td><td>3,").count()
                + html.matches("</td><td>5,").count()
                > 0
    );

    let bad = request(
        &diary(&sb),
        "GET",
        &format!("/edv/index/report/marks/{ALISA}?begin=x&end=y"),
        Some(&anna),
        None,
    )
    .await;
    assert_eq!(bad.status, 400);
}

/// Finds a generated homework attachment in the autumn.
async fn some_file(sb: &Sandbox, cookie: &str) -> Value {
    for date in [
        "07.09.2026",
        "14.09.2026",
        "21.09.2026",
        "28.09.2026",
        "05.10.2026",
        "12.10.2026",
    ] {
        let w = week(sb, cookie, ALISA, date).await;
        if let Some(l) = lessons(&w).into_iter().find(|l| l["files"] != json!([])) {
            return l;
        }
    }
    panic!("no homework file in six weeks");
}

#[tokio::test]
async fn homework_files_download_with_a_session() {
    let dir = tempfile::tempdir().unwrap();
    let sb = Sandbox::start(dir.path());
    let anna = session(&sb, ANNA).await;
    let l = some_file(&sb, &anna).await;
    let url = l["files"][0]["url"].as_str().unwrap();
    assert!(url.starts_with("/edv/files/"));
    let page = request(&diary(&sb), "GET", url, Some(&anna), None).await;
    assert_eq!(page.status, 200);
    let disposition = page.header("content-disposition").unwrap();
    assert!(
        disposition.starts_with("attachment; filename*=UTF-8''"),
        "{disposition}"
    );
    assert!(
        disposition.contains("%D0%9A%D0%B0%D1%80%D1%82%D0%BE%D1%87%D0%BA%D0%B0"),
        "«Карточка»: {disposition}"
    );
    let text = page.text();
    assert!(text.contains(l["subject"].as_str().unwrap()));
    assert!(text.contains(l["homework"].as_str().unwrap()));
    assert_eq!(
        request(&diary(&sb), "GET", url, None, None).await.status,
        302
    );
    assert_eq!(
        request(&diary(&sb), "GET", "/edv/files/999", Some(&anna), None)
            .await
            .status,
        404
    );
    assert_eq!(
        request(
            &diary(&sb),
            "GET",
            "/edv/files/1000000005",
            Some(&anna),
            None
        )
        .await
        .status,
        404
    );
}

#[tokio::test]
async fn control_marks_and_homework_appear_in_the_week() {
    let dir = tempfile::tempdir().unwrap();
    let sb = Sandbox::start(dir.path());
    let anna = session(&sb, ANNA).await;
    let before = lesson(
        &week(&sb, &anna, ALISA, "01.12.2026").await,
        "30.11. Понедельник",
        "Математика",
    )
    .clone();

    let (status, added) = sb
        .post("/diary/marks", json!({"guid": ALISA, "date": "2026-11-30", "subject": "Математика", "value": "5", "weight": 2}))
        .await;
    assert_eq!(status, 200, "{added}");
    assert_eq!(added["lessonNumber"], 2);
    let after = week(&sb, &anna, ALISA, "01.12.2026").await;
    let math = lesson(&after, "30.11. Понедельник", "Математика");
    let n = before["marksRaw"].as_array().unwrap().len();
    assert_eq!(math["marksRaw"].as_array().unwrap().len(), n + 1);
    assert_eq!(math["marksRaw"][n], 5);
    assert_eq!(math["marks"][n], json!({"value": "5", "weight": 2}));

    let (status, why) = sb
        .post("/diary/marks", json!({"guid": ALISA, "date": "2026-12-05", "subject": "Математика", "value": "4", "weight": null}))
        .await;
    assert_eq!(status, 404, "Saturday: {why}");
    assert!(why["message"].as_str().unwrap().contains("Математика"));
    let (status, _) = sb
        .post(
            "/diary/marks",
            json!({"guid": ALISA, "date": "2026-11-30", "subject": "Алгебра", "value": "4"}),
        )
        .await;
    assert_eq!(status, 404, "5 «А» has no algebra");

    let (status, hw) = sb
        .post("/diary/homework", json!({"guid": IVAN, "date": "2026-12-07", "subject": "Алгебра", "text": "№ 1 <b>и</b> 2", "fileName": "Задачи.txt"}))
        .await;
    assert_eq!(status, 200, "{hw}");
    // Homework belongs to the class: Никита (7 «Б») sees it too.
    let irina = session(&sb, IRINA).await;
    let w = week(&sb, &irina, NIKITA, "07.12.2026").await;
    let algebra = lesson(&w, "07.12. Понедельник", "Алгебра");
    assert_eq!(algebra["homework"], "№ 1 <b>и</b> 2");
    assert_eq!(algebra["files"][0]["name"], "Задачи.txt");
    let url = algebra["files"][0]["url"].as_str().unwrap();
    let file = request(&diary(&sb), "GET", url, Some(&irina), None).await;
    assert_eq!(file.status, 200);
    assert_eq!(file.text(), "№ 1 <b>и</b> 2");
    // The next algebra lesson shows it as the previous homework.
    let next = lesson(&w, "08.12. Вторник", "Алгебра");
    assert_eq!(
        next["previousHomework"],
        json!({"date": "07.12.2026", "homework": "№ 1 <b>и</b> 2"})
    );
}

#[tokio::test]
async fn expire_ends_the_session() {
    let dir = tempfile::tempdir().unwrap();
    let sb = Sandbox::start(dir.path());
    let base = diary(&sb);
    let anna = session(&sb, ANNA).await;
    let irina = session(&sb, IRINA).await;
    assert_eq!(
        request(&base, "GET", "/edv/index/participant", Some(&anna), None)
            .await
            .status,
        200
    );
    let (status, r) = sb.post("/diary/expire", json!({"personId": ANNA})).await;
    assert_eq!((status, r["expired"].as_i64()), (200, Some(1)));
    assert_eq!(
        request(&base, "GET", "/edv/index/participant", Some(&anna), None)
            .await
            .status,
        302
    );
    assert_eq!(
        request(&base, "GET", "/edv/index/participant", Some(&irina), None)
            .await
            .status,
        200
    );
    let (status, _) = sb.post("/diary/expire", json!({})).await;
    assert_eq!(status, 200);
    assert_eq!(
        request(&base, "GET", "/edv/index/participant", Some(&irina), None)
            .await
            .status,
        302
    );
    let (status, _) = sb
        .post("/diary/sessions", json!({"personId": 51000012}))
        .await;
    assert_eq!(status, 404, "a teacher is not a journal parent");
}

#[tokio::test]
async fn a_moved_family_is_sent_to_my_school() {
    let dir = tempfile::tempdir().unwrap();
    let sb = Sandbox::start(dir.path());
    let base = diary(&sb);
    let irina = session(&sb, IRINA).await;
    let (status, _) = sb
        .post("/diary/moved", json!({"personId": IRINA, "moved": true}))
        .await;
    assert_eq!(status, 200);
    let html = request(&base, "GET", "/edv/index/participant", Some(&irina), None)
        .await
        .text();
    assert!(html.contains("<div class=\"alert alert-info\" id=\"moved\">Дневник вашей школы теперь в «Моя школа» <a href=\"https://myschool.gosuslugi.ru/\">https://myschool.gosuslugi.ru/</a></div>"), "{html}");
    assert!(!html.contains(NIKITA));
    let w = week(&sb, &irina, NIKITA, "30.11.2026").await;
    assert_eq!(
        w,
        json!({"success": false, "message": "Дневник вашей школы теперь в «Моя школа»: https://myschool.gosuslugi.ru/", "data": null})
    );
    // Other families are unaffected; switching back restores the children.
    let anna = session(&sb, ANNA).await;
    assert_eq!(week(&sb, &anna, ALISA, "30.11.2026").await["success"], true);
    sb.post("/diary/moved", json!({"personId": IRINA, "moved": false}))
        .await;
    let html = request(&base, "GET", "/edv/index/participant", Some(&irina), None)
        .await
        .text();
    assert!(html.contains(NIKITA));
}

#[tokio::test]
async fn a_restart_keeps_control_marks_sessions_and_moves() {
    let dir = tempfile::tempdir().unwrap();
    let sb = Sandbox::start(dir.path());
    let anna = session(&sb, ANNA).await;
    let (status, _) = sb
        .post(
            "/diary/marks",
            json!({"guid": ALISA, "date": "2026-12-08", "subject": "История", "value": "4"}),
        )
        .await;
    assert_eq!(status, 200);
    sb.post("/diary/moved", json!({"personId": IRINA, "moved": true}))
        .await;
    sb.stop();

    let sb = Sandbox::start(dir.path());
    let w = week(&sb, &anna, ALISA, "08.12.2026").await;
    let history = lesson(&w, "08.12. Вторник", "История");
    assert_eq!(
        history["marks"].as_array().unwrap().last().unwrap(),
        &json!({"value": "4", "weight": 1})
    );
    let irina = session(&sb, IRINA).await;
    assert_eq!(
        week(&sb, &irina, NIKITA, "08.12.2026").await["success"],
        false
    );
}
