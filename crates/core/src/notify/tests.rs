//! The notifier against a real cache in a temp dir, with the clock under the test's control.

use super::settings::tests::msk;
use super::*;
use crate::model::{
    Account, Attachment, Chat, ChatStatus, Element, Message, Person, Reactions, ReadMark,
};

const ME: PersonId = PersonId(1);
const TEACHER: PersonId = PersonId(2);
const PARENT: PersonId = PersonId(3);
const CLASS: ChatId = ChatId(10);
const DIALOG: ChatId = ChatId(11);
const CHANNEL: ChatId = ChatId(12);
const ADMIN: ChatId = ChatId(13);

/// Tuesday 10:00 in Moscow: a school day, no quiet hours.
fn school_day() -> LocalTime {
    msk(1, 10, 0)
}

struct Fixture {
    _dir: tempfile::TempDir,
    store: Store,
    notifier: Notifier,
    next_id: i64,
}

fn chat(id: ChatId, kind: ChatKind, title: &str) -> Chat {
    Chat {
        id,
        kind,
        status: ChatStatus::Active,
        title: title.into(),
        icon_url: None,
        owner: None,
        pinned_message: None,
        last_event_ms: 0,
        participants_count: None,
        raw_json: "{}".into(),
    }
}

fn person(id: PersonId, name: &str) -> Person {
    Person {
        id,
        name: name.into(),
        avatar_url: None,
        raw_json: "{}".into(),
    }
}

fn message(chat_id: ChatId, id: i64, time_ms: i64, sender: PersonId, text: &str) -> Message {
    Message {
        chat_id,
        id: MessageId(id),
        sender: Some(sender),
        time_ms,
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

impl Fixture {
    fn new(settings: NotificationSettings) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path(), &crate::CacheKey::from_bytes([7; 32])).unwrap();
        store
            .write(|batch| {
                batch.save_account(&Account {
                    person_id: ME,
                    platform: "max".into(),
                    display_name: "Мама Пети".into(),
                    raw_json: "{}".into(),
                })?;
                batch.upsert_people(&[
                    person(ME, "Мама Пети"),
                    person(TEACHER, "Марина Ивановна"),
                    person(PARENT, "Папа Оли"),
                ])?;
                batch.upsert_chats(&[
                    chat(CLASS, ChatKind::Group, "5 «А» класс"),
                    chat(DIALOG, ChatKind::Dialog, ""),
                    chat(CHANNEL, ChatKind::Channel, "Школа № 3: объявления"),
                    chat(ADMIN, ChatKind::Channel, "Администрация"),
                ])
            })
            .unwrap();
        Fixture {
            _dir: dir,
            store,
            notifier: Notifier::new(settings),
            next_id: 100,
        }
    }

    fn parent() -> Self {
        Self::new(NotificationSettings::for_parent())
    }

    /// Stores `messages` and returns their arrival, as the engine would announce it.
    fn store_messages(&mut self, messages: Vec<Message>) -> NewMessages {
        let chat_id = messages[0].chat_id;
        let ids = messages.iter().map(|m| m.id).collect();
        self.store
            .write(|batch| batch.upsert_messages(&messages))
            .unwrap();
        NewMessages { chat_id, ids }
    }

    /// A message from `sender` in `chat`, sent a minute before `now`.
    fn make(&mut self, chat: ChatId, sender: PersonId, text: &str, now: LocalTime) -> Message {
        self.next_id += 1;
        message(chat, self.next_id, now.unix_ms - 60_000, sender, text)
    }

    fn arrive(
        &mut self,
        messages: Vec<Message>,
        now: LocalTime,
        reading: Option<ChatId>,
    ) -> Vec<NotificationPlan> {
        let arrived = self.store_messages(messages);
        self.notifier
            .on_new_messages(&self.store, &arrived, now, reading)
            .unwrap()
    }

    /// One message from `sender` in `chat` at `now`, nobody reading.
    fn one(&mut self, chat: ChatId, sender: PersonId, text: &str, now: LocalTime) -> Vec<Plan> {
        let message = self.make(chat, sender, text, now);
        self.arrive(vec![message], now, None)
    }

    fn mute(&mut self, chat: ChatId, dont_disturb_until: i64) {
        self.store
            .write(|batch| batch.set_chat_mute(chat, dont_disturb_until))
            .unwrap();
    }

    fn unread(&self, chat: ChatId) -> u32 {
        self.store.unread_state(chat, ME).unwrap().count
    }
}

type Plan = NotificationPlan;

