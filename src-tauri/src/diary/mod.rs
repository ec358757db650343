//! The diary beside the chats: a child's week from the regional e-journal, in the shell.
//!
//! Design: per open account, a [`Diary`] (in the `AccountSession`) answers the window from the
//! cache and queues requests for the account's refresher task ([`refresher`]), which alone
//! talks to the e-journal (`parta-journal`'s `X1Journal`, with the session cookie from the
//! keyring) through the core's `refresh_*`, tells the window through `diary`/`diaryWeek`
//! events and turns news into pop-ups ([`news`]). The journal's address comes from
//! `PARTA_JOURNAL_URL`, the cache, or the Orenburg site ([`config`]); a session comes from the
//! sign-in window ([`signin`]) or `parta diary login`. The window's DTOs are in [`dto`].

pub mod config;
pub mod dto;
pub mod error;
pub mod news;
pub mod refresher;
pub mod service;
pub mod signin;

pub use error::DiaryError;
pub use refresher::start;
pub use service::{Diary, Request, choose_class_chat};
