//! Without the keyring the token is out of reach: the app still opens, shows what the cache
//! holds, says why it cannot connect, and sends nothing.

mod common;

use common::{CLASS_PARENTS_CHAT, PARENT_TOKEN, chat_row};
use parta_e2e::{App, Sandbox, World};

#[test]
fn without_a_keyring_the_app_reads_the_cache_and_says_why_it_is_not_connected() {
    let sandbox = Sandbox::start().unwrap();
    let mut world = World::start_with_keyring().unwrap();
    world.sign_in(&sandbox, PARENT_TOKEN).unwrap();
    world.sync(&sandbox).unwrap();
    world.stop_keyring();

    let app = App::launch_in(
        "without_a_keyring_the_app_reads_the_cache_and_says_why_it_is_not_connected",
        world,
    )
    .unwrap();
    app.wait_for_text_among(
        &format!("{} .chat-title", chat_row(CLASS_PARENTS_CHAT)),
        "5 «А» — родители",
    )
    .unwrap();
    app.wait_for_attribute("[data-testid=connection-status]", "data-state", "signedOut")
        .unwrap();
    // The person is told it is the keyring, in words on the screen (not only in a tooltip).
    app.wait_until("the window naming the keyring", |app| {
        let shown = app.all_texts("body")?.join("\n");
        Ok(if shown.contains("Связка ключей") {
            Ok(())
        } else {
            Err(shown.lines().take(8).collect::<Vec<_>>().join(" | "))
        })
    })
    .unwrap();
    let sessions = sandbox.get("/").unwrap();
    assert_eq!(sessions["signedIn"], 0, "{sessions}");
    app.save_screenshot("no-keyring").unwrap();
}
