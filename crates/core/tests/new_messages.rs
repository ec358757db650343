//! The engine's arrivals for the notifier: pushes and catch-up pages announce the messages new
//! to the cache and to the person — never the first sync's history, older pages, re-seen
//! copies or edits — and the existing sync events stay as they were. Mute changes are stored.
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::sync::Mutex;

use parta_core::files::RemoteFile;
use parta_core::model::{Attachment, Chat, ChatId, ChatKind, Message, MessageId, MessageState};
use parta_core::notify::{LocalTime, Mute, NotificationPlan, NotificationSettings, Notifier};
use parta_core::platform::{
    LocalFile, LoginSnapshot, OutgoingMessage, Platform, PlatformEvent, PlatformResult,
};
use parta_core::sync::{NewMessages, SyncEngine, SyncEvent};
use tokio::sync::broadcast::Receiver;

const CLASS: ChatId = ChatId(10);
const NEW_CHAT: ChatId = ChatId(20);

/// A platform whose server side the test edits: chats, messages, the next marker, pushes.
#[derive(Default)]
struct Server {
    chats: Mutex<Vec<Chat>>,
    messages: Mutex<Vec<Message>>,
    volunteered: Mutex<Vec<Message>>,
    marker: Mutex<i64>,
    pushes: Mutex<VecDeque<PlatformEvent>>,
}

impl Server {
    fn post(&self, chat: ChatId, id: i64, time_ms: i64) -> Message {
        let message = common::message(chat.0, id, time_ms, common::TEACHER, "Домашнее задание");
        self.messages.lock().unwrap().push(message.clone());
        let mut chats = self.chats.lock().unwrap();
        if let Some(c) = chats.iter_mut().find(|c| c.id == chat) {
            c.last_event_ms = c.last_event_ms.max(time_ms);
        }
        message
    }

    fn add_chat(&self, id: ChatId) {
        self.chats
            .lock()
            .unwrap()
            .push(common::chat(id.0, ChatKind::Group, "5 «А» класс"));
    }
}

impl Platform for Server {
    async fn login(&self, _marker: i64) -> PlatformResult<LoginSnapshot> {
        Ok(LoginSnapshot {
            me: parta_core::model::Person {
                id: common::ME,
                name: "Мария Ивановна".into(),
                avatar_url: None,
                raw_json: "{}".into(),
            },
            chats: self.chats.lock().unwrap().clone(),
            people: Vec::new(),
            messages: std::mem::take(&mut *self.volunteered.lock().unwrap()),
            marker: *self.marker.lock().unwrap(),
            unread: Vec::new(),
        })
    }
    async fn history(
        &self,
        chat_id: ChatId,
        from_ms: i64,
        forward: u32,
        backward: u32,
    ) -> PlatformResult<Vec<Message>> {
        let mut all: Vec<Message> = self
            .messages
            .lock()
            .unwrap()
            .iter()
            .filter(|m| m.chat_id == chat_id)
            .cloned()
            .collect();
        all.sort_by_key(|m| m.time_ms);
        let mut page: Vec<Message> = all
            .iter()
            .filter(|m| m.time_ms >= from_ms)
            .take(forward as usize)
            .cloned()
            .collect();
        let older: Vec<Message> = all.into_iter().filter(|m| m.time_ms <= from_ms).collect();
        let skip = older.len().saturating_sub(backward as usize);
        page.extend(older.into_iter().skip(skip));
        page.sort_by_key(|m| m.time_ms);
        page.dedup_by_key(|m| m.id);
        Ok(page)
    }
    async fn send(&self, _: ChatId, _: &OutgoingMessage) -> PlatformResult<Message> {
        unreachable!("nothing is sent here")
    }
    async fn edit(&self, _: ChatId, _: MessageId, _: &str) -> PlatformResult<()> {
        Ok(())
    }
    async fn delete(&self, _: ChatId, _: &[MessageId]) -> PlatformResult<()> {
        Ok(())
    }
    async fn mark_read(&self, _: ChatId, _: MessageId) -> PlatformResult<()> {
        Ok(())
    }
    async fn upload(&self, _: &LocalFile) -> PlatformResult<String> {
        Ok(String::new())
    }
    async fn fetch(
        &self,
        _: &Message,
        _: &Attachment,
        _: u64,
    ) -> PlatformResult<Option<(RemoteFile, Vec<u8>)>> {
        Ok(None)
    }
    async fn next_event(&self) -> Option<PlatformEvent> {
        self.pushes.lock().unwrap().pop_front()
    }
}

