//! The words of a pop-up: server text made safe to show in one short line, a message's preview,
//! and counts: Russian («1 новое сообщение», «3 новых сообщения», «5 новых сообщений») or
//! English («1 new message», «3 new messages»), as the person chose.

use crate::locale::{Locale, english_plural};
use crate::model::{AttachmentKind, Message};

/// Longest title shown, in characters.
pub const TITLE_CHARS: usize = 80;
/// Longest body shown, in characters (notification servers cut or wrap far earlier).
pub const BODY_CHARS: usize = 200;

/// Server text as one plain line of at most `max_chars` characters: control characters and
/// direction overrides dropped, every run of white space (newlines too) one space, trimmed, and
/// cut on a character boundary with «…» when longer. Never panics.
pub fn one_line(text: &str, max_chars: usize) -> String {
    let mut line = String::with_capacity(text.len().min(max_chars * 4 + 4));
    let mut count = 0;
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() || matches!(c, '\u{0085}' | '\u{2028}' | '\u{2029}') {
            pending_space = count > 0;
            continue;
        }
        if is_invisible(c) {
            continue;
        }
        if pending_space {
            line.push(' ');
            count += 1;
            pending_space = false;
        }
        line.push(c);
        count += 1;
        if count > max_chars {
            break;
        }
    }
    if count > max_chars {
        let keep = max_chars.saturating_sub(1);
        let cut = line.char_indices().nth(keep).map_or(line.len(), |(i, _)| i);
        line.truncate(cut);
        line.truncate(line.trim_end().len());
        line.push('…');
    }
    line
}

/// Characters that must not reach a notification: C0/C1 controls, and the bidirectional
/// embeddings, overrides and isolates that can make a name or text read backwards.
fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

/// Escapes `&`, `<` and `>` for a freedesktop notification server that reads the body as
/// markup (capability `body-markup`); other platforms show the plain text as is.
pub fn escape_markup(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            c => escaped.push(c),
        }
    }
    escaped
}

/// The Russian plural form for `n`: `one` for 1, 21, 101…; `few` for 2–4, 22–24…; `many` for
/// 0, 5–20, 25–30, 111…
pub fn plural<'a>(n: u64, one: &'a str, few: &'a str, many: &'a str) -> &'a str {
    match (n % 10, n % 100) {
        (_, 11..=14) => many,
        (1, _) => one,
        (2..=4, _) => few,
        _ => many,
    }
}

/// «3 новых сообщения», «21 новое сообщение», «5 новых сообщений»; in English «1 new message»,
/// «3 new messages».
pub fn new_messages(n: u64, locale: Locale) -> String {
    match locale {
        Locale::Ru => format!(
            "{n} {} {}",
            plural(n, "новое", "новых", "новых"),
            plural(n, "сообщение", "сообщения", "сообщений")
        ),
        Locale::En => format!("{n} new {}", english_plural(n, "message", "messages")),
    }
}

/// «3 новых объявления», «21 новое объявление», «5 новых объявлений»; in English
/// «1 new announcement», «3 new announcements».
pub fn new_announcements(n: u64, locale: Locale) -> String {
    match locale {
        Locale::Ru => format!(
            "{n} {} {}",
            plural(n, "новое", "новых", "новых"),
            plural(n, "объявление", "объявления", "объявлений")
        ),
        Locale::En => format!(
            "{n} new {}",
            english_plural(n, "announcement", "announcements")
        ),
    }
}

