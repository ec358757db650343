//! `parta chats`: the chat list from the cache, newest activity first.

use serde::Serialize;

use crate::error::Result;
use crate::{Context, output, render, russian};

/// One chat of the list, as `--json` prints it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ChatRow {
    id: i64,
    title: String,
    kind: String,
    unread: u32,
    last_activity_ms: i64,
    last_message: Option<LastMessage>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct LastMessage {
    id: i64,
    sender: String,
    preview: String,
    time_ms: i64,
    time: String,
}

/// Runs `parta chats`.
pub fn run(context: &Context) -> Result<()> {
    let (_, store) = context.open_store()?;
    let own = store.account()?.map(|account| account.person_id);
    let rows: Vec<ChatRow> = store
        .chat_list()?
        .into_iter()
        .map(|entry| {
            let last_message = entry.last_message.as_ref().map(|message| {
                let name = message
                    .sender
                    .and_then(|id| store.person(id).ok().flatten())
                    .map(|person| person.name);
                LastMessage {
                    id: message.id.0,
                    sender: render::sender_label(message, name.as_deref(), own),
                    preview: render::preview(message),
                    time_ms: message.time_ms,
                    time: russian::message_time(message.time_ms),
                }
            });
            ChatRow {
                id: entry.chat.id.0,
                title: render::chat_title(&store, &entry.chat, own),
                kind: render::kind_label(&entry.chat.kind).to_owned(),
                unread: entry.unread_count,
                last_activity_ms: entry.last_activity_ms,
                last_message,
            }
        })
        .collect();
    if context.json {
        output::print_json(&rows);
        return Ok(());
    }
    if rows.is_empty() {
        say!("Чатов пока нет. Загрузите переписку командой `parta sync`.");
    }
    for row in &rows {
        let unread = match row.unread {
            0 => String::new(),
            n => format!(" · {}", russian::unread(u64::from(n))),
        };
        say!("{} ({}, id {}){unread}", row.title, row.kind, row.id);
        match &row.last_message {
            Some(last) => say!("    {} · {}: {}", last.time, last.sender, last.preview),
            None => say!("    сообщений нет"),
        }
    }
    Ok(())
}
