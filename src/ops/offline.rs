//! Offline review on a laptop (docs/OFFLINE.md): check a working set out of the office store,
//! work in it as in any store, check it in with the three-way field merge.
//!
//! A working set is a store of its own holding only the subjects checked out, made for the user
//! who checks them out with their passphrase (so it opens for them only), marked with the
//! checkout's id, the office store's id and the expiry. The office keeps each subject as it
//! was checked out: the base of the merge at check-in. A field only the laptop changed is
//! applied, one only the office changed is kept, one both changed is listed and nothing is
//! checked in until the user says which side each keeps. The laptop's audit entries are
//! appended to the office log with their original time and the checkout's id.
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::OpsError;
use crate::domain::{MergeConflict, Side, SubjectId, merge3};
use crate::store::{Checkout, CheckoutState, Login, Store, StoreError, StoreOptions, WorkingSet};

/// Which subjects to check out.
#[derive(Debug, Clone, Copy)]
pub enum Selection<'a> {
    /// These, by id.
    Ids(&'a [SubjectId]),
    /// The user's own caseload: subjects whose officer in charge they are.
    Mine,
    /// Subjects due a visit within this many days (the visit sheets' rule).
    VisitsDue(u32),
}

/// The ids `which` names in `office` on `today`, read one subject at a time.
pub fn select(
    office: &Store,
    which: Selection<'_>,
    policy: &crate::domain::Policy,
    today: NaiveDate,
) -> Result<Vec<SubjectId>, OpsError> {
    let login = office.actor().name.clone();
    let mut ids = Vec::new();
    match which {
        Selection::Ids(ids) => return Ok(ids.to_vec()),
        Selection::Mine => {
            office.each_subject(&mut |s| {
                if crate::domain::Triage::of(&s, policy, today).is_officers(&login) {
                    ids.push(s.id);
                }
                Ok(())
            })?;
        }
        Selection::VisitsDue(days) => {
            office.each_subject(&mut |s| {
                let one = std::slice::from_ref(&s);
                if !crate::document::visit::visits_due(one, policy, today, days).is_empty() {
                    ids.push(s.id);
                }
                Ok(())
            })?;
        }
    }
    if ids.is_empty() {
        return Err(OpsError::refused(match which {
            Selection::Mine => "no subject has you as officer in charge: nothing to check out",
            _ => "no subject is due a visit in that time: nothing to check out",
        }));
    }
    Ok(ids)
}

/// A checkout made: its record in the office and where its working set is.
#[derive(Debug)]
pub struct CheckedOut {
    pub checkout: Checkout,
    pub dir: PathBuf,
}

