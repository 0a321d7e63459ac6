//! Importing subjects, all or nothing: an interchange JSON file (`docs/FORMAT.md`) or a unit's
//! tracker spreadsheet read through a mapping (`docs/TRACKER.md`). Every subject is checked
//! before anything is written; the import is one transaction; a dry run changes nothing.
use chrono::NaiveDate;

use std::collections::{HashMap, HashSet};

use super::OpsError;
use crate::domain::{Subject, SubjectId};
use crate::store::Store;

/// What an import would do (a dry run) or did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// One line per subject: what happens to it, safe for a terminal.
    pub lines: Vec<String>,
    /// The ids the subjects were saved under (empty for a dry run).
    pub ids: Vec<SubjectId>,
}

/// Whether subjects already in the store may be overwritten (JSON only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    Refuse,
    Replace,
}

/// Import an interchange JSON file, read as a stream from `file` (`size` bytes; `source` names
/// it in the history): each subject is read, checked, sealed and written in turn, all in one
/// transaction committed only when every record passed, so memory does not grow with the file.
/// Subjects whose ids are in the store are refused unless `existing` is
/// [`Existing::Replace`] (the history keeps what they were). `progress(done, total)` is called
/// with the bytes read.
pub fn json<R: std::io::Read + std::io::Seek + Send>(
    store: &mut Store,
    source: &str,
    file: R,
    size: u64,
    existing: Existing,
    dry_run: bool,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Plan, OpsError> {
    // A store this process has to itself takes the import through SQLite's rollback journal:
    // the records are written once instead of twice (docs/PERFORMANCE.md).
    let bulk = !dry_run && store.begin_bulk_write();
    let done = json_in(store, source, file, (size, existing, dry_run), progress);
    if bulk {
        store.end_bulk_write();
    }
    done
}

fn json_in<R: std::io::Read + std::io::Seek + Send>(
    store: &mut Store,
    source: &str,
    file: R,
    (size, existing, dry_run): (u64, Existing, bool),
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Plan, OpsError> {
    let nothing =
        |e: &dyn std::fmt::Display| OpsError::refused(format!("nothing was imported: {e}"));
    // What the file is checked against: the stored subjects' ids and identifiers, read one
    // summary at a time and kept as no more than that (importing into a large store does not
    // hold its summaries).
    let (stored, _) = store.map_summaries(&|s| Some(crate::domain::identity_of(s)))?;
    let stored_ids: HashSet<SubjectId> = stored.iter().map(|s| s.id).collect();
    let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, s) in stored.iter().enumerate() {
        for value in [s.pnc_id.as_deref(), s.niche_ref.as_deref()]
            .into_iter()
            .flatten()
        {
            if let Some(key) = crate::domain::identifier_key(value) {
                by_key.entry(key).or_default().push(i);
            }
        }
    }
    let mut batch = if dry_run {
        store.batch_dry()?
    } else {
        store.batch(&format!("import {source}"))?
    };
    let preparer = batch.preparer();
    let mut lines = Vec::new();
    let mut in_file = Vec::new();
    let mut present = Vec::new();
    let mut clashes = Vec::new();
    let mut forged = Vec::new();
    let mut handle = |prepared: crate::store::Prepared, at: u64| -> Result<(), String> {
        let subject = prepared.subject();
        let replacing = stored_ids.contains(&subject.id);
        if replacing {
            present.push(subject.id);
            // Sign-off times and authors come from the signing session, never from a file: a
            // replaced subject's decided sign-offs must be exactly the stored ones.
            if existing == Existing::Replace
                && let Some(stored) = batch.load(subject.id).map_err(|e| e.to_string())?
            {
                let changed = crate::domain::decisions_not_stored(&stored, subject);
                if !changed.is_empty() {
                    forged.push(format!("  subject {}: {}", subject.id, changed.join(", ")));
                }
            }
        }
        // One person, one record: a PNC ID or Niche reference already on another stored
        // subject (unless the file replaces that one too: settled at the end).
        let near: Vec<&Subject> = [subject.pnc_id.as_deref(), subject.niche_ref.as_deref()]
            .into_iter()
            .flatten()
            .filter_map(crate::domain::identifier_key)
            .filter_map(|k| by_key.get(&k))
            .flatten()
            .filter_map(|&i| stored.get(i))
            .collect();
        for c in crate::domain::identifier_clashes(subject, near) {
            clashes.push((c.other, format!("  subject {}: {c}", subject.id)));
        }
        let verb = if replacing { "replace" } else { "add" };
        lines.push(format!(
            "{verb} subject {}: {}",
            subject.id,
            crate::text::line(&subject.display_name())
        ));
        in_file.push(subject.id);
        let refused = existing == Existing::Refuse && !present.is_empty();
        if !refused && forged.is_empty() {
            batch.save_prepared(prepared).map_err(|e| e.to_string())?;
        }
        progress(at, size);
        Ok(())
    };
    // Two stages on two cores: this thread checks and writes each subject while the reader
    // reads, checks, encodes and seals the next ones (a few at most are held in between).
    // The work is shared out as it goes: while the writer has subjects queued, the reader
    // seals each one too; when the writer is waiting, the reader hands subjects over
    // encoded only and the writer seals them.
    let queued = std::sync::atomic::AtomicUsize::new(0);
    let read = std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<(crate::store::Prepared, u64)>(32);
        let queued = &queued;
        let reader = scope.spawn(move || {
            crate::interchange::read(file, &mut |subject, at| {
                let writer_busy = queued.load(std::sync::atomic::Ordering::Relaxed) >= 8;
                let prepared = preparer.prepare_sealing(subject, writer_busy);
                queued.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                tx.send((prepared, at))
                    .map_err(|_| "the import stopped".to_string())
            })
        });
        let mut saved = Ok(());
        for (prepared, at) in rx.iter() {
            queued.fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
            if let Err(e) = handle(prepared, at) {
                saved = Err(e);
                break;
            }
        }
        drop(rx);
        let read = reader.join().unwrap_or_else(|_| {
            Err(crate::interchange::ImportError::Stopped {
                message: "the file's reader stopped unexpectedly".to_string(),
            })
        });
        match saved {
            Err(message) => Err(crate::interchange::ImportError::Stopped { message }),
            Ok(()) => read,
        }
    });
    match read {
        Ok(_) => {}
        Err(crate::interchange::ImportError::Stopped { message }) => return Err(nothing(&message)),
        Err(e) => return Err(OpsError::refused(format!("nothing was imported.\n{e}"))),
    }
    if existing == Existing::Refuse && !present.is_empty() {
        let shown: Vec<String> = present.iter().take(10).map(ToString::to_string).collect();
        let more = if present.len() > 10 { ", ..." } else { "" };
        return Err(OpsError::refused(format!(
            "nothing was imported: {} subject(s) in the file are already in the store (ids \
             {}{more}). Importing would overwrite their current records. Use --replace to \
             overwrite them (the history keeps what they were).",
            present.len(),
            shown.join(", ")
        )));
    }
    let in_file_set: HashSet<SubjectId> = in_file.iter().copied().collect();
    let clashes: Vec<String> = clashes
        .into_iter()
        .filter(|(other, _)| !in_file_set.contains(other))
        .map(|(_, line)| line)
        .collect();
    if !clashes.is_empty() {
        return Err(OpsError::refused(format!(
            "nothing was imported: the file holds people already in the store under another \
             subject (same PNC ID or Niche reference):\n{}",
            clashes.join("\n")
        )));
    }
    if !forged.is_empty() {
        return Err(OpsError::refused(format!(
            "nothing was imported: the file carries sign-off decisions the store does not hold \
             (a sign-off's status, time, signer or comment differs). Sign-offs are given in spmp \
             by the supervisor signing (`spmp sign-off` or the TUI), never imported; keep them \
             as exported, or \"awaiting\":\n{}",
            forged.join("\n")
        )));
    }
    if dry_run {
        return Ok(Plan {
            lines,
            ids: Vec::new(),
        });
    }
    batch.commit().map_err(|e| nothing(&e))?;
    progress(size, size);
    Ok(Plan {
        lines,
        ids: in_file,
    })
}

