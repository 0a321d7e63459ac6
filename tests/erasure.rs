//! Archiving and erasure on real stores in temporary directories: who may, when they are
//! refused (and that a refusal changes nothing), and that an erased subject's ciphertext and
//! every marker string are gone from every byte of the store's files.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use common::store::tmp;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use chrono::NaiveDate;
use rusqlite::Connection;
use spmp::domain::Role;
use spmp::domain::{DraftKey, ItemKind, Order, OrderEnd, OrderKind, Subject, SubjectId, Target};
use spmp::store::{AuditKind, Commit, DB_FILE, Store, StoreError, StoreOptions, testkit};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
}

/// The day the tests archive on.
fn archive_day() -> NaiveDate {
    d(2026, 3, 1)
}

const RETENTION: u32 = 30;

/// The first day erasure is allowed: `archive_day() + RETENTION`.
fn erase_day() -> NaiveDate {
    d(2026, 3, 31)
}

/// Unusual strings that appear nowhere else: if any byte sequence of them is found in the
/// store's files after erasure, something survived.
const MARKERS: [&str; 6] = [
    "Qzxwvfamilymarker",
    "Jkqpgivenmarker",
    "Aliasmarker-7f3e91",
    "PNC/99/MARKERq",
    "Officer Zyxmarker",
    "draft-marker-5c2a",
];

fn order(made: NaiveDate, end: OrderEnd, discharged: Option<NaiveDate>) -> Order {
    Order {
        refused: None,
        id: 1,
        kind: OrderKind::Spo,
        court: "Testford Magistrates".into(),
        reference: None,
        applied: Some(made),
        made: Some(made),
        served: Some(made),
        end,
        discharged,
        variations: Vec::new(),
        conditions: Vec::new(),
        notifications: Vec::new(),
    }
}

/// An order that expired before [`archive_day`].
fn ended_order() -> Order {
    order(d(2023, 1, 10), OrderEnd::Fixed(d(2025, 1, 9)), None)
}

fn marked_subject() -> Subject {
    let mut s = Subject::new(0, MARKERS[0], MARKERS[1], d(2023, 1, 1));
    s.aliases = vec![MARKERS[2].into()];
    s.pnc_id = Some(MARKERS[3].into());
    s.officer = Some(MARKERS[4].into());
    s.orders = vec![ended_order()];
    s
}

fn plain_subject(orders: Vec<Order>) -> Subject {
    let mut s = Subject::new(0, "Other", "Person", d(2023, 1, 1));
    s.orders = orders;
    s
}

fn add(store: &mut Store, mut s: Subject) -> SubjectId {
    store.insert_new(&mut s, "Added subject").expect("insert")
}

fn raw(dir: &Path) -> Connection {
    Connection::open(dir.join(DB_FILE)).expect("raw connection")
}

fn blob(dir: &Path, sql: &str, id: SubjectId) -> Vec<Vec<u8>> {
    let conn = raw(dir);
    let mut stmt = conn.prepare(sql).expect("prepare");
    stmt.query_map([i64::try_from(id).expect("id")], |r| r.get::<_, Vec<u8>>(0))
        .expect("query")
        .collect::<Result<Vec<_>, _>>()
        .expect("rows")
}

/// Everything in the store that a refusal must leave as it was (the SQLite file's rows, or the
/// server database's): each table's row count and rows.
fn fingerprint(dir: &Path) -> Fingerprint {
    let mut raw = common::raw::Raw::open(dir);
    ["subjects", "history", "drafts", "archive", "audit"]
        .iter()
        .map(|table| {
            let rows = raw.rows(table);
            (table.to_string(), rows.len(), rows)
        })
        .collect()
}

type Fingerprint = Vec<(String, usize, Vec<Vec<String>>)>;

/// That the store's rows are as they were `before`.
fn assert_unchanged(dir: &Path, before: &Fingerprint) {
    let now = fingerprint(dir);
    let counts = |f: &Fingerprint| {
        f.iter()
            .map(|(t, n, _)| format!("{t} {n}"))
            .collect::<Vec<_>>()
    };
    assert!(
        &now == before,
        "the store changed: rows before {:?}, now {:?}",
        counts(before),
        counts(&now)
    );
}

