//! Writing messages: idempotent upserts, deletion marks, and the search rows that go with them.
//!
//! A batch first tries to insert each message (most of a history page is new); a unique
//! violation on `(chat_id, id)` means it is cached, and comparing the stored columns (inside
//! SQLite, without copying them out) decides whether the row and its search entry need
//! rewriting. Search-index changes are queued and written at
//! the end of the batch in key order: FTS5 writes its pending rows out as a new segment whenever
//! another statement opens a savepoint, so interleaving them with the message inserts made one
//! segment per message.

use std::collections::HashMap;

use rusqlite::ffi::{SQLITE_CONSTRAINT_PRIMARYKEY, SQLITE_CONSTRAINT_UNIQUE};
use rusqlite::{OptionalExtension, Statement, Transaction, params};

use super::WriteBatch;
use super::keys::{KEY_PROBE_MASK, initial_key};
use super::rows::to_json_column;
use crate::Result;
use crate::model::{ChatId, Message, MessageId, MessageState};
use crate::search::Stemmer;

const INSERT_MESSAGE: &str = "INSERT INTO messages (key, chat_id, id, sender_id, time_ms, kind,
        text, state, client_id, is_channel_post, elements_json, attachments_json, link_json,
        reactions_json, raw_json)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";
/// The cached copy's key and state, and whether it already holds exactly these columns.
const FIND_MESSAGE: &str = "SELECT key, state,
        sender_id IS ?3 AND kind = ?4 AND text = ?5 AND state = ?6 AND client_id IS ?7
        AND elements_json IS ?8 AND attachments_json IS ?9 AND link_json IS ?10
        AND reactions_json IS ?11 AND raw_json = ?12
    FROM messages WHERE chat_id = ?1 AND id = ?2";

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

/// A change to the search index, queued until the end of a write.
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

/// A message's derived columns as stored.
struct StoredColumns {
    elements_json: Option<String>,
    attachments_json: Option<String>,
    link_json: Option<String>,
    reactions_json: Option<String>,
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
        Ok(StoredColumns {
            elements_json,
            attachments_json,
            link_json,
            reactions_json,
        })
    }
}

impl WriteBatch<'_> {
    /// Inserts new messages and updates changed ones, with their search rows. A message seen
    /// twice is one row; an edit replaces its content in place; a message already marked
    /// deleted stays deleted even if an older copy arrives from history.
    pub fn upsert_messages(&mut self, messages: &[Message]) -> Result<IngestSummary> {
        let mut summary = IngestSummary::default();
        let mut changed = Vec::new();
        {
            let mut insert = self.tx.prepare_cached(INSERT_MESSAGE)?;
            let mut find = self.tx.prepare_cached(FIND_MESSAGE)?;
            for message in messages {
                let columns = StoredColumns::of(message)?;
                let is_channel_post =
                    chat_is_channel(&self.tx, &mut self.channel_chats, message.chat_id)?;
                let inserted =
                    insert_row(&self.tx, &mut insert, message, &columns, is_channel_post)?;
                if let Some(key) = inserted {
                    summary.inserted += 1;
                    self.inserted.push((message.chat_id, message.id));
                    note_newest(&mut self.newest_written, message, key);
                    if message.state != MessageState::Deleted {
                        queue_for_search(self.stemmer, &mut self.search_changes, key, message);
                    }
                    continue;
                }
                let found = params![
                    message.chat_id.0,
                    message.id.0,
                    message.sender.map(|person| person.0),
                    message.kind.as_str(),
                    message.text,
                    message.state.code(),
                    message.client_id,
                    columns.elements_json,
                    columns.attachments_json,
                    columns.link_json,
                    columns.reactions_json,
                    message.raw_json,
                ];
                let (key, state, same_content) = find.query_row(found, |row| {
                    Ok((
                        row.get::<_, i64>(0)?,
                        row.get::<_, i64>(1)?,
                        row.get::<_, bool>(2)?,
                    ))
                })?;
                let already_deleted = MessageState::from_code(state) == MessageState::Deleted;
                if same_content || already_deleted {
                    summary.unchanged += 1;
                } else {
                    changed.push((key, message, columns));
                }
            }
        }
        for (key, message, columns) in changed {
            self.update_message(key, message, &columns)?;
            note_newest(&mut self.newest_written, message, key);
            summary.updated += 1;
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

    fn update_message(
        &mut self,
        key: i64,
        message: &Message,
        columns: &StoredColumns,
    ) -> Result<()> {
        self.tx
            .prepare_cached(
                "UPDATE messages SET sender_id = ?2, kind = ?3, text = ?4, state = ?5,
                    client_id = ?6, elements_json = ?7, attachments_json = ?8, link_json = ?9,
                    reactions_json = ?10, raw_json = ?11
                 WHERE key = ?1",
            )?
            .execute(params![
                key,
                message.sender.map(|person| person.0),
                message.kind.as_str(),
                message.text,
                message.state.code(),
                message.client_id,
                columns.elements_json,
                columns.attachments_json,
                columns.link_json,
                columns.reactions_json,
                message.raw_json,
            ])?;
        self.search_changes.push(SearchChange::Forget(key));
        if message.state != MessageState::Deleted {
            queue_for_search(self.stemmer, &mut self.search_changes, key, message);
        }
        Ok(())
    }

    /// Writes the queued search changes, in key order (see the module comment).
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
}

/// Inserts the message unless `(chat_id, id)` is already cached; returns its key if inserted.
fn insert_row(
    tx: &rusqlite::Transaction<'_>,
    insert: &mut Statement<'_>,
    message: &Message,
    columns: &StoredColumns,
    is_channel_post: bool,
) -> Result<Option<i64>> {
    let mut key = initial_key(message);
    loop {
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
            columns.elements_json,
            columns.attachments_json,
            columns.link_json,
            columns.reactions_json,
            message.raw_json,
        ]);
        let error = match attempt {
            Ok(_) => return Ok(Some(key)),
            Err(error) => error,
        };
        match constraint_violated(&error) {
            // Already cached: the caller compares and updates.
            Some(SQLITE_CONSTRAINT_UNIQUE) => return Ok(None),
            // Another message holds this key (same millisecond, same tiebreak): take the next.
            // Bounded: a long run of taken keys means something else is wrong.
            Some(SQLITE_CONSTRAINT_PRIMARYKEY) if key & KEY_PROBE_MASK != KEY_PROBE_MASK => {
                key += 1;
            }
            // The key SQLite checks first may be this very message's own (seen again, same
            // time, same tiebreak): that is "already cached", whatever the key's low bits.
            Some(SQLITE_CONSTRAINT_PRIMARYKEY) if is_cached(tx, message)? => return Ok(None),
            _ => return Err(error.into()),
        }
    }
}

