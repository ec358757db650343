//! Attachments for the window ([`AttachmentView`]) and the `media:` URLs that address them.
//!
//! Design: an attachment is addressed by where it sits — chat, message, index in the message's
//! attachment list — never by a server URL or a file path, so the window can ask the shell's
//! `media` scheme for nothing but what a cached message names. The index is the position in
//! [`Message::attachments`], also for the kinds the window shows as `other`.

use parta_core::model::{Attachment, AttachmentKind, Message};
use parta_core::sync::{remote_key, thumbnail_key};
use serde::Serialize;

/// A picture, voice note or file the shell serves from the cache (`MediaRef` in `backend.ts`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MediaRef {
    /// The URL the window may put in `src`.
    pub url: String,
    /// Already in the cache (opens offline).
    pub cached: bool,
}

/// One attachment as the window shows it (`AttachmentView` in `backend.ts`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[allow(missing_docs)]
pub enum AttachmentView {
    Photo {
        index: usize,
        media: MediaRef,
        width: Option<u32>,
        height: Option<u32>,
    },
    Video {
        index: usize,
        duration_s: Option<u32>,
        thumbnail: Option<MediaRef>,
    },
    File {
        index: usize,
        /// Display only; never a path.
        name: String,
        size: Option<u64>,
        cached: bool,
    },
    Audio {
        index: usize,
        duration_s: Option<u32>,
        media: Option<MediaRef>,
    },
    Sticker {
        index: usize,
        media: Option<MediaRef>,
    },
    Contact {
        index: usize,
        name: String,
        phone: Option<String>,
    },
    Call {
        index: usize,
        call_type: Option<String>,
        hangup_type: Option<String>,
        duration_s: Option<u32>,
    },
    Share {
        index: usize,
        url: Option<String>,
        title: Option<String>,
    },
    Poll {
        index: usize,
        question: String,
    },
    Other {
        index: usize,
        type_name: String,
    },
}

impl AttachmentView {
    /// The `type` the window switches on (`photo`, `file`, …).
    pub fn type_name(&self) -> &'static str {
        match self {
            AttachmentView::Photo { .. } => "photo",
            AttachmentView::Video { .. } => "video",
            AttachmentView::File { .. } => "file",
            AttachmentView::Audio { .. } => "audio",
            AttachmentView::Sticker { .. } => "sticker",
            AttachmentView::Contact { .. } => "contact",
            AttachmentView::Call { .. } => "call",
            AttachmentView::Share { .. } => "share",
            AttachmentView::Poll { .. } => "poll",
            AttachmentView::Other { .. } => "other",
        }
    }
}

/// The `media:` URL of a message's attachment: `media://localhost/<chat>/<message>/<index>`
/// on Linux and macOS, `http://media.localhost/…` on Windows (how WebView2 reaches a custom
/// scheme); `?thumb=1` asks for a video's preview picture.
pub fn media_url(chat_id: &str, message_id: &str, index: usize, thumb: bool) -> String {
    let base = if cfg!(windows) {
        "http://media.localhost"
    } else {
        "media://localhost"
    };
    let query = if thumb { "?thumb=1" } else { "" };
    format!("{base}/{chat_id}/{message_id}/{index}{query}")
}

/// The views of `message`'s attachments; `is_cached` answers for a file's remote key.
pub fn attachment_views(
    message: &Message,
    is_cached: &mut dyn FnMut(&str) -> bool,
) -> Vec<AttachmentView> {
    let chat = message.chat_id.0.to_string();
    let id = message.id.0.to_string();
    message
        .attachments
        .iter()
        .enumerate()
        .map(|(index, attachment)| {
            let cached = remote_key(message, attachment).is_some_and(|key| is_cached(&key));
            let media = |thumb: bool, cached: bool| MediaRef {
                url: media_url(&chat, &id, index, thumb),
                cached,
            };
            view(index, attachment, cached, &media, is_cached)
        })
        .collect()
}

