//! Undo and redo of this session's changes. Undoing commits the subject as it was before the
//! change, as a new change (the history keeps both); it is refused once someone else has
//! changed the subject since. Redoing commits the undone change again, on the same terms.
//!
//! [`preview`] says what a step would change, field by field, before anything is written, so
//! the screen can ask first when it touches more than one field ([`Preview::needs_asking`]):
//! a whole review with its visit and re-assessment is never undone on one key press. A step
//! that would change a signed-off (final) record is refused with the reason and what to do
//! instead; since every earlier change of that subject would have to change it too, they leave
//! the list with it, so the next `undo` is one that can work.
use super::{OpsError, Saved};
use crate::domain::{Subject, SubjectId, check_final};
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
    /// ends what could be redone. A save merged onto someone else's starts where it was
    /// committed ([`super::merge::Rebased`]), so undoing it never reverts their work.
    pub fn record(&mut self, before: &Subject, before_version: u64, saved: &Saved) {
        let (before, before_version) = match &saved.merged {
            Some(m) => (&m.onto, m.version),
            None => (before, before_version),
        };
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

    /// Forget every change of subject `id` (it was deleted, or merged into another record).
    pub fn forget(&mut self, id: SubjectId) {
        self.done.retain(|c| c.subject != id);
        self.undone.retain(|c| c.subject != id);
    }
}

/// Undo or redo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Way {
    Undo,
    Redo,
}

impl Way {
    fn verb(self) -> &'static str {
        match self {
            Way::Undo => "undo",
            Way::Redo => "redo",
        }
    }
}

/// What the next undo or redo would do, before it is done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    pub way: Way,
    pub subject: SubjectId,
    /// The change's own summary ("Recorded the review").
    pub summary: String,
    /// How many fields the step changes.
    pub changed: usize,
    /// What the step changes, as the history words it ("Vehicle AB12 CDE: colour Red ->
    /// Blue"; a sign-off's fields read as one decision).
    pub fields: Vec<String>,
}

impl Preview {
    /// Whether to ask before doing it: it changes more than one field.
    pub fn needs_asking(&self) -> bool {
        self.changed > 1
    }

    /// `Undo "Recorded the review"? It changes 12 fields of subject 3:`
    pub fn question(&self) -> String {
        let verb = match self.way {
            Way::Undo => "Undo",
            Way::Redo => "Redo",
        };
        format!(
            "{verb} \"{}\"? It changes {} field{} of subject {}:",
            crate::text::line(&self.summary),
            self.changed,
            if self.changed == 1 { "" } else { "s" },
            self.subject
        )
    }
}

/// What the next undo or redo would change, or why it cannot be done (see [`undo`]): nothing
/// is written. A step refused because it would change a signed-off record takes that change
/// (and the subject's earlier ones) off the list, as doing it would.
pub fn preview(session: &mut Session, store: &Store, way: Way) -> Result<Preview, OpsError> {
    let from = check(store, session, way)?;
    let list = match way {
        Way::Undo => &session.done,
        Way::Redo => &session.undone,
    };
    let Some(c) = list.last() else {
        return Err(nothing(way));
    };
    let to = match way {
        Way::Undo => &c.before,
        Way::Redo => &c.after,
    };
    let to = landing(&from, to);
    let changes = crate::domain::changes(Some(&from), &to);
    Ok(Preview {
        way,
        subject: c.subject,
        summary: c.summary.clone(),
        changed: changes.len(),
        fields: super::access::describe(&from, &changes),
    })
}

fn nothing(way: Way) -> OpsError {
    OpsError::refused(format!("Nothing to {} in this session", way.verb()))
}

