//! The account and the people it talks to.

use rusqlite::{Connection, OptionalExtension, params};

use super::{Store, WriteBatch};
use crate::Result;
use crate::model::{Account, Person, PersonId};

pub(super) fn load_own_person(conn: &Connection) -> Result<Option<PersonId>> {
    Ok(conn
        .query_row("SELECT person_id FROM account", [], |row| row.get(0))
        .optional()?
        .map(PersonId))
}

impl WriteBatch<'_> {
    /// Records who owns this cache (no secrets: those stay in the OS keyring).
    pub fn save_account(&mut self, account: &Account) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO account (singleton, person_id, platform, display_name, raw_json)
                 VALUES (1, ?1, ?2, ?3, ?4)
                 ON CONFLICT (singleton) DO UPDATE SET person_id = excluded.person_id,
                    platform = excluded.platform, display_name = excluded.display_name,
                    raw_json = excluded.raw_json",
            )?
            .execute(params![
                account.person_id.0,
                account.platform,
                account.display_name,
                account.raw_json
            ])?;
        // Read marks recorded before the account was known now count as the account's own.
        self.tx
            .prepare_cached(
                "UPDATE chats SET own_read_mark_ms = max(own_read_mark_ms, coalesce(
                    (SELECT mark_ms FROM read_marks r
                     WHERE r.chat_id = chats.id AND r.person_id = ?1), 0))",
            )?
            .execute([account.person_id.0])?;
        *self.own_person = Some(account.person_id);
        Ok(())
    }

    /// Inserts or updates people.
    pub fn upsert_people(&mut self, people: &[Person]) -> Result<()> {
        let mut upsert = self.tx.prepare_cached(
            "INSERT INTO people (id, name, avatar_url, raw_json) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name,
                avatar_url = excluded.avatar_url, raw_json = excluded.raw_json
             WHERE raw_json != excluded.raw_json OR name != excluded.name",
        )?;
        for person in people {
            upsert.execute(params![
                person.id.0,
                person.name,
                person.avatar_url,
                person.raw_json
            ])?;
        }
        Ok(())
    }
}

impl Store {
    /// The account that owns this cache, once saved.
    pub fn account(&self) -> Result<Option<Account>> {
        Ok(self
            .connection()
            .query_row(
                "SELECT person_id, platform, display_name, raw_json FROM account",
                [],
                |row| {
                    Ok(Account {
                        person_id: PersonId(row.get(0)?),
                        platform: row.get(1)?,
                        display_name: row.get(2)?,
                        raw_json: row.get(3)?,
                    })
                },
            )
            .optional()?)
    }

    /// One person by id.
    pub fn person(&self, id: PersonId) -> Result<Option<Person>> {
        Ok(self
            .connection()
            .prepare_cached("SELECT name, avatar_url, raw_json FROM people WHERE id = ?1")?
            .query_row([id.0], |row| {
                Ok(Person {
                    id,
                    name: row.get(0)?,
                    avatar_url: row.get(1)?,
                    raw_json: row.get(2)?,
                })
            })
            .optional()?)
    }
}
