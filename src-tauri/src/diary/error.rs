//! How the diary's commands fail, as sentences the window shows as text.

use parta_core::diary::JournalFailure;

/// A diary command's failure.
#[derive(Debug, thiserror::Error)]
pub enum DiaryError {
    /// No e-journal session is kept (or it ended): the person signs in first.
    #[error("Войдите в электронный дневник, чтобы открыть файл.")]
    SignedOut,
    /// The window named a date that is not `YYYY-MM-DD`.
    #[error("Неверная дата: {0}")]
    BadDate(String),
    /// The lesson or file is not in the cached week (the week changed meanwhile).
    #[error("Этого урока или файла уже нет в дневнике. Обновите неделю.")]
    NoSuchLesson,
    /// The child is not among the diary's children (signed out or refetched meanwhile).
    #[error("Этого ребёнка уже нет в дневнике. Обновите дневник.")]
    NoSuchChild,
    /// The chat chosen as a class chat is not one of the account's group chats.
    #[error("Такого группового чата нет среди ваших чатов.")]
    NoSuchGroupChat,
    /// The e-journal failed.
    #[error("{}", journal_sentence(.0))]
    Journal(#[from] JournalFailure),
    /// The e-journal's adapter could not be set up (a malformed address).
    #[error("Адрес электронного дневника не подходит: {0}")]
    Address(String),
    /// The sign-in window could not be opened.
    #[error("Не удалось открыть окно входа в электронный дневник: {0}")]
    Window(String),
}

/// A Russian sentence for an e-journal failure (the technical words go to the log).
pub fn journal_sentence(failure: &JournalFailure) -> String {
    match failure {
        JournalFailure::SessionExpired => {
            "Сессия электронного дневника закончилась — войдите снова.".into()
        }
        JournalFailure::MovedToMySchool { .. } => {
            "Дневник вашей школы теперь в «Моя школа».".into()
        }
        JournalFailure::Refused(message) if !message.trim().is_empty() => {
            format!("Электронный дневник отказал: {}", message.trim())
        }
        JournalFailure::Refused(_) => "Электронный дневник отказал без объяснения.".into(),
        JournalFailure::Transient(_) => {
            "Нет связи с электронным дневником. Показано сохранённое; Парта повторит сама.".into()
        }
        JournalFailure::Protocol(_) => {
            "Электронный дневник ответил непонятно. Показано сохранённое.".into()
        }
    }
}
