//! Photos, end to end: a photo the school holds shows in the conversation, fetched through the
//! app's own `media:` scheme, and opens large in the viewer at its full size.

mod common;

use common::{CLASS_PARENTS_CHAT, PARENT_TOKEN, message, open_chat};
use parta_e2e::{App, Sandbox, id_of};
use serde_json::json;

/// The natural size of the first `img` matching `css` once it has loaded, else why not.
fn loaded_size(
    app: &App,
    css: &str,
) -> Result<Result<(u64, u64), String>, parta_e2e::HarnessError> {
    let size = app.execute(
        r#"const img = document.querySelector(arguments[0]);
           if (!img) return 'no image';
           img.scrollIntoView({ block: 'center' });
           if (!img.complete || img.naturalWidth === 0) return 'loading ' + img.src;
           return [img.naturalWidth, img.naturalHeight];"#,
        vec![json!(css)],
    )?;
    Ok(match size.as_array() {
        Some(pair) => Ok((
            pair[0].as_u64().unwrap_or_default(),
            pair[1].as_u64().unwrap_or_default(),
        )),
        None => Err(size.to_string()),
    })
}

#[test]
fn a_photo_shows_in_the_chat_and_opens_large() {
    let sandbox = Sandbox::start().unwrap();
    let photo_message = sandbox
        .messages(CLASS_PARENTS_CHAT)
        .unwrap()
        .into_iter()
        .find(|message| {
            message["attaches"]
                .as_array()
                .is_some_and(|attaches| attaches.iter().any(|a| a["_type"] == "PHOTO"))
        })
        .unwrap();
    let photo = photo_message["attaches"][0].clone();
    let size = (
        photo["width"].as_u64().unwrap(),
        photo["height"].as_u64().unwrap(),
    );
    let app = App::launch_signed_in(
        "a_photo_shows_in_the_chat_and_opens_large",
        &sandbox,
        PARENT_TOKEN,
    )
    .unwrap();
    open_chat(&app, CLASS_PARENTS_CHAT);

    let shown = message(&id_of(&photo_message["id"]));
    let thumbnail = format!("{shown} button.photo img");
    let seen = app
        .wait_until("the photo loaded in the conversation", |app| {
            loaded_size(app, &thumbnail)
        })
        .unwrap();
    assert_eq!(seen, size, "the photo as the school holds it");

    app.click(&format!("{shown} button.photo")).unwrap();
    let viewer = "[role=dialog][data-testid=photo-viewer]";
    let large = app
        .wait_until("the photo in the viewer", |app| {
            loaded_size(app, &format!("{viewer} img"))
        })
        .unwrap();
    assert_eq!(large, size);
    app.save_screenshot("photo-viewer").unwrap();
    app.type_into(&format!("{viewer} button"), "\u{E00C}") // WebDriver's Escape
        .unwrap();
    app.wait_until("the viewer closed", |app| {
        let open = app.js(&format!(
            "const d = document.querySelector('{viewer}'); return !!d && (d.open || d.hasAttribute('open'))"
        ))?;
        Ok(if open == false { Ok(()) } else { Err("open".into()) })
    })
    .unwrap();
}
