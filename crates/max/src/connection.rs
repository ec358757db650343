//! One connection to MAX over WebSocket.
//!
//! `open` connects (with the browser-like `Origin` and `User-Agent` the web server expects) and
//! starts two tasks. The reader decodes each frame (text or binary), completes the request
//! waiting on that `seq`, answers the server's pings, and forwards every other server frame to
//! the push channel. The keepalive sends a ping every 30 s. When the socket ends, every waiting
//! request fails with [`MaxError::Transient`] and the push channel closes, which is how the
//! owner learns to reconnect. Dropping the [`Connection`] stops both tasks.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU16, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;
use tokio_tungstenite::Connector;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;

use crate::frame::{Cmd, Frame, MAX_PAYLOAD};
use crate::{MaxError, opcode, tls};

/// The web client's origin, which MAX's WebSocket server checks.
pub const ORIGIN: &str = "https://web.max.ru";
const KEEPALIVE: Duration = Duration::from_secs(30);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// How long connecting (TCP, TLS and the WebSocket handshake) may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(20);

/// A frame the server sent on its own: a new message, a read mark, a processed upload, …
#[derive(Debug, Clone, PartialEq)]
pub struct Push {
    pub opcode: u16,
    pub payload: Value,
}

type Waiting = Arc<Mutex<HashMap<u16, oneshot::Sender<Result<Value, MaxError>>>>>;

/// Set by the reader when the socket has ended, before it fails the waiting requests.
type Closed = Arc<AtomicBool>;

pub struct Connection {
    outgoing: mpsc::UnboundedSender<Message>,
    waiting: Waiting,
    closed: Closed,
    next_seq: AtomicU16,
    pushes: Mutex<Option<mpsc::UnboundedReceiver<Push>>>,
    tasks: Vec<JoinHandle<()>>,
}

impl Connection {
    /// Connects to `url` (`wss://…/websocket`, or `ws://` for a local server).
    pub async fn open(url: &str, user_agent: &str) -> Result<Self, MaxError> {
        let mut request = url.into_client_request().map_err(|error| {
            MaxError::protocol(format!("not a WebSocket address {url}: {error}"))
        })?;
        let headers = request.headers_mut();
        headers.insert("Origin", HeaderValue::from_static(ORIGIN));
        if let Ok(agent) = HeaderValue::from_str(user_agent) {
            headers.insert("User-Agent", agent);
        }
        let mut config = WebSocketConfig::default();
        config.max_message_size = Some(MAX_PAYLOAD);
        config.max_frame_size = Some(MAX_PAYLOAD);
        let connector = Connector::Rustls(tls::client_config()?);
        let handshake = tokio_tungstenite::connect_async_tls_with_config(
            request,
            Some(config),
            false,
            Some(connector),
        );
        let (socket, _) = tokio::time::timeout(CONNECT_TIMEOUT, handshake)
            .await
            .map_err(|_| MaxError::transient(format!("{url} did not answer in 20 s")))?
            .map_err(MaxError::transient)?;
        let (mut sink, mut stream) = socket.split();

        let (outgoing, mut to_send) = mpsc::unbounded_channel::<Message>();
        let (push_sender, pushes) = mpsc::unbounded_channel();
        let waiting: Waiting = Arc::default();
        let closed: Closed = Arc::default();

        let writer = tokio::spawn(async move {
            while let Some(message) = to_send.recv().await {
                if sink.send(message).await.is_err() {
                    break;
                }
            }
            let _ = sink.close().await;
        });
        let reader = {
            let waiting = waiting.clone();
            let closed = closed.clone();
            let outgoing = outgoing.clone();
            tokio::spawn(async move {
                while let Some(Ok(message)) = stream.next().await {
                    let frame = match &message {
                        Message::Text(text) => Frame::from_text(text),
                        Message::Binary(bytes) => Frame::from_binary(bytes),
                        Message::Close(_) => break,
                        _ => continue,
                    };
                    match frame {
                        Ok(frame) => dispatch(frame, &waiting, &outgoing, &push_sender),
                        Err(error) => tracing::warn!(%error, "unreadable frame from MAX skipped"),
                    }
                }
                closed.store(true, Ordering::SeqCst);
                fail_all_waiting(&waiting);
                // Dropping `push_sender` here closes the push channel: the owner reconnects.
            })
        };
        let keepalive = {
            let outgoing = outgoing.clone();
            tokio::spawn(async move {
                let mut seq = 0x8000u16;
                loop {
                    tokio::time::sleep(KEEPALIVE).await;
                    seq = seq.wrapping_add(1) | 0x8000;
                    let ping = Frame::request(seq, opcode::PING, json!({ "interactive": true }));
                    if outgoing.send(Message::text(ping.to_text())).is_err() {
                        break;
                    }
                }
            })
        };
        Ok(Self {
            outgoing,
            waiting,
            closed,
            next_seq: AtomicU16::new(1),
            pushes: Mutex::new(Some(pushes)),
            tasks: vec![writer, reader, keepalive],
        })
    }

