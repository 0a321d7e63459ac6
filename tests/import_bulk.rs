//! An import on a SQLite store it has to itself goes through SQLite's rollback journal (its
//! records written once, not to the WAL and again at the checkpoint), then the store is back
//! in WAL. With another process on the store nothing changes; an import killed half-way
//! leaves nothing imported and a store that opens in WAL as before. (SQLite only: the server
//! has no journal to choose.)
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::cli::{spmp_at, text};
use common::store::{sqlite_only, tmp};
use spmp::store::{DB_FILE, Store, testkit};

fn journal_mode(dir: &Path) -> String {
    let conn = rusqlite::Connection::open(dir.join(DB_FILE)).unwrap();
    conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap()
}

/// A store in `dir` (on the disk, whatever the test run) with its tester.
fn store(dir: &Path) -> Store {
    Store::create_with(
        dir,
        &testkit::options(),
        &testkit::login(testkit::TESTER),
        &[spmp::domain::Role::Supervisor],
    )
    .unwrap()
}

/// A generated caseload of `n` fictional subjects in `file`.
fn caseload(dir: &Path, n: usize) -> std::path::PathBuf {
    let file = dir.join(format!("c{n}.json"));
    let out = Command::new(env!("CARGO_BIN_EXE_spmp"))
        .args(["generate", "--subjects", &n.to_string(), "--out"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    file
}

#[test]
fn a_store_to_itself_takes_the_journal_and_is_back_in_wal_after() {
    if sqlite_only("import_bulk: SQLite's journal modes") {
        return;
    }
    let dir = tmp();
    let at = dir.path().join("s");
    let mut s = store(&at);
    assert!(s.begin_bulk_write(), "alone on the store");
    assert_eq!(journal_mode(&at), "delete");
    s.end_bulk_write();
    assert_eq!(journal_mode(&at), "wal");

    // Another connection on it (an app open on the store): nothing changes.
    let other = rusqlite::Connection::open(at.join(DB_FILE)).unwrap();
    let _: i64 = other
        .query_row("SELECT count(*) FROM subjects", [], |r| r.get(0))
        .unwrap();
    assert!(!s.begin_bulk_write());
    assert_eq!(journal_mode(&at), "wal");
    drop(s);

    // The whole import, with that connection still open, then alone.
    let file = caseload(dir.path(), 200);
    let out = spmp_at(testkit::TESTER, &at, &["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    let n: i64 = other
        .query_row("SELECT count(*) FROM subjects", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 200, "the open connection sees the import");
    drop(other);
    let more = dir.path().join("more.json");
    let out = spmp_at(
        testkit::TESTER,
        &at,
        &[
            "export",
            "--format",
            "json",
            "--out",
            more.to_str().unwrap(),
            "--recipient",
            "test",
            "--reason",
            "test",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let fresh = dir.path().join("fresh");
    drop(store(&fresh));
    let out = spmp_at(testkit::TESTER, &fresh, &["import", more.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(journal_mode(&fresh), "wal");
    assert!(!fresh.join(format!("{DB_FILE}-journal")).exists());
    let out = spmp_at(testkit::TESTER, &fresh, &["verify"]);
    assert!(out.status.success(), "{}", text(&out));
    let out = spmp_at(testkit::TESTER, &fresh, &["audit", "verify"]);
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn an_import_killed_half_way_leaves_nothing_imported_and_the_store_as_it_was() {
    if sqlite_only("import_bulk: SQLite's journal modes") {
        return;
    }
    let dir = tmp();
    let at = dir.path().join("s");
    drop(store(&at));
    let file = caseload(dir.path(), 5_000);
    for wait in [150, 400, 900] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_spmp"))
            .arg("--store")
            .arg(&at)
            .arg("import")
            .arg(&file)
            .env("SPMP_USER", testkit::TESTER)
            .env("SPMP_PASSPHRASE", testkit::PASSPHRASE)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(wait));
        let _ = child.kill();
        let _ = child.wait();
        let s = testkit::open_with(&at, &testkit::options()).unwrap();
        assert_eq!(
            s.count().unwrap(),
            0,
            "nothing imported (killed after {wait} ms)"
        );
        drop(s);
        assert_eq!(journal_mode(&at), "wal");
    }
    let out = spmp_at(testkit::TESTER, &at, &["verify"]);
    assert!(out.status.success(), "{}", text(&out));
    let out = spmp_at(testkit::TESTER, &at, &["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(journal_mode(&at), "wal");
}
