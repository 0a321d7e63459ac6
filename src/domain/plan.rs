//! Sections 1 and 2 of the plan.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::ItemId;

/// Section 1: the offending behaviour that led to the order, and safeguarding of the people protected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Section1 {
    #[serde(default)]
    pub narrative: String,
    #[serde(default)]
    pub index_offences: Vec<IndexOffence>,
    #[serde(default)]
    pub safeguarding: Vec<SafeguardingOption>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexOffence {
    pub id: ItemId,
    pub offence: String,
    pub date: Option<NaiveDate>,
    /// Occurrence or crime reference.
    pub reference: Option<String>,
    #[serde(default)]
    pub outcome: String,
}

/// Status of an action item (safeguarding option, strategy, tactical option).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    #[default]
    Proposed,
    InProgress,
    Done,
    Declined,
}

impl ActionStatus {
    pub fn label(self) -> &'static str {
        match self {
            Self::Proposed => "proposed",
            Self::InProgress => "in progress",
            Self::Done => "done",
            Self::Declined => "declined",
        }
    }

    pub fn is_open(self) -> bool {
        matches!(self, Self::Proposed | Self::InProgress)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SafeguardingOption {
    pub id: ItemId,
    /// The protected person this option is for, if one.
    pub person: Option<ItemId>,
    pub option: String,
    #[serde(default)]
    pub status: ActionStatus,
    #[serde(default)]
    pub notes: String,
}

/// Section 2: later investigations and offender-management records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Section2 {
    #[serde(default)]
    pub investigations: Vec<Investigation>,
    #[serde(default)]
    pub devices: Vec<Device>,
    #[serde(default)]
    pub social_media: Vec<SocialAccount>,
    #[serde(default)]
    pub vehicles: Vec<Vehicle>,
    #[serde(default)]
    pub relationships: Vec<Relationship>,
    #[serde(default)]
    pub strategies: Vec<Strategy>,
    #[serde(default)]
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Investigation {
    pub id: ItemId,
    pub reference: String,
    pub offence: String,
    /// e.g. "open", "charged", "NFA", "closed".
    pub status: String,
    pub officer: Option<String>,
    pub opened: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum DeviceStatus {
    #[default]
    Declared,
    Undeclared,
    Seized,
    Examined,
    Returned,
}

impl DeviceStatus {
    pub fn label(self) -> &'static str {
        match self {
            Self::Declared => "declared",
            Self::Undeclared => "undeclared",
            Self::Seized => "seized",
            Self::Examined => "examined",
            Self::Returned => "returned",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Device {
    pub id: ItemId,
    /// Phone, laptop, tablet, camera...
    pub device_type: String,
    pub make_model: String,
    pub imei_serial: Option<String>,
    /// Phone number used with the device.
    pub number: Option<String>,
    #[serde(default)]
    pub status: DeviceStatus,
    pub date: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SocialAccount {
    pub id: ItemId,
    pub platform: String,
    pub handle: String,
    pub url: Option<String>,
    #[serde(default)]
    pub declared: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vehicle {
    pub id: ItemId,
    /// Vehicle registration mark; compare ignoring case and spaces.
    pub vrm: String,
    pub make: String,
    pub model: String,
    pub colour: String,
    /// PNC/ANPR markers placed on the vehicle.
    #[serde(default)]
    pub markers: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Relationship {
    pub id: ItemId,
    /// When the unit learned of the relationship.
    pub learned: NaiveDate,
    pub partner: String,
    /// Date a disclosure (Clare's Law style) was made to the new partner, if one was.
    pub disclosure: Option<NaiveDate>,
    #[serde(default)]
    pub checks: String,
    /// Whether to disclose: pending until decided.
    #[serde(default)]
    pub decision: DisclosureDecision,
    /// When the decision was made.
    #[serde(default)]
    pub decided: Option<NaiveDate>,
    /// Why (required when deciding not to disclose).
    #[serde(default)]
    pub decision_reason: String,
}

impl Relationship {
    /// Whether a disclosure decision is still outstanding: none recorded and no disclosure made.
    pub fn undecided(&self) -> bool {
        self.decision == DisclosureDecision::Pending && self.disclosure.is_none()
    }
}

/// The decision on disclosing the subject's history to a new partner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum DisclosureDecision {
    #[default]
    Pending,
    Disclose,
    NoDisclosure,
}

impl DisclosureDecision {
    pub fn label(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Disclose => "disclose",
            Self::NoDisclosure => "no disclosure",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Strategy {
    pub id: ItemId,
    pub text: String,
    pub owner: Option<String>,
    #[serde(default)]
    pub status: ActionStatus,
}
