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
    /// `http://127.0.0.1:P` (the e-journal, as `de.edu.orb.ru`).
    pub diary: String,
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

/// An SMS sign-in in progress (mobile device types only).
#[derive(Debug, Clone)]
pub struct SmsTrack {
    /// Who the phone number belongs to.
    pub person: i64,
    /// Expiry, ms.
    pub expires_at: i64,
    /// Wrong codes so far.
    pub attempts: u32,
}

/// The SMS code every demo person "receives".
pub const DEMO_SMS_CODE: &str = "111111";

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
    /// SMS tracks by temporary token.
    pub sms: Mutex<HashMap<String, SmsTrack>>,
    /// This run's addresses.
    pub urls: Urls,
}

impl App {
    /// The QR tracks, locked.
    pub fn qr(&self) -> std::sync::MutexGuard<'_, HashMap<String, QrTrack>> {
        self.qr.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The SMS tracks, locked.
    pub fn sms(&self) -> std::sync::MutexGuard<'_, HashMap<String, SmsTrack>> {
        self.sms.lock().unwrap_or_else(|p| p.into_inner())
    }
}
