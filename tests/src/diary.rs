//! The diary's part of the harness: the sandbox's e-journal and its control API, and signing a
//! parent in to it the way a person does from a terminal (`parta diary login` with the session
//! cookie, then `parta diary sync`), so the app opens with the diary cached and a session kept.

use serde_json::{Value, json};

use crate::HarnessError;
use crate::sandbox::Sandbox;
use crate::world::World;

/// The demo mother of Морозова Алиса (5 «А») and Морозов Иван (7 «Б»).
pub const DIARY_PARENT_ID: i64 = 51000301;

/// A demo child's journal GUID from their person id.
pub fn child_guid(person_id: i64) -> String {
    format!("D1A70000-0000-4000-8000-0000{person_id:08}")
}

impl Sandbox {
    /// The sandbox's e-journal (standing in for `https://de.edu.orb.ru`).
    pub fn diary_url(&self) -> &str {
        &self.urls.diary
    }

    /// A journal session for `person_id`, as if they signed in: the `PHPSESSID` value.
    pub fn diary_session(&self, person_id: i64) -> Result<String, HarnessError> {
        let answer = self.post("/diary/sessions", json!({ "personId": person_id }))?;
        answer["value"]
            .as_str()
            .map(String::from)
            .ok_or_else(|| HarnessError::Sandbox(format!("/diary/sessions answered {answer}")))
    }

    /// The demo children as the journal knows them (`guid`, `name`, `class`, `parents`).
    pub fn diary_children(&self) -> Result<Vec<Value>, HarnessError> {
        match self.get("/diary/children")? {
            Value::Array(children) => Ok(children),
            other => Err(HarnessError::Sandbox(format!(
                "/diary/children answered {other}"
            ))),
        }
    }
}

impl World {
    /// Signs the world's current account in to the sandbox's e-journal as `person_id` with
    /// `parta diary login --journal … --cookie …`, then fetches the diary with `parta diary
    /// sync`.
    pub fn diary_login(&self, sandbox: &Sandbox, person_id: i64) -> Result<(), HarnessError> {
        let cookie = sandbox.diary_session(person_id)?;
        self.parta(
            sandbox,
            &[
                "diary",
                "login",
                "--journal",
                sandbox.diary_url(),
                "--cookie",
                &cookie,
            ],
        )?;
        self.parta(sandbox, &["diary", "sync"]).map(drop)
    }
}
