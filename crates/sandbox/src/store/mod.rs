//! The sandbox's SQLite store.
//!
//! One database file in the `--data` directory holds everything a restart must keep: people,
//! tokens, chats, members, messages, read marks, uploaded files (as blobs) and the e-journal's
//! sessions and control-added marks and homework. One connection behind a mutex: every
//! operation is a few short statements, so requests from many clients simply take turns. A strictly increasing clock ([`Store::now`]) stamps every change, so
//! "changed since marker" is always exact, also across restarts.

mod chats;
mod diary;
mod messages;
mod mutes;
mod objects;
mod people;
mod uploads;

pub use chats::ChatRow;
pub use diary::{AddedMark, SetHomework};
pub use messages::{HistoryQuery, MessageRow, SendOutcome};
pub use people::Person;
pub use uploads::Upload;

use std::path::Path;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, OptionalExtension, params};

use crate::error::Result;

/// The store: a SQLite connection and the server clock.
pub struct Store {
    conn: Mutex<Connection>,
    last_time: AtomicI64,
}

/// Wall-clock milliseconds since the epoch.
pub fn wall_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

impl Store {
    /// Opens (creating if needed) `dir/sandbox.sqlite3`.
    pub fn open(dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(dir)?;
        let conn = Connection::open(dir.join("sandbox.sqlite3"))?;
        Self::with_connection(conn)
    }

    /// An in-memory store (unit tests).
    pub fn in_memory() -> Result<Store> {
        Self::with_connection(Connection::open_in_memory()?)
    }

    fn with_connection(conn: Connection) -> Result<Store> {
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch(include_str!("schema.sql"))?;
        let last: i64 = conn.query_row(
            "SELECT MAX(COALESCE((SELECT MAX(MAX(time, COALESCE(update_time, 0))) FROM messages), 0),
                        COALESCE((SELECT MAX(modified) FROM chats), 0),
                        COALESCE((SELECT MAX(updated) FROM people), 0))",
            [],
            |r| r.get(0),
        )?;
        Ok(Store {
            conn: Mutex::new(conn),
            last_time: AtomicI64::new(last),
        })
    }

    fn db(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The server clock: wall-clock milliseconds, strictly increasing.
    pub fn now(&self) -> i64 {
        let wall = wall_ms();
        let mut prev = self.last_time.load(Ordering::SeqCst);
        loop {
            let next = wall.max(prev + 1);
            match self
                .last_time
                .compare_exchange(prev, next, Ordering::SeqCst, Ordering::SeqCst)
            {
                Ok(_) => return next,
                Err(actual) => prev = actual,
            }
        }
    }

    /// Whether the database has not been seeded yet.
    pub fn is_empty(&self) -> Result<bool> {
        let n: i64 = self
            .db()
            .query_row("SELECT COUNT(*) FROM people", [], |r| r.get(0))?;
        Ok(n == 0)
    }

    /// Reads a value from the `meta` table.
    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .db()
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    /// Writes a value to the `meta` table.
    pub fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        self.db().execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    /// Runs `f` inside one transaction (the seed loader uses it).
    pub fn transaction<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let mut db = self.db();
        let tx = db.transaction()?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }
}

pub use chats::{Member, insert_chat, insert_member};
pub use messages::insert_message;
pub use people::{TokenRow, insert_person, insert_token};
pub use uploads::UploadData;
