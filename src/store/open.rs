//! Opening a store: decide whether a directory is (or may become) an spmp store, open SQLite,
//! check the store's identity before writing anything, set the PRAGMAs and migrate.
use std::fs::{self, File};
use std::io::Read;
use std::path::Path;

use crate::store::db::Connection;
use rusqlite::OptionalExtension as _;
use rusqlite::{ErrorCode, MAIN_DB, OpenFlags};

use super::error::{io_error, sqlite_error};
use super::migrate::{self, SchemaState};
use super::{DB_FILE, StoreError, StoreOptions, now_text};

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// What was found at the database path before opening it.
enum Found {
    /// No database file yet: create one.
    Absent,
    /// A file with the SQLite header (or empty, as SQLite leaves a file it created and never wrote).
    Sqlite,
}

/// The server's address when `dir` names a PostgreSQL store (`postgresql://...` or
/// `postgres://...`) rather than a directory.
pub(crate) fn server_url(dir: &Path) -> Option<&str> {
    let text = dir.to_str()?;
    (text.starts_with("postgresql://") || text.starts_with("postgres://")).then_some(text)
}

/// What names the store's database in messages: the SQLite file in `dir`, or the server's
/// address without its password.
pub(crate) fn db_path(dir: &Path) -> std::path::PathBuf {
    match server_url(dir) {
        Some(url) => std::path::PathBuf::from(super::server::redact(url)),
        None => dir.join(DB_FILE),
    }
}

/// How a store's place is shown in messages: its directory, or the server's address without a
/// password.
pub fn shown_place(place: &Path) -> String {
    match server_url(place) {
        Some(url) => super::server::redact(url),
        None => place.display().to_string(),
    }
}

/// A value of the `meta` table of the store in `dir`, read without logging in and without
/// changing anything (a SQLite file is opened read-only).
pub(super) fn meta_unlocked(dir: &Path, key: &str) -> Result<Option<String>, StoreError> {
    let db = db_path(dir);
    let ctx = "reading the store's meta data";
    if server_url(dir).is_some() {
        let conn = open_connection(dir, &StoreOptions::default(), false)?;
        return conn.meta_read(key).map_err(|e| sqlite_error(e, &db, ctx));
    }
    let conn = rusqlite::Connection::open_with_flags(
        &db,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| sqlite_error(e, &db, ctx))?;
    conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()
        .map_err(|e| sqlite_error(e, &db, ctx))
}

/// Open (and with `create`, create) the store in `dir`, returning the configured connection.
pub(super) fn open_connection(
    dir: &Path,
    opts: &StoreOptions,
    create: bool,
) -> Result<Connection, StoreError> {
    if let Some(url) = server_url(dir) {
        return super::server::open(url, opts, create);
    }
    if let Some(kind) = network_filesystem(dir) {
        return Err(StoreError::NetworkFilesystem {
            path: dir.to_path_buf(),
            kind,
        });
    }
    if prepare_dir(dir, create)? {
        // A new directory: make its entry in the parent durable.
        if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
            sync_dir(parent)?;
        }
    }
    let db = dir.join(DB_FILE);
    let found = inspect_db_file(dir, &db, create)?;
    let new_file = matches!(found, Found::Absent);

    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if new_file {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    let conn = rusqlite::Connection::open_with_flags(&db, flags)
        .map_err(|e| read_only_or(dir, sqlite_error(e, &db, "opening")))?;
    // A save runs about twenty statements (record, summary, history, audit chain, meta): all
    // stay prepared (rusqlite keeps 16 by default, and a save cycling through more than that
    // prepared every one of them again).
    conn.set_prepared_statement_cache_capacity(64);
    // SQLite silently falls back to read-only when the file cannot be written: say so now,
    // rather than at the first save.
    if conn.is_readonly(MAIN_DB).unwrap_or(false) {
        return Err(StoreError::ReadOnly { path: db });
    }
    // A WAL store in a directory we cannot write fails with SQLITE_CANTOPEN (no `-shm`).
    configure(conn, dir, &db, opts, create, new_file).map_err(|e| read_only_or(dir, e))
}

