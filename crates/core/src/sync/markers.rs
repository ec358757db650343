//! Where sync stands, kept in the account's cache beside the data it covers.
//!
//! - the login marker: what the platform's last complete catch-up answered as `time`;
//! - per chat, the span of history known to be complete (`oldest_ms ..= newest_ms`, every
//!   message in it cached) and whether nothing older exists. A span only grows in the same
//!   transaction as the messages that fill it, so it never claims more than the cache holds.

use rusqlite::OptionalExtension;

use crate::model::ChatId;
use crate::store::WriteBatch;
use crate::{Result, Store};

/// The marker of the last complete catch-up (0 before the first).
pub fn sync_marker(store: &Store) -> Result<i64> {
    Ok(store
        .connection()
        .prepare_cached("SELECT value FROM sync_state WHERE key = 'login_marker'")?
        .query_row([], |row| row.get::<_, i64>(0))
        .optional()?
        .unwrap_or(0))
}

pub(crate) fn set_sync_marker(batch: &mut WriteBatch<'_>, marker: i64) -> Result<()> {
    batch
        .transaction()
        .prepare_cached(
            "INSERT INTO sync_state (key, value) VALUES ('login_marker', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )?
        .execute([marker])?;
    Ok(())
}

/// The complete span of a chat's cached history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ChatSpan {
    pub oldest_ms: i64,
    pub newest_ms: i64,
    /// Nothing older than `oldest_ms` exists on the platform.
    pub complete_back: bool,
}

pub(crate) fn chat_span(store: &Store, chat_id: ChatId) -> Result<Option<ChatSpan>> {
    Ok(store
        .connection()
        .prepare_cached(
            "SELECT oldest_ms, newest_ms, complete_back FROM chat_sync WHERE chat_id = ?1",
        )?
        .query_row([chat_id.0], |row| {
            Ok(ChatSpan {
                oldest_ms: row.get(0)?,
                newest_ms: row.get(1)?,
                complete_back: row.get(2)?,
            })
        })
        .optional()?)
}

pub(crate) fn set_chat_span(
    batch: &mut WriteBatch<'_>,
    chat_id: ChatId,
    span: ChatSpan,
) -> Result<()> {
    batch
        .transaction()
        .prepare_cached(
            "INSERT INTO chat_sync (chat_id, oldest_ms, newest_ms, complete_back)
             VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (chat_id) DO UPDATE SET oldest_ms = excluded.oldest_ms,
                newest_ms = excluded.newest_ms, complete_back = excluded.complete_back",
        )?
        .execute(rusqlite::params![
            chat_id.0,
            span.oldest_ms,
            span.newest_ms,
            span.complete_back
        ])?;
    Ok(())
}