fn shown(plans: &[Plan]) -> Vec<&Notification> {
    plans
        .iter()
        .filter_map(|plan| match plan {
            Plan::Show(notification) => Some(notification),
            Plan::Clear { .. } => None,
        })
        .collect()
}

/// The only plan, which must be a notification to show.
fn single(plans: &[Plan]) -> &Notification {
    assert_eq!(plans.len(), 1, "expected one plan, got {plans:?}");
    shown(plans)[0]
}

fn mention(person: PersonId) -> Element {
    Element {
        kind: ElementKind::UserMention { person },
        from: 0,
        length: 5,
    }
}

#[test]
fn a_teachers_message_makes_exactly_one_notification() {
    let mut f = Fixture::parent();
    let plans = f.one(CLASS, TEACHER, "Завтра контрольная", school_day());
    let n = single(&plans);
    assert_eq!(n.chat_id, CLASS);
    assert_eq!(n.kind, NotificationKind::Message);
    assert_eq!(n.title, "5 «А» класс");
    assert_eq!(n.body, "Марина Ивановна: Завтра контрольная");
    assert_eq!(n.count, 1);
    assert_eq!(n.group_key, "chat:10");
    assert!(n.can_reply);
    assert_eq!(f.unread(CLASS), 1);
}

#[test]
fn a_dialog_is_titled_with_the_sender() {
    let mut f = Fixture::parent();
    let plans = f.one(DIALOG, TEACHER, "Петя забыл тетрадь", school_day());
    let n = single(&plans);
    assert_eq!(
        (n.title.as_str(), n.body.as_str()),
        ("Марина Ивановна", "Петя забыл тетрадь")
    );
    assert_eq!(n.kind, NotificationKind::Message);
}

#[test]
fn thirty_messages_in_one_batch_are_one_group_of_thirty() {
    let mut f = Fixture::parent();
    let now = school_day();
    let messages = (0..30)
        .map(|i| f.make(CLASS, PARENT, &format!("Ответ {i}"), now))
        .collect();
    let plans = f.arrive(messages, now, None);
    let n = single(&plans);
    assert_eq!(n.count, 30);
    assert_eq!(n.body, "30 новых сообщений");
    assert_eq!(n.title, "5 «А» класс");
    assert_eq!(n.newest, MessageId(130));
    assert_eq!(f.unread(CLASS), 30);
}

#[test]
fn thirty_messages_one_by_one_replace_one_notification() {
    let mut f = Fixture::parent();
    let now = school_day();
    let mut keys = std::collections::BTreeSet::new();
    let mut last = None;
    for i in 0..30 {
        let plans = f.one(CLASS, PARENT, &format!("Ответ {i}"), now);
        let n = single(&plans).clone();
        assert_eq!(n.count, i + 1);
        keys.insert(n.group_key.clone());
        last = Some(n);
    }
    assert_eq!(keys.len(), 1, "one group for the chat");
    let last = last.unwrap();
    assert_eq!(last.body, "30 новых сообщений");
    // The second already reads as a count, with the Russian plural.
    let mut g = Fixture::parent();
    g.one(CLASS, PARENT, "а", now);
    assert_eq!(
        single(&g.one(CLASS, PARENT, "б", now)).body,
        "2 новых сообщения"
    );
    for _ in 0..19 {
        g.one(CLASS, PARENT, "в", now);
    }
    assert_eq!(
        single(&g.one(CLASS, PARENT, "г", now)).body,
        "22 новых сообщения"
    );
}

#[test]
fn an_english_notifier_counts_in_english_and_keeps_the_text() {
    let mut f = Fixture::parent();
    f.notifier.set_locale(crate::Locale::En);
    let now = school_day();
    let first = f.one(CLASS, PARENT, "Завтра контрольная", now);
    assert!(single(&first).body.ends_with(": Завтра контрольная"));
    assert_eq!(
        single(&f.one(CLASS, PARENT, "б", now)).body,
        "2 new messages"
    );
    for _ in 0..2 {
        f.one(CLASS, PARENT, "в", now);
    }
    assert_eq!(
        single(&f.one(CLASS, PARENT, "г", now)).body,
        "5 new messages"
    );
}

