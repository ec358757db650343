//! The end-to-end harness: the real Парта app in a real window, driven over WebDriver.
//!
//! Each [`App`] gets its own world: an Xvfb display, a private D-Bus session bus, fresh
//! `HOME`/XDG folders (so the app's data, log and settings start empty) and a `tauri-driver`
//! on free ports, which starts the app through WebKitWebDriver. Tests talk W3C WebDriver to it
//! and assert on the DOM. The app binary is built once, before the tests, by `cargo xtask test`
//! (`PARTA_APP_BIN` overrides where it is). When a test panics, the app's screenshot, page
//! source, log and the driver's output are saved under `target/e2e/<test>/`.
//!
//! A signed-in app ([`App::launch_signed_in`]) talks to a [`Sandbox`], the demo school on
//! loopback: the world gets an unlocked gnome-keyring on its bus, and the real `parta` command
//! line signs the demo person in ([`World::sign_in`], and to the e-journal with
//! [`World::diary_login`]) before the app starts, so the app opens
//! on the account exactly as it would after a person signed in. Tests act as other people and
//! read the platform's truth through the sandbox's control API.

mod account;
mod app;
mod diary;
mod error;
mod keyring;
mod notifications;
mod paths;
pub mod perf;
mod process;
mod sandbox;
mod tray;
mod webdriver;
mod window;
mod world;

pub use app::App;
pub use diary::{DIARY_PARENT_ID, child_guid};
pub use error::HarnessError;
pub use notifications::{NotificationDaemon, Notified};
pub use paths::{app_binary, target_dir, workspace_root};
pub use process::Guarded;
pub use sandbox::{Sandbox, id_of};
pub use tray::{TrayItem, TrayWatcher};
pub use webdriver::Element;
pub use window::PATIENCE;
pub use world::World;
