//! Digests: what the caseload keeps of each subject, sealed beside its summary (columns
//! `digest_general` and `digest_whole` of `summaries`), so opening a large store decodes a few
//! hundred bytes per subject instead of its summary.
//!
//! The store does not know what a digest holds: the caller makes it from the summary (the app
//! makes `domain::Digest` and the search values) and names how it was made with a `tag` (the
//! layout and the policy it was worked out under). A digest made under another tag, missing
//! (the record changed: the summary triggers empty the row), or failing to open is made again
//! from the summary and written back by the reader, in one transaction after the read; like
//! summaries, a digest is derived data, so a busy store or a full disk only means the next
//! open makes it again. A reader sees the digest of the summary as its role sees it: the
//! general one (sealed under the general key) is made from the summary's general half, and
//! where the summary has a restricted half, readers who may see restricted data keep their own
//! under the restricted key.
use rusqlite::{Transaction, TransactionBehavior, params};
use serde::{Serialize, de::DeserializeOwned};

use super::crypto::Keys;
use super::split::restricted_context;
use super::{Store, StoreError, Unreadable, codec, id_from_sql};
use crate::domain::{Permission, Subject, summary_of};

/// Past this many digests to make, every summary is read in one pass rather than one by one.
const READ_ALL_FROM: usize = 2_000;

/// A digest as the first pass finds it.
enum Found<T> {
    Ready(T),
    /// To be made: the row's revision, and whether the reader's digest is the restricted one.
    Missing {
        version: i64,
        whole: bool,
    },
}

