//! Blob paths, hashing, and the rows that describe blobs and their sources.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use rusqlite::{OptionalExtension, params};
use sha2::{Digest, Sha256};

use super::{CachedFile, RemoteFile};
use crate::Result;
use crate::store::{FILES_DIR_NAME, Store, private};

pub(super) fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

pub(super) fn hash_file(path: &Path) -> Result<(String, u64)> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 64 * 1024];
    let mut size = 0u64;
    loop {
        let read = file.read(&mut buffer)?;
        if read == 0 {
            break;
        }
        hasher.update(&buffer[..read]);
        size += read as u64;
    }
    Ok((
        hasher
            .finalize()
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect(),
        size,
    ))
}

pub(super) fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

impl Store {
    pub(super) fn files_dir(&self) -> PathBuf {
        self.account_dir().join(FILES_DIR_NAME)
    }

    /// `files/ab/cdef…`: the path of a blob is its hash, nothing else.
    pub(super) fn blob_path(&self, hash: &str) -> PathBuf {
        let (prefix, rest) = hash.split_at(2.min(hash.len()));
        self.files_dir().join(prefix).join(rest)
    }

    /// `files/partial/<sha256 of the remote key>.part`.
    pub(super) fn partial_path(&self, remote_key: &str) -> PathBuf {
        self.files_dir()
            .join("partial")
            .join(format!("{}.part", hex_sha256(remote_key.as_bytes())))
    }

    /// The cached copy of a remote file, if it is on disk; marks it as just used.
    pub fn cached_file(&mut self, remote_key: &str) -> Result<Option<CachedFile>> {
        let found: Option<(String, String, i64)> = self
            .connection()
            .prepare_cached(
                "SELECT s.display_name, b.hash, b.size FROM file_sources s
                 JOIN file_blobs b ON b.hash = s.blob_hash WHERE s.remote_key = ?1",
            )?
            .query_row([remote_key], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?))
            })
            .optional()?;
        let Some((display_name, hash, size)) = found else {
            return Ok(None);
        };
        let path = self.blob_path(&hash);
        if !path.is_file() {
            // Removed behind our back: forget it so it is downloaded again.
            self.write(|batch| forget_blob(batch.transaction(), &hash))?;
            return Ok(None);
        }
        self.write(|batch| touch_blob(batch.transaction(), &hash))?;
        Ok(Some(CachedFile {
            path,
            size: size as u64,
            hash,
            display_name,
        }))
    }

    /// Records where a remote file came from (before its bytes arrive).
    pub(super) fn register_source(&mut self, remote: &RemoteFile) -> Result<()> {
        self.write(|batch| {
            batch
                .transaction()
                .prepare_cached(
                    "INSERT INTO file_sources (remote_key, chat_id, message_id, display_name,
                        expected_size)
                     VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT (remote_key) DO UPDATE SET chat_id = excluded.chat_id,
                        message_id = excluded.message_id, display_name = excluded.display_name,
                        expected_size = excluded.expected_size",
                )?
                .execute(params![
                    remote.remote_key,
                    remote.chat_id.0,
                    remote.message_id.0,
                    remote.display_name,
                    remote.expected_size.map(|size| size as i64),
                ])?;
            Ok(())
        })
    }

    /// Moves a finished partial file into its content-addressed place and records it.
    pub(super) fn store_blob(&mut self, remote: &RemoteFile, partial: &Path) -> Result<CachedFile> {
        let (hash, size) = hash_file(partial)?;
        let path = self.blob_path(&hash);
        if path.is_file() {
            std::fs::remove_file(partial)?;
        } else {
            if let Some(parent) = path.parent() {
                private::create_private_dir(parent)?;
            }
            std::fs::rename(partial, &path)?;
            private::restrict_file(&path)?;
        }
        self.write(|batch| {
            let tx = batch.transaction();
            tx.prepare_cached(
                "INSERT INTO file_blobs (hash, size, last_used_ms) VALUES (?1, ?2, 0)
                 ON CONFLICT (hash) DO UPDATE SET size = excluded.size",
            )?
            .execute(params![hash, size as i64])?;
            touch_blob(tx, &hash)?;
            tx.prepare_cached("UPDATE file_sources SET blob_hash = ?2 WHERE remote_key = ?1")?
                .execute(params![remote.remote_key, hash])?;
            Ok(())
        })?;
        Ok(CachedFile {
            path,
            size,
            hash,
            display_name: remote.display_name.clone(),
        })
    }
}

/// Marks a blob as the most recently used one (strictly newer than every other, so the LRU
/// order holds even within one millisecond).
pub(super) fn touch_blob(tx: &rusqlite::Transaction<'_>, hash: &str) -> Result<()> {
    tx.prepare_cached(
        "UPDATE file_blobs SET last_used_ms =
            max(?2, (SELECT coalesce(max(last_used_ms), 0) + 1 FROM file_blobs))
         WHERE hash = ?1",
    )?
    .execute(params![hash, now_ms()])?;
    Ok(())
}

/// Drops a blob's row and unlinks its sources from it.
pub(super) fn forget_blob(tx: &rusqlite::Transaction<'_>, hash: &str) -> Result<()> {
    tx.prepare_cached("DELETE FROM file_blobs WHERE hash = ?1")?
        .execute([hash])?;
    tx.prepare_cached("UPDATE file_sources SET blob_hash = NULL WHERE blob_hash = ?1")?
        .execute([hash])?;
    Ok(())
}
