//! Undo and redo of this session's changes. Undoing commits the subject as it was before the
//! change, as a new change (the history keeps both); it is refused once someone else has
//! changed the subject since. Redoing commits the undone change again, on the same terms.
use super::{OpsError, Saved};
use crate::domain::{Subject, SubjectId};
use crate::store::{Commit, Store};

/// One change that can be reverted: the subject as it was before it and the revisions before and
/// after it.
#[derive(Debug, Clone)]
pub struct Change {
    pub subject: SubjectId,
    /// The subject before the change, and the revision it was at.
    pub before: Subject,
    pub before_version: u64,
    /// The subject after the change, and the revision the change produced; reverting is
    /// refused if the subject moved on since.
    pub after: Subject,
    pub after_version: u64,
    pub summary: String,
}

/// This session's changes, newest last, and the undone ones that can be redone.
#[derive(Debug, Clone, Default)]
pub struct Session {
    done: Vec<Change>,
    undone: Vec<Change>,
}

impl Session {
    /// Remember a committed change (`before` at `before_version` became `saved`). A new change
    /// ends what could be redone.
    pub fn record(&mut self, before: &Subject, before_version: u64, saved: &Saved) {
        self.done.push(Change {
            subject: saved.subject.id,
            before: before.clone(),
            before_version,
            after: saved.subject.clone(),
            after_version: saved.version,
            summary: saved.summary.clone(),
        });
        self.undone.clear();
    }

    /// Whether there is a change to undo / to redo.
    pub fn can_undo(&self) -> bool {
        !self.done.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.undone.is_empty()
    }
}

/// Undo the session's last change: commit its subject as it was before, as a new change
/// (`Undo: <summary>`). On refusal the change stays undoable unless the subject is gone or was
/// changed by someone else since.
pub fn undo(store: &mut Store, session: &mut Session) -> Result<Saved, OpsError> {
    let Some(change) = session.done.pop() else {
        return Err(OpsError::refused("Nothing to undo in this session"));
    };
    let summary = format!("Undo: {}", change.summary);
    match revert(
        store,
        "undo",
        change.subject,
        &change.before,
        change.after_version,
        &change.summary,
        &summary,
    ) {
        Ok(saved) => {
            // The subject is now as it was after the session's previous change of it, so that
            // change can be undone next.
            if let Some(prev) = session
                .done
                .iter_mut()
                .rev()
                .find(|c| c.subject == change.subject)
                && prev.after_version == change.before_version
            {
                prev.after_version = saved.version;
            }
            session.undone.push(Change {
                before_version: saved.version,
                ..change
            });
            Ok(saved)
        }
        Err(Revert::Keep(e)) => {
            session.done.push(change);
            Err(e)
        }
        Err(Revert::Drop(e)) => Err(e),
    }
}

/// Redo the change undone last (`Redo: <summary>`), if nobody changed the subject since.
pub fn redo(store: &mut Store, session: &mut Session) -> Result<Saved, OpsError> {
    let Some(change) = session.undone.pop() else {
        return Err(OpsError::refused("Nothing to redo in this session"));
    };
    let summary = format!("Redo: {}", change.summary);
    match revert(
        store,
        "redo",
        change.subject,
        &change.after,
        change.before_version,
        &change.summary,
        &summary,
    ) {
        Ok(saved) => {
            session.done.push(Change {
                after_version: saved.version,
                before_version: change.before_version,
                ..change
            });
            Ok(saved)
        }
        Err(Revert::Keep(e)) => {
            session.undone.push(change);
            Err(e)
        }
        Err(Revert::Drop(e)) => Err(e),
    }
}

/// Why a revert failed, and whether the change stays in its list.
enum Revert {
    Keep(OpsError),
    Drop(OpsError),
}

/// Commit `to` as subject `id` if it is still at `expected`.
fn revert(
    store: &mut Store,
    verb: &str,
    id: SubjectId,
    to: &Subject,
    expected: u64,
    what: &str,
    summary: &str,
) -> Result<Saved, Revert> {
    let cannot = |e: &dyn std::fmt::Display| OpsError::refused(format!("Cannot {verb}: {e}"));
    let version = match store.version(id) {
        Ok(Some(v)) => v,
        Ok(None) => {
            return Err(Revert::Drop(OpsError::refused(format!(
                "Cannot {verb}: the subject is no longer in the store"
            ))));
        }
        Err(e) => return Err(Revert::Keep(cannot(&e))),
    };
    if version != expected {
        return Err(Revert::Drop(OpsError::refused(format!(
            "Cannot {verb} \"{}\": someone else has changed the subject since",
            crate::text::line(what)
        ))));
    }
    match store.commit(&Commit {
        subject: to,
        expected_version: Some(version),
        summary,
    }) {
        Ok(version) => Ok(Saved {
            subject: to.clone(),
            version,
            summary: summary.to_string(),
        }),
        Err(e) => Err(Revert::Keep(cannot(&e))),
    }
}
