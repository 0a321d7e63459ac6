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
}

/// The form for `target` on `base` (`None`: the form of a new subject).
pub fn form(base: Option<&Subject>, target: Target, today: NaiveDate) -> Result<Form, OpsError> {
    let blank;
    let subject = match base {
        Some(s) => s,
        None => {
            blank = Subject::new(0, "", "", today);
            &blank
        }
    };
    let fields = edit::fields(target.kind, subject);
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
    Ok(Form {
        title,
        fields,
        values,
    })
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
    let changed = changed(input.base, &input.target, input.values, policy, today)?;
    let summary = summary(&input.target);
    super::merge::commit(store, input.base, input.version, &changed, &summary)
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
        | K::Review => Ok(changed),
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
