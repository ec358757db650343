//! The window's size, place and maximized state, remembered per data folder.
//!
//! Design: `window.json` in the data folder holds the last normal (not maximized) geometry in
//! physical pixels and whether the window was maximized. Moves and resizes update it in memory
//! and write it half a second after the last one (a drag makes one write); closing the window
//! or quitting writes it at once. At start the saved geometry is [`clamp`]ed to the monitors
//! there are now — a window saved on a monitor since unplugged comes back on one that exists,
//! no larger than it — and applied before the person sees much of the window.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock, PoisonError};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager, PhysicalPosition, PhysicalSize, Runtime, Window};

/// The file in the data folder.
const FILE: &str = "window.json";
/// How long after the last move or resize the geometry is written.
const SETTLE: Duration = Duration::from_millis(500);
/// How much of a window must lie on a monitor to count as findable there.
const MIN_VISIBLE: (u32, u32) = (100, 50);

/// The window's geometry: outer position and inner size, physical pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Geometry {
    /// Left edge.
    pub x: i32,
    /// Top edge.
    pub y: i32,
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
    /// Maximized (the rest is where it goes when restored).
    pub maximized: bool,
}

/// A monitor's work area, physical pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Area {
    /// Left edge.
    pub x: i32,
    /// Top edge.
    pub y: i32,
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
}

/// `saved` moved and shrunk as needed to be seen on one of `monitors` (the first is the
/// primary one). With no monitor known, `saved` as it is.
pub fn clamp(saved: Geometry, monitors: &[Area]) -> Geometry {
    let overlap = |area: &Area| {
        let width = span(saved.x, saved.width, area.x, area.width);
        let height = span(saved.y, saved.height, area.y, area.height);
        (width, height)
    };
    let needed = (
        MIN_VISIBLE.0.min(saved.width),
        MIN_VISIBLE.1.min(saved.height),
    );
    let home = monitors
        .iter()
        .filter(|area| {
            let (width, height) = overlap(area);
            width >= needed.0 && height >= needed.1
        })
        .max_by_key(|area| {
            let (width, height) = overlap(area);
            u64::from(width) * u64::from(height)
        });
    match (home, monitors.first()) {
        (Some(area), _) => {
            let width = saved.width.min(area.width);
            let height = saved.height.min(area.height);
            // The title bar stays on screen: never above the monitor's top.
            let top_limit = area.y;
            let y = saved.y.max(top_limit);
            Geometry {
                width,
                height,
                y,
                ..saved
            }
        }
        (None, Some(area)) => {
            let width = saved.width.min(area.width);
            let height = saved.height.min(area.height);
            Geometry {
                x: area.x + to_i32((area.width - width) / 2),
                y: area.y + to_i32((area.height - height) / 2),
                width,
                height,
                maximized: saved.maximized,
            }
        }
        (None, None) => saved,
    }
}

/// How long the segments `[a, a + a_len)` and `[b, b + b_len)` share.
fn span(a: i32, a_len: u32, b: i32, b_len: u32) -> u32 {
    let start = i64::from(a).max(i64::from(b));
    let end = (i64::from(a) + i64::from(a_len)).min(i64::from(b) + i64::from(b_len));
    u32::try_from((end - start).max(0)).unwrap_or(u32::MAX)
}

fn to_i32(value: u32) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

/// Reads the saved geometry; none when there is none or it is unreadable.
pub fn load(data_dir: &Path) -> Option<Geometry> {
    let text = std::fs::read(data_dir.join(FILE)).ok()?;
    match serde_json::from_slice::<Geometry>(&text) {
        Ok(geometry) if geometry.width > 0 && geometry.height > 0 => Some(geometry),
        Ok(_) => None,
        Err(error) => {
            tracing::warn!(%error, "window.json unreadable; the window opens at its default size");
            None
        }
    }
}

/// Writes `geometry` (through a temporary file, so a crash never leaves half a file).
pub fn store(data_dir: &Path, geometry: &Geometry) -> std::io::Result<()> {
    let path = data_dir.join(FILE);
    let temporary = data_dir.join(format!("{FILE}.new"));
    let text = serde_json::to_vec_pretty(geometry).map_err(std::io::Error::other)?;
    std::fs::write(&temporary, text)?;
    std::fs::rename(&temporary, &path)
}

struct Keeper {
    data_dir: PathBuf,
    geometry: Mutex<Option<Geometry>>,
    generation: AtomicU64,
}

static KEEPER: OnceLock<Keeper> = OnceLock::new();

/// Applies the saved geometry to the main window and starts keeping it.
pub fn setup<R: Runtime>(app: &AppHandle<R>, data_dir: &Path) {
    let saved = load(data_dir);
    let _ = KEEPER.set(Keeper {
        data_dir: data_dir.to_path_buf(),
        geometry: Mutex::new(saved),
        generation: AtomicU64::new(0),
    });
    let (Some(saved), Some(window)) = (saved, app.get_webview_window(super::MAIN_WINDOW)) else {
        return;
    };
    let monitors: Vec<Area> = window
        .available_monitors()
        .unwrap_or_default()
        .iter()
        .map(|monitor| {
            let area = monitor.work_area();
            Area {
                x: area.position.x,
                y: area.position.y,
                width: area.size.width,
                height: area.size.height,
            }
        })
        .collect();
    let primary = window.primary_monitor().ok().flatten();
    let mut monitors = monitors;
    if let Some(primary) = primary {
        let first = Area {
            x: primary.work_area().position.x,
            y: primary.work_area().position.y,
            width: primary.work_area().size.width,
            height: primary.work_area().size.height,
        };
        monitors.retain(|area| *area != first);
        monitors.insert(0, first);
    }
    let geometry = clamp(saved, &monitors);
    tracing::debug!(?geometry, "window geometry restored");
    let applied = window
        .set_size(PhysicalSize::new(geometry.width, geometry.height))
        .and_then(|()| window.set_position(PhysicalPosition::new(geometry.x, geometry.y)));
    if let Err(error) = applied {
        tracing::warn!(%error, "window geometry not restored");
    }
    if geometry.maximized
        && let Err(error) = window.maximize()
    {
        tracing::warn!(%error, "window not maximized");
    }
}

