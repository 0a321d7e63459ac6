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
    /// A compliance review: recorded and revised through the review wizard, never a form.
    Review,
    /// An entry of a protected person's contact log.
    VictimContact,
    NeedsAssessment,
    /// A Victims' Code record: rights explained.
    VictimsCode,
    /// A referral to a specialist support service.
    Referral,
    /// A multi-agency meeting (MARAC, MAPPA...) or the daily screening.
    Meeting,
    /// An action of a meeting (parent: the meeting).
    MeetingAction,
    /// An order considered: apply, or not appropriate with the reason.
    Consideration,
    /// A screening on one of the force's risk instruments: recorded through its own form,
    /// built from the instrument file.
    Screening,
}

impl ItemKind {
    /// Every kind.
    pub const ALL: [ItemKind; 30] = [
        ItemKind::Subject,
        ItemKind::Address,
        ItemKind::Narrative,
        ItemKind::Order,
        ItemKind::Variation,
        ItemKind::Condition,
        ItemKind::Notification,
        ItemKind::ProtectedPerson,
        ItemKind::IndexOffence,
        ItemKind::Safeguarding,
        ItemKind::Investigation,
        ItemKind::Device,
        ItemKind::SocialAccount,
        ItemKind::Vehicle,
        ItemKind::Relationship,
        ItemKind::Strategy,
        ItemKind::ManagementNotes,
        ItemKind::Assessment,
        ItemKind::TacticalOption,
        ItemKind::Visit,
        ItemKind::Breach,
        ItemKind::Review,
        ItemKind::VictimContact,
        ItemKind::NeedsAssessment,
        ItemKind::VictimsCode,
        ItemKind::Referral,
        ItemKind::Meeting,
        ItemKind::MeetingAction,
        ItemKind::Consideration,
        ItemKind::Screening,
    ];

    /// The kind's stable name (`social_account`), as files and the command line write it.
    pub fn name(self) -> &'static str {
        match self {
            ItemKind::Subject => "subject",
            ItemKind::Address => "address",
            ItemKind::Narrative => "narrative",
            ItemKind::Order => "order",
            ItemKind::Variation => "variation",
            ItemKind::Condition => "condition",
            ItemKind::Notification => "notification",
            ItemKind::ProtectedPerson => "protected_person",
            ItemKind::IndexOffence => "index_offence",
            ItemKind::Safeguarding => "safeguarding",
            ItemKind::Investigation => "investigation",
            ItemKind::Device => "device",
            ItemKind::SocialAccount => "social_account",
            ItemKind::Vehicle => "vehicle",
            ItemKind::Relationship => "relationship",
            ItemKind::Strategy => "strategy",
            ItemKind::ManagementNotes => "management_notes",
            ItemKind::Assessment => "assessment",
            ItemKind::TacticalOption => "tactical_option",
            ItemKind::Visit => "visit",
            ItemKind::Breach => "breach",
            ItemKind::Review => "review",
            ItemKind::VictimContact => "victim_contact",
            ItemKind::NeedsAssessment => "needs_assessment",
            ItemKind::VictimsCode => "victims_code",
            ItemKind::Referral => "referral",
            ItemKind::Meeting => "meeting",
            ItemKind::MeetingAction => "meeting_action",
            ItemKind::Consideration => "consideration",
            ItemKind::Screening => "screening",
        }
    }
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
    Victim,
}

impl PlanPart {
    /// Every part, in the order of the plan (and of the detail tabs).
    pub const ALL: [PlanPart; 6] = [
        PlanPart::Section1,
        PlanPart::Section2,
        PlanPart::Risk,
        PlanPart::Timeline,
        PlanPart::Reviews,
        PlanPart::Victim,
    ];

    /// The part's title, numbered as on the tab bar.
    pub fn title(self) -> &'static str {
        match self {
            PlanPart::Section1 => "1 Offending & safeguarding",
            PlanPart::Section2 => "2 Investigations & management",
            PlanPart::Risk => "3 Risk",
            PlanPart::Timeline => "4 Timeline",
            PlanPart::Reviews => "5 Reviews",
            PlanPart::Victim => "6 Victim & partners",
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
            PlanPart::Victim => "6 Victim",
        }
    }

    /// The part `by` places along, wrapping around.
    pub fn offset(self, by: isize) -> PlanPart {
        let n = PlanPart::ALL.len() as isize;
        let i = PlanPart::ALL.iter().position(|t| *t == self).unwrap_or(0) as isize;
        PlanPart::ALL[(i + by).rem_euclid(n) as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_names_are_the_serde_names() {
        for k in ItemKind::ALL {
            let json = serde_json::to_string(&k).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", k.name()));
        }
    }
}
