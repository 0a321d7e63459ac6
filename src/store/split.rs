//! Keys follow roles: what a role without [`Permission::ViewRestricted`] may not read is never
//! under the key every user holds.
//!
//! A subject row holds two sealed values: `payload`, the record as such a role sees it
//! ([`redact`]: protected persons' restricted fields hidden and their values withheld from free
//! text), under the general key; and `restricted`, the whole record, under the restricted key,
//! present only when the two differ. A history row is split the same way (its changes as such a
//! role sees them, and the whole entry). Drafts, which only editors have, are sealed under the
//! restricted key. A viewer's wrap holds the general key alone, so with the files and a
//! viewer's passphrase no restricted value can be decrypted.
//!
//! A subject's halves are sealed at their row *and revision* (`subjects/17@5`), so the plain
//! `version` column cannot be changed without the record failing to open.
//!
//! A store made before the split is split at the first login after the upgrade
//! ([`split_store`]), in one transaction.
use crate::store::db::{Connection, OptionalExtension, Transaction, params};
use zeroize::Zeroizing;

use super::crypto::KdfParams;
use super::crypto::Keys;
use super::error::sqlite_error;
use super::history::{HistoryRecord, history_context};
use super::users::{self, Login, Session};
use super::{StoreError, begin, codec, record_context, subject_context};
use crate::domain::{Change, Scrubber, Subject, redact, redact_changes};

/// `meta` key: present once the store's data is split by role ("1").
pub(super) const SPLIT_KEY: &str = "restricted_split";
/// `meta` key: the restricted key sealed under the general key, for users whose wraps predate
/// it, until each has logged in once (then deleted). See docs/SECURITY.md.
pub(super) const PENDING_KEY: &str = "restricted_pending";
const PENDING_CONTEXT: &str = "meta/restricted_pending";

/// Where the restricted half of a value is sealed.
pub(super) fn restricted_context(general: &str) -> String {
    format!("{general}/restricted")
}

/// A value sealed in two halves.
#[derive(Debug)]
pub(super) struct Sealed {
    pub general: Vec<u8>,
    pub restricted: Option<Vec<u8>>,
}

fn crypto(what: String) -> impl FnOnce(super::crypto::CryptoError) -> StoreError {
    move |source| StoreError::Crypto { what, source }
}

/// Seal subject `subject` (stored at row `id`): the record as a viewer sees it under the
/// general key, and the whole record under the restricted key when they differ.
pub(super) fn seal_subject(
    keys: &Keys,
    id: i64,
    version: i64,
    subject: &Subject,
) -> Result<Sealed, StoreError> {
    let mut seen = subject.clone();
    redact(&mut seen);
    seal_halves(keys, &record_context(id, version), subject, &seen)
}

/// Seal encoded halves at `context`: `general` (the value as a viewer sees it) under the general
/// key and `whole` under the restricted key, or `whole` alone under the general key when there
/// is no separate general half.
pub(super) fn seal_encoded(
    keys: &Keys,
    context: &str,
    whole: &[u8],
    general: Option<&[u8]>,
) -> Result<Sealed, StoreError> {
    let Some(general) = general else {
        return Ok(Sealed {
            general: keys
                .seal(context, whole)
                .map_err(crypto(format!("encrypting {context}")))?,
            restricted: None,
        });
    };
    let rcontext = restricted_context(context);
    Ok(Sealed {
        general: keys
            .seal(context, general)
            .map_err(crypto(format!("encrypting {context}")))?,
        restricted: Some(
            keys.seal_restricted(&rcontext, whole)
                .map_err(crypto(format!("encrypting {rcontext}")))?,
        ),
    })
}

/// `whole` and `seen` (the same value as a role without restricted access sees it) sealed at
/// `context`: `seen` under the general key, `whole` under the restricted key when they differ.
fn seal_halves(
    keys: &Keys,
    context: &str,
    whole: &Subject,
    seen: &Subject,
) -> Result<Sealed, StoreError> {
    let full = codec::encode_subject(whole)?;
    let general = if seen == whole {
        None
    } else {
        Some(codec::encode_redacted(seen)?)
    };
    seal_encoded(keys, context, &full, general.as_deref())
}

