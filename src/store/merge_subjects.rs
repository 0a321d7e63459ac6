//! Merging two records of the same person: [`Store::merge_subjects`] (supervisors only).
//!
//! In one IMMEDIATE transaction the record kept (A) becomes [`combine`]`(A, B)` (B's items with
//! fresh ids and every reference renumbered, B's differing identity kept as aliases and notes);
//! B's history rows are re-sealed under A (a history payload is sealed with its subject's id as
//! associated data, so each is opened as B's and sealed again as A's) and re-assigned to A, so
//! A's history shows both, in the order they were written; B's record, drafts and any archive
//! note are removed the way erasure removes them ([`super::erase::remove_rows`]); and two
//! [`AuditKind::Combination`] entries say "merged from B" (on A) and "merged into A" (on B).
//! Both audit trails stay as they were: the chain is never rewritten, and because the log still
//! names B's id it is never given out again. The WAL is checkpointed after the COMMIT.
//!
//! The controls: the merge needs the Supervisor role; A's decided reviews and assessments must
//! be unchanged ([`check_final`]); and the merge decides nothing: every decided sign-off in the
//! result is one A or B already had, so B's decided records come across unchanged apart from
//! their ids. If A's plan was approved, the combined plan awaits sign-off again.
use crate::store::db::params;

use super::audit::{self, AuditEvent, required_text};
use super::erase::{Removed, read_archive, read_subject, refused, remove_rows};
use super::error::sqlite_error;
use super::history::{self, history_context};
use super::{
    AuditKind, Store, StoreError, WriteCtx, begin, codec, id_to_sql, open, seal, store_record,
};
use crate::domain::{
    Combined, Permission, Role, SignOff, Subject, SubjectId, check_final, combine, is_final,
    validate_subject,
};

/// What [`Store::merge_subjects`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeReport {
    pub keep: SubjectId,
    pub from: SubjectId,
    /// The kept record as now stored, and its revision.
    pub subject: Subject,
    pub version: u64,
    /// B's history entries now under A.
    pub history_moved: u64,
    /// B's drafts deleted.
    pub drafts: u64,
    /// What B brought, in counts ("2 orders, 1 review").
    pub added: String,
    /// Items of B with a new id ("order 1 -> 3, ..."); empty when none.
    pub renumbered: String,
    /// Items of B identical to one of A's, not added twice.
    pub duplicates: usize,
    /// B's identity values that differed and were kept as aliases or notes.
    pub kept_aside: Vec<&'static str>,
    /// Whether the WAL checkpoint after the merge completed.
    pub checkpointed: bool,
}

/// Every decided sign-off of `subject`'s reviews and assessments.
fn decisions(subject: &Subject) -> Vec<&SignOff> {
    let mut out: Vec<&SignOff> = subject
        .reviews
        .iter()
        .map(|r| &r.sign_off)
        .chain(subject.assessments.iter().map(|a| &a.sign_off))
        .filter(|so| is_final(so))
        .collect();
    out.sort_by_key(|so| format!("{so:?}"));
    out
}

/// The merge decides nothing: the decided sign-offs of the result are exactly A's and B's.
fn decides_nothing(a: &Subject, b: &Subject, merged: &Subject) -> bool {
    let mut before = decisions(a);
    before.extend(decisions(b));
    before.sort_by_key(|so| format!("{so:?}"));
    let plan_ok = merged.plan_sign_off == a.plan_sign_off
        || merged
            .plan_sign_off
            .as_ref()
            .is_some_and(|so| !is_final(so) && so.by.is_none());
    plan_ok && before == decisions(merged)
}

