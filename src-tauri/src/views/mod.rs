//! From the cache's model to the window's shapes (`backend.ts`): chat rows, message rows with
//! their text cut into styled segments, attachments addressed through the `media:` scheme.
//!
//! Design: pure functions over parta-core's types; the only lookups (people's names, whether a
//! file is cached) go through the read-only store or a closure passed in, so every rule here
//! has a unit test beside it.

mod attachments;
mod chats;
mod messages;
mod names;
mod segments;

pub use attachments::{AttachmentView, MediaRef, attachment_views, media_url};
pub use chats::{ChatKindView, ChatPreview, ChatRow, can_write, chat_row, chat_title, muted};
pub use messages::{
    Cursor, EchoState, MessageRow, OutboxView, QuotedMessage, Reaction, RowKind, cursor, echo_row,
    message_row, parse_cursor,
};
pub use names::initials;
pub use segments::{Segment, SegmentStyle, segments};
