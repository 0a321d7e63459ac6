//! Digests (issue 14): the caseload opens from a small sealed digest per subject, made from
//! its summary at the first open and kept. These tests check that what the app gets from
//! digests is what it would make from the summaries; that a digest is made again when its
//! record, the policy or the release changes, or when it is damaged; and that a reader who may
//! not see restricted data never reads a digest made by one who may.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use chrono::{Days, NaiveDate};
use rusqlite::Connection;
use spmp::domain::{Digest, Policy, Role, Subject, Triage};
use spmp::ops::caseload::{digest_tag, digests, load_with};
use spmp::search::Values;
use spmp::store::{Commit, Store, testkit};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn seeded(dir: &std::path::Path) -> Store {
    let mut subjects = spmp::generate::caseload(300, spmp::generate::DEFAULT_SEED, today());
    let demo = spmp::demo::subjects_as_of(today()).unwrap();
    let first_demo = subjects.len() as u64 + 1;
    subjects.extend(demo.into_iter().enumerate().map(|(i, mut s)| {
        s.id = first_demo + i as u64;
        s
    }));
    // A victim whose street a tactical option repeats: withheld from viewers' summaries.
    let mut one = common::store::full_subject(subjects.len() as u64 + 1, "Narrative");
    one.protected_persons[0].address = Some("9 Quarry Hill, Wakefield, WF1 2AB".into());
    for a in &mut one.assessments {
        for t in &mut a.tactical_options {
            t.option = "Patrol past 9 Quarry Hill nightly".into();
        }
    }
    subjects.push(one);
    let mut store = testkit::open(dir).unwrap();
    store.save_all(&subjects, "seed").unwrap();
    store
}

/// A raw connection to the SQLite file of the store in `dir`; `None` (said once, naming the
/// `test`) when this run keeps the stores on the server: the parts that need it are skipped.
fn raw(dir: &std::path::Path, test: &str) -> Option<Connection> {
    if common::store::sqlite_only(test) {
        return None;
    }
    Some(Connection::open(dir.join(spmp::store::DB_FILE)).unwrap())
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

const BLOCKS: &str = "SELECT count(*) FROM digest_blocks";

/// What the app would make from the summaries this reader sees.
fn from_summaries(store: &Store, policy: &Policy) -> Vec<(Digest, Values)> {
    let (summaries, unreadable) = store.load_summaries().unwrap();
    assert!(unreadable.is_empty());
    summaries
        .iter()
        .map(|s| (Digest::of(s, policy), Values::of(s)))
        .collect()
}

/// The digests as stored, without making any: panics if one is missing.
fn stored_only<T>(store: &Store, tag: u64) -> Vec<T>
where
    T: serde::Serialize + serde::de::DeserializeOwned + Send + Clone,
{
    let (out, _) = store
        .map_digests(
            tag,
            &|s: Subject| panic!("digest of subject {} was not stored", s.id),
            &mut |_, _| {},
        )
        .unwrap();
    out
}

#[test]
fn the_caseload_opens_from_digests_made_at_the_first_open_and_equal_to_the_summaries() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded(dir.path());
    let conn = raw(
        dir.path(),
        "the_caseload_opens_from_digests_made_at_the_first_open_and_equal_to_the_summaries: \
         counting the digest blocks in spmp.db",
    );
    let policy = Policy::default();
    if let Some(conn) = &conn {
        assert_eq!(count(conn, BLOCKS), 0, "saving a record makes no digest");
    }
    let expect = from_summaries(&store, &policy);
    let (first, unreadable) = digests(&store, &policy, &mut |_, _| {}).unwrap();
    assert!(unreadable.is_empty());
    assert_eq!(first, expect);
    if let Some(conn) = &conn {
        assert_eq!(
            count(conn, "SELECT count(DISTINCT id / 256) FROM summaries"),
            count(conn, BLOCKS),
            "the first open keeps every digest it made, a block per 256 ids"
        );
    }
    let kept: Vec<(Digest, Values)> = stored_only(&store, digest_tag(&policy));
    assert_eq!(kept, expect, "the second open reads them");

    // On any day, the caseload from digests is the triage of the summaries.
    let (summaries, _) = store.load_summaries().unwrap();
    for days in [0u64, 30, 400] {
        let day = today().checked_add_days(Days::new(days)).unwrap();
        let caseload = load_with(&store, &policy, day, &mut |_, _| {}).unwrap();
        let triaged: Vec<Triage> = summaries
            .iter()
            .map(|s| Triage::of(s, &policy, day))
            .collect();
        assert_eq!(caseload.subjects, triaged, "+{days} days");
        assert!(caseload.subjects.iter().any(|t| !t.reasons.is_empty()));
    }
}

