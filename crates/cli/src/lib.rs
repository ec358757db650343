//! `parta`: Парта's headless companion.
//!
//! Design: a thin layer over parta-core's cache and parta-max's client. Signing in and out
//! ([`commands::login`], [`commands::logout`]) are the only commands that talk to the server
//! today; the reading commands (`chats`, `read`, `announcements`, `search`) open the account's
//! cache and never touch the network, so they work on a train. Secrets (token, deviceId, the
//! cache's key) live only in the OS keyring ([`secrets`], from parta-accounts); the data folder
//! holds the account list and the encrypted caches ([`accounts`]), which open with the key from
//! the keyring, so even reading needs the keyring unlocked. A sign-in the server refuses is reported once, in
//! Russian, with a non-zero exit: nothing here ever retries a sign-in. Every command prints plain Russian text, or one
//! JSON document with `--json`; errors go to stderr (as `{"error","message"}` with `--json`).

#[macro_use]
pub mod output;
pub mod cli;
pub mod commands;
pub mod error;
pub mod render;
pub mod russian;

/// The data folder and the keyring live in parta-accounts, shared with the desktop shell.
pub use parta_accounts::{accounts, secrets};

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use parta_core::{Store, UserFacingError};

use crate::accounts::AccountRecord;
use crate::cli::{Cli, Command};
use crate::error::{CliError, Result};
use crate::secrets::Keyring;

/// What every command needs: where the data is, which server, how to print, the keyring.
#[derive(Debug, Clone)]
pub struct Context {
    /// The data folder.
    pub data_dir: PathBuf,
    /// `--server`, when given.
    pub server: Option<String>,
    /// `--json`.
    pub json: bool,
    /// The OS keyring.
    pub keyring: Keyring,
}

impl Context {
    /// The server to talk to for `account`: `--server`, else the one it signed in to, else MAX.
    pub fn server_for(&self, account: Option<&AccountRecord>) -> String {
        self.server
            .clone()
            .or_else(|| account.map(|account| account.server.clone()))
            .unwrap_or_else(|| cli::DEFAULT_SERVER.to_owned())
    }

    /// The current account, or [`CliError::NotSignedIn`].
    pub fn current_account(&self) -> Result<AccountRecord> {
        accounts::load(&self.data_dir)?
            .current()
            .cloned()
            .ok_or(CliError::NotSignedIn)
    }

    /// Opens the current account's cache (no network; its key comes from the keyring).
    pub fn open_store(&self) -> Result<(AccountRecord, Store)> {
        let account = self.current_account()?;
        let store = parta_accounts::open_cache(&self.data_dir, &account.id, &self.keyring)?;
        if let Some(recovery) = store.recovery() {
            eprintln!("{}", recovery.user_message());
        }
        Ok((account, store))
    }
}

/// Parses the command line, runs the command and reports an error the way the person asked.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    init_logging();
    let context = Context {
        data_dir: cli.data.clone().unwrap_or_else(accounts::default_data_dir),
        server: cli.server.clone(),
        json: cli.json,
        keyring: Keyring::default(),
    };
    match dispatch(&context, cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::debug!(%error, "command failed");
            output::print_error(&context, error.code(), &error.to_user_facing());
            ExitCode::FAILURE
        }
    }
}

fn dispatch(context: &Context, command: Command) -> Result<()> {
    match command {
        Command::Login { token, device_id } => {
            commands::login::run(context, token, device_id.as_deref())
        }
        Command::Sync { follow } => commands::sync::run(context, follow),
        Command::Chats => commands::chats::run(context),
        Command::Read { chat, limit } => commands::read::run(context, &chat, limit),
        Command::Send { chat, text, file } => {
            commands::send::run(context, &chat, &text, file.as_deref())
        }
        Command::Announcements { limit } => commands::announcements::run(context, limit),
        Command::Search { words, limit } => commands::search::run(context, &words.join(" "), limit),
        Command::Diary(args) => commands::diary::run(context, args),
        Command::Logout => commands::logout::run(context),
    }
}

/// Logs go to stderr, `error` only unless `RUST_LOG` says otherwise.
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("error"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

/// A runtime for the commands that talk to the server.
pub(crate) fn runtime() -> Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?)
}