/// What the window's geometry is now, over the last normal one when it is maximized.
fn current<R: Runtime>(window: &Window<R>, last: Option<Geometry>) -> Option<Geometry> {
    if window.is_minimized().unwrap_or(false) {
        return None;
    }
    let maximized = window.is_maximized().unwrap_or(false);
    if maximized && let Some(last) = last {
        return Some(Geometry {
            maximized: true,
            ..last
        });
    }
    let position = window.outer_position().ok()?;
    let size = window.inner_size().ok()?;
    Some(Geometry {
        x: position.x,
        y: position.y,
        width: size.width,
        height: size.height,
        maximized,
    })
}

/// Takes the window's geometry now into `keeper`; false when the window could not say it.
fn remember<R: Runtime>(keeper: &Keeper, window: &Window<R>) -> bool {
    let mut geometry = keeper
        .geometry
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    match current(window, *geometry) {
        Some(now) => {
            *geometry = Some(now);
            true
        }
        None => false,
    }
}

/// The window moved or was resized: remember, and write once it settles.
pub fn changed<R: Runtime>(window: &Window<R>) {
    let Some(keeper) = KEEPER.get() else { return };
    if !remember(keeper, window) {
        return;
    }
    let generation = keeper.generation.fetch_add(1, Ordering::SeqCst) + 1;
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(SETTLE).await;
        if keeper.generation.load(Ordering::SeqCst) == generation {
            write(keeper);
        }
    });
}

/// Writes the window's geometry now (closing, quitting).
pub fn save_now<R: Runtime>(window: &Window<R>) {
    let Some(keeper) = KEEPER.get() else { return };
    remember(keeper, window);
    write(keeper);
}

fn write(keeper: &Keeper) {
    let geometry = *keeper
        .geometry
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    if let Some(geometry) = geometry
        && let Err(error) = store(&keeper.data_dir, &geometry)
    {
        tracing::warn!(%error, "window geometry not saved");
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    const LAPTOP: Area = Area {
        x: 0,
        y: 0,
        width: 1366,
        height: 768,
    };
    const RIGHT: Area = Area {
        x: 1366,
        y: 0,
        width: 1920,
        height: 1080,
    };

    fn at(x: i32, y: i32, width: u32, height: u32) -> Geometry {
        Geometry {
            x,
            y,
            width,
            height,
            maximized: false,
        }
    }

    #[test]
    fn a_window_on_a_monitor_stays_where_it_was() {
        let saved = at(100, 80, 1000, 600);
        assert_eq!(clamp(saved, &[LAPTOP, RIGHT]), saved);
        let on_the_right = at(1500, 100, 1600, 900);
        assert_eq!(clamp(on_the_right, &[LAPTOP, RIGHT]), on_the_right);
    }

    #[test]
    fn a_window_on_an_unplugged_monitor_comes_back_centred_on_the_primary() {
        let saved = Geometry {
            maximized: true,
            ..at(1500, 100, 1600, 900)
        };
        let back = clamp(saved, &[LAPTOP]);
        assert_eq!(
            back,
            Geometry {
                maximized: true,
                ..at(0, 0, 1366, 768)
            }
        );
        let small = clamp(at(5000, 3000, 800, 600), &[LAPTOP]);
        assert_eq!(small, at(283, 84, 800, 600));
    }

    #[test]
    fn a_window_barely_on_screen_or_above_it_is_brought_back() {
        // Only 20 pixels of it show at the right edge: not findable.
        let edge = clamp(at(1346, 100, 800, 600), &[LAPTOP]);
        assert_eq!(edge, at(283, 84, 800, 600));
        // The title bar above the top: moved down to it.
        assert_eq!(clamp(at(50, -30, 800, 600), &[LAPTOP]), at(50, 0, 800, 600));
        // Larger than the monitor: shrunk to it.
        assert_eq!(clamp(at(0, 0, 3000, 2000), &[LAPTOP]), at(0, 0, 1366, 768));
    }

    #[test]
    fn no_monitor_known_keeps_what_was_saved() {
        let saved = at(-4000, 9000, 10, 10);
        assert_eq!(clamp(saved, &[]), saved);
    }

    #[test]
    fn the_geometry_survives_the_file_and_garbage_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load(dir.path()), None);
        let saved = Geometry {
            maximized: true,
            ..at(10, 20, 900, 700)
        };
        store(dir.path(), &saved).unwrap();
        assert_eq!(load(dir.path()), Some(saved));
        std::fs::write(dir.path().join(FILE), b"{\"x\": \"<script>\"").unwrap();
        assert_eq!(load(dir.path()), None);
        std::fs::write(
            dir.path().join(FILE),
            br#"{"x":0,"y":0,"width":0,"height":5,"maximized":false}"#,
        )
        .unwrap();
        assert_eq!(load(dir.path()), None);
    }
}
