//! All that touches the disk: the [`Store`] of subject records over SQLite.
//!
//! A store is a directory holding `spmp.db` (and SQLite's `-wal`/`-shm` files while open). Each
//! subject is one row: `id`, a revision number, the time of the last save and the encoded
//! payload ([`codec`]) sealed under the store's data key ([`crypto`]); no personal data sits in
//! plain columns, and nothing at all can be read without a user's passphrase ([`users`]).
//! Every save is one IMMEDIATE transaction that writes the record, its hash-chained audit entry
//! ([`audit`]) and its history entry (the changes, see [`crate::domain::changes`]) together,
//! and returns only after COMMIT (WAL, `synchronous=FULL`), so "saved" means durable.
//! [`Store::commit`] adds an optimistic version check for edits; drafts keep unsaved form
//! contents. Every operation checks the unlocked user's role first. [`erase`]: archiving a
//! subject whose orders have ended and erasing it after the retention period.
mod backup;
mod batch;
mod bind;
mod checkout;
mod copy;
pub mod db;
mod delete;
mod digests;
mod drafts;
mod erase;
mod error;
mod hex;
mod history;
mod identity;
mod load;
mod logins;
mod merge_subjects;
mod open;
mod server;
mod sign;
mod split;
mod summaries;
mod unit;
mod verify;
mod watch;

pub mod audit;
pub mod codec;
pub mod crypto;
pub mod migrate;
#[cfg(any(test, feature = "testkit"))]
pub mod testkit;
pub mod users;

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::store::db::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};

pub use audit::{AuditEntry, AuditFault, AuditKind, AuditReport};
pub use backup::CopyReport;
pub use batch::{Batch, Prepared, Preparer};
pub use checkout::{Checkout, CheckoutState, WorkingSet};
pub use codec::CodecError;
pub use copy::StoreCopyReport;
pub use crypto::{CryptoError, KdfParams, Passphrase};
pub use delete::{Creation, DeletionReport};
pub use drafts::Draft;
pub use erase::{ArchivedInfo, ErasureReport, order_has_ended};
pub use error::StoreError;
pub use history::{Commit, HistoryEntry};
pub use logins::LoginDelay;
pub use merge_subjects::MergeReport;
pub use open::shown_place;
pub use sign::{SignerInfo, Trust};
pub use users::{Login, NewUser, StoreStatus, UserInfo};
pub use verify::{Fault, VerifyReport};

/// A subject record that could not be read (its seal does not open, or it does not decode):
/// set apart by [`Store::load_all_checked`] so the others stay reachable; `spmp verify` names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    pub id: SubjectId,
    pub message: String,
}

use crate::domain::{Permission, Role, SignOffRanks};
use crate::domain::{Subject, SubjectId};
use crypto::Keys;
use error::sqlite_error;
use users::Session;

/// The database file inside a store directory.
pub const DB_FILE: &str = "spmp.db";

/// Default time a write waits for another process's write lock before reporting
/// [`StoreError::Busy`].
pub const DEFAULT_BUSY_TIMEOUT: Duration = Duration::from_secs(2);

/// Tunables for opening a store. `StoreOptions::default()` is what the app uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreOptions {
    /// How long a write waits for the lock held by another process.
    pub busy_timeout: Duration,
    /// Cap on the database size in pages (`PRAGMA max_page_count`); writes beyond it fail as
    /// [`StoreError::DiskFull`]. `None`: no cap beyond the disk. Used by tests to run out of space.
    pub max_page_count: Option<u32>,
    /// Argon2id cost of new passphrase wraps (existing wraps keep the cost they were made with).
    pub kdf: KdfParams,
    /// The wait before a login for a user with failed logins ([`LoginDelay`]).
    pub login_delay: LoginDelay,
    /// The largest record saved, in bytes ([`codec::DEFAULT_RECORD_LIMIT`]; at most
    /// [`codec::MAX_RECORD_BYTES`]): a larger one is refused as "too large".
    pub max_record_bytes: usize,
    /// Where a draft typed while the server store cannot be reached is kept, sealed, until it
    /// can be written to the server ([`Store::put_draft`]); `None`: such a draft is refused.
    pub offline_drafts: Option<PathBuf>,
}

impl Default for StoreOptions {
    fn default() -> Self {
        Self {
            busy_timeout: DEFAULT_BUSY_TIMEOUT,
            max_page_count: None,
            kdf: KdfParams::default(),
            login_delay: LoginDelay::default(),
            max_record_bytes: codec::DEFAULT_RECORD_LIMIT,
            offline_drafts: drafts::default_offline_dir(),
        }
    }
}

