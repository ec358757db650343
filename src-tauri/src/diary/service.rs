//! The diary of one open account: what the window asks ([`Diary::state`], [`Diary::week`]) and
//! the requests it leaves for the refresher.
//!
//! Design: [`Diary`] lives in the [`AccountSession`] and only reads the cache; every fetch
//! happens on the refresher task ([`super::refresher`]), which the window reaches through an
//! unbounded queue of [`Request`]s. The window's own reads never wait for the network. Whether
//! the keyring holds the journal's cookie is asked once and remembered until a sign-in (the
//! keyring talks D-Bus); the cookie itself is read only when a fetch needs it.
//!
//! A child's class chat is the group chat the person chose for them in the Дневник (kept in
//! the cache, while it is still one of the account's group chats), else the group chat whose
//! title names the child's class: the journal may not say the class (a parent of several
//! children sees names only), and a title may not say it either.

use std::sync::{Mutex, MutexGuard, PoisonError};

use parta_accounts::{Keyring, Secret, SecretKind};
use parta_core::Store;
use parta_core::diary::DiaryAccess;
use parta_core::model::{Chat, ChatId, ChatKind, PersonId};
use tokio::sync::mpsc;

use super::dto::{
    ClassChat, DiaryState, DiaryStatus, DiaryWeekView, WeekParts, child_view, monday_of, period_of,
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
        let class_chat = class_chat(&store, session.own_person_id, child_guid);
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
            class_chat,
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

/// The child's class chat: the one the person chose while it is still one of the account's
/// group chats, else the group chat whose title names the child's class, if any.
pub fn class_chat(store: &Store, own: PersonId, child_guid: &str) -> Option<ClassChat> {
    let groups = group_chats(store);
    let chosen = store.diary_class_chat(child_guid).ok().flatten();
    if let Some(chosen) = chosen
        && groups.iter().any(|chat| chat.id == chosen)
    {
        return Some(ClassChat {
            id: chosen.0.to_string(),
            chosen: true,
        });
    }
    let class = store
        .diary_children()
        .ok()?
        .into_iter()
        .find(|child| child.guid == child_guid)?
        .class?;
    let name_of = |person| store.person(person).ok().flatten().map(|p| p.name);
    groups
        .iter()
        .find(|chat| title_names_class(&crate::views::chat_title(chat, own, &name_of), &class))
        .map(|chat| ClassChat {
            id: chat.id.0.to_string(),
            chosen: false,
        })
}

/// Links `child_guid` to the group chat `chat_id` (the window's id), or with `None` forgets
/// the choice (the title match applies again).
pub fn choose_class_chat(
    store: &mut Store,
    child_guid: &str,
    chat_id: Option<&str>,
) -> Result<(), AppError> {
    let known = store
        .diary_children()?
        .iter()
        .any(|child| child.guid == child_guid);
    if !known {
        return Err(DiaryError::NoSuchChild.into());
    }
    let chat = match chat_id {
        None => None,
        Some(id) => {
            let id = id
                .trim()
                .parse::<i64>()
                .map(ChatId)
                .map_err(|_| DiaryError::NoSuchGroupChat)?;
            let group = store
                .chat(id)?
                .is_some_and(|chat| chat.kind == ChatKind::Group);
            if !group {
                return Err(DiaryError::NoSuchGroupChat.into());
            }
            Some(id)
        }
    };
    store.set_diary_class_chat(child_guid, chat)?;
    Ok(())
}

/// The account's group chats, newest activity first (the chat list has one row per chat).
fn group_chats(store: &Store) -> Vec<Chat> {
    store
        .chat_list()
        .unwrap_or_default()
        .into_iter()
        .map(|entry| entry.chat)
        .filter(|chat| chat.kind == ChatKind::Group)
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use parta_core::diary::DiaryChild;
    use parta_core::model::ChatStatus;

    use super::*;

    const ALICE: &str = "D1A70000-0000-4000-8000-000051000105";
    const IVAN: &str = "D1A70000-0000-4000-8000-000051000208";
    const OWN: PersonId = PersonId(1);

    fn chat(id: i64, kind: ChatKind, title: &str) -> Chat {
        Chat {
            id: ChatId(id),
            kind,
            status: ChatStatus::Active,
            title: title.into(),
            icon_url: None,
            owner: None,
            pinned_message: None,
            last_event_ms: id.abs(),
            participants_count: Some(25),
            raw_json: "{}".into(),
        }
    }

    /// A real cache file with the demo mother's two children (the journal gave Иван's class
    /// only) and her chats.
    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let mut store =
            Store::open(dir.path(), &parta_core::CacheKey::from_bytes([7; 32])).unwrap();
        let child = |guid: &str, name: &str, class: Option<&str>| DiaryChild {
            guid: guid.into(),
            name: name.into(),
            class: class.map(Into::into),
            school: None,
        };
        store
            .save_diary_children(&[
                child(ALICE, "Морозова Алиса", None),
                child(IVAN, "Морозов Иван", Some("7 «Б»")),
            ])
            .unwrap();
        store
            .write(|batch| {
                batch.upsert_chats(&[
                    chat(-10, ChatKind::Group, "Родители 5 «А»"),
                    chat(-20, ChatKind::Group, "7 «Б» класс"),
                    chat(30, ChatKind::Dialog, "Иванова Марина Петровна"),
                ])
            })
            .unwrap();
        (dir, store)
    }

    fn found(store: &Store, child: &str) -> Option<(String, bool)> {
        class_chat(store, OWN, child).map(|chat| (chat.id, chat.chosen))
    }

    #[test]
    fn a_chosen_class_chat_wins_over_the_title_and_can_be_cleared() {
        let (_dir, mut store) = store();
        // No class from the journal: no chat; a class: the chat its title names.
        assert_eq!(found(&store, ALICE), None);
        assert_eq!(found(&store, IVAN), Some(("-20".into(), false)));

        choose_class_chat(&mut store, ALICE, Some("-10")).unwrap();
        assert_eq!(found(&store, ALICE), Some(("-10".into(), true)));
        // A choice beats the title, and is per child.
        choose_class_chat(&mut store, IVAN, Some("-10")).unwrap();
        assert_eq!(found(&store, IVAN), Some(("-10".into(), true)));
        choose_class_chat(&mut store, IVAN, None).unwrap();
        assert_eq!(found(&store, IVAN), Some(("-20".into(), false)));
        assert_eq!(found(&store, ALICE), Some(("-10".into(), true)));
    }

    #[test]
    fn only_a_group_chat_of_the_account_can_be_chosen_for_a_known_child() {
        let (_dir, mut store) = store();
        for bad in ["30", "-99", "not a number", ""] {
            let error = choose_class_chat(&mut store, ALICE, Some(bad)).unwrap_err();
            assert!(
                error.to_string().contains("группового чата нет"),
                "{bad:?}: {error}"
            );
        }
        let error = choose_class_chat(&mut store, "UNKNOWN", Some("-10")).unwrap_err();
        assert!(error.to_string().contains("ребёнка"), "{error}");
        assert_eq!(found(&store, ALICE), None);
    }

    #[test]
    fn a_chosen_chat_that_is_gone_falls_back_to_the_title() {
        let (_dir, mut store) = store();
        // Chosen while it was a group chat; the row is then gone from the cache.
        store.set_diary_class_chat(IVAN, Some(ChatId(-77))).unwrap();
        assert_eq!(found(&store, IVAN), Some(("-20".into(), false)));
    }

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
