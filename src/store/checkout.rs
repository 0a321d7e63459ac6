//! Working sets: subjects checked out of this store to one user's laptop (docs/OFFLINE.md).
//!
//! The office store keeps each checkout as two sealed values in `meta` (under the restricted
//! key, each with its key as the sealing context): `checkout/{id}`, who it is for, when it
//! expires, its state (open, checked in, revoked) and each subject's revision when checked out;
//! and `checkout_base/{id}`, the subjects as they were, the base of the three-way merge at
//! check-in (read then only). The working set itself is a store of
//! its own ([`Store::create_with`]) whose `meta` names the checkout (`working_set`, sealed under
//! its own key): [`refuse_expired`] keeps an expired one closed.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::HistoryEntry;
use super::crypto::Keys;
use super::error::sqlite_error;
use super::history::local_now_text;
use super::{Store, StoreError, StoreOptions, begin, hex};
use crate::domain::{Officer, Permission, Subject, SubjectId};

/// The state of a checkout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CheckoutState {
    /// Out on the laptop; can be checked in once.
    Open,
    /// Checked in: a second check-in is refused.
    CheckedIn,
    /// Revoked (a lost laptop): it can no longer be checked in.
    Revoked,
}

impl CheckoutState {
    pub fn label(self) -> &'static str {
        match self {
            Self::Open => "checked out",
            Self::CheckedIn => "checked in",
            Self::Revoked => "revoked",
        }
    }
}

/// One checkout, as the office store keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Checkout {
    pub id: String,
    /// The user it is for (the only one its working set opens for).
    pub user: String,
    /// Local time it was made.
    pub made: String,
    /// The last day it opens.
    pub expires: NaiveDate,
    pub state: CheckoutState,
    /// Each subject checked out, with its revision then.
    pub subjects: Vec<(SubjectId, u64)>,
    /// The office's last audit entry before the checkout (0 on checkouts recorded before it
    /// was kept): where the check-in's look for an earlier check-in starts.
    #[serde(default)]
    pub audit_at: u64,
}

/// What a working set says about itself (its `meta`, sealed under its own key).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkingSet {
    pub checkout: String,
    /// The office store's id ([`Store::store_id`]).
    pub store: String,
    pub user: String,
    pub expires: NaiveDate,
    /// The last entry of its log at its making: the laptop's work is what follows.
    pub audit_from: u64,
}

const WORKING_SET_KEY: &str = "working_set";
const STORE_ID_KEY: &str = "store_id";
/// A working set's copy of the office's officers, and of each subject's history (`/{id}`).
const OFFICERS_KEY: &str = "working_set_officers";
const HISTORY_KEY: &str = "working_set_history";

/// How the audit log says a checkout ended: the store writes these words itself, and a
/// check-in looks for them.
fn checked_in_text(id: &str) -> String {
    format!("Checked in working set {id}:")
}

fn revoked_text(id: &str) -> String {
    format!("Revoked working set {id}:")
}

fn checkout_key(id: &str) -> String {
    format!("checkout/{id}")
}

/// Where the subjects as checked out are kept (read at check-in only).
fn base_key(id: &str) -> String {
    format!("checkout_base/{id}")
}

