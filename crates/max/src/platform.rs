//! MAX as the core's [`Platform`].
//!
//! [`MaxPlatform`] holds the saved credentials (token and the deviceId bound to it) and one
//! live [`MaxClient`]. `login` opens a fresh connection, starts a session and logs in; a pump
//! task then reads the connection's pushes: upload-processed pushes (136) go to a set that
//! uploads wait on, everything else is converted to core events for [`Platform::next_event`].
//! When the connection ends the event stream ends, and the core logs in again after its
//! backoff. Nothing here retries or decides; MAX's errors become [`PlatformError`]s.

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex as StdMutex};
use std::time::Duration;

use parta_core::files::RemoteFile;
use parta_core::model::{Attachment, AttachmentKind, ChatId, Message, MessageId, PersonId};
use parta_core::platform::{
    LocalFile, LoginSnapshot, OutgoingMessage, Platform, PlatformError, PlatformEvent,
    PlatformResult,
};
use serde_json::{Value, json};
use tokio::sync::{Mutex, Notify, mpsc};

use crate::client::{ClientInfo, MaxClient, OutgoingMessage as MaxOutgoing, SyncMarkers};
use crate::connection::Push;
use crate::transfer::{self, Download, UploadObserver};
use crate::{MaxError, convert, opcode};

/// The longest one upload may take (256 MB at about 1 Mbit/s).
const UPLOAD_TIMEOUT: Duration = Duration::from_secs(60 * 60);
/// How long an upload waits for MAX to finish processing it before the send is retried later.
const PROCESSING_WAIT: Duration = Duration::from_secs(60);

impl From<MaxError> for PlatformError {
    fn from(error: MaxError) -> Self {
        match error {
            MaxError::AuthRevoked { message, .. } => PlatformError::AuthRevoked(message),
            MaxError::RateLimited {
                message,
                retry_after,
                ..
            } => PlatformError::RateLimited {
                message,
                retry_after,
            },
            MaxError::NotReady => PlatformError::NotReady,
            MaxError::Transient(what) => PlatformError::Transient(what),
            MaxError::Protocol(what) => PlatformError::Protocol(what),
            MaxError::Rejected { message, .. } => PlatformError::Rejected(message),
        }
    }
}

#[derive(Default)]
struct Processed {
    ids: StdMutex<HashSet<i64>>,
    changed: Notify,
}

pub struct MaxPlatform {
    url: String,
    info: ClientInfo,
    token: StdMutex<String>,
    /// The live connection; swapped, never held across an await.
    client: StdMutex<Option<Arc<MaxClient>>>,
    /// The current connection's events. Each connection has its own receiver, so waiting for
    /// an event never holds up a new login.
    events: StdMutex<Option<Arc<Mutex<mpsc::UnboundedReceiver<PlatformEvent>>>>>,
    processed: Arc<Processed>,
    /// Downloads: a stalled one fails after a minute of silence and is resumed.
    http: reqwest::Client,
    /// Uploads: the server answers only after the last byte, so only the whole is capped.
    upload_http: reqwest::Client,
    /// Requests sent to MAX so far (for the benchmarks' "requests made").
    requests: AtomicUsize,
    /// Who hears about upload progress.
    upload_observer: StdMutex<Option<UploadObserver>>,
}

/// How many chats LOGIN is asked for; a full answer means there may be more to list.
const LOGIN_CHATS: usize = 40;
/// How many chats one CHATS_LIST page asks for.
const LIST_PAGE: usize = 100;

