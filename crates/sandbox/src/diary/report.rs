//! `GET /edv/index/report/marks/{GUID}?begin=…&end=…&format=html`: the marks report, an HTML
//! table `#sheet0` with one row per subject of the class: marks (a weighted mark as
//! `<span class="mark" data-weight="2">5</span>`), the weighted average with a decimal comma,
//! and the absences (не явка = all missed lessons, пропуски = without a reason, по болезни).

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{Html, IntoResponse};
use serde::Deserialize;

use super::calendar::Day;
use super::lessons::{self, Absence, MarkView};
use super::timetable;
use super::{Child, MY_SCHOOL, Reply, child_by_guid, children_of, esc, internal, page, signed_in};
use crate::app::App;

/// The longest range a report covers (a school year and a bit).
const MAX_DAYS: i64 = 400;

/// One subject's line.
#[derive(Debug, Clone)]
pub struct Row {
    /// Subject.
    pub subject: &'static str,
    /// Marks in date order.
    pub marks: Vec<MarkView>,
    /// Weighted average of the numeric marks.
    pub average: Option<f64>,
    /// Missed lessons.
    pub missed: usize,
    /// Missed without a reason.
    pub unexcused: usize,
    /// Missed while ill.
    pub ill: usize,
}

/// The rows for `begin..=end`, subjects in timetable order.
pub fn rows(app: &App, child: &Child, begin: Day, end: Day) -> crate::error::Result<Vec<Row>> {
    let mut out: Vec<Row> = Vec::new();
    for weekday in 0..5 {
        for slot in timetable::slots(child.class, Day::from_ymd(2026, 12, 7).plus(weekday)) {
            if !out.iter().any(|r| r.subject == slot.subject.name) {
                out.push(Row {
                    subject: slot.subject.name,
                    marks: Vec::new(),
                    average: None,
                    missed: 0,
                    unexcused: 0,
                    ill: 0,
                });
            }
        }
    }
    for (_, lessons) in lessons::range(app, child, begin, end)? {
        for l in lessons {
            let Some(row) = out.iter_mut().find(|r| r.subject == l.slot.subject.name) else {
                continue;
            };
            row.marks.extend(l.marks);
            if let Some(why) = l.absence {
                row.missed += 1;
                match why {
                    Absence::Ill => row.ill += 1,
                    Absence::Unexcused => row.unexcused += 1,
                }
            }
        }
    }
    for row in &mut out {
        let (sum, weights) = row
            .marks
            .iter()
            .filter_map(|m| Some((m.value.parse::<f64>().ok()?, m.weight as f64)))
            .fold((0.0, 0.0), |(s, w), (v, k)| (s + v * k, w + k));
        row.average = (weights > 0.0).then(|| sum / weights);
    }
    Ok(out)
}

/// An average as the site writes it: `4,40`.
pub fn decimal_comma(average: f64) -> String {
    format!("{average:.2}").replace('.', ",")
}

/// The period mark an average rounds to (x,5 rounds up).
pub fn rounded(average: f64) -> String {
    ((average + 0.5).floor() as i64).to_string()
}

/// The report's query.
#[derive(Deserialize)]
pub struct ReportQuery {
    #[serde(default)]
    begin: Option<String>,
    #[serde(default)]
    end: Option<String>,
}

fn count(n: usize) -> String {
    if n == 0 { String::new() } else { n.to_string() }
}

fn table(rows: &[Row]) -> String {
    let mut html = String::from(
        "<table id=\"sheet0\" class=\"sheet0\">\n<tr><th>Предмет</th><th>Оценки</th>\
         <th>Средний балл</th><th>Не явка</th><th>Пропуски</th><th>По болезни</th></tr>\n",
    );
    for r in rows {
        let marks: Vec<String> = r
            .marks
            .iter()
            .map(|m| {
                if m.weight == 1 {
                    format!("<span class=\"mark\">{}</span>", esc(&m.value))
                } else {
                    format!(
                        "<span class=\"mark\" data-weight=\"{}\">{}</span>",
                        m.weight,
                        esc(&m.value)
                    )
                }
            })
            .collect();
        html.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            esc(r.subject),
            marks.join(" "),
            r.average.map(decimal_comma).unwrap_or_default(),
            count(r.missed),
            count(r.unexcused),
            count(r.ill),
        ));
    }
    html.push_str("</table>");
    html
}

fn message(status: StatusCode, body: &str) -> Reply {
    Ok((status, Html(page("Отчёт об успеваемости", body))).into_response())
}

/// The handler.
pub async fn report(
    State(app): State<Arc<App>>,
    Path(guid): Path<String>,
    Query(q): Query<ReportQuery>,
    headers: HeaderMap,
    uri: Uri,
) -> Reply {
    let person = signed_in(&app, &headers, &uri)?;
    if app.store.diary_moved(person).map_err(internal)? {
        let body = format!(
            "<div class=\"alert alert-info\" id=\"moved\">Дневник вашей школы теперь в «Моя \
             школа» <a href=\"{MY_SCHOOL}\">{MY_SCHOOL}</a></div>"
        );
        return message(StatusCode::OK, &body);
    }
    let child = child_by_guid(&guid).filter(|c| children_of(person).iter().any(|k| k.id == c.id));
    let Some(child) = child else {
        return message(StatusCode::OK, "<p class=\"error\">Ученик не найден</p>");
    };
    let parse = |v: &Option<String>| v.as_deref().and_then(Day::parse_x1);
    let (Some(begin), Some(end)) = (parse(&q.begin), parse(&q.end)) else {
        return message(
            StatusCode::BAD_REQUEST,
            "<p class=\"error\">Неверный период</p>",
        );
    };
    if end < begin || end.0 - begin.0 > MAX_DAYS {
        return message(
            StatusCode::BAD_REQUEST,
            "<p class=\"error\">Неверный период</p>",
        );
    }
    let rows = rows(&app, child, begin, end).map_err(internal)?;
    let body = format!(
        "<h1>Отчёт об успеваемости</h1>\n<p class=\"participant\">{}, {}, {} — {}</p>\n{}",
        esc(child.name),
        esc(child.class),
        begin.x1(),
        end.x1(),
        table(&rows)
    );
    message(StatusCode::OK, &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn averages_and_rounding() {
        assert_eq!(decimal_comma(4.4), "4,40");
        assert_eq!(rounded(4.5), "5");
        assert_eq!(rounded(4.49), "4");
        let row = Row {
            subject: "Алгебра",
            marks: vec![
                MarkView {
                    value: "5".into(),
                    weight: 2,
                },
                MarkView {
                    value: "<b>".into(),
                    weight: 1,
                },
            ],
            average: Some(5.0),
            missed: 0,
            unexcused: 0,
            ill: 0,
        };
        let html = table(&[row]);
        assert!(html.contains("<span class=\"mark\" data-weight=\"2\">5</span>"));
        assert!(html.contains("&lt;b&gt;"));
        assert!(!html.contains("<b>"));
    }
}
