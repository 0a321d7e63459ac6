//! Drafts: the unsaved contents of a form, kept durably under a typed [`DraftKey`] so a crash or
//! a closed terminal does not lose typing. The payload is opaque bytes to the store (sealed
//! under the data key); the app decides what it holds. Drafts belong to the user who typed them:
//! each user sees only their own. The subject a draft is about is a column of its own
//! (`drafts.subject_id`), so erasing a subject deletes its drafts by id.
use chrono::NaiveDateTime;
use rusqlite::params;

use super::error::sqlite_error;
use super::history::{local_now_text, parse_time};
use super::{Store, StoreError, begin};
use crate::domain::{DraftKey, Permission};

/// One stored draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub key: DraftKey,
    /// Local time of the last [`Store::put_draft`] for this key.
    pub updated: NaiveDateTime,
    pub payload: Vec<u8>,
}

impl Store {
    /// Store (or replace) the draft under `key`, in its own IMMEDIATE transaction; returns after
    /// the COMMIT, so the draft survives a crash.
    pub fn put_draft(&mut self, key: &DraftKey, payload: &[u8]) -> Result<(), StoreError> {
        self.require(Permission::Edit)?;
        let ctx = "saving a draft";
        let db = self.db.clone();
        let subject = key.subject().map(super::id_to_sql).transpose()?;
        let key = self.draft_key(key);
        // Drafts hold what editors type, restricted values included: restricted key only.
        let context = draft_context(&key);
        let payload = self
            .session
            .keys
            .seal_restricted(&context, payload)
            .map_err(|source| StoreError::Crypto {
                what: format!("encrypting {context}"),
                source,
            })?;
        let tx = begin(&mut self.conn).map_err(|e| sqlite_error(e, &db, ctx))?;
        tx.execute(
            "INSERT INTO drafts (key, updated, payload, subject_id) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(key) DO UPDATE SET updated = excluded.updated,
                 payload = excluded.payload, subject_id = excluded.subject_id",
            params![key, local_now_text(), payload, subject],
        )
        .map_err(|e| sqlite_error(e, &db, ctx))?;
        tx.commit().map_err(|e| sqlite_error(e, &db, ctx))
    }

    /// [`Store::put_draft`], waiting at most `wait` for another writer (instead of the store's
    /// busy timeout) so a draft written while the user types never stalls the screen.
    pub fn put_draft_within(
        &mut self,
        key: &DraftKey,
        payload: &[u8],
        wait: std::time::Duration,
    ) -> Result<(), StoreError> {
        let ctx = "saving a draft";
        let db = self.db.clone();
        self.conn
            .busy_timeout(wait)
            .map_err(|e| sqlite_error(e, &db, ctx))?;
        let result = self.put_draft(key, payload);
        self.conn
            .busy_timeout(self.busy_timeout)
            .map_err(|e| sqlite_error(e, &db, ctx))?;
        result
    }

    /// The current user's drafts, oldest first (by last update, then key). Users who may not
    /// edit have none. A draft whose key, time or seal cannot be read is
    /// [`StoreError::CorruptDraft`] (see [`Store::drafts_checked`] to go on past it).
    pub fn drafts(&self) -> Result<Vec<Draft>, StoreError> {
        let (drafts, mut faults) = self.drafts_checked()?;
        match faults.drain(..).next() {
            Some(fault) => Err(fault),
            None => Ok(drafts),
        }
    }

