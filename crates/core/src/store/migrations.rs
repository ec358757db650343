//! Numbered migrations from `crates/core/migrations/NNN_name.sql`, applied in order; the
//! schema version is SQLite's `user_version`.

use rusqlite::Connection;

use crate::{CoreError, Result};

/// Every migration, in order; the n-th brings the schema to version n.
const MIGRATIONS: &[(&str, &str)] = &[
    (
        "001_initial",
        include_str!("../../migrations/001_initial.sql"),
    ),
    ("002_sync", include_str!("../../migrations/002_sync.sql")),
    (
        "003_chat_mutes",
        include_str!("../../migrations/003_chat_mutes.sql"),
    ),
    ("004_diary", include_str!("../../migrations/004_diary.sql")),
    (
        "005_diary_class_chats",
        include_str!("../../migrations/005_diary_class_chats.sql"),
    ),
];

/// The schema version this build writes.
pub(crate) const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings the schema up to [`SCHEMA_VERSION`], each migration in its own transaction.
pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    let current: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if current > SCHEMA_VERSION {
        return Err(CoreError::SchemaTooNew {
            found: current,
            supported: SCHEMA_VERSION,
        });
    }
    for (index, (name, sql)) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let version = index as i64 + 1;
        tracing::info!(migration = name, version, "applying cache migration");
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
    }
    Ok(())
}
