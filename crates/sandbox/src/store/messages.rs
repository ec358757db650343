//! Messages, edits, deletions and read marks.

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde_json::Value;

use super::Store;
use crate::error::Result;

/// A message as stored.
#[derive(Debug, Clone)]
pub struct MessageRow {
    /// Message id (sent as a string on the wire).
    pub id: i64,
    /// Chat id.
    pub chat_id: i64,
    /// Sender's user id.
    pub sender: i64,
    /// The sender's client id, used to deduplicate retried sends.
    pub cid: Option<i64>,
    /// Send time.
    pub time: i64,
    /// Last edit or deletion time.
    pub update_time: Option<i64>,
    /// Text.
    pub text: String,
    /// Formatting elements (JSON array).
    pub elements: Value,
    /// Attachments (JSON array of `{_type, …}`).
    pub attaches: Value,
    /// Reply/forward link.
    pub link: Option<Value>,
    /// None, EDITED or REMOVED.
    pub status: Option<String>,
    /// USER | SYSTEM | CONTROL.
    pub kind: String,
}

const MSG_COLS: &str =
    "id, chat_id, sender, cid, time, update_time, text, elements, attaches, link, status, type";

impl MessageRow {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<MessageRow> {
        let json = |s: Option<String>| s.and_then(|s| serde_json::from_str::<Value>(&s).ok());
        Ok(MessageRow {
            id: r.get(0)?,
            chat_id: r.get(1)?,
            sender: r.get(2)?,
            cid: r.get(3)?,
            time: r.get(4)?,
            update_time: r.get(5)?,
            text: r.get(6)?,
            elements: json(r.get(7)?).unwrap_or_else(|| Value::Array(vec![])),
            attaches: json(r.get(8)?).unwrap_or_else(|| Value::Array(vec![])),
            link: json(r.get(9)?),
            status: r.get(10)?,
            kind: r.get(11)?,
        })
    }
}

/// The result of a send.
#[derive(Debug, Clone)]
pub struct SendOutcome {
    /// The stored message.
    pub message: MessageRow,
    /// False when the send repeated an earlier `cid` of the same sender.
    pub fresh: bool,
}

/// What 49 CHAT_HISTORY asks for.
#[derive(Debug, Clone, Copy)]
pub struct HistoryQuery {
    /// Chat id.
    pub chat: i64,
    /// Anchor time (ms).
    pub from: i64,
    /// How many messages after `from`.
    pub forward: u32,
    /// How many messages at or before `from`.
    pub backward: u32,
}

/// Inserts a message with a fresh id not below `time * 1000` (keeps ids time-ordered).
pub fn insert_message(conn: &Connection, m: &MessageRow) -> Result<i64> {
    let max: i64 = conn.query_row("SELECT COALESCE(MAX(id), 0) FROM messages", [], |r| {
        r.get(0)
    })?;
    let id = (m.time.saturating_mul(1000)).max(max + 1);
    conn.execute(
        &format!("INSERT INTO messages ({MSG_COLS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"),
        params![
            id,
            m.chat_id,
            m.sender,
            m.cid,
            m.time,
            m.update_time,
            m.text,
            m.elements.to_string(),
            m.attaches.to_string(),
            m.link.as_ref().map(Value::to_string),
            m.status,
            m.kind
        ],
    )?;
    conn.execute(
        "UPDATE chats SET modified = MAX(modified, ?2) WHERE id = ?1",
        params![m.chat_id, m.time],
    )?;
    Ok(id)
}

impl Store {
    /// Stores a new message unless the sender already sent one with this `cid`, in which case
    /// that earlier message is returned with `fresh: false`.
    pub fn send(&self, mut m: MessageRow) -> Result<SendOutcome> {
        m.time = self.now();
        // Check and insert in one transaction: two sessions retrying the same cid at once
        // still store one message.
        self.transaction(|tx| {
            if let Some(cid) = m.cid {
                let old = tx
                    .query_row(
                        &format!("SELECT {MSG_COLS} FROM messages WHERE sender = ?1 AND cid = ?2"),
                        params![m.sender, cid],
                        MessageRow::from_row,
                    )
                    .optional()?;
                if let Some(message) = old {
                    return Ok(SendOutcome {
                        message,
                        fresh: false,
                    });
                }
            }
            m.id = insert_message(tx, &m)?;
            Ok(SendOutcome {
                message: m,
                fresh: true,
            })
        })
    }

