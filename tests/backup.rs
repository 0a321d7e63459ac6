//! Backup and restore on real stores: consistent while the store is in use, still encrypted,
//! and the restored store verifies (records and audit chain).
#![allow(clippy::unwrap_used, clippy::expect_used)]
use std::path::Path;
use std::process::Command;

use spmp::domain::Subject;
use spmp::store::{Store, StoreError, testkit};

const MARKER: &str = "QQBACKUPMARKER";

fn subject(id: u64, name: &str) -> Subject {
    let opened = chrono::NaiveDate::from_ymd_opt(2026, 1, 5).expect("date");
    let mut s = Subject::new(id, name, "Fictional", opened);
    s.section1.narrative = format!("{MARKER} narrative {id}");
    s
}

fn seeded(dir: &Path, n: u64) -> Store {
    let mut store = testkit::open(dir).expect("store");
    let subjects: Vec<Subject> = (1..=n)
        .map(|i| subject(i, &format!("{MARKER}{i}")))
        .collect();
    store.save_all(&subjects, "seed").expect("seed");
    store
}

fn sqlite_only(test: &str) -> bool {
    testkit::sqlite_only(&format!("{test}: backup and restore of the SQLite file"))
}

fn bytes_contain(path: &Path, needle: &[u8]) -> bool {
    let bytes = std::fs::read(path).expect("read file");
    bytes.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn backup_restores_to_an_identical_store_that_verifies() {
    if sqlite_only("backup_restores_to_an_identical_store_that_verifies") {
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let src = tmp.path().join("src");
    let mut store = seeded(&src, 40);
    let out = tmp.path().join("backup.db");
    let mut calls = Vec::new();
    let report = store
        .backup_to(&out, &mut |done, total| calls.push((done, total)))
        .expect("backup");
    assert!(report.bytes > 0 && report.pages > 0);
    assert_eq!(calls.last().map(|(d, t)| d == t), Some(true), "{calls:?}");
    assert!(
        !bytes_contain(&out, MARKER.as_bytes()),
        "the backup is encrypted"
    );
    assert!(!out.with_extension("db-wal").exists(), "a single file");

    let dst = tmp.path().join("dst");
    Store::restore_from(&out, &dst, false, &mut |_, _| {}).expect("restore");
    let restored = testkit::open(&dst).expect("open restored with the same passphrase");
    assert_eq!(
        restored.load_all().expect("load"),
        store.load_all().expect("load")
    );
    assert!(restored.verify().expect("verify").is_ok());
    let audit = restored.verify_audit().expect("audit");
    assert!(audit.is_ok(), "{audit:?}");
    // The backup's own audit entry is inside the copy.
    let log = restored.audit_log().expect("log");
    assert!(
        log.iter()
            .any(|e| e.what.starts_with("Backed up the store")),
        "{log:?}"
    );
}

#[test]
fn a_backup_taken_while_another_process_writes_is_consistent() {
    if sqlite_only("a_backup_taken_while_another_process_writes_is_consistent") {
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let src = tmp.path().join("src");
    drop(seeded(&src, 5));
    // A writer in another thread (its own connection, as another process would be).
    let writer_dir = src.clone();
    let writer = std::thread::spawn(move || {
        let mut w = testkit::open(&writer_dir).expect("writer");
        for i in 100..160 {
            w.save(&subject(i, "Writer"), "concurrent").expect("write");
        }
    });
    let mut store = testkit::open(&src).expect("store");
    let out = tmp.path().join("during.db");
    store
        .backup_to(&out, &mut |_, _| {})
        .expect("backup during writes");
    writer.join().expect("writer thread");
    let dst = tmp.path().join("dst");
    Store::restore_from(&out, &dst, false, &mut |_, _| {}).expect("restore");
    let restored = testkit::open(&dst).expect("open");
    assert!(restored.verify().expect("verify").is_ok());
    assert!(restored.verify_audit().expect("audit").is_ok());
    let n = restored.load_all().expect("load").len();
    assert!((5..=65).contains(&n), "{n}");
}

#[test]
fn restore_refuses_a_non_empty_store_unless_forced_and_bad_files_change_nothing() {
    if sqlite_only("restore_refuses_a_non_empty_store_unless_forced_and_bad_files_change_nothing") {
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let a = tmp.path().join("a");
    let mut store = seeded(&a, 3);
    let out = tmp.path().join("a.db");
    store.backup_to(&out, &mut |_, _| {}).expect("backup");
    // Refuses to overwrite an existing backup file.
    assert!(matches!(
        store.backup_to(&out, &mut |_, _| {}),
        Err(StoreError::Refused { .. })
    ));

    let b = tmp.path().join("b");
    drop(seeded(&b, 7));
    let before = std::fs::read(b.join("spmp.db")).expect("read");
    let err = Store::restore_from(&out, &b, false, &mut |_, _| {}).expect_err("refused");
    assert!(err.to_string().contains("--force"), "{err}");
    assert_eq!(std::fs::read(b.join("spmp.db")).expect("read"), before);

    for junk in [&b"not a database at all"[..], &[0u8; 4096][..]] {
        let bad = tmp.path().join("junk.db");
        std::fs::write(&bad, junk).expect("write");
        let err = Store::restore_from(&bad, &tmp.path().join("c"), false, &mut |_, _| {})
            .expect_err("junk refused");
        assert!(matches!(err, StoreError::NotAStore { .. }), "{err}");
        assert!(!tmp.path().join("c").join("spmp.db").exists());
    }

    Store::restore_from(&out, &b, true, &mut |_, _| {}).expect("forced restore");
    let restored = testkit::open(&b).expect("open");
    assert_eq!(restored.load_all().expect("load").len(), 3);
}

#[test]
fn cli_backup_and_restore_round_trip() {
    if sqlite_only("cli_backup_and_restore_round_trip") {
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let src = tmp.path().join("src");
    drop(seeded(&src, 4));
    let out = tmp.path().join("cli.db");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_spmp"))
            .args(args)
            .env("SPMP_USER", testkit::TESTER)
            .env("SPMP_PASSPHRASE", testkit::PASSPHRASE)
            .env_remove("SPMP_STORE")
            .output()
            .expect("run spmp")
    };
    let p = |x: &Path| x.to_str().expect("utf8").to_string();
    let o = run(&["--store", &p(&src), "backup", "--output", &p(&out)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let dst = tmp.path().join("dst");
    let o = run(&["--store", &p(&dst), "restore", "--input", &p(&out)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for cmd in [&["verify"][..], &["audit", "verify"][..]] {
        let mut args = vec!["--store".to_string(), p(&dst)];
        args.extend(cmd.iter().map(|s| s.to_string()));
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = run(&refs);
        assert!(
            o.status.success(),
            "{cmd:?}: {}",
            String::from_utf8_lossy(&o.stdout)
        );
    }
    // Restoring again over it is refused without --force and exits non-zero.
    let o = run(&["--store", &p(&dst), "restore", "--input", &p(&out)]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn replacing_a_store_needs_an_administrator_of_that_store() {
    if sqlite_only("replacing_a_store_needs_an_administrator_of_that_store") {
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let src = tmp.path().join("src");
    let mut store = seeded(&src, 2);
    let out = tmp.path().join("b.db");
    store.backup_to(&out, &mut |_, _| {}).expect("backup");
    drop(store);
    let dst = tmp.path().join("dst");
    drop(seeded(&dst, 5));
    drop(testkit::open_as(&dst, "rev.only", &[spmp::domain::Role::Reviewer]).expect("reviewer"));
    let before = std::fs::read(dst.join("spmp.db")).expect("read");
    let run = |user: &str| {
        Command::new(env!("CARGO_BIN_EXE_spmp"))
            .args([
                "--store",
                dst.to_str().expect("utf8"),
                "restore",
                "--input",
                out.to_str().expect("utf8"),
                "--force",
            ])
            .env("SPMP_USER", user)
            .env("SPMP_PASSPHRASE", testkit::PASSPHRASE)
            .env_remove("SPMP_STORE")
            .output()
            .expect("run spmp")
    };
    let o = run("rev.only");
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("administrator"));
    assert_eq!(
        std::fs::read(dst.join("spmp.db")).expect("read"),
        before,
        "nothing replaced"
    );
    let o = run(testkit::TESTER);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        testkit::open(&dst)
            .expect("open")
            .load_all()
            .expect("load")
            .len(),
        2
    );
}