/// Whether `(chat_id, id)` of `message` is already in the cache.
fn is_cached(tx: &rusqlite::Transaction<'_>, message: &Message) -> Result<bool> {
    let mut find = tx.prepare_cached("SELECT 1 FROM messages WHERE chat_id = ?1 AND id = ?2")?;
    Ok(find.exists(params![message.chat_id.0, message.id.0])?)
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

/// Whether a chat is a channel, looked up once per batch.
fn chat_is_channel(
    tx: &Transaction<'_>,
    known: &mut HashMap<ChatId, bool>,
    chat_id: ChatId,
) -> Result<bool> {
    if let Some(&is_channel) = known.get(&chat_id) {
        return Ok(is_channel);
    }
    let is_channel = tx
        .prepare_cached("SELECT kind = 'CHANNEL' FROM chats WHERE id = ?1")?
        .query_row([chat_id.0], |row| row.get(0))
        .optional()?
        .unwrap_or(false);
    known.insert(chat_id, is_channel);
    Ok(is_channel)
}

fn note_newest(newest: &mut HashMap<ChatId, (i64, i64)>, message: &Message, key: i64) {
    let entry = newest
        .entry(message.chat_id)
        .or_insert((key, message.time_ms));
    if key > entry.0 {
        *entry = (key, message.time_ms);
    }
}

/// Queues the stemmed copy of the message's words: text, attachment names, a forward's text.
fn queue_for_search(
    stemmer: &mut Stemmer,
    changes: &mut Vec<SearchChange>,
    key: i64,
    message: &Message,
) {
    let mut texts = Vec::new();
    collect_texts(message, &mut texts);
    let terms = stemmer.index_terms(texts);
    if !terms.is_empty() {
        changes.push(SearchChange::Index(key, terms));
    }
}

fn collect_texts<'m>(message: &'m Message, texts: &mut Vec<&'m str>) {
    texts.push(&message.text);
    texts.extend(
        message
            .attachments
            .iter()
            .filter_map(|a| a.kind.searchable_text()),
    );
    if let Some(linked) = message
        .link
        .as_ref()
        .and_then(|link| link.message.as_deref())
    {
        collect_texts(linked, texts);
    }
}
