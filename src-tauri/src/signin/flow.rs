//! The QR sign-in under way: one connection, the code on show, its background status poll,
//! and the password step.
//!
//! Design: [`SignIn`] (managed by Tauri) holds at most one [`Flow`]. `start` opens a connection
//! (or reuses the flow's while it is open and waiting) and asks for a code; a task polls its
//! status at the server's interval (clamped) and reports on the window's event channel. A
//! confirmed code is exchanged for a token once; a cloud password is sent once per person's
//! submit. Nothing here repeats a login by itself: an expired code waits for the person to ask
//! for a new one, and a flow hands out at most [`MAX_CODES`] codes. Every code gets a new
//! generation number; a task whose generation is no longer current (cancelled, replaced)
//! stops without a word.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use parta_accounts::Secret;
use parta_max::{ClientInfo, MaxClient, QrCode, QrLogin, QrStatus, SyncMarkers};
use serde::Serialize;
use tauri::async_runtime::JoinHandle;
use tokio::sync::Mutex;

use super::SignInError;
use super::keep::{SignedIn, keep};
use crate::session::{AppState, BackendEvent};

/// Polling never runs faster or slower than this, whatever the server says.
const POLL_MIN: Duration = Duration::from_millis(500);
const POLL_MAX: Duration = Duration::from_secs(10);
/// How long connecting (TCP, TLS, WebSocket, session init) may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(20);
/// How many codes one flow hands out before the person must start over.
pub const MAX_CODES: u32 = 10;
/// The environment variable naming another server (the sandbox, a school's IT staff).
pub const SERVER_ENV: &str = "PARTA_SERVER";

/// A QR code for the window to draw: the module matrix, never markup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QrView {
    /// What the code encodes (`https://max.ru/:auth/…`), shown as text beside it.
    pub link: String,
    /// When the code stops working (ms since the epoch).
    pub expires_at_ms: i64,
    /// Modules per side.
    pub size: usize,
    /// `size × size` modules, row by row; `true` is dark.
    pub modules: Vec<bool>,
}

/// Where a sign-in stands (the `signIn` event's `progress`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum SignInProgress {
    /// The code is on show; nobody confirmed it yet.
    Waiting,
    /// The code expired: the person may ask for a new one.
    Expired,
    /// Confirmed on the phone; finishing.
    Confirmed,
    /// The account has a cloud password: ask for it.
    PasswordNeeded {
        /// MAX's hint, shown as text.
        hint: Option<String>,
    },
    /// Signed in; the account is current.
    Done {
        /// `max-<person id>`.
        account_id: String,
        /// The name to show.
        name: String,
    },
    /// The sign-in ended; a Russian sentence says why.
    Failed {
        /// What to show.
        reason: String,
    },
}

/// The sign-in under way, if any (managed by Tauri).
#[derive(Clone, Default)]
pub struct SignIn {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    flow: Mutex<Option<Flow>>,
    generation: AtomicU64,
}

struct Flow {
    client: Arc<MaxClient>,
    server: String,
    device_id: String,
    stage: Stage,
    codes: u32,
    poller: Option<JoinHandle<()>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Stage {
    Waiting,
    Expired,
    Confirming,
    Password { track_id: String },
    Finishing,
}

impl Flow {
    fn stop_polling(&mut self) {
        if let Some(poller) = self.poller.take() {
            poller.abort();
        }
    }
}

impl Drop for Flow {
    fn drop(&mut self) {
        self.stop_polling();
    }
}

/// The server to sign in to: `PARTA_SERVER` when set, else MAX's own.
pub fn server() -> String {
    std::env::var(SERVER_ENV)
        .ok()
        .filter(|server| !server.trim().is_empty())
        .unwrap_or_else(|| parta_max::DEFAULT_SERVER.to_owned())
}

impl SignIn {
    fn next_generation(&self) -> u64 {
        self.inner.generation.fetch_add(1, Ordering::SeqCst) + 1
    }

    fn is_current(&self, generation: u64) -> bool {
        self.inner.generation.load(Ordering::SeqCst) == generation
    }

    /// Shows a code: a fresh one on the open connection while the flow waits, else on a new
    /// connection. Reports progress as `signIn` events until done, failed or cancelled.
    pub async fn start(&self, state: &AppState) -> Result<QrView, SignInError> {
        let mut guard = self.inner.flow.lock().await;
        let reusable = guard.as_ref().is_some_and(|flow| {
            flow.client.is_open() && matches!(flow.stage, Stage::Waiting | Stage::Expired)
        });
        if !reusable {
            self.next_generation();
            guard.take();
            *guard = Some(open_flow(state).await?);
        }
        let Some(flow) = guard.as_mut() else {
            return Err(SignInError::NotStarted);
        };
        if flow.codes >= MAX_CODES {
            guard.take();
            self.next_generation();
            return Err(SignInError::TooManyCodes);
        }
        flow.codes += 1;
        flow.stop_polling();
        let generation = self.next_generation();
        let code = match flow.client.request_qr().await {
            Ok(code) => code,
            Err(error) => {
                guard.take();
                return Err(SignInError::from_max(error, "qr"));
            }
        };
        let view = draw(&code)?;
        flow.stage = Stage::Waiting;
        let poller = tauri::async_runtime::spawn(poll(
            self.clone(),
            state.clone(),
            generation,
            flow.client.clone(),
            code,
        ));
        flow.poller = Some(poller);
        tracing::info!(codes = flow.codes, "sign-in code shown");
        state.emit(progress(SignInProgress::Waiting));
        Ok(view)
    }

