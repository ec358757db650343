//! Handing things to the system: a cached attachment to its application, a link to the browser.
//!
//! Design: the cache names files by hash, so opening copies the file to the account's `opened/`
//! folder under its display name made safe ([`names`]), inside a folder named by the hash so two
//! different files with one name never collide. A copy, not a link: an application that saves
//! in place must not change the cache. Links pass [`links`] first. Both are opened with the
//! `open` crate, detached; the window holds no opener permission of its own.

mod links;
mod names;

pub use links::{LinkError, allowed_link};
pub use names::sanitize_file_name;

use std::path::{Path, PathBuf};
use std::time::Duration;

use parta_core::files::CachedFile;

use crate::media::sniff;
use crate::transfers::FilesError;

const OPENED_DIR: &str = "opened";
/// Copies opened longer ago than this are removed (the application is long done with them).
const OPENED_STALE_AFTER: Duration = Duration::from_secs(7 * 24 * 60 * 60);

/// The copy of `cached` to open, made (once) under `display_name`.
pub fn opened_copy(
    account_dir: &Path,
    cached: &CachedFile,
    display_name: &str,
) -> Result<PathBuf, FilesError> {
    let mut name = sanitize_file_name(display_name);
    if !name.contains('.')
        && let Some(extension) = extension_from_bytes(&cached.path)
    {
        name.push('.');
        name.push_str(extension);
    }
    let dir = opened_folder(account_dir, &cached.hash[..cached.hash.len().min(16)])?;
    let path = dir.join(name);
    let current = std::fs::metadata(&path).map(|meta| meta.len()).ok();
    if current != Some(cached.size) {
        std::fs::copy(&cached.path, &path)?;
    }
    Ok(path)
}

/// The copy of downloaded `bytes` to open (not from the cache: a homework file the journal
/// serves), written under `display_name` in the folder `folder`, which names the file's source.
pub fn opened_bytes(
    account_dir: &Path,
    folder: &str,
    display_name: &str,
    bytes: &[u8],
) -> Result<PathBuf, FilesError> {
    let path = opened_folder(account_dir, folder)?.join(sanitize_file_name(display_name));
    std::fs::write(&path, bytes)?;
    Ok(path)
}

/// `opened/<folder>` in the account's folder, made; old copies there are cleared first.
fn opened_folder(account_dir: &Path, folder: &str) -> Result<PathBuf, FilesError> {
    remove_stale_copies(&account_dir.join(OPENED_DIR));
    let dir = account_dir.join(OPENED_DIR).join(folder);
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// Removes old copies, and the folders they leave empty.
fn remove_stale_copies(opened: &Path) {
    let Ok(folders) = std::fs::read_dir(opened) else {
        return;
    };
    for folder in folders.flatten() {
        if folder.file_type().is_ok_and(|kind| kind.is_dir()) {
            crate::transfers::staging::remove_stale(&folder.path(), OPENED_STALE_AFTER);
            // Fails while a copy is left: kept.
            let _ = std::fs::remove_dir(folder.path());
        }
    }
}

/// Opens a file with the system's application for it.
pub fn open_file(path: &Path) -> Result<(), FilesError> {
    open::that_detached(path).map_err(|error| {
        tracing::warn!(%error, "no application opened a file");
        FilesError::Open
    })
}

/// Opens an allowed link in the system browser (or mail program).
pub fn open_link(raw: &str) -> Result<(), FilesError> {
    let url = allowed_link(raw)?;
    open::that_detached(url.as_str()).map_err(|error| {
        tracing::warn!(%error, "the browser did not start");
        FilesError::Browser
    })
}

/// An extension for a picture, sound or video named without one ("photo").
fn extension_from_bytes(path: &Path) -> Option<&'static str> {
    use std::io::Read;
    let mut head = Vec::with_capacity(sniff::SNIFF_LEN);
    std::fs::File::open(path)
        .ok()?
        .take(sniff::SNIFF_LEN as u64)
        .read_to_end(&mut head)
        .ok()?;
    Some(match sniff::media_type(&head)? {
        "image/jpeg" => "jpg",
        "image/png" => "png",
        "image/gif" => "gif",
        "image/webp" => "webp",
        "audio/ogg" => "ogg",
        "audio/mpeg" => "mp3",
        "audio/mp4" => "m4a",
        "video/mp4" => "mp4",
        "video/webm" => "webm",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn cached(dir: &Path, bytes: &[u8], hash: &str) -> CachedFile {
        let path = dir.join(hash);
        std::fs::write(&path, bytes).unwrap();
        CachedFile {
            path,
            size: bytes.len() as u64,
            hash: hash.into(),
            display_name: String::new(),
        }
    }

    #[test]
    fn a_copy_opens_under_a_safe_name_inside_opened() {
        let dir = tempfile::tempdir().unwrap();
        let file = cached(dir.path(), b"%PDF-1.7", "ab12cd34ef56ab12cd34");
        let path = opened_copy(dir.path(), &file, "../../etc/passwd").unwrap();
        assert!(path.starts_with(dir.path().join(OPENED_DIR)));
        assert_eq!(path.file_name().unwrap(), "_._etc_passwd");
        assert_eq!(std::fs::read(&path).unwrap(), b"%PDF-1.7");
        // Opened again: the same copy.
        assert_eq!(
            opened_copy(dir.path(), &file, "../../etc/passwd").unwrap(),
            path
        );
    }

    #[test]
    fn a_picture_without_an_extension_gets_one() {
        let dir = tempfile::tempdir().unwrap();
        let file = cached(dir.path(), b"\xFF\xD8\xFF\xE0\0\x10JFIF", "ffee");
        let path = opened_copy(dir.path(), &file, "photo").unwrap();
        assert_eq!(path.file_name().unwrap(), "photo.jpg");
    }
}
