use serde::{Deserialize, Serialize};

use super::PersonId;

/// Someone who writes or reads: a teacher, a parent, a student.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    /// Platform id.
    pub id: PersonId,
    /// The name to show.
    pub name: String,
    /// The avatar's URL, if any.
    pub avatar_url: Option<String>,
    /// The user object the platform returned.
    pub raw_json: String,
}
