//! Search, end to end: a word typed in one form finds a message that has it in another, across
//! the whole cache, and choosing the result opens that chat at that very message, even when
//! many newer messages sit after it.

mod common;

use common::{MATHS_TEACHER_ID, OTHER_CLASS_PARENTS_CHAT, PARENT_TOKEN, conversation, message};
use parta_e2e::{App, Sandbox, World, id_of};
use serde_json::json;

/// More newer messages than one page of history, so the found one is not simply on screen.
const NEWER_MESSAGES: usize = 60;

const RESULTS: &str = "[data-testid=search-results] [role=option][data-chat-id][data-message-id]";

#[test]
fn search_finds_another_word_form_and_opens_the_chat_at_the_message() {
    let sandbox = Sandbox::start().unwrap();
    let mut world = World::start_with_keyring().unwrap();
    world.sign_in(&sandbox, PARENT_TOKEN).unwrap();
    world.sync(&sandbox).unwrap();

    // The teacher announces the test; the parents then talk about other things at length.
    let target = "Итоговая контрольная работа по геометрии — в следующую среду, третьим уроком.";
    let found = sandbox
        .send_as(MATHS_TEACHER_ID, OTHER_CLASS_PARENTS_CHAT, target)
        .unwrap();
    let found_id = id_of(&found["id"]);
    let parents = [51000334, 51000345, MATHS_TEACHER_ID];
    for index in 0..NEWER_MESSAGES {
        let text = format!("Про экскурсию: автобус номер {index} отправляется от школы в 9:00.");
        sandbox
            .send_as(
                parents[index % parents.len()],
                OTHER_CLASS_PARENTS_CHAT,
                &text,
            )
            .unwrap();
    }
    world.sync(&sandbox).unwrap();

    let app = App::launch_in(
        "search_finds_another_word_form_and_opens_the_chat_at_the_message",
        world,
    )
    .unwrap();
    app.click_for(
        "#nav-search",
        "input[type=search][data-testid=search-input]",
    )
    .unwrap();
    app.type_into(
        "input[type=search][data-testid=search-input]",
        "контрольной работе",
    )
    .unwrap();
    let result = format!("{RESULTS}[data-message-id=\"{found_id}\"]");
    app.wait_for(&result).unwrap();
    // Both words, each in another form than typed, and no message lacking either.
    assert_eq!(
        app.all_attributes(RESULTS, "data-message-id").unwrap(),
        std::slice::from_ref(&found_id)
    );
    assert_eq!(
        app.all_attributes(RESULTS, "data-chat-id").unwrap(),
        [OTHER_CLASS_PARENTS_CHAT.to_string()]
    );
    let marks: Vec<String> = app
        .all_texts(&format!("{result} mark"))
        .unwrap()
        .into_iter()
        .map(|mark| mark.to_lowercase())
        .collect();
    assert_eq!(marks, ["контрольная", "работа"]);
    app.save_screenshot("search").unwrap();

    app.click(&result).unwrap();
    app.wait_for(&conversation(OTHER_CLASS_PARENTS_CHAT))
        .unwrap();
    app.wait_for(&message(&found_id)).unwrap();
    app.wait_until("the found message in view", |app| {
        let seen = app.execute(
            r#"const m = document.querySelector(arguments[0]);
               const log = document.querySelector('[data-testid=history]');
               if (!m || !log) return 'not there';
               const a = m.getBoundingClientRect(), b = log.getBoundingClientRect();
               return a.bottom > b.top && a.top < b.bottom
                 ? 'in view' : `at ${a.top}..${a.bottom}, the history shows ${b.top}..${b.bottom}`;"#,
            vec![json!(message(&found_id))],
        )?;
        Ok(if seen == "in view" {
            Ok(())
        } else {
            Err(seen.to_string())
        })
    })
    .unwrap();
    let text = app
        .all_texts(&format!("{} .message-text", message(&found_id)))
        .unwrap();
    assert_eq!(text, [target]);
    app.save_screenshot("search-opened-message").unwrap();
}