#[test]
fn a_changed_record_policy_or_damaged_digest_is_made_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = seeded(dir.path());
    let conn = raw(
        dir.path(),
        "a_changed_record_policy_or_damaged_digest_is_made_again: reading, counting, putting \
         back and damaging the digest blocks in spmp.db",
    );
    let policy = Policy::default();
    digests(&store, &policy, &mut |_, _| {}).unwrap();

    // A record saved: its block is dropped, and made again with the new summary.
    let block_zero = "SELECT payload FROM digest_blocks WHERE block = 0";
    let old: Option<Vec<u8>> = conn
        .as_ref()
        .map(|conn| conn.query_row(block_zero, [], |r| r.get(0)).unwrap());
    let (mut s, v) = store.load_versioned(7).unwrap().unwrap();
    s.family_name = "Renamed".into();
    store
        .commit(&Commit {
            subject: &s,
            expected_version: Some(v),
            summary: "renamed",
        })
        .unwrap();
    if let Some(conn) = &conn {
        assert_eq!(
            count(conn, "SELECT count(*) FROM digest_blocks WHERE block = 0"),
            0
        );
        assert_eq!(count(conn, BLOCKS), 1, "the other block is kept");
    }
    let (after, _) = digests(&store, &policy, &mut |_, _| {}).unwrap();
    assert_eq!(after, from_summaries(&store, &policy));
    assert!(after.iter().any(|(d, _)| d.family_name == "Renamed"));

    // The old block put back (from a copy of the file): subject 7's digest is of an older
    // revision, so it is made again; the others in the block are kept.
    if let (Some(conn), Some(old)) = (&conn, &old) {
        conn.execute(
            "UPDATE digest_blocks SET payload = ?1 WHERE block = 0",
            rusqlite::params![old],
        )
        .unwrap();
        let (again, _) = digests(&store, &policy, &mut |_, _| {}).unwrap();
        assert_eq!(
            again, after,
            "the older block does not bring the old name back"
        );
        let kept: Vec<(Digest, Values)> = stored_only(&store, digest_tag(&policy));
        assert_eq!(kept, after);
    }

    // Another policy: every digest is made again under it, and kept under its tag.
    let strict = Policy {
        notification_days: 1,
        disclosure_decision_days: 2,
        ..Policy::default()
    };
    assert_ne!(digest_tag(&strict), digest_tag(&policy));
    let (under_strict, _) = digests(&store, &strict, &mut |_, _| {}).unwrap();
    assert_eq!(under_strict, from_summaries(&store, &strict));
    assert_ne!(under_strict, after, "the policy changes what the rules say");
    let kept: Vec<(Digest, Values)> = stored_only(&store, digest_tag(&strict));
    assert_eq!(kept, under_strict);

    // A damaged block, or one moved from another block, does not open: it is made again.
    let Some(conn) = conn else {
        return;
    };
    conn.execute_batch(
        "UPDATE digest_blocks SET payload = x'00010203' WHERE block = 0;
         UPDATE digest_blocks SET payload = (SELECT payload FROM digest_blocks WHERE block = 0)
             WHERE block = 1;",
    )
    .unwrap();
    let (repaired, unreadable) = digests(&store, &strict, &mut |_, _| {}).unwrap();
    assert!(unreadable.is_empty());
    assert_eq!(repaired, under_strict);
    let kept: Vec<(Digest, Values)> = stored_only(&store, digest_tag(&strict));
    assert_eq!(kept, under_strict, "and kept again");
}

#[test]
fn a_reader_sees_only_digests_of_what_their_role_may_see() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded(dir.path());
    let conn = raw(
        dir.path(),
        "a_reader_sees_only_digests_of_what_their_role_may_see: counting and clearing the \
         digest blocks in spmp.db",
    );
    if let Some(conn) = &conn {
        let restricted_rows = count(
            conn,
            "SELECT count(*) FROM summaries WHERE restricted IS NOT NULL",
        );
        assert!(restricted_rows > 0, "some summaries have a restricted half");
    }
    drop(store);
    let viewer = testkit::open_as(dir.path(), "viewer", &[Role::Viewer]).unwrap();
    let supervisor = testkit::open_as(dir.path(), "super", &[Role::Supervisor]).unwrap();
    let tag = 99;
    // The digest here is the summary itself, as the reader sees it.
    let each = |s: Subject| s;
    let seen = |store: &Store| store.load_summaries().unwrap().0;
    for (first, second) in [(&viewer, &supervisor), (&supervisor, &viewer)] {
        // On the server the digest blocks cannot be cleared: only the first order starts afresh.
        if let Some(conn) = &conn {
            conn.execute_batch("DELETE FROM digest_blocks").unwrap();
        }
        for reader in [first, second] {
            let (made, _) = reader.map_digests(tag, &each, &mut |_, _| {}).unwrap();
            assert_eq!(made, seen(reader));
        }
        for reader in [first, second] {
            let kept: Vec<Subject> = stored_only(reader, tag);
            assert_eq!(kept, seen(reader), "read back by each role");
        }
        assert_ne!(
            seen(&viewer),
            seen(&supervisor),
            "so this compares something"
        );
    }
    if let Some(conn) = &conn {
        assert_eq!(
            count(conn, "SELECT count(*) FROM digest_blocks WHERE view = 0"),
            count(conn, "SELECT count(*) FROM digest_blocks WHERE view = 1"),
            "each view keeps its own blocks"
        );
    }
}

