//! People and their sign-in tokens.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::Store;
use crate::error::Result;

/// A person of the demo school.
#[derive(Debug, Clone)]
pub struct Person {
    /// MAX user id.
    pub id: i64,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// "teacher" | "student" | "parent" | "admin".
    pub role: String,
    /// Phone number, `+7…`.
    pub phone: String,
    /// Profile description (class, subject).
    pub description: Option<String>,
    /// Cloud password (QR sign-in then asks for it with 115).
    pub password: Option<String>,
    /// Hint shown with the password challenge.
    pub password_hint: Option<String>,
    /// Last profile change.
    pub updated: i64,
}

impl Person {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<Person> {
        Ok(Person {
            id: r.get(0)?,
            first_name: r.get(1)?,
            last_name: r.get(2)?,
            role: r.get(3)?,
            phone: r.get(4)?,
            description: r.get(5)?,
            password: r.get(6)?,
            password_hint: r.get(7)?,
            updated: r.get(8)?,
        })
    }

    /// "First Last".
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

const PERSON_COLS: &str =
    "id, first_name, last_name, role, phone, description, password, password_hint, updated";

/// A token as stored.
#[derive(Debug, Clone)]
pub struct TokenRow {
    /// The token.
    pub token: String,
    /// Whose it is.
    pub person_id: i64,
    /// The deviceId it is bound to.
    pub device_id: String,
    /// When it was issued.
    pub created: i64,
    /// Whether it is a fixed demo token.
    pub demo: bool,
    /// Whether it was revoked (logout, sessions close, control API).
    pub revoked: bool,
}

/// Inserts a person (seed loader).
pub fn insert_person(conn: &Connection, p: &Person) -> Result<()> {
    conn.execute(
        &format!("INSERT INTO people ({PERSON_COLS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"),
        params![
            p.id,
            p.first_name,
            p.last_name,
            p.role,
            p.phone,
            p.description,
            p.password,
            p.password_hint,
            p.updated
        ],
    )?;
    Ok(())
}

/// Inserts a token (seed loader and sign-in).
pub fn insert_token(
    conn: &Connection,
    token: &str,
    person: i64,
    device: &str,
    now: i64,
    demo: bool,
) -> Result<()> {
    conn.execute(
        "INSERT INTO tokens (token, person_id, device_id, created, demo) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![token, person, device, now, demo],
    )?;
    Ok(())
}

impl Store {
    /// Every person, by id.
    pub fn people(&self) -> Result<Vec<Person>> {
        let db = self.db();
        let mut st = db.prepare(&format!("SELECT {PERSON_COLS} FROM people ORDER BY id"))?;
        let rows = st.query_map([], Person::from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One person.
    pub fn person(&self, id: i64) -> Result<Option<Person>> {
        let db = self.db();
        Ok(db
            .query_row(
                &format!("SELECT {PERSON_COLS} FROM people WHERE id = ?1"),
                [id],
                Person::from_row,
            )
            .optional()?)
    }

    /// Looks a token up.
    pub fn token(&self, token: &str) -> Result<Option<TokenRow>> {
        let db = self.db();
        Ok(db
            .query_row(
                "SELECT token, person_id, device_id, created, demo, revoked FROM tokens WHERE token = ?1",
                [token],
                |r| {
                    Ok(TokenRow {
                        token: r.get(0)?,
                        person_id: r.get(1)?,
                        device_id: r.get(2)?,
                        created: r.get(3)?,
                        demo: r.get(4)?,
                        revoked: r.get(5)?,
                    })
                },
            )
            .optional()?)
    }

    /// Live tokens of a person, newest first.
    pub fn tokens_of(&self, person: i64) -> Result<Vec<TokenRow>> {
        let db = self.db();
        let mut st = db.prepare(
            "SELECT token, person_id, device_id, created, demo, revoked FROM tokens
             WHERE person_id = ?1 AND revoked = 0 ORDER BY created DESC",
        )?;
        let rows = st.query_map([person], |r| {
            Ok(TokenRow {
                token: r.get(0)?,
                person_id: r.get(1)?,
                device_id: r.get(2)?,
                created: r.get(3)?,
                demo: r.get(4)?,
                revoked: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The person's fixed demo token and deviceId.
    pub fn demo_token(&self, person: i64) -> Result<Option<(String, String)>> {
        let db = self.db();
        Ok(db
            .query_row(
                "SELECT token, device_id FROM tokens WHERE person_id = ?1 AND demo = 1
                 ORDER BY created LIMIT 1",
                [person],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// Issues a new token bound to `device`.
    pub fn issue_token(&self, person: i64, device: &str) -> Result<String> {
        let token = format!("sbx-{}", uuid::Uuid::new_v4().simple());
        let now = self.now();
        insert_token(&self.db(), &token, person, device, now, false)?;
        Ok(token)
    }

    /// Revokes one token.
    pub fn revoke_token(&self, token: &str) -> Result<bool> {
        let n = self
            .db()
            .execute("UPDATE tokens SET revoked = 1 WHERE token = ?1", [token])?;
        Ok(n > 0)
    }

    /// Revokes every token of a person (optionally keeping one). Returns the revoked tokens.
    pub fn revoke_tokens_of(&self, person: i64, keep: Option<&str>) -> Result<Vec<String>> {
        let db = self.db();
        let mut st = db.prepare("SELECT token FROM tokens WHERE person_id = ?1 AND revoked = 0")?;
        let tokens: Vec<String> = st
            .query_map([person], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?
            .into_iter()
            .filter(|t| Some(t.as_str()) != keep)
            .collect();
        for t in &tokens {
            db.execute("UPDATE tokens SET revoked = 1 WHERE token = ?1", [t])?;
        }
        Ok(tokens)
    }

    /// Restores a person's demo token (control API, after a revoke test).
    pub fn restore_demo_tokens(&self, person: i64) -> Result<()> {
        self.db().execute(
            "UPDATE tokens SET revoked = 0 WHERE person_id = ?1 AND demo = 1",
            [person],
        )?;
        Ok(())
    }
}
