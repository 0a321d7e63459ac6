//! Schema migrations (numbered, tracked in `PRAGMA user_version`) and decoders for old record
//! format versions.
//!
//! Adding a schema change: append a `Migration` to [`MIGRATIONS`]; never edit a released one.
//! Adding a record format: bump [`super::codec::FORMAT_VERSION`], keep the old structs in a
//! `v<N>` module here, and add an arm to [`decode_subject_version`] that decodes them with
//! [`super::codec::decode_body`] and converts them to the current [`Subject`]. Keep a fixture of
//! every released version under `tests/fixtures/` (see `tests/store.rs`).
mod initialise;
mod pg;
mod v1;
mod v2;

pub(crate) use initialise::initialise;

use crate::store::db::{Connection, TransactionBehavior, params};

use super::codec::{self, CodecError};
use crate::domain::{Change, Subject};

/// One schema step: the SQL that takes the schema from `version - 1` to `version`.
struct Migration {
    version: i64,
    sql: &'static str,
    /// Rows the SQL cannot convert itself, filled in the same transaction.
    backfill: Option<fn(&crate::store::db::Transaction<'_>) -> crate::store::db::Result<()>>,
}

/// Every schema migration, in order. `user_version` = the last one applied.
const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        sql: "
        CREATE TABLE meta (
            key   TEXT PRIMARY KEY NOT NULL,
            value TEXT NOT NULL
        ) STRICT;
        CREATE TABLE subjects (
            id      INTEGER PRIMARY KEY,
            version INTEGER NOT NULL,
            updated TEXT NOT NULL,
            payload BLOB NOT NULL
        ) STRICT;
        CREATE TABLE audit (
            seq        INTEGER PRIMARY KEY AUTOINCREMENT,
            at         TEXT NOT NULL,
            actor      TEXT NOT NULL,
            action     TEXT NOT NULL,
            subject_id INTEGER
        ) STRICT;
        CREATE INDEX audit_subject ON audit(subject_id);
    ",
        backfill: None,
    },
    // History of changes per subject (written in the same transaction as the record), and
    // drafts: unsaved form contents kept across a crash or a closed terminal.
    Migration {
        version: 2,
        sql: "
        CREATE TABLE history (
            seq        INTEGER PRIMARY KEY AUTOINCREMENT,
            subject_id INTEGER NOT NULL,
            at         TEXT NOT NULL,
            actor      TEXT NOT NULL,
            summary    TEXT NOT NULL,
            payload    BLOB NOT NULL
        ) STRICT;
        CREATE INDEX history_subject ON history(subject_id, seq);
        CREATE TABLE drafts (
            key     TEXT PRIMARY KEY NOT NULL,
            updated TEXT NOT NULL,
            payload BLOB NOT NULL
        ) STRICT;
    ",
        backfill: None,
    },
    // Users, encryption and the hash-chained audit log. The plaintext audit and history tables
    // of schema 2 are kept as `legacy_*` until the first administrator is created
    // ([`initialise()`]), which encrypts everything and drops them.
    Migration {
        version: 3,
        sql: "
        CREATE TABLE users (
            name    TEXT PRIMARY KEY NOT NULL,
            wrap    BLOB,
            profile BLOB NOT NULL
        ) STRICT;
        ALTER TABLE audit RENAME TO legacy_audit;
        ALTER TABLE history RENAME TO legacy_history;
        CREATE TABLE audit (
            seq        INTEGER PRIMARY KEY,
            subject_id INTEGER,
            payload    BLOB NOT NULL,
            mac        BLOB NOT NULL
        ) STRICT;
        CREATE INDEX audit_by_subject ON audit(subject_id, seq);
        CREATE TABLE history (
            seq        INTEGER PRIMARY KEY AUTOINCREMENT,
            subject_id INTEGER NOT NULL,
            payload    BLOB NOT NULL
        ) STRICT;
        CREATE INDEX history_by_subject ON history(subject_id, seq);
        CREATE TABLE archive (
            subject_id INTEGER PRIMARY KEY,
            payload    BLOB NOT NULL
        ) STRICT;
    ",
        backfill: None,
    },
    // The subject each draft is about, as a column: erasing a subject deletes its drafts by id.
    Migration {
        version: 4,
        sql: "
        ALTER TABLE drafts ADD COLUMN subject_id INTEGER;
        CREATE INDEX drafts_by_subject ON drafts(subject_id);
    ",
        backfill: Some(draft_subjects),
    },
    // Keys follow roles: the restricted half of each record and history entry (sealed under
    // the restricted key; the split itself happens at the first login, which holds the keys).
    Migration {
        version: 5,
        sql: "
        ALTER TABLE subjects ADD COLUMN restricted BLOB;
        ALTER TABLE history ADD COLUMN restricted BLOB;
    ",
        backfill: None,
    },
    // What each audit entry binds of the rows it wrote (`store/bind.rs`), covered by its MAC.
    Migration {
        version: 6,
        sql: "ALTER TABLE audit ADD COLUMN binding BLOB;",
        backfill: None,
    },
    // Signed audit (`store/sign.rs`): each user's public key and its certificate, and each
    // entry's signature by its author. Signing begins at the next administrator's login.
    Migration {
        version: 7,
        sql: "
        CREATE TABLE signers (
            public    BLOB PRIMARY KEY,
            name      TEXT NOT NULL,
            admin     INTEGER NOT NULL,
            added     TEXT NOT NULL,
            certifier BLOB,
            cert      BLOB
        ) STRICT;
        ALTER TABLE audit ADD COLUMN signature BLOB;
    ",
        backfill: None,
    },
    // Audit rows name their subject by a keyed reference (the id is sealed in the entry);
    // entries before keep their plain id, which their MAC covers. The highest id the log has
    // named is kept in `meta`, so an erased subject's id is never given out again.
    Migration {
        version: 8,
        sql: "
        ALTER TABLE audit ADD COLUMN subject_ref TEXT;
        CREATE INDEX audit_by_ref ON audit(subject_ref);
        INSERT INTO meta (key, value)
            SELECT 'subject_id_high', CAST(coalesce(max(subject_id), 0) AS TEXT) FROM audit;
    ",
        backfill: None,
    },
    // The unit's own records (action plan, training), one sealed row.
    Migration {
        version: 9,
        sql: "
        CREATE TABLE unit (
            key     TEXT PRIMARY KEY NOT NULL,
            version INTEGER NOT NULL,
            updated TEXT NOT NULL,
            payload BLOB NOT NULL
        ) STRICT;
    ",
        backfill: None,
    },
    // Summaries: each subject's summary (domain::summary_of) sealed beside its record, so
    // opening a store reads these alone. A record written by anything but `store_record` (a
    // migration, a split, an erasure) leaves its summary empty through the triggers, and the
    // next open rebuilds it (`store/summaries.rs`); so does this migration for every record.
    // (A trigger's own `OR REPLACE` would yield to the outer statement's conflict policy, so
    // the triggers delete, then insert.)
    Migration {
        version: 10,
        sql: "
        CREATE TABLE summaries (
            id         INTEGER PRIMARY KEY REFERENCES subjects(id) ON DELETE CASCADE,
            version    INTEGER NOT NULL,
            general    BLOB,
            restricted BLOB
        ) STRICT;
        INSERT INTO summaries (id, version) SELECT id, version FROM subjects;
        CREATE TRIGGER summary_stale_on_insert AFTER INSERT ON subjects BEGIN
            DELETE FROM summaries WHERE id = NEW.id;
            INSERT INTO summaries (id, version) VALUES (NEW.id, NEW.version);
        END;
        CREATE TRIGGER summary_stale_on_update AFTER UPDATE ON subjects BEGIN
            DELETE FROM summaries WHERE id = NEW.id;
            INSERT INTO summaries (id, version) VALUES (NEW.id, NEW.version);
        END;
    ",
        backfill: None,
    },
    // Digests, first form: a sealed digest per subject beside its summary. Replaced by blocks
    // in schema 12 (per-subject sealing was most of the cost of reading them).
    Migration {
        version: 11,
        sql: "
        ALTER TABLE summaries ADD COLUMN digest_general BLOB;
        ALTER TABLE summaries ADD COLUMN digest_whole BLOB;
    ",
        backfill: None,
    },
    // Digests: what the caseload keeps of each subject (domain::Digest and its search
    // values), in blocks of the subjects whose ids share `id / 256`, one sealed row per block and
    // view (0: as every reader may see them, under the general key; 1: whole, under the
    // restricted key), each subject with the revision it was made from. Derived data, made by
    // the reader that finds it missing or stale (`store/digests.rs`). Any write of a record
    // drops its block, so nothing of a record outlives it there (an erasure, a correction);
    // the index on (id, version) lets a reader tell stale entries without reading the rows.
    Migration {
        version: 12,
        sql: "
        ALTER TABLE summaries DROP COLUMN digest_general;
        ALTER TABLE summaries DROP COLUMN digest_whole;
        CREATE TABLE digest_blocks (
            block   INTEGER NOT NULL,
            view    INTEGER NOT NULL,
            payload BLOB NOT NULL,
            PRIMARY KEY (block, view)
        ) STRICT;
        CREATE INDEX summaries_revisions ON summaries(id, version);
        CREATE TRIGGER digest_stale_on_insert AFTER INSERT ON subjects BEGIN
            DELETE FROM digest_blocks WHERE block = NEW.id / 256;
        END;
        CREATE TRIGGER digest_stale_on_update AFTER UPDATE ON subjects BEGIN
            DELETE FROM digest_blocks WHERE block = OLD.id / 256 OR block = NEW.id / 256;
        END;
        CREATE TRIGGER digest_stale_on_delete AFTER DELETE ON subjects BEGIN
            DELETE FROM digest_blocks WHERE block = OLD.id / 256;
        END;
    ",
        backfill: None,
    },
];

