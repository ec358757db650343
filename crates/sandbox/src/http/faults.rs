//! Control API: fault injection routes (`/faults/…`).

use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::{Value, json};

use super::HttpError;
use super::control::{Out, St};
use crate::actions;
use crate::app::App;

/// The fault routes, merged into the control router.
pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/faults", get(faults))
        .route("/faults/clear", post(faults_clear))
        .route("/faults/drop-sockets", post(drop_sockets))
        .route("/faults/reconnect", post(reconnect))
        .route("/faults/delay", post(delay))
        .route("/faults/error", post(error))
        .route("/faults/drop-response", post(drop_response))
        .route("/faults/revoke-token", post(revoke_token))
        .route("/faults/refuse", post(refuse))
        .route("/faults/rate-limit", post(rate_limit))
}

async fn faults(State(app): St) -> Out {
    Ok(Json(app.faults.describe()))
}

async fn faults_clear(State(app): St) -> Out {
    app.faults.clear();
    Ok(Json(app.faults.describe()))
}

async fn drop_sockets(State(app): St) -> Out {
    Ok(Json(json!({"closed": app.hub.kill_all()})))
}

/// Pushes 3 RECONNECT to every connection (clients should reconnect and log in again).
async fn reconnect(State(app): St) -> Out {
    Ok(Json(json!({"notified": app.hub.push_all(3, &json!({}))})))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FaultBody {
    #[serde(default)]
    ms: Option<u64>,
    #[serde(default)]
    opcode: Option<u16>,
    #[serde(default)]
    count: Option<u32>,
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    close: Option<bool>,
    #[serde(default)]
    token: Option<String>,
    #[serde(default)]
    person_id: Option<Value>,
}

async fn delay(State(app): St, Json(b): Json<FaultBody>) -> Out {
    app.faults.set_delay(b.ms.unwrap_or(0));
    Ok(Json(app.faults.describe()))
}

async fn error(State(app): St, Json(b): Json<FaultBody>) -> Out {
    let opcode = b
        .opcode
        .ok_or_else(|| HttpError::bad("`opcode` is required"))?;
    let code = b.error.unwrap_or_else(|| "error.limit.violate".into());
    app.faults.set_error(opcode, b.count.unwrap_or(1), code);
    Ok(Json(app.faults.describe()))
}

async fn drop_response(State(app): St, Json(b): Json<FaultBody>) -> Out {
    let opcode = b
        .opcode
        .ok_or_else(|| HttpError::bad("`opcode` is required"))?;
    app.faults
        .set_drop(opcode, b.count.unwrap_or(1), b.close.unwrap_or(true));
    Ok(Json(app.faults.describe()))
}

async fn revoke_token(State(app): St, Json(b): Json<FaultBody>) -> Out {
    let tokens = match (b.token, b.person_id.as_ref().and_then(actions::int)) {
        (Some(t), _) => {
            if !app.store.revoke_token(&t)? {
                return Err(HttpError::not_found("token"));
            }
            vec![t]
        }
        (None, Some(p)) => app.store.revoke_tokens_of(p, None)?,
        (None, None) => return Err(HttpError::bad("`token` or `personId` is required")),
    };
    let closed = app.hub.kill_tokens(&tokens);
    Ok(Json(json!({"revoked": tokens.len(), "closed": closed})))
}

async fn refuse(State(app): St, Json(b): Json<FaultBody>) -> Out {
    app.faults.refuse_for(b.ms.unwrap_or(5_000));
    Ok(Json(app.faults.describe()))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LimitBody {
    burst: f64,
    per_second: f64,
}

/// Sets the per-connection rate limit (`{burst, perSecond}`); `clear` restores the default.
async fn rate_limit(State(app): St, Json(b): Json<LimitBody>) -> Out {
    if !(b.burst >= 1.0 && b.per_second >= 0.0) {
        return Err(HttpError::bad("`burst` must be ≥ 1 and `perSecond` ≥ 0"));
    }
    app.faults.set_limit(crate::faults::RateLimit {
        burst: b.burst,
        per_second: b.per_second,
    });
    Ok(Json(app.faults.describe()))
}
