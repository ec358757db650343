//! Messages: idempotent upserts with their search rows, deletion marks, and the page queries.

use std::hash::{Hash, Hasher};

use rusqlite::ffi::{SQLITE_CONSTRAINT_PRIMARYKEY, SQLITE_CONSTRAINT_UNIQUE};
use rusqlite::{OptionalExtension, params};

use super::rows::{MESSAGE_COLUMN_COUNT, MESSAGE_COLUMNS, message_from_row, to_json_column};
use super::{Store, WriteBatch};
use crate::Result;
use crate::model::{ChatId, Message, MessageId, MessageState};

/// Low bits of a message key that break ties between messages of the same millisecond.
const TIEBREAK_BITS: u32 = 20;
/// Probing for a free key stops at a key whose low bits are all ones.
const KEY_PROBE_MASK: i64 = 0xFF;
/// The latest time a key can hold (year 2248); later times are clamped.
const MAX_KEY_TIME_MS: i64 = (1 << (63 - TIEBREAK_BITS)) - 1;

/// A message with what the chat view needs to show beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageView {
    /// The message.
    pub message: Message,
    /// The sender's name, when the person is cached.
    pub sender_name: Option<String>,
}

/// What an upsert of a batch of messages did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IngestSummary {
    /// Messages new to the cache.
    pub inserted: usize,
    /// Messages whose content changed (edits, reactions, deletion by status).
    pub updated: usize,
    /// Messages already cached exactly as given.
    pub unchanged: usize,
}

/// The smallest key a message sent at `time_ms` can have.
pub(super) fn key_floor(time_ms: i64) -> i64 {
    time_ms.clamp(0, MAX_KEY_TIME_MS) << TIEBREAK_BITS
}

