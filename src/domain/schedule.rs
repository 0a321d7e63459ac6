//! Review cadence and the next review date.
use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{RiskLevel, Subject};

/// A period such as "2 weeks" or "3 months", written `14d`, `2w`, `3m` in configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Days(u32),
    Weeks(u32),
    Months(u32),
}

impl Period {
    /// `date` plus this period (month arithmetic clamps to the month's last day).
    pub fn after(self, date: NaiveDate) -> NaiveDate {
        let out = match self {
            Self::Days(n) => date.checked_add_days(Days::new(u64::from(n))),
            Self::Weeks(n) => date.checked_add_days(Days::new(u64::from(n) * 7)),
            Self::Months(n) => date.checked_add_months(Months::new(n)),
        };
        out.unwrap_or(NaiveDate::MAX)
    }

    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        // Split before the last character, not the last byte: a multi-byte unit must not panic.
        let (at, _) = text.char_indices().last()?;
        let (num, unit) = text.split_at(at);
        let n: u32 = num.trim().parse().ok()?;
        if n == 0 {
            return None;
        }
        match unit {
            "d" => Some(Self::Days(n)),
            "w" => Some(Self::Weeks(n)),
            "m" => Some(Self::Months(n)),
            _ => None,
        }
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Days(n) => write!(f, "{n}d"),
            Self::Weeks(n) => write!(f, "{n}w"),
            Self::Months(n) => write!(f, "{n}m"),
        }
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Period::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "invalid period {text:?}: write a number and d, w or m, e.g. \"2w\" or \"3m\""
            ))
        })
    }
}

/// How often a plan is reviewed at each risk level. Force policy: configurable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cadence {
    pub very_high: Period,
    pub high: Period,
    pub medium: Period,
    pub low: Period,
}

impl Default for Cadence {
    /// Very High 2 weeks, High 4 weeks, Medium 3 months, Low 6 months.
    fn default() -> Self {
        Self {
            very_high: Period::Weeks(2),
            high: Period::Weeks(4),
            medium: Period::Months(3),
            low: Period::Months(6),
        }
    }
}

impl Cadence {
    pub fn for_level(&self, level: RiskLevel) -> Period {
        match level {
            RiskLevel::VeryHigh => self.very_high,
            RiskLevel::High => self.high,
            RiskLevel::Medium => self.medium,
            RiskLevel::Low => self.low,
        }
    }
}

impl Subject {
    /// The date of the last review, if any.
    pub fn last_review_date(&self) -> Option<NaiveDate> {
        self.reviews.iter().map(|r| r.date).max()
    }

    /// Whether the plan must be re-assessed: the subject was raised for re-assessment
    /// ([`Subject::reassessment_due`] is set, as recording a breach does), or a breach is on
    /// record with no assessment at all, or a breach happened on a day strictly after the
    /// current assessment's date.
    ///
    /// A breach on the same day as the assessment does not count by itself (an assessment has
    /// only a date, so the order of the two is unknown); recording it through
    /// the breach rule (`ops::breach`) sets the flag, which does.
    pub fn needs_reassessment(&self) -> bool {
        if self.reassessment_due.is_some() {
            return true;
        }
        match self.current_assessment() {
            None => !self.breaches.is_empty(),
            Some(current) => self.breaches.iter().any(|b| b.at.date() > current.date),
        }
    }
}

/// The next review date: the date set by the last review or a breach if there is one, else the
/// risk cadence applied to the last review (or the plan's opening). No assessment counts as Medium.
pub fn next_review_date(subject: &Subject, cadence: &Cadence) -> NaiveDate {
    if let Some(date) = subject.next_review {
        return date;
    }
    let level = subject.current_risk().unwrap_or(RiskLevel::Medium);
    let base = subject.last_review_date().unwrap_or(subject.opened);
    cadence.for_level(level).after(base)
}

/// The next review date once a breach is recorded on `recorded` (the day it is entered, which
/// may be later than the breach itself): a breach always brings the review forward to within
/// `within_days` days of that day (force policy, `Policy::breach_review_within_days`), and never
/// later than the date already due (an overdue review stays overdue).
pub fn review_date_after_breach(
    subject: &Subject,
    cadence: &Cadence,
    recorded: NaiveDate,
    within_days: u32,
) -> NaiveDate {
    let latest = Period::Days(within_days).after(recorded);
    next_review_date(subject, cadence).min(latest)
}

/// Where a subject's next review stands on `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewDue {
    Overdue { date: NaiveDate, days: i64 },
    Due { date: NaiveDate, days: i64 },
}

impl ReviewDue {
    pub fn of(subject: &Subject, cadence: &Cadence, today: NaiveDate) -> Self {
        Self::at(next_review_date(subject, cadence), today)
    }

    /// A review due on `date`, as it stands on `today`.
    pub fn at(date: NaiveDate, today: NaiveDate) -> Self {
        let days = (date - today).num_days();
        if days < 0 {
            Self::Overdue { date, days: -days }
        } else {
            Self::Due { date, days }
        }
    }

    /// The date the review is due.
    pub fn date(self) -> NaiveDate {
        match self {
            Self::Overdue { date, .. } | Self::Due { date, .. } => date,
        }
    }

    pub fn is_overdue(self) -> bool {
        matches!(self, Self::Overdue { .. })
    }

    /// "OVERDUE by 12 days (11 Nov 2026)", "due today", "due in 5 days (28 Nov 2026)".
    pub fn text(self) -> String {
        match self {
            Self::Overdue { date, days } => {
                let unit = if days == 1 { "day" } else { "days" };
                format!("OVERDUE by {days} {unit} ({})", fmt_date(date))
            }
            Self::Due { date, days: 0 } => format!("due today ({})", fmt_date(date)),
            Self::Due { date, days } => {
                let unit = if days == 1 { "day" } else { "days" };
                format!("due in {days} {unit} ({})", fmt_date(date))
            }
        }
    }
}

/// Dates are shown as UK staff read them: `23 Nov 2026`.
pub fn fmt_date(date: NaiveDate) -> String {
    date.format("%-d %b %Y").to_string()
}

/// Date and time as `23 Nov 2026 14:05`.
pub fn fmt_datetime(at: chrono::NaiveDateTime) -> String {
    at.format("%-d %b %Y %H:%M").to_string()
}
