//! Reading subjects: all of them (decoded on several threads, one unreadable record set apart,
//! never stopping the rest), one, or one with its revision. Each record opens at its row and
//! revision, whole for readers who may see restricted data (see `split.rs`).
use crate::store::db::OptionalExtension;

use super::crypto::Keys;
use super::{Store, StoreError, Unreadable, id_from_sql, id_to_sql, split};
use crate::domain::{Permission, Subject, SubjectId};

impl Store {
    /// Every subject, ordered by id. Fails with [`StoreError::Corrupt`] on the first record that
    /// does not decode (see [`Store::load_all_checked`] to go on past it, and [`Store::verify`]
    /// to list every fault).
    pub fn load_all(&self) -> Result<Vec<Subject>, StoreError> {
        let (subjects, mut unreadable) = self.load_all_checked()?;
        match unreadable.drain(..).next() {
            Some(u) => Err(StoreError::Corrupt {
                id: u.id,
                message: u.message,
            }),
            None => Ok(subjects),
        }
    }

    /// Every subject that can be read, ordered by id, and every record that cannot (it fails
    /// to open or decode): one damaged record is set apart, never hiding the others.
    pub fn load_all_checked(&self) -> Result<(Vec<Subject>, Vec<Unreadable>), StoreError> {
        self.require(Permission::View)?;
        let restricted = !self.session.actor.may(Permission::ViewRestricted);
        let keys = &self.session.keys;
        let decoded = self.decode_rows(
            "SELECT id, version, payload, restricted FROM subjects ORDER BY id",
            "loading subjects",
            &|(id, v, p, r)| {
                let p = p.as_deref().unwrap_or_default();
                decode_row(keys, *id, *v, p, r.as_deref(), restricted).map(Some)
            },
        )?;
        Ok(split_decoded(decoded))
    }

    /// Every subject that can be read, in id order, handed to `each` one at a time as they are
    /// decoded (as [`Store::load_all_checked`] reads them, never holding them all): returns the
    /// records that cannot be read. An error from `each` stops the reading and is returned as
    /// [`StoreError::Refused`].
    pub fn each_subject(
        &self,
        each: &mut dyn FnMut(Subject) -> Result<(), String>,
    ) -> Result<Vec<Unreadable>, StoreError> {
        self.each_subject_mapped(&Ok, each)
    }

    /// [`Store::each_subject`] handing on what `map` makes of each subject, `map` running on
    /// the decoding threads (the JSON export writes each subject's text there). An error from
    /// `map` stops the reading as one from `each` does.
    pub fn each_subject_mapped<T: Send>(
        &self,
        map: &(dyn Fn(Subject) -> Result<T, String> + Sync),
        each: &mut dyn FnMut(T) -> Result<(), String>,
    ) -> Result<Vec<Unreadable>, StoreError> {
        self.require(Permission::View)?;
        let restricted = !self.session.actor.may(Permission::ViewRestricted);
        let keys = &self.session.keys;
        let mut unreadable = Vec::new();
        self.decode_rows_each(
            "SELECT id, version, payload, restricted FROM subjects ORDER BY id",
            "reading subjects",
            &|(id, v, p, r)| {
                let p = p.as_deref().unwrap_or_default();
                decode_row(keys, *id, *v, p, r.as_deref(), restricted).map(|s| Some(map(s)))
            },
            &mut |d| match d.subject {
                Ok(Some(s)) => s
                    .and_then(&mut *each)
                    .map_err(|message| StoreError::Refused { message }),
                Ok(None) => Ok(()),
                Err(u) => {
                    unreadable.push(u);
                    Ok(())
                }
            },
        )?;
        Ok(unreadable)
    }

    /// Run `sql` (selecting id, revision, general half, restricted half) and decode each row
    /// with `decode` on several threads, in row order. `Ok(None)` is a row with nothing to
    /// decode.
    pub(super) fn decode_rows(
        &self,
        sql: &str,
        ctx: &str,
        decode: &(dyn Fn(&Row) -> Result<Option<Subject>, StoreError> + Sync),
    ) -> Result<Vec<Decoded>, StoreError> {
        let mut out = Vec::new();
        self.decode_rows_each(sql, ctx, decode, &mut |d| {
            out.push(d);
            Ok(())
        })?;
        Ok(out)
    }

