//! Items of the plan: the form for one, saving it, creating a subject, deleting an item.
//!
//! Saving is the one path every change of an item takes: the form's values are parsed and
//! applied to the subject as it was when the form opened (`edit::apply`), the domain rule of
//! the item's kind runs on the result ([`rules`]: a breach raises re-assessment), and the store
//! commits it if nobody saved the subject since (one transaction: record, history, audit).
use chrono::NaiveDate;

use super::{OpsError, Saved, breach};
use crate::domain::{
    self, ItemId, ItemKind, Policy, RuleError, SignTarget, Subject, SubjectId, Target,
};
use crate::edit::{self, FieldIssue, FieldSpec};
use crate::store::{Commit, Store, StoreError};

/// The subject as stored now and its revision, read together.
pub fn load(store: &Store, id: SubjectId) -> Result<(Subject, u64), OpsError> {
    store.load_versioned(id)?.ok_or(OpsError::Gone(id))
}

/// What a form shows: its title, its fields and their values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub title: String,
    pub fields: Vec<FieldSpec>,
    pub values: Vec<String>,
    /// Read-only lines shown above the fields (what is being decided, and why).
    pub context: Vec<String>,
}

/// The form for `target` on `base` (`None`: the form of a new subject). A screening's form
/// is built from policy's instrument (the `target.parent`th, else the first).
pub fn form(
    base: Option<&Subject>,
    target: Target,
    policy: &Policy,
    today: NaiveDate,
) -> Result<Form, OpsError> {
    let blank;
    let subject = match base {
        Some(s) => s,
        None => {
            blank = Subject::new(0, "", "", today);
            &blank
        }
    };
    if target.kind == ItemKind::Screening {
        if target.id.is_some() {
            return Err(OpsError::refused(edit::EditError::UseScreening.to_string()));
        }
        let inst = super::screening::instrument(policy, target.parent)?;
        return Ok(super::screening::form(subject, inst, today));
    }
    let mut fields = edit::fields(target.kind, subject);
    if target.kind == ItemKind::Referral
        && let Some(f) = fields.iter_mut().find(|f| f.key == "service")
    {
        f.help = format!("One of: {}", policy.referral_services.join(", "));
    }
    let values =
        edit::values(subject, &target, today).map_err(|e| OpsError::refused(e.to_string()))?;
    let verb = if target.id.is_some() { "Edit" } else { "New" };
    let who = match base {
        Some(s) => format!(": {}", crate::text::line(&s.display_name())),
        None => String::new(),
    };
    let title = format!(
        "{verb} {}{who}",
        edit::kind_label(target.kind).to_lowercase()
    );
    let context = match base {
        Some(s) => context(s, &target),
        None => Vec::new(),
    };
    Ok(Form {
        title,
        fields,
        values,
        context,
    })
}

