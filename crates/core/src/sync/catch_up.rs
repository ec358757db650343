//! One catch-up: login with the marker, then close every chat's gap. See the module above.

use crate::model::{Chat, ChatId, ChatKind, Message};
use std::time::Duration;

use crate::platform::{Platform, PlatformError};
use crate::sync::markers::{ChatSpan, chat_span, set_chat_span, set_sync_marker, sync_marker};
use crate::sync::{CatchUpReport, PAGE, SyncEngine, SyncError, SyncEvent};

/// How many times one page waits out a rate limit before the catch-up gives up for now.
const RATE_LIMIT_WAITS: usize = 30;

/// The `from` that asks for the newest page of a chat.
const NEWEST: i64 = i64::MAX / 2;

impl<P: Platform> SyncEngine<P> {
    /// Logs in and brings the cache up to date. Safe to interrupt at any point and call again.
    pub async fn sync_once(&self) -> Result<CatchUpReport, SyncError> {
        let marker = sync_marker(&self.store())?;
        tracing::debug!(marker, "catch-up: logging in");
        let snapshot = self.platform.login(marker).await?;
        tracing::debug!(chats = snapshot.chats.len(), "catch-up: logged in");
        // What arrives newer than the last complete catch-up is news; the first sync is all
        // history, so it announces nothing.
        let news_after = (marker != 0).then_some(marker);
        let mut report = CatchUpReport {
            chats: snapshot.chats.len(),
            ..Default::default()
        };
        let inserted = self.store().write(|batch| {
            batch.save_account(&crate::model::Account {
                person_id: snapshot.me.id,
                platform: "max".into(),
                display_name: snapshot.me.name.clone(),
                raw_json: snapshot.me.raw_json.clone(),
            })?;
            let mut people = snapshot.people.clone();
            people.push(snapshot.me.clone());
            batch.upsert_people(&people)?;
            batch.upsert_chats(&snapshot.chats)?;
            // The volunteered newest messages are stored now, for a quick first screen; they
            // do not move any chat's complete span, so the gap behind them is still fetched.
            report.messages += changed(batch.upsert_messages(&snapshot.messages)?);
            Ok(batch.take_inserted())
        })?;
        self.emit(SyncEvent::ChatsChanged);
        if let Some(after) = news_after {
            self.announce_new(&snapshot.messages, &inserted, after);
        }

        let total = snapshot.chats.len();
        for (done, chat) in snapshot.chats.iter().enumerate() {
            self.emit(SyncEvent::Progress { done, total });
            let (requests, written) = self.catch_up_chat(chat, news_after).await?;
            report.history_requests += requests;
            report.messages += written;
            if written > 0 {
                self.emit(SyncEvent::MessagesChanged(chat.id));
            }
        }
        self.emit(SyncEvent::Progress { done: total, total });
        self.store().write(|batch| {
            // Read elsewhere (the phone, the web) or not: the platform's count is the truth.
            for &(chat_id, unread) in &snapshot.unread {
                batch.reconcile_unread(chat_id, unread)?;
            }
            set_sync_marker(batch, snapshot.marker)
        })?;
        self.emit(SyncEvent::ChatsChanged);
        Ok(report)
    }

    /// Closes one chat's gap; returns (requests made, messages written). Messages newer than
    /// `news_after` that are new to the cache are announced (see [`SyncEngine::write_page`]).
    async fn catch_up_chat(
        &self,
        chat: &Chat,
        news_after: Option<i64>,
    ) -> Result<(usize, usize), SyncError> {
        let span = chat_span(&self.store(), chat.id)?;
        let (mut requests, mut written) = (0, 0);
        let mut span = match span {
            Some(span) => span,
            None => {
                // New to the cache: its newest page.
                let page = self.paced_history(chat.id, NEWEST, 0, PAGE).await?;
                requests += 1;
                let span = span_of(&page, page.len() < PAGE as usize);
                written += self.write_page(chat.id, &page, span, news_after)?;
                span
            }
        };
        // Forward from the newest complete message until the platform has nothing newer. Each
        // full page's last millisecond is asked for again, so a group of messages sharing it is
        // never cut; `from` always moves on, so such a group cannot loop either.
        let mut from = span.newest_ms;
        while chat.last_event_ms > span.newest_ms {
            let page = self.paced_history(chat.id, from, PAGE, 0).await?;
            requests += 1;
            let Some(newest) = page.iter().map(|m| m.time_ms).max() else {
                break;
            };
            span.newest_ms = span.newest_ms.max(newest);
            written += self.write_page(chat.id, &page, span, news_after)?;
            if page.len() < PAGE as usize {
                break;
            }
            from = if newest - 1 > from {
                newest - 1
            } else {
                newest
            };
        }
        // A channel keeps every post, so announcements read offline.
        if chat.kind == ChatKind::Channel {
            let mut from = span.oldest_ms;
            while !span.complete_back {
                let page = self.paced_history(chat.id, from, 0, PAGE).await?;
                requests += 1;
                let oldest = page.iter().map(|m| m.time_ms).min().unwrap_or(from);
                span.oldest_ms = span.oldest_ms.min(oldest);
                span.complete_back = page.len() < PAGE as usize;
                written += self.write_page(chat.id, &page, span, news_after)?;
                from = if oldest < from { oldest } else { oldest - 1 };
            }
        }
        Ok((requests, written))
    }

    /// A history page; when the platform asks to slow down, waits as asked (1 s if it did not
    /// say) and asks again, a few times, rather than abandoning the catch-up.
    pub(crate) async fn paced_history(
        &self,
        chat_id: ChatId,
        from_ms: i64,
        forward: u32,
        backward: u32,
    ) -> Result<Vec<Message>, SyncError> {
        let mut waits = 0;
        loop {
            match self
                .platform
                .history(chat_id, from_ms, forward, backward)
                .await
            {
                Err(PlatformError::RateLimited { retry_after, .. }) if waits < RATE_LIMIT_WAITS => {
                    waits += 1;
                    tokio::time::sleep(retry_after.unwrap_or(Duration::from_secs(1))).await;
                }
                other => return Ok(other?),
            }
        }
    }

    /// Writes a page and the span it completes, in one transaction. Then, when `news_after` is
    /// given, announces the page's messages that are new to the cache and newer than it.
    pub(crate) fn write_page(
        &self,
        chat_id: ChatId,
        page: &[Message],
        span: ChatSpan,
        news_after: Option<i64>,
    ) -> Result<usize, SyncError> {
        let (written, inserted) = self.store().write(|batch| {
            let written = changed(batch.upsert_messages(page)?);
            set_chat_span(batch, chat_id, span)?;
            Ok((written, batch.take_inserted()))
        })?;
        if let Some(after) = news_after {
            self.announce_new(page, &inserted, after);
        }
        Ok(written)
    }
}

/// The span a chat's newest page covers.
fn span_of(page: &[Message], nothing_older: bool) -> ChatSpan {
    let oldest_ms = page.iter().map(|m| m.time_ms).min().unwrap_or(0);
    let newest_ms = page.iter().map(|m| m.time_ms).max().unwrap_or(0);
    ChatSpan {
        oldest_ms,
        newest_ms,
        complete_back: nothing_older,
    }
}

fn changed(summary: crate::store::IngestSummary) -> usize {
    summary.inserted + summary.updated
}
