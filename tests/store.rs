//! Store behaviour on a real SQLite database in a temporary directory (no mocks).
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::store::{
    full_subject, full_subject_v2, full_subject_v3, legacy_store, open_existing, tables, tmp,
};
use rusqlite::Connection;
use spmp::domain::Role;
use spmp::domain::Subject;
use spmp::store::codec::{self, CodecError, FORMAT_VERSION};
use spmp::store::{AuditKind, DB_FILE, Store, StoreError, StoreOptions, testkit};

fn raw(dir: &Path) -> Connection {
    Connection::open(dir.join(DB_FILE)).expect("raw connection")
}

fn quick(busy_ms: u64) -> StoreOptions {
    StoreOptions {
        busy_timeout: Duration::from_millis(busy_ms),
        ..testkit::options()
    }
}

/// Audit entries about subject records (the store's own entries, such as its creation, are not
/// about a record).
fn audit_rows(dir: &Path) -> i64 {
    common::raw::count(
        dir,
        "SELECT count(*) FROM audit WHERE subject_id IS NOT NULL OR subject_ref IS NOT NULL",
    )
}

fn assert_fully_populated(s: &Subject) {
    let o = &s.orders[0];
    let lists = [
        s.aliases.len(),
        s.addresses.len(),
        s.flags.other.len(),
        s.orders.len(),
        o.variations.len(),
        o.conditions.len(),
        o.notifications.len(),
        s.protected_persons.len(),
        s.section1.index_offences.len(),
        s.section1.safeguarding.len(),
        s.section2.investigations.len(),
        s.section2.devices.len(),
        s.section2.social_media.len(),
        s.section2.vehicles.len(),
        s.section2.relationships.len(),
        s.section2.strategies.len(),
        s.assessments.len(),
        s.assessments[0].tactical_options.len(),
        s.reviews.len(),
        s.reviews[0].outcomes.len(),
        s.breaches.len(),
        s.visits.len(),
    ];
    assert!(
        lists.iter().all(|n| *n > 0),
        "every list non-empty: {lists:?}"
    );
}

#[test]
fn full_subject_round_trips_through_a_reopened_store() {
    let dir = tmp();
    let s = full_subject(3, "Index behaviour narrative.");
    assert_fully_populated(&s);
    {
        let mut store = testkit::open(dir.path()).unwrap();
        assert_eq!(store.path(), testkit::place(dir.path()));
        store.save(&s, "create").unwrap();
    }
    let store = open_existing(dir.path()).unwrap();
    assert_eq!(store.load(3).unwrap(), Some(s.clone()));
    assert_eq!(store.load(4).unwrap(), None);
    assert_eq!(store.load_all().unwrap(), vec![s]);
    assert_eq!(store.count().unwrap(), 1);
    assert_eq!(store.version(3).unwrap(), Some(1));
}

#[test]
fn save_overwrites_and_audits_each_save() {
    let dir = tmp();
    // A supervisor: the record holds decided sign-offs.
    let mut a = testkit::open_as(dir.path(), "a.user", &[Role::Supervisor]).unwrap();
    let mut s = full_subject(1, "first");
    a.save(&s, "create").unwrap();
    drop(a);
    let mut store = testkit::open_as(dir.path(), "b.user", &[Role::Reviewer]).unwrap();
    s.section1.narrative = "second".into();
    s.aliases.push("New alias".into());
    store.save(&s, "edit").unwrap();
    assert_eq!(store.load(1).unwrap(), Some(s));
    assert_eq!(store.count().unwrap(), 1);
    assert_eq!(store.version(1).unwrap(), Some(2));
    // The audit log is encrypted: read it through the store (as a supervisor).
    let log = testkit::open(dir.path()).unwrap().audit_log().unwrap();
    let actions: Vec<(String, String, Option<u64>, AuditKind)> = log
        .into_iter()
        .filter(|e| e.subject.is_some())
        .map(|e| (e.actor, e.what, e.subject, e.kind))
        .collect();
    assert_eq!(
        actions,
        vec![
            (
                "a.user".into(),
                "create".into(),
                Some(1),
                AuditKind::Collection
            ),
            (
                "b.user".into(),
                "edit".into(),
                Some(1),
                AuditKind::Alteration
            )
        ]
    );
}