/// The kind of network filesystem `dir` is on (or would be created on: its nearest existing
/// ancestor is asked), if it is on one. Only Linux says (`statfs`); elsewhere `None`.
pub(crate) fn network_filesystem(dir: &Path) -> Option<&'static str> {
    #[cfg(target_os = "linux")]
    {
        let dir = std::path::absolute(dir).ok()?;
        let existing = dir.ancestors().find(|p| p.exists())?;
        let stat = rustix::fs::statfs(existing).ok()?;
        #[allow(clippy::unnecessary_cast)] // `f_type`'s width differs between architectures
        network_kind(stat.f_type as i64)
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = dir;
        None
    }
}

/// The network filesystem a `statfs` magic number names (Linux's `magic.h` and the
/// filesystems' own sources), if it is one: SQLite's documentation says its locking and WAL do
/// not work reliably on these.
pub(crate) fn network_kind(magic: i64) -> Option<&'static str> {
    // The magic numbers are 32-bit; some architectures sign-extend them.
    Some(match magic as u32 {
        0x6969 => "NFS",
        0x517B => "SMB",
        0xFE53_4D42 => "SMB2",
        0xFF53_4D42 => "CIFS",
        0x5346_414F => "AFS",
        0x6B41_4653 => "AFS (kAFS)",
        0x7375_7245 => "Coda",
        0x564C => "NCP",
        0x00C3_6400 => "CephFS",
        0x0BD0_0BD0 => "Lustre",
        0x4750_4653 => "GPFS",
        0x0102_1997 => "9P",
        _ => return None,
    })
}

/// Check the identity, set the PRAGMAs, migrate, and make a new store's files durable.
fn configure(
    conn: rusqlite::Connection,
    dir: &Path,
    db: &Path,
    opts: &StoreOptions,
    create: bool,
    new_file: bool,
) -> Result<Connection, StoreError> {
    let db = db.to_path_buf();
    conn.busy_timeout(opts.busy_timeout)
        .map_err(|e| sqlite_error(e, &db, "setting the busy timeout"))?;

    // Identity first: never switch someone else's database to WAL or add tables to it.
    if !new_file && !is_spmp_or_blank(&conn, dir, &db, create)? {
        return Err(StoreError::NotAStore {
            path: db,
            reason: "the database has no spmp marker (meta.app = 'spmp')".to_string(),
        });
    }

    let mode: String = conn
        .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))
        .map_err(|e| sqlite_error(e, &db, "switching to WAL mode"))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::NoWal { path: db, mode });
    }
    conn.pragma_update(None, "synchronous", "FULL")
        .map_err(|e| sqlite_error(e, &db, "setting synchronous=FULL"))?;
    // Deleted and overwritten content is zeroed, not left in free pages (erasure, upgrades).
    conn.pragma_update(None, "secure_delete", "ON")
        .map_err(|e| sqlite_error(e, &db, "enabling secure_delete"))?;
    conn.pragma_update(None, "foreign_keys", "ON")
        .map_err(|e| sqlite_error(e, &db, "enabling foreign keys"))?;
    if let Some(pages) = opts.max_page_count {
        conn.pragma_update(None, "max_page_count", pages)
            .map_err(|e| sqlite_error(e, &db, "setting max_page_count"))?;
    }

    let mut conn = Connection::Sqlite(conn);
    match migrate::migrate(&mut conn, &now_text())
        .map_err(|e| sqlite_error(e, &db, "migrating the schema"))?
    {
        SchemaState::Current => {}
        SchemaState::TooNew(found) => {
            return Err(StoreError::TooNew {
                path: db,
                found,
                known: migrate::SCHEMA_VERSION,
            });
        }
    }

    if new_file {
        // Make the new directory entry of the db file durable.
        sync_dir(dir)?;
        restrict(dir, 0o700);
    }
    // The database and SQLite's side files are the owner's only (encrypted or not, a copy
    // is a target for offline guessing of passphrases).
    for name in [DB_FILE, "spmp.db-wal", "spmp.db-shm"] {
        restrict(&dir.join(name), 0o600);
    }
    Ok(conn)
}

