//! Putting mistakes right, on real stores in temporary directories: deleting a subject created
//! in error (gone from every byte of every file, the id never reused, the audit chain intact),
//! every refusal (after the window, someone else, a viewer, decided, disclosed) changing
//! nothing, and merging two records of one person (both histories under the kept one,
//! references renumbered, the other gone and its id never reused).
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use std::path::Path;

use chrono::Duration;
use common::store::{full_subject, tmp};
use rusqlite::Connection;
use spmp::domain::{DraftKey, ItemKind, Role, SignOffStatus, Subject, SubjectId, Target};
use spmp::store::{AuditKind, Commit, DB_FILE, Store, StoreError, testkit};

const MARKERS: [&str; 4] = [
    "Qmistakefamilymarker",
    "Wmistakegivenmarker",
    "mistake-alias-9c1d",
    "mistake-draft-4e77",
];

fn marked() -> Subject {
    let mut s = Subject::new(0, MARKERS[0], MARKERS[1], common::app::today());
    s.aliases = vec![MARKERS[2].into()];
    s
}

fn add(store: &mut Store, mut s: Subject) -> SubjectId {
    store
        .insert_new(&mut s, "Created the subject")
        .expect("insert")
}

fn edit(store: &mut Store, id: SubjectId, f: impl FnOnce(&mut Subject), summary: &str) {
    let (mut s, v) = store.load_versioned(id).expect("load").expect("present");
    f(&mut s);
    store
        .commit(&Commit {
            subject: &s,
            expected_version: Some(v),
            summary,
        })
        .expect("commit");
}

fn raw(dir: &Path) -> Connection {
    Connection::open(dir.join(DB_FILE)).expect("raw connection")
}

fn blobs(dir: &Path, sql: &str, id: SubjectId) -> Vec<Vec<u8>> {
    let conn = raw(dir);
    let mut stmt = conn.prepare(sql).expect("prepare");
    stmt.query_map([i64::try_from(id).expect("id")], |r| r.get::<_, Vec<u8>>(0))
        .expect("query")
        .collect::<Result<Vec<_>, _>>()
        .expect("rows")
}

/// Every table's rows, to show a refusal changed nothing.
fn fingerprint(dir: &Path) -> Vec<(String, Vec<Vec<String>>)> {
    let mut raw = common::raw::Raw::open(dir);
    ["subjects", "history", "drafts", "archive", "audit"]
        .iter()
        .map(|table| (table.to_string(), raw.rows(table)))
        .collect()
}

/// The files of the store directory that hold `needle`.
fn found_in(dir: &Path, needle: &[u8]) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("read dir")
        .filter_map(Result::ok)
        .filter(|e| e.path().is_file())
        .filter(|e| {
            let bytes = std::fs::read(e.path()).expect("read file");
            bytes.windows(needle.len()).any(|w| w == needle)
        })
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect()
}

fn window(blob: &[u8]) -> Vec<u8> {
    let mid = blob.len() / 2;
    blob[mid - 16..mid + 16].to_vec()
}

fn assert_gone(dir: &Path, sealed: &[Vec<u8>], markers: &[&str]) {
    for (i, b) in sealed.iter().enumerate() {
        let hits = found_in(dir, &window(b));
        assert!(hits.is_empty(), "ciphertext {i} survives in {hits:?}");
    }
    for m in markers {
        let hits = found_in(dir, m.as_bytes());
        assert!(hits.is_empty(), "marker {m:?} survives in {hits:?}");
    }
}

fn refused_saying(r: Result<impl std::fmt::Debug, StoreError>, says: &str) -> String {
    match r {
        Err(StoreError::Refused { message }) => {
            assert!(message.contains(says), "{message:?} should say {says:?}");
            message
        }
        other => panic!("expected a refusal saying {says:?}, got {other:?}"),
    }
}

fn denied(r: Result<impl std::fmt::Debug, StoreError>) -> String {
    match r {
        Err(StoreError::Denied { message }) => message,
        other => panic!("expected a denial, got {other:?}"),
    }
}