impl Store {
    /// Merge subject `from` (B) into subject `keep` (A), for `reason`: supervisors only. See the
    /// module docs. Refusals change nothing.
    pub fn merge_subjects(
        &mut self,
        keep: SubjectId,
        from: SubjectId,
        reason: &str,
    ) -> Result<MergeReport, StoreError> {
        self.require(Permission::Edit)?;
        let actor = self.session.actor.clone();
        if !actor.roles.contains(&Role::Supervisor) {
            return Err(StoreError::Denied {
                message: format!(
                    "{} may not merge subjects: that needs the Supervisor role",
                    actor.name.trim()
                ),
            });
        }
        let reason = required_text(reason, "a reason for the merge")?;
        if keep == from {
            return Err(refused(format!(
                "subject {keep} cannot be merged into itself: name two different subjects"
            )));
        }
        let (a_id, b_id) = (id_to_sql(keep)?, id_to_sql(from)?);
        let db = self.db.clone();
        let ctx = format!("merging subject {from} into subject {keep}");
        let sql = |e| sqlite_error(e, &db, &ctx);
        let keys = &self.session.keys;
        let tx = begin(&mut self.conn).map_err(sql)?;
        let Some((_, a)) = read_subject(&tx, keys, &db, a_id)? else {
            return Err(refused(format!("there is no subject {keep}")));
        };
        let Some((_, b)) = read_subject(&tx, keys, &db, b_id)? else {
            return Err(refused(format!("there is no subject {from}")));
        };
        for id in [keep, from] {
            if read_archive(&tx, keys, id_to_sql(id)?)
                .map_err(sql)?
                .is_some()
            {
                return Err(refused(format!(
                    "subject {id} is archived: take it out of the archive first"
                )));
            }
        }
        let combined = combine(&a, &b);
        let added = combined.added_text();
        let renumbered = combined.renumbering_text();
        let Combined {
            subject: merged,
            duplicates,
            kept_aside,
            ..
        } = combined;
        let faults = validate_subject(&merged);
        if !faults.is_empty() {
            return Err(refused(format!(
                "the merged record would not be valid: {}; correct one of the records first",
                faults
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; ")
            )));
        }
        check_final(&a, &merged).map_err(|e| StoreError::Denied {
            message: e.to_string(),
        })?;
        if !decides_nothing(&a, &b, &merged) {
            return Err(StoreError::Denied {
                message: "the merge would change a sign-off: nothing was merged".to_string(),
            });
        }

        // B's history moves to A first, so the merge itself is the last entry of A's history.
        let rows: Vec<(i64, Vec<u8>, Option<Vec<u8>>)> = {
            let mut stmt = tx
                .prepare(
                    "SELECT seq, payload, restricted FROM history WHERE subject_id = ?1
                     ORDER BY seq",
                )
                .map_err(sql)?;
            stmt.query_map([b_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .and_then(|rows| rows.collect())
                .map_err(sql)?
        };
        for (seq, sealed, whole) in &rows {
            let corrupt = |e: String| StoreError::Corrupt {
                id: from,
                message: format!("history entry {seq}: {e}"),
            };
            let plain = keys
                .open(&history_context(b_id), sealed)
                .map_err(|e| corrupt(e.to_string()))?;
            let resealed = seal(keys, &history_context(a_id), &plain)?;
            // The restricted half moves too, re-sealed where it now lives.
            let whole = match whole {
                Some(w) => {
                    let context = |id| super::split::restricted_context(&history_context(id));
                    let plain = keys
                        .open_restricted(&context(b_id), w)
                        .map_err(|e| corrupt(e.to_string()))?;
                    Some(
                        keys.seal_restricted(&context(a_id), &plain)
                            .map_err(|source| StoreError::Crypto {
                                what: format!("encrypting {}", context(a_id)),
                                source,
                            })?,
                    )
                }
                None => None,
            };
            tx.execute(
                "UPDATE history SET subject_id = ?1, payload = ?2, restricted = ?3 WHERE seq = ?4",
                params![a_id, resealed, whole, seq],
            )
            .map_err(sql)?;
        }
        let history_moved = rows.len() as u64;

        let summary = format!("Merged subject {from} into this record");
        let w = WriteCtx::new(&db, &ctx, &actor, &summary, self.ranks);
        let payload = codec::encode_subject(&merged)?;
        let stored = history::read_stored(&tx, keys, a_id, &merged).map_err(sql)?;
        let version = store_record(&tx, keys, &w, a_id, &payload, &stored, None)?;
        let Removed { drafts, .. } = remove_rows(&tx, keys, &db, &ctx, b_id, false)?;

        let what = format!(
            "Merged subject {from} into subject {keep}: added {}; {duplicates} identical item{} \
             not added twice; {history_moved} history entr{} of subject {from} moved here{}",
            added,
            if duplicates == 1 { "" } else { "s" },
            if history_moved == 1 { "y" } else { "ies" },
            if renumbered.is_empty() {
                String::new()
            } else {
                format!("; renumbered: {renumbered}")
            }
        );
        let gone = format!(
            "Merged into subject {keep} and removed ({history_moved} history entr{} moved to \
             subject {keep}, {drafts} draft{} deleted)",
            if history_moved == 1 { "y" } else { "ies" },
            if drafts == 1 { "" } else { "s" },
        );
        for (subject, what) in [(keep, &what), (from, &gone)] {
            // The kept record as it now stands is vouched for by its combination entry.
            let binding = if subject == keep {
                super::bind_record(&tx, a_id).map_err(sql)?
            } else {
                None
            };
            audit::append(
                &tx,
                keys,
                &db,
                &actor.name,
                AuditKind::Combination,
                &AuditEvent {
                    subject: Some(subject),
                    what,
                    justification: Some(&reason),
                    recipient: None,
                    binding,
                },
            )?;
        }
        tx.commit().map_err(sql)?;
        let checkpointed = open::checkpoint(&self.conn);
        Ok(MergeReport {
            keep,
            from,
            subject: merged,
            version,
            history_moved,
            drafts,
            added,
            renumbered,
            duplicates,
            kept_aside,
            checkpointed,
        })
    }
}
