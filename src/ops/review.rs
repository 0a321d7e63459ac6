//! The compliance review: starting the wizard on the subject as stored, recording the finished
//! review, and the breach forms it leads to (one per order with a condition marked breached,
//! each saved through [`super::item::save`], so the breach rule runs on each).
use chrono::NaiveDate;

use super::{OpsError, Saved};
use crate::domain::{ItemId, Policy, SignOffStatus, Subject};
use crate::edit::review::ReviewWizard;
use crate::store::Store;

/// A review in progress: the wizard over the subject as it was when it started.
pub struct Started {
    pub base: Subject,
    pub version: u64,
    pub wizard: ReviewWizard,
}

/// Start a review of `base` (as read at `version`, see [`super::item::load`]) by the logged-in user, at
/// `step` with the values of earlier steps (from a draft) if any.
pub fn start(
    store: &Store,
    policy: &Policy,
    today: NaiveDate,
    (base, version): (Subject, u64),
    step: usize,
    values: Vec<Vec<String>>,
) -> Started {
    // The review is recorded with the reviewer's rank, name and number.
    let mut wizard = ReviewWizard::new(&base, today, policy, &store.actor().label());
    wizard.restore(step, values);
    Started {
        base,
        version,
        wizard,
    }
}

/// Revise review `id` of `base` (read at `version`) as the logged-in user: the wizard pre-filled
/// with its answers (and the supervisor's comment when it was returned), at `step` with the
/// values of a draft if any. Refused when a newer version of it exists.
pub fn start_revision(
    store: &Store,
    policy: &Policy,
    today: NaiveDate,
    (base, version): (Subject, u64),
    id: ItemId,
    (step, values): (usize, Vec<Vec<String>>),
) -> Result<Started, OpsError> {
    crate::ops::access::may(store, crate::domain::Permission::Edit)?;
    let mut wizard = ReviewWizard::revise(&base, id, today, policy, &store.actor().label())?;
    wizard.restore(step, values);
    Ok(Started {
        base,
        version,
        wizard,
    })
}

/// A recorded review and what must follow it.
pub struct Recorded {
    pub saved: Saved,
    /// One pre-filled breach form (its values) per order that had a condition marked breached,
    /// in order: the user records each breach (or skips it).
    pub breach_forms: Vec<Vec<String>>,
}

/// Record the finished review: every step is checked again, the review (awaiting sign-off),
/// any visit and re-assessment and the next review date are committed in one transaction
/// (merged onto any save made since the wizard started, [`super::merge`]).
pub fn record(
    store: &mut Store,
    today: NaiveDate,
    base: &Subject,
    version: u64,
    wizard: &ReviewWizard,
) -> Result<Recorded, OpsError> {
    let changed = wizard.finish(base)?;
    let summary = match wizard
        .revising()
        .and_then(|id| base.reviews.iter().find(|r| r.id == id))
    {
        None => "Recorded a compliance review",
        Some(old) => match old.sign_off.status {
            SignOffStatus::Returned => "Resubmitted a returned review (new round)",
            SignOffStatus::Approved => "Revised an approved review (new version awaiting sign-off)",
            SignOffStatus::Awaiting => "Edited a review awaiting sign-off",
        },
    };
    let saved = super::merge::commit(store, base, version, &changed, summary)?;
    let breach_forms = breach_forms(today, wizard, &saved.subject);
    Ok(Recorded {
        saved,
        breach_forms,
    })
}

/// One pre-filled breach form per order that had a condition marked breached in `wizard`, on
/// `saved` (the subject with the review recorded).
pub fn breach_forms(today: NaiveDate, wizard: &ReviewWizard, saved: &Subject) -> Vec<Vec<String>> {
    let breached = wizard.breached_conditions();
    let mut orders: Vec<u32> = breached.iter().map(|(o, _)| *o).collect();
    orders.dedup();
    orders
        .iter()
        .map(|order| {
            let conditions: Vec<u32> = breached
                .iter()
                .filter(|(o, _)| o == order)
                .map(|(_, c)| *c)
                .collect();
            crate::edit::breach_prefill(saved, *order, &conditions, today)
        })
        .collect()
}
