//! The caseload: every subject, which are archived, and what is computed over them (the triage
//! queue and the unit's figures). Archived subjects (every order ended, awaiting erasure) need
//! no action: they are left out of both, in the TUI and on the command line alike.
use std::collections::HashSet;

use chrono::NaiveDate;

use super::OpsError;
use crate::domain::{
    self, Digest, Policy, QueueEntry, QueueFilter, QueueView, Stats, Subject, SubjectId, Triage,
};
use crate::search::Values;
use crate::store::{Store, Unreadable};

/// Every subject in the store that can be read, as the main screen keeps it (its
/// [`domain::Triage`] and its searchable values), the records that cannot, and the ids of the
/// archived subjects.
#[derive(Debug, Clone, Default)]
pub struct Caseload {
    /// Every readable subject's triage on the day it was loaded, ordered by id.
    pub subjects: Vec<Triage>,
    /// Slot for slot with `subjects`: what the search index is built from (then dropped).
    pub values: Vec<Values>,
    /// Records set apart because they cannot be read: left out of the list's subjects, the
    /// queue and the figures, and named wherever those are shown.
    pub unreadable: Vec<Unreadable>,
    pub archived: HashSet<SubjectId>,
}

impl Caseload {
    /// A one-line warning naming the unreadable records, if any.
    pub fn warning(&self) -> Option<String> {
        unreadable_warning(&self.unreadable)
    }
}

/// "2 records cannot be read (ids 3, 17) and are left out: run `spmp verify`", or `None`.
pub fn unreadable_warning(unreadable: &[Unreadable]) -> Option<String> {
    if unreadable.is_empty() {
        return None;
    }
    let ids: Vec<String> = unreadable.iter().map(|u| u.id.to_string()).collect();
    Some(match unreadable.len() {
        1 => format!(
            "record {} cannot be read and is left out: run `spmp verify`",
            ids[0]
        ),
        n => format!(
            "{n} records cannot be read (ids {}) and are left out: run `spmp verify`",
            ids.join(", ")
        ),
    })
}

/// Load the caseload for `today` under `policy`: each subject's digest and searchable values
/// (restricted fields hidden from roles that may not see them), stored beside its summary and
/// made from the summary where missing ([`digests`]), triaged on the day; a record that cannot
/// be read is set apart, never stopping the rest. A whole subject is loaded when it is opened
/// (`ops::item::load`). Calls `progress(done, total)` as the subjects are read.
pub fn load_with(
    store: &Store,
    policy: &Policy,
    today: NaiveDate,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Caseload, OpsError> {
    let (listed, unreadable) = store.map_digests_kept(
        digest_tag(policy),
        &|s| (Digest::of(&s, policy), Values::of(&s)),
        &|(d, v): Listed| Some((d.into_triage(today), v)),
        progress,
    )?;
    let (subjects, values) = listed.into_iter().unzip();
    Ok(Caseload {
        subjects,
        values,
        unreadable,
        archived: archived_ids(store)?,
    })
}

/// Which layout of [`Digest`] and [`Values`] the stored digests hold. Bump it when either
/// changes; the digests are also made again for every release of spmp (see [`digest_tag`]).
const DIGEST_FORMAT: &str = "1";

/// The tag stored digests are made under: their layout, the release of spmp (whose rules
/// made them) and `policy` (the rules' days and cadences). A digest under another tag is made
/// again from its summary.
pub fn digest_tag(policy: &Policy) -> u64 {
    use sha2::{Digest as _, Sha256};
    let mut h = Sha256::new();
    h.update(DIGEST_FORMAT.as_bytes());
    h.update([0]);
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h.update([0]);
    // A policy is plain data; if it ever failed to serialise, every digest is made again.
    h.update(serde_json::to_vec(policy).unwrap_or_default());
    let out = h.finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&out[..8]);
    u64::from_le_bytes(first)
}

/// A subject as the caseload reads it from the store: its digest and its search values.
pub type Listed = (Digest, Values);