/// The schema version this build creates and understands.
pub const SCHEMA_VERSION: i64 = 12;

/// Migration 4: fill `drafts.subject_id` from the keys written before it existed. This is the
/// only place a draft key is read as text to find its subject, once, for rows written by older
/// versions (`{user}\u{1f}form:{id}:...`, `signoff:{id}:...`, `review:{id}`; `form:new:...` is
/// about no subject yet).
fn draft_subjects(tx: &crate::store::db::Transaction<'_>) -> crate::store::db::Result<()> {
    let keys: Vec<String> = tx
        .prepare("SELECT key FROM drafts")?
        .query_map([], |r| r.get(0))?
        .collect::<crate::store::db::Result<_>>()?;
    for stored in keys {
        let key = stored
            .split_once('\u{1f}')
            .map_or(stored.as_str(), |(_, k)| k);
        // The oldest keys named the subject as `subject/{id}/...`.
        let legacy = || {
            key.strip_prefix("subject/")
                .and_then(|rest| rest.split('/').next())
                .and_then(|id| id.parse::<u64>().ok())
        };
        let subject = crate::domain::DraftKey::decode(key)
            .and_then(|k| k.subject())
            .or_else(legacy)
            .and_then(|id| i64::try_from(id).ok());
        tx.execute(
            "UPDATE drafts SET subject_id = ?2 WHERE key = ?1",
            params![stored, subject],
        )?;
    }
    Ok(())
}

