//! The `media:` scheme: pictures, voice notes and video previews from the cache, by address.
//!
//! Design: `media://localhost/<chatId>/<messageId>/<index>[?thumb=1]` (on Windows
//! `http://media.localhost/…`) names an attachment of a cached message, never a path: the
//! handler finds the message in the window's read connection, takes the attachment's cache key
//! and serves the cached file, downloading it first when it is not cached and the account is
//! online (joining a download already running). What is served is decided by the file's own
//! bytes ([`sniff`]): only pictures, sound and video, never HTML or SVG, with `nosniff` and a
//! sandboxing CSP, so a hostile "photo" cannot become a document. `Range` requests get 206
//! ([`range`]) so `<audio>` can seek. Every failure is a plain status (404, 403, 416, 503),
//! never a panic.

pub mod range;
pub mod sniff;

use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use parta_core::model::{ChatId, MessageId};
use tauri::http::{Method, Request, Response, StatusCode, header};
use tauri::{Manager, Runtime, UriSchemeContext, UriSchemeResponder};

use crate::session::AppState;
use crate::transfers::downloads::AttachmentRef;
use crate::transfers::{Downloads, FilesError};
use range::Served;

/// Handles one request of the `media` scheme (registered in `lib.rs`).
pub fn handle<R: Runtime>(
    context: UriSchemeContext<'_, R>,
    request: Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let app = context.app_handle().clone();
    tauri::async_runtime::spawn(async move {
        let response = match respond(&app, &request).await {
            Ok(response) => response,
            Err(status) => empty(status),
        };
        responder.respond(response);
    });
}

async fn respond<R: Runtime>(
    app: &tauri::AppHandle<R>,
    request: &Request<Vec<u8>>,
) -> Result<Response<Vec<u8>>, StatusCode> {
    let head_only = match *request.method() {
        Method::GET => false,
        Method::HEAD => true,
        _ => return Err(StatusCode::METHOD_NOT_ALLOWED),
    };
    let what = parse(request.uri().path(), request.uri().query()).ok_or(StatusCode::NOT_FOUND)?;
    let state = app.try_state::<AppState>().ok_or(StatusCode::NOT_FOUND)?;
    let downloads = app.try_state::<Downloads>().ok_or(StatusCode::NOT_FOUND)?;
    let session = state.current().ok_or(StatusCode::NOT_FOUND)?;
    let cached = downloads
        .fetch(&state, &session, what)
        .await
        .map_err(|error| match error {
            FilesError::NoAttachment | FilesError::NothingToDownload => StatusCode::NOT_FOUND,
            error => {
                tracing::debug!(%error, "media not served");
                StatusCode::SERVICE_UNAVAILABLE
            }
        })?;
    let range = request
        .headers()
        .get(header::RANGE)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    tauri::async_runtime::spawn_blocking(move || {
        read_response(&cached.path, range.as_deref(), head_only)
    })
    .await
    .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?
}

/// `/<chatId>/<messageId>/<index>` and `thumb=1` → the attachment; anything else is `None`.
fn parse(path: &str, query: Option<&str>) -> Option<AttachmentRef> {
    let mut parts = path.strip_prefix('/')?.split('/');
    let chat_id = parts.next()?.parse().ok()?;
    let message_id = parts.next()?.parse().ok()?;
    let index = parts.next()?.parse().ok()?;
    if parts.next().is_some() {
        return None;
    }
    let thumbnail = query.is_some_and(|query| query.split('&').any(|pair| pair == "thumb=1"));
    Some(AttachmentRef {
        chat_id: ChatId(chat_id),
        message_id: MessageId(message_id),
        index,
        thumbnail,
    })
}