/// An open, unlocked store. One connection; several processes may open the same store at once.
#[derive(Debug)]
pub struct Store {
    dir: PathBuf,
    db: PathBuf,
    conn: Connection,
    /// What the store was opened with: the busy timeout (draft writes shorten it for
    /// themselves), the cost of new wraps, the largest record, where drafts wait for a server.
    opts: StoreOptions,
    /// Who unlocked the store, and the keys.
    session: Session,
    /// Force policy on who may approve what, checked on every write (see
    /// [`Store::set_sign_off_ranks`]).
    ranks: SignOffRanks,
    /// Force policy: hours after its creation a subject made in error may be deleted (0:
    /// never); see [`Store::set_delete_window_hours`].
    delete_window: u32,
}

impl Store {
    /// Open the existing store in `dir` and unlock it as `login`. Never creates anything:
    /// [`StoreError::NotAStore`] if there is no spmp store in `dir`,
    /// [`StoreError::NeedsAdministrator`] if it has no users yet, [`StoreError::BadLogin`] for a
    /// wrong name or passphrase (nothing is changed).
    pub fn open(dir: &Path, login: &Login) -> Result<Store, StoreError> {
        Self::open_with(dir, &StoreOptions::default(), login)
    }

    /// [`Store::open`] with explicit options.
    pub fn open_with(dir: &Path, opts: &StoreOptions, login: &Login) -> Result<Store, StoreError> {
        let mut conn = open::open_connection(dir, opts, false)?;
        let db = open::db_path(dir);
        let mut session = users::unlock(&conn, &db, login, Some(&opts.login_delay))?;
        checkout::refuse_expired(&conn, &db, &session.keys)?;
        // An upgrade of older rows, not needed to work: a store that cannot be written (a
        // read-only copy) still opens, and is padded at a later login.
        let _ = users::pad_profiles(&mut conn, &db, &session.keys);
        let _ = drafts::convert_legacy(&mut conn, &db, &session.keys);
        // Keys follow roles: an older store is split, an older wrap replaced (after the drafts
        // above are in their keyed form, so the split seals them under the restricted key).
        // Signing keys too: every entry written from here on is signed by its author.
        split::upgrade_keys(&mut conn, &db, &mut session, login, &opts.kdf)?;
        logins::log_failures(&mut conn, &db, &session.keys, &session.actor.name)?;
        let mut store = Store {
            dir: dir.to_path_buf(),
            db,
            conn,
            opts: opts.clone(),
            session,
            ranks: SignOffRanks::default(),
            delete_window: crate::domain::Policy::default().delete_window_hours,
        };
        // Drafts typed here while the server was away (a failure keeps them for next time).
        let _ = store.save_offline_drafts();
        Ok(store)
    }

    /// Create a store in `dir` (absent or empty) with `login` as its administrator (holding
    /// `roles` too), or make the administrator of a store that has no users yet (an older,
    /// unencrypted store: all its data is encrypted in the same transaction).
    pub fn create(dir: &Path, login: &Login, roles: &[Role]) -> Result<Store, StoreError> {
        Self::create_with(dir, &StoreOptions::default(), login, roles)
    }

    /// [`Store::create`] with explicit options.
    pub fn create_with(
        dir: &Path,
        opts: &StoreOptions,
        login: &Login,
        roles: &[Role],
    ) -> Result<Store, StoreError> {
        // Refuse a bad name or passphrase before anything is created on disk: a refused
        // first run must not leave a store without users behind.
        users::check_name(&login.user)?;
        users::check_passphrase(&login.passphrase)?;
        let mut conn = open::open_connection(dir, opts, true)?;
        let db = open::db_path(dir);
        let session = migrate::initialise(&mut conn, &db, login, roles, &opts.kdf)?;
        open::checkpoint(&conn);
        Ok(Store {
            dir: dir.to_path_buf(),
            db,
            conn,
            opts: opts.clone(),
            session,
            ranks: SignOffRanks::default(),
            delete_window: crate::domain::Policy::default().delete_window_hours,
        })
    }

