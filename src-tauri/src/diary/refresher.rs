//! The refresher: one task per open account that fetches the diary from the e-journal.
//!
//! Design: the task owns every network call of the diary. It wakes on the account's opening,
//! every [`PERIOD`], and on the window's [`Request`]s (a stale or missing week, «Обновить», a
//! sign-in). A fetch goes through the core's `refresh_children`/`refresh_week`, which keep the
//! cache and the access status (`Expired` on a refused session, `Moved` for «Моя школа»). A
//! transient failure brings the next full refresh closer with doubling backoff; an ended
//! session is never retried on its own: only the person's sign-in or «Обновить» asks again.
//! News of a refresh become one pop-up per child ([`super::news`]); the window hears
//! `diary` when the state moves and `diaryWeek` for every week fetched.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use parta_core::diary::refresh::{DiaryRefreshError, refresh_children, refresh_week};
use parta_core::diary::{DiaryAccess, DiaryNews, JournalFailure};
use parta_journal::X1Journal;
use tokio::sync::mpsc;
use tokio::time::Instant;

use super::config::journal_url;
use super::error::journal_sentence;
use super::news;
use super::service::Request;
use crate::session::{AccountSession, AppState, BackendEvent};

/// How often the diary refreshes on its own.
pub const PERIOD: Duration = Duration::from_secs(30 * 60);
/// The first wait after a transient failure; doubled each time, up to [`PERIOD`].
const FIRST_BACKOFF: Duration = Duration::from_secs(30);

/// Starts the refresher of `session`; it ends with the session.
pub fn start(state: AppState, session: Arc<AccountSession>) {
    let Some(requests) = session.diary.take_requests() else {
        return;
    };
    tauri::async_runtime::spawn(run(state, session, requests));
}

/// Today in the local calendar, `YYYY-MM-DD`.
pub fn today() -> String {
    chrono::Local::now().format("%Y-%m-%d").to_string()
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

async fn run(
    state: AppState,
    session: Arc<AccountSession>,
    mut requests: mpsc::UnboundedReceiver<Request>,
) {
    let stopped = session.stopped();
    tokio::pin!(stopped);
    let mut next_full = Instant::now();
    let mut backoff = FIRST_BACKOFF;
    loop {
        let first = tokio::select! {
            () = &mut stopped => return,
            request = requests.recv() => match request {
                Some(request) => request,
                None => return,
            },
            () = tokio::time::sleep_until(next_full) => Request::All { explicit: false },
        };
        let mut batch = vec![first];
        while let Ok(more) = requests.try_recv() {
            if !batch.contains(&more) {
                batch.push(more);
            }
        }
        let full = batch.iter().any(|r| matches!(r, Request::All { .. }));
        let outcome = refresh(&state, &session, batch).await;
        match outcome {
            Outcome::Skipped | Outcome::Done if full => {
                backoff = FIRST_BACKOFF;
                next_full = Instant::now() + PERIOD;
            }
            Outcome::Skipped | Outcome::Done => {}
            Outcome::Transient => {
                next_full = Instant::now() + backoff;
                backoff = (backoff * 2).min(PERIOD);
            }
            Outcome::Stopped => {
                backoff = FIRST_BACKOFF;
                next_full = Instant::now() + PERIOD;
            }
        }
    }
}

/// How a round of fetches ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Nothing was asked of the journal (signed out, session ended, moved).
    Skipped,
    /// Everything fetched.
    Done,
    /// The network or the site failed for now.
    Transient,
    /// The session ended, the family moved, or the site refused: not retried on its own.
    Stopped,
}

