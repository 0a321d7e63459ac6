//! Deleting a subject created in error: [`Store::delete_subject`].
//!
//! A record made by mistake (a duplicate typed twice, the wrong person) may be deleted outright
//! for a short time after it was created, instead of being archived and kept for the retention
//! period. The store decides whether it may, from its own records and not from anything the
//! caller says:
//!
//! - who created it and when: the subject's first audit entry (a [`AuditKind::Collection`]);
//! - the window: force policy's `delete_window_hours` ([`Store::set_delete_window_hours`], set at
//!   login like the sign-off ranks; 0 turns deletion off), measured on the store's clock;
//! - who: the officer who created it, or a supervisor, and only with the right to edit
//!   (viewers and administrators without an editing role never);
//! - what: nothing decided (no approved or returned review, assessment or plan), nothing
//!   disclosed (no disclosure of it in the audit log, and no whole-store export since it was
//!   created), and nothing merged into it (its record would hold another subject's history).
//!
//! The deletion itself is erasure's ([`super::erase::remove_rows`]): one IMMEDIATE transaction
//! deletes the record, its history, its drafts and any archive note (`secure_delete` zeroes
//! them) and appends an [`AuditKind::Erasure`] entry that names the subject by id only (who
//! created it and when, why it went); the WAL is checkpointed after the COMMIT. Earlier audit
//! entries stay, so the chain verifies, and because the log still names the id it is never
//! given out again.
use crate::store::db::Connection;
use chrono::{DateTime, Utc};

use super::audit::{self, AuditEntry, AuditEvent, required_text};
use super::crypto::Keys;
use super::erase::{Removed, read_subject, refused, remove_rows};
use super::error::sqlite_error;
use super::{AuditKind, Store, StoreError, begin, id_to_sql, open};
use crate::domain::{Actor, Permission, Role, Subject, SubjectId, is_final};

/// Who created a subject and when, as the store's audit log records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Creation {
    pub id: SubjectId,
    /// The login of the user who created it.
    pub by: String,
    /// When (UTC).
    pub at: DateTime<Utc>,
    /// Until when it may still be deleted as created in error.
    pub until: DateTime<Utc>,
}

/// What [`Store::delete_subject`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeletionReport {
    pub creation: Creation,
    /// The version of the record that was deleted.
    pub record_version: u64,
    /// History entries deleted.
    pub history_entries: u64,
    /// Drafts about the subject deleted (any user's).
    pub drafts: u64,
    /// The sequence number of the deletion's audit entry.
    pub audit_seq: u64,
    /// Whether the WAL checkpoint after the deletion completed (see
    /// [`super::ErasureReport::checkpointed`]).
    pub checkpointed: bool,
}

/// How to archive instead, for refusals.
fn archive_instead(id: SubjectId) -> String {
    format!(
        "archive it instead once every order has ended (`spmp archive --subject {id} --reason \
         TEXT`, or \"Archive subject\" in the app)"
    )
}

