//! The compliance review: starting the wizard on the subject as stored, recording the finished
//! review, and the breach forms it leads to (one per order with a condition marked breached,
//! each saved through [`super::item::save`], so the breach rule runs on each).
use chrono::NaiveDate;

use super::{OpsError, Saved, item};
use crate::domain::{ComplianceOutcome, ItemId, Policy, SignOffStatus, Subject};
use crate::edit::review::ReviewWizard;
use crate::store::Store;

/// A review in progress: the wizard over the subject as it was when it started.
pub struct Started {
    pub base: Subject,
    pub version: u64,
    pub wizard: ReviewWizard,
}

/// Start a review of `base` (as read at `version`, see [`item::load`]) by the logged-in user, at
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
/// any visit and re-assessment and the next review date are committed in one transaction.
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
    let saved = item::commit(store, &changed, version, summary)?;
    // A revision offers a breach form only for conditions it newly marks breached.
    let already: Vec<(ItemId, ItemId)> = wizard
        .revising()
        .and_then(|id| base.reviews.iter().find(|r| r.id == id))
        .map(|old| {
            old.outcomes
                .iter()
                .filter(|o| o.outcome == ComplianceOutcome::Breached)
                .map(|o| (o.order, o.condition))
                .collect()
        })
        .unwrap_or_default();
    let breached: Vec<(ItemId, ItemId)> = wizard
        .breached_conditions()
        .into_iter()
        .filter(|c| !already.contains(c))
        .collect();
    let mut orders: Vec<u32> = breached.iter().map(|(o, _)| *o).collect();
    orders.dedup();
    let breach_forms = orders
        .iter()
        .map(|order| {
            let conditions: Vec<u32> = breached
                .iter()
                .filter(|(o, _)| o == order)
                .map(|(_, c)| *c)
                .collect();
            crate::edit::breach_prefill(&saved.subject, *order, &conditions, today)
        })
        .collect();
    Ok(Recorded {
        saved,
        breach_forms,
    })
}
