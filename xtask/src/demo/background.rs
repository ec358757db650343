//! The demo's helper processes (Xvfb, a bus, the keyring, the sandbox): each stopped when the
//! demo ends.
//!
//! Design: unlike the test harness's `Guarded`, these stay in the terminal's process group, so a
//! Ctrl-C in the terminal reaches every one of them at once and nothing outlives the demo even
//! when xtask itself is interrupted. On a normal end, dropping one asks it to stop (TERM), then
//! kills it if it does not.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

use crate::run::describe;

pub struct Background {
    name: &'static str,
    child: Child,
}

impl Background {
    /// Starts `command` with stdin closed; `name` is what errors call it.
    pub fn spawn(name: &'static str, mut command: Command) -> anyhow::Result<Self> {
        command.stdin(Stdio::null());
        let child = command
            .spawn()
            .with_context(|| format!("could not start {name} (`{}`)", describe(&command)))?;
        Ok(Self { name, child })
    }

    /// Takes charge of a child started elsewhere.
    pub fn adopt(name: &'static str, child: Child) -> Self {
        Self { name, child }
    }

    /// Starts `command` and waits for the first line it prints on stdout (how Xvfb, dbus-daemon
    /// and the sandbox say they are ready and where).
    pub fn spawn_and_read_line(
        name: &'static str,
        mut command: Command,
    ) -> anyhow::Result<(Self, String)> {
        command.stdout(Stdio::piped());
        let mut process = Self::spawn(name, command)?;
        let stdout = process.child.stdout.take().context("no stdout")?;
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .with_context(|| format!("reading what {name} printed"))?;
        let line = line.trim().to_string();
        if line.is_empty() {
            bail!("{name} exited before it said it was ready");
        }
        Ok((process, line))
    }

    pub fn has_exited(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(Some(_)))
    }

    pub fn name(&self) -> &'static str {
        self.name
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        if self.has_exited() {
            return;
        }
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .stderr(Stdio::null())
            .status();
        let deadline = Instant::now() + Duration::from_secs(2);
        while Instant::now() < deadline {
            if self.has_exited() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
