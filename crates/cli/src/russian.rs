//! Russian wording: plural forms and dates as a person reads them.
//!
//! Dates are shown in the machine's local time zone, relative to today: «сегодня, 14:05»,
//! «вчера, 09:30», «12 марта, 14:05» this year, «12 марта 2024, 14:05» before.

use chrono::{DateTime, Datelike, Local, NaiveDate, TimeZone, Timelike};

/// Month names in the genitive («12 марта»), as the diary writes them.
use parta_core::diary::dates::MONTHS_GENITIVE as MONTHS;
/// Picks the form for `n`: `one` (1, 21, 101…), `few` (2–4, 22–24…) or `many` (0, 5–20, 25…).
pub use parta_core::notify::plural;

/// `n` with its word: «1 сообщение», «3 сообщения», «11 сообщений».
pub fn count(n: u64, one: &str, few: &str, many: &str) -> String {
    format!("{n} {}", plural(n, one, few, many))
}

/// «3 непрочитанных сообщения».
pub fn unread(n: u64) -> String {
    count(
        n,
        "непрочитанное сообщение",
        "непрочитанных сообщения",
        "непрочитанных сообщений",
    )
}

/// «5 сообщений».
pub fn messages(n: u64) -> String {
    count(n, "сообщение", "сообщения", "сообщений")
}

/// A message time (ms since the epoch) in local time, relative to now.
pub fn message_time(time_ms: i64) -> String {
    message_time_at(time_ms, Local::now())
}

/// [`message_time`] relative to `now`, for tests.
pub fn message_time_at<Tz: TimeZone>(time_ms: i64, now: DateTime<Tz>) -> String {
    let zone = now.timezone();
    let Some(time) = zone.timestamp_millis_opt(time_ms).single() else {
        return "время неизвестно".into();
    };
    let clock = format!("{:02}:{:02}", time.hour(), time.minute());
    let day = time.date_naive();
    let today = now.date_naive();
    if day == today {
        format!("сегодня, {clock}")
    } else if today.pred_opt() == Some(day) {
        format!("вчера, {clock}")
    } else if day.year() == today.year() {
        format!("{}, {clock}", day_month(day))
    } else {
        format!("{} {}, {clock}", day_month(day), day.year())
    }
}

fn day_month(day: NaiveDate) -> String {
    format!("{} {}", day.day(), MONTHS[day.month0() as usize])
}

#[cfg(test)]
mod tests {
    use chrono::{FixedOffset, Utc};

    use super::*;

    #[test]
    fn plural_forms_follow_russian_rules() {
        let forms = |n| plural(n, "сообщение", "сообщения", "сообщений");
        assert_eq!(forms(1), "сообщение");
        assert_eq!(forms(21), "сообщение");
        assert_eq!(forms(3), "сообщения");
        assert_eq!(forms(24), "сообщения");
        assert_eq!(forms(0), "сообщений");
        assert_eq!(forms(11), "сообщений");
        assert_eq!(forms(12), "сообщений");
        assert_eq!(forms(114), "сообщений");
        assert_eq!(unread(2), "2 непрочитанных сообщения");
        assert_eq!(unread(1), "1 непрочитанное сообщение");
    }

    #[test]
    fn dates_are_relative_to_today() -> Result<(), String> {
        let moscow = FixedOffset::east_opt(3 * 3600).ok_or("offset")?;
        let now = moscow
            .with_ymd_and_hms(2025, 3, 14, 12, 0, 0)
            .single()
            .ok_or("now")?;
        let at = |y, mo, d, h, mi| {
            moscow
                .with_ymd_and_hms(y, mo, d, h, mi, 0)
                .single()
                .map(|t| t.with_timezone(&Utc).timestamp_millis())
                .unwrap_or_default()
        };
        assert_eq!(
            message_time_at(at(2025, 3, 14, 9, 5), now),
            "сегодня, 09:05"
        );
        assert_eq!(
            message_time_at(at(2025, 3, 13, 23, 59), now),
            "вчера, 23:59"
        );
        assert_eq!(
            message_time_at(at(2025, 1, 2, 8, 0), now),
            "2 января, 08:00"
        );
        assert_eq!(
            message_time_at(at(2024, 12, 31, 18, 30), now),
            "31 декабря 2024, 18:30"
        );
        Ok(())
    }
}