    /// The message a sender sent with `cid`, in any chat.
    pub fn message_by_cid(&self, sender: i64, cid: i64) -> Result<Option<MessageRow>> {
        let db = self.db();
        Ok(db
            .query_row(
                &format!("SELECT {MSG_COLS} FROM messages WHERE sender = ?1 AND cid = ?2"),
                params![sender, cid],
                MessageRow::from_row,
            )
            .optional()?)
    }

    /// One message of a chat.
    pub fn message(&self, chat: i64, id: i64) -> Result<Option<MessageRow>> {
        let db = self.db();
        Ok(db
            .query_row(
                &format!("SELECT {MSG_COLS} FROM messages WHERE chat_id = ?1 AND id = ?2"),
                params![chat, id],
                MessageRow::from_row,
            )
            .optional()?)
    }

    /// A page of history, oldest first, without removed messages.
    pub fn history(&self, q: HistoryQuery) -> Result<Vec<MessageRow>> {
        let db = self.db();
        let mut back = db.prepare(&format!(
            "SELECT {MSG_COLS} FROM messages WHERE chat_id = ?1 AND time <= ?2
             AND COALESCE(status, '') != 'REMOVED' ORDER BY time DESC, id DESC LIMIT ?3"
        ))?;
        let mut out: Vec<MessageRow> = back
            .query_map(params![q.chat, q.from, q.backward], MessageRow::from_row)?
            .collect::<rusqlite::Result<_>>()?;
        out.reverse();
        let mut fwd = db.prepare(&format!(
            "SELECT {MSG_COLS} FROM messages WHERE chat_id = ?1 AND time > ?2
             AND COALESCE(status, '') != 'REMOVED' ORDER BY time, id LIMIT ?3"
        ))?;
        let later = fwd.query_map(params![q.chat, q.from, q.forward], MessageRow::from_row)?;
        for m in later {
            out.push(m?);
        }
        Ok(out)
    }

