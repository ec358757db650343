//! The per-connection request loop, independent of the transport.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use tokio::sync::mpsc;

use crate::app::App;
use crate::codec::{CMD_REQUEST, CMD_RESPONSE, Encoding, Frame};
use crate::error::SandboxError;
use crate::handlers::{self, Ctx, Session};
use crate::hub::Out;
use crate::maxerr::MaxErr;

/// What the transport should do after a frame.
#[derive(Debug, PartialEq, Eq)]
pub enum Flow {
    /// Keep reading.
    Continue,
    /// Close the connection.
    Close,
}

/// One connection's protocol state and outbound queue.
pub struct Processor {
    app: Arc<App>,
    session: Session,
    tx: mpsc::Sender<Out>,
    /// Whether pushes go out binary (the last request was binary).
    pub binary: Arc<AtomicBool>,
    tokens: f64,
    last: Instant,
}

impl Processor {
    /// A processor for hub connection `conn_id`.
    pub fn new(app: Arc<App>, conn_id: u64, tx: mpsc::Sender<Out>, binary: bool) -> Processor {
        Processor {
            app,
            session: Session {
                conn_id,
                ..Session::default()
            },
            tx,
            binary: Arc::new(AtomicBool::new(binary)),
            tokens: f64::MAX,
            last: Instant::now(),
        }
    }

    fn queue(&self, frame: Frame, enc: Encoding) -> Flow {
        match self.tx.try_send(Out::Reply(frame, enc)) {
            Ok(()) => Flow::Continue,
            Err(_) => Flow::Close,
        }
    }

    /// Answers undecodable input with a `proto.payload` error frame (seq as far as known).
    pub fn bad_input(&mut self, err: &SandboxError, enc: Encoding, seq: u64, opcode: u16) -> Flow {
        tracing::debug!(conn = self.session.conn_id, "bad input: {err}");
        let code = if matches!(err, SandboxError::TooLarge(_)) {
            "proto.size"
        } else {
            "proto.payload"
        };
        let req = Frame {
            ver: ver(enc),
            cmd: CMD_REQUEST,
            seq,
            opcode,
            payload: serde_json::Value::Null,
        };
        self.queue(
            Frame::error(&req, MaxErr::with(code, err.to_string()).to_payload()),
            enc,
        )
    }

    fn allow(&mut self) -> bool {
        let now = Instant::now();
        let dt = now.duration_since(self.last).as_secs_f64();
        self.last = now;
        let limit = self.app.faults.limit();
        self.tokens = (self.tokens + dt * limit.per_second).min(limit.burst);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }

    /// Handles one decoded frame.
    pub async fn on_frame(&mut self, frame: Frame, enc: Encoding) -> Flow {
        self.binary
            .store(enc == Encoding::Binary, Ordering::Relaxed);
        if frame.cmd == CMD_RESPONSE && frame.opcode == 1 {
            return Flow::Continue; // a pong to our ping
        }
        if frame.cmd != CMD_REQUEST {
            let err = MaxErr::payload(format!("unexpected cmd {} from a client", frame.cmd));
            return self.queue(Frame::error(&frame, err.to_payload()), enc);
        }
        if !self.allow() {
            return self.queue(
                Frame::error(&frame, MaxErr::new("error.limit.violate").to_payload()),
                enc,
            );
        }
        if let Some(code) = self.app.faults.take_error(frame.opcode) {
            return self.queue(Frame::error(&frame, MaxErr::new(&code).to_payload()), enc);
        }
        let delay = self.app.faults.delay();
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
        let result = {
            let mut ctx = Ctx {
                app: &self.app,
                s: &mut self.session,
            };
            handlers::dispatch(&mut ctx, frame.opcode, &frame.payload)
        };
        if result.is_ok()
            && let Some(close) = self.app.faults.take_drop(frame.opcode)
        {
            tracing::info!(opcode = frame.opcode, "fault: response dropped");
            return if close { Flow::Close } else { Flow::Continue };
        }
        let reply = match result {
            Ok(payload) => Frame::response(&frame, payload),
            Err(e) => Frame::error(&frame, e.to_payload()),
        };
        self.queue(reply, enc)
    }
}

/// The protocol version to stamp on frames we originate.
pub fn ver(enc: Encoding) -> u8 {
    match enc {
        Encoding::Json => 11,
        Encoding::Binary => 10,
    }
}
