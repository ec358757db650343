//! The outbox: what the person asked to send, persisted before any network call.
//!
//! Every intent — a message (text, reply, forward, files), an edit, a deletion, a read mark —
//! becomes an [`OutboxEntry`] with a client id (MAX `cid`, a monotonic millisecond stamp)
//! in the account's cache first; the UI shows it at once as pending. [`Outbox::flush`] then
//! sends pending entries oldest first, one flush at a time. The same client id goes with every
//! retry, so the platform keeps one message however often a lost answer makes us send again:
//! exactly once. A retryable failure (network, rate limit, attachment not ready) leaves the
//! entry pending and ends the flush, for the engine to retry after its backoff; any other
//! failure marks the entry failed with its reason, until the person retries it
//! ([`Outbox::retry`]). A file is a dependent first step: an upload entry whose result (the
//! platform's attachment) the message entry waits for and then carries; a message may wait for
//! several (its payload's `uploads`). [`Outbox::discard`] removes an unsent entry with the steps
//! that exist only for it. Pending entries
//! survive restarts: they are rows, not tasks.

mod entries;

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};

use crate::UserFacingError;
use crate::model::{ChatId, MessageId, OutboxAction, OutboxEntry, OutboxState};
use crate::platform::{LocalFile, OutgoingMessage, Platform, PlatformError};
use crate::sync::{SyncEngine, SyncError, SyncEvent};

pub use entries::{outbox_result, pending_and_failed, upload_ids};

/// What one flush did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FlushReport {
    /// Entries completed.
    pub sent: usize,
    /// Entries that failed for good (until the person retries them).
    pub failed: usize,
}

/// The outbox of one account; cheap to create from the engine it shares.
pub struct Outbox<P: Platform> {
    engine: SyncEngine<P>,
}

pub(crate) fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}

impl<P: Platform> Outbox<P> {
    pub fn new(engine: SyncEngine<P>) -> Self {
        Self { engine }
    }

    /// Queues a text message (optionally a reply) and returns its client id.
    pub fn send_text(
        &self,
        chat_id: ChatId,
        text: &str,
        reply_to: Option<MessageId>,
    ) -> Result<i64, SyncError> {
        let payload = json!({ "text": text, "replyTo": reply_to.map(|id| id.0) });
        self.enqueue(chat_id, OutboxAction::Send, payload, None)
    }

    /// Queues a forward of `message` from `from_chat` into `chat_id`.
    pub fn forward(
        &self,
        chat_id: ChatId,
        from_chat: ChatId,
        message: MessageId,
    ) -> Result<i64, SyncError> {
        let payload = json!({ "text": "", "forward": [from_chat.0, message.0] });
        self.enqueue(chat_id, OutboxAction::Send, payload, None)
    }

    /// Queues a file (uploaded first) with an optional caption; returns the message's client id.
    pub fn send_file(
        &self,
        chat_id: ChatId,
        file: &LocalFile,
        caption: &str,
    ) -> Result<i64, SyncError> {
        self.send_files(chat_id, std::slice::from_ref(file), caption, None)
    }

    /// Queues one message carrying `files` (each uploaded first, in this order) and `text`,
    /// optionally a reply; returns the message's client id. Everything is queued in one
    /// transaction, so a crash never leaves uploads without their message.
    pub fn send_files(
        &self,
        chat_id: ChatId,
        files: &[LocalFile],
        text: &str,
        reply_to: Option<MessageId>,
    ) -> Result<i64, SyncError> {
        let ids = self.engine.store().write(|batch| {
            let mut ids = Vec::with_capacity(files.len() + 1);
            for file in files {
                let upload = json!({
                    "path": file.path.to_string_lossy(),
                    "displayName": file.display_name,
                    "asPhoto": file.as_photo,
                });
                ids.push(insert(batch, chat_id, OutboxAction::Upload, upload, None)?);
            }
            let message = json!({
                "text": text,
                "replyTo": reply_to.map(|id| id.0),
                "uploads": ids,
            });
            let last_upload = ids.last().copied();
            ids.push(insert(
                batch,
                chat_id,
                OutboxAction::Send,
                message,
                last_upload,
            )?);
            Ok(ids)
        })?;
        for &client_id in &ids {
            self.engine.emit(SyncEvent::OutboxChanged { client_id });
        }
        self.engine.outbox_queued.notify_one();
        Ok(*ids.last().unwrap_or(&0))
    }

    /// Queues an edit of one of the person's messages.
    pub fn edit(&self, chat_id: ChatId, message: MessageId, text: &str) -> Result<i64, SyncError> {
        self.enqueue(
            chat_id,
            OutboxAction::Edit,
            json!({ "messageId": message.0, "text": text }),
            None,
        )
    }