    /// The consecutive failed logins counted for `user` and the wait the next login of theirs
    /// will have under `delay` (readable without a passphrase: for tests and `user list`).
    pub fn failed_logins(
        dir: &Path,
        user: &str,
        delay: &LoginDelay,
    ) -> Result<(u32, Duration), StoreError> {
        let conn = open::open_connection(dir, &StoreOptions::default(), false)?;
        let f = logins::failures(&conn, user.trim())
            .map_err(|e| sqlite_error(e, &open::db_path(dir), "reading failed logins"))?;
        Ok((f.count, delay.after(f.count)))
    }

    /// Whether `dir` holds no store, a store without users, or a store to log in to. May
    /// upgrade the schema of an existing store (as opening it would); creates nothing.
    pub fn status(dir: &Path) -> Result<StoreStatus, StoreError> {
        if open::is_absent_or_empty(dir)? {
            return Ok(StoreStatus::Absent);
        }
        let conn = open::open_connection(dir, &StoreOptions::default(), false)?;
        let db = open::db_path(dir);
        let n = users::user_count(&conn).map_err(|e| sqlite_error(e, &db, "reading the users"))?;
        Ok(if n == 0 {
            StoreStatus::NeedsAdministrator
        } else {
            StoreStatus::Ready
        })
    }

    /// Set the force policy on who may approve what, which every write of this store is then
    /// checked against (the application layer sets it from the configuration on opening).
    pub fn set_sign_off_ranks(&mut self, ranks: SignOffRanks) {
        self.ranks = ranks;
    }

    /// The ranks force policy requires to approve each kind of record, as this store enforces.
    pub fn sign_off_ranks(&self) -> &SignOffRanks {
        &self.ranks
    }

    /// The store directory.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// The revision of a subject's record (1 after the first save, +1 on each save), or `None`
    /// if there is none. Lets the app notice a record changed underneath it.
    pub fn version(&self, id: SubjectId) -> Result<Option<u64>, StoreError> {
        self.conn
            .query_row(
                "SELECT version FROM subjects WHERE id = ?1",
                [id_to_sql(id)?],
                |r| r.get::<_, i64>(0),
            )
            .optional()
            .map(|v| v.map(|v| u64::try_from(v).unwrap_or(0)))
            .map_err(|e| self.sql(e, &format!("reading the version of subject {id}")))
    }

    /// Insert or replace `subject` and write one audit entry (`action`, by the current user) and, if the
    /// record changed, one history entry (summary `action`), in one IMMEDIATE transaction.
    /// Returns only after the COMMIT: `Ok` means saved. No version check: edits made in the
    /// app go through [`Store::commit`].
    pub fn save(&mut self, subject: &Subject, action: &str) -> Result<(), StoreError> {
        self.save_all(std::slice::from_ref(subject), action)
    }

    /// Save every subject (one audit entry and, if changed, one history entry each) in one
    /// transaction: all are saved or none is.
    pub fn save_all(&mut self, subjects: &[Subject], action: &str) -> Result<(), StoreError> {
        self.save_all_with_progress(subjects, action, &mut |_, _| {})
    }

    /// [`Store::save_all`], calling `progress(done, total)` as records are written (the commit
    /// at the end is what makes them saved).
    pub fn save_all_with_progress(
        &mut self,
        subjects: &[Subject],
        action: &str,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<(), StoreError> {
        // A record that cannot be saved (too large, refused by a rule) rolls back the rest.
        let total = subjects.len() as u64;
        let mut batch = self.batch(action)?;
        for (n, subject) in subjects.iter().enumerate() {
            batch.save(subject)?;
            if n % 64 == 0 {
                progress(n as u64, total);
            }
        }
        batch.commit()?;
        progress(total, total);
        Ok(())
    }

    /// Save a new subject under the next free id, chosen inside the write transaction so two
    /// processes adding subjects at once cannot pick the same id. Sets `subject.id`.
    pub fn insert_new(
        &mut self,
        subject: &mut Subject,
        action: &str,
    ) -> Result<SubjectId, StoreError> {
        self.require(Permission::Edit)?;
        let limit = self.opts.max_record_bytes;
        let db = self.db.clone();
        let ctx = "adding a subject";
        let actor = self.session.actor.clone();
        let w = WriteCtx::new(&db, ctx, &actor, action, self.ranks);
        let keys = &self.session.keys;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| sqlite_error(e, &db, ctx))?;
        let id = next_id(&tx).map_err(|e| sqlite_error(e, &db, ctx))?;
        let previous = std::mem::replace(&mut subject.id, id);
        let result = (|| {
            let payload = encode_within(subject, limit)?;
            let sql_id = id_to_sql(id)?;
            let stored = history::read_stored(&tx, keys, sql_id, subject)
                .map_err(|e| sqlite_error(e, &db, ctx))?;
            write_record(&tx, keys, &w, sql_id, &payload, &stored, None)?;
            tx.commit().map_err(|e| sqlite_error(e, &db, ctx))
        })();
        if result.is_err() {
            subject.id = previous;
        }
        result.map(|()| id)
    }

