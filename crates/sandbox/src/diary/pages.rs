//! The HTML pages: the sign-in form standing in for Госуслуги/ЕСИА and the children list.
//!
//! Sign-in: the login is a demo parent's phone (`+7912…`, also `8912…`) or person id, the
//! password `demo`. Success sets `PHPSESSID` and redirects to the `return` path (only a local
//! path is honoured) or to `/edv/index/participant`.

use std::sync::Arc;

use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::{
    COOKIE, MY_SCHOOL, Reply, SCHOOL, children_of, esc, internal, is_parent, page, signed_in,
};
use crate::app::App;

/// The only password the sandbox's sign-in accepts.
pub const DEMO_PASSWORD: &str = "demo";

/// Where a signed-in person lands by default.
const HOME: &str = "/edv/index/participant";

/// `?return=` of the sign-in page.
#[derive(Deserialize)]
pub struct ReturnQuery {
    #[serde(default, rename = "return")]
    back: Option<String>,
}

/// The sign-in form's fields.
#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    login: String,
    #[serde(default)]
    password: String,
    #[serde(default, rename = "return")]
    back: Option<String>,
}

/// A local path to return to, or the default.
fn safe_return(back: Option<&str>) -> String {
    match back {
        Some(p) if p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') => p.to_owned(),
        _ => HOME.to_owned(),
    }
}

fn form_page(back: &str, login: &str, error: Option<&str>) -> String {
    let error = error.map_or_else(String::new, |e| {
        format!(
            "<p class=\"error\" id=\"error\" role=\"alert\">{}</p>\n",
            esc(e)
        )
    });
    let body = format!(
        "<main class=\"esia\">\n<h1>Вход через Госуслуги</h1>\n<p class=\"hint\">Песочница \
         Парты: логин — телефон родителя (+7912…) или его номер, пароль — «demo».</p>\n{error}\
         <form id=\"login-form\" method=\"post\" action=\"/auth/login\">\n\
         <input type=\"hidden\" name=\"return\" value=\"{}\">\n\
         <label for=\"login\">Телефон или СНИЛС</label>\n\
         <input id=\"login\" name=\"login\" autocomplete=\"username\" value=\"{}\">\n\
         <label for=\"password\">Пароль</label>\n\
         <input id=\"password\" name=\"password\" type=\"password\" \
         autocomplete=\"current-password\">\n<button type=\"submit\">Войти</button>\n\
         </form>\n</main>",
        esc(back),
        esc(login)
    );
    page("Вход", &body)
}

/// `GET /auth/login`.
pub async fn sign_in_form(Query(q): Query<ReturnQuery>) -> Html<String> {
    Html(form_page(&safe_return(q.back.as_deref()), "", None))
}

/// Digits of a phone in `+7…` form (8… and 7… accepted), or `None`.
fn normalize_phone(text: &str) -> Option<String> {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let national = match digits.len() {
        11 if digits.starts_with('7') || digits.starts_with('8') => &digits[1..],
        10 => &digits[..],
        _ => return None,
    };
    Some(format!("+7{national}"))
}

/// The journal parent a login names.
fn parent_for(app: &App, login: &str) -> crate::error::Result<Option<i64>> {
    let login = login.trim();
    if let Ok(id) = login.parse::<i64>()
        && is_parent(id)
    {
        return Ok(Some(id));
    }
    let Some(phone) = normalize_phone(login) else {
        return Ok(None);
    };
    Ok(app
        .store
        .people()?
        .into_iter()
        .find(|p| normalize_phone(&p.phone).as_deref() == Some(phone.as_str()))
        .map(|p| p.id)
        .filter(|id| is_parent(*id)))
}

/// `POST /auth/login`.
pub async fn sign_in(State(app): State<Arc<App>>, Form(f): Form<SignInForm>) -> Reply {
    let back = safe_return(f.back.as_deref());
    let person = parent_for(&app, &f.login).map_err(internal)?;
    let Some(person) = person.filter(|_| f.password == DEMO_PASSWORD) else {
        let html = form_page(&back, &f.login, Some("Неверный логин или пароль"));
        return Ok((StatusCode::OK, Html(html)).into_response());
    };
    let session = app.store.create_diary_session(person).map_err(internal)?;
    Ok(redirect_with_cookie(&back, &session))
}

fn redirect_with_cookie(location: &str, session: &str) -> Response {
    (
        StatusCode::FOUND,
        [
            (header::LOCATION, location.to_owned()),
            (
                header::SET_COOKIE,
                format!("{COOKIE}={session}; Path=/; HttpOnly"),
            ),
        ],
    )
        .into_response()
}

/// `GET /edv/index/participant`: the signed-in parent's children.
pub async fn participants(State(app): State<Arc<App>>, headers: HeaderMap, uri: Uri) -> Reply {
    let person = signed_in(&app, &headers, &uri)?;
    let body = if app.store.diary_moved(person).map_err(internal)? {
        format!(
            "<div class=\"alert alert-info\" id=\"moved\">Дневник вашей школы теперь в «Моя \
             школа» <a href=\"{MY_SCHOOL}\">{MY_SCHOOL}</a></div>"
        )
    } else {
        match children_of(person).as_slice() {
            [] => "<p class=\"empty\">Нет учеников</p>".to_owned(),
            [one] => format!(
                "<div id=\"participant\" data-guid=\"{}\"><div class=\"one-participant\">{}, {}, \
                 {}</div></div>",
                esc(&one.guid()),
                esc(one.name),
                esc(one.class),
                esc(SCHOOL)
            ),
            many => {
                let items: Vec<String> = many
                    .iter()
                    .map(|c| {
                        let guid = esc(&c.guid());
                        format!(
                            "<li><a href=\"/edv/index/diary/{guid}\" data-guid=\"{guid}\">{}</a>\
                             </li>",
                            esc(c.name)
                        )
                    })
                    .collect();
                format!("<ul id=\"participants\">{}</ul>", items.join(""))
            }
        }
    };
    let html = page("Дневник", &format!("<h1>Электронный дневник</h1>\n{body}"));
    Ok(Html(html).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn returns_stay_local_and_phones_normalize() {
        assert_eq!(safe_return(Some("/edv/x?y=1")), "/edv/x?y=1");
        assert_eq!(safe_return(Some("//evil.example/")), HOME);
        assert_eq!(safe_return(Some("https://evil.example/")), HOME);
        assert_eq!(safe_return(None), HOME);
        assert_eq!(
            normalize_phone("8 (912) 345-03-01").as_deref(),
            Some("+79123450301")
        );
        assert_eq!(
            normalize_phone("+79123450301").as_deref(),
            Some("+79123450301")
        );
        assert_eq!(normalize_phone("12"), None);
    }
}
