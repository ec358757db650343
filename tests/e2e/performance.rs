//! Парта with a school-sized cache (200 chats, a million messages), offline: how long the
//! cached chat list takes to appear, how quickly chats open one after another, and how much
//! memory the window takes beside a bare Tauri window. The figures are printed and written to
//! `target/e2e/performance.json`; no timing is asserted (see `parta_e2e::perf`).
//!
//! `PARTA_E2E_MESSAGES=100000` runs on a smaller cache (for trying the test out).

use std::time::Duration;

use parta_e2e::World;
use parta_e2e::perf::{self, CHAT_COUNT, Launch, Report, Switching, epoch_ms};

/// Chats opened one after another.
const SWITCHES: usize = 20;

fn message_count() -> usize {
    std::env::var("PARTA_E2E_MESSAGES")
        .ok()
        .and_then(|value| value.replace('_', "").parse().ok())
        .unwrap_or(1_000_000)
}

#[test]
fn performance_with_a_school_sized_cache() {
    let messages = message_count();
    let cache = perf::school_cache(messages).unwrap();
    let mut world = World::start().unwrap();
    perf::sign_in_offline(&mut world, &cache).unwrap();
    let mut notes = Vec::new();

    // (a) Launch to the cached chat list.
    let (app, moments) = perf::launch_timed("performance", world).unwrap();
    let seen_at = perf::wait_for_chat_list(&app).unwrap();
    let (process_start, requested) = (
        epoch_ms(moments.process_started_at),
        epoch_ms(moments.requested_at),
    );
    // The mark may land a frame after WebDriver sees the rows: give it a moment.
    let mut painted = perf::chat_list_painted(&app).unwrap();
    for _ in 0..20 {
        if painted.is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
        painted = perf::chat_list_painted(&app).unwrap();
    }
    if painted.is_none() {
        notes.push(
            "the UI sets no `parta:chat-list-painted` mark yet: launch time is when WebDriver \
             first saw chats in the list (polling every few ms)"
                .to_string(),
        );
    }
    if let Some(mark) = painted
        && (mark.by_time_origin - mark.by_date_now).abs() > 20.0
    {
        notes.push(format!(
            "the page's clocks disagree: the chat-list mark is {:.0} ms by timeOrigin but {:.0} \
             ms by Date.now() from process start",
            mark.by_time_origin - process_start,
            mark.by_date_now - process_start
        ));
    }
    let launch = Launch {
        mark_from_process_ms: painted.map(|mark| mark.by_time_origin - process_start),
        mark_by_date_now_from_process_ms: painted.map(|mark| mark.by_date_now - process_start),
        mark_from_request_ms: painted.map(|mark| mark.by_time_origin - requested),
        observed_from_process_ms: epoch_ms(seen_at) - process_start,
        observed_from_request_ms: epoch_ms(seen_at) - requested,
    };
    app.save_screenshot("performance-chat-list").unwrap();

    // (b) Opening chats one after another.
    let switches = perf::open_chats(&app, SWITCHES).unwrap();
    assert_eq!(
        switches.len(),
        SWITCHES,
        "the list offered fewer chats to open"
    );
    let first_click = switches.first().map_or(0.0, |switch| switch.clicked_at);
    let measures = perf::chat_switch_measures(&app, first_click - 1.0).unwrap();
    let in_page: Vec<f64> = switches.iter().map(|switch| switch.in_page_ms).collect();
    let switching = if measures.is_empty() {
        notes.push(
            "the UI records no `parta:chat-switch` measures yet: switch times are the test's \
             own, in the page (click → first frame after the chat's messages are in the \
             document)"
                .to_string(),
        );
        Switching {
            source: "in-page timing".into(),
            samples_ms: in_page,
            observed_ms: switches.iter().map(|switch| switch.observed_ms).collect(),
        }
    } else {
        notes.push(format!(
            "in-page timing of the same switches (click → first frame with messages): median \
             {:.1} ms",
            perf::median(&in_page)
        ));
        Switching {
            source: "UI measures".into(),
            samples_ms: measures,
            observed_ms: switches.iter().map(|switch| switch.observed_ms).collect(),
        }
    };
    app.save_screenshot("performance-after-switching").unwrap();

    // (c) Memory after those chats, then the bare window alone on the same display.
    let app_memory = perf::settled_pss(moments.pid, Duration::from_secs(15)).unwrap();
    let beside_app = perf::other_web_processes(&app_memory);
    let world = app.close();
    std::thread::sleep(Duration::from_secs(1));
    let bare_memory = match perf::measure_bare_window(&world) {
        Ok(tree) => {
            let beside_bare = perf::other_web_processes(&tree);
            if beside_app + beside_bare > 0 {
                notes.push(format!(
                    "other WebKit windows ran on this machine meanwhile ({beside_app} beside \
                     Парта, {beside_bare} beside the bare window): they share WebKit's pages, so \
                     the PSS figures read low and the ratio is less certain; RSS is printed too"
                ));
            }
            Some(tree)
        }
        Err(error) => {
            notes.push(format!("the bare window could not be measured: {error}"));
            None
        }
    };

    let report = Report {
        chats: CHAT_COUNT,
        messages,
        launch,
        switching,
        app_memory,
        bare_memory,
        notes,
    };
    report.print();
    report.write_json().unwrap();
}
