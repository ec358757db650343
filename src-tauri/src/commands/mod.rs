//! The commands the window may call. Each one is also listed in `build.rs` (which makes its
//! `allow-…` permission) and granted in `capabilities/main.json`.

pub mod announcements;
pub mod app_info;
pub mod chats;
pub mod composer;
pub mod desktop;
pub mod diary;
pub mod files;
pub mod locale;
pub mod messages;
pub mod notifications;
mod paging;
pub mod search;
pub mod session;
pub mod signin;
