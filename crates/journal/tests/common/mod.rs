//! The sandbox for parta-journal's tests: a real server on loopback (its diary listener is the
//! X1 site's stand-in), in a runtime of its own so a test can stop it.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::net::SocketAddr;
use std::time::Duration;

use parta_journal::X1Journal;
use serde_json::{Value, json};

/// Анна Морозова: Алиса (Orenburg fields) and Иван (Kirov fields).
pub const ANNA: i64 = 51_000_301;
/// Ирина Козлова: Никита; her family can be moved to «Моя школа».
pub const IRINA: i64 = 51_000_345;
pub const ALISA: &str = "D1A70000-0000-4000-8000-000051000105";
pub const IVAN: &str = "D1A70000-0000-4000-8000-000051000208";
pub const NIKITA: &str = "D1A70000-0000-4000-8000-000051000230";

pub struct Sandbox {
    /// The diary listener: the journal's base URL.
    pub diary: String,
    pub control: String,
    runtime: Option<tokio::runtime::Runtime>,
    _data: tempfile::TempDir,
    http: reqwest::Client,
}

impl Sandbox {
    pub fn start() -> Self {
        let data = tempfile::tempdir().unwrap();
        // Port 0: every listener gets an ephemeral port.
        let listen = SocketAddr::from(([127, 0, 0, 1], 0));
        let dir = data.path().to_path_buf();
        let (runtime, urls) = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            let config = parta_sandbox::Config {
                listen,
                data: dir,
                seed: None,
            };
            let app = runtime.block_on(parta_sandbox::start(config)).unwrap();
            let urls = app.urls.clone();
            (runtime, urls)
        })
        .join()
        .unwrap();
        Self {
            diary: urls.diary,
            control: urls.control,
            runtime: Some(runtime),
            _data: data,
            http: reqwest::Client::new(),
        }
    }

    /// Stops the server: every socket closes, nothing answers.
    pub fn stop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            std::thread::spawn(move || runtime.shutdown_timeout(Duration::from_secs(5)))
                .join()
                .unwrap();
        }
    }

    /// A control call that must succeed; its JSON answer (null when none).
    pub async fn control(&self, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}{path}", self.control);
        let request = match body {
            Some(body) => self.http.post(url).json(&body),
            None => self.http.get(url),
        };
        let response = request.send().await.unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        assert!(status.is_success(), "{path}: {status} {text}");
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }

    /// A session cookie value for `person`, as if they had signed in.
    pub async fn session(&self, person: i64) -> String {
        let session = self
            .control("/diary/sessions", Some(json!({ "personId": person })))
            .await;
        assert_eq!(session["name"], "PHPSESSID");
        session["value"].as_str().unwrap().to_owned()
    }

    /// The journal as `person` sees it.
    pub async fn journal_for(&self, person: i64) -> X1Journal {
        X1Journal::new(&self.diary, &self.session(person).await).unwrap()
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}
