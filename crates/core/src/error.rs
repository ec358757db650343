//! The crate's one error type, and the short sentence a person sees for each failure.

use std::path::PathBuf;

/// Everything that can go wrong inside `parta-core`.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// SQLite refused a statement or a transaction.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),

    /// Reading or writing a file of the cache failed.
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),

    /// A value could not be turned into JSON or back.
    #[error("JSON error: {0}")]
    Json(#[from] serde_json::Error),

    /// The cache file is unusable and could not even be moved aside.
    #[error("the cache at {path} is unusable ({reason}) and could not be moved aside")]
    CacheUnusable {
        /// Where the cache lives.
        path: PathBuf,
        /// What was wrong with it.
        reason: String,
    },

    /// The cache was written by a newer Парта whose schema this build does not know.
    #[error("the cache schema version {found} is newer than this build supports ({supported})")]
    SchemaTooNew {
        /// The version found in the file.
        found: i64,
        /// The newest version this build knows.
        supported: i64,
    },

    /// A download ended with a size different from the one the server announced.
    #[error("download of {display_name} is incomplete: got {got} of {expected} bytes")]
    DownloadIncomplete {
        /// The server's name for the file, for messages only.
        display_name: String,
        /// Bytes received.
        got: u64,
        /// Bytes announced.
        expected: u64,
    },

    /// Another download of this file is in progress (its remote key); wait for it instead.
    #[error("the file {0} is being downloaded already")]
    DownloadBusy(String),

    /// A row that the caller named does not exist.
    #[error("not found: {0}")]
    NotFound(String),
}

/// The crate's result type.
pub type Result<T, E = CoreError> = std::result::Result<T, E>;

/// Maps an error to one short sentence a person can read (Russian first).
pub trait UserFacingError {
    /// The sentence to show in the UI.
    fn to_user_facing(&self) -> String;
}

impl UserFacingError for CoreError {
    fn to_user_facing(&self) -> String {
        match self {
            CoreError::Sqlite(_) | CoreError::Json(_) => {
                "Не удалось прочитать локальный кэш. Перезапустите Парту.".into()
            }
            CoreError::Io(_) => {
                "Не удалось записать файл на диск. Проверьте свободное место.".into()
            }
            CoreError::CacheUnusable { .. } => {
                "Локальный кэш повреждён, и его не удалось заменить. Проверьте права на папку."
                    .into()
            }
            CoreError::SchemaTooNew { .. } => {
                "Кэш создан более новой версией Парты. Обновите приложение.".into()
            }
            CoreError::DownloadIncomplete { .. } => {
                "Файл скачан не полностью; загрузка продолжится позже.".into()
            }
            CoreError::DownloadBusy(_) => "Файл уже скачивается; он откроется чуть позже.".into(),
            CoreError::NotFound(_) => "Не найдено.".into(),
        }
    }
}