fn engine() -> (tempfile::TempDir, SyncEngine<Server>) {
    let (dir, store) = common::open_store();
    let server = Server::default();
    server.add_chat(CLASS);
    for (id, time) in [(1, 100), (2, 200), (3, 300)] {
        server.post(CLASS, id, time);
    }
    *server.marker.lock().unwrap() = 1_000;
    (dir, SyncEngine::new(server, store))
}

fn drain<T: Clone>(receiver: &mut Receiver<T>) -> Vec<T> {
    std::iter::from_fn(|| receiver.try_recv().ok()).collect()
}

/// Every announced id, by chat.
fn by_chat(arrivals: &[NewMessages]) -> BTreeMap<ChatId, BTreeSet<i64>> {
    let mut chats: BTreeMap<ChatId, BTreeSet<i64>> = BTreeMap::new();
    for arrival in arrivals {
        chats
            .entry(arrival.chat_id)
            .or_default()
            .extend(arrival.ids.iter().map(|id| id.0));
    }
    chats
}

#[tokio::test]
async fn the_first_sync_is_history_and_announces_nothing() {
    let (_dir, engine) = engine();
    let mut arrivals = engine.subscribe_new_messages();
    let mut events = engine.subscribe();
    let report = engine.sync_once().await.unwrap();
    assert_eq!(report.messages, 3);
    assert!(drain(&mut arrivals).is_empty());
    // The usual events still come.
    let events = drain(&mut events);
    assert!(events.contains(&SyncEvent::MessagesChanged(CLASS)));
    assert!(events.contains(&SyncEvent::ChatsChanged));
}

#[tokio::test]
async fn a_push_announces_a_new_message_once_and_never_an_edit() {
    let (_dir, engine) = engine();
    engine.sync_once().await.unwrap();
    let mut arrivals = engine.subscribe_new_messages();
    let mut events = engine.subscribe();

    let pushed = common::message(CLASS.0, 4, 1_100, common::TEACHER, "Завтра контрольная");
    engine
        .apply(PlatformEvent::Message(pushed.clone()))
        .unwrap();
    assert_eq!(
        drain(&mut arrivals),
        [NewMessages {
            chat_id: CLASS,
            ids: vec![MessageId(4)]
        }]
    );
    assert_eq!(
        drain(&mut events),
        [SyncEvent::MessagesChanged(CLASS), SyncEvent::ChatsChanged]
    );

    // Seen again, edited, deleted: the events as before, no arrival.
    let mut edited = pushed.clone();
    edited.text = "Контрольная переносится".into();
    edited.state = MessageState::Edited;
    let mut deleted = pushed.clone();
    deleted.state = MessageState::Deleted;
    for again in [pushed, edited, deleted] {
        engine.apply(PlatformEvent::Message(again)).unwrap();
        assert!(drain(&mut arrivals).is_empty());
        assert_eq!(
            drain(&mut events),
            [SyncEvent::MessagesChanged(CLASS), SyncEvent::ChatsChanged]
        );
    }
    // A message that arrives already deleted is no news either.
    let mut gone = common::message(CLASS.0, 5, 1_200, common::TEACHER, "");
    gone.state = MessageState::Deleted;
    engine.apply(PlatformEvent::Message(gone)).unwrap();
    assert!(drain(&mut arrivals).is_empty());
}

#[tokio::test]
async fn a_catch_up_announces_only_what_arrived_since_the_last_one() {
    let (_dir, engine) = engine();
    engine.sync_once().await.unwrap();
    let server = engine.platform();
    // While offline: two new messages in the class chat (the newest also volunteered by the
    // login answer), and the account was added to a chat with an old history.
    server.post(CLASS, 4, 1_500);
    let newest = server.post(CLASS, 5, 1_600);
    server.volunteered.lock().unwrap().push(newest);
    server.add_chat(NEW_CHAT);
    for (id, time) in [(40, 400), (41, 900)] {
        server.post(NEW_CHAT, id, time);
    }
    server.post(NEW_CHAT, 42, 1_700);
    *server.marker.lock().unwrap() = 2_000;

    let mut arrivals = engine.subscribe_new_messages();
    engine.sync_once().await.unwrap();
    let arrived = drain(&mut arrivals);
    assert_eq!(
        by_chat(&arrived),
        BTreeMap::from([
            (CLASS, BTreeSet::from([4, 5])),
            (NEW_CHAT, BTreeSet::from([42]))
        ])
    );
    // Each message once.
    let total: usize = arrived.iter().map(|a| a.ids.len()).sum();
    assert_eq!(total, 3);

    // Nothing new: a catch-up announces nothing.
    engine.sync_once().await.unwrap();
    assert!(drain(&mut arrivals).is_empty());
}

