//! Calendar days as plain integers.
//!
//! Every date in the engine is a [`Day`]: whole days since 0001-01-01 (chrono's
//! `num_days_from_ce`). Date arithmetic in SPEC.md is all "plus N calendar days", so an
//! integer is both faster and harder to get wrong than carrying `NaiveDate` through the
//! planner; conversion happens only at the edges (loading and reporting).

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Serialize, Serializer};
use std::fmt;
use std::ops::{Add, Sub};

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Day(pub i32);

impl Day {
    pub fn from_date(date: NaiveDate) -> Day {
        Day(date.num_days_from_ce())
    }

    pub fn date(self) -> NaiveDate {
        // Every Day comes from a valid NaiveDate plus bounded day counts (≤ 100000 each),
        // so it stays far inside chrono's range.
        NaiveDate::from_num_days_from_ce_opt(self.0).unwrap_or(NaiveDate::MAX)
    }

    /// Parses `YYYY-MM-DD` strictly.
    pub fn parse(s: &str) -> Option<Day> {
        NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .ok()
            .map(Day::from_date)
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
}