/// Open subject row `id`: the whole record when `whole` (the reader's role may see restricted
/// data) and there is a restricted half, else the general half (redacted again for a reader
/// who may not see restricted data). An error is a message for [`StoreError::Corrupt`].
pub(super) fn open_subject(
    keys: &Keys,
    id: i64,
    version: i64,
    general: &[u8],
    restricted: Option<&[u8]>,
    whole: bool,
) -> Result<Subject, String> {
    open_halves(
        keys,
        &record_context(id, version),
        general,
        restricted,
        whole,
    )
}

pub(super) fn open_halves(
    keys: &Keys,
    context: &str,
    general: &[u8],
    restricted: Option<&[u8]>,
    whole: bool,
) -> Result<Subject, String> {
    let plain: Zeroizing<Vec<u8>> = match (whole, restricted) {
        (true, Some(r)) => {
            // The general half must still open: a damaged row is damaged for every reader.
            keys.open(context, general).map_err(|e| e.to_string())?;
            keys.open_restricted(&restricted_context(context), r)
                .map_err(|e| e.to_string())?
        }
        _ => keys.open(context, general).map_err(|e| e.to_string())?,
    };
    let mut subject = codec::decode_subject(&plain).map_err(|e| e.to_string())?;
    if !whole {
        redact(&mut subject);
    }
    Ok(subject)
}

/// Seal one history entry of subject row `id`: the entry as a viewer sees it (restricted
/// changes hidden, restricted values of `record` and of the changes withheld from the rest)
/// under the general key, and the whole entry under the restricted key when they differ.
pub(super) fn seal_history(
    keys: &Keys,
    id: i64,
    entry: &HistoryRecord,
    changes: &[Change],
    record: Option<&Subject>,
) -> Result<Sealed, StoreError> {
    let context = history_context(id);
    let mut seen = changes.to_vec();
    redact_changes(&mut seen);
    Scrubber::for_history(record, changes.iter()).scrub_changes(&mut seen);
    let whole = codec::encode_value(entry)?;
    let general = keys
        .seal(&context, &whole_or(entry, &seen, changes, &whole)?)
        .map_err(crypto(format!("encrypting {context}")))?;
    if seen == changes {
        return Ok(Sealed {
            general,
            restricted: None,
        });
    }
    let rcontext = restricted_context(&context);
    Ok(Sealed {
        general,
        restricted: Some(
            keys.seal_restricted(&rcontext, &whole)
                .map_err(crypto(format!("encrypting {rcontext}")))?,
        ),
    })
}

/// The encoded entry with `seen` as its changes, or `whole` when nothing was withheld.
fn whole_or(
    entry: &HistoryRecord,
    seen: &[Change],
    changes: &[Change],
    whole: &[u8],
) -> Result<Vec<u8>, StoreError> {
    if seen == changes {
        return Ok(whole.to_vec());
    }
    let general = HistoryRecord {
        changes: codec::encode_changes(seen)?,
        ..entry.clone()
    };
    Ok(codec::encode_value(&general)?)
}

/// Open a history row of subject row `id`: the whole entry when `whole` and there is a
/// restricted half, else the general half.
pub(super) fn open_history_row(
    keys: &Keys,
    id: i64,
    general: &[u8],
    restricted: Option<&[u8]>,
    whole: bool,
) -> Result<(HistoryRecord, Vec<Change>), String> {
    match (whole, restricted) {
        (true, Some(r)) => {
            let plain = keys
                .open_restricted(&restricted_context(&history_context(id)), r)
                .map_err(|e| e.to_string())?;
            let record: HistoryRecord = codec::decode_value(&plain).map_err(|e| e.to_string())?;
            let changes = codec::decode_changes(&record.changes).map_err(|e| e.to_string())?;
            Ok((record, changes))
        }
        _ => super::history::open_history(keys, id, general),
    }
}

