//! Files fetched ahead, so they open offline: the attachments of channel posts (announcements)
//! and of each chat's newest messages, within the file cache's policy. A failure to fetch one
//! file is logged and skipped; the next sync tries again, resuming a partial download.

use crate::CoreError;
use crate::files::RemoteFile;
use crate::model::{AttachmentKind, ChatId, Message};
use crate::platform::Platform;
use crate::sync::{SyncEngine, SyncError};

/// Announcements whose files are fetched ahead, newest first.
const CHANNEL_POSTS: usize = 100;
/// Per chat, the newest messages whose files are fetched ahead.
const NEWEST_PER_CHAT: usize = 20;

impl<P: Platform> SyncEngine<P> {
    /// Fetches the files the person is likely to open next; returns how many it stored.
    pub async fn prefetch_files(&self) -> Result<usize, SyncError> {
        let messages = self.prefetch_candidates()?;
        let mut stored = 0;
        for message in &messages {
            for attachment in &message.attachments {
                if !matches!(
                    attachment.kind,
                    AttachmentKind::File { .. } | AttachmentKind::Photo { .. }
                ) {
                    continue;
                }
                match self.fetch_one(message, attachment).await {
                    Ok(true) => stored += 1,
                    Ok(false) => {}
                    Err(SyncError::Platform(error))
                        if !matches!(error, crate::platform::PlatformError::AuthRevoked(_)) =>
                    {
                        tracing::info!(%error, "a file was not fetched ahead; next sync tries again");
                    }
                    Err(error) => return Err(error),
                }
            }
        }
        Ok(stored)
    }

    fn prefetch_candidates(&self) -> Result<Vec<Message>, SyncError> {
        let store = self.store();
        let mut messages: Vec<Message> = store
            .channel_posts(None, CHANNEL_POSTS)?
            .into_iter()
            .map(|view| view.message)
            .collect();
        let chats: Vec<ChatId> = store
            .chat_list()?
            .into_iter()
            .map(|entry| entry.chat.id)
            .collect();
        for chat in chats {
            messages.extend(
                store
                    .newest_messages(chat, NEWEST_PER_CHAT)?
                    .into_iter()
                    .map(|view| view.message),
            );
        }
        messages.retain(|message| !message.attachments.is_empty());
        Ok(messages)
    }

    /// Fetches one attachment unless it is cached; `Ok(true)` when it stored it now.
    async fn fetch_one(
        &self,
        message: &Message,
        attachment: &crate::model::Attachment,
    ) -> Result<bool, SyncError> {
        // A first request with offset 0 learns the remote key; a cached file is not fetched again.
        let Some(key) = remote_key(message, attachment) else {
            return Ok(false);
        };
        if self.store().cached_file(&key)?.is_some() {
            return Ok(false);
        }
        let offset = {
            let probe = RemoteFile {
                remote_key: key.clone(),
                chat_id: message.chat_id,
                message_id: message.id,
                display_name: String::new(),
                expected_size: None,
            };
            match self.store().partial_download(&probe) {
                Ok(partial) => partial.offset(),
                // The window is downloading it right now.
                Err(CoreError::DownloadBusy(_)) => return Ok(false),
                Err(error) => return Err(error.into()),
            }
        };
        let Some((remote, bytes)) = self.platform.fetch(message, attachment, offset).await? else {
            return Ok(false);
        };
        let mut store = self.store();
        let mut partial = match store.partial_download(&remote) {
            Ok(partial) => partial,
            Err(CoreError::DownloadBusy(_)) => return Ok(false),
            Err(error) => return Err(error.into()),
        };
        partial.append(&bytes)?;
        store.finish_download(partial)?;
        Ok(true)
    }
}

/// The cache key of an attachment's file, as the adapter names it (`max:file:ID`, …).
pub fn remote_key(message: &Message, attachment: &crate::model::Attachment) -> Option<String> {
    match &attachment.kind {
        AttachmentKind::File {
            file_id: Some(id), ..
        } => Some(format!("max:file:{id}")),
        AttachmentKind::Photo {
            photo_id: Some(id), ..
        } => Some(format!("max:photo:{id}")),
        AttachmentKind::Photo {
            photo_id: None,
            url: Some(url),
            ..
        } => Some(format!("max:photo-url:{}:{url}", message.chat_id)),
        AttachmentKind::Audio {
            audio_id: Some(id),
            url: Some(_),
            ..
        } => Some(format!("max:audio:{id}")),
        AttachmentKind::Sticker {
            sticker_id: Some(id),
            url: Some(_),
        } => Some(format!("max:sticker:{id}")),
        _ => None,
    }
}

/// The cache key of a video's preview picture (`max:video-thumb:ID`), if it has one.
pub fn thumbnail_key(attachment: &crate::model::Attachment) -> Option<String> {
    match &attachment.kind {
        AttachmentKind::Video {
            video_id: Some(id),
            thumbnail_url: Some(_),
            ..
        } => Some(format!("max:video-thumb:{id}")),
        _ => None,
    }
}