/// Every byte of every file in the store directory, by file name.
fn store_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read store dir") {
        let entry = entry.expect("dir entry");
        let path = entry.path();
        if path.is_file() {
            out.push((
                entry.file_name().to_string_lossy().into_owned(),
                std::fs::read(&path).expect("read store file"),
            ));
        }
    }
    assert!(
        out.iter().any(|(n, _)| n == DB_FILE),
        "the store has its database: {:?}",
        out.iter().map(|(n, _)| n).collect::<Vec<_>>()
    );
    out
}

/// A 32-byte window from the middle of a blob: random ciphertext, so found only if the blob is.
fn window(blob: &[u8]) -> Vec<u8> {
    assert!(blob.len() >= 64, "a sealed blob is longer than 64 bytes");
    let mid = blob.len() / 2;
    blob[mid - 16..mid + 16].to_vec()
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Where `needle` occurs among the store's files.
fn found_in(dir: &Path, needle: &[u8]) -> Vec<String> {
    store_files(dir)
        .into_iter()
        .filter(|(_, bytes)| contains(bytes, needle))
        .map(|(n, _)| n)
        .collect()
}

fn assert_gone(dir: &Path, blobs: &[Vec<u8>]) {
    for (i, b) in blobs.iter().enumerate() {
        let w = window(b);
        let hits = found_in(dir, &w);
        assert!(hits.is_empty(), "ciphertext blob {i} survives in {hits:?}");
    }
    for m in MARKERS {
        let hits = found_in(dir, m.as_bytes());
        assert!(hits.is_empty(), "marker {m:?} survives in {hits:?}");
    }
}

/// A subject with a record saved several times, history, a draft and a consultation; returns its
/// id and every sealed blob written for it (each record version, history rows, the draft), read
/// from spmp.db: none when the stores of this run are on the server.
fn populated(store: &mut Store, dir: &Path) -> (SubjectId, Vec<Vec<u8>>) {
    let file = !testkit::sqlite_only("the sealed blobs of a subject read from spmp.db");
    let id = add(store, marked_subject());
    let rec = "SELECT payload FROM subjects WHERE id = ?1";
    let mut blobs = Vec::new();
    if file {
        blobs.extend(blob(dir, rec, id));
    }
    for n in 0..4 {
        let mut s = store.load(id).expect("load").expect("present");
        s.aliases.push(format!("{}-{n}", MARKERS[2]));
        let version = store.version(id).expect("version");
        store
            .commit(&Commit {
                subject: &s,
                expected_version: version,
                summary: "Edited aliases",
            })
            .expect("commit");
        if file {
            blobs.extend(blob(dir, rec, id));
        }
    }
    if file {
        blobs.extend(blob(
            dir,
            "SELECT payload FROM history WHERE subject_id = ?1",
            id,
        ));
    }
    let key = DraftKey::Item {
        subject: Some(id),
        target: Target::new_item(ItemKind::Device, None),
    };
    store
        .put_draft(&key, format!("{} typed", MARKERS[5]).as_bytes())
        .expect("draft");
    if file {
        let conn = raw(dir);
        let draft: Vec<u8> = conn
            // The row just written (draft keys are keyed references: they do not name the form).
            .query_row(
                "SELECT payload FROM drafts ORDER BY rowid DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .expect("draft row");
        drop(conn);
        blobs.push(draft);
    }
    store
        .record_consultation(id, "scheduled review")
        .expect("consultation");
    (id, blobs)
}

#[test]
fn erasure_removes_ciphertext_and_markers_from_every_file_and_keeps_the_audit_chain() {
    // The erasure, its report and the audit run on the server too.
    let file = !common::store::sqlite_only(
        "erasure_removes_ciphertext_and_markers_from_every_file_and_keeps_the_audit_chain, \
         its scans of the bytes of spmp.db and its WAL",
    );
    let dir = tmp();
    let mut store = testkit::open(dir.path()).expect("open");
    let (id, mut blobs) = populated(&mut store, dir.path());
    // A neighbour that must survive, with a draft of its own.
    let other = add(&mut store, plain_subject(vec![ended_order()]));
    let other_key = DraftKey::Review { subject: other };
    store
        .put_draft(&other_key, b"other draft")
        .expect("other draft");
    if file {
        assert!(blobs.len() >= 10, "records, history and the draft");
        // The scan finds what is there: the current record is in the files before erasure.
        let latest = blob(dir.path(), "SELECT payload FROM subjects WHERE id = ?1", id);
        assert!(!found_in(dir.path(), &window(&latest[0])).is_empty());
    }

    store
        .archive(id, "All orders ended; no further action", archive_day())
        .expect("archive");
    if file {
        blobs.extend(blob(
            dir.path(),
            "SELECT payload FROM archive WHERE subject_id = ?1",
            id,
        ));
    }
    let archived = store.archived().expect("archived");
    assert_eq!(archived.len(), 1);
    assert_eq!(archived[0].id, id);
    assert_eq!(archived[0].on, archive_day());
    assert_eq!(archived[0].by, testkit::TESTER);

    let report = store
        .erase(
            id,
            "Retention period over (MoPI review)",
            erase_day(),
            RETENTION,
        )
        .expect("erase");
    assert_eq!(report.id, id);
    assert_eq!(report.record_version, 5);
    assert_eq!(report.history_entries, 5);
    assert_eq!(report.drafts, 1);
    assert_eq!(report.archived_on, archive_day());
    assert!(
        report.checkpointed,
        "no other connection: the WAL is cleared"
    );

    assert_eq!(store.load(id).expect("load"), None);
    assert!(store.history(id).expect("history").is_empty());
    assert!(store.archived().expect("archived").is_empty());
    let drafts = store.drafts().expect("drafts");
    assert_eq!(
        drafts.iter().map(|d| d.key).collect::<Vec<_>>(),
        vec![other_key]
    );
    assert!(store.load(other).expect("load other").is_some());
    assert_eq!(store.count().expect("count"), 1);
    // The erased id is never given to a new subject, nor taken by an import naming it.
    assert!(store.next_subject_id().expect("next id") > other.max(id));
    let mut again = plain_subject(vec![ended_order()]);
    again.id = id;
    assert!(matches!(
        store.save_all(&[again], "import"),
        Err(StoreError::Refused { .. })
    ));
    assert!(store.load(id).expect("load").is_none());

    let audit = store.verify_audit().expect("verify audit");
    assert!(audit.is_ok(), "{audit:?}");
    let log = store.audit_log().expect("audit log");
    let erasure = log
        .iter()
        .find(|e| e.kind == AuditKind::Erasure)
        .expect("an erasure entry");
    assert_eq!(erasure.subject, Some(id));
    assert_eq!(erasure.actor, testkit::TESTER);
    assert_eq!(erasure.seq, report.audit_seq);
    assert_eq!(
        erasure.justification.as_deref(),
        Some("Retention period over (MoPI review)")
    );
    assert!(
        erasure.what.contains(&format!("Erased subject {id}"))
            && erasure.what.contains("record version 5")
            && erasure.what.contains("5 history entries")
            && erasure.what.contains("archived 2026-03-01 by tester"),
        "{}",
        erasure.what
    );
    // Earlier entries about the subject are still there (the chain verifies), none with its data.
    assert!(
        log.iter()
            .any(|e| e.kind == AuditKind::Consultation && e.subject == Some(id))
    );
    for e in &log {
        let text = format!(
            "{} {} {} {}",
            e.actor,
            e.what,
            e.justification.as_deref().unwrap_or(""),
            e.recipient.as_deref().unwrap_or("")
        );
        for m in MARKERS {
            assert!(
                !text.contains(m),
                "audit entry {} holds {m:?}: {text}",
                e.seq
            );
        }
    }
    assert!(store.verify().expect("verify").is_ok());

    // Every byte of every file, with the store still open (WAL truncated) and after closing.
    if file {
        assert_gone(dir.path(), &blobs);
    }
    drop(store);
    if file {
        assert_gone(dir.path(), &blobs);
    }
    let store = testkit::open(dir.path()).expect("reopen");
    assert_eq!(store.load(id).expect("load"), None);
    assert!(store.verify_audit().expect("verify").is_ok());
}

#[test]
fn a_reader_holding_the_wal_is_reported_and_the_next_checkpoint_clears_it() {
    if common::store::sqlite_only(
        "a_reader_holding_the_wal_is_reported_and_the_next_checkpoint_clears_it: \
         a rusqlite reader of spmp.db holds SQLite's WAL checkpoint back",
    ) {
        return;
    }
    let dir = tmp();
    let opts = StoreOptions {
        busy_timeout: Duration::from_millis(200),
        ..testkit::options()
    };
    let mut store = testkit::open_with(dir.path(), &opts).expect("open");
    let (id, blobs) = populated(&mut store, dir.path());
    store
        .archive(id, "orders ended", archive_day())
        .expect("archive");

    // Another process in the middle of reading: its snapshot still needs the old pages.
    let reader = raw(dir.path());
    reader.execute_batch("BEGIN").expect("begin read");
    let n: i64 = reader
        .query_row("SELECT count(*) FROM subjects", [], |r| r.get(0))
        .expect("read");
    assert_eq!(n, 1);

    let report = store
        .erase(id, "retention over", erase_day(), RETENTION)
        .expect("erase");
    assert!(
        !report.checkpointed,
        "a reader's snapshot holds the checkpoint back, and the report says so"
    );
    assert_eq!(store.load(id).expect("load"), None);
    // The old record is still in the WAL while the reader holds its snapshot: the scan would
    // notice it.
    let leftovers = blobs
        .iter()
        .filter(|b| !found_in(dir.path(), &window(b)).is_empty())
        .count();
    assert!(leftovers > 0, "the old pages are still in the WAL");

    reader.execute_batch("COMMIT").expect("end read");
    drop(reader);
    assert!(store.checkpoint(), "nothing holds the checkpoint back now");
    assert_gone(dir.path(), &blobs);
    drop(store);
    assert_gone(dir.path(), &blobs);
}

#[test]
fn only_administrators_erase_and_reviewers_and_supervisors_archive() {
    // The refusals run on the server too.
    let dir = tmp();
    let mut tester = testkit::open(dir.path()).expect("open");
    let id = add(&mut tester, plain_subject(vec![ended_order()]));
    drop(tester);

    let mut viewer = testkit::open_as(dir.path(), "vic", &[Role::Viewer]).expect("viewer");
    let before = fingerprint(dir.path());
    assert!(matches!(
        viewer.archive(id, "orders ended", archive_day()),
        Err(StoreError::Denied { .. })
    ));
    assert!(matches!(
        viewer.erase(id, "r", erase_day(), RETENTION),
        Err(StoreError::Denied { .. })
    ));
    assert_unchanged(dir.path(), &before);
    drop(viewer);

    let mut admin = testkit::open_as(dir.path(), "ada", &[Role::Administrator]).expect("admin");
    assert!(matches!(
        admin.archive(id, "orders ended", archive_day()),
        Err(StoreError::Denied { .. })
    ));
    drop(admin);

    let mut reviewer = testkit::open_as(dir.path(), "rita", &[Role::Reviewer]).expect("reviewer");
    reviewer
        .archive(id, "orders ended", archive_day())
        .expect("a reviewer archives");
    let before = fingerprint(dir.path());
    let e = reviewer
        .erase(id, "retention over", erase_day(), RETENTION)
        .expect_err("a reviewer may not erase");
    assert!(matches!(e, StoreError::Denied { .. }), "{e}");
    assert!(e.to_string().contains("Administrator"), "{e}");
    drop(reviewer);
    assert_unchanged(dir.path(), &before);

    let mut supervisor =
        testkit::open_as(dir.path(), "sam", &[Role::Supervisor]).expect("supervisor");
    // (Adding the user wrote an account entry to the audit log.)
    let before = fingerprint(dir.path());
    assert!(matches!(
        supervisor.erase(id, "retention over", erase_day(), RETENTION),
        Err(StoreError::Denied { .. })
    ));
    drop(supervisor);
    assert_unchanged(dir.path(), &before);

    let mut admin = testkit::open_as(dir.path(), "ada", &[Role::Administrator]).expect("admin");
    let report = admin
        .erase(id, "retention over", erase_day(), RETENTION)
        .expect("an administrator erases");
    assert_eq!(report.archived_by, "rita");
    assert_eq!(admin.load(id).expect("load"), None);
}

fn refused(r: Result<impl std::fmt::Debug, StoreError>, says: &str) {
    match r {
        Err(StoreError::Refused { message }) => {
            assert!(message.contains(says), "{message:?} should say {says:?}")
        }
        other => panic!("expected a refusal saying {says:?}, got {other:?}"),
    }
}

#[test]
fn refusals_change_nothing() {
    // The refusals run on the server too.
    let dir = tmp();
    let mut store = testkit::open(dir.path()).expect("open");
    let active = add(
        &mut store,
        plain_subject(vec![
            ended_order(),
            order(d(2025, 6, 1), OrderEnd::UntilFurtherOrder, None),
        ]),
    );
    let mut pending = order(d(2026, 1, 1), OrderEnd::Fixed(d(2028, 1, 1)), None);
    pending.made = None;
    let applied = add(&mut store, plain_subject(vec![pending]));
    let ended = add(&mut store, plain_subject(vec![ended_order()]));
    let discharged = add(
        &mut store,
        plain_subject(vec![order(
            d(2025, 1, 1),
            OrderEnd::UntilFurtherOrder,
            Some(d(2026, 2, 1)),
        )]),
    );
    let no_orders = add(&mut store, plain_subject(Vec::new()));

    let before = fingerprint(dir.path());
    refused(
        store.archive(active, "orders ended", archive_day()),
        "not ended",
    );
    refused(
        store.archive(applied, "orders ended", archive_day()),
        "applied",
    );
    refused(store.archive(ended, "   ", archive_day()), "reason");
    refused(store.archive(999, "gone", archive_day()), "no subject 999");
    refused(
        store.erase(ended, "retention over", erase_day(), RETENTION),
        "not archived",
    );
    assert_unchanged(dir.path(), &before);

    store
        .archive(ended, "orders ended", archive_day())
        .expect("archive");
    store
        .archive(discharged, "discharged by the court", archive_day())
        .expect("a discharged order has ended");
    store
        .archive(no_orders, "opened in error", archive_day())
        .expect("no orders at all");
    refused(
        store.archive(ended, "again", archive_day()),
        "already archived on 2026-03-01",
    );
    let before = fingerprint(dir.path());
    refused(
        store.erase(ended, "retention over", d(2026, 3, 30), RETENTION),
        "from 2026-03-31",
    );
    refused(store.erase(ended, "", erase_day(), RETENTION), "reason");
    assert_unchanged(dir.path(), &before);

    // A record changed after archiving so that an order is in force again is not erased.
    let mut s = store.load(ended).expect("load").expect("present");
    s.orders
        .push(order(d(2026, 3, 10), OrderEnd::UntilFurtherOrder, None));
    s.orders[1].id = 2;
    store.save(&s, "Added order").expect("save");
    let before = fingerprint(dir.path());
    refused(
        store.erase(ended, "retention over", erase_day(), RETENTION),
        "not ended",
    );
    assert_unchanged(dir.path(), &before);

    // Taking a subject out of the archive stops its clock.
    store
        .unarchive(no_orders, "new information received")
        .expect("unarchive");
    refused(
        store.erase(no_orders, "retention over", erase_day(), RETENTION),
        "not archived",
    );
    refused(store.unarchive(no_orders, "again"), "not archived");
    // Exactly on the day the retention period ends, erasure is allowed.
    store
        .erase(discharged, "retention over", erase_day(), RETENTION)
        .expect("erase on the first allowed day");
    assert!(store.verify_audit().expect("verify").is_ok());
    let kinds: Vec<AuditKind> = store
        .audit_trail(no_orders)
        .expect("trail")
        .iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(
        kinds,
        vec![
            AuditKind::Collection,
            AuditKind::Archive,
            AuditKind::Archive
        ]
    );
}

// The command line, through the real binary.

fn spmp_as(user: &str, dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_spmp"))
        .arg("--store")
        .arg(testkit::place(dir))
        .args(args)
        .env_remove("SPMP_STORE")
        .env("SPMP_USER", user)
        .env("SPMP_PASSPHRASE", testkit::PASSPHRASE)
        .stdin(Stdio::null())
        .output()
        .expect("run spmp")
}

fn spmp(dir: &Path, args: &[&str]) -> Output {
    spmp_as(testkit::TESTER, dir, args)
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn cli_archives_lists_and_erases() {
    let dir = tmp();
    let store_dir = dir.path().join("store");
    let mut store = testkit::open(&store_dir).expect("open");
    let id = add(&mut store, marked_subject());
    let active = add(
        &mut store,
        plain_subject(vec![order(
            d(2025, 6, 1),
            OrderEnd::UntilFurtherOrder,
            None,
        )]),
    );
    drop(store);
    drop(testkit::open_as(&store_dir, "rita", &[Role::Reviewer]).expect("reviewer"));
    let config = dir.path().join("config.toml");
    std::fs::write(&config, format!("retention_days = {RETENTION}\n")).expect("config");
    let config = config.to_str().expect("utf-8 path");
    let sid = id.to_string();

    let out = spmp(
        &store_dir,
        &[
            "archive",
            "--subject",
            &active.to_string(),
            "--reason",
            "done",
            "--today",
            "2026-03-01",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("not ended"), "{}", text(&out));

    let out = spmp(
        &store_dir,
        &[
            "--config",
            config,
            "archive",
            "--subject",
            &sid,
            "--reason",
            "All orders ended",
            "--today",
            "2026-03-01",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains(&format!("Archived subject {id} on 2026-03-01"))
            && text(&out).contains("from 2026-03-31"),
        "{}",
        text(&out)
    );

    let out = spmp(
        &store_dir,
        &["--config", config, "archived", "--today", "2026-03-02"],
    );
    assert!(out.status.success(), "{}", text(&out));
    let list = text(&out);
    assert!(
        list.contains("2026-03-01") && list.contains("2026-03-31") && list.contains("tester"),
        "{list}"
    );
    assert!(list.contains("All orders ended"), "{list}");

    // Not on a terminal: --yes is required.
    let erase = ["erase", "--subject", &sid, "--reason", "Retention over"];
    let out = spmp(
        &store_dir,
        &[
            &["--config", config],
            &erase[..],
            &["--today", "2026-03-31"],
        ]
        .concat(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("--yes"), "{}", text(&out));
    // A reviewer may not erase.
    let out = spmp_as(
        "rita",
        &store_dir,
        &[&erase[..], &["--yes", "--today", "2026-03-31"]].concat(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("Administrator"), "{}", text(&out));
    // Too early, under the default retention and under the configured one.
    let out = spmp(
        &store_dir,
        &[&erase[..], &["--yes", "--today", "2026-03-31"]].concat(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("may be erased from"), "{}", text(&out));
    let out = spmp(
        &store_dir,
        &[
            &["--config", config],
            &erase[..],
            &["--yes", "--today", "2026-03-30"],
        ]
        .concat(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));

    let out = spmp(
        &store_dir,
        &[
            &["--config", config],
            &erase[..],
            &["--yes", "--today", "2026-03-31"],
        ]
        .concat(),
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains(&format!("Erased subject {id}")),
        "{}",
        text(&out)
    );
    assert!(!text(&out).contains("WARNING"), "{}", text(&out));
    for m in MARKERS {
        assert!(!text(&out).contains(m), "{}", text(&out));
    }

    let out = spmp(&store_dir, &["archived"]);
    assert!(
        text(&out).contains("no archived subjects"),
        "{}",
        text(&out)
    );
    let out = spmp(
        &store_dir,
        &[
            "audit",
            "export",
            "--format",
            "csv",
            "--recipient",
            "Auditor",
            "--reason",
            "Erasure check",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let log = text(&out);
    assert!(
        log.contains("erasure") && log.contains("Retention over"),
        "{log}"
    );
    for m in MARKERS {
        assert!(!log.contains(m), "{log}");
    }
    let out = spmp(&store_dir, &["audit", "verify"]);
    assert!(out.status.success(), "{}", text(&out));
    let store = testkit::open(&store_dir).expect("reopen");
    assert_eq!(store.load(id).expect("load"), None);
}

#[test]
fn cli_erase_on_a_terminal_asks_for_the_subject_id() {
    let dir = tmp();
    let store_dir = dir.path().join("store");
    let mut store = testkit::open(&store_dir).expect("open");
    let id = add(&mut store, plain_subject(vec![ended_order()]));
    store
        .archive(id, "orders ended", archive_day())
        .expect("archive");
    drop(store);
    let config = dir.path().join("config.toml");
    std::fs::write(&config, format!("retention_days = {RETENTION}\n")).expect("config");
    let sid = id.to_string();
    let place = testkit::place(&store_dir);
    let args = [
        "--store",
        place.to_str().expect("utf-8 path"),
        "--config",
        config.to_str().expect("utf-8 path"),
        "erase",
        "--subject",
        &sid,
        "--reason",
        "retention over",
        "--today",
        "2026-03-31",
    ];

    // A wrong answer erases nothing.
    let mut term = common::pty::Term::spawn(&args, 100, 30, &[]);
    term.wait_for(&format!("Type the subject id ({id}) to confirm"));
    term.send("12345\r");
    term.wait_for("nothing was erased");
    assert_eq!(term.wait_exit(), 1);
    let store = testkit::open(&store_dir).expect("open");
    assert!(store.load(id).expect("load").is_some());
    drop(store);

    let mut term = common::pty::Term::spawn(&args, 100, 30, &[]);
    term.wait_for(&format!("Type the subject id ({id}) to confirm"));
    term.send(&format!("{id}\r"));
    term.wait_for(&format!("Erased subject {id}"));
    assert_eq!(term.wait_exit(), 0);
    let store = testkit::open(&store_dir).expect("open");
    assert_eq!(store.load(id).expect("load"), None);
}

#[test]
fn archived_subjects_leave_the_queue_of_the_cli_and_the_app() {
    let tmp = tmp();
    let dir = tmp.path().join("store");
    let mut store = testkit::open(&dir).expect("store");
    // Both have an overdue review; one is archived.
    let mut overdue = plain_subject(vec![ended_order()]);
    overdue.next_review = Some(d(2026, 1, 1));
    let kept = add(&mut store, overdue.clone());
    overdue.family_name = "Archivedname".to_string();
    let archived = add(&mut store, overdue);
    store
        .archive(archived, "orders ended", d(2026, 11, 23))
        .expect("archive");
    drop(store);

    let out = Command::new(env!("CARGO_BIN_EXE_spmp"))
        .args([
            "--store",
            testkit::place(&dir).to_str().expect("utf8"),
            "--today",
            "2026-11-23",
            "queue",
            "--format",
            "csv",
        ])
        .env("SPMP_USER", testkit::TESTER)
        .env("SPMP_PASSPHRASE", testkit::PASSPHRASE)
        .env("HOME", "/nonexistent-spmp-test")
        .env("XDG_CONFIG_HOME", "/nonexistent-spmp-test")
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        csv.lines().count(),
        2,
        "a header and the subject still live: {csv}"
    );
    assert!(csv.contains("OTHER, Person"), "{csv}");
    assert!(!csv.to_lowercase().contains("archivedname"), "{csv}");

    let app = spmp::tui::app::App::open(
        testkit::open(&dir).expect("open"),
        spmp::tui::keymap::Keymap::defaults(),
        spmp::domain::Policy::default(),
        spmp::tui::theme::Theme::mono(),
        d(2026, 11, 23),
        "test".to_string(),
    )
    .expect("app");
    let queued: Vec<SubjectId> = app.main.queue.clone();
    assert_eq!(queued, vec![kept]);
}

#[test]
fn archived_subjects_leave_the_figures_of_the_cli_and_the_trends_view() {
    let tmp = tmp();
    let dir = tmp.path().join("store");
    let mut store = testkit::open(&dir).expect("store");
    let mut overdue = plain_subject(vec![ended_order()]);
    overdue.next_review = Some(d(2026, 1, 1));
    add(&mut store, overdue.clone());
    let archived = add(&mut store, overdue);
    store
        .archive(archived, "orders ended", d(2026, 11, 23))
        .expect("archive");
    drop(store);

    let out = Command::new(env!("CARGO_BIN_EXE_spmp"))
        .args([
            "--store",
            testkit::place(&dir).to_str().expect("utf8"),
            "--today",
            "2026-11-23",
            "stats",
            "--format",
            "csv",
        ])
        .env("SPMP_USER", testkit::TESTER)
        .env("SPMP_PASSPHRASE", testkit::PASSPHRASE)
        .env("HOME", "/nonexistent-spmp-test")
        .env("XDG_CONFIG_HOME", "/nonexistent-spmp-test")
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = String::from_utf8_lossy(&out.stdout);
    assert!(csv.lines().any(|l| l == "subjects,total,1"), "{csv}");

    let mut app = spmp::tui::app::App::open(
        testkit::open(&dir).expect("open"),
        spmp::tui::keymap::Keymap::defaults(),
        spmp::domain::Policy::default(),
        spmp::tui::theme::Theme::mono(),
        d(2026, 11, 23),
        "test".to_string(),
    )
    .expect("app");
    common::app::keys(&mut app, "T");
    let Some(trends) = app.top_as::<spmp::tui::dialogs::trends::Trends>() else {
        panic!("T opens the figures");
    };
    let figures = trends.stats.clone();
    assert_eq!(figures.subjects, 1);
    assert_eq!(spmp::report::stats::csv(&figures), csv);
}
