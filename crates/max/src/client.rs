//! The requests Парта makes of MAX, over one [`Connection`].
//!
//! Payload shapes follow `protocols/max.md`. Answers keep their raw JSON (chats, messages and
//! people are stored raw by the core); only what the caller branches on is typed here.

use serde_json::{Map, Value, json};

use crate::connection::{Connection, Push};
use crate::{MaxError, opcode};

/// How Парта presents itself in SESSION_INIT. The `device_id` is bound to the token: it is
/// stored beside it and reused, since a new one invalidates the session.
#[derive(Debug, Clone)]
pub struct ClientInfo {
    pub device_id: String,
    pub device_name: String,
    pub app_version: String,
    pub locale: String,
    pub os_version: String,
    pub timezone: String,
    pub user_agent: String,
}

impl ClientInfo {
    /// Парта as a web client on this machine, in Russian, on Moscow time unless told otherwise.
    pub fn web(device_id: impl Into<String>) -> Self {
        Self {
            device_id: device_id.into(),
            device_name: "Парта".into(),
            app_version: "26.1.0".into(),
            locale: "ru".into(),
            os_version: std::env::consts::OS.into(),
            timezone: "Europe/Moscow".into(),
            user_agent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) \
                         Parta/0.1"
                .into(),
        }
    }
}

/// Where the last login left off, per kind of data (milliseconds, MAX's `time`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncMarkers {
    pub chats: i64,
    pub contacts: i64,
    pub presence: i64,
    pub drafts: i64,
}

impl SyncMarkers {
    /// Every marker at `time`, as the answer to a login sets them.
    pub fn all_at(time: i64) -> Self {
        Self {
            chats: time,
            contacts: time,
            presence: time,
            drafts: time,
        }
    }
}

/// What a token login answers: who the person is and what changed since the markers.
#[derive(Debug, Clone)]
pub struct LoginAnswer {
    /// `profile.contact`: the signed-in person.
    pub profile: Value,
    pub chats: Vec<Value>,
    pub contacts: Vec<Value>,
    /// The newest messages of changed chats, by chat id.
    pub messages: Vec<(i64, Vec<Value>)>,
    /// The server's time: the next sync markers.
    pub time: i64,
    /// A replacement token, when MAX issued one: store it instead of the old.
    pub new_token: Option<String>,
    /// The account's config (`chats` with each chat's `dontDisturbUntil`), `null` when absent.
    pub config: Value,
}

/// A QR code to show for sign-in.
#[derive(Debug, Clone)]
pub struct QrCode {
    pub link: String,
    pub track_id: String,
    pub polling_interval_ms: u64,
    pub expires_at_ms: i64,
}

/// Where a QR sign-in stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QrStatus {
    /// Not scanned and confirmed yet.
    Waiting,
    /// Confirmed on the phone: finish with [`MaxClient::login_by_qr`].
    Confirmed,
}

/// The outcome of finishing a QR sign-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QrLogin {
    Token(String),
    /// The account has a cloud password: ask for it and call [`MaxClient::login_with_password`].
    PasswordNeeded {
        track_id: String,
        hint: Option<String>,
    },
}

pub struct MaxClient {
    connection: Connection,
    info: ClientInfo,
    calls_seed: i64,
}

impl MaxClient {
    /// Connects and starts a session (SESSION_INIT, the first frame on any connection).
    pub async fn connect(url: &str, info: ClientInfo) -> Result<Self, MaxError> {
        let connection = Connection::open(url, &info.user_agent).await?;
        let answer = connection
            .request(
                opcode::SESSION_INIT,
                json!({
                    "userAgent": {
                        "deviceType": "WEB",
                        "locale": info.locale,
                        "deviceLocale": info.locale,
                        "osVersion": info.os_version,
                        "deviceName": info.device_name,
                        "headerUserAgent": info.user_agent,
                        "appVersion": info.app_version,
                        "screen": "1080x1920 1.0x",
                        "timezone": info.timezone,
                    },
                    "deviceId": info.device_id,
                }),
            )
            .await?;
        let calls_seed = answer
            .get("callsSeed")
            .and_then(Value::as_i64)
            .unwrap_or_default();
        Ok(Self {
            connection,
            info,
            calls_seed,
        })
    }

