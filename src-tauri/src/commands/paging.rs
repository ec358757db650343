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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use parta_core::model::{Account, MessageId, MessageKind, MessageState, Reactions};
    use parta_core::outbox::Outbox;

    use super::*;

    const ME: PersonId = PersonId(1);
    const CHAT: ChatId = ChatId(10);

    fn message(id: i64, sender: PersonId) -> parta_core::model::Message {
        parta_core::model::Message {
            chat_id: CHAT,
            id: MessageId(id),
            sender: Some(sender),
            time_ms: id * 1_000,
            kind: MessageKind::User,
            text: format!("сообщение {id}"),
            elements: Vec::new(),
            attachments: Vec::new(),
            link: None,
            state: MessageState::Original,
            reactions: Reactions::default(),
            client_id: None,
            raw_json: "{}".into(),
        }
    }

    fn store_with(count: i64) -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let mut store =
            Store::open(dir.path(), &parta_core::CacheKey::from_bytes([7; 32])).unwrap();
        store
            .write(|batch| {
                batch.save_account(&Account {
                    person_id: ME,
                    platform: "max".into(),
                    display_name: "Мария".into(),
                    raw_json: "{}".into(),
                })?;
                let messages: Vec<_> = (1..=count).map(|id| message(id, PersonId(2))).collect();
                batch.upsert_messages(&messages).map(drop)
            })
            .unwrap();
        (dir, store)
    }

    fn ids(page: &Page) -> Vec<String> {
        page.messages.iter().map(|row| row.id.clone()).collect()
    }

    #[test]
    fn pages_walk_back_and_forth_oldest_first() {
        let (_dir, store) = store_with(10);
        let newest = read_page(&store, ME, CHAT, &PageRequest::Newest, 4).unwrap();
        assert_eq!(ids(&newest), ["7", "8", "9", "10"]);
        assert!(newest.has_older && !newest.has_newer);

        let cursor = newest.messages[0].cursor.clone();
        let before = read_page(&store, ME, CHAT, &PageRequest::Before { cursor }, 4).unwrap();
        assert_eq!(ids(&before), ["3", "4", "5", "6"]);
        assert!(before.has_older && before.has_newer);

        let cursor = before.messages[0].cursor.clone();
        let oldest = read_page(&store, ME, CHAT, &PageRequest::Before { cursor }, 4).unwrap();
        assert_eq!(ids(&oldest), ["1", "2"]);
        assert!(!oldest.has_older, "the engine holds no older span");

        let cursor = oldest.messages[1].cursor.clone();
        let after = read_page(&store, ME, CHAT, &PageRequest::After { cursor }, 3).unwrap();
        assert_eq!(ids(&after), ["3", "4", "5"]);
        assert!(after.has_newer);

        let around = PageRequest::Around {
            message_id: "5".into(),
        };
        let page = read_page(&store, ME, CHAT, &around, 3).unwrap();
        assert_eq!(ids(&page), ["4", "5", "6"]);
        assert!(page.has_older && page.has_newer);
    }

    #[test]
    fn first_unread_lands_around_the_first_unread_message() {
        let (_dir, mut store) = store_with(10);
        store
            .write(|batch| {
                batch.set_read_mark(parta_core::model::ReadMark {
                    chat_id: CHAT,
                    person: ME,
                    mark_ms: 6_000,
                })
            })
            .unwrap();
        let page = read_page(&store, ME, CHAT, &PageRequest::FirstUnread, 3).unwrap();
        assert!(ids(&page).contains(&"7".to_owned()));
    }

    #[test]
    fn a_cursor_of_another_chat_or_garbage_is_refused() {
        let (_dir, store) = store_with(3);
        for cursor in ["99:1", "garbage", "1:"] {
            let request = PageRequest::Before {
                cursor: cursor.into(),
            };
            assert!(
                read_page(&store, ME, CHAT, &request, 3).is_err(),
                "{cursor}"
            );
        }
    }

    #[test]
    fn pending_sends_join_the_newest_page_as_echoes() {
        let (_dir, store) = store_with(2);
        let platform = parta_max::MaxPlatform::new("ws://127.0.0.1:1/websocket", "", "").unwrap();
        let engine = parta_core::sync::SyncEngine::new(platform, store);
        let client_id = Outbox::new(engine.clone())
            .send_text(CHAT, "Завтра собрание", None)
            .unwrap();
        let store = engine.store();
        let page = read_page(&store, ME, CHAT, &PageRequest::Newest, 10).unwrap();
        let echo = page.messages.last().unwrap();
        assert_eq!(echo.id, format!("local-{client_id}"));
        assert!(echo.own);
        assert_eq!(
            echo.outbox.as_ref().map(|o| o.client_id.clone()),
            Some(client_id.to_string())
        );
        // A page that is not the newest carries no echoes.
        let cursor = page.messages[1].cursor.clone();
        let before = read_page(&store, ME, CHAT, &PageRequest::Before { cursor }, 10).unwrap();
        assert!(before.messages.iter().all(|row| row.outbox.is_none()));
    }
}
