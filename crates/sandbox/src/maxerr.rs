//! MAX error frames: codes seen from the real servers, with English `message` and Russian
//! `localizedMessage` (the text a person sees).

use serde_json::{Value, json};

/// An error answer (`cmd 3`).
#[derive(Debug, Clone, PartialEq)]
pub struct MaxErr {
    /// Machine code, e.g. `login.token`.
    pub code: String,
    /// Developer message.
    pub message: String,
}

/// (code, message, localizedMessage, title)
const KNOWN: &[(&str, &str, &str, &str)] = &[
    (
        "login.token",
        "FAIL_LOGIN_TOKEN",
        "Сессия завершена. Войдите в аккаунт заново",
        "Требуется вход",
    ),
    (
        "login.cred",
        "Invalid credentials",
        "Неверный пароль",
        "Ошибка входа",
    ),
    ("verify.code.wrong", "Wrong code", "Неверный код", "Ошибка"),
    (
        "error.limit.violate",
        "Too many requests",
        "Слишком много запросов. Попробуйте позже",
        "Подождите",
    ),
    (
        "error.code.attempt.limit",
        "Too many attempts",
        "Превышено число попыток",
        "Подождите",
    ),
    (
        "auth.request.forbidden",
        "Auth request forbidden for this device",
        "Вход по номеру телефона недоступен. Войдите по QR-коду",
        "Вход недоступен",
    ),
    (
        "attachment.not.ready",
        "Attachment is not ready",
        "Файл ещё обрабатывается. Попробуйте чуть позже",
        "Файл не готов",
    ),
    (
        "proto.payload",
        "Invalid payload",
        "Некорректный запрос",
        "Ошибка",
    ),
    (
        "proto.opcode",
        "Unknown opcode",
        "Неизвестная операция",
        "Ошибка",
    ),
    (
        "proto.state",
        "Wrong session state",
        "Сначала нужно начать сессию и войти",
        "Ошибка",
    ),
    (
        "proto.size",
        "Frame too large",
        "Слишком большой запрос",
        "Ошибка",
    ),
    ("not.found", "Not found", "Не найдено", "Ошибка"),
    (
        "chat.not.found",
        "Chat not found",
        "Чат не найден",
        "Ошибка",
    ),
    (
        "chat.denied",
        "Access denied",
        "Нет прав для этого действия в чате",
        "Нет доступа",
    ),
    (
        "client.unsupported-version",
        "Unsupported client version",
        "Эта версия приложения устарела. Обновите приложение",
        "Обновите приложение",
    ),
    (
        "qr.expired",
        "QR code expired",
        "QR-код устарел. Получите новый",
        "QR-код устарел",
    ),
    (
        "internal",
        "Internal error",
        "Внутренняя ошибка сервера. Попробуйте позже",
        "Ошибка",
    ),
];

impl MaxErr {
    /// An error with a known (or new) code.
    pub fn new(code: &str) -> MaxErr {
        let message = KNOWN.iter().find(|k| k.0 == code).map_or(code, |k| k.1);
        MaxErr {
            code: code.into(),
            message: message.into(),
        }
    }

    /// An error with a more specific developer message.
    pub fn with(code: &str, message: impl Into<String>) -> MaxErr {
        MaxErr {
            code: code.into(),
            message: message.into(),
        }
    }

    /// `proto.payload` with a hint about what was wrong.
    pub fn payload(what: impl Into<String>) -> MaxErr {
        MaxErr::with("proto.payload", what)
    }

    /// The `cmd 3` payload.
    pub fn to_payload(&self) -> Value {
        let (loc, title) = KNOWN.iter().find(|k| k.0 == self.code).map_or(
            ("Произошла ошибка. Попробуйте ещё раз", "Ошибка"),
            |k| (k.2, k.3),
        );
        json!({
            "error": self.code,
            "message": self.message,
            "localizedMessage": loc,
            "title": title,
        })
    }
}

impl From<crate::error::SandboxError> for MaxErr {
    fn from(e: crate::error::SandboxError) -> MaxErr {
        tracing::error!("internal error: {e}");
        MaxErr::new("internal")
    }
}
