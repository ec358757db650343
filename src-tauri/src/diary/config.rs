//! Which e-journal the diary talks to: `PARTA_JOURNAL_URL` when set (IT staff, the demo, the
//! tests), else the address kept in the account's cache (the one `parta diary login` used),
//! else the Orenburg site.

use parta_core::Store;
use parta_journal::X1Journal;

/// The environment variable that points the diary at another e-journal.
pub const JOURNAL_URL_ENV: &str = "PARTA_JOURNAL_URL";

/// The e-journal's base URL for this account.
pub fn journal_url(store: &Store) -> String {
    let saved = store.diary_journal_url().unwrap_or_else(|error| {
        tracing::warn!(%error, "the diary's journal address is unreadable");
        None
    });
    choose(std::env::var(JOURNAL_URL_ENV).ok(), saved)
}

fn choose(env: Option<String>, saved: Option<String>) -> String {
    [env, saved]
        .into_iter()
        .flatten()
        .map(|url| url.trim().to_owned())
        .find(|url| !url.is_empty())
        .unwrap_or_else(|| X1Journal::ORENBURG.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_environment_wins_then_the_cache_then_orenburg() {
        let env = Some("http://127.0.0.1:1".to_owned());
        let saved = Some("https://journal.example".to_owned());
        assert_eq!(choose(env.clone(), saved.clone()), "http://127.0.0.1:1");
        assert_eq!(
            choose(Some(" ".into()), saved.clone()),
            "https://journal.example"
        );
        assert_eq!(choose(None, None), X1Journal::ORENBURG);
    }
}
