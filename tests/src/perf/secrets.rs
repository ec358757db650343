//! An account's keyring entries, written the way `parta login` leaves them, for an account the
//! test builds itself instead of signing in.
//!
//! Design: `secret-tool` on the world's bus (the world's keyring must be running), with the
//! attributes the `keyring` crate looks up (`service`, `username`, `target=default`), so the app
//! reads them as its own.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::HarnessError;
use crate::paths::program;
use crate::world::World;

/// The keyring service Парта keeps its secrets under.
const SERVICE: &str = "ru.parta.desktop";

/// Stores `secret` as `<account>:<kind>` (`kind` is `token`, `device-id` or `cache-key`).
pub fn store(world: &World, account: &str, kind: &str, secret: &str) -> Result<(), HarnessError> {
    let tool = program("secret-tool", "apt-get install libsecret-tools")?;
    let user = format!("{account}:{kind}");
    let mut command = Command::new(tool);
    command
        .args(["store", "--label", &format!("{user}@{SERVICE}")])
        .args(["service", SERVICE, "username", &user, "target", "default"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    world.apply(&mut command);
    let mut child = command.spawn()?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(secret.as_bytes())?;
    }
    let output = child.wait_with_output()?;
    if output.status.success() {
        return Ok(());
    }
    Err(HarnessError::Start {
        what: "secret-tool store",
        why: String::from_utf8_lossy(&output.stderr).trim().to_string(),
    })
}
