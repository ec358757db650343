//! Every channel's posts in one feed, newest first (`announcements`), from the cache.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use parta_core::model::{ChatId, PersonId};
use serde::Serialize;
use tauri::State;

use crate::AppError;
use crate::session::AppState;
use crate::views::{Cursor, MessageRow, chat_title, initials, message_row, parse_cursor};

/// The most posts one page may hold.
const MAX_LIMIT: usize = 200;

/// One post with its channel (`Announcement` in `backend.ts`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct Announcement {
    pub channel_id: String,
    pub channel_title: String,
    pub channel_initials: String,
    pub message: MessageRow,
}

/// A page of posts (`AnnouncementPage` in `backend.ts`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AnnouncementPage {
    /// Newest first.
    pub posts: Vec<Announcement>,
    /// The cursor of the next (older) page, if any.
    pub next_cursor: Option<String>,
}

/// Up to `limit` posts older than `before` (the previous page's `nextCursor`).
#[tauri::command(async)]
pub fn announcements(
    state: State<'_, AppState>,
    before: Option<String>,
    limit: Option<usize>,
) -> Result<AnnouncementPage, AppError> {
    let Some(session) = state.current() else {
        return Ok(AnnouncementPage {
            posts: Vec::new(),
            next_cursor: None,
        });
    };
    let limit = limit.unwrap_or(30).clamp(1, MAX_LIMIT);
    let before = match before.as_deref().map(parse_cursor) {
        None => None,
        Some(Some(Cursor::Message(chat, id))) => Some((chat, id)),
        Some(_) => return Err(AppError::BadId(before.unwrap_or_default())),
    };
    let store = session.reader();
    let own = session.own_person_id;
    let mut views = store.channel_posts(before, limit + 1)?;
    let more = views.len() > limit;
    views.truncate(limit);
    let name_of = |person: PersonId| store.person(person).ok().flatten().map(|p| p.name);
    let mut titles: HashMap<ChatId, String> = HashMap::new();
    let mut posts = Vec::with_capacity(views.len());
    for view in views {
        let chat = view.message.chat_id;
        let channel_title = match titles.entry(chat) {
            Entry::Occupied(known) => known.get().clone(),
            Entry::Vacant(slot) => {
                let title = match store.chat(chat)? {
                    Some(found) => chat_title(&found, own, &name_of),
                    None => format!("Канал {}", chat.0),
                };
                slot.insert(title).clone()
            }
        };
        posts.push(Announcement {
            channel_id: chat.0.to_string(),
            channel_initials: initials(&channel_title),
            channel_title,
            message: message_row(&store, own, view),
        });
    }
    let next_cursor = more
        .then(|| posts.last().map(|post| post.message.cursor.clone()))
        .flatten();
    Ok(AnnouncementPage { posts, next_cursor })
}
