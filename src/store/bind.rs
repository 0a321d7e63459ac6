//! What an audit entry binds of the rows it wrote, so that putting back an older copy of a row
//! (a record's older ciphertext, a history row removed, duplicated or swapped, a disabled user's
//! old wrap and profile) is caught by `spmp audit verify` even when the row itself still opens.
//!
//! An entry's `binding` column holds, covered by its MAC: for a record write, `R` and the digest
//! of the subject row (both halves) and, when a history row was written, `H`, its sequence
//! number and digest; for an account change, `U`, the user name and the digest of their row.
//! Entries written before bindings existed have none: those rows are bound from their next
//! write.
use crate::store::db::Connection;

use super::audit::AuditKind;
use super::crypto::digest;

/// A parsed binding.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct Binding {
    pub record: Option<[u8; 32]>,
    pub history: Option<(i64, [u8; 32])>,
    pub user: Option<(String, [u8; 32])>,
}

/// The digest of subject row `id`.
pub(super) fn record_digest(id: i64, payload: &[u8], restricted: Option<&[u8]>) -> [u8; 32] {
    digest(&[
        b"subject",
        &id.to_le_bytes(),
        payload,
        restricted.unwrap_or_default(),
    ])
}

/// The digest of history row `seq`.
pub(super) fn history_digest(
    seq: i64,
    subject: i64,
    payload: &[u8],
    restricted: Option<&[u8]>,
) -> [u8; 32] {
    digest(&[
        b"history",
        &seq.to_le_bytes(),
        &subject.to_le_bytes(),
        payload,
        restricted.unwrap_or_default(),
    ])
}

/// The digest of user row `name`.
pub(super) fn user_digest(name: &str, wrap: Option<&[u8]>, profile: &[u8]) -> [u8; 32] {
    digest(&[
        b"user",
        name.as_bytes(),
        wrap.unwrap_or_default(),
        &[u8::from(wrap.is_some())],
        profile,
    ])
}

impl Binding {
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        if let Some(r) = &self.record {
            out.push(b'R');
            out.extend_from_slice(r);
        }
        if let Some((seq, h)) = &self.history {
            out.push(b'H');
            out.extend_from_slice(&seq.to_le_bytes());
            out.extend_from_slice(h);
        }
        if let Some((name, u)) = &self.user {
            out.push(b'U');
            let len = u16::try_from(name.len()).unwrap_or(u16::MAX);
            out.extend_from_slice(&len.to_le_bytes());
            out.extend_from_slice(&name.as_bytes()[..usize::from(len)]);
            out.extend_from_slice(u);
        }
        out
    }

    /// Read a binding; `None` if malformed.
    pub fn parse(mut bytes: &[u8]) -> Option<Binding> {
        fn take<'a>(bytes: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
            if bytes.len() < n {
                return None;
            }
            let (head, rest) = bytes.split_at(n);
            *bytes = rest;
            Some(head)
        }
        let mut b = Binding::default();
        while let Some((&tag, rest)) = bytes.split_first() {
            bytes = rest;
            match tag {
                b'R' => b.record = Some(take(&mut bytes, 32)?.try_into().ok()?),
                b'H' => {
                    let seq = i64::from_le_bytes(take(&mut bytes, 8)?.try_into().ok()?);
                    b.history = Some((seq, take(&mut bytes, 32)?.try_into().ok()?));
                }
                b'U' => {
                    let len = u16::from_le_bytes(take(&mut bytes, 2)?.try_into().ok()?);
                    let name =
                        String::from_utf8(take(&mut bytes, usize::from(len))?.to_vec()).ok()?;
                    b.user = Some((name, take(&mut bytes, 32)?.try_into().ok()?));
                }
                _ => return None,
            }
        }
        Some(b)
    }
}

/// What the log binds of the rows, as it was last written .
#[derive(Default)]
pub(super) struct Bound {
    /// Subject row id -> digest of the row as the last record-writing entry left it.
    records: std::collections::HashMap<i64, [u8; 32]>,
    /// History row seq -> (subject, digest).
    history: std::collections::BTreeMap<i64, (i64, [u8; 32])>,
    /// User name -> digest of their row.
    users: std::collections::HashMap<String, [u8; 32]>,
    /// Subjects whose rows were combined or removed: their history rows moved or went.
    unbound: std::collections::HashSet<i64>,
}

