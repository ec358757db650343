//! The Orenburg e-journal (platform X1, `de.edu.orb.ru`), imitated on a fifth listener.
//!
//! Design: the school year is computed, not stored. [`calendar`] knows the четверти and
//! holidays, [`timetable`] the lessons, topics and homework of each class on any day, and
//! [`lessons`] adds each child's marks and absences (only for days before the sandbox's today)
//! plus whatever the control API stored in SQLite (marks, homework, files, «moved» families,
//! sessions). The pages ([`pages`], [`week`], [`report`]) render that as the real site does:
//! HTML for the sign-in form, the children and the marks report, JSON for a week. Every
//! `/edv/…` request needs a `PHPSESSID` session, else `302` to `/auth/login?return=…`. Every
//! text put into HTML goes through [`esc`].

pub mod calendar;
pub mod control;
pub mod lessons;
pub mod pages;
pub mod report;
pub mod timetable;
pub mod week;

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;

use crate::app::App;

/// The school every demo child attends.
pub const SCHOOL: &str = "МОАУ «СОШ № 1» г. Оренбурга";

/// The session cookie's name.
pub const COOKIE: &str = "PHPSESSID";

/// Where a moved family is sent.
pub const MY_SCHOOL: &str = "https://myschool.gosuslugi.ru/";

/// A child in the journal.
#[derive(Debug)]
pub struct Child {
    /// Person id in the seed.
    pub id: i64,
    /// Surname first: «Морозова Алиса».
    pub name: &'static str,
    /// «5 «А»».
    pub class: &'static str,
    /// Served in the Kirov variant of the week JSON.
    pub kirov: bool,
}

/// The demo children.
pub const CHILDREN: [Child; 3] = [
    Child {
        id: 51_000_105,
        name: "Морозова Алиса",
        class: "5 «А»",
        kirov: false,
    },
    Child {
        id: 51_000_208,
        name: "Морозов Иван",
        class: "7 «Б»",
        kirov: true,
    },
    Child {
        id: 51_000_230,
        name: "Козлов Никита",
        class: "7 «Б»",
        kirov: false,
    },
];

/// Parents and their children (person ids).
pub const FAMILIES: [(i64, &[i64]); 2] = [
    (51_000_301, &[51_000_105, 51_000_208]),
    (51_000_345, &[51_000_230]),
];

impl Child {
    /// The participant GUID: `D1A70000-0000-4000-8000-0000` + the 8-digit person id.
    pub fn guid(&self) -> String {
        format!("D1A70000-0000-4000-8000-0000{:08}", self.id)
    }

    /// The child's parents.
    pub fn parents(&self) -> Vec<i64> {
        FAMILIES
            .iter()
            .filter(|(_, kids)| kids.contains(&self.id))
            .map(|(p, _)| *p)
            .collect()
    }
}

/// The child with this GUID (case-insensitive).
pub fn child_by_guid(guid: &str) -> Option<&'static Child> {
    CHILDREN
        .iter()
        .find(|c| c.guid().eq_ignore_ascii_case(guid.trim()))
}

/// A parent's children, in journal order (empty for anyone else).
pub fn children_of(parent: i64) -> Vec<&'static Child> {
    let ids = FAMILIES
        .iter()
        .find(|(p, _)| *p == parent)
        .map_or(&[][..], |(_, kids)| kids);
    CHILDREN.iter().filter(|c| ids.contains(&c.id)).collect()
}

/// Whether `person` is a parent in the journal.
pub fn is_parent(person: i64) -> bool {
    FAMILIES.iter().any(|(p, _)| *p == person)
}

/// Escapes text for HTML content and attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes a query value (unreserved characters and `/` stay).
pub fn encode_query(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// A handler's answer: the page, or the response that replaces it (redirect, error).
pub type Reply = Result<Response, Refusal>;

/// A response that replaces the page (a redirect or an error), boxed to keep results small.
pub struct Refusal(Box<Response>);

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        *self.0
    }
}

impl From<Response> for Refusal {
    fn from(r: Response) -> Refusal {
        Refusal(Box::new(r))
    }
}

/// A 500 page for a store failure.
pub fn internal(e: impl std::fmt::Display) -> Refusal {
    tracing::warn!("diary: {e}");
    Refusal::from(
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            Html(page("Ошибка", "<p>Внутренняя ошибка</p>")),
        )
            .into_response(),
    )
}

/// A complete HTML document around `body` (already escaped).
pub fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"ru\"><head><meta charset=\"utf-8\"><title>{} — Цифровое \
         образование Оренбуржья</title></head>\n<body>\n{body}\n</body></html>\n",
        esc(title)
    )
}

/// The session's person, or the redirect to the sign-in page.
pub fn signed_in(app: &App, headers: &HeaderMap, uri: &Uri) -> Result<i64, Refusal> {
    let session = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.trim().to_owned());
    if let Some(id) = session
        && let Some(person) = app.store.diary_session(&id).map_err(internal)?
    {
        return Ok(person);
    }
    let back = uri.path_and_query().map_or("/", |p| p.as_str());
    let location = format!("/auth/login?return={}", encode_query(back));
    Err((StatusCode::FOUND, [(header::LOCATION, location)])
        .into_response()
        .into())
}

/// The journal's router (the `diary` listener).
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(root))
        .route("/auth/login", get(pages::sign_in_form).post(pages::sign_in))
        .route("/edv/index/participant", get(pages::participants))
        .route("/edv/index/diary/{guid}", get(week::week))
        .route("/edv/index/report/marks/{guid}", get(report::report))
        .route("/edv/files/{id}", get(file))
        .fallback(not_found)
        .with_state(app)
}

async fn root() -> Response {
    (
        StatusCode::FOUND,
        [(header::LOCATION, "/edv/index/participant")],
    )
        .into_response()
}

async fn not_found(State(app): State<Arc<App>>, headers: HeaderMap, uri: Uri) -> Reply {
    if uri.path().starts_with("/edv/") {
        signed_in(&app, &headers, &uri)?;
    }
    Ok((
        StatusCode::NOT_FOUND,
        Html(page("Не найдено", "<p>Страница не найдена</p>")),
    )
        .into_response())
}

/// `GET /edv/files/{id}`: a homework attachment.
async fn file(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    uri: Uri,
) -> Reply {
    signed_in(&app, &headers, &uri)?;
    let found = match id.parse::<i64>() {
        Ok(id) => lessons::file(&app, id).map_err(internal)?,
        Err(_) => None,
    };
    let Some((name, bytes)) = found else {
        return Ok((
            StatusCode::NOT_FOUND,
            Html(page("Не найдено", "<p>Файл не найден</p>")),
        )
            .into_response());
    };
    let disposition = format!(
        "attachment; filename*=UTF-8''{}",
        encode_query(&name).replace('/', "%2F")
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_and_families() {
        assert_eq!(CHILDREN[0].guid(), "D1A70000-0000-4000-8000-000051000105");
        assert_eq!(
            child_by_guid("d1a70000-0000-4000-8000-000051000208").map(|c| c.name),
            Some("Морозов Иван")
        );
        assert_eq!(children_of(51_000_301).len(), 2);
        assert!(children_of(51_000_012).is_empty());
        assert_eq!(CHILDREN[2].parents(), vec![51_000_345]);
    }

    #[test]
    fn escaping() {
        assert_eq!(
            esc("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(
            encode_query("/edv/x?date=01.02.2026&a=б"),
            "/edv/x%3Fdate%3D01.02.2026%26a%3D%D0%B1"
        );
    }
}