fn initial_key(message: &Message) -> i64 {
    // splitmix64 of (chat, id): a stable tiebreak, so re-ingesting yields the same key.
    let mut mixed = (message.chat_id.0 as u64).rotate_left(32) ^ (message.id.0 as u64);
    mixed = mixed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    mixed = (mixed ^ (mixed >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    mixed = (mixed ^ (mixed >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    mixed ^= mixed >> 31;
    key_floor(message.time_ms) | (mixed & ((1 << TIEBREAK_BITS) - 1)) as i64
}

/// The extended code of a constraint violation, if `error` is one.
fn constraint_violated(error: &rusqlite::Error) -> Option<i32> {
    match error {
        rusqlite::Error::SqliteFailure(failure, _)
            if failure.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            Some(failure.extended_code)
        }
        _ => None,
    }
}

/// A change to the search index, queued until the end of a write (see
/// [`WriteBatch::apply_search_changes`]).
pub(super) enum SearchChange {
    /// Drop the message with this key from the index.
    Forget(i64),
    /// Index this stemmed copy under this key.
    Index(i64, String),
}

impl SearchChange {
    fn key(&self) -> i64 {
        match self {
            SearchChange::Forget(key) | SearchChange::Index(key, _) => *key,
        }
    }
}

/// A message's columns as stored.
struct StoredColumns {
    elements_json: Option<String>,
    attachments_json: Option<String>,
    link_json: Option<String>,
    reactions_json: Option<String>,
    fingerprint: i64,
}

impl StoredColumns {
    fn of(message: &Message) -> Result<Self> {
        let elements_json = to_json_column(&message.elements, message.elements.is_empty())?;
        let attachments_json =
            to_json_column(&message.attachments, message.attachments.is_empty())?;
        let link_json = to_json_column(&message.link, message.link.is_none())?;
        let reactions_json = to_json_column(
            &message.reactions,
            message.reactions.counts.is_empty() && message.reactions.own.is_none(),
        )?;
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (
            message.sender,
            message.time_ms,
            message.kind.as_str(),
            &message.text,
        )
            .hash(&mut hasher);
        (message.state.code(), message.client_id, &message.raw_json).hash(&mut hasher);
        (
            &elements_json,
            &attachments_json,
            &link_json,
            &reactions_json,
        )
            .hash(&mut hasher);
        Ok(StoredColumns {
            elements_json,
            attachments_json,
            link_json,
            reactions_json,
            fingerprint: hasher.finish() as i64,
        })
    }
}

impl WriteBatch<'_> {
    /// Inserts new messages and updates changed ones, with their search rows. A message seen
    /// twice is one row; an edit replaces its content in place; a message already marked
    /// deleted stays deleted even if an older copy arrives from history.
    pub fn upsert_messages(&mut self, messages: &[Message]) -> Result<IngestSummary> {
        let mut summary = IngestSummary::default();
        for message in messages {
            let columns = StoredColumns::of(message)?;
            // Most messages of a history page are new: try the insert first.
            if let Some(key) = self.insert_if_new(message, &columns)? {
                summary.inserted += 1;
                self.note_written(message.chat_id, key, message.time_ms);
                continue;
            }
            let (key, state, fingerprint) = self
                .tx
                .prepare_cached(
                    "SELECT key, state, fingerprint FROM messages WHERE chat_id = ?1 AND id = ?2",
                )?
                .query_row((message.chat_id.0, message.id.0), |row| {
                    Ok((
                        row.get::<_, i64>(0)?,
                        row.get::<_, i64>(1)?,
                        row.get::<_, i64>(2)?,
                    ))
                })?;
            let already_deleted = MessageState::from_code(state) == MessageState::Deleted;
            if fingerprint == columns.fingerprint || already_deleted {
                summary.unchanged += 1;
                continue;
            }
            self.update_message(key, message, &columns)?;
            summary.updated += 1;
            self.note_written(message.chat_id, key, message.time_ms);
        }
        self.apply_search_changes()?;
        Ok(summary)
    }

    /// Marks messages deleted: the rows stay (replies keep their target), search forgets them.
    pub fn mark_deleted(&mut self, chat_id: ChatId, ids: &[MessageId]) -> Result<usize> {
        let mut marked = 0;
        for id in ids {
            let key: Option<i64> = self
                .tx
                .prepare_cached(
                    "UPDATE messages SET state = ?3 WHERE chat_id = ?1 AND id = ?2 AND state != ?3
                     RETURNING key",
                )?
                .query_row((chat_id.0, id.0, MessageState::Deleted.code()), |row| {
                    row.get(0)
                })
                .optional()?;
            if let Some(key) = key {
                self.search_changes.push(SearchChange::Forget(key));
                marked += 1;
            }
        }
        self.apply_search_changes()?;
        Ok(marked)
    }

    /// Inserts the message unless `(chat_id, id)` is already cached; returns its key if inserted.
    fn insert_if_new(&mut self, message: &Message, columns: &StoredColumns) -> Result<Option<i64>> {
        let is_channel_post = self.is_channel(message.chat_id)?;
        let mut key = initial_key(message);
        let mut insert = self.tx.prepare_cached(
            "INSERT INTO messages (key, chat_id, id, sender_id, time_ms, kind, text, state,
                client_id, is_channel_post, fingerprint, elements_json, attachments_json,
                link_json, reactions_json, raw_json)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        )?;
        let inserted = loop {
            let attempt = insert.execute(params![
                key,
                message.chat_id.0,
                message.id.0,
                message.sender.map(|person| person.0),
                message.time_ms,
                message.kind.as_str(),
                message.text,
                message.state.code(),
                message.client_id,
                is_channel_post,
                columns.fingerprint,
                columns.elements_json,
                columns.attachments_json,
                columns.link_json,
                columns.reactions_json,
                message.raw_json,
            ]);
            match attempt {
                Ok(_) => break Some(key),
                Err(error) => match constraint_violated(&error) {
                    // Already cached: the caller compares and updates.
                    Some(SQLITE_CONSTRAINT_UNIQUE) => break None,
                    // Another message holds this key (same millisecond, same tiebreak): take
                    // the next. Bounded: a long run of taken keys means something else is wrong.
                    Some(SQLITE_CONSTRAINT_PRIMARYKEY)
                        if key & KEY_PROBE_MASK != KEY_PROBE_MASK =>
                    {
                        key += 1;
                    }
                    _ => return Err(error.into()),
                },
            }
        };
        drop(insert);
        if let Some(key) = inserted
            && message.state != MessageState::Deleted
        {
            self.index_for_search(key, message);
        }
        Ok(inserted)
    }

    fn update_message(
        &mut self,
        key: i64,
        message: &Message,
        columns: &StoredColumns,
    ) -> Result<()> {
        self.tx
            .prepare_cached(
                "UPDATE messages SET sender_id = ?2, kind = ?3, text = ?4, state = ?5,
                    client_id = ?6, fingerprint = ?7, elements_json = ?8, attachments_json = ?9,
                    link_json = ?10, reactions_json = ?11, raw_json = ?12
                 WHERE key = ?1",
            )?
            .execute(params![
                key,
                message.sender.map(|person| person.0),
                message.kind.as_str(),
                message.text,
                message.state.code(),
                message.client_id,
                columns.fingerprint,
                columns.elements_json,
                columns.attachments_json,
                columns.link_json,
                columns.reactions_json,
                message.raw_json,
            ])?;
        self.search_changes.push(SearchChange::Forget(key));
        if message.state != MessageState::Deleted {
            self.index_for_search(key, message);
        }
        Ok(())
    }

    /// Queues the stemmed copy of the message's words: text, attachment names, a forward's text.
    fn index_for_search(&mut self, key: i64, message: &Message) {
        let mut stems = String::new();
        collect_stems(self.stemmer, message, &mut stems);
        // The index has no positions (detail = none): each stem once is enough.
        let mut terms: Vec<&str> = stems.split(' ').filter(|term| !term.is_empty()).collect();
        terms.sort_unstable();
        terms.dedup();
        if !terms.is_empty() {
            self.search_changes
                .push(SearchChange::Index(key, terms.join(" ")));
        }
    }

    /// Writes the queued search changes, in key order. They are queued because FTS5 writes its
    /// pending rows out as a new segment whenever another statement opens a savepoint: one
    /// segment per message when interleaved with the message inserts, one per batch this way.
    pub(super) fn apply_search_changes(&mut self) -> Result<()> {
        if self.search_changes.is_empty() {
            return Ok(());
        }
        self.search_changes.sort_by_key(SearchChange::key);
        let mut forget = self
            .tx
            .prepare_cached("DELETE FROM message_search WHERE rowid = ?1")?;
        let mut index = self
            .tx
            .prepare_cached("INSERT INTO message_search (rowid, stems) VALUES (?1, ?2)")?;
        for change in self.search_changes.drain(..) {
            match change {
                SearchChange::Forget(key) => forget.execute([key])?,
                SearchChange::Index(key, stems) => index.execute(params![key, stems])?,
            };
        }
        Ok(())
    }

    fn is_channel(&mut self, chat_id: ChatId) -> Result<bool> {
        if let Some(&is_channel) = self.channel_chats.get(&chat_id) {
            return Ok(is_channel);
        }
        let is_channel = self
            .tx
            .prepare_cached("SELECT kind = 'CHANNEL' FROM chats WHERE id = ?1")?
            .query_row([chat_id.0], |row| row.get(0))
            .optional()?
            .unwrap_or(false);
        self.channel_chats.insert(chat_id, is_channel);
        Ok(is_channel)
    }

    fn note_written(&mut self, chat_id: ChatId, key: i64, time_ms: i64) {
        let newest = self.newest_written.entry(chat_id).or_insert((key, time_ms));
        if key > newest.0 {
            *newest = (key, time_ms);
        }
    }
}

fn collect_stems(stemmer: &mut crate::search::Stemmer, message: &Message, out: &mut String) {
    stemmer.push_stems(&message.text, out);
    for attachment in &message.attachments {
        if let Some(words) = attachment.kind.searchable_text() {
            stemmer.push_stems(words, out);
        }
    }
    if let Some(linked) = message
        .link
        .as_ref()
        .and_then(|link| link.message.as_deref())
    {
        collect_stems(stemmer, linked, out);
    }
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
