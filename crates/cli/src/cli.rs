//! The command line, as clap parses it.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// The real MAX's WebSocket endpoint.
pub const DEFAULT_SERVER: &str = "wss://ws-api.oneme.ru/websocket";

/// parta — Парта в терминале: вход в MAX (Сферум), чаты, объявления и поиск из локального кэша.
#[derive(Debug, Parser)]
#[command(name = "parta", version)]
pub struct Cli {
    /// Сервер MAX (WebSocket). По умолчанию — сервер, к которому выполнен вход, иначе настоящий
    /// MAX (wss://ws-api.oneme.ru/websocket).
    #[arg(long, global = true, value_name = "URL")]
    pub server: Option<String>,
    /// Папка кэша (по умолчанию — папка данных ОС: …/ru.parta.desktop/).
    #[arg(long, global = true, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// Вывод в JSON для программ.
    #[arg(long, global = true)]
    pub json: bool,
    /// Что сделать.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Войти в MAX: по QR-коду (отсканируйте его в приложении MAX) или с готовым токеном.
    Login {
        /// Токен MAX («-» — прочитать его из stdin, чтобы он не попал в историю команд);
        /// без него вход идёт по QR-коду.
        #[arg(long, value_name = "T")]
        token: Option<String>,
        /// deviceId, к которому привязан токен (по умолчанию — прежний этого аккаунта или новый).
        #[arg(long, value_name = "ID")]
        device_id: Option<String>,
    },
    /// Загрузить новое с сервера в кэш (--follow: и дальше получать сообщения).
    Sync {
        /// Не выходить: применять новые сообщения по мере прихода.
        #[arg(long)]
        follow: bool,
    },
    /// Список чатов: непрочитанные, последнее сообщение, время.
    Chats,
    /// Последние сообщения чата (CHAT — id или часть названия).
    Read {
        /// id чата или часть его названия.
        chat: String,
        /// Сколько сообщений показать.
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Отправить сообщение в чат.
    Send {
        /// id чата или часть его названия.
        chat: String,
        /// Текст сообщения.
        text: String,
        /// Приложить файл.
        #[arg(long, value_name = "PATH")]
        file: Option<PathBuf>,
    },
    /// Все записи каналов (объявления), новые сверху; работает без сети.
    Announcements {
        /// Показать не больше стольких записей.
        #[arg(long)]
        limit: Option<usize>,
    },
    /// Поиск по всем чатам и объявлениям с учётом словоформ.
    Search {
        /// Слова для поиска.
        #[arg(required = true)]
        words: Vec<String>,
        /// Сколько результатов показать.
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
    /// Выйти: завершить сеанс на сервере, удалить токен из связки ключей и кэш аккаунта.
    Logout,
}
