//! An insider's tools, for the tamper tests: what someone holding one user's passphrase and
//! the store file can do to the audit log with their own program. They can open every entry
//! and recompute every MAC (the general key is in their wrap) and sign with their own key;
//! they cannot sign as anyone else. Never used by the app.
use std::path::Path;

use crate::store::db::{Connection, params};

use super::super::audit::{self, AuditRecord};
use super::super::crypto::{Keys, Passphrase};
use super::super::identity::Identity;
use super::super::{StoreError, sign};

/// How a rewritten entry is signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resign {
    /// Keep the signature it had.
    Keep,
    /// Sign with the insider's own key.
    Mine,
    /// Sign with a new key recorded under the entry's actor's name, certified by the insider.
    FakeKey,
    /// No signature.
    Strip,
}

/// One entry as the insider sees it.
#[derive(Debug, Clone)]
pub struct Forged {
    pub subject: Option<i64>,
    pub actor: String,
    pub what: String,
    pub binding: Option<Vec<u8>>,
    pub signature: Option<Vec<u8>>,
    pub resign: Resign,
    record: AuditRecord,
    seq: u64,
    payload: Vec<u8>,
    reference: Option<String>,
}

fn forge_error(message: impl Into<String>) -> StoreError {
    StoreError::Refused {
        message: message.into(),
    }
}

/// Open the log as `user` (with `passphrase`), let `edit` change its entries, then write the
/// log back renumbered, re-sealed and re-chained with the general key, and re-signed as each
/// entry's [`Resign`] says. With `fake_root`, the insider also replaces the store's root key
/// and every signing key with keys of their own making, and re-signs every entry.
pub fn rewrite_log(
    dir: &Path,
    user: &str,
    passphrase: &str,
    fake_root: bool,
    edit: impl FnOnce(&mut Vec<Forged>),
) -> Result<(), StoreError> {
    let conn = rusqlite::Connection::open(dir.join(super::super::DB_FILE))
        .map(Connection::Sqlite)
        .map_err(|e| forge_error(e.to_string()))?;
    let sql = |e: crate::store::db::Error| forge_error(e.to_string());
    let wrap: Vec<u8> = conn
        .query_row("SELECT wrap FROM users WHERE name = ?1", [user], |r| {
            r.get(0)
        })
        .map_err(sql)?;
    let keys = Keys::unwrap(&wrap, user, &Passphrase::new(passphrase))
        .map_err(|e| forge_error(e.to_string()))?;
    let mine = keys.identity.as_ref();
    type Row = (
        i64,
        Option<i64>,
        Vec<u8>,
        Option<Vec<u8>>,
        Option<Vec<u8>>,
        Option<String>,
    );
    let rows: Vec<Row> = conn
        .prepare(
            "SELECT seq, subject_id, payload, binding, signature, subject_ref
             FROM audit ORDER BY seq",
        )
        .and_then(|mut s| {
            s.query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })?
            .collect()
        })
        .map_err(sql)?;
    let mut entries = Vec::new();
    for (seq, subject, payload, binding, signature, reference) in rows {
        let plain = keys
            .open(&audit::context(seq as u64), &payload)
            .map_err(|e| forge_error(e.to_string()))?;
        let record: AuditRecord = audit::decode_record(&plain)?;
        entries.push(Forged {
            subject,
            actor: record.actor.clone(),
            what: record.what.clone(),
            binding,
            signature,
            resign: Resign::Keep,
            record,
            seq: seq as u64,
            payload,
            reference,
        });
    }
    edit(&mut entries);
    let tx = conn.unchecked_transaction().map_err(sql)?;
    let db = dir.join(super::super::DB_FILE);
    let mut fakes: Vec<(String, Identity)> = Vec::new();
    let from = sign::read_anchor(&tx)
        .map_err(sql)?
        .signed_from
        .unwrap_or(1);
    let root = if fake_root {
        tx.execute("DELETE FROM signers", []).map_err(sql)?;
        let root = Identity::generate(None, from).map_err(|e| forge_error(e.to_string()))?;
        sign::register(&tx, &db, user, &root, true, Some(&root))?;
        tx.execute(
            "UPDATE meta SET value = ?2 WHERE key = ?1",
            params![sign::ROOT_KEY, sign::hex(&root.public())],
        )
        .map_err(sql)?;
        Some(root)
    } else {
        None
    };
    tx.execute("DELETE FROM audit", []).map_err(sql)?;
    let mut prev = vec![0u8; 32];
    let mut seq = 0u64;
    for mut e in entries {
        seq += 1;
        // An entry left as it was, where it was, keeps its sealed bytes.
        let unchanged = e.seq == seq && e.record.actor == e.actor && e.record.what == e.what;
        e.record.actor = e.actor.clone();
        e.record.what = e.what.clone();
        let payload = if unchanged {
            e.payload.clone()
        } else {
            keys.seal(&audit::context(seq), &audit::encode_record(&e.record)?)
                .map_err(|e| forge_error(e.to_string()))?
        };
        let mac = audit::entry_mac(
            &keys,
            &prev,
            seq,
            e.subject,
            &payload,
            e.binding.as_deref(),
            e.reference.as_deref(),
        );
        let seq_bytes = seq.to_le_bytes();
        let parts = sign::entry_parts(&seq_bytes, &mac);
        let resign = if fake_root { Resign::FakeKey } else { e.resign };
        let signature = match resign {
            Resign::Keep => e.signature.clone(),
            Resign::Strip => None,
            Resign::Mine => mine.map(|id| id.sign(&parts).to_vec()),
            Resign::FakeKey => {
                if !fakes.iter().any(|(n, _)| *n == e.actor) {
                    let certifier = root.as_ref().or(mine);
                    let key =
                        Identity::generate(None, from).map_err(|e| forge_error(e.to_string()))?;
                    sign::register(&tx, &db, &e.actor, &key, true, certifier)?;
                    fakes.push((e.actor.clone(), key));
                }
                fakes
                    .iter()
                    .find(|(n, _)| *n == e.actor)
                    .map(|(_, k)| k.sign(&parts).to_vec())
            }
        };
        tx.execute(
            "INSERT INTO audit (seq, subject_id, payload, mac, binding, signature, subject_ref)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                seq as i64,
                e.subject,
                payload,
                &mac[..],
                e.binding,
                signature,
                e.reference
            ],
        )
        .map_err(sql)?;
        prev = mac.to_vec();
    }
    let head = format!(
        "{seq}:{}:{}",
        audit::hex(&prev),
        audit::hex(&audit::head_tag(&keys, seq, &prev))
    );
    tx.execute(
        "UPDATE meta SET value = ?2 WHERE key = ?1",
        params![audit::HEAD_KEY, head],
    )
    .map_err(sql)?;
    tx.commit().map_err(sql)
}
