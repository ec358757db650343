//! The diary's cache: children, fetched weeks, marks reports, «сделано» ticks, the class chats
//! the person chose and the diary's status (tables of migrations 004 and 005).
//!
//! Design: rows hold core's model types as JSON, so the adapter's shapes round-trip without a
//! column per field. A week is replaced whole on each fetch, and in the same transaction the
//! previous fetch is read and compared ([`crate::diary::news`]), so two refreshes racing each
//! other cannot both announce the same mark. Ticks are the person's own data and are kept
//! apart from fetched rows: a refetch never clears them; so is the class chat chosen for a child.

use std::collections::HashSet;

use rusqlite::{OptionalExtension, params};

use super::Store;
use crate::Result;
use crate::diary::news::news_since;
use crate::diary::{
    DiaryAccess, DiaryChild, DiaryNews, DiaryWeek, EduPeriod, Lesson, LessonKey, SubjectReport,
};
use crate::model::ChatId;

/// `diary_meta` key of the [`DiaryAccess`] (JSON).
const META_ACCESS: &str = "access";
/// `diary_meta` key of the journal's base URL.
const META_JOURNAL_URL: &str = "journal_url";

impl Store {
    /// Replaces the list of children the journal session sees (their weeks stay cached).
    pub fn save_diary_children(&mut self, children: &[DiaryChild]) -> Result<()> {
        self.write(|batch| {
            let tx = batch.transaction();
            tx.execute("DELETE FROM diary_children", [])?;
            let mut insert = tx.prepare_cached(
                "INSERT OR REPLACE INTO diary_children (guid, position, json) VALUES (?1, ?2, ?3)",
            )?;
            for (position, child) in children.iter().enumerate() {
                insert.execute(params![
                    child.guid,
                    position as i64,
                    serde_json::to_string(child)?
                ])?;
            }
            Ok(())
        })
    }

    /// The children, in the journal's order.
    pub fn diary_children(&self) -> Result<Vec<DiaryChild>> {
        let mut select = self
            .connection()
            .prepare_cached("SELECT json FROM diary_children ORDER BY position")?;
        let rows = select.query_map([], |row| row.get::<_, String>(0))?;
        let mut children = Vec::new();
        for json in rows {
            children.push(serde_json::from_str(&json?)?);
        }
        Ok(children)
    }

    /// Replaces that week's fetch in one transaction; returns what is new against the previous
    /// fetch (nothing on the first fetch of a week).
    pub fn save_diary_week(
        &mut self,
        week: &DiaryWeek,
        fetched_at_ms: i64,
    ) -> Result<Vec<DiaryNews>> {
        self.write(|batch| {
            let tx = batch.transaction();
            let previous = read_week(tx, &week.child_guid, &week.monday)?;
            let news = news_since(previous.as_ref().map(|(week, _)| week), week);
            tx.prepare_cached(
                "INSERT OR REPLACE INTO diary_weeks
                    (child_guid, monday, lessons_json, periods_json, raw_json, fetched_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                week.child_guid,
                week.monday,
                serde_json::to_string(&week.lessons)?,
                serde_json::to_string(&week.periods)?,
                week.raw.to_string(),
                fetched_at_ms,
            ])?;
            Ok(news)
        })
    }

    /// The cached week of `child_guid` starting on `monday`, with when it was fetched (ms).
    pub fn diary_week(&self, child_guid: &str, monday: &str) -> Result<Option<(DiaryWeek, i64)>> {
        read_week(self.connection(), child_guid, monday)
    }

    /// Replaces the marks report of `period` for `child_guid`.
    pub fn save_marks_report(
        &mut self,
        child_guid: &str,
        period: &EduPeriod,
        rows: &[SubjectReport],
        fetched_at_ms: i64,
    ) -> Result<()> {
        self.write(|batch| {
            batch
                .transaction()
                .prepare_cached(
                    "INSERT OR REPLACE INTO diary_marks_reports
                        (child_guid, period_begin, period_end, rows_json, fetched_at)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![
                    child_guid,
                    period.begin,
                    period.end,
                    serde_json::to_string(rows)?,
                    fetched_at_ms
                ])?;
            Ok(())
        })
    }

