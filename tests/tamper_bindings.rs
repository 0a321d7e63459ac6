//! Everything that can be rolled back is bound into the audit chain (issue 12, point 3): each
//! attack edits the real store's rows (the SQLite file, or the server's database as a DBA could),
//! without any key, and `spmp audit verify` must name it. A record's older ciphertext put back; history rows removed, copied or swapped; a
//! disabled user's old wrap and profile put back; and the whole log rolled back to an older
//! copy, which only a fingerprint kept outside the store can reveal (`--expect`).
#![allow(clippy::unwrap_used, clippy::expect_used)]
use std::path::Path;
use std::process::{Command, Output};

mod common;

use common::raw::{Raw, V};
use spmp::domain::{Role, Subject};
use spmp::store::{Commit, Store, testkit};

use testkit::sqlite_only;

/// A store with one subject saved three times (three history rows) and a disabled user.
fn store() -> (tempfile::TempDir, u64) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = testkit::open(dir.path()).unwrap();
    let mut s = Subject::new(
        0,
        "Doe",
        "Jane",
        chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
    );
    store.insert_new(&mut s, "Created the subject").unwrap();
    for officer in ["DC One", "DC Two"] {
        let (mut s, version) = store.load_versioned(s.id).unwrap().unwrap();
        s.officer = Some(officer.to_string());
        store
            .commit(&Commit {
                subject: &s,
                expected_version: Some(version),
                summary: "Edited the subject",
            })
            .unwrap();
    }
    drop(store);
    drop(testkit::open_as(dir.path(), "vic", &[Role::Viewer]).unwrap());
    (dir, s.id)
}

fn verify(dir: &Path) -> spmp::store::AuditReport {
    testkit::open(dir).unwrap().verify_audit().unwrap()
}

fn fault(dir: &Path) -> String {
    let report = verify(dir);
    report
        .fault
        .as_ref()
        .map(|f| f.to_string())
        .unwrap_or_else(|| panic!("not detected: {report:?}"))
}

#[test]
fn the_untouched_store_verifies() {
    let (dir, _) = store();
    assert!(verify(dir.path()).is_ok());
}

#[test]
fn a_records_older_ciphertext_put_back_is_caught() {
    // As someone with the file, or a DBA with the server's database, would.
    let (dir, id) = store();
    let old = Raw::open(dir.path()).query(&format!(
        "SELECT payload, restricted, version FROM subjects WHERE id = {id}"
    ));
    let old = old[0].clone();
    let mut store = testkit::open(dir.path()).unwrap();
    let (mut s, version) = store.load_versioned(id).unwrap().unwrap();
    s.officer = Some("DC Three".to_string());
    store
        .commit(&Commit {
            subject: &s,
            expected_version: Some(version),
            summary: "Edited the subject",
        })
        .unwrap();
    drop(store);
    let put_back = |with_version: bool| {
        let mut raw = Raw::open(dir.path());
        raw.execute(
            "UPDATE subjects SET payload = $2, restricted = $3 WHERE id = $1",
            &[V::Int(id as i64), old[0].clone(), old[1].clone()],
        );
        if with_version {
            raw.execute(
                "UPDATE subjects SET version = $2 WHERE id = $1",
                &[V::Int(id as i64), old[2].clone()],
            );
        }
    };
    // The older ciphertext alone: sealed at its own revision, it no longer opens at this one.
    put_back(false);
    let store = testkit::open(dir.path()).unwrap();
    assert!(store.load(id).is_err());
    assert!(!store.verify().unwrap().is_ok());
    drop(store);
    // With its revision put back too, it opens (same row, same key): only the binding tells.
    put_back(true);
    let store = testkit::open(dir.path()).unwrap();
    assert_eq!(
        store.load(id).unwrap().unwrap().officer.as_deref(),
        Some("DC Two")
    );
    drop(store);
    assert!(fault(dir.path()).contains("not the one the log last wrote"));
}

#[test]
fn a_records_revision_changed_by_hand_makes_it_unreadable_not_different() {
    let (dir, id) = store();
    Raw::open(dir.path()).execute(
        "UPDATE subjects SET version = version - 1 WHERE id = $1",
        &[V::Int(id as i64)],
    );
    let store = testkit::open(dir.path()).unwrap();
    let err = store.load(id).unwrap_err().to_string();
    assert!(err.contains("does not decrypt"), "{err}");
    let report = store.verify().unwrap();
    assert_eq!(report.faults.len(), 1, "{report}");
}