#[test]
fn a_subject_created_in_error_is_deleted_from_every_file_and_its_id_never_reused() {
    // On the server the deletion runs and is checked through the store; the sealed rows read
    // and searched for in the store's files are the SQLite file's.
    let file = !common::store::sqlite_only(
        "a_subject_created_in_error_is_deleted_from_every_file_and_its_id_never_reused (the \
         sealed rows read with rusqlite and searched for in the store's files)",
    );
    let dir = tmp();
    let mut store = testkit::open_as(dir.path(), "rita", &[Role::Reviewer]).expect("open");
    let id = add(&mut store, marked());
    let rec = "SELECT payload FROM subjects WHERE id = ?1";
    let mut sealed = Vec::new();
    if file {
        sealed.extend(blobs(dir.path(), rec, id));
    }
    for n in 0..3 {
        edit(
            &mut store,
            id,
            |s| s.aliases.push(format!("{}-{n}", MARKERS[2])),
            "Edited aliases",
        );
        if file {
            sealed.extend(blobs(dir.path(), rec, id));
        }
    }
    if file {
        sealed.extend(blobs(
            dir.path(),
            "SELECT payload FROM history WHERE subject_id = ?1",
            id,
        ));
    }
    let key = DraftKey::Item {
        subject: Some(id),
        target: Target::new_item(ItemKind::Device, None),
    };
    store.put_draft(&key, MARKERS[3].as_bytes()).expect("draft");
    if file {
        sealed.extend(blobs(
            dir.path(),
            "SELECT payload FROM drafts WHERE subject_id = ?1",
            id,
        ));
    }
    store.record_consultation(id, "checking").expect("consult");
    let neighbour = add(
        &mut store,
        Subject::new(0, "Kept", "Neighbour", common::app::today()),
    );
    if file {
        assert!(
            !found_in(dir.path(), &window(&sealed[3])).is_empty(),
            "the scan finds what is there"
        );
    }

    let creation = store.check_delete(id).expect("the creator may, at once");
    assert_eq!(creation.by, "rita");
    let report = store
        .delete_subject(id, "Typed twice by mistake")
        .expect("delete");
    assert_eq!(report.record_version, 4);
    assert_eq!(report.history_entries, 4);
    assert_eq!(report.drafts, 1);
    assert!(report.checkpointed);
    // Every byte of every file, with the store still open (so the WAL is still there).
    if file {
        assert_gone(dir.path(), &sealed, &MARKERS);
    }

    assert_eq!(store.load(id).expect("load"), None);
    assert!(store.history(id).expect("history").is_empty());
    assert!(store.drafts().expect("drafts").is_empty());
    assert!(store.load(neighbour).expect("load").is_some());
    // The id is never given out again, nor taken by an import naming it.
    assert!(store.next_subject_id().expect("next") > neighbour.max(id));
    let mut again = Subject::new(id, "Other", "Person", common::app::today());
    again.id = id;
    assert!(matches!(
        store.save_all(&[again], "import"),
        Err(StoreError::Refused { .. })
    ));
    drop(store);

    let store = testkit::open(dir.path()).expect("open as the tester");
    let audit = store.verify_audit().expect("verify");
    assert!(audit.is_ok(), "{audit:?}");
    assert!(store.verify().expect("verify").is_ok());
    let log = store.audit_log().expect("log");
    let entry = log
        .iter()
        .find(|e| e.kind == AuditKind::Erasure && e.subject == Some(id))
        .expect("the deletion is in the log");
    assert_eq!(entry.actor, "rita");
    assert_eq!(entry.seq, report.audit_seq);
    assert_eq!(
        entry.justification.as_deref(),
        Some("Typed twice by mistake")
    );
    assert!(
        entry.what.contains("created in error") && entry.what.contains("by rita"),
        "{}",
        entry.what
    );
    for e in &log {
        let text = format!("{} {} {:?}", e.actor, e.what, e.justification);
        for m in MARKERS {
            assert!(!text.contains(m), "audit entry {} holds {m:?}", e.seq);
        }
    }
    if file {
        assert_gone(dir.path(), &sealed, &MARKERS);
    }
    drop(store);
    if file {
        assert_gone(dir.path(), &sealed, &MARKERS);
    }
}