    pub fn info(&self) -> &ClientInfo {
        &self.info
    }

    pub fn calls_seed(&self) -> i64 {
        self.calls_seed
    }

    pub fn is_open(&self) -> bool {
        self.connection.is_open()
    }

    /// The server's pushes (once per connection).
    pub fn take_pushes(&self) -> Option<tokio::sync::mpsc::UnboundedReceiver<Push>> {
        self.connection.take_pushes()
    }

    /// Any request, for what has no typed method yet.
    pub async fn request(&self, opcode: u16, payload: Value) -> Result<Value, MaxError> {
        self.connection.request(opcode, payload).await
    }

    /// Logs in with a saved token. A revoked token is [`MaxError::AuthRevoked`]: the caller must
    /// ask the person to sign in again, never retry.
    pub async fn login(&self, token: &str, markers: SyncMarkers) -> Result<LoginAnswer, MaxError> {
        let answer = self
            .request(
                opcode::LOGIN,
                json!({
                    "interactive": true,
                    "token": token,
                    "chatsCount": 40,
                    "chatsSync": markers.chats,
                    "contactsSync": markers.contacts,
                    "presenceSync": markers.presence,
                    "draftsSync": markers.drafts,
                }),
            )
            .await?;
        let list = |name: &str| {
            answer
                .get(name)
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        };
        let messages = answer
            .get("messages")
            .and_then(Value::as_object)
            .map(|by_chat| {
                by_chat
                    .iter()
                    .filter_map(|(chat, list)| {
                        Some((
                            chat.parse().ok()?,
                            list.as_array().cloned().unwrap_or_default(),
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let new_token = answer
            .get("token")
            .and_then(Value::as_str)
            .filter(|new| !new.is_empty() && *new != token)
            .map(str::to_owned);
        Ok(LoginAnswer {
            profile: answer
                .pointer("/profile/contact")
                .cloned()
                .unwrap_or(Value::Null),
            chats: list("chats"),
            contacts: list("contacts"),
            messages,
            time: answer
                .get("time")
                .and_then(Value::as_i64)
                .unwrap_or_default(),
            new_token,
            config: answer.get("config").cloned().unwrap_or(Value::Null),
        })
    }

    pub async fn request_qr(&self) -> Result<QrCode, MaxError> {
        let answer = self.request(opcode::GET_QR, json!({})).await?;
        let text = |name: &str| answer.get(name).and_then(Value::as_str).map(str::to_owned);
        let (Some(link), Some(track_id)) = (text("qrLink"), text("trackId")) else {
            return Err(MaxError::protocol(
                "GET_QR answered without qrLink or trackId",
            ));
        };
        Ok(QrCode {
            link,
            track_id,
            polling_interval_ms: answer
                .get("pollingInterval")
                .and_then(Value::as_u64)
                .unwrap_or(5000),
            expires_at_ms: answer
                .get("expiresAt")
                .and_then(Value::as_i64)
                .unwrap_or_default(),
        })
    }

    pub async fn qr_status(&self, track_id: &str) -> Result<QrStatus, MaxError> {
        let answer = self
            .request(opcode::GET_QR_STATUS, json!({ "trackId": track_id }))
            .await?;
        let available = answer
            .pointer("/status/loginAvailable")
            .and_then(Value::as_bool);
        Ok(if available == Some(true) {
            QrStatus::Confirmed
        } else {
            QrStatus::Waiting
        })
    }

    pub async fn login_by_qr(&self, track_id: &str) -> Result<QrLogin, MaxError> {
        let answer = self
            .request(opcode::LOGIN_BY_QR, json!({ "trackId": track_id }))
            .await?;
        if let Some(token) = login_token(&answer) {
            return Ok(QrLogin::Token(token));
        }
        match answer.get("passwordChallenge") {
            Some(challenge) => Ok(QrLogin::PasswordNeeded {
                track_id: challenge
                    .get("trackId")
                    .and_then(Value::as_str)
                    .unwrap_or(track_id)
                    .to_owned(),
                hint: challenge
                    .get("hint")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
            }),
            None => Err(MaxError::protocol(
                "LOGIN_BY_QR answered with neither token nor challenge",
            )),
        }
    }

    pub async fn login_with_password(
        &self,
        track_id: &str,
        password: &str,
    ) -> Result<String, MaxError> {
        let answer = self
            .request(
                opcode::LOGIN_PASSWORD,
                json!({ "trackId": track_id, "password": password }),
            )
            .await?;
        login_token(&answer).ok_or_else(|| MaxError::protocol("the password step gave no token"))
    }

    pub async fn logout(&self) -> Result<(), MaxError> {
        self.request(opcode::LOGOUT, json!({})).await.map(drop)
    }

    /// A page of a chat's history around `from` (ms): `backward` older and `forward` newer.
    pub async fn chat_history(
        &self,
        chat_id: i64,
        from: i64,
        forward: u32,
        backward: u32,
    ) -> Result<Vec<Value>, MaxError> {
        let answer = self
            .request(
                opcode::CHAT_HISTORY,
                json!({
                    "chatId": chat_id,
                    "from": from,
                    "forward": forward,
                    "backward": backward,
                    "getMessages": true,
                }),
            )
            .await?;
        Ok(answer
            .get("messages")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default())
    }

    /// Sends a message; `cid` is the client's id for it, reused on every retry so MAX keeps one.
    pub async fn send_message(
        &self,
        chat_id: i64,
        message: OutgoingMessage,
    ) -> Result<Value, MaxError> {
        let mut body = Map::new();
        body.insert("text".into(), message.text.into());
        body.insert("cid".into(), message.cid.into());
        body.insert("elements".into(), Value::Array(message.elements));
        body.insert("attaches".into(), Value::Array(message.attaches));
        if let Some(link) = message.link {
            body.insert("link".into(), link);
        }
        let answer = self
            .request(
                opcode::MSG_SEND,
                json!({ "chatId": chat_id, "message": body, "notify": true }),
            )
            .await?;
        answer
            .get("message")
            .cloned()
            .ok_or_else(|| MaxError::protocol("MSG_SEND answered without the message"))
    }

    pub async fn edit_message(
        &self,
        chat_id: i64,
        message_id: &str,
        text: &str,
        elements: Vec<Value>,
    ) -> Result<Value, MaxError> {
        self.request(
            opcode::MSG_EDIT,
            json!({
                "chatId": chat_id,
                "messageId": message_id,
                "text": text,
                "elements": elements,
                "attachments": [],
            }),
        )
        .await
    }

    pub async fn delete_messages(
        &self,
        chat_id: i64,
        message_ids: &[String],
        for_me: bool,
    ) -> Result<(), MaxError> {
        self.request(
            opcode::MSG_DELETE,
            json!({ "chatId": chat_id, "messageIds": message_ids, "forMe": for_me }),
        )
        .await
        .map(drop)
    }

    /// Marks a chat read up to `message_id`; answers the chat's unread count.
    pub async fn mark_read(
        &self,
        chat_id: i64,
        message_id: &str,
        now_ms: i64,
    ) -> Result<i64, MaxError> {
        let answer = self
            .request(
                opcode::CHAT_MARK,
                json!({ "type": "READ_MESSAGE", "chatId": chat_id, "messageId": message_id, "mark": now_ms }),
            )
            .await?;
        Ok(answer
            .get("unread")
            .and_then(Value::as_i64)
            .unwrap_or_default())
    }

    pub async fn chat_info(&self, chat_ids: &[i64]) -> Result<Vec<Value>, MaxError> {
        let answer = self
            .request(opcode::CHAT_INFO, json!({ "chatIds": chat_ids }))
            .await?;
        Ok(answer
            .get("chats")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default())
    }
}

/// A message to send.
#[derive(Debug, Clone, Default)]
pub struct OutgoingMessage {
    pub text: String,
    pub cid: i64,
    pub elements: Vec<Value>,
    pub attaches: Vec<Value>,
    /// `{type: REPLY|FORWARD, messageId, chatId}` for a reply or a forward.
    pub link: Option<Value>,
}

fn login_token(answer: &Value) -> Option<String> {
    answer
        .pointer("/tokenAttrs/LOGIN/token")
        .and_then(Value::as_str)
        .map(str::to_owned)
}
