//! Signing a demo person in, the way a person does it: the real `parta` command line, run in
//! the world (its HOME, XDG folders and keyring), writes `accounts.json` and the account's
//! cache into the world's data folder and the token into the world's keyring, which is exactly
//! what the app reads when it starts.

use std::fs::File;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::HarnessError;
use crate::paths::cli_binary;
use crate::process::Guarded;
use crate::sandbox::Sandbox;
use crate::world::World;

/// A hang guard for one `parta` run, not a timing assertion.
const PATIENCE: Duration = Duration::from_secs(60);

impl World {
    /// `parta login --token TOKEN --device-id …` against `sandbox`, into this world's data
    /// folder and keyring (started here if need be). Returns the person as the sandbox lists
    /// them (`id`, `name`, …).
    pub fn sign_in(&mut self, sandbox: &Sandbox, token: &str) -> Result<Value, HarnessError> {
        self.start_keyring()?;
        let person = sandbox.person_with_token(token)?;
        let device = person["deviceId"].as_str().unwrap_or_default().to_string();
        self.parta(
            sandbox,
            &["login", "--token", token, "--device-id", &device],
        )?;
        Ok(person)
    }

    /// `parta sync`: the signed-in account catches up with `sandbox` (a first sync fetches
    /// every chat's newest page; a later one closes the gap since the last).
    pub fn sync(&self, sandbox: &Sandbox) -> Result<(), HarnessError> {
        self.parta(sandbox, &["sync"]).map(drop)
    }

    /// Runs `parta --data DATA --server SANDBOX ARGS…` in this world to the end; its stdout.
    /// A `parta` that has not finished within a minute is stopped and reported.
    pub fn parta(&self, sandbox: &Sandbox, args: &[&str]) -> Result<String, HarnessError> {
        let out = self.home.path().join("parta.out");
        let err = self.home.path().join("parta.err");
        let mut command = Command::new(cli_binary()?);
        command
            .arg("--data")
            .arg(self.data_dir())
            .args(["--server", sandbox.max_ws()])
            .args(args)
            .stdin(Stdio::null())
            .stdout(File::create(&out)?)
            .stderr(File::create(&err)?);
        self.apply(&mut command);
        command.env("NO_COLOR", "1");
        let mut parta = Guarded::spawn(command)?;
        let deadline = Instant::now() + PATIENCE;
        let status = loop {
            if let Some(status) = parta.child().try_wait()? {
                break Some(status);
            }
            if Instant::now() > deadline {
                break None;
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let stdout = std::fs::read_to_string(&out).unwrap_or_default();
        if status.is_some_and(|status| status.success()) {
            return Ok(stdout);
        }
        let stderr = std::fs::read_to_string(&err).unwrap_or_default();
        let ending = if status.is_none() {
            "(still running after a minute)\n"
        } else {
            ""
        };
        Err(HarnessError::Parta {
            args: args.join(" "),
            output: format!("{ending}{stdout}{stderr}"),
        })
    }
}
