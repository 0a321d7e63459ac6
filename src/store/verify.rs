//! `Store::verify`: SQLite's integrity check plus a decode of every record and history entry,
//! with counts.
use std::fmt;

use crate::store::db::Connection;
use rusqlite::ErrorCode;

use super::crypto::Keys;
use super::error::sqlite_error;
use super::history::{open_history, parse_time};
use super::{StoreError, id_from_sql, split};
use crate::domain::{Subject, SubjectId};

/// One problem found by [`super::Store::verify`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// The subject record at fault, or `None` for a fault of the database itself.
    pub id: Option<SubjectId>,
    pub message: String,
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.id {
            Some(id) => write!(f, "record {id}: {}", self.message),
            None => write!(f, "database: {}", self.message),
        }
    }
}

/// What [`super::Store::verify`] found: counts of what the store holds, and every fault.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VerifyReport {
    /// Subject records (rows), including any that failed to decode.
    pub subjects: u64,
    pub orders: u64,
    pub conditions: u64,
    pub notifications: u64,
    pub protected_persons: u64,
    pub assessments: u64,
    pub reviews: u64,
    pub breaches: u64,
    pub visits: u64,
    pub audit_entries: u64,
    /// History entries (rows), including any that failed to decode.
    pub history_entries: u64,
    pub drafts: u64,
    /// Every problem found; empty when the store is sound.
    pub faults: Vec<Fault>,
}

impl VerifyReport {
    /// True when no fault was found.
    pub fn is_ok(&self) -> bool {
        self.faults.is_empty()
    }

    fn count(&mut self, s: &Subject) {
        let n = |len: usize| len as u64;
        self.orders += n(s.orders.len());
        self.conditions += s.orders.iter().map(|o| n(o.conditions.len())).sum::<u64>();
        self.notifications += s
            .orders
            .iter()
            .map(|o| n(o.notifications.len()))
            .sum::<u64>();
        self.protected_persons += n(s.protected_persons.len());
        self.assessments += n(s.assessments.len());
        self.reviews += n(s.reviews.len());
        self.breaches += n(s.breaches.len());
        self.visits += n(s.visits.len());
    }
}

impl fmt::Display for VerifyReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} subjects, {} orders, {} conditions, {} notifications, {} protected persons, \
             {} risk assessments, {} reviews, {} breaches, {} visits, {} audit entries, \
             {} history entries, {} drafts",
            self.subjects,
            self.orders,
            self.conditions,
            self.notifications,
            self.protected_persons,
            self.assessments,
            self.reviews,
            self.breaches,
            self.visits,
            self.audit_entries,
            self.history_entries,
            self.drafts
        )?;
        if self.is_ok() {
            writeln!(f, "no faults found")
        } else {
            writeln!(f, "{} fault(s):", self.faults.len())?;
            for fault in &self.faults {
                writeln!(f, "  {fault}")?;
            }
            Ok(())
        }
    }
}

