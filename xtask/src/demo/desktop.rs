//! The desktop the demo runs in: the person's own when there is one, a private one otherwise.
//!
//! Design: the display and the session bus are chosen separately. `DISPLAY` set: the window
//! opens there and the person closes it; unset: Xvfb, and the demo takes a screenshot.
//! `DBUS_SESSION_BUS_ADDRESS` set: Парта uses the person's own keyring and notifications; unset:
//! a private dbus-daemon (no service activation, so only what the demo starts answers) with
//! gnome-keyring, unlocked with a throwaway password as the CLI tests do, and dunst for
//! notifications. The private keyring lives in `target/demo/session/`, fresh each run.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

use super::background::Background;
use super::say;
use crate::run::{output, which};

/// The private keyring's password: the demo's tokens are demo tokens.
const KEYRING_PASSWORD: &str = "parta-demo";

pub struct Desktop {
    pub display: String,
    pub bus_address: String,
    /// Xvfb, not a screen someone looks at.
    pub headless: bool,
    /// The demo's own bus, which has no accessibility bus on it.
    private_bus: bool,
    /// Stopped in this order when dropped: the daemons first, the bus, then the display.
    processes: Vec<Background>,
}

impl Desktop {
    /// The person's display and bus where they exist; Xvfb and a private bus where not.
    /// `session_dir` holds the private keyring's home (emptied first).
    pub fn start(session_dir: &Path) -> anyhow::Result<Self> {
        let mut processes = Vec::new();
        let (display, headless) = match non_empty_env("DISPLAY") {
            Some(display) => {
                say(
                    &format!("Окно откроется на вашем экране ({display})"),
                    &format!("The window opens on your display ({display})"),
                );
                (display, false)
            }
            None => {
                let (xvfb, display) = start_xvfb()?;
                processes.push(xvfb);
                say(
                    &format!("Экрана нет: Парта запустится под Xvfb ({display})"),
                    &format!("No display: Парта runs under Xvfb ({display})"),
                );
                (display, true)
            }
        };
        let private_bus = non_empty_env("DBUS_SESSION_BUS_ADDRESS").is_none();
        let bus_address = match non_empty_env("DBUS_SESSION_BUS_ADDRESS") {
            Some(address) => {
                say(
                    "Связка ключей и уведомления — ваши (сеанс D-Bus, в котором запущен demo)",
                    "The keyring and notifications are your own (the D-Bus session demo runs in)",
                );
                address
            }
            None => {
                let (daemons, address) = private_session(session_dir, &display)?;
                processes.extend(daemons);
                say(
                    "Своя шина D-Bus: gnome-keyring (разблокирован) и dunst для уведомлений",
                    "A private D-Bus session: gnome-keyring (unlocked) and dunst for notifications",
                );
                address
            }
        };
        // Stop the newest first: dunst and the keyring before their bus, the bus before Xvfb.
        processes.reverse();
        Ok(Self {
            display,
            bus_address,
            headless,
            private_bus,
            processes,
        })
    }

    /// The display and bus for a program the demo runs.
    pub fn apply(&self, command: &mut Command) {
        command
            .env("DISPLAY", &self.display)
            .env("DBUS_SESSION_BUS_ADDRESS", &self.bus_address);
        if self.headless {
            command.env_remove("WAYLAND_DISPLAY");
        }
        if self.private_bus {
            // GTK would look for the accessibility bus on it and warn that there is none.
            command.env("NO_AT_BRIDGE", "1");
        }
    }

    /// Fails if a helper the demo started has died (say, Xvfb could not open its display).
    pub fn check(&mut self) -> anyhow::Result<()> {
        for process in &mut self.processes {
            if process.has_exited() {
                bail!("{} stopped unexpectedly", process.name());
            }
        }
        Ok(())
    }
}

fn non_empty_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|value| !value.is_empty())
}

/// Xvfb on a display number it picks itself (`-displayfd 1` prints it once it is ready).
fn start_xvfb() -> anyhow::Result<(Background, String)> {
    let mut command = Command::new("Xvfb");
    command
        .args(["-displayfd", "1", "-screen", "0", "1280x800x24"])
        .args(["-nolisten", "tcp", "-noreset"])
        .stderr(Stdio::null());
    let (xvfb, number) = Background::spawn_and_read_line("Xvfb", command)?;
    Ok((xvfb, format!(":{number}")))
}

/// A session bus with the keyring and a notification daemon on it.
fn private_session(dir: &Path, display: &str) -> anyhow::Result<(Vec<Background>, String)> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| format!("emptying {}", dir.display()))?;
    }
    let (home, runtime) = (dir.join("home"), dir.join("run"));
    std::fs::create_dir_all(&home)?;
    std::fs::create_dir_all(&runtime)?;
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&runtime, std::fs::Permissions::from_mode(0o700))?;
    let config = dir.join("bus.conf");
    std::fs::write(&config, BUS_CONFIG)?;

    let mut bus = Command::new("dbus-daemon");
    bus.arg(format!("--config-file={}", config.display()))
        .args(["--nofork", "--print-address"])
        .stderr(Stdio::null());
    let (bus, address) = Background::spawn_and_read_line("dbus-daemon", bus)?;
    let session = |command: &mut Command| {
        command
            .env("DBUS_SESSION_BUS_ADDRESS", &address)
            .env("DISPLAY", display)
            .env("HOME", &home)
            .env("XDG_RUNTIME_DIR", &runtime)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
    };

    let mut keyring = Command::new("gnome-keyring-daemon");
    keyring.args(["--foreground", "--components=secrets", "--unlock"]);
    session(&mut keyring);
    let keyring = spawn_with_password(keyring)?;
    wait_for_name("org.freedesktop.secrets", &address, Duration::from_secs(20))
        .context("gnome-keyring did not join the private bus")?;

    let mut processes = vec![bus, keyring];
    if which("dunst").is_some() {
        let mut dunst = Command::new("dunst");
        session(&mut dunst);
        processes.push(Background::spawn("dunst", dunst)?);
        if wait_for_name(
            "org.freedesktop.Notifications",
            &address,
            Duration::from_secs(5),
        )
        .is_err()
        {
            say(
                "dunst не запустился: уведомлений не будет видно",
                "dunst did not start: notifications will not show",
            );
        }
    }
    Ok((processes, address))
}

/// gnome-keyring reads the password to unlock with from stdin.
fn spawn_with_password(mut command: Command) -> anyhow::Result<Background> {
    use std::io::Write;
    command.stdin(Stdio::piped());
    let mut child = command
        .spawn()
        .context("could not start gnome-keyring-daemon")?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(KEYRING_PASSWORD.as_bytes())?;
    }
    Ok(Background::adopt("gnome-keyring", child))
}

fn wait_for_name(name: &str, bus: &str, patience: Duration) -> anyhow::Result<()> {
    let deadline = Instant::now() + patience;
    while Instant::now() < deadline {
        let mut query = Command::new("dbus-send");
        query
            .args(["--session", "--print-reply", "--dest=org.freedesktop.DBus"])
            .args(["/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner"])
            .arg(format!("string:{name}"))
            .env("DBUS_SESSION_BUS_ADDRESS", bus);
        if output(query).is_some_and(|reply| reply.contains("boolean true")) {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    bail!("nobody owns {name} on the bus")
}

/// A session bus like the desktop's, but with no service activation.
const BUS_CONFIG: &str = r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#;

/// Where the demo keeps its files: `target/demo/`.
pub fn demo_dir() -> PathBuf {
    crate::run::target_dir().join("demo")
}
