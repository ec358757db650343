//! The demo school: the sandbox on free loopback ports, and demo people signed in to it with the
//! real `parta` command line, exactly as a person would.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, bail};
use serde_json::Value;

use super::background::Background;
use super::desktop::Desktop;
use super::say;
use crate::run::{step, step_with_input};

/// The class teacher of 5 «А».
pub const TEACHER_TOKEN: &str = "demo-ivanova";
/// A mother with a child in 5 «А» and one in 7 «Б»: both classes' chats are hers.
pub const PARENT_TOKEN: &str = "demo-morozova";
/// The same mother's person id in the e-journal (her children's diaries).
pub const PARENT_PERSON_ID: i64 = 51000301;

pub struct School {
    pub max_ws: String,
    pub control: String,
    /// The sandbox's e-journal (standing in for `https://de.edu.orb.ru`).
    pub diary: String,
    _sandbox: Background,
}

impl School {
    /// Starts the sandbox with a freshly seeded demo school in `data` and prints its addresses.
    pub fn start(sandbox: &Path, data: &Path, log: &Path) -> anyhow::Result<Self> {
        if data.exists() {
            std::fs::remove_dir_all(data)
                .with_context(|| format!("emptying {}", data.display()))?;
        }
        std::fs::create_dir_all(data)?;
        let mut command = Command::new(sandbox);
        command
            .args(["--listen", "127.0.0.1:0", "--data"])
            .arg(data)
            .stderr(File::create(log)?);
        let (process, line) = Background::spawn_and_read_line("the sandbox", command)?;
        let urls: Value = serde_json::from_str(&line)
            .with_context(|| format!("the sandbox printed {line:?}, not its addresses"))?;
        let field = |name: &str| {
            urls[name]
                .as_str()
                .map(String::from)
                .with_context(|| format!("the sandbox's addresses lack {name}: {line}"))
        };
        say(
            &format!(
                "Песочница с демо-школой запущена (журнал — {})",
                log.display()
            ),
            &format!(
                "The sandbox with the demo school is running (log in {})",
                log.display()
            ),
        );
        println!("{line}");
        Ok(Self {
            max_ws: field("max_ws")?,
            control: field("control")?,
            diary: field("diary")?,
            _sandbox: process,
        })
    }

    /// The demo person whose token is `token`, as the control API lists them.
    fn person(&self, token: &str) -> anyhow::Result<Value> {
        let people: Value = reqwest::blocking::get(format!("{}/people", self.control))
            .and_then(|response| response.error_for_status())
            .and_then(|response| response.json())
            .context("asking the sandbox for its people")?;
        people
            .as_array()
            .and_then(|all| all.iter().find(|person| person["token"] == token))
            .cloned()
            .with_context(|| format!("the demo school has nobody with the token {token}"))
    }
}

/// Signs the demo person with `token` in to the school with `parta login`, then fetches their
/// chats with `parta sync`, so the window shows them straight from the cache. The account
/// signed in last is the current one.
pub fn sign_in(
    parta: &Path,
    data: &Path,
    desktop: &Desktop,
    school: &School,
    token: &str,
) -> anyhow::Result<String> {
    let person = school.person(token)?;
    let name = person["name"].as_str().unwrap_or(token).to_string();
    let device = person["deviceId"]
        .as_str()
        .context("the sandbox lists no deviceId")?;
    let run = |args: &[&str]| step(parta_command(parta, data, desktop, school, args));
    run(&["login", "--token", token, "--device-id", device])
        .with_context(|| format!("signing in {name}"))?;
    run(&["sync"]).with_context(|| format!("fetching {name}'s chats"))?;
    Ok(name)
}

/// Signs the current account in to the school's e-journal as `person_id`, as a person would
/// with a session cookie from the browser: the sandbox's control API makes the session
/// (`POST /diary/sessions`), `parta diary login` keeps it, and `parta diary sync` fetches the
/// children's weeks.
pub fn diary_sign_in(
    parta: &Path,
    data: &Path,
    desktop: &Desktop,
    school: &School,
    person_id: i64,
) -> anyhow::Result<()> {
    let session: Value = reqwest::blocking::Client::new()
        .post(format!("{}/diary/sessions", school.control))
        .json(&serde_json::json!({ "personId": person_id }))
        .send()
        .and_then(|response| response.error_for_status())
        .and_then(|response| response.json())
        .context("asking the sandbox for an e-journal session")?;
    let cookie = session["value"]
        .as_str()
        .with_context(|| format!("the sandbox's e-journal session lacks a value: {session}"))?;
    let run = |args: &[&str]| step(parta_command(parta, data, desktop, school, args));
    // The cookie goes through stdin, so neither the printed command line nor `ps` shows it.
    let login = parta_command(
        parta,
        data,
        desktop,
        school,
        &[
            "diary",
            "login",
            "--journal",
            &school.diary,
            "--cookie",
            "-",
        ],
    );
    step_with_input(login, cookie).context("signing in to the e-journal")?;
    run(&["diary", "sync"]).context("fetching the diary")
}

/// `parta --data DATA --server SANDBOX ARGS…` in the demo's desktop session, stdin closed.
fn parta_command(
    parta: &Path,
    data: &Path,
    desktop: &Desktop,
    school: &School,
    args: &[&str],
) -> Command {
    let mut command = Command::new(parta);
    command
        .arg("--data")
        .arg(data)
        .args(["--server", &school.max_ws])
        .args(args)
        .stdin(Stdio::null());
    desktop.apply(&mut command);
    command
}

/// The data folder for Парта, emptied: each demo starts with no accounts.
pub fn fresh_data_dir(dir: &Path) -> anyhow::Result<PathBuf> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| format!("emptying {}", dir.display()))?;
    }
    std::fs::create_dir_all(dir)?;
    if !dir.is_dir() {
        bail!("could not create {}", dir.display());
    }
    Ok(dir.to_path_buf())
}