/// Make a working set in `out` (which must not exist) of `subjects` for the user logged in to
/// `office` as `login`, opening until `today + days`. The checkout is recorded in the office
/// (a disclosure per subject) before any record is written out.
pub fn check_out(
    office: &mut Store,
    login: &Login,
    subjects: &[SubjectId],
    (today, days): (NaiveDate, u32),
    out: &Path,
    opts: &StoreOptions,
) -> Result<CheckedOut, OpsError> {
    if login.user != office.actor().name {
        return Err(OpsError::refused(
            "a working set is made by the user it is for, logged in with their own passphrase",
        ));
    }
    if office.working_set()?.is_some() {
        return Err(OpsError::refused(
            "this is a working set: working sets are checked out of the office store",
        ));
    }
    if out.exists() {
        return Err(OpsError::refused(format!(
            "{} exists already: a working set is made in a new directory",
            out.display()
        )));
    }
    if out.to_str().is_some_and(|p| p.starts_with("postgres")) {
        return Err(OpsError::refused(
            "a working set is a directory on the laptop, not a server store",
        ));
    }
    // The working set opens with this passphrase: it must be the user's own.
    if !office.check_passphrase(&login.passphrase)? {
        return Err(OpsError::refused(
            "that is not your passphrase: the working set opens with your own",
        ));
    }
    let expires = today + chrono::Days::new(u64::from(days.max(1)));
    let store_id = office.store_id()?;
    // What the plans show besides the records, read first (nothing is recorded if it cannot
    // be): who the officers are, and each subject's history before the checkout, as this user
    // reads it in the office.
    let officers = office.officers()?;
    let mut history: Vec<(SubjectId, Vec<crate::store::HistoryEntry>)> = Vec::new();
    for &id in subjects {
        if !history.iter().any(|(h, _)| *h == id) {
            history.push((id, office.history(id)?));
        }
    }
    let (checkout, records) = office.check_out(subjects, expires)?;
    let roles = office.actor().roles.clone();
    let made = (|| -> Result<(), OpsError> {
        let mut ws = Store::create_with(out, opts, login, &roles)?;
        // The user is the officer they are in the office (rank, name, number).
        if let Some((_, me, _)) = officers.iter().find(|(name, ..)| *name == login.user) {
            ws.set_officer(&login.user, me)?;
        }
        ws.seed_working_set(
            &records,
            &format!("Checked out from the office (working set {})", checkout.id),
        )?;
        ws.put_office_copy(&officers, &history)?;
        let audit_from = ws.audit_log()?.last().map_or(0, |e| e.seq);
        ws.mark_working_set(&WorkingSet {
            checkout: checkout.id.clone(),
            store: store_id,
            user: login.user.clone(),
            expires,
            audit_from,
        })?;
        Ok(())
    })();
    if let Err(e) = made {
        // Nothing half-made is left on the disk, and the checkout recorded is given up at once
        // so it can never check in (its disclosures stay in the log: they were recorded).
        let _ = std::fs::remove_dir_all(out);
        let why = format!("it could not be made ({e})");
        return Err(match office.abandon_checkout(&checkout.id, &why) {
            Ok(()) => e,
            Err(also) => OpsError::refused(format!(
                "{e}; working set {} is recorded as checked out and could not be given up \
                 ({also}): a supervisor revokes it (`spmp checkout revoke {}`)",
                checkout.id, checkout.id
            )),
        });
    }
    Ok(CheckedOut {
        checkout,
        dir: out.to_path_buf(),
    })
}

/// The options a working set is made and opened with from `office`: the office's own (its key
/// derivation cost, its limits) without a test's disk cap.
pub fn options_for_working_set(office: &Store) -> StoreOptions {
    StoreOptions {
        max_page_count: None,
        ..office.options().clone()
    }
}

/// Every working set checked out of `office`, newest first (none for users who may not edit).
pub fn list(office: &Store) -> Result<Vec<Checkout>, OpsError> {
    Ok(office.checkouts()?)
}

/// Revoke working set `id` (a lost laptop) with `reason`: it can no longer be checked in.
/// Supervisors.
pub fn revoke(office: &mut Store, id: &str, reason: &str) -> Result<(), OpsError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(OpsError::refused(
            "say why the working set is revoked (a lost laptop, ...)",
        ));
    }
    Ok(office.set_checkout_state(id, CheckoutState::Revoked, reason)?)
}

/// The subjects checked out now (open and not expired on `today`), each with what the list and
/// the header say: "checked out to rita.reviewer until 11 Dec 2026". Nothing when the user
/// may not see checkouts or they cannot be read.
pub fn out_now(office: &Store, today: NaiveDate) -> std::collections::HashMap<SubjectId, String> {
    let mut out = std::collections::HashMap::new();
    for c in office.checkouts().unwrap_or_default() {
        if c.state != CheckoutState::Open || c.expires < today {
            continue;
        }
        let text = format!(
            "checked out to {} until {}",
            c.user,
            crate::domain::fmt_date(c.expires)
        );
        for (id, _) in &c.subjects {
            out.entry(*id).or_insert_with(|| text.clone());
        }
    }
    out
}

/// What the app's title says of a working set ("WORKING SET until 11 Dec 2026"); `None` for
/// any other store.
pub fn banner(store: &Store) -> Option<String> {
    let ws = store.working_set().ok()??;
    Some(format!(
        "WORKING SET until {}",
        crate::domain::fmt_date(ws.expires)
    ))
}

