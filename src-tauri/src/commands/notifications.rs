//! Notifications from the window's side: which chat it reads (`set_reading`, so that chat never
//! pops up) and the account's choices (`notification_settings`, `set_notification_settings`),
//! kept in the account's prefs file.

use std::collections::BTreeSet;

use parta_core::model::ChatId;
use parta_core::notify::{NotificationSettings, QuietHours};
use serde::{Deserialize, Serialize};
use tauri::State;

use super::chats::parse_id;
use crate::AppError;
use crate::notifications;
use crate::session::AppState;

/// Quiet hours as the window edits them (`QuietHours` in `backend.ts`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuietHoursView {
    /// Start, minutes since local midnight.
    pub from: u16,
    /// End, minutes since local midnight (exclusive).
    pub to: u16,
    /// All of Saturday and Sunday too.
    pub weekends: bool,
}

/// The account's notification choices (`NotificationSettings` in `backend.ts`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NotificationSettingsView {
    /// Pop-ups at all.
    pub enabled: bool,
    /// No message text in pop-ups.
    pub privacy_mode: bool,
    /// When to stay quiet; `null` never.
    pub quiet_hours: Option<QuietHoursView>,
    /// Chats that always notify (ids as strings).
    pub exceptions: Vec<String>,
}

impl From<&NotificationSettings> for NotificationSettingsView {
    fn from(settings: &NotificationSettings) -> Self {
        NotificationSettingsView {
            enabled: settings.enabled,
            privacy_mode: settings.privacy_mode,
            quiet_hours: settings.quiet_hours.map(|quiet| QuietHoursView {
                from: quiet.from,
                to: quiet.to,
                weekends: quiet.weekends,
            }),
            exceptions: settings
                .exceptions
                .iter()
                .map(|chat| chat.0.to_string())
                .collect(),
        }
    }
}

impl NotificationSettingsView {
    /// The core's settings, refusing ids that are not numbers and times past midnight.
    fn to_settings(&self) -> Result<NotificationSettings, AppError> {
        let quiet_hours = match self.quiet_hours {
            Some(quiet) if quiet.from >= 1440 || quiet.to >= 1440 => {
                return Err(AppError::BadId(format!("{}–{}", quiet.from, quiet.to)));
            }
            Some(quiet) => Some(QuietHours {
                from: quiet.from,
                to: quiet.to,
                weekends: quiet.weekends,
            }),
            None => None,
        };
        let exceptions = self
            .exceptions
            .iter()
            .map(|id| parse_id(id).map(ChatId))
            .collect::<Result<BTreeSet<_>, _>>()?;
        Ok(NotificationSettings {
            enabled: self.enabled,
            privacy_mode: self.privacy_mode,
            quiet_hours,
            exceptions,
        })
    }
}

/// The window opened `chat_id` in the chats view, or closed it (`null`).
#[tauri::command]
pub fn set_reading(chat_id: Option<String>) -> Result<(), AppError> {
    let chat = chat_id.as_deref().map(parse_id).transpose()?.map(ChatId);
    notifications::set_reading(chat);
    Ok(())
}

/// The current account's notification choices (a parent's defaults before any were saved).
#[tauri::command(async)]
pub fn notification_settings(
    state: State<'_, AppState>,
) -> Result<NotificationSettingsView, AppError> {
    let session = state.require()?;
    Ok((&session.prefs().notifications).into())
}

/// Saves the current account's notification choices; they apply at once.
#[tauri::command(async)]
pub fn set_notification_settings(
    state: State<'_, AppState>,
    settings: NotificationSettingsView,
) -> Result<NotificationSettingsView, AppError> {
    let session = state.require()?;
    let settings = settings.to_settings()?;
    session.update_prefs(|prefs| prefs.notifications = settings.clone())?;
    notifications::settings_changed();
    Ok((&settings).into())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn settings_round_trip_through_the_window_shape() {
        let mut teacher = NotificationSettings::suggested_for_teacher();
        teacher.exceptions.insert(ChatId(-100000001));
        let view = NotificationSettingsView::from(&teacher);
        assert_eq!(
            serde_json::to_value(&view).unwrap(),
            serde_json::json!({
                "enabled": true,
                "privacyMode": false,
                "quietHours": {"from": 1200, "to": 480, "weekends": true},
                "exceptions": ["-100000001"],
            })
        );
        assert_eq!(view.to_settings().unwrap(), teacher);
        let mut odd = view.clone();
        odd.exceptions.push("x".into());
        assert!(odd.to_settings().is_err());
        let mut late = view;
        late.quiet_hours = Some(QuietHoursView {
            from: 1440,
            to: 0,
            weekends: false,
        });
        assert!(late.to_settings().is_err());
    }
}