    /// Sends the cloud password once. A refusal leaves the password step open for the person's
    /// next try; success keeps the account and makes it current.
    pub async fn password(&self, state: &AppState, password: Secret) -> Result<(), SignInError> {
        let mut guard = self.inner.flow.lock().await;
        let Some(flow) = guard.as_mut() else {
            return Err(SignInError::NotStarted);
        };
        let Stage::Password { track_id } = flow.stage.clone() else {
            return Err(SignInError::WrongStep);
        };
        flow.stage = Stage::Finishing;
        let client = flow.client.clone();
        let token = match client
            .login_with_password(&track_id, password.expose())
            .await
        {
            Ok(token) => Secret::new(token),
            Err(error) => {
                let error = SignInError::from_max(error, "password");
                if let Some(flow) = guard.as_mut() {
                    flow.stage = Stage::Password { track_id };
                }
                return Err(error);
            }
        };
        drop(password);
        let Some(flow) = guard.take() else {
            return Err(SignInError::NotStarted);
        };
        self.next_generation();
        drop(guard);
        finish(state, flow, token).await
    }

    /// Ends the sign-in under way, if any: its poll stops and its connection closes.
    pub async fn cancel(&self) {
        let mut guard = self.inner.flow.lock().await;
        self.next_generation();
        if guard.take().is_some() {
            tracing::info!("sign-in cancelled");
        }
    }

    /// Marks the flow of `generation` as at `stage`; `false` when that flow is gone.
    async fn set_stage(&self, generation: u64, stage: Stage) -> bool {
        let mut guard = self.inner.flow.lock().await;
        match guard.as_mut() {
            Some(flow) if self.is_current(generation) => {
                flow.stage = stage;
                true
            }
            _ => false,
        }
    }

