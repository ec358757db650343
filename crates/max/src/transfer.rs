//! File bytes over HTTP, piece by piece, so the app can show progress.
//!
//! Design: a download is a [`Download`] the caller pulls chunks from (and appends to the core's
//! `PartialDownload`), resuming with a `Range` request; a server that ignores the range is
//! handled by skipping the bytes already cached. An upload streams the file from disk in
//! [`UPLOAD_CHUNK`] pieces instead of reading it whole, telling an optional
//! [`UploadObserver`] how many bytes went out.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use futures_util::stream;
use parta_core::platform::PlatformError;
use tokio::io::AsyncReadExt;

/// How large a piece of an upload is read and sent at a time.
pub const UPLOAD_CHUNK: usize = 64 * 1024;

/// Told `(file, bytes sent, bytes in all)` as an upload goes out (from 0 to the end).
pub type UploadObserver = Arc<dyn Fn(&Path, u64, u64) + Send + Sync>;

/// A download in progress: pull [`Download::chunk`] until it answers `None`.
pub struct Download {
    response: reqwest::Response,
    /// Bytes still to drop because the server sent the whole file despite our range.
    skip: u64,
    /// The size of the whole file, when the server said.
    total: Option<u64>,
}

impl Download {
    /// Sends `request` (with a range from `offset` when resuming) and checks the answer.
    pub(crate) async fn start(
        request: reqwest::RequestBuilder,
        offset: u64,
    ) -> Result<Self, PlatformError> {
        let request = if offset > 0 {
            request.header(reqwest::header::RANGE, format!("bytes={offset}-"))
        } else {
            request
        };
        let response = request
            .send()
            .await
            .map_err(|error| PlatformError::Transient(format!("download failed: {error}")))?;
        let status = response.status();
        if status.is_server_error() {
            return Err(PlatformError::Transient(format!(
                "download failed: {status}"
            )));
        }
        if !status.is_success() {
            return Err(PlatformError::Rejected(format!(
                "download refused: {status}"
            )));
        }
        let partial = status == reqwest::StatusCode::PARTIAL_CONTENT;
        let length = response.content_length();
        let total = if partial {
            content_range_total(response.headers()).or(length.map(|rest| rest + offset))
        } else {
            length
        };
        Ok(Self {
            response,
            skip: if partial { 0 } else { offset },
            total,
        })
    }

    /// The whole file's size, if the server said.
    pub fn total(&self) -> Option<u64> {
        self.total
    }

    /// The next piece of the file after what is cached; `None` at the end.
    pub async fn chunk(&mut self) -> Result<Option<Vec<u8>>, PlatformError> {
        loop {
            let Some(bytes) = self.response.chunk().await.map_err(|error| {
                PlatformError::Transient(format!("download broke off: {error}"))
            })?
            else {
                return Ok(None);
            };
            let dropped = usize::try_from(self.skip)
                .unwrap_or(usize::MAX)
                .min(bytes.len());
            self.skip -= dropped as u64;
            if dropped < bytes.len() {
                return Ok(Some(bytes[dropped..].to_vec()));
            }
        }
    }

    /// Everything that is left, at once.
    pub async fn rest(mut self) -> Result<Vec<u8>, PlatformError> {
        let mut all = Vec::new();
        while let Some(chunk) = self.chunk().await? {
            all.extend_from_slice(&chunk);
        }
        Ok(all)
    }
}

/// `Content-Range: bytes a-b/total` → total.
fn content_range_total(headers: &reqwest::header::HeaderMap) -> Option<u64> {
    headers
        .get(reqwest::header::CONTENT_RANGE)?
        .to_str()
        .ok()?
        .rsplit_once('/')?
        .1
        .trim()
        .parse()
        .ok()
}

/// The file at `path` as a multipart part streamed from disk, reporting progress to `observer`.
pub(crate) async fn file_part(
    path: &Path,
    display_name: &str,
    observer: Option<UploadObserver>,
) -> Result<reqwest::multipart::Part, PlatformError> {
    let unreadable = |error: std::io::Error| {
        PlatformError::Rejected(format!("файл {display_name} не читается: {error}"))
    };
    let file = tokio::fs::File::open(path).await.map_err(unreadable)?;
    let total = file.metadata().await.map_err(unreadable)?.len();
    let path: PathBuf = path.to_owned();
    if let Some(observer) = &observer {
        observer(&path, 0, total);
    }
    let chunks = stream::unfold((file, 0u64), move |(mut file, sent)| {
        let observer = observer.clone();
        let path = path.clone();
        async move {
            let mut buffer = vec![0u8; UPLOAD_CHUNK];
            match file.read(&mut buffer).await {
                Ok(0) => None,
                Ok(read) => {
                    buffer.truncate(read);
                    let sent = sent + read as u64;
                    if let Some(observer) = &observer {
                        observer(&path, sent, total);
                    }
                    Some((Ok::<_, std::io::Error>(buffer), (file, sent)))
                }
                Err(error) => Some((Err(error), (file, sent))),
            }
        }
    });
    let body = reqwest::Body::wrap_stream(chunks);
    Ok(
        reqwest::multipart::Part::stream_with_length(body, total)
            .file_name(display_name.to_owned()),
    )
}
