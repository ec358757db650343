//! The app launched into a world prepared beforehand, with the moments that matter recorded:
//! when the launch was requested and when the app's process started (by the kernel's clock,
//! which is what the page's `performance.timeOrigin` is compared with).

use std::time::SystemTime;

use super::memory;
use crate::paths::app_binary;
use crate::{App, HarnessError, World};

/// When and as what the app started.
#[derive(Debug, Clone, Copy)]
pub struct LaunchMoments {
    /// Just before the harness started tauri-driver and asked it for the app.
    pub requested_at: SystemTime,
    /// The app's process id.
    pub pid: u32,
    /// When the app's process started.
    pub process_started_at: SystemTime,
}

/// Starts the app in `world` (see [`App::launch_in`]) and finds its process.
pub fn launch_timed(name: &str, world: World) -> Result<(App, LaunchMoments), HarnessError> {
    let binary = app_binary()?;
    // The world's own data folder tells its app from any other running.
    let marker = format!("XDG_DATA_HOME={}", world.data_home().display());
    let requested_at = SystemTime::now();
    let app = App::launch_in(name, world)?;
    let pid = memory::find_process(&binary, &marker)
        .into_iter()
        .min()
        .ok_or_else(|| HarnessError::Start {
            what: "the app",
            why: "its process was not found".into(),
        })?;
    let process_started_at = memory::started_at(pid).unwrap_or(requested_at);
    Ok((
        app,
        LaunchMoments {
            requested_at,
            pid,
            process_started_at,
        },
    ))
}
