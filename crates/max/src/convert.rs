//! MAX's JSON objects → the core's model. Lenient by design: ids may come as numbers or
//! strings, fields may be missing, unknown types are kept as `Other`/`Unknown`; each converted
//! object keeps the raw JSON it came from. Only an object without an id is refused.

use parta_core::model::{
    Attachment, AttachmentKind, Chat, ChatId, ChatKind, ChatStatus, Element, ElementKind, LinkKind,
    Message, MessageId, MessageKind, MessageLink, MessageState, Person, PersonId, ReactionCount,
    Reactions,
};
use parta_core::platform::PlatformEvent;
use serde_json::Value;

use crate::MaxError;

/// An integer that MAX may send as a number or as a string of digits.
pub fn int(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_u64().and_then(|n| i64::try_from(n).ok())),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn text(value: &Value, name: &str) -> Option<String> {
    value.get(name).and_then(Value::as_str).map(str::to_owned)
}

fn small(value: &Value, name: &str) -> Option<u32> {
    value
        .get(name)
        .and_then(int)
        .and_then(|n| u32::try_from(n).ok())
}

fn required_id(value: &Value, what: &str) -> Result<i64, MaxError> {
    value
        .get("id")
        .and_then(int)
        .ok_or_else(|| MaxError::protocol(format!("a {what} without an id")))
}

/// A MAX User (`{id, names:[{name, firstName, lastName}], baseUrl, …}`).
pub fn person(value: &Value) -> Result<Person, MaxError> {
    let id = required_id(value, "user")?;
    let names = value.pointer("/names/0").cloned().unwrap_or(Value::Null);
    let name = text(&names, "name")
        .filter(|name| !name.trim().is_empty())
        .or_else(|| {
            let parts = [text(&names, "firstName"), text(&names, "lastName")];
            let joined = parts.into_iter().flatten().collect::<Vec<_>>().join(" ");
            (!joined.trim().is_empty()).then_some(joined)
        })
        .unwrap_or_else(|| format!("#{id}"));
    Ok(Person {
        id: PersonId(id),
        name,
        avatar_url: text(value, "baseUrl").or_else(|| text(value, "baseRawUrl")),
        raw_json: value.to_string(),
    })
}

/// A MAX Chat.
pub fn chat(value: &Value) -> Result<Chat, MaxError> {
    let id = required_id(value, "chat")?;
    let kind = ChatKind::from_name(value.get("type").and_then(Value::as_str).unwrap_or("CHAT"));
    Ok(Chat {
        id: ChatId(id),
        kind,
        status: ChatStatus::from_name(
            value
                .get("status")
                .and_then(Value::as_str)
                .unwrap_or("ACTIVE"),
        ),
        title: text(value, "title").unwrap_or_default(),
        icon_url: text(value, "baseIconUrl"),
        owner: value.get("owner").and_then(int).map(PersonId),
        pinned_message: value
            .get("pinnedMessage")
            .and_then(|pinned| pinned.get("id").and_then(int).or_else(|| int(pinned)))
            .map(MessageId),
        last_event_ms: value
            .get("lastEventTime")
            .and_then(int)
            .or_else(|| value.pointer("/lastMessage/time").and_then(int))
            .unwrap_or_default(),
        participants_count: value.get("participantsCount").and_then(int),
        raw_json: value.to_string(),
    })
}

/// A MAX Chat's unread count for the account (`newMessages`), when it carries one.
pub fn chat_unread(value: &Value) -> Option<(ChatId, u32)> {
    let id = value.get("id").and_then(int)?;
    let unread = value.get("newMessages").and_then(int)?;
    Some((ChatId(id), u32::try_from(unread.max(0)).unwrap_or(u32::MAX)))
}

/// A MAX Message in `chat_id`.
pub fn message(chat_id: i64, value: &Value) -> Result<Message, MaxError> {
    let id = required_id(value, "message")?;
    let state = match value.get("status").and_then(Value::as_str) {
        Some("REMOVED") => MessageState::Deleted,
        Some("EDITED") => MessageState::Edited,
        _ => MessageState::Original,
    };
    Ok(Message {
        chat_id: ChatId(chat_id),
        id: MessageId(id),
        sender: value.get("sender").and_then(int).map(PersonId),
        time_ms: value.get("time").and_then(int).unwrap_or_default(),
        kind: MessageKind::from_name(value.get("type").and_then(Value::as_str).unwrap_or("USER")),
        text: text(value, "text").unwrap_or_default(),
        elements: list(value, "elements").iter().filter_map(element).collect(),
        attachments: list(value, "attaches").iter().map(attachment).collect(),
        link: value
            .get("link")
            .filter(|link| link.is_object())
            .map(|link| self::link(chat_id, link)),
        state,
        reactions: reactions(value.get("reactionInfo")),
        client_id: value.get("cid").and_then(int),
        raw_json: value.to_string(),
    })
}

fn list<'a>(value: &'a Value, name: &str) -> &'a [Value] {
    value
        .get(name)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
}

