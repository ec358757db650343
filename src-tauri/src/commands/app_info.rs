use serde::Serialize;
use tauri::{AppHandle, Manager};

use crate::AppError;

/// What the About dialog shows: the version, the system, and where Парта keeps its data.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    name: &'static str,
    version: &'static str,
    os: String,
    data_dir: String,
}

#[tauri::command]
pub fn app_info(app: AppHandle) -> Result<AppInfo, AppError> {
    let data_dir = app.path().app_data_dir().map_err(AppError::DataDir)?;
    Ok(AppInfo {
        name: "Парта",
        version: env!("CARGO_PKG_VERSION"),
        os: format!("{} {}", std::env::consts::OS, std::env::consts::ARCH),
        data_dir: data_dir.display().to_string(),
    })
}
