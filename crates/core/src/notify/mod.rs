//! Notifications: what to pop up, decided from what the sync engine stored.
//!
//! Design: the [`Notifier`] decides and the shell shows. The shell feeds it every
//! [`NewMessages`] from [`SyncEngine::subscribe_new_messages`](crate::sync::SyncEngine) together
//! with the cache, the local time ([`LocalTime`]) and the chat the person is reading in a
//! focused window; it answers [`NotificationPlan`]s — show (or replace) one notification per
//! chat, or close it — which the shell hands to the OS (notify-rust), adding «Прочитано» and
//! «Ответить» where the desktop supports actions. The notifier never writes the cache, so quiet
//! hours and mute silence a pop-up but never an unread count.
//!
//! A message pops up when all of these hold: notifications are on; it is not in the chat being
//! read; a person other than the account wrote it (not a system or control message, not
//! deleted); it is newer than the account's read mark and than a day ago (a laptop opened after
//! a week does not replay it); and either the chat is an exception (always notifies), or quiet
//! hours allow it now and the chat is not muted (MAX `dontDisturbUntil`, see [`Mute`]) unless the
//! message mentions the account. A channel post is an announcement, titled with the channel.
//!
//! Grouping: one notification per chat (`group_key`), replaced as more arrive: the first reads
//! «5 «А» класс» / «Марина Ивановна: Завтра контрольная», the next «2 новых сообщения». A group
//! ends when the read mark passes its newest message ([`Notifier::on_chats_changed`]), when the
//! person opens the chat ([`Notifier::on_reading`]) or dismisses the pop-up
//! ([`Notifier::dismissed`]); the next message starts a new one.
//!
//! Words: Russian by default, English after [`Notifier::set_locale`] (the shell passes the
//! window's language); server text (names, titles, message text) is shown as it came.

mod mute;
mod settings;
mod text;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use mute::Mute;
pub use settings::{LocalTime, NotificationSettings, QuietHours};
pub use text::{
    BODY_CHARS, TITLE_CHARS, escape_markup, new_announcements, new_messages, one_line, plural,
    preview,
};

use crate::model::{
    AttachmentKind, Chat, ChatId, ChatKind, ElementKind, MessageId, MessageKind, MessageState,
    PersonId,
};
use crate::store::MessageView;
use crate::sync::NewMessages;
use crate::{Locale, Result, Store};

/// Messages older than this (by their send time) never pop up.
pub const STALE_AFTER_MS: i64 = 24 * 60 * 60 * 1000;

/// What a notification is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NotificationKind {
    /// New messages in a dialog or a group chat.
    Message,
    /// New posts in a channel (a school's announcements).
    Announcement,
    /// New messages in a chat, at least one of them mentioning the account.
    Mention,
}

/// One notification to show, replacing any shown with the same `group_key`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    /// The chat it is about; clicking opens it.
    pub chat_id: ChatId,
    /// Message, announcement or mention.
    pub kind: NotificationKind,
    /// The sender (a dialog) or the chat's title, one plain line.
    pub title: String,
    /// A preview, «Новое сообщение» in privacy mode, or «3 новых сообщения»; one plain line.
    pub body: String,
    /// How many messages the group holds.
    pub count: u32,
    /// The same for every notification of a chat: the shell replaces by it.
    pub group_key: String,
    /// The newest message in the group: «Прочитано» marks the chat read up to it.
    pub newest: MessageId,
    /// Whether «Ответить» makes sense (not for a channel).
    pub can_reply: bool,
}

/// What the shell should do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum NotificationPlan {
    /// Show this, replacing what is shown under its `group_key`.
    Show(Notification),
    /// Close what is shown for this chat: it was read.
    Clear {
        /// The chat.
        chat_id: ChatId,
        /// The key it was shown under.
        group_key: String,
    },
}

/// The key a chat's notifications share.
pub fn group_key(chat_id: ChatId) -> String {
    format!("chat:{chat_id}")
}

/// A chat's open notification.
#[derive(Debug, Clone)]
struct Group {
    count: u32,
    mentioned: bool,
    newest: MessageId,
    newest_ms: i64,
}

