//! The world one app runs in: an X display, a session bus and empty home folders.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::HarnessError;
use crate::paths::program;
use crate::process::Guarded;

pub struct World {
    _xvfb: Guarded,
    _dbus: Guarded,
    pub display: String,
    pub bus_address: String,
    /// Declared last, so dropped last: the folders outlive the processes that use them.
    pub home: tempfile::TempDir,
}

impl World {
    pub fn start() -> Result<Self, HarnessError> {
        let home = tempfile::Builder::new().prefix("parta-e2e-").tempdir()?;
        for dir in ["data", "config", "cache", "runtime"] {
            std::fs::create_dir_all(home.path().join(dir))?;
        }
        set_private(&home.path().join("runtime"))?;
        let (xvfb, display) = start_xvfb()?;
        let (dbus, bus_address) = start_session_bus()?;
        Ok(Self {
            _xvfb: xvfb,
            _dbus: dbus,
            display,
            bus_address,
            home,
        })
    }

    pub fn data_home(&self) -> PathBuf {
        self.home.path().join("data")
    }

    /// The environment every process in this world gets.
    pub fn apply(&self, command: &mut Command) {
        let home = self.home.path();
        command
            .env("DISPLAY", &self.display)
            .env("DBUS_SESSION_BUS_ADDRESS", &self.bus_address)
            .env("HOME", home)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .env("XDG_RUNTIME_DIR", home.join("runtime"))
            .env("LANG", "C.UTF-8")
            .env_remove("WAYLAND_DISPLAY");
    }
}

fn set_private(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
}

/// Starts Xvfb on a display number it chooses itself (`-displayfd 1` prints it on stdout once
/// the server is ready), so parallel tests never share, or tear down, each other's display.
fn start_xvfb() -> Result<(Guarded, String), HarnessError> {
    let xvfb = program("Xvfb", "apt-get install xvfb")?;
    let mut command = Command::new(xvfb);
    command
        .args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            "1280x800x24",
            "-nolisten",
            "tcp",
            "-noreset",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut server = Guarded::spawn(command)?;
    let number = read_first_line(&mut server, "Xvfb")?;
    if number.parse::<u32>().is_err() {
        return Err(HarnessError::Start {
            what: "Xvfb",
            why: format!("printed {number:?}"),
        });
    }
    Ok((server, format!(":{number}")))
}

/// The first line a process prints, once it prints it (the process signals readiness so).
fn read_first_line(process: &mut Guarded, what: &'static str) -> Result<String, HarnessError> {
    let stdout = process
        .child()
        .stdout
        .take()
        .ok_or_else(|| HarnessError::Start {
            what,
            why: "no stdout".into(),
        })?;
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line)?;
    let line = line.trim().to_string();
    if line.is_empty() {
        return Err(HarnessError::Start {
            what,
            why: "it exited without saying it is ready".into(),
        });
    }
    Ok(line)
}

/// Starts a private D-Bus session bus and reads its address.
fn start_session_bus() -> Result<(Guarded, String), HarnessError> {
    let daemon = program("dbus-daemon", "apt-get install dbus")?;
    let mut command = Command::new(daemon);
    command
        .args(["--session", "--nofork", "--print-address"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut bus = Guarded::spawn(command)?;
    let stdout = bus
        .child()
        .stdout
        .take()
        .ok_or_else(|| HarnessError::Start {
            what: "dbus-daemon",
            why: "no stdout".into(),
        })?;
    let mut address = String::new();
    BufReader::new(stdout).read_line(&mut address)?;
    let address = address.trim().to_string();
    if address.is_empty() {
        return Err(HarnessError::Start {
            what: "dbus-daemon",
            why: "printed no address".into(),
        });
    }
    Ok((bus, address))
}
