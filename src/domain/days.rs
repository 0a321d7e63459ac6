//! Days as numbers, for rules worked out once and asked about any day.
//!
//! A [`DayWindow`] is the run of days on which something holds (an order in force, a clock
//! overdue, a review due within the week): the triage's rules say *when* each reason applies
//! instead of testing one day, so a subject's triage is worked out once and read on any day
//! (`domain::Digest`). [`day_number`] stores a date as its day number in the binary codec (no
//! text to parse) and as `YYYY-MM-DD` in JSON.
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// `date` as a day number (days from 1 January of year 1, counting that day as 1).
pub fn day(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce())
}

/// The inclusive run of days from `first` to `last` (as [`day`] numbers); either end may be
/// open. Empty when `first > last`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayWindow {
    first: i64,
    last: i64,
}

impl DayWindow {
    /// Every day.
    pub const ALWAYS: Self = Self {
        first: i64::MIN,
        last: i64::MAX,
    };
    /// No day.
    pub const NEVER: Self = Self {
        first: i64::MAX,
        last: i64::MIN,
    };

    /// From `date` on.
    pub fn from(date: NaiveDate) -> Self {
        Self::from_day(day(date))
    }

    /// From the day after `date` on.
    pub fn after(date: NaiveDate) -> Self {
        Self::from_day(day(date).saturating_add(1))
    }

    /// Up to and including `date`.
    pub fn until(date: NaiveDate) -> Self {
        Self::until_day(day(date))
    }

    /// Up to the day before `date`.
    pub fn before(date: NaiveDate) -> Self {
        Self::until_day(day(date).saturating_sub(1))
    }

    /// From day number `first` on.
    pub fn from_day(first: i64) -> Self {
        Self {
            first,
            last: i64::MAX,
        }
    }

    /// Up to and including day number `last`.
    pub fn until_day(last: i64) -> Self {
        Self {
            first: i64::MIN,
            last,
        }
    }

    /// The days in both.
    #[must_use]
    pub fn and(self, other: Self) -> Self {
        Self {
            first: self.first.max(other.first),
            last: self.last.min(other.last),
        }
    }

    /// Whether `date` is in the window.
    pub fn contains(self, date: NaiveDate) -> bool {
        let d = day(date);
        self.first <= d && d <= self.last
    }

    /// Whether no day is in the window.
    pub fn is_empty(self) -> bool {
        self.first > self.last
    }
}

/// `#[serde(with = "day_number")]`: a date as its day number in the binary codec, as
/// `YYYY-MM-DD` in human-readable formats.
pub mod day_number {
    use chrono::{Datelike, NaiveDate};
    use serde::{Deserialize, Deserializer, Serialize, Serializer, de::Error};

    pub fn serialize<S: Serializer>(date: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            date.serialize(s)
        } else {
            s.serialize_i32(date.num_days_from_ce())
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        if d.is_human_readable() {
            NaiveDate::deserialize(d)
        } else {
            let n = i32::deserialize(d)?;
            NaiveDate::from_num_days_from_ce_opt(n)
                .ok_or_else(|| D::Error::custom(format!("day number {n} is out of range")))
        }
    }
}

/// [`day_number`] for an optional date.
pub mod day_number_opt {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    struct Day(#[serde(with = "super::day_number")] NaiveDate);

    pub fn serialize<S: Serializer>(date: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        date.map(Day).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        Ok(Option::<Day>::deserialize(d)?.map(|Day(date)| date))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn windows_hold_their_days_and_meet() {
        let d = date(2026, 11, 23);
        let next = d.succ_opt().unwrap();
        let prev = d.pred_opt().unwrap();
        assert!(DayWindow::from(d).contains(d) && !DayWindow::from(d).contains(prev));
        assert!(!DayWindow::after(d).contains(d) && DayWindow::after(d).contains(next));
        assert!(DayWindow::until(d).contains(d) && !DayWindow::until(d).contains(next));
        assert!(!DayWindow::before(d).contains(d) && DayWindow::before(d).contains(prev));
        let both = DayWindow::from(prev).and(DayWindow::until(next));
        assert!([prev, d, next].iter().all(|x| both.contains(*x)));
        assert!(!both.contains(date(2026, 11, 25)));
        assert!(DayWindow::after(d).and(DayWindow::until(d)).is_empty());
        assert!(DayWindow::NEVER.is_empty() && !DayWindow::NEVER.contains(d));
        assert!(
            DayWindow::ALWAYS.contains(NaiveDate::MIN)
                && DayWindow::ALWAYS.contains(NaiveDate::MAX)
        );
        assert!(!DayWindow::after(NaiveDate::MAX).contains(NaiveDate::MAX));
    }

    #[test]
    fn day_numbers_are_dates_in_json() {
        #[derive(Serialize, Deserialize, PartialEq, Debug)]
        struct T {
            #[serde(with = "day_number")]
            a: NaiveDate,
            #[serde(with = "day_number_opt")]
            b: Option<NaiveDate>,
        }
        let t = T {
            a: date(2026, 11, 23),
            b: Some(date(1990, 1, 2)),
        };
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(json, r#"{"a":"2026-11-23","b":"1990-01-02"}"#);
        assert_eq!(serde_json::from_str::<T>(&json).unwrap(), t);
        // In the binary codec a day number: see `store::codec`'s tests.
    }
}