/// Where a database stands relative to this build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SchemaState {
    /// Up to date (possibly after applying migrations).
    Current,
    /// Written by a newer spmp: the found version.
    TooNew(i64),
}

/// Read the schema version.
pub(crate) fn user_version(conn: &Connection) -> crate::store::db::Result<i64> {
    match conn {
        Connection::Sqlite(c) => Ok(c.pragma_query_value(None, "user_version", |row| row.get(0))?),
        Connection::Postgres(_) => pg::user_version(conn),
    }
}

/// Apply every pending migration, each in its own IMMEDIATE transaction that re-reads the
/// version under the write lock (two processes opening a fresh store at once apply it once).
/// Migration 1 also writes the store's identity (`meta.app = 'spmp'`, `meta.created`).
pub(crate) fn migrate(conn: &mut Connection, now: &str) -> crate::store::db::Result<SchemaState> {
    if conn.postgres().is_some() {
        return pg::migrate(conn, now);
    }
    // Checked without a lock first: opening an up-to-date store must not wait for a writer.
    let current = user_version(conn)?;
    if current > SCHEMA_VERSION {
        return Ok(SchemaState::TooNew(current));
    }
    if current == SCHEMA_VERSION {
        return Ok(SchemaState::Current);
    }
    for m in MIGRATIONS {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current = user_version(&tx)?;
        if current > SCHEMA_VERSION {
            return Ok(SchemaState::TooNew(current));
        }
        if current >= m.version {
            continue;
        }
        tx.execute_batch(m.sql)?;
        if let Some(backfill) = m.backfill {
            backfill(&tx)?;
        }
        if m.version == 1 {
            tx.execute(
                "INSERT INTO meta(key, value) VALUES ('app', 'spmp'), ('created', ?1)",
                [now],
            )?;
        }
        if let Some(c) = tx.sqlite() {
            c.pragma_update(None, "user_version", m.version)?;
        }
        tx.commit()?;
    }
    let current = user_version(conn)?;
    Ok(if current > SCHEMA_VERSION {
        SchemaState::TooNew(current)
    } else {
        SchemaState::Current
    })
}