    /// Every message of a chat, oldest first (`removed`: include deleted ones).
    pub fn all_messages(&self, chat: i64, removed: bool) -> Result<Vec<MessageRow>> {
        let db = self.db();
        let mut st = db.prepare(&format!(
            "SELECT {MSG_COLS} FROM messages WHERE chat_id = ?1
             AND (?2 OR COALESCE(status, '') != 'REMOVED') ORDER BY time, id"
        ))?;
        let rows = st.query_map(params![chat, removed], MessageRow::from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Messages of a chat changed (sent, edited or deleted) after `since`, oldest first, at
    /// most `limit`.
    pub fn changed_since(&self, chat: i64, since: i64, limit: u32) -> Result<Vec<MessageRow>> {
        let db = self.db();
        let mut st = db.prepare(&format!(
            "SELECT {MSG_COLS} FROM messages WHERE chat_id = ?1
             AND MAX(time, COALESCE(update_time, 0)) > ?2
             AND COALESCE(status, '') != 'REMOVED' ORDER BY time DESC, id DESC LIMIT ?3"
        ))?;
        let mut out: Vec<MessageRow> = st
            .query_map(params![chat, since, limit], MessageRow::from_row)?
            .collect::<rusqlite::Result<_>>()?;
        out.reverse();
        Ok(out)
    }

    /// The newest visible message of a chat.
    pub fn last_message(&self, chat: i64) -> Result<Option<MessageRow>> {
        let db = self.db();
        Ok(db
            .query_row(
                &format!(
                    "SELECT {MSG_COLS} FROM messages WHERE chat_id = ?1
                     AND COALESCE(status, '') != 'REMOVED' ORDER BY time DESC, id DESC LIMIT 1"
                ),
                [chat],
                MessageRow::from_row,
            )
            .optional()?)
    }

    /// Visible messages in a chat.
    pub fn message_count(&self, chat: i64) -> Result<i64> {
        Ok(self.db().query_row(
            "SELECT COUNT(*) FROM messages WHERE chat_id = ?1 AND COALESCE(status, '') != 'REMOVED'",
            [chat],
            |r| r.get(0),
        )?)
    }

    /// Replaces a message's text, elements and (when given) attachments; marks it EDITED.
    pub fn edit(
        &self,
        chat: i64,
        id: i64,
        text: &str,
        elements: &Value,
        attaches: Option<&Value>,
    ) -> Result<Option<MessageRow>> {
        let t = self.now();
        {
            let db = self.db();
            db.execute(
                "UPDATE messages SET text = ?3, elements = ?4, attaches = COALESCE(?5, attaches),
                 status = 'EDITED', update_time = ?6 WHERE chat_id = ?1 AND id = ?2",
                params![
                    chat,
                    id,
                    text,
                    elements.to_string(),
                    attaches.map(Value::to_string),
                    t
                ],
            )?;
            db.execute(
                "UPDATE chats SET modified = MAX(modified, ?2) WHERE id = ?1",
                params![chat, t],
            )?;
        }
        self.message(chat, id)
    }

    /// Marks messages REMOVED; returns the ids that were removed now.
    pub fn delete(&self, chat: i64, ids: &[i64]) -> Result<Vec<i64>> {
        let t = self.now();
        let db = self.db();
        let mut done = Vec::new();
        for id in ids {
            let n = db.execute(
                "UPDATE messages SET status = 'REMOVED', update_time = ?3
                 WHERE chat_id = ?1 AND id = ?2 AND COALESCE(status, '') != 'REMOVED'",
                params![chat, id, t],
            )?;
            if n > 0 {
                done.push(*id);
            }
        }
        if !done.is_empty() {
            db.execute(
                "UPDATE chats SET modified = MAX(modified, ?2) WHERE id = ?1",
                params![chat, t],
            )?;
            db.execute(
                "UPDATE chats SET pinned_message = NULL WHERE id = ?1 AND pinned_message IN
                 (SELECT id FROM messages WHERE chat_id = ?1 AND status = 'REMOVED')",
                [chat],
            )?;
        }
        Ok(done)
    }

    /// Sets a person's read mark (never moves it back). Returns the stored mark.
    pub fn mark_read(&self, chat: i64, person: i64, mark: i64) -> Result<i64> {
        let db = self.db();
        db.execute(
            "INSERT INTO read_marks (chat_id, person_id, mark) VALUES (?1, ?2, ?3)
             ON CONFLICT(chat_id, person_id) DO UPDATE SET mark = MAX(mark, excluded.mark)",
            params![chat, person, mark],
        )?;
        Ok(db.query_row(
            "SELECT mark FROM read_marks WHERE chat_id = ?1 AND person_id = ?2",
            params![chat, person],
            |r| r.get(0),
        )?)
    }

    /// A person's read mark in a chat (0 if none).
    pub fn read_mark(&self, chat: i64, person: i64) -> Result<i64> {
        Ok(self
            .db()
            .query_row(
                "SELECT mark FROM read_marks WHERE chat_id = ?1 AND person_id = ?2",
                params![chat, person],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or(0))
    }

    /// Messages from others after the person's read mark.
    pub fn unread(&self, chat: i64, person: i64) -> Result<i64> {
        let mark = self.read_mark(chat, person)?;
        Ok(self.db().query_row(
            "SELECT COUNT(*) FROM messages WHERE chat_id = ?1 AND sender != ?2 AND time > ?3
             AND COALESCE(status, '') != 'REMOVED'",
            params![chat, person, mark],
            |r| r.get(0),
        )?)
    }
}
