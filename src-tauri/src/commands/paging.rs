//! Reading one page of a chat from the cache, with `hasOlder`/`hasNewer` and the local echoes
//! of the chat's pending and failed sends on the newest page.

use parta_core::Store;
use parta_core::model::{ChatId, PersonId};
use parta_core::outbox::pending_and_failed;
use parta_core::store::MessageView;

use super::chats::parse_id;
use super::messages::PageRequest;
use crate::AppError;
use crate::views::{Cursor, MessageRow, echo_row, message_row, parse_cursor};

/// Messages oldest first, and whether more exist either way.
pub struct Page {
    /// Oldest first.
    pub messages: Vec<MessageRow>,
    /// More older messages in the cache or on the platform.
    pub has_older: bool,
    /// More newer messages in the cache.
    pub has_newer: bool,
}

/// Reads the page `request` names.
pub fn read_page(
    store: &Store,
    own: PersonId,
    chat: ChatId,
    request: &PageRequest,
    limit: usize,
) -> Result<Page, AppError> {
    // Each arm gives the cached messages oldest first.
    let (mut views, has_older, has_newer) = match request {
        PageRequest::Newest => newest(store, chat, limit)?,
        PageRequest::Before { cursor } => match own_cursor(cursor, chat)? {
            Some(before) => {
                let mut views = store.messages_before(chat, before, limit + 1)?;
                let has_older = views.len() > limit || store.can_load_older(chat)?;
                views.truncate(limit);
                views.reverse();
                (views, has_older, true)
            }
            // Before a local echo: the newest cached messages.
            None => {
                let (views, has_older, _) = newest(store, chat, limit)?;
                (views, has_older, true)
            }
        },
        PageRequest::After { cursor } => match own_cursor(cursor, chat)? {
            Some(after) => {
                let mut views = store.messages_after(chat, after, limit + 1)?;
                let has_newer = views.len() > limit;
                views.truncate(limit);
                (views, true, has_newer)
            }
            None => (Vec::new(), true, false),
        },
        PageRequest::Around { message_id } => {
            let id = parta_core::model::MessageId(parse_id(message_id)?);
            around(store, chat, id, limit)?
        }
        PageRequest::FirstUnread => match store.unread_state(chat, own)?.first_unread {
            Some(first) => around(store, chat, first, limit)?,
            None => newest(store, chat, limit)?,
        },
    };
    let mut rows: Vec<MessageRow> = Vec::with_capacity(views.len());
    let sent_ids: Vec<i64> = views.iter().filter_map(|v| v.message.client_id).collect();
    for view in views.drain(..) {
        rows.push(message_row(store, own, view));
    }
    if !has_newer {
        let entries = pending_and_failed(store, chat)?;
        let own_name = store.person(own)?.map(|person| person.name);
        rows.extend(
            entries
                .iter()
                .filter(|entry| !sent_ids.contains(&entry.client_id))
                .filter_map(|entry| echo_row(entry, &entries, own, own_name.as_deref())),
        );
    }
    Ok(Page {
        messages: rows,
        has_older,
        has_newer,
    })
}

type Views = (Vec<MessageView>, bool, bool);

fn newest(store: &Store, chat: ChatId, limit: usize) -> Result<Views, AppError> {
    let mut views = store.newest_messages(chat, limit + 1)?;
    let has_older = views.len() > limit || store.can_load_older(chat)?;
    views.truncate(limit);
    views.reverse();
    Ok((views, has_older, false))
}

fn around(
    store: &Store,
    chat: ChatId,
    id: parta_core::model::MessageId,
    limit: usize,
) -> Result<Views, AppError> {
    let mut views = store.messages_around(chat, id, limit)?;
    if views.is_empty() {
        // Not cached (any more): the newest page is the best place to land.
        return newest(store, chat, limit);
    }
    views.reverse();
    let (first, last) = match (views.first(), views.last()) {
        (Some(first), Some(last)) => (first.message.id, last.message.id),
        _ => return newest(store, chat, limit),
    };
    let has_older =
        !store.messages_before(chat, first, 1)?.is_empty() || store.can_load_older(chat)?;
    let has_newer = !store.messages_after(chat, last, 1)?.is_empty();
    Ok((views, has_older, has_newer))
}

/// A cursor of this chat's cached message; `None` for a local echo's.
fn own_cursor(
    cursor: &str,
    chat: ChatId,
) -> Result<Option<parta_core::model::MessageId>, AppError> {
    match parse_cursor(cursor) {
        Some(Cursor::Message(of, id)) if of == chat => Ok(Some(id)),
        Some(Cursor::Local(_)) => Ok(None),
        _ => Err(AppError::BadId(cursor.chars().take(40).collect())),
    }
}
