//! The e-journal's stored part: sessions, control-added marks, homework and files, and the
//! families that moved to «Моя школа». Everything else of the diary is computed.

use rusqlite::{OptionalExtension, params};

use super::Store;
use crate::error::Result;

/// A mark the control API added.
#[derive(Debug, Clone)]
pub struct AddedMark {
    /// ISO date.
    pub date: String,
    /// The lesson it belongs to.
    pub lesson_number: i64,
    /// «5», «4», «зч»…
    pub value: String,
    /// Weight (none: 1).
    pub weight: Option<i64>,
}

/// Homework the control API set.
#[derive(Debug, Clone)]
pub struct SetHomework {
    /// ISO date.
    pub date: String,
    /// The lesson it belongs to.
    pub lesson_number: i64,
    /// The text.
    pub text: String,
    /// Its attachment in `diary_files`.
    pub file_id: Option<i64>,
    /// The attachment's name (filled when read; ignored when written).
    pub file_name: Option<String>,
}

impl Store {
    /// Starts a journal session for `person`; returns the 32-hex `PHPSESSID` value.
    pub fn create_diary_session(&self, person: i64) -> Result<String> {
        let id = uuid::Uuid::new_v4().simple().to_string();
        let now = self.now();
        self.db().execute(
            "INSERT INTO diary_sessions (id, person_id, created) VALUES (?1, ?2, ?3)",
            params![id, person, now],
        )?;
        Ok(id)
    }

    /// Whose session this is, if it is still valid.
    pub fn diary_session(&self, id: &str) -> Result<Option<i64>> {
        Ok(self
            .db()
            .query_row(
                "SELECT person_id FROM diary_sessions WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Ends `person`'s sessions (everyone's with `None`); returns how many ended.
    pub fn expire_diary_sessions(&self, person: Option<i64>) -> Result<usize> {
        let db = self.db();
        Ok(match person {
            Some(p) => db.execute("DELETE FROM diary_sessions WHERE person_id = ?1", [p])?,
            None => db.execute("DELETE FROM diary_sessions", [])?,
        })
    }

    /// Adds a mark to a child's lesson.
    pub fn add_diary_mark(&self, child_guid: &str, mark: &AddedMark) -> Result<()> {
        let now = self.now();
        self.db().execute(
            "INSERT INTO diary_marks (child_guid, date, lesson_number, value, weight, created)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                child_guid,
                mark.date,
                mark.lesson_number,
                mark.value,
                mark.weight,
                now
            ],
        )?;
        Ok(())
    }

    /// A child's added marks with `from <= date <= to` (ISO), oldest first.
    pub fn diary_marks(&self, child_guid: &str, from: &str, to: &str) -> Result<Vec<AddedMark>> {
        let db = self.db();
        let mut st = db.prepare(
            "SELECT date, lesson_number, value, weight FROM diary_marks
             WHERE child_guid = ?1 AND date >= ?2 AND date <= ?3 ORDER BY id",
        )?;
        let rows = st.query_map(params![child_guid, from, to], |r| {
            Ok(AddedMark {
                date: r.get(0)?,
                lesson_number: r.get(1)?,
                value: r.get(2)?,
                weight: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Sets (replaces) a class's homework for one lesson.
    pub fn set_diary_homework(&self, class: &str, hw: &SetHomework) -> Result<()> {
        self.db().execute(
            "INSERT INTO diary_homework (class, date, lesson_number, text, file_id)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (class, date, lesson_number)
             DO UPDATE SET text = excluded.text, file_id = excluded.file_id",
            params![class, hw.date, hw.lesson_number, hw.text, hw.file_id],
        )?;
        Ok(())
    }

    /// A class's set homework with `from <= date <= to` (ISO).
    pub fn diary_homework(&self, class: &str, from: &str, to: &str) -> Result<Vec<SetHomework>> {
        let db = self.db();
        let mut st = db.prepare(
            "SELECT h.date, h.lesson_number, h.text, h.file_id, f.name
             FROM diary_homework h LEFT JOIN diary_files f ON f.id = h.file_id
             WHERE h.class = ?1 AND h.date >= ?2 AND h.date <= ?3",
        )?;
        let rows = st.query_map(params![class, from, to], |r| {
            Ok(SetHomework {
                date: r.get(0)?,
                lesson_number: r.get(1)?,
                text: r.get(2)?,
                file_id: r.get(3)?,
                file_name: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Stores a homework attachment; returns its id.
    pub fn add_diary_file(&self, name: &str, data: &[u8]) -> Result<i64> {
        let db = self.db();
        db.execute(
            "INSERT INTO diary_files (name, data) VALUES (?1, ?2)",
            params![name, data],
        )?;
        Ok(db.last_insert_rowid())
    }

    /// A stored attachment: (name, bytes).
    pub fn diary_file(&self, id: i64) -> Result<Option<(String, Vec<u8>)>> {
        Ok(self
            .db()
            .query_row(
                "SELECT name, data FROM diary_files WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// Marks (or unmarks) `person`'s family as moved to «Моя школа».
    pub fn set_diary_moved(&self, person: i64, moved: bool) -> Result<()> {
        let db = self.db();
        if moved {
            db.execute(
                "INSERT OR IGNORE INTO diary_moved (person_id) VALUES (?1)",
                [person],
            )?;
        } else {
            db.execute("DELETE FROM diary_moved WHERE person_id = ?1", [person])?;
        }
        Ok(())
    }

    /// Whether `person`'s family moved to «Моя школа».
    pub fn diary_moved(&self, person: i64) -> Result<bool> {
        let n: i64 = self.db().query_row(
            "SELECT COUNT(*) FROM diary_moved WHERE person_id = ?1",
            [person],
            |r| r.get(0),
        )?;
        Ok(n > 0)
    }
}
