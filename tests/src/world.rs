//! The world one app runs in: an X display, a session bus and empty home folders.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

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

/// Starts Xvfb on the first free display number from 90 up.
fn start_xvfb() -> Result<(Guarded, String), HarnessError> {
    let xvfb = program("Xvfb", "apt-get install xvfb")?;
    for number in 90..190 {
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{number}"));
        if socket.exists() || Path::new(&format!("/tmp/.X{number}-lock")).exists() {
            continue;
        }
        let mut command = Command::new(&xvfb);
        command
            .arg(format!(":{number}"))
            .args([
                "-screen",
                "0",
                "1280x800x24",
                "-nolisten",
                "tcp",
                "-noreset",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let mut server = Guarded::spawn(command)?;
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if socket.exists() {
                return Ok((server, format!(":{number}")));
            }
            if server.has_exited() {
                break; // Taken by someone else meanwhile: try the next number.
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }
    Err(HarnessError::Start {
        what: "Xvfb",
        why: "no free display from :90 to :189".into(),
    })
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
