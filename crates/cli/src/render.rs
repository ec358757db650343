//! Turning cached chats and messages into the words a person reads.

use parta_core::Store;
use parta_core::model::{
    AttachmentKind, Chat, ChatKind, LinkKind, Message, MessageKind, MessageState, PersonId,
};
use serde_json::Value;

/// How many characters a one-line preview keeps.
const PREVIEW_CHARS: usize = 70;

/// A chat's name: its title, or for a dialog the other person's name.
pub fn chat_title(store: &Store, chat: &Chat, own: Option<PersonId>) -> String {
    if !chat.title.trim().is_empty() {
        return chat.title.clone();
    }
    let other = serde_json::from_str::<Value>(&chat.raw_json)
        .ok()
        .and_then(|raw| raw.get("participants").and_then(Value::as_object).cloned())
        .into_iter()
        .flat_map(|participants| participants.into_iter().map(|(id, _)| id))
        .filter_map(|id| id.parse().ok().map(PersonId))
        .find(|id| Some(*id) != own);
    other
        .and_then(|id| store.person(id).ok().flatten())
        .map(|person| person.name)
        .unwrap_or_else(|| format!("Чат {}", chat.id))
}

/// «канал», «группа», «личный чат».
pub fn kind_label(kind: &ChatKind) -> &'static str {
    match kind {
        ChatKind::Channel => "канал",
        ChatKind::Group => "группа",
        ChatKind::Dialog => "личный чат",
        ChatKind::Other(_) => "чат",
    }
}

/// Who wrote a message, as shown: «Вы», the cached name, or the id.
pub fn sender_label(message: &Message, name: Option<&str>, own: Option<PersonId>) -> String {
    match (message.sender, name) {
        (Some(sender), _) if Some(sender) == own => "Вы".into(),
        (_, Some(name)) if !name.trim().is_empty() => name.into(),
        (Some(sender), _) => format!("Пользователь {sender}"),
        (None, _) => "Система".into(),
    }
}

/// The lines of a message's body: its text, then one line per attachment, reply or forward.
pub fn body_lines(message: &Message) -> Vec<String> {
    if message.state == MessageState::Deleted {
        return vec!["Сообщение удалено.".into()];
    }
    let mut lines = Vec::new();
    if let Some(link) = &message.link {
        let quoted = link.message.as_deref().map(preview).unwrap_or_default();
        match link.kind {
            LinkKind::Reply => lines.push(format!("↩ в ответ на: {quoted}")),
            LinkKind::Forward => lines.push(format!("↪ переслано: {quoted}")),
            LinkKind::Other(_) => {}
        }
    }
    lines.extend(message.text.lines().map(str::to_owned));
    lines.extend(
        message
            .attachments
            .iter()
            .map(|attachment| format!("[{}]", attachment_label(&attachment.kind))),
    );
    if lines.is_empty() && message.kind != MessageKind::User {
        lines.push("(служебное сообщение)".into());
    }
    if message.state == MessageState::Edited
        && let Some(last) = lines.last_mut()
    {
        last.push_str(" (изменено)");
    }
    lines
}

/// One line for the chat list: the text's first line, or what is attached; cut to fit.
pub fn preview(message: &Message) -> String {
    if message.state == MessageState::Deleted {
        return "Сообщение удалено".into();
    }
    let line = message
        .text
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .map(str::to_owned)
        .or_else(|| {
            message
                .attachments
                .first()
                .map(|attachment| format!("[{}]", attachment_label(&attachment.kind)))
        })
        .unwrap_or_default();
    cut(&line, PREVIEW_CHARS)
}

/// `text` cut to `max` characters with «…».
pub fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut short: String = text.chars().take(max.saturating_sub(1)).collect();
    short.push('…');
    short
}

/// What an attachment is, in a few words.
pub fn attachment_label(kind: &AttachmentKind) -> String {
    match kind {
        AttachmentKind::Photo { .. } => "фото".into(),
        AttachmentKind::Video { .. } => "видео".into(),
        AttachmentKind::File { name, size, .. } => match size {
            Some(size) => format!("файл «{name}», {}", file_size(*size)),
            None => format!("файл «{name}»"),
        },
        AttachmentKind::Audio { .. } => "аудио".into(),
        AttachmentKind::Sticker { .. } => "стикер".into(),
        AttachmentKind::Contact { name, .. } => format!("контакт «{name}»"),
        AttachmentKind::Call { .. } => "звонок".into(),
        AttachmentKind::Share { title, url } => match title.as_deref().or(url.as_deref()) {
            Some(what) => format!("ссылка «{what}»"),
            None => "ссылка".into(),
        },
        AttachmentKind::InlineKeyboard => "кнопки".into(),
        AttachmentKind::Poll { question } => format!("опрос «{question}»"),
        AttachmentKind::Control { .. } => "событие чата".into(),
        AttachmentKind::Unknown { type_name } => format!("вложение {type_name}"),
    }
}

/// «512 Б», «12 КБ», «3,4 МБ».
pub fn file_size(bytes: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * 1024;
    if bytes < KB {
        format!("{bytes} Б")
    } else if bytes < MB {
        format!("{} КБ", bytes.div_ceil(KB))
    } else {
        let tenths = (bytes * 10).div_ceil(MB);
        format!("{},{} МБ", tenths / 10, tenths % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_cuts() {
        assert_eq!(file_size(500), "500 Б");
        assert_eq!(file_size(12 * 1024), "12 КБ");
        assert_eq!(file_size(3_565_158), "3,4 МБ");
        assert_eq!(cut("контрольная", 5), "конт…");
        assert_eq!(cut("да", 5), "да");
    }
}
