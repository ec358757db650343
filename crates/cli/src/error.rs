//! The crate's one error type: `Display` is for the log, [`UserFacingError`] gives the person
//! one Russian sentence, and [`CliError::code`] a stable name for `--json` output.

use parta_core::diary::JournalFailure;
use parta_core::diary::refresh::DiaryRefreshError;
use parta_core::platform::PlatformError;
use parta_core::sync::SyncError;
use parta_core::{CoreError, UserFacingError};
use parta_journal::JournalError;
use parta_max::MaxError;

use parta_accounts::{AccountsError, CacheError};

use crate::secrets::SecretError;

/// Everything `parta` can fail with.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The OS keyring is locked, missing or holds a damaged entry.
    #[error("keyring: {0} ({detail})", detail = .0.detail())]
    Keyring(#[from] SecretError),
    /// The cache refused a read or a write.
    #[error("cache: {0}")]
    Cache(#[from] CoreError),
    /// A file of the data folder could not be read or written.
    #[error("data folder: {0}")]
    Io(#[from] std::io::Error),
    /// The data folder's account list is unreadable.
    #[error("account list {path}: {reason}")]
    AccountList {
        /// The file.
        path: String,
        /// What is wrong with it.
        reason: String,
    },
    /// No account is signed in here.
    #[error("not signed in")]
    NotSignedIn,
    /// The account is known, but its token is missing from the keyring.
    #[error("no token in the keyring for {0}")]
    TokenMissing(String),
    /// The server refused the token or the password: never retried.
    #[error("sign-in refused ({code}): {message}")]
    SignInRefused {
        /// MAX's error code.
        code: String,
        /// What the server said.
        message: String,
    },
    /// The QR code expired and the person did not ask for another.
    #[error("QR code expired")]
    QrExpired,
    /// The server could not be reached, or the connection broke.
    #[error("network: {0}")]
    Network(String),
    /// The server refused or could not read a request.
    #[error("server: {0}")]
    Server(MaxError),
    /// No chat matches what the person typed.
    #[error("no chat matches {0:?}")]
    ChatNotFound(String),
    /// Several chats match what the person typed.
    #[error("{query:?} matches several chats")]
    ChatAmbiguous {
        /// What the person typed.
        query: String,
        /// The matching chats, as «title (id N)».
        candidates: Vec<String>,
    },
    /// Reading the terminal failed (the password prompt).
    #[error("terminal: {0}")]
    Terminal(String),
    /// A message with neither text nor a file.
    #[error("empty message")]
    EmptyMessage,
    /// What the person sent could not be sent; the reason is the server's or the file's.
    #[error("not sent: {0}")]
    NotSent(String),
    /// The e-journal failed or refused; what to do depends on the failure.
    #[error("e-journal: {0}")]
    Journal(#[from] JournalFailure),
    /// The diary was never signed in to here (no children cached, no session).
    #[error("not signed in to the e-journal")]
    DiarySignedOut,
    /// No child in the diary matches what the person typed.
    #[error("no child matches {0:?}")]
    ChildNotFound(String),
    /// The e-journal client could not be set up (a bad address or cookie).
    #[error("e-journal client: {0}")]
    JournalSetup(#[from] JournalError),
    /// A date the person typed is not `YYYY-MM-DD`.
    #[error("not a date: {0:?}")]
    BadDate(String),
    /// `parta diary sync` fetched the others but not every child's journal (each is printed).
    #[error("the e-journal failed for {failed} of {total} children")]
    DiaryIncomplete {
        /// Children whose journal failed.
        failed: usize,
        /// Children the journal listed.
        total: usize,
    },
}

impl From<AccountsError> for CliError {
    fn from(error: AccountsError) -> Self {
        match error {
            AccountsError::Io(error) => CliError::Io(error),
            AccountsError::AccountList { path, reason } => CliError::AccountList { path, reason },
        }
    }
}

impl From<CacheError> for CliError {
    fn from(error: CacheError) -> Self {
        match error {
            CacheError::Keyring(error) => CliError::Keyring(error),
            CacheError::Store(error) => CliError::Cache(error),
            CacheError::Accounts(error) => error.into(),
        }
    }
}

impl From<MaxError> for CliError {
    fn from(error: MaxError) -> Self {
        match error {
            MaxError::AuthRevoked { code, message } => CliError::SignInRefused { code, message },
            MaxError::Transient(what) => CliError::Network(what),
            other => CliError::Server(other),
        }
    }
}

impl From<SyncError> for CliError {
    fn from(error: SyncError) -> Self {
        match error {
            SyncError::Cache(error) => CliError::Cache(error),
            SyncError::Platform(PlatformError::AuthRevoked(message)) => CliError::SignInRefused {
                code: "login.token".into(),
                message,
            },
            SyncError::Platform(PlatformError::Transient(what)) => CliError::Network(what),
            SyncError::Platform(PlatformError::RateLimited {
                message,
                retry_after,
            }) => CliError::Server(MaxError::RateLimited {
                code: String::new(),
                message,
                retry_after,
            }),
            SyncError::Platform(PlatformError::NotReady) => CliError::Server(MaxError::NotReady),
            SyncError::Platform(PlatformError::Protocol(what)) => {
                CliError::Server(MaxError::Protocol(what))
            }
            SyncError::Platform(PlatformError::Rejected(message)) => {
                CliError::Server(MaxError::Rejected {
                    code: String::new(),
                    message,
                })
            }
        }
    }
}

impl From<DiaryRefreshError> for CliError {
    fn from(error: DiaryRefreshError) -> Self {
        match error {
            DiaryRefreshError::Journal(failure) => CliError::Journal(failure),
            DiaryRefreshError::Store(error) => CliError::Cache(error),
        }
    }
}

/// The crate's result type.
pub type Result<T, E = CliError> = std::result::Result<T, E>;

impl CliError {
    /// A stable name for scripts (`--json` prints `{"error": code, "message": …}`).
    pub fn code(&self) -> &'static str {
        match self {
            CliError::Keyring(SecretError::Locked { .. }) => "keyring_locked",
            CliError::Keyring(SecretError::Unavailable { .. }) => "keyring_unavailable",
            CliError::Keyring(SecretError::Damaged { .. }) => "keyring_damaged",
            CliError::Cache(_) => "cache",
            CliError::Io(_) | CliError::AccountList { .. } => "data_folder",
            CliError::NotSignedIn => "not_signed_in",
            CliError::TokenMissing(_) => "token_missing",
            CliError::SignInRefused { .. } => "sign_in_refused",
            CliError::QrExpired => "qr_expired",
            CliError::Network(_) => "network",
            CliError::Server(_) => "server",
            CliError::ChatNotFound(_) => "chat_not_found",
            CliError::ChatAmbiguous { .. } => "chat_ambiguous",
            CliError::Terminal(_) => "terminal",
            CliError::EmptyMessage => "empty_message",
            CliError::NotSent(_) => "not_sent",
            CliError::Journal(JournalFailure::SessionExpired) => "journal_session_expired",
            CliError::Journal(JournalFailure::MovedToMySchool { .. }) => "journal_moved",
            CliError::Journal(JournalFailure::Refused(_)) => "journal_refused",
            CliError::Journal(JournalFailure::Transient(_)) => "journal_network",
            CliError::Journal(JournalFailure::Protocol(_)) => "journal_protocol",
            CliError::DiarySignedOut => "journal_signed_out",
            CliError::ChildNotFound(_) => "child_not_found",
            CliError::BadDate(_) => "bad_date",
            CliError::JournalSetup(_) => "journal_setup",
            CliError::DiaryIncomplete { .. } => "journal_incomplete",
        }
    }
}

impl UserFacingError for CliError {
    fn to_user_facing(&self) -> String {
        match self {
            CliError::Keyring(error) => error.to_string(),
            CliError::Cache(error) => error.to_user_facing(),
            CliError::Io(error) => {
                format!("Не удалось прочитать или записать папку данных: {error}.")
            }
            CliError::AccountList { path, .. } => {
                format!("Список аккаунтов {path} повреждён. Удалите его и войдите заново.")
            }
            CliError::NotSignedIn => "Вы не вошли в MAX. Выполните `parta login`.".into(),
            CliError::TokenMissing(_) => {
                "Токен входа не найден в связке ключей. Выполните `parta login` заново.".into()
            }
            CliError::SignInRefused { code, message } => refused_sentence(code, message),
            CliError::QrExpired => {
                "Срок действия QR-кода истёк. Выполните `parta login`, чтобы получить новый.".into()
            }
            CliError::Network(_) => {
                "Нет связи с сервером MAX. Проверьте подключение к интернету и повторите.".into()
            }
            CliError::Server(error) => server_sentence(error),
            CliError::ChatNotFound(query) => {
                format!("Чат «{query}» не найден. Список чатов: `parta chats`.")
            }
            CliError::ChatAmbiguous { query, candidates } => format!(
                "Под «{query}» подходит несколько чатов: {}. Уточните название или укажите id.",
                candidates.join("; ")
            ),
            CliError::Terminal(_) => "Не удалось прочитать ввод с терминала.".into(),
            CliError::EmptyMessage => "Сообщение пустое: напишите текст или приложите файл.".into(),
            CliError::NotSent(reason) => format!(
                "Сообщение не отправлено: {reason}. Оно сохранено; исправьте причину и \
                 отправьте заново."
            ),
            CliError::Journal(failure) => journal_sentence(failure),
            CliError::DiarySignedOut => "Вы не вошли в электронный дневник. Выполните \
                 `parta diary login --cookie …`."
                .into(),
            CliError::ChildNotFound(query) => format!(
                "Ребёнок «{query}» в дневнике не найден. Без --child показываются все дети."
            ),
            CliError::JournalSetup(JournalError::BadBaseUrl { url, .. }) => format!(
                "Адрес электронного дневника «{url}» не подходит: нужен адрес вида \
                 https://de.edu.orb.ru."
            ),
            CliError::JournalSetup(JournalError::BadCookie) => {
                "Cookie сеанса электронного дневника пустой или неверный.".into()
            }
            CliError::JournalSetup(JournalError::Client(_)) => {
                "Не удалось подготовить подключение к электронному дневнику.".into()
            }
            CliError::BadDate(text) => {
                format!("«{text}» — не дата. Укажите её как ГГГГ-ММ-ДД, например 2026-12-07.")
            }
            CliError::DiaryIncomplete { failed, total } => format!(
                "Дневник загружен не для всех детей: не удалось для {failed} из {total}. \
                 Загруженное сохранено; повторите `parta diary sync` позже."
            ),
        }
    }
}

/// A Russian sentence for an e-journal failure.
pub(crate) fn journal_sentence(failure: &JournalFailure) -> String {
    match failure {
        JournalFailure::SessionExpired => "Сессия электронного дневника закончилась. Войдите \
             снова: `parta diary login --cookie …`. Сохранённый дневник по-прежнему доступен \
             командой `parta diary`."
            .into(),
        JournalFailure::MovedToMySchool { link } => format!(
            "Дневник вашей школы теперь в «Моя школа»: {link}. Парта его больше не загружает."
        ),
        JournalFailure::Refused(message) => {
            format!("Электронный дневник отказал: «{message}».")
        }
        JournalFailure::Transient(_) => "Нет связи с электронным дневником. Проверьте \
             подключение к интернету и повторите позже."
            .into(),
        JournalFailure::Protocol(_) => "Электронный дневник ответил непонятно. Повторите \
             позже или обновите Парту."
            .into(),
    }
}

fn refused_sentence(code: &str, message: &str) -> String {
    let reason = match code {
        "login.cred" => "неверный пароль".to_owned(),
        _ => "токен недействителен или отозван".to_owned(),
    };
    let said = if message.is_empty() || message == code {
        String::new()
    } else {
        format!(" Сервер ответил: «{message}».")
    };
    format!(
        "Вход не выполнен: {reason}.{said} Повторных попыток не будет: войдите заново \
         командой `parta login`."
    )
}

fn server_sentence(error: &MaxError) -> String {
    match error {
        MaxError::RateLimited { .. } => {
            "Сервер MAX просит подождать: слишком много попыток. Повторите позже.".into()
        }
        MaxError::Rejected { message, .. } if !message.is_empty() => {
            format!("Сервер MAX отклонил запрос: {message}")
        }
        _ => "Сервер MAX ответил непонятно. Повторите позже или обновите Парту.".into(),
    }
}
