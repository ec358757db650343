//! Calendar arithmetic for the diary: ISO dates (`YYYY-MM-DD`), the X1 journal's
//! `DD.MM.YYYY`, weeks named by their Monday, and Russian day names.
//!
//! Design: dates are plain strings in the model, so this module converts them to a day number
//! (days since 1970-01-01, proleptic Gregorian, Howard Hinnant's civil-date algorithm) and back;
//! no time zones are involved. Anything unreadable gives `None`, never a panic.

/// Month names in the genitive («7 декабря»).
pub const MONTHS_GENITIVE: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];

/// English month names («7 December»).
const MONTHS_ENGLISH: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Weekday names, Monday first.
const WEEKDAYS: [&str; 7] = [
    "Понедельник",
    "Вторник",
    "Среда",
    "Четверг",
    "Пятница",
    "Суббота",
    "Воскресенье",
];

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day {
    /// The year.
    pub year: i32,
    /// 1–12.
    pub month: u32,
    /// 1–31.
    pub day: u32,
}

impl Day {
    /// A valid day, or `None` (30 February).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Day> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        if !(1..=9999).contains(&year) {
            return None;
        }
        Some(Day { year, month, day })
    }

    /// Reads `YYYY-MM-DD`.
    pub fn parse_iso(text: &str) -> Option<Day> {
        let mut parts = text.trim().splitn(3, '-');
        let year = parse_number(parts.next()?, 4)?;
        let month = parse_number(parts.next()?, 2)?;
        let day = parse_number(parts.next()?, 2)?;
        Day::new(year as i32, month, day)
    }

    /// Reads the X1 journal's `DD.MM.YYYY`.
    pub fn parse_x1(text: &str) -> Option<Day> {
        let mut parts = text.trim().splitn(3, '.');
        let day = parse_number(parts.next()?, 2)?;
        let month = parse_number(parts.next()?, 2)?;
        let year = parse_number(parts.next()?, 4)?;
        Day::new(year as i32, month, day)
    }

    /// `YYYY-MM-DD`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `DD.MM.YYYY`, as the X1 journal takes dates.
    pub fn x1(self) -> String {
        format!("{:02}.{:02}.{:04}", self.day, self.month, self.year)
    }

    /// Days since 1970-01-01.
    pub fn day_number(self) -> i64 {
        let year = i64::from(self.year) - i64::from(self.month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let month = i64::from(self.month);
        let day_of_year =
            (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    /// The day with that number (days since 1970-01-01).
    pub fn from_day_number(number: i64) -> Day {
        let z = number + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z - era * 146_097;
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let mp = (5 * day_of_year + 2) / 153;
        let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        Day {
            year: year as i32,
            month,
            day,
        }
    }

    /// `days` later (or earlier when negative).
    pub fn plus_days(self, days: i64) -> Day {
        Day::from_day_number(self.day_number() + days)
    }

    /// 0 for Monday … 6 for Sunday.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (3).
        (self.day_number() + 3).rem_euclid(7) as u32
    }

    /// The Monday of this day's week.
    pub fn monday(self) -> Day {
        self.plus_days(-i64::from(self.weekday()))
    }

    /// «7 декабря».
    pub fn russian_day_month(self) -> String {
        format!("{} {}", self.day, MONTHS_GENITIVE[self.month as usize - 1])
    }

    /// «7 December».
    pub fn english_day_month(self) -> String {
        format!("{} {}", self.day, MONTHS_ENGLISH[self.month as usize - 1])
    }

    /// «Понедельник».
    pub fn russian_weekday(self) -> &'static str {
        WEEKDAYS[self.weekday() as usize]
    }
}

