//! Drafts: the unsaved contents of a form, kept durably under a typed [`DraftKey`] so a crash or
//! a closed terminal does not lose typing. The payload is opaque bytes to the store (sealed
//! under the data key); the app decides what it holds. Drafts belong to the user who typed them:
//! each user sees only their own.
//!
//! The row's key names nobody: `h:{owner}:{subject}:{key}`, three keyed references
//! ([`super::crypto::Keys::reference`]) to the user, the subject (`-` for none) and the draft
//! key, so the file does not show who drafted what about whom. The draft key itself is sealed
//! with the payload (`[u16 LE length][key][payload]`). Erasing a subject deletes its drafts by the
//! subject's reference. Rows written before (`{user}\u{1f}{key}`, with `subject_id` set) are read
//! as they were and converted at the next login ([`convert_legacy`]).
use crate::store::db::{Connection, params};
use chrono::NaiveDateTime;

use super::crypto::Keys;
use super::error::sqlite_error;
use super::history::{local_now_text, parse_time};
use super::{Store, StoreError, begin, seal};
use crate::domain::{DraftKey, Permission, SubjectId};

mod offline;
pub(crate) use offline::default_offline_dir;

/// One stored draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub key: DraftKey,
    /// Local time of the last [`Store::put_draft`] for this key.
    pub updated: NaiveDateTime,
    pub payload: Vec<u8>,
}

/// The keyed reference to `user`'s drafts.
pub(super) fn owner_ref(keys: &Keys, user: &str) -> String {
    keys.reference(&[b"draft owner", user.as_bytes()])
}

/// The keyed reference to a subject's drafts (for erasure).
pub(crate) fn subject_ref(keys: &Keys, subject: Option<SubjectId>) -> String {
    match subject {
        Some(id) => keys.reference(&[b"draft subject", &id.to_le_bytes()]),
        None => "-".to_string(),
    }
}

/// The stored row key of `user`'s draft `key`.
fn row_key(keys: &Keys, user: &str, key: &DraftKey) -> String {
    let encoded = key.encode();
    format!(
        "h:{}:{}:{}",
        owner_ref(keys, user),
        subject_ref(keys, key.subject()),
        keys.reference(&[b"draft key", user.as_bytes(), encoded.as_bytes()])
    )
}

/// The key as rows written before keyed references stored it.
fn legacy_key(user: &str, key: &DraftKey) -> String {
    format!("{user}\u{1f}{}", key.encode())
}

/// Whether a stored row key is the keyed form (else a row written before).
fn is_keyed(stored: &str) -> bool {
    stored.starts_with("h:") && stored.split(':').count() == 4
}

/// The sealed plaintext: the draft key, then the payload.
fn pack(key: &DraftKey, payload: &[u8]) -> Vec<u8> {
    let encoded = key.encode();
    let len = u16::try_from(encoded.len()).unwrap_or(u16::MAX);
    let mut out = len.to_le_bytes().to_vec();
    out.extend_from_slice(&encoded.as_bytes()[..usize::from(len)]);
    out.extend_from_slice(payload);
    out
}

/// [`pack`] read back: the key's text and the payload.
fn unpack(plain: &[u8]) -> Option<(String, Vec<u8>)> {
    let (len, rest) = plain.split_first_chunk::<2>()?;
    let len = usize::from(u16::from_le_bytes(*len));
    let key = std::str::from_utf8(rest.get(..len)?).ok()?.to_string();
    Some((key, rest.get(len..)?.to_vec()))
}

/// Rewrite every draft row written before keyed references (`{user}\u{1f}{key}`) in the keyed
/// form, in one transaction, after a login (the references need the data key). A row that does
/// not open or whose key is not one this spmp writes is left as it is (its owner sees it as
/// unreadable). Returns how many rows were converted.
pub(crate) fn convert_legacy(
    conn: &mut Connection,
    db: &std::path::Path,
    keys: &Keys,
) -> Result<usize, StoreError> {
    let ctx = "converting drafts";
    let rows: Vec<(String, String, Vec<u8>)> = {
        let mut stmt = conn
            .prepare("SELECT key, updated, payload FROM drafts WHERE key NOT LIKE 'h:%'")
            .map_err(|e| sqlite_error(e, db, ctx))?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .map_err(|e| sqlite_error(e, db, ctx))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| sqlite_error(e, db, ctx))?
    };
    if rows.is_empty() {
        return Ok(0);
    }
    let tx = begin(conn).map_err(|e| sqlite_error(e, db, ctx))?;
    let mut done = 0;
    for (stored, updated, sealed) in rows {
        let Some((user, text)) = stored.split_once('\u{1f}') else {
            continue;
        };
        let Some(key) = DraftKey::decode(text) else {
            continue;
        };
        let Ok(payload) = open_draft(keys, &stored, &sealed) else {
            continue;
        };
        let new_key = row_key(keys, user, &key);
        let resealed = seal_draft(keys, &draft_context(&new_key), &pack(&key, &payload))?;
        tx.execute("DELETE FROM drafts WHERE key = ?1", [&stored])
            .map_err(|e| sqlite_error(e, db, ctx))?;
        tx.execute(
            "INSERT INTO drafts (key, updated, payload, subject_id) VALUES (?1, ?2, ?3, NULL)
             ON CONFLICT(key) DO NOTHING",
            params![new_key, updated, resealed],
        )
        .map_err(|e| sqlite_error(e, db, ctx))?;
        done += 1;
    }
    tx.commit().map_err(|e| sqlite_error(e, db, ctx))?;
    Ok(done)
}

