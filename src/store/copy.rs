//! Moving a caseload between stores (`spmp store copy`): SQLite to the unit's server, the
//! server to a SQLite store, or between two of either. Every row is copied as it is stored
//! (sealed values, key wraps, the signed audit chain with its bindings), so the copy opens with
//! the same users and passphrases and `audit verify` passes on both sides. The copy is first
//! recorded in the source's audit log, so the target holds that entry too.
//!
//! The target must hold no store. It is written in one transaction: all of it or nothing.
use std::path::Path;

use super::db::{Connection, TransactionBehavior, ValueRef};
use super::error::sqlite_error;
use super::users::StoreStatus;
use super::{Store, StoreError, StoreOptions, open};
use crate::domain::Permission;

/// The tables copied, in an order their references allow, each with its columns and key.
/// Digest blocks are not copied: they are caches, made again at the first open.
const TABLES: &[(&str, &str, &str)] = &[
    ("meta", "key, value", "key"),
    ("users", "name, wrap, profile", "name"),
    (
        "signers",
        "public, name, admin, added, certifier, cert",
        "public",
    ),
    (
        "subjects",
        "id, version, updated, payload, restricted",
        "id",
    ),
    ("summaries", "id, version, general, restricted", "id"),
    ("history", "seq, subject_id, payload, restricted", "seq"),
    ("archive", "subject_id, payload", "subject_id"),
    ("drafts", "key, updated, payload, subject_id", "key"),
    ("unit", "key, version, updated, payload", "key"),
    (
        "audit",
        "seq, subject_id, payload, mac, binding, signature, subject_ref",
        "seq",
    ),
];

/// `meta` keys that belong to the engine's schema, not to the caseload: never copied over.
const ENGINE_KEYS: &[&str] = &["schema_version", "app", "created"];

/// What a copy moved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoreCopyReport {
    /// Rows copied, per table, in copy order.
    pub rows: Vec<(&'static str, u64)>,
}

impl StoreCopyReport {
    /// Rows copied from `table`.
    pub fn of(&self, table: &str) -> u64 {
        self.rows
            .iter()
            .find(|(t, _)| *t == table)
            .map_or(0, |(_, n)| *n)
    }
}

impl Store {
    /// Copy this whole store into `target` (a directory or a server address) holding no store.
    /// Administrators only. `progress(done, total)` is called as rows are copied.
    pub fn copy_to(
        &mut self,
        target: &Path,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<StoreCopyReport, StoreError> {
        self.require(Permission::ManageUsers)?;
        let shown = open::db_path(target);
        if Store::status(target)? != StoreStatus::Absent {
            return Err(StoreError::Refused {
                message: format!(
                    "{} already holds a store: a copy goes only into an empty directory or an \
                     empty server database",
                    shown.display()
                ),
            });
        }
        self.record_store_event(&format!("Copied the store to {}", shown.display()))?;
        let mut dst = open::open_connection(target, &StoreOptions::default(), true)?;
        let src_db = self.db.clone();
        // One snapshot of the source: a save made meanwhile is in the copy whole or not at all.
        let src = self
            .conn
            .unchecked_transaction()
            .map_err(|e| sqlite_error(e, &src_db, "reading the store to copy"))?;
        let tx = dst
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| sqlite_error(e, &shown, "writing the copy"))?;
        let mut total = 0u64;
        for (table, ..) in TABLES {
            let n: i64 = src
                .query_row(
                    &format!("SELECT count(*) FROM {table}"),
                    super::db::params![],
                    |r| r.get(0),
                )
                .map_err(|e| sqlite_error(e, &src_db, "counting the rows to copy"))?;
            total += u64::try_from(n).unwrap_or(0);
        }
        let mut report = StoreCopyReport::default();
        let mut done = 0u64;
        for (table, columns, key) in TABLES {
            let mut step = |n: u64| progress(done + n, total);
            let n = copy_table(&src, &tx, table, columns, key, &mut step)
                .map_err(|e| sqlite_error(e, &shown, &format!("copying {table}")))?;
            done += n;
            report.rows.push((table, n));
        }
        after_copy(&tx).map_err(|e| sqlite_error(e, &shown, "finishing the copy"))?;
        tx.commit()
            .map_err(|e| sqlite_error(e, &shown, "committing the copy"))?;
        drop(src);
        open::checkpoint(&dst);
        Ok(report)
    }
}

/// Copy every row of `table` from `src` into `dst`, in key order.
fn copy_table(
    src: &Connection,
    dst: &Connection,
    table: &str,
    columns: &str,
    key: &str,
    progress: &mut dyn FnMut(u64),
) -> super::db::Result<u64> {
    let width = columns.split(',').count();
    let placeholders: Vec<String> = (1..=width).map(|i| format!("?{i}")).collect();
    let updates: Vec<String> = columns
        .split(',')
        .map(str::trim)
        .filter(|c| c != &key)
        .map(|c| format!("{c} = excluded.{c}"))
        .collect();
    // Rows the target's own schema made (its `meta`, the summaries its triggers add) are
    // replaced by the source's.
    let insert = format!(
        "INSERT INTO {table} ({columns}) VALUES ({}) ON CONFLICT ({key}) DO UPDATE SET {}",
        placeholders.join(", "),
        updates.join(", ")
    );
    let mut read = src.prepare(&format!("SELECT {columns} FROM {table} ORDER BY {key}"))?;
    let rows = read.query_map(super::db::params![], |r| {
        (0..width)
            .map(|i| r.get::<_, ValueRef<'static>>(i))
            .collect::<super::db::Result<Vec<_>>>()
    })?;
    let mut write = dst.prepare(&insert)?;
    let mut n = 0u64;
    for row in rows {
        let row = row?;
        if table == "meta"
            && matches!(&row[0], ValueRef::Text(k) if ENGINE_KEYS.contains(&k.as_ref()))
        {
            continue;
        }
        let params: Vec<&dyn super::db::ToSql> =
            row.iter().map(|v| v as &dyn super::db::ToSql).collect();
        write.execute(params.as_slice())?;
        n += 1;
        if n.is_multiple_of(1_000) {
            progress(n);
        }
    }
    progress(n);
    Ok(n)
}

/// What an engine needs after rows were written with their own keys: PostgreSQL's history
/// sequence moved past the copied entries (SQLite's `AUTOINCREMENT` follows by itself).
fn after_copy(dst: &Connection) -> super::db::Result<()> {
    if dst.postgres().is_some() {
        dst.execute_batch(
            "SELECT setval(pg_get_serial_sequence('history', 'seq'), \
             COALESCE((SELECT max(seq) FROM history), 0) + 1, false)",
        )?;
    }
    Ok(())
}