/// Lines above an item's form that say what saving it will do: a re-assessment that must
/// answer a breach, a decided assessment that becomes a new version, an approved plan that
/// goes back to awaiting sign-off.
fn context(s: &Subject, target: &Target) -> Vec<String> {
    let mut out = Vec::new();
    if target.kind == ItemKind::Assessment {
        if target.id.is_none() && s.needs_reassessment() {
            let since = s
                .reassessment_due
                .or_else(|| s.breaches.iter().map(|b| b.at.date()).max())
                .map(domain::fmt_date)
                .unwrap_or_default();
            out.push(format!(
                "RE-ASSESSMENT REQUIRED after the breach on {since}: say in Breach response how \
                 the risk was re-considered, even if the levels stay the same."
            ));
        }
        if let Some(a) = target
            .id
            .and_then(|id| s.assessments.iter().find(|a| a.id == id))
            && domain::is_final(&a.sign_off)
        {
            out.push(format!(
                "This assessment is {} ({}): it stays as it is; saving starts a new version \
                 that awaits sign-off.",
                a.sign_off.status.label(),
                a.sign_off.signer_text()
            ));
            if a.sign_off.status == domain::SignOffStatus::Returned {
                out.push(format!(
                    "Comment: {}",
                    crate::text::line(a.sign_off.comment.trim())
                ));
            }
        }
    }
    let plan_part = !matches!(
        target.kind,
        ItemKind::Assessment
            | ItemKind::TacticalOption
            | ItemKind::Visit
            | ItemKind::Breach
            | ItemKind::Review
            | ItemKind::Notification
            | ItemKind::VictimContact
            | ItemKind::NeedsAssessment
            | ItemKind::VictimsCode
            | ItemKind::Referral
            | ItemKind::Meeting
            | ItemKind::MeetingAction
            | ItemKind::Consideration
            | ItemKind::Screening
    );
    if plan_part
        && s.plan_sign_off
            .as_ref()
            .is_some_and(|so| so.status == domain::SignOffStatus::Approved)
    {
        out.push(
            "The plan is approved: a change puts it back to awaiting sign-off (the approved \
             version stays in the history)."
                .to_string(),
        );
    }
    out
}

/// What was done, for the history and the audit log. The audit log outlives an erased record,
/// so it says what was done and never whose name (the subject's id is on the entry).
pub fn summary(target: &Target) -> String {
    let what = edit::kind_label(target.kind).to_lowercase();
    match (target.kind, target.id) {
        (ItemKind::Subject, None) => "Created the subject".to_string(),
        (_, None) => format!("Added {what}"),
        (_, Some(_)) => format!("Edited {what}"),
    }
}

/// Warnings after saving `subject`'s identity: another stored subject with its PNC ID or Niche
/// reference (almost certainly the same person entered twice). A warning, not a refusal: the
/// save stands. The TUI checks the subjects it has loaded with the same domain rule.
pub fn identifier_warnings(store: &Store, subject: &Subject) -> Result<Vec<String>, OpsError> {
    let others = store.load_all()?;
    Ok(crate::domain::identifier_clashes(subject, &others)
        .iter()
        .map(|c| format!("Warning: {c}: check it is not the same person"))
        .collect())
}

/// An item form to save on an existing subject.
#[derive(Debug, Clone, Copy)]
pub struct SaveItem<'a> {
    /// The subject as it was when the form opened, and its revision then.
    pub base: &'a Subject,
    pub version: u64,
    pub target: Target,
    pub values: &'a [String],
}

/// Save an item form: parse and apply it, run its kind's domain rule, commit. A subject saved
/// by someone else since the form opened is merged field by field ([`super::merge`]); changes
/// to the same fields are [`OpsError::Merge`] (nothing written) for the user to choose.
pub fn save(
    store: &mut Store,
    policy: &Policy,
    today: NaiveDate,
    input: SaveItem<'_>,
) -> Result<Saved, OpsError> {
    if input.target.kind == ItemKind::Screening {
        if input.target.id.is_some() {
            return Err(OpsError::refused(edit::EditError::UseScreening.to_string()));
        }
        let t = input.target;
        return super::screening::save(
            store,
            policy,
            today,
            input.base,
            input.version,
            t.parent,
            input.values,
        );
    }
    let mut changed = changed(input.base, &input.target, input.values, policy, today)?;
    if input.target.kind == ItemKind::Subject {
        link_officer(store, Some(input.base), &mut changed)?;
    }
    let summary = summary(&input.target);
    super::merge::commit(store, input.base, input.version, &changed, &summary)
}

