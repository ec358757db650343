//! The headless demo's picture: waits for Парта's window under Xvfb, then for its content to stop
//! changing (the chat list painted from the cache), and saves it as a PNG.
//!
//! Design: no WebDriver here (the demo runs the app as a person would), so "painted" is judged
//! from the pixels: after a short first wait, the window is captured every second until two
//! captures in a row are identical, or a cap is reached.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

use super::background::Background;
use crate::run::{output, step};

/// The first wait after the window maps: the page loads and asks the shell for the chat list.
const FIRST_WAIT: Duration = Duration::from_secs(2);
/// The longest the demo waits for the picture to settle.
const SETTLE_CAP: Duration = Duration::from_secs(15);

/// Waits for the window titled `title` and returns its X window id.
pub fn wait_for_window(display: &str, title: &str, app: &mut Background) -> anyhow::Result<String> {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        let mut search = Command::new("xdotool");
        search
            .args(["search", "--onlyvisible", "--name", &format!("^{title}$")])
            .env("DISPLAY", display);
        if let Some(found) = output(search).and_then(|ids| ids.lines().next().map(String::from)) {
            return Ok(found);
        }
        if app.has_exited() {
            bail!("the app exited before its window appeared");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    bail!("the app's window did not appear within a minute")
}

/// Waits until the window's pixels settle, then saves them to `path`. Returns whether they
/// settled (false: the cap was reached and the last frame was saved anyway).
pub fn save_when_settled(display: &str, window: &str, path: &Path) -> anyhow::Result<bool> {
    std::thread::sleep(FIRST_WAIT);
    let started = Instant::now();
    let mut previous = capture(display, window)?;
    let mut settled = false;
    while started.elapsed() < SETTLE_CAP {
        std::thread::sleep(Duration::from_secs(1));
        let current = capture(display, window)?;
        if current == previous {
            settled = true;
            break;
        }
        previous = current;
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut import = Command::new("import");
    import
        .args(["-display", display, "-window", window])
        .arg(path)
        .env("DISPLAY", display);
    step(import)?;
    Ok(settled)
}

/// The window's raw pixels (no PNG metadata, so equal frames compare equal).
fn capture(display: &str, window: &str) -> anyhow::Result<Vec<u8>> {
    let out = Command::new("import")
        .args([
            "-display", display, "-window", window, "-depth", "8", "rgb:-",
        ])
        .env("DISPLAY", display)
        .output()
        .context("could not run import (package imagemagick)")?;
    if !out.status.success() {
        bail!(
            "import could not capture the window: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(out.stdout)
}