impl Store {
    /// This store's random id (made the first time it is asked for): what a working set names
    /// as the store it came from.
    pub fn store_id(&mut self) -> Result<String, StoreError> {
        let ctx = "reading the store's id";
        let db = self.db.clone();
        if let Some(id) = self
            .conn
            .meta_read(STORE_ID_KEY)
            .map_err(|e| sqlite_error(e, &db, ctx))?
        {
            return Ok(id);
        }
        let id = random_id()?;
        let tx = begin(&mut self.conn).map_err(|e| sqlite_error(e, &db, ctx))?;
        // Another process may have made one meanwhile: the first one stays.
        tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO NOTHING",
            [STORE_ID_KEY, id.as_str()],
        )
        .map_err(|e| sqlite_error(e, &db, ctx))?;
        let id = tx
            .meta_read(STORE_ID_KEY)
            .map_err(|e| sqlite_error(e, &db, ctx))?
            .unwrap_or(id);
        tx.commit().map_err(|e| sqlite_error(e, &db, ctx))?;
        Ok(id)
    }

    /// The options this store was opened with.
    pub fn options(&self) -> &StoreOptions {
        &self.opts
    }

    /// Record a new checkout of `subjects` (loaded here, each at its current revision) for the
    /// current user until `expires`, with one disclosure entry per subject in the audit log, in
    /// one transaction. Needs the edit permission.
    pub fn check_out(
        &mut self,
        subjects: &[SubjectId],
        expires: NaiveDate,
    ) -> Result<(Checkout, Vec<Subject>), StoreError> {
        self.require(Permission::Edit)?;
        self.require(Permission::Disclose)?;
        if subjects.is_empty() {
            return Err(StoreError::Refused {
                message: "name at least one subject to check out".into(),
            });
        }
        let mut taken: Vec<(Subject, u64)> = Vec::with_capacity(subjects.len());
        for &id in subjects {
            if taken.iter().any(|(s, _)| s.id == id) {
                continue;
            }
            let (subject, version) =
                self.load_versioned(id)?
                    .ok_or_else(|| StoreError::Refused {
                        message: format!("there is no subject {id} to check out"),
                    })?;
            taken.push((subject, version));
        }
        let checkout = Checkout {
            id: random_id()?,
            user: self.session.actor.name.clone(),
            made: local_now_text(),
            expires,
            state: CheckoutState::Open,
            subjects: taken.iter().map(|(s, v)| (s.id, *v)).collect(),
            audit_at: 0,
        };
        let records: Vec<Subject> = taken.into_iter().map(|(s, _)| s).collect();
        let recipient = format!("{}'s laptop (working set {})", checkout.user, checkout.id);
        let what = format!("Checked out for offline work until {expires}");
        let ctx = "recording a checkout";
        let db = self.db.clone();
        let base = self.seal_value(&base_key(&checkout.id), &records)?;
        let tx = begin(&mut self.conn).map_err(|e| sqlite_error(e, &db, ctx))?;
        let last: Option<i64> = tx
            .query_row("SELECT max(seq) FROM audit", [], |r| r.get(0))
            .map_err(|e| sqlite_error(e, &db, ctx))?;
        let checkout = Checkout {
            audit_at: last.and_then(|s| u64::try_from(s).ok()).unwrap_or(0),
            ..checkout
        };
        let sealed = seal_value(&self.session.keys, &checkout_key(&checkout.id), &checkout)?;
        tx.meta_write(&checkout_key(&checkout.id), &sealed)
            .map_err(|e| sqlite_error(e, &db, ctx))?;
        tx.meta_write(&base_key(&checkout.id), &base)
            .map_err(|e| sqlite_error(e, &db, ctx))?;
        for subject in &records {
            super::audit::append(
                &tx,
                &self.session.keys,
                &db,
                &checkout.user,
                super::AuditKind::Disclosure,
                &super::audit::AuditEvent {
                    subject: Some(subject.id),
                    what: &what,
                    recipient: Some(&recipient),
                    justification: Some("offline review"),
                    ..Default::default()
                },
            )?;
        }
        tx.commit().map_err(|e| sqlite_error(e, &db, ctx))?;
        Ok((checkout, records))
    }

    /// The subjects of checkout `id` as they were checked out.
    pub fn checkout_base(&self, id: &str) -> Result<Vec<Subject>, StoreError> {
        self.require(Permission::Edit)?;
        let key = base_key(id);
        let text = self
            .conn
            .meta_read(&key)
            .map_err(|e| sqlite_error(e, &self.db, "reading a checkout"))?
            .unwrap_or_default();
        self.open_value(&key, &text)
    }

    /// Checkout `id`, or `None` when this store has none by that id.
    pub fn checkout(&self, id: &str) -> Result<Option<Checkout>, StoreError> {
        self.require(Permission::Edit)?;
        let key = checkout_key(id);
        let ctx = "reading a checkout";
        let Some(text) = self
            .conn
            .meta_read(&key)
            .map_err(|e| sqlite_error(e, &self.db, ctx))?
        else {
            return Ok(None);
        };
        self.open_value(&key, &text).map(Some)
    }

    /// Every checkout of this store, newest first. Users who may not edit see none.
    pub fn checkouts(&self) -> Result<Vec<Checkout>, StoreError> {
        if self.require(Permission::Edit).is_err() {
            return Ok(Vec::new());
        }
        let ctx = "reading checkouts";
        let rows: Vec<(String, String)> = self
            .conn
            .prepare("SELECT key, value FROM meta WHERE key LIKE 'checkout/%'")
            .and_then(|mut stmt| {
                stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<Result<_, _>>()
            })
            .map_err(|e| sqlite_error(e, &self.db, ctx))?;
        let mut all: Vec<Checkout> = rows
            .iter()
            .map(|(key, text)| self.open_value(key, text))
            .collect::<Result<Vec<_>, _>>()?;
        all.sort_by(|a, b| b.made.cmp(&a.made));
        Ok(all)
    }

    /// Set checkout `id`'s state, with the audit entry "Revoked working set ID: `what`" (why),
    /// in one transaction. Only
    /// an open checkout changes state; only a supervisor revokes one, and a checkout is marked
    /// checked in by its check-in ([`Store::check_in_whole`]) alone.
    pub fn set_checkout_state(
        &mut self,
        id: &str,
        state: CheckoutState,
        what: &str,
    ) -> Result<(), StoreError> {
        if state != CheckoutState::Revoked {
            return Err(StoreError::Refused {
                message: "a working set is marked checked in by checking it in".into(),
            });
        }
        self.require(Permission::SignOff)?;
        self.end_checkout(id, state, what)
    }

    /// Revoke checkout `id`, recorded for its own user, whose working set could not be made
    /// (`what` says why, after "Revoked working set ID:"): it must never check in.
    pub(crate) fn abandon_checkout(&mut self, id: &str, what: &str) -> Result<(), StoreError> {
        let mine = self
            .checkout(id)?
            .is_some_and(|c| c.user == self.session.actor.name);
        if !mine {
            return Err(StoreError::Refused {
                message: format!("working set {id} is not yours to give up"),
            });
        }
        self.end_checkout(id, CheckoutState::Revoked, what)
    }

    fn end_checkout(
        &mut self,
        id: &str,
        state: CheckoutState,
        what: &str,
    ) -> Result<(), StoreError> {
        let mut checkout = self.checkout(id)?.ok_or_else(|| StoreError::Refused {
            message: format!("this store has no working set {id}"),
        })?;
        if checkout.state != CheckoutState::Open {
            return Err(StoreError::Refused {
                message: format!("working set {id} is {} already", checkout.state.label()),
            });
        }
        checkout.state = state;
        let sealed = self.seal_value(&checkout_key(id), &checkout)?;
        let ctx = "recording a checkout's state";
        let db = self.db.clone();
        let actor = self.session.actor.name.clone();
        let tx = begin(&mut self.conn).map_err(|e| sqlite_error(e, &db, ctx))?;
        tx.meta_write(&checkout_key(id), &sealed)
            .map_err(|e| sqlite_error(e, &db, ctx))?;
        super::audit::append(
            &tx,
            &self.session.keys,
            &db,
            &actor,
            super::AuditKind::Store,
            &super::audit::AuditEvent {
                what: &format!("{} {what}", revoked_text(id)),
                ..Default::default()
            },
        )?;
        tx.commit().map_err(|e| sqlite_error(e, &db, ctx))
    }

    /// Check working set `id` in, whole or not at all, in one transaction: each subject of
    /// `plan` saved (its revision must still be the one given: else nothing is written and the
    /// check-in is tried again; every rule of a save holds), the laptop's audit `entries` added
    /// (each as a store entry naming its original kind, time, subject and the working set), and
    /// the checkout marked checked in, which it must still be open to be; the last entry says
    /// "Checked in working set ID: `what`".
    pub fn check_in_whole(
        &mut self,
        id: &str,
        plan: &[(Subject, u64)],
        entries: &[super::AuditEntry],
        what: &str,
    ) -> Result<(), StoreError> {
        self.require(Permission::Edit)?;
        let key = checkout_key(id);
        let summary = format!("Checked in from a laptop (working set {id})");
        let mut batch = self.batch(&summary)?;
        for (subject, version) in plan {
            if batch.version(subject.id)? != Some(*version) {
                return Err(StoreError::Refused {
                    message: format!(
                        "subject {} was saved in the office while checking in: nothing was \
                         checked in; check in again",
                        subject.id
                    ),
                });
            }
            batch.save(subject)?;
        }
        let (tx, keys, db, actor) = batch.parts();
        let ctx = "checking a working set in";
        let store_entry = |what: &str, event: super::audit::AuditEvent<'_>| {
            super::audit::append(
                tx,
                keys,
                db,
                actor,
                super::AuditKind::Store,
                &super::audit::AuditEvent { what, ..event },
            )
        };
        let text = tx
            .meta_read(&key)
            .map_err(|e| sqlite_error(e, db, ctx))?
            .unwrap_or_default();
        let mut checkout: Checkout = open_value(keys, &key, &text)?;
        if checkout.state != CheckoutState::Open {
            return Err(StoreError::Refused {
                message: format!(
                    "working set {id} is {} already: nothing was checked in",
                    checkout.state.label()
                ),
            });
        }
        // Its last day by the office's clock, at the moment of writing (a check-in read before
        // midnight and written after is late).
        if chrono::Local::now().date_naive() > checkout.expires {
            return Err(StoreError::Refused {
                message: format!(
                    "working set {id} expired on {}: nothing was checked in",
                    checkout.expires
                ),
            });
        }
        // The signed, chained audit log says so too: an older copy of the checkout's record
        // put back (a rolled-back `meta` row) does not open it for a second check-in.
        let ended = [checked_in_text(id), revoked_text(id)];
        if super::audit::storewide_entries_after(tx, keys, db, checkout.audit_at)?
            .iter()
            .any(|e| ended.iter().any(|p| e.what.starts_with(p.as_str())))
        {
            return Err(StoreError::Refused {
                message: format!(
                    "the audit log records working set {id} as checked in or revoked already, \
                     though its record says open (restored from an older copy?): nothing was \
                     checked in"
                ),
            });
        }
        for entry in entries {
            let subject = entry
                .subject
                .map(|s| format!("subject {s}: "))
                .unwrap_or_default();
            let text = format!(
                "{subject}{} ({}; offline at {}, working set {id})",
                entry.what,
                entry.kind.label(),
                entry.at
            );
            store_entry(
                &text,
                super::audit::AuditEvent {
                    justification: entry.justification.as_deref(),
                    recipient: entry.recipient.as_deref(),
                    ..Default::default()
                },
            )?;
        }
        checkout.state = CheckoutState::CheckedIn;
        tx.meta_write(&key, &seal_value(keys, &key, &checkout)?)
            .map_err(|e| sqlite_error(e, db, ctx))?;
        store_entry(
            &format!("{} {what}", checked_in_text(id)),
            Default::default(),
        )?;
        batch.commit().map(drop)
    }

    /// Write the records of a new working set (this store, just made and empty) as they are
    /// stored in the office, decisions included: they were checked there when they were
    /// saved. The sign-off control of later writes is as for any store.
    pub(crate) fn seed_working_set(
        &mut self,
        records: &[Subject],
        summary: &str,
    ) -> Result<(), StoreError> {
        if self.count()? != 0 || self.working_set()?.is_some() {
            return Err(StoreError::Refused {
                message: "a working set is written into a new, empty store only".into(),
            });
        }
        let roles = self.session.actor.roles.clone();
        if !roles.contains(&crate::domain::Role::Supervisor) {
            self.session
                .actor
                .roles
                .push(crate::domain::Role::Supervisor);
        }
        let saved = self.save_all(records, summary);
        self.session.actor.roles = roles;
        saved.map(drop)
    }

    /// Mark this store as working set `ws` (at its making).
    pub fn mark_working_set(&mut self, ws: &WorkingSet) -> Result<(), StoreError> {
        let plain = serde_json::to_vec(ws).map_err(|e| StoreError::Refused {
            message: format!("the working set's description: {e}"),
        })?;
        let sealed = super::seal(&self.session.keys, WORKING_SET_KEY, &plain)?;
        let ctx = "marking the working set";
        let db = self.db.clone();
        self.conn
            .meta_write(WORKING_SET_KEY, &hex::encode(&sealed))
            .map_err(|e| sqlite_error(e, &db, ctx))
    }

    /// Keep in this new working set (before it is marked) what it shows of the office besides
    /// its records: the unit's `officers` (public names, for labels and the officer in charge)
    /// and each subject's `history` before the checkout, as its user could read them there.
    pub fn put_office_copy(
        &mut self,
        officers: &[(String, Officer, bool)],
        history: &[(SubjectId, Vec<HistoryEntry>)],
    ) -> Result<(), StoreError> {
        if self.working_set()?.is_some() {
            return Err(StoreError::Refused {
                message: "the office's copy is written when a working set is made".into(),
            });
        }
        let ctx = "copying the office's officers and history";
        let db = self.db.clone();
        let mut sealed = vec![(
            OFFICERS_KEY.to_string(),
            self.seal_value(OFFICERS_KEY, &officers)?,
        )];
        for (id, entries) in history {
            let key = format!("{HISTORY_KEY}/{id}");
            sealed.push((key.clone(), self.seal_value(&key, entries)?));
        }
        let tx = begin(&mut self.conn).map_err(|e| sqlite_error(e, &db, ctx))?;
        for (key, value) in &sealed {
            tx.meta_write(key, value)
                .map_err(|e| sqlite_error(e, &db, ctx))?;
        }
        tx.commit().map_err(|e| sqlite_error(e, &db, ctx))
    }

    /// The office's officers as copied into this working set (none for any other store).
    pub fn office_officers(&self) -> Result<Vec<(String, Officer, bool)>, StoreError> {
        self.office_copy(OFFICERS_KEY)
    }

    /// Subject `id`'s history in the office before the checkout, newest first, as copied into
    /// this working set (none for any other store).
    pub fn office_history(&self, id: SubjectId) -> Result<Vec<HistoryEntry>, StoreError> {
        self.office_copy(&format!("{HISTORY_KEY}/{id}"))
    }

    fn office_copy<T: serde::de::DeserializeOwned + Default>(
        &self,
        key: &str,
    ) -> Result<T, StoreError> {
        let text = self
            .conn
            .meta_read(key)
            .map_err(|e| sqlite_error(e, &self.db, "reading the office's copy"))?;
        match text {
            Some(text) => self.open_value(key, &text),
            None => Ok(T::default()),
        }
    }

    /// What this store says of itself as a working set; `None` for any other store.
    pub fn working_set(&self) -> Result<Option<WorkingSet>, StoreError> {
        working_set_of(&self.conn, &self.db, &self.session.keys)
    }

    fn seal_value<T: Serialize>(&self, key: &str, value: &T) -> Result<String, StoreError> {
        seal_value(&self.session.keys, key, value)
    }

    fn open_value<T: serde::de::DeserializeOwned>(
        &self,
        key: &str,
        text: &str,
    ) -> Result<T, StoreError> {
        open_value(&self.session.keys, key, text)
    }
}

