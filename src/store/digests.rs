//! Digests: what the caseload keeps of each subject, sealed in blocks beside the summaries
//! (table `digest_blocks`), so opening a large store reads and decrypts a few hundred large
//! values instead of a summary per subject.
//!
//! The store does not know what a digest holds: the caller makes it from the summary (the app
//! makes `domain::Digest` and the search values) and names how it was made with a `tag` (the
//! layout, the release and the policy it was worked out under). A block holds the digests of
//! the subjects whose ids share `id / BLOCK`, each with the revision it was made from, sealed
//! as one value for one *view*: as every reader may see the subjects (under the general key) or
//! whole (under the restricted key, for readers who may see restricted data). A reader reads
//! its view's blocks, keeps every digest whose revision is the record's current one (told by
//! the index on `summaries(id, version)`, without reading the rows), makes the others from the
//! summaries, and writes back the blocks it had to change, in one transaction after the read.
//! Like summaries, blocks are derived data: a busy store or a full disk only means the next
//! open makes them again. Any write of a record drops its block (triggers of schema 12), so
//! nothing of a record outlives it there; a block put back from an older copy holds older
//! revisions, which are made again.
use std::collections::HashMap;

use crate::store::db::{Transaction, TransactionBehavior, params};
use serde::{Serialize, de::DeserializeOwned};

use super::crypto::Keys;
use super::split::restricted_context;
use super::{Store, StoreError, Unreadable, codec, id_from_sql};
use crate::domain::{Permission, Subject, summary_of};

/// Subjects per block (by id). Also in the triggers of schema 12.
const BLOCK: i64 = 256;

/// Past this many digests to make, every summary is read in one pass rather than one by one.
const READ_ALL_FROM: usize = 2_000;

/// One subject's digest in a block: its row id, the revision it was made from, the digest.
type Entry<T> = (i64, i64, T);

