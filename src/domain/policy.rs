//! Force policy as a plain value: review cadences, notification and breach clocks, the idle lock,
//! retention and the unit named on documents. The domain, the store and the application layer
//! take it as an argument; reading it from a TOML file happens at the edge (`config.rs`).
use serde::{Deserialize, Serialize};

use super::{Cadence, DEFAULT_NOTIFICATION_DAYS};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Policy {
    /// Review cadence per risk level.
    pub cadence: Cadence,
    /// Days allowed for an SPO notification after its trigger.
    pub notification_days: u32,
    /// A breach brings the next review forward to within this many days.
    pub breach_review_within_days: u32,
    /// Months of breaches shown in the timeline chart.
    pub breach_chart_months: u32,
    /// Minutes without a key press after which the TUI locks its screen and asks for the
    /// user's passphrase again; 0 turns the lock off.
    pub idle_lock_minutes: u32,
    /// Days an archived subject (every order ended) is kept before an administrator may erase
    /// it. Default [`DEFAULT_RETENTION_DAYS`]; force policy sets it.
    pub retention_days: u32,
    /// The unit named on documents (plans, visit sheets).
    pub unit_name: String,
    /// The unit's phone number printed on visit sheets ("who to call").
    pub unit_phone: String,
}

/// The default retention after archiving: six years (6 x 365 days plus the at most two leap
/// days six years can hold, so at least six calendar years always pass). Six years is the
/// minimum review period MoPI guidance gives for police information outside its public
/// protection groups, and the limitation period for most civil claims; a force that keeps
/// stalking records longer (e.g. MoPI group 2, ten-year review) sets `retention_days`.
pub const DEFAULT_RETENTION_DAYS: u32 = 6 * 365 + 2;

/// The longest retention accepted (100 years): a larger number is a typo.
pub const MAX_RETENTION_DAYS: u32 = 36_525;

/// The unit named on documents unless the config names another.
pub const DEFAULT_UNIT_NAME: &str = "Ancillary Orders Unit";
/// A fictional number (Ofcom's drama range 01632 960xxx) until the force sets its own.
pub const DEFAULT_UNIT_PHONE: &str = "01632 960000";

impl Default for Policy {
    fn default() -> Self {
        Self {
            cadence: Cadence::default(),
            notification_days: DEFAULT_NOTIFICATION_DAYS,
            breach_review_within_days: 7,
            breach_chart_months: 18,
            idle_lock_minutes: 10,
            retention_days: DEFAULT_RETENTION_DAYS,
            unit_name: DEFAULT_UNIT_NAME.to_string(),
            unit_phone: DEFAULT_UNIT_PHONE.to_string(),
        }
    }
}

impl Policy {
    /// The bounds every policy must keep, as a message naming the setting that breaks one.
    pub fn check(&self) -> Result<(), String> {
        if self.breach_chart_months == 0 || self.breach_chart_months > 120 {
            return Err("breach_chart_months must be between 1 and 120".into());
        }
        if self.idle_lock_minutes > 24 * 60 {
            return Err("idle_lock_minutes must be between 0 (off) and 1440".into());
        }
        if self.retention_days > MAX_RETENTION_DAYS {
            return Err(format!(
                "retention_days must be at most {MAX_RETENTION_DAYS} (100 years)"
            ));
        }
        Ok(())
    }
}
