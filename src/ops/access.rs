//! Who may do what, and reading a record: opening it (the consultation, recorded with its reason
//! before anything of it is shown), the idle lock's passphrase check, the history and the audit
//! trail.
use std::cell::RefCell;
use std::collections::HashMap;

use chrono::NaiveDateTime;

use super::OpsError;
use crate::domain::{Actor, FieldLabels, ItemKind, Permission, Subject, SubjectId, sentences};
use crate::edit::FieldSpec;
use crate::store::{AuditEntry, HistoryEntry, Passphrase, Store};

/// The justification recorded when a record is opened from the triage queue.
pub const QUEUE_REASON: &str = "scheduled review";

/// The justification recorded when a draft on a record not yet opened is restored.
pub const DRAFT_REASON: &str = "restoring my unsaved draft";

/// What the audit log adds to the reason when the record was found through one of its
/// protected persons.
pub const VIA_PROTECTED_PERSON: &str = "found via a protected person";

/// Why a record is being opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason<'a> {
    /// From the triage queue: a scheduled review.
    Queue,
    /// To put back an unsaved draft on it.
    Draft,
    /// From a search or the full list: the reason the user typed.
    Typed(&'a str),
    /// From a search hit on a protected person's name: the reason the user typed.
    ViaProtectedPerson(&'a str),
}

impl Reason<'_> {
    /// What the user typed (or the fixed reason).
    pub fn text(&self) -> &str {
        match self {
            Reason::Queue => QUEUE_REASON,
            Reason::Draft => DRAFT_REASON,
            Reason::Typed(t) | Reason::ViaProtectedPerson(t) => t,
        }
    }

    /// The justification recorded in the audit log: the reason, and how the record was found
    /// when that was through a protected person ("caller on the phone (found via a protected
    /// person)").
    pub fn recorded(&self) -> String {
        match self {
            Reason::ViaProtectedPerson(t) => format!("{} ({VIA_PROTECTED_PERSON})", t.trim()),
            other => other.text().to_string(),
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
    Ok(store.record_consultation(id, &reason.recorded())?)
}

/// Whether `passphrase` is the logged-in user's (unlocking the idle lock). Changes nothing.
pub fn check_passphrase(store: &Store, passphrase: &Passphrase) -> Result<bool, OpsError> {
    Ok(store.check_passphrase(passphrase)?)
}

/// A subject's change history, newest first (restricted values hidden from roles that may not
/// see them).
pub fn history(store: &Store, id: SubjectId) -> Result<Vec<HistoryEntry>, OpsError> {
    let mut entries = store.history(id)?;
    // A working set: what happened in the office before the checkout comes after (older).
    match store.office_history(id) {
        Ok(office) => entries.extend(office),
        Err(e) => entries.push(HistoryEntry {
            seq: 0,
            at: chrono::NaiveDateTime::default(),
            actor: "?".to_string(),
            summary: format!("The office's history of this subject cannot be read here ({e})"),
            changes: Vec::new(),
        }),
    }
    Ok(entries)
}

/// One entry of a subject's history in words: who, when, what, and a sentence per change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryText {
    pub at: NaiveDateTime,
    pub actor: String,
    pub summary: String,
    /// One sentence per change ("Vehicle AB12 CDE: colour Blue -> Red"), never JSON.
    pub lines: Vec<String>,
}

/// A subject's change history in words, newest first: [`history`] (restricted values hidden
/// from roles that may not see them) told as sentences by [`crate::domain::sentences`], items
/// named from the record as this user may see it and fields by the labels of their forms.
pub fn history_text(store: &Store, id: SubjectId) -> Result<Vec<HistoryText>, OpsError> {
    let entries = history(store, id)?;
    let subject = match store.load(id)? {
        Some(s) => s,
        None => Subject::new(id, "", "", chrono::NaiveDate::MIN),
    };
    let labels = FormLabels::new(&subject);
    // Who changed what, as rank, name and number ("DS Lena Marsh (4521)").
    let officers = crate::ops::users::officers(store).unwrap_or_default();
    Ok(entries
        .into_iter()
        .map(|e| HistoryText {
            lines: sentences(&e.changes, &subject, &labels),
            at: e.at,
            actor: crate::ops::users::label_of(&officers, &e.actor),
            summary: e.summary,
        })
        .collect())
}

/// `changes` of `subject` told as sentences, fields named by their forms' labels.
pub fn describe(subject: &Subject, changes: &[crate::domain::Change]) -> Vec<String> {
    sentences(changes, subject, &FormLabels::new(subject))
}

/// Field labels from the forms (`edit::fields`), built once per kind.
struct FormLabels<'a> {
    subject: &'a Subject,
    forms: RefCell<HashMap<ItemKind, Vec<FieldSpec>>>,
}

impl<'a> FormLabels<'a> {
    fn new(subject: &'a Subject) -> Self {
        Self {
            subject,
            forms: RefCell::new(HashMap::new()),
        }
    }
}

impl FieldLabels for FormLabels<'_> {
    fn field(&self, kind: ItemKind, key: &str) -> Option<String> {
        let mut forms = self.forms.borrow_mut();
        let specs = forms
            .entry(kind)
            .or_insert_with(|| crate::edit::fields(kind, self.subject));
        // The form's key where it differs from the record's (`flags.rso` -> `rso`, a visit's
        // `at` -> `date`, `flags.other` -> `other_flags`).
        let keys = [
            key,
            key.rsplit('.').next().unwrap_or(key),
            match key {
                "at" => "date",
                "flags.other" => "other_flags",
                _ => key,
            },
        ];
        keys.iter()
            .find_map(|k| specs.iter().find(|s| s.key == *k))
            .map(|s| s.label.clone())
    }
}

/// Who opened, changed or disclosed a subject, oldest first (supervisors and administrators).
pub fn audit_trail(store: &Store, id: SubjectId) -> Result<Vec<AuditEntry>, OpsError> {
    Ok(store.audit_trail(id)?)
}
