//! The audit log: append-only, encrypted, hash-chained (UK DPA 2018 s.62).
//!
//! Each entry is one row `(seq, subject_id, payload, mac)`: `payload` is the sealed
//! [`AuditRecord`] (who, when, what, why, to whom), `mac` is HMAC-SHA256 under a key derived from
//! the data key over the previous entry's mac, this entry's `seq`, `subject_id` and `payload`.
//! The last entry's `seq` and `mac` are also kept in `meta.audit_head` with a tag of their own,
//! so dropping entries from the end is noticed too. Entries are written in the same transaction
//! as the change they record. Only code holding the data key can extend the chain; anyone who
//! edits, removes, reorders or inserts a row without it breaks the chain at that row, and
//! [`Store::verify_audit`] names the first bad entry. Each entry is also signed by its author's
//! own key ([`super::sign`]): the data key lets its holders recompute MACs, never sign as
//! someone else.
use std::fmt;

use crate::store::db::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use super::crypto::Keys;
use super::error::sqlite_error;
use super::{Store, StoreError, begin, codec, id_from_sql, id_to_sql, now_text};

mod verify;
use crate::domain::Permission;
use crate::domain::SubjectId;
pub(super) use verify::verify;

/// What kind of processing an entry records (the DPA s.62 list, plus account and store events).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AuditKind {
    /// A new record (created, imported).
    Collection,
    /// A change to a record.
    Alteration,
    /// A record was looked at.
    Consultation,
    /// A record left the store (export, document, visit sheet) to a recipient.
    Disclosure,
    /// Records combined (merged).
    Combination,
    /// A record was erased.
    Erasure,
    /// A record was archived (orders ended; retention clock started).
    Archive,
    /// A user account was added, changed or disabled.
    Account,
    /// The store itself: created, upgraded, restored.
    Store,
}

impl AuditKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::Collection => "collection",
            Self::Alteration => "alteration",
            Self::Consultation => "consultation",
            Self::Disclosure => "disclosure",
            Self::Combination => "combination",
            Self::Erasure => "erasure",
            Self::Archive => "archive",
            Self::Account => "account",
            Self::Store => "store",
        }
    }
}

impl fmt::Display for AuditKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// What an entry says (sealed in the row's payload).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct AuditRecord {
    /// UTC, RFC 3339 with milliseconds.
    pub(super) at: String,
    pub(super) actor: String,
    pub(super) kind: AuditKind,
    pub(super) what: String,
    pub(super) justification: Option<String>,
    pub(super) recipient: Option<String>,
    /// The subject the entry is about, sealed (format 2). Entries of format 1 kept it in the
    /// row's plain `subject_id` column; the row now holds a keyed reference instead.
    pub(super) subject: Option<u64>,
}

/// An entry as format 1 sealed it (no subject inside).
#[derive(Debug, Clone, Deserialize)]
struct AuditRecordV1 {
    at: String,
    actor: String,
    kind: AuditKind,
    what: String,
    justification: Option<String>,
    recipient: Option<String>,
}

/// The sealed entry's format: 2 holds the subject's id.
const RECORD_FORMAT: u16 = 2;

pub(super) fn encode_record(r: &AuditRecord) -> Result<Vec<u8>, codec::CodecError> {
    codec::encode_with_version(RECORD_FORMAT, r)
}

pub(super) fn decode_record(plain: &[u8]) -> Result<AuditRecord, codec::CodecError> {
    match codec::envelope_version(plain)? {
        1 => {
            let r: AuditRecordV1 = codec::decode_value(plain)?;
            Ok(AuditRecord {
                at: r.at,
                actor: r.actor,
                kind: r.kind,
                what: r.what,
                justification: r.justification,
                recipient: r.recipient,
                subject: None,
            })
        }
        RECORD_FORMAT => codec::decode_body(RECORD_FORMAT, plain.get(2..).unwrap_or_default()),
        version => Err(codec::CodecError::UnknownVersion { version }),
    }
}