impl MaxPlatform {
    /// MAX at `url` (`wss://ws-api.oneme.ru/websocket`, or a sandbox's `max_ws`) with a saved
    /// token and the deviceId it is bound to.
    pub fn new(url: &str, token: &str, device_id: &str) -> Result<Self, MaxError> {
        let tls = Arc::unwrap_or_clone(crate::tls::client_config()?);
        let set_up = |error: reqwest::Error| {
            MaxError::protocol(format!("HTTP client set-up failed: {error}"))
        };
        // No cap on a whole download (a large file on a slow line takes long), only on silence.
        let http = reqwest::Client::builder()
            .use_preconfigured_tls(tls.clone())
            .connect_timeout(Duration::from_secs(30))
            .read_timeout(Duration::from_secs(60))
            .build()
            .map_err(set_up)?;
        // reqwest's read timeout also runs while the body is sent, so uploads get their own.
        let upload_http = reqwest::Client::builder()
            .use_preconfigured_tls(tls)
            .connect_timeout(Duration::from_secs(30))
            .timeout(UPLOAD_TIMEOUT)
            .build()
            .map_err(set_up)?;
        Ok(Self {
            url: url.to_owned(),
            info: ClientInfo::web(device_id),
            token: StdMutex::new(token.to_owned()),
            client: StdMutex::new(None),
            events: StdMutex::new(None),
            processed: Arc::default(),
            http,
            upload_http,
            requests: AtomicUsize::new(0),
            upload_observer: StdMutex::new(None),
        })
    }

    /// How many requests this platform has sent to MAX.
    pub fn requests_made(&self) -> usize {
        self.requests.load(Ordering::Relaxed)
    }

    fn count(&self, requests: usize) {
        self.requests.fetch_add(requests, Ordering::Relaxed);
    }

    /// Every chat of the account, page by page (LOGIN answers only the first 40).
    async fn list_all_chats(&self, client: &MaxClient) -> PlatformResult<Vec<Value>> {
        let mut chats = Vec::new();
        let mut marker = Value::from(0);
        loop {
            let page = client
                .request(
                    opcode::CHATS_LIST,
                    json!({ "marker": marker, "count": LIST_PAGE }),
                )
                .await?;
            self.count(1);
            chats.extend(
                page.get("chats")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default(),
            );
            match page.get("marker") {
                Some(next) if !next.is_null() && *next != marker => marker = next.clone(),
                _ => return Ok(chats),
            }
        }
    }

    /// The token in use: MAX may replace it at login, and the new one must be saved.
    pub fn token(&self) -> String {
        self.token
            .lock()
            .map(|token| token.clone())
            .unwrap_or_default()
    }

    async fn client(&self) -> PlatformResult<Arc<MaxClient>> {
        let current = self.client.lock().ok().and_then(|client| client.clone());
        match current {
            Some(client) if client.is_open() => Ok(client),
            _ => Err(PlatformError::Transient("not connected to MAX".into())),
        }
    }

    fn set_client(&self, client: Option<Arc<MaxClient>>) {
        if let Ok(mut current) = self.client.lock() {
            *current = client;
        }
    }

    async fn upload_bytes(&self, url: &str, file: &LocalFile) -> PlatformResult<Value> {
        let observer = self
            .upload_observer
            .lock()
            .ok()
            .and_then(|observer| observer.clone());
        let part = transfer::file_part(&file.path, &file.display_name, observer).await?;
        let form = reqwest::multipart::Form::new().part("file", part);
        let response = self
            .upload_http
            .post(url)
            .multipart(form)
            .send()
            .await
            .map_err(|error| PlatformError::Transient(format!("upload failed: {error}")))?;
        if response.status().is_server_error() {
            return Err(PlatformError::Transient(format!(
                "upload failed: {}",
                response.status()
            )));
        }
        if !response.status().is_success() {
            return Err(PlatformError::Rejected(format!(
                "upload refused: {}",
                response.status()
            )));
        }
        response
            .json()
            .await
            .map_err(|error| PlatformError::Protocol(format!("upload answer unreadable: {error}")))
    }

    /// Tells `observer` how far each upload has gone from now on (the app shows progress).
    pub fn set_upload_observer(&self, observer: UploadObserver) {
        if let Ok(mut current) = self.upload_observer.lock() {
            *current = Some(observer);
        }
    }

