//! The persisted outbox rows: intent is written here before any network call. The queue logic
//! (ordering, retries, dependent steps) belongs to `core::outbox`, which comes with sync.

use rusqlite::{OptionalExtension, params};

use super::{Store, WriteBatch};
use crate::Result;
use crate::model::{ChatId, MessageId, OutboxAction, OutboxEntry, OutboxState};

const OUTBOX_COLUMNS: &str = "client_id, chat_id, action, payload_json, depends_on, state, \
    attempts, last_error, created_ms, server_message_id";

fn entry_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<OutboxEntry> {
    let action: String = row.get(2)?;
    Ok(OutboxEntry {
        client_id: row.get(0)?,
        chat_id: ChatId(row.get(1)?),
        action: OutboxAction::from_name(&action),
        payload_json: row.get(3)?,
        depends_on: row.get(4)?,
        state: OutboxState::from_code(row.get(5)?),
        attempts: row.get(6)?,
        last_error: row.get(7)?,
        created_ms: row.get(8)?,
        server_message_id: row.get::<_, Option<i64>>(9)?.map(MessageId),
    })
}

impl WriteBatch<'_> {
    /// Persists an entry. Enqueuing the same client id again changes nothing (retries are safe).
    pub fn enqueue_outbox(&mut self, entry: &OutboxEntry) -> Result<bool> {
        let inserted = self
            .tx
            .prepare_cached(
                "INSERT INTO outbox (client_id, chat_id, action, payload_json, depends_on, state,
                    attempts, last_error, created_ms, server_message_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                 ON CONFLICT (client_id) DO NOTHING",
            )?
            .execute(params![
                entry.client_id,
                entry.chat_id.0,
                entry.action.as_str(),
                entry.payload_json,
                entry.depends_on,
                entry.state.code(),
                entry.attempts,
                entry.last_error,
                entry.created_ms,
                entry.server_message_id.map(|id| id.0),
            ])?;
        Ok(inserted == 1)
    }

    /// Records the outcome of an attempt: the new state, the error if any, the server's id.
    pub fn record_outbox_attempt(
        &mut self,
        client_id: i64,
        state: OutboxState,
        last_error: Option<&str>,
        server_message_id: Option<MessageId>,
    ) -> Result<()> {
        self.tx
            .prepare_cached(
                "UPDATE outbox SET state = ?2, attempts = attempts + 1, last_error = ?3,
                    server_message_id = coalesce(?4, server_message_id)
                 WHERE client_id = ?1",
            )?
            .execute(params![
                client_id,
                state.code(),
                last_error,
                server_message_id.map(|id| id.0)
            ])?;
        Ok(())
    }

    /// Removes an entry not yet sent (pending or failed) and returns it; `None` when there is no
    /// such entry or it was sent already (a sent entry is history, not a queue item).
    pub fn remove_unsent_outbox(&mut self, client_id: i64) -> Result<Option<OutboxEntry>> {
        let sql = format!(
            "DELETE FROM outbox WHERE client_id = ?1 AND state != ?2 RETURNING {OUTBOX_COLUMNS}"
        );
        Ok(self
            .tx
            .prepare_cached(&sql)?
            .query_row(params![client_id, OutboxState::Sent.code()], entry_from_row)
            .optional()?)
    }
}

impl Store {
    /// Entries still to send, oldest first.
    pub fn pending_outbox(&self) -> Result<Vec<OutboxEntry>> {
        let sql = format!(
            "SELECT {OUTBOX_COLUMNS} FROM outbox INDEXED BY outbox_pending
             WHERE state = 0 ORDER BY created_ms, client_id"
        );
        Ok(self
            .connection()
            .prepare_cached(&sql)?
            .query_map([], entry_from_row)?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// One entry by client id.
    pub fn outbox_entry(&self, client_id: i64) -> Result<Option<OutboxEntry>> {
        let sql = format!("SELECT {OUTBOX_COLUMNS} FROM outbox WHERE client_id = ?1");
        Ok(self
            .connection()
            .prepare_cached(&sql)?
            .query_row([client_id], entry_from_row)
            .optional()?)
    }
}