    /// Queues a deletion for everyone.
    pub fn delete(&self, chat_id: ChatId, messages: &[MessageId]) -> Result<i64, SyncError> {
        let ids: Vec<i64> = messages.iter().map(|id| id.0).collect();
        self.enqueue(
            chat_id,
            OutboxAction::Delete,
            json!({ "messageIds": ids }),
            None,
        )
    }

    /// Marks a chat read up to `message` (at once in the cache, then on the platform).
    pub fn mark_read(&self, chat_id: ChatId, message: MessageId) -> Result<i64, SyncError> {
        self.enqueue(
            chat_id,
            OutboxAction::MarkRead,
            json!({ "messageId": message.0 }),
            None,
        )
    }

    /// Puts a failed entry (and the uploads it waits for) back in the queue; a live engine sends
    /// it at once.
    pub fn retry(&self, client_id: i64) -> Result<(), SyncError> {
        self.engine
            .store()
            .write(|batch| entries::requeue(batch, client_id))?;
        self.engine.emit(SyncEvent::OutboxChanged { client_id });
        self.engine.outbox_queued.notify_one();
        Ok(())
    }

    /// Removes an entry not sent yet (pending or failed) with what exists only for it — a
    /// message's uploads, or the message an upload was for — and returns what it removed (empty
    /// when the entry was sent already). The person's local echo disappears. An entry already in
    /// flight may still reach the platform; then it arrives like any other message.
    pub fn discard(&self, client_id: i64) -> Result<Vec<OutboxEntry>, SyncError> {
        let removed = self
            .engine
            .store()
            .write(|batch| entries::discard(batch, client_id))?;
        for entry in &removed {
            self.engine.emit(SyncEvent::OutboxChanged {
                client_id: entry.client_id,
            });
        }
        Ok(removed)
    }

    fn enqueue(
        &self,
        chat_id: ChatId,
        action: OutboxAction,
        payload: Value,
        depends_on: Option<i64>,
    ) -> Result<i64, SyncError> {
        let client_id = self.engine.store().write(|batch| {
            let client_id = insert(batch, chat_id, action.clone(), payload.clone(), depends_on)?;
            if action == OutboxAction::MarkRead {
                entries::mark_read_locally(batch, chat_id, &payload)?;
            }
            Ok(client_id)
        })?;
        self.engine.emit(SyncEvent::OutboxChanged { client_id });
        self.engine.outbox_queued.notify_one();
        if action == OutboxAction::MarkRead {
            self.engine.emit(SyncEvent::ChatsChanged);
        }
        Ok(client_id)
    }

    /// Sends what is pending, oldest first. Stops at the first retryable failure and returns it.
    pub async fn flush(&self) -> Result<FlushReport, SyncError> {
        let _one_at_a_time = self.engine.flush_lock.lock().await;
        let mut report = FlushReport::default();
        let pending = self.engine.store().pending_outbox()?;
        tracing::debug!(pending = pending.len(), "outbox flush");
        for entry in pending {
            let uploads: Vec<Option<OutboxState>> = {
                let store = self.engine.store();
                entries::upload_ids(&entry)
                    .into_iter()
                    .map(|upload| Ok(store.outbox_entry(upload)?.map(|e| e.state)))
                    .collect::<Result<_, crate::CoreError>>()?
            };
            if uploads.contains(&Some(OutboxState::Failed)) {
                self.finish(
                    &entry,
                    Err(PlatformError::Rejected("файл не загружен".into())),
                )?;
                report.failed += 1;
                continue;
            }
            if uploads.contains(&Some(OutboxState::Pending)) {
                // Its uploads are later in this same flush only if created later: wait.
                continue;
            }
            match self.perform(&entry).await {
                Err(PlatformError::AuthRevoked(reason)) => {
                    return Err(PlatformError::AuthRevoked(reason).into());
                }
                Err(error) if error.is_retryable() => {
                    tracing::info!(%error, client_id = entry.client_id, "outbox entry waits");
                    let reason = error.to_user_facing();
                    self.engine.store().write(|batch| {
                        batch.record_outbox_attempt(
                            entry.client_id,
                            OutboxState::Pending,
                            Some(&reason),
                            None,
                        )
                    })?;
                    return Err(error.into());
                }
                outcome => {
                    if let Err(error) = &outcome {
                        tracing::warn!(%error, client_id = entry.client_id, "outbox entry failed");
                    }
                    if outcome.is_ok() {
                        report.sent += 1;
                    } else {
                        report.failed += 1;
                    }
                    self.finish(&entry, outcome)?;
                }
            }
        }
        Ok(report)
    }

