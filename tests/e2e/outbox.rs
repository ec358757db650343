//! The outbox, end to end: what a person writes while the network is gone waits, shown as
//! pending, and reaches the school exactly once when the network returns, even if the app was
//! closed meanwhile. The sandbox's faults take the network away: open sockets close and new
//! connections are turned away until the faults are cleared.

mod common;

use common::{CLASS_PARENTS_CHAT, PARENT_TOKEN, conversation, open_chat};
use parta_e2e::{App, Sandbox};
use serde_json::json;

#[test]
fn a_message_written_offline_is_sent_once_when_the_network_returns() {
    let sandbox = Sandbox::start().unwrap();
    let app = App::launch_signed_in(
        "a_message_written_offline_is_sent_once_when_the_network_returns",
        &sandbox,
        PARENT_TOKEN,
    )
    .unwrap();
    let status = "[data-testid=connection-status]";
    open_chat(&app, CLASS_PARENTS_CHAT);

    // The network goes: open sockets close and new ones are turned away.
    sandbox
        .post("/faults/refuse", json!({ "ms": 600_000 }))
        .unwrap();
    sandbox.post("/faults/drop-sockets", json!({})).unwrap();
    app.wait_for_attribute(status, "data-state", "offline")
        .unwrap();

    let text = "Пишу без интернета: Алиса сегодня уйдёт после четвёртого урока.";
    app.type_into("textarea[data-testid=composer-text]", text)
        .unwrap();
    app.click("button[data-testid=send]").unwrap();
    let mine = format!(
        "{} article[data-message-id]",
        conversation(CLASS_PARENTS_CHAT)
    );
    let state_of_mine = |app: &App| -> Result<Option<String>, parta_e2e::HarnessError> {
        let texts = app.all_texts(&format!("{mine} .message-text"))?;
        let states = app.all_attributes(&mine, "data-state")?;
        Ok(texts
            .iter()
            .position(|shown| shown == text)
            .and_then(|index| states.get(index).cloned()))
    };
    app.wait_until("the message shown as waiting to be sent", |app| {
        Ok(match state_of_mine(app)? {
            Some(state) if state == "pending" => Ok(()),
            other => Err(format!("state {other:?}")),
        })
    })
    .unwrap();
    let held = |sandbox: &Sandbox| {
        sandbox
            .messages(CLASS_PARENTS_CHAT)
            .unwrap()
            .into_iter()
            .filter(|message| message["text"] == text)
            .count()
    };
    assert_eq!(
        held(&sandbox),
        0,
        "nothing reached the school while offline"
    );

    // The network is back: the app reconnects by itself and sends it, once.
    sandbox.post("/faults/clear", json!({})).unwrap();
    app.wait_for_attribute(status, "data-state", "online")
        .unwrap();
    app.wait_until("the message shown as sent", |app| {
        Ok(match state_of_mine(app)? {
            Some(state) if state == "sent" => Ok(()),
            other => Err(format!("state {other:?}")),
        })
    })
    .unwrap();
    assert_eq!(held(&sandbox), 1, "the school holds it once");
    assert_eq!(app.wait_for_text_among(".message-text", text).unwrap(), 1);
}

#[test]
fn a_message_waiting_to_be_sent_survives_closing_the_app() {
    let sandbox = Sandbox::start().unwrap();
    let name = "a_message_waiting_to_be_sent_survives_closing_the_app";
    let app = App::launch_signed_in(name, &sandbox, PARENT_TOKEN).unwrap();
    let status = "[data-testid=connection-status]";
    open_chat(&app, CLASS_PARENTS_CHAT);
    sandbox
        .post("/faults/refuse", json!({ "ms": 600_000 }))
        .unwrap();
    sandbox.post("/faults/drop-sockets", json!({})).unwrap();
    app.wait_for_attribute(status, "data-state", "offline")
        .unwrap();
    let text = "Напишу, пока нет сети: завтра Алиса будет на олимпиаде.";
    app.type_into("textarea[data-testid=composer-text]", text)
        .unwrap();
    app.click("button[data-testid=send]").unwrap();
    let pending = format!(
        "{} article[data-message-id][data-state=pending]",
        conversation(CLASS_PARENTS_CHAT)
    );
    app.wait_for_text_among(&format!("{pending} .message-text"), text)
        .unwrap();

    // Closed before it could go; the network returns; the next start sends it, once.
    let world = app.close();
    sandbox.post("/faults/clear", json!({})).unwrap();
    let app = App::launch_in(name, world).unwrap();
    open_chat(&app, CLASS_PARENTS_CHAT);
    let sent = format!(
        "{} article[data-message-id][data-state=sent]",
        conversation(CLASS_PARENTS_CHAT)
    );
    assert_eq!(
        app.wait_for_text_among(&format!("{sent} .message-text"), text)
            .unwrap(),
        1
    );
    let held: Vec<_> = sandbox
        .messages(CLASS_PARENTS_CHAT)
        .unwrap()
        .into_iter()
        .filter(|message| message["text"] == text)
        .collect();
    assert_eq!(held.len(), 1, "the school holds it once: {held:#?}");
    assert_eq!(app.wait_for_text_among(".message-text", text).unwrap(), 1);
}
