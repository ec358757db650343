//! The log: to stderr and to `parta.log` in the OS's log folder for Парта, so a failed test or
//! a school's IT person has something to read. Level from `PARTA_LOG` (default `info`). Secrets
//! are never passed to `tracing` anywhere in the shell.

use std::fs::OpenOptions;
use std::sync::Mutex;

use tauri::{AppHandle, Manager};
use tracing_subscriber::{EnvFilter, fmt, layer::SubscriberExt, util::SubscriberInitExt};

use crate::AppError;

pub fn start(app: &AppHandle) -> Result<(), AppError> {
    let dir = app.path().app_log_dir().map_err(AppError::DataDir)?;
    let path = dir.join("parta.log");
    let file = std::fs::create_dir_all(&dir)
        .and_then(|()| OpenOptions::new().create(true).append(true).open(&path))
        .map_err(|source| AppError::Log { path, source })?;
    let filter = EnvFilter::try_from_env("PARTA_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    // A second start (tests calling `run` twice) keeps the first subscriber.
    let _ = tracing_subscriber::registry()
        .with(filter)
        .with(fmt::layer().with_writer(std::io::stderr))
        .with(fmt::layer().with_ansi(false).with_writer(Mutex::new(file)))
        .try_init();
    Ok(())
}