/// The keyed reference an entry's row holds for its subject: entries about one subject can be
/// found with the key, and the file alone does not say which subject an entry concerns.
pub(super) fn subject_ref(keys: &Keys, id: SubjectId) -> String {
    keys.reference(&[b"audit subject", &id.to_le_bytes()])
}

/// `meta` key: the highest subject id the log has named (ids are never given out twice, and
/// the log's own ids are sealed).
pub(super) const HIGH_ID_KEY: &str = "subject_id_high";

/// One entry of the audit log, decrypted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub seq: u64,
    /// UTC, RFC 3339 with milliseconds.
    pub at: String,
    pub actor: String,
    pub kind: AuditKind,
    pub subject: Option<SubjectId>,
    /// What was done, in words ("Added device", "Exported the plan as PDF").
    pub what: String,
    /// Why (consultation and disclosure).
    pub justification: Option<String>,
    /// To whom (disclosure).
    pub recipient: Option<String>,
}

/// A new entry to append (the store fills in seq, time and actor).
#[derive(Debug, Clone, Default)]
pub struct AuditEvent<'a> {
    pub subject: Option<SubjectId>,
    pub what: &'a str,
    pub justification: Option<&'a str>,
    pub recipient: Option<&'a str>,
    /// What the entry binds of the rows written with it ([`super::bind`]).
    pub binding: Option<Vec<u8>>,
}

/// The first entry at which the chain is broken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditFault {
    /// The sequence number of the first bad entry (or where one is missing).
    pub seq: u64,
    pub problem: String,
}

impl fmt::Display for AuditFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "audit entry {}: {}", self.seq, self.problem)
    }
}

/// The result of [`Store::verify_audit`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditReport {
    /// Entries checked (up to the first fault).
    pub entries: u64,
    /// The first fault, or `None` when the whole chain is intact.
    pub fault: Option<AuditFault>,
    /// When intact: the last entry and a fingerprint of its MAC. Note it down (or keep the
    /// output): a log later rolled back to an older copy, head included, ends before it.
    pub head: Option<(u64, String)>,
    /// Users whose entries are signed with a key no administrator has certified yet (name,
    /// key fingerprint): made at their first login after an upgrade. `spmp user certify`.
    pub awaiting: Vec<(String, String)>,
}

impl AuditReport {
    pub fn is_ok(&self) -> bool {
        self.fault.is_none()
    }
}

const GENESIS: [u8; 32] = [0u8; 32];
pub(super) const HEAD_KEY: &str = "audit_head";

pub(super) fn context(seq: u64) -> String {
    format!("audit/{seq}")
}

pub(super) fn entry_mac(
    keys: &Keys,
    prev: &[u8],
    seq: u64,
    subject: Option<i64>,
    payload: &[u8],
    binding: Option<&[u8]>,
    reference: Option<&str>,
) -> [u8; 32] {
    let subject = subject.map(i64::to_le_bytes);
    let seq = seq.to_le_bytes();
    let mut parts: Vec<&[u8]> = vec![
        b"entry",
        prev,
        &seq,
        subject.as_ref().map_or(&[][..], |s| &s[..]),
        payload,
    ];
    // Entries from before bindings (schema 6) and subject references (8) keep their MAC.
    if let Some(b) = binding {
        parts.push(b"bound");
        parts.push(b);
    }
    if let Some(r) = reference {
        parts.push(b"subject ref");
        parts.push(r.as_bytes());
    }
    keys.audit_mac(&parts)
}

pub(super) fn head_tag(keys: &Keys, seq: u64, mac: &[u8]) -> [u8; 32] {
    keys.audit_mac(&[b"head", &seq.to_le_bytes(), mac])
}

/// An entry's fingerprint: the first 8 bytes of its MAC, in hex.
fn fingerprint_of(mac: &[u8]) -> String {
    hex(&mac[..8.min(mac.len())])
}

pub(super) use super::hex::{decode as unhex, encode as hex};

/// The chain's head (last seq and its mac), `None` for an empty log, or what is wrong with it.
type Head = Result<Option<(u64, Vec<u8>)>, String>;