impl Store {
    /// What `make` makes of every subject's summary that can be read, in id order, read from
    /// the stored digests made under `tag` and made (and stored) where there is none for the
    /// record's current revision; with the records that cannot be read. Calls
    /// `progress(done, total)` as the blocks are read (in subjects).
    pub fn map_digests<T>(
        &self,
        tag: u64,
        make: &(dyn Fn(Subject) -> T + Sync),
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<(Vec<T>, Vec<Unreadable>), StoreError>
    where
        T: Serialize + DeserializeOwned + Send + Clone,
    {
        self.map_digests_kept(tag, make, &Some, progress)
    }

    /// [`Store::map_digests`], each digest handed to `keep` as it is read (on the decoding
    /// threads for a block whose every entry is current; the others here, the ones made from
    /// summaries last), and only what `keep` returns held: `spmp queue` keeps its entries,
    /// never the digests; the app its triages.
    pub fn map_digests_kept<T, U>(
        &self,
        tag: u64,
        make: &(dyn Fn(Subject) -> T + Sync),
        keep: &(dyn Fn(T) -> Option<U> + Sync),
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<(Vec<U>, Vec<Unreadable>), StoreError>
    where
        T: Serialize + DeserializeOwned + Send + Clone,
        U: Send,
    {
        self.require(Permission::View)?;
        let whole = self.session.actor.may(Permission::ViewRestricted);
        let view = i64::from(whole);
        let keys = &self.session.keys;
        let current = self.revisions_by_row()?;
        let total = current.len() as u64;
        let mut read = Read {
            current: &current,
            at: 0,
            slots: Vec::with_capacity(current.len()),
            dirty: Vec::new(),
            keep,
        };
        self.decode_rows_each_in(
            1,
            &format!(
                "SELECT block, 0, payload, NULL FROM digest_blocks WHERE view = {view}
                 ORDER BY block"
            ),
            "reading digests",
            &|(block, _, payload, _)| {
                let entries = payload
                    .as_deref()
                    .and_then(|p| open_block::<T>(keys, *block, whole, tag, p));
                Ok(Some(match entries {
                    Some(e) if current_in(&current, *block, &e) => Got::Current(
                        e.into_iter()
                            .map(|(id, version, t)| (id, version, keep(t)))
                            .collect(),
                    ),
                    other => Got::Stored(other),
                }))
            },
            &mut |d| {
                match d.subject {
                    Ok(Some(Got::Current(kept))) => read.current_block(d.id, kept),
                    Ok(Some(Got::Stored(entries))) => read.block(d.id, entries),
                    _ => return Ok(()),
                }
                progress(read.at as u64, total);
                Ok(())
            },
        )?;
        read.rest();
        let Read {
            mut slots,
            dirty,
            keep,
            ..
        } = read;
        if dirty.is_empty() {
            let out = slots.into_iter().filter_map(|s| s.kept).collect();
            return Ok((out, Vec::new()));
        }

        let missing: Vec<i64> = slots.iter().filter(|s| s.missing).map(|s| s.id).collect();
        // Made again from the summaries (after an upgrade, a new release or another policy:
        // every block at once), the reading of them reported as the blocks' was.
        let (mut made, unreadable) = self.make_digests(&missing, make, progress)?;
        let mut blocks: std::collections::BTreeMap<i64, Vec<Entry<T>>> =
            dirty.into_iter().collect();
        for slot in slots.iter_mut().filter(|s| s.missing) {
            if let Some(t) = made.remove(&slot.id) {
                if let Some(entries) = blocks.get_mut(&slot.id.div_euclid(BLOCK)) {
                    entries.push((slot.id, slot.version, t.clone()));
                }
                slot.kept = keep(t);
            }
        }
        // Derived data: if another writer holds the store, or the disk is full, the next open
        // makes them again; nothing the user saved depends on it.
        let _ = self.write_blocks(tag, view, blocks);
        let out = slots.into_iter().filter_map(|s| s.kept).collect();
        Ok((out, unreadable))
    }

    /// Every subject's row id and current revision, in id order (from the index, not the rows).
    fn revisions_by_row(&self) -> Result<Vec<(i64, i64)>, StoreError> {
        let ctx = "reading the revisions";
        let mut stmt = self
            .conn
            .prepare("SELECT id, version FROM summaries INDEXED BY summaries_revisions ORDER BY id")
            .map_err(|e| self.sql(e, ctx))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(|e| self.sql(e, ctx))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.sql(e, ctx))
    }

    /// The digests of rows `missing` made from their summaries (built from their records where
    /// missing), and the rows that cannot be read; `progress(done, total)` as every summary
    /// is read when so many are missing that all are.
    fn make_digests<T: Send>(
        &self,
        missing: &[i64],
        make: &(dyn Fn(Subject) -> T + Sync),
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<(HashMap<i64, T>, Vec<Unreadable>), StoreError> {
        let mut made = HashMap::with_capacity(missing.len());
        if missing.len() >= READ_ALL_FROM {
            let wanted: std::collections::HashSet<i64> = missing.iter().copied().collect();
            let (all, unreadable) = self.map_summaries_with(
                &|s| {
                    let id = i64::try_from(s.id).ok()?;
                    wanted.contains(&id).then(|| (id, make(s)))
                },
                progress,
            )?;
            made.extend(all);
            return Ok((made, unreadable));
        }
        let mut unreadable = Vec::new();
        for &id in missing {
            let sid = id_from_sql(id);
            let summary = match self.stored_summary(sid) {
                Ok(Some(s)) => Ok(Some(s)),
                Ok(None) => self
                    .load_versioned(sid)
                    .map(|s| s.map(|(s, _)| summary_of(&s))),
                Err(e) => Err(e),
            };
            match summary {
                Ok(Some(s)) => {
                    made.insert(id, make(s));
                }
                Ok(None) => {}
                Err(StoreError::Corrupt { id, message }) => {
                    unreadable.push(Unreadable { id, message })
                }
                Err(e) => return Err(e),
            }
        }
        Ok((made, unreadable))
    }

    /// Write `blocks` of `view` again, each with its entries (in any order); a block with no
    /// entry left is removed.
    fn write_blocks<T: Serialize>(
        &self,
        tag: u64,
        view: i64,
        blocks: std::collections::BTreeMap<i64, Vec<Entry<T>>>,
    ) -> Result<(), StoreError> {
        let ctx = "writing digests";
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
            .map_err(|e| self.sql(e, ctx))?;
        for (block, mut entries) in blocks {
            if entries.is_empty() {
                tx.prepare_cached("DELETE FROM digest_blocks WHERE block = ?1 AND view = ?2")
                    .and_then(|mut st| st.execute(params![block, view]))
                    .map_err(|e| self.sql(e, ctx))?;
                continue;
            }
            entries.sort_by_key(|(id, _, _)| *id);
            let sealed = seal_block(&self.session.keys, block, view == 1, tag, &entries)?;
            tx.prepare_cached(
                "INSERT INTO digest_blocks (block, view, payload) VALUES (?1, ?2, ?3)
                 ON CONFLICT (block, view) DO UPDATE SET payload = excluded.payload",
            )
            .and_then(|mut st| st.execute(params![block, view, sealed]))
            .map_err(|e| self.sql(e, ctx))?;
        }
        tx.commit().map_err(|e| self.sql(e, ctx))
    }
}

/// One subject as the blocks are read: kept (what `keep` made of its digest), or missing (its
/// digest to be made from its summary).
struct Slot<U> {
    id: i64,
    version: i64,
    kept: Option<U>,
    missing: bool,
}

/// The reading of a view's blocks, in block order, against every record's current revision.
struct Read<'a, T, U> {
    /// Every subject's row id and revision, in id order.
    current: &'a [(i64, i64)],
    /// How many of `current` have a slot.
    at: usize,
    slots: Vec<Slot<U>>,
    /// Blocks to write again, with the entries of theirs that are still right.
    dirty: Vec<(i64, Vec<Entry<T>>)>,
    keep: &'a (dyn Fn(T) -> Option<U> + Sync),
}

/// A block as the decoding threads hand it on: every entry current, already kept; or as
/// stored (`None`: it does not open or was made under another tag), to be sorted out here.
enum Got<T, U> {
    Current(Vec<(i64, i64, Option<U>)>),
    Stored(Option<Vec<Entry<T>>>),
}

/// Whether `entries` are exactly the subjects of `block` in `current`, each at its revision.
fn current_in<T>(current: &[(i64, i64)], block: i64, entries: &[Entry<T>]) -> bool {
    let from = current.partition_point(|(id, _)| id.div_euclid(BLOCK) < block);
    let to = current.partition_point(|(id, _)| id.div_euclid(BLOCK) <= block);
    let wanted = &current[from..to];
    wanted.len() == entries.len()
        && wanted
            .iter()
            .zip(entries)
            .all(|((id, v), (e, ev, _))| id == e && v == ev)
}

impl<T: Clone, U> Read<'_, T, U> {
    /// Block `block`, every entry current and kept on the decoding threads.
    fn current_block(&mut self, block: i64, kept: Vec<(i64, i64, Option<U>)>) {
        self.before(block);
        self.at = self.end_of(block);
        self.slots
            .extend(kept.into_iter().map(|(id, version, kept)| Slot {
                id,
                version,
                kept,
                missing: false,
            }));
    }

