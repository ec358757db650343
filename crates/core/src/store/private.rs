//! Folders and files only their owner may read: a school PC is shared between OS users.
//!
//! Design: on Unix every folder of an account is `0700` and every file `0600`, set explicitly
//! (not left to the process's umask, which Парта does not own). SQLite gives its `-wal` and
//! `-shm` the database file's own mode, so creating the database `0600` covers them; open also
//! tightens files an older build left readable. On Windows nothing is set here: the data folder
//! lives under the person's profile (`%APPDATA%`), whose ACLs grant only that user (and the
//! administrators and SYSTEM) access, and new files and folders inherit those ACLs.

use std::path::Path;

/// Creates `dir` (and its parents) and makes `dir` itself readable by its owner only. An
/// existing folder is tightened too.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    set_mode(dir, 0o700)
}

/// Makes an existing file readable and writable by its owner only; a missing file is fine.
pub fn restrict_file(path: &Path) -> std::io::Result<()> {
    match set_mode(path, 0o600) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

/// Creates `path` empty with mode `0600` unless it exists.
pub fn create_private_file(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path).map(drop)
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(path: &Path, _mode: u32) -> std::io::Result<()> {
    // Windows: the profile's inherited ACLs already limit access to the person (see above).
    std::fs::metadata(path).map(drop)
}
