//! Keeping the file cache under its size cap.

use rusqlite::params;

use super::FilePolicy;
use super::blobs::forget_blob;
use crate::Result;
use crate::store::Store;

/// What a trim removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EvictionReport {
    /// Blobs deleted.
    pub removed_files: usize,
    /// Bytes freed.
    pub freed_bytes: u64,
    /// Bytes still cached (may stay above the cap if protected files alone exceed it).
    pub remaining_bytes: u64,
}

impl Store {
    /// Total size of the cached blobs.
    pub fn file_cache_size(&self) -> Result<u64> {
        let total: i64 = self.connection().query_row(
            "SELECT coalesce(sum(size), 0) FROM file_blobs",
            [],
            |row| row.get(0),
        )?;
        Ok(total as u64)
    }

    /// Removes least recently used blobs until the cache fits [`Store::file_policy`], keeping
    /// the files of channel posts and of each chat's newest messages.
    pub fn evict_files(&mut self) -> Result<EvictionReport> {
        let FilePolicy {
            cap_bytes,
            keep_newest_per_chat,
        } = self.file_policy();
        let mut remaining = self.file_cache_size()?;
        let mut report = EvictionReport {
            remaining_bytes: remaining,
            ..Default::default()
        };
        if remaining <= cap_bytes {
            return Ok(report);
        }
        let candidates: Vec<(String, i64)> = self
            .connection()
            .prepare_cached(
                "SELECT b.hash, b.size FROM file_blobs b
                 WHERE NOT EXISTS (
                    SELECT 1 FROM file_sources s
                    JOIN messages m ON m.chat_id = s.chat_id AND m.id = s.message_id
                    WHERE s.blob_hash = b.hash AND (m.is_channel_post = 1 OR m.key >= coalesce(
                        (SELECT n.key FROM messages n WHERE n.chat_id = m.chat_id
                         ORDER BY n.key DESC LIMIT 1 OFFSET ?1), 0)))
                 ORDER BY b.last_used_ms, b.hash",
            )?
            .query_map(
                params![keep_newest_per_chat.saturating_sub(1) as i64],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )?
            .collect::<rusqlite::Result<_>>()?;
        let mut evicted = Vec::new();
        for (hash, size) in candidates {
            if remaining <= cap_bytes {
                break;
            }
            match std::fs::remove_file(self.blob_path(&hash)) {
                Ok(()) => {}
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
                Err(error) => return Err(error.into()),
            }
            remaining = remaining.saturating_sub(size as u64);
            report.removed_files += 1;
            report.freed_bytes += size as u64;
            evicted.push(hash);
        }
        self.write(|batch| {
            for hash in &evicted {
                forget_blob(batch.transaction(), hash)?;
            }
            Ok(())
        })?;
        report.remaining_bytes = remaining;
        Ok(report)
    }
}