    /// Starts (or, from `offset`, resumes) downloading an attachment's file — or a video's
    /// preview picture when `thumbnail` — and names it for the cache. `None` when there is
    /// nothing to download. The caller pulls the bytes with [`Download::chunk`].
    pub async fn open_download(
        &self,
        message: &Message,
        attachment: &Attachment,
        thumbnail: bool,
        offset: u64,
    ) -> PlatformResult<Option<(RemoteFile, Download)>> {
        let key = if thumbnail {
            parta_core::sync::thumbnail_key(attachment)
        } else {
            parta_core::sync::remote_key(message, attachment)
        };
        let Some(remote_key) = key else {
            return Ok(None);
        };
        let (url, display_name, expected_size) = match &attachment.kind {
            AttachmentKind::Video {
                thumbnail_url: Some(url),
                ..
            } if thumbnail => (url.clone(), "video-preview".to_owned(), None),
            _ if thumbnail => return Ok(None),
            AttachmentKind::Photo { url: Some(url), .. } => (url.clone(), "photo".to_owned(), None),
            AttachmentKind::Audio { url: Some(url), .. } => (url.clone(), "audio".to_owned(), None),
            AttachmentKind::Sticker { url: Some(url), .. } => {
                (url.clone(), "sticker".to_owned(), None)
            }
            AttachmentKind::File {
                file_id: Some(id),
                name,
                size,
            } => {
                let request = json!({
                    "chatId": message.chat_id.0,
                    "messageId": message.id.0.to_string(),
                    "fileId": id,
                });
                let answer = self
                    .client()
                    .await?
                    .request(opcode::FILE_DOWNLOAD, request)
                    .await?;
                let url = answer
                    .get("url")
                    .and_then(Value::as_str)
                    .ok_or_else(|| PlatformError::Protocol("FILE_DOWNLOAD gave no url".into()))?;
                (url.to_owned(), name.clone(), *size)
            }
            _ => return Ok(None),
        };
        let download = Download::start(self.http.get(&url), offset).await?;
        let remote = RemoteFile {
            remote_key,
            chat_id: message.chat_id,
            message_id: message.id,
            display_name,
            expected_size: expected_size.or(download.total()),
        };
        Ok(Some((remote, download)))
    }

    async fn wait_processed(&self, id: i64) -> PlatformResult<()> {
        let wait = async {
            loop {
                let notified = self.processed.changed.notified();
                if self.processed.ids.lock().is_ok_and(|ids| ids.contains(&id)) {
                    return;
                }
                notified.await;
            }
        };
        tokio::time::timeout(PROCESSING_WAIT, wait)
            .await
            .map_err(|_| PlatformError::NotReady)
    }
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}

/// Reads a connection's pushes until it ends: processed uploads to the set, the rest as events.
/// `first` (LOGIN's mutes) go out before any push.
fn start_pump(
    mut pushes: mpsc::UnboundedReceiver<Push>,
    processed: Arc<Processed>,
    first: Vec<PlatformEvent>,
) -> mpsc::UnboundedReceiver<PlatformEvent> {
    let (events, receiver) = mpsc::unbounded_channel();
    for event in first {
        let _ = events.send(event);
    }
    tokio::spawn(async move {
        while let Some(push) = pushes.recv().await {
            if push.opcode == opcode::RECONNECT {
                tracing::info!("MAX asked to reconnect");
                break;
            }
            if push.opcode == opcode::push::UPLOAD_PROCESSED {
                let id = ["fileId", "videoId", "audioId", "photoId"]
                    .iter()
                    .find_map(|name| push.payload.get(*name).and_then(convert::int));
                if let (Some(id), Ok(mut ids)) = (id, processed.ids.lock()) {
                    ids.insert(id);
                }
                processed.changed.notify_waiters();
            }
            if push.opcode == opcode::push::NOTIF_CONFIG {
                // A chat muted or unmuted here or on another device.
                for event in convert::chat_mutes(&push.payload) {
                    let _ = events.send(event);
                }
                continue;
            }
            if let Some(event) = event_from_push(&push)
                && events.send(event).is_err()
            {
                break;
            }
        }
    });
    receiver
}