#[tokio::test]
async fn older_history_is_never_news() {
    let (_dir, engine) = engine();
    let server = engine.platform();
    // More than one page, so the first sync leaves older history to fetch.
    for id in 10..70 {
        server.post(CLASS, id, 300 + id);
    }
    engine.sync_once().await.unwrap();
    let mut arrivals = engine.subscribe_new_messages();
    assert!(engine.load_older(CLASS).await.unwrap() > 0);
    assert!(drain(&mut arrivals).is_empty());
}

#[tokio::test]
async fn a_mute_change_is_stored_and_the_list_refreshes() {
    let (_dir, engine) = engine();
    engine.sync_once().await.unwrap();
    let mut events = engine.subscribe();
    engine
        .apply(PlatformEvent::MuteChanged {
            chat_id: CLASS,
            dont_disturb_until: -1,
        })
        .unwrap();
    assert_eq!(engine.store().chat_mute(CLASS).unwrap(), Mute::Forever);
    assert_eq!(drain(&mut events), [SyncEvent::ChatsChanged]);
    engine
        .apply(PlatformEvent::MuteChanged {
            chat_id: CLASS,
            dont_disturb_until: 0,
        })
        .unwrap();
    assert_eq!(engine.store().chat_mute(CLASS).unwrap(), Mute::Off);
}

/// The wiring the shell does, end to end: a pushed message → one notification; muted → none,
/// and the unread count rises either way; read elsewhere → the notification closes.
#[tokio::test]
async fn the_shell_wiring_from_push_to_plan() {
    let (_dir, engine) = engine();
    engine.sync_once().await.unwrap();
    let mut arrivals = engine.subscribe_new_messages();
    let mut notifier = Notifier::new(NotificationSettings::for_parent());
    let now = LocalTime::new(1_200, 3 * 3600);

    let mut pushes = vec![common::message(
        CLASS.0,
        4,
        1_100,
        common::TEACHER,
        "Завтра контрольная",
    )];
    engine
        .platform()
        .pushes
        .lock()
        .unwrap()
        .extend(pushes.drain(..).map(PlatformEvent::Message));
    engine.apply_pushes().await.unwrap();
    let mut plans = Vec::new();
    for arrived in drain(&mut arrivals) {
        plans.extend(
            notifier
                .on_new_messages(&engine.store(), &arrived, now, None)
                .unwrap(),
        );
    }
    assert_eq!(plans.len(), 1);
    let NotificationPlan::Show(shown) = &plans[0] else {
        panic!("expected a notification, got {plans:?}");
    };
    assert_eq!(shown.title, "5 «А» класс");
    assert_eq!(shown.body, "Пётр Сергеевич: Завтра контрольная");

    engine
        .apply(PlatformEvent::MuteChanged {
            chat_id: CLASS,
            dont_disturb_until: -1,
        })
        .unwrap();
    let muted = common::message(CLASS.0, 5, 1_150, common::TEACHER, "Ещё одно");
    engine.apply(PlatformEvent::Message(muted)).unwrap();
    for arrived in drain(&mut arrivals) {
        assert!(
            notifier
                .on_new_messages(&engine.store(), &arrived, now, None)
                .unwrap()
                .is_empty()
        );
    }
    let unread = engine
        .store()
        .unread_state(CLASS, common::ME)
        .unwrap()
        .count;
    assert_eq!(unread, 5);

    engine
        .apply(PlatformEvent::ReadMark {
            chat_id: CLASS,
            person: common::ME,
            mark_ms: 1_150,
        })
        .unwrap();
    assert_eq!(
        notifier.on_chats_changed(&engine.store()).unwrap(),
        [NotificationPlan::Clear {
            chat_id: CLASS,
            group_key: "chat:10".into()
        }]
    );
}
