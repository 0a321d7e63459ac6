//! History and optimistic concurrency on a real SQLite store in a temporary directory.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use std::path::Path;

use chrono::{Duration, Local, NaiveDate};
use common::store::{full_subject, legacy_store, open_existing, tables, tmp};
use rusqlite::Connection;
use spmp::domain::Role;
use spmp::domain::{Change, Device, DeviceStatus, ItemId, Subject};
use spmp::store::{Commit, DB_FILE, HistoryEntry, Store, StoreError, StoreOptions, codec, testkit};

fn raw(dir: &Path) -> Connection {
    Connection::open(dir.join(DB_FILE)).expect("raw connection")
}

/// Audit entries about subject records (not the store's own, such as its creation).
fn subject_audit_entries(dir: &Path) -> i64 {
    common::raw::count(
        dir,
        "SELECT count(*) FROM audit WHERE subject_id IS NOT NULL OR subject_ref IS NOT NULL",
    )
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
}

fn device(id: ItemId, imei: &str) -> Device {
    Device {
        id,
        device_type: "Phone".into(),
        make_model: "Acme X".into(),
        imei_serial: Some(imei.into()),
        number: None,
        status: DeviceStatus::Declared,
        date: Some(d(2026, 1, 5)),
    }
}

fn subject() -> Subject {
    let mut s = Subject::new(1, "Smith", "John", d(2025, 1, 10));
    s.section2.devices = vec![
        device(1, "356938035643801"),
        device(2, "356938035643802"),
        device(3, "356938035643803"),
    ];
    s
}

fn change(path: &str, from: &str, to: &str) -> Change {
    Change {
        path: path.into(),
        from: from.into(),
        to: to.into(),
        restricted: false,
    }
}

fn commit(
    store: &mut Store,
    s: &Subject,
    expected: Option<u64>,
    summary: &str,
) -> Result<u64, StoreError> {
    store.commit(&Commit {
        subject: s,
        expected_version: expected,
        summary,
    })
}

#[test]
fn commit_creates_then_edits_with_history_newest_first() {
    let dir = tmp();
    let mut store = testkit::open_as(dir.path(), "pc.jones", &[Role::Reviewer]).unwrap();
    let started = Local::now().naive_local() - Duration::seconds(2);
    let v1 = subject();
    assert_eq!(commit(&mut store, &v1, None, "Added subject").unwrap(), 1);
    drop(store);
    let mut store = testkit::open_as(dir.path(), "ds.brown", &[Role::Supervisor]).unwrap();

    let mut v2 = v1.clone();
    v2.family_name = "Smyth".into();
    v2.section2.devices.remove(1);
    v2.section2.devices[1].imei_serial = Some("490154203237518".into());
    v2.next_review = Some(d(2026, 11, 23));
    let v = store.commit(&Commit {
        subject: &v2,
        expected_version: Some(1),
        summary: "Edited devices",
    });
    assert_eq!(v.unwrap(), 2);
    assert_eq!(store.version(1).unwrap(), Some(2));
    assert_eq!(store.load(1).unwrap(), Some(v2.clone()));

    let history = store.history(1).unwrap();
    assert_eq!(history.len(), 2);
    let [newest, oldest] = &history[..] else {
        unreachable!()
    };
    assert!(newest.seq > oldest.seq);
    assert_eq!(
        (newest.actor.as_str(), newest.summary.as_str()),
        ("ds.brown", "Edited devices")
    );
    assert_eq!(
        (oldest.actor.as_str(), oldest.summary.as_str()),
        ("pc.jones", "Added subject")
    );
    assert_eq!(oldest.changes, vec![change("subject", "", "created")]);
    let removed = &newest.changes[2];
    assert_eq!(removed.path, "section2.devices[id 2]");
    assert!(removed.from.contains("356938035643802"), "{removed:?}");
    assert_eq!(removed.to, "");
    assert_eq!(
        newest.changes,
        vec![
            change("family_name", "Smith", "Smyth"),
            change("next_review", "", "2026-11-23"),
            removed.clone(),
            change(
                "section2.devices[id 3].imei_serial",
                "356938035643803",
                "490154203237518"
            ),
        ]
    );
    let now = Local::now().naive_local() + Duration::seconds(2);
    for e in &history {
        assert!(started <= e.at && e.at <= now, "{:?}", e.at);
    }
    // The audit log has one entry per commit, with the summary as its action.
    assert_eq!(subject_audit_entries(dir.path()), 2);
    // History survives reopening.
    drop(store);
    assert_eq!(
        open_existing(dir.path()).unwrap().history(1).unwrap(),
        history
    );
}

#[test]
fn commit_without_changes_writes_nothing() {
    let dir = tmp();
    let mut store = testkit::open(dir.path()).unwrap();
    let s = subject();
    commit(&mut store, &s, None, "Added").unwrap();
    assert_eq!(commit(&mut store, &s, Some(1), "Saved").unwrap(), 1);
    assert_eq!(store.version(1).unwrap(), Some(1));
    assert_eq!(store.history(1).unwrap().len(), 1);
    assert_eq!(subject_audit_entries(dir.path()), 1);
    assert!(store.history(2).unwrap().is_empty());
}

