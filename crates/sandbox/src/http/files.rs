//! Upload endpoints (multipart field `file`, or a raw body) and downloads.
//!
//! `POST /upload/{kind}/{token}` stores the bytes, answers like MAX's uploaders (photos:
//! `{photos:{id:{token}}}`) and then pushes 136 to the uploader's sessions. `GET /photos/{id}`
//! serves photos (their `baseUrl`), `GET /files/{id}/{token}` files (88's `url`).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Path, Request, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{Value, json};

use super::{HttpError, HttpResult};
use crate::actions::push;
use crate::app::App;
use crate::store::UploadData;

/// Largest accepted upload.
pub const MAX_UPLOAD: usize = 64 * 1024 * 1024;

/// The file service's router.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/upload/{kind}/{token}", post(upload))
        .route("/photos/{id}", get(photo))
        .route("/files/{id}/{token}", get(file))
        .layer(DefaultBodyLimit::max(MAX_UPLOAD))
        .with_state(app)
}

/// Reads PNG or JPEG dimensions, if the bytes are one of those.
fn image_size(b: &[u8]) -> Option<(i64, i64)> {
    if b.len() > 24 && b.starts_with(b"\x89PNG") {
        let w = u32::from_be_bytes([b[16], b[17], b[18], b[19]]);
        let h = u32::from_be_bytes([b[20], b[21], b[22], b[23]]);
        return Some((i64::from(w), i64::from(h)));
    }
    if b.starts_with(&[0xFF, 0xD8]) {
        let mut i = 2;
        while i + 9 < b.len() {
            if b[i] != 0xFF {
                return None;
            }
            let marker = b[i + 1];
            let len = usize::from(u16::from_be_bytes([b[i + 2], b[i + 3]]));
            if (0xC0..=0xC3).contains(&marker) {
                let h = u16::from_be_bytes([b[i + 5], b[i + 6]]);
                let w = u16::from_be_bytes([b[i + 7], b[i + 8]]);
                return Some((i64::from(w), i64::from(h)));
            }
            i += 2 + len;
        }
    }
    None
}

/// Decodes `%XX` escapes in a multipart file name (aiohttp quotes non-ASCII names); a name
/// that does not decode to UTF-8 is kept as it came.
fn percent_decode(name: &str) -> String {
    let b = name.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| name.to_owned())
}

/// Stores an upload and pushes 136; shared with the control API.
pub fn store_upload(
    app: &App,
    token: &str,
    name: &str,
    mime: &str,
    bytes: &[u8],
) -> HttpResult<Value> {
    let slot = app
        .store
        .upload_by_token(token)?
        .ok_or_else(|| HttpError::not_found("upload slot"))?;
    let size_px = if slot.kind == "photo" {
        image_size(bytes).or(Some((0, 0)))
    } else {
        None
    };
    let up = app
        .store
        .fill_upload(
            token,
            &UploadData {
                name,
                mime,
                bytes,
                size_px,
            },
        )?
        .ok_or_else(|| HttpError::not_found("upload slot"))?;
    let key = match up.kind.as_str() {
        "photo" => "photoId",
        "file" => "fileId",
        "audio" => "audioId",
        _ => "videoId",
    };
    app.hub.push(
        &[up.owner],
        push::ATTACH,
        &json!({key: up.id, "token": up.token}),
        None,
    );
    Ok(match up.kind.as_str() {
        "photo" => json!({"photos": {up.id.to_string(): {"token": up.token}}}),
        _ => json!({key: up.id, "token": up.token, "size": up.size}),
    })
}

async fn upload(
    State(app): State<Arc<App>>,
    Path((_kind, token)): Path<(String, String)>,
    req: Request,
) -> HttpResult<Json<Value>> {
    let ctype = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let (name, mime, bytes) = if ctype.starts_with("multipart/form-data") {
        let mut mp = Multipart::from_request(req, &())
            .await
            .map_err(|e| HttpError::bad(e.to_string()))?;
        let mut found = None;
        while let Some(field) = mp
            .next_field()
            .await
            .map_err(|e| HttpError::bad(e.to_string()))?
        {
            if field.name() == Some("file") || found.is_none() {
                let name = percent_decode(field.file_name().unwrap_or("file"));
                let mime = field
                    .content_type()
                    .unwrap_or("application/octet-stream")
                    .to_owned();
                let data = field
                    .bytes()
                    .await
                    .map_err(|e| HttpError::bad(e.to_string()))?;
                found = Some((name, mime, data));
            }
        }
        found.ok_or_else(|| HttpError::bad("no `file` field"))?
    } else {
        let mime = if ctype.is_empty() {
            "application/octet-stream"
        } else {
            ctype
        }
        .to_owned();
        let data = Bytes::from_request(req, &())
            .await
            .map_err(|e| HttpError::bad(e.to_string()))?;
        ("file".to_owned(), mime, data)
    };
    Ok(Json(store_upload(&app, &token, &name, &mime, &bytes)?))
}

async fn photo(State(app): State<Arc<App>>, Path(id): Path<i64>) -> HttpResult<impl IntoResponse> {
    let up = app
        .store
        .upload(id)?
        .filter(|u| u.kind == "photo")
        .ok_or_else(|| HttpError::not_found("photo"))?;
    let bytes = app
        .store
        .upload_bytes(id)?
        .ok_or_else(|| HttpError::not_found("photo"))?;
    let mime = up.mime.unwrap_or_else(|| "image/jpeg".into());
    Ok(([(header::CONTENT_TYPE, mime)], bytes))
}

async fn file(
    State(app): State<Arc<App>>,
    Path((id, token)): Path<(i64, String)>,
) -> HttpResult<impl IntoResponse> {
    let up = app
        .store
        .upload(id)?
        .filter(|u| u.token == token)
        .ok_or_else(|| HttpError::not_found("file"))?;
    let bytes = app
        .store
        .upload_bytes(id)?
        .ok_or_else(|| HttpError::not_found("file"))?;
    let name: String = up.name.unwrap_or_else(|| "file".into());
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"._-".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let disposition = format!("attachment; filename*=UTF-8''{encoded}");
    let mime = up.mime.unwrap_or_else(|| "application/octet-stream".into());
    Ok((
        [
            (header::CONTENT_TYPE, mime),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    ))
}
