//! The site's bytes → the core's diary model. Pure, no network, never panics.
//!
//! Design: every function takes what one request returned and either reads it into the model or
//! says, as a [`JournalFailure`], what the answer means for the app: a sign-in page where data
//! was expected is [`JournalFailure::SessionExpired`], a page or message pointing to «Моя школа»
//! is [`JournalFailure::MovedToMySchool`], `success:false` is [`JournalFailure::Refused`] with the
//! site's words, and anything unreadable is [`JournalFailure::Protocol`]. Field names and types
//! vary (Orenburg vs Kirov, numbers as strings), so values are read through the tolerant helpers
//! of `values`, and unknown fields are ignored (the raw JSON is kept in the week). Inputs larger
//! than [`MAX_INPUT`] are refused before parsing, which bounds the work on junk.

mod children;
mod page;
mod report;
mod values;
mod week;

pub use children::children;
pub use report::marks_report;
pub use week::{monday_of, week};

use parta_core::diary::JournalFailure;

/// The largest page or JSON answer the parsers read (a real week is a few tens of KiB).
pub const MAX_INPUT: usize = 16 * 1024 * 1024;

/// Where a «Моя школа» notice without a usable link sends people.
pub const MY_SCHOOL: &str = "https://myschool.gosuslugi.ru/";

/// Whether an HTML answer is the sign-in page (a file download that came back as one).
pub fn is_sign_in_page(html: &[u8]) -> bool {
    page::parse_html(&String::from_utf8_lossy(html)).is_ok_and(|page| page::is_sign_in(&page))
}

fn too_large(len: usize) -> Option<JournalFailure> {
    (len > MAX_INPUT)
        .then(|| JournalFailure::Protocol(format!("the answer is too large ({len} bytes)")))
}
