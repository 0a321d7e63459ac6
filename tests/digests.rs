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

fn raw(dir: &std::path::Path) -> Connection {
    Connection::open(dir.join(spmp::store::DB_FILE)).unwrap()
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Rows without the digest a reader who may see restricted data reads: the whole one where
/// the summary has a restricted half, else the general one.
const MISSING: &str = "SELECT count(*) FROM summaries
    WHERE CASE WHEN restricted IS NULL THEN digest_general ELSE digest_whole END IS NULL";

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
    T: serde::Serialize + serde::de::DeserializeOwned + Send,
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
    let conn = raw(dir.path());
    let policy = Policy::default();
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM summaries
             WHERE digest_general IS NOT NULL OR digest_whole IS NOT NULL"
        ),
        0,
        "saving a record makes no digest"
    );
    let expect = from_summaries(&store, &policy);
    let (first, unreadable) = digests(&store, &policy, &mut |_, _| {}).unwrap();
    assert!(unreadable.is_empty());
    assert_eq!(first, expect);
    assert_eq!(
        count(&conn, MISSING),
        0,
        "the first open keeps every digest it made"
    );
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
    let conn = raw(dir.path());
    let policy = Policy::default();
    digests(&store, &policy, &mut |_, _| {}).unwrap();

    // A record saved: its digest is emptied with its summary, and made again from the new one.
    let (mut s, v) = store.load_versioned(7).unwrap().unwrap();
    s.family_name = "Renamed".into();
    store
        .commit(&Commit {
            subject: &s,
            expected_version: Some(v),
            summary: "renamed",
        })
        .unwrap();
    assert_eq!(count(&conn, MISSING), 1);
    let (after, _) = digests(&store, &policy, &mut |_, _| {}).unwrap();
    assert_eq!(after, from_summaries(&store, &policy));
    assert!(after.iter().any(|(d, _)| d.family_name == "Renamed"));

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

    // A damaged digest, or one moved from another row, does not open: it is made again.
    conn.execute_batch(
        "UPDATE summaries SET digest_general = x'00010203' WHERE id = 3;
         UPDATE summaries SET digest_general = (SELECT digest_general FROM summaries WHERE id = 5)
             WHERE id = 4;",
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
    let conn = raw(dir.path());
    let restricted_rows = count(
        &conn,
        "SELECT count(*) FROM summaries WHERE restricted IS NOT NULL",
    );
    assert!(restricted_rows > 0, "some summaries have a restricted half");
    drop(store);
    let viewer = testkit::open_as(dir.path(), "viewer", &[Role::Viewer]).unwrap();
    let supervisor = testkit::open_as(dir.path(), "super", &[Role::Supervisor]).unwrap();
    let tag = 99;
    // The digest here is the summary itself, as the reader sees it.
    let each = |s: Subject| s;
    let seen = |store: &Store| store.load_summaries().unwrap().0;
    for (first, second) in [(&viewer, &supervisor), (&supervisor, &viewer)] {
        conn.execute_batch("UPDATE summaries SET digest_general = NULL, digest_whole = NULL")
            .unwrap();
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
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM summaries WHERE digest_whole IS NOT NULL"
        ),
        restricted_rows,
        "the whole digest only where the summary has a restricted half"
    );
}