fn element(value: &Value) -> Option<Element> {
    let attributes = value.get("attributes").cloned().unwrap_or(Value::Null);
    let kind = match value.get("type")?.as_str()? {
        "STRONG" => ElementKind::Strong,
        "EMPHASIZED" => ElementKind::Emphasized,
        "MONOSPACED" => ElementKind::Monospaced,
        "UNDERLINE" => ElementKind::Underline,
        "STRIKETHROUGH" => ElementKind::Strikethrough,
        "LINK" => ElementKind::Link {
            url: text(&attributes, "url").unwrap_or_default(),
        },
        "USER_MENTION" => ElementKind::UserMention {
            person: PersonId(attributes.get("userId").and_then(int).unwrap_or_default()),
        },
        "HEADING" => ElementKind::Heading,
        "CODE_BLOCK" => ElementKind::CodeBlock,
        "QUOTE" => ElementKind::Quote,
        other => ElementKind::Other(other.to_owned()),
    };
    Some(Element {
        kind,
        from: value.get("from").and_then(int).unwrap_or_default(),
        length: value.get("length").and_then(int).unwrap_or_default(),
    })
}

fn link(chat_id: i64, value: &Value) -> MessageLink {
    let kind = match value.get("type").and_then(Value::as_str) {
        Some("REPLY") => LinkKind::Reply,
        Some("FORWARD") => LinkKind::Forward,
        other => LinkKind::Other(other.unwrap_or_default().to_owned()),
    };
    let linked_chat = value.get("chatId").and_then(int);
    MessageLink {
        kind,
        chat_id: linked_chat.map(ChatId),
        message: value
            .get("message")
            .and_then(|inner| message(linked_chat.unwrap_or(chat_id), inner).ok())
            .map(Box::new),
    }
}

fn reactions(value: Option<&Value>) -> Reactions {
    let Some(value) = value else {
        return Reactions::default();
    };
    let counts = list(value, "counters")
        .iter()
        .filter_map(|counter| {
            Some(ReactionCount {
                reaction: text(counter, "reaction")?,
                count: small(counter, "count").unwrap_or_default(),
            })
        })
        .collect();
    Reactions {
        counts,
        own: text(value, "yourReaction"),
    }
}

/// A MAX attachment (`{_type, …}`); unknown types are kept as [`AttachmentKind::Unknown`].
pub fn attachment(value: &Value) -> Attachment {
    let id = |name: &str| value.get(name).and_then(int);
    let kind = match value
        .get("_type")
        .and_then(Value::as_str)
        .unwrap_or_default()
    {
        "PHOTO" => AttachmentKind::Photo {
            photo_id: id("photoId"),
            url: text(value, "baseUrl"),
            width: small(value, "width"),
            height: small(value, "height"),
        },
        "VIDEO" => AttachmentKind::Video {
            video_id: id("videoId"),
            duration_s: small(value, "duration"),
            thumbnail_url: text(value, "thumbnail").or_else(|| text(value, "previewUrl")),
        },
        "FILE" => AttachmentKind::File {
            file_id: id("fileId"),
            name: text(value, "name").unwrap_or_default(),
            size: value
                .get("size")
                .and_then(int)
                .and_then(|n| u64::try_from(n).ok()),
        },
        "AUDIO" => AttachmentKind::Audio {
            audio_id: id("audioId"),
            duration_s: small(value, "duration"),
            url: text(value, "url"),
        },
        "STICKER" => AttachmentKind::Sticker {
            sticker_id: id("stickerId"),
            url: text(value, "url"),
        },
        "CONTACT" => AttachmentKind::Contact {
            name: text(value, "name").unwrap_or_default(),
            phone: value.get("phone").map(|phone| match phone {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            }),
        },
        "CALL" => AttachmentKind::Call {
            conversation_id: text(value, "conversationId"),
            call_type: text(value, "callType"),
            hangup_type: text(value, "hangupType"),
            duration_s: small(value, "duration"),
        },
        "SHARE" => AttachmentKind::Share {
            url: text(value, "url"),
            title: text(value, "title"),
        },
        "INLINE_KEYBOARD" => AttachmentKind::InlineKeyboard,
        "POLL" => AttachmentKind::Poll {
            question: text(value, "question")
                .or_else(|| text(value, "title"))
                .unwrap_or_default(),
        },
        "CONTROL" => AttachmentKind::Control {
            event: text(value, "event").unwrap_or_default(),
        },
        other => AttachmentKind::Unknown {
            type_name: other.to_owned(),
        },
    };
    Attachment {
        kind,
        raw_json: value.to_string(),
    }
}

