//! Section 3: risk assessment.
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::{ActionStatus, ItemId, Rank};

/// The risk levels staff already use, in ascending order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    Low,
    Medium,
    High,
    VeryHigh,
}

impl RiskLevel {
    pub const ALL: [RiskLevel; 4] = [Self::Low, Self::Medium, Self::High, Self::VeryHigh];

    pub fn label(self) -> &'static str {
        match self {
            Self::Low => "Low",
            Self::Medium => "Medium",
            Self::High => "High",
            Self::VeryHigh => "Very High",
        }
    }

    /// Short tag that carries the meaning without colour: `LOW`, `MED`, `HIGH`, `V.HIGH`.
    pub fn tag(self) -> &'static str {
        match self {
            Self::Low => "LOW",
            Self::Medium => "MED",
            Self::High => "HIGH",
            Self::VeryHigh => "V.HIGH",
        }
    }
}

/// A group of people at risk from the subject.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskGroup {
    NamedVictim,
    FuturePartners,
    Children,
    Public,
    Staff,
    Other(String),
}

impl RiskGroup {
    pub fn label(&self) -> &str {
        match self {
            Self::NamedVictim => "Named victim",
            Self::FuturePartners => "Future partners",
            Self::Children => "Children",
            Self::Public => "Public",
            Self::Staff => "Staff",
            Self::Other(s) => s,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupRating {
    pub group: RiskGroup,
    pub level: RiskLevel,
}

/// Where a review or assessment stands with its supervisor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum SignOffStatus {
    #[default]
    Awaiting,
    Approved,
    Returned,
}

impl SignOffStatus {
    pub fn label(self) -> &'static str {
        match self {
            Self::Awaiting => "awaiting sign-off",
            Self::Approved => "approved",
            Self::Returned => "returned",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct SignOff {
    #[serde(default)]
    pub status: SignOffStatus,
    pub by: Option<String>,
    pub at: Option<NaiveDateTime>,
    #[serde(default)]
    pub comment: String,
    /// Rank, name and number of who decided, as they were on the day ("DS Jane Bloggs (4521)");
    /// empty on decisions recorded before officers had ranks.
    #[serde(default)]
    pub signer: String,
    /// The decider's rank on the day (force policy sets the rank each record needs).
    #[serde(default)]
    pub rank: Option<Rank>,
}

impl SignOff {
    /// Who decided, as shown: the rank, name and number recorded, else the login.
    pub fn signer_text(&self) -> String {
        match self.signer.trim() {
            "" => self.by.clone().unwrap_or_default(),
            s => s.to_string(),
        }
    }
}

/// A tactical option that reduces the risk: visit, marker, disclosure, referral...
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TacticalOption {
    pub id: ItemId,
    pub option: String,
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
    #[serde(default)]
    pub status: ActionStatus,
}

/// One risk assessment (Section 3). The latest by date is the subject's current risk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskAssessment {
    pub id: ItemId,
    pub date: NaiveDate,
    pub assessor: String,
    /// Foreseen harm to victims, future victims and others.
    #[serde(default)]
    pub harm: String,
    pub ratings: Vec<GroupRating>,
    #[serde(default)]
    pub risk_factors: Vec<String>,
    #[serde(default)]
    pub protective_factors: Vec<String>,
    pub rationale: String,
    #[serde(default)]
    pub tactical_options: Vec<TacticalOption>,
    #[serde(default)]
    pub sign_off: SignOff,
    /// The earlier version this one revises: an approved assessment (which stays as it was) or
    /// a returned round. See [`super::revise`].
    #[serde(default)]
    pub supersedes: Option<ItemId>,
    /// How this re-assessment answers the breach that raised it: required (even when the
    /// levels stay the same) while the subject needs re-assessment.
    #[serde(default)]
    pub breach_rationale: String,
}

impl RiskAssessment {
    /// The highest level over every group rated.
    pub fn highest(&self) -> Option<RiskLevel> {
        self.ratings.iter().map(|r| r.level).max()
    }

    pub fn level_for(&self, group: &RiskGroup) -> Option<RiskLevel> {
        self.ratings
            .iter()
            .find(|r| &r.group == group)
            .map(|r| r.level)
    }
}