/// Decides the pop-ups of one account. Keep one per account for the session; it remembers the
/// open group of each chat.
#[derive(Debug, Clone, Default)]
pub struct Notifier {
    settings: NotificationSettings,
    locale: Locale,
    groups: BTreeMap<ChatId, Group>,
}

/// A message that passed the rules, with what its pop-up needs.
struct Shown {
    view: MessageView,
    mentions_me: bool,
}

impl Notifier {
    /// A notifier with these settings and no open notifications.
    pub fn new(settings: NotificationSettings) -> Self {
        Notifier {
            settings,
            locale: Locale::default(),
            groups: BTreeMap::new(),
        }
    }

    /// The language of the pop-ups composed from now on (those shown keep theirs until
    /// replaced).
    pub fn set_locale(&mut self, locale: Locale) {
        self.locale = locale;
    }

    /// The current settings.
    pub fn settings(&self) -> &NotificationSettings {
        &self.settings
    }

    /// Replaces the settings; turning notifications off closes every open one.
    pub fn set_settings(&mut self, settings: NotificationSettings) -> Vec<NotificationPlan> {
        self.settings = settings;
        if self.settings.enabled {
            Vec::new()
        } else {
            self.clear_all()
        }
    }

    /// Decides what `arrived` shows: nothing, or one notification for its chat (the chat's group
    /// updated). `reading` is the chat open in a focused window, if any.
    pub fn on_new_messages(
        &mut self,
        store: &Store,
        arrived: &NewMessages,
        now: LocalTime,
        reading: Option<ChatId>,
    ) -> Result<Vec<NotificationPlan>> {
        let chat_id = arrived.chat_id;
        if !self.settings.enabled || reading == Some(chat_id) || arrived.ids.is_empty() {
            return Ok(Vec::new());
        }
        let own = store.account()?.map(|account| account.person_id);
        let chat = store.chat(chat_id)?;
        let read_mark_ms = store.own_read_mark_ms(chat_id)?;
        let exception = self.settings.exceptions.contains(&chat_id);
        let quiet = !self.settings.quiet_hours_allow(now);
        let muted = store.chat_mute(chat_id)?.is_active(now.unix_ms);

        let mut shown = Vec::new();
        for &id in &arrived.ids {
            let Some(view) = store.message(chat_id, id)? else {
                continue;
            };
            let message = &view.message;
            let from_someone = message.kind == MessageKind::User
                && message.sender.is_some()
                && message.sender != own
                && message.state != MessageState::Deleted
                && !message
                    .attachments
                    .iter()
                    .any(|a| matches!(a.kind, AttachmentKind::Control { .. }));
            let fresh = message.time_ms > read_mark_ms
                && message.time_ms > now.unix_ms.saturating_sub(STALE_AFTER_MS);
            if !from_someone || !fresh {
                continue;
            }
            let mentions_me = own.is_some_and(|own| mentions(&view, own));
            let allowed = exception || (!quiet && (!muted || mentions_me));
            if allowed {
                shown.push(Shown { view, mentions_me });
            }
        }
        let Some(last) = shown.iter().max_by_key(|s| s.view.message.time_ms) else {
            return Ok(Vec::new());
        };
        let group = self.groups.entry(chat_id).or_insert(Group {
            count: 0,
            mentioned: false,
            newest: last.view.message.id,
            newest_ms: i64::MIN,
        });
        group.count = group
            .count
            .saturating_add(u32::try_from(shown.len()).unwrap_or(u32::MAX));
        group.mentioned |= shown.iter().any(|s| s.mentions_me);
        if last.view.message.time_ms >= group.newest_ms {
            group.newest = last.view.message.id;
            group.newest_ms = last.view.message.time_ms;
        }
        let group = group.clone();
        Ok(vec![NotificationPlan::Show(self.compose(
            chat_id,
            chat.as_ref(),
            &group,
            last,
        ))])
    }

