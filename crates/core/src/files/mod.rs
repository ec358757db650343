//! Downloaded files: content-addressed blobs in `files/` beside the database.
//!
//! Design: a finished download is named by the SHA-256 of its bytes (`files/ab/cdef…`), so two
//! messages with the same file share one blob. The server's file name is stored as a display
//! name only and never becomes part of a path. A download in progress lives in
//! `files/partial/<sha256 of the remote key>.part`; an interrupted one resumes from that file's
//! length ([`DownloadSource::open_from`] is the plug for the sync layer's HTTP client, and
//! [`PartialDownload`] serves callers that push bytes themselves). After each finished download
//! the cache is trimmed to [`FilePolicy::cap_bytes`], least recently used first, never removing
//! the files of channel posts or of the newest [`FilePolicy::keep_newest_per_chat`] messages of
//! each chat. Only one [`PartialDownload`] of a file is open at a time (a second one is
//! [`crate::CoreError::DownloadBusy`]), so a prefetch and the window never append to the same
//! partial file, nor to a blob that the other just finished.

mod blobs;
mod download;
mod eviction;

pub(crate) use download::Downloading;
pub use download::{DownloadSource, PartialDownload};
pub use eviction::EvictionReport;

use std::path::PathBuf;

use crate::model::{ChatId, MessageId};

/// How much disk the file cache may use, and what it keeps regardless.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FilePolicy {
    /// Total size of blobs to stay under.
    pub cap_bytes: u64,
    /// Files of this many newest messages per chat are never evicted.
    pub keep_newest_per_chat: usize,
}

impl Default for FilePolicy {
    fn default() -> Self {
        FilePolicy {
            cap_bytes: 2 * 1024 * 1024 * 1024,
            keep_newest_per_chat: 50,
        }
    }
}

/// A file as a message references it on the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteFile {
    /// A stable identity given by the adapter, e.g. `max:file:123456`.
    pub remote_key: String,
    /// The chat of the message that carries it.
    pub chat_id: ChatId,
    /// The message that carries it.
    pub message_id: MessageId,
    /// The server's name for it: for display only.
    pub display_name: String,
    /// The size the server announced, if any; a finished download must match it.
    pub expected_size: Option<u64>,
}

/// A file that is on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedFile {
    /// Where the bytes are (a content-addressed name, not the display name).
    pub path: PathBuf,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256 of the bytes, hex.
    pub hash: String,
    /// The name to show (and to suggest when saving a copy).
    pub display_name: String,
}