/// The response for a cached file: its media type from its bytes, the range asked for.
fn read_response(
    path: &Path,
    range: Option<&str>,
    head_only: bool,
) -> Result<Response<Vec<u8>>, StatusCode> {
    let mut file = std::fs::File::open(path).map_err(|_| StatusCode::NOT_FOUND)?;
    let len = file.metadata().map_err(|_| StatusCode::NOT_FOUND)?.len();
    let mut head = Vec::with_capacity(sniff::SNIFF_LEN);
    (&mut file)
        .take(sniff::SNIFF_LEN as u64)
        .read_to_end(&mut head)
        .map_err(|_| StatusCode::NOT_FOUND)?;
    let Some(content_type) = sniff::media_type(&head) else {
        return Err(StatusCode::FORBIDDEN);
    };
    let (status, bytes) = match range::serve(range, len) {
        Served::Whole => (StatusCode::OK, 0..len),
        Served::Partial(bytes) => (StatusCode::PARTIAL_CONTENT, bytes),
        Served::Unsatisfiable => {
            let mut response = empty(StatusCode::RANGE_NOT_SATISFIABLE);
            if let Ok(value) = format!("bytes */{len}").parse() {
                response.headers_mut().insert(header::CONTENT_RANGE, value);
            }
            return Ok(response);
        }
    };
    let mut body = Vec::new();
    if !head_only {
        file.seek(SeekFrom::Start(bytes.start))
            .and_then(|_| {
                (&mut file)
                    .take(bytes.end - bytes.start)
                    .read_to_end(&mut body)
            })
            .map_err(|_| StatusCode::NOT_FOUND)?;
    }
    let mut response = Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, content_type)
        .header(header::CONTENT_LENGTH, bytes.end - bytes.start)
        .header(header::ACCEPT_RANGES, "bytes")
        .header(header::CACHE_CONTROL, "private, max-age=3600")
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
        .header(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; sandbox",
        );
    if status == StatusCode::PARTIAL_CONTENT {
        response = response.header(
            header::CONTENT_RANGE,
            format!("bytes {}-{}/{len}", bytes.start, bytes.end - 1),
        );
    }
    response
        .body(body)
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)
}

/// A bodiless answer with `status`, never cached.
fn empty(status: StatusCode) -> Response<Vec<u8>> {
    let mut response = Response::new(Vec::new());
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    response.headers_mut().insert(
        header::X_CONTENT_TYPE_OPTIONS,
        header::HeaderValue::from_static("nosniff"),
    );
    response
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn addresses_name_an_attachment_and_nothing_else() {
        let what = parse("/-70000000000123/115577995533221/2", Some("thumb=1")).unwrap();
        assert_eq!(what.chat_id, ChatId(-70000000000123));
        assert_eq!(what.message_id, MessageId(115577995533221));
        assert_eq!(what.index, 2);
        assert!(what.thumbnail);
        assert!(!parse("/1/2/0", None).unwrap().thumbnail);
        assert!(!parse("/1/2/0", Some("thumb=10")).unwrap().thumbnail);
        for hostile in [
            "/1/2",
            "/1/2/0/extra",
            "/../../etc/passwd",
            "/1/2/-1",
            "/1/x/0",
            "1/2/0",
            "/1/2/%30",
            "",
        ] {
            assert!(parse(hostile, None).is_none(), "{hostile}");
        }
    }

    fn file_with(bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("blob");
        std::fs::write(&path, bytes).unwrap();
        (dir, path)
    }

    #[test]
    fn a_picture_is_served_whole_or_in_ranges() {
        let mut png = b"\x89PNG\r\n\x1A\n".to_vec();
        png.extend(0..100u8);
        let (_dir, path) = file_with(&png);
        let whole = read_response(&path, None, false).unwrap();
        assert_eq!(whole.status(), StatusCode::OK);
        assert_eq!(whole.headers()[header::CONTENT_TYPE], "image/png");
        assert_eq!(whole.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(whole.body(), &png);

        let part = read_response(&path, Some("bytes=8-11"), false).unwrap();
        assert_eq!(part.status(), StatusCode::PARTIAL_CONTENT);
        assert_eq!(part.headers()[header::CONTENT_RANGE], "bytes 8-11/108");
        assert_eq!(part.body(), &[0, 1, 2, 3]);

        let head = read_response(&path, None, true).unwrap();
        assert!(head.body().is_empty());
        assert_eq!(head.headers()[header::CONTENT_LENGTH], "108");

        let outside = read_response(&path, Some("bytes=500-"), false).unwrap();
        assert_eq!(outside.status(), StatusCode::RANGE_NOT_SATISFIABLE);
        assert_eq!(outside.headers()[header::CONTENT_RANGE], "bytes */108");
    }

    #[test]
    fn documents_and_scripts_are_refused() {
        for bytes in [
            &b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>"[..],
            b"<!DOCTYPE html><script>alert(1)</script>",
            b"%PDF-1.7",
        ] {
            let (_dir, path) = file_with(bytes);
            assert_eq!(
                read_response(&path, None, false).unwrap_err(),
                StatusCode::FORBIDDEN
            );
        }
        assert_eq!(
            read_response(Path::new("/nonexistent/blob"), None, false).unwrap_err(),
            StatusCode::NOT_FOUND
        );
    }
}