/// The officer in charge as typed, linked to a user of the store when it names one: their
/// login, display name, number or rank-and-name (ignoring case), or a part of one of these
/// that only one enabled user matches. A linked officer is written as the user's rank, name
/// and number, and the subject is theirs in the "mine" view; anything else stays as typed (an
/// officer outside the unit). Text that matches several users is refused, naming them.
pub fn link_officer(
    store: &Store,
    base: Option<&Subject>,
    subject: &mut Subject,
) -> Result<(), OpsError> {
    let typed = subject.officer.clone().unwrap_or_default();
    let unchanged = base.is_some_and(|b| b.officer.as_deref().unwrap_or_default() == typed);
    if unchanged {
        subject.officer_user = base.and_then(|b| b.officer_user.clone());
        return Ok(());
    }
    subject.officer_user = None;
    let wanted = typed.trim().to_lowercase();
    if wanted.is_empty() {
        subject.officer = None;
        return Ok(());
    }
    let officers = super::users::officers(store)?;
    let enabled: Vec<&(String, crate::domain::Officer, bool)> =
        officers.iter().filter(|(_, _, on)| *on).collect();
    let exact: Vec<_> = enabled
        .iter()
        .filter(|(login, o, _)| {
            [
                login.as_str(),
                o.display_name.as_str(),
                o.number.as_str(),
                &o.label(login),
            ]
            .iter()
            .any(|s| !s.trim().is_empty() && s.trim().to_lowercase() == wanted)
        })
        .collect();
    let found: Vec<_> = if exact.is_empty() && wanted.chars().count() >= 3 {
        enabled
            .iter()
            .filter(|(login, o, _)| domain::officer_matches(login, o, &wanted))
            .collect()
    } else {
        exact
    };
    match found.as_slice() {
        [] => Ok(()),
        [(login, o, _)] => {
            subject.officer = Some(o.label(login));
            subject.officer_user = Some(login.clone());
            Ok(())
        }
        many => {
            let names: Vec<String> = many.iter().map(|(l, o, _)| o.label(l)).collect();
            let field = edit::fields(ItemKind::Subject, subject)
                .iter()
                .position(|f| f.key == "officer");
            Err(OpsError::Invalid(vec![FieldIssue {
                field,
                message: format!(
                    "{typed:?} matches several users ({}): type more of the name or the number",
                    names.join(", ")
                ),
            }]))
        }
    }
}

/// The subject `base` with the form applied and the domain rule of its kind run; a change to
/// an approved plan puts it back to awaiting sign-off ([`domain::reopen_plan`]).
fn changed(
    base: &Subject,
    target: &Target,
    values: &[String],
    policy: &Policy,
    today: NaiveDate,
) -> Result<Subject, OpsError> {
    let (changed, id) = edit::apply(base, target, values, today).map_err(OpsError::Invalid)?;
    let changed = rules(base, changed, target, id, policy, today).map_err(|e| {
        // A fault a field can show goes next to that field.
        let field = match &e {
            RuleError::BreachResponseRequired { .. } => Some("breach_rationale"),
            RuleError::UnknownService { .. } => Some("service"),
            _ => None,
        };
        let fields = edit::fields(target.kind, base);
        match field.and_then(|f| fields.iter().position(|s| s.key == f)) {
            Some(i) => OpsError::Invalid(vec![FieldIssue {
                field: Some(i),
                message: e.to_string(),
            }]),
            None => OpsError::Invalid(OpsError::from(e).into_issues()),
        }
    })?;
    Ok(domain::reopen_plan(base, changed))
}