#[test]
fn a_record_removed_leaves_nothing_of_it_in_the_digests() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded(dir.path());
    let Some(conn) = raw(
        dir.path(),
        "a_record_removed_leaves_nothing_of_it_in_the_digests: a row deleted from spmp.db",
    ) else {
        return;
    };
    let policy = Policy::default();
    let (before, _) = digests(&store, &policy, &mut |_, _| {}).unwrap();
    assert!(before.iter().any(|(d, _)| d.id == 9));
    // However a record goes (an erasure, a merge, a deletion), its block goes with it.
    conn.execute("DELETE FROM subjects WHERE id = 9", [])
        .unwrap();
    assert_eq!(
        count(&conn, "SELECT count(*) FROM digest_blocks WHERE block = 0"),
        0
    );
    let (after, _) = digests(&store, &policy, &mut |_, _| {}).unwrap();
    assert_eq!(after.len(), before.len() - 1);
    assert!(after.iter().all(|(d, _)| d.id != 9));
    assert_eq!(after, from_summaries(&store, &policy));
}

#[test]
fn blocks_follow_ids_across_gaps_removals_and_new_records() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = testkit::open(dir.path()).unwrap();
    let conn = raw(
        dir.path(),
        "blocks_follow_ids_across_gaps_removals_and_new_records: counting the digest blocks \
         and removing records behind the store's back in spmp.db",
    );
    let policy = Policy::default();
    let generated = spmp::generate::caseload(6, spmp::generate::DEFAULT_SEED, today());
    let ids = [5u64, 300, 1_000, 1_001, 5_000, 5_100];
    let subjects: Vec<Subject> = generated
        .into_iter()
        .zip(ids)
        .map(|(mut s, id)| {
            s.id = id;
            s
        })
        .collect();
    store.save_all(&subjects, "seed").unwrap();
    let (first, _) = digests(&store, &policy, &mut |_, _| {}).unwrap();
    assert_eq!(first, from_summaries(&store, &policy));
    let Some(conn) = conn else {
        return;
    };
    assert_eq!(count(&conn, BLOCKS), 4, "blocks 0, 1, 3 and 19");

    // A record gone without its block being dropped (the trigger removed, as an edit of the
    // raw file could): its entry is left out and the block written without it.
    conn.execute_batch(
        "DROP TRIGGER digest_stale_on_delete;
         DELETE FROM subjects WHERE id IN (300, 5000);",
    )
    .unwrap();
    let (after, _) = digests(&store, &policy, &mut |_, _| {}).unwrap();
    assert_eq!(after, from_summaries(&store, &policy));
    assert_eq!(after.len(), 4);
    assert_eq!(count(&conn, BLOCKS), 3, "block 1 had no one left");
    let kept: Vec<(Digest, Values)> = stored_only(&store, digest_tag(&policy));
    assert_eq!(kept, after);

    // A new record in a new block, and one in a block already kept.
    let mut more = spmp::generate::caseload(2, 99, today());
    more[0].id = 70_000;
    more[1].id = 1_002;
    store.save_all(&more, "more").unwrap();
    let (grown, _) = digests(&store, &policy, &mut |_, _| {}).unwrap();
    assert_eq!(grown, from_summaries(&store, &policy));
    assert_eq!(grown.len(), 6);
    let kept: Vec<(Digest, Values)> = stored_only(&store, digest_tag(&policy));
    assert_eq!(kept, grown);
}

#[test]
fn making_every_digest_at_an_open_reports_its_progress() {
    // So many missing that every summary is read (after an upgrade, a new release or another
    // policy): the loading screen's count goes on while they are made.
    let dir = tempfile::tempdir().unwrap();
    let subjects = spmp::generate::caseload(2_100, spmp::generate::DEFAULT_SEED, today());
    let mut store = testkit::open(dir.path()).unwrap();
    store.save_all(&subjects, "seed").unwrap();
    let mut seen = Vec::new();
    let (made, unreadable) = store
        .map_digests(7, &|s: Subject| s.id, &mut |done, total| {
            seen.push((done, total))
        })
        .unwrap();
    assert!(unreadable.is_empty());
    assert_eq!(made.len(), 2_100);
    assert!(seen.len() > 1, "{seen:?}");
    assert!(seen.windows(2).all(|w| w[0].0 <= w[1].0), "{seen:?}");
    assert_eq!(seen.last(), Some(&(2_100, 2_100)));
    // Stored: the next open reads them, each block once.
    let mut again = Vec::new();
    let (read, _) = store
        .map_digests(
            7,
            &|s: Subject| -> u64 { panic!("{} made again", s.id) },
            &mut |done, total| again.push((done, total)),
        )
        .unwrap();
    assert_eq!(read, made);
    assert_eq!(again.last(), Some(&(2_100, 2_100)));
}
