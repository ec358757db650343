//! Resumable downloads.

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use super::{CachedFile, RemoteFile};
use crate::store::Store;
use crate::{CoreError, Result};

/// Where a download's bytes come from. The sync layer implements it over HTTP with a `Range`
/// request; tests use a closure over a byte slice.
pub trait DownloadSource {
    /// A reader of the file's bytes from `offset` on (the bytes before it are already cached).
    fn open_from(&mut self, offset: u64) -> std::io::Result<Box<dyn Read + '_>>;
}

impl<F, R> DownloadSource for F
where
    F: FnMut(u64) -> std::io::Result<R>,
    R: Read + 'static,
{
    fn open_from(&mut self, offset: u64) -> std::io::Result<Box<dyn Read + '_>> {
        Ok(Box::new(self(offset)?))
    }
}

/// A download in progress, for callers that receive bytes themselves (an async HTTP stream):
/// ask [`Store::partial_download`] for it, [`PartialDownload::append`] each chunk, then
/// [`Store::finish_download`]. Bytes appended survive a crash or a restart.
pub struct PartialDownload {
    remote: RemoteFile,
    path: PathBuf,
    file: File,
    offset: u64,
    _claim: Claim,
}

/// The remote keys whose partial file is open for appending.
pub(crate) type Downloading = Arc<Mutex<HashSet<String>>>;

/// A key's place in [`Downloading`], given back when the download is dropped or finished.
struct Claim {
    downloading: Downloading,
    key: String,
}

impl Claim {
    fn take(downloading: &Downloading, key: &str) -> Result<Claim> {
        let mut open = downloading.lock().unwrap_or_else(PoisonError::into_inner);
        if !open.insert(key.to_owned()) {
            return Err(CoreError::DownloadBusy(key.to_owned()));
        }
        Ok(Claim {
            downloading: downloading.clone(),
            key: key.to_owned(),
        })
    }
}

impl Drop for Claim {
    fn drop(&mut self) {
        self.downloading
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&self.key);
    }
}

impl PartialDownload {
    /// How many bytes are already there: request the rest from here.
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// Appends the next chunk.
    pub fn append(&mut self, chunk: &[u8]) -> Result<()> {
        self.file.write_all(chunk)?;
        self.offset += chunk.len() as u64;
        Ok(())
    }
}

impl Store {
    /// Starts or resumes a download of `remote`; [`CoreError::DownloadBusy`] while another
    /// download of it is open.
    pub fn partial_download(&mut self, remote: &RemoteFile) -> Result<PartialDownload> {
        let claim = Claim::take(&self.downloading, &remote.remote_key)?;
        self.register_source(remote)?;
        let path = self.partial_path(&remote.remote_key);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let file = OpenOptions::new().create(true).append(true).open(&path)?;
        let mut offset = file.metadata()?.len();
        if remote
            .expected_size
            .is_some_and(|expected| offset > expected)
        {
            // More bytes than the file has: the partial copy is not this file. Start over.
            file.set_len(0)?;
            offset = 0;
        }
        Ok(PartialDownload {
            remote: remote.clone(),
            path,
            file,
            offset,
            _claim: claim,
        })
    }

    /// Checks the size, moves the bytes into the blob store and trims the cache.
    pub fn finish_download(&mut self, partial: PartialDownload) -> Result<CachedFile> {
        // The claim is held until the blob is in place.
        let PartialDownload {
            remote,
            path,
            file,
            offset,
            _claim,
        } = partial;
        file.sync_all()?;
        drop(file);
        if let Some(expected) = remote.expected_size
            && offset != expected
        {
            if offset > expected {
                std::fs::remove_file(&path)?;
            }
            return Err(CoreError::DownloadIncomplete {
                display_name: remote.display_name,
                got: offset,
                expected,
            });
        }
        let cached = self.store_blob(&remote, &path)?;
        self.evict_files()?;
        Ok(cached)
    }

    /// The cached file for `remote`, downloading it (or the rest of it) from `source` if needed.
    /// If the source fails midway, the bytes so far are kept and the next call resumes.
    pub fn download_file(
        &mut self,
        remote: &RemoteFile,
        source: &mut dyn DownloadSource,
    ) -> Result<CachedFile> {
        if let Some(cached) = self.cached_file(&remote.remote_key)? {
            return Ok(cached);
        }
        let mut partial = self.partial_download(remote)?;
        let mut reader = source.open_from(partial.offset())?;
        let mut buffer = vec![0u8; 64 * 1024];
        loop {
            let read = match reader.read(&mut buffer) {
                Ok(0) => break,
                Ok(read) => read,
                Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(error.into()),
            };
            partial.append(&buffer[..read])?;
        }
        drop(reader);
        self.finish_download(partial)
    }
}