impl Store {
    /// Store (or replace) the draft under `key`, in its own IMMEDIATE transaction; returns after
    /// the COMMIT, so the draft survives a crash. On a server store that cannot be reached the
    /// sealed draft is kept on this workstation instead ([`offline`]), and written to the
    /// server when it is back.
    pub fn put_draft(&mut self, key: &DraftKey, payload: &[u8]) -> Result<(), StoreError> {
        self.require(Permission::Edit)?;
        let db = self.db.clone();
        let user = self.session.actor.name.clone();
        let keys = &self.session.keys;
        let stored = row_key(keys, &user, key);
        // Drafts hold what editors type, restricted values included: restricted key only.
        let payload = seal_draft(keys, &draft_context(&stored), &pack(key, payload))?;
        let updated = local_now_text();
        let written = write_draft(
            &mut self.conn,
            &db,
            &legacy_key(&user, key),
            &stored,
            &updated,
            &payload,
        );
        match written {
            // The server is away: the draft waits here, sealed, until it is back.
            Err(lost @ StoreError::Server { .. }) => {
                let kept = offline::Kept {
                    stored,
                    updated,
                    sealed: payload,
                };
                if self.keep_offline(&kept) {
                    Ok(())
                } else {
                    Err(lost)
                }
            }
            Err(e) => Err(e),
            Ok(()) => {
                // This draft's kept copy is older; others kept while the server was away go
                // now that it is back (a failure leaves them kept for the next time).
                self.forget_offline(&stored);
                if self.offline_drafts_waiting() > 0 {
                    let _ = self.save_offline_drafts();
                }
                Ok(())
            }
        }
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
        // A server that cannot be reached does not stop the draft: it is kept here.
        let lost = |e: crate::store::db::Error| match sqlite_error(e, &db, ctx) {
            StoreError::Server { .. } => Ok(()),
            other => Err(other),
        };
        self.conn.busy_timeout(wait).or_else(lost)?;
        let result = self.put_draft(key, payload);
        self.conn
            .busy_timeout(self.opts.busy_timeout)
            .or_else(lost)?;
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
        let legacy_prefix = self.draft_prefix();
        let keyed_prefix = format!(
            "h:{}:",
            owner_ref(&self.session.keys, &self.session.actor.name)
        );
        let mut stmt = self
            .conn
            .prepare(
                "SELECT key, updated, payload FROM drafts
                 WHERE substr(key, 1, length(?1)) = ?1 OR substr(key, 1, length(?2)) = ?2",
            )
            .map_err(|e| self.sql(e, ctx))?;
        let rows = stmt
            .query_map(
                crate::store::db::params![legacy_prefix, keyed_prefix],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, Vec<u8>>(2)?,
                    ))
                },
            )
            .map_err(|e| self.sql(e, ctx))?;
        let mut out = Vec::new();
        let mut faults = Vec::new();
        for row in rows {
            let (stored_key, updated, sealed) = row.map_err(|e| self.sql(e, ctx))?;
            let keyed = is_keyed(&stored_key);
            // A keyed row names its draft only inside the seal: until it opens, the fault names
            // the row by its reference.
            let shown = if keyed {
                stored_key.clone()
            } else {
                stored_key
                    .get(legacy_prefix.len()..)
                    .unwrap_or_default()
                    .to_string()
            };
            let fault = |key: &str, message: String| StoreError::CorruptDraft {
                key: key.to_string(),
                message,
            };
            let plain = match open_draft(&self.session.keys, &stored_key, &sealed) {
                Ok(p) => p,
                Err(e) => {
                    faults.push(fault(&shown, e.to_string()));
                    continue;
                }
            };
            let (text, payload) = if keyed {
                match unpack(&plain) {
                    Some(parts) => parts,
                    None => {
                        faults.push(fault(&shown, "the sealed draft is cut short".to_string()));
                        continue;
                    }
                }
            } else {
                (shown.clone(), plain.to_vec())
            };
            let Some(key) = DraftKey::decode(&text) else {
                faults.push(fault(&text, "not a draft key this spmp writes".to_string()));
                continue;
            };
            match parse_time(&updated) {
                Ok(updated) => out.push(Draft {
                    key,
                    updated,
                    payload,
                }),
                Err(message) => faults.push(fault(&text, message)),
            }
        }
        // Oldest first, as the rows' keys no longer sort by draft.
        out.sort_by(|a, b| {
            a.updated
                .cmp(&b.updated)
                .then_with(|| a.key.encode().cmp(&b.key.encode()))
        });
        Ok((out, faults))
    }

    /// Remove the current user's draft stored under the key text `key` (as
    /// [`StoreError::CorruptDraft`] names it: a draft whose key no longer decodes can still be
    /// removed). Nothing happens if there is none.
    pub fn delete_draft_text(&mut self, key: &str) -> Result<(), StoreError> {
        self.require(Permission::Edit)?;
        let ctx = "deleting a draft";
        let db = self.db.clone();
        // A keyed row is named by its whole row key; an older row by its key after the user.
        let stored = if is_keyed(key) {
            key.to_string()
        } else {
            format!("{}{key}", self.draft_prefix())
        };
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
        let user = self.session.actor.name.clone();
        let stored = row_key(&self.session.keys, &user, key);
        let legacy = legacy_key(&user, key);
        self.forget_offline(&stored);
        let tx = begin(&mut self.conn).map_err(|e| sqlite_error(e, &db, ctx))?;
        tx.execute(
            "DELETE FROM drafts WHERE key IN (?1, ?2)",
            [&stored, &legacy],
        )
        .map_err(|e| sqlite_error(e, &db, ctx))?;
        tx.commit().map_err(|e| sqlite_error(e, &db, ctx))
    }
}

