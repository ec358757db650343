//! The diary of one open account: what the window asks ([`Diary::state`], [`Diary::week`]) and
//! the requests it leaves for the refresher.
//!
//! Design: [`Diary`] lives in the [`AccountSession`] and only reads the cache; every fetch
//! happens on the refresher task ([`super::refresher`]), which the window reaches through an
//! unbounded queue of [`Request`]s. The window's own reads never wait for the network. Whether
//! the keyring holds the journal's cookie is asked once and remembered until a sign-in (the
//! keyring talks D-Bus); the cookie itself is read only when a fetch needs it.

use std::collections::HashSet;
use std::sync::{Mutex, MutexGuard, PoisonError};

use parta_accounts::{Keyring, Secret, SecretKind};
use parta_core::Store;
use parta_core::diary::{DiaryAccess, DiaryChild};
use parta_core::model::ChatKind;
use tokio::sync::mpsc;

use super::dto::{
    DiaryState, DiaryStatus, DiaryWeekView, WeekParts, child_view, monday_of, period_of,
    title_names_class, week_view,
};
use super::error::DiaryError;
use crate::AppError;
use crate::session::AccountSession;

/// A cached week older than this is fetched again when the window shows it.
pub const STALE_AFTER_MS: i64 = 10 * 60 * 1000;

/// What the refresher is asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// The children and each child's current week.
    All {
        /// The person asked (a sign-in, «Обновить»): tried even when the session ended.
        explicit: bool,
    },
    /// One child's week holding `date`.
    Week {
        /// The child.
        child_guid: String,
        /// A day of the week, `YYYY-MM-DD`.
        date: String,
        /// The person asked (`diary_refresh`), not a stale cache (`diary_week`).
        explicit: bool,
    },
}

#[derive(Debug, Default)]
struct Runtime {
    refreshing: bool,
    error: Option<String>,
    /// Whether the keyring holds the journal's cookie; `None` until asked.
    has_cookie: Option<bool>,
}

/// The diary of an open account.
pub struct Diary {
    runtime: Mutex<Runtime>,
    requests: mpsc::UnboundedSender<Request>,
    receiver: Mutex<Option<mpsc::UnboundedReceiver<Request>>>,
}

