//! Chats and their members.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::Store;
use crate::error::Result;

/// A chat as stored.
#[derive(Debug, Clone)]
pub struct ChatRow {
    /// Chat id: negative for groups and channels, `a XOR b` for dialogs.
    pub id: i64,
    /// DIALOG | CHAT | CHANNEL.
    pub kind: String,
    /// Title (none for dialogs).
    pub title: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Owner's user id.
    pub owner: i64,
    /// PUBLIC | PRIVATE.
    pub access: String,
    /// Creation time.
    pub created: i64,
    /// Last change of anything in the chat (messages, pins, members).
    pub modified: i64,
    /// Pinned message id.
    pub pinned: Option<i64>,
    /// Invite link.
    pub link: Option<String>,
}

const CHAT_COLS: &str =
    "id, type, title, description, owner, access, created, modified, pinned_message, link";

impl ChatRow {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<ChatRow> {
        Ok(ChatRow {
            id: r.get(0)?,
            kind: r.get(1)?,
            title: r.get(2)?,
            description: r.get(3)?,
            owner: r.get(4)?,
            access: r.get(5)?,
            created: r.get(6)?,
            modified: r.get(7)?,
            pinned: r.get(8)?,
            link: r.get(9)?,
        })
    }
}

/// Inserts a chat.
pub fn insert_chat(conn: &Connection, c: &ChatRow) -> Result<()> {
    conn.execute(
        &format!(
            "INSERT INTO chats ({CHAT_COLS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
        ),
        params![
            c.id,
            c.kind,
            c.title,
            c.description,
            c.owner,
            c.access,
            c.created,
            c.modified,
            c.pinned,
            c.link
        ],
    )?;
    Ok(())
}

/// Adds a member.
pub fn insert_member(
    conn: &Connection,
    chat: i64,
    person: i64,
    join: i64,
    admin: bool,
) -> Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO members (chat_id, person_id, join_time, admin) VALUES (?1, ?2, ?3, ?4)",
        params![chat, person, join, admin],
    )?;
    Ok(())
}

/// A member of a chat.
#[derive(Debug, Clone, Copy)]
pub struct Member {
    /// User id.
    pub person_id: i64,
    /// When they joined.
    pub join_time: i64,
    /// Whether they may post to a channel and manage the chat.
    pub admin: bool,
}

impl Store {
    /// One chat.
    pub fn chat(&self, id: i64) -> Result<Option<ChatRow>> {
        let db = self.db();
        Ok(db
            .query_row(
                &format!("SELECT {CHAT_COLS} FROM chats WHERE id = ?1"),
                [id],
                ChatRow::from_row,
            )
            .optional()?)
    }

