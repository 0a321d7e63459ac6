//! Looking after a store: checking it and its audit chain, backing it up and restoring it.
use std::path::Path;

use super::OpsError;
use crate::domain::Permission;
use crate::store::{AuditReport, CopyReport, Store, StoreStatus, VerifyReport};

/// SQLite's integrity check and every record decoded; faults are collected, not fatal.
pub fn verify(store: &Store) -> Result<VerifyReport, OpsError> {
    verify_with_progress(store, &mut |_, _| {})
}

/// [`verify`], calling `progress(done, total)` as the records are checked.
pub fn verify_with_progress(
    store: &Store,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<VerifyReport, OpsError> {
    Ok(store.verify_with(&|payload| super::drafts::check(payload), progress)?)
}

/// Check the audit log's chain (supervisors and administrators).
pub fn verify_audit(store: &Store) -> Result<AuditReport, OpsError> {
    Ok(store.verify_audit()?)
}

/// [`verify_audit`], and that the log still holds entry `seq` with the `fingerprint` recorded
/// for it outside the store.
pub fn verify_audit_expect(
    store: &Store,
    seq: u64,
    fingerprint: &str,
) -> Result<AuditReport, OpsError> {
    Ok(store.verify_audit_expect(seq, fingerprint)?)
}

/// The log's head: its last entry and that entry's fingerprint, to record outside the store.
pub fn audit_head(store: &Store) -> Result<Option<(u64, String)>, OpsError> {
    Ok(store.audit_head()?)
}

/// The head as written in the store in `dir`, read without logging in (unchecked: for the line
/// the TUI prints as it ends).
pub fn stored_head(dir: &Path) -> Result<Option<(u64, String)>, OpsError> {
    Ok(Store::stored_head(dir)?)
}

/// A consistent, still-encrypted single-file backup, written while others may use the store.
pub fn backup(
    store: &mut Store,
    to: &Path,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<CopyReport, OpsError> {
    Ok(store.backup_to(to, progress)?)
}

/// Copy the whole store into `target` (a directory or a server address holding no store), then
/// open the copy as the same user and verify its audit chain. Administrators only.
pub fn copy_store(
    store: &mut Store,
    target: &Path,
    login: &crate::store::Login,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<(crate::store::StoreCopyReport, crate::store::AuditReport), OpsError> {
    let report = store.copy_to(target, progress)?;
    let copy = Store::open(target, login)?;
    let audit = copy.verify_audit()?;
    Ok((report, audit))
}

/// How a store's place is shown in messages (a server's address never with a password).
pub fn shown_store(place: &Path) -> String {
    crate::store::shown_place(place)
}

/// Whether restoring into `dir` replaces a store there.
pub fn replaces_a_store(dir: &Path) -> Result<bool, OpsError> {
    Ok(Store::status(dir)? != StoreStatus::Absent)
}

/// Replacing a store loses everything written since the backup (audit entries included): only
/// an administrator of the store being replaced may do it. `current` is that store, unlocked.
pub fn may_replace(current: &Store) -> Result<(), OpsError> {
    Ok(current.require(Permission::ManageUsers)?)
}

/// Restore the backup `from` into `dir` (refused if `dir` holds a store, unless `force`).
pub fn restore(
    from: &Path,
    dir: &Path,
    force: bool,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<CopyReport, OpsError> {
    Ok(Store::restore_from(from, dir, force, progress)?)
}

/// Record in the restored store that it was restored from `from`.
pub fn record_restore(store: &mut Store, from: &Path) -> Result<(), OpsError> {
    Ok(store.record_restore(from)?)
}
