//! Calendar days as plain integers.
//!
//! Every date in the engine is a [`Day`]: whole days since 0001-01-01 (chrono's
//! `num_days_from_ce`). Date arithmetic in SPEC.md is all "plus N calendar days", so an
//! integer is both faster and harder to get wrong than carrying `NaiveDate` through the
//! planner; conversion happens only at the edges (loading and reporting).
//!
//! **The date range.** Every date read from outside — file cells, command-line flags,
//! request bodies — must lie in [`Day::FIRST`]..=[`Day::LAST`] (years 1900 to 2999), and
//! every date the service stores is checked to read back (see `serve::writer`). That is
//! what keeps a far-future date from being written in a form (`+10000-03-20`) that no
//! part of promise reads back.

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Serialize, Serializer};
use std::fmt;
use std::ops::{Add, Sub};

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Day(pub i32);

/// Why a text is not a date promise accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateError {
    /// Not an ISO date `YYYY-MM-DD`.
    Malformed,
    /// A real date, outside [`Day::FIRST`]..=[`Day::LAST`].
    OutOfRange,
}

impl DateError {
    /// `expected …, found "text"`: the message of a bad date cell, flag or field.
    pub fn describe(self, found: &str) -> String {
        match self {
            DateError::Malformed => format!("expected a date YYYY-MM-DD, found \"{found}\""),
            DateError::OutOfRange => {
                format!(
                    "expected a date from {} to {}, found \"{found}\"",
                    Day::FIRST,
                    Day::LAST
                )
            }
        }
    }
}

impl Day {
    /// 1900-01-01: the first date promise accepts.
    pub const FIRST: Day = Day(693_596);
    /// 2999-12-31: the last date promise accepts.
    pub const LAST: Day = Day(1_095_362);

    pub fn from_date(date: NaiveDate) -> Day {
        Day(date.num_days_from_ce())
    }

    pub fn date(self) -> NaiveDate {
        // Every Day comes from a valid NaiveDate plus bounded day counts (≤ 100000 each),
        // so it stays far inside chrono's range.
        NaiveDate::from_num_days_from_ce_opt(self.0).unwrap_or(NaiveDate::MAX)
    }

    /// Parses `YYYY-MM-DD` strictly, within the date range.
    pub fn parse(s: &str) -> Option<Day> {
        Day::read(s).ok()
    }

    /// Whether `s` is shaped exactly `YYYY-MM-DD` (digits and two dashes): chrono alone
    /// also takes "2026-3-2" and "+12026-03-02".
    pub fn is_iso(s: &str) -> bool {
        let b = s.as_bytes();
        b.len() == 10
            && b.iter().enumerate().all(|(i, c)| {
                if i == 4 || i == 7 {
                    *c == b'-'
                } else {
                    c.is_ascii_digit()
                }
            })
    }

    /// Parses `YYYY-MM-DD` strictly, saying why a text is not a date promise accepts.
    pub fn read(s: &str) -> Result<Day, DateError> {
        let d = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .map(Day::from_date)
            .map_err(|_| DateError::Malformed)?;
        if d.in_range() {
            Ok(d)
        } else {
            Err(DateError::OutOfRange)
        }
    }

    /// Whether the day is in [`Day::FIRST`]..=[`Day::LAST`].
    pub fn in_range(self) -> bool {
        (Day::FIRST..=Day::LAST).contains(&self)
    }

    /// A date flag of the command line (`--as-of`, `--requested`, `--start`):
    /// `error: --as-of: expected …, found "…"` when it is not a date promise accepts.
    pub fn flag(name: &str, s: &str) -> Result<Day, String> {
        Day::read(s).map_err(|e| format!("error: {name}: {}", e.describe(s)))
    }

    /// Checks a plan's as-of date against today: at most `horizon_days` after today (a
    /// plan of the far future is a typo), and the horizon itself within the date range.
    pub fn as_of_problem(as_of: Day, today: Day, horizon_days: i32) -> Option<String> {
        if as_of.since(today) > horizon_days {
            return Some(format!(
                "expected a date at most the horizon ({horizon_days} days) after today ({today}), found \"{as_of}\""
            ));
        }
        if i64::from(as_of.0) + i64::from(horizon_days) > i64::from(Day::LAST.0) {
            return Some(format!(
                "expected a date whose horizon ({horizon_days} days) ends by {}, found \"{as_of}\"",
                Day::LAST
            ));
        }
        None
    }

    pub fn weekday(self) -> Weekday {
        self.date().weekday()
    }

    /// Whole days from `earlier` to `self` (negative when `self` is earlier).
    pub fn since(self, earlier: Day) -> i32 {
        self.0 - earlier.0
    }
}

impl Add<i32> for Day {
    type Output = Day;
    fn add(self, days: i32) -> Day {
        Day(self.0 + days)
    }
}

impl Sub<i32> for Day {
    type Output = Day;
    fn sub(self, days: i32) -> Day {
        Day(self.0 - days)
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.date().format("%Y-%m-%d"))
    }
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_weekday() {
        let d = Day::parse("2026-03-02").unwrap();
        assert_eq!(d.to_string(), "2026-03-02");
        assert_eq!(d.weekday(), Weekday::Mon);
        assert_eq!((d + 12).to_string(), "2026-03-14");
        assert_eq!((d + 12).since(d), 12);
        assert!(Day::parse("2026-02-30").is_none());
        assert!(Day::parse("02/03/2026").is_none());
    }

    #[test]
    fn the_date_range_is_1900_to_2999() {
        assert_eq!(Day::FIRST.to_string(), "1900-01-01");
        assert_eq!(Day::LAST.to_string(), "2999-12-31");
        assert_eq!(Day::read("2999-12-31"), Ok(Day::LAST));
        assert_eq!(Day::read("1900-01-01"), Ok(Day::FIRST));
        assert_eq!(Day::read("9999-12-31"), Err(DateError::OutOfRange));
        assert_eq!(Day::read("1899-12-31"), Err(DateError::OutOfRange));
        assert_eq!(Day::read("2026-13-01"), Err(DateError::Malformed));
        assert_eq!(
            Day::flag("--as-of", "3000-01-01").unwrap_err(),
            "error: --as-of: expected a date from 1900-01-01 to 2999-12-31, found \"3000-01-01\""
        );
    }

    #[test]
    fn the_as_of_date_is_within_the_horizon_of_today() {
        let today = Day::parse("2026-12-01").unwrap();
        assert_eq!(Day::as_of_problem(today + 7300, today, 7300), None);
        assert_eq!(Day::as_of_problem(today - 20_000, today, 7300), None);
        assert!(Day::as_of_problem(today + 7301, today, 7300).is_some());
        let late = Day::parse("2999-01-01").unwrap();
        assert!(Day::as_of_problem(late, late, 366).is_some());
        assert_eq!(Day::as_of_problem(late, late, 364), None);
    }
}
