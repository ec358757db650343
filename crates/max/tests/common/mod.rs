//! The sandbox for parta-max's tests: a real server on loopback, in a runtime of its own so a
//! test can stop it (its sockets close) and start it again on the same ports and data.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::net::{SocketAddr, TcpListener};
use std::time::Duration;

use parta_core::Store;
use parta_max::MaxPlatform;
use serde_json::Value;

pub struct Sandbox {
    pub urls: parta_sandbox::Urls,
    runtime: Option<tokio::runtime::Runtime>,
    listen: SocketAddr,
    data: tempfile::TempDir,
    http: reqwest::Client,
}

/// A port P with P..P+3 free (the sandbox's four listeners).
fn free_ports() -> SocketAddr {
    loop {
        let first = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        if first > 65_000 {
            continue;
        }
        let all_free =
            (0..4).all(|offset| TcpListener::bind(("127.0.0.1", first + offset)).is_ok());
        if all_free {
            return SocketAddr::from(([127, 0, 0, 1], first));
        }
    }
}

fn launch(
    listen: SocketAddr,
    data: std::path::PathBuf,
    seed: Option<std::path::PathBuf>,
) -> (tokio::runtime::Runtime, parta_sandbox::Urls) {
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let config = parta_sandbox::Config { listen, data, seed };
        let app = runtime.block_on(parta_sandbox::start(config)).unwrap();
        let urls = app.urls.clone();
        (runtime, urls)
    })
    .join()
    .unwrap()
}

impl Sandbox {
    pub fn start() -> Self {
        Self::start_with(None)
    }

    /// The sandbox seeded from `seed` instead of the demo school.
    pub fn start_with(seed: Option<std::path::PathBuf>) -> Self {
        let data = tempfile::tempdir().unwrap();
        let listen = free_ports();
        let (runtime, urls) = launch(listen, data.path().to_path_buf(), seed);
        Self {
            urls,
            runtime: Some(runtime),
            listen,
            data,
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

    /// Starts it again on the same ports with the same data.
    pub fn restart(&mut self) {
        self.stop();
        let (runtime, urls) = launch(self.listen, self.data.path().to_path_buf(), None);
        assert_eq!(urls.max_ws, self.urls.max_ws);
        self.runtime = Some(runtime);
    }

    pub async fn control(&self, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}{path}", self.urls.control);
        let request = match body {
            Some(body) => self.http.post(url).json(&body),
            None => self.http.get(url),
        };
        let response = request.send().await.unwrap();
        assert!(
            response.status().is_success(),
            "{path}: {}",
            response.status()
        );
        response.json().await.unwrap_or(Value::Null)
    }

    pub async fn people(&self) -> Vec<Value> {
        self.control("/people", None)
            .await
            .as_array()
            .unwrap()
            .clone()
    }

    pub async fn person(&self, role: &str) -> Value {
        self.people()
            .await
            .into_iter()
            .find(|p| p["role"] == role)
            .unwrap()
    }

    pub async fn person_by_id(&self, id: i64) -> Value {
        self.people()
            .await
            .into_iter()
            .find(|p| p["id"] == id)
            .unwrap()
    }

    pub async fn chats_of(&self, person: &Value) -> Vec<Value> {
        let chats = self
            .control(&format!("/people/{}/chats", person["id"]), None)
            .await;
        chats.as_array().unwrap().clone()
    }

    /// The server's truth: a chat's messages, oldest first.
    pub async fn messages(&self, chat_id: i64) -> Vec<Value> {
        self.control(&format!("/chats/{chat_id}/messages"), None)
            .await
            .as_array()
            .unwrap()
            .clone()
    }

    pub fn platform_for(&self, person: &Value) -> MaxPlatform {
        MaxPlatform::new(
            &self.urls.max_ws,
            person["token"].as_str().unwrap(),
            person["deviceId"].as_str().unwrap(),
        )
        .unwrap()
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

/// A fresh cache in its own folder (kept by the returned guard).
pub fn fresh_store() -> (Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    (
        Store::open(dir.path(), &parta_core::CacheKey::from_bytes([7; 32])).unwrap(),
        dir,
    )
}
