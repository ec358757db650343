//! MAX's failures, sorted by what the caller must do about them.

use std::time::Duration;

use serde_json::Value;

/// Every way a MAX request can fail. The variant tells the core what to do; the text is for
/// the log (the server's own `localizedMessage`, in Russian, is kept for the person).
#[derive(Debug, Clone, thiserror::Error)]
pub enum MaxError {
    /// The token was revoked or is not valid: the person must sign in again. Never retried.
    #[error("MAX refused the session ({code}): {message}")]
    AuthRevoked {
        /// MAX's error code, such as `login.token`.
        code: String,
        /// What MAX said, for the person.
        message: String,
    },
    /// Too many requests or attempts: wait before trying again.
    #[error("MAX asks to slow down ({code}): {message}")]
    RateLimited {
        /// MAX's error code.
        code: String,
        /// What MAX said, for the person.
        message: String,
        /// How long to wait, when MAX said.
        retry_after: Option<Duration>,
    },
    /// An uploaded attachment is still being processed: wait for its push, then send again.
    #[error("the attachment is still being processed")]
    NotReady,
    /// The connection failed or dropped, or MAX asked to reconnect: retrying may succeed.
    #[error("connection to MAX failed: {0}")]
    Transient(String),
    /// MAX answered with something this client cannot read, or refused a request as malformed:
    /// retrying the same request will not help.
    #[error("MAX protocol error: {0}")]
    Protocol(String),
    /// MAX refused this request for a reason the person can act on (not found, wrong code,
    /// an outdated app): shown, not retried.
    #[error("MAX refused the request ({code}): {message}")]
    Rejected {
        /// MAX's error code.
        code: String,
        /// What MAX said, for the person.
        message: String,
    },
}

impl MaxError {
    pub fn protocol(what: impl Into<String>) -> Self {
        MaxError::Protocol(what.into())
    }

    pub fn transient(what: impl std::fmt::Display) -> Self {
        MaxError::Transient(what.to_string())
    }

    /// Classifies an error frame's payload `{error, message, localizedMessage, title?}`.
    pub fn from_error_payload(payload: &Value) -> Self {
        let text = |name: &str| {
            payload
                .get(name)
                .and_then(Value::as_str)
                .unwrap_or_default()
        };
        let code = text("error").to_string();
        let message = [text("localizedMessage"), text("message"), text("title")]
            .into_iter()
            .find(|text| !text.is_empty())
            .unwrap_or(&code)
            .to_string();
        match code.as_str() {
            "login.token" | "FAIL_LOGIN_TOKEN" | "login.cred" | "session.expired" => {
                MaxError::AuthRevoked { code, message }
            }
            "error.limit.violate" | "error.code.attempt.limit" | "too.many.requests" => {
                let retry_after = payload
                    .get("retryAfter")
                    .and_then(Value::as_u64)
                    .map(Duration::from_secs);
                MaxError::RateLimited {
                    code,
                    message,
                    retry_after,
                }
            }
            "attachment.not.ready" => MaxError::NotReady,
            "proto.payload" | "proto.state" => MaxError::Protocol(format!("{code}: {message}")),
            "service.unavailable" | "internal.error" | "timeout" => {
                MaxError::Transient(format!("{code}: {message}"))
            }
            _ => MaxError::Rejected { code, message },
        }
    }

    /// Whether sending the same request again later may succeed.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            MaxError::Transient(_) | MaxError::RateLimited { .. } | MaxError::NotReady
        )
    }
}