/// Save `subjects` as they are (under their own ids), all or none, recorded as `summary`: the
/// demo caseload, or a caseload generated for training.
pub fn seed(store: &mut Store, subjects: &[Subject], summary: &str) -> Result<(), OpsError> {
    Ok(store.save_all(subjects, summary)?)
}

/// Import a tracker spreadsheet `csv` through the TOML `mapping`, as of `today`. Subjects get
/// new ids; one already in the store (same PNC ID or Niche reference, ignoring case) is refused.
pub fn tracker(
    store: &mut Store,
    source: &str,
    csv: &str,
    mapping: &str,
    today: NaiveDate,
    dry_run: bool,
) -> Result<Plan, OpsError> {
    let nothing =
        |e: &dyn std::fmt::Display| OpsError::refused(format!("nothing was imported.\n{e}"));
    let mapping = crate::tracker::mapping::parse(mapping)
        .map_err(|e| OpsError::refused(format!("the mapping file: {e}")))?;
    let imported = crate::tracker::read(csv, &mapping, today).map_err(|e| nothing(&e))?;
    let existing = store.load_all()?;
    let same = |a: &Option<String>, b: &Option<String>| {
        a.is_some() && a.as_deref().map(str::to_lowercase) == b.as_deref().map(str::to_lowercase)
    };
    let clashes: Vec<String> = imported
        .iter()
        .filter_map(|i| {
            let s = &i.subject;
            let other = existing
                .iter()
                .find(|e| same(&s.pnc_id, &e.pnc_id) || same(&s.niche_ref, &e.niche_ref))?;
            Some(format!(
                "  row {}: {} is already in the store as subject {} (same PNC ID or Niche reference)",
                i.rows.first().copied().unwrap_or(0),
                crate::text::line(&s.display_name()),
                other.id
            ))
        })
        .collect();
    if !clashes.is_empty() {
        return Err(nothing(&clashes.join("\n")));
    }
    let lines = imported
        .iter()
        .map(|i| {
            let s = &i.subject;
            let orders: Vec<String> = s
                .orders
                .iter()
                .map(|o| {
                    let n = o.conditions.len();
                    format!(
                        "{} ({n} condition{})",
                        o.kind.short(),
                        if n == 1 { "" } else { "s" }
                    )
                })
                .collect();
            let rows: Vec<String> = i.rows.iter().map(ToString::to_string).collect();
            format!(
                "{} [rows {}]: {}",
                crate::text::line(&s.display_name()),
                rows.join(", "),
                if orders.is_empty() {
                    "no orders".to_string()
                } else {
                    orders.join("; ")
                }
            )
        })
        .collect();
    if dry_run {
        return Ok(Plan {
            lines,
            ids: Vec::new(),
        });
    }
    let mut subjects: Vec<Subject> = imported.into_iter().map(|i| i.subject).collect();
    let ids = store
        .insert_all_new(&mut subjects, &format!("import tracker {source}"))
        .map_err(|e| nothing(&e))?;
    Ok(Plan { lines, ids })
}
