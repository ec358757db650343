//! Unread counts, end to end: the list shows as unread exactly what the school counts as
//! unread for her, and reading a chat on the computer marks it read at the school too (so her
//! phone stops showing it).

mod common;

use common::{OTHER_CLASS_PARENTS_CHAT, PARENT_TOKEN, chat_row, open_chat};
use parta_e2e::{App, Sandbox, id_of};

/// The school's unread count for each of the person's chats, by chat id.
fn unread_at_school(sandbox: &Sandbox, person_id: i64) -> Vec<(String, u64)> {
    let mut counts: Vec<(String, u64)> = sandbox
        .chats_of(person_id)
        .expect("her chats")
        .iter()
        .map(|chat| {
            (
                id_of(&chat["id"]),
                chat["newMessages"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    counts.sort();
    counts
}

/// The unread badge of each chat row (0 when it has none), by chat id.
fn unread_shown(app: &App) -> Result<Vec<(String, u64)>, parta_e2e::HarnessError> {
    let rows = app.execute(
        r#"return Array.from(document.querySelectorAll(
             '[data-testid=chat-list] [role=option][data-chat-id]'), (row) => [
               row.dataset.chatId,
               Number(row.querySelector('.unread-badge')?.textContent.trim() ?? 0)]);"#,
        vec![],
    )?;
    let mut counts: Vec<(String, u64)> = serde_json::from_value(rows).unwrap_or_default();
    counts.sort();
    Ok(counts)
}

#[test]
fn unread_counts_match_what_the_school_counts() {
    let sandbox = Sandbox::start().unwrap();
    let parent = sandbox.person_with_token(PARENT_TOKEN).unwrap();
    let expected = unread_at_school(&sandbox, parent["id"].as_i64().unwrap());
    // The demo school: read up to two days ago, so a few recent messages are unread.
    assert!(expected.iter().any(|(_, n)| *n > 0), "{expected:?}");
    let app = App::launch_signed_in(
        "unread_counts_match_what_the_school_counts",
        &sandbox,
        PARENT_TOKEN,
    )
    .unwrap();
    app.wait_until("the school's unread counts in the list", |app| {
        let shown = unread_shown(app)?;
        Ok(if shown == expected {
            Ok(())
        } else {
            Err(format!("{shown:?}, the school counts {expected:?}"))
        })
    })
    .unwrap();
}

#[test]
fn reading_a_chat_marks_it_read_at_the_school() {
    let sandbox = Sandbox::start().unwrap();
    let parent = sandbox.person_with_token(PARENT_TOKEN).unwrap();
    let parent_id = parent["id"].as_i64().unwrap();
    let chat = OTHER_CLASS_PARENTS_CHAT.to_string();
    let unread = |sandbox: &Sandbox| {
        unread_at_school(sandbox, parent_id)
            .into_iter()
            .find(|(id, _)| *id == chat)
            .map(|(_, n)| n)
    };
    assert!(
        unread(&sandbox).is_some_and(|n| n > 0),
        "the demo chat starts unread"
    );
    let app = App::launch_signed_in(
        "reading_a_chat_marks_it_read_at_the_school",
        &sandbox,
        PARENT_TOKEN,
    )
    .unwrap();

    // She opens it and goes to its end.
    open_chat(&app, OTHER_CLASS_PARENTS_CHAT);
    app.js(
        "const log = document.querySelector('[data-testid=history]'); \
         log.scrollTop = log.scrollHeight;",
    )
    .unwrap();
    app.wait_until("no unread badge on the chat she read", |app| {
        let badges = app.count(&format!(
            "{} .unread-badge",
            chat_row(OTHER_CLASS_PARENTS_CHAT)
        ))?;
        Ok(if badges == 0 {
            Ok(())
        } else {
            Err(format!("{badges} badge"))
        })
    })
    .unwrap();
    app.wait_until("the school counting the chat as read", |_| {
        Ok(match unread(&sandbox) {
            Some(0) => Ok(()),
            other => Err(format!("{other:?} unread at the school")),
        })
    })
    .unwrap();
}