/// Decode the payload of a record of format `version` (already known not to be newer than
/// [`codec::FORMAT_VERSION`]) into the current [`Subject`].
pub(crate) fn decode_subject_version(version: u16, body: &[u8]) -> Result<Subject, CodecError> {
    match version {
        1 => v1::upgrade(codec::decode_body::<v1::Subject>(version, body)?),
        2 => v2::upgrade(codec::decode_body::<v2::Subject>(version, body)?),
        3 => codec::decode_body::<Subject>(version, body),
        _ => Err(CodecError::UnknownVersion { version }),
    }
}

/// Decode the payload of a history entry of format `version` (already known not to be newer
/// than [`codec::CHANGES_FORMAT_VERSION`]).
pub(crate) fn decode_changes_version(version: u16, body: &[u8]) -> Result<Vec<Change>, CodecError> {
    match version {
        1 => Ok(codec::decode_body::<Vec<ChangeV1>>(version, body)?
            .into_iter()
            .map(ChangeV1::upgrade)
            .collect()),
        2 => codec::decode_body::<Vec<Change>>(version, body),
        _ => Err(CodecError::UnknownVersion { version }),
    }
}

/// A change as history format 1 stored it: without the restricted mark.
#[derive(serde::Deserialize)]
struct ChangeV1 {
    path: String,
    from: String,
    to: String,
}

impl ChangeV1 {
    /// Format 1 was written before changes carried their restricted mark. Its paths are
    /// frozen in the stored rows (they never change), so the mark is recovered from them: any
    /// value of a protected person but the name, relationship and proxy flag was restricted.
    fn upgrade(self) -> Change {
        let open = [".name", ".relationship", ".by_proxy"];
        let restricted = self.path.starts_with("protected_persons")
            && !open.iter().any(|o| self.path.ends_with(o));
        Change {
            path: self.path,
            from: self.from,
            to: self.to,
            restricted,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_format_1_changes_get_their_restricted_mark_from_the_frozen_paths() {
        #[derive(serde::Serialize)]
        struct V1<'a> {
            path: &'a str,
            from: &'a str,
            to: &'a str,
        }
        let old = [
            V1 {
                path: "protected_persons[id 1].address",
                from: "a",
                to: "b",
            },
            V1 {
                path: "protected_persons[id 1].name",
                from: "A",
                to: "B",
            },
            V1 {
                path: "protected_persons[id 2]",
                from: "",
                to: "{..}",
            },
            V1 {
                path: "family_name",
                from: "X",
                to: "Y",
            },
        ];
        let bytes = codec::encode_with_version(1, &old.iter().collect::<Vec<_>>()).unwrap();
        let back = codec::decode_changes(&bytes).unwrap();
        let marks: Vec<bool> = back.iter().map(|c| c.restricted).collect();
        assert_eq!(marks, vec![true, false, true, false]);
        assert_eq!(back[3].to, "Y");
    }

    #[test]
    fn migrations_are_numbered_in_order_and_end_at_schema_version() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version, i as i64 + 1);
        }
        assert_eq!(MIGRATIONS.last().map(|m| m.version), Some(SCHEMA_VERSION));
    }

    #[test]
    fn migrate_is_idempotent() {
        let mut conn = Connection::open_in_memory().unwrap();
        assert_eq!(migrate(&mut conn, "t0").unwrap(), SchemaState::Current);
        assert_eq!(migrate(&mut conn, "t1").unwrap(), SchemaState::Current);
        assert_eq!(user_version(&conn).unwrap(), SCHEMA_VERSION);
        let created: String = conn
            .query_row("SELECT value FROM meta WHERE key = 'created'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(created, "t0");
    }

    #[test]
    fn version_1_migrates_to_the_current_schema_keeping_rows() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(MIGRATIONS[0].sql).unwrap();
        conn.execute_batch(
            "INSERT INTO meta(key, value) VALUES ('app', 'spmp'), ('created', 't0');
             INSERT INTO subjects VALUES (4, 3, 't0', x'0100');
             PRAGMA user_version = 1;",
        )
        .unwrap();
        assert_eq!(migrate(&mut conn, "t1").unwrap(), SchemaState::Current);
        assert_eq!(user_version(&conn).unwrap(), SCHEMA_VERSION);
        let kept: (i64, i64) = conn
            .query_row("SELECT id, version FROM subjects", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!(kept, (4, 3));
        for table in [
            "history",
            "drafts",
            "users",
            "audit",
            "archive",
            "legacy_history",
        ] {
            let n: i64 = conn
                .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
                .unwrap();
            assert_eq!(n, 0, "{table}");
        }
    }

    #[test]
    fn newer_schema_is_reported() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.sqlite()
            .unwrap()
            .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        assert_eq!(
            migrate(&mut conn, "t").unwrap(),
            SchemaState::TooNew(SCHEMA_VERSION + 1)
        );
    }
}
