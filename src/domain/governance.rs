//! The unit's evidence for the stalking super-complaint recommendations: measures computed from
//! recorded events for a period, each recommendation rated RED / AMBER / GREEN against force
//! policy's thresholds with a status from the action plans' vocabulary; the unit's own action
//! plan (with every update kept) and officers' training records. Counts only: nothing here
//! names a subject or a victim.
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{GovernancePolicy, ItemId};

mod measures;

pub use measures::*;

/// The action plans' rating. RED: will not, or is unlikely to, be implemented in full by its
/// deadline; AMBER: will be, or is likely to be; GREEN: already implemented in full.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Rag {
    Red,
    #[default]
    Amber,
    Green,
}

impl Rag {
    pub const ALL: [Rag; 3] = [Rag::Red, Rag::Amber, Rag::Green];

    pub fn key(self) -> &'static str {
        match self {
            Rag::Red => "red",
            Rag::Amber => "amber",
            Rag::Green => "green",
        }
    }

    /// The word, as the plans print it (never colour alone).
    pub fn label(self) -> &'static str {
        match self {
            Rag::Red => "RED",
            Rag::Amber => "AMBER",
            Rag::Green => "GREEN",
        }
    }

    /// The rating of a share (0-100) against the thresholds.
    pub fn of(percent: u32, g: &GovernancePolicy) -> Rag {
        if percent >= g.green {
            Rag::Green
        } else if percent >= g.amber {
            Rag::Amber
        } else {
            Rag::Red
        }
    }
}

/// The action plans' statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum PlanStatus {
    UnderReview,
    Delayed,
    LimitedProgress,
    OnTrack,
    #[default]
    Pending,
    Complete,
}

impl PlanStatus {
    pub const ALL: [PlanStatus; 6] = [
        Self::UnderReview,
        Self::Delayed,
        Self::LimitedProgress,
        Self::OnTrack,
        Self::Pending,
        Self::Complete,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Self::UnderReview => "under_review",
            Self::Delayed => "delayed",
            Self::LimitedProgress => "limited_progress",
            Self::OnTrack => "on_track",
            Self::Pending => "pending",
            Self::Complete => "complete",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::UnderReview => "Under Review",
            Self::Delayed => "Delayed",
            Self::LimitedProgress => "Limited Progress",
            Self::OnTrack => "On Track",
            Self::Pending => "Pending",
            Self::Complete => "Complete",
        }
    }

    /// The status a measured rating suggests when the action plan says nothing.
    pub fn from_rag(rag: Option<Rag>) -> PlanStatus {
        match rag {
            Some(Rag::Green) => Self::OnTrack,
            Some(Rag::Amber) => Self::LimitedProgress,
            Some(Rag::Red) => Self::Delayed,
            None => Self::Pending,
        }
    }
}

/// One line of the unit's action plan, with every update kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionPlanEntry {
    pub id: ItemId,
    /// The recommendation it answers (`14.1`).
    pub recommendation: String,
    pub action: String,
    /// A role or team, not a person's name (the report leaves the unit).
    pub owner: String,
    pub due: Option<NaiveDate>,
    /// The updates, oldest first; the last is the current state.
    pub updates: Vec<PlanUpdate>,
}

impl ActionPlanEntry {
    pub fn current(&self) -> Option<&PlanUpdate> {
        self.updates.last()
    }
}

/// An update of an action plan line: what was done, its rating and status then.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanUpdate {
    pub date: NaiveDate,
    /// The user who recorded it (login).
    pub by: String,
    pub update: String,
    pub rag: Rag,
    pub status: PlanStatus,
}

/// A user's completed course.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainingRecord {
    pub id: ItemId,
    /// The user's login.
    pub user: String,
    /// From force policy's `training_courses`.
    pub course: String,
    pub completed: NaiveDate,
    pub expires: Option<NaiveDate>,
}

impl TrainingRecord {
    /// Completed by `day` and not expired on it.
    pub fn current_on(&self, day: NaiveDate) -> bool {
        self.completed <= day && self.expires.is_none_or(|e| e >= day)
    }
}

/// What the unit keeps about itself: the action plan and the training records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct UnitRecords {
    #[serde(default)]
    pub action_plan: Vec<ActionPlanEntry>,
    #[serde(default)]
    pub training: Vec<TrainingRecord>,
}

/// A reporting period, first and last day included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportPeriod {
    pub label: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl ReportPeriod {
    /// `2026-Q3`, `2026-07` or `2026`.
    pub fn parse(text: &str) -> Result<ReportPeriod, String> {
        let t = text.trim().to_ascii_uppercase();
        let bad = || format!("{text:?} is not a period: write 2026-Q3, 2026-07 or 2026");
        let ymd = |y: i32, m: u32| NaiveDate::from_ymd_opt(y, m, 1).ok_or_else(bad);
        let (start, end) = if let Some((y, q)) = t.split_once("-Q") {
            let y: i32 = y.parse().map_err(|_| bad())?;
            let q: u32 = q.parse().map_err(|_| bad())?;
            if !(1..=4).contains(&q) {
                return Err(bad());
            }
            let start = ymd(y, 3 * q - 2)?;
            let next = if q == 4 {
                ymd(y + 1, 1)?
            } else {
                ymd(y, 3 * q + 1)?
            };
            (start, next.pred_opt().ok_or_else(bad)?)
        } else if let Some((y, m)) = t.split_once('-') {
            let y: i32 = y.parse().map_err(|_| bad())?;
            let m: u32 = m.parse().map_err(|_| bad())?;
            if !(1..=12).contains(&m) {
                return Err(bad());
            }
            let start = ymd(y, m)?;
            let next = if m == 12 {
                ymd(y + 1, 1)?
            } else {
                ymd(y, m + 1)?
            };
            (start, next.pred_opt().ok_or_else(bad)?)
        } else {
            let y: i32 = t.parse().map_err(|_| bad())?;
            (ymd(y, 1)?, ymd(y + 1, 1)?.pred_opt().ok_or_else(bad)?)
        };
        if !(1900..=2199).contains(&start.year()) {
            return Err(bad());
        }
        Ok(ReportPeriod {
            label: t,
            start,
            end,
        })
    }

    /// The quarter `day` falls in.
    pub fn quarter_of(day: NaiveDate) -> ReportPeriod {
        let q = (day.month() - 1) / 3 + 1;
        Self::parse(&format!("{}-Q{q}", day.year())).unwrap_or(ReportPeriod {
            label: day.year().to_string(),
            start: day,
            end: day,
        })
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.start <= day && day <= self.end
    }
}
