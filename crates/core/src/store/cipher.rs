//! Encryption at rest: every cache is an SQLCipher database keyed with a raw 32-byte key.
//!
//! Design: the key comes from the caller (parta-accounts keeps it in the OS keyring) as a
//! [`CacheKey`]; it is given to SQLCipher with `PRAGMA key = "x'…'"` as the connection's first
//! statement (a raw key: no passphrase derivation, so opening stays fast) and is never logged,
//! written to a file or kept in a string longer than that statement. SQLCipher encrypts the
//! database and its write-ahead log page by page (AES-256, HMAC per page), so a wrong key reads
//! as "not a database" and open treats it like a foreign file. A plain SQLite cache written by an
//! older build is encrypted in place once ([`encrypt_plain_cache`], `sqlcipher_export`) and the
//! plain file is deleted.

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use zeroize::Zeroizing;

/// The key a cache is encrypted with: 32 random bytes. `Debug` never shows it and its memory is
/// wiped on drop.
#[derive(Clone, PartialEq, Eq)]
pub struct CacheKey(Zeroizing<[u8; CacheKey::LEN]>);

impl CacheKey {
    /// The key's length in bytes.
    pub const LEN: usize = 32;

    /// A key from its bytes.
    pub fn from_bytes(bytes: [u8; CacheKey::LEN]) -> CacheKey {
        CacheKey(Zeroizing::new(bytes))
    }

    /// A key from 64 hex digits (how the keyring keeps it); `None` for anything else.
    pub fn from_hex(hex: &str) -> Option<CacheKey> {
        let hex = hex.trim().as_bytes();
        if hex.len() != CacheKey::LEN * 2 {
            return None;
        }
        let mut bytes = Zeroizing::new([0u8; CacheKey::LEN]);
        for (byte, pair) in bytes.iter_mut().zip(hex.chunks_exact(2)) {
            *byte = (hex_digit(pair[0])? << 4) | hex_digit(pair[1])?;
        }
        Some(CacheKey(bytes))
    }

    /// The key as 64 lowercase hex digits (wiped on drop).
    pub fn to_hex(&self) -> Zeroizing<String> {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut hex = Zeroizing::new(String::with_capacity(CacheKey::LEN * 2));
        for byte in self.0.iter() {
            hex.push(DIGITS[usize::from(byte >> 4)] as char);
            hex.push(DIGITS[usize::from(byte & 0x0f)] as char);
        }
        hex
    }

    /// The key as SQLCipher's raw-key literal: `x'…'`.
    fn literal(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("x'{}'", self.to_hex().as_str()))
    }
}

impl std::fmt::Debug for CacheKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CacheKey(***)")
    }
}

fn hex_digit(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

/// Keys `conn`: must be the first statement on a fresh connection. Fails when this build's
/// SQLite is not SQLCipher, so a cache is never silently written in the clear.
pub(super) fn apply_key(conn: &Connection, key: &CacheKey) -> rusqlite::Result<bool> {
    // SQLCipher logs a wrong key's failed page checks to stderr itself; open reports them.
    let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE;");
    let statement = Zeroizing::new(format!("PRAGMA key = \"{}\";", key.literal().as_str()));
    conn.execute_batch(&statement)?;
    let version: Option<String> = conn
        .query_row("PRAGMA cipher_version", [], |row| row.get(0))
        .ok();
    Ok(version.is_some_and(|version| !version.is_empty()))
}

/// Encrypts the plain SQLite cache at `path` in place with `key`: its content (WAL included) is
/// exported to a keyed copy, the plain file and its `-wal`/`-shm` are deleted and the copy takes
/// its name. `Ok(false)` when the file is not a Парта cache (left untouched).
pub(super) fn encrypt_plain_cache(
    path: &Path,
    key: &CacheKey,
    application_id: i32,
) -> crate::Result<bool> {
    let encrypting = with_suffix(path, ".encrypting");
    remove_if_present(&encrypting)?;
    let exported = export(path, &encrypting, key, application_id);
    if !matches!(exported, Ok(true)) {
        remove_if_present(&encrypting)?;
        return exported;
    }
    // The export is complete and closed: only now may the plain copy go.
    for suffix in ["", "-wal", "-shm"] {
        remove_if_present(&with_suffix(path, suffix))?;
    }
    std::fs::rename(&encrypting, path)?;
    tracing::info!(path = %path.display(), "an unencrypted cache was encrypted in place");
    Ok(true)
}

/// Copies the plain cache at `path` into a new database at `target` keyed with `key`.
fn export(path: &Path, target: &Path, key: &CacheKey, application_id: i32) -> crate::Result<bool> {
    let plain = Connection::open(path)?;
    let found: i32 = plain.pragma_query_value(None, "application_id", |row| row.get(0))?;
    if found != application_id {
        return Ok(false);
    }
    let version: i64 = plain.pragma_query_value(None, "user_version", |row| row.get(0))?;
    super::private::create_private_file(target)?;
    let target = target.to_string_lossy().replace('\'', "''");
    let attach = Zeroizing::new(format!(
        "ATTACH DATABASE '{target}' AS encrypted KEY \"{}\";",
        key.literal().as_str()
    ));
    plain.execute_batch(&attach)?;
    plain.query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(()))?;
    plain.execute_batch(&format!(
        "PRAGMA encrypted.user_version = {version};
         PRAGMA encrypted.application_id = {application_id};
         DETACH DATABASE encrypted;"
    ))?;
    Ok(true)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn remove_if_present(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(error),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn the_key_round_trips_through_hex_and_never_prints() {
        let key = CacheKey::from_bytes(std::array::from_fn(|index| index as u8 * 7));
        let hex = key.to_hex();
        assert_eq!(hex.len(), 64);
        assert_eq!(CacheKey::from_hex(&hex), Some(key.clone()));
        assert_eq!(CacheKey::from_hex(&hex.to_uppercase()), Some(key.clone()));
        assert_eq!(format!("{key:?}"), "CacheKey(***)");
        assert!(CacheKey::from_hex("abc").is_none());
        assert!(CacheKey::from_hex(&"zz".repeat(32)).is_none());
    }

    #[test]
    fn this_build_is_sqlcipher_with_fts5() {
        let conn = Connection::open_in_memory().unwrap();
        assert!(apply_key(&conn, &CacheKey::from_bytes([3; 32])).unwrap());
        conn.execute_batch("CREATE VIRTUAL TABLE t USING fts5(body);")
            .unwrap();
    }
}
