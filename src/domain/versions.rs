//! Signed-off is final: versions of reviews and risk assessments.
//!
//! A review or assessment once decided (approved, or returned to its author) is never changed in
//! place. Changing it adds a new version that names the one it revises
//! ([`Review::supersedes`], [`RiskAssessment::supersedes`]) and awaits sign-off; the decided
//! one stays as it was. The versions of one record form a chain: its **head** is the version no
//! other revises; returned rounds and earlier approvals sit behind it.
//!
//! Which assessment counts ([`Subject::current_assessment`]): the latest chain's newest
//! approved version, or its head when none was approved (a new assessment counts at once, as
//! before sign-off existed). A revision awaiting sign-off may raise the subject's risk at once
//! but lowers it only when approved ([`Subject::current_risk`]).
//!
//! [`revise`] turns an edit of a decided record into a new version; [`check_final`] is the
//! control the store applies to every write, so no screen, command or import file can change
//! a decided record.
use super::{
    ItemId, Review, RiskAssessment, RiskLevel, RuleError, SignOff, SignOffStatus, SignTarget,
    Subject, fmt_date, next_id,
};

/// Something with a sign-off that can be revised.
pub trait Versioned {
    fn id(&self) -> ItemId;
    fn supersedes(&self) -> Option<ItemId>;
    fn sign_off(&self) -> &SignOff;
    fn set_sign_off(&mut self, sign_off: SignOff);
    /// Make this the next version of `of`, as `id`, awaiting sign-off.
    fn become_revision(&mut self, id: ItemId, of: ItemId) {
        self.set_id(id, Some(of));
        self.set_sign_off(SignOff::default());
    }
    fn set_id(&mut self, id: ItemId, supersedes: Option<ItemId>);
    /// The day the record is of (named in messages).
    fn day(&self) -> chrono::NaiveDate;
}

/// Reviews and assessments are versioned the same way, through the same fields.
macro_rules! versioned {
    ($($t:ty),*) => {$(
        impl Versioned for $t {
            fn id(&self) -> ItemId {
                self.id
            }
            fn supersedes(&self) -> Option<ItemId> {
                self.supersedes
            }
            fn sign_off(&self) -> &SignOff {
                &self.sign_off
            }
            fn set_sign_off(&mut self, sign_off: SignOff) {
                self.sign_off = sign_off;
            }
            fn set_id(&mut self, id: ItemId, supersedes: Option<ItemId>) {
                self.id = id;
                self.supersedes = supersedes;
            }
            fn day(&self) -> chrono::NaiveDate {
                self.date
            }
        }
    )*};
}

versioned!(Review, RiskAssessment);

/// Whether another version in `list` revises the one with `id`.
pub fn is_superseded<T: Versioned>(list: &[T], id: ItemId) -> bool {
    list.iter().any(|x| x.supersedes() == Some(id))
}

/// The versions no other revises, in list order.
pub fn heads<T: Versioned>(list: &[T]) -> impl Iterator<Item = &T> {
    list.iter().filter(|x| !is_superseded(list, x.id()))
}

/// The chain ending at `head`: `head` first, then the version it revises, and so on. Stops at
/// a missing or repeated id (a damaged chain never loops).
pub fn chain<'a, T: Versioned>(list: &'a [T], head: &'a T) -> Vec<&'a T> {
    let mut out = vec![head];
    let mut next = head.supersedes();
    while let Some(id) = next {
        match list.iter().find(|x| x.id() == id) {
            Some(x) if !out.iter().any(|o| o.id() == id) => {
                out.push(x);
                next = x.supersedes();
            }
            _ => break,
        }
    }
    out
}

/// The version of `head`'s chain that counts: the newest approved one, else the head.
pub fn effective<'a, T: Versioned>(list: &'a [T], head: &'a T) -> &'a T {
    chain(list, head)
        .into_iter()
        .find(|x| x.sign_off().status == SignOffStatus::Approved)
        .unwrap_or(head)
}

