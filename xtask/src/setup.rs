//! Installs what a fresh Debian machine lacks, once: system packages (as root with apt-get), the
//! UI's npm packages, tauri-driver, and the Python venv for the sandbox's peer tests. When it
//! cannot (not root, not Debian, no npm), it stops and prints the exact command to run.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::bail;

use crate::run::{self, cargo, npm, output, step, which};

/// To build the app (WebKitGTK, GTK, tray, OpenSSL) and the bundled SQLite.
const BUILD_PACKAGES: &[&str] = &[
    "build-essential",
    "pkg-config",
    "file",
    "libssl-dev",
    "libxdo-dev",
    "libwebkit2gtk-4.1-dev",
    "libgtk-3-dev",
    "libayatana-appindicator3-dev",
    "librsvg2-dev",
    "libdbus-1-dev",
];

/// To run the app headless and test it: X server, WebDriver, a session bus, a notification
/// daemon, a Secret Service keyring, screenshots, fonts with Cyrillic, Python for the peers, and a
/// tray host for the tray test.
const RUN_PACKAGES: &[&str] = &[
    "xvfb",
    "xauth",
    "dbus",
    "dbus-x11",
    "x11-utils",
    "xdotool",
    "imagemagick",
    "fonts-dejavu-core",
    "at-spi2-core",
    "webkit2gtk-driver",
    "dunst",
    "gnome-keyring",
    "libsecret-tools",
    "keyutils",
    "python3-venv",
    // The tray test's StatusNotifierWatcher (tests/src/tray_watcher.py) and its `gdbus`.
    "python3-dbus",
    "python3-gi",
    "libglib2.0-bin",
];

/// Everything `demo` and `test` need before they build.
pub fn everything(with_test_tools: bool) -> anyhow::Result<()> {
    system_packages()?;
    ui_packages()?;
    if with_test_tools {
        tauri_driver()?;
    }
    Ok(())
}

fn installed(package: &str) -> bool {
    let mut query = Command::new("dpkg-query");
    query.args(["-W", "-f=${db:Status-Status}", package]);
    output(query).is_some_and(|status| status.trim() == "installed")
}

fn system_packages() -> anyhow::Result<()> {
    let missing: Vec<&str> = BUILD_PACKAGES
        .iter()
        .chain(RUN_PACKAGES)
        .copied()
        .filter(|p| !installed(p))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let list = missing.join(" ");
    if !Path::new("/etc/debian_version").exists() {
        bail!(
            "This is not Debian, so the system packages cannot be installed for you. Install the \
             equivalents of these Debian packages with your system's package manager: {list}"
        );
    }
    let mut id = Command::new("id");
    id.arg("-u");
    if output(id).as_deref().map(str::trim) != Some("0") {
        bail!(
            "These system packages are missing and installing them needs root. Run:\n  sudo \
             apt-get update && sudo apt-get install -y {list}"
        );
    }
    eprintln!("Installing system packages: {list}");
    step(apt(&["update", "-q"]))?;
    let mut install = vec!["install", "-y", "-q"];
    install.extend(&missing);
    step(apt(&install))
}

fn apt(args: &[&str]) -> Command {
    let mut command = Command::new("apt-get");
    command.args(args).env("DEBIAN_FRONTEND", "noninteractive");
    command
}

fn ui_packages() -> anyhow::Result<()> {
    if which("npm").is_none() {
        bail!(
            "npm is missing (Node.js 20.19 or newer is needed). On Debian: apt-get install -y \
             nodejs npm, or install Node.js 20+ from your usual source."
        );
    }
    let ui = run::root().join("ui");
    let lock = ui.join("package-lock.json");
    let installed_lock = ui.join("node_modules/.package-lock.json");
    if is_newer(&installed_lock, &lock) {
        return Ok(());
    }
    let mut ci = npm();
    ci.args(["ci", "--no-audit", "--no-fund"]);
    step(ci)
}

/// Whether `made` exists and is at least as new as `source`.
fn is_newer(made: &Path, source: &Path) -> bool {
    let modified = |path: &Path| std::fs::metadata(path).and_then(|m| m.modified()).ok();
    matches!((modified(made), modified(source)), (Some(made), Some(source)) if made >= source)
}

fn tauri_driver() -> anyhow::Result<()> {
    if which("tauri-driver").is_some() {
        return Ok(());
    }
    let mut install = cargo();
    install.args(["install", "tauri-driver", "--version", "^2", "--locked"]);
    step(install)
}

/// The venv the sandbox's peer tests run in, with their pinned requirements installed.
pub fn peers_venv(requirements: &Path) -> anyhow::Result<PathBuf> {
    let venv = crate::run::target_dir().join("peers-venv");
    let python = venv.join("bin/python");
    let stamp = venv.join("requirements.installed");
    if python.is_file() && is_newer(&stamp, requirements) {
        return Ok(python);
    }
    let mut create = Command::new("python3");
    create.args(["-m", "venv"]).arg(&venv);
    step(create)?;
    let mut install = Command::new(&python);
    install.args([
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "-r",
    ]);
    install.arg(requirements);
    step(install)?;
    std::fs::write(stamp, b"")?;
    Ok(python)
}