#[test]
fn history_rows_removed_copied_or_swapped_are_caught() {
    let seqs = |dir: &Path| -> Vec<i64> {
        Raw::open(dir)
            .query("SELECT seq FROM history ORDER BY seq")
            .iter()
            .map(|row| row[0].int())
            .collect()
    };
    // Removed.
    let (dir, _) = store();
    let s = seqs(dir.path());
    Raw::open(dir.path()).execute("DELETE FROM history WHERE seq = $1", &[V::Int(s[1])]);
    assert!(
        fault(dir.path()).contains("is missing"),
        "{}",
        fault(dir.path())
    );

    // Copied.
    let (dir, _) = store();
    Raw::open(dir.path()).execute(
        "INSERT INTO history (subject_id, payload, restricted)
         SELECT subject_id, payload, restricted FROM history ORDER BY seq DESC LIMIT 1",
        &[],
    );
    assert!(fault(dir.path()).contains("has no audit entry"));

    // Swapped.
    let (dir, _) = store();
    let s = seqs(dir.path());
    Raw::open(dir.path()).execute(
        &format!(
            "UPDATE history SET seq = -1 WHERE seq = {a};
             UPDATE history SET seq = {a} WHERE seq = {b};
             UPDATE history SET seq = {b} WHERE seq = -1;",
            a = s[1],
            b = s[2]
        ),
        &[],
    );
    assert!(fault(dir.path()).contains("is not the one the log wrote"));
}

#[test]
fn a_disabled_users_old_wrap_and_profile_put_back_are_caught() {
    let (dir, _) = store();
    let old = Raw::open(dir.path()).query("SELECT wrap, profile FROM users WHERE name = 'vic'");
    let old = old[0].clone();
    let mut admin = testkit::open(dir.path()).unwrap();
    admin.disable_user("vic").unwrap();
    drop(admin);
    assert!(verify(dir.path()).is_ok());
    Raw::open(dir.path()).execute(
        "UPDATE users SET wrap = $1, profile = $2 WHERE name = 'vic'",
        &old,
    );
    assert!(fault(dir.path()).contains("user vic's account is not as the log last recorded"));
}

fn spmp(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_spmp"))
        .arg("--store")
        .arg(testkit::place(dir))
        .args(args)
        .env_remove("SPMP_STORE")
        .env("SPMP_USER", testkit::TESTER)
        .env("SPMP_PASSPHRASE", testkit::PASSPHRASE)
        .output()
        .unwrap()
}

#[test]
fn a_whole_log_rolled_back_is_caught_against_the_recorded_head() {
    let (dir, id) = store();
    // A copy of the whole file as it is now (a backup an attacker kept); on the server the
    // head is still recorded and checked, only the file put back needs SQLite.
    let backup = (!sqlite_only(
        "a_whole_log_rolled_back_is_caught_against_the_recorded_head: the older file put back",
    ))
    .then(|| std::fs::read(dir.path().join(spmp::store::DB_FILE)).unwrap());
    let mut store = testkit::open(dir.path()).unwrap();
    store.record_consultation(id, "Checking the case").unwrap();
    drop(store);
    // The supervisor records the head at the end of the day.
    let out = spmp(dir.path(), &["audit", "head"]);
    assert!(out.status.success());
    let head = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    let out = spmp(dir.path(), &["audit", "verify", "--expect", &head]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    if sqlite_only(
        "a_whole_log_rolled_back_is_caught_against_the_recorded_head (the rollback): puts an \
         older copy of the SQLite file back",
    ) {
        return;
    }
    let backup = backup.unwrap();
    // The whole file put back: consistent in itself, the consultation gone.
    let _ = Store::status(dir.path());
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(dir.path().join(format!("{}{suffix}", spmp::store::DB_FILE)));
    }
    std::fs::write(dir.path().join(spmp::store::DB_FILE), &backup).unwrap();
    let out = spmp(dir.path(), &["audit", "verify"]);
    assert!(
        out.status.success(),
        "a full-file rollback is consistent in itself"
    );
    let out = spmp(dir.path(), &["audit", "verify", "--expect", &head]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("cut back to an older copy"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // A malformed --expect is a usage error, not a pass.
    let out = spmp(dir.path(), &["audit", "verify", "--expect", "yesterday"]);
    assert!(!out.status.success());
}
