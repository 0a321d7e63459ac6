//! The victim's side of the plan: contact with each protected person, their needs assessment
//! and Victims' Code record, referrals to specialist services, multi-agency meetings and their
//! actions, and the decisions whether to apply for an SPO at all.
//!
//! Each record names the protected person it is about by id (`person`); the person's contact
//! preferences and safe contact details live on [`super::ProtectedPerson`] and are restricted
//! like their address.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{ItemId, OrderKind};

/// How a contact was made (or how rights were explained).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ContactMethod {
    #[default]
    InPerson,
    Phone,
    Text,
    Email,
    Letter,
    /// Through an IDVA or another partner.
    ThroughPartner,
}

impl ContactMethod {
    pub const ALL: [ContactMethod; 6] = [
        Self::InPerson,
        Self::Phone,
        Self::Text,
        Self::Email,
        Self::Letter,
        Self::ThroughPartner,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Self::InPerson => "in_person",
            Self::Phone => "phone",
            Self::Text => "text",
            Self::Email => "email",
            Self::Letter => "letter",
            Self::ThroughPartner => "through_partner",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::InPerson => "In person",
            Self::Phone => "Phone",
            Self::Text => "Text message",
            Self::Email => "Email",
            Self::Letter => "Letter",
            Self::ThroughPartner => "Through a partner (IDVA, ISAC)",
        }
    }
}

/// One entry of a protected person's contact log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VictimContact {
    pub id: ItemId,
    /// The protected person contacted.
    pub person: ItemId,
    pub date: NaiveDate,
    /// Who made the contact, as written.
    pub by: String,
    #[serde(default)]
    pub method: ContactMethod,
    /// What was said (updates given, advice).
    #[serde(default)]
    pub said: String,
    /// The person's views and concerns, in their words where possible. Restricted.
    #[serde(default)]
    pub views: String,
}

/// A victim's needs assessment (Victims' Code right 4; super-complaint rec 14.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NeedsAssessment {
    pub id: ItemId,
    pub person: ItemId,
    pub date: NaiveDate,
    pub by: String,
    /// The needs found.
    #[serde(default)]
    pub needs: String,
    /// What was done about them.
    #[serde(default)]
    pub outcome: String,
}

/// The Victims' Code rights an officer explains, by the Code's numbering (2020 Code: 12
/// rights).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CodeRight {
    /// 1: to be able to understand and to be understood.
    Understand,
    /// 2: to have the details of the crime recorded without unjustified delay.
    Recorded,
    /// 3: to be provided with information when reporting the crime.
    Information,
    /// 4: to be referred to services that support victims, and services tailored to needs.
    Referral,
    /// 5: to be given information about compensation.
    Compensation,
    /// 6: to be given information about the investigation and prosecution.
    Updates,
    /// 7: to make a Victim Personal Statement.
    Statement,
    /// 8: to be given information about the trial and its process, and the role as a witness.
    Trial,
    /// 9: to be given information about the outcome of the case and any appeals.
    Outcome,
    /// 10: to be paid expenses and have property returned.
    Expenses,
    /// 11: to be given information about the offender following a conviction.
    OffenderInfo,
    /// 12: to make a complaint about rights not being met.
    Complaint,
}

impl CodeRight {
    pub const ALL: [CodeRight; 12] = [
        Self::Understand,
        Self::Recorded,
        Self::Information,
        Self::Referral,
        Self::Compensation,
        Self::Updates,
        Self::Statement,
        Self::Trial,
        Self::Outcome,
        Self::Expenses,
        Self::OffenderInfo,
        Self::Complaint,
    ];

    /// The right's number in the Code.
    pub fn number(self) -> usize {
        Self::ALL.iter().position(|r| *r == self).unwrap_or(0) + 1
    }

    pub fn key(self) -> &'static str {
        match self {
            Self::Understand => "understand",
            Self::Recorded => "recorded",
            Self::Information => "information",
            Self::Referral => "referral",
            Self::Compensation => "compensation",
            Self::Updates => "updates",
            Self::Statement => "statement",
            Self::Trial => "trial",
            Self::Outcome => "outcome",
            Self::Expenses => "expenses",
            Self::OffenderInfo => "offender_info",
            Self::Complaint => "complaint",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Understand => "1 Understand and be understood",
            Self::Recorded => "2 Crime recorded without delay",
            Self::Information => "3 Information when reporting",
            Self::Referral => "4 Referral to support services",
            Self::Compensation => "5 Information about compensation",
            Self::Updates => "6 Updates on the investigation",
            Self::Statement => "7 Victim Personal Statement",
            Self::Trial => "8 Information about the trial",
            Self::Outcome => "9 Outcome and appeals",
            Self::Expenses => "10 Expenses and property",
            Self::OffenderInfo => "11 Information about the offender",
            Self::Complaint => "12 Make a complaint",
        }
    }
}

/// The record that a person's Victims' Code rights were explained (rec 14.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VictimsCodeRecord {
    pub id: ItemId,
    pub person: ItemId,
    pub date: NaiveDate,
    pub by: String,
    #[serde(default)]
    pub rights: Vec<CodeRight>,
    #[serde(default)]
    pub how: ContactMethod,
    #[serde(default)]
    pub notes: String,
}

