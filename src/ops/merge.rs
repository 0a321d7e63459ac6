//! No lost update: a save that meets a newer version is merged field by field
//! ([`domain::merge3`]) against the version the edit began on, never written whole over it.
//!
//! Every save of an existing subject (an item form, a deletion, a sign-off, the plan's
//! submission, a review recorded by the wizard) commits through [`commit`]. When the store
//! reports that someone saved since, the latest version is loaded and merged: base = the
//! subject as the edit began, mine = base with the user's change, theirs = the latest. With no
//! conflicts the merged subject is committed against the latest revision (again, if yet another
//! save lands meanwhile) and [`Saved::merged`] says what of the others' work was kept. With
//! conflicts nothing is written and [`OpsError::Merge`] carries them ([`Conflicts`]) for the
//! user to choose; [`save_resolved`] saves the choice the same way. A conflict only theirs can
//! settle (a record decided meanwhile, a decision on something changed meanwhile) refuses the
//! save with the rule's reason.
use super::{OpsError, Saved, item};
use crate::domain::{self, MergeError, Merged, Permission, RESTRICTED, Subject, SubjectId};
use crate::store::{HistoryEntry, Store};

/// How many times a save is merged again when yet another save lands meanwhile.
const TRIES: usize = 5;

/// A save merged onto someone else's: what it was committed against, and what was kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rebased {
    /// The subject as stored when the merged save was committed onto it, and its revision:
    /// undoing the save goes back to this, not to where the edit began.
    pub onto: Subject,
    pub version: u64,
    /// In words: `kept 2 changes made by DS Okafor since you opened the form`.
    pub note: String,
}

/// A save that met changes of someone else's to the same fields: nothing was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflicts {
    /// The merge: the conflicts (with the choices made so far) and the merged subject.
    pub merged: Merged,
    /// Who saved each conflict's value of theirs and when (`DS Okafor at 14:02`), in the
    /// order of `merged.conflicts`.
    pub by: Vec<String>,
    /// The subject as stored now (theirs) and its revision: the resolved save is merged
    /// against this.
    pub theirs: Subject,
    pub version: u64,
    /// What the change was, for the history.
    pub summary: String,
}

impl Conflicts {
    /// The subject's id.
    pub fn id(&self) -> SubjectId {
        self.theirs.id
    }
}

/// Commit `mine` (the edit of `base`, read at `version`) as `summary`, merging it onto any
/// newer version. See the module docs.
pub fn commit(
    store: &mut Store,
    base: &Subject,
    version: u64,
    mine: &Subject,
    summary: &str,
) -> Result<Saved, OpsError> {
    match item::commit(store, mine, version, summary) {
        Err(OpsError::Conflict {
            latest,
            version: now,
        }) => rebase(store, (base, version), mine, (*latest, now), summary),
        other => other,
    }
}

/// Save the conflicts as the user chose them (every one must be chosen): merged again, onto
/// the version they were found against, or any newer.
pub fn save_resolved(store: &mut Store, c: &Conflicts) -> Result<Saved, OpsError> {
    let mine = c.merged.resolved().map_err(refusal)?;
    let mut saved = commit(store, &c.theirs, c.version, &mine, &c.summary)?;
    if saved.merged.is_none() {
        let chosen = c.merged.conflicts.len();
        saved.merged = Some(Box::new(Rebased {
            onto: c.theirs.clone(),
            version: c.version,
            note: format!("{chosen} field(s) as you chose"),
        }));
    }
    Ok(saved)
}