/// A batch's saves prepared on another thread (sealed ahead as new records): a new subject is
/// written as prepared; one already stored is sealed again for its next revision, and both
/// open, with their summaries, and verify.
#[test]
fn prepared_saves_open_as_new_and_as_next_revisions() {
    let dir = tmp();
    let mut store = testkit::open(dir.path()).unwrap();
    let stored = full_subject(1, "first");
    store.save(&stored, "create").unwrap();
    let mut changed = stored.clone();
    changed.section1.narrative = "second".into();
    changed.aliases.push("New alias".into());
    let new = full_subject(2, "new");
    let mut batch = store.batch("import test").unwrap();
    let preparer = batch.preparer();
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| preparer.prepare(changed.clone()));
        let b = s.spawn(|| preparer.prepare(new.clone()));
        (a.join().unwrap(), b.join().unwrap())
    });
    assert_eq!(a.subject(), &changed);
    batch.save_prepared(a).unwrap();
    batch.save_prepared(b).unwrap();
    assert_eq!(batch.commit().unwrap(), 2);
    drop(store);
    let store = open_existing(dir.path()).unwrap();
    assert_eq!(store.load(1).unwrap(), Some(changed.clone()));
    assert_eq!(store.version(1).unwrap(), Some(2));
    assert_eq!(store.load(2).unwrap(), Some(new.clone()));
    let (summaries, unreadable) = store.load_summaries().unwrap();
    assert!(unreadable.is_empty(), "{unreadable:?}");
    assert_eq!(
        summaries,
        vec![
            spmp::domain::summary_of(&changed),
            spmp::domain::summary_of(&new)
        ]
    );
    let report = store.verify().unwrap();
    assert!(report.is_ok(), "{report}");
}

/// The TUI's loading screen is fed by the reading of the summaries: every subject counted,
/// in order, up to the store's count.
#[test]
fn reading_the_summaries_reports_its_progress() {
    let dir = tmp();
    let mut store = testkit::open(dir.path()).unwrap();
    let subjects: Vec<Subject> = (1..=5).map(|id| full_subject(id, "x")).collect();
    store.save_all(&subjects, "seed").unwrap();
    let mut seen = Vec::new();
    let (summaries, _) = store
        .load_summaries_with(&mut |done, total| seen.push((done, total)))
        .unwrap();
    assert_eq!(summaries.len(), 5);
    assert_eq!(seen, (1..=5).map(|n| (n, 5)).collect::<Vec<_>>());
}

/// `spmp verify`'s bar counts every record and then every history entry, up to their total.
#[test]
fn verifying_reports_progress_over_records_and_history() {
    let dir = tmp();
    let mut store = testkit::open(dir.path()).unwrap();
    let mut subjects: Vec<Subject> = (1..=3).map(|id| full_subject(id, "x")).collect();
    store.save_all(&subjects, "seed").unwrap();
    subjects[0].section1.narrative = "changed".into();
    store.save(&subjects[0], "edit").unwrap();
    let mut seen = Vec::new();
    let report = store
        .verify_with(&|_| Ok(()), &mut |done, total| seen.push((done, total)))
        .unwrap();
    assert!(report.is_ok(), "{report}");
    let total = report.subjects + report.history_entries;
    assert!(report.history_entries >= 4, "{report}");
    assert_eq!(seen, (1..=total).map(|n| (n, total)).collect::<Vec<_>>());
}

#[test]
fn load_all_is_ordered_by_id_and_ids_advance() {
    let dir = tmp();
    let mut store = testkit::open(dir.path()).unwrap();
    assert_eq!(store.next_subject_id().unwrap(), 1);
    let batch: Vec<Subject> = [9, 2, 5].map(|id| full_subject(id, "x")).into();
    store.save_all(&batch, "import").unwrap();
    let ids: Vec<u64> = store.load_all().unwrap().iter().map(|s| s.id).collect();
    assert_eq!(ids, vec![2, 5, 9]);
    assert_eq!(store.next_subject_id().unwrap(), 10);
    let mut new = full_subject(0, "new");
    assert_eq!(store.insert_new(&mut new, "create").unwrap(), 10);
    assert_eq!(new.id, 10);
    assert_eq!(store.load(10).unwrap(), Some(new));
    assert_eq!(audit_rows(dir.path()), 4);
}

#[test]
fn id_beyond_sqlite_range_is_refused() {
    let dir = tmp();
    let mut store = testkit::open(dir.path()).unwrap();
    let err = store.save(&full_subject(u64::MAX, "x"), "b").unwrap_err();
    assert!(
        matches!(err, StoreError::IdOutOfRange { id: u64::MAX }),
        "{err}"
    );
}

