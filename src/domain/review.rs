//! Compliance reviews, breaches and visits.
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::{ItemId, SignOff};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComplianceOutcome {
    Complied,
    Breached,
    NotVerified,
    NotApplicable,
}

impl ComplianceOutcome {
    pub fn label(self) -> &'static str {
        match self {
            Self::Complied => "complied",
            Self::Breached => "BREACHED",
            Self::NotVerified => "not verified",
            Self::NotApplicable => "n/a",
        }
    }
}

/// The outcome for one condition in a review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionOutcome {
    pub order: ItemId,
    pub condition: ItemId,
    pub outcome: ComplianceOutcome,
    #[serde(default)]
    pub note: String,
}

/// A compliance review of the whole plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    pub id: ItemId,
    pub date: NaiveDate,
    pub reviewer: String,
    #[serde(default)]
    pub outcomes: Vec<ConditionOutcome>,
    /// Notes on the notification clocks checked.
    #[serde(default)]
    pub notifications_note: String,
    /// The visit carried out as part of the review, if one.
    pub visit: Option<ItemId>,
    /// Whether the risk was re-assessed in this review.
    #[serde(default)]
    pub risk_reassessed: bool,
    /// The next review date this review set.
    pub next_review: NaiveDate,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub sign_off: SignOff,
    /// The earlier version this one revises: an approved review (which stays as it was) or a
    /// returned round. See [`super::revise`].
    #[serde(default)]
    pub supersedes: Option<ItemId>,
    /// Why the next review is later than the risk cadence allows: required then, and shown to
    /// the supervisor at sign-off.
    #[serde(default)]
    pub late_reason: String,
}

/// Where the information about a breach came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BreachSource {
    VictimReport,
    Visit,
    Intelligence,
    Anpr,
    ThirdParty,
    Other(String),
}

impl BreachSource {
    pub fn label(&self) -> &str {
        match self {
            Self::VictimReport => "victim report",
            Self::Visit => "visit",
            Self::Intelligence => "intelligence",
            Self::Anpr => "ANPR",
            Self::ThirdParty => "third party",
            Self::Other(s) => s,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum BreachOutcome {
    /// Under investigation; no outcome yet.
    #[default]
    Pending,
    Arrest,
    Charge,
    Caution,
    /// No further action.
    Nfa,
    Conviction,
    Other(String),
}

impl BreachOutcome {
    pub fn label(&self) -> &str {
        match self {
            Self::Pending => "pending",
            Self::Arrest => "arrest",
            Self::Charge => "charged",
            Self::Caution => "caution",
            Self::Nfa => "NFA",
            Self::Conviction => "convicted",
            Self::Other(s) => s,
        }
    }
}

/// A breach of an order (s.8 offence when without reasonable excuse).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Breach {
    pub id: ItemId,
    pub at: NaiveDateTime,
    pub order: ItemId,
    #[serde(default)]
    pub conditions: Vec<ItemId>,
    pub source: BreachSource,
    /// Occurrence or crime reference.
    pub reference: Option<String>,
    pub description: String,
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub outcome: BreachOutcome,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VisitOutcome {
    Seen,
    NoAccess,
    Moved,
}

impl VisitOutcome {
    pub fn label(self) -> &'static str {
        match self {
            Self::Seen => "seen",
            Self::NoAccess => "no access",
            Self::Moved => "moved",
        }
    }
}

/// A home visit or other contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Visit {
    pub id: ItemId,
    pub at: NaiveDateTime,
    pub officer: String,
    pub outcome: VisitOutcome,
    #[serde(default)]
    pub findings: String,
}