/// Run the checks on `conn` (the store's database at `db`); `progress(n)` is called with the
/// records checked so far, subjects then history entries.
pub(super) fn verify(
    conn: &Connection,
    keys: &Keys,
    db: &std::path::Path,
    draft_check: &dyn Fn(&[u8]) -> Result<(), String>,
    progress: &mut dyn FnMut(u64),
) -> Result<VerifyReport, StoreError> {
    let mut report = VerifyReport::default();
    integrity(conn, db, &mut report)?;

    let mut stmt = conn
        .prepare("SELECT id, version, payload, restricted FROM subjects ORDER BY id")
        .map_err(|e| sqlite_error(e, db, "verifying subjects"))?;
    let rows = stmt
        .query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, Vec<u8>>(2)?,
                row.get::<_, Option<Vec<u8>>>(3)?,
            ))
        })
        .map_err(|e| sqlite_error(e, db, "verifying subjects"))?;
    for row in rows {
        let (raw_id, version, payload, whole) =
            row.map_err(|e| sqlite_error(e, db, "verifying subjects"))?;
        report.subjects += 1;
        progress(report.subjects);
        let id = id_from_sql(raw_id);
        // Both halves, as far as this user's keys go (a viewer checks the general half).
        let decoded =
            split::open_subject(keys, raw_id, version, &payload, None, false).and_then(|s| {
                match whole.as_deref().filter(|_| keys.has_restricted()) {
                    Some(w) => split::open_subject(keys, raw_id, version, &payload, Some(w), true),
                    None => Ok(s),
                }
            });
        match decoded {
            Ok(subject) if i64::try_from(subject.id) == Ok(raw_id) => {
                if let Some(message) = summary_fault(conn, keys, raw_id, version, &subject)
                    .map_err(|e| sqlite_error(e, db, "verifying summaries"))?
                {
                    report.faults.push(Fault {
                        id: Some(id),
                        message,
                    });
                }
                report.count(&subject)
            }
            Ok(subject) => report.faults.push(Fault {
                id: Some(id),
                message: format!("the record holds subject {} under id {raw_id}", subject.id),
            }),
            Err(message) => report.faults.push(Fault {
                id: Some(id),
                message,
            }),
        }
    }

    let orphans: Vec<i64> = conn
        .prepare("SELECT id FROM summaries WHERE id NOT IN (SELECT id FROM subjects) ORDER BY id")
        .and_then(|mut st| st.query_map([], |r| r.get(0))?.collect())
        .map_err(|e| sqlite_error(e, db, "verifying summaries"))?;
    for raw_id in orphans {
        report.faults.push(Fault {
            id: Some(id_from_sql(raw_id)),
            message: "a summary is listed for a record that is not in the store".to_string(),
        });
    }
    report.audit_entries = count(conn, db, "audit", "counting audit entries")?;
    history(conn, keys, db, &mut report, progress)?;
    drafts(conn, keys, db, draft_check, &mut report)?;
    let unit =
        super::unit::row(conn).map_err(|e| sqlite_error(e, db, "verifying the unit's records"))?;
    if let Some((version, sealed)) = unit
        && let Err(problem) = super::unit::open(keys, version, &sealed)
    {
        report.faults.push(Fault {
            id: None,
            message: format!("the unit's records (action plan, training) do not open: {problem}"),
        });
    }
    Ok(report)
}

/// What is wrong with the stored summary of record `raw_id` (at `version`, decoded as
/// `subject` with this user's keys), if anything: it must be of the same revision and equal
/// `domain::summary_of` of the record (an older summary put back would hide a breach from the
/// queue). A summary still to be built (empty) is not a fault.
fn summary_fault(
    conn: &Connection,
    keys: &Keys,
    raw_id: i64,
    version: i64,
    subject: &crate::domain::Subject,
) -> crate::store::db::Result<Option<String>> {
    let row = super::summaries::read_row(conn, raw_id)?;
    let Some((stored, general, restricted)) = row else {
        return Ok(Some("the record has no summary row".to_string()));
    };
    if stored != version {
        return Ok(Some(format!(
            "its summary is of revision {stored}, the record of revision {version}"
        )));
    }
    let Some(general) = general else {
        return Ok(None);
    };
    let whole = keys.has_restricted();
    let half = restricted.as_deref().filter(|_| whole);
    Ok(
        match super::summaries::open_summary(keys, raw_id, version, &general, half, whole) {
            Ok(summary) if summary == crate::domain::summary_of(subject) => None,
            Ok(_) => Some(
                "its summary does not match the record: the list and the queue would not show \
                 the record as it is (a summary put back from an older copy?)"
                    .to_string(),
            ),
            Err(e) => Some(format!("its summary does not open: {e}")),
        },
    )
}

