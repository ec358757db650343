//! Files the person attached to the composer, kept on disk until the message is sent.
//!
//! Design: `staging/<id>` holds the bytes and `staging/<id>.json` what the window showed (name,
//! size, whether it is a picture). The id is random hex, checked on every use, so a staged id
//! from the window can never name another path. Sending moves the bytes to `outgoing/<id>`
//! (where the outbox's upload reads them), out of reach of a later `discard_staged`. Files left
//! staged (a closed window) are removed after [`STALE_AFTER`], files never uploaded after
//! [`OUTGOING_STALE_AFTER`].

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use parta_core::platform::LocalFile;
use serde::{Deserialize, Serialize};

use super::FilesError;
use crate::media::sniff;

/// The largest file the window may hand over: the bytes pass through IPC and memory once.
pub const MAX_STAGED_BYTES: u64 = 256 * 1024 * 1024;
/// Staged files older than this were abandoned.
const STALE_AFTER: Duration = Duration::from_secs(24 * 60 * 60);
/// Files to upload older than this belong to messages nobody sent or discarded (the app was
/// closed before they went): the outbox then reports the file as unreadable.
const OUTGOING_STALE_AFTER: Duration = Duration::from_secs(7 * 24 * 60 * 60);
/// The longest display name kept (characters); it is display text only.
const MAX_NAME_CHARS: usize = 255;

const STAGING_DIR: &str = "staging";
const OUTGOING_DIR: &str = "outgoing";
const ID_LEN: usize = 32;

/// A file ready to go with the next message (`StagedFile` in `backend.ts`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StagedFile {
    /// Refers to the bytes the shell keeps until the message is sent.
    pub staged_id: String,
    /// The file's name as the person's system gave it (display only).
    pub name: String,
    /// Size in bytes.
    pub size: u64,
    /// A picture MAX shows inline (sent as a photo, not a document).
    pub is_image: bool,
}

/// The name from the `x-file-name` header (percent-encoded UTF-8), as display text.
pub fn decode_name(header: Option<&str>) -> String {
    let decoded = header
        .map(|raw| {
            percent_encoding::percent_decode_str(raw)
                .decode_utf8_lossy()
                .into_owned()
        })
        .unwrap_or_default();
    let name: String = decoded
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_NAME_CHARS)
        .collect();
    let name = name.trim();
    if name.is_empty() {
        "файл".to_owned()
    } else {
        name.to_owned()
    }
}

/// Whether MAX should get these bytes as a photo: a picture format it shows inline.
pub fn is_photo(head: &[u8]) -> bool {
    matches!(
        sniff::media_type(head),
        Some("image/jpeg" | "image/png" | "image/gif" | "image/webp")
    )
}

/// Keeps `bytes` under a new staged id in `account_dir`.
pub fn stage(account_dir: &Path, name: String, bytes: &[u8]) -> Result<StagedFile, FilesError> {
    let size = bytes.len() as u64;
    if size > MAX_STAGED_BYTES {
        return Err(FilesError::TooLarge {
            name,
            size_mb: size.div_ceil(1024 * 1024),
            limit_mb: MAX_STAGED_BYTES / (1024 * 1024),
        });
    }
    if size == 0 {
        return Err(FilesError::Empty(name));
    }
    let dir = account_dir.join(STAGING_DIR);
    std::fs::create_dir_all(&dir)?;
    remove_stale(&dir, STALE_AFTER);
    let staged = StagedFile {
        staged_id: new_id(),
        name,
        size,
        is_image: is_photo(&bytes[..bytes.len().min(sniff::SNIFF_LEN)]),
    };
    let path = dir.join(&staged.staged_id);
    std::fs::write(&path, bytes)?;
    let sidecar = serde_json::to_vec(&staged).map_err(std::io::Error::other)?;
    if let Err(error) = std::fs::write(path.with_extension("json"), sidecar) {
        let _ = std::fs::remove_file(&path);
        return Err(error.into());
    }
    Ok(staged)
}

/// Forgets a staged file. Unknown ids are fine (discarded twice, or already sent).
pub fn discard(account_dir: &Path, staged_id: &str) -> Result<(), FilesError> {
    let path = staged_path(account_dir, staged_id)?;
    for file in [path.with_extension("json"), path] {
        match std::fs::remove_file(file) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => return Err(error.into()),
            _ => {}
        }
    }
    Ok(())
}

/// Moves a staged file to `outgoing/` for the outbox's upload and describes it for the upload.
pub fn take(account_dir: &Path, staged_id: &str) -> Result<(LocalFile, u64), FilesError> {
    let path = staged_path(account_dir, staged_id)?;
    let sidecar = std::fs::read(path.with_extension("json")).map_err(|_| FilesError::NotStaged)?;
    let staged: StagedFile = serde_json::from_slice(&sidecar).map_err(|_| FilesError::NotStaged)?;
    let outgoing = account_dir.join(OUTGOING_DIR);
    std::fs::create_dir_all(&outgoing)?;
    remove_stale(&outgoing, OUTGOING_STALE_AFTER);
    let target = outgoing.join(staged_id);
    std::fs::rename(&path, &target).map_err(|error| match error.kind() {
        std::io::ErrorKind::NotFound => FilesError::NotStaged,
        _ => FilesError::Disk(error),
    })?;
    let _ = std::fs::remove_file(path.with_extension("json"));
    let file = LocalFile {
        path: target,
        display_name: staged.name,
        as_photo: staged.is_image,
    };
    Ok((file, staged.size))
}