/// Whether the person agreed to a referral.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Consent {
    Given,
    Refused,
    #[default]
    NotAsked,
}

impl Consent {
    pub const ALL: [Consent; 3] = [Self::Given, Self::Refused, Self::NotAsked];

    pub fn key(self) -> &'static str {
        match self {
            Self::Given => "given",
            Self::Refused => "refused",
            Self::NotAsked => "not_asked",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Given => "Consent given",
            Self::Refused => "Consent refused",
            Self::NotAsked => "Not asked yet",
        }
    }
}

/// Where a referral stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ReferralOutcome {
    #[default]
    Awaiting,
    Accepted,
    Declined,
    /// The person did not engage with the service.
    NotEngaged,
    Closed,
}

impl ReferralOutcome {
    pub const ALL: [ReferralOutcome; 5] = [
        Self::Awaiting,
        Self::Accepted,
        Self::Declined,
        Self::NotEngaged,
        Self::Closed,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Self::Awaiting => "awaiting",
            Self::Accepted => "accepted",
            Self::Declined => "declined",
            Self::NotEngaged => "not_engaged",
            Self::Closed => "closed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Awaiting => "Awaiting outcome",
            Self::Accepted => "Accepted",
            Self::Declined => "Declined by the service",
            Self::NotEngaged => "Did not engage",
            Self::Closed => "Closed",
        }
    }
}

/// A referral to a specialist support service (recs 14.4, 14.5, 16).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Referral {
    pub id: ItemId,
    /// The protected person referred (a referral may be for the household).
    pub person: Option<ItemId>,
    /// The service, from force policy's list (`referral_services`).
    pub service: String,
    pub date: NaiveDate,
    #[serde(default)]
    pub consent: Consent,
    #[serde(default)]
    pub outcome: ReferralOutcome,
    /// When to chase the outcome; overdue while awaiting.
    pub follow_up: Option<NaiveDate>,
    #[serde(default)]
    pub notes: String,
}

impl Referral {
    /// The follow-up date, when it has passed and the outcome is still awaited.
    pub fn overdue(&self, today: NaiveDate) -> Option<NaiveDate> {
        self.follow_up
            .filter(|_| self.overdue_days().contains(today))
    }

    /// The days on which [`Referral::overdue`] says so: after the follow-up date, while the
    /// outcome is awaited.
    pub fn overdue_days(&self) -> super::DayWindow {
        match self.follow_up {
            Some(d) if self.outcome == ReferralOutcome::Awaiting => super::DayWindow::after(d),
            _ => super::DayWindow::NEVER,
        }
    }
}

/// The kinds of multi-agency meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum MeetingKind {
    #[default]
    Marac,
    Mappa,
    Matac,
    Iom,
    /// The daily management meeting where the unit screens its caseload (rec 12.4).
    Daily,
    Other,
}

impl MeetingKind {
    pub const ALL: [MeetingKind; 6] = [
        Self::Marac,
        Self::Mappa,
        Self::Matac,
        Self::Iom,
        Self::Daily,
        Self::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Self::Marac => "marac",
            Self::Mappa => "mappa",
            Self::Matac => "matac",
            Self::Iom => "iom",
            Self::Daily => "daily",
            Self::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Marac => "MARAC",
            Self::Mappa => "MAPPA",
            Self::Matac => "MATAC",
            Self::Iom => "IOM",
            Self::Daily => "Daily management meeting",
            Self::Other => "Other multi-agency meeting",
        }
    }

    /// Multi-agency (rec 25), as against the unit's own daily screening (rec 12.4).
    pub fn multi_agency(self) -> bool {
        self != Self::Daily
    }
}

/// A meeting that discussed the subject, with its decisions and actions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    pub id: ItemId,
    pub kind: MeetingKind,
    pub date: NaiveDate,
    #[serde(default)]
    pub decisions: String,
    #[serde(default)]
    pub actions: Vec<MeetingAction>,
}

/// An action a meeting gave someone: a task of the plan, overdue after its due date until done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingAction {
    pub id: ItemId,
    pub action: String,
    pub owner: String,
    pub due: Option<NaiveDate>,
    pub done: Option<NaiveDate>,
    /// The action is a tactical option of the plan (it shows with Section 3's options).
    #[serde(default)]
    pub tactical: bool,
}

impl MeetingAction {
    /// The due date, when it has passed and the action is not done.
    pub fn overdue(&self, today: NaiveDate) -> Option<NaiveDate> {
        self.due.filter(|_| self.overdue_days().contains(today))
    }

    /// The days on which [`MeetingAction::overdue`] says so: after the due date, while the
    /// action is not done.
    pub fn overdue_days(&self) -> super::DayWindow {
        match self.due {
            Some(d) if self.done.is_none() => super::DayWindow::after(d),
            _ => super::DayWindow::NEVER,
        }
    }
}