/// Per-chat mutes in an account config, as [`PlatformEvent::MuteChanged`]s: LOGIN's `config`,
/// a NOTIF_CONFIG push's `config` (134) or a CONFIG request's `settings` (22) — each holds
/// `chats: {"<chatId>": {dontDisturbUntil, …}}`; the whole payload may be passed too. An
/// entry without `dontDisturbUntil` (a partial update of other fields) says nothing about mute.
pub fn chat_mutes(config: &Value) -> Vec<PlatformEvent> {
    let chats = ["/chats", "/config/chats", "/settings/chats"]
        .iter()
        .find_map(|pointer| config.pointer(pointer).and_then(Value::as_object));
    let Some(chats) = chats else {
        return Vec::new();
    };
    chats
        .iter()
        .filter_map(|(id, settings)| {
            Some(PlatformEvent::MuteChanged {
                chat_id: ChatId(id.trim().parse().ok()?),
                dont_disturb_until: settings.get("dontDisturbUntil").and_then(int)?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_message_converts_with_string_ids_elements_reply_and_attachments() {
        let raw = json!({
            "id": "115120032768000001", "sender": 51000012, "time": 1_764_000_000_000_i64,
            "type": "USER", "cid": 17, "status": "EDITED",
            "text": "Контрольная перенесена",
            "elements": [{"type": "STRONG", "from": 0, "length": 11},
                         {"type": "LINK", "from": 12, "length": 10, "attributes": {"url": "https://школа.рф"}},
                         {"type": "SPARKLE", "from": 0, "length": 1}],
            "attaches": [{"_type": "FILE", "fileId": 9, "name": "../../etc/passwd", "size": "12"},
                         {"_type": "HOLOGRAM", "x": 1}],
            "link": {"type": "REPLY", "chatId": 5, "message": {"id": 3, "text": "Когда?"}},
            "reactionInfo": {"counters": [{"reaction": "👍", "count": 3}], "yourReaction": "👍"}
        });
        let message = message(5, &raw).unwrap();
        assert_eq!(message.id, MessageId(115_120_032_768_000_001));
        assert_eq!(message.state, MessageState::Edited);
        assert_eq!(message.client_id, Some(17));
        assert_eq!(message.elements.len(), 3);
        assert_eq!(
            message.elements[2].kind,
            ElementKind::Other("SPARKLE".into())
        );
        assert!(matches!(&message.attachments[0].kind,
            AttachmentKind::File { name, size: Some(12), .. } if name == "../../etc/passwd"));
        assert!(matches!(&message.attachments[1].kind,
            AttachmentKind::Unknown { type_name } if type_name == "HOLOGRAM"));
        let reply = message.link.unwrap();
        assert_eq!(reply.kind, LinkKind::Reply);
        assert_eq!(reply.message.unwrap().text, "Когда?");
        assert_eq!(message.reactions.counts[0].count, 3);
        assert_eq!(
            serde_json::from_str::<Value>(&message.raw_json).unwrap(),
            raw
        );
    }

    #[test]
    fn a_person_without_a_full_name_is_named_from_parts_or_id() {
        let named =
            person(&json!({"id": 1, "names": [{"firstName": "Анна", "lastName": "Кузнецова"}]}));
        assert_eq!(named.unwrap().name, "Анна Кузнецова");
        assert_eq!(person(&json!({"id": 2})).unwrap().name, "#2");
    }

    #[test]
    fn objects_without_ids_are_refused() {
        assert!(chat(&json!({"title": "5 «А»"})).is_err());
        assert!(message(1, &json!({"text": "?"})).is_err());
        assert!(person(&json!(null)).is_err());
    }

    #[test]
    fn a_channel_converts() {
        let chat = chat(
            &json!({"id": -70, "type": "CHANNEL", "title": "Объявления школы",
            "lastMessage": {"time": 5}, "pinnedMessage": {"id": "42"}}),
        )
        .unwrap();
        assert_eq!(
            (chat.kind, chat.last_event_ms, chat.pinned_message),
            (ChatKind::Channel, 5, Some(MessageId(42)))
        );
    }

    #[test]
    fn chat_mutes_are_read_from_every_config_shape() {
        let mute = |chat_id, until| PlatformEvent::MuteChanged {
            chat_id: ChatId(chat_id),
            dont_disturb_until: until,
        };
        // LOGIN's config: a mute forever, one until a time (as a string), favourites only, junk.
        let login = json!({"hash": "h", "server": {}, "user": {}, "chats": {
            "-100": {"dontDisturbUntil": -1, "favIndex": 2},
            "7": {"dontDisturbUntil": "1795381200000"},
            "8": {"favIndex": 1},
            "не число": {"dontDisturbUntil": -1},
            "9": "?",
        }});
        let mut mutes = chat_mutes(&login);
        mutes.sort_by_key(|event| format!("{event:?}"));
        assert_eq!(mutes, [mute(-100, -1), mute(7, 1_795_381_200_000)]);
        // A NOTIF_CONFIG push (134) unmuting, and a CONFIG request (22) muting.
        let push = json!({"config": {"hash": "h2", "chats": {"-100": {"dontDisturbUntil": 0}}}});
        assert_eq!(chat_mutes(&push), [mute(-100, 0)]);
        let request = json!({"settings": {"chats": {"55": {"dontDisturbUntil": -1}}}});
        assert_eq!(chat_mutes(&request), [mute(55, -1)]);
        // The sandbox's config has no chats; nothing is hostile enough to panic.
        assert!(chat_mutes(&json!({"hash": "parta-sandbox", "user": {}})).is_empty());
        assert!(chat_mutes(&json!({"chats": []})).is_empty());
        assert!(chat_mutes(&json!(null)).is_empty());
    }
}
