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
}

impl Serialize for AppError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_string())
    }
}