    /// The server's pushes. There is one receiver; the second call gets `None`.
    pub fn take_pushes(&self) -> Option<mpsc::UnboundedReceiver<Push>> {
        self.pushes.lock().ok()?.take()
    }

    /// Sends a request and waits for its answer's payload.
    pub async fn request(&self, opcode: u16, payload: Value) -> Result<Value, MaxError> {
        // Our own requests use the low half of `seq`; keepalive pings the high half, so a ping's
        // answer never completes a request.
        let seq = self.next_seq.fetch_add(1, Ordering::Relaxed) & 0x7FFF;
        let (done, answer) = oneshot::channel();
        self.waiting
            .lock()
            .map_err(|_| MaxError::transient("connection state lost"))?
            .insert(seq, done);
        let frame = Frame::request(seq, opcode, payload);
        // Checked after registering: the reader sets `closed` before it fails the waiting, so a
        // request registered too late to be failed by it sees the flag here.
        if self.closed.load(Ordering::SeqCst)
            || self.outgoing.send(Message::text(frame.to_text())).is_err()
        {
            self.forget(seq);
            return Err(MaxError::transient("the connection is closed"));
        }
        match tokio::time::timeout(REQUEST_TIMEOUT, answer).await {
            Ok(Ok(result)) => result,
            Ok(Err(_)) => Err(MaxError::transient(
                "the connection closed before the answer",
            )),
            Err(_) => {
                self.forget(seq);
                Err(MaxError::transient(format!(
                    "no answer to opcode {opcode} in 30 s"
                )))
            }
        }
    }

    fn forget(&self, seq: u16) {
        if let Ok(mut waiting) = self.waiting.lock() {
            waiting.remove(&seq);
        }
    }

    /// Whether the socket is still open.
    pub fn is_open(&self) -> bool {
        !self.outgoing.is_closed()
            && self
                .tasks
                .get(1)
                .is_some_and(|reader| !reader.is_finished())
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
        fail_all_waiting(&self.waiting);
    }
}

fn dispatch(
    frame: Frame,
    waiting: &Waiting,
    outgoing: &mpsc::UnboundedSender<Message>,
    pushes: &mpsc::UnboundedSender<Push>,
) {
    match frame.cmd {
        Cmd::Response | Cmd::Error => {
            let done = waiting
                .lock()
                .ok()
                .and_then(|mut waiting| waiting.remove(&frame.seq));
            let Some(done) = done else {
                tracing::debug!(
                    seq = frame.seq,
                    opcode = frame.opcode,
                    "answer to no request"
                );
                return;
            };
            let result = if frame.cmd == Cmd::Error {
                Err(MaxError::from_error_payload(&frame.payload))
            } else {
                Ok(frame.payload)
            };
            let _ = done.send(result);
        }
        Cmd::Request if frame.opcode == opcode::PING => {
            let pong = Frame {
                cmd: Cmd::Response,
                payload: Value::Null,
                ..frame
            };
            let _ = outgoing.send(Message::text(pong.to_text()));
        }
        Cmd::Request => {
            let _ = pushes.send(Push {
                opcode: frame.opcode,
                payload: frame.payload,
            });
        }
        Cmd::Other(cmd) => tracing::debug!(cmd, opcode = frame.opcode, "unknown frame kind"),
    }
}

fn fail_all_waiting(waiting: &Waiting) {
    if let Ok(mut waiting) = waiting.lock() {
        for (_, done) in waiting.drain() {
            let _ = done.send(Err(MaxError::transient("the connection to MAX dropped")));
        }
    }
}
