//! The outbox's own columns and rules beside the store's table: client ids, upload results,
//! requeueing, and the optimistic local read mark.

use rusqlite::OptionalExtension;
use serde_json::Value;

use crate::model::{ChatId, MessageId, OutboxEntry, OutboxState, ReadMark};
use crate::store::WriteBatch;
use crate::{Result, Store};

/// A client id later than every earlier one, close to `now_ms` (MAX's `cid` is a ms stamp).
pub(crate) fn next_client_id(batch: &mut WriteBatch<'_>, now_ms: i64) -> Result<i64> {
    let last: Option<i64> = batch
        .transaction()
        .prepare_cached("SELECT max(client_id) FROM outbox")?
        .query_row([], |row| row.get(0))?;
    Ok(last.map_or(now_ms, |last| now_ms.max(last + 1)))
}

pub(crate) fn set_result(batch: &mut WriteBatch<'_>, client_id: i64, result: &str) -> Result<()> {
    batch
        .transaction()
        .prepare_cached("UPDATE outbox SET result_json = ?2 WHERE client_id = ?1")?
        .execute(rusqlite::params![client_id, result])?;
    Ok(())
}

/// What a completed step produced (an upload's attachment), if anything.
pub fn outbox_result(store: &Store, client_id: i64) -> Result<Option<String>> {
    Ok(store
        .connection()
        .prepare_cached("SELECT result_json FROM outbox WHERE client_id = ?1")?
        .query_row([client_id], |row| row.get::<_, Option<String>>(0))
        .optional()?
        .flatten())
}

/// Entries a person should see beside the chat: pending and failed, oldest first.
pub fn pending_and_failed(store: &Store, chat_id: ChatId) -> Result<Vec<OutboxEntry>> {
    let mut entries = store.pending_outbox()?;
    entries.retain(|entry| entry.chat_id == chat_id);
    let failed: Vec<i64> = store
        .connection()
        .prepare_cached(
            "SELECT client_id FROM outbox WHERE chat_id = ?1 AND state = ?2 ORDER BY client_id",
        )?
        .query_map(
            rusqlite::params![chat_id.0, OutboxState::Failed.code()],
            |row| row.get(0),
        )?
        .collect::<rusqlite::Result<_>>()?;
    for client_id in failed {
        entries.extend(store.outbox_entry(client_id)?);
    }
    entries.sort_by_key(|entry| entry.client_id);
    Ok(entries)
}

/// A failed entry, and the failed upload it depends on, back to pending.
pub(crate) fn requeue(batch: &mut WriteBatch<'_>, client_id: i64) -> Result<()> {
    batch
        .transaction()
        .prepare_cached(
            "UPDATE outbox SET state = ?2, last_error = NULL
             WHERE state = ?3 AND (client_id = ?1
                OR client_id = (SELECT depends_on FROM outbox WHERE client_id = ?1))",
        )?
        .execute(rusqlite::params![
            client_id,
            OutboxState::Pending.code(),
            OutboxState::Failed.code()
        ])?;
    Ok(())
}

/// The person's own read mark moves at once, so the unread badge clears before the network.
pub(crate) fn mark_read_locally(
    batch: &mut WriteBatch<'_>,
    chat_id: ChatId,
    payload: &Value,
) -> Result<()> {
    let Some(message) = payload
        .get("messageId")
        .and_then(Value::as_i64)
        .map(MessageId)
    else {
        return Ok(());
    };
    let tx = batch.transaction();
    let me: Option<i64> = tx
        .prepare_cached("SELECT person_id FROM account LIMIT 1")?
        .query_row([], |row| row.get(0))
        .optional()?;
    let time: Option<i64> = tx
        .prepare_cached("SELECT time_ms FROM messages WHERE chat_id = ?1 AND id = ?2")?
        .query_row([chat_id.0, message.0], |row| row.get(0))
        .optional()?;
    if let (Some(me), Some(mark_ms)) = (me, time) {
        batch.set_read_mark(ReadMark {
            chat_id,
            person: crate::model::PersonId(me),
            mark_ms,
        })?;
    }
    Ok(())
}
