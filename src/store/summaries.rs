//! Summaries: each subject's [`summary_of`] sealed beside its record (table `summaries`), so
//! the app, the queue and the figures open a store by reading these alone.
//!
//! `store_record` writes a record's summary in the record's transaction. Any other write of a
//! record (a migration, a split, an erasure, a restore) empties its summary through the
//! triggers of schema 10; [`Store::load_summaries`] builds the empty ones from their records
//! and, when the reader holds the key for both halves, writes them back (one transaction), so a
//! store from before summaries is converted at its first open. A summary that no longer
//! matches its record (an older one put back from outside) is found by `spmp verify`, and by
//! the app when that record is opened.
use crate::store::db::{OptionalExtension, Transaction, TransactionBehavior, params};

use super::codec;
use super::crypto::Keys;
use super::load::Decoded;
use super::split::Sealed;
use super::{Store, StoreError, Unreadable, id_from_sql, split};
use crate::domain::{
    Permission, SUMMARY_FORMAT, Subject, SubjectId, into_summary, redact, summary_of,
};

/// `meta` key: the [`SUMMARY_FORMAT`] the stored summaries were made with.
const FORMAT_KEY: &str = "summary_format";

/// Past this many summaries to build, the records are read in one pass rather than one by one.
const READ_ALL_FROM: usize = 2_000;

impl Store {
    /// Every subject's summary that can be read, ordered by id, and every record that cannot
    /// (its summary or, for one to build, its record fails to open): see the module
    /// documentation. Summaries missing or made by an older layout are built from the records.
    pub fn load_summaries(&self) -> Result<(Vec<Subject>, Vec<Unreadable>), StoreError> {
        self.load_summaries_with(&mut |_, _| {})
    }

