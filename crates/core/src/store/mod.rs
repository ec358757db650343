//! The cache: one SQLite file per account, with its files in a folder beside it.
//!
//! Design: [`Store`] owns one connection (WAL, `synchronous = NORMAL`, cached prepared
//! statements). Every write goes through [`Store::write`], which runs a closure over a
//! [`WriteBatch`] inside one immediate transaction, so a history page and the sync marker that
//! covers it commit together. Upserts are idempotent: a message is found by `(chat_id, id)`; a
//! comparison of its stored columns decides whether anything (row or search index) needs rewriting; an
//! edit keeps the row; a deletion marks it and drops it from search. A message's primary key is
//! `(time_ms << 20) | tiebreak`, so key order is time order for paging and for search.
//! Opening checks the file first (see [`open`]): a damaged or foreign file is moved aside and a
//! fresh cache is made, and [`Store::recovery`] tells the shell what happened. Every cache is
//! encrypted with the account's [`CacheKey`] ([`cipher`]) and only its owner may read its files
//! ([`private`]).

mod chats;
mod cipher;
mod diary;
mod ingest;
mod keys;
mod messages;
mod migrations;
mod open;
mod outbox;
mod people;
pub mod private;
mod rows;
mod search;
mod window;
mod write;

use std::path::{Path, PathBuf};

use rusqlite::Connection;

pub use chats::UNREAD_COUNT_CAP;
pub use cipher::CacheKey;
pub use ingest::IngestSummary;
pub use messages::MessageView;
pub use open::CacheRecovery;
pub use search::SearchHit;
pub use window::UnreadState;
pub use write::WriteBatch;

use crate::Result;
use crate::files::FilePolicy;
use crate::model::PersonId;
use crate::search::Stemmer;

/// The database file's name inside an account's folder.
pub const DATABASE_FILE_NAME: &str = "cache.sqlite";
/// The folder of downloaded files inside an account's folder.
pub const FILES_DIR_NAME: &str = "files";

/// One account's cache.
pub struct Store {
    conn: Connection,
    account_dir: PathBuf,
    own_person: Option<PersonId>,
    stemmer: Stemmer,
    recovery: Option<CacheRecovery>,
    file_policy: FilePolicy,
    /// Remote keys with a [`crate::files::PartialDownload`] open: one writer per partial file.
    pub(crate) downloading: crate::files::Downloading,
}

impl Store {
    /// Opens (or creates) the cache in `account_dir`, encrypted with `key`: `cache.sqlite` and
    /// `files/`, all readable by the OS user only. A damaged or foreign database, or one that
    /// `key` does not open, is moved aside and replaced by a fresh one; see [`Store::recovery`].
    pub fn open(account_dir: impl AsRef<Path>, key: &CacheKey) -> Result<Store> {
        let account_dir = account_dir.as_ref().to_path_buf();
        private::create_private_dir(&account_dir)?;
        private::create_private_dir(&account_dir.join(FILES_DIR_NAME))?;
        private::create_private_dir(&account_dir.join(FILES_DIR_NAME).join("partial"))?;
        let (conn, recovery) = open::open_checked(&account_dir.join(DATABASE_FILE_NAME), key)?;
        let own_person = people::load_own_person(&conn)?;
        Ok(Store {
            conn,
            account_dir,
            own_person,
            stemmer: Stemmer::new(),
            recovery,
            file_policy: FilePolicy::default(),
            downloading: Default::default(),
        })
    }

    /// What happened on open if the old cache was unusable: where it went and why.
    pub fn recovery(&self) -> Option<&CacheRecovery> {
        self.recovery.as_ref()
    }

    /// The account's folder.
    pub fn account_dir(&self) -> &Path {
        &self.account_dir
    }

    /// The database file.
    pub fn database_path(&self) -> PathBuf {
        self.account_dir.join(DATABASE_FILE_NAME)
    }

    /// Runs `write` inside one transaction; everything it does commits together or not at all.
    pub fn write<T>(&mut self, write: impl FnOnce(&mut WriteBatch<'_>) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut batch = WriteBatch::new(tx, &mut self.stemmer, &mut self.own_person);
        let value = write(&mut batch)?;
        batch.commit()?;
        Ok(value)
    }

    /// A full integrity check (`PRAGMA quick_check`). Slow on a large cache: run it in the
    /// background; open already checks small files and the structure of large ones.
    pub fn check_integrity(&self) -> Result<Option<String>> {
        open::quick_check(&self.conn)
    }

    /// The file cache's size cap and what it always keeps.
    pub fn file_policy(&self) -> FilePolicy {
        self.file_policy
    }

    /// Changes the file cache's policy (the school's policy file may set the cap); takes effect at
    /// the next trim ([`Store::evict_files`]).
    pub fn set_file_policy(&mut self, policy: FilePolicy) {
        self.file_policy = policy;
    }

    /// Copies the write-ahead log into the database file and empties it. SQLite does this on its
    /// own every 8000 pages; the shell may call it when idle or before quitting.
    pub fn checkpoint(&self) -> Result<()> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }

    pub(crate) fn connection(&self) -> &Connection {
        &self.conn
    }
}