#[test]
fn quiet_hours_silence_the_pop_up_but_not_the_unread_count() {
    let mut f = Fixture::new(NotificationSettings::suggested_for_teacher());
    for now in [msk(1, 20, 0), msk(1, 23, 30), msk(2, 0, 30), msk(2, 7, 59)] {
        let before = f.unread(CLASS);
        assert!(f.one(CLASS, PARENT, "Вопрос по домашке", now).is_empty());
        assert_eq!(f.unread(CLASS), before + 1);
    }
    // Saturday and Sunday noon: the weekend is quiet all day.
    assert!(f.one(CLASS, PARENT, "Суббота", msk(5, 12, 0)).is_empty());
    assert!(
        f.one(CLASS, PARENT, "Воскресенье", msk(6, 12, 0))
            .is_empty()
    );
    assert_eq!(f.unread(CLASS), 6);
    // 08:00 on a school day rings again — one message, not the night's backlog.
    let n = f.one(CLASS, PARENT, "Доброе утро", msk(7, 8, 0)).clone();
    assert_eq!(single(&n).count, 1);
    assert_eq!(single(&n).body, "Папа Оли: Доброе утро");
}

#[test]
fn a_parent_has_no_quiet_hours_by_default() {
    let mut f = Fixture::parent();
    assert_eq!(
        shown(&f.one(CLASS, TEACHER, "Поздно", msk(6, 23, 30))).len(),
        1
    );
}

#[test]
fn exceptions_ring_through_quiet_hours_and_mute() {
    let mut settings = NotificationSettings::suggested_for_teacher();
    settings.exceptions.insert(ADMIN);
    let mut f = Fixture::new(settings);
    let night = msk(2, 22, 0);
    let n = f.one(ADMIN, TEACHER, "Завтра педсовет в 8:00", night);
    assert_eq!(single(&n).kind, NotificationKind::Announcement);
    assert!(f.one(CHANNEL, TEACHER, "Ярмарка", night).is_empty());
    f.mute(ADMIN, -1);
    assert_eq!(shown(&f.one(ADMIN, TEACHER, "Срочно", night)).len(), 1);
}

#[test]
fn a_chat_muted_forever_stays_quiet() {
    let mut f = Fixture::parent();
    f.mute(CLASS, -1);
    assert!(
        f.one(CLASS, PARENT, "Кто идёт на экскурсию?", school_day())
            .is_empty()
    );
    assert_eq!(f.unread(CLASS), 1);
    // Other chats are unaffected.
    assert_eq!(
        shown(&f.one(DIALOG, TEACHER, "Добрый день", school_day())).len(),
        1
    );
}

#[test]
fn a_chat_muted_until_a_time_rings_again_after_it() {
    let mut f = Fixture::parent();
    let now = school_day();
    f.mute(CLASS, now.unix_ms + 3_600_000);
    assert!(f.one(CLASS, PARENT, "Через полчаса", now).is_empty());
    let later = LocalTime::new(now.unix_ms + 3_600_000, now.utc_offset_s);
    assert_eq!(shown(&f.one(CLASS, PARENT, "Через час", later)).len(), 1);
    // Unmuted by the platform (0): rings.
    let mut g = Fixture::parent();
    g.mute(CLASS, -1);
    g.mute(CLASS, 0);
    assert_eq!(shown(&g.one(CLASS, PARENT, "Снова слышно", now)).len(), 1);
}

#[test]
fn a_mention_wins_over_mute_but_not_over_quiet_hours() {
    let mut f = Fixture::new(NotificationSettings::suggested_for_teacher());
    f.mute(CLASS, -1);
    let now = school_day();
    let mut to_me = f.make(CLASS, PARENT, "@Мама Пети, заберёте детей?", now);
    to_me.elements.push(mention(ME));
    let plans = f.arrive(vec![to_me], now, None);
    let n = single(&plans);
    assert_eq!(n.kind, NotificationKind::Mention);
    assert_eq!(n.body, "Папа Оли: @Мама Пети, заберёте детей?");
    // A mention of someone else does not break the mute.
    let mut to_other = f.make(CLASS, PARENT, "@Марина Ивановна", now);
    to_other.elements.push(mention(TEACHER));
    assert!(f.arrive(vec![to_other], now, None).is_empty());
    // At night the mention waits, unless the chat is an exception.
    let night = msk(1, 22, 0);
    let mut late = f.make(CLASS, PARENT, "@Мама Пети", night);
    late.elements.push(mention(ME));
    assert!(f.arrive(vec![late.clone()], night, None).is_empty());
    let mut settings = NotificationSettings::suggested_for_teacher();
    settings.exceptions.insert(CLASS);
    f.notifier.set_settings(settings);
    late.id = MessageId(999);
    assert_eq!(shown(&f.arrive(vec![late], night, None)).len(), 1);
}

#[test]
fn a_group_with_a_mention_says_so() {
    let mut f = Fixture::parent();
    let now = school_day();
    f.one(CLASS, PARENT, "Привет", now);
    let mut to_me = f.make(CLASS, TEACHER, "@Мама Пети", now);
    to_me.elements.push(mention(ME));
    let plans = f.arrive(vec![to_me], now, None);
    let n = single(&plans);
    assert_eq!(n.kind, NotificationKind::Mention);
    assert_eq!(n.body, "Вас упомянули · 2 новых сообщения");
}