    /// Save new subjects under the next free ids (chosen inside one write transaction), all or
    /// none. Sets each `subject.id`; returns the ids.
    pub fn insert_all_new(
        &mut self,
        subjects: &mut [Subject],
        action: &str,
    ) -> Result<Vec<SubjectId>, StoreError> {
        self.require(Permission::Edit)?;
        let limit = self.opts.max_record_bytes;
        let db = self.db.clone();
        let ctx = format!("adding {} subjects", subjects.len());
        let actor = self.session.actor.clone();
        let w = WriteCtx::new(&db, &ctx, &actor, action, self.ranks);
        let keys = &self.session.keys;
        let tx = begin(&mut self.conn).map_err(|e| sqlite_error(e, &db, &ctx))?;
        let first = next_id(&tx).map_err(|e| sqlite_error(e, &db, &ctx))?;
        let previous: Vec<SubjectId> = subjects.iter().map(|s| s.id).collect();
        let result = (|| {
            let mut ids = Vec::with_capacity(subjects.len());
            for (n, subject) in subjects.iter_mut().enumerate() {
                let id = first + n as SubjectId;
                subject.id = id;
                let payload = encode_within(subject, limit)?;
                let sql_id = id_to_sql(id)?;
                let stored = history::read_stored(&tx, keys, sql_id, subject)
                    .map_err(|e| sqlite_error(e, &db, &ctx))?;
                write_record(&tx, keys, &w, sql_id, &payload, &stored, None)?;
                ids.push(id);
            }
            tx.commit().map_err(|e| sqlite_error(e, &db, &ctx))?;
            Ok(ids)
        })();
        if result.is_err() {
            for (s, id) in subjects.iter_mut().zip(previous) {
                s.id = id;
            }
        }
        result
    }

    /// The id a new subject should get: one above any id ever used (in records or the audit
    /// log). Not reserved: prefer [`Store::insert_new`] when other processes may add subjects.
    pub fn next_subject_id(&self) -> Result<SubjectId, StoreError> {
        next_id(&self.conn).map_err(|e| self.sql(e, "choosing the next subject id"))
    }

    /// The number of subject records.
    pub fn count(&self) -> Result<u64, StoreError> {
        self.conn
            .query_row("SELECT count(*) FROM subjects", [], |r| r.get::<_, i64>(0))
            .map(|n| u64::try_from(n).unwrap_or(0))
            .map_err(|e| self.sql(e, "counting subjects"))
    }

    /// Check the whole store: SQLite's integrity check, then decode every record. Faults are
    /// collected in the report (never fail fast); an `Err` means the check itself could not run.
    pub fn verify(&self) -> Result<VerifyReport, StoreError> {
        self.verify_with(&|_| Ok(()), &mut |_, _| {})
    }

    /// [`Store::verify`], with `draft_check` judging each draft's opened payload (what a draft
    /// holds is the application layer's to say), and `progress(done, total)` called as the
    /// records and then their history entries are checked.
    pub fn verify_with(
        &self,
        draft_check: &dyn Fn(&[u8]) -> Result<(), String>,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<VerifyReport, StoreError> {
        self.require(Permission::View)?;
        let history: i64 = self
            .conn
            .query_row("SELECT count(*) FROM history", [], |r| r.get(0))
            .map_err(|e| self.sql(e, "counting history entries"))?;
        let total = self.count()? + u64::try_from(history).unwrap_or(0);
        verify::verify(
            &self.conn,
            &self.session.keys,
            &self.db,
            draft_check,
            &mut |done| progress(done, total),
        )
    }

    fn sql(&self, err: impl Into<db::Error>, context: &str) -> StoreError {
        sqlite_error(err, &self.db, context)
    }
}

/// Who writes, what and when: shared by every row of one write transaction.
pub(crate) struct WriteCtx<'a> {
    db: &'a Path,
    /// What the store is doing, for error messages ("saving subject 3").
    what: &'a str,
    actor: &'a str,
    /// Who writes, with roles: the sign-off control needs them.
    who: &'a crate::domain::Actor,
    /// The audit action and history summary.
    summary: &'a str,
    /// Who may approve what (force policy).
    ranks: SignOffRanks,
    /// UTC, for `subjects.updated` and `audit.at`.
    now: String,
    /// Local time, for `history.at`.
    local: String,
}

