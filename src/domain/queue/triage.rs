//! A subject as the caseload screens keep it: what the queue, the list row, the alphabetical
//! order, the identifier clash check and the duplicate finder read, worked out once on a day
//! under a policy. A caseload of 100,000 subjects is held as these (a few hundred bytes each)
//! instead of as summaries (several kilobytes each); the rules stay where they are and run on
//! the summary when the triage is made.
use std::collections::HashSet;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::rules::{self, Pending};
use super::{QueueEntry, QueueFilter, QueueView, Reason};
use crate::domain::{
    DayWindow, Identified, Identifier, OrderKind, Policy, ReviewDue, RiskLevel, Subject, SubjectId,
};

/// What the caseload keeps of a subject, worked out once under a policy and read on any day
/// ([`Digest::triage`]): the identity the list shows and the duplicate finder compares, the
/// orders with the days each is in force, the risk, the next review date and every reason the
/// rules find with the days it applies (`rules::outlook`). Dates are day numbers in the
/// store's codec, so a stored digest decodes without parsing text. The store keeps one beside
/// each record (`store/digests.rs`) so a caseload opens without decoding its summaries; the
/// triage of a whole subject goes through a digest too ([`Triage::of`]), so both are the same.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Digest {
    pub id: SubjectId,
    pub family_name: String,
    pub given_names: String,
    pub aliases: Vec<String>,
    #[serde(with = "crate::domain::day_number_opt")]
    pub date_of_birth: Option<NaiveDate>,
    pub pnc_id: Option<String>,
    pub niche_ref: Option<String>,
    pub officer: Option<String>,
    pub officer_user: Option<String>,
    /// Every order made, with the days it is in force.
    orders_in_force: Vec<(OrderKind, DayWindow)>,
    orders: u32,
    reviews: u32,
    assessed_risk: Option<RiskLevel>,
    risk: Option<RiskLevel>,
    #[serde(with = "crate::domain::day_number")]
    next_review: NaiveDate,
    pending: Vec<Pending>,
}

impl Digest {
    /// `subject` (a whole record or its summary: the same digest) under `config`.
    pub fn of(subject: &Subject, config: &Policy) -> Self {
        let outlook = rules::outlook(subject, config);
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Self {
            id: subject.id,
            family_name: subject.family_name.clone(),
            given_names: subject.given_names.clone(),
            aliases: subject.aliases.clone(),
            date_of_birth: subject.date_of_birth,
            pnc_id: subject.pnc_id.clone(),
            niche_ref: subject.niche_ref.clone(),
            officer: subject.officer.clone(),
            officer_user: subject.officer_user.clone(),
            orders_in_force: subject
                .orders
                .iter()
                .map(|o| (o.kind.clone(), o.active_days()))
                .filter(|(_, days)| !days.is_empty())
                .collect(),
            orders: count(subject.orders.len()),
            reviews: count(subject.reviews.len()),
            assessed_risk: outlook.risk,
            risk: subject.current_risk(),
            next_review: outlook.next_review,
            pending: outlook.pending,
        }
    }

    /// The subject's triage on `today`.
    pub fn triage(&self, today: NaiveDate) -> Triage {
        self.clone().into_triage(today)
    }

    /// [`Digest::triage`], keeping the digest's strings.
    pub fn into_triage(self, today: NaiveDate) -> Triage {
        Triage {
            reasons: rules::reasons_on(&self.pending, today).into_boxed_slice(),
            id: self.id,
            family_name: self.family_name.into_boxed_str(),
            given_names: self.given_names.into_boxed_str(),
            aliases: self
                .aliases
                .into_iter()
                .map(String::into_boxed_str)
                .collect(),
            date_of_birth: self.date_of_birth,
            pnc_id: self.pnc_id.map(String::into_boxed_str),
            niche_ref: self.niche_ref.map(String::into_boxed_str),
            officer: self.officer.map(Arc::from),
            officer_user: self.officer_user.map(Arc::from),
            orders_in_force: self
                .orders_in_force
                .into_iter()
                .filter(|(_, days)| days.contains(today))
                .map(|(kind, _)| kind)
                .collect(),
            orders: self.orders,
            reviews: self.reviews,
            assessed_risk: self.assessed_risk,
            risk: self.risk,
            review: ReviewDue::at(self.next_review, today),
        }
    }
}

/// See the module documentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Triage {
    pub id: SubjectId,
    /// Strings and lists are boxed (no spare capacity, 8 bytes less each than a `String` or a
    /// `Vec`): a large caseload holds a triage per subject (17 MB at 300,000 subjects).
    pub family_name: Box<str>,
    pub given_names: Box<str>,
    pub aliases: Box<[Box<str>]>,
    pub date_of_birth: Option<NaiveDate>,
    pub pnc_id: Option<Box<str>>,
    pub niche_ref: Option<Box<str>>,
    /// The officer in charge as written, and the login of the user linked: one string shared
    /// by every subject of the same officer (see [`Triage::share_officers`]).
    pub officer: Option<Arc<str>>,
    pub officer_user: Option<Arc<str>>,
    /// The kinds of the orders in force on the day.
    pub orders_in_force: Box<[OrderKind]>,
    /// How many orders and reviews the record holds (to tell two records apart).
    pub orders: u32,
    pub reviews: u32,
    /// The highest level of the current assessment (what the queue ranks by).
    pub assessed_risk: Option<RiskLevel>,
    /// The subject's risk as the list shows it ([`Subject::current_risk`]: raised by a revision
    /// awaiting sign-off).
    pub risk: Option<RiskLevel>,
    /// When the next review is due, and whether it is overdue.
    pub review: ReviewDue,
    /// Why the subject needs attention on the day, in tier order; empty when it does not.
    pub reasons: Box<[Reason]>,
}

