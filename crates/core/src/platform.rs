//! What the core needs of a messaging platform, and how a platform may fail.
//!
//! An adapter (MAX in `parta-max`) implements [`Platform`]: it speaks the wire protocol,
//! keeps its connection, and returns the core's model types. It decides nothing: backoff,
//! resync, outbox retries and signing out live in the core, once. Its errors say what the core
//! must do ([`PlatformError`]).

use std::future::Future;
use std::path::PathBuf;
use std::time::Duration;

use crate::files::RemoteFile;
use crate::model::{Attachment, Chat, ChatId, Message, MessageId, Person, PersonId};

/// A platform failure, by what the core must do about it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlatformError {
    /// The session is over (token revoked or invalid): sign the person out; never retry.
    #[error("signed out by the platform: {0}")]
    AuthRevoked(String),
    /// Too many requests: wait (as long as the platform said, when it did), then retry.
    #[error("rate limited: {message}")]
    RateLimited {
        /// What the platform said.
        message: String,
        /// How long it asked to wait.
        retry_after: Option<Duration>,
    },
    /// An attachment is still being processed: wait for it, then retry.
    #[error("the attachment is not ready yet")]
    NotReady,
    /// The network or the server failed for now: retry with backoff.
    #[error("connection problem: {0}")]
    Transient(String),
    /// The platform sent something unreadable or refused a request as malformed: not retried.
    #[error("protocol error: {0}")]
    Protocol(String),
    /// The platform refused this request (not found, not allowed…): shown to the person.
    #[error("{0}")]
    Rejected(String),
}

impl PlatformError {
    /// Whether the same request may succeed later without the person doing anything.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            PlatformError::Transient(_)
                | PlatformError::RateLimited { .. }
                | PlatformError::NotReady
        )
    }
}

impl crate::UserFacingError for PlatformError {
    fn to_user_facing(&self) -> String {
        match self {
            PlatformError::AuthRevoked(_) => {
                "Сеанс завершён сервером: войдите в MAX заново.".into()
            }
            PlatformError::RateLimited { .. } => {
                "Сервер просит подождать; Парта отправит сама, как только можно.".into()
            }
            PlatformError::NotReady => {
                "Файл ещё обрабатывается на сервере; Парта отправит сообщение сама.".into()
            }
            PlatformError::Transient(_) => {
                "Нет связи с сервером; Парта отправит сама, когда связь появится.".into()
            }
            PlatformError::Protocol(_) => {
                "Сервер не понял запрос. Обновите Парту; если не поможет, сообщите нам.".into()
            }
            // The platform's own words (MAX's `localizedMessage`, in Russian).
            PlatformError::Rejected(message) => message.clone(),
        }
    }
}

/// The platform's result type.
pub type PlatformResult<T> = std::result::Result<T, PlatformError>;

/// What signing in with a saved session answers: who the person is and what changed since
/// `since_marker`.
#[derive(Debug, Clone)]
pub struct LoginSnapshot {
    /// The signed-in person.
    pub me: Person,
    /// Chats that changed (all of them the first time).
    pub chats: Vec<Chat>,
    /// People the account knows (contacts, chat members it was told about).
    pub people: Vec<Person>,
    /// The newest messages of changed chats, as the platform volunteered them.
    pub messages: Vec<Message>,
    /// The marker to pass next time.
    pub marker: i64,
    /// How many messages the platform counts unread, per changed chat (MAX `newMessages`), when
    /// it says; the cache's read marks are made to agree after the catch-up.
    pub unread: Vec<(ChatId, u32)>,
}

/// A message to send. `client_id` is the outbox's id for it (MAX `cid`): the same on every
/// retry, so the platform keeps one message however often it is sent.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OutgoingMessage {
    /// The outbox entry's client id.
    pub client_id: i64,
    /// The text.
    pub text: String,
    /// The message it answers.
    pub reply_to: Option<MessageId>,
    /// The message it forwards, with the chat it lives in.
    pub forward: Option<(ChatId, MessageId)>,
    /// Uploaded attachments, in the platform's own form (as [`Platform::upload`] returned).
    pub attachments: Vec<String>,
}

