//! The diary beside the chats: a child's school week from the regional e-journal.
//!
//! Design: the e-journal is a second platform, read-only. An adapter (`parta-journal` for the
//! Orenburg X1 site) implements [`Journal`] and returns the shapes in [`model`]; it decides
//! nothing. The store keeps each fetched week per child with its raw JSON, replacing the
//! previous fetch of that week in one transaction, and the comparison of the two fetches is
//! what becomes «Новая оценка: 5 по алгебре» and «Новое домашнее задание по …» ([`DiaryNews`]).
//! The first fetch of a week produces no news, so signing in does not pop up a term of marks.
//! Dates are ISO `YYYY-MM-DD` strings throughout, weeks are named by their Monday.

pub mod dates;
pub mod journal;
pub mod model;
pub mod news;
pub mod refresh;
pub mod status;
pub mod text;

pub use journal::{Journal, JournalFailure, JournalResult};
pub use model::{
    DiaryChild, DiaryNews, DiaryWeek, EduPeriod, HomeworkFile, Lesson, LessonKey, Mark,
    SubjectReport,
};
pub use refresh::{DiaryRefreshError, WeekRefresh, refresh_children, refresh_week};
pub use status::DiaryAccess;