/// The domain rule that goes with a change of `target`'s kind. Exhaustive: a new kind of item
/// must say here whether a rule applies to it.
///
/// - a breach raises re-assessment and brings the review forward ([`breach::apply`]);
/// - an edit of a decided risk assessment becomes a new version awaiting sign-off
///   ([`domain::revise`]), and any new assessment while re-assessment is due answers the breach
///   ([`domain::check_breach_response`]);
/// - serving an order starts the notification clocks policy names for its kind.
fn rules(
    base: &Subject,
    changed: Subject,
    target: &Target,
    id: ItemId,
    policy: &Policy,
    today: NaiveDate,
) -> Result<Subject, RuleError> {
    use ItemKind as K;
    match target.kind {
        K::Breach => breach::apply(base, &changed, id, target.id.is_none(), policy, today),
        K::Assessment => {
            let changed = match target.id {
                Some(id) => domain::revise(base, changed, SignTarget::Assessment(id))?.0,
                None => changed,
            };
            domain::check_breach_response(base, &changed)?;
            Ok(changed)
        }
        K::Order => {
            let mut changed = changed;
            let was_served = base.order(id).and_then(|o| o.served);
            if let Some(order) = changed.orders.iter_mut().find(|o| o.id == id) {
                let clocks = policy.clocks_for(&order.kind);
                order.start_service_clocks(was_served, &clocks);
            }
            Ok(changed)
        }
        K::Referral => {
            let mut changed = changed;
            if let Some(r) = changed.referrals.iter_mut().find(|r| r.id == id) {
                match policy.referral_service(&r.service) {
                    Some(name) => r.service = name.to_string(),
                    None => {
                        return Err(RuleError::UnknownService {
                            typed: r.service.clone(),
                            services: policy.referral_services.join(", "),
                        });
                    }
                }
            }
            Ok(changed)
        }
        K::Subject
        | K::Address
        | K::Narrative
        | K::Variation
        | K::Condition
        | K::Notification
        | K::ProtectedPerson
        | K::IndexOffence
        | K::Safeguarding
        | K::Investigation
        | K::Device
        | K::SocialAccount
        | K::Vehicle
        | K::Relationship
        | K::Strategy
        | K::ManagementNotes
        | K::TacticalOption
        | K::Visit
        | K::Review
        | K::VictimContact
        | K::NeedsAssessment
        | K::VictimsCode
        | K::Meeting
        | K::MeetingAction
        | K::Consideration
        | K::Screening => Ok(changed),
    }
}

/// Create a subject from the new-subject form. The store picks its id inside the write
/// transaction, so two people creating subjects at once never collide.
pub fn create_subject(
    store: &mut Store,
    today: NaiveDate,
    values: &[String],
) -> Result<Saved, OpsError> {
    let target = Target::new_item(ItemKind::Subject, None);
    let blank = Subject::new(0, "", "", today);
    let (mut subject, _) =
        edit::apply(&blank, &target, values, today).map_err(OpsError::Invalid)?;
    link_officer(store, None, &mut subject)?;
    let summary = summary(&target);
    store.insert_new(&mut subject, &summary)?;
    Ok(Saved {
        subject,
        version: 1,
        summary,
        merged: None,
    })
}

/// Delete the item `target` from `base` (read at `version`). Refused while something else in
/// the plan refers to it.
pub fn delete(
    store: &mut Store,
    base: &Subject,
    version: u64,
    target: &Target,
) -> Result<Saved, OpsError> {
    let changed = edit::delete(base, target).map_err(|e| OpsError::refused(e.to_string()))?;
    // Only the kind of item: its label may name a person, and the audit log outlives an erased
    // record.
    let summary = format!("Deleted {}", edit::kind_label(target.kind).to_lowercase());
    super::merge::commit(store, base, version, &changed, &summary)
}

/// Commit `subject` if its stored revision is still `version` ([`OpsError::Conflict`] if not;
/// saves go through [`super::merge::commit`], which merges then).
pub(super) fn commit(
    store: &mut Store,
    subject: &Subject,
    version: u64,
    summary: &str,
) -> Result<Saved, OpsError> {
    match store.commit(&Commit {
        subject,
        expected_version: Some(version),
        summary,
    }) {
        Ok(version) => Ok(Saved {
            subject: subject.clone(),
            version,
            summary: summary.to_string(),
            merged: None,
        }),
        Err(StoreError::Conflict { id, .. }) => {
            let (latest, version) = load(store, id)?;
            Err(OpsError::Conflict {
                latest: Box::new(latest),
                version,
            })
        }
        Err(e) => Err(e.into()),
    }
}