/// Open a store capped at `pages` pages, so SQLite reports SQLITE_FULL like a full disk.
fn capped(dir: &Path, pages: u32) -> Store {
    let opts = StoreOptions {
        max_page_count: Some(pages),
        ..testkit::options()
    };
    testkit::open_with(dir, &opts).unwrap()
}

#[test]
fn save_all_is_all_or_nothing_when_the_disk_fills_mid_batch() {
    if common::store::sqlite_only(
        "save_all_is_all_or_nothing_when_the_disk_fills_mid_batch: \
         a full disk simulated with SQLite's max_page_count",
    ) {
        return;
    }
    let dir = tmp();
    let kept = full_subject(1, "kept");
    testkit::open(dir.path())
        .unwrap()
        .save(&kept, "create")
        .unwrap();
    let mut store = capped(dir.path(), 60); // 240 KiB
    // The first record of the batch fits on its own; the big ones behind it do not.
    let mut batch = vec![full_subject(2, "small")];
    batch.extend((3..6).map(|id| full_subject(id, &"n".repeat(150_000))));
    let err = store.save_all(&batch, "import").unwrap_err();
    assert!(matches!(err, StoreError::DiskFull { .. }), "{err}");
    assert!(err.to_string().contains("full"), "{err}");
    assert_eq!(
        store.load(2).unwrap(),
        None,
        "the batch's first record was rolled back"
    );
    drop(store);
    let store = open_existing(dir.path()).unwrap();
    assert_eq!(store.load_all().unwrap(), vec![kept.clone()]);
    assert_eq!(audit_rows(dir.path()), 1);
    assert!(store.verify().unwrap().is_ok());
    drop(store);
    // The first record fits on its own: it was written, then undone with the batch.
    capped(dir.path(), 60).save(&batch[0], "create").unwrap();
}

#[test]
fn disk_full_on_save_leaves_the_old_record_intact() {
    if common::store::sqlite_only(
        "disk_full_on_save_leaves_the_old_record_intact: \
         a full disk simulated with SQLite's max_page_count",
    ) {
        return;
    }
    let dir = tmp();
    let mut store = capped(dir.path(), 40);
    let small = full_subject(1, "small");
    store.save(&small, "create").unwrap();
    let big = full_subject(1, &"b".repeat(400_000));
    let err = store.save(&big, "edit").unwrap_err();
    assert!(
        matches!(err, StoreError::DiskFull { ref path } if path.ends_with(DB_FILE)),
        "{err}"
    );
    // The store stays usable after the failed transaction.
    assert_eq!(store.load(1).unwrap(), Some(small.clone()));
    store.save(&full_subject(2, "fits"), "create").unwrap();
    drop(store);
    let store = open_existing(dir.path()).unwrap();
    assert_eq!(store.load(1).unwrap(), Some(small));
    assert_eq!(store.version(1).unwrap(), Some(1));
    assert_eq!(audit_rows(dir.path()), 2);
}

#[test]
fn save_returns_busy_while_another_connection_writes_then_succeeds() {
    if common::store::sqlite_only(
        "save_returns_busy_while_another_connection_writes_then_succeeds: \
         SQLite's write lock held through spmp.db",
    ) {
        return;
    }
    let dir = tmp();
    let first = full_subject(1, "first");
    testkit::open(dir.path())
        .unwrap()
        .save(&first, "create")
        .unwrap();

    let holder = raw(dir.path());
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    // Opening and reading do not wait for the writer.
    let mut store = testkit::open_with(dir.path(), &quick(200)).unwrap();
    assert_eq!(store.load(1).unwrap(), Some(first.clone()));

    let second = full_subject(2, "second");
    let started = Instant::now();
    let err = store.save(&second, "create").unwrap_err();
    let waited = started.elapsed();
    assert!(matches!(err, StoreError::Busy { .. }), "{err}");
    assert!(err.to_string().contains("try again"), "{err}");
    assert!(
        waited >= Duration::from_millis(150),
        "gave up after {waited:?}"
    );
    assert!(waited < Duration::from_secs(2), "waited {waited:?}");
    assert_eq!(store.load(2).unwrap(), None);

    holder.execute_batch("COMMIT").unwrap();
    store.save(&second, "create").unwrap();
    drop(store);
    let store = open_existing(dir.path()).unwrap();
    assert_eq!(store.load_all().unwrap(), vec![first, second]);
    assert_eq!(audit_rows(dir.path()), 2);
}

