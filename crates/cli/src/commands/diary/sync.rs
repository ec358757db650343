//! `parta diary sync [--week YYYY-MM-DD]`: the children, and the week (current or given) with
//! the weeks before and after it, into the cache; prints what is new.
//!
//! Design: one child's journal failing (the site refuses that child, answers garbage or drops
//! the connection) does not stop the others: the failure is noted, that child's remaining
//! weeks are skipped, and the next child is fetched. What concerns the whole session (it
//! ended, the school moved to «Моя школа») or the cache stops the sync at once, as before.
//! Each child's failure is printed; a sync with any is not a success (non-zero exit), so a
//! script notices, while what was fetched stays cached.

use std::sync::Mutex;

use parta_core::Store;
use parta_core::diary::refresh::DiaryRefreshError;
use parta_core::diary::{
    DiaryChild, DiaryNews, Journal, JournalFailure, dates, refresh_children, refresh_week,
};
use parta_journal::X1Journal;
use serde_json::{Value, json};

use super::week_monday;
use crate::error::{CliError, Result, journal_sentence};
use crate::secrets::SecretKind;
use crate::{Context, output};

/// What a sync fetched, and the children it could not.
#[derive(Debug, Default)]
struct Synced {
    children: Vec<DiaryChild>,
    /// `{childGuid, monday, changed}` per week fetched.
    weeks: Vec<Value>,
    /// The news, with the child's name.
    news: Vec<(String, DiaryNews)>,
    /// The children whose journal failed, with why.
    failed: Vec<(DiaryChild, JournalFailure)>,
}

/// Runs `parta diary sync`.
pub fn run(context: &Context, week: Option<&str>) -> Result<()> {
    let monday = week_monday(week)?;
    let (account, store) = context.open_store()?;
    let cookie = context
        .keyring
        .load(&account.id, SecretKind::JournalCookie)?
        .ok_or(CliError::DiarySignedOut)?;
    let url = store
        .diary_journal_url()?
        .unwrap_or_else(|| X1Journal::ORENBURG.to_owned());
    let journal = X1Journal::new(&url, cookie.expose())?;
    let store = Mutex::new(store);
    let now_ms = chrono::Utc::now().timestamp_millis();
    let runtime = crate::runtime()?;
    let synced = runtime.block_on(sync(&journal, &store, &monday, now_ms))?;
    report(context, &synced);
    match synced.failed.len() {
        0 => Ok(()),
        failed => Err(CliError::DiaryIncomplete {
            failed,
            total: synced.children.len(),
        }),
    }
}

/// The children, then each child's weeks around `monday`, past a child whose journal fails.
async fn sync<J: Journal>(
    journal: &J,
    store: &Mutex<Store>,
    monday: &str,
    now_ms: i64,
) -> Result<Synced> {
    let mut synced = Synced {
        children: refresh_children(journal, store).await?,
        ..Synced::default()
    };
    for child in synced.children.clone() {
        for offset in [0, -1, 1] {
            let date = dates::add_weeks(monday, offset)
                .ok_or_else(|| CliError::BadDate(monday.to_owned()))?;
            match refresh_week(journal, store, &child.guid, &date, now_ms).await {
                Ok(refreshed) => {
                    let name = &child.name;
                    synced.news.extend(
                        refreshed
                            .news
                            .iter()
                            .map(|item| (name.clone(), item.clone())),
                    );
                    synced
                        .weeks
                        .push(json!({"childGuid": child.guid, "monday": refreshed.monday,
                                     "changed": refreshed.changed}));
                }
                Err(DiaryRefreshError::Journal(failure)) if concerns_one_child(&failure) => {
                    synced.failed.push((child.clone(), failure));
                    break;
                }
                Err(error) => return Err(error.into()),
            }
        }
    }
    Ok(synced)
}

/// Whether a failure is about one child's journal (the next child may still load), not the
/// session, the school or the cache.
fn concerns_one_child(failure: &JournalFailure) -> bool {
    matches!(
        failure,
        JournalFailure::Refused(_) | JournalFailure::Transient(_) | JournalFailure::Protocol(_)
    )
}