/// A field both sides changed, as shown at check-in.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckinConflict {
    pub subject: SubjectId,
    pub name: String,
    pub conflict: MergeConflict,
}

/// What a check-in did, or would do.
#[derive(Debug, Default)]
pub struct CheckedIn {
    /// The subjects changed in the office, with what was merged.
    pub applied: Vec<(SubjectId, String)>,
    /// Fields both sides changed. When not empty and no side was chosen, nothing was written.
    pub conflicts: Vec<CheckinConflict>,
    /// Entries of the laptop's audit log appended to the office's.
    pub entries: usize,
    /// Whether the working set is now checked in (it cannot be again).
    pub done: bool,
}

/// Check the working set in `dir` in to `office`, logged in to both as `login`, whole or not
/// at all. `keep` says which side every field both changed keeps; without it such fields are
/// listed and nothing is written. Refused, changing nothing: see [`plan_check_in`].
pub fn check_in(
    office: &mut Store,
    dir: &Path,
    login: &Login,
    keep: Option<Side>,
    opts: &StoreOptions,
) -> Result<CheckedIn, OpsError> {
    let mut plan = plan_check_in(office, dir, login, opts)?;
    match keep {
        Some(side) => plan.choose_all(side)?,
        None if plan.unresolved() > 0 => {
            return Ok(CheckedIn {
                conflicts: plan.conflicts(),
                ..CheckedIn::default()
            });
        }
        None => {}
    }
    plan.apply(office)
}

/// One subject of a check-in, merged: the office's revision it was merged with (the save is
/// refused if the office saved it again meanwhile) and its name.
#[derive(Debug)]
struct Planned {
    merged: crate::domain::Merged,
    version: u64,
    name: String,
}

/// A check-in worked out and not yet written: every subject merged, the fields both sides
/// changed listed to choose ([`CheckinPlan::choose`]), the laptop's audit entries read. The
/// TUI shows it side by side; [`CheckinPlan::apply`] writes it whole.
#[derive(Debug)]
pub struct CheckinPlan {
    checkout: Checkout,
    subjects: Vec<Planned>,
    entries: Vec<crate::store::AuditEntry>,
}

impl CheckinPlan {
    /// The working set's id.
    pub fn id(&self) -> &str {
        &self.checkout.id
    }

    /// How many subjects the laptop changed.
    pub fn changed(&self) -> usize {
        self.subjects.len()
    }

    /// How many audit entries of offline work come with it.
    pub fn entries(&self) -> usize {
        self.entries.len()
    }

    /// Every field both sides changed, in order (subjects by id, fields as the merge lists
    /// them), with the choice made so far.
    pub fn conflicts(&self) -> Vec<CheckinConflict> {
        self.subjects
            .iter()
            .flat_map(|p| {
                p.merged.conflicts.iter().map(|c| CheckinConflict {
                    subject: p.merged.subject.id,
                    name: p.name.clone(),
                    conflict: c.clone(),
                })
            })
            .collect()
    }

    /// What the merge kept or decided by rule, subject by subject.
    pub fn notes(&self) -> Vec<(SubjectId, String, String)> {
        self.subjects
            .iter()
            .flat_map(|p| {
                p.merged
                    .notes
                    .iter()
                    .map(|n| (p.merged.subject.id, p.name.clone(), n.clone()))
            })
            .collect()
    }

    /// Fields still to choose.
    pub fn unresolved(&self) -> usize {
        self.subjects.iter().map(|p| p.merged.unresolved()).sum()
    }

    /// Keep `side`'s value (the laptop's: [`Side::Mine`]; the office's: [`Side::Theirs`]) of
    /// conflict `index` (as [`CheckinPlan::conflicts`] lists them).
    pub fn choose(&mut self, index: usize, side: Side) -> Result<(), OpsError> {
        let mut left = index;
        for p in &mut self.subjects {
            let n = p.merged.conflicts.len();
            if left < n {
                let id = p.merged.subject.id;
                return p
                    .merged
                    .choose(left, side)
                    .map_err(|e| OpsError::refused(format!("subject {id}: {e}")));
            }
            left -= n;
        }
        Err(OpsError::refused(format!(
            "there is no field {index} to choose"
        )))
    }

