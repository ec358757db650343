//! What the person chose (stored by the shell per account) and the local clock it is read
//! against.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::model::ChatId;

const MINUTES_PER_DAY: u16 = 24 * 60;
const MS_PER_DAY: i64 = 86_400_000;

/// A moment as the person's wall clock shows it: the instant and the local UTC offset at that
/// instant. The shell builds it from the OS time zone (e.g. `chrono::Local::now()`:
/// `LocalTime::new(now.timestamp_millis(), now.offset().local_minus_utc())`); tests pass any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalTime {
    /// Milliseconds since the Unix epoch (UTC).
    pub unix_ms: i64,
    /// The local offset from UTC in seconds (Moscow: `3 * 3600`), DST included.
    pub utc_offset_s: i32,
}

impl LocalTime {
    /// The instant `unix_ms` in a zone `utc_offset_s` seconds ahead of UTC.
    pub fn new(unix_ms: i64, utc_offset_s: i32) -> Self {
        LocalTime {
            unix_ms,
            utc_offset_s,
        }
    }

    fn local_ms(self) -> i64 {
        self.unix_ms
            .saturating_add(i64::from(self.utc_offset_s) * 1000)
    }

    /// Minutes since local midnight, `0..1440`.
    pub fn minute_of_day(self) -> u16 {
        (self.local_ms().rem_euclid(MS_PER_DAY) / 60_000) as u16
    }

    /// The local day of the week, Monday = 0 … Sunday = 6.
    pub fn weekday(self) -> u8 {
        // 1970-01-01 was a Thursday (3 counting from Monday = 0).
        (self.local_ms().div_euclid(MS_PER_DAY) + 3).rem_euclid(7) as u8
    }

    /// Saturday or Sunday, locally.
    pub fn is_weekend(self) -> bool {
        self.weekday() >= 5
    }
}

/// When notifications stay quiet: every day from `from` to `to` (minutes since local midnight;
/// `from > to` spans midnight, `from == to` is no nightly window), and all of Saturday and
/// Sunday when `weekends` is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuietHours {
    /// Start, minutes since midnight (20:00 is 1200).
    pub from: u16,
    /// End, minutes since midnight, exclusive (08:00 is 480).
    pub to: u16,
    /// All of Saturday and Sunday too.
    pub weekends: bool,
}

impl QuietHours {
    /// From `from` to `to` (hour, minute), and weekends if asked.
    pub fn new(from: (u16, u16), to: (u16, u16), weekends: bool) -> Self {
        QuietHours {
            from: from.0 * 60 + from.1,
            to: to.0 * 60 + to.1,
            weekends,
        }
    }

    /// Whether a pop-up may be shown at `now` (false inside the quiet window).
    pub fn allows(&self, now: LocalTime) -> bool {
        if self.weekends && now.is_weekend() {
            return false;
        }
        // Stored values are not trusted: 1500 reads as 01:00.
        let (from, to) = (self.from % MINUTES_PER_DAY, self.to % MINUTES_PER_DAY);
        let minute = now.minute_of_day();
        let quiet = if from <= to {
            from <= minute && minute < to
        } else {
            minute >= from || minute < to
        };
        !quiet
    }
}

/// The person's notification choices for one account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NotificationSettings {
    /// Pop-ups at all.
    pub enabled: bool,
    /// No message text in pop-ups, only «Новое сообщение» (a shared PC, a projector).
    pub privacy_mode: bool,
    /// When to stay quiet; `None` never.
    pub quiet_hours: Option<QuietHours>,
    /// Chats that always notify, through quiet hours and mute (the school administration's
    /// channel).
    pub exceptions: BTreeSet<ChatId>,
}

impl NotificationSettings {
    /// A parent's or student's start: everything on, no quiet hours.
    pub fn for_parent() -> Self {
        NotificationSettings {
            enabled: true,
            privacy_mode: false,
            quiet_hours: None,
            exceptions: BTreeSet::new(),
        }
    }

    /// What Парта suggests to a teacher: quiet from 20:00 to 08:00 and at weekends.
    pub fn suggested_for_teacher() -> Self {
        NotificationSettings {
            quiet_hours: Some(QuietHours::new((20, 0), (8, 0), true)),
            ..Self::for_parent()
        }
    }

    /// Whether quiet hours allow a pop-up at `now` (always, without quiet hours).
    pub fn quiet_hours_allow(&self, now: LocalTime) -> bool {
        self.quiet_hours.is_none_or(|quiet| quiet.allows(now))
    }
}