/// UTC time as written in audit entries.
fn parse_at(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// "2026-11-23 14:05 UTC".
fn show(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// What the subject holds that is decided, if anything.
fn decided(subject: &Subject) -> Option<String> {
    let mut out = Vec::new();
    for r in subject.reviews.iter().filter(|r| is_final(&r.sign_off)) {
        out.push(format!(
            "the review of {} is {}",
            crate::domain::fmt_date(r.date),
            r.sign_off.status.label()
        ));
    }
    for a in subject.assessments.iter().filter(|a| is_final(&a.sign_off)) {
        out.push(format!(
            "the risk assessment of {} is {}",
            crate::domain::fmt_date(a.date),
            a.sign_off.status.label()
        ));
    }
    if let Some(so) = subject.plan_sign_off.as_ref().filter(|so| is_final(so)) {
        out.push(format!("the plan is {}", so.status.label()));
    }
    (!out.is_empty()).then(|| out.join("; "))
}

/// THE rules for deleting subject `id` as created in error, read inside `conn` (the caller's
/// transaction when deleting). `Ok`: the creation, the record's version and the record.
fn deletion_rules(
    conn: &Connection,
    keys: &Keys,
    db: &std::path::Path,
    actor: &Actor,
    window_hours: u32,
    id: SubjectId,
    now: DateTime<Utc>,
) -> Result<(Creation, u64, Subject), StoreError> {
    crate::domain::authorize(actor, Permission::Edit).map_err(|e| StoreError::Denied {
        message: e.to_string(),
    })?;
    let sql_id = id_to_sql(id)?;
    if window_hours == 0 {
        return Err(refused(format!(
            "subjects created in error cannot be deleted here: force policy turns it off \
             (delete_window_hours = 0); {}",
            archive_instead(id)
        )));
    }
    let Some((version, subject)) = read_subject(conn, keys, db, sql_id)? else {
        return Err(refused(format!("there is no subject {id}")));
    };
    let trail = audit::read_entries(conn, keys, db, Some(sql_id))?;
    let Some(first) = trail.first().filter(|e| e.kind == AuditKind::Collection) else {
        return Err(refused(format!(
            "the audit log holds no record of subject {id} being created, so who created it \
             and when cannot be shown: it cannot be deleted as created in error; {}",
            archive_instead(id)
        )));
    };
    let at = parse_at(&first.at).ok_or_else(|| StoreError::AuditTampered {
        message: format!("audit entry {} has a bad time {:?}", first.seq, first.at),
    })?;
    let until = at + chrono::Duration::hours(i64::from(window_hours));
    let creation = Creation {
        id,
        by: first.actor.clone(),
        at,
        until,
    };
    let is_creator = creation.by == actor.name;
    if !is_creator && !actor.roles.contains(&Role::Supervisor) {
        return Err(StoreError::Denied {
            message: format!(
                "{} may not delete subject {id}: only the officer who created it ({}) or a \
                 supervisor may delete a subject created in error",
                actor.name.trim(),
                creation.by
            ),
        });
    }
    if now > until {
        return Err(refused(format!(
            "subject {id} was created on {} by {}, more than {window_hours} hours ago: the time \
             to delete it as created in error is over; {}",
            show(at),
            creation.by,
            archive_instead(id)
        )));
    }
    if let Some(what) = decided(&subject) {
        return Err(refused(format!(
            "subject {id} has decisions recorded ({what}): signed-off work is kept, so it cannot \
             be deleted as created in error; {}",
            archive_instead(id)
        )));
    }
    let told = |e: &AuditEntry| {
        format!(
            "subject {id} has been disclosed (audit entry {}, {}): a record that left the store \
             cannot be deleted as created in error; {}",
            e.seq,
            e.at.get(..10).unwrap_or(&e.at),
            archive_instead(id)
        )
    };
    if let Some(e) = trail.iter().find(|e| e.kind == AuditKind::Disclosure) {
        return Err(refused(told(e)));
    }
    if trail.iter().any(|e| e.kind == AuditKind::Combination) {
        return Err(refused(format!(
            "subject {id} was part of a merge of two records: it holds another record's history \
             and cannot be deleted as created in error; {}",
            archive_instead(id)
        )));
    }
    // A whole-store export (a disclosure naming no subject) since it was created took it too.
    let storewide = audit::storewide_entries_after(conn, keys, db, first.seq)?;
    if let Some(e) = storewide.iter().find(|e| e.kind == AuditKind::Disclosure) {
        return Err(refused(told(e)));
    }
    Ok((creation, version, subject))
}

impl Store {
    /// Set force policy's window for deleting a subject created in error (hours after its
    /// creation; 0: never). The application layer sets it from the configuration on logging in,
    /// like [`Store::set_sign_off_ranks`].
    pub fn set_delete_window_hours(&mut self, hours: u32) {
        self.delete_window = hours;
    }

    /// The window in force (hours; 0: deleting is off).
    pub fn delete_window_hours(&self) -> u32 {
        self.delete_window
    }

    /// Whether the logged-in user may delete subject `id` as created in error now: who created
    /// it and when, or why not ([`StoreError::Denied`] or [`StoreError::Refused`]). Changes
    /// nothing; [`Store::delete_subject`] checks again inside its transaction.
    pub fn check_delete(&self, id: SubjectId) -> Result<Creation, StoreError> {
        self.check_delete_on(id, Utc::now())
    }

    fn check_delete_on(&self, id: SubjectId, now: DateTime<Utc>) -> Result<Creation, StoreError> {
        deletion_rules(
            &self.conn,
            &self.session.keys,
            &self.db,
            &self.session.actor,
            self.delete_window,
            id,
            now,
        )
        .map(|(c, ..)| c)
    }

    /// Delete subject `id`, created in error, for `reason`: refused unless the rules in the
    /// module docs hold now (the store's clock). One transaction removes the record, its
    /// history, drafts and archive note and appends an erasure entry without personal data;
    /// the WAL is checkpointed afterwards. Refusals change nothing.
    pub fn delete_subject(
        &mut self,
        id: SubjectId,
        reason: &str,
    ) -> Result<DeletionReport, StoreError> {
        self.delete_subject_on(id, reason, Utc::now())
    }

    fn delete_subject_on(
        &mut self,
        id: SubjectId,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<DeletionReport, StoreError> {
        self.require(Permission::Edit)?;
        let reason = required_text(reason, "a reason for deleting the subject")?;
        let sql_id = id_to_sql(id)?;
        let db = self.db.clone();
        let ctx = format!("deleting subject {id}");
        let actor = self.session.actor.clone();
        let window = self.delete_window;
        let keys = &self.session.keys;
        let tx = begin(&mut self.conn).map_err(|e| sqlite_error(e, &db, &ctx))?;
        let (creation, record_version, subject) =
            deletion_rules(&tx, keys, &db, &actor, window, id, now)?;
        drop(subject);
        let Removed {
            history_entries,
            drafts,
        } = remove_rows(&tx, &self.session.keys, &db, &ctx, sql_id, true)?;
        let what = format!(
            "Deleted subject {id} as created in error (created {} by {}; record version \
             {record_version}, {history_entries} history entr{}, {drafts} draft{})",
            show(creation.at),
            creation.by,
            if history_entries == 1 { "y" } else { "ies" },
            if drafts == 1 { "" } else { "s" },
        );
        let audit_seq = audit::append(
            &tx,
            keys,
            &db,
            &actor.name,
            AuditKind::Erasure,
            &AuditEvent {
                subject: Some(id),
                what: &what,
                justification: Some(&reason),
                recipient: None,
                binding: None,
            },
        )?;
        tx.commit().map_err(|e| sqlite_error(e, &db, &ctx))?;
        let checkpointed = open::checkpoint(&self.conn);
        Ok(DeletionReport {
            creation,
            record_version,
            history_entries,
            drafts,
            audit_seq,
            checkpointed,
        })
    }

    /// [`Store::check_delete`] as if the time were `now` (tests: the window without waiting).
    #[cfg(any(test, feature = "testkit"))]
    #[doc(hidden)]
    pub fn check_delete_at(
        &self,
        id: SubjectId,
        now: DateTime<Utc>,
    ) -> Result<Creation, StoreError> {
        self.check_delete_on(id, now)
    }

    /// [`Store::delete_subject`] as if the time were `now` (tests only).
    #[cfg(any(test, feature = "testkit"))]
    #[doc(hidden)]
    pub fn delete_subject_at(
        &mut self,
        id: SubjectId,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<DeletionReport, StoreError> {
        self.delete_subject_on(id, reason, now)
    }
}
