//! WebSocket at `/websocket`: JSON text frames, and binary frames in binary messages.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use futures_util::{SinkExt, StreamExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tokio_tungstenite::tungstenite::http::StatusCode;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;

use super::processor::{Flow, Processor, ver};
use crate::app::App;
use crate::codec::{Encoding, MAX_PAYLOAD, decode_binary, decode_json, encode_binary, encode_json};
use crate::error::SandboxError;
use crate::hub::Out;

/// Accepts WebSocket clients until the listener fails.
pub async fn serve_ws(app: Arc<App>, listener: TcpListener) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        if app.faults.refusing() {
            drop(stream);
            continue;
        }
        let _ = stream.set_nodelay(true);
        tokio::spawn(connection(app.clone(), stream));
    }
}

// The signature is tungstenite's handshake callback; its error type is not ours to shrink.
#[allow(clippy::result_large_err)]
fn check_path(req: &Request, resp: Response) -> Result<Response, ErrorResponse> {
    if req.uri().path() == "/websocket" {
        Ok(resp)
    } else {
        let mut err = ErrorResponse::new(Some("only /websocket is served here".into()));
        *err.status_mut() = StatusCode::NOT_FOUND;
        Err(err)
    }
}

async fn connection(app: Arc<App>, stream: TcpStream) {
    let config = WebSocketConfig::default()
        .max_message_size(Some(MAX_PAYLOAD + 1024))
        .max_frame_size(Some(MAX_PAYLOAD + 1024));
    let handshake =
        tokio_tungstenite::accept_hdr_async_with_config(stream, check_path, Some(config));
    // A client that never finishes its handshake does not keep a task forever.
    let Ok(Ok(ws)) = tokio::time::timeout(std::time::Duration::from_secs(15), handshake).await
    else {
        return;
    };
    let (mut sink, mut stream) = ws.split();
    let reg = app.hub.register();
    let conn_id = reg.id;
    let mut proc = Processor::new(app.clone(), conn_id, reg.tx, false);
    let binary = proc.binary.clone();
    let mut rx = reg.rx;
    let writer = tokio::spawn(async move {
        while let Some(out) = rx.recv().await {
            let (mut frame, enc) = match out {
                Out::Reply(f, enc) => (f, enc),
                Out::Push(f) => {
                    let enc = if binary.load(Ordering::Relaxed) {
                        Encoding::Binary
                    } else {
                        Encoding::Json
                    };
                    (f, enc)
                }
            };
            frame.ver = ver(enc);
            let msg = match enc {
                Encoding::Json => Message::text(encode_json(&frame)),
                Encoding::Binary => Message::binary(encode_binary(&frame)),
            };
            if sink.send(msg).await.is_err() {
                break;
            }
        }
        let _ = sink.close().await;
    });
    let mut kill = reg.kill;
    loop {
        let msg = tokio::select! {
            _ = kill.changed() => break,
            msg = stream.next() => msg,
        };
        let flow = match msg {
            None | Some(Err(_)) | Some(Ok(Message::Close(_))) => break,
            Some(Ok(Message::Text(text))) => match decode_json(text.as_str()) {
                Ok(frame) => proc.on_frame(frame, Encoding::Json).await,
                Err(e) => {
                    let seq = json_seq(text.as_str());
                    proc.bad_input(&e, Encoding::Json, seq, 0)
                }
            },
            Some(Ok(Message::Binary(bytes))) => match decode_binary(&bytes) {
                Ok(frame) => proc.on_frame(frame, Encoding::Binary).await,
                Err(e) => {
                    let stop = matches!(e, SandboxError::TooLarge(_));
                    let seq = if bytes.len() >= 4 {
                        u64::from(u16::from_be_bytes([bytes[2], bytes[3]]))
                    } else {
                        0
                    };
                    let flow = proc.bad_input(&e, Encoding::Binary, seq, 0);
                    if stop { Flow::Close } else { flow }
                }
            },
            Some(Ok(_)) => Flow::Continue,
        };
        if flow == Flow::Close {
            break;
        }
    }
    app.hub.unregister(conn_id);
    drop(proc);
    super::finish_writer(writer).await;
}

fn json_seq(text: &str) -> u64 {
    serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|v| v["seq"].as_u64())
        .unwrap_or(0)
}
