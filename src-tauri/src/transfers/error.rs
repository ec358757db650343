//! What can go wrong with a file the person sends, downloads or opens, in Russian.

/// Why a staged file, a download or an opening failed.
#[derive(Debug, thiserror::Error)]
pub enum FilesError {
    /// The window sent no raw bytes (a bug in the window, or an old one).
    #[error("Файл не передан: окно прислало не содержимое файла.")]
    NoBytes,
    /// The file is larger than Парта hands over in one piece.
    #[error(
        "Файл «{name}» слишком большой ({size_mb} МБ): Парта отправляет файлы до {limit_mb} МБ."
    )]
    TooLarge {
        /// Its name, for the sentence.
        name: String,
        /// Its size in megabytes.
        size_mb: u64,
        /// The limit in megabytes.
        limit_mb: u64,
    },
    /// An empty file (0 bytes) cannot be sent.
    #[error("Файл «{0}» пустой: отправлять нечего.")]
    Empty(String),
    /// A staged id the shell does not hold (sent already, discarded, or from before a restart).
    #[error("Файл больше не подготовлен к отправке: прикрепите его снова.")]
    NotStaged,
    /// Nothing to send: no text and no files.
    #[error("Нечего отправлять: напишите текст или прикрепите файл.")]
    NothingToSend,
    /// The message or its attachment is not in the cache.
    #[error("Вложение не найдено: возможно, сообщение удалено.")]
    NoAttachment,
    /// The attachment has nothing to download (a contact, a poll, a video without a preview).
    #[error("У этого вложения нет файла, который можно скачать.")]
    NothingToDownload,
    /// Not in the cache and no connection to fetch it.
    #[error(
        "Файл ещё не скачан, а связи с сервером MAX сейчас нет: откройте его, когда связь появится."
    )]
    Offline,
    /// The download failed (the sentence says why, in Russian).
    #[error("{0}")]
    Download(String),
    /// The cache refused a read or a write.
    #[error("{}", parta_core::UserFacingError::to_user_facing(.0))]
    Cache(#[from] parta_core::CoreError),
    /// The file could not be written or read on disk.
    #[error("Не удалось записать файл на диск: {0}. Проверьте свободное место и права на папку.")]
    Disk(#[from] std::io::Error),
    /// The system has no application for the file, or it would not start.
    #[error("Не удалось открыть файл: в системе нет программы для него, или она не запустилась.")]
    Open,
    /// A link Парта does not open.
    #[error(transparent)]
    Link(#[from] crate::opening::LinkError),
    /// The system browser would not start.
    #[error("Не удалось открыть ссылку: браузер не запустился.")]
    Browser,
}
