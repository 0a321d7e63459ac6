//! Audit entries are signed by their author (issue 12, point 2). Each attack is what an
//! insider holding one user's passphrase (here a viewer's) and the store file can do with
//! their own program: open every entry and recompute every MAC with the general key their wrap
//! holds, sign with their own key, add keys to the file. `audit verify` (run by an
//! administrator, whose own wrap anchors the root key) must name each one.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use std::path::Path;

use spmp::domain::{Role, Subject};
use spmp::store::testkit::{self, PASSPHRASE, forge};
use spmp::store::{Store, Trust};

const VIEWER: &str = "vic";

/// A store with a subject, a reviewer's edit and a viewer who has logged in.
fn store() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut store = testkit::open(dir.path()).unwrap();
    let mut s = Subject::new(
        0,
        "Doe",
        "Jane",
        chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
    );
    store.insert_new(&mut s, "Created the subject").unwrap();
    drop(store);
    let mut rita = testkit::open_as(dir.path(), "rita", &[Role::Reviewer]).unwrap();
    rita.record_consultation(s.id, "scheduled review").unwrap();
    drop(rita);
    let mut vic = testkit::open_as(dir.path(), VIEWER, &[Role::Viewer]).unwrap();
    vic.record_consultation(s.id, "enquiry").unwrap();
    drop(vic);
    dir
}

fn admin(dir: &Path) -> Store {
    testkit::open(dir).unwrap()
}

fn fault(dir: &Path) -> String {
    let report = admin(dir).verify_audit().unwrap();
    report
        .fault
        .as_ref()
        .map(|f| f.to_string())
        .unwrap_or_else(|| panic!("not detected: {report:?}"))
}

fn sqlite_only(test: &str) -> bool {
    testkit::sqlite_only(&format!("{test}: the forger rewrites the SQLite file"))
}

fn rewrite(dir: &Path, fake_root: bool, edit: impl FnOnce(&mut Vec<forge::Forged>)) {
    forge::rewrite_log(dir, VIEWER, PASSPHRASE, fake_root, edit).unwrap();
}

#[test]
fn every_entry_of_a_new_store_is_signed_by_a_certified_key() {
    let dir = store();
    let report = admin(dir.path()).verify_audit().unwrap();
    assert!(report.is_ok(), "{report:?}");
    assert!(report.awaiting.is_empty());
    let keys = admin(dir.path()).signing_keys().unwrap();
    for name in [testkit::TESTER, "rita", VIEWER] {
        let k = keys.iter().find(|k| k.name == name).unwrap();
        assert_eq!(k.trust, Trust::Certified, "{name}");
    }
    assert!(keys.iter().any(|k| k.root && k.name == testkit::TESTER));
    if sqlite_only("every_entry_of_a_new_store_is_signed_by_a_certified_key (the rewrite)") {
        return;
    }
    // A rewrite that changes nothing (every MAC recomputed, signatures kept) still verifies:
    // the attacks below fail for what they change, not for the rewriting.
    rewrite(dir.path(), false, |_| {});
    assert!(admin(dir.path()).verify_audit().unwrap().is_ok());
}

#[test]
fn an_entry_altered_and_re_chained_with_the_general_key_is_caught() {
    if sqlite_only("an_entry_altered_and_re_chained_with_the_general_key_is_caught") {
        return;
    }
    let dir = store();
    rewrite(dir.path(), false, |entries| {
        let e = entries.iter_mut().find(|e| e.actor == "rita").unwrap();
        e.what = "Nothing to see".to_string();
    });
    let f = fault(dir.path());
    assert!(f.contains("is not signed by rita"), "{f}");
}

#[test]
fn an_entry_forged_in_another_users_name_is_caught() {
    if sqlite_only("an_entry_forged_in_another_users_name_is_caught") {
        return;
    }
    let dir = store();
    rewrite(dir.path(), false, |entries| {
        let mut e = entries.iter().find(|e| e.actor == VIEWER).unwrap().clone();
        e.actor = testkit::TESTER.to_string();
        e.what = "Disabled the audit log".to_string();
        e.resign = forge::Resign::Mine;
        entries.push(e);
    });
    let f = fault(dir.path());
    assert!(
        f.contains(&format!("is not signed by {}", testkit::TESTER)),
        "{f}"
    );
}

#[test]
fn an_entry_removed_from_the_middle_and_the_rest_renumbered_is_caught() {
    if sqlite_only("an_entry_removed_from_the_middle_and_the_rest_renumbered_is_caught") {
        return;
    }
    let dir = store();
    rewrite(dir.path(), false, |entries| {
        let i = entries.iter().position(|e| e.actor == "rita").unwrap();
        entries.remove(i);
    });
    let f = fault(dir.path());
    assert!(f.contains("is not signed by"), "{f}");
}

#[test]
fn a_key_the_insider_makes_in_another_users_name_is_not_trusted() {
    if sqlite_only("a_key_the_insider_makes_in_another_users_name_is_not_trusted") {
        return;
    }
    let dir = store();
    rewrite(dir.path(), false, |entries| {
        let e = entries.iter_mut().find(|e| e.actor == "rita").unwrap();
        e.what = "Nothing to see".to_string();
        e.resign = forge::Resign::FakeKey;
    });
    let f = fault(dir.path());
    assert!(f.contains("certificate does not hold"), "{f}");
    let keys = admin(dir.path()).signing_keys().unwrap();
    assert!(
        keys.iter()
            .any(|k| k.name == "rita" && k.trust == Trust::Broken)
    );
}

#[test]
fn a_whole_new_set_of_keys_under_a_root_of_the_insiders_making_is_caught() {
    if sqlite_only("a_whole_new_set_of_keys_under_a_root_of_the_insiders_making_is_caught") {
        return;
    }
    let dir = store();
    rewrite(dir.path(), true, |entries| {
        let e = entries.iter_mut().find(|e| e.actor == "rita").unwrap();
        e.what = "Nothing to see".to_string();
    });
    let f = fault(dir.path());
    assert!(f.contains("root signing key is not the one"), "{f}");
}

#[test]
fn signatures_stripped_and_the_start_of_signing_moved_are_caught() {
    if sqlite_only("signatures_stripped_and_the_start_of_signing_moved_are_caught") {
        return;
    }
    let dir = store();
    rewrite(dir.path(), false, |entries| {
        for e in entries.iter_mut() {
            e.resign = forge::Resign::Strip;
        }
    });
    assert!(fault(dir.path()).contains("is not signed"));
    // Saying in the file that signing has not begun yet does not help: the verifier's own
    // wrap says where it began.
    let conn = rusqlite::Connection::open(dir.path().join(spmp::store::DB_FILE)).unwrap();
    conn.execute(
        "UPDATE meta SET value = '999' WHERE key = 'audit_signed_from'",
        [],
    )
    .unwrap();
    let f = fault(dir.path());
    assert!(f.contains("when signing began was altered"), "{f}");
}

#[test]
fn the_insider_can_still_sign_their_own_entries_only() {
    // What the signatures leave: an insider may append or rewrite entries in their own name
    // (the head fingerprint kept elsewhere catches a rewritten tail: tamper_bindings.rs).
    if sqlite_only("the_insider_can_still_sign_their_own_entries_only") {
        return;
    }
    let dir = store();
    rewrite(dir.path(), false, |entries| {
        let e = entries
            .iter_mut()
            .rev()
            .find(|e| e.actor == VIEWER)
            .unwrap();
        e.what = "Logged in (reworded)".to_string();
        e.resign = forge::Resign::Mine;
    });
    assert!(admin(dir.path()).verify_audit().unwrap().is_ok());
}
