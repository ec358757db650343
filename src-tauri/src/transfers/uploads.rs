//! Uploads' progress for the window, and the sent files' clean-up.
//!
//! Design: the adapter reports bytes sent per file path ([`parta_max::UploadObserver`]); a
//! message's uploads are summed into one `upload:<clientId>` transfer under the message's own
//! client id, the id the window's local echo carries. For each message with files a small task
//! follows the engine's outbox events until the message is sent (the transfer finishes and the
//! files in `outgoing/` are deleted), discarded (the files are deleted), or an upload fails (the
//! transfer shows why; a retry watches again). The task holds the session weakly, so switching
//! accounts ends it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError, Weak};

use parta_core::model::{OutboxAction, OutboxEntry, OutboxState};
use parta_core::outbox::upload_ids;
use parta_core::sync::SyncEvent;
use serde_json::Value;

use super::{Throttle, staging};
use crate::session::{AccountSession, AppState, BackendEvent, Transfer, TransferDirection};

/// The uploads being followed, by file.
#[derive(Clone, Default)]
pub struct Uploads {
    inner: Arc<Mutex<Tracked>>,
}

#[derive(Default)]
struct Tracked {
    /// A file's message and place among its files.
    files: HashMap<PathBuf, (i64, usize)>,
    /// Per message: its chat and its files' progress.
    messages: HashMap<i64, Progress>,
}

struct Progress {
    chat_id: String,
    done: Vec<u64>,
    sizes: Vec<u64>,
    throttle: Throttle,
}

impl Progress {
    fn transfer(&self, client_id: i64, finished: bool, error: Option<String>) -> Transfer {
        let total: u64 = self.sizes.iter().sum();
        Transfer {
            id: format!("upload:{client_id}"),
            direction: TransferDirection::Upload,
            chat_id: self.chat_id.clone(),
            done: if finished && error.is_none() {
                total
            } else {
                self.done.iter().sum()
            },
            total: Some(total),
            finished,
            error,
        }
    }
}

/// Where an upload entry's file is.
fn upload_path(entry: &OutboxEntry) -> Option<PathBuf> {
    let payload: Value = serde_json::from_str(&entry.payload_json).ok()?;
    payload
        .get("path")
        .and_then(Value::as_str)
        .map(PathBuf::from)
}

impl Uploads {
    /// Follows the message `client_id` (queued or retried) until it is sent or discarded.
    pub fn watch(&self, state: &AppState, session: &Arc<AccountSession>, client_id: i64) {
        let uploads: Vec<OutboxEntry> = {
            let reader = session.reader();
            let Ok(Some(message)) = reader.outbox_entry(client_id) else {
                return;
            };
            upload_ids(&message)
                .into_iter()
                .filter_map(|id| reader.outbox_entry(id).ok().flatten())
                .collect()
        };
        if uploads.is_empty() {
            return;
        }
        let paths: Vec<PathBuf> = uploads.iter().filter_map(upload_path).collect();
        {
            let mut tracked = self.lock();
            let sizes = paths
                .iter()
                .map(|path| std::fs::metadata(path).map_or(0, |meta| meta.len()))
                .collect::<Vec<_>>();
            for (index, path) in paths.iter().enumerate() {
                tracked.files.insert(path.clone(), (client_id, index));
            }
            tracked.messages.insert(
                client_id,
                Progress {
                    chat_id: uploads[0].chat_id.0.to_string(),
                    done: vec![0; sizes.len()],
                    sizes,
                    throttle: Throttle::new(),
                },
            );
        }
        self.observe(state, session);
        let follower = Follower {
            uploads: self.clone(),
            state: state.clone(),
            session: Arc::downgrade(session),
            client_id,
            upload_ids: uploads.iter().map(|entry| entry.client_id).collect(),
            paths,
            account_dir: session.account_dir.clone(),
        };
        let events = session.engine.subscribe();
        tauri::async_runtime::spawn(follower.run(events));
    }

    /// Deletes the files of discarded entries and ends their transfers.
    pub fn discarded(&self, state: &AppState, account_dir: &Path, removed: &[OutboxEntry]) {
        for entry in removed {
            if entry.action == OutboxAction::Upload
                && let Some(path) = upload_path(entry)
            {
                staging::release(account_dir, &path);
            }
            if let Some(transfer) = self.finish(entry.client_id, None) {
                state.emit(BackendEvent::Transfer { transfer });
            }
        }
    }

