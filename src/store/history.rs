//! History and safe concurrent editing: [`Store::commit`] (optimistic version check, diff against
//! the stored record, record + audit + history in one transaction) and [`Store::history`].
//!
//! A history entry holds the [`Change`]s of one write, computed inside the write transaction
//! from the record as stored at that moment, so the history can never disagree with the records.
use crate::store::db::{OptionalExtension, Transaction, params};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::crypto::Keys;
use super::error::sqlite_error;
use super::{Store, StoreError, WriteCtx, begin, codec, id_to_sql, write_record};
use crate::domain::{Change, Subject, SubjectId, changes};
use crate::domain::{Permission, Scrubber, redact_changes};

/// What a history row's sealed payload holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct HistoryRecord {
    /// Local time, as [`local_now_text`].
    pub at: String,
    pub actor: String,
    pub summary: String,
    /// The changes, in their own versioned envelope ([`codec::encode_changes`]).
    pub changes: Vec<u8>,
}

pub(super) fn history_context(subject_id: i64) -> String {
    format!("history/{subject_id}")
}

/// Open and decode one history row's payload.
pub(super) fn open_history(
    keys: &Keys,
    subject_id: i64,
    sealed: &[u8],
) -> Result<(HistoryRecord, Vec<Change>), String> {
    let plain = keys
        .open(&history_context(subject_id), sealed)
        .map_err(|e| e.to_string())?;
    let record: HistoryRecord = codec::decode_value(&plain).map_err(|e| e.to_string())?;
    let changes = codec::decode_changes(&record.changes).map_err(|e| e.to_string())?;
    Ok((record, changes))
}

/// One edit to commit: the subject as the user left it, and the version they started from.
#[derive(Debug, Clone, Copy)]
pub struct Commit<'a> {
    pub subject: &'a Subject,
    /// The version the edit was based on ([`Store::version`] when the subject was opened);
    /// `None` for a subject that must not exist yet.
    pub expected_version: Option<u64>,
    /// What the change was, in words ("Added device", "Recorded review").
    pub summary: &'a str,
}

/// One dated entry of a subject's history.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HistoryEntry {
    /// Position in the store's history (increases with every entry).
    pub seq: u64,
    /// Local time of the commit.
    pub at: NaiveDateTime,
    pub actor: String,
    pub summary: String,
    pub changes: Vec<Change>,
}

/// What is stored for a subject at the start of a write: its version and what the write changes.
pub(super) struct Stored {
    pub version: Option<u64>,
    pub changes: Vec<Change>,
    /// The record as stored (`None`: none, or unreadable).
    pub old: Option<Subject>,
    /// The record about to be written (for the sign-off control).
    pub new: Option<Subject>,
}

impl Store {
    /// Save one edited subject if nobody else saved it since it was opened: in one IMMEDIATE
    /// transaction, check that the stored version equals `expected_version`, diff the stored
    /// record against the new one, write the record, its audit entry and its history entry,
    /// and COMMIT. Returns the new version (`Ok` means saved and durable).
    ///
    /// A version mismatch is [`StoreError::Conflict`] and writes nothing. An edit that changes
    /// nothing writes nothing and returns the current version.
    pub fn commit(&mut self, c: &Commit) -> Result<u64, StoreError> {
        self.require(Permission::Edit)?;
        let subject = c.subject;
        let id = id_to_sql(subject.id)?;
        let payload = self.encode(subject)?;
        let what = format!("saving subject {}", subject.id);
        let db = self.db.clone();
        let actor = self.session.actor.clone();
        let w = WriteCtx::new(&db, &what, &actor, c.summary, self.ranks);
        let keys = &self.session.keys;
        let tx = begin(&mut self.conn).map_err(|e| sqlite_error(e, &db, &what))?;
        let stored =
            read_stored(&tx, keys, id, subject).map_err(|e| sqlite_error(e, &db, &what))?;
        if stored.version != c.expected_version {
            return Err(StoreError::Conflict {
                id: subject.id,
                expected: c.expected_version,
                found: stored.version,
            });
        }
        if let (Some(version), true) = (stored.version, stored.changes.is_empty()) {
            return Ok(version);
        }
        let version = write_record(&tx, keys, &w, id, &payload, &stored, None)?;
        tx.commit().map_err(|e| sqlite_error(e, &db, &what))?;
        Ok(version)
    }