#[test]
fn privacy_mode_hides_the_text() {
    let mut settings = NotificationSettings::for_parent();
    settings.privacy_mode = true;
    let mut f = Fixture::new(settings);
    let now = school_day();
    let plans = f.one(CLASS, TEACHER, "Оценки за четверть", now);
    let n = single(&plans);
    assert_eq!(n.title, "5 «А» класс");
    assert_eq!(n.body, "Новое сообщение");
    assert!(!n.body.contains("Оценки"));
    let plans = f.one(CHANNEL, TEACHER, "Карантин", now);
    assert_eq!(single(&plans).body, "Новое объявление");
    let mut to_me = f.make(DIALOG, TEACHER, "@Мама Пети, секрет", now);
    to_me.elements.push(mention(ME));
    assert_eq!(
        single(&f.arrive(vec![to_me], now, None)).body,
        "Вас упомянули"
    );
}

#[test]
fn own_system_control_and_deleted_messages_never_notify() {
    let mut f = Fixture::parent();
    let now = school_day();
    assert!(f.one(CLASS, ME, "Моё сообщение", now).is_empty());
    let mut system = f.make(CLASS, TEACHER, "Марина Ивановна добавила Папу Оли", now);
    system.kind = MessageKind::System;
    let mut control = f.make(CLASS, TEACHER, "", now);
    control.kind = MessageKind::Control;
    let mut control_attach = f.make(CLASS, TEACHER, "", now);
    control_attach.attachments.push(Attachment {
        kind: AttachmentKind::Control {
            event: "add".into(),
        },
        raw_json: "{}".into(),
    });
    let mut deleted = f.make(CLASS, TEACHER, "", now);
    deleted.state = MessageState::Deleted;
    let mut nobody = f.make(CLASS, TEACHER, "без автора", now);
    nobody.sender = None;
    let plans = f.arrive(
        vec![system, control, control_attach, deleted, nobody],
        now,
        None,
    );
    assert!(plans.is_empty(), "{plans:?}");
    // Own messages mixed with others: only the others count.
    let mine = f.make(CLASS, ME, "Спасибо", now);
    let theirs = f.make(CLASS, TEACHER, "Пожалуйста", now);
    let plans = f.arrive(vec![mine, theirs], now, None);
    assert_eq!(single(&plans).count, 1);
    assert_eq!(single(&plans).body, "Марина Ивановна: Пожалуйста");
}

#[test]
fn a_channel_post_is_an_announcement_with_the_channel_title() {
    let mut f = Fixture::parent();
    let now = school_day();
    let plans = f.one(CHANNEL, TEACHER, "Родительское собрание в четверг", now);
    let n = single(&plans);
    assert_eq!(n.kind, NotificationKind::Announcement);
    assert_eq!(n.title, "Школа № 3: объявления");
    assert_eq!(n.body, "Родительское собрание в четверг");
    assert!(!n.can_reply);
    f.one(CHANNEL, TEACHER, "Второе", now);
    let plans = f.one(CHANNEL, TEACHER, "Третье", now);
    assert_eq!(single(&plans).body, "3 новых объявления");
}

#[test]
fn nothing_for_the_chat_being_read() {
    let mut f = Fixture::parent();
    let now = school_day();
    let message = f.make(CLASS, TEACHER, "Вижу", now);
    assert!(f.arrive(vec![message], now, Some(CLASS)).is_empty());
    let message = f.make(CLASS, TEACHER, "Другой чат открыт", now);
    assert_eq!(shown(&f.arrive(vec![message], now, Some(DIALOG))).len(), 1);
    // Opening the chat closes its notification.
    assert_eq!(
        f.notifier.on_reading(Some(CLASS)),
        vec![Plan::Clear {
            chat_id: CLASS,
            group_key: "chat:10".into()
        }]
    );
    assert!(f.notifier.on_reading(Some(CLASS)).is_empty());
    assert!(f.notifier.on_reading(None).is_empty());
}

