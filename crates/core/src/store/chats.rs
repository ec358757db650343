//! Chats, the chat list with unread counts, and read marks.

use rusqlite::{OptionalExtension, params};

use super::keys::{key_floor, key_time_ms};
use super::rows::{
    CHAT_COLUMN_COUNT, CHAT_COLUMNS, MESSAGE_COLUMNS, chat_from_row, message_from_row,
};
use super::{Store, WriteBatch};
use crate::Result;
use crate::model::{Chat, ChatId, ChatKind, ChatListEntry, ReadMark};

/// Unread counts stop here; the UI shows "999+". Keeps the chat list fast for a channel that
/// was never read.
pub const UNREAD_COUNT_CAP: u32 = 999;

impl WriteBatch<'_> {
    /// Inserts or updates chats. The store's own columns (newest message, read mark) are kept.
    pub fn upsert_chats(&mut self, chats: &[Chat]) -> Result<()> {
        for chat in chats {
            let previous_kind: Option<String> = self
                .tx
                .prepare_cached("SELECT kind FROM chats WHERE id = ?1")?
                .query_row([chat.id.0], |row| row.get(0))
                .optional()?;
            self.tx
                .prepare_cached(
                    "INSERT INTO chats (id, kind, status, title, icon_url, owner_id,
                        pinned_message_id, last_event_ms, participants_count, raw_json,
                        last_activity_ms)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?8)
                     ON CONFLICT (id) DO UPDATE SET kind = excluded.kind,
                        status = excluded.status, title = excluded.title,
                        icon_url = excluded.icon_url, owner_id = excluded.owner_id,
                        pinned_message_id = excluded.pinned_message_id,
                        last_event_ms = excluded.last_event_ms,
                        participants_count = excluded.participants_count,
                        raw_json = excluded.raw_json,
                        last_activity_ms = max(last_activity_ms, excluded.last_event_ms)",
                )?
                .execute(params![
                    chat.id.0,
                    chat.kind.as_str(),
                    chat.status.as_str(),
                    chat.title,
                    chat.icon_url,
                    chat.owner.map(|person| person.0),
                    chat.pinned_message.map(|id| id.0),
                    chat.last_event_ms,
                    chat.participants_count,
                    chat.raw_json,
                ])?;
            let is_channel = chat.kind == ChatKind::Channel;
            if previous_kind.is_none() {
                // Messages may have arrived before their chat: point it at the newest of them.
                self.tx
                    .prepare_cached(
                        "UPDATE chats SET
                            last_message_key = (SELECT max(key) FROM messages WHERE chat_id = ?1),
                            last_activity_ms = max(last_activity_ms, coalesce(
                                (SELECT max(time_ms) FROM messages WHERE chat_id = ?1), 0))
                         WHERE id = ?1",
                    )?
                    .execute([chat.id.0])?;
            }
            if previous_kind
                .as_deref()
                .map(ChatKind::from_name)
                .map(|k| k == ChatKind::Channel)
                != Some(is_channel)
            {
                self.tx
                    .prepare_cached(
                        "UPDATE messages SET is_channel_post = ?2
                         WHERE chat_id = ?1 AND is_channel_post != ?2",
                    )?
                    .execute(params![chat.id.0, is_channel])?;
            }
            self.channel_chats.insert(chat.id, is_channel);
        }
        Ok(())
    }

    /// Records how far someone read a chat; marks only move forward. The account's own mark
    /// also sets the chat's unread count.
    pub fn set_read_mark(&mut self, mark: ReadMark) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO read_marks (chat_id, person_id, mark_ms) VALUES (?1, ?2, ?3)
                 ON CONFLICT (chat_id, person_id)
                 DO UPDATE SET mark_ms = max(mark_ms, excluded.mark_ms)",
            )?
            .execute((mark.chat_id.0, mark.person.0, mark.mark_ms))?;
        if Some(mark.person) == *self.own_person {
            self.tx
                .prepare_cached(
                    "UPDATE chats SET own_read_mark_ms = max(own_read_mark_ms, ?2) WHERE id = ?1",
                )?
                .execute((mark.chat_id.0, mark.mark_ms))?;
        }
        Ok(())
    }
}

