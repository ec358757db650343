//! Dates and the school year 2026/27.
//!
//! The sandbox has no date library: a [`Day`] is a day number (days since 1970-01-01) with the
//! civil conversions of H. Hinnant's algorithm. The school year runs 01.09.2026–31.05.2027 in
//! four четверти; holidays (каникулы) are fixed; lessons happen Monday to Friday on every day
//! that is inside a четверть and not a holiday. «Today» is the wall clock's date in Moscow.

use crate::store::wall_ms;

/// A calendar day: days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub i64);

/// Russian weekday names, Monday first.
pub const WEEKDAYS: [&str; 7] = [
    "Понедельник",
    "Вторник",
    "Среда",
    "Четверг",
    "Пятница",
    "Суббота",
    "Воскресенье",
];

impl Day {
    /// The day of a civil date (no validation beyond what [`Day::parse_x1`] does).
    pub fn from_ymd(y: i64, m: i64, d: i64) -> Day {
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Day(era * 146_097 + doe - 719_468)
    }

    /// (year, month, day).
    pub fn ymd(self) -> (i64, i64, i64) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        (
            if m <= 2 {
                yoe + era * 400 + 1
            } else {
                yoe + era * 400
            },
            m,
            d,
        )
    }

    /// 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> usize {
        (self.0 + 3).rem_euclid(7) as usize
    }

    /// The Monday of this day's week.
    pub fn monday(self) -> Day {
        Day(self.0 - self.weekday() as i64)
    }

    /// `n` days later (earlier when negative).
    pub fn plus(self, n: i64) -> Day {
        Day(self.0 + n)
    }

    /// Parses the site's `DD.MM.YYYY`.
    pub fn parse_x1(s: &str) -> Option<Day> {
        let mut it = s.trim().split('.');
        let (d, m, y) = (it.next()?, it.next()?, it.next()?);
        if it.next().is_some() {
            return None;
        }
        Day::checked(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    /// Parses ISO `YYYY-MM-DD` (the control API).
    pub fn parse_iso(s: &str) -> Option<Day> {
        let mut it = s.trim().split('-');
        let (y, m, d) = (it.next()?, it.next()?, it.next()?);
        if it.next().is_some() {
            return None;
        }
        Day::checked(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    fn checked(y: i64, m: i64, d: i64) -> Option<Day> {
        if !(1900..=2200).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
            return None;
        }
        let day = Day::from_ymd(y, m, d);
        (day.ymd() == (y, m, d)).then_some(day)
    }

    /// `DD.MM.YYYY`.
    pub fn x1(self) -> String {
        let (y, m, d) = self.ymd();
        format!("{d:02}.{m:02}.{y}")
    }

    /// `YYYY-MM-DD`.
    pub fn iso(self) -> String {
        let (y, m, d) = self.ymd();
        format!("{y}-{m:02}-{d:02}")
    }

    /// The week JSON's day key: `07.12. Понедельник`.
    pub fn diary_key(self) -> String {
        let (_, m, d) = self.ymd();
        format!("{d:02}.{m:02}. {}", WEEKDAYS[self.weekday()])
    }
}

/// Today in Moscow (UTC+3, no daylight saving).
pub fn today() -> Day {
    const MSK: i64 = 3 * 3_600_000;
    Day((wall_ms() + MSK).div_euclid(86_400_000))
}

/// A четверть: name and inclusive bounds.
#[derive(Debug, Clone, Copy)]
pub struct Period {
    /// «1 четверть» …
    pub name: &'static str,
    /// First day.
    pub begin: Day,
    /// Last day.
    pub end: Day,
}

/// The four четверти of 2026/27.
pub fn periods() -> [Period; 4] {
    let p = |name, b: (i64, i64, i64), e: (i64, i64, i64)| Period {
        name,
        begin: Day::from_ymd(b.0, b.1, b.2),
        end: Day::from_ymd(e.0, e.1, e.2),
    };
    [
        p("1 четверть", (2026, 9, 1), (2026, 10, 25)),
        p("2 четверть", (2026, 11, 3), (2026, 12, 28)),
        p("3 четверть", (2027, 1, 12), (2027, 3, 22)),
        p("4 четверть", (2027, 4, 1), (2027, 5, 31)),
    ]
}

/// The четверть containing `day`, if any.
pub fn period_of(day: Day) -> Option<Period> {
    periods()
        .into_iter()
        .find(|p| p.begin <= day && day <= p.end)
}

/// The holidays (inclusive ranges).
fn holidays() -> [(Day, Day); 3] {
    [
        (Day::from_ymd(2026, 10, 26), Day::from_ymd(2026, 11, 3)),
        (Day::from_ymd(2026, 12, 29), Day::from_ymd(2027, 1, 11)),
        (Day::from_ymd(2027, 3, 23), Day::from_ymd(2027, 3, 31)),
    ]
}

/// Whether there are lessons on `day`.
pub fn is_school_day(day: Day) -> bool {
    day.weekday() < 5
        && period_of(day).is_some()
        && !holidays().iter().any(|(b, e)| *b <= day && day <= *e)
}

/// The school days of the week containing `day`.
pub fn school_days_of_week(day: Day) -> Vec<Day> {
    let monday = day.monday();
    (0..7)
        .map(|i| monday.plus(i))
        .filter(|d| is_school_day(*d))
        .collect()
}

/// How many weeks `day` lies after the year's first Monday (31.08.2026); for rotating topics.
pub fn week_index(day: Day) -> i64 {
    (day.monday().0 - Day::from_ymd(2026, 8, 31).0).div_euclid(7)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip_and_weekday() {
        let d = Day::parse_x1("07.12.2026").unwrap_or(Day(0));
        assert_eq!(d.iso(), "2026-12-07");
        assert_eq!(d.weekday(), 0);
        assert_eq!(d.diary_key(), "07.12. Понедельник");
        assert_eq!(Day::parse_iso("2026-12-09").map(Day::monday), Some(d));
        assert_eq!(Day::parse_x1("31.02.2026"), None);
        assert_eq!(Day::parse_x1("garbage"), None);
        for n in -800_000..800_000 {
            let day = Day(n * 37);
            let (y, m, dd) = day.ymd();
            assert_eq!(Day::from_ymd(y, m, dd), day);
        }
    }

    #[test]
    fn holidays_have_no_lessons() {
        let autumn = Day::from_ymd(2026, 10, 28);
        assert!(school_days_of_week(autumn).is_empty());
        assert!(school_days_of_week(Day::from_ymd(2027, 1, 5)).is_empty());
        assert_eq!(school_days_of_week(Day::from_ymd(2026, 12, 9)).len(), 5);
        assert_eq!(school_days_of_week(Day::from_ymd(2026, 12, 30)).len(), 1);
        assert!(school_days_of_week(Day::from_ymd(2027, 7, 14)).is_empty());
    }
}