#[test]
fn verify_counts_records_and_reports_a_corrupt_payload() {
    let dir = tmp();
    let mut store = testkit::open(dir.path()).unwrap();
    let batch: Vec<Subject> = (1..=3).map(|id| full_subject(id, "v")).collect();
    store.save_all(&batch, "import").unwrap();
    let report = store.verify().unwrap();
    assert!(report.is_ok(), "{report}");
    assert_eq!(
        (
            report.subjects,
            report.orders,
            report.conditions,
            report.notifications
        ),
        (3, 3, 3, 3)
    );
    assert_eq!(
        (report.protected_persons, report.assessments, report.reviews),
        (3, 3, 3)
    );
    // One audit entry per record saved, plus the store's creation and the tester's officer
    // details.
    assert_eq!(
        (report.breaches, report.visits, report.audit_entries),
        (3, 3, 5)
    );

    common::raw::damage(dir.path(), "subjects", "id = 2");
    let report = store.verify().unwrap();
    assert!(!report.is_ok());
    assert_eq!(report.subjects, 3);
    assert_eq!(report.orders, 2);
    assert_eq!(report.faults.len(), 1, "{report}");
    assert_eq!(report.faults[0].id, Some(2));
    assert!(report.to_string().contains("record 2"), "{report}");
    let err = store.load(2).unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { id: 2, .. }), "{err}");
    assert!(matches!(
        store.load_all(),
        Err(StoreError::Corrupt { id: 2, .. })
    ));
    assert_eq!(store.load(3).unwrap(), Some(batch[2].clone()));
}

#[test]
fn record_under_the_wrong_id_is_corrupt() {
    if common::store::sqlite_only(
        "record_under_the_wrong_id_is_corrupt: tampering with a row of spmp.db",
    ) {
        return;
    }
    let dir = tmp();
    let mut store = testkit::open(dir.path()).unwrap();
    store.save(&full_subject(1, "x"), "b").unwrap();
    // As someone editing the file would: without the foreign keys spmp turns on.
    let conn = raw(dir.path());
    conn.pragma_update(None, "foreign_keys", false).unwrap();
    conn.execute("UPDATE subjects SET id = 7 WHERE id = 1", [])
        .unwrap();
    drop(conn);
    assert!(matches!(
        store.load(7),
        Err(StoreError::Corrupt { id: 7, .. })
    ));
    assert_eq!(store.verify().unwrap().faults[0].id, Some(7));
}

/// Stored payloads are sealed, so the envelope version of a record is checked after it is
/// decrypted. Records of any envelope version get into a store by upgrading an old plaintext
/// store (its payloads are sealed as they are), which is how they are planted here.
#[test]
fn envelope_versions_are_enforced_in_the_store() {
    if common::store::sqlite_only(
        "envelope_versions_are_enforced_in_the_store: \
         records planted through a legacy SQLite store",
    ) {
        return;
    }
    let dir = tmp();
    let good = codec::encode_subject(&full_subject(3, "x")).unwrap();
    assert_eq!(codec::envelope_version(&good), Ok(FORMAT_VERSION));
    let future = codec::encode_with_version(FORMAT_VERSION + 1, &full_subject(1, "x")).unwrap();
    let truncated = codec::encode_subject(&full_subject(2, "x")).unwrap();
    {
        let conn = legacy_store(dir.path(), 2);
        for (id, payload) in [
            (1, &future[..]),
            (2, &truncated[..truncated.len() / 2]),
            (3, &good[..]),
        ] {
            conn.execute(
                "INSERT INTO subjects VALUES (?1, 1, '2026-01-01T00:00:00.000Z', ?2)",
                rusqlite::params![id, payload],
            )
            .unwrap();
        }
    }
    let mut store = common::store::create(dir.path()).unwrap();
    let err = store.load(1).unwrap_err().to_string();
    assert!(
        err.contains(&format!(
            "format version {} is newer than this spmp understands; upgrade spmp",
            FORMAT_VERSION + 1
        )),
        "{err}"
    );
    assert!(matches!(
        store.load(2),
        Err(StoreError::Corrupt { id: 2, .. })
    ));
    assert_eq!(store.load(3).unwrap(), Some(full_subject(3, "x")));

    // A plaintext (unsealed) payload written into an encrypted store is not decoded at all.
    let set = |id: i64, payload: &[u8]| {
        raw(dir.path())
            .execute(
                "UPDATE subjects SET payload = ?2 WHERE id = ?1",
                rusqlite::params![id, payload],
            )
            .unwrap();
    };
    set(3, &good);
    assert!(matches!(
        store.load(3),
        Err(StoreError::Corrupt { id: 3, .. })
    ));
    // Saving replaces the damaged record with a sealed one.
    store.save(&full_subject(3, "x"), "repair").unwrap();
    assert_eq!(store.load(3).unwrap(), Some(full_subject(3, "x")));
}

