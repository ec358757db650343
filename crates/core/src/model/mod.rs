//! The platform-neutral model the cache stores and the UI shows.
//!
//! Adapters (MAX, the VK archive) translate wire JSON into these types and hand over the raw JSON
//! too: every chat, person and message keeps the object it came from (`raw_json`), because the
//! protocols are undocumented and fields will turn out to matter later. Unknown values (a new chat
//! type, a new attachment `_type`) are kept as `Other`/`Unknown` variants instead of failing.

mod account;
mod attachment;
mod chat;
mod ids;
mod message;
mod outbox;
mod person;

pub use account::Account;
pub use attachment::{Attachment, AttachmentKind};
pub use chat::{Chat, ChatKind, ChatListEntry, ChatStatus};
pub use ids::{ChatId, MessageId, PersonId};
pub use message::{
    Element, ElementKind, LinkKind, Message, MessageKind, MessageLink, MessageState, ReactionCount,
    Reactions, ReadMark,
};
pub use outbox::{OutboxAction, OutboxEntry, OutboxState};
pub use person::Person;