#[test]
fn every_refusal_says_why_and_changes_nothing() {
    let dir = tmp();
    let mut rita = testkit::open_as(dir.path(), "rita", &[Role::Reviewer]).expect("rita");
    let id = add(&mut rita, marked());
    let created = rita.check_delete(id).expect("may").at;
    drop(rita);
    // Users made before the fingerprint (adding one writes an account entry).
    for (name, roles) in [
        ("otto", &[Role::Reviewer][..]),
        ("vic", &[Role::Viewer][..]),
        ("ada", &[Role::Administrator][..]),
        ("sam", &[Role::Supervisor][..]),
    ] {
        drop(testkit::open_as(dir.path(), name, roles).expect("user"));
    }
    // On the server the refusals run; the rows compared are the SQLite file's.
    let before = fingerprint(dir.path());

    let mut rita = testkit::open_as(dir.path(), "rita", &[Role::Reviewer]).expect("rita");
    // After the window: archive instead, and how.
    let late = created + Duration::hours(24) + Duration::minutes(1);
    let m = refused_saying(
        rita.delete_subject_at(id, "mistake", late),
        "archive it instead",
    );
    assert!(m.contains("spmp archive --subject"), "{m}");
    assert!(rita.check_delete_at(id, late).is_err());
    // Just inside it, the check passes (nothing written by a check).
    rita.check_delete_at(id, created + Duration::hours(23))
        .expect("inside the window");
    // A reason is required; an unknown subject is refused.
    refused_saying(rita.delete_subject(id, "  "), "reason");
    refused_saying(rita.delete_subject(9999, "mistake"), "no subject 9999");
    // Policy can turn it off.
    rita.set_delete_window_hours(0);
    refused_saying(
        rita.delete_subject(id, "mistake"),
        "delete_window_hours = 0",
    );
    drop(rita);

    // Another reviewer, a viewer, an administrator: not theirs to delete.
    let mut otto = testkit::open_as(dir.path(), "otto", &[Role::Reviewer]).expect("otto");
    let m = denied(otto.delete_subject(id, "mistake"));
    assert!(m.contains("only the officer who created it (rita)"), "{m}");
    drop(otto);
    let mut vic = testkit::open_as(dir.path(), "vic", &[Role::Viewer]).expect("vic");
    denied(vic.delete_subject(id, "mistake"));
    denied(vic.check_delete(id));
    drop(vic);
    let mut ada = testkit::open_as(dir.path(), "ada", &[Role::Administrator]).expect("ada");
    denied(ada.delete_subject(id, "mistake"));
    drop(ada);
    assert_eq!(fingerprint(dir.path()), before, "refusals change nothing");

    // A supervisor may delete what someone else created.
    let sam = testkit::open_as(dir.path(), "sam", &[Role::Supervisor]).expect("sam");
    sam.check_delete(id).expect("a supervisor may");
}

#[test]
fn nothing_decided_or_disclosed_is_deleted() {
    let dir = tmp();
    let mut store = testkit::open(dir.path()).expect("open");
    // Decided: a subject carrying an approved review and assessment.
    let decided = add(&mut store, full_subject(0, "decided"));
    // Disclosed: exported to someone.
    let disclosed = add(&mut store, marked());
    store
        .record_disclosure(
            Some(disclosed),
            "Exported the plan as PDF",
            "MAPPA",
            "meeting",
        )
        .expect("disclosure");
    // A whole-store export after it was created took it too.
    let in_export = add(&mut store, marked());
    store
        .record_disclosure(
            None,
            "Exported the whole store (3 subjects) as JSON",
            "ICO",
            "audit",
        )
        .expect("whole store");
    let after_export = add(&mut store, marked());
    // On the server the refusals run; the rows compared are the SQLite file's.
    let before = fingerprint(dir.path());
    let m = refused_saying(
        store.delete_subject(decided, "mistake"),
        "decisions recorded",
    );
    assert!(m.contains("approved"), "{m}");
    refused_saying(store.delete_subject(disclosed, "mistake"), "disclosed");
    refused_saying(store.delete_subject(in_export, "mistake"), "disclosed");
    assert_eq!(fingerprint(dir.path()), before);
    // Created after the export: deletable.
    store
        .delete_subject(after_export, "mistake")
        .expect("created after the export");
    assert!(store.verify_audit().expect("verify").is_ok());
}

/// Two records of one person, each with its own history and a draft on the second.
fn two_records(store: &mut Store) -> (SubjectId, SubjectId) {
    let a = add(store, full_subject(0, "Narrative of A"));
    let mut b = full_subject(0, "Narrative of B");
    b.family_name = "Dupont".into();
    b.pnc_id = Some("11/222222B".into());
    b.section2.devices[0].make_model = "Other phone".into();
    b.visits[0].findings = "B's visit".into();
    b.orders[0].court = "B's court".into();
    let b = add(store, b);
    edit(
        store,
        a,
        |s| s.aliases.push("Edited on A".into()),
        "Edited aliases",
    );
    edit(
        store,
        b,
        |s| s.aliases.push("Edited on B".into()),
        "Edited aliases",
    );
    store
        .put_draft(
            &DraftKey::Item {
                subject: Some(b),
                target: Target::new_item(ItemKind::Vehicle, None),
            },
            b"draft on b",
        )
        .expect("draft");
    (a, b)
}