    /// Takes the flow of `generation` out, ending it.
    async fn take(&self, generation: u64) -> Option<Flow> {
        let mut guard = self.inner.flow.lock().await;
        if !self.is_current(generation) {
            return None;
        }
        self.next_generation();
        let mut flow = guard.take()?;
        // This runs inside the poller: it must not abort itself.
        flow.poller = None;
        Some(flow)
    }
}

fn progress(progress: SignInProgress) -> BackendEvent {
    BackendEvent::SignIn { progress }
}

/// Checks the keyring can keep a token, then connects with a new deviceId.
async fn open_flow(state: &AppState) -> Result<Flow, SignInError> {
    let keyring = state.keyring().clone();
    tauri::async_runtime::spawn_blocking(move || keyring.check_writable())
        .await
        .map_err(|_| SignInError::Storage("keyring check interrupted".into()))??;
    let server = server();
    let device_id = uuid::Uuid::new_v4().to_string();
    let connect = MaxClient::connect(&server, ClientInfo::web(&device_id));
    let client = match tokio::time::timeout(CONNECT_TIMEOUT, connect).await {
        Ok(Ok(client)) => client,
        Ok(Err(error)) => return Err(SignInError::from_max(error, "connect")),
        Err(_) => {
            tracing::warn!(%server, "no answer in time");
            return Err(SignInError::Network);
        }
    };
    tracing::info!(%server, "sign-in connection open");
    Ok(Flow {
        client: Arc::new(client),
        server,
        device_id,
        stage: Stage::Waiting,
        codes: 0,
        poller: None,
    })
}

/// The code's module matrix.
fn draw(code: &QrCode) -> Result<QrView, SignInError> {
    let qr = qrcode::QrCode::new(code.link.as_bytes()).map_err(|error| {
        tracing::warn!(%error, "the sign-in link does not fit a QR code");
        SignInError::Protocol
    })?;
    Ok(QrView {
        link: code.link.clone(),
        expires_at_ms: code.expires_at_ms,
        size: qr.width(),
        modules: qr
            .to_colors()
            .into_iter()
            .map(|color| color == qrcode::Color::Dark)
            .collect(),
    })
}

/// Polls the code's status until it is confirmed, expires, fails or the flow moves on.
async fn poll(
    signin: SignIn,
    state: AppState,
    generation: u64,
    client: Arc<MaxClient>,
    code: QrCode,
) {
    let interval = Duration::from_millis(code.polling_interval_ms).clamp(POLL_MIN, POLL_MAX);
    let ended = |signin: SignIn, state: AppState, what: SignInProgress, stage: Stage| async move {
        if signin.set_stage(generation, stage).await {
            state.emit(progress(what));
        }
    };
    loop {
        tokio::time::sleep(interval).await;
        if !signin.is_current(generation) {
            return;
        }
        if code.expires_at_ms > 0 && now_ms() >= code.expires_at_ms {
            return ended(signin, state, SignInProgress::Expired, Stage::Expired).await;
        }
        match client.qr_status(&code.track_id).await {
            Ok(QrStatus::Waiting) => {}
            Ok(QrStatus::Confirmed) => break,
            Err(error) => {
                return match SignInError::from_max(error, "status") {
                    SignInError::Expired => {
                        ended(signin, state, SignInProgress::Expired, Stage::Expired).await
                    }
                    error => fail(&signin, &state, generation, error).await,
                };
            }
        }
    }
    if !signin.set_stage(generation, Stage::Confirming).await {
        return;
    }
    state.emit(progress(SignInProgress::Confirmed));
    match client.login_by_qr(&code.track_id).await {
        Ok(QrLogin::Token(token)) => {
            if let Some(flow) = signin.take(generation).await {
                // A failure is reported by `finish` itself.
                let _ = finish(&state, flow, Secret::new(token)).await;
            }
        }
        Ok(QrLogin::PasswordNeeded { track_id, hint }) => {
            if signin
                .set_stage(generation, Stage::Password { track_id })
                .await
            {
                let hint = hint.filter(|hint| !hint.trim().is_empty());
                state.emit(progress(SignInProgress::PasswordNeeded { hint }));
            }
        }
        Err(error) => {
            fail(
                &signin,
                &state,
                generation,
                SignInError::from_max(error, "login"),
            )
            .await
        }
    }
}

/// Ends the flow of `generation` with `error` on the window.
async fn fail(signin: &SignIn, state: &AppState, generation: u64, error: SignInError) {
    if signin.take(generation).await.is_some() {
        state.emit(progress(SignInProgress::Failed {
            reason: error.to_string(),
        }));
    }
}

/// Logs in once with the new token (for the profile), keeps the account and opens it.
async fn finish(state: &AppState, flow: Flow, token: Secret) -> Result<(), SignInError> {
    let result: Result<_, SignInError> = async {
        let answer = flow
            .client
            .login(token.expose(), SyncMarkers::default())
            .await
            .map_err(|error| SignInError::from_max(error, "profile"))?;
        let signed_in = SignedIn {
            server: flow.server.clone(),
            token: answer.new_token.map_or(token, Secret::new),
            device_id: flow.device_id.clone(),
            profile: answer.profile,
        };
        drop(flow);
        let (data_dir, keyring) = (state.data_dir().to_path_buf(), state.keyring().clone());
        let record =
            tauri::async_runtime::spawn_blocking(move || keep(&data_dir, &keyring, signed_in))
                .await
                .map_err(|_| SignInError::Storage("interrupted".into()))??;
        let opening = state.clone();
        let _ = tauri::async_runtime::spawn_blocking(move || opening.open_current()).await;
        Ok(record)
    }
    .await;
    match result {
        Ok(record) => {
            state.emit(progress(SignInProgress::Done {
                account_id: record.id,
                name: record.name,
            }));
            Ok(())
        }
        Err(error) => {
            state.emit(progress(SignInProgress::Failed {
                reason: error.to_string(),
            }));
            Err(error)
        }
    }
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_millis() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_serializes_as_the_window_expects() -> Result<(), serde_json::Error> {
        let event = progress(SignInProgress::PasswordNeeded {
            hint: Some("кот".into()),
        });
        assert_eq!(
            serde_json::to_string(&event)?,
            r#"{"type":"signIn","progress":{"type":"passwordNeeded","hint":"кот"}}"#
        );
        let done = progress(SignInProgress::Done {
            account_id: "max-1".into(),
            name: "Анна".into(),
        });
        assert_eq!(
            serde_json::to_string(&done)?,
            r#"{"type":"signIn","progress":{"type":"done","accountId":"max-1","name":"Анна"}}"#
        );
        Ok(())
    }

    #[test]
    fn the_code_is_a_square_module_matrix_of_its_link() -> Result<(), SignInError> {
        let code = QrCode {
            link: "https://max.ru/:auth/0b9f2c1e-4d1a-4f0e-9d7e-3f6a2b8c9d10".into(),
            track_id: "t".into(),
            polling_interval_ms: 1000,
            expires_at_ms: 42,
        };
        let view = draw(&code)?;
        assert_eq!(view.link, code.link);
        assert_eq!(view.expires_at_ms, 42);
        assert_eq!(view.modules.len(), view.size * view.size);
        // The top-left finder pattern: a dark 7-module edge.
        assert!(view.modules[..7].iter().all(|dark| *dark));
        assert!(view.modules.iter().any(|dark| !dark));
        Ok(())
    }

    #[test]
    fn the_server_is_max_unless_told_otherwise() {
        // Only checks the fallback: the variable is not set in unit tests.
        if std::env::var_os(SERVER_ENV).is_none() {
            assert_eq!(server(), parta_max::DEFAULT_SERVER);
        }
    }
}
