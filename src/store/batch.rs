//! Writing many subjects in one transaction, one at a time: an import streams its records into
//! a [`Batch`] as it reads them, so memory does not grow with the file. All are saved when
//! [`Batch::commit`] returns, or none (a batch dropped uncommitted rolls back).
use crate::store::db::{Transaction, TransactionBehavior};

use super::crypto::Keys;
use super::error::sqlite_error;
use super::split::Sealed;
use super::{Store, StoreError, WriteCtx, encode_within, history, id_to_sql, write_record};
use crate::domain::{Actor, Permission, SignOffRanks, Subject, SubjectId};

/// An open write transaction saving subjects one by one (see the module documentation).
pub struct Batch<'s> {
    tx: Transaction<'s>,
    keys: &'s Keys,
    db: std::path::PathBuf,
    actor: Actor,
    action: String,
    ranks: SignOffRanks,
    limit: usize,
    restricted: bool,
    /// A dry run: nothing is written, the transaction only reads.
    dry: bool,
    saved: u64,
}

impl Store {
    /// Start saving subjects in one transaction, each recorded as `action` (one audit entry
    /// and, if it changed, one history entry each). Editors only.
    pub fn batch(&mut self, action: &str) -> Result<Batch<'_>, StoreError> {
        self.require(Permission::Edit)?;
        self.begin_batch(action, false)
    }

    /// A batch that writes nothing (a dry run): [`Batch::save`] only counts, and the
    /// transaction reads as [`Store::batch`]'s would. Anyone who may view.
    pub fn batch_dry(&mut self) -> Result<Batch<'_>, StoreError> {
        self.require(Permission::View)?;
        self.begin_batch("dry run", true)
    }

    /// Before a large write (an import) on a SQLite store that no other connection has open:
    /// use SQLite's rollback journal until [`Store::end_bulk_write`], so that the pages the
    /// write appends reach the database file once, not the WAL first and the database again
    /// at the checkpoint. Just as durable (`synchronous=FULL`; the journal is removed only
    /// after the database is synced). Returns whether it did: the switch needs the store to
    /// itself, so with another process on it (an open app) nothing changes; on the server,
    /// nothing either.
    pub fn begin_bulk_write(&mut self) -> bool {
        self.conn.sqlite().is_some_and(|c| {
            c.pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get::<_, String>(0))
                .is_ok_and(|mode| mode.eq_ignore_ascii_case("delete"))
        })
    }

    /// Back to WAL after [`Store::begin_bulk_write`] (every open sets WAL again too, so a
    /// process stopped in between leaves nothing to mend).
    pub fn end_bulk_write(&mut self) {
        if let Some(c) = self.conn.sqlite() {
            let _ =
                c.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0));
        }
    }

    fn begin_batch(&mut self, action: &str, dry: bool) -> Result<Batch<'_>, StoreError> {
        let restricted = !self.session.actor.may(Permission::ViewRestricted);
        let Store {
            conn,
            session,
            db,
            ranks,
            opts,
            ..
        } = self;
        let behavior = if dry {
            TransactionBehavior::Deferred
        } else {
            TransactionBehavior::Immediate
        };
        let tx = conn
            .transaction_with_behavior(behavior)
            .map_err(|e| sqlite_error(e, db, "saving subjects"))?;
        Ok(Batch {
            tx,
            keys: &session.keys,
            db: db.clone(),
            actor: session.actor.clone(),
            action: action.to_string(),
            ranks: *ranks,
            limit: opts.max_record_bytes,
            restricted,
            dry,
            saved: 0,
        })
    }
}

/// A subject with the work of its save that needs no transaction (encoding, redaction,
/// sealing as a new record) done, by a [`Preparer`] on another thread, ahead of
/// [`Batch::save_prepared`].
pub struct Prepared {
    subject: Subject,
    /// The encoded record and, unless a dry run, the record and its summary sealed as revision
    /// 1; or why it cannot be saved (a record too large), reported when it is saved.
    work: Result<Work, StoreError>,
}

/// The encoded record, and the record and its summary sealed as revision 1.
type Work = (Vec<u8>, Option<(Sealed, Sealed)>);

impl Prepared {
    /// The subject to save.
    pub fn subject(&self) -> &Subject {
        &self.subject
    }
}

/// Prepares saves for a [`Batch`] on any thread (see [`Batch::preparer`]).
#[derive(Clone, Copy)]
pub struct Preparer<'s> {
    keys: &'s Keys,
    limit: usize,
    dry: bool,
}