impl Triage {
    /// `subject` (a whole record or its summary: the same triage) on `today` under `config`.
    pub fn of(subject: &Subject, config: &Policy, today: NaiveDate) -> Self {
        Digest::of(subject, config).into_triage(today)
    }

    /// Take the officer's strings from `shared` (adding them when new), so the subjects of one
    /// officer hold one copy: a caseload has few officers and many subjects.
    pub fn share_officers(&mut self, shared: &mut HashSet<Arc<str>>) {
        for name in [&mut self.officer, &mut self.officer_user]
            .into_iter()
            .flatten()
        {
            match shared.get(&**name) {
                Some(same) => *name = Arc::clone(same),
                None => {
                    // A copy of its own, so the old string's memory goes with the old triage.
                    let own: Arc<str> = Arc::from(&**name);
                    shared.insert(Arc::clone(&own));
                    *name = own;
                }
            }
        }
    }

    /// "FAMILY, Given" (as [`Subject::display_name`]).
    pub fn display_name(&self) -> String {
        super::display_name(&self.family_name, &self.given_names)
    }

    /// The next review date.
    pub fn next_review(&self) -> NaiveDate {
        self.review.date()
    }

    /// Whether the subject's officer in charge is the user `login`: linked as the officer user,
    /// or named by the login in the officer text (records from before officers were users).
    pub fn is_officers(&self, login: &str) -> bool {
        let login = login.trim();
        if login.is_empty() {
            return false;
        }
        self.officer_user
            .as_deref()
            .is_some_and(|u| u.trim() == login)
            || self
                .officer
                .as_deref()
                .is_some_and(|o| lower(o.trim()) == lower(login))
    }

    /// Whether the officer in charge matches `wanted`: part of the officer as written, or of the
    /// login of the user linked, ignoring case.
    fn officer_matches(&self, wanted: &str) -> bool {
        let wanted = lower(wanted.trim());
        if wanted.is_empty() {
            return true;
        }
        [self.officer.as_deref(), self.officer_user.as_deref()]
            .into_iter()
            .flatten()
            .any(|o| lower(o).contains(&wanted))
    }

    /// The queue's row for this subject, if `filter` admits it (see [`QueueFilter`]).
    pub fn entry(&self, filter: &QueueFilter) -> Option<QueueEntry> {
        filter.admits(self).then(|| self.queue_entry())
    }

    /// The queue's row for this subject, whether or not a filter would admit it.
    pub fn queue_entry(&self) -> QueueEntry {
        QueueEntry {
            subject: self.id,
            name: self.display_name(),
            pnc: self.pnc_id.as_deref().map(str::to_string),
            officer: self.officer.as_deref().map(str::to_string),
            risk: self.assessed_risk,
            next_review: self.next_review(),
            reasons: self.reasons.to_vec(),
        }
    }
}

fn lower(s: &str) -> String {
    s.chars().flat_map(char::to_lowercase).collect()
}

impl QueueFilter {
    /// Whether the subject belongs in the queue under this filter: it has a reason and passes
    /// every narrowing set.
    pub fn admits(&self, t: &Triage) -> bool {
        if t.reasons.is_empty() {
            return false;
        }
        match &self.view {
            QueueView::Mine(login) if !t.is_officers(login) => return false,
            QueueView::DueIn7Days
                if !t.reasons.iter().any(|r| {
                    matches!(
                        r.kind(),
                        super::ReasonKind::ReviewOverdue | super::ReasonKind::ReviewDueSoon
                    )
                }) =>
            {
                return false;
            }
            _ => {}
        }
        if let Some(officer) = &self.officer
            && !t.officer_matches(officer)
        {
            return false;
        }
        if let Some(kind) = &self.order_kind
            && !t.orders_in_force.contains(kind)
        {
            return false;
        }
        if let Some(min) = self.risk
            && t.assessed_risk.is_none_or(|r| r < min)
        {
            return false;
        }
        self.reasons.is_empty() || t.reasons.iter().any(|r| self.reasons.contains(&r.kind()))
    }
}

impl Identified for Triage {
    fn subject_id(&self) -> SubjectId {
        self.id
    }

    fn identifier(&self, which: Identifier) -> Option<&str> {
        match which {
            Identifier::Pnc => self.pnc_id.as_deref(),
            Identifier::Niche => self.niche_ref.as_deref(),
        }
    }

    fn name(&self) -> String {
        self.display_name()
    }
}