fn event_from_push(push: &Push) -> Option<PlatformEvent> {
    let payload = &push.payload;
    let chat_id = || {
        payload
            .get("chatId")
            .and_then(convert::int)
            .or_else(|| payload.pointer("/chat/id").and_then(convert::int))
    };
    match push.opcode {
        opcode::push::MESSAGE => {
            let message = convert::message(chat_id()?, payload.get("message")?)
                .map_err(|error| tracing::warn!(%error, "unreadable message push skipped"))
                .ok()?;
            Some(PlatformEvent::Message(message))
        }
        opcode::push::MESSAGES_DELETED => Some(PlatformEvent::Deleted {
            chat_id: ChatId(chat_id()?),
            ids: payload
                .get("messageIds")
                .and_then(Value::as_array)?
                .iter()
                .filter_map(convert::int)
                .map(MessageId)
                .collect(),
        }),
        opcode::push::READ_MARK => Some(PlatformEvent::ReadMark {
            chat_id: ChatId(chat_id()?),
            person: PersonId(payload.get("userId").and_then(convert::int)?),
            mark_ms: payload.get("mark").and_then(convert::int)?,
        }),
        opcode::push::CHAT_CHANGED => convert::chat(payload.get("chat")?)
            .ok()
            .map(PlatformEvent::ChatChanged),
        opcode::push::UPLOAD_PROCESSED => {
            let id = ["fileId", "videoId", "audioId", "photoId"]
                .iter()
                .find_map(|name| payload.get(*name).and_then(convert::int))?;
            Some(PlatformEvent::UploadProcessed {
                upload_id: id.to_string(),
            })
        }
        other => {
            tracing::debug!(opcode = other, "push not used by Парта");
            None
        }
    }
}

fn convert_all(chat_id: i64, raw: &[Value]) -> Vec<Message> {
    raw.iter()
        .filter_map(|message| {
            convert::message(chat_id, message)
                .map_err(|error| tracing::warn!(%error, "unreadable message skipped"))
                .ok()
        })
        .collect()
}

impl Platform for MaxPlatform {
    async fn login(&self, marker: i64) -> PlatformResult<LoginSnapshot> {
        // A new connection each time: the old one is gone or stale.
        self.set_client(None);
        let client = MaxClient::connect(&self.url, self.info.clone()).await?;
        let token = self.token();
        let answer = client.login(&token, SyncMarkers::all_at(marker)).await?;
        self.count(2);
        let mut raw_chats = answer.chats.clone();
        if raw_chats.len() >= LOGIN_CHATS {
            // More chats than LOGIN carries: list them all; unchanged ones cost nothing later.
            let listed = self.list_all_chats(&client).await?;
            let known: HashSet<i64> = raw_chats
                .iter()
                .filter_map(|chat| chat.get("id").and_then(convert::int))
                .collect();
            raw_chats.extend(listed.into_iter().filter(|chat| {
                chat.get("id")
                    .and_then(convert::int)
                    .is_some_and(|id| !known.contains(&id))
            }));
        }
        if let (Some(new), Ok(mut token)) = (&answer.new_token, self.token.lock()) {
            *token = new.clone();
        }
        let pushes = client
            .take_pushes()
            .ok_or_else(|| PlatformError::Protocol("no push stream".into()))?;
        let events = Arc::new(Mutex::new(start_pump(
            pushes,
            self.processed.clone(),
            convert::chat_mutes(&answer.config),
        )));
        if let Ok(mut current) = self.events.lock() {
            *current = Some(events);
        }
        self.set_client(Some(Arc::new(client)));

        let me = convert::person(&answer.profile)?;
        let chats = raw_chats
            .iter()
            .filter_map(|chat| {
                convert::chat(chat)
                    .map_err(|e| tracing::warn!(%e, "chat skipped"))
                    .ok()
            })
            .collect();
        let people = answer
            .contacts
            .iter()
            .filter_map(|person| convert::person(person).ok())
            .collect();
        let messages = answer
            .messages
            .iter()
            .flat_map(|(chat, raw)| convert_all(*chat, raw))
            .collect();
        let unread = raw_chats.iter().filter_map(convert::chat_unread).collect();
        Ok(LoginSnapshot {
            me,
            chats,
            people,
            messages,
            marker: answer.time,
            unread,
        })
    }

    async fn history(
        &self,
        chat_id: ChatId,
        from_ms: i64,
        forward: u32,
        backward: u32,
    ) -> PlatformResult<Vec<Message>> {
        let client = self.client().await?;
        self.count(1);
        let raw = client
            .chat_history(chat_id.0, from_ms, forward, backward)
            .await?;
        Ok(convert_all(chat_id.0, &raw))
    }