/// The head of the chain as stored in `meta`: `None` for an empty log. `Err` with a message
/// when the head is malformed or its tag does not match.
fn read_head(conn: &Connection, keys: &Keys) -> crate::store::db::Result<Head> {
    // Read for every entry appended (the statement is kept prepared).
    let text = conn.meta_read(HEAD_KEY)?;
    let Some(text) = text else {
        return Ok(Ok(None));
    };
    let parts: Vec<&str> = text.split(':').collect();
    let parsed = match parts.as_slice() {
        [seq, mac, tag] => seq
            .parse::<u64>()
            .ok()
            .zip(unhex(mac))
            .zip(unhex(tag))
            .map(|((s, m), t)| (s, m, t)),
        _ => None,
    };
    let Some((seq, mac, tag)) = parsed else {
        return Ok(Err("the log's head record is malformed".to_string()));
    };
    let expected = head_tag(keys, seq, &mac);
    if !bool::from(subtle::ConstantTimeEq::ct_eq(&expected[..], &tag[..])) {
        return Ok(Err("the log's head record was altered".to_string()));
    }
    Ok(Ok(Some((seq, mac))))
}

/// Append one entry inside the caller's write transaction. Returns its sequence number.
pub(super) fn append(
    tx: &Transaction<'_>,
    keys: &Keys,
    db: &std::path::Path,
    actor: &str,
    kind: AuditKind,
    event: &AuditEvent<'_>,
) -> Result<u64, StoreError> {
    let ctx = "writing the audit log";
    let sql = |e| sqlite_error(e, db, ctx);
    let (prev_seq, prev_mac) = match read_head(tx, keys).map_err(sql)? {
        Ok(Some(head)) => head,
        Ok(None) => (0, GENESIS.to_vec()),
        Err(problem) => {
            return Err(StoreError::AuditTampered {
                message: format!("{problem}; run `spmp audit verify`"),
            });
        }
    };
    let seq = prev_seq + 1;
    let record = AuditRecord {
        at: now_text(),
        actor: actor.to_string(),
        kind,
        what: event.what.to_string(),
        justification: event.justification.map(str::to_string),
        recipient: event.recipient.map(str::to_string),
        subject: event.subject,
    };
    let plain = encode_record(&record)?;
    let payload = keys
        .seal(&context(seq), &plain)
        .map_err(|e| StoreError::Crypto {
            what: "sealing an audit entry".to_string(),
            source: e,
        })?;
    let reference = event.subject.map(|id| subject_ref(keys, id));
    if let Some(id) = event.subject {
        raise_high_id(tx, id_to_sql(id)?).map_err(sql)?;
    }
    let binding = event.binding.as_deref();
    let mac = entry_mac(
        keys,
        &prev_mac,
        seq,
        None,
        &payload,
        binding,
        reference.as_deref(),
    );
    let seq_sql = i64::try_from(seq).map_err(|_| StoreError::AuditTampered {
        message: "the audit log's sequence is out of range".to_string(),
    })?;
    // Signed by its author when they hold a signing key (every user, once the store signs).
    let seq_bytes = seq.to_le_bytes();
    let signature = keys.identity.as_ref().map(|id| {
        id.sign(&super::sign::entry_parts(&seq_bytes, &mac))
            .to_vec()
    });
    tx.prepare_cached(
        "INSERT INTO audit (seq, subject_ref, payload, mac, binding, signature)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )
    .and_then(|mut st| {
        st.execute(params![
            seq_sql,
            reference,
            payload,
            &mac[..],
            binding,
            signature
        ])
    })
    .map_err(sql)?;
    let head = format!("{seq}:{}:{}", hex(&mac), hex(&head_tag(keys, seq, &mac)));
    tx.meta_write(HEAD_KEY, &head).map_err(sql)?;
    Ok(seq)
}

type Row = (i64, Option<i64>, Vec<u8>, Vec<u8>);

fn decode(
    keys: &Keys,
    seq: u64,
    subject: Option<i64>,
    payload: &[u8],
) -> Result<AuditEntry, String> {
    let plain = keys
        .open(&context(seq), payload)
        .map_err(|e| e.to_string())?;
    let r = decode_record(&plain).map_err(|e| e.to_string())?;
    Ok(AuditEntry {
        seq,
        at: r.at,
        actor: r.actor,
        kind: r.kind,
        subject: r.subject.or(subject.map(id_from_sql)),
        what: r.what,
        justification: r.justification,
        recipient: r.recipient,
    })
}

/// Raise the highest subject id the log names to `id` (in the caller's transaction).
fn raise_high_id(tx: &Transaction<'_>, id: i64) -> crate::store::db::Result<()> {
    let stored = tx
        .meta_read(HIGH_ID_KEY)?
        .and_then(|t| t.parse::<i64>().ok());
    if stored.is_some_and(|s| s >= id) {
        return Ok(());
    }
    tx.meta_write(HIGH_ID_KEY, &id.to_string())
}

/// The highest subject id the log names (0 when none).
pub(super) fn high_id(conn: &Connection) -> crate::store::db::Result<i64> {
    let text = conn.meta_read(HIGH_ID_KEY)?;
    let column: Option<i64> =
        conn.query_row("SELECT max(subject_id) FROM audit", [], |r| r.get(0))?;
    let stored = text.and_then(|t| t.parse::<i64>().ok()).unwrap_or(0);
    Ok(stored.max(column.unwrap_or(0)))
}

pub(super) fn read_entries(
    conn: &Connection,
    keys: &Keys,
    db: &std::path::Path,
    subject: Option<i64>,
) -> Result<Vec<AuditEntry>, StoreError> {
    let ctx = "reading the audit log";
    let sql = |e| sqlite_error(e, db, ctx);
    let mut stmt = match subject {
        Some(_) => conn.prepare(
            "SELECT seq, subject_id, payload, mac FROM audit
             WHERE subject_id = ?1 OR subject_ref = ?2 ORDER BY seq",
        ),
        None => conn.prepare("SELECT seq, subject_id, payload, mac FROM audit ORDER BY seq"),
    }
    .map_err(sql)?;
    let map = |r: &crate::store::db::Row<'_>| -> crate::store::db::Result<Row> {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
    };
    let rows: Vec<Row> = match subject {
        Some(id) => {
            let reference = subject_ref(keys, id_from_sql(id));
            stmt.query_map(params![id, reference], map)
        }
        None => stmt.query_map([], map),
    }
    .and_then(|rows| rows.collect())
    .map_err(sql)?;
    rows.into_iter()
        .map(|(seq, subject, payload, _)| {
            let seq = u64::try_from(seq).unwrap_or(0);
            decode(keys, seq, subject, &payload).map_err(|problem| StoreError::AuditTampered {
                message: format!("audit entry {seq} does not decrypt: {problem}"),
            })
        })
        .collect()
}

