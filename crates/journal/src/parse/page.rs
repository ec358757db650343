//! What an HTML page is when it is not the data asked for: the sign-in page (the session ended)
//! or a notice that the diary moved to «Моя школа».

use parta_core::diary::JournalFailure;
use scraper::{ElementRef, Html, Selector};

use super::MY_SCHOOL;

/// How deeply elements may nest before a page counts as junk. html5ever's scope checks walk the
/// stack of open elements, so junk nested a million deep would take hours; real pages nest a
/// few dozen deep.
const MAX_NESTING: usize = 4096;

/// Elements that have no end tag, or whose end tag pages often leave out (the parser closes
/// them itself, so they do not deepen the tree).
const UNCOUNTED: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen", "p", "li", "td", "th", "tr", "option", "optgroup", "dt", "dd",
    "tbody", "thead", "tfoot", "colgroup", "rb", "rt", "rp", "html", "head", "body",
];

/// A page parsed into a document, after the size and nesting checks.
pub(super) fn parse_html(html: &str) -> Result<Html, JournalFailure> {
    if let Some(failure) = super::too_large(html.len()) {
        return Err(failure);
    }
    if nesting(html) > MAX_NESTING {
        return Err(JournalFailure::Protocol(
            "the page is nested too deeply".into(),
        ));
    }
    Ok(Html::parse_document(html))
}

/// An upper estimate of how deeply the page's elements nest: start tags minus end tags, not
/// counting void and optional-end elements. `<div/>` counts: HTML ignores that slash.
fn nesting(html: &str) -> usize {
    let bytes = html.as_bytes();
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut at = 0;
    while let Some(offset) = bytes[at..].iter().position(|&byte| byte == b'<') {
        at += offset + 1;
        let closing = bytes.get(at) == Some(&b'/');
        let name_start = at + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|byte| byte.is_ascii_alphanumeric())
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            continue;
        }
        let name = &bytes[name_start..name_start + name_len];
        if UNCOUNTED
            .iter()
            .any(|known| known.as_bytes().eq_ignore_ascii_case(name))
        {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
            continue;
        }
        depth += 1;
        deepest = deepest.max(depth);
    }
    deepest
}

/// A selector from a constant (checked by the tests, so it cannot fail at run time).
pub(super) fn selector(css: &'static str) -> Selector {
    #[allow(clippy::expect_used)]
    Selector::parse(css).expect("a constant CSS selector")
}

/// Whether bytes look like an HTML page rather than JSON (the site's error and sign-in pages).
pub(super) fn looks_like_html(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    bytes
        .iter()
        .find(|byte| !byte.is_ascii_whitespace())
        .is_some_and(|&byte| byte == b'<')
}

/// Whether the page is a sign-in page: a password field, or a form posting to a sign-in path.
pub(super) fn is_sign_in(document: &Html) -> bool {
    let password = document.select(&selector("input")).any(|input| {
        input
            .attr("type")
            .is_some_and(|kind| kind.trim().eq_ignore_ascii_case("password"))
    });
    password
        || document.select(&selector("form[action]")).any(|form| {
            let action = form.attr("action").unwrap_or_default().to_lowercase();
            action.contains("/auth/") || action.contains("login")
        })
}

/// Whether text speaks of «Моя школа».
pub(super) fn mentions_my_school(text: &str) -> bool {
    let text = text.to_lowercase();
    text.contains("моя школа") || text.contains("моей школ") || text.contains("myschool")
}

/// The first `http(s)://` link written out in `text`.
pub(super) fn link_in_text(text: &str) -> Option<String> {
    let start = text.find("https://").or_else(|| text.find("http://"))?;
    let rest = &text[start..];
    let end = rest
        .find(|c: char| c.is_whitespace() || "«»\"'<>()[]".contains(c))
        .unwrap_or(rest.len());
    let link = rest[..end].trim_end_matches(['.', ',', ';', ':', '!', '?']);
    url::Url::parse(link).ok().map(|_| link.to_owned())
}

/// The «Моя школа» notice on a page, if any, as the failure it means.
pub(super) fn moved(document: &Html) -> Option<JournalFailure> {
    let notices = selector("#moved, .alert");
    let notice = document.select(&notices).find(|notice| {
        notice.value().id() == Some("moved") || mentions_my_school(&text_of(*notice))
    })?;
    Some(JournalFailure::MovedToMySchool {
        link: notice_link(notice),
    })
}

fn notice_link(notice: ElementRef<'_>) -> String {
    let anchor = notice.select(&selector("a[href]")).find_map(|anchor| {
        let href = anchor.attr("href")?.trim();
        let parsed = url::Url::parse(href).ok()?;
        matches!(parsed.scheme(), "http" | "https").then(|| href.to_owned())
    });
    anchor
        .or_else(|| link_in_text(&text_of(notice)))
        .unwrap_or_else(|| MY_SCHOOL.to_owned())
}

/// An element's text with runs of whitespace collapsed to one space, trimmed.
pub(super) fn text_of(element: ElementRef<'_>) -> String {
    collapse(&element.text().collect::<String>())
}

/// Runs of whitespace collapsed to one space, trimmed.
pub(super) fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What a page that is not the expected data means: the session ended, the diary moved, or
/// (anything else) an unreadable answer described by `what`.
pub(super) fn unexpected_page(document: &Html, what: &str) -> JournalFailure {
    if is_sign_in(document) {
        JournalFailure::SessionExpired
    } else if let Some(moved) = moved(document) {
        moved
    } else {
        JournalFailure::Protocol(format!("{what}; the page has no such thing"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_is_estimated_from_tags() {
        assert_eq!(nesting("<div><p>a<p>b<span>c</span></div><br><img/>"), 2);
        assert_eq!(nesting("<div/><x-y></x-y>"), 2);
        assert_eq!(nesting("5 < 6 и 7 <8 </ >"), 0);
        assert_eq!(nesting(&"<div>".repeat(10)), 10);
        assert!(parse_html(&"<b>".repeat(MAX_NESTING + 1)).is_err());
    }

    #[test]
    fn sign_in_pages_are_recognised() {
        let form = r#"<form method="post" action="/auth/login"><input name="login">
            <input type="PASSWORD" name="password"></form>"#;
        assert!(is_sign_in(&Html::parse_document(form)));
        let sso = r#"<form action="https://esia.gosuslugi.ru/idp/login"></form>"#;
        assert!(is_sign_in(&Html::parse_document(sso)));
        let search = r#"<form action="/edv/search"><input type="text"></form>"#;
        assert!(!is_sign_in(&Html::parse_document(search)));
    }

    #[test]
    fn links_are_found_in_text() {
        assert_eq!(
            link_in_text("теперь в «Моя школа»: https://myschool.gosuslugi.ru/.").as_deref(),
            Some("https://myschool.gosuslugi.ru/")
        );
        assert_eq!(
            link_in_text("(http://x.ru/a?b=1)").as_deref(),
            Some("http://x.ru/a?b=1")
        );
        assert_eq!(link_in_text("нет ссылки"), None);
        assert_eq!(link_in_text("https://"), None);
    }

    #[test]
    fn html_is_told_from_json() {
        assert!(looks_like_html(b"\xEF\xBB\xBF  <!DOCTYPE html>"));
        assert!(!looks_like_html(b" {\"success\":true}"));
        assert!(!looks_like_html(b""));
    }
}
