//! MAX objects (User, Chat, Message) built from stored rows.
//!
//! Photo URLs depend on the HTTP port of this run, so attachments are stored without them and
//! completed here.

use serde_json::{Map, Value, json};

use super::{ChatRow, MessageRow, Person, Store};
use crate::error::Result;

impl Person {
    /// The MAX User object.
    pub fn to_max(&self) -> Value {
        let phone: Value = self
            .phone
            .trim_start_matches('+')
            .parse::<i64>()
            .map_or_else(|_| Value::from(self.phone.clone()), Value::from);
        json!({
            "id": self.id,
            "names": [{
                "name": self.full_name(),
                "firstName": self.first_name,
                "lastName": self.last_name,
                "type": "ONEME",
            }],
            "phone": phone,
            "accountStatus": 0,
            "updateTime": self.updated,
            "options": [],
            "description": self.description,
            "baseUrl": Value::Null,
        })
    }
}

/// Completes stored attachments for the wire (photo URLs).
pub fn render_attaches(attaches: &Value, http: &str) -> Value {
    let Some(items) = attaches.as_array() else {
        return Value::Array(vec![]);
    };
    Value::Array(
        items
            .iter()
            .map(|a| {
                let mut a = a.clone();
                if a["_type"] == "PHOTO"
                    && let (Some(id), Some(obj)) = (a["photoId"].as_i64(), a.as_object_mut())
                {
                    let url = format!("{http}/photos/{id}");
                    obj.insert("baseUrl".into(), Value::from(url));
                }
                a
            })
            .collect(),
    )
}

impl MessageRow {
    /// The MAX Message object.
    pub fn to_max(&self, http: &str) -> Value {
        let mut m = Map::new();
        m.insert("id".into(), Value::from(self.id.to_string()));
        m.insert("sender".into(), Value::from(self.sender));
        m.insert("text".into(), Value::from(self.text.clone()));
        m.insert("time".into(), Value::from(self.time));
        m.insert("type".into(), Value::from(self.kind.clone()));
        if let Some(cid) = self.cid {
            m.insert("cid".into(), Value::from(cid));
        }
        m.insert("attaches".into(), render_attaches(&self.attaches, http));
        m.insert("elements".into(), self.elements.clone());
        if let Some(s) = &self.status {
            m.insert("status".into(), Value::from(s.clone()));
        }
        if let Some(t) = self.update_time {
            m.insert("updateTime".into(), Value::from(t));
        }
        if let Some(link) = &self.link {
            m.insert("link".into(), link.clone());
        }
        Value::Object(m)
    }
}

impl Store {
    /// The MAX Chat object as `viewer` sees it (`newMessages` is their unread count).
    pub fn chat_to_max(&self, chat: &ChatRow, viewer: Option<i64>, http: &str) -> Result<Value> {
        let members = self.members(chat.id)?;
        let participants: Map<String, Value> = members
            .iter()
            .map(|m| (m.person_id.to_string(), Value::from(m.join_time)))
            .collect();
        let admins: Vec<i64> = members
            .iter()
            .filter(|m| m.admin)
            .map(|m| m.person_id)
            .collect();
        let admin_participants: Map<String, Value> = admins
            .iter()
            .map(|a| (a.to_string(), json!({"permissions": 255})))
            .collect();
        let last = self.last_message(chat.id)?;
        let pinned = match chat.pinned {
            Some(id) => self
                .message(chat.id, id)?
                .filter(|m| m.status.as_deref() != Some("REMOVED")),
            None => None,
        };
        let unread = match viewer {
            Some(v) => self.unread(chat.id, v)?,
            None => 0,
        };
        let last_event = last.as_ref().map_or(chat.created, |m| m.time);
        let mut obj = json!({
            "id": chat.id,
            "cid": chat.id,
            "type": chat.kind,
            "status": "ACTIVE",
            "owner": chat.owner,
            "participants": participants,
            "participantsCount": members.len(),
            "access": chat.access,
            "created": chat.created,
            "modified": chat.modified,
            "lastEventTime": last_event,
            "lastMessage": last.as_ref().map(|m| m.to_max(http)),
            "newMessages": unread,
            "messagesCount": self.message_count(chat.id)?,
            "admins": admins,
            "adminParticipants": admin_participants,
            "options": {},
            "baseIconUrl": Value::Null,
        });
        if let Some(o) = obj.as_object_mut() {
            if chat.kind != "DIALOG" {
                o.insert(
                    "title".into(),
                    Value::from(chat.title.clone().unwrap_or_default()),
                );
                o.insert(
                    "description".into(),
                    Value::from(chat.description.clone().unwrap_or_default()),
                );
            }
            if let Some(link) = &chat.link {
                o.insert("link".into(), Value::from(link.clone()));
            }
            if let Some(p) = pinned {
                o.insert("pinnedMessage".into(), p.to_max(http));
            }
        }
        Ok(obj)
    }
}