impl Store {
    /// What `make` makes of every subject's summary that can be read, in id order, read from
    /// the stored digests made under `tag` and made (and stored) where there is none; with the
    /// records that cannot be read. Calls `progress(done, total)` as they are read.
    pub fn map_digests<T>(
        &self,
        tag: u64,
        make: &(dyn Fn(Subject) -> T + Sync),
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<(Vec<T>, Vec<Unreadable>), StoreError>
    where
        T: Serialize + DeserializeOwned + Send,
    {
        self.require(crate::domain::Permission::View)?;
        let whole_reader = self.session.actor.may(Permission::ViewRestricted);
        let keys = &self.session.keys;
        let total = self.count()?;
        let mut found: Vec<(i64, Found<T>)> = Vec::with_capacity(total as usize);
        let mut done = 0u64;
        // The digest this reader sees: the whole one when the summary has a restricted half
        // and the reader may see it. The fourth column says whether it is the whole one.
        let sql = format!(
            "SELECT id, version,
                    CASE WHEN {w} AND restricted IS NOT NULL THEN digest_whole
                         ELSE digest_general END,
                    CASE WHEN {w} AND restricted IS NOT NULL THEN x'01' END
             FROM summaries ORDER BY id",
            w = i32::from(whole_reader)
        );
        self.decode_rows_each(
            &sql,
            "reading digests",
            &|(id, version, digest, whole)| {
                let whole = whole.is_some();
                let ready = digest
                    .as_deref()
                    .and_then(|d| open_digest::<T>(keys, *id, *version, whole, tag, d));
                Ok(Some(match ready {
                    Some(t) => Found::Ready(t),
                    None => Found::Missing {
                        version: *version,
                        whole,
                    },
                }))
            },
            &mut |d| {
                done += 1;
                progress(done, total);
                if let Ok(Some(f)) = d.subject {
                    found.push((d.id, f));
                }
                Ok(())
            },
        )?;
        let missing: Vec<(i64, i64, bool)> = found
            .iter()
            .filter_map(|(id, f)| match f {
                Found::Missing { version, whole } => Some((*id, *version, *whole)),
                Found::Ready(_) => None,
            })
            .collect();
        if missing.is_empty() {
            let out = found
                .into_iter()
                .filter_map(|(_, f)| match f {
                    Found::Ready(t) => Some(t),
                    Found::Missing { .. } => None,
                })
                .collect();
            return Ok((out, Vec::new()));
        }
        let (mut made, unreadable) = self.make_digests(&missing, make)?;
        // Derived data: if another writer holds the store, or the disk is full, the next open
        // makes them again; nothing the user saved depends on it.
        let _ = self.write_digests(tag, &missing, &made);
        let mut out = Vec::with_capacity(found.len());
        for (id, f) in found {
            match f {
                Found::Ready(t) => out.push(t),
                Found::Missing { .. } => {
                    if let Some(t) = made.remove(&id) {
                        out.push(t);
                    }
                }
            }
        }
        Ok((out, unreadable))
    }

    /// The digests of rows `missing` made from their summaries (built from their records where
    /// missing), and the rows that cannot be read.
    fn make_digests<T: Send>(
        &self,
        missing: &[(i64, i64, bool)],
        make: &(dyn Fn(Subject) -> T + Sync),
    ) -> Result<(std::collections::HashMap<i64, T>, Vec<Unreadable>), StoreError> {
        let mut made = std::collections::HashMap::with_capacity(missing.len());
        if missing.len() >= READ_ALL_FROM {
            let wanted: std::collections::HashSet<i64> =
                missing.iter().map(|(id, _, _)| *id).collect();
            let (all, unreadable) = self.map_summaries(&|s| {
                let id = i64::try_from(s.id).ok()?;
                wanted.contains(&id).then(|| (id, make(s)))
            })?;
            made.extend(all);
            return Ok((made, unreadable));
        }
        let mut unreadable = Vec::new();
        for &(id, _, _) in missing {
            let sid = id_from_sql(id);
            let summary = match self.stored_summary(sid) {
                Ok(Some(s)) => Some(s),
                Ok(None) => match self.load_versioned(sid) {
                    Ok(s) => s.map(|(s, _)| summary_of(&s)),
                    Err(StoreError::Corrupt { id, message }) => {
                        unreadable.push(Unreadable { id, message });
                        None
                    }
                    Err(e) => return Err(e),
                },
                Err(StoreError::Corrupt { id, message }) => {
                    unreadable.push(Unreadable { id, message });
                    None
                }
                Err(e) => return Err(e),
            };
            if let Some(s) = summary {
                made.insert(id, make(s));
            }
        }
        Ok((made, unreadable))
    }

    /// Write the digests made, each for the revision it was made from.
    fn write_digests<T: Serialize>(
        &self,
        tag: u64,
        missing: &[(i64, i64, bool)],
        made: &std::collections::HashMap<i64, T>,
    ) -> Result<(), StoreError> {
        let ctx = "writing digests";
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
            .map_err(|e| self.sql(e, ctx))?;
        let whole_reader = self.session.actor.may(Permission::ViewRestricted);
        for &(id, version, whole) in missing {
            let Some(t) = made.get(&id) else { continue };
            let sealed = seal_digest(&self.session.keys, id, version, whole, tag, t)?;
            // Only over the summary it was made from: still this revision, built, and (for a
            // reader who sees restricted data) with the restricted half it was read with. A
            // digest made from a record whose summary was still to be built, or whose summary
            // gained a restricted half since, is used this once and not kept.
            let sql = match (whole, whole_reader) {
                (true, _) => {
                    "UPDATE summaries SET digest_whole = ?2 WHERE id = ?1 AND version = ?3
                     AND general IS NOT NULL AND restricted IS NOT NULL"
                }
                (false, true) => {
                    "UPDATE summaries SET digest_general = ?2 WHERE id = ?1 AND version = ?3
                     AND general IS NOT NULL AND restricted IS NULL"
                }
                (false, false) => {
                    "UPDATE summaries SET digest_general = ?2 WHERE id = ?1 AND version = ?3
                     AND general IS NOT NULL"
                }
            };
            tx.prepare_cached(sql)
                .and_then(|mut st| st.execute(params![id, sealed, version]))
                .map_err(|e| self.sql(e, ctx))?;
        }
        tx.commit().map_err(|e| self.sql(e, ctx))
    }
}

/// Where the digest of revision `version` of subject row `id` is sealed.
fn digest_context(id: i64, version: i64) -> String {
    format!("digests/{id}@{version}")
}

/// Seal `value`, made under `tag`, as the digest of row `id` at `version`: under the
/// restricted key when `whole`, else the general key.
fn seal_digest<T: Serialize>(
    keys: &Keys,
    id: i64,
    version: i64,
    whole: bool,
    tag: u64,
    value: &T,
) -> Result<Vec<u8>, StoreError> {
    let plain = codec::encode_value(&(tag, value))?;
    let context = digest_context(id, version);
    let sealed = if whole {
        keys.seal_restricted(&restricted_context(&context), &plain)
    } else {
        keys.seal(&context, &plain)
    };
    sealed.map_err(|source| StoreError::Crypto {
        what: format!("encrypting {context}"),
        source,
    })
}

/// The digest of row `id` at `version`, if it opens, decodes and was made under `tag`.
fn open_digest<T: DeserializeOwned>(
    keys: &Keys,
    id: i64,
    version: i64,
    whole: bool,
    tag: u64,
    sealed: &[u8],
) -> Option<T> {
    let context = digest_context(id, version);
    let plain = if whole {
        keys.open_restricted(&restricted_context(&context), sealed)
    } else {
        keys.open(&context, sealed)
    }
    .ok()?;
    let (made_under, value): (u64, T) = codec::decode_value(&plain).ok()?;
    (made_under == tag).then_some(value)
}