/// The entries about no subject (whole-store exports, accounts, the store itself) after entry
/// `after`, oldest first.
pub(super) fn storewide_entries_after(
    conn: &Connection,
    keys: &Keys,
    db: &std::path::Path,
    after: u64,
) -> Result<Vec<AuditEntry>, StoreError> {
    let ctx = "reading the audit log";
    let sql = |e| sqlite_error(e, db, ctx);
    let after = i64::try_from(after).unwrap_or(i64::MAX);
    let mut stmt = conn
        .prepare(
            "SELECT seq, payload FROM audit
             WHERE subject_id IS NULL AND subject_ref IS NULL AND seq > ?1 ORDER BY seq",
        )
        .map_err(sql)?;
    let rows: Vec<(i64, Vec<u8>)> = stmt
        .query_map([after], |r| Ok((r.get(0)?, r.get(1)?)))
        .and_then(|rows| rows.collect())
        .map_err(sql)?;
    rows.into_iter()
        .map(|(seq, payload)| {
            let seq = u64::try_from(seq).unwrap_or(0);
            decode(keys, seq, None, &payload).map_err(|problem| StoreError::AuditTampered {
                message: format!("audit entry {seq} does not decrypt: {problem}"),
            })
        })
        .collect()
}

impl Store {
    /// Record that the current user looked at subject `id`, and why ("scheduled review",
    /// "search: enquiry from the victim's IDVA"). One durable write.
    pub fn record_consultation(
        &mut self,
        id: SubjectId,
        justification: &str,
    ) -> Result<(), StoreError> {
        self.require(Permission::View)?;
        let justification = required_text(justification, "a reason for opening the record")?;
        self.append_audit(
            AuditKind::Consultation,
            &AuditEvent {
                subject: Some(id),
                what: "Opened the record",
                justification: Some(&justification),
                recipient: None,
                binding: None,
            },
        )
    }