fn report(context: &Context, synced: &Synced) {
    if context.json {
        let news: Vec<&DiaryNews> = synced.news.iter().map(|(_, item)| item).collect();
        let failed: Vec<Value> = synced
            .failed
            .iter()
            .map(|(child, failure)| {
                json!({"childGuid": child.guid, "name": child.name,
                       "error": CliError::Journal(failure.clone()).code(),
                       "message": journal_sentence(failure)})
            })
            .collect();
        output::print_json(&json!({"children": synced.children, "weeks": synced.weeks,
                                   "news": news, "failed": failed}));
        return;
    }
    for (child_name, item) in &synced.news {
        say!(
            "{}",
            parta_core::diary::text::news_title(item, parta_core::Locale::Ru)
        );
        for line in
            parta_core::diary::text::news_body(item, child_name, parta_core::Locale::Ru).lines()
        {
            say!("  {line}");
        }
    }
    for (child, failure) in &synced.failed {
        say!(
            "Не удалось загрузить дневник: {}. {}",
            child.name,
            journal_sentence(failure)
        );
    }
    say!(
        "Дневник загружен: {}, {}. {}",
        crate::russian::count(synced.children.len() as u64, "ребёнок", "ребёнка", "детей"),
        crate::russian::count(synced.weeks.len() as u64, "неделя", "недели", "недель"),
        if synced.news.is_empty() {
            "Нового нет.".to_owned()
        } else {
            format!(
                "Нового: {}.",
                crate::russian::count(synced.news.len() as u64, "запись", "записи", "записей")
            )
        }
    );
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::collections::HashMap;

    use parta_core::diary::{DiaryWeek, JournalResult, SubjectReport};

    use super::*;

    const ALICE: &str = "A1";
    const IVAN: &str = "B2";

    /// A journal where each child's weeks answer as scripted (the site, the one external party).
    struct Scripted {
        failing: HashMap<&'static str, JournalFailure>,
    }

    fn child(guid: &str, name: &str) -> DiaryChild {
        DiaryChild {
            guid: guid.into(),
            name: name.into(),
            class: None,
            school: None,
        }
    }

    impl Journal for Scripted {
        async fn children(&self) -> JournalResult<Vec<DiaryChild>> {
            Ok(vec![
                child(ALICE, "Морозова Алиса"),
                child(IVAN, "Морозов Иван"),
            ])
        }

        async fn week(&self, child_guid: &str, date: &str) -> JournalResult<DiaryWeek> {
            if let Some(failure) = self.failing.get(child_guid) {
                return Err(failure.clone());
            }
            Ok(DiaryWeek {
                child_guid: child_guid.into(),
                monday: dates::monday_of(date).unwrap(),
                lessons: Vec::new(),
                periods: Vec::new(),
                raw: Value::Null,
            })
        }

        async fn marks_report(
            &self,
            _child_guid: &str,
            _begin: &str,
            _end: &str,
        ) -> JournalResult<Vec<SubjectReport>> {
            Ok(Vec::new())
        }

        async fn download(&self, _url: &str) -> JournalResult<Vec<u8>> {
            Err(JournalFailure::Refused("no files here".into()))
        }
    }

    fn store() -> (tempfile::TempDir, Mutex<Store>) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), &parta_core::CacheKey::from_bytes([3; 32])).unwrap();
        (dir, Mutex::new(store))
    }

    type Ran = (Result<Synced>, Mutex<Store>, tempfile::TempDir);

    fn run_sync(failing: &[(&'static str, JournalFailure)]) -> Ran {
        let journal = Scripted {
            failing: failing.iter().cloned().collect(),
        };
        let (dir, store) = store();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let synced = runtime.block_on(sync(&journal, &store, "2026-12-07", 1_000));
        (synced, store, dir)
    }

    #[test]
    fn one_childs_failure_is_noted_and_the_next_child_still_syncs() {
        let refused = JournalFailure::Refused("Ученик не найден".into());
        let (synced, store, _dir) = run_sync(&[(ALICE, refused.clone())]);
        let synced = synced.unwrap();
        assert_eq!(synced.failed.len(), 1);
        assert_eq!(synced.failed[0].0.guid, ALICE);
        assert_eq!(synced.failed[0].1, refused);
        // Иван's three weeks are fetched and cached.
        let mondays: Vec<&Value> = synced.weeks.iter().map(|week| &week["monday"]).collect();
        assert_eq!(mondays, ["2026-12-07", "2026-11-30", "2026-12-14"]);
        assert!(synced.weeks.iter().all(|week| week["childGuid"] == IVAN));
        let store = store.lock().unwrap();
        assert!(store.diary_week(IVAN, "2026-12-07").unwrap().is_some());
        assert!(store.diary_week(ALICE, "2026-12-07").unwrap().is_none());
    }

    #[test]
    fn every_failing_child_is_reported() {
        let (synced, _store, _dir) = run_sync(&[
            (ALICE, JournalFailure::Transient("reset".into())),
            (IVAN, JournalFailure::Protocol("garbage".into())),
        ]);
        let synced = synced.unwrap();
        let failed: Vec<&str> = synced.failed.iter().map(|(c, _)| c.guid.as_str()).collect();
        assert_eq!(failed, [ALICE, IVAN]);
        assert!(synced.weeks.is_empty());
    }

    #[test]
    fn an_ended_session_stops_the_sync() {
        let (synced, store, _dir) = run_sync(&[(ALICE, JournalFailure::SessionExpired)]);
        assert!(matches!(
            synced.unwrap_err(),
            CliError::Journal(JournalFailure::SessionExpired)
        ));
        // Nothing after it was asked: Иван's weeks are not cached.
        assert!(
            store
                .lock()
                .unwrap()
                .diary_week(IVAN, "2026-12-07")
                .unwrap()
                .is_none()
        );
    }
}
