//! From the cache's model to the window's shapes (`backend.ts`): chat rows, message rows with
//! their text cut into styled segments, attachments addressed through the `media:` scheme.
//!
//! Design: pure functions over parta-core's types, no I/O except the few lookups passed in
//! (people's names, the file cache), so every rule here has a unit test beside it.

mod names;

pub use names::initials;
