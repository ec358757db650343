//! Per-person chat mutes: MAX's `dontDisturbUntil` (0 off, −1 for ever, else until a time in
//! ms), carried in the account config that LOGIN answers and NOTIF_CONFIG pushes.

use rusqlite::params;
use serde_json::{Map, Value, json};

use super::Store;
use crate::error::Result;

impl Store {
    /// Mutes (or with 0 unmutes) `chat` for `person`.
    pub fn set_mute(&self, person: i64, chat: i64, dont_disturb_until: i64) -> Result<()> {
        let db = self.db();
        if dont_disturb_until == 0 {
            db.execute(
                "DELETE FROM mutes WHERE person_id = ?1 AND chat_id = ?2",
                params![person, chat],
            )?;
        } else {
            db.execute(
                "INSERT INTO mutes (person_id, chat_id, dont_disturb_until) VALUES (?1, ?2, ?3)
                 ON CONFLICT (person_id, chat_id) DO UPDATE
                 SET dont_disturb_until = excluded.dont_disturb_until",
                params![person, chat, dont_disturb_until],
            )?;
        }
        Ok(())
    }

    /// The config's `chats` of `person`: `{"<chatId>": {"dontDisturbUntil": …}}`.
    pub fn mutes_config(&self, person: i64) -> Result<Value> {
        let db = self.db();
        let mut st = db.prepare(
            "SELECT chat_id, dont_disturb_until FROM mutes WHERE person_id = ?1 ORDER BY chat_id",
        )?;
        let rows = st.query_map([person], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, i64>(1)?))
        })?;
        let mut chats = Map::new();
        for row in rows {
            let (chat, until) = row?;
            chats.insert(chat.to_string(), json!({ "dontDisturbUntil": until }));
        }
        Ok(Value::Object(chats))
    }
}
