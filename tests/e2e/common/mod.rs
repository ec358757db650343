//! What the end-to-end tests share: the demo school's people and chats they use, and the
//! selectors of `tests/e2e/README.md`.

#![allow(dead_code)]

/// Анна Морозова, mother of Алиса (5 «А») and Иван (7 «Б»): in both classes' parent chats,
/// both channels and dialogs with the teachers.
pub const PARENT_TOKEN: &str = "demo-morozova";
/// Марина Иванова, class teacher of 5 «А».
pub const TEACHER_ID: i64 = 51000012;
/// Алексей Петров, class teacher of 7 «Б».
pub const MATHS_TEACHER_ID: i64 = 51000023;
/// «5 «А» — родители».
pub const CLASS_PARENTS_CHAT: i64 = -100000003;
/// «7 «Б» — родители».
pub const OTHER_CLASS_PARENTS_CHAT: i64 = -100000005;
/// The school's announcements channel.
pub const SCHOOL_CHANNEL: i64 = -100000001;
/// «5 «А» — новости класса».
pub const CLASS_CHANNEL: i64 = -100000006;

/// A chat's row in the chat list.
pub fn chat_row(chat_id: i64) -> String {
    format!("[data-testid=chat-list] [role=option][data-chat-id=\"{chat_id}\"]")
}

/// The open conversation of a chat.
pub fn conversation(chat_id: i64) -> String {
    format!("[data-testid=conversation][data-chat-id=\"{chat_id}\"]")
}

/// A message in the open conversation, by its server id.
pub fn message(message_id: &str) -> String {
    format!("[data-testid=history] article[data-message-id=\"{message_id}\"]")
}

/// Opens a chat as a person would once the window has settled: after the first sync, when
/// the list no longer reorders under the pointer (a click computed on a row that then moves
/// lands on its neighbour).
pub fn open_chat(app: &parta_e2e::App, chat_id: i64) {
    app.wait_for_attribute("[data-testid=connection-status]", "data-state", "online")
        .expect("the app online");
    app.wait_gone("[data-testid=sync-progress]")
        .expect("the first sync done");
    app.click_for(&chat_row(chat_id), &conversation(chat_id))
        .expect("the chat open");
}