impl Default for Diary {
    fn default() -> Self {
        let (requests, receiver) = mpsc::unbounded_channel();
        Diary {
            runtime: Mutex::default(),
            requests,
            receiver: Mutex::new(Some(receiver)),
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Diary {
    /// Hands the request queue to the refresher (once).
    pub(super) fn take_requests(&self) -> Option<mpsc::UnboundedReceiver<Request>> {
        lock(&self.receiver).take()
    }

    /// Leaves `request` for the refresher.
    pub fn request(&self, request: Request) {
        // Fails only once the refresher has ended with the session: nothing to do then.
        let _ = self.requests.send(request);
    }

    /// A fetch started or ended; `error` is the last one's failure as a sentence.
    pub(super) fn set_refreshing(&self, refreshing: bool, error: Option<Option<String>>) {
        let mut runtime = lock(&self.runtime);
        runtime.refreshing = refreshing;
        if let Some(error) = error {
            runtime.error = error;
        }
    }

    /// The keyring now holds (or no longer holds) the journal's cookie.
    pub(super) fn set_has_cookie(&self, has: bool) {
        lock(&self.runtime).has_cookie = Some(has);
    }

    /// The journal's cookie of `account` from the keyring, remembering whether there is one.
    /// Blocking (D-Bus).
    pub(crate) fn cookie(&self, keyring: &Keyring, account: &str) -> Option<Secret> {
        let cookie = match keyring.load(account, SecretKind::JournalCookie) {
            Ok(cookie) => cookie,
            Err(error) => {
                tracing::warn!(
                    detail = error.detail(),
                    "the journal's cookie is unreadable"
                );
                None
            }
        };
        let cookie = cookie.filter(|cookie| !cookie.expose().trim().is_empty());
        self.set_has_cookie(cookie.is_some());
        cookie
    }

    /// The diary's state for the window. Blocking (may ask the keyring once).
    pub fn state(
        &self,
        keyring: &Keyring,
        session: &AccountSession,
    ) -> Result<DiaryState, AppError> {
        let known = lock(&self.runtime).has_cookie;
        let has_cookie = match known {
            Some(has) => has,
            None => self.cookie(keyring, &session.account_id).is_some(),
        };
        let store = session.reader();
        let access = store.diary_access()?;
        let children = store.diary_children()?;
        drop(store);
        let (status, moved_link) = status_of(&access, has_cookie);
        let runtime = lock(&self.runtime);
        Ok(DiaryState {
            status,
            children: children.iter().map(child_view).collect(),
            moved_link,
            refreshing: runtime.refreshing,
            error: runtime.error.clone(),
        })
    }

    /// The cached week of `child_guid` holding `date`; asks the refresher for it when it is
    /// missing or older than [`STALE_AFTER_MS`].
    pub fn week(
        &self,
        session: &AccountSession,
        child_guid: &str,
        date: &str,
        now_ms: i64,
    ) -> Result<DiaryWeekView, AppError> {
        let monday = monday_of(date).ok_or_else(|| DiaryError::BadDate(date.to_owned()))?;
        let store = session.reader();
        let cached = store.diary_week(child_guid, &monday)?;
        let done = store.homework_done(child_guid, &monday)?;
        let periods = cached
            .as_ref()
            .map(|(week, _)| week.periods.clone())
            .unwrap_or_default();
        let period = period_of(&periods, &monday).cloned();
        let report = match &period {
            Some(period) => store.marks_report(child_guid, &period.begin)?,
            None => None,
        };
        let chat_id = class_chat(&store, session, child_guid);
        drop(store);
        let stale = cached
            .as_ref()
            .is_none_or(|(_, fetched_at)| now_ms - fetched_at > STALE_AFTER_MS);
        if stale {
            self.request(Request::Week {
                child_guid: child_guid.to_owned(),
                date: date.to_owned(),
                explicit: false,
            });
        }
        let report = period
            .as_ref()
            .zip(report.as_ref())
            .map(|(period, (rows, _))| (period, rows.as_slice()));
        Ok(week_view(WeekParts {
            child_guid,
            monday: &monday,
            week: cached.as_ref(),
            done: &done,
            report,
            chat_id,
        }))
    }
}

/// The window's status from the kept access and whether a cookie is kept.
pub fn status_of(access: &DiaryAccess, has_cookie: bool) -> (DiaryStatus, Option<String>) {
    match access {
        DiaryAccess::Moved { link } => (DiaryStatus::Moved, Some(link.clone())),
        _ if !has_cookie => (DiaryStatus::SignedOut, None),
        DiaryAccess::SignedOut => (DiaryStatus::SignedOut, None),
        DiaryAccess::Ready => (DiaryStatus::Ready, None),
        DiaryAccess::Expired => (DiaryStatus::Expired, None),
    }
}

/// The account's group chat whose title names the child's class, if any.
fn class_chat(store: &Store, session: &AccountSession, child_guid: &str) -> Option<String> {
    let children: Vec<DiaryChild> = store.diary_children().ok()?;
    let class = children
        .into_iter()
        .find(|child| child.guid == child_guid)?
        .class?;
    let own = session.own_person_id;
    let name_of = |person| store.person(person).ok().flatten().map(|p| p.name);
    let entries = store.chat_list().ok()?;
    let mut seen = HashSet::new();
    entries
        .into_iter()
        .map(|entry| entry.chat)
        .filter(|chat| chat.kind == ChatKind::Group && seen.insert(chat.id))
        .find(|chat| title_names_class(&crate::views::chat_title(chat, own, &name_of), &class))
        .map(|chat| chat.id.0.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_cookie_means_signed_out_but_a_move_is_shown() {
        assert_eq!(status_of(&DiaryAccess::Ready, true).0, DiaryStatus::Ready);
        assert_eq!(
            status_of(&DiaryAccess::Ready, false).0,
            DiaryStatus::SignedOut
        );
        assert_eq!(
            status_of(&DiaryAccess::Expired, true).0,
            DiaryStatus::Expired
        );
        let moved = DiaryAccess::Moved {
            link: "https://myschool.gosuslugi.ru/".into(),
        };
        assert_eq!(
            status_of(&moved, false),
            (
                DiaryStatus::Moved,
                Some("https://myschool.gosuslugi.ru/".into())
            )
        );
    }
}