/// Open every user's drafts: the key, the time and the seal must read, and the payload pass
/// `check`. Each that does not is a fault naming its user and key (`spmp drafts discard`).
fn drafts(
    conn: &Connection,
    keys: &Keys,
    db: &std::path::Path,
    check: &dyn Fn(&[u8]) -> Result<(), String>,
    report: &mut VerifyReport,
) -> Result<(), StoreError> {
    let ctx = "verifying drafts";
    // Keyed rows name their owner by a reference: the users' references, to name them back.
    let owners: std::collections::HashMap<String, String> = conn
        .prepare("SELECT name FROM users")
        .and_then(|mut st| {
            st.query_map([], |r| r.get::<_, String>(0))?
                .collect::<crate::store::db::Result<Vec<String>>>()
        })
        .map_err(|e| sqlite_error(e, db, ctx))?
        .into_iter()
        .map(|n| (super::drafts::owner_ref(keys, &n), n))
        .collect();
    let mut stmt = conn
        .prepare("SELECT key, updated, payload, subject_id FROM drafts ORDER BY key")
        .map_err(|e| sqlite_error(e, db, ctx))?;
    let rows = stmt
        .query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, Vec<u8>>(2)?,
                row.get::<_, Option<i64>>(3)?,
            ))
        })
        .map_err(|e| sqlite_error(e, db, ctx))?;
    for row in rows {
        let (stored_key, updated, sealed, subject) = row.map_err(|e| sqlite_error(e, db, ctx))?;
        report.drafts += 1;
        // A keyed row names its owner by reference and its draft only inside the seal.
        let (user, mut shown) = match stored_key.split_once('\u{1f}') {
            Some((user, key)) => (user.to_string(), key.to_string()),
            None => (
                stored_key
                    .strip_prefix("h:")
                    .and_then(|r| r.get(..32))
                    .and_then(|r| owners.get(r).cloned())
                    .unwrap_or_else(|| "?".to_string()),
                stored_key.clone(),
            ),
        };
        let problem = if let Err(message) = parse_time(&updated) {
            message
        } else {
            match super::drafts::open_row(keys, &stored_key, &sealed) {
                Ok((text, payload)) => {
                    let problem = match crate::domain::DraftKey::decode(&text) {
                        None => "not a draft key this spmp writes".to_string(),
                        Some(_) => match check(&payload) {
                            Ok(()) => continue,
                            Err(message) => message,
                        },
                    };
                    shown = text;
                    problem
                }
                Err(message) => message,
            }
        };
        report.faults.push(Fault {
            id: subject.map(id_from_sql),
            message: format!(
                "draft {} of user {}: {problem} (the user can discard it with `spmp drafts \
                 discard`)",
                shown.escape_debug(),
                user.escape_debug()
            ),
        });
    }
    Ok(())
}

fn count(
    conn: &Connection,
    db: &std::path::Path,
    table: &str,
    context: &str,
) -> Result<u64, StoreError> {
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| {
        r.get::<_, i64>(0)
    })
    .map(|n| u64::try_from(n).unwrap_or(0))
    .map_err(|e| sqlite_error(e, db, context))
}

/// Decode every history entry; each that does not is a fault of its subject.
fn history(
    conn: &Connection,
    keys: &Keys,
    db: &std::path::Path,
    report: &mut VerifyReport,
    progress: &mut dyn FnMut(u64),
) -> Result<(), StoreError> {
    let ctx = "verifying history";
    let mut stmt = conn
        .prepare("SELECT seq, subject_id, payload, restricted FROM history ORDER BY seq")
        .map_err(|e| sqlite_error(e, db, ctx))?;
    let rows = stmt
        .query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, Vec<u8>>(2)?,
                row.get::<_, Option<Vec<u8>>>(3)?,
            ))
        })
        .map_err(|e| sqlite_error(e, db, ctx))?;
    for row in rows {
        let (seq, subject_id, payload, whole) = row.map_err(|e| sqlite_error(e, db, ctx))?;
        report.history_entries += 1;
        progress(report.subjects + report.history_entries);
        let opened = open_history(keys, subject_id, &payload).and_then(|general| {
            match whole.as_deref().filter(|_| keys.has_restricted()) {
                Some(w) => split::open_history_row(keys, subject_id, &payload, Some(w), true),
                None => Ok(general),
            }
        });
        let problem = match opened {
            Ok((record, _)) => match parse_time(&record.at) {
                Ok(_) => continue,
                Err(message) => message,
            },
            Err(message) => message,
        };
        report.faults.push(Fault {
            id: Some(id_from_sql(subject_id)),
            message: format!("history entry {seq}: {problem}"),
        });
    }
    Ok(())
}

/// `PRAGMA integrity_check`: each row that is not "ok" is a fault. A database too damaged to
/// run the check is reported as a fault too, not as an error. A server checks its own pages
/// (page checksums, `pg_amcheck` by its DBA): every record is still opened and checked below.
fn integrity(
    conn: &Connection,
    db: &std::path::Path,
    report: &mut VerifyReport,
) -> Result<(), StoreError> {
    if conn.sqlite().is_none() {
        return Ok(());
    }
    let result = conn.prepare("PRAGMA integrity_check").and_then(|mut stmt| {
        stmt.query_map([], |row| row.get::<_, String>(0))?
            .collect::<crate::store::db::Result<Vec<String>>>()
    });
    match result {
        Ok(lines) => {
            report.faults.extend(
                lines
                    .into_iter()
                    .filter(|l| l != "ok")
                    .map(|message| Fault { id: None, message }),
            );
            Ok(())
        }
        Err(e) if e.sqlite_error_code() == Some(ErrorCode::DatabaseCorrupt) => {
            report.faults.push(Fault {
                id: None,
                message: e.to_string(),
            });
            Ok(())
        }
        Err(e) => Err(sqlite_error(e, db, "checking integrity")),
    }
}
