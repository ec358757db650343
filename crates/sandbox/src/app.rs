//! Shared server state: the store, the hub, faults, QR sign-in tracks and this run's URLs.

use std::collections::HashMap;
use std::sync::Mutex;

use serde::Serialize;

use crate::faults::Faults;
use crate::hub::Hub;
use crate::store::Store;

/// The addresses printed on start.
#[derive(Debug, Clone, Serialize)]
pub struct Urls {
    /// `ws://127.0.0.1:P/websocket`.
    pub max_ws: String,
    /// `127.0.0.1:P` (binary frames over plain TCP).
    pub max_tcp: String,
    /// `http://127.0.0.1:P` (uploads and downloads).
    pub http: String,
    /// `http://127.0.0.1:P` (control API).
    pub control: String,
}

/// A QR sign-in in progress (not persisted: a restart expires them, as it would on MAX).
#[derive(Debug, Clone)]
pub struct QrTrack {
    /// `https://max.ru/:auth/<uuid>`.
    pub link: String,
    /// Expiry, ms.
    pub expires_at: i64,
    /// Who approved it from "the phone".
    pub approved_by: Option<i64>,
    /// Whether the password step (115) is still owed.
    pub password_pending: bool,
}

/// Everything a connection or an HTTP handler needs.
pub struct App {
    /// Persistent state.
    pub store: Store,
    /// Live connections.
    pub hub: Hub,
    /// Injected faults.
    pub faults: Faults,
    /// QR tracks by trackId.
    pub qr: Mutex<HashMap<String, QrTrack>>,
    /// This run's addresses.
    pub urls: Urls,
}

impl App {
    /// The QR tracks, locked.
    pub fn qr(&self) -> std::sync::MutexGuard<'_, HashMap<String, QrTrack>> {
        self.qr.lock().unwrap_or_else(|p| p.into_inner())
    }
}
