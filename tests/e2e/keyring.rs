//! Without the keyring the token and the cache's key are out of reach: the app still opens,
//! says why in words (the keyring), shows nothing of the encrypted cache, and sends nothing.

mod common;

use common::{CLASS_PARENTS_CHAT, PARENT_TOKEN, chat_row};
use parta_e2e::{App, Sandbox, World};

#[test]
fn without_a_keyring_the_app_says_why_and_the_encrypted_cache_stays_closed() {
    let sandbox = Sandbox::start().unwrap();
    let mut world = World::start_with_keyring().unwrap();
    world.sign_in(&sandbox, PARENT_TOKEN).unwrap();
    world.sync(&sandbox).unwrap();
    world.stop_keyring();

    let app = App::launch_in(
        "without_a_keyring_the_app_says_why_and_the_encrypted_cache_stays_closed",
        world,
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
            // Report what the window does say about the connection.
            let alerts = app.all_texts("[role=alert], [data-testid=connection-status]")?;
            Err(format!("{alerts:?}"))
        })
    })
    .unwrap();
    // The cache is encrypted with a key only the keyring holds: no chat can be shown.
    let rows = app
        .all_texts(&format!("{} .chat-title", chat_row(CLASS_PARENTS_CHAT)))
        .unwrap();
    assert!(rows.is_empty(), "{rows:?}");
    let sessions = sandbox.get("/").unwrap();
    assert_eq!(sessions["signedIn"], 0, "{sessions}");
    app.save_screenshot("no-keyring").unwrap();
}