    /// Sends the adapter's byte counts to the window (set again for each watch: cheap).
    fn observe(&self, state: &AppState, session: &AccountSession) {
        let uploads = self.clone();
        let state = state.clone();
        session
            .engine
            .platform()
            .set_upload_observer(Arc::new(move |path: &Path, sent, total| {
                if let Some(transfer) = uploads.progress(path, sent, total) {
                    state.emit(BackendEvent::Transfer { transfer });
                }
            }));
    }

    /// Records a file's progress; the message's transfer when it is time to tell the window.
    fn progress(&self, path: &Path, sent: u64, total: u64) -> Option<Transfer> {
        let mut tracked = self.lock();
        let (client_id, index) = *tracked.files.get(path)?;
        let progress = tracked.messages.get_mut(&client_id)?;
        *progress.done.get_mut(index)? = sent;
        *progress.sizes.get_mut(index)? = total;
        let last_piece = sent == total;
        (progress.throttle.ready() || last_piece).then(|| progress.transfer(client_id, false, None))
    }

    /// Stops following a message; its final transfer, if it was followed.
    fn finish(&self, client_id: i64, error: Option<String>) -> Option<Transfer> {
        let mut tracked = self.lock();
        let progress = tracked.messages.remove(&client_id)?;
        tracked
            .files
            .retain(|_, (message, _)| *message != client_id);
        Some(progress.transfer(client_id, true, error))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Tracked> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Follows one message with files through the outbox.
struct Follower {
    uploads: Uploads,
    state: AppState,
    session: Weak<AccountSession>,
    client_id: i64,
    upload_ids: Vec<i64>,
    paths: Vec<PathBuf>,
    account_dir: PathBuf,
}

enum Next {
    Wait,
    Sent,
    Gone,
    Failed(String),
}

impl Follower {
    async fn run(self, mut events: tokio::sync::broadcast::Receiver<SyncEvent>) {
        loop {
            // Checked before the first event too: the message may be sent already.
            match self.next() {
                Next::Wait => {}
                Next::Sent | Next::Gone => {
                    for path in &self.paths {
                        staging::release(&self.account_dir, path);
                    }
                    if let Some(transfer) = self.uploads.finish(self.client_id, None) {
                        self.state.emit(BackendEvent::Transfer { transfer });
                    }
                    return;
                }
                Next::Failed(reason) => {
                    // Followed again when the person retries.
                    if let Some(transfer) = self.uploads.finish(self.client_id, Some(reason)) {
                        self.state.emit(BackendEvent::Transfer { transfer });
                    }
                    return;
                }
            }
            loop {
                match events.recv().await {
                    Ok(SyncEvent::OutboxChanged { client_id })
                        if client_id == self.client_id || self.upload_ids.contains(&client_id) =>
                    {
                        break;
                    }
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => break,
                    Ok(_) => {}
                    Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
                }
            }
        }
    }

    fn next(&self) -> Next {
        let Some(session) = self.session.upgrade() else {
            return Next::Gone;
        };
        let reader = session.reader();
        let state = |id| reader.outbox_entry(id).ok().flatten();
        let Some(message) = state(self.client_id) else {
            return Next::Gone;
        };
        if message.state == OutboxState::Sent {
            return Next::Sent;
        }
        let failed = std::iter::once(message)
            .chain(self.upload_ids.iter().filter_map(|&id| state(id)))
            .find(|entry| entry.state == OutboxState::Failed);
        match failed {
            Some(entry) => Next::Failed(
                entry
                    .last_error
                    .unwrap_or_else(|| "Файл не отправлен.".to_owned()),
            ),
            None => Next::Wait,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_messages_files_add_up_to_one_transfer() {
        let uploads = Uploads::default();
        {
            let mut tracked = uploads.lock();
            tracked.files.insert("/o/a".into(), (7, 0));
            tracked.files.insert("/o/b".into(), (7, 1));
            tracked.messages.insert(
                7,
                Progress {
                    chat_id: "42".into(),
                    done: vec![0, 0],
                    sizes: vec![100, 50],
                    throttle: Throttle::new(),
                },
            );
        }
        let first = uploads.progress(Path::new("/o/a"), 100, 100);
        assert_eq!(first.map(|t| (t.done, t.total)), Some((100, Some(150))));
        // The last piece of a file is always told, however soon.
        let second = uploads.progress(Path::new("/o/b"), 50, 50);
        assert_eq!(second.map(|t| t.done), Some(150));
        assert!(uploads.progress(Path::new("/o/unknown"), 1, 2).is_none());
        let done = uploads
            .finish(7, None)
            .map(|t| (t.id, t.finished, t.chat_id));
        assert_eq!(done, Some(("upload:7".into(), true, "42".into())));
        assert!(uploads.finish(7, None).is_none());
        assert!(uploads.progress(Path::new("/o/a"), 1, 2).is_none());
    }
}
