//! Opcode handlers: one function per request, `payload → Result<payload, MaxErr>`.
//!
//! The connection loop owns the [`Session`] (deviceId, who is signed in) and calls [`dispatch`]
//! for each request; handlers never touch sockets. Before SESSION_INIT only PING and 6 are
//! allowed; before sign-in only the auth opcodes.

mod auth;
mod chats;
mod files;
mod messages;

use std::sync::Arc;

use serde_json::Value;

use crate::app::App;
use crate::maxerr::MaxErr;

/// Per-connection protocol state.
#[derive(Debug, Default)]
pub struct Session {
    /// Connection id in the hub.
    pub conn_id: u64,
    /// Whether 6 SESSION_INIT was done.
    pub inited: bool,
    /// deviceId from SESSION_INIT.
    pub device_id: String,
    /// deviceType from SESSION_INIT (WEB, ANDROID, …).
    pub device_type: String,
    /// Signed-in user.
    pub user: Option<i64>,
    /// Token in use.
    pub token: Option<String>,
}

/// A handler's context.
pub struct Ctx<'a> {
    /// Shared state.
    pub app: &'a Arc<App>,
    /// This connection's state.
    pub s: &'a mut Session,
}

impl Ctx<'_> {
    /// The signed-in user or `proto.state`.
    pub fn me(&self) -> Result<i64, MaxErr> {
        self.s
            .user
            .ok_or_else(|| MaxErr::with("proto.state", "not signed in"))
    }
}

/// Handler result.
pub type Reply = Result<Value, MaxErr>;

/// Reads an integer field given as a number or numeric string.
pub fn int_field(p: &Value, key: &str) -> Option<i64> {
    crate::actions::int(&p[key])
}

/// Reads a required integer field.
pub fn need_int(p: &Value, key: &str) -> Result<i64, MaxErr> {
    int_field(p, key).ok_or_else(|| MaxErr::payload(format!("`{key}` is required")))
}

/// Runs one request.
pub fn dispatch(ctx: &mut Ctx<'_>, opcode: u16, p: &Value) -> Reply {
    if !p.is_object() && !p.is_null() {
        return Err(MaxErr::payload("payload must be an object"));
    }
    match opcode {
        1 => return Ok(Value::Null),
        6 => return auth::session_init(ctx, p),
        _ if !ctx.s.inited => return Err(MaxErr::with("proto.state", "SESSION_INIT first")),
        17 | 18 | 19 | 288 | 289 | 291 | 115 => return auth::dispatch(ctx, opcode, p),
        _ => {}
    }
    if ctx.s.user.is_none() && KNOWN_AFTER_LOGIN.contains(&opcode) {
        return Err(MaxErr::with("proto.state", "sign in first"));
    }
    match opcode {
        20 | 96 | 97 => auth::dispatch(ctx, opcode, p),
        22 => Ok(serde_json::json!({})),
        32 | 48 | 53 | 55 | 59 | 77 | 84 => chats::dispatch(ctx, opcode, p),
        49 | 50 | 64 | 65 | 66 | 67 | 71 => messages::dispatch(ctx, opcode, p),
        80 | 82 | 83 | 87 | 88 => files::dispatch(ctx, opcode, p),
        _ => {
            tracing::info!(opcode, "unknown opcode");
            Err(MaxErr::with(
                "proto.opcode",
                format!("unknown opcode {opcode}"),
            ))
        }
    }
}

const KNOWN_AFTER_LOGIN: &[u16] = &[
    20, 22, 32, 48, 49, 50, 53, 55, 59, 64, 65, 66, 67, 71, 77, 80, 82, 83, 84, 87, 88, 96, 97,
];
