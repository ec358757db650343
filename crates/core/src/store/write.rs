//! The write side: one transaction, many upserts, committed together.

use std::collections::HashMap;

use rusqlite::Transaction;

use super::ingest::SearchChange;
use crate::Result;
use crate::model::{ChatId, MessageId, PersonId};
use crate::search::Stemmer;

/// Writes inside one transaction; obtained from [`super::Store::write`]. Dropping it without
/// returning `Ok` from the closure rolls everything back.
pub struct WriteBatch<'a> {
    pub(super) tx: Transaction<'a>,
    pub(super) stemmer: &'a mut Stemmer,
    pub(super) own_person: &'a mut Option<PersonId>,
    /// Per chat: is it a channel? Looked up once per batch.
    pub(super) channel_chats: HashMap<ChatId, bool>,
    /// Per chat: the newest message key and time written in this batch.
    pub(super) newest_written: HashMap<ChatId, (i64, i64)>,
    /// Search-index changes not yet written.
    pub(super) search_changes: Vec<SearchChange>,
    /// Messages new to the cache in this batch, in the order they were inserted.
    pub(super) inserted: Vec<(ChatId, MessageId)>,
}

impl<'a> WriteBatch<'a> {
    pub(super) fn new(
        tx: Transaction<'a>,
        stemmer: &'a mut Stemmer,
        own_person: &'a mut Option<PersonId>,
    ) -> Self {
        WriteBatch {
            tx,
            stemmer,
            own_person,
            channel_chats: HashMap::new(),
            newest_written: HashMap::new(),
            search_changes: Vec::new(),
            inserted: Vec::new(),
        }
    }

    /// The messages this batch inserted (new to the cache, not updated) since the last call,
    /// oldest call first; the sync engine tells the notifier about them.
    pub fn take_inserted(&mut self) -> Vec<(ChatId, MessageId)> {
        std::mem::take(&mut self.inserted)
    }

    /// The open transaction, for writes that live in other modules (sync markers).
    pub fn transaction(&self) -> &Transaction<'a> {
        &self.tx
    }

    pub(super) fn commit(mut self) -> Result<()> {
        self.apply_search_changes()?;
        self.apply_chat_activity()?;
        self.tx.commit()?;
        Ok(())
    }

    /// Points each chat touched by this batch at its newest cached message.
    fn apply_chat_activity(&mut self) -> Result<()> {
        let mut update = self.tx.prepare_cached(
            "UPDATE chats SET last_message_key = ?2, last_activity_ms = max(last_activity_ms, ?3)
             WHERE id = ?1 AND (last_message_key IS NULL OR last_message_key < ?2)",
        )?;
        for (chat_id, (key, time_ms)) in self.newest_written.drain() {
            update.execute((chat_id.0, key, time_ms))?;
        }
        Ok(())
    }
}