impl Store {
    /// What every stored key of the current user's rows written before keyed references
    /// starts with.
    fn draft_prefix(&self) -> String {
        format!("{}\u{1f}", self.session.actor.name)
    }
}

/// Write draft row `stored` in its own transaction, removing the same draft's older row.
fn write_draft(
    conn: &mut Connection,
    db: &std::path::Path,
    legacy: &str,
    stored: &str,
    updated: &str,
    sealed: &[u8],
) -> Result<(), StoreError> {
    let ctx = "saving a draft";
    let tx = begin(conn).map_err(|e| sqlite_error(e, db, ctx))?;
    // The same draft as an older row, if one was left unconverted.
    tx.execute("DELETE FROM drafts WHERE key = ?1", [legacy])
        .map_err(|e| sqlite_error(e, db, ctx))?;
    tx.execute(
        "INSERT INTO drafts (key, updated, payload, subject_id) VALUES (?1, ?2, ?3, NULL)
         ON CONFLICT(key) DO UPDATE SET updated = excluded.updated,
             payload = excluded.payload",
        params![stored, updated, sealed],
    )
    .map_err(|e| sqlite_error(e, db, ctx))?;
    tx.commit().map_err(|e| sqlite_error(e, db, ctx))
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

/// Open draft row `stored`: the draft key's text and the payload, for keyed rows (the key is
/// sealed with the payload) and older rows (the key after the user) alike.
pub(super) fn open_row(
    keys: &Keys,
    stored: &str,
    sealed: &[u8],
) -> Result<(String, Vec<u8>), String> {
    let plain = open_draft(keys, stored, sealed).map_err(|e| e.to_string())?;
    if is_keyed(stored) {
        unpack(&plain).ok_or_else(|| "the sealed draft is cut short".to_string())
    } else {
        let text = stored.split_once('\u{1f}').map_or(stored, |(_, k)| k);
        Ok((text.to_string(), plain.to_vec()))
    }
}

/// Seal a draft's bytes: under the restricted key when these keys hold it (every editor's do),
/// else under the general key.
fn seal_draft(keys: &Keys, context: &str, plain: &[u8]) -> Result<Vec<u8>, StoreError> {
    if keys.has_restricted() {
        keys.seal_restricted(context, plain)
            .map_err(|source| StoreError::Crypto {
                what: format!("encrypting {context}"),
                source,
            })
    } else {
        seal(keys, context, plain)
    }
}

/// Where a draft is sealed.
pub(super) fn draft_context(stored_key: &str) -> String {
    format!("drafts/{stored_key}")
}
