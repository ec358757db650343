//! Pictures through the `media:` scheme, end to end: a photo in a chat shows, decoded, from
//! bytes the shell downloaded into the cache; a document's address never serves it to the
//! page, and a page cannot read the scheme with `fetch`.

mod common;

use common::{CLASS_PARENTS_CHAT, PARENT_TOKEN, chat_row, conversation};
use parta_e2e::{App, Sandbox, id_of};
use serde_json::{Value, json};

/// Opens a chat once the first sync is done (the list no longer moves under the pointer).
fn open(app: &App, chat_id: i64) {
    app.wait_for_attribute("[data-testid=connection-status]", "data-state", "online")
        .expect("the app online");
    app.wait_gone("[data-testid=sync-progress]")
        .expect("the first sync done");
    app.click_for(&chat_row(chat_id), &conversation(chat_id))
        .expect("the chat open");
}

/// What a page-made `<img>` with `src` ends in: `[width, height]` or `"error"`.
fn load_image(app: &App, src: &str) -> Value {
    app.execute_async(
        "const done = arguments[arguments.length - 1];
         const img = new Image();
         img.onload = () => done([img.naturalWidth, img.naturalHeight]);
         img.onerror = () => done('error');
         img.src = arguments[0];",
        vec![json!(src)],
    )
    .expect("the script ran")
}

#[test]
fn a_photo_shows_from_the_cache_and_a_document_is_never_served_to_the_page() {
    let sandbox = Sandbox::start().unwrap();
    let app = App::launch_signed_in(
        "a_photo_shows_from_the_cache_and_a_document_is_never_served_to_the_page",
        &sandbox,
        PARENT_TOKEN,
    )
    .unwrap();
    open(&app, CLASS_PARENTS_CHAT);

    // The excursion photo (a 640×400 PNG on the server) decodes in the conversation.
    let photos = format!("{} img[src*=media]", conversation(CLASS_PARENTS_CHAT));
    let script = format!(
        "return Array.from(document.querySelectorAll({photos:?}), \
         (i) => [i.getAttribute('src'), i.complete, i.naturalWidth, i.naturalHeight])"
    );
    let src = app
        .wait_until("the photo decoded", |app| {
            let shown = app.js(&script)?;
            let decoded = shown.as_array().and_then(|all| {
                all.iter()
                    .find(|img| img[2] == 640 && img[3] == 400)
                    .and_then(|img| img[0].as_str().map(str::to_owned))
            });
            Ok(decoded.ok_or_else(|| shown.to_string()))
        })
        .unwrap();
    assert!(
        src.starts_with("media://localhost/") || src.starts_with("http://media.localhost/"),
        "{src}"
    );
    app.save_screenshot("media-photo").unwrap();

    // The same address again, from the cache: still a picture.
    assert_eq!(load_image(&app, &src), json!([640, 400]));

    // The trip list is a text file: its address serves nothing to the page.
    let list = sandbox
        .messages(CLASS_PARENTS_CHAT)
        .unwrap()
        .into_iter()
        .find(|message| {
            message["text"]
                .as_str()
                .is_some_and(|text| text.starts_with("Собираем на экскурсию"))
        })
        .unwrap();
    let base = src
        .split(&format!("/{CLASS_PARENTS_CHAT}/"))
        .next()
        .unwrap();
    let document = format!("{base}/{CLASS_PARENTS_CHAT}/{}/0", id_of(&list["id"]));
    assert_eq!(load_image(&app, &document), json!("error"));
    // Nor does an address that names no attachment.
    assert_eq!(
        load_image(&app, &format!("{base}/{CLASS_PARENTS_CHAT}/1/0")),
        json!("error")
    );
    // And the page cannot read the scheme's bytes at all (connect-src is the IPC only).
    let fetched = app
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch(arguments[0]).then(() => done('read'), () => done('blocked'));",
            vec![json!(src)],
        )
        .unwrap();
    assert_eq!(fetched, json!("blocked"));
}
