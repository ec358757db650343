//! The outbox's own columns and rules beside the store's table: client ids, upload results,
//! the uploads a message waits for, requeueing, discarding, and the optimistic local read mark.

use rusqlite::OptionalExtension;
use serde_json::Value;

use crate::model::{ChatId, MessageId, OutboxAction, OutboxEntry, OutboxState, ReadMark};
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

/// The uploads a message waits for, in the order its attachments go: the payload's `uploads`
/// (several files in one message), else the single `depends_on` of older entries.
pub fn upload_ids(entry: &OutboxEntry) -> Vec<i64> {
    let listed = serde_json::from_str::<Value>(&entry.payload_json)
        .ok()
        .and_then(|payload| {
            payload
                .get("uploads")
                .and_then(Value::as_array)
                .map(|ids| ids.iter().filter_map(Value::as_i64).collect::<Vec<i64>>())
        });
    match listed {
        Some(ids) if !ids.is_empty() => ids,
        _ => entry.depends_on.into_iter().collect(),
    }
}

/// A failed entry, and the failed uploads it waits for, back to pending.
pub(crate) fn requeue(batch: &mut WriteBatch<'_>, client_id: i64) -> Result<()> {
    batch
        .transaction()
        .prepare_cached(
            "UPDATE outbox SET state = ?2, last_error = NULL
             WHERE state = ?3 AND (client_id = ?1
                OR client_id = (SELECT depends_on FROM outbox WHERE client_id = ?1)
                OR client_id IN (SELECT value FROM json_each(
                    (SELECT payload_json FROM outbox WHERE client_id = ?1), '$.uploads')))",
        )?
        .execute(rusqlite::params![
            client_id,
            OutboxState::Pending.code(),
            OutboxState::Failed.code()
        ])?;
    Ok(())
}

/// Removes an unsent entry and what exists only for it: a message's uploads, an upload's
/// messages (and their other uploads). Returns what it removed; nothing when it was sent.
pub(crate) fn discard(batch: &mut WriteBatch<'_>, client_id: i64) -> Result<Vec<OutboxEntry>> {
    let mut queue = vec![client_id];
    let mut removed = Vec::new();
    while let Some(id) = queue.pop() {
        let Some(entry) = batch.remove_unsent_outbox(id)? else {
            continue;
        };
        match entry.action {
            OutboxAction::Send => queue.extend(upload_ids(&entry)),
            OutboxAction::Upload => queue.extend(
                batch
                    .transaction()
                    .prepare_cached(
                        "SELECT client_id FROM outbox WHERE depends_on = ?1 OR EXISTS (
                            SELECT 1 FROM json_each(payload_json, '$.uploads') WHERE value = ?1)",
                    )?
                    .query_map([id], |row| row.get::<_, i64>(0))?
                    .collect::<rusqlite::Result<Vec<_>>>()?,
            ),
            _ => {}
        }
        removed.push(entry);
    }
    Ok(removed)
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
