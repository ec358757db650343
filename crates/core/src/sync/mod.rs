//! The sync engine: the only writer of platform data into the cache.
//!
//! - **Catch-up** ([`SyncEngine::sync_once`]): log in with the saved marker; store the people,
//!   chats and messages the answer carries; then, for each chat that is new to the cache, fetch
//!   its newest page (every post, for a channel, so announcements read offline); for each chat
//!   whose last activity is newer than its newest cached message, page history *forward* from
//!   that message until the gap is closed. Only then does the marker advance, in its own
//!   transaction: a crash or a dropped connection mid-way leaves the old marker, and the next
//!   run repeats the idempotent work — no gap, no duplicate.
//! - **Live** ([`SyncEngine::run`]): after a catch-up, apply each push as it comes; when the
//!   connection ends, catch up again after a backoff (1, 2, 5, 10, 15, 30 s). A revoked session
//!   stops everything in a signed-out state: sign-in is never retried.
//! - **Older history** ([`SyncEngine::load_older`]) when the person scrolls past the cache.
//! - **Files ahead** ([`SyncEngine::prefetch_files`]): attachments of announcements and of each
//!   chat's newest messages, so they open offline.
//!
//! Progress and changes go out as [`SyncEvent`]s on a broadcast channel; the UI re-reads the
//! cache when told. Messages that *arrived* (new to the cache and new to the person: a push, or
//! a catch-up page's message newer than the last complete catch-up; never the first sync's
//! history, older pages or edits) go out as [`NewMessages`] on a channel of their own
//! ([`SyncEngine::subscribe_new_messages`]), for the notifier ([`crate::notify`]). A channel of
//! its own rather than a `SyncEvent` variant, so that every existing `match` on `SyncEvent`
//! stays exhaustive and the events stay exactly as they were. The outbox ([`crate::outbox`]) shares the engine's store and platform.

mod apply;
mod catch_up;
mod markers;
mod prefetch;

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::broadcast;

use crate::model::{ChatId, Message, MessageId, MessageState};
use crate::platform::{Platform, PlatformError};
use crate::{CoreError, Store};

pub use markers::sync_marker;
pub use prefetch::{remote_key, thumbnail_key};

/// How many messages one history request asks for.
pub const PAGE: u32 = 50;
/// The waits between reconnection attempts; the last repeats.
pub const BACKOFF: [Duration; 6] = [
    Duration::from_secs(1),
    Duration::from_secs(2),
    Duration::from_secs(5),
    Duration::from_secs(10),
    Duration::from_secs(15),
    Duration::from_secs(30),
];

/// How long a live engine waits before sending again after a retryable outbox failure.
const OUTBOX_RETRY: Duration = Duration::from_secs(1);

/// Where the connection stands, for the status line.
#[derive(Debug, Clone, PartialEq)]
pub enum ConnectionState {
    /// Logging in and catching up.
    Connecting,
    /// Caught up; pushes are applied as they come.
    Online,
    /// The platform cannot be reached; the next attempt is in `retry_in`.
    Offline {
        /// Why the last attempt failed.
        reason: String,
        /// When the engine tries again by itself.
        retry_in: Duration,
    },
    /// The platform ended the session: the person must sign in again.
    SignedOut {
        /// What the platform said.
        reason: String,
    },
}

/// What the engine tells the app.
#[derive(Debug, Clone, PartialEq)]
pub enum SyncEvent {
    /// The connection changed state.
    Connection(ConnectionState),
    /// Catch-up progress: `done` of `total` chats fetched.
    Progress {
        /// Chats done.
        done: usize,
        /// Chats to do.
        total: usize,
    },
    /// The chat list changed (titles, order, unread counts).
    ChatsChanged,
    /// A chat's messages changed.
    MessagesChanged(ChatId),
    /// An outbox entry changed state.
    OutboxChanged {
        /// The entry's client id.
        client_id: i64,
    },
}

