//! Attachments into the file cache, with progress, one download per file however many ask.
//!
//! Design: a download runs as its own task on Tauri's runtime, streaming pieces from the adapter
//! ([`parta_max::Download`]) into the core's resumable [`parta_core::files::PartialDownload`]
//! and finishing into the content-addressed cache; the window hears `transfer` events. Callers
//! (the `download_attachment` command, the `media:` scheme, `open_attachment`) wait on a watch
//! channel keyed by account and cache key, so a second request for the same file joins the
//! first instead of appending to the same partial file; while the engine's prefetch holds the
//! file (the core allows one writer), the task waits for it to land in the cache. A cancelled
//! caller does not cancel the download.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use parta_core::files::{CachedFile, RemoteFile};
use parta_core::model::{Attachment, ChatId, Message, MessageId};
use parta_core::platform::PlatformError;
use parta_core::{CoreError, UserFacingError};
use tokio::sync::watch;

use super::{FilesError, Throttle};
use crate::session::{
    AccountSession, AppState, BackendEvent, Connection, Transfer, TransferDirection,
};

/// One file of one attachment: the attachment itself, or a video's preview picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttachmentRef {
    /// The chat.
    pub chat_id: ChatId,
    /// The message.
    pub message_id: MessageId,
    /// The attachment's place in the message (0-based).
    pub index: usize,
    /// The video's preview picture rather than the attachment.
    pub thumbnail: bool,
}

impl AttachmentRef {
    /// The window's name for this transfer (`download:<chat>:<message>:<index>`).
    fn transfer_id(&self) -> String {
        format!(
            "download:{}:{}:{}",
            self.chat_id.0, self.message_id.0, self.index
        )
    }
}

type Outcome = Option<Result<CachedFile, String>>;

/// How often, and how many times, a download held by the engine's prefetch is looked at.
const BUSY_POLL: std::time::Duration = std::time::Duration::from_millis(250);
const BUSY_POLLS: usize = 240;

/// Downloads in flight, shared by everyone who asks for the same file.
#[derive(Clone, Default)]
pub struct Downloads {
    running: Arc<Mutex<HashMap<String, watch::Receiver<Outcome>>>>,
}

/// The message and attachment `what` names, from the window's read connection.
pub fn find(
    session: &AccountSession,
    what: AttachmentRef,
) -> Result<(Message, Attachment), FilesError> {
    let view = session
        .reader()
        .message(what.chat_id, what.message_id)?
        .ok_or(FilesError::NoAttachment)?;
    let attachment = view
        .message
        .attachments
        .get(what.index)
        .cloned()
        .ok_or(FilesError::NoAttachment)?;
    Ok((view.message, attachment))
}

/// The cache key of the file `what` names, if it has one.
pub fn cache_key(message: &Message, attachment: &Attachment, thumbnail: bool) -> Option<String> {
    if thumbnail {
        parta_core::sync::thumbnail_key(attachment)
    } else {
        parta_core::sync::remote_key(message, attachment)
    }
}

impl Downloads {
    /// The cached file `what` names, downloading it first (or joining a running download).
    pub async fn fetch(
        &self,
        state: &AppState,
        session: &Arc<AccountSession>,
        what: AttachmentRef,
    ) -> Result<CachedFile, FilesError> {
        let (message, attachment) = find(session, what)?;
        let key = cache_key(&message, &attachment, what.thumbnail)
            .ok_or(FilesError::NothingToDownload)?;
        if let Some(cached) = session.engine.store().cached_file(&key)? {
            return Ok(cached);
        }
        let mut outcome = {
            let mut running = self.running.lock().unwrap_or_else(PoisonError::into_inner);
            let join_key = format!("{}\n{key}", session.account_id);
            match running.get(&join_key) {
                Some(outcome) => outcome.clone(),
                None => {
                    // Connecting is worth a try (the catch-up has the connection up); offline
                    // or signed out is not.
                    let connection = session.status().connection;
                    if !matches!(connection, Connection::Online | Connection::Connecting) {
                        return Err(FilesError::Offline);
                    }
                    let (sender, outcome) = watch::channel(None);
                    running.insert(join_key.clone(), outcome.clone());
                    let task = Task {
                        state: state.clone(),
                        session: session.clone(),
                        what,
                        key,
                    };
                    let running = self.running.clone();
                    tauri::async_runtime::spawn(async move {
                        let result = task.run(message, attachment).await;
                        running
                            .lock()
                            .unwrap_or_else(PoisonError::into_inner)
                            .remove(&join_key);
                        sender.send_replace(Some(result.map_err(|error| error.to_string())));
                    });
                    outcome
                }
            }
        };
        let result = outcome
            .wait_for(Option::is_some)
            .await
            .map_err(|_| FilesError::Download("Скачивание прервалось.".into()))?
            .clone();
        match result {
            Some(Ok(cached)) => Ok(cached),
            Some(Err(sentence)) => Err(FilesError::Download(sentence)),
            None => Err(FilesError::Download("Скачивание прервалось.".into())),
        }
    }
}

