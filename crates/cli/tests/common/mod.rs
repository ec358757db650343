//! Test harness: a private desktop session (its own D-Bus session bus and gnome-keyring, a temp
//! HOME and XDG_RUNTIME_DIR), the sandbox in-process over loopback, and the real `parta` binary.
//!
//! The bus runs from its own config file rather than `--session`: the same session bus, but
//! with no service activation, so nothing but the keyring a test starts answers as
//! `org.freedesktop.secrets` (no race with an auto-started daemon, and a test can have no
//! keyring at all).

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// A hang guard for any single wait, not a timing assertion.
pub const PATIENCE: Duration = Duration::from_secs(60);
/// The keyring's password in tests.
const KEYRING_PASSWORD: &str = "test-password";

/// Which keyring the session has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyringState {
    /// gnome-keyring, unlocked with a password on stdin.
    Unlocked,
    /// gnome-keyring, started without unlocking (and no prompter to ask anyone).
    Locked,
    /// No Secret Service on the bus.
    Missing,
}

/// A private desktop session: bus, keyring, home folder. Dropping it stops both daemons.
pub struct Desktop {
    pub dir: tempfile::TempDir,
    bus: Child,
    keyring: Option<Child>,
    pub bus_address: String,
}

impl Desktop {
    pub fn start(state: KeyringState) -> Desktop {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["home", "run", "data"] {
            std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        }
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(
            dir.path().join("run"),
            std::fs::Permissions::from_mode(0o700),
        )
        .unwrap();
        let config = dir.path().join("bus.conf");
        std::fs::write(&config, bus_config(&dir.path().join("bus"))).unwrap();
        let mut bus = Command::new("dbus-daemon")
            .arg(format!("--config-file={}", config.display()))
            .args(["--nofork", "--print-address"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon (package dbus) must be installed");
        let mut address = String::new();
        BufReader::new(bus.stdout.take().unwrap())
            .read_line(&mut address)
            .unwrap();
        let mut desktop = Desktop {
            dir,
            bus,
            keyring: None,
            bus_address: address.trim().to_owned(),
        };
        if state != KeyringState::Missing {
            desktop.start_keyring(state == KeyringState::Unlocked);
        }
        desktop
    }

    fn start_keyring(&mut self, unlock: bool) {
        let mut command = Command::new("gnome-keyring-daemon");
        command.args(["--foreground", "--components=secrets"]);
        if unlock {
            command.arg("--unlock");
        }
        self.session_env(&mut command);
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("gnome-keyring-daemon (package gnome-keyring) must be installed");
        let mut stdin = child.stdin.take().unwrap();
        if unlock {
            stdin.write_all(KEYRING_PASSWORD.as_bytes()).unwrap();
        }
        drop(stdin);
        self.keyring = Some(child);
        let started = Instant::now();
        while !self.name_has_owner("org.freedesktop.secrets") {
            assert!(
                started.elapsed() < PATIENCE,
                "gnome-keyring never joined the bus"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn name_has_owner(&self, name: &str) -> bool {
        let mut command = Command::new("dbus-send");
        command.args([
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.NameHasOwner",
            &format!("string:{name}"),
        ]);
        self.session_env(&mut command);
        let output = command.output().unwrap();
        String::from_utf8_lossy(&output.stdout).contains("boolean true")
    }

    /// The session's environment for a child: bus, HOME, XDG_RUNTIME_DIR, UTC, no colours.
    pub fn session_env(&self, command: &mut Command) {
        command
            .env("DBUS_SESSION_BUS_ADDRESS", &self.bus_address)
            .env("HOME", self.dir.path().join("home"))
            .env("XDG_RUNTIME_DIR", self.dir.path().join("run"))
            .env("TZ", "UTC")
            .env("NO_COLOR", "1")
            .env_remove("XDG_DATA_HOME")
            .env_remove("XDG_CONFIG_HOME")
            .env_remove("RUST_LOG");
    }

    /// The `--data` folder of this session.
    pub fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// Runs `parta --data DATA ARGS…` to the end, with `stdin` as its input.
    pub async fn parta(&self, args: &[&str], stdin: &str) -> Run {
        let mut child = self.spawn_parta(args);
        let mut input = child.stdin.take().unwrap();
        let stdin = stdin.to_owned();
        tokio::task::spawn_blocking(move || {
            let _ = input.write_all(stdin.as_bytes());
        });
        let output = tokio::time::timeout(
            PATIENCE,
            tokio::task::spawn_blocking(move || child.wait_with_output().unwrap()),
        )
        .await
        .expect("parta hung")
        .unwrap();
        Run::from(output)
    }

    /// `parta --server SANDBOX login --token TOKEN --device-id DEVICE`, to the end.
    pub async fn login_with_token(&self, sandbox: &Sandbox, token: &str, device: &str) -> Run {
        let args = [
            "--server",
            sandbox.ws(),
            "login",
            "--token",
            token,
            "--device-id",
            device,
        ];
        self.parta(&args, "").await
    }

    /// Starts `parta --data DATA ARGS…` with piped stdin, stdout and stderr.
    pub fn spawn_parta(&self, args: &[&str]) -> Child {
        let mut command = Command::new(env!("CARGO_BIN_EXE_parta"));
        command.arg("--data").arg(self.data()).args(args);
        self.session_env(&mut command);
        command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    }

    /// `secret-tool search --all service ru.parta.desktop`: every Парта entry, with secrets.
    pub fn keyring_dump(&self) -> String {
        let mut command = Command::new("secret-tool");
        command.args(["search", "--all", "--unlock", "service", "ru.parta.desktop"]);
        self.session_env(&mut command);
        let output = command
            .output()
            .expect("secret-tool (package libsecret-tools)");
        format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    }

    /// `secret-tool store`: writes one entry the way the `keyring` crate reads it.
    pub fn keyring_store(&self, user: &str, secret: &str) {
        let mut command = Command::new("secret-tool");
        command
            .args(["store", "--label", user, "service", "ru.parta.desktop"])
            .args(["username", user, "target", "default"]);
        self.session_env(&mut command);
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("secret-tool (package libsecret-tools)");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(secret.as_bytes())
            .unwrap();
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success(), "secret-tool store: {output:?}");
    }

    /// Opens `account`'s cache in this session's data folder with `key`, which is stored in the
    /// session's keyring as the account's cache key (as `parta login` leaves it).
    pub fn cache_with_key(&self, account: &str, key: &parta_core::CacheKey) -> parta_core::Store {
        self.keyring_store(&format!("{account}:cache-key"), &key.to_hex());
        self.cache_with_key_only(account, key)
    }

    /// Opens `account`'s cache with `key` without touching the keyring.
    pub fn cache_with_key_only(
        &self,
        account: &str,
        key: &parta_core::CacheKey,
    ) -> parta_core::Store {
        parta_accounts::open_cache_with_key(&self.data(), account, key).unwrap()
    }

    /// `secret-tool lookup`: one entry's secret, if stored.
    pub fn keyring_lookup(&self, user: &str) -> Option<String> {
        let mut command = Command::new("secret-tool");
        command.args(["lookup", "service", "ru.parta.desktop", "username", user]);
        self.session_env(&mut command);
        let output = command.output().unwrap();
        output
            .status
            .success()
            .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
    }
}

impl Drop for Desktop {
    fn drop(&mut self) {
        if let Some(keyring) = &mut self.keyring {
            let _ = keyring.kill();
            let _ = keyring.wait();
        }
        let _ = self.bus.kill();
        let _ = self.bus.wait();
    }
}

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

/// A finished `parta` run.
#[derive(Debug)]
pub struct Run {
    pub success: bool,
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(output: Output) -> Self {
        Run {
            success: output.status.success(),
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl Run {
    /// Panics with both streams unless the run succeeded.
    pub fn ok(self) -> Run {
        assert!(self.success, "parta failed: {self:#?}");
        self
    }

    /// stdout as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("{e}: {}", self.stdout))
    }
}

/// The sandbox, in this process, on loopback.
pub struct Sandbox {
    pub app: Arc<parta_sandbox::App>,
    _dir: tempfile::TempDir,
    http: reqwest::Client,
}

impl Sandbox {
    pub async fn start() -> Sandbox {
        let dir = tempfile::tempdir().unwrap();
        let app = parta_sandbox::start(parta_sandbox::Config {
            listen: "127.0.0.1:0".parse().unwrap(),
            data: dir.path().to_path_buf(),
            seed: None,
        })
        .await
        .unwrap();
        Sandbox {
            app,
            _dir: dir,
            http: reqwest::Client::new(),
        }
    }

    pub fn ws(&self) -> &str {
        &self.app.urls.max_ws
    }

    pub async fn get(&self, path: &str) -> Value {
        let url = format!("{}{path}", self.app.urls.control);
        let response = self.http.get(url).send().await.unwrap();
        assert!(
            response.status().is_success(),
            "GET {path}: {}",
            response.status()
        );
        response.json().await.unwrap()
    }

    pub async fn post(&self, path: &str, body: Value) -> Value {
        let url = format!("{}{path}", self.app.urls.control);
        let response = self.http.post(url).json(&body).send().await.unwrap();
        assert!(
            response.status().is_success(),
            "POST {path}: {}",
            response.status()
        );
        response.json().await.unwrap()
    }

    /// A demo person from `/people` by full name (`id`, `token`, `deviceId`, …).
    pub async fn person(&self, name: &str) -> Value {
        let people = self.get("/people").await;
        people
            .as_array()
            .unwrap()
            .iter()
            .find(|person| person["name"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("no {name} in the demo school"))
    }

    /// Makes the next `count` LOGIN (19) requests fail with `error`; see [`Self::logins_left`].
    pub async fn fail_logins(&self, count: u32, error: &str) {
        self.post(
            "/faults/error",
            json!({"opcode": 19, "count": count, "error": error}),
        )
        .await;
    }

    /// How many injected LOGIN failures are still pending (each LOGIN request takes one).
    pub async fn logins_left(&self) -> u64 {
        self.get("/faults").await["errors"]["19"]["count"]
            .as_u64()
            .unwrap()
    }
}

/// Every file under `dir` whose bytes contain `needle`.
pub fn files_containing(dir: &Path, needle: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                if bytes
                    .windows(needle.len())
                    .any(|window| window == needle.as_bytes())
                {
                    found.push(path);
                }
            }
        }
    }
    found
}