fn seal_value<T: Serialize>(keys: &Keys, key: &str, value: &T) -> Result<String, StoreError> {
    let plain = serde_json::to_vec(value).map_err(|e| StoreError::Refused {
        message: format!("the record of {key}: {e}"),
    })?;
    let sealed = keys
        .seal_restricted(key, &plain)
        .map_err(|source| StoreError::Crypto {
            what: format!("encrypting {key}"),
            source,
        })?;
    Ok(hex::encode(&sealed))
}

fn open_value<T: serde::de::DeserializeOwned>(
    keys: &Keys,
    key: &str,
    text: &str,
) -> Result<T, StoreError> {
    let damaged = || StoreError::Refused {
        message: format!("the store's record of {key} cannot be read (changed outside spmp)"),
    };
    let sealed = hex::decode(text).ok_or_else(damaged)?;
    let plain = keys.open_restricted(key, &sealed).map_err(|_| damaged())?;
    serde_json::from_slice(&plain).map_err(|_| damaged())
}

/// Refuse to open an expired working set (before anything is written to it): it no longer
/// opens, and its data stays sealed.
pub(super) fn refuse_expired(
    conn: &crate::store::db::Connection,
    db: &std::path::Path,
    keys: &Keys,
) -> Result<(), StoreError> {
    if let Some(ws) = working_set_of(conn, db, keys)? {
        let today = chrono::Local::now().date_naive();
        if today > ws.expires {
            return Err(StoreError::Refused {
                message: format!(
                    "this working set expired on {}: it no longer opens; ask for a new checkout",
                    ws.expires
                ),
            });
        }
    }
    Ok(())
}

fn working_set_of(
    conn: &crate::store::db::Connection,
    db: &std::path::Path,
    keys: &Keys,
) -> Result<Option<WorkingSet>, StoreError> {
    let ctx = "reading the working set's description";
    let Some(text) = conn
        .meta_read(WORKING_SET_KEY)
        .map_err(|e| sqlite_error(e, db, ctx))?
    else {
        return Ok(None);
    };
    let damaged = || StoreError::Refused {
        message: "this working set's description has been changed outside spmp".into(),
    };
    let sealed = hex::decode(&text).ok_or_else(damaged)?;
    let plain = keys.open(WORKING_SET_KEY, &sealed).map_err(|_| damaged())?;
    serde_json::from_slice(&plain)
        .map(Some)
        .map_err(|_| damaged())
}

/// 128 random bits as hex.
fn random_id() -> Result<String, StoreError> {
    let mut bytes = [0u8; 16];
    getrandom::getrandom(&mut bytes).map_err(|e| StoreError::Refused {
        message: format!("no randomness for an id: {e}"),
    })?;
    Ok(hex::encode(&bytes))
}
