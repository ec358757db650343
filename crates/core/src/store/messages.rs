//! Reading messages: a chat's pages, the page around a message, channel posts, one message.

use rusqlite::{OptionalExtension, params};

use super::Store;
use super::rows::{MESSAGE_COLUMN_COUNT, MESSAGE_COLUMNS, message_from_row};
use crate::Result;
use crate::model::{ChatId, Message, MessageId};

/// A message with what the chat view needs to show beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageView {
    /// The message.
    pub message: Message,
    /// The sender's name, when the person is cached.
    pub sender_name: Option<String>,
}

impl Store {
    /// One message by id.
    pub fn message(&self, chat_id: ChatId, id: MessageId) -> Result<Option<MessageView>> {
        let sql = format!(
            "SELECT {MESSAGE_COLUMNS}, p.name FROM messages m
             LEFT JOIN people p ON p.id = m.sender_id
             WHERE m.chat_id = ?1 AND m.id = ?2"
        );
        Ok(self
            .connection()
            .prepare_cached(&sql)?
            .query_row((chat_id.0, id.0), view_from_row)
            .optional()?)
    }

    /// The newest `limit` messages of a chat, newest first (what opening a chat shows).
    pub fn newest_messages(&self, chat_id: ChatId, limit: usize) -> Result<Vec<MessageView>> {
        self.messages_below_key(chat_id, i64::MAX, limit)
    }

    /// Up to `limit` messages older than `before`, newest first (scrolling back).
    pub fn messages_before(
        &self,
        chat_id: ChatId,
        before: MessageId,
        limit: usize,
    ) -> Result<Vec<MessageView>> {
        match self.message_key(chat_id, before)? {
            Some(key) => self.messages_below_key(chat_id, key, limit),
            None => Ok(Vec::new()),
        }
    }

    /// The page around a message (a search hit, a reply's target): the message itself with up to
    /// `limit / 2` older and newer ones, newest first.
    pub fn messages_around(
        &self,
        chat_id: ChatId,
        around: MessageId,
        limit: usize,
    ) -> Result<Vec<MessageView>> {
        let Some(key) = self.message_key(chat_id, around)? else {
            return Ok(Vec::new());
        };
        let newer_count = limit.saturating_sub(1) / 2;
        let sql = format!(
            "SELECT {MESSAGE_COLUMNS}, p.name FROM messages m
             LEFT JOIN people p ON p.id = m.sender_id
             WHERE m.chat_id = ?1 AND m.key > ?2 ORDER BY m.key ASC LIMIT ?3"
        );
        let mut newer: Vec<MessageView> = self
            .connection()
            .prepare_cached(&sql)?
            .query_map(params![chat_id.0, key, newer_count as i64], view_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        newer.reverse();
        let older = self.messages_below_key(chat_id, key + 1, limit - newer.len())?;
        newer.extend(older);
        Ok(newer)
    }

    /// Channel posts from every channel, newest first (the announcements view); pass the last
    /// post shown as `before` to page back.
    pub fn channel_posts(
        &self,
        before: Option<(ChatId, MessageId)>,
        limit: usize,
    ) -> Result<Vec<MessageView>> {
        let below = match before {
            Some((chat_id, id)) => match self.message_key(chat_id, id)? {
                Some(key) => key,
                None => return Ok(Vec::new()),
            },
            None => i64::MAX,
        };
        let sql = format!(
            "SELECT {MESSAGE_COLUMNS}, p.name FROM messages m INDEXED BY channel_posts_by_time
             LEFT JOIN people p ON p.id = m.sender_id
             WHERE m.is_channel_post = 1 AND m.key < ?1 ORDER BY m.key DESC LIMIT ?2"
        );
        Ok(self
            .connection()
            .prepare_cached(&sql)?
            .query_map(params![below, limit as i64], view_from_row)?
            .collect::<rusqlite::Result<_>>()?)
    }

    fn messages_below_key(
        &self,
        chat_id: ChatId,
        below: i64,
        limit: usize,
    ) -> Result<Vec<MessageView>> {
        let sql = format!(
            "SELECT {MESSAGE_COLUMNS}, p.name FROM messages m
             LEFT JOIN people p ON p.id = m.sender_id
             WHERE m.chat_id = ?1 AND m.key < ?2 ORDER BY m.key DESC LIMIT ?3"
        );
        Ok(self
            .connection()
            .prepare_cached(&sql)?
            .query_map(params![chat_id.0, below, limit as i64], view_from_row)?
            .collect::<rusqlite::Result<_>>()?)
    }

    pub(super) fn message_key(&self, chat_id: ChatId, id: MessageId) -> Result<Option<i64>> {
        Ok(self
            .connection()
            .prepare_cached("SELECT key FROM messages WHERE chat_id = ?1 AND id = ?2")?
            .query_row((chat_id.0, id.0), |row| row.get(0))
            .optional()?)
    }
}

fn view_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<MessageView> {
    Ok(MessageView {
        message: message_from_row(row, 0)?,
        sender_name: row.get(MESSAGE_COLUMN_COUNT)?,
    })
}
