use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Breach, ItemId, Order, Review, RiskAssessment, Section1, Section2, SubjectId, Visit};

/// The person an order is made against ("nominal" in police systems), with their whole plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subject {
    pub id: SubjectId,
    pub family_name: String,
    pub given_names: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub date_of_birth: Option<NaiveDate>,
    /// Police National Computer identifier, e.g. `26/123456X`.
    pub pnc_id: Option<String>,
    /// Niche nominal reference.
    pub niche_ref: Option<String>,
    #[serde(default)]
    pub addresses: Vec<Address>,
    #[serde(default)]
    pub flags: Flags,
    /// Assigned officer (officer in charge of the plan) as written: a user's rank and name, or
    /// someone outside the unit.
    pub officer: Option<String>,
    /// The officer in charge as a user of the store (their login), when they are one: "mine"
    /// is the subjects whose officer user is the logged-in user.
    #[serde(default)]
    pub officer_user: Option<String>,
    /// The date the plan was opened.
    pub opened: NaiveDate,
    #[serde(default)]
    pub orders: Vec<Order>,
    #[serde(default)]
    pub protected_persons: Vec<ProtectedPerson>,
    #[serde(default)]
    pub section1: Section1,
    #[serde(default)]
    pub section2: Section2,
    /// Risk assessments (Section 3), oldest first; the latest by date is the current one.
    #[serde(default)]
    pub assessments: Vec<RiskAssessment>,
    #[serde(default)]
    pub reviews: Vec<Review>,
    #[serde(default)]
    pub breaches: Vec<Breach>,
    #[serde(default)]
    pub visits: Vec<Visit>,
    /// Next review date as set by the last review or brought forward by a breach. When absent
    /// the date follows from the risk cadence (see [`super::next_review_date`]).
    pub next_review: Option<NaiveDate>,
    /// Set when an event (a breach) raised the subject for re-assessment; cleared when a new
    /// risk assessment is recorded. See [`Subject::needs_reassessment`].
    #[serde(default)]
    pub reassessment_due: Option<NaiveDate>,
    /// The plan's own sign-off (Sections 1 and 2 with the orders): `None` until submitted.
    /// Changing the plan after approval puts it back to awaiting (see [`super::plan_changed`]).
    #[serde(default)]
    pub plan_sign_off: Option<super::SignOff>,
    /// Contact with the protected persons (the victim's side), oldest first.
    #[serde(default)]
    pub victim_contacts: Vec<super::VictimContact>,
    #[serde(default)]
    pub needs_assessments: Vec<super::NeedsAssessment>,
    /// Victims' Code records: the rights explained to each protected person.
    #[serde(default)]
    pub victims_code: Vec<super::VictimsCodeRecord>,
    /// Referrals to specialist support services.
    #[serde(default)]
    pub referrals: Vec<super::Referral>,
    /// Multi-agency meetings (and the unit's daily screening) that discussed the subject.
    #[serde(default)]
    pub meetings: Vec<super::Meeting>,
    /// Orders considered for the subject, applied for or not.
    #[serde(default)]
    pub considerations: Vec<super::Consideration>,
    /// Screenings on the force's risk instruments.
    #[serde(default)]
    pub screenings: Vec<super::Screening>,
}

impl Subject {
    /// A new subject with only the required fields set.
    pub fn new(id: SubjectId, family_name: &str, given_names: &str, opened: NaiveDate) -> Self {
        Self {
            id,
            family_name: family_name.to_string(),
            given_names: given_names.to_string(),
            aliases: Vec::new(),
            date_of_birth: None,
            pnc_id: None,
            niche_ref: None,
            addresses: Vec::new(),
            flags: Flags::default(),
            officer: None,
            officer_user: None,
            opened,
            orders: Vec::new(),
            protected_persons: Vec::new(),
            section1: Section1::default(),
            section2: Section2::default(),
            assessments: Vec::new(),
            reviews: Vec::new(),
            breaches: Vec::new(),
            visits: Vec::new(),
            next_review: None,
            reassessment_due: None,
            plan_sign_off: None,
            victim_contacts: Vec::new(),
            needs_assessments: Vec::new(),
            victims_code: Vec::new(),
            referrals: Vec::new(),
            meetings: Vec::new(),
            considerations: Vec::new(),
            screenings: Vec::new(),
        }
    }

    /// "FAMILY, Given" as police systems show a nominal.
    pub fn display_name(&self) -> String {
        let family = self.family_name.trim().to_uppercase();
        let given = self.given_names.trim();
        if given.is_empty() {
            family
        } else {
            format!("{family}, {given}")
        }
    }

    /// The current home address: the latest-starting home address without an end date.
    pub fn current_address(&self) -> Option<&Address> {
        self.addresses
            .iter()
            .filter(|a| a.kind == AddressKind::Home && a.to.is_none())
            .max_by_key(|a| a.from)
    }

    pub fn order(&self, id: ItemId) -> Option<&super::Order> {
        self.orders.iter().find(|o| o.id == id)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum AddressKind {
    #[default]
    Home,
    Work,
    Other,
}

impl AddressKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::Home => "Home",
            Self::Work => "Work",
            Self::Other => "Other",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Address {
    pub id: ItemId,
    #[serde(default)]
    pub kind: AddressKind,
    /// Address lines, comma separated as written.
    pub lines: String,
    pub postcode: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// Markers that change how a subject is managed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Flags {
    /// Registered sex offender: SPO notification clocks do not run while on the register.
    #[serde(default)]
    pub rso: bool,
    /// MAPPA level 1-3, if managed under MAPPA.
    pub mappa_level: Option<u8>,
    /// Integrated Offender Management cohort.
    #[serde(default)]
    pub iom: bool,
    /// Any other markers, free text.
    #[serde(default)]
    pub other: Vec<String>,
}

impl Flags {
    /// Short labels for display, e.g. `["RSO", "MAPPA 2", "IOM"]`.
    pub fn labels(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.rso {
            out.push("RSO".to_string());
        }
        if let Some(level) = self.mappa_level {
            out.push(format!("MAPPA {level}"));
        }
        if self.iom {
            out.push("IOM".to_string());
        }
        out.extend(self.other.iter().cloned());
        out
    }
}

/// A person the orders protect: a named victim, or someone protected "by proxy".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProtectedPerson {
    pub id: ItemId,
    pub name: String,
    /// Relationship to the subject (ex-partner, colleague, stranger...).
    pub relationship: String,
    /// Protected by proxy (family, friends, colleagues of the victim) rather than the named victim.
    #[serde(default)]
    pub by_proxy: bool,
    /// The most sensitive field in the store: restricted by role once roles exist.
    pub address: Option<String>,
    #[serde(default)]
    pub notes: String,
    /// How and when the person wants to be contacted. Restricted like the address.
    #[serde(default)]
    pub contact_preferences: String,
    /// A safe way to reach them (a number or address the subject does not know). Restricted.
    #[serde(default)]
    pub safe_contact: String,
}