impl Bound {
    pub(super) fn add(&mut self, subject: Option<i64>, kind: AuditKind, b: Binding) {
        if let (Some(id), AuditKind::Combination | AuditKind::Erasure) = (subject, kind) {
            self.unbind(id);
        }
        if let (Some(id), Some(r)) = (subject, b.record) {
            self.records.insert(id, r);
        }
        if let (Some(id), Some((seq, h))) = (subject, b.history) {
            self.history.insert(seq, (id, h));
        }
        if let Some((name, u)) = b.user {
            self.users.insert(name, u);
        }
    }

    pub(super) fn unbind(&mut self, id: i64) {
        self.records.remove(&id);
        self.unbound.insert(id);
    }

    /// Each bound row as the log last wrote it: `Some(problem)` for the first that is not.
    pub(super) fn check(&self, conn: &Connection) -> crate::store::db::Result<Option<String>> {
        let mut stmt = conn.prepare("SELECT id, payload, restricted FROM subjects")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Vec<u8>>(1)?,
                r.get::<_, Option<Vec<u8>>>(2)?,
            ))
        })?;
        for row in rows {
            let (id, payload, restricted) = row?;
            if let Some(expected) = self.records.get(&id)
                && record_digest(id, &payload, restricted.as_deref()) != *expected
            {
                return Ok(Some(format!(
                    "subject {id}'s record is not the one the log last wrote: an older or altered copy of it was put back"
                )));
            }
        }
        let first = self.history.keys().next().copied();
        let mut seen = std::collections::HashSet::new();
        let mut stmt = conn.prepare("SELECT seq, subject_id, payload, restricted FROM history")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Vec<u8>>(2)?,
                r.get::<_, Option<Vec<u8>>>(3)?,
            ))
        })?;
        for row in rows {
            let (seq, subject, payload, restricted) = row?;
            if self.unbound.contains(&subject) {
                continue;
            }
            match self.history.get(&seq) {
                Some((_, expected)) => {
                    if history_digest(seq, subject, &payload, restricted.as_deref()) != *expected {
                        return Ok(Some(format!(
                            "history entry {seq} is not the one the log wrote: it was altered, moved or swapped"
                        )));
                    }
                    seen.insert(seq);
                }
                None if first.is_some_and(|f| seq > f) => {
                    return Ok(Some(format!(
                        "history entry {seq} has no audit entry: it was inserted or copied"
                    )));
                }
                None => {}
            }
        }
        for (seq, (subject, _)) in &self.history {
            if !seen.contains(seq) && !self.unbound.contains(subject) {
                return Ok(Some(format!(
                    "history entry {seq} of subject {subject} is missing: it was removed"
                )));
            }
        }
        let mut stmt = conn.prepare("SELECT name, wrap, profile FROM users")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<Vec<u8>>>(1)?,
                r.get::<_, Vec<u8>>(2)?,
            ))
        })?;
        let mut users = std::collections::HashSet::new();
        for row in rows {
            let (name, wrap, profile) = row?;
            if let Some(expected) = self.users.get(&name)
                && user_digest(&name, wrap.as_deref(), &profile) != *expected
            {
                return Ok(Some(format!(
                    "user {name}'s account is not as the log last recorded it: an older wrap or profile was put back (e.g. a disabled account re-enabled by hand)"
                )));
            }
            users.insert(name);
        }
        if let Some(name) = self.users.keys().find(|n| !users.contains(*n)) {
            return Ok(Some(format!(
                "user {name}'s account was removed from the store"
            )));
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_binding_reads_back_and_garbage_does_not() {
        let b = Binding {
            record: Some([1; 32]),
            history: Some((42, [2; 32])),
            user: Some(("ana".to_string(), [3; 32])),
        };
        assert_eq!(Binding::parse(&b.encode()), Some(b));
        assert_eq!(Binding::parse(b"X"), None);
        assert_eq!(Binding::parse(b"R123"), None);
        assert_ne!(
            record_digest(1, b"a", Some(b"b")),
            record_digest(1, b"ab", None)
        );
    }
}