/// The head of the chain `id` belongs to (`None` for an unknown id).
pub fn head_of<T: Versioned>(list: &[T], id: ItemId) -> Option<&T> {
    heads(list).find(|h| chain(list, h).iter().any(|x| x.id() == id))
}

impl Subject {
    /// The newest assessment chain's head (by date, the later in the list on a tie).
    pub fn latest_assessment(&self) -> Option<&RiskAssessment> {
        self.assessments
            .iter()
            .enumerate()
            .filter(|(_, a)| !is_superseded(&self.assessments, a.id))
            .max_by_key(|(i, a)| (a.date, *i))
            .map(|(_, a)| a)
    }

    /// The current risk assessment: the one that counts in the newest chain (see the module
    /// docs): its newest approved version, else its head.
    pub fn current_assessment(&self) -> Option<&RiskAssessment> {
        self.latest_assessment()
            .map(|head| effective(&self.assessments, head))
    }

    /// The subject's risk: the highest level of the current assessment, raised (never lowered)
    /// by a revision awaiting sign-off.
    pub fn current_risk(&self) -> Option<RiskLevel> {
        let head = self.latest_assessment()?;
        let current = effective(&self.assessments, head).highest();
        if head.sign_off.status == SignOffStatus::Approved {
            return current;
        }
        current.max(head.highest()).or(current)
    }

    /// The newest approved review, for the plan document.
    pub fn latest_approved_review(&self) -> Option<&Review> {
        self.reviews
            .iter()
            .enumerate()
            .filter(|(_, r)| r.sign_off.status == SignOffStatus::Approved)
            .max_by_key(|(i, r)| (r.date, *i))
            .map(|(_, r)| r)
    }

    /// The newest review chain's head (by date), whatever its status.
    pub fn latest_review(&self) -> Option<&Review> {
        self.reviews
            .iter()
            .enumerate()
            .filter(|(_, r)| !is_superseded(&self.reviews, r.id))
            .max_by_key(|(i, r)| (r.date, *i))
            .map(|(_, r)| r)
    }
}

/// Whether a record with this sign-off is final: decided, so never changed in place.
pub fn is_final(so: &SignOff) -> bool {
    so.status != SignOffStatus::Awaiting
}

/// Make an edit of a decided review or assessment a new version.
///
/// `changed` is `base` with the record `target` edited in place (as a form applies it). When the
/// record is decided in `base` (approved or returned), the result keeps it exactly as it was and
/// adds the edited content as a new version: a fresh id, `supersedes` the decided one, awaiting
/// sign-off. A record awaiting sign-off is edited in place (it stays awaiting). Returns the
/// result and the id of the version holding the edit.
pub fn revise(
    base: &Subject,
    mut changed: Subject,
    target: SignTarget,
) -> Result<(Subject, ItemId), RuleError> {
    match target {
        SignTarget::Review(id) => {
            let new_id = revise_in(
                &base.reviews,
                &mut changed.reviews,
                id,
                "review",
                RuleError::UnknownReview(id),
            )?;
            Ok((changed, new_id))
        }
        SignTarget::Assessment(id) => {
            let new_id = revise_in(
                &base.assessments,
                &mut changed.assessments,
                id,
                "risk assessment",
                RuleError::UnknownAssessment(id),
            )?;
            Ok((changed, new_id))
        }
        SignTarget::Plan => Ok((changed, 0)),
    }
}