/// One running download.
struct Task {
    state: AppState,
    session: Arc<AccountSession>,
    what: AttachmentRef,
    key: String,
}

impl Task {
    async fn run(
        &self,
        message: Message,
        attachment: Attachment,
    ) -> Result<CachedFile, FilesError> {
        let result = self.download(&message, &attachment).await;
        match &result {
            Ok(cached) => self.report(cached.size, Some(cached.size), true, None),
            Err(error) => {
                tracing::info!(%error, "download failed");
                self.report(0, None, true, Some(error.to_string()));
            }
        }
        result
    }

    /// Downloads, or — while the engine's prefetch holds the file — waits for it to finish.
    async fn download(
        &self,
        message: &Message,
        attachment: &Attachment,
    ) -> Result<CachedFile, FilesError> {
        for _ in 0..BUSY_POLLS {
            match self.download_once(message, attachment).await {
                Err(FilesError::Cache(CoreError::DownloadBusy(_))) => {
                    tokio::time::sleep(BUSY_POLL).await;
                    if let Some(cached) = self.session.engine.store().cached_file(&self.key)? {
                        return Ok(cached);
                    }
                }
                outcome => return outcome,
            }
        }
        Err(CoreError::DownloadBusy(self.key.clone()).into())
    }

    async fn download_once(
        &self,
        message: &Message,
        attachment: &Attachment,
    ) -> Result<CachedFile, FilesError> {
        let engine = &self.session.engine;
        let probe = RemoteFile {
            remote_key: self.key.clone(),
            chat_id: message.chat_id,
            message_id: message.id,
            display_name: String::new(),
            expected_size: None,
        };
        let offset = engine.store().partial_download(&probe)?.offset();
        let (remote, mut download) = engine
            .platform()
            .open_download(message, attachment, self.what.thumbnail, offset)
            .await
            .map_err(platform_sentence)?
            .ok_or(FilesError::NothingToDownload)?;
        let mut partial = engine.store().partial_download(&remote)?;
        let total = remote.expected_size;
        self.report(partial.offset(), total, false, None);
        let mut throttle = Throttle::new();
        while let Some(chunk) = download.chunk().await.map_err(platform_sentence)? {
            partial.append(&chunk)?;
            if throttle.ready() {
                self.report(partial.offset(), total, false, None);
            }
        }
        Ok(engine.store().finish_download(partial)?)
    }

    /// Tells the window; a video's preview is not a transfer the person asked for.
    fn report(&self, done: u64, total: Option<u64>, finished: bool, error: Option<String>) {
        if self.what.thumbnail {
            return;
        }
        self.state.emit(BackendEvent::Transfer {
            transfer: Transfer {
                id: self.what.transfer_id(),
                direction: TransferDirection::Download,
                chat_id: self.what.chat_id.0.to_string(),
                done,
                total,
                finished,
                error,
            },
        });
    }
}

/// A platform failure during a download, as a Russian sentence (details go to the log).
fn platform_sentence(error: PlatformError) -> FilesError {
    tracing::info!(%error, "download stopped");
    FilesError::Download(match error {
        PlatformError::AuthRevoked(_) => error.to_user_facing(),
        error if error.is_retryable() => {
            "Связь с сервером прервалась; скачивание продолжится с того же места.".into()
        }
        PlatformError::Rejected(_) => "Сервер MAX не отдал файл: возможно, он удалён.".into(),
        PlatformError::Protocol(_) => "Сервер MAX ответил непонятно. Повторите позже.".into(),
        _ => "Не удалось скачать файл.".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transfer_ids_are_the_windows() {
        let what = AttachmentRef {
            chat_id: ChatId(-5),
            message_id: MessageId(1234567890123456789),
            index: 2,
            thumbnail: false,
        };
        assert_eq!(what.transfer_id(), "download:-5:1234567890123456789:2");
    }

    #[test]
    fn platform_failures_read_in_russian() {
        let sentence = platform_sentence(PlatformError::Transient("reset".into())).to_string();
        assert!(sentence.contains("продолжится"));
        let sentence = platform_sentence(PlatformError::Rejected("404".into())).to_string();
        assert!(!sentence.contains("404"));
    }
}