    async fn send(&self, chat_id: ChatId, message: &OutgoingMessage) -> PlatformResult<Message> {
        let link = match (message.reply_to, message.forward) {
            (_, Some((from_chat, id))) => Some(
                json!({ "type": "FORWARD", "messageId": id.0.to_string(), "chatId": from_chat.0 }),
            ),
            (Some(id), None) => Some(json!({ "type": "REPLY", "messageId": id.0.to_string() })),
            (None, None) => None,
        };
        let attaches = message
            .attachments
            .iter()
            .map(|raw| {
                serde_json::from_str(raw).map_err(|e| PlatformError::Protocol(e.to_string()))
            })
            .collect::<PlatformResult<Vec<Value>>>()?;
        let outgoing = MaxOutgoing {
            text: message.text.clone(),
            cid: message.client_id,
            elements: Vec::new(),
            attaches,
            link,
        };
        let sent = self
            .client()
            .await?
            .send_message(chat_id.0, outgoing)
            .await?;
        Ok(convert::message(chat_id.0, &sent)?)
    }

    async fn edit(&self, chat_id: ChatId, message_id: MessageId, text: &str) -> PlatformResult<()> {
        let client = self.client().await?;
        client
            .edit_message(chat_id.0, &message_id.0.to_string(), text, Vec::new())
            .await?;
        Ok(())
    }

    async fn delete(&self, chat_id: ChatId, ids: &[MessageId]) -> PlatformResult<()> {
        let ids: Vec<String> = ids.iter().map(|id| id.0.to_string()).collect();
        Ok(self
            .client()
            .await?
            .delete_messages(chat_id.0, &ids, false)
            .await?)
    }

    async fn mark_read(&self, chat_id: ChatId, message_id: MessageId) -> PlatformResult<()> {
        let client = self.client().await?;
        client
            .mark_read(chat_id.0, &message_id.0.to_string(), now_ms())
            .await?;
        Ok(())
    }

    async fn upload(&self, file: &LocalFile) -> PlatformResult<String> {
        let client = self.client().await?;
        if file.as_photo {
            let slot = client
                .request(opcode::PHOTO_UPLOAD, json!({ "count": 1 }))
                .await?;
            let url = slot
                .get("url")
                .and_then(Value::as_str)
                .ok_or_else(|| PlatformError::Protocol("no photo upload url".into()))?;
            let answer = self.upload_bytes(url, file).await?;
            let token = answer
                .get("photos")
                .and_then(Value::as_object)
                .and_then(|photos| photos.values().next())
                .and_then(|photo| photo.get("token"))
                .and_then(Value::as_str)
                .ok_or_else(|| PlatformError::Protocol("the photo upload gave no token".into()))?;
            return Ok(json!({ "_type": "PHOTO", "photoToken": token }).to_string());
        }
        let slot = client
            .request(opcode::FILE_UPLOAD, json!({ "count": 1 }))
            .await?;
        let info = slot
            .pointer("/info/0")
            .ok_or_else(|| PlatformError::Protocol("no file upload slot".into()))?;
        let (Some(url), Some(file_id)) = (
            info.get("url").and_then(Value::as_str),
            info.get("fileId").and_then(convert::int),
        ) else {
            return Err(PlatformError::Protocol(
                "the file upload slot lacks url or fileId".into(),
            ));
        };
        let answer = self.upload_bytes(url, file).await?;
        self.wait_processed(file_id).await?;
        let size = answer.get("size").and_then(convert::int);
        Ok(json!({
            "_type": "FILE",
            "fileId": file_id,
            "token": info.get("token").or_else(|| answer.get("token")),
            "name": file.display_name,
            "size": size,
        })
        .to_string())
    }

    async fn fetch(
        &self,
        message: &Message,
        attachment: &Attachment,
        offset: u64,
    ) -> PlatformResult<Option<(RemoteFile, Vec<u8>)>> {
        match self
            .open_download(message, attachment, false, offset)
            .await?
        {
            Some((remote, download)) => Ok(Some((remote, download.rest().await?))),
            None => Ok(None),
        }
    }

    async fn next_event(&self) -> Option<PlatformEvent> {
        let events = self.events.lock().ok()?.clone()?;
        events.lock().await.recv().await
    }
}
