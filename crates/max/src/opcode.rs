//! MAX's opcodes, as named by the open-source clients (see `protocols/max.md`).

pub const PING: u16 = 1;
pub const RECONNECT: u16 = 3;
pub const SESSION_INIT: u16 = 6;
pub const LOGIN: u16 = 19;
pub const LOGOUT: u16 = 20;
pub const CONTACTS: u16 = 32;
pub const CHAT_INFO: u16 = 48;
pub const CHAT_HISTORY: u16 = 49;
pub const CHAT_MARK: u16 = 50;
pub const CHATS_LIST: u16 = 53;
pub const CHAT_MEMBERS: u16 = 59;
pub const MSG_SEND: u16 = 64;
pub const MSG_TYPING: u16 = 65;
pub const MSG_DELETE: u16 = 66;
pub const MSG_EDIT: u16 = 67;
pub const MSG_GET: u16 = 71;
pub const PHOTO_UPLOAD: u16 = 80;
pub const VIDEO_UPLOAD: u16 = 82;
pub const CALL_JOIN_LINK: u16 = 84;
pub const FILE_UPLOAD: u16 = 87;
pub const FILE_DOWNLOAD: u16 = 88;
pub const SESSIONS_INFO: u16 = 96;
pub const SESSIONS_CLOSE: u16 = 97;
pub const LOGIN_PASSWORD: u16 = 115;
pub const GET_QR: u16 = 288;
pub const GET_QR_STATUS: u16 = 289;
pub const LOGIN_BY_QR: u16 = 291;

/// Server pushes.
pub mod push {
    pub const MESSAGE: u16 = 128;
    pub const TYPING: u16 = 129;
    pub const READ_MARK: u16 = 130;
    pub const PRESENCE: u16 = 132;
    /// The account's notification config changed (a chat muted or unmuted).
    pub const NOTIF_CONFIG: u16 = 134;
    pub const CHAT_CHANGED: u16 = 135;
    pub const UPLOAD_PROCESSED: u16 = 136;
    pub const INCOMING_CALL: u16 = 137;
    pub const MESSAGES_DELETED: u16 = 142;
}
