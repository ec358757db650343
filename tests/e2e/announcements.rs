//! Announcements, end to end: the school's channel posts, read again with the school's server
//! gone. The first run syncs while the sandbox is up; the second starts in the same world
//! after the sandbox has stopped, and shows every post from the cache under a banner that says
//! the copy is a saved one.

// Helpers here are test code too: a harness error fails the test with its message.
#![allow(clippy::unwrap_used)]

mod common;

use common::{CLASS_CHANNEL, PARENT_TOKEN, SCHOOL_CHANNEL};
use parta_e2e::{App, Sandbox, id_of};

const POSTS: &str = "[data-testid=announcements] article[data-message-id]";

/// Waits until the feed shows exactly the posts `expected` (message ids, any order).
fn wait_for_posts(app: &App, expected: &[String]) {
    app.wait_until("every channel post in the feed", |app| {
        let mut shown = app.all_attributes(POSTS, "data-message-id")?;
        shown.sort();
        Ok(if shown == expected {
            Ok(())
        } else {
            Err(format!("{shown:?}"))
        })
    })
    .unwrap();
}

#[test]
fn announcements_read_offline_after_the_first_sync() {
    let mut sandbox = Sandbox::start().unwrap();
    let mut expected: Vec<String> = [SCHOOL_CHANNEL, CLASS_CHANNEL]
        .iter()
        .flat_map(|channel| sandbox.messages(*channel).unwrap())
        .map(|post| id_of(&post["id"]))
        .collect();
    expected.sort();
    let newest_school_post = sandbox.messages(SCHOOL_CHANNEL).unwrap().pop().unwrap();
    let newest_school_text = newest_school_post["text"].as_str().unwrap().to_string();

    // Online: the first sync fills the cache.
    let name = "announcements_read_offline_after_the_first_sync";
    let app = App::launch_signed_in(name, &sandbox, PARENT_TOKEN).unwrap();
    app.wait_for_attribute("[data-testid=connection-status]", "data-state", "online")
        .unwrap();
    app.click_for(
        "#nav-announcements",
        "#nav-announcements[aria-current=page]",
    )
    .unwrap();
    wait_for_posts(&app, &expected);
    app.wait_for_text_among(&format!("{POSTS} .message-text"), &newest_school_text)
        .unwrap();
    assert_eq!(app.count("[data-testid=offline-banner]").unwrap(), 0);
    app.save_screenshot("announcements").unwrap();
    let world = app.close();

    // The school's server is gone; the app starts anyway and reads the same posts.
    sandbox.stop();
    let app = App::launch_in(name, world).unwrap();
    app.click_for(
        "#nav-announcements",
        "#nav-announcements[aria-current=page]",
    )
    .unwrap();
    wait_for_posts(&app, &expected);
    app.wait_for_text_among(&format!("{POSTS} .message-text"), &newest_school_text)
        .unwrap();
    app.wait_for_attribute("[data-testid=connection-status]", "data-state", "offline")
        .unwrap();
    app.wait_until("the offline banner naming when the copy was saved", |app| {
        let banner = app.all_texts("[data-testid=offline-banner][data-state=offline]")?;
        Ok(match banner.first() {
            Some(text) if text.starts_with("Нет сети — показано сохранённое на ") => {
                Ok(())
            }
            other => Err(format!("{other:?}")),
        })
    })
    .unwrap();
    // The schedule file of the first post is named as the school sent it.
    app.wait_until("the first post's file", |app| {
        let texts = app.all_texts(POSTS)?;
        Ok(
            if texts
                .iter()
                .any(|post| post.contains("Расписание звонков.txt"))
            {
                Ok(())
            } else {
                Err(format!("{} posts", texts.len()))
            },
        )
    })
    .unwrap();
    app.save_screenshot("announcements-offline").unwrap();
}