    /// The history of one subject, newest first. An entry that does not open or decode is
    /// given as "Unreadable history entry N" with no changes (and [`Store::verify`] lists it).
    pub fn history(&self, id: SubjectId) -> Result<Vec<HistoryEntry>, StoreError> {
        self.require(Permission::View)?;
        let restricted = !self.session.actor.may(Permission::ViewRestricted);
        let ctx = format!("reading the history of subject {id}");
        let sql_id = id_to_sql(id)?;
        let mut stmt = self
            .conn
            .prepare(
                "SELECT seq, payload, restricted FROM history WHERE subject_id = ?1
                 ORDER BY seq DESC",
            )
            .map_err(|e| self.sql(e, &ctx))?;
        let rows = stmt
            .query_map([sql_id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, Vec<u8>>(1)?,
                    r.get::<_, Option<Vec<u8>>>(2)?,
                ))
            })
            .map_err(|e| self.sql(e, &ctx))?;
        let mut out = Vec::new();
        for row in rows {
            let (seq, payload, whole) = row.map_err(|e| self.sql(e, &ctx))?;
            let seq = u64::try_from(seq).unwrap_or(0);
            // An entry that cannot be read is shown as such, never hiding the others.
            let read = super::split::open_history_row(
                &self.session.keys,
                sql_id,
                &payload,
                whole.as_deref(),
                !restricted,
            )
            .and_then(|(record, changes)| Ok((parse_time(&record.at)?, record, changes)));
            out.push(match read {
                Ok((at, record, changes)) => HistoryEntry {
                    seq,
                    at,
                    actor: record.actor,
                    summary: record.summary,
                    changes,
                },
                Err(message) => HistoryEntry {
                    seq,
                    at: NaiveDateTime::default(),
                    actor: "?".to_string(),
                    summary: format!(
                        "Unreadable history entry {seq} ({message}): listed by `spmp verify`"
                    ),
                    changes: Vec::new(),
                },
            });
        }
        if restricted {
            // Restricted values are hidden, and withheld wherever a change's text repeats
            // them (history written before free text was redacted holds them in plain).
            let stored = self.read_unredacted(sql_id)?;
            let withhold =
                Scrubber::for_history(stored.as_ref(), out.iter().flat_map(|e| &e.changes));
            for e in &mut out {
                redact_changes(&mut e.changes);
                withhold.scrub_changes(&mut e.changes);
            }
        }
        Ok(out)
    }

    /// The record of `id` as stored, not redacted (never returned to the caller: it only
    /// tells the history what to withhold). `None` when there is none or it does not decode.
    fn read_unredacted(&self, sql_id: i64) -> Result<Option<Subject>, StoreError> {
        // Only the general half: for a reader who may not see restricted data, whatever of it
        // the record still shows is withheld from the history too.
        let row: Option<(i64, Vec<u8>)> = self
            .conn
            .query_row(
                "SELECT version, payload FROM subjects WHERE id = ?1",
                [sql_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|e| self.sql(e, "reading a record for its history"))?;
        Ok(row.and_then(|(v, p)| {
            super::load::decode_row(&self.session.keys, sql_id, v, &p, None, false).ok()
        }))
    }
}

/// Read the stored version of record `id` and diff it against `new`, inside the write
/// transaction. A stored record that does not decode is being replaced: that is one change.
pub(super) fn read_stored(
    tx: &Transaction<'_>,
    keys: &Keys,
    id: i64,
    new: &Subject,
) -> crate::store::db::Result<Stored> {
    let row: Option<(i64, Vec<u8>, Option<Vec<u8>>)> = tx
        .prepare_cached("SELECT version, payload, restricted FROM subjects WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    Ok(match row {
        None => Stored {
            version: None,
            changes: changes(None, new),
            old: None,
            new: Some(new.clone()),
        },
        Some((version, payload, whole)) => {
            // The whole record: only writers who may read it write.
            let old =
                super::split::open_subject(keys, id, version, &payload, whole.as_deref(), true);
            let changes = match &old {
                Ok(old) => changes(Some(old), new),
                Err(e) => vec![Change {
                    path: "subject".to_string(),
                    from: format!("unreadable record ({e})"),
                    to: "replaced".to_string(),
                    restricted: false,
                }],
            };
            Stored {
                version: Some(u64::try_from(version).unwrap_or(0)),
                changes,
                old: old.ok(),
                new: Some(new.clone()),
            }
        }
    })
}

/// Append one history entry (skipped when nothing changed).
pub(super) fn write_history(
    tx: &Transaction<'_>,
    keys: &Keys,
    w: &WriteCtx<'_>,
    id: i64,
    changes: &[Change],
    subject: Option<&Subject>,
) -> Result<Option<(i64, [u8; 32])>, StoreError> {
    if changes.is_empty() {
        return Ok(None);
    }
    let record = HistoryRecord {
        at: w.local.clone(),
        actor: w.actor.to_string(),
        summary: w.summary.to_string(),
        changes: codec::encode_changes(changes)?,
    };
    let sealed = super::split::seal_history(keys, id, &record, changes, subject)?;
    let seq: i64 = tx
        .query_row(
            "INSERT INTO history (subject_id, payload, restricted) VALUES (?1, ?2, ?3) \
             RETURNING seq",
            params![id, sealed.general, sealed.restricted],
            |r| r.get(0),
        )
        .map_err(|e| sqlite_error(e, w.db, w.what))?;
    Ok(Some((
        seq,
        super::bind::history_digest(seq, id, &sealed.general, sealed.restricted.as_deref()),
    )))
}

/// The local time as stored in `history.at` and `drafts.updated` (sortable, milliseconds).
pub(super) fn local_now_text() -> String {
    chrono::Local::now()
        .naive_local()
        .format("%Y-%m-%dT%H:%M:%S%.3f")
        .to_string()
}

/// Parse a time written by [`local_now_text`].
pub(super) fn parse_time(text: &str) -> Result<NaiveDateTime, String> {
    text.parse::<NaiveDateTime>()
        .map_err(|e| format!("bad time {text:?}: {e}"))
}