#[test]
fn codec_rejects_future_truncated_and_trailing() {
    let s = full_subject(1, "x");
    let good = codec::encode_subject(&s).unwrap();
    let future = codec::encode_with_version(FORMAT_VERSION + 1, &s).unwrap();
    assert_eq!(
        codec::decode_subject(&future),
        Err(CodecError::TooNew {
            version: FORMAT_VERSION + 1
        })
    );
    for cut in [0, 1, 2, 10, good.len() - 1] {
        assert!(codec::decode_subject(&good[..cut]).is_err(), "cut at {cut}");
    }
    let mut trailing = good.clone();
    trailing.extend_from_slice(b"xx");
    assert!(matches!(
        codec::decode_subject(&trailing),
        Err(CodecError::TrailingBytes { extra: 2, .. })
    ));
}

const FIXTURE: &str = "tests/fixtures/subject-v1.bin";

/// The committed v1 fixture must keep decoding to the same value. Regenerate (only when the
/// builder in `store_support` changes, never because decoding broke) with
/// `SPMP_REGENERATE_FIXTURES=1 cargo test --test store fixture`.
#[test]
fn fixture_v1_still_decodes() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(FIXTURE);
    // Format 1 can no longer be written: the committed file is the only source. Every field
    // format 2 added reads as its default.
    let expected = full_subject(42, "Fixture narrative: Siobhán, ☎ 07700 900123.");
    let bytes = fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "missing fixture {} ({e}); regenerate with \
             SPMP_REGENERATE_FIXTURES=1 cargo test --test store fixture",
            path.display()
        )
    });
    assert_eq!(codec::envelope_version(&bytes), Ok(1));
    assert_eq!(codec::decode_subject(&bytes), Ok(expected));
}

const FIXTURE_V2: &str = "tests/fixtures/subject-v2.bin";

/// The committed v2 fixture (every field format 2 added set) must keep decoding to the same
/// value. Format 2 can no longer be written (format 3 added the victim's side): the committed
/// file is the only source, and every field format 3 added reads as its default.
#[test]
fn fixture_v2_still_decodes() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(FIXTURE_V2);
    let expected = full_subject_v2(43, "Fixture narrative: Yıldırım, ☎ 07700 900124.");
    let bytes = fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "missing fixture {} ({e}); regenerate with \
             SPMP_REGENERATE_FIXTURES=1 cargo test --test store fixture",
            path.display()
        )
    });
    assert_eq!(codec::envelope_version(&bytes), Ok(2));
    assert_eq!(codec::decode_subject(&bytes), Ok(expected));
}

const FIXTURE_V3: &str = "tests/fixtures/subject-v3.bin";

/// The committed v3 fixture (the victim's side, partners, screenings, an order's refusal) must
/// keep decoding to the same value. Regenerate (only when the builder changes, never because
/// decoding broke) with `SPMP_REGENERATE_FIXTURES=1 cargo test --test store fixture`.
#[test]
fn fixture_v3_still_decodes() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(FIXTURE_V3);
    let expected = full_subject_v3(44, "Fixture narrative: Ŝiobhán, ☎ 07700 900125.");
    if std::env::var_os("SPMP_REGENERATE_FIXTURES").is_some() {
        let bytes = codec::encode_subject(&expected).unwrap();
        assert_eq!(codec::envelope_version(&bytes), Ok(3), "fixture must be v3");
        fs::write(&path, bytes).unwrap();
        eprintln!("regenerated {}", path.display());
    }
    let bytes =
        fs::read(&path).unwrap_or_else(|e| panic!("missing fixture {} ({e})", path.display()));
    assert_eq!(codec::envelope_version(&bytes), Ok(3));
    assert_eq!(codec::decode_subject(&bytes), Ok(expected));
}

