//! The audit log does not say, to someone with the file alone, which subject an entry
//! concerns (issue 12, hardening k): new rows hold a keyed reference and the id is sealed in
//! the entry. Entries written before keep their plain id (their MAC covers it).
#![allow(clippy::unwrap_used, clippy::expect_used)]
use std::path::Path;

use rusqlite::Connection;
use spmp::domain::Subject;
use spmp::store::testkit;

use testkit::sqlite_only;

fn raw(dir: &Path) -> Connection {
    Connection::open(dir.join(spmp::store::DB_FILE)).unwrap()
}

/// (seq, subject_id, subject_ref) of every audit row.
fn rows(dir: &Path) -> Vec<(i64, Option<i64>, Option<String>)> {
    raw(dir)
        .prepare("SELECT seq, subject_id, subject_ref FROM audit ORDER BY seq")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn new_subject(store: &mut spmp::store::Store, family: &str) -> u64 {
    let mut s = Subject::new(
        0,
        family,
        "Test",
        chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
    );
    store.insert_new(&mut s, "Created the subject").unwrap();
    s.id
}

#[test]
fn new_entries_name_their_subject_by_a_keyed_reference_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = testkit::open(dir.path()).unwrap();
    let a = new_subject(&mut store, "Alpha");
    let b = new_subject(&mut store, "Beta");
    store.record_consultation(a, "scheduled review").unwrap();
    let trail = store.audit_trail(a).unwrap();
    assert_eq!(trail.len(), 2, "{trail:?}");
    assert!(trail.iter().all(|e| e.subject == Some(a)));
    assert_eq!(store.audit_trail(b).unwrap().len(), 1);
    assert!(store.verify_audit().unwrap().is_ok());
    drop(store);
    if sqlite_only(
        "new_entries_name_their_subject_by_a_keyed_reference_only: the audit rows of spmp.db",
    ) {
        return;
    }
    let rows = rows(dir.path());
    assert!(rows.iter().all(|(_, id, _)| id.is_none()), "{rows:?}");
    let refs: Vec<&String> = rows.iter().filter_map(|(_, _, r)| r.as_ref()).collect();
    assert_eq!(refs.len(), 3);
    assert_eq!(refs[0], refs[2], "one subject, one reference");
    assert_ne!(refs[0], refs[1]);
    for r in refs {
        assert_eq!(r.len(), 32);
        assert_ne!(r, &a.to_string());
        assert_ne!(r, &b.to_string());
    }
}

#[test]
fn a_reference_moved_to_another_entry_or_the_highest_id_lowered_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = testkit::open(dir.path()).unwrap();
    let a = new_subject(&mut store, "Alpha");
    let b = new_subject(&mut store, "Beta");
    drop(store);
    let test = "a_reference_moved_to_another_entry_or_the_highest_id_lowered_is_caught";
    // Swapping the two entries' references (so the trail of one shows the other's) breaks
    // the chain: the reference is under the MAC.
    let conn = (!sqlite_only(&format!(
        "{test}: audit rows of spmp.db swapped and put back"
    )))
    .then(|| raw(dir.path()));
    if let Some(conn) = &conn {
        let r: Vec<(i64, String)> = conn
            .prepare("SELECT seq, subject_ref FROM audit WHERE subject_ref IS NOT NULL")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let backup: Vec<(i64, String)> = r.clone();
        conn.execute(
            "UPDATE audit SET subject_ref = ?2 WHERE seq = ?1",
            rusqlite::params![r[0].0, r[1].1],
        )
        .unwrap();
        let report = testkit::open(dir.path()).unwrap().verify_audit().unwrap();
        assert!(report.fault.is_some(), "{report:?}");
        conn.execute(
            "UPDATE audit SET subject_ref = ?2 WHERE seq = ?1",
            rusqlite::params![backup[0].0, backup[0].1],
        )
        .unwrap();
        assert!(
            testkit::open(dir.path())
                .unwrap()
                .verify_audit()
                .unwrap()
                .is_ok()
        );
    }

    // Subject b deleted as created in error: its id is never given out again, though only
    // sealed entries name it.
    let mut store = testkit::open(dir.path()).unwrap();
    store.delete_subject(b, "Typed twice by mistake").unwrap();
    let c = new_subject(&mut store, "Gamma");
    assert!(c > b, "{c} after {b}");
    drop(store);
    // Lowering the kept highest id with the file alone would let an id be given out again:
    // verify names it.
    let Some(conn) = conn else {
        return;
    };
    conn.execute(
        "UPDATE meta SET value = ?1 WHERE key = 'subject_id_high'",
        [a.to_string()],
    )
    .unwrap();
    let report = testkit::open(dir.path()).unwrap().verify_audit().unwrap();
    let fault = report.fault.map(|f| f.to_string()).unwrap_or_default();
    assert!(fault.contains("highest id"), "{fault}");
}

#[test]
fn entries_from_before_keep_their_plain_id_and_the_trail_reads_both() {
    if sqlite_only(
        "entries_from_before_keep_their_plain_id_and_the_trail_reads_both: a schema 4 SQLite \
         fixture",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/store-schema4/spmp.db");
    std::fs::copy(from, dir.path().join(spmp::store::DB_FILE)).unwrap();
    let before: Vec<Option<i64>> = raw(dir.path())
        .prepare("SELECT subject_id FROM audit")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(before.contains(&Some(1)));
    let mut store = testkit::open(dir.path()).unwrap();
    let old = store.audit_trail(1).unwrap().len();
    assert!(old > 0);
    store.record_consultation(1, "scheduled review").unwrap();
    let trail = store.audit_trail(1).unwrap();
    assert_eq!(trail.len(), old + 1);
    assert!(trail.iter().all(|e| e.subject == Some(1)));
    assert!(store.verify_audit().unwrap().is_ok());
    let next = new_subject(&mut store, "Delta");
    assert!(
        next > 2,
        "ids named by the old log are not given out again: {next}"
    );
    drop(store);
    let after = rows(dir.path());
    assert!(
        after.iter().any(|(_, id, _)| *id == Some(1)),
        "old rows unchanged"
    );
    let last = after.last().unwrap();
    assert_eq!(last.1, None);
    assert!(last.2.is_some());
}
