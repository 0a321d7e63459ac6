//! What a change is about: the kind of item ([`ItemKind`]), which one ([`Target`]) and the part
//! of the plan it belongs to ([`PlanPart`]). Forms, search hits, drafts and the history all name
//! items this way.
use serde::{Deserialize, Serialize};

use super::ItemId;

/// Every kind of thing a user can create, edit or delete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// The subject's identity: names, aliases, DOB, identifiers, flags, officer.
    Subject,
    Address,
    /// Section 1 offending narrative.
    Narrative,
    Order,
    /// A variation, renewal or appeal of an order (parent: the order).
    Variation,
    /// A prohibition or requirement (parent: the order).
    Condition,
    /// A notification clock (parent: the order).
    Notification,
    ProtectedPerson,
    IndexOffence,
    Safeguarding,
    Investigation,
    Device,
    SocialAccount,
    Vehicle,
    Relationship,
    Strategy,
    /// Section 2 management notes.
    ManagementNotes,
    /// A new risk assessment (ratings per group, harm, factors, rationale).
    Assessment,
    /// A tactical option (parent: the assessment).
    TacticalOption,
    Visit,
    Breach,
}

/// What a form edits: a kind, the item's id (`None` for a new one) and its parent's id for
/// items that live inside another (conditions in an order, options in an assessment).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Target {
    pub kind: ItemKind,
    pub id: Option<ItemId>,
    pub parent: Option<ItemId>,
}

impl Target {
    pub fn new_item(kind: ItemKind, parent: Option<ItemId>) -> Self {
        Self {
            kind,
            id: None,
            parent,
        }
    }

    pub fn existing(kind: ItemKind, id: ItemId, parent: Option<ItemId>) -> Self {
        Self {
            kind,
            id: Some(id),
            parent,
        }
    }
}

/// The parts of the plan, as the detail tabs show them; used to list items and what can be added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanPart {
    Section1,
    Section2,
    Risk,
    Timeline,
    Reviews,
}

impl PlanPart {
    /// Every part, in the order of the plan (and of the detail tabs).
    pub const ALL: [PlanPart; 5] = [
        PlanPart::Section1,
        PlanPart::Section2,
        PlanPart::Risk,
        PlanPart::Timeline,
        PlanPart::Reviews,
    ];

    /// The part's title, numbered as on the tab bar.
    pub fn title(self) -> &'static str {
        match self {
            PlanPart::Section1 => "1 Offending & safeguarding",
            PlanPart::Section2 => "2 Investigations & management",
            PlanPart::Risk => "3 Risk",
            PlanPart::Timeline => "4 Timeline",
            PlanPart::Reviews => "5 Reviews",
        }
    }

    /// A shorter title for when the full ones do not fit.
    pub fn short_title(self) -> &'static str {
        match self {
            PlanPart::Section1 => "1 Offending",
            PlanPart::Section2 => "2 Management",
            PlanPart::Risk => "3 Risk",
            PlanPart::Timeline => "4 Timeline",
            PlanPart::Reviews => "5 Reviews",
        }
    }

    /// The part `by` places along, wrapping around.
    pub fn offset(self, by: isize) -> PlanPart {
        let n = PlanPart::ALL.len() as isize;
        let i = PlanPart::ALL.iter().position(|t| *t == self).unwrap_or(0) as isize;
        PlanPart::ALL[(i + by).rem_euclid(n) as usize]
    }
}