    /// Record a disclosure: `what` left the store (for `subject`, or the whole store when
    /// `None`) to `recipient`, for `reason`. Call it before the data is written out; a failed
    /// audit write must stop the export.
    pub fn record_disclosure(
        &mut self,
        subject: Option<SubjectId>,
        what: &str,
        recipient: &str,
        reason: &str,
    ) -> Result<(), StoreError> {
        self.require(Permission::Disclose)?;
        let recipient = required_text(recipient, "the recipient")?;
        let reason = required_text(reason, "the reason for the disclosure")?;
        self.append_audit(
            AuditKind::Disclosure,
            &AuditEvent {
                subject,
                what,
                justification: Some(&reason),
                recipient: Some(&recipient),
                binding: None,
            },
        )
    }

    /// Record several disclosures (one per subject: a batch of documents) to one `recipient`
    /// for one `reason`, in one transaction: all are recorded or none is.
    pub fn record_disclosures(
        &mut self,
        items: &[(Option<SubjectId>, String)],
        recipient: &str,
        reason: &str,
    ) -> Result<(), StoreError> {
        self.require(Permission::Disclose)?;
        let recipient = required_text(recipient, "the recipient")?;
        let reason = required_text(reason, "the reason for the disclosure")?;
        let db = self.db.clone();
        let ctx = "writing the audit log";
        let actor = self.session.actor.name.clone();
        let tx = begin(&mut self.conn).map_err(|e| sqlite_error(e, &db, ctx))?;
        for (subject, what) in items {
            append(
                &tx,
                &self.session.keys,
                &db,
                &actor,
                AuditKind::Disclosure,
                &AuditEvent {
                    subject: *subject,
                    what,
                    justification: Some(&reason),
                    recipient: Some(&recipient),
                    binding: None,
                },
            )?;
        }
        tx.commit().map_err(|e| sqlite_error(e, &db, ctx))
    }

    /// Record that the audit log is being exported for an auditor: a disclosure of the whole
    /// log to `recipient` for `reason`. Supervisors and administrators.
    pub fn record_audit_export(&mut self, recipient: &str, reason: &str) -> Result<(), StoreError> {
        self.require(Permission::ViewAudit)?;
        let recipient = required_text(recipient, "the recipient")?;
        let reason = required_text(reason, "the reason for the disclosure")?;
        self.append_audit(
            AuditKind::Disclosure,
            &AuditEvent {
                subject: None,
                what: "Exported the audit log",
                justification: Some(&reason),
                recipient: Some(&recipient),
                binding: None,
            },
        )
    }

    /// Record something done to the store as a whole (a backup, a restore, a copy).
    pub(crate) fn record_store_event(&mut self, what: &str) -> Result<(), StoreError> {
        self.append_audit(
            AuditKind::Store,
            &AuditEvent {
                what,
                ..Default::default()
            },
        )
    }

    /// Append one entry in its own transaction.
    pub(crate) fn append_audit(
        &mut self,
        kind: AuditKind,
        event: &AuditEvent<'_>,
    ) -> Result<(), StoreError> {
        let db = self.db.clone();
        let ctx = "writing the audit log";
        let actor = self.session.actor.name.clone();
        let tx = begin(&mut self.conn).map_err(|e| sqlite_error(e, &db, ctx))?;
        append(&tx, &self.session.keys, &db, &actor, kind, event)?;
        tx.commit().map_err(|e| sqlite_error(e, &db, ctx))
    }

