//! What the core needs of an e-journal, and how one may fail.

use std::future::Future;

use super::model::{DiaryChild, DiaryWeek, SubjectReport};

/// An e-journal failure, by what the app must do about it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum JournalFailure {
    /// The session cookie is missing, expired or refused: ask the person to sign in to the
    /// journal again (never retried on its own); the cached diary stays readable.
    #[error("the e-journal session has ended")]
    SessionExpired,
    /// The family's school keeps its diary in «Моя школа» now: explain and link out.
    #[error("the diary has moved to «Моя школа»")]
    MovedToMySchool {
        /// Where the diary is now.
        link: String,
    },
    /// The journal answered `success:false` (an unknown child, say), with its own words.
    #[error("the e-journal refused: {0}")]
    Refused(String),
    /// The network or the site failed for now: retry later with backoff.
    #[error("the e-journal is unreachable: {0}")]
    Transient(String),
    /// The site answered something unreadable.
    #[error("the e-journal answered something unreadable: {0}")]
    Protocol(String),
}

/// The result of an e-journal call.
pub type JournalResult<T> = std::result::Result<T, JournalFailure>;

/// An e-journal, as the core uses it. The adapter holds the session.
pub trait Journal: Send + Sync {
    /// The children this session may see.
    fn children(&self) -> impl Future<Output = JournalResult<Vec<DiaryChild>>> + Send;

    /// The week of `child_guid` that contains `date` (`YYYY-MM-DD`), its `monday` set to that
    /// week's Monday.
    fn week(
        &self,
        child_guid: &str,
        date: &str,
    ) -> impl Future<Output = JournalResult<DiaryWeek>> + Send;

    /// The marks report of `child_guid` from `begin` to `end` (`YYYY-MM-DD`, inclusive).
    fn marks_report(
        &self,
        child_guid: &str,
        begin: &str,
        end: &str,
    ) -> impl Future<Output = JournalResult<Vec<SubjectReport>>> + Send;

    /// A homework file's bytes.
    fn download(&self, url: &str) -> impl Future<Output = JournalResult<Vec<u8>>> + Send;
}