impl<'a> WriteCtx<'a> {
    fn new(
        db: &'a Path,
        what: &'a str,
        who: &'a crate::domain::Actor,
        summary: &'a str,
        ranks: SignOffRanks,
    ) -> Self {
        Self {
            db,
            what,
            actor: &who.name,
            who,
            summary,
            ranks,
            now: now_text(),
            local: history::local_now_text(),
        }
    }
}

/// Upsert one record (sealing it, bumping its version), append its audit entry and, if it
/// changed, its history entry. `stored` was read in the same transaction. Returns the new
/// version.
///
/// `first` is the record and its summary already sealed as revision 1 (by
/// [`batch::Preparer`], on another thread): used when the record is new, sealed again here
/// otherwise.
fn write_record(
    tx: &Transaction<'_>,
    keys: &Keys,
    w: &WriteCtx<'_>,
    id: i64,
    payload: &[u8],
    stored: &history::Stored,
    first: Option<(split::Sealed, split::Sealed)>,
) -> Result<u64, StoreError> {
    let sql = |e| sqlite_error(e, w.db, w.what);
    // The sign-off controls hold for every write, whatever screen, file or workstation it
    // came from.
    if let Some(new) = &stored.new {
        crate::domain::check_write(stored.old.as_ref(), new, w.who, &w.ranks).map_err(|e| {
            StoreError::Denied {
                message: e.to_string(),
            }
        })?;
    }
    if stored.version.is_none() {
        // An id with audit entries but no record was erased: it is never given out again, so
        // the log of the erased subject cannot be mistaken for a new one's.
        let used: bool = tx
            .prepare_cached(
                // Two lookups, each answered by its own index (an OR of the two columns is a
                // scan of the whole log on PostgreSQL, once per new subject of an import).
                "SELECT EXISTS(SELECT 1 FROM audit WHERE subject_id = ?1)
                     OR EXISTS(SELECT 1 FROM audit WHERE subject_ref = ?2)",
            )
            .and_then(|mut st| {
                st.query_row(
                    params![id, audit::subject_ref(keys, id_from_sql(id))],
                    |r| r.get(0),
                )
            })
            .map_err(sql)?;
        if used {
            return Err(StoreError::Refused {
                message: format!(
                    "subject id {id} belonged to a subject that was erased, deleted or merged \
                     into another, and is never used again: give the record a new id"
                ),
            });
        }
    }
    store_record(tx, keys, w, id, payload, stored, first)
}

/// The writing half of [`write_record`], for a write whose controls its caller has applied
/// (a merge of two records carries decided sign-offs across unchanged: see
/// [`merge_subjects`]).
fn store_record(
    tx: &Transaction<'_>,
    keys: &Keys,
    w: &WriteCtx<'_>,
    id: i64,
    payload: &[u8],
    stored: &history::Stored,
    first: Option<(split::Sealed, split::Sealed)>,
) -> Result<u64, StoreError> {
    let sql = |e| sqlite_error(e, w.db, w.what);
    let decoded;
    let subject = match &stored.new {
        Some(s) => s,
        None => {
            decoded = codec::decode_subject(payload)?;
            &decoded
        }
    };
    let version = stored.version.map_or(1, |v| v + 1);
    let version_sql = i64::try_from(version).map_err(|_| StoreError::Refused {
        message: format!("subject {id} has too many revisions"),
    })?;
    let (sealed, summary) = match first {
        Some(first) if version == 1 => first,
        _ => summaries::seal_record(keys, id, version_sql, subject, payload)?,
    };
    tx.prepare_cached(
        "INSERT INTO subjects (id, version, updated, payload, restricted)
         VALUES (?1, ?5, ?2, ?3, ?4)
         ON CONFLICT(id) DO UPDATE SET version = excluded.version,
             updated = excluded.updated, payload = excluded.payload,
             restricted = excluded.restricted",
    )
    .and_then(|mut st| {
        st.execute(params![
            id,
            w.now,
            sealed.general,
            sealed.restricted,
            version_sql
        ])
    })
    .map_err(sql)?;
    // The summary after the record: the record's triggers have just emptied it.
    tx.prepare_cached(
        "UPDATE summaries SET general = ?2, restricted = ?3 WHERE id = ?1 AND version = ?4",
    )
    .and_then(|mut st| {
        st.execute(params![
            id,
            summary.general,
            summary.restricted,
            version_sql
        ])
    })
    .map_err(sql)?;
    let kind = if stored.version.is_none() {
        AuditKind::Collection
    } else {
        AuditKind::Alteration
    };
    // The history row first, so the audit entry binds it with the record (store/bind.rs).
    let history = history::write_history(tx, keys, w, id, &stored.changes, Some(subject))?;
    let binding = bind::Binding {
        record: Some(bind::record_digest(
            id,
            &sealed.general,
            sealed.restricted.as_deref(),
        )),
        history,
        user: None,
    };
    audit::append(
        tx,
        keys,
        w.db,
        w.actor,
        kind,
        &audit::AuditEvent {
            subject: Some(id_from_sql(id)),
            what: w.summary,
            binding: Some(binding.encode()),
            ..Default::default()
        },
    )?;
    Ok(version)
}