    /// Check the whole chain. Supervisors and administrators only.
    pub fn verify_audit(&self) -> Result<AuditReport, StoreError> {
        self.require(Permission::ViewAudit)?;
        verify(&self.conn, &self.session.keys, &self.db)
    }

    /// [`Store::verify_audit`], and that entry `seq` still has the fingerprint recorded for it
    /// (`fingerprint`, as [`Store::audit_head`] gave it): a log put back to an older copy of
    /// itself ends before that entry or holds another one there.
    pub fn verify_audit_expect(
        &self,
        seq: u64,
        fingerprint: &str,
    ) -> Result<AuditReport, StoreError> {
        let mut report = self.verify_audit()?;
        if report.fault.is_some() {
            return Ok(report);
        }
        let mac: Option<Vec<u8>> = self
            .conn
            .query_row(
                "SELECT mac FROM audit WHERE seq = ?1",
                [i64::try_from(seq).unwrap_or(i64::MAX)],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| sqlite_error(e, &self.db, "reading the audit log"))?;
        let problem = match mac {
            None => Some(format!(
                "missing: the log ends at entry {} but entry {seq} was recorded: it was cut back to an older copy",
                report.entries
            )),
            Some(mac) if fingerprint_of(&mac) != fingerprint.trim().to_lowercase() => {
                Some(format!(
                    "is not the entry recorded as {seq}:{}: the log was replaced by another copy",
                    fingerprint.trim()
                ))
            }
            Some(_) => None,
        };
        if let Some(problem) = problem {
            report.fault = Some(AuditFault { seq, problem });
            report.head = None;
        }
        Ok(report)
    }

    /// The log's head as stored: its last entry and that entry's fingerprint. Read without
    /// walking the chain (any user may print it; `verify_audit` checks it).
    pub fn audit_head(&self) -> Result<Option<(u64, String)>, StoreError> {
        match read_head(&self.conn, &self.session.keys)
            .map_err(|e| sqlite_error(e, &self.db, "reading the audit log's head"))?
        {
            Ok(head) => Ok(head.map(|(seq, mac)| (seq, fingerprint_of(&mac)))),
            Err(message) => Err(StoreError::AuditTampered { message }),
        }
    }

    /// The head as written in the store in `dir`, read without logging in (its tag is not
    /// checked here: `spmp audit verify` does). For the line the TUI prints as it ends.
    pub fn stored_head(dir: &std::path::Path) -> Result<Option<(u64, String)>, StoreError> {
        let text = super::open::meta_unlocked(dir, HEAD_KEY)?;
        Ok(text.and_then(|t| {
            let mut parts = t.split(':');
            let seq = parts.next()?.parse::<u64>().ok()?;
            let mac = unhex(parts.next()?)?;
            Some((seq, fingerprint_of(&mac)))
        }))
    }

    /// Every entry, oldest first (for `spmp audit export`). Supervisors and administrators.
    pub fn audit_log(&self) -> Result<Vec<AuditEntry>, StoreError> {
        self.require(Permission::ViewAudit)?;
        read_entries(&self.conn, &self.session.keys, &self.db, None)
    }

    /// The entries about one subject, oldest first. Supervisors and administrators.
    pub fn audit_trail(&self, id: SubjectId) -> Result<Vec<AuditEntry>, StoreError> {
        self.require(Permission::ViewAudit)?;
        read_entries(
            &self.conn,
            &self.session.keys,
            &self.db,
            Some(id_to_sql(id)?),
        )
    }
}

/// Trim `text`; refuse it empty or holding control characters.
pub(crate) fn required_text(text: &str, what: &str) -> Result<String, StoreError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(StoreError::Refused {
            message: format!("{what} is required"),
        });
    }
    if t.chars().any(char::is_control) {
        return Err(StoreError::Refused {
            message: format!("{what} must not hold control characters"),
        });
    }
    Ok(t.to_string())
}