#[test]
fn reading_the_chat_clears_its_group() {
    let mut f = Fixture::parent();
    let now = school_day();
    f.one(CLASS, TEACHER, "Первое", now);
    f.one(DIALOG, TEACHER, "Личное", now);
    let newest = f.make(CLASS, TEACHER, "Второе", now);
    let newest_ms = newest.time_ms;
    f.arrive(vec![newest], now, None);
    assert!(f.notifier.on_chats_changed(&f.store).unwrap().is_empty());
    // Read on the phone, but not up to the newest: still open.
    let mark = |ms| ReadMark {
        chat_id: CLASS,
        person: ME,
        mark_ms: ms,
    };
    f.store
        .write(|batch| batch.set_read_mark(mark(newest_ms - 1)))
        .unwrap();
    assert!(f.notifier.on_chats_changed(&f.store).unwrap().is_empty());
    f.store
        .write(|batch| batch.set_read_mark(mark(newest_ms)))
        .unwrap();
    assert_eq!(
        f.notifier.on_chats_changed(&f.store).unwrap(),
        vec![Plan::Clear {
            chat_id: CLASS,
            group_key: group_key(CLASS)
        }]
    );
    assert!(f.notifier.on_chats_changed(&f.store).unwrap().is_empty());
    // A new message starts a new group.
    let later = LocalTime::new(now.unix_ms + 120_000, now.utc_offset_s);
    assert_eq!(single(&f.one(CLASS, TEACHER, "Третье", later)).count, 1);
    // The dialog's group is still open and counts on.
    assert_eq!(single(&f.one(DIALOG, TEACHER, "Ещё", now)).count, 2);
}

#[test]
fn already_read_or_stale_messages_do_not_notify() {
    let mut f = Fixture::parent();
    let now = school_day();
    let old = f.make(CLASS, TEACHER, "Прочитано на телефоне", now);
    f.store
        .write(|batch| {
            batch.set_read_mark(ReadMark {
                chat_id: CLASS,
                person: ME,
                mark_ms: old.time_ms,
            })
        })
        .unwrap();
    assert!(f.arrive(vec![old], now, None).is_empty());
    let mut stale = f.make(DIALOG, TEACHER, "Неделю назад", now);
    stale.time_ms = now.unix_ms - 7 * STALE_AFTER_MS;
    assert!(f.arrive(vec![stale], now, None).is_empty());
}

#[test]
fn dismissing_and_turning_off() {
    let mut f = Fixture::parent();
    let now = school_day();
    f.one(CLASS, TEACHER, "Раз", now);
    f.notifier.dismissed(CLASS);
    assert_eq!(single(&f.one(CLASS, TEACHER, "Два", now)).count, 1);
    f.one(DIALOG, TEACHER, "Три", now);
    let off = NotificationSettings {
        enabled: false,
        ..NotificationSettings::for_parent()
    };
    let closed = f.notifier.set_settings(off);
    assert_eq!(closed.len(), 2);
    assert!(f.one(CLASS, TEACHER, "Четыре", now).is_empty());
    assert_eq!(f.unread(CLASS), 3);
    assert!(f.notifier.clear_all().is_empty());
}

#[test]
fn hostile_text_becomes_one_short_clean_line() {
    let mut f = Fixture::parent();
    let now = school_day();
    f.store
        .write(|batch| {
            batch.upsert_chats(&[chat(
                CLASS,
                ChatKind::Group,
                "\u{202E}ссалк\n«А»\0\u{1b}[2J",
            )])
        })
        .unwrap();
    let long = format!("{}\n\n\tконец", "ж".repeat(10_000));
    let plans = f.one(CLASS, TEACHER, &format!("\0\u{7}Внимание!\r\n{long}"), now);
    let n = single(&plans);
    assert_eq!(n.title, "ссалк «А»[2J");
    assert!(n.body.starts_with("Марина Ивановна: Внимание! жжж"));
    assert!(n.body.chars().count() <= BODY_CHARS);
    assert!(n.body.ends_with('…'));
    assert!(!n.body.chars().any(char::is_control));
    assert!(!n.title.chars().any(|c| c.is_control() || c == '\u{202E}'));
    // Text of only control characters and spaces: the preview says «Сообщение».
    let plans = f.one(DIALOG, TEACHER, "\0\n\u{7}  \u{202E}", now);
    assert_eq!(single(&plans).body, "Сообщение");
}

#[test]
fn a_message_before_its_chat_still_notifies() {
    let mut f = Fixture::parent();
    let now = school_day();
    let plans = f.one(ChatId(404), TEACHER, "Новый чат", now);
    let n = single(&plans);
    assert_eq!(n.title, "Групповой чат");
    assert_eq!(n.body, "Марина Ивановна: Новый чат");
    // Ids the cache does not hold are skipped.
    let arrived = NewMessages {
        chat_id: CLASS,
        ids: vec![MessageId(123_456)],
    };
    assert!(
        f.notifier
            .on_new_messages(&f.store, &arrived, now, None)
            .unwrap()
            .is_empty()
    );
}
