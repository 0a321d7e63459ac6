//! Putting mistakes right: deleting a subject created in error, archiving one instead once the
//! time for that is over, and merging two records of the same person. The store enforces every
//! rule inside its transactions (the window, who, nothing decided or disclosed; supervisors
//! merge); these are their one way in, for the TUI and the command line alike.
//!
//! Undoing a change of this session is [`super::undo`].
use chrono::NaiveDate;

use super::OpsError;
use crate::domain::{Permission, Policy, Role, Subject, SubjectId};
use crate::store::{Creation, DeletionReport, MergeReport, Store};

/// Whether the logged-in user may delete subject `id` as created in error now: who created it
/// and when (the store's own record), or why not, saying what to do instead.
pub fn deletable(store: &Store, id: SubjectId) -> Result<Creation, OpsError> {
    Ok(store.check_delete(id)?)
}

/// Delete subject `id`, created in error, for `reason` (see [`crate::store::Store::delete_subject`]
/// for the rules). Its record, history and drafts go, securely; the audit log keeps who
/// deleted it, when and why, without personal data.
pub fn delete_subject(
    store: &mut Store,
    id: SubjectId,
    reason: &str,
) -> Result<DeletionReport, OpsError> {
    Ok(store.delete_subject(id, reason)?)
}

/// Archive subject `id` for `reason` on `today`, the same rule as `spmp archive` (every order
/// ended): see [`super::retention::archive`]. Returns the first day it may be erased.
pub fn archive(
    store: &mut Store,
    policy: &Policy,
    id: SubjectId,
    reason: &str,
    today: NaiveDate,
) -> Result<Option<NaiveDate>, OpsError> {
    super::retention::archive(store, policy, id, reason, today)
}

/// Whether the logged-in user may merge records (supervisors), checked before asking which.
pub fn may_merge(store: &Store) -> Result<(), OpsError> {
    store.require(Permission::Edit)?;
    if store.actor().roles.contains(&Role::Supervisor) {
        Ok(())
    } else {
        Err(OpsError::refused(format!(
            "{} may not merge subjects: that needs the Supervisor role",
            crate::text::line(store.actor().name.trim())
        )))
    }
}

/// Merge subject `from` into subject `keep` for `reason` (supervisors): the kept record gains
/// everything of the other, both histories are kept under it, the other record goes.
pub fn merge_subjects(
    store: &mut Store,
    keep: SubjectId,
    from: SubjectId,
    reason: &str,
) -> Result<MergeReport, OpsError> {
    Ok(store.merge_subjects(keep, from, reason)?)
}

/// "DOE, Jane (id 7; born 1 Feb 1990; PNC 12/34X; Niche N1; 2 orders, 3 reviews)": what tells
/// two records apart when choosing which to merge. Stored text, not yet made safe to show.
pub fn identify(s: &Subject) -> String {
    identify_parts(
        &s.display_name(),
        s.id,
        s.date_of_birth,
        [s.pnc_id.as_deref(), s.niche_ref.as_deref()],
        [s.orders.len(), s.reviews.len()],
    )
}

/// [`identify`] from what the list keeps of a subject, with its aliases ("aka Al, Lex"): a
/// candidate in the duplicate finder.
pub fn identify_triage(t: &crate::domain::Triage) -> String {
    let mut out = identify_parts(
        &t.display_name(),
        t.id,
        t.date_of_birth,
        [t.pnc_id.as_deref(), t.niche_ref.as_deref()],
        [t.orders as usize, t.reviews as usize],
    );
    if !t.aliases.is_empty() {
        out.push_str(" aka ");
        out.push_str(&t.aliases.join(", "));
    }
    out
}

fn identify_parts(
    name: &str,
    id: SubjectId,
    born: Option<chrono::NaiveDate>,
    [pnc, niche]: [Option<&str>; 2],
    [orders, reviews]: [usize; 2],
) -> String {
    let mut parts = vec![format!("id {id}")];
    if let Some(d) = born {
        parts.push(format!("born {}", crate::domain::fmt_date(d)));
    }
    if let Some(p) = pnc.filter(|p| !p.trim().is_empty()) {
        parts.push(format!("PNC {p}"));
    }
    if let Some(n) = niche.filter(|n| !n.trim().is_empty()) {
        parts.push(format!("Niche {n}"));
    }
    let count = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    parts.push(count(orders, "order"));
    parts.push(count(reviews, "review"));
    format!("{name} ({})", parts.join("; "))
}