impl Preparer<'_> {
    /// Encode `subject` within the store's record limit and seal it as a new record.
    pub fn prepare(&self, subject: Subject) -> Prepared {
        self.prepare_sealing(subject, true)
    }

    /// Encode `subject` within the store's record limit, and seal it as a new record if
    /// `seal` (else [`Batch::save_prepared`] seals it, on the writing thread: an import hands
    /// it over when the writer is waiting for work).
    pub fn prepare_sealing(&self, subject: Subject, seal: bool) -> Prepared {
        let work = encode_within(&subject, self.limit).and_then(|payload| {
            let first = if self.dry || !seal {
                None
            } else {
                let id = id_to_sql(subject.id)?;
                Some(super::summaries::seal_record(
                    self.keys, id, 1, &subject, &payload,
                )?)
            };
            Ok((payload, first))
        });
        Prepared { subject, work }
    }
}

impl<'s> Batch<'s> {
    /// A preparer for this batch's saves, to use on another thread.
    pub fn preparer(&self) -> Preparer<'s> {
        Preparer {
            keys: self.keys,
            limit: self.limit,
            dry: self.dry,
        }
    }
}

impl Batch<'_> {
    /// Save `subject` (under its own id) in the transaction.
    pub fn save(&mut self, subject: &Subject) -> Result<(), StoreError> {
        let prepared = self.preparer().prepare(subject.clone());
        self.save_prepared(prepared)
    }

    /// [`Batch::save`] of a subject [`Preparer::prepare`]d (a new record is written as
    /// sealed there; one already stored is sealed again for its next revision).
    pub fn save_prepared(&mut self, prepared: Prepared) -> Result<(), StoreError> {
        let Prepared { subject, work } = prepared;
        let id = id_to_sql(subject.id)?;
        let (payload, first) = work?;
        if self.dry {
            self.saved += 1;
            return Ok(());
        }
        let what = format!("saving subject {}", subject.id);
        let w = WriteCtx::new(&self.db, &what, &self.actor, &self.action, self.ranks);
        let stored = history::read_stored(&self.tx, self.keys, id, &subject)
            .map_err(|e| sqlite_error(e, &self.db, &what))?;
        write_record(&self.tx, self.keys, &w, id, &payload, &stored, first)?;
        self.saved += 1;
        Ok(())
    }

    /// Subject `id` as the transaction sees it (as the user may see it), if it is stored.
    pub fn load(&self, id: SubjectId) -> Result<Option<Subject>, StoreError> {
        let sql_id = id_to_sql(id)?;
        let row: Option<(i64, Vec<u8>, Option<Vec<u8>>)> =
            crate::store::db::OptionalExtension::optional(self.tx.query_row(
                "SELECT version, payload, restricted FROM subjects WHERE id = ?1",
                [sql_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            ))
            .map_err(|e| sqlite_error(e, &self.db, &format!("loading subject {id}")))?;
        row.map(|(v, p, r)| {
            super::load::decode_row(self.keys, sql_id, v, &p, r.as_deref(), self.restricted)
        })
        .transpose()
    }

    /// Subject `id`'s revision as the transaction sees it (`None`: not stored).
    pub(crate) fn version(&self, id: SubjectId) -> Result<Option<u64>, StoreError> {
        let sql_id = id_to_sql(id)?;
        let v: Option<i64> = crate::store::db::OptionalExtension::optional(self.tx.query_row(
            "SELECT version FROM subjects WHERE id = ?1",
            [sql_id],
            |r| r.get(0),
        ))
        .map_err(|e| sqlite_error(e, &self.db, &format!("reading subject {id}")))?;
        Ok(v.and_then(|v| u64::try_from(v).ok()))
    }

    /// The transaction, the keys and who writes: for the few writes that go with a batch's
    /// saves in the same transaction (a check-in's audit entries and state).
    pub(crate) fn parts(&self) -> (&Transaction<'_>, &Keys, &std::path::Path, &str) {
        (&self.tx, self.keys, &self.db, &self.actor.name)
    }

    /// How many subjects were saved so far.
    pub fn saved(&self) -> u64 {
        self.saved
    }

    /// Make every save durable; returns how many were saved (a dry run writes nothing).
    pub fn commit(self) -> Result<u64, StoreError> {
        let saved = self.saved;
        if self.dry {
            return Ok(saved);
        }
        self.tx
            .commit()
            .map_err(|e| sqlite_error(e, &self.db, &format!("saving {saved} subjects")))?;
        Ok(saved)
    }
}