/// What a message says, in one line: its text, else what it carries («Фото», «Файл: план.pdf»;
/// «Photo», «File: plan.pdf»), else a forwarded message's text.
pub fn preview(message: &Message, locale: Locale) -> String {
    let text = one_line(&message.text, BODY_CHARS);
    if !text.is_empty() {
        return text;
    }
    let say = |ru: &str, en: &str| locale.pick(ru, en).to_owned();
    let named = |ru: &str, en: &str, name: &str| format!("{}: {name}", locale.pick(ru, en));
    if let Some(attachment) = message.attachments.first() {
        let what = match &attachment.kind {
            AttachmentKind::Photo { .. } => say("Фото", "Photo"),
            AttachmentKind::Video { .. } => say("Видео", "Video"),
            AttachmentKind::File { name, .. } => named("Файл", "File", name),
            AttachmentKind::Audio { .. } => say("Голосовое сообщение", "Voice message"),
            AttachmentKind::Sticker { .. } => say("Стикер", "Sticker"),
            AttachmentKind::Contact { name, .. } => named("Контакт", "Contact", name),
            AttachmentKind::Call { .. } => say("Звонок", "Call"),
            AttachmentKind::Share { title, .. } => match title {
                Some(title) => named("Ссылка", "Link", title),
                None => say("Ссылка", "Link"),
            },
            AttachmentKind::Poll { question } => named("Опрос", "Poll", question),
            AttachmentKind::InlineKeyboard
            | AttachmentKind::Control { .. }
            | AttachmentKind::Unknown { .. } => say("Вложение", "Attachment"),
        };
        let what = one_line(&what, BODY_CHARS);
        return match (message.attachments.len(), locale) {
            (1, _) => what,
            (n, Locale::Ru) => format!("{what} и ещё {}", n - 1),
            (n, Locale::En) => format!("{what} and {} more", n - 1),
        };
    }
    if let Some(forwarded) = message
        .link
        .as_ref()
        .and_then(|link| link.message.as_deref())
    {
        let inner = preview(forwarded, locale);
        let label = locale.pick("Пересланное сообщение", "Forwarded message");
        return one_line(&format!("{label}: {inner}"), BODY_CHARS);
    }
    say("Сообщение", "Message")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        Attachment, ChatId, LinkKind, MessageId, MessageKind, MessageLink, MessageState, PersonId,
        Reactions,
    };

    fn message(text: &str) -> Message {
        Message {
            chat_id: ChatId(1),
            id: MessageId(1),
            sender: Some(PersonId(2)),
            time_ms: 0,
            kind: MessageKind::User,
            text: text.into(),
            elements: Vec::new(),
            attachments: Vec::new(),
            link: None,
            state: MessageState::Original,
            reactions: Reactions::default(),
            client_id: None,
            raw_json: "{}".into(),
        }
    }

    #[test]
    fn russian_plurals() {
        let cases = [
            (1, "1 новое сообщение"),
            (2, "2 новых сообщения"),
            (3, "3 новых сообщения"),
            (4, "4 новых сообщения"),
            (5, "5 новых сообщений"),
            (11, "11 новых сообщений"),
            (12, "12 новых сообщений"),
            (14, "14 новых сообщений"),
            (20, "20 новых сообщений"),
            (21, "21 новое сообщение"),
            (22, "22 новых сообщения"),
            (25, "25 новых сообщений"),
            (30, "30 новых сообщений"),
            (101, "101 новое сообщение"),
            (111, "111 новых сообщений"),
            (112, "112 новых сообщений"),
            (1000, "1000 новых сообщений"),
        ];
        for (n, expected) in cases {
            assert_eq!(new_messages(n, Locale::Ru), expected);
        }
        assert_eq!(new_announcements(2, Locale::Ru), "2 новых объявления");
        assert_eq!(new_announcements(21, Locale::Ru), "21 новое объявление");
        assert_eq!(plural(0, "a", "b", "c"), "c");
    }

    #[test]
    fn english_counts_have_english_plurals() {
        let cases = [
            (1, "1 new message"),
            (2, "2 new messages"),
            (5, "5 new messages"),
            (11, "11 new messages"),
            (21, "21 new messages"),
        ];
        for (n, expected) in cases {
            assert_eq!(new_messages(n, Locale::En), expected);
        }
        assert_eq!(new_announcements(1, Locale::En), "1 new announcement");
        assert_eq!(new_announcements(21, Locale::En), "21 new announcements");
    }

    #[test]
    fn english_previews_say_what_a_message_carries() {
        let mut voice = message("");
        voice.attachments.push(Attachment {
            kind: AttachmentKind::Audio {
                audio_id: None,
                url: None,
                duration_s: None,
            },
            raw_json: "{}".into(),
        });
        assert_eq!(preview(&voice, Locale::En), "Voice message");
        assert_eq!(preview(&voice, Locale::Ru), "Голосовое сообщение");
        voice.attachments.push(Attachment {
            kind: AttachmentKind::File {
                file_id: Some(1),
                name: "plan.pdf".into(),
                size: None,
            },
            raw_json: "{}".into(),
        });
        assert_eq!(preview(&voice, Locale::En), "Voice message and 1 more");
        let mut forward = message("");
        forward.link = Some(MessageLink {
            kind: LinkKind::Forward,
            chat_id: None,
            message: Some(Box::new(message("Timetable"))),
        });
        assert_eq!(
            preview(&forward, Locale::En),
            "Forwarded message: Timetable"
        );
        assert_eq!(preview(&message(""), Locale::En), "Message");
        assert_eq!(preview(&message(" Hi "), Locale::En), "Hi");
    }

    #[test]
    fn one_line_collapses_white_space_and_drops_controls() {
        assert_eq!(
            one_line("  Завтра\n\n\tконтрольная \r\n по математике  ", 200),
            "Завтра контрольная по математике"
        );
        assert_eq!(one_line("a\0b\u{7}c\u{1b}[31md", 200), "abc[31md");
        assert_eq!(one_line("\u{202E}dcba\u{202C} x\u{2028}y", 200), "dcba x y");
        assert_eq!(one_line("", 200), "");
        assert_eq!(one_line("   \n ", 200), "");
    }

    #[test]
    fn long_text_is_cut_on_a_character_boundary() {
        let long = "ё".repeat(10_000);
        let line = one_line(&long, BODY_CHARS);
        assert_eq!(line.chars().count(), BODY_CHARS);
        assert!(line.ends_with('…'));
        // Emoji and combining marks: still valid UTF-8 and within the limit.
        let emoji = "👩‍🏫 урок ".repeat(2_000);
        let line = one_line(&emoji, BODY_CHARS);
        assert!(line.chars().count() <= BODY_CHARS);
        // A cut right after a space does not leave it before «…».
        let spaced = format!("{} {}", "а".repeat(198), "б".repeat(50));
        assert_eq!(
            one_line(&spaced, BODY_CHARS),
            format!("{}…", "а".repeat(198))
        );
        // Exactly at the limit: untouched.
        let exact = "я".repeat(BODY_CHARS);
        assert_eq!(one_line(&exact, BODY_CHARS), exact);
        assert_eq!(one_line("abc", 0), "…");
    }

    #[test]
    fn markup_is_escaped_for_servers_that_read_it() {
        assert_eq!(
            escape_markup("<b>5 «А»</b> & co"),
            "&lt;b&gt;5 «А»&lt;/b&gt; &amp; co"
        );
    }

    #[test]
    fn previews_say_what_a_message_carries() {
        assert_eq!(
            preview(&message("  Привет\nвсем "), Locale::Ru),
            "Привет всем"
        );
        let mut file = message("");
        file.attachments.push(Attachment {
            kind: AttachmentKind::File {
                file_id: Some(1),
                name: "план\nурока.pdf".into(),
                size: None,
            },
            raw_json: "{}".into(),
        });
        assert_eq!(preview(&file, Locale::Ru), "Файл: план урока.pdf");
        file.attachments.push(Attachment {
            kind: AttachmentKind::Photo {
                photo_id: None,
                url: None,
                width: None,
                height: None,
            },
            raw_json: "{}".into(),
        });
        assert_eq!(preview(&file, Locale::Ru), "Файл: план урока.pdf и ещё 1");
        let mut forward = message("");
        forward.link = Some(MessageLink {
            kind: LinkKind::Forward,
            chat_id: None,
            message: Some(Box::new(message("Расписание на завтра"))),
        });
        assert_eq!(
            preview(&forward, Locale::Ru),
            "Пересланное сообщение: Расписание на завтра"
        );
        assert_eq!(preview(&message("\0\n"), Locale::Ru), "Сообщение");
    }
}
