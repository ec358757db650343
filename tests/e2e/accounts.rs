//! Two people signed in on one computer (a teacher who is also a parent, or two parents of one
//! family): the window opens on the one signed in last, and the switcher shows the other's
//! chats, read from that account's own cache.

mod common;

use common::{PARENT_TOKEN, chat_row};
use parta_e2e::{App, Sandbox, World, id_of};

const TEACHER_TOKEN: &str = "demo-ivanova";
/// «Учительская», the staff room: the teacher's, never the parent's.
const STAFF_ROOM: i64 = -100000007;
const ROWS: &str = "[role=listbox][data-testid=chat-list] [role=option][data-chat-id]";

/// The ids of every chat `person` belongs to, sorted.
fn chats_of(sandbox: &Sandbox, person: &serde_json::Value) -> Vec<String> {
    let mut ids: Vec<String> = sandbox
        .chats_of(person["id"].as_i64().expect("a person id"))
        .expect("their chats")
        .iter()
        .map(|chat| id_of(&chat["id"]))
        .collect();
    ids.sort();
    ids
}

fn wait_for_chats(app: &App, expected: &[String], whose: &str) {
    app.wait_until(&format!("{whose}'s chats in the list"), |app| {
        let mut ids = app.all_attributes(ROWS, "data-chat-id")?;
        ids.sort();
        Ok(if ids == expected {
            Ok(())
        } else {
            Err(format!("{ids:?}"))
        })
    })
    .expect("the chat list");
}

#[test]
fn the_account_switcher_shows_the_other_persons_chats() {
    let sandbox = Sandbox::start().unwrap();
    let mut world = World::start_with_keyring().unwrap();
    let teacher = world.sign_in(&sandbox, TEACHER_TOKEN).unwrap();
    let parent = world.sign_in(&sandbox, PARENT_TOKEN).unwrap();
    let app = App::launch_in("the_account_switcher_shows_the_other_persons_chats", world).unwrap();

    // The one signed in last is current.
    wait_for_chats(&app, &chats_of(&sandbox, &parent), "the parent");
    assert_eq!(app.count(&chat_row(STAFF_ROOM)).unwrap(), 0);
    let switcher = "[data-testid=account-switcher]";
    let mut names = app.texts(&format!("{switcher} [data-account-id]")).unwrap();
    names.sort();
    assert_eq!(names, ["Анна Морозова", "Марина Иванова"]);

    let teacher_account = format!("max-{}", teacher["id"]);
    app.click(&format!(
        "{switcher} [data-account-id=\"{teacher_account}\"]"
    ))
    .unwrap();
    wait_for_chats(&app, &chats_of(&sandbox, &teacher), "the teacher");
    app.wait_for_text_among(
        &format!("{} .chat-title", chat_row(STAFF_ROOM)),
        "Учительская",
    )
    .unwrap();
    assert_eq!(
        app.js(&format!(
            "return document.querySelector('{switcher}').selectedOptions[0].dataset.accountId"
        ))
        .unwrap(),
        teacher_account
    );
    app.save_screenshot("account-switched").unwrap();
}
