//! `parta read CHAT`: a chat's newest messages from the cache, oldest of them first.

use serde::Serialize;

use super::session;
use crate::error::Result;
use crate::{Context, output, render, russian};

/// One message, as `--json` prints it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MessageRow {
    /// The chat's id.
    pub chat_id: i64,
    /// The message's id.
    pub id: i64,
    /// Who wrote it, as shown.
    pub sender: String,
    /// The sender's id.
    pub sender_id: Option<i64>,
    /// When (ms since the epoch).
    pub time_ms: i64,
    /// When, in Russian.
    pub time: String,
    /// The text.
    pub text: String,
    /// Text, attachments, reply and edit marks, line by line.
    pub lines: Vec<String>,
    /// `original`, `edited` or `deleted`.
    pub state: &'static str,
}

/// Runs `parta read`.
pub fn run(context: &Context, chat: &str, limit: usize) -> Result<()> {
    let (_, store) = context.open_store()?;
    let own = store.account()?.map(|account| account.person_id);
    let chat_id = session::resolve_chat(&store, chat)?;
    let title = match store.chat(chat_id)? {
        Some(chat) => render::chat_title(&store, &chat, own),
        None => format!("Чат {chat_id}"),
    };
    let mut views = store.newest_messages(chat_id, limit)?;
    views.reverse();
    let rows: Vec<MessageRow> = views
        .iter()
        .map(|view| row(&view.message, view.sender_name.as_deref(), own))
        .collect();
    if context.json {
        output::print_json(&serde_json::json!({
            "chatId": chat_id.0, "title": title, "messages": rows,
        }));
        return Ok(());
    }
    say!("{title}");
    if rows.is_empty() {
        say!("В кэше нет сообщений этого чата. Загрузите их командой `parta sync`.");
    }
    for row in &rows {
        say!();
        say!("{} · {}", row.time, row.sender);
        for line in &row.lines {
            say!("  {line}");
        }
    }
    Ok(())
}

/// A message as shown.
pub fn row(
    message: &parta_core::model::Message,
    sender_name: Option<&str>,
    own: Option<parta_core::model::PersonId>,
) -> MessageRow {
    use parta_core::model::MessageState;
    MessageRow {
        chat_id: message.chat_id.0,
        id: message.id.0,
        sender: render::sender_label(message, sender_name, own),
        sender_id: message.sender.map(|id| id.0),
        time_ms: message.time_ms,
        time: russian::message_time(message.time_ms),
        text: message.text.clone(),
        lines: render::body_lines(message),
        state: match message.state {
            MessageState::Original => "original",
            MessageState::Edited => "edited",
            MessageState::Deleted => "deleted",
        },
    }
}
