//! HTTP services: file uploads/downloads (the `http` address) and the control API (the
//! `control` address). Both are small axum routers answering JSON.

pub mod control;
mod faults;
pub mod files;

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::maxerr::MaxErr;

/// An HTTP error answer: status plus `{error, message}`.
#[derive(Debug)]
pub struct HttpError(pub StatusCode, pub String, pub String);

impl HttpError {
    /// 404.
    pub fn not_found(what: &str) -> HttpError {
        HttpError(
            StatusCode::NOT_FOUND,
            "not.found".into(),
            format!("{what} not found"),
        )
    }

    /// 400.
    pub fn bad(what: impl Into<String>) -> HttpError {
        HttpError(StatusCode::BAD_REQUEST, "bad.request".into(), what.into())
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        (self.0, Json(json!({"error": self.1, "message": self.2}))).into_response()
    }
}

impl From<MaxErr> for HttpError {
    fn from(e: MaxErr) -> HttpError {
        let status = match e.code.as_str() {
            "not.found" | "chat.not.found" => StatusCode::NOT_FOUND,
            "chat.denied" => StatusCode::FORBIDDEN,
            "attachment.not.ready" => StatusCode::CONFLICT,
            "internal" => StatusCode::INTERNAL_SERVER_ERROR,
            _ => StatusCode::BAD_REQUEST,
        };
        HttpError(status, e.code, e.message)
    }
}

impl From<crate::error::SandboxError> for HttpError {
    fn from(e: crate::error::SandboxError) -> HttpError {
        HttpError::from(MaxErr::from(e))
    }
}

/// Handler result.
pub type HttpResult<T> = Result<T, HttpError>;