impl Default for NotificationSettings {
    fn default() -> Self {
        Self::for_parent()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    const MSK: i32 = 3 * 3600;

    /// 2026-11-23 (a Monday) 00:00 in Moscow, as UTC ms.
    pub(crate) const MONDAY_MSK_MIDNIGHT: i64 = 1_795_381_200_000;

    /// Moscow time on the week of 2026-11-23: `day` 0 = Monday.
    pub(crate) fn msk(day: i64, hour: i64, minute: i64) -> LocalTime {
        LocalTime::new(
            MONDAY_MSK_MIDNIGHT + ((day * 24 + hour) * 60 + minute) * 60_000,
            MSK,
        )
    }

    #[test]
    fn local_time_reads_the_wall_clock_in_the_given_zone() {
        let monday = msk(0, 0, 0);
        assert_eq!((monday.weekday(), monday.minute_of_day()), (0, 0));
        // The same instant is still Sunday 21:00 in UTC.
        let utc = LocalTime::new(monday.unix_ms, 0);
        assert_eq!((utc.weekday(), utc.minute_of_day()), (6, 21 * 60));
        // Far east (Vladivostok, +10): already Monday 07:00.
        let vladivostok = LocalTime::new(monday.unix_ms, 10 * 3600);
        assert_eq!(vladivostok.minute_of_day(), 7 * 60);
        assert!(msk(5, 12, 0).is_weekend() && msk(6, 23, 59).is_weekend());
        assert!(!msk(4, 23, 59).is_weekend());
        // Before the epoch and at the extremes, nothing panics.
        assert_eq!(LocalTime::new(-1, 0).minute_of_day(), 1439);
        assert_eq!(LocalTime::new(-1, 0).weekday(), 2);
        let _ = LocalTime::new(i64::MAX, i32::MAX).weekday();
        let _ = LocalTime::new(i64::MIN, i32::MIN).minute_of_day();
    }

    #[test]
    fn quiet_hours_span_midnight() {
        let quiet = QuietHours::new((20, 0), (8, 0), false);
        assert!(quiet.allows(msk(1, 19, 59)));
        assert!(!quiet.allows(msk(1, 20, 0)));
        assert!(!quiet.allows(msk(1, 23, 59)));
        assert!(!quiet.allows(msk(2, 0, 0)));
        assert!(!quiet.allows(msk(2, 7, 59)));
        assert!(quiet.allows(msk(2, 8, 0)));
        assert!(quiet.allows(msk(2, 13, 0)));
    }

    #[test]
    fn quiet_hours_within_a_day_and_empty_windows() {
        let lunch = QuietHours::new((13, 0), (14, 0), false);
        assert!(lunch.allows(msk(0, 12, 59)));
        assert!(!lunch.allows(msk(0, 13, 30)));
        assert!(lunch.allows(msk(0, 14, 0)));
        let never = QuietHours::new((9, 0), (9, 0), false);
        assert!(never.allows(msk(0, 9, 0)));
        // Out-of-range stored minutes wrap instead of silencing everything.
        let odd = QuietHours {
            from: 1500,
            to: 1560,
            weekends: false,
        };
        assert!(!odd.allows(msk(0, 1, 30)));
        assert!(odd.allows(msk(0, 12, 0)));
    }

    #[test]
    fn weekends_are_quiet_all_day_and_only_when_asked() {
        let teacher = NotificationSettings::suggested_for_teacher();
        // Friday afternoon rings, Friday evening through Monday 08:00 does not.
        assert!(teacher.quiet_hours_allow(msk(4, 15, 0)));
        assert!(!teacher.quiet_hours_allow(msk(4, 21, 0)));
        assert!(!teacher.quiet_hours_allow(msk(5, 12, 0)));
        assert!(!teacher.quiet_hours_allow(msk(6, 12, 0)));
        assert!(!teacher.quiet_hours_allow(msk(7, 7, 0)));
        assert!(teacher.quiet_hours_allow(msk(7, 8, 0)));
        let nights_only = QuietHours::new((20, 0), (8, 0), false);
        assert!(nights_only.allows(msk(5, 12, 0)));
    }

    #[test]
    fn presets_and_stored_form() {
        let parent = NotificationSettings::for_parent();
        assert!(parent.enabled && !parent.privacy_mode && parent.quiet_hours.is_none());
        assert!(parent.quiet_hours_allow(msk(6, 23, 0)));
        assert_eq!(NotificationSettings::default(), parent);
        let teacher = NotificationSettings::suggested_for_teacher();
        assert_eq!(
            teacher.quiet_hours,
            Some(QuietHours {
                from: 1200,
                to: 480,
                weekends: true
            })
        );
        let mut stored = teacher.clone();
        stored.exceptions.insert(ChatId(-77));
        let json = serde_json::to_string(&stored).unwrap();
        assert_eq!(
            serde_json::from_str::<NotificationSettings>(&json).unwrap(),
            stored
        );
        // Settings saved by an older build (fields missing) read with defaults.
        let old: NotificationSettings = serde_json::from_str(r#"{"privacy_mode":true}"#).unwrap();
        assert!(old.enabled && old.privacy_mode && old.quiet_hours.is_none());
    }
}
