//! The world one app runs in: an X display, a session bus and empty home folders, and, for a
//! signed-in app, a keyring on that bus.
//!
//! Design: the bus is a session bus with no service activation (its own config file, as the CLI
//! tests and the demo run it), so only what the world starts answers on it: no keyring or
//! notification daemon is ever auto-started with the wrong HOME, and a missing service fails at
//! once instead of after an activation timeout. A world outlives the apps launched in it
//! ([`crate::App::close`] hands it back), so a second launch finds the first one's data.
//! The world's desktop opens nothing: an `xdg-open` first on its `PATH` only writes down what
//! it was asked to open ([`World::opened`]), so a test sees what a person's file viewer or
//! browser would have been handed, and no real program starts on the test display.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::HarnessError;
use crate::keyring;
use crate::paths::program;
use crate::process::Guarded;

pub struct World {
    /// Declared first, so stopped first: the keyring before its bus.
    keyring: Option<Guarded>,
    _xvfb: Guarded,
    _dbus: Guarded,
    pub display: String,
    pub bus_address: String,
    /// The MAX server the app signs in to from its window (`PARTA_SERVER`); none: MAX's own.
    server: Option<String>,
    /// The e-journal the app's diary talks to (`PARTA_JOURNAL_URL`); none: the cached one.
    journal: Option<String>,
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
        write_opener(home.path())?;
        let (xvfb, display) = start_xvfb()?;
        let (dbus, bus_address) = start_session_bus(&home.path().join("runtime"))?;
        Ok(Self {
            keyring: None,
            _xvfb: xvfb,
            _dbus: dbus,
            display,
            bus_address,
            server: None,
            journal: None,
            home,
        })
    }

    /// A world whose bus has an unlocked keyring, for an app that signs in.
    pub fn start_with_keyring() -> Result<Self, HarnessError> {
        let mut world = Self::start()?;
        world.start_keyring()?;
        Ok(world)
    }

    /// Starts gnome-keyring on this world's bus (once).
    pub fn start_keyring(&mut self) -> Result<(), HarnessError> {
        if self.keyring.is_none() {
            self.keyring = Some(keyring::start(&self.bus_address, |command| {
                self.apply(command)
            })?);
        }
        Ok(())
    }

    /// Stops this world's keyring: the Secret Service leaves the bus, as on a desktop session
    /// without one.
    pub fn stop_keyring(&mut self) {
        self.keyring.take();
    }

    /// Points the app's in-window sign-in at `url` (the sandbox), as IT staff would with
    /// `PARTA_SERVER`.
    pub fn use_server(&mut self, url: &str) {
        self.server = Some(url.to_owned());
    }

    /// Points the app's diary at `url` (the sandbox's e-journal) with `PARTA_JOURNAL_URL`.
    pub fn use_journal(&mut self, url: &str) {
        self.journal = Some(url.to_owned());
    }

    /// What the app handed the desktop to open (files and links), oldest first.
    pub fn opened(&self) -> Vec<String> {
        std::fs::read_to_string(self.home.path().join(OPENED_LOG))
            .unwrap_or_default()
            .lines()
            .map(String::from)
            .collect()
    }

    pub fn data_home(&self) -> PathBuf {
        self.home.path().join("data")
    }

    /// Парта's data folder in this world (`accounts.json`, `accounts/<id>/`, `logs/`): where
    /// the app looks by default, and where [`World::sign_in`] has `parta` write.
    pub fn data_dir(&self) -> PathBuf {
        self.data_home().join("ru.parta.desktop")
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
            // The app's data folder comes from XDG_DATA_HOME above, never the runner's.
            .env_remove("PARTA_DATA_DIR")
            .env_remove("WAYLAND_DISPLAY");
        let system_path = std::env::var_os("PATH").unwrap_or_default();
        let bin = std::iter::once(home.join(OPENER_DIR));
        if let Ok(path) = std::env::join_paths(bin.chain(std::env::split_paths(&system_path))) {
            command.env("PATH", path);
        }
        match &self.server {
            Some(url) => command.env("PARTA_SERVER", url),
            None => command.env_remove("PARTA_SERVER"),
        };
        match &self.journal {
            Some(url) => command.env("PARTA_JOURNAL_URL", url),
            None => command.env_remove("PARTA_JOURNAL_URL"),
        };
    }
}

/// The folder (in the world's home) holding the recording `xdg-open`.
const OPENER_DIR: &str = "bin";
/// The file (in the world's home) the recording `xdg-open` appends to, one target a line.
const OPENED_LOG: &str = "opened.log";

/// Writes the world's `xdg-open`: it records its argument and succeeds.
fn write_opener(home: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let dir = home.join(OPENER_DIR);
    std::fs::create_dir_all(&dir)?;
    let log = home.join(OPENED_LOG);
    let script = format!(
        "#!/bin/sh\n# The e2e world's desktop: writes down what it is asked to open.\n\
         printf '%s\\n' \"$1\" >> '{}'\n",
        log.display()
    );
    let opener = dir.join("xdg-open");
    std::fs::write(&opener, script)?;
    std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755))
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

/// Starts a private D-Bus session bus (no service activation) and reads its address.
fn start_session_bus(runtime_dir: &Path) -> Result<(Guarded, String), HarnessError> {
    let daemon = program("dbus-daemon", "apt-get install dbus")?;
    let config = runtime_dir.join("bus.conf");
    std::fs::write(&config, bus_config(&runtime_dir.join("bus")))?;
    let mut command = Command::new(daemon);
    command
        .arg(format!("--config-file={}", config.display()))
        .args(["--nofork", "--print-address"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut bus = Guarded::spawn(command)?;
    let address = read_first_line(&mut bus, "dbus-daemon")?;
    Ok((bus, address))
}

/// A session bus like the desktop's, listening at `socket`, with no service activation.
fn bus_config(socket: &Path) -> String {
    format!(
        r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#,
        socket.display()
    )
}