/// Merge `mine` onto `theirs` and commit, until no other save lands in between.
fn rebase(
    store: &mut Store,
    (base, from): (&Subject, u64),
    mine: &Subject,
    (mut theirs, mut version): (Subject, u64),
    summary: &str,
) -> Result<Saved, OpsError> {
    for _ in 0..TRIES {
        let merged = domain::merge3(base, mine, &theirs).map_err(refusal)?;
        let locked: Vec<String> = merged
            .conflicts
            .iter()
            .filter_map(|c| match &c.kind {
                domain::ConflictKind::Locked(why) => Some(why.clone()),
                _ => None,
            })
            .collect();
        if !locked.is_empty() {
            return Err(OpsError::refused(locked.join("; ")));
        }
        let since = since(store, theirs.id, from, version);
        if !merged.conflicts.is_empty() {
            return Err(OpsError::Merge(Box::new(conflicts(
                store, merged, &since, theirs, version, summary,
            ))));
        }
        let subject = merged.resolved().map_err(refusal)?;
        match item::commit(store, &subject, version, summary) {
            Ok(mut saved) => {
                let note = note(base, &theirs, &since, &merged.notes);
                saved.merged = Some(Box::new(Rebased {
                    onto: theirs,
                    version,
                    note,
                }));
                return Ok(saved);
            }
            Err(OpsError::Conflict {
                latest,
                version: now,
            }) => {
                theirs = *latest;
                version = now;
            }
            Err(e) => return Err(e),
        }
    }
    Err(OpsError::refused(
        "Others kept saving this subject while yours was merged; save again",
    ))
}

/// A merge that gave no subject, as a refusal the user can read.
fn refusal(e: MergeError) -> OpsError {
    match e {
        MergeError::Rule(rule) => OpsError::refused(format!(
            "your change and the ones saved since you began do not fit together: {rule}"
        )),
        other => OpsError::refused(capital(&other.to_string())),
    }
}

/// The history entries written after revision `from` up to `to`, newest first (each commit
/// adds one revision). Empty if the history cannot be read: it only names who saved.
fn since(store: &Store, id: SubjectId, from: u64, to: u64) -> Vec<HistoryEntry> {
    let n = usize::try_from(to.saturating_sub(from)).unwrap_or(usize::MAX);
    store
        .history(id)
        .map(|h| h.into_iter().take(n).collect())
        .unwrap_or_default()
}

/// `kept 2 changes made by DS Okafor since you opened the form`, and what the merge decided.
fn note(base: &Subject, theirs: &Subject, since: &[HistoryEntry], decided: &[String]) -> String {
    let n = domain::changes(Some(base), theirs).len();
    let mut out = format!(
        "kept {n} change{} made by {} since you opened the form",
        if n == 1 { "" } else { "s" },
        who(since)
    );
    for d in decided {
        out.push_str("; ");
        out.push_str(d);
    }
    out
}

/// The names of who saved, in words.
fn who(since: &[HistoryEntry]) -> String {
    let mut names: Vec<&str> = Vec::new();
    for e in since.iter().rev() {
        if !names.contains(&e.actor.as_str()) {
            names.push(&e.actor);
        }
    }
    match names.as_slice() {
        [] => "someone else".to_string(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The conflicts for the user: restricted values hidden from roles that may not see them, and
/// who saved each of theirs.
fn conflicts(
    store: &Store,
    mut merged: Merged,
    since: &[HistoryEntry],
    theirs: Subject,
    version: u64,
    summary: &str,
) -> Conflicts {
    let hide = !store.actor().may(Permission::ViewRestricted);
    let mut by = Vec::new();
    for c in &mut merged.conflicts {
        if hide && c.restricted {
            for v in [&mut c.base, &mut c.mine, &mut c.theirs] {
                *v = RESTRICTED.to_string();
            }
        }
        by.push(saved_by(since, &c.path));
    }
    Conflicts {
        merged,
        by,
        theirs,
        version,
        summary: summary.to_string(),
    }
}

/// Who saved the newest change at or inside `path` (or around it), and when.
fn saved_by(since: &[HistoryEntry], path: &str) -> String {
    let near = |a: &str, b: &str| {
        a == b
            || a.strip_prefix(b)
                .is_some_and(|rest| rest.starts_with(['.', '[']))
    };
    let entry = since
        .iter()
        .find(|e| {
            e.changes
                .iter()
                .any(|c| near(&c.path, path) || near(path, &c.path))
        })
        .or(since.first());
    match entry {
        Some(e) => format!("{} at {}", e.actor, e.at.format("%H:%M")),
        None => "someone else".to_string(),
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
