//! Who may do what, and reading a record: opening it (the consultation, recorded with its reason
//! before anything of it is shown), the idle lock's passphrase check, the history and the audit
//! trail.
use super::OpsError;
use crate::domain::{Actor, Permission, SubjectId};
use crate::store::{AuditEntry, HistoryEntry, Passphrase, Store};

/// The justification recorded when a record is opened from the triage queue.
pub const QUEUE_REASON: &str = "scheduled review";

/// The justification recorded when a draft on a record not yet opened is restored.
pub const DRAFT_REASON: &str = "restoring my unsaved draft";

/// Why a record is being opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason<'a> {
    /// From the triage queue: a scheduled review.
    Queue,
    /// To put back an unsaved draft on it.
    Draft,
    /// From a search or the full list: the reason the user typed.
    Typed(&'a str),
}

impl Reason<'_> {
    /// The justification recorded in the audit log.
    pub fn text(&self) -> &str {
        match self {
            Reason::Queue => QUEUE_REASON,
            Reason::Draft => DRAFT_REASON,
            Reason::Typed(t) => t,
        }
    }
}

/// `Ok` if the logged-in user may do `p`; else why not, naming the roles that may. The store
/// checks again on every write: this check only spares the user a form they could not save.
pub fn may(store: &Store, p: Permission) -> Result<(), OpsError> {
    Ok(store.require(p)?)
}

/// The logged-in user and their roles.
pub fn actor(store: &Store) -> &Actor {
    store.actor()
}

/// Open the record of subject `id`: the consultation is recorded (with `reason`) before the
/// caller may show anything of it. A typed reason may not be empty.
pub fn open_record(store: &mut Store, id: SubjectId, reason: Reason<'_>) -> Result<(), OpsError> {
    if reason.text().trim().is_empty() {
        return Err(OpsError::refused("Type why you are opening this record"));
    }
    Ok(store.record_consultation(id, reason.text())?)
}

/// Whether `passphrase` is the logged-in user's (unlocking the idle lock). Changes nothing.
pub fn check_passphrase(store: &Store, passphrase: &Passphrase) -> Result<bool, OpsError> {
    Ok(store.check_passphrase(passphrase)?)
}

/// A subject's change history, newest first (restricted values hidden from roles that may not
/// see them).
pub fn history(store: &Store, id: SubjectId) -> Result<Vec<HistoryEntry>, OpsError> {
    Ok(store.history(id)?)
}

/// Who opened, changed or disclosed a subject, oldest first (supervisors and administrators).
pub fn audit_trail(store: &Store, id: SubjectId) -> Result<Vec<AuditEntry>, OpsError> {
    Ok(store.audit_trail(id)?)
}