fn view(
    index: usize,
    attachment: &Attachment,
    cached: bool,
    media: &dyn Fn(bool, bool) -> MediaRef,
    is_cached: &mut dyn FnMut(&str) -> bool,
) -> AttachmentView {
    match &attachment.kind {
        AttachmentKind::Photo { width, height, .. } => AttachmentView::Photo {
            index,
            media: media(false, cached),
            width: *width,
            height: *height,
        },
        AttachmentKind::Video {
            duration_s,
            thumbnail_url,
            ..
        } => AttachmentView::Video {
            index,
            duration_s: *duration_s,
            thumbnail: thumbnail_url.as_ref().map(|_| {
                let cached = thumbnail_key(attachment).is_some_and(|key| is_cached(&key));
                media(true, cached)
            }),
        },
        AttachmentKind::File { name, size, .. } => AttachmentView::File {
            index,
            name: name.clone(),
            size: *size,
            cached,
        },
        AttachmentKind::Audio {
            duration_s, url, ..
        } => AttachmentView::Audio {
            index,
            duration_s: *duration_s,
            media: url.as_ref().map(|_| media(false, cached)),
        },
        AttachmentKind::Sticker { url, .. } => AttachmentView::Sticker {
            index,
            media: url.as_ref().map(|_| media(false, cached)),
        },
        AttachmentKind::Contact { name, phone } => AttachmentView::Contact {
            index,
            name: name.clone(),
            phone: phone.clone(),
        },
        AttachmentKind::Call {
            call_type,
            hangup_type,
            duration_s,
            ..
        } => AttachmentView::Call {
            index,
            call_type: call_type.clone(),
            hangup_type: hangup_type.clone(),
            duration_s: *duration_s,
        },
        AttachmentKind::Share { url, title } => AttachmentView::Share {
            index,
            url: url.clone(),
            title: title.clone(),
        },
        AttachmentKind::Poll { question } => AttachmentView::Poll {
            index,
            question: question.clone(),
        },
        other => AttachmentView::Other {
            index,
            type_name: other.type_name().to_owned(),
        },
    }
}

#[cfg(test)]
mod tests {
    use parta_core::model::{ChatId, MessageId, MessageKind, MessageState, PersonId, Reactions};

    use super::*;

    fn message(attachments: Vec<AttachmentKind>) -> Message {
        Message {
            chat_id: ChatId(-70),
            id: MessageId(115_000_000_000_000_001),
            sender: Some(PersonId(1)),
            time_ms: 1,
            kind: MessageKind::User,
            text: String::new(),
            elements: Vec::new(),
            attachments: attachments
                .into_iter()
                .map(|kind| Attachment {
                    kind,
                    raw_json: "{}".into(),
                })
                .collect(),
            link: None,
            state: MessageState::Original,
            reactions: Reactions::default(),
            client_id: None,
            raw_json: "{}".into(),
        }
    }

    #[test]
    fn attachments_map_to_views_with_media_urls_by_position() -> Result<(), serde_json::Error> {
        let message = message(vec![
            AttachmentKind::Photo {
                photo_id: Some(5),
                url: Some("https://cdn/p.jpg".into()),
                width: Some(800),
                height: Some(600),
            },
            AttachmentKind::File {
                file_id: Some(9),
                name: "../../etc/passwd".into(),
                size: Some(10),
            },
            AttachmentKind::Video {
                video_id: Some(3),
                duration_s: Some(61),
                thumbnail_url: Some("https://cdn/t.jpg".into()),
            },
            AttachmentKind::InlineKeyboard,
        ]);
        let mut cached = |key: &str| key == "max:photo:5";
        let views = attachment_views(&message, &mut cached);
        let base = if cfg!(windows) {
            "http://media.localhost"
        } else {
            "media://localhost"
        };
        let json = serde_json::to_value(&views)?;
        assert_eq!(json[0]["type"], "photo");
        assert_eq!(
            json[0]["media"]["url"],
            format!("{base}/-70/115000000000000001/0")
        );
        assert_eq!(json[0]["media"]["cached"], true);
        assert_eq!(json[1]["type"], "file");
        assert_eq!(json[1]["name"], "../../etc/passwd");
        assert_eq!(json[1]["cached"], false);
        assert_eq!(json[2]["durationS"], 61);
        assert_eq!(
            json[2]["thumbnail"]["url"],
            format!("{base}/-70/115000000000000001/2?thumb=1")
        );
        assert_eq!(json[3]["type"], "other");
        assert_eq!(json[3]["typeName"], "INLINE_KEYBOARD");
        assert_eq!(json[3]["index"], 3);
        Ok(())
    }

    #[test]
    fn audio_and_stickers_without_a_url_have_no_media() {
        let message = message(vec![
            AttachmentKind::Audio {
                audio_id: Some(1),
                duration_s: Some(4),
                url: None,
            },
            AttachmentKind::Sticker {
                sticker_id: None,
                url: None,
            },
        ]);
        let views = attachment_views(&message, &mut |_| true);
        assert!(matches!(
            views[0],
            AttachmentView::Audio { media: None, .. }
        ));
        assert!(matches!(
            views[1],
            AttachmentView::Sticker { media: None, .. }
        ));
    }
}