/// Messages that arrived in one chat, in the order they were stored: new to the cache and new
/// to the person (see the module comment). Own messages are included; the notifier skips them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMessages {
    /// The chat.
    pub chat_id: ChatId,
    /// The messages, as stored.
    pub ids: Vec<MessageId>,
}

/// Why a sync stopped.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The platform failed (the variant says whether it is worth retrying).
    #[error(transparent)]
    Platform(#[from] PlatformError),
    /// The cache failed.
    #[error(transparent)]
    Cache(#[from] CoreError),
}

impl SyncError {
    /// Whether the engine may try again by itself.
    pub fn is_retryable(&self) -> bool {
        matches!(self, SyncError::Platform(error) if error.is_retryable())
    }
}

/// What one catch-up did, for the caller's log and the benchmarks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CatchUpReport {
    /// Chats in the login answer.
    pub chats: usize,
    /// History requests made.
    pub history_requests: usize,
    /// Messages written (new or changed).
    pub messages: usize,
}

/// The engine. Cheap to clone: clones share the store, the platform and the event channel.
pub struct SyncEngine<P: Platform> {
    pub(crate) platform: Arc<P>,
    pub(crate) store: Arc<Mutex<Store>>,
    pub(crate) events: broadcast::Sender<SyncEvent>,
    /// Messages that arrived, for the notifier.
    pub(crate) arrivals: broadcast::Sender<NewMessages>,
    /// One outbox flush at a time, so an entry is never in flight twice.
    pub(crate) flush_lock: Arc<tokio::sync::Mutex<()>>,
    /// Rung when something is queued, so a live engine sends it at once.
    pub(crate) outbox_queued: Arc<tokio::sync::Notify>,
}

impl<P: Platform> Clone for SyncEngine<P> {
    fn clone(&self) -> Self {
        Self {
            platform: self.platform.clone(),
            store: self.store.clone(),
            events: self.events.clone(),
            arrivals: self.arrivals.clone(),
            flush_lock: self.flush_lock.clone(),
            outbox_queued: self.outbox_queued.clone(),
        }
    }
}

impl<P: Platform> SyncEngine<P> {
    pub fn new(platform: P, store: Store) -> Self {
        let (events, _) = broadcast::channel(1024);
        let (arrivals, _) = broadcast::channel(1024);
        Self {
            platform: Arc::new(platform),
            store: Arc::new(Mutex::new(store)),
            events,
            arrivals,
            flush_lock: Arc::default(),
            outbox_queued: Arc::default(),
        }
    }