/// A decided version already revised is history: the change goes on the newest version.
/// [`revise`] on one list: `changed` holds the edit of record `id` of `base`. A record not
/// decided keeps its sign-off and is changed in place; a decided one is put back as it was and
/// the edit appended as its next version. Returns the id that holds the edit.
fn revise_in<T: Versioned + Clone + PartialEq>(
    base: &[T],
    changed: &mut Vec<T>,
    id: ItemId,
    what: &str,
    unknown: RuleError,
) -> Result<ItemId, RuleError> {
    let Some(old) = base.iter().find(|r| r.id() == id) else {
        return Err(unknown);
    };
    let Some(pos) = changed.iter().position(|r| r.id() == id) else {
        return Err(unknown);
    };
    if !is_final(old.sign_off()) {
        // The sign-off is not the form's to change: the stored one stays.
        changed[pos].set_sign_off(old.sign_off().clone());
        return Ok(id);
    }
    let mut new = std::mem::replace(&mut changed[pos], old.clone());
    if new == *old {
        return Ok(id);
    }
    refuse_second_revision(base, id, what, old.day())?;
    let new_id = next_id(changed.iter().map(Versioned::id));
    new.become_revision(new_id, id);
    changed.push(new);
    Ok(new_id)
}

fn refuse_second_revision<T: Versioned>(
    list: &[T],
    id: ItemId,
    what: &str,
    date: chrono::NaiveDate,
) -> Result<(), RuleError> {
    match list.iter().find(|x| x.supersedes() == Some(id)) {
        None => Ok(()),
        Some(newer) => Err(RuleError::Superseded {
            what: format!("the {what} of {}", fmt_date(date)),
            newer: newer.id(),
        }),
    }
}

/// The plan as approved: the subject without what has sign-offs of its own or changes by the
/// day (assessments, reviews, breaches, visits, review dates, notification clocks, and the
/// victim side's records: contacts, needs assessments, Victims' Code records, referrals,
/// meetings, orders considered, screenings). A protected person's contact preferences and safe
/// contact are the plan's.
fn plan_content(s: &Subject) -> Subject {
    let mut out = s.clone();
    out.assessments.clear();
    out.reviews.clear();
    out.breaches.clear();
    out.visits.clear();
    out.victim_contacts.clear();
    out.needs_assessments.clear();
    out.victims_code.clear();
    out.referrals.clear();
    out.meetings.clear();
    out.considerations.clear();
    out.screenings.clear();
    out.next_review = None;
    out.reassessment_due = None;
    out.plan_sign_off = None;
    for o in &mut out.orders {
        o.notifications.clear();
    }
    out
}

/// Whether the plan itself differs between two versions of a subject.
pub fn plan_changed(old: &Subject, new: &Subject) -> bool {
    plan_content(old) != plan_content(new)
}

/// A change to an approved plan starts a new version awaiting sign-off (the approved one
/// stays in the record's history). Anything else is returned as it is.
pub fn reopen_plan(base: &Subject, mut changed: Subject) -> Subject {
    let approved = base
        .plan_sign_off
        .as_ref()
        .is_some_and(|so| so.status == SignOffStatus::Approved);
    if approved && changed.plan_sign_off == base.plan_sign_off && plan_changed(base, &changed) {
        changed.plan_sign_off = Some(SignOff::default());
    }
    changed
}

/// Submit the plan for sign-off (or resubmit a returned one).
pub fn submit_plan(subject: &Subject) -> Result<Subject, RuleError> {
    match subject.plan_sign_off.as_ref().map(|so| so.status) {
        Some(SignOffStatus::Awaiting) => Err(RuleError::AlreadyDecided {
            what: "the plan".to_string(),
            status: SignOffStatus::Awaiting.label(),
        }),
        Some(SignOffStatus::Approved) => Err(RuleError::AlreadyDecided {
            what: "the plan".to_string(),
            status: SignOffStatus::Approved.label(),
        }),
        None | Some(SignOffStatus::Returned) => {
            let mut out = subject.clone();
            out.plan_sign_off = Some(SignOff::default());
            Ok(out)
        }
    }
}