    /// The chats a person is in, newest last message first (as MAX lists them).
    pub fn chats_of(&self, person: i64) -> Result<Vec<ChatRow>> {
        let db = self.db();
        let cols = CHAT_COLS
            .split(", ")
            .map(|c| format!("c.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        let mut st = db.prepare(&format!(
            "SELECT {cols} FROM chats c JOIN members m ON m.chat_id = c.id
             WHERE m.person_id = ?1 ORDER BY COALESCE((SELECT MAX(time) FROM messages x
                 WHERE x.chat_id = c.id AND COALESCE(x.status, '') != 'REMOVED'), c.created) DESC, c.id"
        ))?;
        let rows = st.query_map([person], ChatRow::from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A chat's members, in join order.
    pub fn members(&self, chat: i64) -> Result<Vec<Member>> {
        let db = self.db();
        let mut st = db.prepare(
            "SELECT person_id, join_time, admin FROM members WHERE chat_id = ?1
             ORDER BY join_time, person_id",
        )?;
        let rows = st.query_map([chat], |r| {
            Ok(Member {
                person_id: r.get(0)?,
                join_time: r.get(1)?,
                admin: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A person's membership in a chat.
    pub fn membership(&self, chat: i64, person: i64) -> Result<Option<Member>> {
        let db = self.db();
        Ok(db
            .query_row(
                "SELECT person_id, join_time, admin FROM members WHERE chat_id = ?1 AND person_id = ?2",
                params![chat, person],
                |r| Ok(Member { person_id: r.get(0)?, join_time: r.get(1)?, admin: r.get(2)? }),
            )
            .optional()?)
    }

    /// Marks a chat changed at `t`.
    pub fn touch_chat(&self, chat: i64, t: i64) -> Result<()> {
        self.db().execute(
            "UPDATE chats SET modified = MAX(modified, ?2) WHERE id = ?1",
            params![chat, t],
        )?;
        Ok(())
    }

    /// Pins (or with `None` unpins) a message.
    pub fn set_pinned(&self, chat: i64, message: Option<i64>) -> Result<()> {
        let t = self.now();
        self.db().execute(
            "UPDATE chats SET pinned_message = ?2, modified = ?3 WHERE id = ?1",
            params![chat, message, t],
        )?;
        Ok(())
    }

    /// The dialog between two people, created on first use. `None` when the id `a XOR b`
    /// is already taken by a chat that is not their dialog.
    pub fn dialog(&self, a: i64, b: i64) -> Result<Option<ChatRow>> {
        let id = a ^ b;
        if let Some(chat) = self.chat(id)? {
            let ok = chat.kind == "DIALOG"
                && self.membership(id, a)?.is_some()
                && self.membership(id, b)?.is_some();
            return Ok(ok.then_some(chat));
        }
        let now = self.now();
        let row = ChatRow {
            id,
            kind: "DIALOG".into(),
            title: None,
            description: None,
            owner: a,
            access: "PRIVATE".into(),
            created: now,
            modified: now,
            pinned: None,
            link: None,
        };
        self.transaction(|tx| {
            insert_chat(tx, &row)?;
            insert_member(tx, id, a, now, false)?;
            insert_member(tx, id, b, now, false)
        })?;
        Ok(Some(row))
    }

    /// Creates a group chat owned by `owner` with `members`.
    pub fn create_group(
        &self,
        owner: i64,
        title: &str,
        kind: &str,
        members: &[i64],
    ) -> Result<ChatRow> {
        let now = self.now();
        let id: i64 = self.db().query_row(
            "SELECT MIN(0, COALESCE(MIN(id), 0)) - 1 FROM chats WHERE id < 0",
            [],
            |r| r.get(0),
        )?;
        let row = ChatRow {
            id,
            kind: kind.into(),
            title: Some(title.into()),
            description: None,
            owner,
            access: "PRIVATE".into(),
            created: now,
            modified: now,
            pinned: None,
            link: Some(format!(
                "https://max.ru/join/{}",
                uuid::Uuid::new_v4().simple()
            )),
        };
        self.transaction(|tx| {
            insert_chat(tx, &row)?;
            insert_member(tx, id, owner, now, true)?;
            for m in members {
                insert_member(tx, id, *m, now, false)?;
            }
            Ok(())
        })?;
        Ok(row)
    }

    /// The people who share at least one chat with `person` (their contacts).
    pub fn contacts_of(&self, person: i64) -> Result<Vec<i64>> {
        let db = self.db();
        let mut st = db.prepare(
            "SELECT DISTINCT b.person_id FROM members a JOIN members b ON a.chat_id = b.chat_id
             WHERE a.person_id = ?1 AND b.person_id != ?1 ORDER BY b.person_id",
        )?;
        let rows = st.query_map([person], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Store {
    /// Adds people to a chat; returns those who were not members yet.
    pub fn add_members(&self, chat: i64, people: &[i64]) -> Result<Vec<i64>> {
        let now = self.now();
        let db = self.db();
        let mut added = Vec::new();
        for p in people {
            let n = db.execute(
                "INSERT OR IGNORE INTO members (chat_id, person_id, join_time, admin)
                 VALUES (?1, ?2, ?3, 0)",
                params![chat, p, now],
            )?;
            if n > 0 {
                added.push(*p);
            }
        }
        db.execute(
            "UPDATE chats SET modified = MAX(modified, ?2) WHERE id = ?1",
            params![chat, now],
        )?;
        Ok(added)
    }

    /// Removes people from a chat; returns those who were members.
    pub fn remove_members(&self, chat: i64, people: &[i64]) -> Result<Vec<i64>> {
        let now = self.now();
        let db = self.db();
        let mut removed = Vec::new();
        for p in people {
            let n = db.execute(
                "DELETE FROM members WHERE chat_id = ?1 AND person_id = ?2",
                params![chat, p],
            )?;
            if n > 0 {
                removed.push(*p);
            }
        }
        db.execute(
            "UPDATE chats SET modified = MAX(modified, ?2) WHERE id = ?1",
            params![chat, now],
        )?;
        Ok(removed)
    }

    /// Changes a chat's title and/or description.
    pub fn update_chat_info(
        &self,
        chat: i64,
        title: Option<&str>,
        description: Option<&str>,
    ) -> Result<()> {
        let now = self.now();
        self.db().execute(
            "UPDATE chats SET title = COALESCE(?2, title), description = COALESCE(?3, description),
             modified = MAX(modified, ?4) WHERE id = ?1",
            params![chat, title, description, now],
        )?;
        Ok(())
    }
}
