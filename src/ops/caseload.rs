//! The caseload: every subject, which are archived, and what is computed over them (the triage
//! queue and the unit's figures). Archived subjects (every order ended, awaiting erasure) need
//! no action: they are left out of both, in the TUI and on the command line alike.
use std::collections::HashSet;

use chrono::NaiveDate;

use super::OpsError;
use crate::domain::{self, Policy, QueueEntry, QueueFilter, QueueView, Stats, Subject, SubjectId};
use crate::store::Store;

/// Every subject in the store, and the ids of the archived ones.
#[derive(Debug, Clone, Default)]
pub struct Caseload {
    pub subjects: Vec<Subject>,
    pub archived: HashSet<SubjectId>,
}

/// Load the caseload (every record decoded; restricted fields hidden from roles that may not
/// see them).
pub fn load(store: &Store) -> Result<Caseload, OpsError> {
    Ok(Caseload {
        subjects: store.load_all()?,
        archived: archived_ids(store)?,
    })
}

/// The ids of the archived subjects.
pub fn archived_ids(store: &Store) -> Result<HashSet<SubjectId>, OpsError> {
    Ok(store.archived()?.into_iter().map(|a| a.id).collect())
}

/// The filter as the logged-in user means it: "mine" without a name is their own caseload.
pub fn filter_for(store: &Store, filter: &QueueFilter) -> QueueFilter {
    let mut filter = filter.clone();
    if matches!(&filter.view, QueueView::Mine(name) if name.is_empty()) {
        filter.view = QueueView::Mine(store.actor().name.clone());
    }
    filter
}

/// The triage queue over `subjects`, most urgent first, archived subjects left out.
pub fn queue(
    subjects: &[Subject],
    archived: &HashSet<SubjectId>,
    policy: &Policy,
    today: NaiveDate,
    filter: &QueueFilter,
) -> Vec<QueueEntry> {
    let mut entries = domain::queue(subjects, policy, today, filter);
    entries.retain(|e| !archived.contains(&e.subject));
    entries
}

/// The unit's figures over `subjects` for `months` of breaches (clamped to 1..=120), archived
/// subjects left out.
pub fn stats(
    subjects: &[Subject],
    archived: &HashSet<SubjectId>,
    policy: &Policy,
    today: NaiveDate,
    months: u32,
) -> Stats {
    let months = months.clamp(1, 120);
    if !subjects.iter().any(|s| archived.contains(&s.id)) {
        return domain::stats(subjects, policy, today, months);
    }
    let live: Vec<Subject> = subjects
        .iter()
        .filter(|s| !archived.contains(&s.id))
        .cloned()
        .collect();
    domain::stats(&live, policy, today, months)
}
