use serde::{Deserialize, Serialize};

/// What an attachment is, with the fields the UI and the file cache need. Anything else stays in
/// [`Attachment::raw_json`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum AttachmentKind {
    /// A picture (MAX `PHOTO`).
    Photo {
        /// Platform id.
        photo_id: Option<i64>,
        /// Where to download it (a plain GET).
        url: Option<String>,
        /// Width in pixels.
        width: Option<u32>,
        /// Height in pixels.
        height: Option<u32>,
    },
    /// A video (MAX `VIDEO`).
    Video {
        /// Platform id.
        video_id: Option<i64>,
        /// Length in seconds.
        duration_s: Option<u32>,
        /// A preview picture's URL.
        thumbnail_url: Option<String>,
    },
    /// A document (MAX `FILE`).
    File {
        /// Platform id.
        file_id: Option<i64>,
        /// The server's name for it: display only, never part of a path.
        name: String,
        /// Size in bytes, as announced.
        size: Option<u64>,
    },
    /// A voice note or audio file (MAX `AUDIO`).
    Audio {
        /// Platform id.
        audio_id: Option<i64>,
        /// Length in seconds.
        duration_s: Option<u32>,
        /// Where to download it, if given.
        url: Option<String>,
    },
    /// A sticker (MAX `STICKER`).
    Sticker {
        /// Platform id.
        sticker_id: Option<i64>,
        /// The picture's URL.
        url: Option<String>,
    },
    /// A shared contact (MAX `CONTACT`).
    Contact {
        /// The contact's name.
        name: String,
        /// Their phone, if shared.
        phone: Option<String>,
    },
    /// A record of a call (MAX `CALL`).
    Call {
        /// The conversation id of the call.
        conversation_id: Option<String>,
        /// Audio or video.
        call_type: Option<String>,
        /// How it ended (missed, rejected…).
        hangup_type: Option<String>,
        /// Length in seconds.
        duration_s: Option<u32>,
    },
    /// A link preview (MAX `SHARE`).
    Share {
        /// The shared URL.
        url: Option<String>,
        /// The preview's title.
        title: Option<String>,
    },
    /// Bot buttons under a message (MAX `INLINE_KEYBOARD`).
    InlineKeyboard,
    /// A poll (MAX `POLL`).
    Poll {
        /// The question.
        question: String,
    },
    /// A chat event carried as an attachment (MAX `CONTROL`).
    Control {
        /// The event name, e.g. `new`, `add`, `leave`.
        event: String,
    },
    /// An attachment type this build does not know; `type_name` is its `_type`.
    Unknown {
        /// The `_type` the server sent.
        type_name: String,
    },
}

impl AttachmentKind {
    /// The MAX `_type` name.
    pub fn type_name(&self) -> &str {
        match self {
            AttachmentKind::Photo { .. } => "PHOTO",
            AttachmentKind::Video { .. } => "VIDEO",
            AttachmentKind::File { .. } => "FILE",
            AttachmentKind::Audio { .. } => "AUDIO",
            AttachmentKind::Sticker { .. } => "STICKER",
            AttachmentKind::Contact { .. } => "CONTACT",
            AttachmentKind::Call { .. } => "CALL",
            AttachmentKind::Share { .. } => "SHARE",
            AttachmentKind::InlineKeyboard => "INLINE_KEYBOARD",
            AttachmentKind::Poll { .. } => "POLL",
            AttachmentKind::Control { .. } => "CONTROL",
            AttachmentKind::Unknown { type_name } => type_name,
        }
    }

    /// Words of the attachment that search should find: a file's name, a poll's question, a
    /// contact's name, a link preview's title.
    pub fn searchable_text(&self) -> Option<&str> {
        match self {
            AttachmentKind::File { name, .. } => Some(name),
            AttachmentKind::Poll { question } => Some(question),
            AttachmentKind::Contact { name, .. } => Some(name),
            AttachmentKind::Share { title, .. } => title.as_deref(),
            _ => None,
        }
    }
}

/// One attachment of a message, with the raw object it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attachment {
    /// What it is.
    pub kind: AttachmentKind,
    /// The attachment object the platform returned.
    pub raw_json: String,
}