/// An old unencrypted store (schema 2, as the previous release wrote it) holding the v1 fixture
/// record, its history and audit entries and a draft: it does not open until its administrator
/// is created; creating the administrator carries everything over, encrypted, and drops the
/// plaintext `legacy_*` tables.
#[test]
fn a_plaintext_schema_2_store_with_the_v1_fixture_is_encrypted_when_its_administrator_is_made() {
    if common::store::sqlite_only(
        "a_plaintext_schema_2_store_with_the_v1_fixture_is_encrypted_when_its_administrator_is_made: a legacy SQLite store",
    ) {
        return;
    }
    let dir = tmp();
    let fixture = fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(FIXTURE)).unwrap();
    let expected = full_subject(42, "Fixture narrative: Siobhán, ☎ 07700 900123.");
    let changes = vec![spmp::domain::Change {
        path: "subject".into(),
        from: String::new(),
        to: "created".into(),
        restricted: false,
    }];
    {
        let conn = legacy_store(dir.path(), 2);
        conn.execute(
            "INSERT INTO subjects VALUES (42, 2, '2026-01-01T00:00:00.000Z', ?1)",
            [&fixture],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO history (subject_id, at, actor, summary, payload)
             VALUES (42, '2026-01-01T09:30:00.000', 'pc.legacy', 'Added subject', ?1)",
            [codec::encode_changes(&changes).unwrap()],
        )
        .unwrap();
        conn.execute_batch(
            "INSERT INTO audit (at, actor, action, subject_id)
                 VALUES ('2026-01-01T09:30:00.000Z', 'pc.legacy', 'import old.json', 42);
             INSERT INTO drafts (key, updated, payload)
                 VALUES ('review:42', '2026-01-02T10:00:00.000', x'6869'),
                        ('subject/43/visit', '2026-01-02T10:00:00.000', x'6869');",
        )
        .unwrap();
    }
    assert_eq!(
        Store::status(dir.path()).unwrap(),
        spmp::store::StoreStatus::NeedsAdministrator
    );
    assert!(matches!(
        open_existing(dir.path()),
        Err(StoreError::NeedsAdministrator { .. })
    ));

    let store = common::store::create(dir.path()).unwrap();
    assert_eq!(store.load_all().unwrap(), vec![expected.clone()]);
    // The revision restarts at the count of logged writes (one here) when the store is encrypted.
    assert_eq!(store.version(42).unwrap(), Some(1));
    let history = store.history(42).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(
        (history[0].actor.as_str(), history[0].summary.as_str()),
        ("pc.legacy", "Added subject")
    );
    assert_eq!(history[0].changes, changes);
    let (drafts, unreadable) = store.drafts_checked().unwrap();
    assert_eq!(
        drafts[0].key,
        spmp::domain::DraftKey::Review { subject: 42 }
    );
    assert_eq!(
        unreadable.len(),
        1,
        "the oldest key form is kept, reported, not reopened"
    );
    // The draft's subject was filled in from its old key by the schema 4 migration.
    let ids: Vec<Option<i64>> = rusqlite::Connection::open(dir.path().join(spmp::store::DB_FILE))
        .unwrap()
        .prepare("SELECT subject_id FROM drafts ORDER BY subject_id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(ids, vec![Some(42), Some(43)], "the oldest key form too");
    assert_eq!(drafts[0].payload, b"hi");
    let trail = store.audit_trail(42).unwrap();
    assert_eq!(trail.len(), 1, "{trail:?}");
    assert_eq!(trail[0].actor, "pc.legacy");
    assert!(trail[0].what.contains("import old.json"), "{trail:?}");
    let report = store.verify_audit().unwrap();
    assert!(report.is_ok(), "{report:?}");
    assert_eq!(report.entries, 2, "the legacy entry and the upgrade itself");
    // Verify names the draft of the oldest key form (to be discarded), and nothing else.
    let faults = store.verify().unwrap().faults;
    assert_eq!(faults.len(), 1, "{faults:?}");
    assert!(
        faults[0].message.starts_with("draft subject/43/visit"),
        "{faults:?}"
    );
    drop(store);

    let names = tables(dir.path());
    assert!(!names.iter().any(|t| t.starts_with("legacy_")), "{names:?}");
    let stored: Vec<u8> = raw(dir.path())
        .query_row("SELECT payload FROM subjects WHERE id = 42", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_ne!(stored, fixture, "the record was sealed");
    assert!(
        !stored.windows(b"Siobh".len()).any(|w| w == b"Siobh"),
        "no plaintext left in the record"
    );
    // And it still opens after a restart.
    assert_eq!(
        open_existing(dir.path()).unwrap().load(42).unwrap(),
        Some(expected)
    );
}
