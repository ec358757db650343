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
    /// Дневник: неделя каждого ребёнка из кэша (работает без сети); вход в электронный
    /// дневник, загрузка и выход — подкомандами login, sync, logout.
    Diary(DiaryArgs),
    /// Выйти: завершить сеанс на сервере, удалить токен из связки ключей и кэш аккаунта.
    Logout,
}

/// The real Orenburg e-journal (X1).
pub const DEFAULT_JOURNAL: &str = "https://de.edu.orb.ru";

/// `parta diary …`.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct DiaryArgs {
    /// Что сделать; без подкоманды — показать неделю из кэша.
    #[command(subcommand)]
    pub action: Option<DiaryAction>,
    /// Только этот ребёнок (любая часть имени, регистр не важен).
    #[arg(long, value_name = "NAME")]
    pub child: Option<String>,
    /// Неделя, в которую входит эта дата (ГГГГ-ММ-ДД); по умолчанию текущая.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub week: Option<String>,
}

/// The diary's subcommands.
#[derive(Debug, Subcommand)]
pub enum DiaryAction {
    /// Войти в электронный дневник с cookie сеанса (PHPSESSID) из браузера.
    Login {
        /// Адрес электронного дневника.
        #[arg(long, value_name = "URL", default_value = DEFAULT_JOURNAL)]
        journal: String,
        /// Значение cookie PHPSESSID («-» — прочитать его из stdin).
        #[arg(long, value_name = "VALUE")]
        cookie: String,
    },
    /// Загрузить детей и недели (текущую — или указанную — и соседние) в кэш.
    Sync {
        /// Неделя, в которую входит эта дата (ГГГГ-ММ-ДД); по умолчанию текущая.
        #[arg(long, value_name = "YYYY-MM-DD")]
        week: Option<String>,
    },
    /// Выйти из электронного дневника: удалить cookie из связки ключей и дневник из кэша.
    Logout,
}