/// Every readable subject's [`Digest`] under `policy` and its search values, in id order
/// (see [`Store::map_digests`]), with the records that cannot be read.
pub fn digests(
    store: &Store,
    policy: &Policy,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<(Vec<Listed>, Vec<Unreadable>), OpsError> {
    Ok(store.map_digests(
        digest_tag(policy),
        &|s| (Digest::of(&s, policy), Values::of(&s)),
        progress,
    )?)
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

/// The triage queue of the whole store, most urgent first, archived subjects left out, read
/// from the stored digests (only the entries are held); with the records that cannot be read.
pub fn queue_of_store(
    store: &Store,
    policy: &Policy,
    today: NaiveDate,
    filter: &QueueFilter,
) -> Result<(Vec<QueueEntry>, Vec<Unreadable>), OpsError> {
    let archived = archived_ids(store)?;
    let (entries, unreadable) = store.map_digests_kept(
        digest_tag(policy),
        &|s| (Digest::of(&s, policy), Values::of(&s)),
        &|(d, _): Listed| {
            if archived.contains(&d.id) {
                return None;
            }
            d.into_triage(today).entry(filter)
        },
        &mut |_, _| {},
    )?;
    Ok((domain::by_urgency(entries), unreadable))
}

/// The triage queue over a triaged caseload, most urgent first, archived subjects left out.
pub fn queue(
    subjects: &[Triage],
    archived: &HashSet<SubjectId>,
    filter: &QueueFilter,
) -> Vec<QueueEntry> {
    let mut entries = domain::queue_of(subjects, filter);
    entries.retain(|e| !archived.contains(&e.subject));
    entries
}

/// The unit's figures over the whole store for `months` of breaches (clamped to 1..=120),
/// archived subjects left out, read from the summaries one at a time (none are held: the
/// figures of a large store); with the records that cannot be read.
pub fn stats_of_store(
    store: &Store,
    policy: &Policy,
    today: NaiveDate,
    months: u32,
) -> Result<(Stats, Vec<Unreadable>), OpsError> {
    let months = months.clamp(1, 120);
    let archived = archived_ids(store)?;
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Subject>(256);
        let figures = scope.spawn(move || domain::stats(rx, policy, today, months));
        let read = store.each_summary_mapped(
            &|s| (!archived.contains(&s.id)).then_some(s),
            &mut |s| {
                // The figures' thread only stops early by panicking (a bug): `join` says so.
                let _ = tx.send(s);
            },
            &mut |_, _| {},
        );
        drop(tx);
        let figures = match figures.join() {
            Ok(f) => f,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        Ok((figures, read?))
    })
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
    let live = subjects.iter().filter(|s| !archived.contains(&s.id));
    domain::stats(live, policy, today, months.clamp(1, 120))
}

/// Past this many records changed elsewhere at once (an import at another workstation), the
/// app reads the whole caseload again rather than each record.
pub const RELOAD_FROM: usize = 1_000;

/// What the app last saw of the store, to find the work committed elsewhere since (another
/// process or workstation): SQLite's change counter and every record's revision.
#[derive(Debug, Clone)]
pub struct Watch {
    data_version: i64,
    revisions: std::collections::HashMap<SubjectId, u64>,
}

/// The work committed elsewhere since the last look.
#[derive(Debug, Default)]
pub struct Changes {
    /// Records added or changed, whole, as this user may see them.
    pub changed: Vec<Subject>,
    /// Records gone (deleted, merged into another, erased).
    pub removed: Vec<SubjectId>,
    /// So many changed that the caseload is best read again ([`RELOAD_FROM`]).
    pub reload: bool,
    /// The archived subjects now.
    pub archived: HashSet<SubjectId>,
}

impl Watch {
    /// Start watching: taken before the caseload is read, so a commit made while it is read is
    /// seen (perhaps twice) and never missed.
    pub fn start(store: &Store) -> Result<Self, OpsError> {
        let data_version = store.data_version()?;
        Ok(Self {
            data_version,
            revisions: store.revisions()?.into_iter().collect(),
        })
    }

    /// The work committed elsewhere since the last look, or `None` when there is none (one
    /// cheap query). A record that cannot be read now is left as it was shown.
    pub fn poll(&mut self, store: &Store) -> Result<Option<Changes>, OpsError> {
        let version = store.data_version()?;
        if version == self.data_version {
            return Ok(None);
        }
        let now: std::collections::HashMap<SubjectId, u64> =
            store.revisions()?.into_iter().collect();
        let mut changes = Changes {
            removed: self
                .revisions
                .keys()
                .filter(|id| !now.contains_key(id))
                .copied()
                .collect(),
            archived: archived_ids(store)?,
            ..Changes::default()
        };
        let mut changed: Vec<SubjectId> = now
            .iter()
            .filter(|(id, v)| self.revisions.get(id) != Some(v))
            .map(|(id, _)| *id)
            .collect();
        changed.sort_unstable();
        changes.removed.sort_unstable();
        if changed.len() >= RELOAD_FROM {
            changes.reload = true;
        } else {
            for id in changed {
                match store.load_versioned(id) {
                    Ok(Some((subject, _))) => changes.changed.push(subject),
                    Ok(None) => changes.removed.push(id),
                    // Unreadable now: `spmp verify` names it; the list keeps what it showed.
                    Err(crate::store::StoreError::Corrupt { .. }) => {}
                    Err(e) => return Err(e.into()),
                }
            }
        }
        self.data_version = version;
        self.revisions = now;
        Ok(Some(changes))
    }
}
