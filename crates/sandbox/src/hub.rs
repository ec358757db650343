//! Connected sessions and push fan-out.
//!
//! Every connection registers a [`ConnHandle`]: a bounded outbound queue, a kill switch and,
//! once signed in, its user id and token. A push goes to every connection of every member of
//! the chat. A connection whose queue is full (a client that stopped reading) is killed rather
//! than let it hold the server's memory: other clients never wait for it.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::Value;
use tokio::sync::{mpsc, watch};

use crate::codec::{Encoding, Frame};

/// Depth of a connection's outbound queue.
pub const QUEUE_DEPTH: usize = 4096;

/// Something for a connection's writer.
#[derive(Debug)]
pub enum Out {
    /// A response, in the encoding of its request.
    Reply(Frame, Encoding),
    /// A server push, in the connection's current encoding.
    Push(Frame),
}

/// The hub's view of one connection.
pub struct ConnHandle {
    tx: mpsc::Sender<Out>,
    kill: watch::Sender<bool>,
    user: Option<i64>,
    token: Option<String>,
    push_seq: u64,
}

/// The registry of live connections.
#[derive(Default)]
pub struct Hub {
    next: AtomicU64,
    conns: Mutex<HashMap<u64, ConnHandle>>,
}

/// What a connection keeps after registering.
pub struct Registration {
    /// Connection id.
    pub id: u64,
    /// Outbound queue (the connection's own replies go here too).
    pub tx: mpsc::Sender<Out>,
    /// Outbound queue's receiving end, for the writer.
    pub rx: mpsc::Receiver<Out>,
    /// Fires when the connection must close.
    pub kill: watch::Receiver<bool>,
}

impl Hub {
    fn conns(&self) -> std::sync::MutexGuard<'_, HashMap<u64, ConnHandle>> {
        self.conns.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Registers a new connection.
    pub fn register(&self) -> Registration {
        let id = self.next.fetch_add(1, Ordering::SeqCst) + 1;
        let (tx, rx) = mpsc::channel(QUEUE_DEPTH);
        let (kill_tx, kill) = watch::channel(false);
        self.conns().insert(
            id,
            ConnHandle {
                tx: tx.clone(),
                kill: kill_tx,
                user: None,
                token: None,
                push_seq: 0,
            },
        );
        Registration { id, tx, rx, kill }
    }

    /// Forgets a closed connection.
    pub fn unregister(&self, id: u64) {
        self.conns().remove(&id);
    }

    /// Records who signed in on a connection (`None` after logout).
    pub fn set_user(&self, id: u64, user: Option<(i64, String)>) {
        if let Some(c) = self.conns().get_mut(&id) {
            (c.user, c.token) = match user {
                Some((u, t)) => (Some(u), Some(t)),
                None => (None, None),
            };
        }
    }

    /// Sends a push to every signed-in connection of each of `users`, except `skip`.
    pub fn push(&self, users: &[i64], opcode: u16, payload: &Value, skip: Option<u64>) {
        let mut conns = self.conns();
        for (id, c) in conns.iter_mut() {
            if Some(*id) == skip || !c.user.is_some_and(|u| users.contains(&u)) {
                continue;
            }
            c.push_seq = (c.push_seq + 1) & 0xFFFF;
            let frame = Frame::push(opcode, c.push_seq, payload.clone());
            if c.tx.try_send(Out::Push(frame)).is_err() {
                let _ = c.kill.send(true);
            }
        }
    }

    /// Sends a push to every connection, signed in or not (e.g. 3 RECONNECT).
    pub fn push_all(&self, opcode: u16, payload: &Value) -> usize {
        let mut conns = self.conns();
        for c in conns.values_mut() {
            c.push_seq = (c.push_seq + 1) & 0xFFFF;
            let frame = Frame::push(opcode, c.push_seq, payload.clone());
            if c.tx.try_send(Out::Push(frame)).is_err() {
                let _ = c.kill.send(true);
            }
        }
        conns.len()
    }

    /// Closes every connection.
    pub fn kill_all(&self) -> usize {
        let conns = self.conns();
        for c in conns.values() {
            let _ = c.kill.send(true);
        }
        conns.len()
    }

    /// Closes one connection.
    pub fn kill(&self, id: u64) {
        if let Some(c) = self.conns().get(&id) {
            let _ = c.kill.send(true);
        }
    }

    /// Closes every connection signed in with one of `tokens`.
    pub fn kill_tokens(&self, tokens: &[String]) -> usize {
        let conns = self.conns();
        let mut n = 0;
        for c in conns.values() {
            if c.token.as_ref().is_some_and(|t| tokens.contains(t)) {
                let _ = c.kill.send(true);
                n += 1;
            }
        }
        n
    }

    /// Live connections: (total, signed in).
    pub fn counts(&self) -> (usize, usize) {
        let conns = self.conns();
        (
            conns.len(),
            conns.values().filter(|c| c.user.is_some()).count(),
        )
    }

    /// Signed-in connections per user id.
    pub fn online(&self) -> HashMap<i64, usize> {
        let mut out = HashMap::new();
        for c in self.conns().values() {
            if let Some(u) = c.user {
                *out.entry(u).or_insert(0) += 1;
            }
        }
        out
    }
}
