//! [`X1Journal`]: the X1 site over HTTPS with the person's session cookie.
//!
//! Design: one `reqwest` client per session, built with Парта's trust roots, a 20 s timeout and
//! redirects off. Every request carries `Cookie: PHPSESSID=…` (a header marked sensitive; the
//! value is never logged or shown by `Debug`). The answer is classified before it is parsed:
//! a redirect to a sign-in (or to another host: the region's SSO) or 401/403 means the session
//! ended, a redirect to «Моя школа» means the diary moved, 408/429/5xx and network failures are
//! transient, other statuses unreadable. Bodies are read up to a cap (16 MiB for pages, 50 MiB
//! for files). The cookie is only ever sent to the journal's own origin: a file link elsewhere
//! is refused rather than fetched with it.

use std::time::Duration;

use chrono::NaiveDate;
use parta_core::diary::{
    DiaryChild, DiaryWeek, Journal, JournalFailure, JournalResult, SubjectReport,
};
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, COOKIE, HeaderValue, LOCATION};
use url::Url;

use crate::{JournalError, parse, tls};

/// How long one request may take, connection included.
const TIMEOUT: Duration = Duration::from_secs(20);
/// How long connecting may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The largest homework file downloaded.
pub const DOWNLOAD_CAP: usize = 50 * 1024 * 1024;

/// The Orenburg X1 e-journal for one session.
#[derive(Clone)]
pub struct X1Journal {
    http: reqwest::Client,
    /// The journal's address, its path ending in `/`.
    base: Url,
    /// `PHPSESSID=<value>`, marked sensitive.
    cookie: HeaderValue,
}

impl std::fmt::Debug for X1Journal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("X1Journal")
            .field("base", &self.base.as_str())
            .field("cookie", &"***")
            .finish()
    }
}

/// An answer read in full.
struct Fetched {
    body: Vec<u8>,
    content_type: String,
}

impl X1Journal {
    /// The real Orenburg site.
    pub const ORENBURG: &'static str = "https://de.edu.orb.ru";
    /// The session cookie's name.
    pub const SESSION_COOKIE: &'static str = "PHPSESSID";

