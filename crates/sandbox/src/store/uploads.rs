//! Uploaded files, photos and videos (bytes kept as blobs).

use rusqlite::{OptionalExtension, Row, params};

use super::Store;
use crate::error::Result;

/// An upload slot, filled once the bytes arrive over HTTP.
#[derive(Debug, Clone)]
pub struct Upload {
    /// photoId / fileId / videoId / audioId.
    pub id: i64,
    /// "photo" | "file" | "video" | "audio".
    pub kind: String,
    /// Secret token of the slot (upload URL and photoToken).
    pub token: String,
    /// Who asked for the slot.
    pub owner: i64,
    /// File name.
    pub name: Option<String>,
    /// MIME type.
    pub mime: Option<String>,
    /// Size in bytes.
    pub size: i64,
    /// Whether the bytes have arrived (sending before that is `attachment.not.ready`).
    pub ready: bool,
    /// Image width.
    pub width: Option<i64>,
    /// Image height.
    pub height: Option<i64>,
}

const UPLOAD_COLS: &str = "id, kind, token, owner, name, mime, size, ready, width, height";

impl Upload {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<Upload> {
        Ok(Upload {
            id: r.get(0)?,
            kind: r.get(1)?,
            token: r.get(2)?,
            owner: r.get(3)?,
            name: r.get(4)?,
            mime: r.get(5)?,
            size: r.get(6)?,
            ready: r.get(7)?,
            width: r.get(8)?,
            height: r.get(9)?,
        })
    }
}

/// The bytes and description of a finished upload.
pub struct UploadData<'a> {
    /// File name.
    pub name: &'a str,
    /// MIME type.
    pub mime: &'a str,
    /// Content.
    pub bytes: &'a [u8],
    /// Image size, when known.
    pub size_px: Option<(i64, i64)>,
}

impl Store {
    /// Opens an upload slot.
    pub fn create_upload(&self, kind: &str, owner: i64) -> Result<Upload> {
        let now = self.now();
        let token = uuid::Uuid::new_v4().simple().to_string();
        let db = self.db();
        let max: i64 =
            db.query_row("SELECT COALESCE(MAX(id), 0) FROM uploads", [], |r| r.get(0))?;
        let id = (now * 10).max(max + 1);
        db.execute(
            "INSERT INTO uploads (id, kind, token, owner, created) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, kind, token, owner, now],
        )?;
        Ok(Upload {
            id,
            kind: kind.into(),
            token,
            owner,
            name: None,
            mime: None,
            size: 0,
            ready: false,
            width: None,
            height: None,
        })
    }

    /// Stores the bytes of a slot and marks it ready.
    pub fn fill_upload(&self, token: &str, data: &UploadData<'_>) -> Result<Option<Upload>> {
        let (w, h) = data
            .size_px
            .map_or((None, None), |(w, h)| (Some(w), Some(h)));
        self.db().execute(
            "UPDATE uploads SET name = ?2, mime = ?3, size = ?4, data = ?5, width = ?6,
             height = ?7, ready = 1 WHERE token = ?1",
            params![
                token,
                data.name,
                data.mime,
                data.bytes.len() as i64,
                data.bytes,
                w,
                h
            ],
        )?;
        self.upload_by_token(token)
    }

    /// A slot by its token.
    pub fn upload_by_token(&self, token: &str) -> Result<Option<Upload>> {
        let db = self.db();
        Ok(db
            .query_row(
                &format!("SELECT {UPLOAD_COLS} FROM uploads WHERE token = ?1"),
                [token],
                Upload::from_row,
            )
            .optional()?)
    }

    /// A slot by its id.
    pub fn upload(&self, id: i64) -> Result<Option<Upload>> {
        let db = self.db();
        Ok(db
            .query_row(
                &format!("SELECT {UPLOAD_COLS} FROM uploads WHERE id = ?1"),
                [id],
                Upload::from_row,
            )
            .optional()?)
    }

    /// The bytes of a finished upload.
    pub fn upload_bytes(&self, id: i64) -> Result<Option<Vec<u8>>> {
        let db = self.db();
        Ok(db
            .query_row(
                "SELECT data FROM uploads WHERE id = ?1 AND ready = 1",
                [id],
                |r| r.get(0),
            )
            .optional()?)
    }
}
