//! `parta diary`: a child's school week from the regional e-journal.
//!
//! Design: the view ([`view`]) reads only the account's cache, so it works offline like
//! `parta announcements`. Signing in keeps the journal's session cookie in the OS keyring
//! (`JournalCookie`) and its URL in the cache; syncing goes through parta-core's
//! `diary::refresh`, the same code the desktop shell's refresher runs.

pub mod login;
pub mod logout;
pub mod sync;
pub mod view;

use crate::Context;
use crate::cli::{DiaryAction, DiaryArgs};
use crate::error::{CliError, Result};

/// Runs `parta diary …`.
pub fn run(context: &Context, args: DiaryArgs) -> Result<()> {
    match args.action {
        None => view::run(context, args.child.as_deref(), args.week.as_deref()),
        Some(DiaryAction::Login { journal, cookie }) => login::run(context, &journal, &cookie),
        Some(DiaryAction::Sync { week }) => sync::run(context, week.as_deref()),
        Some(DiaryAction::Logout) => logout::run(context),
    }
}

/// The Monday of the week holding `date` (`YYYY-MM-DD`), or of the current week.
pub fn week_monday(date: Option<&str>) -> Result<String> {
    let date = match date {
        Some(date) => date.trim().to_owned(),
        None => chrono::Local::now()
            .date_naive()
            .format("%Y-%m-%d")
            .to_string(),
    };
    parta_core::diary::dates::monday_of(&date).ok_or(CliError::BadDate(date))
}
