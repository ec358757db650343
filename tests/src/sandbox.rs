//! The school platform a test's app talks to: parta-sandbox, in this process, on loopback.
//!
//! Design: the sandbox runs on a tokio runtime of its own, on its own threads, so the test
//! thread stays plain blocking code (WebDriver and the control API over blocking HTTP) and can
//! [`Sandbox::stop`] the platform at any moment: shutting the runtime down drops every listener
//! and open socket, which is what a person sees when the school's server or the network goes
//! away. The control API (`crates/sandbox/README.md`) lets a test act as another person and
//! read the platform's own truth (`GET /chats/{id}/messages`).

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};

use crate::HarnessError;

pub struct Sandbox {
    runtime: Option<tokio::runtime::Runtime>,
    pub(crate) urls: parta_sandbox::Urls,
    http: reqwest::blocking::Client,
    /// Dropped last: the SQLite file outlives the server that writes it.
    _data: tempfile::TempDir,
}

impl Sandbox {
    /// Starts a freshly seeded demo school on free loopback ports.
    pub fn start() -> Result<Self, HarnessError> {
        let data = tempfile::Builder::new()
            .prefix("parta-e2e-sandbox-")
            .tempdir()?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("sandbox")
            .enable_all()
            .build()?;
        let config = parta_sandbox::Config {
            listen: ([127, 0, 0, 1], 0).into(),
            data: data.path().to_path_buf(),
            seed: None,
        };
        let app: Arc<parta_sandbox::App> =
            runtime
                .block_on(parta_sandbox::start(config))
                .map_err(|error| HarnessError::Start {
                    what: "the sandbox",
                    why: error.to_string(),
                })?;
        let http = reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()?;
        Ok(Self {
            runtime: Some(runtime),
            urls: app.urls.clone(),
            http,
            _data: data,
        })
    }

    /// The MAX WebSocket address the app signs in to.
    pub fn max_ws(&self) -> &str {
        &self.urls.max_ws
    }

    /// Stops the platform: every socket closes and new connections are refused.
    pub fn stop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_timeout(Duration::from_secs(2));
        }
    }

    pub fn get(&self, path: &str) -> Result<Value, HarnessError> {
        let response = self
            .http
            .get(format!("{}{path}", self.urls.control))
            .send()?;
        answer("GET", path, response)
    }

    pub fn post(&self, path: &str, body: Value) -> Result<Value, HarnessError> {
        let response = self
            .http
            .post(format!("{}{path}", self.urls.control))
            .json(&body)
            .send()?;
        answer("POST", path, response)
    }

    /// The demo person whose token is `token` (`id`, `name`, `deviceId`, …).
    pub fn person_with_token(&self, token: &str) -> Result<Value, HarnessError> {
        self.get("/people")?
            .as_array()
            .and_then(|people| people.iter().find(|person| person["token"] == token))
            .cloned()
            .ok_or_else(|| HarnessError::Sandbox(format!("nobody has the token {token}")))
    }

    /// The chats `person_id` belongs to, as MAX chat objects.
    pub fn chats_of(&self, person_id: i64) -> Result<Vec<Value>, HarnessError> {
        Ok(array(self.get(&format!("/people/{person_id}/chats"))?))
    }

    /// `person_id` writes `text` to `chat_id`; returns the stored MAX message (its `id`).
    pub fn send_as(&self, person_id: i64, chat_id: i64, text: &str) -> Result<Value, HarnessError> {
        let body = json!({ "chatId": chat_id, "text": text });
        self.post(&format!("/people/{person_id}/send"), body)
    }

    /// The bytes the platform holds for a message's FILE attachment (its `fileId` and
    /// `token`), as a recipient would download them.
    pub fn file_bytes(&self, attach: &Value) -> Result<Vec<u8>, HarnessError> {
        let (id, token) = (id_of(&attach["fileId"]), id_of(&attach["token"]));
        let token = token.trim_matches('"');
        let path = format!("/files/{id}/{token}");
        let response = self.http.get(format!("{}{path}", self.urls.http)).send()?;
        if !response.status().is_success() {
            let status = response.status();
            return Err(HarnessError::Sandbox(format!("GET {path}: {status}")));
        }
        Ok(response.bytes()?.to_vec())
    }

    /// Every message of `chat_id` the platform holds, oldest first.
    pub fn messages(&self, chat_id: i64) -> Result<Vec<Value>, HarnessError> {
        Ok(array(self.get(&format!("/chats/{chat_id}/messages"))?))
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.stop();
    }
}

fn answer(
    method: &str,
    path: &str,
    response: reqwest::blocking::Response,
) -> Result<Value, HarnessError> {
    let status = response.status();
    if !status.is_success() {
        let body = response.text().unwrap_or_default();
        return Err(HarnessError::Sandbox(format!(
            "{method} {path}: {status}: {body}"
        )));
    }
    Ok(response.json()?)
}

fn array(value: Value) -> Vec<Value> {
    match value {
        Value::Array(items) => items,
        _ => Vec::new(),
    }
}

/// A platform id as a JSON number or string (the control API gives numbers).
pub fn id_of(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}