/// The store's control: a decided review or assessment is never changed or removed, and an
/// approved plan is not changed while still marked approved. `old` is the stored record. An
/// assessment's tactical options are not part of what is final (they are actions tracked as
/// they happen).
pub fn check_final(old: &Subject, new: &Subject) -> Result<(), RuleError> {
    fn each<T: Versioned + PartialEq>(
        old: &[T],
        new: &[T],
        what: &str,
        date: impl Fn(&T) -> chrono::NaiveDate,
    ) -> Result<(), RuleError> {
        for o in old.iter().filter(|o| is_final(o.sign_off())) {
            if !new.iter().any(|n| n == o) {
                return Err(RuleError::Final {
                    what: format!("the {what} of {}", fmt_date(date(o))),
                    status: o.sign_off().status.label(),
                });
            }
        }
        Ok(())
    }
    each(&old.reviews, &new.reviews, "review", |r| r.date)?;
    // An assessment's judgement is final; its tactical options are actions tracked as they
    // happen (their status, owner and due date change without a new version).
    let judgement = |list: &[RiskAssessment]| -> Vec<RiskAssessment> {
        list.iter()
            .map(|a| RiskAssessment {
                tactical_options: Vec::new(),
                ..a.clone()
            })
            .collect()
    };
    each(
        &judgement(&old.assessments),
        &judgement(&new.assessments),
        "risk assessment",
        |a| a.date,
    )?;
    let approved = |s: &Subject| {
        s.plan_sign_off
            .as_ref()
            .is_some_and(|so| so.status == SignOffStatus::Approved)
    };
    if approved(old) && approved(new) && plan_changed(old, new) {
        return Err(RuleError::Final {
            what: "the approved plan".to_string(),
            status: SignOffStatus::Approved.label(),
        });
    }
    Ok(())
}

/// The record `target` points at, as (what it is, its sign-off, its author), for messages.
pub fn sign_target_info(subject: &Subject, target: SignTarget) -> Option<(String, &SignOff, &str)> {
    match target {
        SignTarget::Review(id) => subject.reviews.iter().find(|r| r.id == id).map(|r| {
            (
                format!("the review of {}", fmt_date(r.date)),
                &r.sign_off,
                r.reviewer.as_str(),
            )
        }),
        SignTarget::Assessment(id) => subject.assessments.iter().find(|a| a.id == id).map(|a| {
            (
                format!("the risk assessment of {}", fmt_date(a.date)),
                &a.sign_off,
                a.assessor.as_str(),
            )
        }),
        SignTarget::Plan => subject
            .plan_sign_off
            .as_ref()
            .map(|so| ("the plan".to_string(), so, "")),
    }
}

/// What changed in `target` since the version it revises (the last round, or the approved
/// version it changes), as history changes on its own path (`reviews[id 3].summary`); `None`
/// for a first version. Sign-off fields are left out: the decision is not the author's change.
pub fn round_changes(subject: &Subject, target: SignTarget) -> Option<Vec<super::Change>> {
    let mut before = subject.clone();
    let mut after = subject.clone();
    match target {
        SignTarget::Review(id) => {
            let new = subject.reviews.iter().find(|r| r.id == id)?;
            let old = subject
                .reviews
                .iter()
                .find(|r| Some(r.id) == new.supersedes)?;
            before.reviews = vec![Review {
                id: new.id,
                supersedes: new.supersedes,
                sign_off: new.sign_off.clone(),
                ..old.clone()
            }];
            after.reviews = vec![new.clone()];
        }
        SignTarget::Assessment(id) => {
            let new = subject.assessments.iter().find(|a| a.id == id)?;
            let old = subject
                .assessments
                .iter()
                .find(|a| Some(a.id) == new.supersedes)?;
            before.assessments = vec![RiskAssessment {
                id: new.id,
                supersedes: new.supersedes,
                sign_off: new.sign_off.clone(),
                ..old.clone()
            }];
            after.assessments = vec![new.clone()];
        }
        SignTarget::Plan => return None,
    }
    Some(super::changes(Some(&before), &after))
}
