//! Opening a cache file safely.
//!
//! Design: every cache is encrypted (see [`super::cipher`]): the connection is keyed first, and
//! reading `sqlite_schema` proves the key. Before trusting a file, check that the key opens it
//! (a wrong key, or a file that is not a database, reads as "not a database"), that it is
//! Парта's (`application_id`), that its schema parses, and (for files up to
//! [`FULL_CHECK_MAX_BYTES`]) that `quick_check` passes; larger files get a structural probe
//! here and [`super::Store::check_integrity`] later. A plain SQLite file (the 16-byte header in
//! the clear) is an older build's unencrypted cache, encrypted in place, or another program's
//! file. A file that fails is never overwritten or
//! half-used: it is renamed to `cache.sqlite.broken-<ms>` (with its `-wal`/`-shm`), a warning is
//! logged and a fresh cache is created. A cache from a newer build is an error, not a recovery.
//! The WAL checkpoints every 8000 pages (32 MB) rather than 1000: search-index merges rewrite
//! pages often, and checkpointing each rewrite was most of the ingest cost.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, ErrorCode};

use super::cipher::{self, CacheKey};
use super::{migrations, private};
use crate::{CoreError, Result};

/// `application_id` of a Парта cache: "Part".
const APPLICATION_ID: i32 = 0x5061_7274;
/// Files up to this size get a full `quick_check` on open.
const FULL_CHECK_MAX_BYTES: u64 = 64 * 1024 * 1024;
/// Prepared statements kept per connection.
const STATEMENT_CACHE_CAPACITY: usize = 64;

/// What open did with an unusable cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheRecovery {
    /// Where the unusable file now is.
    pub moved_to: PathBuf,
    /// What was wrong with it.
    pub reason: String,
}

impl CacheRecovery {
    /// One sentence for the person.
    pub fn user_message(&self) -> String {
        format!(
            "Локальный кэш был повреждён ({}) и создан заново; старый файл сохранён как {}. \
             Переписка загрузится с сервера.",
            self.reason,
            self.moved_to.display()
        )
    }
}

enum OpenProblem {
    /// The file is damaged or not ours: move it aside.
    Unusable(String),
    /// Something the person must fix (permissions, a newer build's cache).
    Fatal(CoreError),
}

impl From<rusqlite::Error> for OpenProblem {
    fn from(error: rusqlite::Error) -> Self {
        if is_damage(&error) {
            OpenProblem::Unusable(format!("damaged: {error}"))
        } else {
            OpenProblem::Fatal(error.into())
        }
    }
}

/// Opens `path` with `key`, replacing it with a fresh cache if it is unusable.
pub(super) fn open_checked(
    path: &Path,
    key: &CacheKey,
) -> Result<(Connection, Option<CacheRecovery>)> {
    let reason = match try_open(path, key) {
        Ok(conn) => return Ok((conn, None)),
        Err(OpenProblem::Fatal(error)) => return Err(error),
        Err(OpenProblem::Unusable(reason)) => reason,
    };
    let moved_to = move_aside(path).map_err(|error| CoreError::CacheUnusable {
        path: path.to_path_buf(),
        reason: format!("{reason}; moving it failed: {error}"),
    })?;
    tracing::warn!(path = %path.display(), moved_to = %moved_to.display(), %reason,
        "cache was unusable; moved aside and starting a fresh one");
    match try_open(path, key) {
        Ok(conn) => Ok((conn, Some(CacheRecovery { moved_to, reason }))),
        Err(OpenProblem::Fatal(error)) => Err(error),
        Err(OpenProblem::Unusable(reason)) => Err(CoreError::CacheUnusable {
            path: path.to_path_buf(),
            reason,
        }),
    }
}