/// Refuse, before anything is written, a step that cannot work: the subject gone or changed by
/// someone else since (the change leaves the list), or a signed-off record it would change (the
/// change and the subject's earlier ones leave the list). `Ok`: the subject as stored now.
fn check(store: &Store, session: &mut Session, way: Way) -> Result<Subject, OpsError> {
    let verb = way.verb();
    let list = match way {
        Way::Undo => &mut session.done,
        Way::Redo => &mut session.undone,
    };
    let Some(c) = list.last() else {
        return Err(nothing(way));
    };
    let (then, expected) = match way {
        Way::Undo => (&c.before, c.after_version),
        Way::Redo => (&c.after, c.before_version),
    };
    match store.version(c.subject) {
        Ok(Some(v)) if v == expected => {}
        Ok(Some(_)) => {
            let what = crate::text::line(&c.summary).into_owned();
            list.pop();
            return Err(OpsError::refused(format!(
                "Cannot {verb} \"{what}\": someone else has changed the subject since"
            )));
        }
        Ok(None) => {
            list.pop();
            return Err(OpsError::refused(format!(
                "Cannot {verb}: the subject is no longer in the store"
            )));
        }
        Err(e) => return Err(OpsError::refused(format!("Cannot {verb}: {e}"))),
    }
    let now = match store.load(c.subject) {
        Ok(Some(s)) => s,
        Ok(None) => {
            list.pop();
            return Err(OpsError::refused(format!(
                "Cannot {verb}: the subject is no longer in the store"
            )));
        }
        Err(e) => return Err(OpsError::refused(format!("Cannot {verb}: {e}"))),
    };
    if let Err(e) = check_final(&now, &landing(&now, then)) {
        let (id, what) = (c.subject, crate::text::line(&c.summary).into_owned());
        let before = list.len();
        list.retain(|x| x.subject != id);
        let earlier = before - 1 - list.len().min(before - 1);
        let also = match earlier {
            0 => String::new(),
            1 => " (with the 1 earlier change of this subject, which would undo it too)".into(),
            n => {
                format!(" (with the {n} earlier changes of this subject, which would undo it too)")
            }
        };
        return Err(OpsError::refused(format!(
            "Cannot {verb} \"{what}\": {e}. Signed-off is final, so this change is off the \
             {verb} list{also}"
        )));
    }
    Ok(now)
}

/// Undo the session's last change: commit its subject as it was before, as a new change
/// (`Undo: <summary>`). On refusal the change stays undoable unless the subject is gone or was
/// changed by someone else since.
pub fn undo(store: &mut Store, session: &mut Session) -> Result<Saved, OpsError> {
    step(store, session, Way::Undo)
}

/// Redo the change undone last (`Redo: <summary>`), if nobody changed the subject since.
pub fn redo(store: &mut Store, session: &mut Session) -> Result<Saved, OpsError> {
    step(store, session, Way::Redo)
}

/// One undo or redo. A change is a step from `before` to `after`: undoing walks it back (the
/// subject must still be at `after_version`), redoing walks it forward (at `before_version`);
/// the neighbouring change of the same subject is moved to the version the step produced, so
/// several changes can be walked in turn.
fn step(store: &mut Store, session: &mut Session, way: Way) -> Result<Saved, OpsError> {
    check(store, session, way)?;
    let (from, to) = match way {
        Way::Undo => (&mut session.done, &mut session.undone),
        Way::Redo => (&mut session.undone, &mut session.done),
    };
    let (verb, noun) = match way {
        Way::Undo => ("undo", "Undo"),
        Way::Redo => ("redo", "Redo"),
    };
    let Some(mut change) = from.pop() else {
        return Err(OpsError::refused(format!(
            "Nothing to {verb} in this session"
        )));
    };
    let summary = format!("{noun}: {}", change.summary);
    let (state, expected) = match way {
        Way::Undo => (&change.before, change.after_version),
        Way::Redo => (&change.after, change.before_version),
    };
    match revert(
        store,
        verb,
        change.subject,
        state,
        expected,
        &change.summary,
        &summary,
    ) {
        Ok(saved) => {
            // The side of the change the subject is now at, and its neighbour's matching side.
            let meets = expected_other(&change, way);
            if let Some(next) = from.iter_mut().rev().find(|c| c.subject == change.subject)
                && *meeting_side(next, way) == meets
            {
                *meeting_side(next, way) = saved.version;
            }
            match way {
                Way::Undo => change.before_version = saved.version,
                Way::Redo => change.after_version = saved.version,
            }
            to.push(change);
            Ok(saved)
        }
        Err(Revert::Keep(e)) => {
            from.push(change);
            Err(e)
        }
        Err(Revert::Drop(e)) => Err(e),
    }
}

/// The side of a neighbouring change that meets the one stepped: its end (undo) or its start
/// (redo).
fn meeting_side(c: &mut Change, way: Way) -> &mut u64 {
    match way {
        Way::Undo => &mut c.after_version,
        Way::Redo => &mut c.before_version,
    }
}

