//! One module per subcommand; [`session`] holds what signing in and the future network
//! commands share (connecting, the keyring entries of an account, resolving a chat).

pub mod announcements;
pub mod chats;
pub mod diary;
pub mod login;
pub mod logout;
pub mod qr;
pub mod read;
pub mod search;
pub mod send;
pub mod session;
pub mod sync;