    /// After the chat list changed: closes the groups whose chat was read past their newest
    /// message (here or on another device).
    pub fn on_chats_changed(&mut self, store: &Store) -> Result<Vec<NotificationPlan>> {
        let mut read = Vec::new();
        for (&chat_id, group) in &self.groups {
            if store.own_read_mark_ms(chat_id)? >= group.newest_ms {
                read.push(chat_id);
            }
        }
        Ok(read.into_iter().map(|chat| self.close(chat)).collect())
    }

    /// The person is now reading `chat` in a focused window (or nothing): its notification closes.
    pub fn on_reading(&mut self, chat: Option<ChatId>) -> Vec<NotificationPlan> {
        match chat {
            Some(chat) if self.groups.contains_key(&chat) => vec![self.close(chat)],
            _ => Vec::new(),
        }
    }

    /// The person dismissed or clicked the chat's notification: the next message starts anew.
    pub fn dismissed(&mut self, chat_id: ChatId) {
        self.groups.remove(&chat_id);
    }

    /// Closes every open notification (signing out, turning notifications off).
    pub fn clear_all(&mut self) -> Vec<NotificationPlan> {
        let chats: Vec<ChatId> = self.groups.keys().copied().collect();
        chats.into_iter().map(|chat| self.close(chat)).collect()
    }

    fn close(&mut self, chat_id: ChatId) -> NotificationPlan {
        self.groups.remove(&chat_id);
        NotificationPlan::Clear {
            chat_id,
            group_key: group_key(chat_id),
        }
    }

    fn compose(
        &self,
        chat_id: ChatId,
        chat: Option<&Chat>,
        group: &Group,
        last: &Shown,
    ) -> Notification {
        let kind_of_chat = chat.map(|chat| &chat.kind);
        let kind = match kind_of_chat {
            Some(ChatKind::Channel) => NotificationKind::Announcement,
            _ if group.mentioned => NotificationKind::Mention,
            _ => NotificationKind::Message,
        };
        let chat_title = chat
            .map(|chat| one_line(&chat.title, TITLE_CHARS))
            .filter(|title| !title.is_empty());
        let sender = last
            .view
            .sender_name
            .as_deref()
            .map(|name| one_line(name, TITLE_CHARS))
            .filter(|name| !name.is_empty());
        let is_dialog = kind_of_chat == Some(&ChatKind::Dialog);
        let locale = self.locale;
        let say = |ru: &str, en: &str| locale.pick(ru, en).to_owned();
        let title = if is_dialog {
            sender
                .clone()
                .or(chat_title)
                .unwrap_or_else(|| say("Личное сообщение", "Direct message"))
        } else {
            chat_title.unwrap_or_else(|| match kind {
                NotificationKind::Announcement => say("Объявления", "Announcements"),
                _ => say("Групповой чат", "Group chat"),
            })
        };
        let body = if group.count > 1 {
            let count = u64::from(group.count);
            match kind {
                NotificationKind::Announcement => new_announcements(count, locale),
                NotificationKind::Mention => format!(
                    "{} · {}",
                    say("Вас упомянули", "You were mentioned"),
                    new_messages(count, locale)
                ),
                NotificationKind::Message => new_messages(count, locale),
            }
        } else if self.settings.privacy_mode {
            match kind {
                NotificationKind::Announcement => say("Новое объявление", "New announcement"),
                NotificationKind::Mention => say("Вас упомянули", "You were mentioned"),
                NotificationKind::Message => say("Новое сообщение", "New message"),
            }
        } else {
            let preview = preview(&last.view.message, locale);
            match sender {
                // In a group the sender goes before the text; a dialog's title is the sender,
                // and a channel speaks for itself.
                Some(sender) if !is_dialog && kind != NotificationKind::Announcement => {
                    one_line(&format!("{sender}: {preview}"), BODY_CHARS)
                }
                _ => preview,
            }
        };
        Notification {
            chat_id,
            kind,
            title,
            body,
            count: group.count,
            group_key: group_key(chat_id),
            newest: group.newest,
            can_reply: kind != NotificationKind::Announcement,
        }
    }
}

/// Whether the message mentions `person` (a USER_MENTION element).
fn mentions(view: &MessageView, person: PersonId) -> bool {
    view.message
        .elements
        .iter()
        .any(|element| element.kind == ElementKind::UserMention { person })
}