    /// Block `block` as stored (`None`: it does not open or was made under another tag).
    fn block(&mut self, block: i64, entries: Option<Vec<Entry<T>>>) {
        self.before(block);
        let end = self.end_of(block);
        let wanted = &self.current[self.at..end];
        let mut stale = entries.is_none();
        let mut entries = entries.unwrap_or_default().into_iter().peekable();
        let mut right: Vec<Entry<T>> = Vec::new();
        let mut slots = Vec::with_capacity(wanted.len());
        for &(id, version) in wanted {
            while entries.peek().is_some_and(|(e, _, _)| *e < id) {
                entries.next();
                stale = true;
            }
            match entries.next_if(|(e, v, _)| *e == id && *v == version) {
                Some(entry) => {
                    right.push(entry);
                    slots.push(Slot {
                        id,
                        version,
                        kept: None,
                        missing: false,
                    });
                }
                None => {
                    stale = true;
                    slots.push(Slot {
                        id,
                        version,
                        kept: None,
                        missing: true,
                    });
                }
            }
        }
        stale |= entries.next().is_some();
        if stale {
            self.dirty.push((block, right.clone()));
        }
        let mut right = right.into_iter();
        for slot in &mut slots {
            if !slot.missing {
                slot.kept = right.next().and_then(|(_, _, t)| (self.keep)(t));
            }
        }
        self.slots.extend(slots);
        self.at = end;
    }

    /// The subjects of blocks before `block` that had none stored: to be made.
    fn before(&mut self, block: i64) {
        while self.at < self.current.len() {
            let b = self.current[self.at].0.div_euclid(BLOCK);
            if b >= block {
                return;
            }
            let end = self.end_of(b);
            self.missing_block(b, end);
        }
    }

    /// The subjects after the last block stored: to be made.
    fn rest(&mut self) {
        self.before(i64::MAX);
    }

    fn missing_block(&mut self, block: i64, end: usize) {
        for &(id, version) in &self.current[self.at..end] {
            self.slots.push(Slot {
                id,
                version,
                kept: None,
                missing: true,
            });
        }
        self.dirty.push((block, Vec::new()));
        self.at = end;
    }

    /// Where the subjects of `block` end in `current` (from `at`).
    fn end_of(&self, block: i64) -> usize {
        self.current[self.at..]
            .iter()
            .position(|(id, _)| id.div_euclid(BLOCK) != block)
            .map_or(self.current.len(), |n| self.at + n)
    }
}

/// Where block `block` of a view is sealed (the whole view at `.../restricted`).
fn block_context(block: i64) -> String {
    format!("digests/{block}")
}

/// Seal `entries`, made under `tag`, as block `block`: under the restricted key when `whole`,
/// else the general key.
fn seal_block<T: Serialize>(
    keys: &Keys,
    block: i64,
    whole: bool,
    tag: u64,
    entries: &[Entry<T>],
) -> Result<Vec<u8>, StoreError> {
    let plain = zeroize::Zeroizing::new(codec::encode_value(&(tag, entries))?);
    let context = block_context(block);
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

/// The entries of block `block`, in id order, if it opens, decodes and was made under `tag`.
fn open_block<T: DeserializeOwned>(
    keys: &Keys,
    block: i64,
    whole: bool,
    tag: u64,
    sealed: &[u8],
) -> Option<Vec<Entry<T>>> {
    let context = block_context(block);
    let plain = if whole {
        keys.open_restricted(&restricted_context(&context), sealed)
    } else {
        keys.open(&context, sealed)
    }
    .ok()?;
    let (made_under, mut entries): (u64, Vec<Entry<T>>) = codec::decode_value(&plain).ok()?;
    if made_under != tag {
        return None;
    }
    // In id order, one each, all of this block: anything else is not a block this store wrote.
    entries.dedup_by_key(|(id, _, _)| *id);
    let ordered = entries.windows(2).all(|w| w[0].0 < w[1].0)
        && entries
            .iter()
            .all(|(id, _, _)| id.div_euclid(BLOCK) == block);
    ordered.then_some(entries)
}