impl WriteBatch<'_> {
    /// Makes the account's own read mark agree with the platform's unread count for a chat
    /// (MAX `newMessages`): the mark goes to the time of the newest message from others that the
    /// platform counts as read, or before every cached one when it counts more than the cache
    /// holds. Unlike [`WriteBatch::set_read_mark`] this may move the mark back: right after login
    /// the platform's count is the truth (another device may have read less, or more). A chat
    /// with a read mark still waiting in the outbox keeps the local mark: that intent is newer.
    pub fn reconcile_unread(&mut self, chat_id: ChatId, platform_unread: u32) -> Result<()> {
        let Some(own) = *self.own_person else {
            return Ok(());
        };
        let waiting: bool = self
            .tx
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM outbox
                    WHERE chat_id = ?1 AND action = 'mark_read' AND state = 0)",
            )?
            .query_row([chat_id.0], |row| row.get(0))?;
        if waiting {
            return Ok(());
        }
        let newest_read_key: Option<i64> = self
            .tx
            .prepare_cached(
                "SELECT key FROM messages
                 WHERE chat_id = ?1 AND sender_id != ?2 AND state != 2
                 ORDER BY key DESC LIMIT 1 OFFSET ?3",
            )?
            .query_row(params![chat_id.0, own.0, platform_unread], |row| row.get(0))
            .optional()?;
        let mark_ms = newest_read_key.map_or(0, key_time_ms);
        self.tx
            .prepare_cached(
                "INSERT INTO read_marks (chat_id, person_id, mark_ms) VALUES (?1, ?2, ?3)
                 ON CONFLICT (chat_id, person_id) DO UPDATE SET mark_ms = excluded.mark_ms",
            )?
            .execute((chat_id.0, own.0, mark_ms))?;
        self.tx
            .prepare_cached("UPDATE chats SET own_read_mark_ms = ?2 WHERE id = ?1")?
            .execute((chat_id.0, mark_ms))?;
        Ok(())
    }
}

impl Store {
    /// One chat by id.
    pub fn chat(&self, chat_id: ChatId) -> Result<Option<Chat>> {
        let sql = format!("SELECT {CHAT_COLUMNS} FROM chats c WHERE c.id = ?1");
        Ok(self
            .connection()
            .prepare_cached(&sql)?
            .query_row([chat_id.0], |row| chat_from_row(row, 0))
            .optional()?)
    }

    /// Every chat by last activity, newest first, with its newest message and unread count.
    pub fn chat_list(&self) -> Result<Vec<ChatListEntry>> {
        let own = self.own_person.map_or(i64::MIN, |person| person.0);
        let sql = format!(
            "SELECT {CHAT_COLUMNS}, c.last_activity_ms,
                (SELECT count(*) FROM (
                    SELECT 1 FROM messages u
                    WHERE u.chat_id = c.id AND u.key >= (c.own_read_mark_ms + 1) * ?1
                      AND u.sender_id != ?2 AND u.state != 2
                    LIMIT ?3)),
                {MESSAGE_COLUMNS}
             FROM chats c LEFT JOIN messages m ON m.key = c.last_message_key
             ORDER BY c.last_activity_ms DESC, c.id"
        );
        let key_per_ms = key_floor(1);
        Ok(self
            .connection()
            .prepare_cached(&sql)?
            .query_map(params![key_per_ms, own, UNREAD_COUNT_CAP], |row| {
                let chat = chat_from_row(row, 0)?;
                let last_activity_ms = row.get(CHAT_COLUMN_COUNT)?;
                let unread_count = row.get(CHAT_COLUMN_COUNT + 1)?;
                let has_message =
                    row.get_ref(CHAT_COLUMN_COUNT + 2)?.data_type() != rusqlite::types::Type::Null;
                let last_message = if has_message {
                    Some(message_from_row(row, CHAT_COLUMN_COUNT + 2)?)
                } else {
                    None
                };
                Ok(ChatListEntry {
                    chat,
                    last_message,
                    unread_count,
                    last_activity_ms,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Everyone's read marks in a chat ("read by").
    pub fn read_marks(&self, chat_id: ChatId) -> Result<Vec<ReadMark>> {
        Ok(self
            .connection()
            .prepare_cached("SELECT person_id, mark_ms FROM read_marks WHERE chat_id = ?1")?
            .query_map([chat_id.0], |row| {
                Ok(ReadMark {
                    chat_id,
                    person: crate::model::PersonId(row.get(0)?),
                    mark_ms: row.get(1)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }
}
