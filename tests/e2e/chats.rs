//! Chats, end to end: a parent signed in to the demo school sees her chats, opens one, reads a
//! teacher's new message exactly once, and sends a message with a file that reaches the school
//! exactly once. (Messages written offline: `outbox.rs`.)

mod common;

use common::{
    CLASS_PARENTS_CHAT, PARENT_TOKEN, TEACHER_ID, chat_row, conversation, message, open_chat,
};
use parta_e2e::{App, Sandbox, id_of};

#[test]
fn the_parent_sees_her_chats_and_a_teachers_message_arrives_once() {
    let sandbox = Sandbox::start().unwrap();
    let app = App::launch_signed_in(
        "the_parent_sees_her_chats_and_a_teachers_message_arrives_once",
        &sandbox,
        PARENT_TOKEN,
    )
    .unwrap();

    // Every chat the school has her in, and no other.
    let parent = sandbox.person_with_token(PARENT_TOKEN).unwrap();
    let mut expected: Vec<String> = sandbox
        .chats_of(parent["id"].as_i64().unwrap())
        .unwrap()
        .iter()
        .map(|chat| id_of(&chat["id"]))
        .collect();
    expected.sort();
    let rows = "[role=listbox][data-testid=chat-list] [role=option][data-chat-id]";
    let shown = app
        .wait_until("the parent's chats in the list", |app| {
            let mut ids = app.all_attributes(rows, "data-chat-id")?;
            ids.sort();
            Ok(if ids == expected {
                Ok(ids)
            } else {
                Err(format!("{ids:?}"))
            })
        })
        .unwrap();
    assert_eq!(shown.len(), expected.len());
    app.wait_for_text_among(
        &format!("{} .chat-title", chat_row(CLASS_PARENTS_CHAT)),
        "5 «А» — родители",
    )
    .unwrap();
    app.save_screenshot("chat-list").unwrap();

    // Opening the class parents' chat shows its whole history as the school has it.
    open_chat(&app, CLASS_PARENTS_CHAT);
    app.wait_for_text(
        &format!(
            "{} [data-testid=conversation-title]",
            conversation(CLASS_PARENTS_CHAT)
        ),
        "5 «А» — родители",
    )
    .unwrap();
    for seeded in sandbox.messages(CLASS_PARENTS_CHAT).unwrap() {
        app.wait_for(&message(&id_of(&seeded["id"]))).unwrap();
    }
    app.wait_for_text_among(
        ".message-text",
        "Контрольная в четверг, тема — обыкновенные дроби.",
    )
    .unwrap();

    // The teacher writes now: the open chat shows it once. A second message after it proves
    // the window has taken in everything since, so a late duplicate would show by then.
    let first = "Завтра урок начнётся на 15 минут позже: в актовом зале репетиция.";
    let sent = sandbox
        .send_as(TEACHER_ID, CLASS_PARENTS_CHAT, first)
        .unwrap();
    app.wait_for(&message(&id_of(&sent["id"]))).unwrap();
    let second = "Спасибо, что предупредили заранее!";
    let later = sandbox
        .send_as(TEACHER_ID, CLASS_PARENTS_CHAT, second)
        .unwrap();
    app.wait_for(&message(&id_of(&later["id"]))).unwrap();
    assert_eq!(app.wait_for_text_among(".message-text", first).unwrap(), 1);
    assert_eq!(app.count(&message(&id_of(&sent["id"]))).unwrap(), 1);
    app.save_screenshot("conversation").unwrap();
}

#[test]
fn a_message_with_a_file_reaches_the_school_once() {
    let sandbox = Sandbox::start().unwrap();
    let app = App::launch_signed_in(
        "a_message_with_a_file_reaches_the_school_once",
        &sandbox,
        PARENT_TOKEN,
    )
    .unwrap();
    let parent = sandbox.person_with_token(PARENT_TOKEN).unwrap();
    let parent_id = parent["id"].as_i64().unwrap();

    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("Справка о болезни.txt");
    let content = "Справка: Алиса Морозова болела с 10 по 14 ноября.\n";
    std::fs::write(&file, content).unwrap();

    open_chat(&app, CLASS_PARENTS_CHAT);
    app.choose_file("input[type=file][data-testid=attach-input]", &file)
        .unwrap();
    app.wait_until("the chosen file staged in the composer", |app| {
        let staged = app.all_texts("[data-testid=staged-file]")?;
        Ok(
            if staged.iter().any(|text| text.contains("Справка о болезни")) {
                Ok(())
            } else {
                Err(format!("{staged:?}"))
            },
        )
    })
    .unwrap();
    let text = "Добрый день! Прикладываю справку, Алиса завтра придёт в школу.";
    app.type_into("textarea[data-testid=composer-text]", text)
        .unwrap();
    app.click("button[data-testid=send]").unwrap();

    // The window shows it sent; the school then holds it once, from her, with the file.
    app.wait_until("the message shown as sent", |app| {
        let states = app.all_attributes(
            &format!(
                "{} article[data-message-id][data-state]",
                conversation(CLASS_PARENTS_CHAT)
            ),
            "data-state",
        )?;
        let texts = app.all_texts(&format!(
            "{} article[data-message-id] .message-text",
            conversation(CLASS_PARENTS_CHAT)
        ))?;
        let shown = texts.iter().position(|shown| shown == text);
        Ok(match shown.and_then(|index| states.get(index)) {
            Some(state) if state == "sent" => Ok(()),
            other => Err(format!("state {other:?}")),
        })
    })
    .unwrap();
    let ours: Vec<_> = sandbox
        .messages(CLASS_PARENTS_CHAT)
        .unwrap()
        .into_iter()
        .filter(|message| message["text"] == text)
        .collect();
    assert_eq!(ours.len(), 1, "the school holds it once: {ours:#?}");
    assert_eq!(ours[0]["sender"].as_i64(), Some(parent_id), "{:#}", ours[0]);
    let attaches = ours[0]["attaches"].as_array().cloned().unwrap_or_default();
    assert_eq!(attaches.len(), 1, "{:#}", ours[0]);
    assert_eq!(attaches[0]["_type"], "FILE", "{:#}", attaches[0]);
    assert_eq!(attaches[0]["name"], "Справка о болезни.txt");
    assert_eq!(
        attaches[0]["size"].as_u64(),
        Some(content.len() as u64),
        "{:#}",
        attaches[0]
    );
    assert_eq!(
        sandbox.file_bytes(&attaches[0]).unwrap(),
        content.as_bytes(),
        "the school holds the file's bytes as chosen"
    );
    // In the window: once, with the file named.
    assert_eq!(app.wait_for_text_among(".message-text", text).unwrap(), 1);
    let article = app
        .all_texts(&format!(
            "{} article[data-message-id]",
            conversation(CLASS_PARENTS_CHAT)
        ))
        .unwrap()
        .into_iter()
        .find(|article| article.contains(text))
        .unwrap();
    assert!(article.contains("Справка о болезни.txt"), "{article}");
    app.save_screenshot("conversation-sent-file").unwrap();
}
