//! Queries the desktop window needs beside the chat pages: paging forward from a message, the
//! account's unread state in one chat, whether older history can still be fetched, and whether
//! a file is cached (without marking it used, so rendering a list never reorders eviction).

use rusqlite::{OptionalExtension, params};

use super::Store;
use super::keys::key_floor;
use super::messages::MessageView;
use super::rows::{MESSAGE_COLUMN_COUNT, MESSAGE_COLUMNS, message_from_row};
use crate::Result;
use crate::model::{ChatId, MessageId, PersonId};

/// The account's read state in one chat.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UnreadState {
    /// The account's read mark (ms); messages from others after it are unread.
    pub read_mark_ms: i64,
    /// Unread messages from others, counted up to [`super::UNREAD_COUNT_CAP`].
    pub count: u32,
    /// The oldest unread message from others.
    pub first_unread: Option<MessageId>,
}

impl Store {
    /// Up to `limit` messages newer than `after`, **oldest first** (scrolling forward after a
    /// jump into the past). Empty when `after` is not cached.
    pub fn messages_after(
        &self,
        chat_id: ChatId,
        after: MessageId,
        limit: usize,
    ) -> Result<Vec<MessageView>> {
        let Some(key) = self.message_key(chat_id, after)? else {
            return Ok(Vec::new());
        };
        let sql = format!(
            "SELECT {MESSAGE_COLUMNS}, p.name FROM messages m
             LEFT JOIN people p ON p.id = m.sender_id
             WHERE m.chat_id = ?1 AND m.key > ?2 ORDER BY m.key ASC LIMIT ?3"
        );
        Ok(self
            .connection()
            .prepare_cached(&sql)?
            .query_map(params![chat_id.0, key, limit as i64], |row| {
                Ok(MessageView {
                    message: message_from_row(row, 0)?,
                    sender_name: row.get(MESSAGE_COLUMN_COUNT)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// How far `own` has read `chat_id`, how many messages from others are unread, and the
    /// first of them. Deleted messages are never unread.
    pub fn unread_state(&self, chat_id: ChatId, own: PersonId) -> Result<UnreadState> {
        let read_mark_ms: i64 = self
            .connection()
            .prepare_cached("SELECT mark_ms FROM read_marks WHERE chat_id = ?1 AND person_id = ?2")?
            .query_row((chat_id.0, own.0), |row| row.get(0))
            .optional()?
            .unwrap_or(0);
        let below = key_floor(read_mark_ms.saturating_add(1));
        let count: u32 = self
            .connection()
            .prepare_cached(
                "SELECT count(*) FROM (SELECT 1 FROM messages
                 WHERE chat_id = ?1 AND key >= ?2 AND coalesce(sender_id, 0) != ?3 AND state != 2
                 LIMIT ?4)",
            )?
            .query_row(
                params![chat_id.0, below, own.0, super::UNREAD_COUNT_CAP],
                |row| row.get(0),
            )?;
        let first_unread = self
            .connection()
            .prepare_cached(
                "SELECT id FROM messages
                 WHERE chat_id = ?1 AND key >= ?2 AND coalesce(sender_id, 0) != ?3 AND state != 2
                 ORDER BY key ASC LIMIT 1",
            )?
            .query_row(params![chat_id.0, below, own.0], |row| row.get(0))
            .optional()?
            .map(MessageId);
        Ok(UnreadState {
            read_mark_ms,
            count,
            first_unread,
        })
    }

    /// Whether the platform may hold history older than the cache's oldest message of the chat
    /// (what [`crate::sync::SyncEngine::load_older`] would fetch).
    pub fn can_load_older(&self, chat_id: ChatId) -> Result<bool> {
        Ok(self
            .connection()
            .prepare_cached("SELECT complete_back FROM chat_sync WHERE chat_id = ?1")?
            .query_row([chat_id.0], |row| row.get::<_, bool>(0))
            .optional()?
            .is_some_and(|complete| !complete))
    }

    /// Whether the file with this remote key is in the cache. Unlike
    /// [`Store::cached_file`](crate::Store::cached_file) it writes nothing (no "used" mark).
    pub fn has_cached_file(&self, remote_key: &str) -> Result<bool> {
        Ok(self
            .connection()
            .prepare_cached("SELECT 1 FROM file_sources WHERE remote_key = ?1")?
            .query_row([remote_key], |_| Ok(()))
            .optional()?
            .is_some())
    }
}
