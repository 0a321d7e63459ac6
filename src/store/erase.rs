//! Retention and erasure: [`Store::archive`] a subject whose orders have all ended, and, once the
//! retention period has passed, [`Store::erase`] it.
//!
//! Archiving writes one sealed row in `archive` (when, by whom, why) and an
//! [`AuditKind::Archive`] entry; the record itself is untouched and still loads (the app and
//! `spmp queue` can tell archived subjects apart with [`Store::archived`]). Only a subject none
//! of whose orders is applied for or in force may be archived: every order must be expired or
//! discharged on the day, as [`Order::status`] says.
//!
//! Erasure (administrators only, with a reason) deletes, in one IMMEDIATE transaction, the
//! subject's record, every history row, every draft about it (any user's) and its archive row,
//! and appends an [`AuditKind::Erasure`] entry that names the subject by id only: record
//! version, how many history entries and drafts went, when and by whom it was archived. Earlier
//! audit entries stay, so the chain still verifies. `PRAGMA secure_delete` (set on every
//! connection) zeroes the deleted cells and freed pages; after the COMMIT the WAL is
//! checkpointed with TRUNCATE so no old page image survives in `spmp.db-wal`. Another process
//! reading the store can hold that checkpoint back: the [`ErasureReport`] says so, and the next
//! [`Store::checkpoint`] (or the last connection closing) finishes it.
use crate::store::db::{OptionalExtension, Transaction, params};
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::audit::{self, AuditEvent, required_text};
use super::crypto::Keys;
use super::error::sqlite_error;
use super::{
    AuditKind, Store, StoreError, begin, codec, id_from_sql, id_to_sql, now_text, open, seal,
};
use crate::domain::Permission;
use crate::domain::{Order, OrderStatus, Subject, SubjectId};

/// What an `archive` row's sealed payload holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct ArchiveRecord {
    /// The day the subject was archived (the retention clock starts here).
    pub on: NaiveDate,
    pub by: String,
    reason: String,
    /// UTC time of the write, RFC 3339.
    at: String,
}

fn archive_context(id: i64) -> String {
    format!("archive/{id}")
}

/// One archived subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchivedInfo {
    pub id: SubjectId,
    /// The day it was archived.
    pub on: NaiveDate,
    /// Who archived it.
    pub by: String,
    pub reason: String,
}

impl ArchivedInfo {
    /// The first day it may be erased after `retention_days`.
    pub fn erasable_from(&self, retention_days: u32) -> Option<NaiveDate> {
        self.on
            .checked_add_days(Days::new(u64::from(retention_days)))
    }
}

/// What [`Store::erase`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErasureReport {
    pub id: SubjectId,
    /// The version of the record that was erased.
    pub record_version: u64,
    /// History entries deleted.
    pub history_entries: u64,
    /// Drafts about the subject deleted (any user's).
    pub drafts: u64,
    /// When and by whom it had been archived.
    pub archived_on: NaiveDate,
    pub archived_by: String,
    /// The sequence number of the erasure's audit entry.
    pub audit_seq: u64,
    /// Whether the WAL checkpoint after the erasure completed. `false`: another process had the
    /// store open and reading, so old page images may remain in `spmp.db-wal` until the next
    /// checkpoint ([`Store::checkpoint`], or when the last connection closes).
    pub checkpointed: bool,
}

/// Whether an order has ended on `today`: expired or discharged (an order only applied for is
/// still live: the court has not decided).
pub fn order_has_ended(order: &Order, today: NaiveDate) -> bool {
    matches!(
        order.status(today),
        OrderStatus::Expired | OrderStatus::Discharged
    )
}

/// Why `subject` cannot be archived (or erased) on `today`, or `None` when every order has ended.
fn live_orders(subject: &Subject, today: NaiveDate) -> Option<String> {
    let live: Vec<String> = subject
        .orders
        .iter()
        .filter(|o| !order_has_ended(o, today))
        .map(|o| format!("{} ({})", o.kind.short(), o.status(today).label()))
        .collect();
    if live.is_empty() {
        None
    } else {
        Some(format!(
            "{} of its orders {} not ended on {today}: {}",
            live.len(),
            if live.len() == 1 { "has" } else { "have" },
            live.join(", ")
        ))
    }
}