    /// Events from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<SyncEvent> {
        self.events.subscribe()
    }

    /// The cache, for reading. Hold the guard briefly: the engine waits for it to write.
    /// Messages that arrive from now on, one [`NewMessages`] per chat and write (see the
    /// module comment). A lagging receiver loses the oldest: notifications are best-effort.
    pub fn subscribe_new_messages(&self) -> broadcast::Receiver<NewMessages> {
        self.arrivals.subscribe()
    }

    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.store
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The cache itself, shared, for services beside the engine (the diary's refresher) that
    /// lock it briefly for their own writes. Never hold the lock across an await.
    pub fn store_handle(&self) -> Arc<Mutex<Store>> {
        self.store.clone()
    }

    pub fn platform(&self) -> &P {
        &self.platform
    }

    pub(crate) fn emit(&self, event: SyncEvent) {
        if let SyncEvent::Connection(state) = &event {
            tracing::debug!(?state, "connection");
        }
        // Nobody listening is fine.
        let _ = self.events.send(event);
    }

    /// Announces the messages of `written` that `inserted` says are new to the cache, one
    /// [`NewMessages`] per chat. Deleted ones are skipped, and so are those at or before `after`
    /// (ms: history from before the last complete catch-up; `i64::MIN` for a live push).
    pub(crate) fn announce_new(
        &self,
        written: &[Message],
        inserted: &[(ChatId, MessageId)],
        after: i64,
    ) {
        let written: std::collections::HashMap<(ChatId, MessageId), &Message> = written
            .iter()
            .map(|message| ((message.chat_id, message.id), message))
            .collect();
        let mut by_chat: Vec<NewMessages> = Vec::new();
        for &(chat_id, id) in inserted {
            let Some(message) = written.get(&(chat_id, id)) else {
                continue;
            };
            if message.state == MessageState::Deleted || message.time_ms <= after {
                continue;
            }
            match by_chat.iter_mut().find(|group| group.chat_id == chat_id) {
                Some(group) => group.ids.push(id),
                None => by_chat.push(NewMessages {
                    chat_id,
                    ids: vec![id],
                }),
            }
        }
        for group in by_chat {
            // Nobody listening is fine.
            let _ = self.arrivals.send(group);
        }
    }

    /// While online: sends the outbox whenever something is queued. Returns only on a failure
    /// that needs the caller (a revoked session, a broken cache); a retryable one is retried
    /// here, and a dropped connection ends the push stream, which makes the caller reconnect.
    async fn send_queued(&self) -> Result<(), SyncError> {
        let outbox = crate::outbox::Outbox::new(self.clone());
        loop {
            self.outbox_queued.notified().await;
            match outbox.flush().await {
                Ok(_) => {}
                Err(error) if error.is_retryable() => {
                    tracing::info!(%error, "outbox paused; sending again shortly");
                    tokio::time::sleep(OUTBOX_RETRY).await;
                    self.outbox_queued.notify_one();
                }
                Err(error) => return Err(error),
            }
        }
    }

    /// Catches up and then applies pushes until the session ends or `stop` resolves, reconnecting
    /// with backoff whenever the connection drops. Returns why it stopped: `Ok` for `stop`, the
    /// sign-out or cache error otherwise.
    pub async fn run(&self, stop: impl std::future::Future<Output = ()>) -> Result<(), SyncError> {
        tokio::pin!(stop);
        let mut failures = 0usize;
        loop {
            self.emit(SyncEvent::Connection(ConnectionState::Connecting));
            let attempt = tokio::select! {
                () = &mut stop => return Ok(()),
                result = self.sync_once() => result,
            };
            match attempt {
                Ok(_) => {
                    failures = 0;
                    self.emit(SyncEvent::Connection(ConnectionState::Online));
                    if let Err(error) = self.prefetch_files().await {
                        tracing::warn!(%error, "fetching files ahead stopped");
                    }
                    // Whatever was queued while offline goes first.
                    self.outbox_queued.notify_one();
                    tokio::select! {
                        () = &mut stop => return Ok(()),
                        result = self.apply_pushes() => result?,
                        result = self.send_queued() => result?,
                    }
                }
                Err(SyncError::Platform(PlatformError::AuthRevoked(reason))) => {
                    self.emit(SyncEvent::Connection(ConnectionState::SignedOut {
                        reason: reason.clone(),
                    }));
                    return Err(PlatformError::AuthRevoked(reason).into());
                }
                Err(error) if error.is_retryable() => {
                    let wait = match &error {
                        SyncError::Platform(PlatformError::RateLimited {
                            retry_after: Some(wait),
                            ..
                        }) => *wait,
                        _ => BACKOFF[failures.min(BACKOFF.len() - 1)],
                    };
                    failures += 1;
                    tracing::info!(%error, ?wait, "sync failed; trying again");
                    self.emit(SyncEvent::Connection(ConnectionState::Offline {
                        reason: error.to_string(),
                        retry_in: wait,
                    }));
                    tokio::select! {
                        () = &mut stop => return Ok(()),
                        () = tokio::time::sleep(wait) => {}
                    }
                }
                Err(error) => {
                    tracing::error!(%error, "sync stopped");
                    return Err(error);
                }
            }
        }
    }
}