#[test]
fn second_of_two_concurrent_edits_is_refused_and_not_written() {
    let dir = tmp();
    testkit::open(dir.path())
        .unwrap()
        .save(&subject(), "import")
        .unwrap();
    // Two connections, as two processes would hold.
    let mut a = testkit::open(dir.path()).unwrap();
    let mut b = testkit::open(dir.path()).unwrap();
    let (va, vb) = (a.version(1).unwrap(), b.version(1).unwrap());
    assert_eq!((va, vb), (Some(1), Some(1)));
    let mut edit_a = a.load(1).unwrap().unwrap();
    let mut edit_b = b.load(1).unwrap().unwrap();
    edit_a.officer = Some("DC Patel".into());
    edit_b.officer = Some("DC Lee".into());
    edit_b.family_name = "Overwritten".into();

    assert_eq!(commit(&mut a, &edit_a, va, "Assigned officer").unwrap(), 2);
    let err = commit(&mut b, &edit_b, vb, "Assigned officer").unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Conflict {
                id: 1,
                expected: Some(1),
                found: Some(2)
            }
        ),
        "{err}"
    );
    let msg = err.to_string();
    assert!(msg.contains("changed by someone else"), "{msg}");
    assert!(msg.contains("reload and try again"), "{msg}");

    // The first edit is intact; nothing of the second was written.
    assert_eq!(b.load(1).unwrap(), Some(edit_a.clone()));
    assert_eq!(b.version(1).unwrap(), Some(2));
    let history = b.history(1).unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].changes, vec![change("officer", "", "DC Patel")]);
    assert_eq!(subject_audit_entries(dir.path()), 2);

    // After reloading, the second editor's change goes in on top.
    let mut again = b.load(1).unwrap().unwrap();
    again.family_name = "Smythe".into();
    assert_eq!(
        commit(&mut b, &again, Some(2), "Corrected name").unwrap(),
        3
    );
    assert_eq!(
        a.load(1).unwrap().unwrap().officer.as_deref(),
        Some("DC Patel")
    );
}

#[test]
fn creating_a_subject_that_exists_is_a_conflict() {
    let dir = tmp();
    let mut store = testkit::open(dir.path()).unwrap();
    commit(&mut store, &subject(), None, "Added").unwrap();
    let mut other = subject();
    other.family_name = "Other".into();
    let err = commit(&mut store, &other, None, "Added").unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Conflict {
                expected: None,
                found: Some(1),
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("no record"), "{err}");
    assert_eq!(store.load(1).unwrap(), Some(subject()));
    // A stale version of a subject that exists is refused too.
    let err = commit(&mut store, &other, Some(7), "Edited").unwrap_err();
    assert!(matches!(
        err,
        StoreError::Conflict {
            expected: Some(7),
            ..
        }
    ));
}

#[test]
fn save_save_all_and_insert_new_write_history() {
    let dir = tmp();
    // A supervisor: the records hold decided sign-offs.
    let mut store = testkit::open_as(dir.path(), "pc.jones", &[Role::Supervisor]).unwrap();
    let batch = vec![full_subject(1, "one"), full_subject(2, "two")];
    store.save_all(&batch, "import demo.json").unwrap();
    let mut edited = batch[1].clone();
    edited.section1.narrative = "two, revised".into();
    store.save(&edited, "import update.json").unwrap();
    // A save that changes nothing still bumps the version (as before) but adds no history.
    store.save(&edited, "import again.json").unwrap();
    assert_eq!(store.version(2).unwrap(), Some(3));

    let summaries =
        |h: Vec<HistoryEntry>| -> Vec<String> { h.into_iter().map(|e| e.summary).collect() };
    assert_eq!(summaries(store.history(1).unwrap()), ["import demo.json"]);
    let h2 = store.history(2).unwrap();
    assert_eq!(
        h2[0].changes,
        vec![change("section1.narrative", "two", "two, revised")]
    );
    assert_eq!(summaries(h2), ["import update.json", "import demo.json"]);

    let mut new = full_subject(0, "new");
    let id = store.insert_new(&mut new, "Added subject").unwrap();
    let h = store.history(id).unwrap();
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].changes, vec![change("subject", "", "created")]);
    assert_eq!(h[0].actor, "pc.jones");
}

