//! Server text is text: a message carrying HTML and script shows literally wherever the window
//! shows it (the conversation, the chat list, search results) and runs nothing.

// Helpers here are test code too: a harness error fails the test with its message.
#![allow(clippy::unwrap_used)]

mod common;

use common::{CLASS_PARENTS_CHAT, PARENT_TOKEN, TEACHER_ID, chat_row, message, open_chat};
use parta_e2e::{App, Sandbox, id_of};
use serde_json::json;

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
    open_chat(&app, CLASS_PARENTS_CHAT);

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
    app.click_for(
        "#nav-search",
        "input[type=search][data-testid=search-input]",
    )
    .unwrap();
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

/// A MAX LINK element over `label` inside `text`, pointing at `url` (offsets in characters).
fn link_over(text: &str, label: &str, url: &str) -> serde_json::Value {
    let start = text.find(label).unwrap();
    json!([{
        "type": "LINK",
        "from": text[..start].chars().count(),
        "length": label.chars().count(),
        "attributes": { "url": url },
    }])
}

#[test]
fn a_link_shows_its_real_address_before_opening_and_script_links_never_run() {
    let sandbox = Sandbox::start().unwrap();
    let app = App::launch_signed_in(
        "a_link_shows_its_real_address_before_opening_and_script_links_never_run",
        &sandbox,
        PARENT_TOKEN,
    )
    .unwrap();
    open_chat(&app, CLASS_PARENTS_CHAT);
    let page = app.js("return location.href").unwrap();

    // A link whose words say one thing and whose address is another.
    let text = "Подробности — на сайте школы.";
    let address = "https://phish.example/vhod?school=7";
    let sent = sandbox
        .post(
            &format!("/people/{TEACHER_ID}/send"),
            json!({ "chatId": CLASS_PARENTS_CHAT, "text": text,
                    "elements": link_over(text, "сайте школы", address) }),
        )
        .unwrap();
    let shown = message(&id_of(&sent["id"]));
    app.wait_for_text(&format!("{shown} .message-text"), text)
        .unwrap();
    app.click(&format!("{shown} .message-text .link")).unwrap();
    let dialog = "[role=dialog][data-testid=link-confirm]";
    app.wait_for_text(&format!("{dialog} [data-testid=link-address]"), address)
        .unwrap();
    app.save_screenshot("link-confirm").unwrap();
    app.click(&format!("{dialog} button:not(.primary)"))
        .unwrap();
    app.wait_until("the dialog closed", |app| {
        let open = app.js(&format!(
            "const d = document.querySelector('{dialog}'); return !!d && (d.open || d.hasAttribute('open'))"
        ))?;
        Ok(if open == false { Ok(()) } else { Err("open".into()) })
    })
    .unwrap();

    // A `javascript:` link is shown, refused when asked to open, and never runs.
    let text = "Нажмите сюда, чтобы записаться.";
    let sent = sandbox
        .post(
            &format!("/people/{TEACHER_ID}/send"),
            json!({ "chatId": CLASS_PARENTS_CHAT, "text": text,
                    "elements": link_over(text, "сюда", "javascript:window.__partaInjected=3") }),
        )
        .unwrap();
    let shown = message(&id_of(&sent["id"]));
    app.wait_for_text(&format!("{shown} .message-text"), text)
        .unwrap();
    assert_eq!(app.count(&format!("{shown} a[href]")).unwrap(), 0);
    app.click(&format!("{shown} .message-text .link")).unwrap();
    app.wait_for_text(
        &format!("{dialog} [data-testid=link-address]"),
        "javascript:window.__partaInjected=3",
    )
    .unwrap();
    app.click(&format!("{dialog} button.primary")).unwrap();
    app.wait_for(&format!("{dialog} [role=alert]")).unwrap();
    assert_nothing_ran(&app);
    assert_eq!(app.js("return location.href").unwrap(), page);
}
