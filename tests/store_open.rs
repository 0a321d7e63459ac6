//! Opening stores: what spmp creates, what it refuses (and leaves untouched), read-only and
//! too-new stores. Real SQLite on temporary directories.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::store::{create, full_subject, open_existing, tmp};
use rusqlite::Connection;
use spmp::store::{DB_FILE, StoreError};

fn raw(dir: &Path) -> Connection {
    Connection::open(dir.join(DB_FILE)).expect("raw connection")
}

#[test]
fn create_works_in_a_new_or_empty_dir_only() {
    let base = tmp();
    let fresh = base.path().join("a/b");
    create(&fresh).unwrap();
    if !common::store::sqlite_only(
        "create_works_in_a_new_or_empty_dir_only: spmp.db in the new dir",
    ) {
        assert!(fresh.join(DB_FILE).is_file());
    }
    let empty = base.path().join("empty");
    fs::create_dir(&empty).unwrap();
    create(&empty).unwrap();
    open_existing(&empty).unwrap();
    // A store with users is never created over.
    assert!(matches!(create(&empty), Err(StoreError::Refused { .. })));
    if common::store::sqlite_only(
        "create_works_in_a_new_or_empty_dir_only: a dir holding other files",
    ) {
        return;
    }

    let busy = base.path().join("busy");
    fs::create_dir(&busy).unwrap();
    fs::write(busy.join("notes.txt"), "keep me").unwrap();
    let err = create(&busy).unwrap_err();
    assert!(
        matches!(err, StoreError::NotAStore { ref path, .. } if path == &busy),
        "{err}"
    );
    assert!(!busy.join(DB_FILE).exists());
    assert_eq!(
        fs::read_to_string(busy.join("notes.txt")).unwrap(),
        "keep me"
    );

    let err = create(&busy.join("notes.txt")).unwrap_err();
    assert!(matches!(err, StoreError::NotAStore { .. }), "{err}");
}

#[test]
fn open_existing_never_creates() {
    let base = tmp();
    let missing = base.path().join("missing");
    assert!(matches!(
        open_existing(&missing),
        Err(StoreError::NotAStore { .. })
    ));
    assert!(!missing.exists());
    assert!(matches!(
        open_existing(base.path()),
        Err(StoreError::NotAStore { .. })
    ));
    assert!(!base.path().join(DB_FILE).exists());
}

#[test]
fn spmp_db_that_is_not_sqlite_is_refused_untouched() {
    if common::store::sqlite_only(
        "spmp_db_that_is_not_sqlite_is_refused_untouched: a spmp.db that is not SQLite",
    ) {
        return;
    }
    let dir = tmp();
    let db = dir.path().join(DB_FILE);
    fs::write(&db, "just some text, not a database at all").unwrap();
    for err in [
        create(dir.path()).unwrap_err(),
        open_existing(dir.path()).unwrap_err(),
    ] {
        assert!(matches!(err, StoreError::NotAStore { .. }), "{err}");
        assert!(err.to_string().contains("not an SQLite database"), "{err}");
    }
    assert_eq!(
        fs::read_to_string(&db).unwrap(),
        "just some text, not a database at all"
    );
}

#[test]
fn sqlite_db_without_the_spmp_marker_is_refused_untouched() {
    if common::store::sqlite_only(
        "sqlite_db_without_the_spmp_marker_is_refused_untouched: \
         a foreign SQLite file, its PRAGMAs",
    ) {
        return;
    }
    let dir = tmp();
    {
        let other = raw(dir.path());
        other
            .execute_batch("CREATE TABLE meta (key TEXT, value TEXT); CREATE TABLE t (x);")
            .unwrap();
    }
    for err in [
        create(dir.path()).unwrap_err(),
        open_existing(dir.path()).unwrap_err(),
    ] {
        assert!(matches!(err, StoreError::NotAStore { .. }), "{err}");
        assert!(err.to_string().contains("spmp marker"), "{err}");
    }
    let other = raw(dir.path());
    let mode: String = other
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        mode, "delete",
        "spmp must not switch a foreign database to WAL"
    );
    let tables: i64 = other
        .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
        .unwrap();
    assert_eq!(tables, 2);
}

#[test]
fn newer_schema_is_too_new() {
    if common::store::sqlite_only("newer_schema_is_too_new: PRAGMA user_version of spmp.db") {
        return;
    }
    let dir = tmp();
    create(dir.path()).unwrap();
    raw(dir.path())
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let err = open_existing(dir.path()).unwrap_err();
    assert!(matches!(err, StoreError::TooNew { found: 99, .. }), "{err}");
    assert!(err.to_string().contains("upgrade spmp"), "{err}");
}

