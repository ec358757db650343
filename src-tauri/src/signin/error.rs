//! Why a sign-in or sign-out step failed, as the one Russian sentence the window shows.
//! MAX's own words and the OS's details go to the log, never a password or a token.

use serde::{Serialize, Serializer};

/// Every way the sign-in commands can fail.
#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    /// The server could not be reached or dropped the connection.
    #[error(
        "Не удалось связаться с сервером MAX. Проверьте подключение к интернету и попробуйте ещё раз."
    )]
    Network,
    /// MAX answered something this app cannot read.
    #[error("Сервер MAX ответил непонятно. Попробуйте войти позже.")]
    Protocol,
    /// MAX asks to wait before trying again.
    #[error("MAX просит подождать: слишком много попыток входа. Попробуйте через несколько минут.")]
    RateLimited,
    /// The cloud password was not accepted.
    #[error("Пароль не подошёл. Проверьте раскладку и регистр и попробуйте ещё раз.")]
    WrongPassword,
    /// MAX refused the step for a reason it stated.
    #[error("MAX отклонил вход: {0}")]
    Refused(String),
    /// The code is no longer valid.
    #[error("Срок действия QR-кода истёк. Получите новый код.")]
    Expired,
    /// There is no sign-in under way (cancelled, finished, or never started).
    #[error("Вход не начат или уже завершён. Получите новый QR-код.")]
    NotStarted,
    /// The step asked for does not fit where the sign-in stands.
    #[error("Сейчас этот шаг входа недоступен.")]
    WrongStep,
    /// Too many codes were asked for in one go.
    #[error("Получено слишком много кодов подряд. Закройте вход и начните заново позже.")]
    TooManyCodes,
    /// The keyring refused (locked, missing): nothing is kept without it.
    #[error("{0}")]
    Keyring(#[from] parta_accounts::SecretError),
    /// The data folder or the account's cache could not be written.
    #[error("Не удалось сохранить аккаунт на этом компьютере: {0}")]
    Storage(String),
    /// `sign_out` named an account this computer does not list.
    #[error("Аккаунт {0} не найден на этом компьютере.")]
    UnknownAccount(String),
}

impl SignInError {
    /// Sorts a MAX failure by what the person can do about it (the detail goes to the log).
    pub fn from_max(error: parta_max::MaxError, step: &'static str) -> Self {
        use parta_max::MaxError;
        tracing::warn!(step, %error, "sign-in step failed");
        match error {
            MaxError::Transient(_) => SignInError::Network,
            MaxError::Protocol(_) | MaxError::NotReady => SignInError::Protocol,
            MaxError::RateLimited { .. } => SignInError::RateLimited,
            MaxError::AuthRevoked { code, .. } if code == "login.cred" && step == "password" => {
                SignInError::WrongPassword
            }
            MaxError::Rejected { code, .. } if code == "qr.expired" || code == "not.found" => {
                SignInError::Expired
            }
            MaxError::AuthRevoked { message, .. } | MaxError::Rejected { message, .. } => {
                SignInError::Refused(message)
            }
        }
    }
}

impl From<parta_accounts::CacheError> for SignInError {
    fn from(error: parta_accounts::CacheError) -> Self {
        match error {
            parta_accounts::CacheError::Keyring(error) => SignInError::Keyring(error),
            other => SignInError::Storage(other.to_string()),
        }
    }
}

impl Serialize for SignInError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_string())
    }
}