    /// The cached marks report of the period that begins on `period_begin`, with when it was
    /// fetched (ms).
    pub fn marks_report(
        &self,
        child_guid: &str,
        period_begin: &str,
    ) -> Result<Option<(Vec<SubjectReport>, i64)>> {
        let row: Option<(String, i64)> = self
            .connection()
            .prepare_cached(
                "SELECT rows_json, fetched_at FROM diary_marks_reports
                 WHERE child_guid = ?1 AND period_begin = ?2",
            )?
            .query_row(params![child_guid, period_begin], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .optional()?;
        row.map(|(json, fetched_at)| Ok((serde_json::from_str(&json)?, fetched_at)))
            .transpose()
    }

    /// Ticks (or unticks) a lesson's homework as done. Kept across refetches of the week.
    pub fn set_homework_done(
        &mut self,
        child_guid: &str,
        lesson: &LessonKey,
        done: bool,
    ) -> Result<()> {
        self.write(|batch| {
            let tx = batch.transaction();
            if done {
                tx.prepare_cached(
                    "INSERT OR IGNORE INTO diary_homework_done (child_guid, date, number, subject)
                     VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![
                    child_guid,
                    lesson.date,
                    lesson.number,
                    lesson.subject
                ])?;
            } else {
                tx.prepare_cached(
                    "DELETE FROM diary_homework_done
                     WHERE child_guid = ?1 AND date = ?2 AND number = ?3 AND subject = ?4",
                )?
                .execute(params![
                    child_guid,
                    lesson.date,
                    lesson.number,
                    lesson.subject
                ])?;
            }
            Ok(())
        })
    }

    /// The lessons of the week from `monday` (to Sunday) whose homework is ticked as done.
    pub fn homework_done(&self, child_guid: &str, monday: &str) -> Result<HashSet<LessonKey>> {
        let sunday = crate::diary::dates::add_days(monday, 6).unwrap_or_else(|| monday.to_owned());
        let mut select = self.connection().prepare_cached(
            "SELECT date, number, subject FROM diary_homework_done
             WHERE child_guid = ?1 AND date >= ?2 AND date <= ?3",
        )?;
        let rows = select.query_map(params![child_guid, monday, sunday], |row| {
            Ok(LessonKey {
                date: row.get(0)?,
                number: row.get(1)?,
                subject: row.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Links `child_guid` to the class chat the person chose, or (with `None`) forgets the
    /// choice. Local only; a refetch of the children keeps it.
    pub fn set_diary_class_chat(&mut self, child_guid: &str, chat: Option<ChatId>) -> Result<()> {
        self.write(|batch| {
            let tx = batch.transaction();
            match chat {
                Some(chat) => tx
                    .prepare_cached(
                        "INSERT OR REPLACE INTO diary_class_chats (child_guid, chat_id)
                         VALUES (?1, ?2)",
                    )?
                    .execute(params![child_guid, chat.0])?,
                None => tx
                    .prepare_cached("DELETE FROM diary_class_chats WHERE child_guid = ?1")?
                    .execute([child_guid])?,
            };
            Ok(())
        })
    }

    /// The class chat the person chose for `child_guid`, if any.
    pub fn diary_class_chat(&self, child_guid: &str) -> Result<Option<ChatId>> {
        Ok(self
            .connection()
            .prepare_cached("SELECT chat_id FROM diary_class_chats WHERE child_guid = ?1")?
            .query_row([child_guid], |row| row.get::<_, i64>(0))
            .optional()?
            .map(ChatId))
    }

    /// Where the diary stands; [`DiaryAccess::SignedOut`] until set.
    pub fn diary_access(&self) -> Result<DiaryAccess> {
        match read_meta(self.connection(), META_ACCESS)? {
            Some(json) => Ok(serde_json::from_str(&json)?),
            None => Ok(DiaryAccess::SignedOut),
        }
    }

    /// Records where the diary stands.
    pub fn set_diary_access(&mut self, access: &DiaryAccess) -> Result<()> {
        let json = serde_json::to_string(access)?;
        self.write(|batch| write_meta(batch.transaction(), META_ACCESS, &json))
    }

    /// The journal's base URL the person signed in to, if saved.
    pub fn diary_journal_url(&self) -> Result<Option<String>> {
        read_meta(self.connection(), META_JOURNAL_URL)
    }

    /// Saves the journal's base URL.
    pub fn set_diary_journal_url(&mut self, url: &str) -> Result<()> {
        self.write(|batch| write_meta(batch.transaction(), META_JOURNAL_URL, url))
    }

    /// Signing out of the journal: all diary rows go (children, weeks, reports, ticks, chosen
    /// class chats) and the
    /// status returns to [`DiaryAccess::SignedOut`]. The journal's URL is a setting, not the
    /// person's data, and stays for the next sign-in.
    pub fn clear_diary(&mut self) -> Result<()> {
        self.write(|batch| {
            batch.transaction().execute_batch(
                "DELETE FROM diary_children;
                 DELETE FROM diary_weeks;
                 DELETE FROM diary_marks_reports;
                 DELETE FROM diary_homework_done;
                 DELETE FROM diary_class_chats;
                 DELETE FROM diary_meta WHERE key != 'journal_url';",
            )?;
            Ok(())
        })
    }
}

fn read_week(
    conn: &rusqlite::Connection,
    child_guid: &str,
    monday: &str,
) -> Result<Option<(DiaryWeek, i64)>> {
    let row: Option<(String, String, String, i64)> = conn
        .prepare_cached(
            "SELECT lessons_json, periods_json, raw_json, fetched_at FROM diary_weeks
             WHERE child_guid = ?1 AND monday = ?2",
        )?
        .query_row(params![child_guid, monday], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })
        .optional()?;
    let Some((lessons, periods, raw, fetched_at)) = row else {
        return Ok(None);
    };
    let lessons: Vec<Lesson> = serde_json::from_str(&lessons)?;
    let periods: Vec<EduPeriod> = serde_json::from_str(&periods)?;
    let week = DiaryWeek {
        child_guid: child_guid.to_owned(),
        monday: monday.to_owned(),
        lessons,
        periods,
        raw: serde_json::from_str(&raw).unwrap_or(serde_json::Value::Null),
    };
    Ok(Some((week, fetched_at)))
}

fn read_meta(conn: &rusqlite::Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM diary_meta WHERE key = ?1")?
        .query_row([key], |row| row.get(0))
        .optional()?)
}

fn write_meta(conn: &rusqlite::Connection, key: &str, value: &str) -> Result<()> {
    conn.prepare_cached("INSERT OR REPLACE INTO diary_meta (key, value) VALUES (?1, ?2)")?
        .execute(params![key, value])?;
    Ok(())
}
