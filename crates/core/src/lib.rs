//! Парта's core: what every screen shows, online or not.
//!
//! - [`model`]: the platform-neutral shapes of accounts, people, chats, messages, read marks and
//!   outbox entries, each kept with the raw JSON it came from.
//! - [`store`]: one SQLite file per account (WAL, numbered migrations, batched idempotent upserts).
//! - [`search`]: Russian word-form search (Snowball stems over FTS5).
//! - [`files`]: content-addressed blobs beside the database, LRU-evicted under a size cap.
//!
//! The sync engine (`sync`), the persisted send queue (`outbox`) and the `Platform` trait the
//! adapters implement come with the sync work; the store already holds the outbox table they use.

pub mod error;
pub mod files;
pub mod model;
pub mod search;
pub mod store;

pub use error::{CoreError, Result, UserFacingError};
pub use store::Store;
