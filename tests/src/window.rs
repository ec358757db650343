//! Looking at the window and waiting for it: what a test asserts on is what a person would
//! notice, so every check waits (by polling the DOM) until the window shows it or a generous
//! deadline passes. No test sleeps for a fixed time.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::{App, HarnessError};

/// How long the harness waits for something to show up in the window before failing: a hang
/// guard, not a timing assertion.
pub const PATIENCE: Duration = Duration::from_secs(30);
const POLL: Duration = Duration::from_millis(50);

impl App {
    /// Polls `check` until it returns `Ok(value)`; `Err(state)` means "not yet, and this is
    /// what the window shows", which the timeout reports. An element that the page replaced
    /// between two WebDriver calls (a re-render) also counts as "not yet".
    pub fn wait_until<T>(
        &self,
        what: &str,
        mut check: impl FnMut(&App) -> Result<Result<T, String>, HarnessError>,
    ) -> Result<T, HarnessError> {
        let deadline = Instant::now() + PATIENCE;
        let mut last;
        loop {
            match check(self) {
                Ok(Ok(value)) => return Ok(value),
                Ok(Err(state)) => last = state,
                Err(HarnessError::WebDriver { error, message, .. })
                    if error == "stale element reference" =>
                {
                    last = message;
                }
                Err(other) => return Err(other),
            }
            if Instant::now() > deadline {
                return Err(HarnessError::Timeout(format!("{what} (last seen: {last})")));
            }
            std::thread::sleep(POLL);
        }
    }

    /// The rendered text (`innerText`, trimmed) of every element matching `css`, in one call.
    pub fn all_texts(&self, css: &str) -> Result<Vec<String>, HarnessError> {
        let texts = self.execute(
            "return Array.from(document.querySelectorAll(arguments[0]), \
             (e) => (e.innerText ?? e.textContent ?? '').trim())",
            vec![json!(css)],
        )?;
        Ok(serde_json::from_value(texts).unwrap_or_default())
    }

    /// One attribute of every element matching `css` (empty when absent).
    pub fn all_attributes(&self, css: &str, name: &str) -> Result<Vec<String>, HarnessError> {
        let values = self.execute(
            "return Array.from(document.querySelectorAll(arguments[0]), \
             (e) => e.getAttribute(arguments[1]) ?? '')",
            vec![json!(css), json!(name)],
        )?;
        Ok(serde_json::from_value(values).unwrap_or_default())
    }

    /// How many elements match `css` now.
    pub fn count(&self, css: &str) -> Result<usize, HarnessError> {
        let count = self.execute(
            "return document.querySelectorAll(arguments[0]).length",
            vec![json!(css)],
        )?;
        Ok(count.as_u64().unwrap_or_default() as usize)
    }

    /// Waits until exactly `expected` elements match `css`.
    pub fn wait_for_count(&self, css: &str, expected: usize) -> Result<(), HarnessError> {
        self.wait_until(&format!("{expected} × `{css}`"), |app| {
            let count = app.count(css)?;
            Ok(if count == expected {
                Ok(())
            } else {
                Err(format!("{count}"))
            })
        })
    }

    /// Waits until the first element matching `css` has `name` = `expected`.
    pub fn wait_for_attribute(
        &self,
        css: &str,
        name: &str,
        expected: &str,
    ) -> Result<(), HarnessError> {
        self.wait_until(&format!("`{css}` with {name}={expected:?}"), |app| {
            let values = app.all_attributes(css, name)?;
            Ok(match values.first() {
                Some(value) if value == expected => Ok(()),
                other => Err(format!("{other:?}")),
            })
        })
    }

    /// Waits until no element matches `css`.
    pub fn wait_gone(&self, css: &str) -> Result<(), HarnessError> {
        self.wait_for_count(css, 0)
    }

    /// Waits until some element matching `css` reads exactly `expected`; returns how many do.
    pub fn wait_for_text_among(&self, css: &str, expected: &str) -> Result<usize, HarnessError> {
        self.wait_until(&format!("`{css}` reading {expected:?}"), |app| {
            let texts = app.all_texts(css)?;
            let matching = texts.iter().filter(|text| *text == expected).count();
            Ok(if matching > 0 {
                Ok(matching)
            } else {
                Err(format!("{texts:?}"))
            })
        })
    }

    /// Hands `file` to a file input (`input[type=file]`, hidden or not), as choosing it in
    /// the file dialog would.
    pub fn choose_file(&self, css: &str, file: &Path) -> Result<(), HarnessError> {
        let input = self
            .session
            .find_all(css)?
            .into_iter()
            .next()
            .ok_or_else(|| HarnessError::Timeout(format!("an element matching `{css}`")))?;
        self.session.send_keys(&input, &file.display().to_string())
    }

    /// The text of an open alert, if the page opened one.
    pub fn alert_text(&self) -> Result<Option<String>, HarnessError> {
        self.session.alert_text()
    }

    /// Runs `script` and returns its value (a shortcut for checks in the page).
    pub fn js(&self, script: &str) -> Result<Value, HarnessError> {
        self.execute(script, vec![])
    }
}