/// Deletes a file the outbox no longer needs, if it is one of ours in `outgoing/`.
pub fn release(account_dir: &Path, path: &Path) {
    let ours = path.parent() == Some(account_dir.join(OUTGOING_DIR).as_path())
        && path
            .file_name()
            .and_then(|name| name.to_str())
            .is_some_and(is_id);
    if ours
        && let Err(error) = std::fs::remove_file(path)
        && error.kind() != std::io::ErrorKind::NotFound
    {
        tracing::warn!(%error, "a sent file was not deleted");
    }
}

fn staged_path(account_dir: &Path, staged_id: &str) -> Result<PathBuf, FilesError> {
    if !is_id(staged_id) {
        return Err(FilesError::NotStaged);
    }
    Ok(account_dir.join(STAGING_DIR).join(staged_id))
}

fn is_id(text: &str) -> bool {
    text.len() == ID_LEN
        && text
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

fn new_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// Removes the files in `dir` (not below it) last changed more than `age` ago.
pub(crate) fn remove_stale(dir: &Path, age: Duration) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let old = entry
            .metadata()
            .and_then(|meta| meta.modified())
            .ok()
            .and_then(|modified| now.duration_since(modified).ok())
            .is_some_and(|since| since > age);
        if old && entry.file_type().is_ok_and(|kind| kind.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1A\n\0\0\0\rIHDR";

    #[test]
    fn a_staged_file_is_taken_once_for_sending() {
        let dir = tempfile::tempdir().unwrap();
        let staged = stage(dir.path(), "рисунок.png".into(), PNG).unwrap();
        assert!(staged.is_image);
        assert_eq!(staged.size, PNG.len() as u64);
        let (file, size) = take(dir.path(), &staged.staged_id).unwrap();
        assert_eq!(size, PNG.len() as u64);
        assert_eq!(file.display_name, "рисунок.png");
        assert!(file.as_photo);
        assert_eq!(std::fs::read(&file.path).unwrap(), PNG);
        // Taken: neither a second take nor a discard reaches it.
        assert!(matches!(
            take(dir.path(), &staged.staged_id),
            Err(FilesError::NotStaged)
        ));
        discard(dir.path(), &staged.staged_id).unwrap();
        assert!(file.path.is_file());
        release(dir.path(), &file.path);
        assert!(!file.path.exists());
    }

    #[test]
    fn discarded_files_are_gone_and_documents_are_not_photos() {
        let dir = tempfile::tempdir().unwrap();
        let staged = stage(dir.path(), "отчёт.pdf".into(), b"%PDF-1.7").unwrap();
        assert!(!staged.is_image);
        discard(dir.path(), &staged.staged_id).unwrap();
        discard(dir.path(), &staged.staged_id).unwrap();
        assert!(matches!(
            take(dir.path(), &staged.staged_id),
            Err(FilesError::NotStaged)
        ));
    }

    #[test]
    fn ids_that_are_not_ours_name_no_path() {
        let dir = tempfile::tempdir().unwrap();
        for hostile in ["../cache.sqlite", "", "a/b", "..", &"A".repeat(ID_LEN)] {
            assert!(matches!(
                discard(dir.path(), hostile),
                Err(FilesError::NotStaged)
            ));
            assert!(matches!(
                take(dir.path(), hostile),
                Err(FilesError::NotStaged)
            ));
        }
        // Only our own outgoing files are ever deleted.
        let elsewhere = dir.path().join("cache.sqlite");
        std::fs::write(&elsewhere, b"x").unwrap();
        release(dir.path(), &elsewhere);
        assert!(elsewhere.is_file());
    }

    #[test]
    fn empty_and_oversize_files_are_refused_in_russian() {
        let dir = tempfile::tempdir().unwrap();
        let error = stage(dir.path(), "пусто.txt".into(), b"").unwrap_err();
        assert!(error.to_string().contains("пустой"));
        let error = FilesError::TooLarge {
            name: "фильм.mp4".into(),
            size_mb: 300,
            limit_mb: MAX_STAGED_BYTES / (1024 * 1024),
        };
        assert!(error.to_string().contains("до 256 МБ"));
    }

    #[test]
    fn names_arrive_percent_encoded() {
        assert_eq!(
            decode_name(Some("%D0%94%D0%97%20%E2%84%965.docx")),
            "ДЗ №5.docx"
        );
        assert_eq!(decode_name(Some("a%0Ab")), "ab");
        assert_eq!(decode_name(Some("%FF")), "\u{FFFD}");
        assert_eq!(decode_name(None), "файл");
        assert_eq!(decode_name(Some("%20")), "файл");
    }
}
