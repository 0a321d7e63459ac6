//! Backups: a consistent single-file copy of the whole store, still encrypted, made with
//! SQLite's online backup while the store stays open (other processes may keep working); and
//! restoring one into a store directory.
use std::path::Path;
use std::time::Duration;

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::error::{io_error, sqlite_error};
use super::migrate::SCHEMA_VERSION;
use super::{DB_FILE, Store, StoreError, StoreOptions, open};
use crate::domain::Permission;

/// Pages copied per step; progress is reported between steps.
const PAGES_PER_STEP: i32 = 256;
/// How often a step may find the source busy before the backup gives up.
const MAX_BUSY_STEPS: u32 = 200;

/// What a backup or restore copied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CopyReport {
    /// Database pages copied.
    pub pages: u64,
    /// Size of the copy in bytes.
    pub bytes: u64,
}

/// Copy every page of `from` into `to`, calling `progress(done, total)` between steps.
fn copy_pages(
    from: &Connection,
    to: &mut Connection,
    progress: &mut dyn FnMut(u64, u64),
) -> rusqlite::Result<u64> {
    let backup = Backup::new(from, to)?;
    let mut busy = 0;
    loop {
        let step = backup.step(PAGES_PER_STEP)?;
        let p = backup.progress();
        let total = u64::try_from(p.pagecount).unwrap_or(0);
        let left = u64::try_from(p.remaining).unwrap_or(0);
        progress(total.saturating_sub(left), total);
        match step {
            StepResult::Done => return Ok(total),
            StepResult::More => {}
            _ => {
                busy += 1;
                if busy > MAX_BUSY_STEPS {
                    return Err(rusqlite::Error::SqliteFailure(
                        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                        Some("the store stayed busy during the backup".to_string()),
                    ));
                }
                std::thread::sleep(Duration::from_millis(25));
            }
        }
    }
}

impl Store {
    /// Write a consistent copy of the whole store to the new file `out` (refused if it exists):
    /// every value stays encrypted, and the copy opens with the same users and passphrases. The
    /// backup is recorded in the audit log first, so the copy holds its own entry.
    pub fn backup_to(
        &mut self,
        out: &Path,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<CopyReport, StoreError> {
        self.require(Permission::View)?;
        if self.conn.sqlite().is_none() {
            return Err(not_on_server());
        }
        if out.exists() {
            return Err(StoreError::Refused {
                message: format!(
                    "{} already exists: choose a new file for the backup",
                    out.display()
                ),
            });
        }
        self.record_store_event(&format!("Backed up the store to {}", out.display()))?;
        let dir = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| io_error(e, dir))?;
        let ctx = "writing the backup";
        let sql = |e| sqlite_error(e, out, ctx);
        let pages = {
            let mut dst = Connection::open(tmp.path()).map_err(sql)?;
            let src = self.conn.sqlite().ok_or_else(not_on_server)?;
            let pages = copy_pages(src, &mut dst, progress).map_err(sql)?;
            // A single self-contained file: no WAL beside it.
            let _: String = dst
                .pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0))
                .map_err(sql)?;
            dst.close().map_err(|(_, e)| sql(e))?;
            pages
        };
        tmp.as_file().sync_all().map_err(|e| io_error(e, out))?;
        let file = tmp
            .persist_noclobber(out)
            .map_err(|e| io_error(e.error, out))?;
        let bytes = file.metadata().map(|m| m.len()).unwrap_or(0);
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(CopyReport { pages, bytes })
    }

    /// Restore the backup file `backup` into the store directory `dir`. An absent or empty
    /// directory gets a new store; an existing store is replaced only with `replace` (in one
    /// SQLite transaction: readers see the old store or the new one). The backup must be an
    /// spmp store with users, not newer than this build. Nothing is decrypted: log in to the
    /// restored store as a user of the backup.
    pub fn restore_from(
        backup: &Path,
        dir: &Path,
        replace: bool,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<CopyReport, StoreError> {
        let src = check_backup(backup)?;
        let absent = open::is_absent_or_empty(dir)?;
        if !absent && !replace {
            return Err(StoreError::Refused {
                message: format!(
                    "{} already holds files: restoring would replace that store; give --force to \
                     replace it, or restore into a new directory",
                    dir.display()
                ),
            });
        }
        let mut dst = open::open_connection(dir, &StoreOptions::default(), absent)?;
        let db = dir.join(DB_FILE);
        let ctx = "restoring the backup";
        let sql = |e| sqlite_error(e, &db, ctx);
        let lite = dst.sqlite_mut().ok_or_else(not_on_server)?;
        let pages = copy_pages(&src, lite, progress).map_err(sql)?;
        // The copy carries the backup's rollback-journal header: back to WAL.
        let _: String = lite
            .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))
            .map_err(sql)?;
        open::checkpoint(&dst);
        drop(dst);
        // Reopen: applies any migration a backup from an older spmp needs.
        drop(open::open_connection(dir, &StoreOptions::default(), false)?);
        let bytes = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0);
        Ok(CopyReport { pages, bytes })
    }

    /// Record in the audit log that this store was restored from `backup` (call after logging in
    /// to the restored store).
    pub fn record_restore(&mut self, backup: &Path) -> Result<(), StoreError> {
        self.record_store_event(&format!(
            "Restored the store from the backup {}",
            backup.display()
        ))
    }
}

/// A server store is backed up by the server's own tools.
fn not_on_server() -> StoreError {
    StoreError::Refused {
        message: "a store on a PostgreSQL server is backed up with pg_dump (it holds only \
                  sealed values): see docs/DEPLOY.md"
            .to_string(),
    }
}

/// Open `backup` read-only and check it is an spmp store with users, not newer than this build.
fn check_backup(backup: &Path) -> Result<Connection, StoreError> {
    let not = |reason: &str| StoreError::NotAStore {
        path: backup.to_path_buf(),
        reason: reason.to_string(),
    };
    let meta = std::fs::metadata(backup).map_err(|e| io_error(e, backup))?;
    if !meta.is_file() {
        return Err(not("it is not a file"));
    }
    let conn = Connection::open_with_flags(
        backup,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| sqlite_error(e, backup, "opening the backup"))?;
    let check = || -> rusqlite::Result<Result<(), StoreError>> {
        let app: Option<String> = conn
            .query_row("SELECT value FROM meta WHERE key = 'app'", [], |r| r.get(0))
            .optional()?;
        if app.as_deref() != Some("spmp") {
            return Ok(Err(not("it is not an spmp backup (no spmp marker)")));
        }
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version > SCHEMA_VERSION {
            return Ok(Err(StoreError::TooNew {
                path: backup.to_path_buf(),
                found: version,
                known: SCHEMA_VERSION,
            }));
        }
        let users: i64 = conn.query_row("SELECT count(*) FROM users", [], |r| r.get(0))?;
        if users == 0 {
            return Ok(Err(not("it has no users, so it could never be opened")));
        }
        Ok(Ok(()))
    };
    match check() {
        Ok(Ok(())) => Ok(conn),
        Ok(Err(e)) => Err(e),
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::NotADatabase =>
        {
            Err(not("it is not an SQLite database"))
        }
        Err(_) => Err(not("it does not have the tables of an spmp store")),
    }
}