#[test]
fn a_commit_that_does_not_fit_writes_no_history() {
    if common::store::sqlite_only(
        "a_commit_that_does_not_fit_writes_no_history: \
         a full disk simulated with SQLite's max_page_count",
    ) {
        return;
    }
    let dir = tmp();
    let opts = StoreOptions {
        max_page_count: Some(40),
        ..testkit::options()
    };
    let mut store = testkit::open_with(dir.path(), &opts).unwrap();
    let small = full_subject(1, "small");
    commit(&mut store, &small, None, "Added").unwrap();
    let big = full_subject(1, &"b".repeat(400_000));
    let err = commit(&mut store, &big, Some(1), "Edited").unwrap_err();
    assert!(matches!(err, StoreError::DiskFull { .. }), "{err}");
    assert_eq!(store.version(1).unwrap(), Some(1));
    assert_eq!(store.load(1).unwrap(), Some(small));
    assert_eq!(store.history(1).unwrap().len(), 1);
}

/// A store written by the first release (schema 1, unencrypted) has no users: it does not open
/// until its administrator is created, which encrypts it, keeping its subjects (and their
/// versions) and its audit entries.
#[test]
fn a_version_1_store_migrates_keeping_its_subjects() {
    if common::store::sqlite_only(
        "a_version_1_store_migrates_keeping_its_subjects: a legacy SQLite store",
    ) {
        return;
    }
    let dir = tmp();
    let old = full_subject(5, "from release 1");
    {
        let conn = legacy_store(dir.path(), 1);
        conn.execute(
            "INSERT INTO subjects VALUES (5, 4, '2026-01-01T00:00:00.000Z', ?1)",
            [codec::encode_subject(&old).unwrap()],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO audit (at, actor, action, subject_id)
             VALUES ('2026-01-01T00:00:00.000Z', 'a', 'import', 5)",
            [],
        )
        .unwrap();
    }
    assert!(matches!(
        open_existing(dir.path()),
        Err(StoreError::NeedsAdministrator { .. })
    ));
    let mut store = common::store::create(dir.path()).unwrap();
    let version: i64 = raw(dir.path())
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, spmp::store::migrate::SCHEMA_VERSION);
    assert!(
        !tables(dir.path()).iter().any(|t| t.starts_with("legacy_")),
        "{:?}",
        tables(dir.path())
    );
    assert_eq!(store.load_all().unwrap(), vec![old.clone()]);
    // Revision 4, but one logged write: the revision restarts at the log's count.
    assert_eq!(store.version(5).unwrap(), Some(1));
    assert!(store.history(5).unwrap().is_empty());
    assert!(store.drafts().unwrap().is_empty());
    let trail = store.audit_trail(5).unwrap();
    assert_eq!(trail.len(), 1, "{trail:?}");
    assert_eq!(trail[0].actor, "a");
    assert!(trail[0].what.starts_with("import"), "{trail:?}");

    let mut edited = old.clone();
    edited.officer = Some("DC New".into());
    assert_eq!(
        commit(&mut store, &edited, Some(1), "Reassigned").unwrap(),
        2
    );
    assert_eq!(
        store.history(5).unwrap()[0].changes,
        vec![change("officer", "DC Patel", "DC New")]
    );
    let report = store.verify().unwrap();
    assert!(report.is_ok(), "{report}");
    // Audit: the release-1 entry, the upgrade (store entry) and the commit.
    assert_eq!(
        (
            report.subjects,
            report.audit_entries,
            report.history_entries
        ),
        (1, 3, 1)
    );
    assert!(store.verify_audit().unwrap().is_ok());
}

#[test]
fn verify_counts_history_and_reports_a_corrupt_entry() {
    let dir = tmp();
    let mut store = testkit::open(dir.path()).unwrap();
    let s = subject();
    commit(&mut store, &s, None, "Added").unwrap();
    let mut s2 = s.clone();
    s2.given_names = "Jon".into();
    commit(&mut store, &s2, Some(1), "Edited").unwrap();
    store.save(&full_subject(2, "x"), "import").unwrap();
    store
        .put_draft(&spmp::domain::DraftKey::Review { subject: 1 }, b"{}")
        .unwrap();

    let report = store.verify().unwrap();
    assert!(report.is_ok(), "{report}");
    assert_eq!((report.history_entries, report.drafts), (3, 1));
    assert!(
        report.to_string().contains("3 history entries, 1 drafts"),
        "{report}"
    );

    let seq = common::raw::count(
        dir.path(),
        "SELECT max(seq) FROM history WHERE subject_id = 1",
    );
    common::raw::damage(dir.path(), "history", &format!("seq = {seq}"));
    let report = store.verify().unwrap();
    assert_eq!(report.faults.len(), 1, "{report}");
    assert_eq!(report.faults[0].id, Some(1));
    assert!(
        report.faults[0]
            .message
            .starts_with(&format!("history entry {seq}:")),
        "{report}"
    );
    assert_eq!(report.history_entries, 3);
    // The damaged entry is shown as unreadable; the others are still read.
    let history = store.history(1).unwrap();
    assert_eq!(history.len(), 2);
    assert!(
        history.iter().any(|e| e
            .summary
            .starts_with(&format!("Unreadable history entry {seq}"))),
        "{history:?}"
    );
    assert_eq!(store.history(2).unwrap().len(), 1);
}
