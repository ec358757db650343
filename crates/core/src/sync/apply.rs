//! Live changes: pushes applied as they come, and older history fetched on demand.

use crate::model::{ChatId, ReadMark};
use crate::platform::{Platform, PlatformEvent};
use crate::sync::markers::{ChatSpan, chat_span};
use crate::sync::{PAGE, SyncEngine, SyncError, SyncEvent};

impl<P: Platform> SyncEngine<P> {
    /// Applies pushes until the connection ends (then `Ok`, so the caller catches up again).
    pub async fn apply_pushes(&self) -> Result<(), SyncError> {
        while let Some(event) = self.platform.next_event().await {
            self.apply(event)?;
        }
        Ok(())
    }

    /// Applies one push to the cache.
    pub fn apply(&self, event: PlatformEvent) -> Result<(), SyncError> {
        match event {
            PlatformEvent::Message(message) => {
                let chat_id = message.chat_id;
                let messages = std::slice::from_ref(&message);
                let inserted = self.store().write(|batch| {
                    batch.upsert_messages(messages)?;
                    Ok(batch.take_inserted())
                })?;
                self.emit(SyncEvent::MessagesChanged(chat_id));
                self.emit(SyncEvent::ChatsChanged);
                // A push is live: whatever it adds to the cache has just arrived.
                self.announce_new(messages, &inserted, i64::MIN);
            }
            PlatformEvent::Deleted { chat_id, ids } => {
                self.store()
                    .write(|batch| batch.mark_deleted(chat_id, &ids))?;
                self.emit(SyncEvent::MessagesChanged(chat_id));
                self.emit(SyncEvent::ChatsChanged);
            }
            PlatformEvent::ReadMark {
                chat_id,
                person,
                mark_ms,
            } => {
                self.store().write(|batch| {
                    batch.set_read_mark(ReadMark {
                        chat_id,
                        person,
                        mark_ms,
                    })
                })?;
                self.emit(SyncEvent::ChatsChanged);
            }
            PlatformEvent::ChatChanged(chat) => {
                self.store()
                    .write(|batch| batch.upsert_chats(std::slice::from_ref(&chat)))?;
                self.emit(SyncEvent::ChatsChanged);
            }
            PlatformEvent::MuteChanged {
                chat_id,
                dont_disturb_until,
            } => {
                self.store()
                    .write(|batch| batch.set_chat_mute(chat_id, dont_disturb_until))?;
                self.emit(SyncEvent::ChatsChanged);
            }
            PlatformEvent::UploadProcessed { .. } => {}
        }
        Ok(())
    }

    /// Fetches the page of a chat's history older than the cache holds, when the person
    /// scrolls there. Returns how many messages it added (0 at the chat's beginning).
    pub async fn load_older(&self, chat_id: ChatId) -> Result<usize, SyncError> {
        let Some(mut span) = chat_span(&self.store(), chat_id)? else {
            return Ok(0);
        };
        if span.complete_back {
            return Ok(0);
        }
        let page = self
            .platform
            .history(chat_id, span.oldest_ms, 0, PAGE)
            .await?;
        let oldest = page
            .iter()
            .map(|m| m.time_ms)
            .min()
            .unwrap_or(span.oldest_ms);
        span = ChatSpan {
            oldest_ms: span.oldest_ms.min(oldest),
            complete_back: page.len() < PAGE as usize,
            ..span
        };
        // Older history is never news.
        let written = self.write_page(chat_id, &page, span, None)?;
        self.emit(SyncEvent::MessagesChanged(chat_id));
        Ok(written)
    }
}