    /// [`Store::load_summaries`], calling `progress(done, total)` as the summaries are read
    /// (the TUI's loading screen).
    pub fn load_summaries_with(
        &self,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<(Vec<Subject>, Vec<Unreadable>), StoreError> {
        self.require(Permission::View)?;
        let restricted = !self.session.actor.may(Permission::ViewRestricted);
        let keys = &self.session.keys;
        let current = self.summary_format()? == Some(SUMMARY_FORMAT);
        let total = self.count()?;
        let mut decoded = Vec::new();
        self.decode_rows_each(
            "SELECT id, version, general, restricted FROM summaries ORDER BY id",
            "loading subjects",
            &|(id, v, g, r)| match g {
                Some(g) if current => {
                    let s = open_summary(keys, *id, *v, g, r.as_deref(), !restricted).map_err(
                        |message| StoreError::Corrupt {
                            id: id_from_sql(*id),
                            message,
                        },
                    )?;
                    if i64::try_from(s.id) != Ok(*id) {
                        return Err(StoreError::Corrupt {
                            id: id_from_sql(*id),
                            message: format!("the summary holds subject {} under id {id}", s.id),
                        });
                    }
                    Ok(Some(s))
                }
                _ => Ok(None),
            },
            &mut |d| {
                decoded.push(d);
                progress(decoded.len() as u64, total);
                Ok(())
            },
        )?;
        let missing: Vec<i64> = decoded
            .iter()
            .filter(|d| matches!(d.subject, Ok(None)))
            .map(|d| d.id)
            .collect();
        if missing.is_empty() {
            return Ok(collect(decoded, Vec::new()));
        }
        let built = self.build_summaries(&missing)?;
        if !restricted {
            // Derived data: if another writer holds the store (busy), or the disk is full, the
            // next open builds them again; nothing the user saved depends on it.
            let _ = self.write_summaries(&built);
        }
        Ok(collect(decoded, built))
    }

    /// What `map` makes of every subject's summary that can be read (`None`: nothing), in id
    /// order, computed on the decoding threads, so only the results are held (`spmp queue`
    /// over a large store keeps its entries, never the summaries); with the records that
    /// cannot be read. Summaries of an older layout are built first ([`Store::load_summaries`]);
    /// one still to be built is made from its record on the way.
    pub fn map_summaries<T: Send>(
        &self,
        map: &(dyn Fn(Subject) -> Option<T> + Sync),
    ) -> Result<(Vec<T>, Vec<Unreadable>), StoreError> {
        self.map_summaries_with(map, &mut |_, _| {})
    }

    /// [`Store::map_summaries`], calling `progress(done, total)` as the summaries are read
    /// (the TUI's loading screen).
    pub fn map_summaries_with<T: Send>(
        &self,
        map: &(dyn Fn(Subject) -> Option<T> + Sync),
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<(Vec<T>, Vec<Unreadable>), StoreError> {
        let mut out = Vec::new();
        let unreadable = self.each_summary_mapped(map, &mut |t| out.push(t), progress)?;
        Ok((out, unreadable))
    }

    /// What `map` makes of every subject's summary that can be read (`None`: nothing), handed
    /// to `each` in id order as they come (`map` runs on the decoding threads, `each` here):
    /// nothing is held (the unit's figures over a large store). Returns the records that
    /// cannot be read.
    pub fn each_summary_mapped<T: Send>(
        &self,
        map: &(dyn Fn(Subject) -> Option<T> + Sync),
        each: &mut dyn FnMut(T),
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<Vec<Unreadable>, StoreError> {
        self.require(Permission::View)?;
        if self.summary_format()? != Some(SUMMARY_FORMAT) {
            let (all, unreadable) = self.load_summaries_with(progress)?;
            all.into_iter().filter_map(map).for_each(each);
            return Ok(unreadable);
        }
        let total = self.count()?;
        let mut done = 0u64;
        let restricted = !self.session.actor.may(Permission::ViewRestricted);
        let keys = &self.session.keys;
        let mut unreadable = Vec::new();
        self.decode_rows_each(
            "SELECT id, version, general, restricted FROM summaries ORDER BY id",
            "reading summaries",
            &|(id, v, g, r)| match g {
                Some(g) => open_summary(keys, *id, *v, g, r.as_deref(), !restricted)
                    .map(|s| map(s).map(Built::Mapped).or(Some(Built::Nothing)))
                    .map_err(|message| StoreError::Corrupt {
                        id: id_from_sql(*id),
                        message,
                    }),
                None => Ok(None),
            },
            &mut |d| {
                done += 1;
                progress(done, total);
                match d.subject {
                    Ok(Some(Built::Mapped(t))) => each(t),
                    Ok(Some(Built::Nothing)) => {}
                    Ok(None) => match self.load_versioned(id_from_sql(d.id)) {
                        Ok(Some((s, _))) => {
                            if let Some(t) = map(summary_of(&s)) {
                                each(t);
                            }
                        }
                        Ok(None) => {}
                        Err(StoreError::Corrupt { id, message }) => {
                            unreadable.push(Unreadable { id, message })
                        }
                        Err(e) => return Err(e),
                    },
                    Err(u) => unreadable.push(u),
                }
                Ok(())
            },
        )?;
        Ok(unreadable)
    }

    /// The stored summary layout, if any summary was written since summaries have a layout.
    fn summary_format(&self) -> Result<Option<u32>, StoreError> {
        let value: Option<String> = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [FORMAT_KEY], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| self.sql(e, "reading the summary layout"))?;
        Ok(value.and_then(|v| v.parse().ok()))
    }

    /// Summaries for rows `ids` made from their records (decoded as this reader may see them).
    fn build_summaries(&self, ids: &[i64]) -> Result<Vec<BuiltSummary>, StoreError> {
        if ids.len() >= READ_ALL_FROM {
            let wanted: std::collections::HashSet<i64> = ids.iter().copied().collect();
            let restricted = !self.session.actor.may(Permission::ViewRestricted);
            let keys = &self.session.keys;
            let decoded = self.decode_rows(
                "SELECT id, version, payload, restricted FROM subjects ORDER BY id",
                "building summaries",
                &|(id, v, p, r)| {
                    if !wanted.contains(id) {
                        return Ok(None);
                    }
                    let p = p.as_deref().unwrap_or_default();
                    super::load::decode_row(keys, *id, *v, p, r.as_deref(), restricted)
                        .map(|s| Some(summary_of(&s)))
                },
            )?;
            return Ok(decoded
                .into_iter()
                .filter(|d| wanted.contains(&d.id))
                .map(|d| BuiltSummary {
                    id: d.id,
                    version: d.version,
                    summary: d.subject,
                })
                .collect());
        }
        ids.iter()
            .map(|&id| {
                let sid = id_from_sql(id);
                Ok(match self.load_versioned(sid) {
                    Ok(Some((s, v))) => BuiltSummary {
                        id,
                        version: i64::try_from(v).unwrap_or(0),
                        summary: Ok(Some(summary_of(&s))),
                    },
                    Ok(None) => BuiltSummary {
                        id,
                        version: 0,
                        summary: Ok(None),
                    },
                    Err(StoreError::Corrupt { message, .. }) => BuiltSummary {
                        id,
                        version: 0,
                        summary: Err(Unreadable { id: sid, message }),
                    },
                    Err(e) => return Err(e),
                })
            })
            .collect()
    }

    /// Write built summaries back, sealed as `store_record` seals them, and record the layout.
    fn write_summaries(&self, built: &[BuiltSummary]) -> Result<(), StoreError> {
        let ctx = "writing summaries";
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
            .map_err(|e| self.sql(e, ctx))?;
        {
            let mut stmt = tx
                .prepare(
                    "UPDATE summaries SET general = ?2, restricted = ?3
                     WHERE id = ?1 AND version = ?4",
                )
                .map_err(|e| self.sql(e, ctx))?;
            for b in built {
                let Ok(Some(record)) = &b.summary else {
                    continue;
                };
                let sealed = seal_summary(&self.session.keys, b.id, b.version, record)?;
                stmt.execute(params![b.id, sealed.general, sealed.restricted, b.version])
                    .map_err(|e| self.sql(e, ctx))?;
            }
        }
        // The layout is recorded once no summary of an older layout is left.
        let stale: bool = tx
            .query_row(
                "SELECT EXISTS(SELECT 1 FROM summaries WHERE general IS NULL)",
                [],
                |r| r.get(0),
            )
            .map_err(|e| self.sql(e, ctx))?;
        if !stale {
            mark_current(&tx).map_err(|e| self.sql(e, ctx))?;
        }
        tx.commit().map_err(|e| self.sql(e, ctx))
    }

    /// The summary of subject `id` as stored, if it has one (for the check that it matches its
    /// record when the record is opened, and for tests).
    pub fn stored_summary(&self, id: SubjectId) -> Result<Option<Subject>, StoreError> {
        self.require(Permission::View)?;
        let restricted = !self.session.actor.may(Permission::ViewRestricted);
        let sql_id = super::id_to_sql(id)?;
        let row = read_row(&self.conn, sql_id)
            .map_err(|e| self.sql(e, &format!("loading the summary of subject {id}")))?;
        let Some((version, Some(general), restricted_half)) = row else {
            return Ok(None);
        };
        open_summary(
            &self.session.keys,
            sql_id,
            version,
            &general,
            restricted_half.as_deref(),
            !restricted,
        )
        .map(Some)
        .map_err(|message| StoreError::Corrupt { id, message })
    }
}

/// Seal subject `subject` (row `id`, revision `version`, `full` its encoding, already checked
/// to decode) and its summary, each as [`split::seal_subject`] seals a record: the record and its
/// summary as a viewer sees them under the general key, the whole ones under the restricted
/// key when they differ (see [`crate::domain::summary_of`]). The record is redacted once for
/// both. The viewer's copy and the summaries are encoded without the read-back check the whole
/// record gets (see [`codec::encode_redacted`]): they are derived, and a summary that cannot be
/// read is built again from its record.
pub(super) fn seal_record(
    keys: &Keys,
    id: i64,
    version: i64,
    subject: &Subject,
    full: &[u8],
) -> Result<(Sealed, Sealed), StoreError> {
    let mut seen = subject.clone();
    redact(&mut seen);
    let same = &seen == subject;
    let context = super::record_context(id, version);
    let general = if same {
        None
    } else {
        Some(codec::encode_redacted(&seen)?)
    };
    let record = split::seal_encoded(keys, &context, full, general.as_deref())?;
    // When redaction changed nothing, the copy made for it is the summary's (no second copy).
    let (whole_summary, seen_summary) = if same {
        (codec::encode_envelope(&into_summary(seen))?, None)
    } else {
        (
            codec::encode_envelope(&into_summary(subject.clone()))?,
            Some(codec::encode_envelope(&into_summary(seen))?),
        )
    };
    let summary = split::seal_encoded(
        keys,
        &summary_context(id, version),
        &whole_summary,
        seen_summary
            .as_deref()
            .filter(|s| *s != whole_summary.as_slice()),
    )?;
    Ok((record, summary))
}

/// Seal the summary of `subject` (row `id`, revision `version`) as [`seal_record`] does.
pub(super) fn seal_summary(
    keys: &Keys,
    id: i64,
    version: i64,
    subject: &Subject,
) -> Result<Sealed, StoreError> {
    let mut seen = subject.clone();
    redact(&mut seen);
    let whole = codec::encode_envelope(&summary_of(subject))?;
    let general = codec::encode_envelope(&into_summary(seen))?;
    let general = Some(general).filter(|g| *g != whole);
    split::seal_encoded(
        keys,
        &summary_context(id, version),
        &whole,
        general.as_deref(),
    )
}

/// Where revision `version` of subject `id`'s summary is sealed.
pub(super) fn summary_context(id: i64, version: i64) -> String {
    format!("summaries/{id}@{version}")
}

/// Open the summary of subject `id` at revision `version`, as [`split::open_subject`] opens a record.
pub(super) fn open_summary(
    keys: &Keys,
    id: i64,
    version: i64,
    general: &[u8],
    restricted: Option<&[u8]>,
    whole: bool,
) -> Result<Subject, String> {
    split::open_halves(
        keys,
        &summary_context(id, version),
        general,
        restricted,
        whole,
    )
}

/// A summary row as read: revision, general half (absent: still to be built), restricted half.
pub(super) type SummaryRow = (i64, Option<Vec<u8>>, Option<Vec<u8>>);

/// The summary row of subject row `id`, if there is one.
pub(super) fn read_row(
    conn: &crate::store::db::Connection,
    id: i64,
) -> crate::store::db::Result<Option<SummaryRow>> {
    conn.prepare_cached("SELECT version, general, restricted FROM summaries WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()
}

/// Record that the stored summaries are of the current layout (a new store, or every summary
/// just built).
pub(super) fn mark_current(tx: &crate::store::db::Connection) -> crate::store::db::Result<()> {
    tx.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![FORMAT_KEY, SUMMARY_FORMAT.to_string()],
    )
    .map(|_| ())
}

/// What [`Store::map_summaries`]'s decoding threads hand back for a summary.
enum Built<T> {
    Mapped(T),
    Nothing,
}

/// A summary built from its record.
struct BuiltSummary {
    id: i64,
    version: i64,
    summary: Result<Option<Subject>, Unreadable>,
}

/// The summaries read and built, in id order, and the rows that could not be read.
fn collect(decoded: Vec<Decoded>, built: Vec<BuiltSummary>) -> (Vec<Subject>, Vec<Unreadable>) {
    let mut built: std::collections::HashMap<i64, Result<Option<Subject>, Unreadable>> =
        built.into_iter().map(|b| (b.id, b.summary)).collect();
    let mut out = Vec::with_capacity(decoded.len());
    let mut unreadable = Vec::new();
    for d in decoded {
        let r = match d.subject {
            Ok(None) => built.remove(&d.id).unwrap_or(Ok(None)),
            other => other,
        };
        match r {
            Ok(Some(s)) => out.push(s),
            Ok(None) => {}
            Err(u) => unreadable.push(u),
        }
    }
    (out, unreadable)
}
