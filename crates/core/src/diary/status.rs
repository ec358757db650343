//! Where the diary stands for an account: signed out, ready, expired or moved.

use serde::{Deserialize, Serialize};

/// Whether the app can read the diary now, and if not what the person must do.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "camelCase")]
pub enum DiaryAccess {
    /// Never signed in to the e-journal (or signed out): offer «Войти в электронный дневник».
    #[default]
    SignedOut,
    /// A session cookie is kept and the last request with it worked.
    Ready,
    /// The e-journal ended the session: ask to sign in again, keep showing the cache.
    Expired,
    /// The family's school keeps its diary in «Моя школа» now.
    Moved {
        /// Where the diary is now.
        link: String,
    },
}

impl DiaryAccess {
    /// The name the window's `DiaryStatus` uses: `signedOut`, `ready`, `expired`, `moved`.
    pub fn as_str(&self) -> &'static str {
        match self {
            DiaryAccess::SignedOut => "signedOut",
            DiaryAccess::Ready => "ready",
            DiaryAccess::Expired => "expired",
            DiaryAccess::Moved { .. } => "moved",
        }
    }

    /// The «Моя школа» link when the diary has moved.
    pub fn moved_link(&self) -> Option<&str> {
        match self {
            DiaryAccess::Moved { link } => Some(link),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_json() {
        for access in [
            DiaryAccess::SignedOut,
            DiaryAccess::Ready,
            DiaryAccess::Expired,
            DiaryAccess::Moved {
                link: "https://myschool.gosuslugi.ru/".into(),
            },
        ] {
            let json = serde_json::to_string(&access).expect("serialize");
            assert!(json.contains(access.as_str()), "{json}");
            let back: DiaryAccess = serde_json::from_str(&json).expect("deserialize");
            assert_eq!(back, access);
        }
    }
}
