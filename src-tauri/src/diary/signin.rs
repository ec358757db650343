//! Signing in to the e-journal in a window of its own (Госуслуги/ЕСИА on the real site).
//!
//! Design: the window (label [`LABEL`]) loads the journal's own pages, so it is remote content:
//! no capability names it (capabilities/main.json grants only `main`), so it never reaches a
//! command, and it is incognito, so the session cookie never lands in WebKit's cookie file on
//! disk. Each finished page load is checked with `X1Journal::is_signed_in_url`; the first that
//! says signed in has its cookies read, `PHPSESSID` alone is kept in the keyring, the window
//! closes, the diary becomes `ready` and refreshes. Closing the window by hand changes nothing.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use parta_accounts::SecretKind;
use parta_core::diary::DiaryAccess;
use parta_journal::X1Journal;
use tauri::webview::PageLoadEvent;
use tauri::{AppHandle, Manager, WebviewUrl, WebviewWindow, WebviewWindowBuilder};

use super::config::journal_url;
use super::error::DiaryError;
use super::service::Request;
use crate::session::{AccountSession, AppState, BackendEvent};

/// The sign-in window's label.
pub const LABEL: &str = "diary-sign-in";
/// Its title.
pub const TITLE: &str = "Вход в электронный дневник";

/// Opens the sign-in window (or brings the open one forward).
pub fn open(
    app: &AppHandle,
    state: AppState,
    session: Arc<AccountSession>,
) -> Result<(), DiaryError> {
    if let Some(window) = app.get_webview_window(LABEL) {
        let _ = window.set_focus();
        return Ok(());
    }
    let base = journal_url(&session.reader());
    let start =
        X1Journal::sign_in_url(&base).map_err(|error| DiaryError::Address(error.to_string()))?;
    let finished = Arc::new(AtomicBool::new(false));
    WebviewWindowBuilder::new(app, LABEL, WebviewUrl::External(start))
        .title(TITLE)
        .inner_size(900.0, 720.0)
        .incognito(true)
        .on_page_load(move |window, payload| {
            if payload.event() != PageLoadEvent::Finished
                || !X1Journal::is_signed_in_url(&base, payload.url())
                || finished.swap(true, Ordering::SeqCst)
            {
                return;
            }
            let (state, session, base) = (state.clone(), session.clone(), base.clone());
            let finished = finished.clone();
            tauri::async_runtime::spawn_blocking(move || {
                if !keep_session(&window, &state, &session, &base) {
                    // Signed in by the URL but no cookie yet: the next page load tries again.
                    finished.store(false, Ordering::SeqCst);
                }
            });
        })
        .build()
        .map_err(|error| DiaryError::Window(error.to_string()))?;
    Ok(())
}

/// Reads the session cookie off `window` into the keyring and finishes the sign-in. Blocking.
/// Whether a session was found.
fn keep_session(
    window: &WebviewWindow,
    state: &AppState,
    session: &AccountSession,
    base: &str,
) -> bool {
    let Ok(url) = url::Url::parse(base) else {
        return false;
    };
    let cookies = match window.cookies_for_url(url) {
        Ok(cookies) => cookies,
        Err(error) => {
            tracing::warn!(%error, "the sign-in window's cookies are unreadable");
            return false;
        }
    };
    let Some(value) = cookies
        .iter()
        .find(|cookie| cookie.name() == X1Journal::SESSION_COOKIE)
        .map(|cookie| cookie.value().to_owned())
        .filter(|value| !value.is_empty())
    else {
        tracing::warn!("signed in to the e-journal, but no session cookie was set");
        return false;
    };
    if let Err(error) =
        state
            .keyring()
            .store(&session.account_id, SecretKind::JournalCookie, &value)
    {
        tracing::warn!(detail = error.detail(), "the journal's cookie was not kept");
        return false;
    }
    session.diary.set_has_cookie(true);
    {
        let mut store = session.reader();
        if let Err(error) = store
            .set_diary_journal_url(base)
            .and_then(|()| store.set_diary_access(&DiaryAccess::Ready))
        {
            tracing::warn!(%error, "the diary's sign-in was not recorded in the cache");
        }
    }
    tracing::info!("signed in to the e-journal");
    let _ = window.close();
    session.diary.set_refreshing(false, Some(None));
    state.emit(BackendEvent::Diary);
    session.diary.request(Request::All { explicit: true });
    true
}