/// Replace an error by [`StoreError::ReadOnly`] when the store directory cannot be written
/// (SQLite reports that as "unable to open database file").
fn read_only_or(dir: &Path, err: StoreError) -> StoreError {
    let cannot_open = matches!(&err, StoreError::Sqlite { source, .. }
        if source.sqlite_error_code() == Some(ErrorCode::CannotOpen));
    if !cannot_open {
        return err;
    }
    match tempfile::tempfile_in(dir) {
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
            ) =>
        {
            StoreError::ReadOnly {
                path: dir.to_path_buf(),
            }
        }
        _ => err,
    }
}

/// Check the directory; create it when allowed. Returns whether it was created.
fn prepare_dir(dir: &Path, create: bool) -> Result<bool, StoreError> {
    match fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => Ok(false),
        Ok(_) => Err(StoreError::NotAStore {
            path: dir.to_path_buf(),
            reason: match dir.parent().filter(|_| dir.ends_with(DB_FILE)) {
                Some(parent) => format!(
                    "it is the store's file: give its directory, {}",
                    match parent.as_os_str().is_empty() {
                        true => Path::new("."),
                        false => parent,
                    }
                    .display()
                ),
                None => "it is a file, not a directory".to_string(),
            },
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && create => {
            fs::create_dir_all(dir).map_err(|e| io_error(e, dir))?;
            // Only the owner may enter a new store directory.
            restrict(dir, 0o700);
            Ok(true)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(StoreError::NotAStore {
            path: dir.to_path_buf(),
            reason: "the directory does not exist".to_string(),
        }),
        Err(e) => Err(io_error(e, dir)),
    }
}

/// Look at the database path without SQLite: refuse anything that is not an SQLite file, and
/// refuse to create a store in a directory that already holds other things.
fn inspect_db_file(dir: &Path, db: &Path, create: bool) -> Result<Found, StoreError> {
    match fs::symlink_metadata(db) {
        Ok(meta) if meta.is_file() => {
            let mut header = [0u8; 16];
            let mut file = File::open(db).map_err(|e| io_error(e, db))?;
            let n = read_up_to(&mut file, &mut header).map_err(|e| io_error(e, db))?;
            if n == 0 || (n == header.len() && &header == SQLITE_MAGIC) {
                Ok(Found::Sqlite)
            } else {
                Err(StoreError::NotAStore {
                    path: db.to_path_buf(),
                    reason: "the file is not an SQLite database".to_string(),
                })
            }
        }
        Ok(_) => Err(StoreError::NotAStore {
            path: db.to_path_buf(),
            reason: "it is not a regular file".to_string(),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if !create {
                return Err(StoreError::NotAStore {
                    path: dir.to_path_buf(),
                    reason: format!("there is no {DB_FILE} in it"),
                });
            }
            let mut entries = fs::read_dir(dir).map_err(|e| io_error(e, dir))?;
            if entries.next().is_some() {
                return Err(StoreError::NotAStore {
                    path: dir.to_path_buf(),
                    reason: format!(
                        "the directory holds other files and no {DB_FILE}; \
                         spmp only creates a store in a new or empty directory"
                    ),
                });
            }
            Ok(Found::Absent)
        }
        Err(e) => Err(io_error(e, db)),
    }
}

/// Whether an existing SQLite database is an spmp store, or blank (no schema at all: a store
/// whose creation was interrupted before its first commit), which `open` may initialise.
fn is_spmp_or_blank(
    conn: &rusqlite::Connection,
    dir: &Path,
    db: &Path,
    create: bool,
) -> Result<bool, StoreError> {
    let objects: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
        .map_err(|e| sqlite_error(e, db, "reading the schema"))?;
    if objects == 0 {
        if create {
            return Ok(true);
        }
        return Err(StoreError::NotAStore {
            path: dir.to_path_buf(),
            reason: format!("{DB_FILE} is an empty database"),
        });
    }
    let has_meta: bool = conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'meta'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .map(|n| n > 0)
        .map_err(|e| sqlite_error(e, db, "reading the schema"))?;
    if !has_meta {
        return Ok(false);
    }
    let app: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = 'app'", [], |r| r.get(0))
        .optional()
        .map_err(|e| sqlite_error(e, db, "reading the store marker"))?;
    Ok(app.as_deref() == Some("spmp"))
}

fn read_up_to(file: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match file.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

fn sync_dir(dir: &Path) -> Result<(), StoreError> {
    File::open(dir)
        .and_then(|f| f.sync_all())
        .map_err(|e| io_error(e, dir))
}

/// Whether `dir` is absent or an empty directory (no store yet).
pub(super) fn is_absent_or_empty(dir: &Path) -> Result<bool, StoreError> {
    if let Some(url) = server_url(dir) {
        return super::server::is_empty(url);
    }
    match fs::read_dir(dir) {
        Ok(mut entries) => Ok(entries.next().is_none()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => Ok(false),
        Err(e) => Err(io_error(e, dir)),
    }
}

/// Copy the WAL into the database and truncate it, so pages that held old content are gone
/// from the `-wal` file too. Returns whether the checkpoint completed (a reader in another
/// process can hold it back; the next checkpoint finishes the job).
pub(super) fn checkpoint(conn: &Connection) -> bool {
    let Some(conn) = conn.sqlite() else {
        return true;
    };
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
        r.get::<_, i64>(0)
    })
    .map(|busy| busy == 0)
    .unwrap_or(false)
}

/// Narrow the permissions of `path` to `mode` if it is ours and wider (best effort: a file
/// system without Unix permissions, or a file owned by someone else, is left as it is).
#[cfg(unix)]
fn restrict(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(meta) = fs::metadata(path)
        && meta.permissions().mode() & 0o777 & !mode != 0
    {
        let _ = fs::set_permissions(path, fs::Permissions::from_mode(mode));
    }
}

#[cfg(not(unix))]
fn restrict(_: &Path, _: u32) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn network_filesystems_are_named_and_local_ones_are_not() {
        assert_eq!(network_kind(0x6969), Some("NFS"));
        assert_eq!(network_kind(0xFF53_4D42), Some("CIFS"));
        // Sign-extended, as a 32-bit `f_type` may come.
        assert_eq!(network_kind(0xFFFF_FFFF_FF53_4D42_u64 as i64), Some("CIFS"));
        assert_eq!(network_kind(0xFE53_4D42), Some("SMB2"));
        assert_eq!(network_kind(0x517B), Some("SMB"));
        for local in [0xEF53, 0x0102_1994, 0x5846_5342, 0x9123_683E, 0x794C_7630] {
            // ext4, tmpfs, XFS, Btrfs, overlayfs
            assert_eq!(network_kind(local), None, "{local:#x}");
        }
    }

    #[test]
    fn a_local_directory_and_one_still_to_create_are_not_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(network_filesystem(dir.path()), None);
        assert_eq!(network_filesystem(&dir.path().join("new/store")), None);
        assert_eq!(network_filesystem(Path::new("relative/store")), None);
    }

    #[test]
    fn the_refusal_names_the_filesystem_and_the_server_option() {
        let e = StoreError::NetworkFilesystem {
            path: "/mnt/share/spmp".into(),
            kind: "NFS",
        };
        let text = e.to_string();
        assert!(
            text.contains("/mnt/share/spmp is on a network filesystem (NFS)"),
            "{text}"
        );
        assert!(text.contains("server store"), "{text}");
        assert!(!text.contains("allow-network-fs"), "{text}");
    }
}
