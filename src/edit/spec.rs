//! The vocabulary of forms: field kinds, field specs, targets and item kinds.
use serde::{Deserialize, Serialize};

use crate::domain::ItemId;

/// How a field is edited and parsed. Every value is a `String` in the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    /// One line of text.
    Text,
    /// Free text over several lines (a narrative), edited in a text area.
    Multiline,
    /// A list with one entry per line (aliases, risk factors), edited in a text area.
    Lines,
    /// A date typed as UK staff type them (see [`crate::edit::parse::parse_date`]).
    Date,
    /// A date that may be left empty.
    OptDate,
    /// A time of day, `14:05` or `1405`.
    Time,
    /// Yes or no; the value is `"yes"` or `"no"`.
    Bool,
    /// Exactly one of these labels; the value is the label.
    Choice(Vec<String>),
    /// Any number of these labels; the value is the chosen labels joined by `\n`.
    MultiChoice(Vec<String>),
    /// A whole number in `min..=max`, or empty when the field is not required.
    Number { min: i64, max: i64 },
}

/// One field of a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldSpec {
    /// Stable name, used in drafts and tests (`"family_name"`, `"made"`).
    pub key: &'static str,
    /// What the user sees (`"Family name"`).
    pub label: String,
    pub kind: FieldKind,
    /// Required fields may not be empty.
    pub required: bool,
    /// One line of guidance shown when the field has focus (may be empty).
    pub help: String,
}

impl FieldSpec {
    pub fn new(key: &'static str, label: &str, kind: FieldKind, required: bool) -> Self {
        Self {
            key,
            label: label.to_string(),
            kind,
            required,
            help: String::new(),
        }
    }

    pub fn with_help(mut self, help: &str) -> Self {
        self.help = help.to_string();
        self
    }
}

/// A fault in a form, against the field it concerns (`None`: the form as a whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldIssue {
    pub field: Option<usize>,
    pub message: String,
}

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

/// One existing item, for pickers: what it is and a one-line label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemRef {
    pub target: Target,
    pub label: String,
}
