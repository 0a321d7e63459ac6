//! Force policy as a plain value: review cadences, notification and breach clocks, the idle lock,
//! retention and the unit named on documents. The domain, the store and the application layer
//! take it as an argument; reading it from a TOML file happens at the edge (`config.rs`).
use serde::{Deserialize, Serialize};

use std::collections::BTreeMap;

use super::{Cadence, DEFAULT_NOTIFICATION_DAYS, NotificationKind, OrderKind, SignOffRanks};

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
    /// The lowest rank that may approve the plan, reviews and risk assessments.
    pub sign_off: SignOffRanks,
    /// The notification clocks serving an order starts, by order kind (its short label, e.g.
    /// `SPO`): `initial`, `new_name`, `new_address` or any other label.
    pub clocks_on_service: BTreeMap<String, Vec<String>>,
    /// Days after the unit learns of a developing relationship by which a disclosure decision
    /// is due; later, the subject is queued.
    pub disclosure_decision_days: u32,
    /// Days an application may wait for its hearing before the subject is queued.
    pub hearing_wait_days: u32,
    /// Hours within which a subject created in error may be deleted outright (by its creator
    /// or a supervisor); after that it can only be archived.
    pub delete_window_hours: u32,
    /// Days a working set checked out for offline review opens for (docs/OFFLINE.md).
    pub checkout_days: u32,
    /// Days after a breach, a review or an order event within which each named protected
    /// person must be updated (a contact logged); later, the subject is queued.
    pub victim_update_days: u32,
    /// Days after the first order is made (or the plan opened) within which each named
    /// protected person's needs assessment is due.
    pub needs_assessment_days: u32,
    /// The specialist support services a referral may go to.
    pub referral_services: Vec<String>,
    /// The courses training records may name.
    pub training_courses: Vec<String>,
    /// The governance report's thresholds: a measure's share at or above `green` is GREEN, at
    /// or above `amber` AMBER, below it RED (percentages); and the days within which a breach
    /// must be answered by a re-assessment.
    pub governance: GovernancePolicy,
    /// The force's risk instruments file (TOML), relative to the config file; unset: the
    /// invented demo instrument compiled in.
    pub instruments_file: Option<String>,
    /// The instruments read from `instruments_file` (filled at the edge, never from the
    /// config's own keys).
    #[serde(skip)]
    pub instruments: Vec<super::Instrument>,
    /// Fallback font files (TrueType/OpenType, `.ttf`, `.otf`, `.ttc`) for PDF documents,
    /// tried in order for characters the embedded DejaVu Sans lacks (e.g. Chinese). Relative
    /// paths are read from the config file's directory (resolved at the edge, `config.rs`).
    pub document_fonts: Vec<std::path::PathBuf>,
}

/// Thresholds of the governance report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct GovernancePolicy {
    /// Percent at or above which a measure is GREEN.
    pub green: u32,
    /// Percent at or above which a measure is AMBER (below: RED).
    pub amber: u32,
    /// Days from a breach within which the re-assessment should follow (rec 12.3).
    pub reassess_within_days: u32,
    /// Days within which a referral should follow the order or the first contact (rec 14.4).
    pub refer_within_days: u32,
}

impl Default for GovernancePolicy {
    fn default() -> Self {
        Self {
            green: 90,
            amber: 70,
            reassess_within_days: 7,
            refer_within_days: 14,
        }
    }
}

/// The services a referral may go to unless force policy names others.
pub const DEFAULT_REFERRAL_SERVICES: [&str; 7] = [
    "ISAC",
    "Paladin",
    "IDVA",
    "Victim Support",
    "National Stalking Helpline",
    "Local domestic abuse service",
    "Other specialist service",
];

/// The courses training records may name unless force policy names others.
pub const DEFAULT_TRAINING_COURSES: [&str; 4] = [
    "National curriculum stalking module",
    "Stalking e-learning",
    "SPO training for supervisors",
    "Stalking risk screening",
];

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
            sign_off: SignOffRanks::default(),
            clocks_on_service: [("SPO", "initial"), ("ISPO", "initial")]
                .into_iter()
                .map(|(k, v)| (k.to_string(), vec![v.to_string()]))
                .collect(),
            disclosure_decision_days: 7,
            hearing_wait_days: 28,
            delete_window_hours: 24,
            checkout_days: 7,
            victim_update_days: 7,
            needs_assessment_days: 14,
            referral_services: DEFAULT_REFERRAL_SERVICES.map(String::from).to_vec(),
            training_courses: DEFAULT_TRAINING_COURSES.map(String::from).to_vec(),
            governance: GovernancePolicy::default(),
            instruments_file: None,
            instruments: Vec::new(),
            document_fonts: Vec::new(),
        }
    }
}

impl Policy {
    /// The longest a working set may stay open, in days (`checkout_days`, `--days`).
    pub const MAX_CHECKOUT_DAYS: u32 = 90;

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
        if self.disclosure_decision_days > 365 {
            return Err("disclosure_decision_days must be between 0 and 365".into());
        }
        if self.hearing_wait_days > 3650 {
            return Err("hearing_wait_days must be between 0 and 3650".into());
        }
        if self.delete_window_hours > 24 * 90 {
            return Err("delete_window_hours must be between 0 (never) and 2160 (90 days)".into());
        }
        if !(1..=Self::MAX_CHECKOUT_DAYS).contains(&self.checkout_days) {
            return Err("checkout_days must be between 1 and 90".into());
        }
        if self.victim_update_days > 365 || self.needs_assessment_days > 365 {
            return Err(
                "victim_update_days and needs_assessment_days must be between 0 and 365".into(),
            );
        }
        if self.referral_services.iter().any(|s| s.trim().is_empty())
            || self.referral_services.is_empty()
        {
            return Err("referral_services must list at least one service, none empty".into());
        }
        if self.training_courses.iter().any(|s| s.trim().is_empty()) {
            return Err("training_courses must not hold an empty name".into());
        }
        let g = &self.governance;
        if g.green > 100 || g.amber > g.green {
            return Err("governance: amber <= green <= 100 (percentages)".into());
        }
        for (kind, clocks) in &self.clocks_on_service {
            if kind.trim().is_empty() || clocks.iter().any(|c| c.trim().is_empty()) {
                return Err(
                    "clocks_on_service: order kinds and clock names must not be empty".into(),
                );
            }
        }
        Ok(())
    }

    /// The service of `typed` in [`Policy::referral_services`] (ignoring case and spaces at
    /// either end), as the list spells it.
    pub fn referral_service(&self, typed: &str) -> Option<&str> {
        let t = typed.trim();
        self.referral_services
            .iter()
            .find(|s| s.trim().eq_ignore_ascii_case(t))
            .map(String::as_str)
    }

    /// The instrument with `id`.
    pub fn instrument(&self, id: &str) -> Option<&super::Instrument> {
        self.instruments.iter().find(|i| i.id == id)
    }

    /// The notification clocks serving an order of `kind` starts.
    pub fn clocks_for(&self, kind: &OrderKind) -> Vec<NotificationKind> {
        self.clocks_on_service
            .iter()
            .filter(|(k, _)| k.trim().eq_ignore_ascii_case(kind.short()))
            .flat_map(|(_, clocks)| clocks.iter())
            .map(|c| NotificationKind::parse(c))
            .collect()
    }
}
