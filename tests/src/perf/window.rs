//! Timing what the window does: the chat list appearing, and chats opened one after another.
//!
//! Design: the UI marks its own moments (`parta:chat-list-painted`, `parta:chat-switch`), and
//! those are the figures when present. Beside them, and instead of them when the UI has no
//! marks, the test times in the page itself: a capturing click listener notes the click, a
//! MutationObserver notes when the opened chat's messages are in the document, and the next
//! animation frame after that is "painted". WebDriver's own view (with its round trips) is
//! recorded too.

use std::collections::HashSet;
use std::time::{Duration, Instant, SystemTime};

use serde_json::{Value, json};

use crate::{App, HarnessError};

const CHAT_OPTION: &str = "[data-testid=chat-list] [role=option][data-chat-id]";
const PATIENCE: Duration = Duration::from_secs(60);

/// Waits until the chat list shows chats; returns when WebDriver saw them.
pub fn wait_for_chat_list(app: &App) -> Result<SystemTime, HarnessError> {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let count = app.execute(
            &format!("return document.querySelectorAll('{CHAT_OPTION}').length;"),
            vec![],
        )?;
        if count.as_u64().unwrap_or(0) > 0 {
            return Ok(SystemTime::now());
        }
        if Instant::now() > deadline {
            return Err(HarnessError::Timeout(format!(
                "the cached chat list (`{CHAT_OPTION}`)"
            )));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// The UI's `parta:chat-list-painted` mark on the wall clock (epoch milliseconds), if the UI set
/// it, converted two ways: by the page's `performance.timeOrigin`, and by `Date.now()` less the
/// time since the mark (a check on the first: both should agree to a millisecond or so).
#[derive(Debug, Clone, Copy)]
pub struct PaintedMark {
    pub by_time_origin: f64,
    pub by_date_now: f64,
}

pub fn chat_list_painted(app: &App) -> Result<Option<PaintedMark>, HarnessError> {
    let mark = app.execute(
        "const mark = performance.getEntriesByName('parta:chat-list-painted')[0];
         if (!mark) return null;
         return { byTimeOrigin: performance.timeOrigin + mark.startTime,
                  byDateNow: Date.now() - (performance.now() - mark.startTime) };",
        vec![],
    )?;
    Ok(
        match (mark["byTimeOrigin"].as_f64(), mark["byDateNow"].as_f64()) {
            (Some(by_time_origin), Some(by_date_now)) => Some(PaintedMark {
                by_time_origin,
                by_date_now,
            }),
            _ => None,
        },
    )
}

/// One chat opened by a click.
#[derive(Debug, Clone)]
pub struct ChatSwitch {
    pub chat_id: String,
    /// Page time of the click (ms since the page's time origin).
    pub clicked_at: f64,
    /// Click to the first frame after the chat's messages are in the page (in-page clock).
    pub in_page_ms: f64,
    /// The click request to WebDriver seeing the messages.
    pub observed_ms: f64,
}

/// Opens `count` different chats from the list by clicking them, one after another, scrolling
/// the list for more when the visible ones are used up. The chat open at the start is skipped:
/// opening it again is no switch.
pub fn open_chats(app: &App, count: usize) -> Result<Vec<ChatSwitch>, HarnessError> {
    let mut used: HashSet<String> = HashSet::new();
    if let Some(open) = app
        .execute(
            "return document.querySelector('[data-testid=conversation]')?.dataset.chatId ?? null",
            vec![],
        )?
        .as_str()
    {
        used.insert(open.to_string());
    }
    let mut switches = Vec::new();
    let mut fruitless_scrolls = 0;
    while switches.len() < count && fruitless_scrolls < 3 {
        let visible = visible_chat_ids(app)?;
        match visible.into_iter().find(|id| !used.contains(id)) {
            Some(id) => {
                used.insert(id.clone());
                switches.push(open_chat(app, &id)?);
                fruitless_scrolls = 0;
            }
            None => {
                scroll_chat_list(app)?;
                fruitless_scrolls += 1;
            }
        }
    }
    Ok(switches)
}

/// The UI's `parta:chat-switch` measures taken since `since` (page time), in milliseconds.
pub fn chat_switch_measures(app: &App, since: f64) -> Result<Vec<f64>, HarnessError> {
    let found = app.execute(
        "return performance.getEntriesByName('parta:chat-switch')
           .filter((entry) => entry.startTime >= arguments[0])
           .map((entry) => entry.duration);",
        vec![json!(since)],
    )?;
    Ok(found
        .as_array()
        .map(|all| all.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default())
}

fn visible_chat_ids(app: &App) -> Result<Vec<String>, HarnessError> {
    let ids = app.execute(
        &format!(
            "return [...document.querySelectorAll('{CHAT_OPTION}')].map((e) => e.dataset.chatId);"
        ),
        vec![],
    )?;
    Ok(ids
        .as_array()
        .map(|all| {
            all.iter()
                .filter_map(|id| id.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default())
}

/// Brings the last chat in the list to the top, so a virtual list renders the next ones.
fn scroll_chat_list(app: &App) -> Result<(), HarnessError> {
    app.execute(
        &format!(
            "const all = document.querySelectorAll('{CHAT_OPTION}');
             if (all.length) all[all.length - 1].scrollIntoView({{ block: 'start' }});"
        ),
        vec![],
    )?;
    std::thread::sleep(Duration::from_millis(200));
    Ok(())
}

/// Arms the in-page timing for chat `arguments[0]`.
const ARM: &str = r#"
const id = arguments[0];
const state = { clickAt: null, shownAt: null };
window.__partaPerfSwitch = state;
document.addEventListener('click', () => {
  if (state.clickAt === null) state.clickAt = performance.now();
}, { capture: true, once: true });
const shown = () => {
  const chat = document.querySelector(`[data-testid=conversation][data-chat-id="${id}"]`);
  return chat !== null && chat.querySelector('article[data-message-id]') !== null;
};
const observer = new MutationObserver(() => {
  if (state.clickAt !== null && shown()) {
    observer.disconnect();
    requestAnimationFrame(() => { state.shownAt = performance.now(); });
  }
});
observer.observe(document.documentElement, { childList: true, subtree: true, attributes: true });
"#;

fn open_chat(app: &App, chat_id: &str) -> Result<ChatSwitch, HarnessError> {
    let option = format!("{CHAT_OPTION}[data-chat-id=\"{chat_id}\"]");
    app.wait_for(&option)?;
    app.execute(ARM, vec![json!(chat_id)])?;
    let started = Instant::now();
    app.click(&option)?;
    let deadline = started + PATIENCE;
    loop {
        let state = app.execute("return window.__partaPerfSwitch;", vec![])?;
        if let (Some(clicked), Some(shown)) = (state["clickAt"].as_f64(), state["shownAt"].as_f64())
        {
            return Ok(ChatSwitch {
                chat_id: chat_id.to_string(),
                clicked_at: clicked,
                in_page_ms: shown - clicked,
                observed_ms: started.elapsed().as_secs_f64() * 1_000.0,
            });
        }
        if Instant::now() > deadline {
            return Err(HarnessError::Timeout(format!(
                "chat {chat_id} to open with its messages after a click"
            )));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}