/// Whether the store's data is split by role yet.
pub(super) fn is_split(conn: &Connection) -> crate::store::db::Result<bool> {
    Ok(conn
        .query_row("SELECT 1 FROM meta WHERE key = ?1", [SPLIT_KEY], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Mark a new store as split from the start.
pub(super) fn mark_split(tx: &Transaction<'_>) -> crate::store::db::Result<()> {
    tx.execute(
        "INSERT INTO meta (key, value) VALUES (?1, '1') \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [SPLIT_KEY],
    )?;
    Ok(())
}

/// Split a store made before keys followed roles, inside `tx`, with `keys` (which must hold
/// the new restricted key): every record, history entry and draft re-sealed. `pending`: keep
/// the restricted key for users whose wraps predate it.
pub(super) fn split_store(
    tx: &Transaction<'_>,
    db: &std::path::Path,
    keys: &Keys,
    pending: bool,
) -> Result<(), StoreError> {
    let ctx = "splitting the store's data by role";
    let sql = |e| sqlite_error(e, db, ctx);
    let rows: Vec<(i64, i64, Vec<u8>)> = tx
        .prepare("SELECT id, version, payload FROM subjects ORDER BY id")
        .and_then(|mut s| {
            s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<crate::store::db::Result<_>>()
        })
        .map_err(sql)?;
    let mut records = std::collections::HashMap::new();
    for (id, version, payload) in rows {
        // Sealed before the split: whole, at its row alone. A record that does not open stays
        // as it is; one that opens but does not decode is moved to its new place as it is, so
        // it still reports what is wrong with it (verify names both).
        let Ok(plain) = keys.open(&subject_context(id), &payload) else {
            continue;
        };
        let sealed = match codec::decode_subject(&plain) {
            Ok(subject) => {
                let sealed = seal_subject(keys, id, version, &subject)?;
                records.insert(id, subject);
                sealed
            }
            Err(_) => {
                let context = record_context(id, version);
                Sealed {
                    general: keys
                        .seal(&context, &plain)
                        .map_err(crypto(format!("encrypting {context}")))?,
                    restricted: None,
                }
            }
        };
        tx.execute(
            "UPDATE subjects SET payload = ?2, restricted = ?3 WHERE id = ?1",
            params![id, sealed.general, sealed.restricted],
        )
        .map_err(sql)?;
    }
    let rows: Vec<(i64, i64, Vec<u8>)> = tx
        .prepare("SELECT seq, subject_id, payload FROM history ORDER BY seq")
        .and_then(|mut s| {
            s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<crate::store::db::Result<_>>()
        })
        .map_err(sql)?;
    for (seq, id, payload) in rows {
        let Ok((entry, changes)) = super::history::open_history(keys, id, &payload) else {
            continue;
        };
        let sealed = seal_history(keys, id, &entry, &changes, records.get(&id))?;
        tx.execute(
            "UPDATE history SET payload = ?2, restricted = ?3 WHERE seq = ?1",
            params![seq, sealed.general, sealed.restricted],
        )
        .map_err(sql)?;
    }
    let rows: Vec<(String, Vec<u8>)> = tx
        .prepare("SELECT key, payload FROM drafts")
        .and_then(|mut s| {
            s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<crate::store::db::Result<_>>()
        })
        .map_err(sql)?;
    for (key, payload) in rows {
        let context = super::drafts::draft_context(&key);
        let Ok(plain) = keys.open(&context, &payload) else {
            continue;
        };
        let resealed = keys
            .seal_restricted(&context, &plain)
            .map_err(crypto(format!("encrypting {context}")))?;
        tx.execute(
            "UPDATE drafts SET payload = ?2 WHERE key = ?1",
            params![key, resealed],
        )
        .map_err(sql)?;
    }
    if pending {
        let sealed = keys
            .seal_restricted_key(PENDING_CONTEXT)
            .map_err(crypto("keeping the restricted key".to_string()))?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![PENDING_KEY, hex(&sealed)],
        )
        .map_err(sql)?;
    }
    mark_split(tx).map_err(sql)
}

/// The restricted key kept for users whose wraps predate it, if still kept.
pub(super) fn adopt_pending(conn: &Connection, keys: &mut Keys) -> Result<bool, StoreError> {
    let text: Option<String> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = ?1",
            [PENDING_KEY],
            |r| r.get(0),
        )
        .optional()
        .map_err(|e| StoreError::Corrupt {
            id: 0,
            message: e.to_string(),
        })?;
    let Some(sealed) = text.as_deref().and_then(unhex) else {
        return Ok(false);
    };
    keys.adopt_restricted_key(PENDING_CONTEXT, &sealed)
        .map_err(crypto("opening the kept restricted key".to_string()))?;
    Ok(true)
}

/// After a login: on a store made before keys followed roles, split its data by role (in one
/// transaction, with a new restricted key); and a user whose wrap predates the restricted key
/// gets a new wrap holding exactly the keys their role may hold (the restricted key from the
/// copy kept for them, see [`PENDING_KEY`]). Nothing happens on an up-to-date
/// store and wrap.
pub(super) fn upgrade_keys(
    conn: &mut Connection,
    db: &std::path::Path,
    session: &mut Session,
    login: &Login,
    kdf: &KdfParams,
) -> Result<(), StoreError> {
    let ctx = "upgrading the store's keys";
    let sql = |e| sqlite_error(e, db, ctx);
    let name = session.actor.name.clone();
    let wrap: Option<Vec<u8>> = conn
        .query_row("SELECT wrap FROM users WHERE name = ?1", [&name], |r| {
            r.get(0)
        })
        .map_err(sql)?;
    let Some(wrap) = wrap else {
        return Ok(());
    };
    let split = is_split(conn).map_err(sql)?;
    let legacy = Keys::is_legacy_wrap(&wrap);
    let admin = session
        .actor
        .roles
        .contains(&crate::domain::Role::Administrator);
    let anchor = super::sign::read_anchor(conn).map_err(sql)?;
    let needs_identity = session.keys.identity.is_none() && (anchor.root.is_some() || admin);
    if split && !legacy && !needs_identity {
        return Ok(());
    }
    let holds = users::holds_restricted(&session.actor.roles);
    let tx = begin(conn).map_err(sql)?;
    let mut what: Vec<String> = Vec::new();
    // The signing key first: every entry from here on is signed.
    if needs_identity && let Some((id, text)) = super::sign::provide(&tx, db, &name, admin)? {
        session.keys.identity = Some(id);
        what.push(text);
    }
    if !split {
        session
            .keys
            .new_restricted()
            .map_err(crypto("making the restricted key".to_string()))?;
        let pending = legacy_holders(&tx, db, &session.keys, &name)? > 0;
        split_store(&tx, db, &session.keys, pending)?;
        what.push("Split the store's data by role: restricted values under their own key".into());
    } else if holds && !session.keys.has_restricted() {
        adopt_pending(&tx, &mut session.keys)?;
    }
    if holds && !session.keys.has_restricted() {
        return Err(StoreError::Refused {
            message: format!(
                "the key for victims' details is not available to {name}: an administrator must set a new passphrase for you (spmp user passwd {name})"
            ),
        });
    }
    let params = super::crypto::wrap_params(&wrap).unwrap_or(*kdf);
    let new_wrap = session
        .keys
        .wrap(
            &name,
            &login.passphrase,
            &params,
            holds,
            session.keys.identity.as_ref(),
        )
        .map_err(crypto("wrapping the key".to_string()))?;
    tx.execute(
        "UPDATE users SET wrap = ?2 WHERE name = ?1",
        params![name, new_wrap],
    )
    .map_err(sql)?;
    if legacy_holders(&tx, db, &session.keys, &name)? == 0 {
        tx.execute("DELETE FROM meta WHERE key = ?1", [PENDING_KEY])
            .map_err(sql)?;
    }
    if legacy {
        what.push(format!(
            "Upgraded the keys of {name}: the wrap holds what the role may read"
        ));
    }
    users::account_event(&tx, &session.keys, db, &name, &name, &what.join("; "))?;
    tx.commit().map_err(sql)?;
    if !holds {
        session.keys.drop_restricted();
    }
    Ok(())
}

/// How many enabled users other than `except` still have a wrap from before the restricted key
/// and a role that holds it.
fn legacy_holders(
    tx: &Transaction<'_>,
    db: &std::path::Path,
    keys: &Keys,
    except: &str,
) -> Result<usize, StoreError> {
    let rows: Vec<(String, Option<Vec<u8>>, Vec<u8>)> = tx
        .prepare("SELECT name, wrap, profile FROM users")
        .and_then(|mut s| {
            s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<crate::store::db::Result<_>>()
        })
        .map_err(|e| sqlite_error(e, db, "reading users"))?;
    let mut n = 0;
    for (name, wrap, profile) in rows {
        if name == except || !wrap.as_deref().is_some_and(Keys::is_legacy_wrap) {
            continue;
        }
        if let Ok(p) = users::open_profile(keys, &name, &profile)
            && users::holds_restricted(&users::roles_of(&p))
        {
            n += 1;
        }
    }
    Ok(n)
}

use super::hex::{decode as unhex, encode as hex};

#[cfg(test)]
mod tests {
    //! With the files alone: what a passphrase opens, trying every blob of every table under
    //! every place it could have been sealed.
    use super::*;
    use crate::domain::{DraftKey, Role};
    use crate::store::crypto::{KdfParams, Passphrase};
    use crate::store::{Login, Store, StoreOptions};

    const ADMIN: &str = "admin-passphrase-1";
    const VIEWER: &str = "viewer-passphrase-1";
    const REVIEWER: &str = "reviewer-passphrase-1";

    /// Every protected person's restricted values (addresses, notes) in the demo caseload.
    fn markers(subjects: &[Subject]) -> Vec<String> {
        subjects
            .iter()
            .flat_map(|s| &s.protected_persons)
            .flat_map(|p| p.address.iter().chain(std::iter::once(&p.notes)))
            .map(|t| t.trim().to_string())
            .filter(|t| t.len() >= 8)
            .collect()
    }

    /// Every plaintext `keys` can open from the store's files in `dir`, by trying each blob
    /// under every context of its table (both keys where held).
    fn everything_opened(dir: &std::path::Path, keys: &Keys) -> Vec<Vec<u8>> {
        let conn = Connection::open_sqlite(&dir.join(crate::store::DB_FILE)).expect("raw");
        let mut blobs: Vec<(Vec<String>, Vec<u8>)> = Vec::new();
        let mut grab = |sql: &str, contexts: &dyn Fn(&crate::store::db::Row<'_>) -> Vec<String>| {
            let mut stmt = conn.prepare(sql).expect("prepare");
            let rows = stmt
                .query_map([], |r| {
                    let mut got = Vec::new();
                    for i in 1..r.column_count() {
                        if let Ok(Some(b)) = r.get::<_, Option<Vec<u8>>>(i) {
                            got.push((contexts(r), b));
                        }
                    }
                    Ok(got)
                })
                .expect("query");
            for row in rows {
                blobs.extend(row.expect("row"));
            }
        };
        let both = |base: String| vec![restricted_context(&base), base];
        grab(
            "SELECT id, payload, restricted, version FROM subjects",
            &|r| {
                let id = r.get(0).unwrap_or_default();
                let mut all = both(subject_context(id));
                all.extend(both(record_context(id, r.get(3).unwrap_or_default())));
                all
            },
        );
        grab(
            "SELECT subject_id, payload, restricted FROM history",
            &|r| both(history_context(r.get(0).unwrap_or_default())),
        );
        grab("SELECT key, payload FROM drafts", &|r| {
            vec![super::super::drafts::draft_context(
                &r.get::<_, String>(0).unwrap_or_default(),
            )]
        });
        grab("SELECT seq, payload FROM audit", &|r| {
            vec![format!("audit/{}", r.get::<_, i64>(0).unwrap_or_default())]
        });
        grab("SELECT name, profile FROM users", &|r| {
            vec![format!(
                "users/{}",
                r.get::<_, String>(0).unwrap_or_default()
            )]
        });
        let mut opened = Vec::new();
        for (contexts, blob) in blobs {
            for c in &contexts {
                if let Ok(p) = keys.open(c, &blob) {
                    opened.push(p.to_vec());
                }
                if let Ok(p) = keys.open_restricted(c, &blob) {
                    opened.push(p.to_vec());
                }
            }
        }
        opened
    }

    fn keys_of(dir: &std::path::Path, user: &str, passphrase: &str) -> Keys {
        let conn = Connection::open_sqlite(&dir.join(crate::store::DB_FILE)).expect("raw");
        let wrap: Vec<u8> = conn
            .query_row("SELECT wrap FROM users WHERE name = ?1", [user], |r| {
                r.get(0)
            })
            .expect("wrap");
        Keys::unwrap(&wrap, user, &Passphrase::new(passphrase)).expect("unwrap")
    }

    #[test]
    fn a_viewers_passphrase_and_the_files_decrypt_no_restricted_value() {
        let dir = tempfile::tempdir().expect("tempdir");
        let opts = StoreOptions {
            kdf: KdfParams::insecure_fast_for_tests(),
            ..StoreOptions::default()
        };
        let mut store = Store::create_with(
            dir.path(),
            &opts,
            &Login::new("admin", ADMIN),
            &[Role::Administrator, Role::Supervisor],
        )
        .expect("store");
        // Subjects with every list filled, each protected person with an address and notes of
        // their own (the markers searched for).
        let subjects: Vec<Subject> = (1..=6u64)
            .map(|n| {
                let mut s = crate::domain::testkit::full_subject();
                s.id = n;
                for (i, p) in s.protected_persons.iter_mut().enumerate() {
                    p.address = Some(format!("{n}{i} Marker Lane, Testbury ZZ{n} 1AB"));
                    p.notes = format!("Marker note {n}-{i} about the person");
                }
                s
            })
            .collect();
        let markers = markers(&subjects);
        assert!(markers.len() > 5, "{markers:?}");
        store.save_all(&subjects, "seed").expect("seed");
        // An edit of a victim's address: a history entry holding the old and new values.
        let edited = subjects
            .iter()
            .find(|s| s.plan_sign_off.is_none() && !s.protected_persons.is_empty())
            .expect("a subject with a protected person and no approved plan")
            .id;
        let (mut s, version) = store.load_versioned(edited).expect("load").expect("there");
        s.protected_persons[0].address = Some("Flat 9, Quillon Yard, Testbury".to_string());
        store
            .commit(&crate::store::Commit {
                subject: &s,
                expected_version: Some(version),
                summary: "Edited protected person",
            })
            .expect("commit");
        store
            .put_draft(
                &DraftKey::Review { subject: s.id },
                b"typed: Flat 9, Quillon Yard, Testbury",
            )
            .expect("draft");
        store
            .add_user("vic", &Passphrase::new(VIEWER), &[Role::Viewer])
            .expect("viewer");
        store
            .add_user("rita", &Passphrase::new(REVIEWER), &[Role::Reviewer])
            .expect("reviewer");
        drop(store);
        let mut markers = markers;
        markers.push("Quillon Yard".to_string());

        let viewer = keys_of(dir.path(), "vic", VIEWER);
        assert!(!viewer.has_restricted());
        let opened = everything_opened(dir.path(), &viewer);
        assert!(
            opened.len() > subjects.len(),
            "the viewer opens the general half"
        );
        for plain in &opened {
            for m in &markers {
                assert!(
                    !plain.windows(m.len()).any(|w| w == m.as_bytes()),
                    "a viewer's key opened {m:?}"
                );
            }
        }
        // The same search with a reviewer's key finds them: the test can fail.
        let reviewer = keys_of(dir.path(), "rita", REVIEWER);
        let opened = everything_opened(dir.path(), &reviewer);
        for m in &markers {
            assert!(
                opened
                    .iter()
                    .any(|p| p.windows(m.len()).any(|w| w == m.as_bytes())),
                "a reviewer's key should open {m:?}"
            );
        }
    }
}
