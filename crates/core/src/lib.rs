//! Парта's core: what every screen shows, online or not.
//!
//! - [`model`]: the platform-neutral shapes of accounts, people, chats, messages, read marks and
//!   outbox entries, each kept with the raw JSON it came from.
//! - [`store`]: one SQLite file per account (WAL, numbered migrations, batched idempotent upserts).
//! - [`search`]: Russian word-form search (Snowball stems over FTS5).
//! - [`files`]: content-addressed blobs beside the database, LRU-evicted under a size cap.
//!
//! - [`platform`]: what the core needs of a messaging platform; adapters implement it.
//! - [`sync`]: the engine, the only writer of platform data (catch-up, pushes, older history).
//! - [`outbox`]: what the person sends, persisted first and sent exactly once.
//! - [`notify`]: which pop-ups to show for what sync stored (quiet hours, mute, grouping).
//! - [`diary`]: a child's school week from the regional e-journal, and what is new in it.
//! - [`locale`]: the language (Russian or English) of pop-ups and the tray.

pub mod diary;
pub mod error;
pub mod files;
pub mod locale;
pub mod model;
pub mod notify;
pub mod outbox;
pub mod platform;
pub mod search;
pub mod store;
pub mod sync;

pub use error::{CoreError, Result, UserFacingError};
pub use locale::Locale;
pub use store::{CacheKey, Store};
