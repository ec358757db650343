//! The shell's errors, and how a command's failure reaches the window: as one readable
//! sentence (the UI shows it as text), never as a panic.

use serde::{Serialize, Serializer};

/// Everything a shell command or the shell's start-up can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The OS did not tell where Парта may keep its data (no home folder, for example).
    #[error("Не удалось определить папку для данных Парты: {0}")]
    DataDir(#[source] tauri::Error),
    /// The log file could not be created or written.
    #[error("Не удалось открыть журнал работы {path}: {source}")]
    Log {
        /// The log file Парта tried to open.
        path: std::path::PathBuf,
        /// Why the OS refused.
        #[source]
        source: std::io::Error,
    },
    /// No account is open (nobody signed in here, or the cache would not open).
    #[error("Нет открытого аккаунта: войдите в MAX (например, командой `parta login`).")]
    NoAccount,
    /// `switch_account` named an account the data folder does not list.
    #[error("Аккаунт {0} не найден на этом компьютере.")]
    UnknownAccount(String),
    /// The account list or the data folder could not be read or written.
    #[error("Не удалось прочитать список аккаунтов в папке данных: {0}")]
    Accounts(#[from] parta_accounts::AccountsError),
    /// The keyring could not give the account's secrets (its cache key): «Связка ключей …».
    #[error(transparent)]
    Keyring(#[from] parta_accounts::SecretError),
    /// The account's cache refused a read or a write.
    #[error("{}", parta_core::UserFacingError::to_user_facing(.0))]
    Cache(#[from] parta_core::CoreError),
    /// The engine failed a request (older history, the outbox).
    #[error("{}", sync_sentence(.0))]
    Sync(#[from] parta_core::sync::SyncError),
    /// The platform adapter could not be set up.
    #[error("Не удалось подготовить подключение к MAX: {0}")]
    Platform(String),
    /// The shell's own file in the account folder could not be written.
    #[error("Не удалось сохранить настройки аккаунта в {path}: {source}")]
    AccountFile {
        /// The file.
        path: std::path::PathBuf,
        /// Why the OS refused.
        #[source]
        source: std::io::Error,
    },
    /// A file to send, download or open, or a link (the sentence says what to do).
    #[error(transparent)]
    Files(#[from] crate::transfers::FilesError),
    /// The autostart entry could not be written or removed.
    #[error("Не удалось изменить автозапуск Парты ({path}): {source}")]
    Autostart {
        /// The entry (`…/autostart/parta.desktop`).
        path: std::path::PathBuf,
        /// Why the OS refused.
        #[source]
        source: std::io::Error,
    },
    /// Starting with the session is not supported on this system (yet).
    #[error("Запуск вместе с системой на этой системе не поддерживается.")]
    AutostartUnsupported,
    /// The diary failed (the sentence says why and what to do).
    #[error(transparent)]
    Diary(#[from] crate::diary::DiaryError),
    /// `set_locale` named a language Парта does not speak.
    #[error("Неизвестный язык «{0}»: Парта говорит только по-русски (ru) и по-английски (en).")]
    UnknownLocale(String),
    /// The window passed an id or a cursor that is not one of ours.
    #[error("Неверный идентификатор: {0}")]
    BadId(String),
}

impl From<parta_accounts::CacheError> for AppError {
    fn from(error: parta_accounts::CacheError) -> Self {
        match error {
            parta_accounts::CacheError::Keyring(error) => AppError::Keyring(error),
            parta_accounts::CacheError::Store(error) => AppError::Cache(error),
            parta_accounts::CacheError::Accounts(error) => AppError::Accounts(error),
        }
    }
}

impl Serialize for AppError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_string())
    }
}

/// A Russian sentence for an engine failure; the technical reason is for the log.
fn sync_sentence(error: &parta_core::sync::SyncError) -> String {
    use parta_core::UserFacingError;
    use parta_core::platform::PlatformError;
    use parta_core::sync::SyncError;
    match error {
        SyncError::Cache(error) => error.to_user_facing(),
        SyncError::Platform(PlatformError::AuthRevoked(_)) => {
            "MAX завершил сеанс этого аккаунта. Войдите заново.".into()
        }
        SyncError::Platform(PlatformError::Rejected(message)) if !message.is_empty() => {
            format!("Сервер MAX отклонил запрос: {message}")
        }
        SyncError::Platform(error) if error.is_retryable() => {
            "Нет связи с сервером MAX. Повторите, когда связь появится.".into()
        }
        SyncError::Platform(_) => "Сервер MAX ответил непонятно. Повторите позже.".into(),
    }
}