    /// [`Store::drafts`], with every draft that cannot be read given apart instead of stopping
    /// the list: one damaged row never hides the others (or stops the app opening).
    pub fn drafts_checked(&self) -> Result<(Vec<Draft>, Vec<StoreError>), StoreError> {
        if self.require(Permission::Edit).is_err() {
            return Ok((Vec::new(), Vec::new()));
        }
        let ctx = "reading drafts";
        let prefix = self.draft_prefix();
        let mut stmt = self
            .conn
            .prepare(
                "SELECT key, updated, payload FROM drafts WHERE substr(key, 1, length(?1)) = ?1
                 ORDER BY updated, key",
            )
            .map_err(|e| self.sql(e, ctx))?;
        let rows = stmt
            .query_map(rusqlite::params![prefix], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Vec<u8>>(2)?,
                ))
            })
            .map_err(|e| self.sql(e, ctx))?;
        let mut out = Vec::new();
        let mut faults = Vec::new();
        for row in rows {
            let (stored_key, updated, sealed) = row.map_err(|e| self.sql(e, ctx))?;
            let text = stored_key
                .get(prefix.len()..)
                .unwrap_or_default()
                .to_string();
            let fault = |message: String| StoreError::CorruptDraft {
                key: text.clone(),
                message,
            };
            let Some(key) = DraftKey::decode(&text) else {
                faults.push(fault("not a draft key this spmp writes".to_string()));
                continue;
            };
            let payload = match open_draft(&self.session.keys, &stored_key, &sealed) {
                Ok(p) => p,
                Err(e) => {
                    faults.push(fault(e.to_string()));
                    continue;
                }
            };
            match parse_time(&updated) {
                Ok(updated) => out.push(Draft {
                    key,
                    updated,
                    payload: payload.to_vec(),
                }),
                Err(message) => faults.push(fault(message)),
            }
        }
        Ok((out, faults))
    }

    /// Remove the current user's draft stored under the key text `key` (as
    /// [`StoreError::CorruptDraft`] names it: a draft whose key no longer decodes can still be
    /// removed). Nothing happens if there is none.
    pub fn delete_draft_text(&mut self, key: &str) -> Result<(), StoreError> {
        self.require(Permission::Edit)?;
        let ctx = "deleting a draft";
        let db = self.db.clone();
        let stored = format!("{}{key}", self.draft_prefix());
        let tx = begin(&mut self.conn).map_err(|e| sqlite_error(e, &db, ctx))?;
        tx.execute("DELETE FROM drafts WHERE key = ?1", [&stored])
            .map_err(|e| sqlite_error(e, &db, ctx))?;
        tx.commit().map_err(|e| sqlite_error(e, &db, ctx))
    }

    /// Remove the draft under `key` (nothing happens if there is none).
    pub fn delete_draft(&mut self, key: &DraftKey) -> Result<(), StoreError> {
        self.require(Permission::Edit)?;
        let ctx = "deleting a draft";
        let db = self.db.clone();
        let key = self.draft_key(key);
        let tx = begin(&mut self.conn).map_err(|e| sqlite_error(e, &db, ctx))?;
        tx.execute("DELETE FROM drafts WHERE key = ?1", [&key])
            .map_err(|e| sqlite_error(e, &db, ctx))?;
        tx.commit().map_err(|e| sqlite_error(e, &db, ctx))
    }
}

impl Store {
    /// The stored key of the current user's draft `key`.
    fn draft_key(&self, key: &DraftKey) -> String {
        format!("{}\u{1f}{}", self.session.actor.name, key.encode())
    }

    /// What every stored key of the current user starts with.
    fn draft_prefix(&self) -> String {
        format!("{}\u{1f}", self.session.actor.name)
    }
}

/// Open a draft: under the restricted key (a draft kept before the store was split by role,
/// under the general key, is read too).
pub(super) fn open_draft(
    keys: &super::crypto::Keys,
    stored_key: &str,
    sealed: &[u8],
) -> Result<zeroize::Zeroizing<Vec<u8>>, super::crypto::CryptoError> {
    let context = draft_context(stored_key);
    keys.open_restricted(&context, sealed)
        .or_else(|_| keys.open(&context, sealed))
}

/// Where a draft is sealed.
pub(super) fn draft_context(stored_key: &str) -> String {
    format!("drafts/{stored_key}")
}