fn parse_number(text: &str, max_digits: usize) -> Option<u32> {
    if text.is_empty() || text.len() > max_digits || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The Monday of the week holding `date` (`YYYY-MM-DD`): `monday_of("2026-12-09")` is
/// `"2026-12-07"`.
pub fn monday_of(date: &str) -> Option<String> {
    Day::parse_iso(date).map(|day| day.monday().iso())
}

/// `date` moved by `weeks` weeks.
pub fn add_weeks(date: &str, weeks: i64) -> Option<String> {
    add_days(date, weeks * 7)
}

/// `date` moved by `days` days.
pub fn add_days(date: &str, days: i64) -> Option<String> {
    Day::parse_iso(date).map(|day| day.plus_days(days).iso())
}

/// `YYYY-MM-DD` → `DD.MM.YYYY`.
pub fn iso_to_x1(date: &str) -> Option<String> {
    Day::parse_iso(date).map(Day::x1)
}

/// `DD.MM.YYYY` → `YYYY-MM-DD`.
pub fn x1_to_iso(date: &str) -> Option<String> {
    Day::parse_x1(date).map(Day::iso)
}

/// The date of an X1 day key such as `"07.12. Понедельник"` (day and month only) in the week
/// requested for `requested` (`YYYY-MM-DD`): the year is the one that puts the day nearest to
/// the requested date, so `"02.01."` asked for on 2026-12-31 is 2027-01-02.
pub fn x1_day_key_to_iso(key: &str, requested: &str) -> Option<String> {
    let requested = Day::parse_iso(requested)?;
    let mut parts = key.trim().split(|c: char| c == '.' || c.is_whitespace());
    let day = parse_number(parts.next()?, 2)?;
    let month = parse_number(parts.next()?, 2)?;
    [requested.year - 1, requested.year, requested.year + 1]
        .into_iter()
        .filter_map(|year| Day::new(year, month, day))
        .min_by_key(|candidate| (candidate.day_number() - requested.day_number()).abs())
        .map(Day::iso)
}

/// The date of a moment (ms since the epoch) at a fixed offset from UTC, `YYYY-MM-DD`.
pub fn date_of_ms(time_ms: i64, utc_offset_minutes: i32) -> String {
    let local_ms = time_ms + i64::from(utc_offset_minutes) * 60_000;
    Day::from_day_number(local_ms.div_euclid(86_400_000)).iso()
}

/// «7–12 декабря 2026» for the week from `monday` to its Saturday; across months
/// «30 ноября – 5 декабря 2026», across years «28 декабря 2026 – 2 января 2027».
pub fn russian_week_range(monday: &str) -> Option<String> {
    let first = Day::parse_iso(monday)?;
    let last = first.plus_days(5);
    Some(if first.year != last.year {
        format!(
            "{} {} – {} {}",
            first.russian_day_month(),
            first.year,
            last.russian_day_month(),
            last.year
        )
    } else if first.month != last.month {
        format!(
            "{} – {} {}",
            first.russian_day_month(),
            last.russian_day_month(),
            last.year
        )
    } else {
        format!(
            "{}–{} {} {}",
            first.day,
            last.day,
            MONTHS_GENITIVE[last.month as usize - 1],
            last.year
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn monday_of_a_week() {
        assert_eq!(monday_of("2026-12-09").as_deref(), Some("2026-12-07"));
        assert_eq!(monday_of("2026-12-07").as_deref(), Some("2026-12-07"));
        assert_eq!(monday_of("2026-12-13").as_deref(), Some("2026-12-07"));
    }

    #[test]
    fn weeks_across_new_year() {
        assert_eq!(monday_of("2027-01-01").as_deref(), Some("2026-12-28"));
        assert_eq!(add_weeks("2026-12-28", 1).as_deref(), Some("2027-01-04"));
        assert_eq!(add_weeks("2027-01-04", -1).as_deref(), Some("2026-12-28"));
        assert_eq!(add_days("2028-02-28", 1).as_deref(), Some("2028-02-29"));
        assert_eq!(add_days("2027-02-28", 1).as_deref(), Some("2027-03-01"));
    }

    #[test]
    fn day_keys_take_the_year_of_the_requested_week() {
        assert_eq!(
            x1_day_key_to_iso("02.01. Суббота", "2026-12-31").as_deref(),
            Some("2027-01-02")
        );
        assert_eq!(
            x1_day_key_to_iso("28.12. Понедельник", "2027-01-01").as_deref(),
            Some("2026-12-28")
        );
        assert_eq!(
            x1_day_key_to_iso("07.12. Понедельник", "2026-12-09").as_deref(),
            Some("2026-12-07")
        );
        assert_eq!(x1_day_key_to_iso("31.02.", "2026-02-20"), None);
        assert_eq!(x1_day_key_to_iso("мусор", "2026-02-20"), None);
    }

    #[test]
    fn x1_dates_convert_both_ways() {
        assert_eq!(iso_to_x1("2026-12-07").as_deref(), Some("07.12.2026"));
        assert_eq!(x1_to_iso("07.12.2026").as_deref(), Some("2026-12-07"));
        assert_eq!(x1_to_iso("7.12.2026").as_deref(), Some("2026-12-07"));
        assert_eq!(x1_to_iso("2026-12-07"), None);
        assert_eq!(iso_to_x1("2026-13-01"), None);
        assert_eq!(iso_to_x1(""), None);
        assert_eq!(iso_to_x1("２０２６-01-01"), None);
    }

    #[test]
    fn day_numbers_round_trip() {
        for number in -1000..30_000 {
            let day = Day::from_day_number(number);
            assert_eq!(day.day_number(), number);
            assert_eq!(Day::parse_iso(&day.iso()), Some(day));
        }
        assert_eq!(Day::parse_iso("1970-01-01").map(Day::weekday), Some(3));
    }

    #[test]
    fn russian_names() {
        let day = Day::parse_iso("2026-12-07").expect("valid");
        assert_eq!(day.russian_day_month(), "7 декабря");
        assert_eq!(day.russian_weekday(), "Понедельник");
        assert_eq!(
            russian_week_range("2026-12-07").as_deref(),
            Some("7–12 декабря 2026")
        );
        assert_eq!(
            russian_week_range("2026-11-30").as_deref(),
            Some("30 ноября – 5 декабря 2026")
        );
        assert_eq!(
            russian_week_range("2026-12-28").as_deref(),
            Some("28 декабря 2026 – 2 января 2027")
        );
    }

    #[test]
    fn moments_become_local_dates() {
        // 2026-12-06 20:00 UTC is already the 7th in Orenburg (UTC+5).
        let ms =
            Day::parse_iso("2026-12-06").expect("valid").day_number() * 86_400_000 + 20 * 3_600_000;
        assert_eq!(date_of_ms(ms, 0), "2026-12-06");
        assert_eq!(date_of_ms(ms, 300), "2026-12-07");
    }
}