pub(super) fn read_archive(
    tx: &crate::store::db::Connection,
    keys: &Keys,
    id: i64,
) -> crate::store::db::Result<Option<Result<ArchiveRecord, String>>> {
    let sealed: Option<Vec<u8>> = tx
        .query_row(
            "SELECT payload FROM archive WHERE subject_id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    Ok(sealed.map(|s| open_archive(keys, id, &s)))
}

fn open_archive(keys: &Keys, id: i64, sealed: &[u8]) -> Result<ArchiveRecord, String> {
    let plain = keys
        .open(&archive_context(id), sealed)
        .map_err(|e| e.to_string())?;
    codec::decode_value(&plain).map_err(|e| e.to_string())
}

/// The stored subject and its version, decrypted, inside the transaction.
pub(super) fn read_subject(
    tx: &crate::store::db::Connection,
    keys: &Keys,
    db: &std::path::Path,
    id: i64,
) -> Result<Option<(u64, Subject)>, StoreError> {
    let row: Option<(i64, Vec<u8>, Option<Vec<u8>>)> = tx
        .query_row(
            "SELECT version, payload, restricted FROM subjects WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()
        .map_err(|e| sqlite_error(e, db, &format!("reading subject {id}")))?;
    let Some((version, sealed, whole)) = row else {
        return Ok(None);
    };
    let corrupt = |message: String| StoreError::Corrupt {
        id: id_from_sql(id),
        message,
    };
    // The whole record when this user's keys open it (archiving and merging write it back).
    let subject = super::split::open_subject(
        keys,
        id,
        version,
        &sealed,
        whole.as_deref(),
        keys.has_restricted(),
    )
    .map_err(corrupt)?;
    Ok(Some((u64::try_from(version).unwrap_or(0), subject)))
}

/// What [`remove_rows`] deleted.
pub(super) struct Removed {
    pub history_entries: u64,
    pub drafts: u64,
}

/// Delete, inside the caller's IMMEDIATE transaction, subject `id`'s record, and with
/// `with_history` its history rows, every draft about it (any user's) and its archive note.
/// `PRAGMA secure_delete` (every connection) zeroes what goes; the caller checkpoints the WAL
/// after its COMMIT ([`open::checkpoint`]). THE one way a subject leaves the store: erasure,
/// deletion of a subject created in error, and the subject merged into another (whose history
/// was moved first) all come here.
pub(super) fn remove_rows(
    tx: &Transaction<'_>,
    keys: &super::crypto::Keys,
    db: &std::path::Path,
    ctx: &str,
    id: i64,
    with_history: bool,
) -> Result<Removed, StoreError> {
    let sql = |e| sqlite_error(e, db, ctx);
    let history_entries = if with_history {
        tx.execute("DELETE FROM history WHERE subject_id = ?1", [id])
            .map_err(sql)?
    } else {
        0
    };
    // Drafts by the subject's keyed reference (and by id, rows written before those).
    let reference = super::drafts::subject_ref(keys, Some(id_from_sql(id)));
    let drafts = tx
        .execute(
            "DELETE FROM drafts WHERE subject_id = ?1
                OR (key LIKE 'h:%' AND substr(key, 36, 32) = ?2)",
            crate::store::db::params![id, reference],
        )
        .map_err(sql)?;
    tx.execute("DELETE FROM archive WHERE subject_id = ?1", [id])
        .map_err(sql)?;
    let deleted = tx
        .execute("DELETE FROM subjects WHERE id = ?1", [id])
        .map_err(sql)?;
    if deleted != 1 {
        return Err(refused(format!(
            "subject {} vanished while it was being removed",
            id_from_sql(id)
        )));
    }
    Ok(Removed {
        history_entries: u64::try_from(history_entries).unwrap_or(0),
        drafts: u64::try_from(drafts).unwrap_or(0),
    })
}

pub(super) fn refused(message: String) -> StoreError {
    StoreError::Refused { message }
}

impl Store {
    /// Archive subject `id` on `today`: refused unless every order has ended (expired or
    /// discharged; a subject without orders may be archived) and a reason is given. Writes the
    /// sealed archive row and an [`AuditKind::Archive`] entry in one transaction.
    pub fn archive(
        &mut self,
        id: SubjectId,
        reason: &str,
        today: NaiveDate,
    ) -> Result<(), StoreError> {
        self.require(Permission::Archive)?;
        let reason = required_text(reason, "a reason for archiving")?;
        let sql_id = id_to_sql(id)?;
        let db = self.db.clone();
        let ctx = format!("archiving subject {id}");
        let actor = self.session.actor.name.clone();
        let keys = &self.session.keys;
        let tx = begin(&mut self.conn).map_err(|e| sqlite_error(e, &db, &ctx))?;
        let Some((_, subject)) = read_subject(&tx, keys, &db, sql_id)? else {
            return Err(refused(format!("there is no subject {id}")));
        };
        if let Some(existing) =
            read_archive(&tx, keys, sql_id).map_err(|e| sqlite_error(e, &db, &ctx))?
        {
            let when =
                existing.map_or_else(|_| String::new(), |r| format!(" on {} by {}", r.on, r.by));
            return Err(refused(format!("subject {id} is already archived{when}")));
        }
        if let Some(why) = live_orders(&subject, today) {
            return Err(refused(format!(
                "subject {id} cannot be archived: {why}; archive only when every order has \
                 expired or been discharged"
            )));
        }
        let record = ArchiveRecord {
            on: today,
            by: actor.clone(),
            reason: reason.clone(),
            at: now_text(),
        };
        let sealed = seal(
            keys,
            &archive_context(sql_id),
            &codec::encode_value(&record)?,
        )?;
        tx.execute(
            "INSERT INTO archive (subject_id, payload) VALUES (?1, ?2)",
            params![sql_id, sealed],
        )
        .map_err(|e| sqlite_error(e, &db, &ctx))?;
        let orders = subject.orders.len();
        let what = format!(
            "Archived subject {id} on {today} ({orders} order{}, all ended)",
            if orders == 1 { "" } else { "s" }
        );
        audit::append(
            &tx,
            keys,
            &db,
            &actor,
            AuditKind::Archive,
            &AuditEvent {
                subject: Some(id),
                what: &what,
                justification: Some(&reason),
                recipient: None,
                binding: None,
            },
        )?;
        tx.commit().map_err(|e| sqlite_error(e, &db, &ctx))
    }

    /// Take subject `id` out of the archive (its retention clock stops), with a reason; audited
    /// as an [`AuditKind::Archive`] entry.
    pub fn unarchive(&mut self, id: SubjectId, reason: &str) -> Result<(), StoreError> {
        self.require(Permission::Archive)?;
        let reason = required_text(reason, "a reason for taking the subject out of the archive")?;
        let sql_id = id_to_sql(id)?;
        let db = self.db.clone();
        let ctx = format!("unarchiving subject {id}");
        let actor = self.session.actor.name.clone();
        let keys = &self.session.keys;
        let tx = begin(&mut self.conn).map_err(|e| sqlite_error(e, &db, &ctx))?;
        let n = tx
            .execute("DELETE FROM archive WHERE subject_id = ?1", [sql_id])
            .map_err(|e| sqlite_error(e, &db, &ctx))?;
        if n == 0 {
            return Err(refused(format!("subject {id} is not archived")));
        }
        let what = format!("Took subject {id} out of the archive");
        audit::append(
            &tx,
            keys,
            &db,
            &actor,
            AuditKind::Archive,
            &AuditEvent {
                subject: Some(id),
                what: &what,
                justification: Some(&reason),
                recipient: None,
                binding: None,
            },
        )?;
        tx.commit().map_err(|e| sqlite_error(e, &db, &ctx))
    }

    /// Every archived subject, by id.
    pub fn archived(&self) -> Result<Vec<ArchivedInfo>, StoreError> {
        self.require(Permission::View)?;
        let ctx = "reading the archive";
        let mut stmt = self
            .conn
            .prepare("SELECT subject_id, payload FROM archive ORDER BY subject_id")
            .map_err(|e| self.sql(e, ctx))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?)))
            .map_err(|e| self.sql(e, ctx))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, sealed) = row.map_err(|e| self.sql(e, ctx))?;
            let record = open_archive(&self.session.keys, id, &sealed).map_err(|message| {
                StoreError::Corrupt {
                    id: id_from_sql(id),
                    message: format!("archive note: {message}"),
                }
            })?;
            out.push(ArchivedInfo {
                id: id_from_sql(id),
                on: record.on,
                by: record.by,
                reason: record.reason,
            });
        }
        Ok(out)
    }

    /// Erase archived subject `id` for good: administrators only, with a reason, once
    /// `retention_days` have passed since it was archived (`archived on + retention_days <=
    /// today`) and still only if every order has ended. One transaction deletes the record,
    /// its history, every draft about it and its archive note, and appends an
    /// [`AuditKind::Erasure`] entry without personal data; then the WAL is checkpointed
    /// (see [`ErasureReport::checkpointed`]). Refusals change nothing.
    pub fn erase(
        &mut self,
        id: SubjectId,
        reason: &str,
        today: NaiveDate,
        retention_days: u32,
    ) -> Result<ErasureReport, StoreError> {
        self.require(Permission::Erase)?;
        let reason = required_text(reason, "a reason for the erasure")?;
        let sql_id = id_to_sql(id)?;
        let db = self.db.clone();
        let ctx = format!("erasing subject {id}");
        let sql = |e| sqlite_error(e, &db, &ctx);
        let actor = self.session.actor.name.clone();
        let keys = &self.session.keys;
        let tx = begin(&mut self.conn).map_err(sql)?;
        let Some((record_version, subject)) = read_subject(&tx, keys, &db, sql_id)? else {
            return Err(refused(format!("there is no subject {id}")));
        };
        let archived = match read_archive(&tx, keys, sql_id).map_err(sql)? {
            None => {
                return Err(refused(format!(
                    "subject {id} is not archived: archive it first (`spmp archive`), then \
                     erase it once the retention period has passed"
                )));
            }
            Some(Err(message)) => {
                return Err(StoreError::Corrupt {
                    id,
                    message: format!("archive note: {message}"),
                });
            }
            Some(Ok(r)) => r,
        };
        let due = archived
            .on
            .checked_add_days(Days::new(u64::from(retention_days)))
            .ok_or_else(|| refused("the retention period is out of range".to_string()))?;
        if due > today {
            return Err(refused(format!(
                "subject {id} was archived on {} and the retention period is {retention_days} \
                 days: it may be erased from {due}, not on {today}",
                archived.on
            )));
        }
        if let Some(why) = live_orders(&subject, today) {
            return Err(refused(format!(
                "subject {id} cannot be erased: {why} (it was changed after it was archived)"
            )));
        }
        drop(subject);

        let Removed {
            history_entries,
            drafts,
        } = remove_rows(&tx, &self.session.keys, &db, &ctx, sql_id, true)?;
        let what = format!(
            "Erased subject {id} (record version {record_version}, {history_entries} history \
             entr{}, {drafts} draft{}, archived {} by {}, retention {retention_days} days)",
            if history_entries == 1 { "y" } else { "ies" },
            if drafts == 1 { "" } else { "s" },
            archived.on,
            archived.by
        );
        let audit_seq = audit::append(
            &tx,
            keys,
            &db,
            &actor,
            AuditKind::Erasure,
            &AuditEvent {
                subject: Some(id),
                what: &what,
                justification: Some(&reason),
                recipient: None,
                binding: None,
            },
        )?;
        tx.commit().map_err(sql)?;
        let checkpointed = open::checkpoint(&self.conn);
        Ok(ErasureReport {
            id,
            record_version,
            history_entries,
            drafts,
            archived_on: archived.on,
            archived_by: archived.by,
            audit_seq,
            checkpointed,
        })
    }

    /// Checkpoint the WAL into the database and truncate it (`wal_checkpoint(TRUNCATE)`), so
    /// pages that held erased content are gone from `spmp.db-wal`. Returns whether it completed:
    /// another process reading the store holds it back.
    pub fn checkpoint(&self) -> bool {
        open::checkpoint(&self.conn)
    }
}
