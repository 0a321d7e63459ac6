//! The first administrator of a store: everything the store already holds encrypted, the
//! audit chain started.
use crate::store::db::{Connection, params};

use super::super::audit::{self, AuditEvent, AuditKind};
use super::super::codec;
use super::super::crypto::KdfParams;
use super::super::error::sqlite_error;
use super::super::history::{HistoryRecord, history_context};
use super::super::users::{self, Login, Session};
use super::super::{StoreError, begin, seal, subject_context};
use crate::domain::Role;

/// Create the first user (the administrator) of a store that has none, in one transaction:
/// make the data key, encrypt whatever the store already holds (records, drafts, and the
/// plaintext history and audit of schema 2, which are then dropped), start the audit chain.
/// With `secure_delete` on and a checkpoint after, no plaintext is left in the files.
pub(crate) fn initialise(
    conn: &mut Connection,
    db: &std::path::Path,
    login: &Login,
    roles: &[Role],
    kdf: &KdfParams,
) -> Result<Session, StoreError> {
    let ctx = "creating the administrator";
    let sql = |e| sqlite_error(e, db, ctx);
    let tx = begin(conn).map_err(sql)?;
    let mut session = users::create_first(&tx, db, login, roles, kdf)?;
    let keys = &session.keys;
    let actor = session.actor.name.clone();

    let subjects: Vec<(i64, Vec<u8>)> = tx
        .prepare("SELECT id, payload FROM subjects ORDER BY id")
        .and_then(|mut st| st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
        .map_err(sql)?;
    if subjects.is_empty() {
        super::super::summaries::mark_current(&tx).map_err(sql)?;
    }
    for (id, payload) in &subjects {
        let sealed = seal(keys, &subject_context(*id), payload)?;
        tx.execute(
            "UPDATE subjects SET payload = ?2 WHERE id = ?1",
            params![id, sealed],
        )
        .map_err(sql)?;
    }

    let legacy = |table: &str| -> crate::store::db::Result<bool> {
        // A server store starts at the current schema: it has no tables of older versions.
        if tx.sqlite().is_none() {
            return Ok(false);
        }
        tx.query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1",
            [table],
            |r| r.get::<_, i64>(0),
        )
        .map(|n| n > 0)
    };
    if legacy("legacy_history").map_err(sql)? {
        type Old = (i64, String, String, String, Vec<u8>);
        let rows: Vec<Old> = tx
            .prepare(
                "SELECT subject_id, at, actor, summary, payload FROM legacy_history ORDER BY seq",
            )
            .and_then(|mut st| {
                st.query_map([], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })?
                .collect()
            })
            .map_err(sql)?;
        for (subject_id, at, actor, summary, changes) in rows {
            let record = HistoryRecord {
                at,
                actor,
                summary,
                changes,
            };
            let sealed = seal(
                keys,
                &history_context(subject_id),
                &codec::encode_value(&record)?,
            )?;
            tx.execute(
                "INSERT INTO history (subject_id, payload) VALUES (?1, ?2)",
                params![subject_id, sealed],
            )
            .map_err(sql)?;
        }
        tx.execute_batch("DROP TABLE legacy_history").map_err(sql)?;
    }
    if legacy("legacy_audit").map_err(sql)? {
        type Old = (String, String, String, Option<i64>);
        let rows: Vec<Old> = tx
            .prepare("SELECT at, actor, action, subject_id FROM legacy_audit ORDER BY seq")
            .and_then(|mut st| {
                st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                    .collect()
            })
            .map_err(sql)?;
        for (at, old_actor, action, subject_id) in rows {
            let what = format!("{action} (at {at}, recorded before encryption)");
            audit::append(
                &tx,
                keys,
                db,
                &old_actor,
                AuditKind::Alteration,
                &AuditEvent {
                    subject: subject_id.map(super::super::id_from_sql),
                    what: &what,
                    ..Default::default()
                },
            )?;
        }
        tx.execute_batch("DROP TABLE legacy_audit").map_err(sql)?;
    }

    // From now on every save writes one audit entry and bumps the revision by one, and
    // `verify_audit` checks the two agree. Older stores may not have kept that exactly, so each
    // record's revision restarts at its count of logged writes (a record with none gets one
    // entry saying it was carried over).
    for (id, _) in &subjects {
        let logged: i64 = tx
            .query_row(
                "SELECT count(*) FROM audit WHERE subject_id = ?1 OR subject_ref = ?2",
                params![id, audit::subject_ref(keys, super::super::id_from_sql(*id))],
                |r| r.get(0),
            )
            .map_err(sql)?;
        let logged = if logged == 0 {
            audit::append(
                &tx,
                keys,
                db,
                &actor,
                AuditKind::Collection,
                &AuditEvent {
                    subject: Some(super::super::id_from_sql(*id)),
                    what: "Carried over from an unencrypted store",
                    ..Default::default()
                },
            )?;
            1
        } else {
            logged
        };
        tx.execute(
            "UPDATE subjects SET version = ?2 WHERE id = ?1",
            params![id, logged],
        )
        .map_err(sql)?;
    }

    // Drafts typed before accounts existed become the administrator's.
    let drafts: Vec<(String, Vec<u8>)> = tx
        .prepare("SELECT key, payload FROM drafts")
        .and_then(|mut st| st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
        .map_err(sql)?;
    for (key, payload) in drafts {
        let owned = format!("{actor}\u{1f}{key}");
        let sealed = seal(keys, &format!("drafts/{owned}"), &payload)?;
        tx.execute(
            "UPDATE drafts SET key = ?2, payload = ?3 WHERE key = ?1",
            params![key, owned, sealed],
        )
        .map_err(sql)?;
    }

    // Keys follow roles from the start.
    super::super::split::split_store(&tx, db, keys, false)?;

    let what = if subjects.is_empty() {
        format!("Created the store with administrator {actor}")
    } else {
        format!(
            "Encrypted the store ({} subject records) and made {actor} its administrator",
            subjects.len()
        )
    };
    // Signing begins with the entry recording this (the entries carried over from an older
    // store before it keep their MACs): the administrator's key is the root, in their wrap.
    let root = super::super::sign::begin(&tx, db, &actor)?;
    let wrap = session
        .keys
        .wrap(&actor, &login.passphrase, kdf, true, Some(&root))
        .map_err(|e| StoreError::Crypto {
            what: "wrapping the key".to_string(),
            source: e,
        })?;
    tx.execute(
        "UPDATE users SET wrap = ?2 WHERE name = ?1",
        params![actor, wrap],
    )
    .map_err(sql)?;
    session.keys.identity = Some(root);
    let keys = &session.keys;
    // The administrator's row is vouched for from the first entry on.
    let (wrap, profile): (Option<Vec<u8>>, Vec<u8>) = tx
        .query_row(
            "SELECT wrap, profile FROM users WHERE name = ?1",
            [&actor],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map_err(sql)?;
    let binding = super::super::bind::Binding {
        user: Some((
            actor.clone(),
            super::super::bind::user_digest(&actor, wrap.as_deref(), &profile),
        )),
        ..Default::default()
    };
    audit::append(
        &tx,
        keys,
        db,
        &actor,
        AuditKind::Store,
        &AuditEvent {
            what: &what,
            binding: Some(binding.encode()),
            ..Default::default()
        },
    )?;
    tx.commit().map_err(sql)?;
    Ok(session)
}
