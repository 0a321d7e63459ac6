//! Importing subjects, all or nothing: an interchange JSON file (`docs/FORMAT.md`) or a unit's
//! tracker spreadsheet read through a mapping (`docs/TRACKER.md`). Every subject is checked
//! before anything is written; the import is one transaction; a dry run changes nothing.
use chrono::NaiveDate;

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

/// Import an interchange JSON `text` (read from `source`, named in the history). Subjects whose
/// ids are in the store are refused unless `existing` is [`Existing::Replace`] (the history
/// keeps what they were). `progress(done, total)` is called as records are written.
pub fn json(
    store: &mut Store,
    source: &str,
    text: &str,
    existing: Existing,
    dry_run: bool,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Plan, OpsError> {
    let subjects = crate::interchange::parse(text)
        .map_err(|e| OpsError::refused(format!("nothing was imported.\n{e}")))?;
    let mut present = Vec::new();
    for s in &subjects {
        if store.version(s.id)?.is_some() {
            present.push(s.id);
        }
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
    // One person, one record: a PNC ID or Niche reference already on another stored subject
    // (one the file does not replace) is refused. Within the file the parser refuses them.
    let in_file: std::collections::HashSet<SubjectId> = subjects.iter().map(|s| s.id).collect();
    let others: Vec<Subject> = store
        .load_all()?
        .into_iter()
        .filter(|s| !in_file.contains(&s.id))
        .collect();
    let clashes: Vec<String> = subjects
        .iter()
        .flat_map(|s| {
            crate::domain::identifier_clashes(s, &others)
                .into_iter()
                .map(move |c| format!("  subject {}: {c}", s.id))
        })
        .collect();
    if !clashes.is_empty() {
        return Err(OpsError::refused(format!(
            "nothing was imported: the file holds people already in the store under another \
             subject (same PNC ID or Niche reference):\n{}",
            clashes.join("\n")
        )));
    }
    // Sign-off times and authors come from the signing session, never from a file: a replaced
    // subject's decided sign-offs must be exactly the stored ones.
    let mut forged = Vec::new();
    for s in subjects.iter().filter(|s| present.contains(&s.id)) {
        let Some(stored) = store.load(s.id)? else {
            continue;
        };
        let changed = crate::domain::decisions_not_stored(&stored, s);
        if !changed.is_empty() {
            forged.push(format!("  subject {}: {}", s.id, changed.join(", ")));
        }
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
    let lines = subjects
        .iter()
        .map(|s| {
            let verb = if present.contains(&s.id) {
                "replace"
            } else {
                "add"
            };
            format!(
                "{verb} subject {}: {}",
                s.id,
                crate::text::line(&s.display_name())
            )
        })
        .collect();
    if dry_run {
        return Ok(Plan {
            lines,
            ids: Vec::new(),
        });
    }
    store
        .save_all_with_progress(&subjects, &format!("import {source}"), progress)
        .map_err(|e| OpsError::refused(format!("nothing was imported: {e}")))?;
    Ok(Plan {
        lines,
        ids: subjects.iter().map(|s| s.id).collect(),
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