    /// Keep `side`'s value of every field both changed.
    pub fn choose_all(&mut self, side: Side) -> Result<(), OpsError> {
        for i in 0..self.conflicts().len() {
            self.choose(i, side)
                .map_err(|e| OpsError::refused(format!("{e} (nothing was checked in)")))?;
        }
        Ok(())
    }

    /// Write the check-in, whole or not at all: every field both changed must have been
    /// chosen. Refused, writing nothing, if the office saved one of these subjects since the
    /// plan was made (check in again) or the checkout is no longer open.
    pub fn apply(self, office: &mut Store) -> Result<CheckedIn, OpsError> {
        let left = self.unresolved();
        if left > 0 {
            return Err(OpsError::refused(format!(
                "choose the office's or the laptop's value for {left} more field(s): nothing \
                 was checked in"
            )));
        }
        let mut out = CheckedIn::default();
        let mut saves = Vec::with_capacity(self.subjects.len());
        for p in self.subjects {
            let note = p.merged.notes.join("; ");
            let subject = p
                .merged
                .resolved()
                .map_err(|e| OpsError::refused(format!("{e} (nothing was checked in)")))?;
            let note = if note.is_empty() {
                "the laptop's changes applied; the office's since the checkout kept".to_string()
            } else {
                note
            };
            out.applied.push((subject.id, note));
            saves.push((subject, p.version));
        }
        out.entries = self.entries.len();
        let what = format!(
            "{} subject(s) changed, {} entr{} of offline work",
            saves.len(),
            out.entries,
            if out.entries == 1 { "y" } else { "ies" }
        );
        office.check_in_whole(&self.checkout.id, &saves, &self.entries, &what)?;
        out.done = true;
        Ok(out)
    }
}

/// Work out the check-in of the working set in `dir` to `office`, logged in to both as
/// `login`, writing nothing. Refused: a working set that does not open for `login`, is not
/// from this store, was checked in already, revoked or has expired (by the office's record),
/// was changed outside spmp, holds another account, or carries what is only done in the office
/// (a decision, a subject added, deleted or merged).
pub fn plan_check_in(
    office: &mut Store,
    dir: &Path,
    login: &Login,
    opts: &StoreOptions,
) -> Result<CheckinPlan, OpsError> {
    if login.user != office.actor().name {
        return Err(OpsError::refused(
            "a working set is checked in by the user it was checked out to, logged in to the \
             office as themselves",
        ));
    }
    let ws = open_working_set(dir, login, opts)?;
    let (info, checkout) = its_checkout(office, &ws, dir, login)?;
    untouched(&ws)?;
    // A working set is one user's: accounts added on the laptop would sign entries the office
    // could not check.
    if let Some(other) = ws.users()?.into_iter().find(|u| u.name != login.user) {
        return Err(OpsError::refused(format!(
            "the working set has an account added on the laptop ({}): a working set is its \
             user's alone; nothing was checked in",
            other.name
        )));
    }
    let entries: Vec<_> = ws
        .audit_log()?
        .into_iter()
        .filter(|e| e.seq > info.audit_from)
        .collect();
    if let Some(e) = entries.iter().find(|e| e.actor != login.user) {
        return Err(OpsError::refused(format!(
            "the working set's audit log has an entry by {} (entry {}): a working set is its \
             user's alone; nothing was checked in",
            e.actor, e.seq
        )));
    }
    let bases = office.checkout_base(&checkout.id)?;
    let mut laptop = ws.load_all()?;
    laptop.sort_by_key(|s| s.id);
    let mut ids: Vec<SubjectId> = bases.iter().map(|s| s.id).collect();
    ids.sort_unstable();
    if laptop.iter().map(|s| s.id).ne(ids.iter().copied()) {
        return Err(OpsError::refused(
            "subjects were added, deleted, archived or merged in the working set: those are \
             done in the office; nothing was checked in",
        ));
    }

    // Every subject worked out first: nothing is written unless all of it can be.
    let mut subjects = Vec::new();
    for base in &bases {
        let Some(mine) = laptop.iter().find(|s| s.id == base.id) else {
            continue;
        };
        if mine == base {
            continue;
        }
        let decided = crate::domain::decisions_not_stored(base, mine);
        if !decided.is_empty() {
            return Err(OpsError::refused(format!(
                "subject {}: {} decided on the laptop; sign-offs are made in the office \
                 (nothing was checked in)",
                base.id,
                decided.join(", ")
            )));
        }
        let Some((theirs, version)) = office.load_versioned(base.id)? else {
            return Err(OpsError::refused(format!(
                "subject {} is no longer in this store (deleted or merged since the checkout): \
                 nothing was checked in",
                base.id
            )));
        };
        let merged = merge3(base, mine, &theirs).map_err(|e| OpsError::refused(e.to_string()))?;
        subjects.push(Planned {
            merged,
            version,
            name: mine.display_name(),
        });
    }
    subjects.sort_by_key(|p| p.merged.subject.id);
    Ok(CheckinPlan {
        checkout,
        subjects,
        entries,
    })
}

