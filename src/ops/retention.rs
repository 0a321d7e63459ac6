//! Retention: archiving a subject whose orders have all ended (which starts the retention
//! period) and erasing it for good once the period has passed. The store enforces both rules
//! (every order ended; the period over) inside its transactions; this is their one way in.
use chrono::NaiveDate;

use super::OpsError;
use crate::domain::{Permission, Policy, SubjectId};
use crate::store::{ArchivedInfo, ErasureReport, Store};

/// Archive subject `id` on `today` for `reason` (reviewers and supervisors). Returns the first
/// day an administrator may erase it (`None`: beyond the calendar).
pub fn archive(
    store: &mut Store,
    policy: &Policy,
    id: SubjectId,
    reason: &str,
    today: NaiveDate,
) -> Result<Option<NaiveDate>, OpsError> {
    store.archive(id, reason, today)?;
    Ok(today.checked_add_days(chrono::Days::new(u64::from(policy.retention_days))))
}

/// Every archived subject: when, by whom, why.
pub fn archived(store: &Store) -> Result<Vec<ArchivedInfo>, OpsError> {
    Ok(store.archived()?)
}

/// Whether the logged-in user may archive / erase (checked before asking for a reason).
pub fn may_archive(store: &Store) -> Result<(), OpsError> {
    Ok(store.require(Permission::Archive)?)
}

pub fn may_erase(store: &Store) -> Result<(), OpsError> {
    Ok(store.require(Permission::Erase)?)
}

/// Erase archived subject `id` for `reason` on `today` (administrators, after the retention
/// period of `policy`): its record, history and drafts; the audit log keeps that it happened.
pub fn erase(
    store: &mut Store,
    policy: &Policy,
    id: SubjectId,
    reason: &str,
    today: NaiveDate,
) -> Result<ErasureReport, OpsError> {
    Ok(store.erase(id, reason, today, policy.retention_days)?)
}
