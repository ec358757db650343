//! Per-chat mute as the platform keeps it: MAX's `dontDisturbUntil` in the account's config
//! (`{settings:{chats:{"<id>":{dontDisturbUntil:-1}}}}`), not in the chat object. Stored in
//! `chat_mutes` (a chat without a row is not muted); written by the sync engine only, from
//! [`crate::platform::PlatformEvent::MuteChanged`].

use rusqlite::OptionalExtension;

use crate::model::ChatId;
use crate::store::WriteBatch;
use crate::{Result, Store};

/// Whether a chat is muted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mute {
    /// Not muted.
    Off,
    /// Muted until unmuted (MAX −1).
    Forever,
    /// Muted until this time (ms since the epoch).
    Until(i64),
}

impl Mute {
    /// Reads MAX's `dontDisturbUntil`: 0 (or nothing) is off, a negative value is forever (MAX
    /// sends −1; any other negative is read the same rather than as "off"), a time is until then.
    pub fn from_dont_disturb_until(value: i64) -> Self {
        match value {
            0 => Mute::Off,
            value if value < 0 => Mute::Forever,
            until => Mute::Until(until),
        }
    }

    /// The value MAX uses for it.
    pub fn dont_disturb_until(self) -> i64 {
        match self {
            Mute::Off => 0,
            Mute::Forever => -1,
            Mute::Until(until) => until,
        }
    }

    /// Whether the chat is silent at `now_ms`.
    pub fn is_active(self, now_ms: i64) -> bool {
        match self {
            Mute::Off => false,
            Mute::Forever => true,
            Mute::Until(until) => now_ms < until,
        }
    }
}

impl WriteBatch<'_> {
    /// Records a chat's mute as the platform reported it (`dontDisturbUntil`); 0 unmutes.
    pub fn set_chat_mute(&mut self, chat_id: ChatId, dont_disturb_until: i64) -> Result<()> {
        if Mute::from_dont_disturb_until(dont_disturb_until) == Mute::Off {
            self.transaction()
                .prepare_cached("DELETE FROM chat_mutes WHERE chat_id = ?1")?
                .execute([chat_id.0])?;
        } else {
            self.transaction()
                .prepare_cached(
                    "INSERT INTO chat_mutes (chat_id, dont_disturb_until) VALUES (?1, ?2)
                     ON CONFLICT (chat_id) DO UPDATE
                     SET dont_disturb_until = excluded.dont_disturb_until",
                )?
                .execute((chat_id.0, dont_disturb_until))?;
        }
        Ok(())
    }
}

impl Store {
    /// A chat's mute as last reported by the platform.
    pub fn chat_mute(&self, chat_id: ChatId) -> Result<Mute> {
        Ok(self
            .connection()
            .prepare_cached("SELECT dont_disturb_until FROM chat_mutes WHERE chat_id = ?1")?
            .query_row([chat_id.0], |row| row.get::<_, i64>(0))
            .optional()?
            .map_or(Mute::Off, Mute::from_dont_disturb_until))
    }

    /// Every chat with a mute on record (some may have expired), for the chat list's icons.
    pub fn chat_mutes(&self) -> Result<Vec<(ChatId, Mute)>> {
        Ok(self
            .connection()
            .prepare_cached("SELECT chat_id, dont_disturb_until FROM chat_mutes ORDER BY chat_id")?
            .query_map([], |row| {
                Ok((
                    ChatId(row.get(0)?),
                    Mute::from_dont_disturb_until(row.get(1)?),
                ))
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// The account's own read mark in a chat (ms; 0 when never read or the chat is unknown).
    pub(crate) fn own_read_mark_ms(&self, chat_id: ChatId) -> Result<i64> {
        Ok(self
            .connection()
            .prepare_cached("SELECT own_read_mark_ms FROM chats WHERE id = ?1")?
            .query_row([chat_id.0], |row| row.get::<_, i64>(0))
            .optional()?
            .unwrap_or(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dont_disturb_until_reads_as_max_means_it() {
        assert_eq!(Mute::from_dont_disturb_until(0), Mute::Off);
        assert_eq!(Mute::from_dont_disturb_until(-1), Mute::Forever);
        assert_eq!(Mute::from_dont_disturb_until(-5), Mute::Forever);
        assert_eq!(Mute::from_dont_disturb_until(9_000), Mute::Until(9_000));
        assert!(Mute::Forever.is_active(i64::MAX));
        assert!(Mute::Until(9_000).is_active(8_999));
        assert!(!Mute::Until(9_000).is_active(9_000));
        assert!(!Mute::Off.is_active(0));
        for mute in [Mute::Off, Mute::Forever, Mute::Until(42)] {
            assert_eq!(
                Mute::from_dont_disturb_until(mute.dont_disturb_until()),
                mute
            );
        }
    }

    #[test]
    fn mutes_are_stored_replaced_and_cleared() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path(), &crate::CacheKey::from_bytes([7; 32])).unwrap();
        assert_eq!(store.chat_mute(ChatId(5)).unwrap(), Mute::Off);
        store
            .write(|batch| {
                batch.set_chat_mute(ChatId(5), -1)?;
                batch.set_chat_mute(ChatId(6), 9_000)
            })
            .unwrap();
        assert_eq!(store.chat_mute(ChatId(5)).unwrap(), Mute::Forever);
        assert_eq!(
            store.chat_mutes().unwrap(),
            [(ChatId(5), Mute::Forever), (ChatId(6), Mute::Until(9_000))]
        );
        store
            .write(|batch| {
                batch.set_chat_mute(ChatId(5), 0)?;
                batch.set_chat_mute(ChatId(6), 12_000)
            })
            .unwrap();
        assert_eq!(store.chat_mute(ChatId(5)).unwrap(), Mute::Off);
        assert_eq!(store.chat_mute(ChatId(6)).unwrap(), Mute::Until(12_000));
        assert_eq!(store.chat_mutes().unwrap().len(), 1);
    }
}