/// A local file to upload.
#[derive(Debug, Clone, PartialEq)]
pub struct LocalFile {
    /// Where it is.
    pub path: PathBuf,
    /// The name to show (never used as a path on the other side).
    pub display_name: String,
    /// Whether to send it as a photo rather than a document.
    pub as_photo: bool,
}

/// Something the platform told us without being asked.
#[derive(Debug, Clone, PartialEq)]
pub enum PlatformEvent {
    /// A new message, or a new version of one (edited, deleted).
    Message(Message),
    /// Messages deleted from a chat.
    Deleted {
        /// The chat.
        chat_id: ChatId,
        /// The messages.
        ids: Vec<MessageId>,
    },
    /// Someone read a chat up to a point.
    ReadMark {
        /// The chat.
        chat_id: ChatId,
        /// Who read.
        person: PersonId,
        /// Up to when (ms).
        mark_ms: i64,
    },
    /// A chat's title, members or settings changed.
    ChatChanged(Chat),
    /// A chat was muted or unmuted, on this device or another (MAX `dontDisturbUntil` in the
    /// account's config: −1 forever, a time in ms until then, 0 not muted).
    MuteChanged {
        /// The chat.
        chat_id: ChatId,
        /// The platform's value, as given.
        dont_disturb_until: i64,
    },
    /// An upload finished processing on the server.
    UploadProcessed {
        /// The platform's id of the upload.
        upload_id: String,
    },
}

/// A messaging platform, as the core uses it. Methods may be called concurrently.
pub trait Platform: Send + Sync + 'static {
    /// Opens a session with the saved credentials and reports what changed since `marker`
    /// (0: everything). Calling it again reconnects.
    fn login(&self, marker: i64) -> impl Future<Output = PlatformResult<LoginSnapshot>> + Send;

    /// Messages of a chat around `from_ms`: up to `backward` at or before it and up to `forward`
    /// after it, oldest first.
    fn history(
        &self,
        chat_id: ChatId,
        from_ms: i64,
        forward: u32,
        backward: u32,
    ) -> impl Future<Output = PlatformResult<Vec<Message>>> + Send;

    /// Sends a message and returns it as the platform stored it.
    fn send(
        &self,
        chat_id: ChatId,
        message: &OutgoingMessage,
    ) -> impl Future<Output = PlatformResult<Message>> + Send;

    /// Replaces a message's text.
    fn edit(
        &self,
        chat_id: ChatId,
        message_id: MessageId,
        text: &str,
    ) -> impl Future<Output = PlatformResult<()>> + Send;

    /// Deletes messages for everyone.
    fn delete(
        &self,
        chat_id: ChatId,
        ids: &[MessageId],
    ) -> impl Future<Output = PlatformResult<()>> + Send;

    /// Marks a chat read up to a message.
    fn mark_read(
        &self,
        chat_id: ChatId,
        message_id: MessageId,
    ) -> impl Future<Output = PlatformResult<()>> + Send;

    /// Uploads a file and returns the attachment to put in [`OutgoingMessage::attachments`]
    /// once the platform has processed it.
    fn upload(&self, file: &LocalFile) -> impl Future<Output = PlatformResult<String>> + Send;

    /// The bytes of an attached file from `offset` on (a resumed download asks for the rest),
    /// and the file's identity for the cache. `None` when the attachment has no file to fetch.
    fn fetch(
        &self,
        message: &Message,
        attachment: &Attachment,
        offset: u64,
    ) -> impl Future<Output = PlatformResult<Option<(RemoteFile, Vec<u8>)>>> + Send;

    /// The next event. `None` means the connection ended: log in again to resume.
    fn next_event(&self) -> impl Future<Output = Option<PlatformEvent>> + Send;
}