/// The working set's description and the office's record of its checkout, refused (with its
/// own message) unless they belong together, to `login`, and the checkout is open and in date.
fn its_checkout(
    office: &mut Store,
    ws: &Store,
    dir: &Path,
    login: &Login,
) -> Result<(WorkingSet, Checkout), OpsError> {
    let info = ws.working_set()?.ok_or_else(|| {
        OpsError::refused(format!(
            "{} is a store, not a working set: nothing was checked in",
            dir.display()
        ))
    })?;
    if info.store != office.store_id()? {
        return Err(OpsError::refused(
            "this working set was checked out of another store: nothing was checked in",
        ));
    }
    let checkout = office.checkout(&info.checkout)?.ok_or_else(|| {
        OpsError::refused(format!(
            "this store has no record of working set {}: nothing was checked in",
            info.checkout
        ))
    })?;
    if checkout.user != login.user || info.user != login.user {
        return Err(OpsError::refused(format!(
            "working set {} is {}'s: they check it in",
            checkout.id, checkout.user
        )));
    }
    match checkout.state {
        CheckoutState::Open => {}
        CheckoutState::CheckedIn => {
            return Err(OpsError::refused(format!(
                "working set {} was checked in already: a working set checks in once",
                checkout.id
            )));
        }
        CheckoutState::Revoked => {
            return Err(OpsError::refused(format!(
                "working set {} was revoked: it can no longer be checked in",
                checkout.id
            )));
        }
    }
    // The office's own record decides, not the laptop's clock or copy.
    let today = chrono::Local::now().date_naive();
    if today > checkout.expires || info.expires != checkout.expires {
        return Err(OpsError::refused(format!(
            "working set {} expired on {}: it can no longer be checked in",
            checkout.id, checkout.expires
        )));
    }
    Ok((info, checkout))
}

/// Open the working set in `dir` for `login`, with check-in's own messages.
fn open_working_set(dir: &Path, login: &Login, opts: &StoreOptions) -> Result<Store, OpsError> {
    match Store::open_with(dir, opts, login) {
        Ok(ws) => Ok(ws),
        Err(StoreError::BadLogin) => Err(OpsError::refused(format!(
            "the working set in {} does not open for {}: it opens only for the user it was \
             checked out to, with their passphrase; nothing was checked in",
            dir.display(),
            login.user
        ))),
        Err(e) => Err(e.into()),
    }
}

/// Refuse a working set whose records or audit log were changed outside spmp.
fn untouched(ws: &Store) -> Result<(), OpsError> {
    let report = ws.verify()?;
    let audit = ws.verify_audit()?;
    let fault = report
        .faults
        .first()
        .map(ToString::to_string)
        .or_else(|| audit.fault.as_ref().map(ToString::to_string));
    match fault {
        Some(fault) => Err(OpsError::refused(format!(
            "the working set has been changed outside spmp ({fault}): nothing was checked in"
        ))),
        None => Ok(()),
    }
}