/// Makes a store directory and its files unwritable, and undoes it when dropped. As root,
/// permission bits do not stop writes, so it falls back to the immutable attribute
/// (`chattr +i`, needs CAP_LINUX_IMMUTABLE); `None` if neither can make the store read-only.
struct ReadOnly {
    paths: Vec<PathBuf>,
    immutable: bool,
}

impl ReadOnly {
    fn apply(dir: &Path) -> Option<ReadOnly> {
        use std::os::unix::fs::PermissionsExt;
        let mut paths: Vec<PathBuf> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.push(dir.to_path_buf());
        for p in &paths {
            let mode = if p.is_dir() { 0o555 } else { 0o444 };
            fs::set_permissions(p, fs::Permissions::from_mode(mode)).unwrap();
        }
        let mut guard = ReadOnly {
            paths,
            immutable: false,
        };
        if !Self::writable(dir) {
            return Some(guard);
        }
        guard.immutable = true;
        let ok = guard.paths.iter().all(|p| {
            std::process::Command::new("chattr")
                .arg("+i")
                .arg(p)
                .status()
                .is_ok_and(|s| s.success())
        });
        (ok && !Self::writable(dir)).then_some(guard)
    }

    fn writable(dir: &Path) -> bool {
        fs::OpenOptions::new()
            .append(true)
            .open(dir.join(DB_FILE))
            .is_ok()
            || fs::write(dir.join("probe"), "x").is_ok_and(|()| {
                let _ = fs::remove_file(dir.join("probe"));
                true
            })
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        for p in &self.paths {
            if self.immutable {
                let _ = std::process::Command::new("chattr")
                    .arg("-i")
                    .arg(p)
                    .status();
            }
            let mode = if p.is_dir() { 0o755 } else { 0o644 };
            let _ = fs::set_permissions(p, fs::Permissions::from_mode(mode));
        }
    }
}

#[test]
fn read_only_store_reports_read_only() {
    if common::store::sqlite_only(
        "read_only_store_reports_read_only: permissions of the store's directory and files",
    ) {
        return;
    }
    let dir = tmp();
    let s = full_subject(1, "x");
    create(dir.path()).unwrap().save(&s, "create").unwrap();
    let Some(_guard) = ReadOnly::apply(dir.path()) else {
        println!(
            "SKIPPED read_only_store_reports_read_only: running with privileges that ignore \
             permission bits and `chattr +i` is unavailable, so the store cannot be made read-only"
        );
        return;
    };
    // Refused at open, before any edit is made: SQLite cannot even read a WAL store whose
    // directory it cannot write (no `-shm`), and silently degrades a read-only file.
    for opened in [create(dir.path()), open_existing(dir.path())] {
        let err = opened.unwrap_err();
        assert!(matches!(err, StoreError::ReadOnly { .. }), "{err:?}");
        assert!(err.to_string().contains("read-only"), "{err}");
    }
    drop(_guard);
    assert_eq!(open_existing(dir.path()).unwrap().load(1).unwrap(), Some(s));
}

#[test]
fn empty_spmp_db_left_by_an_interrupted_creation_is_initialised_by_create_only() {
    let dir = tmp();
    fs::write(dir.path().join(DB_FILE), b"").unwrap();
    let err = open_existing(dir.path()).unwrap_err();
    assert!(matches!(err, StoreError::NotAStore { .. }), "{err}");
    let mut store = create(dir.path()).unwrap();
    store.save(&full_subject(1, "x"), "create").unwrap();
    drop(store);
    assert_eq!(open_existing(dir.path()).unwrap().count().unwrap(), 1);
}

/// `--store DIR/spmp.db` (the one file a working set or a store holds) is refused with the
/// directory to give instead; the file is left as it was.
#[test]
fn the_stores_file_given_for_its_directory_names_the_directory() {
    use spmp::store::{Store, testkit};
    let base = tmp();
    let dir = base.path().join("ws");
    drop(
        Store::create_with(
            &dir,
            &testkit::options(),
            &testkit::login(testkit::TESTER),
            &[spmp::domain::Role::Reviewer],
        )
        .unwrap(),
    );
    let file = dir.join(DB_FILE);
    let before = fs::read(&file).unwrap();
    let err = Store::open_with(&file, &testkit::options(), &testkit::login(testkit::TESTER))
        .err()
        .unwrap();
    assert!(matches!(err, StoreError::NotAStore { .. }), "{err}");
    assert!(
        err.to_string()
            .contains(&format!("give its directory, {}", dir.display())),
        "{err}"
    );
    assert_eq!(fs::read(&file).unwrap(), before);
}