/// Whether to apply for an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum SpoDecision {
    #[default]
    Apply,
    NotAppropriate,
}

impl SpoDecision {
    pub fn key(self) -> &'static str {
        match self {
            Self::Apply => "apply",
            Self::NotAppropriate => "not_appropriate",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Apply => "Apply for an order",
            Self::NotAppropriate => "Not appropriate",
        }
    }
}

/// An order considered for the subject (rec 11.2: SPOs considered, applied, granted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Consideration {
    pub id: ItemId,
    pub date: NaiveDate,
    pub by: String,
    /// The kind of order considered (an SPO, usually).
    pub kind: OrderKind,
    pub decision: SpoDecision,
    /// Why; required when not appropriate.
    #[serde(default)]
    pub reason: String,
}

/// The last date anything was recorded with a protected person: a contact, a needs assessment
/// or a Victims' Code record.
pub fn last_victim_update(s: &super::Subject, person: ItemId) -> Option<NaiveDate> {
    let contacts = s
        .victim_contacts
        .iter()
        .filter(|c| c.person == person)
        .map(|c| c.date);
    let needs = s
        .needs_assessments
        .iter()
        .filter(|c| c.person == person)
        .map(|c| c.date);
    let code = s
        .victims_code
        .iter()
        .filter(|c| c.person == person)
        .map(|c| c.date);
    contacts.chain(needs).chain(code).max()
}

/// The events a protected person should hear about: breaches, reviews and order events
/// (applied, made, served, varied, renewed, discharged, refused), with their dates.
pub fn victim_events(s: &super::Subject) -> Vec<(NaiveDate, &'static str)> {
    let mut out: Vec<(NaiveDate, &'static str)> = Vec::new();
    out.extend(s.breaches.iter().map(|b| (b.at.date(), "breach")));
    out.extend(s.reviews.iter().map(|r| (r.date, "review")));
    for o in &s.orders {
        let dates = [
            (o.applied, "order applied for"),
            (o.made, "order made"),
            (o.served, "order served"),
            (o.discharged, "order discharged"),
            (o.refused, "order refused"),
        ];
        out.extend(dates.iter().filter_map(|(d, w)| d.map(|d| (d, *w))));
        out.extend(
            o.variations
                .iter()
                .map(|v| (v.date, "order varied or renewed")),
        );
    }
    out
}

/// A protected person who has not been updated within `days` of an event about the subject:
/// the person, the event and its date, and the date the update was due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VictimUpdateDue {
    pub person: ItemId,
    pub event: &'static str,
    pub event_date: NaiveDate,
    pub due: NaiveDate,
}

/// The protected persons (named victims, not those protected by proxy) whose last update is
/// older than an event more than `days` ago. Only events up to `today` count.
pub fn victim_updates_due(s: &super::Subject, days: u32, today: NaiveDate) -> Vec<VictimUpdateDue> {
    let mut out = victim_updates_pending(s, days);
    out.retain(|u| u.due < today);
    out
}

/// The update each named protected person is owed, whatever the day: the earliest event since
/// their last update, and when the update falls due. [`victim_updates_due`] on a day is those
/// whose due date has passed (an event counts from its own day, which is never after its due
/// date, so the earliest event is the same whichever day asks).
pub fn victim_updates_pending(s: &super::Subject, days: u32) -> Vec<VictimUpdateDue> {
    let events = victim_events(s);
    let mut out = Vec::new();
    for p in s.protected_persons.iter().filter(|p| !p.by_proxy) {
        let last = last_victim_update(s, p.id);
        let pending = events
            .iter()
            .filter(|(d, _)| last.is_none_or(|l| l < *d))
            .min_by_key(|(d, _)| *d);
        if let Some((d, what)) = pending {
            let due = d
                .checked_add_days(chrono::Days::new(days.into()))
                .unwrap_or(*d);
            out.push(VictimUpdateDue {
                person: p.id,
                event: what,
                event_date: *d,
                due,
            });
        }
    }
    out
}

/// Named protected persons without a needs assessment `days` after the first order was made
/// (or, with no order made, after the plan opened): the person and the date it was due.
pub fn needs_assessments_due(
    s: &super::Subject,
    days: u32,
    today: NaiveDate,
) -> Vec<(ItemId, NaiveDate)> {
    let mut out = needs_assessments_pending(s, days);
    out.retain(|(_, due)| *due < today);
    out
}

/// The named protected persons without a needs assessment and the date one is due, whatever
/// the day: [`needs_assessments_due`] on a day is those whose date has passed.
pub fn needs_assessments_pending(s: &super::Subject, days: u32) -> Vec<(ItemId, NaiveDate)> {
    let start = s
        .orders
        .iter()
        .filter_map(|o| o.made)
        .min()
        .unwrap_or(s.opened);
    let due = start
        .checked_add_days(chrono::Days::new(days.into()))
        .unwrap_or(start);
    s.protected_persons
        .iter()
        .filter(|p| !p.by_proxy)
        .filter(|p| !s.needs_assessments.iter().any(|n| n.person == p.id))
        .map(|p| (p.id, due))
        .collect()
}
