//! The performance run's harness: a school-sized cache signed in offline, the app launched with
//! its launch moment recorded, timings read from the page, memory read from `/proc`, and the
//! bare Tauri window to compare with.
//!
//! Design: the account is what `parta login` and a long sync would leave — `accounts.json`, the
//! account's encrypted cache folder and its three keyring entries (token, deviceId, cache key) —
//! but its server is a loopback port nobody listens on, so the app stays offline and everything
//! it shows comes from the cache.
//! Timings are taken in the page where the UI marks them (`performance.mark`/`measure`) and
//! observed over WebDriver beside them; see `tests/e2e/performance.rs` for the run itself.

/// Prints a line even under `cargo test`'s output capture (which takes only `print!` and
/// `println!`): the figures are the point of the run, so they show whether it passes or not.
macro_rules! shown {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

mod bare;
mod launch;
mod memory;
mod report;
mod school;
mod secrets;
mod text;
mod window;

pub use bare::measure as measure_bare_window;
pub use launch::{LaunchMoments, launch_timed};
pub use memory::{ProcessMemory, epoch_ms, other_web_processes, pss_tree, settled_pss, total_mib};
pub use report::{Launch, Report, Switching, median};
pub use school::{CHAT_COUNT, school_cache};
pub use window::{
    ChatSwitch, PaintedMark, chat_list_painted, chat_switch_measures, open_chats,
    wait_for_chat_list,
};

use std::net::TcpListener;
use std::path::{Path, PathBuf};

use parta_accounts::{AccountList, AccountRecord};

use crate::HarnessError;
use crate::world::World;

/// The generated account's id (`<platform>-<person id>`).
pub const ACCOUNT_ID: &str = "max-1";

/// Signs the generated account in to `world`'s default data folder, offline: copies the cache
/// `account_cache` into it, writes `accounts.json` with a server nobody answers at and stores
/// the token, deviceId and cache key in the world's keyring (started here if need be). Returns
/// the data folder.
pub fn sign_in_offline(world: &mut World, account_cache: &Path) -> Result<PathBuf, HarnessError> {
    world.start_keyring()?;
    let data = world.data_dir();
    let account_dir = parta_accounts::accounts::account_dir(&data, ACCOUNT_ID);
    school::copy_folder(account_cache, &account_dir)?;
    let mut list = AccountList::default();
    list.put_current(AccountRecord {
        id: ACCOUNT_ID.into(),
        platform: "max".into(),
        person_id: school::ME.0,
        name: school::my_name(),
        server: format!("ws://127.0.0.1:{}/websocket", closed_port()?),
    });
    parta_accounts::accounts::save(&data, &list).map_err(|error| HarnessError::Start {
        what: "the account list",
        why: error.to_string(),
    })?;
    secrets::store(world, ACCOUNT_ID, "token", "e2e-offline-token")?;
    let device = "e2e00000-0000-4000-8000-000000000001";
    secrets::store(world, ACCOUNT_ID, "device-id", device)?;
    secrets::store(world, ACCOUNT_ID, "cache-key", school::CACHE_KEY_HEX)?;
    Ok(data)
}

/// A loopback port nobody listens on (taken from the OS, then let go).
fn closed_port() -> Result<u16, HarnessError> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}