/// The binding of subject row `id` as it stands in `tx` (for an entry that vouches for it).
pub(super) fn bind_record(tx: &Connection, id: i64) -> crate::store::db::Result<Option<Vec<u8>>> {
    let row: Option<(Vec<u8>, Option<Vec<u8>>)> = tx
        .query_row(
            "SELECT payload, restricted FROM subjects WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(row.map(|(p, r)| {
        bind::Binding {
            record: Some(bind::record_digest(id, &p, r.as_deref())),
            ..Default::default()
        }
        .encode()
    }))
}

/// Where a subject's payload was sealed before keys followed roles (its associated data).
pub(crate) fn subject_context(id: i64) -> String {
    format!("subjects/{id}")
}

/// Where revision `version` of subject row `id` is sealed: the row and its revision, so the
/// plain `version` column is authenticated too.
pub(crate) fn record_context(id: i64, version: i64) -> String {
    format!("subjects/{id}@{version}")
}

/// Seal `plain` under the data key for `context`.
pub(crate) fn seal(keys: &Keys, context: &str, plain: &[u8]) -> Result<Vec<u8>, StoreError> {
    keys.seal(context, plain).map_err(|e| StoreError::Crypto {
        what: format!("encrypting {context}"),
        source: e,
    })
}

/// Start an IMMEDIATE (write-locking) transaction.
pub(crate) fn begin(conn: &mut Connection) -> crate::store::db::Result<Transaction<'_>> {
    conn.transaction_with_behavior(TransactionBehavior::Immediate)
}

/// Encode `subject` for saving, refused past `limit` bytes with the subject named.
pub(crate) fn encode_within(subject: &Subject, limit: usize) -> Result<Vec<u8>, StoreError> {
    codec::encode_subject_within(subject, limit).map_err(|e| match e {
        codec::CodecError::TooLarge { bytes, limit } => StoreError::TooLarge {
            subject: subject.id,
            bytes,
            limit,
        },
        e => e.into(),
    })
}

impl Store {
    /// Encode `subject` within this store's record limit.
    pub(crate) fn encode(&self, subject: &Subject) -> Result<Vec<u8>, StoreError> {
        encode_within(subject, self.opts.max_record_bytes)
    }
}

fn next_id(conn: &Connection) -> crate::store::db::Result<SubjectId> {
    let max: Option<i64> = conn.query_row("SELECT max(id) FROM subjects", [], |r| r.get(0))?;
    let max = Some(max.unwrap_or(0).max(audit::high_id(conn)?)).filter(|m| *m > 0);
    Ok(max.map_or(1, |m| u64::try_from(m).unwrap_or(0) + 1))
}

fn id_to_sql(id: SubjectId) -> Result<i64, StoreError> {
    i64::try_from(id).map_err(|_| StoreError::IdOutOfRange { id })
}

/// A row id as a subject id. Rows only get ids from [`id_to_sql`]; a negative id can only come
/// from outside tampering and is shown by its magnitude (the record is then reported corrupt,
/// since its payload cannot hold a negative id).
pub(crate) fn id_from_sql(id: i64) -> SubjectId {
    id.unsigned_abs()
}

/// The current time as stored in `updated`/`at` columns: RFC 3339, UTC, milliseconds.
pub(crate) fn now_text() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