    /// [`Store::decode_rows`] handing each decoded row to `each`, in row order, as it comes:
    /// memory holds a few batches, never the whole table. Decoding is most of the cost of
    /// reading a large store: this thread reads rows from SQLite and hands batches to decoder
    /// threads (at most [`IN_FLIGHT`] batches at a time), puts results back in order and hands
    /// them on. `each` may stop the reading with an error.
    pub(super) fn decode_rows_each<T: Send>(
        &self,
        sql: &str,
        ctx: &str,
        decode: &(dyn Fn(&Row) -> Result<Option<T>, StoreError> + Sync),
        each: &mut dyn FnMut(Decoded<T>) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        self.decode_rows_each_in(LOAD_BATCH, sql, ctx, decode, each)
    }

    /// [`Store::decode_rows_each`] in batches of `per_batch` rows (a row holding many
    /// subjects, a digest block, is a batch of its own).
    pub(super) fn decode_rows_each_in<T: Send>(
        &self,
        per_batch: usize,
        sql: &str,
        ctx: &str,
        decode: &(dyn Fn(&Row) -> Result<Option<T>, StoreError> + Sync),
        each: &mut dyn FnMut(Decoded<T>) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let per_batch = per_batch.max(1);
        let mut stmt = self.conn.prepare(sql).map_err(|e| self.sql(e, ctx))?;
        let mut rows = stmt
            .query_map([], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, Option<Vec<u8>>>(2)?,
                    row.get::<_, Option<Vec<u8>>>(3)?,
                ))
            })
            .map_err(|e| self.sql(e, ctx))?;
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 4));
        std::thread::scope(|scope| {
            let (done_tx, done_rx) = std::sync::mpsc::channel::<(usize, Vec<Decoded<T>>)>();
            let mut senders = Vec::with_capacity(workers);
            for _ in 0..workers {
                let (tx, rx) = std::sync::mpsc::channel::<(usize, Vec<Row>)>();
                let done = done_tx.clone();
                scope.spawn(move || {
                    for (n, batch) in rx {
                        let decoded: Vec<Decoded<T>> = batch
                            .iter()
                            .map(|row| Decoded {
                                id: row.0,
                                version: row.1,
                                subject: decode(row).map_err(|e| Unreadable {
                                    id: id_from_sql(row.0),
                                    message: match e {
                                        StoreError::Corrupt { message, .. } => message,
                                        other => other.to_string(),
                                    },
                                }),
                            })
                            .collect();
                        if done.send((n, decoded)).is_err() {
                            break;
                        }
                    }
                    // The buffers this thread decoded into are freed; its pages go back now
                    // rather than stay with the process (crate::memory).
                    crate::memory::give_back();
                });
                senders.push(tx);
            }
            drop(done_tx);
            // Batches decoded out of turn, waiting for the ones before them.
            let mut waiting: std::collections::BTreeMap<usize, Vec<Decoded<T>>> =
                Default::default();
            let (mut sent, mut next) = (0usize, 0usize);
            let mut hand_on = |part: (usize, Vec<Decoded<T>>), next: &mut usize| {
                waiting.insert(part.0, part.1);
                while let Some(ready) = waiting.remove(next) {
                    *next += 1;
                    for d in ready {
                        each(d)?;
                    }
                }
                Ok::<(), StoreError>(())
            };
            let mut finished = false;
            while !finished {
                let mut batch = Vec::with_capacity(per_batch);
                for row in rows.by_ref() {
                    batch.push(row.map_err(|e| self.sql(e, ctx))?);
                    if batch.len() == per_batch {
                        break;
                    }
                }
                finished = batch.len() < per_batch;
                if !batch.is_empty() {
                    if senders[sent % workers].send((sent, batch)).is_err() {
                        break;
                    }
                    sent += 1;
                }
                while sent - next >= IN_FLIGHT || (finished && next < sent) {
                    let Ok(part) = done_rx.recv() else { break };
                    hand_on(part, &mut next)?;
                }
            }
            drop(senders);
            if next < sent {
                return Err(StoreError::Corrupt {
                    id: 0,
                    message: "a batch of records was not decoded".to_string(),
                });
            }
            Ok(())
        })
    }

    /// One subject, or `None` if there is no record with that id.
    pub fn load(&self, id: SubjectId) -> Result<Option<Subject>, StoreError> {
        self.require(Permission::View)?;
        let restricted = !self.session.actor.may(Permission::ViewRestricted);
        let row: Option<(i64, Vec<u8>, Option<Vec<u8>>)> = self
            .conn
            .query_row(
                "SELECT version, payload, restricted FROM subjects WHERE id = ?1",
                [id_to_sql(id)?],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .map_err(|e| self.sql(e, &format!("loading subject {id}")))?;
        row.map(|(v, p, r)| {
            decode_row(
                &self.session.keys,
                id_to_sql(id)?,
                v,
                &p,
                r.as_deref(),
                restricted,
            )
        })
        .transpose()
    }

    /// One subject and the revision it is at, read in one statement (so no commit can fall
    /// between reading the record and its revision); `None` if there is no record with that id.
    /// An edit based on it passes the revision to [`Store::commit`].
    pub fn load_versioned(&self, id: SubjectId) -> Result<Option<(Subject, u64)>, StoreError> {
        self.require(Permission::View)?;
        let restricted = !self.session.actor.may(Permission::ViewRestricted);
        let sql_id = id_to_sql(id)?;
        let row: Option<(i64, Vec<u8>, Option<Vec<u8>>)> = self
            .conn
            .query_row(
                "SELECT version, payload, restricted FROM subjects WHERE id = ?1",
                [sql_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .map_err(|e| self.sql(e, &format!("loading subject {id}")))?;
        row.map(|(version, p, r)| {
            let subject = decode_row(
                &self.session.keys,
                sql_id,
                version,
                &p,
                r.as_deref(),
                restricted,
            )?;
            Ok((subject, u64::try_from(version).unwrap_or(0)))
        })
        .transpose()
    }
}

/// Rows handed to a decoder thread at a time by [`Store::decode_rows_each`].
const LOAD_BATCH: usize = 256;

/// Batches being decoded at once: enough to keep every decoder busy, few enough that a slow
/// reader of the results (an export writing to disk) holds little in memory.
const IN_FLIGHT: usize = 16;

/// A row as read: id, revision, general half (absent: a summary still to be built),
/// restricted half.
pub(super) type Row = (i64, i64, Option<Vec<u8>>, Option<Vec<u8>>);

/// One decoded row: its id and revision, and the subject (`None`: nothing to decode) or why it
/// cannot be read.
pub(super) struct Decoded<T = Subject> {
    pub id: i64,
    pub version: i64,
    pub subject: Result<Option<T>, Unreadable>,
}

/// The subjects decoded and the rows that could not be read.
fn split_decoded(decoded: Vec<Decoded>) -> (Vec<Subject>, Vec<Unreadable>) {
    let mut out = Vec::with_capacity(decoded.len());
    let mut unreadable = Vec::new();
    for d in decoded {
        match d.subject {
            Ok(Some(s)) => out.push(s),
            Ok(None) => {}
            Err(u) => unreadable.push(u),
        }
    }
    (out, unreadable)
}

/// Decode subject row `id` for a reader who may see restricted data unless `restricted`.
pub(super) fn decode_row(
    keys: &Keys,
    id: i64,
    version: i64,
    sealed: &[u8],
    whole: Option<&[u8]>,
    restricted: bool,
) -> Result<Subject, StoreError> {
    let sid = id_from_sql(id);
    let subject = split::open_subject(keys, id, version, sealed, whole, !restricted)
        .map_err(|message| StoreError::Corrupt { id: sid, message })?;
    if i64::try_from(subject.id) != Ok(id) {
        return Err(StoreError::Corrupt {
            id: sid,
            message: format!("the record holds subject {} under id {id}", subject.id),
        });
    }
    Ok(subject)
}