/// The version the neighbouring change of the same subject meets this one at: undoing, the
/// previous change ended where this one began; redoing, the next one began where this one ended.
fn expected_other(change: &Change, way: Way) -> u64 {
    match way {
        Way::Undo => change.before_version,
        Way::Redo => change.after_version,
    }
}

/// What a step from `current` back (or forward) to `to` commits. Undo never writes a sign-off
/// decision: the plan keeps the sign-off it has now (a plan whose approval a change reopened
/// stays awaiting after the change is undone, for a supervisor to approve again), and a change
/// to an approved plan reopens it. The preview and the check use it too, so what is listed and
/// checked is what is written.
fn landing(current: &Subject, to: &Subject) -> Subject {
    let mut to = to.clone();
    to.plan_sign_off = current.plan_sign_off.clone();
    crate::domain::reopen_plan(current, to)
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
    let current = match store.load(id) {
        Ok(Some(s)) => s,
        Ok(None) => {
            return Err(Revert::Drop(OpsError::refused(format!(
                "Cannot {verb}: the subject is no longer in the store"
            ))));
        }
        Err(e) => return Err(Revert::Keep(cannot(&e))),
    };
    let to = landing(&current, to);
    match store.commit(&Commit {
        subject: &to,
        expected_version: Some(version),
        summary,
    }) {
        Ok(version) => Ok(Saved {
            subject: to,
            version,
            summary: summary.to_string(),
            merged: None,
        }),
        Err(e) => Err(Revert::Keep(cannot(&e))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Subject;

    fn day() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default()
    }

    /// Save `s` renamed to `name` and remember it in the session.
    fn edit(store: &mut Store, session: &mut Session, s: &mut Subject, v: &mut u64, name: &str) {
        let before = s.clone();
        s.given_names = name.to_string();
        let version = store
            .commit(&Commit {
                subject: s,
                expected_version: Some(*v),
                summary: &format!("Edited {name}"),
            })
            .unwrap();
        let saved = Saved {
            subject: s.clone(),
            version,
            summary: format!("Edited {name}"),
            merged: None,
        };
        session.record(&before, *v, &saved);
        *v = version;
    }

    #[test]
    fn undo_and_redo_walk_back_and_forth_through_several_changes_of_one_subject() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::store::testkit::open(dir.path()).unwrap();
        let mut s = Subject::new(0, "Doe", "A0", day());
        store.insert_new(&mut s, "Created the subject").unwrap();
        let mut v = 1;
        let mut session = Session::default();
        for name in ["A1", "A2", "A3"] {
            edit(&mut store, &mut session, &mut s, &mut v, name);
        }
        let name = |store: &Store| store.load(s.id).unwrap().unwrap().given_names;
        for expect in ["A2", "A1", "A0"] {
            undo(&mut store, &mut session).unwrap();
            assert_eq!(name(&store), expect);
        }
        assert!(undo(&mut store, &mut session).is_err(), "nothing left");
        for expect in ["A1", "A2", "A3"] {
            redo(&mut store, &mut session).unwrap();
            assert_eq!(name(&store), expect);
        }
        assert!(!session.can_redo());
        // And back once more: the versions kept line up after the redos.
        undo(&mut store, &mut session).unwrap();
        assert_eq!(name(&store), "A2");
        // A new change ends what could be redone.
        let (mut now, mut v) = store.load_versioned(s.id).unwrap().unwrap();
        edit(&mut store, &mut session, &mut now, &mut v, "B");
        assert!(!session.can_redo());
    }

    #[test]
    fn a_subject_changed_by_someone_else_is_not_reverted() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::store::testkit::open(dir.path()).unwrap();
        let mut s = Subject::new(0, "Doe", "A0", day());
        store.insert_new(&mut s, "Created the subject").unwrap();
        let mut v = 1;
        let mut session = Session::default();
        edit(&mut store, &mut session, &mut s, &mut v, "A1");
        // Another workstation saves on top.
        let mut theirs = s.clone();
        theirs.family_name = "Theirs".to_string();
        store
            .commit(&Commit {
                subject: &theirs,
                expected_version: Some(v),
                summary: "Edited elsewhere",
            })
            .unwrap();
        let e = undo(&mut store, &mut session).unwrap_err();
        assert!(e.to_string().contains("someone else"), "{e}");
        assert_eq!(store.load(s.id).unwrap().unwrap().family_name, "Theirs");
    }

    #[test]
    fn preview_says_what_a_step_changes_and_asks_only_for_more_than_one_field() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::store::testkit::open(dir.path()).unwrap();
        let mut s = Subject::new(0, "Doe", "A0", day());
        store.insert_new(&mut s, "Created the subject").unwrap();
        let mut v = 1;
        let mut session = Session::default();
        edit(&mut store, &mut session, &mut s, &mut v, "A1");
        let p = preview(&mut session, &store, Way::Undo).unwrap();
        assert_eq!(p.fields, vec!["Given names: A1 -> A0".to_string()]);
        assert!(!p.needs_asking());
        // Two fields in one change: asked first, both named.
        let before = s.clone();
        s.given_names = "B".into();
        s.aliases = vec!["Bee".into()];
        let version = store
            .commit(&Commit {
                subject: &s,
                expected_version: Some(v),
                summary: "Edited the subject",
            })
            .unwrap();
        let saved = Saved {
            subject: s.clone(),
            version,
            summary: "Edited the subject".into(),
            merged: None,
        };
        session.record(&before, v, &saved);
        let p = preview(&mut session, &store, Way::Undo).unwrap();
        assert!(p.needs_asking(), "{:?}", p.fields);
        assert!(
            p.fields.iter().any(|f| f.starts_with("Aliases")),
            "{:?}",
            p.fields
        );
        assert!(p.question().contains("2 fields"), "{}", p.question());
        // Previewing writes nothing and keeps the change.
        assert_eq!(store.version(s.id).unwrap(), Some(version));
        undo(&mut store, &mut session).unwrap();
        let p = preview(&mut session, &store, Way::Redo).unwrap();
        assert!(p.needs_asking());
        assert!(
            p.fields.iter().any(|f| f.contains("A1 -> B")),
            "{:?}",
            p.fields
        );
    }

    #[test]
    fn a_signed_off_record_is_never_undone_and_leaves_the_list_consistent() {
        use crate::domain::{Review, SignOff, SignOffStatus};
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::store::testkit::open(dir.path()).unwrap();
        let mut s = Subject::new(0, "Doe", "A0", day());
        s.reviews.push(Review {
            id: 1,
            date: day(),
            reviewer: "someone else".into(),
            outcomes: Vec::new(),
            notifications_note: String::new(),
            visit: None,
            risk_reassessed: false,
            next_review: day(),
            summary: String::new(),
            sign_off: SignOff::default(),
            supersedes: None,
            late_reason: String::new(),
        });
        store.insert_new(&mut s, "Created the subject").unwrap();
        let mut v = 1;
        let mut session = Session::default();
        let mut other = Subject::new(0, "Other", "B0", day());
        store.insert_new(&mut other, "Created the subject").unwrap();
        let mut ov = 1;
        edit(&mut store, &mut session, &mut other, &mut ov, "B1");
        edit(&mut store, &mut session, &mut s, &mut v, "A1");
        let before = s.clone();
        s.reviews[0].sign_off = SignOff {
            status: SignOffStatus::Approved,
            by: Some(crate::store::testkit::TESTER.into()),
            ..SignOff::default()
        };
        let version = store
            .commit(&Commit {
                subject: &s,
                expected_version: Some(v),
                summary: "Approved the review",
            })
            .unwrap();
        let saved = Saved {
            subject: s.clone(),
            version,
            summary: "Approved the review".into(),
            merged: None,
        };
        session.record(&before, v, &saved);
        let e = preview(&mut session, &store, Way::Undo)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("cannot be changed") && e.contains("Signed-off is final"),
            "{e}"
        );
        assert!(e.contains("1 earlier change"), "{e}");
        assert_eq!(
            store.version(s.id).unwrap(),
            Some(version),
            "nothing written"
        );
        // The other subject's change is next, and works.
        let p = preview(&mut session, &store, Way::Undo).unwrap();
        assert_eq!(p.subject, other.id);
        undo(&mut store, &mut session).unwrap();
        assert!(!session.can_undo());
        assert_eq!(
            store.load(s.id).unwrap().unwrap().reviews[0]
                .sign_off
                .status,
            SignOffStatus::Approved
        );
    }
}
