//! `parta diary sync [--week YYYY-MM-DD]`: the children, and the week (current or given) with
//! the weeks before and after it, into the cache; prints what is new.

use std::sync::Mutex;

use parta_core::diary::{DiaryNews, dates, refresh_children, refresh_week, text};
use parta_journal::X1Journal;
use serde_json::json;

use super::week_monday;
use crate::error::{CliError, Result};
use crate::secrets::SecretKind;
use crate::{Context, output};

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
    let (children, weeks, news) = runtime.block_on(async {
        let children = refresh_children(&journal, &store).await?;
        let mut weeks = Vec::new();
        let mut news: Vec<(String, DiaryNews)> = Vec::new();
        for child in &children {
            for offset in [0, -1, 1] {
                let date = dates::add_weeks(&monday, offset)
                    .ok_or_else(|| CliError::BadDate(monday.clone()))?;
                let refreshed = refresh_week(&journal, &store, &child.guid, &date, now_ms).await?;
                news.extend(
                    refreshed
                        .news
                        .iter()
                        .map(|item| (child.name.clone(), item.clone())),
                );
                weeks.push(json!({"childGuid": child.guid, "monday": refreshed.monday,
                                  "changed": refreshed.changed}));
            }
        }
        Ok::<_, CliError>((children, weeks, news))
    })?;

    if context.json {
        let news: Vec<&DiaryNews> = news.iter().map(|(_, item)| item).collect();
        output::print_json(&json!({"children": children, "weeks": weeks, "news": news}));
        return Ok(());
    }
    for (child_name, item) in &news {
        say!("{}", text::news_title(item));
        for line in text::news_body(item, child_name).lines() {
            say!("  {line}");
        }
    }
    say!(
        "Дневник загружен: {}, {}. {}",
        crate::russian::count(children.len() as u64, "ребёнок", "ребёнка", "детей"),
        crate::russian::count(weeks.len() as u64, "неделя", "недели", "недель"),
        if news.is_empty() {
            "Нового нет.".to_owned()
        } else {
            format!(
                "Нового: {}.",
                crate::russian::count(news.len() as u64, "запись", "записи", "записей")
            )
        }
    );
    Ok(())
}
