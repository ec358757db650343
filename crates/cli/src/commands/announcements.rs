//! `parta announcements`: every channel post in the cache, newest first (works offline).

use std::collections::HashMap;

use parta_core::model::{ChatId, MessageId};
use serde::Serialize;

use super::read::{MessageRow, row};
use crate::error::Result;
use crate::{Context, output, render};

/// Posts read from the cache per query.
const PAGE: usize = 200;

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Post {
    channel: String,
    #[serde(flatten)]
    message: MessageRow,
}

/// Runs `parta announcements`.
pub fn run(context: &Context, limit: Option<usize>) -> Result<()> {
    let (_, store) = context.open_store()?;
    let own = store.account()?.map(|account| account.person_id);
    let limit = limit.unwrap_or(usize::MAX);
    let mut titles: HashMap<ChatId, String> = HashMap::new();
    let mut posts = Vec::new();
    let mut before: Option<(ChatId, MessageId)> = None;
    while posts.len() < limit {
        let page = store.channel_posts(before, PAGE.min(limit - posts.len()))?;
        let Some(last) = page.last() else { break };
        before = Some((last.message.chat_id, last.message.id));
        for view in page {
            let chat_id = view.message.chat_id;
            if let std::collections::hash_map::Entry::Vacant(slot) = titles.entry(chat_id) {
                slot.insert(match store.chat(chat_id)? {
                    Some(chat) => render::chat_title(&store, &chat, own),
                    None => format!("Канал {chat_id}"),
                });
            }
            posts.push(Post {
                channel: titles.get(&chat_id).cloned().unwrap_or_default(),
                message: row(&view.message, view.sender_name.as_deref(), own),
            });
        }
    }
    if context.json {
        output::print_json(&posts);
        return Ok(());
    }
    if posts.is_empty() {
        say!("Объявлений в кэше нет. Загрузите их командой `parta sync`.");
    }
    for (index, post) in posts.iter().enumerate() {
        if index > 0 {
            say!();
        }
        say!(
            "{} · {} · {}",
            post.channel,
            post.message.time,
            post.message.sender
        );
        for line in &post.message.lines {
            say!("  {line}");
        }
    }
    Ok(())
}