fn try_open(path: &Path, key: &CacheKey) -> Result<Connection, OpenProblem> {
    let file_size = std::fs::metadata(path).map(|meta| meta.len()).unwrap_or(0);
    if file_size > 0 && has_sqlite_header(path).map_err(|e| OpenProblem::Fatal(e.into()))? {
        // In the clear: an older build's cache is encrypted in place; anything else is foreign.
        match cipher::encrypt_plain_cache(path, key, APPLICATION_ID) {
            Ok(true) => {}
            Ok(false) => {
                return Err(OpenProblem::Unusable(
                    "the file belongs to another program".into(),
                ));
            }
            Err(CoreError::Sqlite(error)) => return Err(error.into()),
            Err(error) => return Err(OpenProblem::Fatal(error)),
        }
    }
    // SQLite gives the -wal and -shm the database's mode: create it owner-only.
    private::create_private_file(path).map_err(|e| OpenProblem::Fatal(e.into()))?;
    let mut conn = Connection::open(path)?;
    if !cipher::apply_key(&conn, key)? {
        return Err(OpenProblem::Fatal(CoreError::CacheUnusable {
            path: path.to_path_buf(),
            reason: "this build's SQLite has no encryption (SQLCipher); refusing to write \
                     the cache in the clear"
                .into(),
        }));
    }
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE_CAPACITY);
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    // Only read until the file is known to be ours: a foreign file must stay byte for byte.
    // The first read proves the key: with another key every page is noise ("not a database").
    let schema_objects: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_schema", [], |row| row.get(0))
        .map_err(|error| match error.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => OpenProblem::Unusable(
                "it cannot be read with this account's key (another key, or not a database)".into(),
            ),
            _ => error.into(),
        })?;
    let application_id: i32 = conn.pragma_query_value(None, "application_id", |row| row.get(0))?;
    let is_new = application_id == 0 && schema_objects == 0;
    if !is_new && application_id != APPLICATION_ID {
        return Err(OpenProblem::Unusable(
            "the file belongs to another program".into(),
        ));
    }
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = NORMAL;
         PRAGMA wal_autocheckpoint = 8000;
         PRAGMA journal_size_limit = 67108864;
         PRAGMA cache_size = -16000;
         PRAGMA temp_store = MEMORY;",
    )?;
    if is_new {
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    }
    if file_size <= FULL_CHECK_MAX_BYTES {
        if let Some(problem) = quick_check(&conn).map_err(OpenProblem::Fatal)? {
            return Err(OpenProblem::Unusable(format!("damaged: {problem}")));
        }
    } else {
        probe_structure(&conn)?;
    }
    for suffix in ["", "-wal", "-shm"] {
        let mut file = path.as_os_str().to_owned();
        file.push(suffix);
        private::restrict_file(Path::new(&file)).map_err(|e| OpenProblem::Fatal(e.into()))?;
    }
    match migrations::migrate(&mut conn) {
        Ok(()) => Ok(conn),
        Err(CoreError::Sqlite(error)) => Err(error.into()),
        Err(error) => Err(OpenProblem::Fatal(error)),
    }
}

fn has_sqlite_header(path: &Path) -> std::io::Result<bool> {
    use std::io::Read;
    let mut header = [0u8; 16];
    let mut file = std::fs::File::open(path)?;
    Ok(file.read_exact(&mut header).is_ok() && &header == b"SQLite format 3\0")
}

/// Touches both ends of the big tables, which reads their b-tree spines.
fn probe_structure(conn: &Connection) -> Result<(), rusqlite::Error> {
    for sql in [
        "SELECT min(key), max(key) FROM messages",
        "SELECT count(*) FROM chats",
        "SELECT count(*) FROM people",
    ] {
        // Only damage counts here: a table missing from an older schema is the migrations' job.
        if let Err(error) = conn.query_row(sql, [], |_| Ok(()))
            && is_damage(&error)
        {
            return Err(error);
        }
    }
    Ok(())
}

/// Runs `PRAGMA quick_check`; `Some(problem)` when the file is damaged.
pub(super) fn quick_check(conn: &Connection) -> Result<Option<String>> {
    let verdict: String = match conn.query_row("PRAGMA quick_check(1)", [], |row| row.get(0)) {
        Ok(verdict) => verdict,
        Err(error) if is_damage(&error) => error.to_string(),
        Err(error) => return Err(error.into()),
    };
    Ok((verdict != "ok").then_some(verdict))
}

fn is_damage(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase)
    )
}

fn move_aside(path: &Path) -> std::io::Result<PathBuf> {
    let stamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    let moved_to = path.with_file_name(format!(
        "{}.broken-{stamp}",
        path.file_name()
            .map_or_else(|| "cache".into(), |name| name.to_string_lossy())
    ));
    std::fs::rename(path, &moved_to)?;
    for suffix in ["-wal", "-shm"] {
        let mut sidecar = path.as_os_str().to_owned();
        sidecar.push(suffix);
        let sidecar = PathBuf::from(sidecar);
        if sidecar.exists() {
            let mut target = moved_to.as_os_str().to_owned();
            target.push(suffix);
            std::fs::rename(&sidecar, PathBuf::from(target))?;
        }
    }
    Ok(moved_to)
}
