//! The end-to-end harness: the real Парта app in a real window, driven over WebDriver.
//!
//! Each [`App`] gets its own world: an Xvfb display, a private D-Bus session bus, fresh
//! `HOME`/XDG folders (so the app's data, log and settings start empty) and a `tauri-driver`
//! on free ports, which starts the app through WebKitWebDriver. Tests talk W3C WebDriver to it
//! and assert on the DOM. The app binary is built once, before the tests, by `cargo xtask test`
//! (`PARTA_APP_BIN` overrides where it is). When a test panics, the app's screenshot, page
//! source, log and the driver's output are saved under `target/e2e/<test>/`.

mod app;
mod error;
mod paths;
mod process;
mod webdriver;
mod world;

pub use app::App;
pub use error::HarnessError;
pub use paths::{target_dir, workspace_root};
pub use process::Guarded;
pub use webdriver::Element;
pub use world::World;
