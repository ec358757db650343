//! Server text is text: a message carrying HTML and script shows literally wherever the window
//! shows it (the conversation, the chat list, search results) and runs nothing.

// Helpers here are test code too: a harness error fails the test with its message.
#![allow(clippy::unwrap_used)]

mod common;

use common::{CLASS_PARENTS_CHAT, PARENT_TOKEN, TEACHER_ID, chat_row, conversation, message};
use parta_e2e::{App, Sandbox, id_of};

/// What a hostile message would do if it were parsed as HTML: alert, and set a flag.
const PAYLOAD: &str = "Проверка разметки: <img src=x onerror=alert(1)> \
<img src=x onerror=\"window.__partaInjected=1\"> \
<script>window.__partaInjected=2;alert(2)</script> <b>жирный</b> конец";

/// Fails if the page ran any of the payload: a flag it would set, an alert it would open.
fn assert_nothing_ran(app: &App) {
    assert_eq!(app.alert_text().unwrap(), None, "an alert is open");
    assert_eq!(
        app.js("return typeof window.__partaInjected").unwrap(),
        "undefined"
    );
}

#[test]
fn a_message_with_markup_shows_as_text_and_runs_nothing() {
    let sandbox = Sandbox::start().unwrap();
    let app = App::launch_signed_in(
        "a_message_with_markup_shows_as_text_and_runs_nothing",
        &sandbox,
        PARENT_TOKEN,
    )
    .unwrap();
    app.click(&chat_row(CLASS_PARENTS_CHAT)).unwrap();
    app.wait_for(&conversation(CLASS_PARENTS_CHAT)).unwrap();

    let sent = sandbox
        .send_as(TEACHER_ID, CLASS_PARENTS_CHAT, PAYLOAD)
        .unwrap();
    let shown = message(&id_of(&sent["id"]));
    app.wait_for(&shown).unwrap();
    assert_eq!(
        app.all_texts(&format!("{shown} .message-text")).unwrap(),
        [PAYLOAD]
    );
    for element in ["img", "script", "b"] {
        let inside = format!("{shown} .message-text {element}");
        assert_eq!(app.count(&inside).unwrap(), 0, "{inside}");
    }
    assert_nothing_ran(&app);

    // The chat list's preview of the last message is text too.
    app.wait_until("the preview of the message in the chat list", |app| {
        let row = app.all_texts(&chat_row(CLASS_PARENTS_CHAT))?;
        Ok(match row.first() {
            Some(text) if text.contains("Проверка разметки: <img src=x") => Ok(()),
            other => Err(format!("{other:?}")),
        })
    })
    .unwrap();
    assert_eq!(
        app.count(&format!("{} script", chat_row(CLASS_PARENTS_CHAT)))
            .unwrap(),
        0
    );

    // So are search results, whose matches the window marks up itself.
    app.click("#nav-search").unwrap();
    app.type_into("input[type=search][data-testid=search-input]", "разметки")
        .unwrap();
    let result = format!(
        "[data-testid=search-results] [role=option][data-message-id=\"{}\"]",
        id_of(&sent["id"])
    );
    app.wait_for(&result).unwrap();
    assert_eq!(
        app.all_texts(&format!("{result} mark")).unwrap(),
        ["разметки"]
    );
    for element in ["img", "script", "b"] {
        let inside = format!("[data-testid=search-results] {element}");
        assert_eq!(app.count(&inside).unwrap(), 0, "{inside}");
    }
    assert_nothing_ran(&app);
}