    /// Records an entry's final outcome (and, for a message, the message) in one transaction.
    fn finish(
        &self,
        entry: &OutboxEntry,
        outcome: Result<Done, PlatformError>,
    ) -> Result<(), SyncError> {
        self.engine.store().write(|batch| match &outcome {
            Ok(Done::Message(message)) => {
                batch.upsert_messages(std::slice::from_ref(message))?;
                batch.record_outbox_attempt(
                    entry.client_id,
                    OutboxState::Sent,
                    None,
                    Some(message.id),
                )
            }
            Ok(Done::Uploaded(attachment)) => {
                entries::set_result(batch, entry.client_id, attachment)?;
                batch.record_outbox_attempt(entry.client_id, OutboxState::Sent, None, None)
            }
            Ok(Done::Nothing) => {
                batch.record_outbox_attempt(entry.client_id, OutboxState::Sent, None, None)
            }
            Err(error) => batch.record_outbox_attempt(
                entry.client_id,
                OutboxState::Failed,
                Some(&error.to_user_facing()),
                None,
            ),
        })?;
        self.engine.emit(SyncEvent::OutboxChanged {
            client_id: entry.client_id,
        });
        if let Ok(Done::Message(_)) = outcome {
            self.engine.emit(SyncEvent::MessagesChanged(entry.chat_id));
            self.engine.emit(SyncEvent::ChatsChanged);
        }
        Ok(())
    }

    async fn perform(&self, entry: &OutboxEntry) -> Result<Done, PlatformError> {
        let payload: Value = serde_json::from_str(&entry.payload_json).map_err(|error| {
            PlatformError::Protocol(format!("unreadable outbox entry: {error}"))
        })?;
        let id = |name: &str| payload.get(name).and_then(Value::as_i64).map(MessageId);
        let platform = &self.engine.platform;
        match entry.action {
            OutboxAction::Send => {
                let mut attachments = Vec::new();
                for upload in entries::upload_ids(entry) {
                    attachments.extend(
                        outbox_result(&self.engine.store(), upload)
                            .map_err(|error| PlatformError::Protocol(error.to_string()))?,
                    );
                }
                let forward = payload
                    .get("forward")
                    .and_then(Value::as_array)
                    .and_then(|pair| {
                        Some((
                            ChatId(pair.first()?.as_i64()?),
                            MessageId(pair.get(1)?.as_i64()?),
                        ))
                    });
                let message = OutgoingMessage {
                    client_id: entry.client_id,
                    text: payload
                        .get("text")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned(),
                    reply_to: id("replyTo"),
                    forward,
                    attachments,
                };
                platform
                    .send(entry.chat_id, &message)
                    .await
                    .map(|sent| Done::Message(Box::new(sent)))
            }
            OutboxAction::Upload => {
                let file = LocalFile {
                    path: payload
                        .get("path")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .into(),
                    display_name: payload
                        .get("displayName")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .into(),
                    as_photo: payload
                        .get("asPhoto")
                        .and_then(Value::as_bool)
                        .unwrap_or(false),
                };
                platform.upload(&file).await.map(Done::Uploaded)
            }
            OutboxAction::Edit => {
                let message = id("messageId")
                    .ok_or_else(|| PlatformError::Protocol("edit without a message".into()))?;
                let text = payload
                    .get("text")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                platform
                    .edit(entry.chat_id, message, text)
                    .await
                    .map(|()| Done::Nothing)
            }
            OutboxAction::Delete => {
                let ids: Vec<MessageId> = payload
                    .get("messageIds")
                    .and_then(Value::as_array)
                    .map(|ids| {
                        ids.iter()
                            .filter_map(Value::as_i64)
                            .map(MessageId)
                            .collect()
                    })
                    .unwrap_or_default();
                platform
                    .delete(entry.chat_id, &ids)
                    .await
                    .map(|()| Done::Nothing)
            }
            OutboxAction::MarkRead => {
                let message = id("messageId")
                    .ok_or_else(|| PlatformError::Protocol("read mark without a message".into()))?;
                platform
                    .mark_read(entry.chat_id, message)
                    .await
                    .map(|()| Done::Nothing)
            }
            OutboxAction::Other(ref name) => Err(PlatformError::Protocol(format!(
                "unknown outbox action {name}"
            ))),
        }
    }
}

/// Writes a new pending entry with the next client id.
fn insert(
    batch: &mut crate::store::WriteBatch<'_>,
    chat_id: ChatId,
    action: OutboxAction,
    payload: Value,
    depends_on: Option<i64>,
) -> crate::Result<i64> {
    let client_id = entries::next_client_id(batch, now_ms())?;
    batch.enqueue_outbox(&OutboxEntry {
        client_id,
        chat_id,
        action,
        payload_json: payload.to_string(),
        depends_on,
        state: OutboxState::Pending,
        attempts: 0,
        last_error: None,
        created_ms: now_ms(),
        server_message_id: None,
    })?;
    Ok(client_id)
}

enum Done {
    Message(Box<crate::model::Message>),
    Uploaded(String),
    Nothing,
}
