//! Fetching the diary into the cache, shared by the shell's refresher and the CLI.
//!
//! Design: each function awaits the journal with the store unlocked, then takes the
//! `std::sync::Mutex` only for the synchronous writes (never across an await), so the window's
//! reads never wait on the network. Every journal answer also updates [`DiaryAccess`]: success
//! means Ready, a refused session means Expired (never retried here), «Моя школа» means Moved.
//! A week's news comes from [`Store::save_diary_week`], which compares inside its transaction.
//! The marks report of the week's period is fetched after the week; its failure does not undo
//! the week (whose news are already recorded), it only updates the access or is logged.

use std::sync::{Mutex, MutexGuard, PoisonError};

use super::dates::{self, Day};
use super::{DiaryAccess, DiaryChild, DiaryNews, EduPeriod, Journal, JournalFailure};
use crate::{CoreError, Store};

/// Why a refresh failed.
#[derive(Debug, thiserror::Error)]
pub enum DiaryRefreshError {
    /// The journal failed; [`JournalFailure`] says what to do about it.
    #[error(transparent)]
    Journal(#[from] JournalFailure),
    /// The cache failed.
    #[error(transparent)]
    Store(#[from] CoreError),
}

/// What a week's refresh did.
#[derive(Debug, Clone, PartialEq)]
pub struct WeekRefresh {
    /// The week's Monday, `YYYY-MM-DD`.
    pub monday: String,
    /// What is new against the previous fetch (nothing on the first fetch).
    pub news: Vec<DiaryNews>,
    /// Whether the cached week or its period's marks report differ from before (or were new).
    pub changed: bool,
}

/// Fetches the children the session sees and caches them.
pub async fn refresh_children<J: Journal>(
    journal: &J,
    store: &Mutex<Store>,
) -> Result<Vec<DiaryChild>, DiaryRefreshError> {
    let answer = journal.children().await;
    let children = settle(store, answer)?;
    lock(store).save_diary_children(&children)?;
    Ok(children)
}

/// Fetches the week of `child_guid` holding `date` (`YYYY-MM-DD`) and its period's marks
/// report, caches both and returns the week's news.
pub async fn refresh_week<J: Journal>(
    journal: &J,
    store: &Mutex<Store>,
    child_guid: &str,
    date: &str,
    now_ms: i64,
) -> Result<WeekRefresh, DiaryRefreshError> {
    let answer = journal.week(child_guid, date).await;
    let mut week = settle(store, answer)?;
    if week.child_guid.is_empty() {
        week.child_guid = child_guid.to_owned();
    }
    if Day::parse_iso(&week.monday).is_none_or(|day| day.weekday() != 0) {
        week.monday = dates::monday_of(date)
            .ok_or_else(|| JournalFailure::Protocol(format!("not a date: {date:?}")))?;
    }
    let (news, mut changed) = {
        let mut store = lock(store);
        let previous = store.diary_week(&week.child_guid, &week.monday)?;
        let changed = previous.is_none_or(|(previous, _)| {
            previous.lessons != week.lessons || previous.periods != week.periods
        });
        (store.save_diary_week(&week, now_ms)?, changed)
    };

    if let Some(period) = period_of_week(&week.periods, date, &week.monday) {
        let answer = journal
            .marks_report(&week.child_guid, &period.begin, &period.end)
            .await;
        match settle(store, answer) {
            Ok(rows) => {
                let mut store = lock(store);
                let previous = store.marks_report(&week.child_guid, &period.begin)?;
                changed |= previous.is_none_or(|(previous, _)| previous != rows);
                store.save_marks_report(&week.child_guid, &period, &rows, now_ms)?;
            }
            Err(DiaryRefreshError::Journal(failure)) => {
                tracing::warn!(%failure, "the period's marks report was not fetched");
            }
            Err(error) => return Err(error),
        }
    }
    Ok(WeekRefresh {
        monday: week.monday,
        news,
        changed,
    })
}

/// The period holding `date`, else the one holding the week's Monday, else any overlapping
/// the week (Monday to Sunday).
fn period_of_week(periods: &[EduPeriod], date: &str, monday: &str) -> Option<EduPeriod> {
    let sunday = dates::add_days(monday, 6).unwrap_or_else(|| monday.to_owned());
    let valid: Vec<&EduPeriod> = periods
        .iter()
        .filter(|period| {
            Day::parse_iso(&period.begin).is_some() && Day::parse_iso(&period.end).is_some()
        })
        .collect();
    let holds = |period: &&&EduPeriod, day: &str| {
        period.begin.as_str() <= day && day <= period.end.as_str()
    };
    valid
        .iter()
        .find(|period| holds(period, date))
        .or_else(|| valid.iter().find(|period| holds(period, monday)))
        .or_else(|| {
            valid.iter().find(|period| {
                period.begin.as_str() <= sunday.as_str() && monday <= period.end.as_str()
            })
        })
        .map(|period| (*period).clone())
}

/// Records what a journal answer says about the session, and passes the answer on.
fn settle<T>(
    store: &Mutex<Store>,
    answer: Result<T, JournalFailure>,
) -> Result<T, DiaryRefreshError> {
    let access = match &answer {
        Ok(_) => Some(DiaryAccess::Ready),
        Err(JournalFailure::SessionExpired) => Some(DiaryAccess::Expired),
        Err(JournalFailure::MovedToMySchool { link }) => {
            Some(DiaryAccess::Moved { link: link.clone() })
        }
        Err(_) => None,
    };
    if let Some(access) = access {
        let mut store = lock(store);
        if store.diary_access()? != access {
            store.set_diary_access(&access)?;
        }
    }
    Ok(answer?)
}

fn lock(store: &Mutex<Store>) -> MutexGuard<'_, Store> {
    store.lock().unwrap_or_else(PoisonError::into_inner)
}
