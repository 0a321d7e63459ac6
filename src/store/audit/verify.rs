//! `audit verify`: walk the whole chain, check every MAC, signature, subject reference and
//! binding, and that no record's revision is ahead of the log.
use crate::store::db::Connection;

use super::super::error::sqlite_error;
use super::super::{StoreError, id_to_sql};
use super::{
    AuditFault, AuditKind, AuditReport, GENESIS, Keys, Row, decode, entry_mac, fingerprint_of,
    high_id, read_head, subject_ref,
};

/// Walk the whole chain; stop at the first fault.
pub(in crate::store) fn verify(
    conn: &Connection,
    keys: &Keys,
    db: &std::path::Path,
) -> Result<AuditReport, StoreError> {
    let ctx = "verifying the audit log";
    let sql = |e| sqlite_error(e, db, ctx);
    let mut stmt = conn
        .prepare(
            "SELECT seq, subject_id, payload, mac, binding, signature, subject_ref
             FROM audit ORDER BY seq",
        )
        .map_err(sql)?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?),
                r.get::<_, Option<Vec<u8>>>(4)?,
                r.get::<_, Option<Vec<u8>>>(5)?,
                r.get::<_, Option<String>>(6)?,
            ))
        })
        .map_err(sql)?;
    let high_id = high_id(conn).map_err(sql)?;
    let mut signed = super::super::sign::Checker::new(conn, keys.identity.as_ref()).map_err(sql)?;
    let mut bound = super::super::bind::Bound::default();
    let mut prev_mac = GENESIS.to_vec();
    let mut expected_seq: u64 = 1;
    let mut entries = 0u64;
    let fault = |seq: u64, problem: String, entries: u64| AuditReport {
        entries,
        fault: Some(AuditFault { seq, problem }),
        head: None,
        awaiting: Vec::new(),
    };
    if let Some(problem) = signed.problem.take() {
        return Ok(fault(signed.from.unwrap_or(1), problem, 0));
    }
    // Record writes per subject (collections and alterations), to check against revisions.
    let mut writes: std::collections::HashMap<i64, u64> = std::collections::HashMap::new();
    for row in rows {
        let ((seq, column, payload, mac), binding, signature, reference): (
            Row,
            Option<Vec<u8>>,
            _,
            _,
        ) = row.map_err(sql)?;
        let Ok(seq) = u64::try_from(seq) else {
            return Ok(fault(
                expected_seq,
                format!("an entry has the invalid number {seq}"),
                entries,
            ));
        };
        if seq != expected_seq {
            let problem = if seq > expected_seq {
                format!("missing (the next entry present is {seq}): entries were removed")
            } else {
                format!("out of order (found {seq})")
            };
            return Ok(fault(expected_seq, problem, entries));
        }
        let expected = entry_mac(
            keys,
            &prev_mac,
            seq,
            column,
            &payload,
            binding.as_deref(),
            reference.as_deref(),
        );
        if !bool::from(subtle::ConstantTimeEq::ct_eq(&expected[..], &mac[..])) {
            return Ok(fault(
                seq,
                "does not match the chain: it was altered, inserted, moved, or an entry before it was removed"
                    .to_string(),
                entries,
            ));
        }
        match decode(keys, seq, column, &payload) {
            Err(problem) => {
                return Ok(fault(seq, format!("does not decrypt: {problem}"), entries));
            }
            Ok(e) => {
                if let Err(problem) = signed.check(seq, &mac, &e.actor, signature.as_deref()) {
                    return Ok(fault(seq, problem, entries));
                }
                // The row's reference is the sealed subject's (an entry of format 1 has none).
                if column.is_none() && reference != e.subject.map(|id| subject_ref(keys, id)) {
                    return Ok(fault(
                        seq,
                        "its subject reference does not match the subject sealed in it".to_string(),
                        entries,
                    ));
                }
                let subject = e.subject.map(id_to_sql).transpose()?;
                if subject.is_some_and(|id| id > high_id) {
                    return Ok(fault(
                        seq,
                        format!(
                            "names subject {} but the store's record of the highest id it has given out was lowered to {high_id}: erased subjects' ids could be given out again",
                            subject.unwrap_or_default()
                        ),
                        entries,
                    ));
                }
                if let (Some(id), AuditKind::Collection | AuditKind::Alteration) = (subject, e.kind)
                {
                    *writes.entry(id).or_default() += 1;
                }
                if let Some(b) = &binding {
                    let Some(b) = super::super::bind::Binding::parse(b) else {
                        return Ok(fault(seq, "has a malformed binding".to_string(), entries));
                    };
                    bound.add(subject, e.kind, b);
                } else if let (Some(id), AuditKind::Combination | AuditKind::Erasure) =
                    (subject, e.kind)
                {
                    bound.unbind(id);
                }
            }
        }
        prev_mac = mac;
        expected_seq += 1;
        entries += 1;
    }
    let last = expected_seq - 1;
    match read_head(conn, keys).map_err(sql)? {
        Err(problem) => Ok(fault(last + 1, problem, entries)),
        // Every store's log starts with its creation and every append writes the head: no head
        // means entries (possibly all of them) were removed from the end along with it.
        Ok(None) => Ok(fault(
            last + 1,
            "missing: the log's head record is gone, so entries were removed from its end"
                .to_string(),
            entries,
        )),
        Ok(Some((head_seq, head_mac))) => {
            if head_seq > last {
                Ok(fault(
                    last + 1,
                    format!(
                        "missing: the log should end at entry {head_seq}, entries were removed from its end"
                    ),
                    entries,
                ))
            } else if head_seq < last || head_mac != prev_mac {
                Ok(fault(
                    head_seq + 1,
                    "was added after the log's recorded end without the key".to_string(),
                    entries,
                ))
            } else if let Some(problem) = revisions_unlogged(conn, &writes).map_err(sql)? {
                Ok(fault(last + 1, problem, entries))
            } else if let Some(problem) = bound.check(conn).map_err(sql)? {
                Ok(fault(last + 1, problem, entries))
            } else {
                Ok(AuditReport {
                    entries,
                    fault: None,
                    head: Some((head_seq, fingerprint_of(&head_mac))),
                    awaiting: signed.awaiting,
                })
            }
        }
    }
}

/// Every save of a record bumps its revision and writes one audit entry in the same
/// transaction: a record at a revision higher than the log's count of its writes had entries
/// removed (e.g. the tail cut and an older head put back). `None` when every record agrees.
fn revisions_unlogged(
    conn: &Connection,
    writes: &std::collections::HashMap<i64, u64>,
) -> crate::store::db::Result<Option<String>> {
    let mut stmt = conn.prepare("SELECT id, version FROM subjects ORDER BY id")?;
    let rows: Vec<(i64, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<crate::store::db::Result<_>>()?;
    for (id, version) in rows {
        let logged = writes.get(&id).copied().unwrap_or(0);
        if u64::try_from(version).unwrap_or(0) > logged {
            return Ok(Some(format!(
                "missing: subject {id} is at revision {version} but the log holds only {logged} \
                 change(s) to it: entries were removed (an older copy of the log put back?)"
            )));
        }
    }
    Ok(None)
}
