//! `parta diary login [--journal URL] --cookie VALUE`: keep the e-journal's session.
//!
//! Design: the cookie is checked first by fetching the children once; only a session the
//! journal accepts is kept (the cookie in the OS keyring as `JournalCookie`, the URL and the
//! children in the cache). A refusal is reported once and never retried. A family whose school
//! moved to «Моя школа» is recorded as such, so the app explains it.

use parta_core::diary::{DiaryAccess, Journal, JournalFailure};
use parta_journal::X1Journal;
use serde_json::json;

use crate::error::{CliError, Result};
use crate::secrets::{Secret, SecretKind};
use crate::{Context, output};

/// Runs `parta diary login`.
pub fn run(context: &Context, journal_url: &str, cookie: &str) -> Result<()> {
    context.keyring.check_writable()?;
    let cookie = match cookie {
        "-" => crate::commands::login::secret_from_stdin()?,
        value => Secret::new(value),
    };
    let cookie = Secret::new(bare_cookie(cookie.expose()));
    if cookie.expose().is_empty() {
        return Err(CliError::Journal(JournalFailure::SessionExpired));
    }
    let journal_url = journal_url.trim().trim_end_matches('/');
    let (account, mut store) = context.open_store()?;
    let journal = X1Journal::new(journal_url, cookie.expose())?;
    let answer = crate::runtime()?.block_on(journal.children());
    let children = match answer {
        Ok(children) => children,
        Err(JournalFailure::MovedToMySchool { link }) => {
            store.set_diary_journal_url(journal_url)?;
            store.set_diary_access(&DiaryAccess::Moved { link: link.clone() })?;
            return Err(CliError::Journal(JournalFailure::MovedToMySchool { link }));
        }
        Err(failure) => return Err(CliError::Journal(failure)),
    };
    context
        .keyring
        .store(&account.id, SecretKind::JournalCookie, cookie.expose())?;
    store.set_diary_journal_url(journal_url)?;
    store.save_diary_children(&children)?;
    store.set_diary_access(&DiaryAccess::Ready)?;
    if context.json {
        output::print_json(
            &json!({"signedIn": true, "journal": journal_url, "children": children}),
        );
        return Ok(());
    }
    say!("Вы вошли в электронный дневник ({journal_url}).");
    if children.is_empty() {
        say!("Дневник не показывает ни одного ребёнка.");
    } else {
        let names: Vec<String> = children
            .iter()
            .map(|child| match &child.class {
                Some(class) => format!("{} ({class})", child.name),
                None => child.name.clone(),
            })
            .collect();
        say!("Дети: {}.", names.join(", "));
    }
    say!("Загрузите дневник командой `parta diary sync`.");
    Ok(())
}

/// The cookie's value, also when pasted as `PHPSESSID=…` or a whole `Cookie:` header.
fn bare_cookie(text: &str) -> String {
    let text = text.trim();
    let text = text.strip_prefix("Cookie:").unwrap_or(text).trim();
    let prefix = format!("{}=", X1Journal::SESSION_COOKIE);
    match text
        .split(';')
        .map(str::trim)
        .find_map(|part| part.strip_prefix(&prefix))
    {
        Some(value) => value.trim().to_owned(),
        None if !text.contains('=') => text.to_owned(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::bare_cookie;

    #[test]
    fn a_pasted_cookie_is_reduced_to_its_value() {
        assert_eq!(bare_cookie("abc123"), "abc123");
        assert_eq!(bare_cookie(" PHPSESSID=abc123 "), "abc123");
        assert_eq!(bare_cookie("Cookie: x=1; PHPSESSID=abc123; y=2"), "abc123");
        assert_eq!(bare_cookie("other=1"), "");
    }
}
