use serde::{Deserialize, Serialize};

use super::{Attachment, ChatId, MessageId, PersonId};

/// Who or what wrote a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum MessageKind {
    /// A person wrote it (MAX `USER`).
    User,
    /// The platform wrote it: "X joined" (MAX `SYSTEM`).
    System,
    /// A control event such as a chat being created (MAX `CONTROL`).
    Control,
    /// A kind this build does not know, kept verbatim.
    Other(String),
}

impl MessageKind {
    /// The stored (and MAX wire) name.
    pub fn as_str(&self) -> &str {
        match self {
            MessageKind::User => "USER",
            MessageKind::System => "SYSTEM",
            MessageKind::Control => "CONTROL",
            MessageKind::Other(name) => name,
        }
    }

    /// Parses a stored or wire name; unknown names become [`MessageKind::Other`].
    pub fn from_name(name: &str) -> Self {
        match name {
            "USER" => MessageKind::User,
            "SYSTEM" => MessageKind::System,
            "CONTROL" => MessageKind::Control,
            other => MessageKind::Other(other.to_owned()),
        }
    }
}

/// Whether a message is as sent, edited or deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MessageState {
    /// As sent.
    Original,
    /// Its text or attachments were changed after sending.
    Edited,
    /// Deleted on the server; the row stays so replies and the history keep their place.
    Deleted,
}

impl MessageState {
    /// The stored code.
    pub fn code(self) -> i64 {
        match self {
            MessageState::Original => 0,
            MessageState::Edited => 1,
            MessageState::Deleted => 2,
        }
    }

    /// Parses a stored code; unknown codes read as [`MessageState::Original`].
    pub fn from_code(code: i64) -> Self {
        match code {
            1 => MessageState::Edited,
            2 => MessageState::Deleted,
            _ => MessageState::Original,
        }
    }
}

/// The kind of a formatting element.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ElementKind {
    /// Bold.
    Strong,
    /// Italic.
    Emphasized,
    /// Inline code.
    Monospaced,
    /// Underlined.
    Underline,
    /// Struck through.
    Strikethrough,
    /// A link to `url`.
    Link {
        /// The target.
        url: String,
    },
    /// A mention of a person.
    UserMention {
        /// Who is mentioned.
        person: PersonId,
    },
    /// A heading.
    Heading,
    /// A block of code.
    CodeBlock,
    /// A quotation.
    Quote,
    /// A type this build does not know, kept verbatim.
    Other(String),
}

/// A formatting span over a message's text. Offsets come from the server and are not trusted:
/// use [`Element::char_range`] to get a range that is always inside the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Element {
    /// What the span does.
    pub kind: ElementKind,
    /// Start, in the platform's units (characters; MAX may count UTF-16 units).
    pub from: i64,
    /// Length in the same units.
    pub length: i64,
}

impl Element {
    /// The span as a range of `char` indices clamped to `text`, or `None` when it is empty or lies
    /// wholly past the end. Never panics, whatever the offsets.
    pub fn char_range(&self, text: &str) -> Option<std::ops::Range<usize>> {
        let char_count = text.chars().count() as i64;
        let start = self.from.clamp(0, char_count);
        let end = self
            .from
            .saturating_add(self.length.max(0))
            .clamp(start, char_count);
        (end > start).then_some(start as usize..end as usize)
    }
}

/// Whether a linked message is replied to or forwarded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkKind {
    /// This message answers the linked one.
    Reply,
    /// This message forwards the linked one.
    Forward,
    /// A link type this build does not know.
    Other(String),
}

/// A reply to, or forward of, another message (MAX `link`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessageLink {
    /// Reply or forward.
    pub kind: LinkKind,
    /// The chat the linked message lives in.
    pub chat_id: Option<ChatId>,
    /// The linked message as the platform embedded it (a forward carries its content).
    pub message: Option<Box<Message>>,
}

/// One reaction and how many people chose it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReactionCount {
    /// The emoji or reaction code.
    pub reaction: String,
    /// How many chose it.
    pub count: u32,
}

/// The reactions on a message.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reactions {
    /// Per reaction, how many chose it.
    pub counts: Vec<ReactionCount>,
    /// The account's own reaction, if any.
    pub own: Option<String>,
}

/// A message in a chat.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    /// The chat it belongs to.
    pub chat_id: ChatId,
    /// Platform id, unique within the chat.
    pub id: MessageId,
    /// Who wrote it (none for some system messages).
    pub sender: Option<PersonId>,
    /// When it was sent, ms since the epoch.
    pub time_ms: i64,
    /// User, system or control.
    pub kind: MessageKind,
    /// The text; may be empty, may be long, may contain any character including NUL.
    pub text: String,
    /// Formatting spans over the text.
    pub elements: Vec<Element>,
    /// Photos, files, voice notes, calls…
    pub attachments: Vec<Attachment>,
    /// What it replies to or forwards.
    pub link: Option<MessageLink>,
    /// Original, edited or deleted.
    pub state: MessageState,
    /// Reactions on it.
    pub reactions: Reactions,
    /// The client id it was sent with (MAX `cid`), matching an outbox entry.
    pub client_id: Option<i64>,
    /// The message object the platform returned.
    pub raw_json: String,
}

/// How far someone has read a chat: every message at or before `mark_ms` is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadMark {
    /// The chat.
    pub chat_id: ChatId,
    /// Who read.
    pub person: PersonId,
    /// Up to which message time (ms) they read.
    pub mark_ms: i64,
}