async fn refresh(state: &AppState, session: &Arc<AccountSession>, batch: Vec<Request>) -> Outcome {
    let explicit = batch.iter().any(|request| match request {
        Request::All { explicit } | Request::Week { explicit, .. } => *explicit,
    });
    let access = match session.reader().diary_access() {
        Ok(access) => access,
        Err(error) => {
            tracing::warn!(%error, "the diary's status is unreadable");
            return Outcome::Skipped;
        }
    };
    let may_ask = match &access {
        DiaryAccess::Ready => true,
        DiaryAccess::Expired | DiaryAccess::Moved { .. } => explicit,
        DiaryAccess::SignedOut => explicit,
    };
    if !may_ask {
        return Outcome::Skipped;
    }
    let Some(journal) = journal(state, session).await else {
        return Outcome::Skipped;
    };
    session.diary.set_refreshing(true, None);
    state.emit(BackendEvent::Diary);

    let mut failure: Option<JournalFailure> = None;
    let mut fetched: Vec<(String, String)> = Vec::new();
    let mut news: HashMap<String, Vec<DiaryNews>> = HashMap::new();
    let mut weeks: Vec<(String, String)> = Vec::new();
    if batch.iter().any(|r| matches!(r, Request::All { .. })) {
        match refresh_children(&journal, &session.reader).await {
            Ok(children) => {
                let today = today();
                weeks.extend(
                    children
                        .into_iter()
                        .map(|child| (child.guid, today.clone())),
                );
            }
            Err(error) => failure = Some(journal_failure(error)),
        }
    }
    for request in &batch {
        if let Request::Week {
            child_guid, date, ..
        } = request
        {
            weeks.push((child_guid.clone(), date.clone()));
        }
    }
    if failure.is_none() {
        for (child_guid, date) in weeks {
            match refresh_week(&journal, &session.reader, &child_guid, &date, now_ms()).await {
                Ok(week) => {
                    fetched.push((child_guid.clone(), week.monday));
                    news.entry(child_guid).or_default().extend(week.news);
                }
                Err(error) => {
                    let failure_now = journal_failure(error);
                    let ends = !matches!(failure_now, JournalFailure::Refused(_));
                    failure = Some(failure_now);
                    if ends {
                        break;
                    }
                }
            }
        }
    }

    // An ended session and a move to «Моя школа» are statuses with a banner of their own that
    // explains them; only other failures are shown as the last refresh's error.
    let error = failure.as_ref().and_then(|failure| {
        tracing::warn!(%failure, "diary refresh failed");
        match failure {
            JournalFailure::SessionExpired | JournalFailure::MovedToMySchool { .. } => None,
            other => Some(journal_sentence(other)),
        }
    });
    let outcome = match &failure {
        None => {
            if access != DiaryAccess::Ready {
                set_access(session, &DiaryAccess::Ready);
            }
            Outcome::Done
        }
        Some(JournalFailure::Transient(_)) => Outcome::Transient,
        Some(JournalFailure::SessionExpired) => {
            set_access(session, &DiaryAccess::Expired);
            Outcome::Stopped
        }
        Some(JournalFailure::MovedToMySchool { link }) => {
            set_access(session, &DiaryAccess::Moved { link: link.clone() });
            Outcome::Stopped
        }
        Some(_) => Outcome::Stopped,
    };
    session.diary.set_refreshing(false, Some(error));
    state.emit(BackendEvent::Diary);
    for (child_guid, monday) in fetched {
        state.emit(BackendEvent::DiaryWeek { child_guid, monday });
    }
    news::notify(session, news);
    outcome
}

/// Keeps `access` (the core keeps it too when a week fails; a failed children list does not).
fn set_access(session: &AccountSession, access: &DiaryAccess) {
    if let Err(error) = session.reader().set_diary_access(access) {
        tracing::warn!(%error, "the diary's status was not kept");
    }
}

fn journal_failure(error: DiaryRefreshError) -> JournalFailure {
    match error {
        DiaryRefreshError::Journal(failure) => failure,
        DiaryRefreshError::Store(error) => {
            tracing::error!(%error, "the diary could not be cached");
            JournalFailure::Protocol(format!("cache: {error}"))
        }
    }
}

/// The e-journal with the account's cookie, or `None` (and the window told) without one.
async fn journal(state: &AppState, session: &Arc<AccountSession>) -> Option<X1Journal> {
    let keyring = state.keyring().clone();
    let reader = session.clone();
    let cookie = tauri::async_runtime::spawn_blocking(move || {
        reader.diary.cookie(&keyring, &reader.account_id)
    })
    .await
    .ok()
    .flatten();
    let Some(cookie) = cookie else {
        state.emit(BackendEvent::Diary);
        return None;
    };
    let base = journal_url(&session.reader());
    match X1Journal::new(&base, cookie.expose()) {
        Ok(journal) => Some(journal),
        Err(error) => {
            tracing::warn!(%error, %base, "the e-journal's adapter could not be made");
            session.diary.set_refreshing(
                false,
                Some(Some(format!(
                    "Адрес электронного дневника не подходит: {base}"
                ))),
            );
            state.emit(BackendEvent::Diary);
            None
        }
    }
}