    /// A client of the journal at `base_url` with the session cookie's value (a leading
    /// `PHPSESSID=` is accepted and dropped).
    pub fn new(base_url: &str, session_cookie_value: &str) -> Result<X1Journal, JournalError> {
        let base = base(base_url)?;
        let value = session_cookie_value.trim();
        let value = value
            .strip_prefix(Self::SESSION_COOKIE)
            .and_then(|rest| rest.strip_prefix('='))
            .unwrap_or(value);
        if value.is_empty() || !value.bytes().all(is_cookie_octet) {
            return Err(JournalError::BadCookie);
        }
        let mut cookie = HeaderValue::from_str(&format!("{}={value}", Self::SESSION_COOKIE))
            .map_err(|_| JournalError::BadCookie)?;
        cookie.set_sensitive(true);
        let http = reqwest::Client::builder()
            .use_preconfigured_tls(tls::client_config()?)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(TIMEOUT)
            .connect_timeout(CONNECT_TIMEOUT)
            .user_agent(concat!("Parta/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|error| JournalError::Client(error.to_string()))?;
        Ok(X1Journal { http, base, cookie })
    }

    /// Where the sign-in window starts: `{base}/edv/index/participant` (the site sends a person
    /// without a session to its sign-in and back here afterwards).
    pub fn sign_in_url(base_url: &str) -> Result<Url, JournalError> {
        let base = base(base_url)?;
        base.join("edv/index/participant")
            .map_err(|error| JournalError::BadBaseUrl {
                url: base_url.to_owned(),
                reason: error.to_string(),
            })
    }

    /// Whether a URL the sign-in window reached means the person is signed in (same origin as
    /// the base, path under the base's `edv/`).
    pub fn is_signed_in_url(base_url: &str, url: &Url) -> bool {
        let Ok(base) = base(base_url) else {
            return false;
        };
        url.origin() == base.origin() && url.path().starts_with(&format!("{}edv/", base.path()))
    }

    /// The journal's address.
    pub fn base_url(&self) -> &Url {
        &self.base
    }

    /// `{base}/{path}/{segment}` with the segment percent-encoded.
    fn endpoint(&self, path: &str, segment: Option<&str>) -> JournalResult<Url> {
        let mut url = self
            .base
            .join(path)
            .map_err(|error| JournalFailure::Protocol(format!("bad endpoint {path}: {error}")))?;
        if let Some(segment) = segment {
            url.path_segments_mut()
                .map_err(|()| JournalFailure::Protocol("the base URL has no path".into()))?
                .pop_if_empty()
                .push(segment);
        }
        Ok(url)
    }

    /// GETs `url` with the session and reads up to `cap` bytes of a successful answer.
    async fn fetch(&self, url: Url, cap: usize) -> JournalResult<Fetched> {
        let response = self
            .http
            .get(url.clone())
            .header(COOKIE, self.cookie.clone())
            .send()
            .await
            .map_err(|error| JournalFailure::Transient(describe(&error)))?;
        let status = response.status();
        tracing::debug!(path = url.path(), %status, "e-journal answered");
        if status.is_redirection() {
            let location = response
                .headers()
                .get(LOCATION)
                .and_then(|value| value.to_str().ok())
                .unwrap_or_default();
            return Err(redirect_failure(&url, location));
        }
        if let Some(failure) = status_failure(status) {
            return Err(failure);
        }
        let content_type = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_ascii_lowercase();
        let body = read_capped(response, cap).await?;
        Ok(Fetched { body, content_type })
    }
}

/// The base URL, checked: `http(s)`, a host, no credentials; query dropped, path ending in `/`.
fn base(base_url: &str) -> Result<Url, JournalError> {
    let bad = |reason: &str| JournalError::BadBaseUrl {
        url: base_url.to_owned(),
        reason: reason.to_owned(),
    };
    let mut url = Url::parse(base_url.trim()).map_err(|error| bad(&error.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad("not http or https"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(bad("no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("credentials in the address"));
    }
    url.set_query(None);
    url.set_fragment(None);
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

/// RFC 6265's cookie-octet: visible ASCII except `"`, `,`, `;` and `\`.
fn is_cookie_octet(byte: u8) -> bool {
    matches!(byte, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E)
}

/// A network failure in words: its kind and causes (not the request's URL or headers).
fn describe(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        return format!("no answer within {} s", TIMEOUT.as_secs());
    }
    let mut text = if error.is_connect() {
        "could not connect"
    } else if error.is_body() || error.is_decode() {
        "the answer broke off"
    } else {
        "the request failed"
    }
    .to_owned();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// What a redirect from `from` to `location` means: a sign-in (or the region's SSO on another
/// host) → session ended; «Моя школа» → moved; anything else on the site → unreadable.
fn redirect_failure(from: &Url, location: &str) -> JournalFailure {
    let Ok(target) = from.join(location.trim()) else {
        return JournalFailure::Protocol("a redirect without a usable address".into());
    };
    let host = target.host_str().unwrap_or_default().to_ascii_lowercase();
    if host.starts_with("myschool.") {
        return JournalFailure::MovedToMySchool {
            link: target.to_string(),
        };
    }
    let path = target.path().to_ascii_lowercase();
    if path.contains("/auth/") || path.contains("login") || target.origin() != from.origin() {
        return JournalFailure::SessionExpired;
    }
    JournalFailure::Protocol(format!("redirected to {}", target.path()))
}

/// What a non-redirect status means, `None` for success.
fn status_failure(status: StatusCode) -> Option<JournalFailure> {
    match status {
        status if status.is_success() => None,
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => Some(JournalFailure::SessionExpired),
        StatusCode::REQUEST_TIMEOUT | StatusCode::TOO_MANY_REQUESTS => {
            Some(JournalFailure::Transient(format!("HTTP {status}")))
        }
        status if status.is_server_error() => {
            Some(JournalFailure::Transient(format!("HTTP {status}")))
        }
        status => Some(JournalFailure::Protocol(format!("HTTP {status}"))),
    }
}

async fn read_capped(mut response: reqwest::Response, cap: usize) -> JournalResult<Vec<u8>> {
    let too_large = || JournalFailure::Protocol(format!("the answer is larger than {cap} bytes"));
    if response
        .content_length()
        .is_some_and(|length| length > cap as u64)
    {
        return Err(too_large());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|error| JournalFailure::Transient(describe(&error)))?
    {
        if body.len() + chunk.len() > cap {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// `YYYY-MM-DD` → the date, or a failure naming the argument.
fn iso_date(date: &str) -> JournalResult<NaiveDate> {
    NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
        .map_err(|_| JournalFailure::Protocol(format!("«{date}» is not a YYYY-MM-DD date")))
}

/// The site's `DD.MM.YYYY`.
fn x1_date(date: NaiveDate) -> String {
    date.format("%d.%m.%Y").to_string()
}

impl Journal for X1Journal {
    async fn children(&self) -> JournalResult<Vec<DiaryChild>> {
        let url = self.endpoint("edv/index/participant", None)?;
        let fetched = self.fetch(url, parse::MAX_INPUT).await?;
        parse::children(&String::from_utf8_lossy(&fetched.body))
    }

    async fn week(&self, child_guid: &str, date: &str) -> JournalResult<DiaryWeek> {
        let date = iso_date(date)?;
        let mut url = self.endpoint("edv/index/diary", Some(child_guid))?;
        url.query_pairs_mut().append_pair("date", &x1_date(date));
        let fetched = self.fetch(url, parse::MAX_INPUT).await?;
        parse::week(&fetched.body, child_guid, date, &self.base)
    }

    async fn marks_report(
        &self,
        child_guid: &str,
        begin: &str,
        end: &str,
    ) -> JournalResult<Vec<SubjectReport>> {
        let (begin, end) = (iso_date(begin)?, iso_date(end)?);
        let mut url = self.endpoint("edv/index/report/marks", Some(child_guid))?;
        url.query_pairs_mut()
            .append_pair("begin", &x1_date(begin))
            .append_pair("end", &x1_date(end))
            .append_pair("format", "html");
        let fetched = self.fetch(url, parse::MAX_INPUT).await?;
        parse::marks_report(&String::from_utf8_lossy(&fetched.body))
    }

    async fn download(&self, url: &str) -> JournalResult<Vec<u8>> {
        let url = self
            .base
            .join(url.trim())
            .map_err(|error| JournalFailure::Protocol(format!("a bad file link: {error}")))?;
        if url.origin() != self.base.origin() {
            return Err(JournalFailure::Protocol(
                "the file link leads off the journal's site".into(),
            ));
        }
        let fetched = self.fetch(url, DOWNLOAD_CAP).await?;
        if fetched.content_type.starts_with("text/html") && parse::is_sign_in_page(&fetched.body) {
            return Err(JournalFailure::SessionExpired);
        }
        Ok(fetched.body)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn base_urls_are_checked_and_normalised() {
        assert_eq!(
            base("https://de.edu.orb.ru").unwrap().as_str(),
            "https://de.edu.orb.ru/"
        );
        assert_eq!(
            base("http://127.0.0.1:4100/x?y#z").unwrap().as_str(),
            "http://127.0.0.1:4100/x/"
        );
        for bad in [
            "",
            "de.edu.orb.ru",
            "ftp://de.edu.orb.ru",
            "https://u:p@de.edu.orb.ru",
        ] {
            assert!(
                matches!(base(bad), Err(JournalError::BadBaseUrl { .. })),
                "{bad}"
            );
        }
    }

    #[test]
    fn cookies_are_checked_and_never_shown() {
        let journal = X1Journal::new("https://de.edu.orb.ru", "PHPSESSID=abc123").unwrap();
        assert_eq!(journal.cookie.to_str().unwrap(), "PHPSESSID=abc123");
        assert!(journal.cookie.is_sensitive());
        assert!(!format!("{journal:?}").contains("abc123"));
        for bad in ["", "  ", "a;b", "a b", "a\r\nX-Evil: 1", "кука"] {
            assert!(matches!(
                X1Journal::new("https://x.ru", bad),
                Err(JournalError::BadCookie)
            ));
        }
    }

    #[test]
    fn sign_in_urls() {
        let start = X1Journal::sign_in_url(X1Journal::ORENBURG).unwrap();
        assert_eq!(
            start.as_str(),
            "https://de.edu.orb.ru/edv/index/participant"
        );
        let base = X1Journal::ORENBURG;
        let signed_in = |url: &str| X1Journal::is_signed_in_url(base, &Url::parse(url).unwrap());
        assert!(signed_in("https://de.edu.orb.ru/edv/index/participant"));
        assert!(!signed_in(
            "https://de.edu.orb.ru/auth/login?return=/edv/index/participant"
        ));
        assert!(!signed_in("https://edu.orb.ru/edv/index/participant"));
        assert!(!signed_in("http://de.edu.orb.ru/edv/index/participant"));
        assert!(!signed_in("https://esia.gosuslugi.ru/edv/"));
        assert!(!X1Journal::is_signed_in_url(
            "nonsense",
            &Url::parse("https://x.ru/edv/").unwrap()
        ));
    }

    #[test]
    fn redirects_are_classified() {
        let from = Url::parse("https://de.edu.orb.ru/edv/index/participant").unwrap();
        let expired =
            |location| redirect_failure(&from, location) == JournalFailure::SessionExpired;
        assert!(expired("/auth/login?return=/edv/index/participant"));
        assert!(expired("https://edu.orb.ru/sso/start"));
        assert!(expired("/user/login"));
        assert_eq!(
            redirect_failure(&from, "https://myschool.gosuslugi.ru/"),
            JournalFailure::MovedToMySchool {
                link: "https://myschool.gosuslugi.ru/".into()
            }
        );
        assert!(matches!(
            redirect_failure(&from, "/edv/other"),
            JournalFailure::Protocol(_)
        ));
        assert!(matches!(
            redirect_failure(&from, "http://[::1"),
            JournalFailure::Protocol(_)
        ));
    }

    #[test]
    fn statuses_are_classified() {
        assert_eq!(status_failure(StatusCode::OK), None);
        assert_eq!(
            status_failure(StatusCode::UNAUTHORIZED),
            Some(JournalFailure::SessionExpired)
        );
        assert_eq!(
            status_failure(StatusCode::FORBIDDEN),
            Some(JournalFailure::SessionExpired)
        );
        assert!(matches!(
            status_failure(StatusCode::BAD_GATEWAY),
            Some(JournalFailure::Transient(_))
        ));
        assert!(matches!(
            status_failure(StatusCode::TOO_MANY_REQUESTS),
            Some(JournalFailure::Transient(_))
        ));
        assert!(matches!(
            status_failure(StatusCode::NOT_FOUND),
            Some(JournalFailure::Protocol(_))
        ));
    }

    #[test]
    fn endpoints_encode_the_guid() {
        let journal = X1Journal::new("http://127.0.0.1:9/prefix", "abc").unwrap();
        let url = journal.endpoint("edv/index/diary", Some("../x y")).unwrap();
        assert_eq!(
            url.as_str(),
            "http://127.0.0.1:9/prefix/edv/index/diary/..%2Fx%20y"
        );
    }
}
