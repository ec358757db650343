//! A Secret Service on a world's session bus: gnome-keyring, unlocked with a throwaway password
//! on stdin, as the CLI tests run it. `parta login` stores the token there and the app reads it
//! back, exactly as on a person's desktop.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::HarnessError;
use crate::paths::program;
use crate::process::Guarded;

const PASSWORD: &[u8] = b"e2e-keyring-password";
const PATIENCE: Duration = Duration::from_secs(30);

/// Starts gnome-keyring with the environment `apply` gives it and waits until it owns
/// `org.freedesktop.secrets` on the bus at `bus_address`.
pub fn start(bus_address: &str, apply: impl Fn(&mut Command)) -> Result<Guarded, HarnessError> {
    let daemon = program("gnome-keyring-daemon", "apt-get install gnome-keyring")?;
    let mut command = Command::new(daemon);
    command
        .args(["--foreground", "--components=secrets", "--unlock"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    apply(&mut command);
    let mut keyring = Guarded::spawn(command)?;
    if let Some(mut stdin) = keyring.child().stdin.take() {
        stdin.write_all(PASSWORD)?;
    }
    let deadline = Instant::now() + PATIENCE;
    while !name_has_owner(bus_address, "org.freedesktop.secrets")? {
        if keyring.has_exited() || Instant::now() > deadline {
            return Err(HarnessError::Start {
                what: "gnome-keyring",
                why: "it never joined the session bus".into(),
            });
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Ok(keyring)
}

pub(crate) fn name_has_owner(bus_address: &str, name: &str) -> Result<bool, HarnessError> {
    let dbus_send = program("dbus-send", "apt-get install dbus")?;
    let output = Command::new(dbus_send)
        .args(["--session", "--print-reply", "--dest=org.freedesktop.DBus"])
        .args(["/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner"])
        .arg(format!("string:{name}"))
        .env("DBUS_SESSION_BUS_ADDRESS", bus_address)
        .output()?;
    Ok(String::from_utf8_lossy(&output.stdout).contains("boolean true"))
}
