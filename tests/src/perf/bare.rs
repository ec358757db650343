//! The bare Tauri window (`tests/bare-window`) in a world, measured the way Парта is.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::memory::{self, ProcessMemory};
use crate::HarnessError;
use crate::paths::program;
use crate::process::Guarded;
use crate::world::World;

/// The bare window's title (its tauri.conf.json).
const TITLE: &str = "Bare window";

/// Launches the bare window on `world`'s display, waits for it to map and its memory to settle,
/// and returns its process tree's memory. The window is closed again before this returns.
pub fn measure(world: &World) -> Result<Vec<ProcessMemory>, HarnessError> {
    let binary = memory::binary_path("PARTA_BARE_BIN", "parta-bare-window");
    if !binary.is_file() {
        return Err(HarnessError::Missing {
            program: binary.display().to_string(),
            hint: "cargo build -p parta-bare-window; cargo xtask test builds it".into(),
        });
    }
    let mut command = Command::new(&binary);
    command.stdout(Stdio::null()).stderr(Stdio::null());
    world.apply(&mut command);
    let mut window = Guarded::spawn(command)?;
    let pid = window.child().id();
    wait_for_window(world, &mut window)?;
    memory::settled_pss(pid, Duration::from_secs(15))
}

fn wait_for_window(world: &World, window: &mut Guarded) -> Result<(), HarnessError> {
    let xdotool = program("xdotool", "apt-get install xdotool")?;
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        let found = Command::new(&xdotool)
            .args(["search", "--onlyvisible", "--name", &format!("^{TITLE}$")])
            .env("DISPLAY", &world.display)
            .output()
            .is_ok_and(|out| out.status.success() && !out.stdout.is_empty());
        if found {
            return Ok(());
        }
        if window.has_exited() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Err(HarnessError::Start {
        what: "the bare window",
        why: "its window never appeared".into(),
    })
}
