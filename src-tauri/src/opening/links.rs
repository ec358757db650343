//! Which links Парта hands to the system: only `http`, `https` and `mailto`.
//!
//! Design: message text is written by anyone, so a link is parsed (the `url` crate, WHATWG
//! rules, the same as the browser that will open it) and only web pages with a host and mail
//! addresses pass; `javascript:`, `file:`, `data:`, custom app schemes and anything unparsable
//! are refused with a Russian sentence. The browser gets the parsed, normalised form, never the
//! raw text.

use url::Url;

/// Longer than any real link; a guard against pasting megabytes into the browser's command line.
const MAX_LINK_CHARS: usize = 8 * 1024;

/// Why a link was not opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    /// Not a link at all.
    #[error("Это не похоже на ссылку.")]
    Unparsable,
    /// A scheme Парта does not open (javascript:, file:, …).
    #[error("Парта открывает только ссылки на сайты (http, https) и адреса почты.")]
    SchemeNotAllowed,
    /// A web link without a site.
    #[error("В ссылке нет адреса сайта.")]
    NoHost,
    /// Absurdly long.
    #[error("Ссылка слишком длинная.")]
    TooLong,
}

/// The link to open, normalised, if Парта may open it.
pub fn allowed_link(raw: &str) -> Result<Url, LinkError> {
    let raw = raw.trim();
    if raw.chars().count() > MAX_LINK_CHARS {
        return Err(LinkError::TooLong);
    }
    let url = Url::parse(raw).map_err(|_| LinkError::Unparsable)?;
    match url.scheme() {
        "http" | "https" if url.host_str().is_some_and(|host| !host.is_empty()) => Ok(url),
        "http" | "https" => Err(LinkError::NoHost),
        "mailto" if !url.path().is_empty() => Ok(url),
        "mailto" => Err(LinkError::Unparsable),
        _ => Err(LinkError::SchemeNotAllowed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_and_mail_links_pass() {
        assert_eq!(
            allowed_link("https://sferum.ru/?p=news").map(String::from),
            Ok("https://sferum.ru/?p=news".to_owned())
        );
        assert!(allowed_link("http://school12.ru/расписание").is_ok());
        assert!(allowed_link("  HTTPS://EXAMPLE.ORG  ").is_ok());
        assert!(allowed_link("mailto:teacher@school.ru?subject=Вопрос").is_ok());
        // Normalised: the browser gets a punycode host and an escaped path.
        let url = allowed_link("https://пример.рф/путь").map(String::from);
        assert_eq!(
            url,
            Ok("https://xn--e1afmkfd.xn--p1ai/%D0%BF%D1%83%D1%82%D1%8C".into())
        );
    }

    #[test]
    fn other_schemes_are_refused() {
        for hostile in [
            "javascript:alert(1)",
            "JavaScript:alert(document.cookie)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "file:///etc/passwd",
            "file://C:/Windows/System32/calc.exe",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox",
            "ms-settings:",
            "smb://server/share",
            "tauri://localhost",
            "media://localhost/1/2/0",
        ] {
            assert_eq!(
                allowed_link(hostile),
                Err(LinkError::SchemeNotAllowed),
                "{hostile}"
            );
        }
    }

    #[test]
    fn broken_links_are_refused() {
        assert_eq!(allowed_link(""), Err(LinkError::Unparsable));
        assert_eq!(allowed_link("sferum.ru"), Err(LinkError::Unparsable));
        assert_eq!(allowed_link("/etc/passwd"), Err(LinkError::Unparsable));
        assert_eq!(allowed_link("mailto:"), Err(LinkError::Unparsable));
        assert!(allowed_link("http://").is_err());
        let long = format!("https://a.ru/{}", "x".repeat(MAX_LINK_CHARS));
        assert_eq!(allowed_link(&long), Err(LinkError::TooLong));
    }
}