#[test]
fn merging_keeps_both_histories_under_the_kept_record_and_removes_the_other() {
    let dir = tmp();
    let mut store = testkit::open(dir.path()).expect("open");
    let (a, b) = two_records(&mut store);
    // On the server the merge runs and is checked through the store; B's sealed record read
    // and searched for in the store's files is the SQLite file's.
    let b_record = (!common::store::sqlite_only(
        "merging_keeps_both_histories_under_the_kept_record_and_removes_the_other (B's sealed \
         record read with rusqlite and searched for in the store's files)",
    ))
    .then(|| blobs(dir.path(), "SELECT payload FROM subjects WHERE id = ?1", b));
    let history_a = store.history(a).expect("history").len();
    let history_b = store.history(b).expect("history").len();
    let before_a = store.load(a).expect("load").expect("a");
    let before_b = store.load(b).expect("load").expect("b");

    let report = store
        .merge_subjects(a, b, "Same person entered twice")
        .expect("merge");
    assert_eq!(report.history_moved, history_b as u64);
    assert_eq!(report.drafts, 1);

    // B is gone; A holds both.
    assert_eq!(store.load(b).expect("load"), None);
    assert!(store.history(b).expect("history").is_empty());
    let s = store.load(a).expect("load").expect("a");
    assert_eq!(s.reviews.len(), 2);
    assert_eq!(s.assessments.len(), 2);
    assert_eq!(s.breaches.len(), 2);
    assert_eq!(s.visits.len(), 2);
    assert!(s.aliases.iter().any(|x| x.contains("Dupont")));
    assert!(
        s.section2.notes.contains("11/222222B"),
        "B's PNC kept as a note"
    );
    assert!(s.section1.narrative.contains("Narrative of B"));
    // References follow the renumbering: B's review names B's visit and B's order.
    let moved = s.reviews.iter().find(|r| r.id != 1).expect("B's review");
    let visit = moved.visit.expect("visit");
    assert_eq!(
        s.visits
            .iter()
            .find(|v| v.id == visit)
            .map(|v| v.findings.as_str()),
        Some("B's visit")
    );
    assert_eq!(
        s.order(moved.outcomes[0].order).map(|o| o.court.as_str()),
        Some("B's court")
    );
    let breach = s.breaches.iter().find(|x| x.id != 1).expect("B's breach");
    assert_eq!(
        s.order(breach.order).map(|o| o.court.as_str()),
        Some("B's court")
    );
    assert_eq!(
        s.section1.safeguarding.len(),
        1,
        "B's safeguarding option and person are identical to A's: not added twice"
    );
    // Decided records came across unchanged but for their ids.
    assert_eq!(moved.sign_off, before_b.reviews[0].sign_off);
    assert_eq!(moved.sign_off.status, SignOffStatus::Approved);
    assert_eq!(s.reviews[0], before_a.reviews[0]);

    // A's history shows both, the merge last, and every entry opens.
    let history = store.history(a).expect("history of A");
    assert_eq!(history.len(), history_a + history_b + 1);
    assert!(history[0].summary.contains(&format!("Merged subject {b}")));
    assert!(
        history
            .iter()
            .any(|h| h.changes.iter().any(|c| c.to.contains("Edited on B")))
    );

    // Both audit trails stay, each with its merge entry; the chain and the store verify.
    let trail_a = store.audit_trail(a).expect("trail a");
    let trail_b = store.audit_trail(b).expect("trail b");
    assert!(trail_a.iter().any(|e| {
        e.kind == AuditKind::Combination
            && e.what
                .contains(&format!("Merged subject {b} into subject {a}"))
    }));
    assert!(trail_b.iter().any(|e| e.kind == AuditKind::Combination
        && e.what.contains(&format!("Merged into subject {a}"))));
    assert!(trail_b.iter().any(|e| e.kind == AuditKind::Collection));
    assert!(store.verify_audit().expect("verify").is_ok());
    assert!(store.verify().expect("verify").is_ok());

    // B's id is never given out again.
    assert!(store.next_subject_id().expect("next") > a.max(b));
    let mut again = Subject::new(b, "New", "Person", common::app::today());
    again.id = b;
    assert!(matches!(
        store.save_all(&[again], "import"),
        Err(StoreError::Refused { .. })
    ));
    // The merged record can be edited as usual (its decided records stay final).
    edit(
        &mut store,
        a,
        |s| s.aliases.push("After".into()),
        "Edited aliases",
    );
    if let Some(b_record) = b_record {
        assert_gone(dir.path(), &b_record, &[]);
    }
}

#[test]
fn only_supervisors_merge_and_refusals_change_nothing() {
    let dir = tmp();
    let mut store = testkit::open(dir.path()).expect("open");
    let (a, b) = two_records(&mut store);
    drop(store);
    drop(testkit::open_as(dir.path(), "rita", &[Role::Reviewer]).expect("rita"));
    // On the server the refusals run; the rows compared are the SQLite file's.
    let before = fingerprint(dir.path());
    let mut rita = testkit::open_as(dir.path(), "rita", &[Role::Reviewer]).expect("rita");
    let m = denied(rita.merge_subjects(a, b, "same person"));
    assert!(m.contains("Supervisor"), "{m}");
    drop(rita);
    let mut store = testkit::open(dir.path()).expect("open");
    refused_saying(store.merge_subjects(a, a, "same"), "into itself");
    refused_saying(store.merge_subjects(a, 999, "same"), "no subject 999");
    refused_saying(store.merge_subjects(a, b, " "), "reason");
    drop(store);
    assert_eq!(fingerprint(dir.path()), before);
}
