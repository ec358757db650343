//! Fault injection, driven by the control API.
//!
//! Faults are consulted by every connection: a global response delay, "answer the next N
//! requests of opcode X with error E", "apply the next N requests of opcode X but drop the
//! response (and the socket)", and a window during which new connections are refused.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::Serialize;

/// An injected error for the next `count` requests of an opcode.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorFault {
    /// How many more requests get it.
    pub count: u32,
    /// MAX error code, e.g. `error.limit.violate`.
    pub error: String,
}

/// Drop the response of the next `count` requests of an opcode after applying them.
#[derive(Debug, Clone, Serialize)]
pub struct DropFault {
    /// How many more requests lose their response.
    pub count: u32,
    /// Also close the socket (the client then retries after reconnecting).
    pub close: bool,
}

/// Per-connection request rate limit (token bucket).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    /// Requests a connection may burst.
    pub burst: f64,
    /// Sustained requests per second.
    pub per_second: f64,
}

impl Default for RateLimit {
    fn default() -> Self {
        RateLimit {
            burst: 300.0,
            per_second: 150.0,
        }
    }
}

#[derive(Default)]
struct State {
    limit: RateLimit,
    delay: Duration,
    errors: HashMap<u16, ErrorFault>,
    drops: HashMap<u16, DropFault>,
    refuse_until: Option<Instant>,
}

/// The fault switchboard.
#[derive(Default)]
pub struct Faults {
    state: Mutex<State>,
}

impl Faults {
    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Sets the per-connection rate limit.
    pub fn set_limit(&self, limit: RateLimit) {
        self.state().limit = limit;
    }

    /// The per-connection rate limit.
    pub fn limit(&self) -> RateLimit {
        self.state().limit
    }

    /// Delays every response by `ms`.
    pub fn set_delay(&self, ms: u64) {
        self.state().delay = Duration::from_millis(ms);
    }

    /// The current response delay.
    pub fn delay(&self) -> Duration {
        self.state().delay
    }

    /// Answers the next `count` requests of `opcode` with `error`.
    pub fn set_error(&self, opcode: u16, count: u32, error: String) {
        self.state()
            .errors
            .insert(opcode, ErrorFault { count, error });
    }

    /// Takes one injected error for `opcode`, if any is pending.
    pub fn take_error(&self, opcode: u16) -> Option<String> {
        let mut s = self.state();
        let f = s.errors.get_mut(&opcode)?;
        if f.count == 0 {
            return None;
        }
        f.count -= 1;
        Some(f.error.clone())
    }

    /// Drops the responses of the next `count` requests of `opcode`.
    pub fn set_drop(&self, opcode: u16, count: u32, close: bool) {
        self.state()
            .drops
            .insert(opcode, DropFault { count, close });
    }

    /// Takes one pending response drop for `opcode`: `Some(close)` when the response must go.
    pub fn take_drop(&self, opcode: u16) -> Option<bool> {
        let mut s = self.state();
        let f = s.drops.get_mut(&opcode)?;
        if f.count == 0 {
            return None;
        }
        f.count -= 1;
        Some(f.close)
    }

    /// Refuses new connections for `ms`.
    pub fn refuse_for(&self, ms: u64) {
        self.state().refuse_until = Some(Instant::now() + Duration::from_millis(ms));
    }

    /// Whether new connections are refused now.
    pub fn refusing(&self) -> bool {
        self.state()
            .refuse_until
            .is_some_and(|t| Instant::now() < t)
    }

    /// Clears every fault.
    pub fn clear(&self) {
        *self.state() = State::default();
    }

    /// A JSON summary for the control API.
    pub fn describe(&self) -> serde_json::Value {
        let s = self.state();
        serde_json::json!({
            "delayMs": s.delay.as_millis() as u64,
            "rateLimit": {"burst": s.limit.burst, "perSecond": s.limit.per_second},
            "errors": s.errors.iter().map(|(k, v)| (k.to_string(), v)).collect::<HashMap<_, _>>(),
            "drops": s.drops.iter().map(|(k, v)| (k.to_string(), v)).collect::<HashMap<_, _>>(),
            "refusing": s.refuse_until.is_some_and(|t| Instant::now() < t),
        })
    }
}
