//! Drafts on a real SQLite store in a temporary directory.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use std::path::Path;
use std::thread::sleep;
use std::time::Duration;

use chrono::Local;
use common::store::{open_existing, tmp};
use rusqlite::Connection;
use spmp::domain::{DraftKey, ItemKind, Role, Target};
use spmp::store::{DB_FILE, Draft, StoreError};

fn keys(drafts: &[Draft]) -> Vec<DraftKey> {
    drafts.iter().map(|d| d.key).collect()
}

/// A new device's form on subject 1.
fn device() -> DraftKey {
    DraftKey::Item {
        subject: Some(1),
        target: Target::new_item(ItemKind::Device, None),
    }
}

/// The review wizard of subject `n`.
fn review(n: u64) -> DraftKey {
    DraftKey::Review { subject: n }
}

/// Long enough for the stored time (milliseconds) to move on.
fn tick() {
    sleep(Duration::from_millis(5));
}

#[test]
fn put_overwrite_list_and_delete() {
    let dir = tmp();
    let mut store = spmp::store::testkit::open(dir.path()).unwrap();
    assert!(store.drafts().unwrap().is_empty());
    let audit_before = store.verify().unwrap().audit_entries;
    let before = Local::now().naive_local() - chrono::Duration::seconds(2);

    store.put_draft(&device(), b"imei=3569").unwrap();
    tick();
    store.put_draft(&review(2), b"summary=ok").unwrap();
    let drafts = store.drafts().unwrap();
    assert_eq!(keys(&drafts), [device(), review(2)]);
    assert_eq!(drafts[0].payload, b"imei=3569");
    let after = Local::now().naive_local() + chrono::Duration::seconds(2);
    assert!(
        drafts
            .iter()
            .all(|d| before <= d.updated && d.updated <= after)
    );

    // Overwriting replaces the payload and makes it the newest.
    tick();
    store.put_draft(&device(), b"imei=356938035643809").unwrap();
    let drafts = store.drafts().unwrap();
    assert_eq!(keys(&drafts), [review(2), device()]);
    assert_eq!(drafts[1].payload, b"imei=356938035643809");
    assert!(drafts[1].updated >= drafts[0].updated);

    store.delete_draft(&review(2)).unwrap();
    store.delete_draft(&review(99)).unwrap();
    assert_eq!(keys(&store.drafts().unwrap()), [device()]);
    // Drafts never touch the records, the audit log or the history.
    assert_eq!(store.count().unwrap(), 0);
    let report = store.verify().unwrap();
    assert!(report.is_ok(), "{report}");
    assert_eq!(
        (report.drafts, report.audit_entries, report.history_entries),
        (1, audit_before, 0)
    );
}

#[test]
fn drafts_survive_reopen_and_are_seen_by_another_process() {
    let dir = tmp();
    let binary: Vec<u8> = (0..=255).collect();
    {
        let mut store = spmp::store::testkit::open(dir.path()).unwrap();
        store.put_draft(&review(11), b"first").unwrap();
        tick();
        store.put_draft(&review(12), &binary).unwrap();
        tick();
        store.put_draft(&review(13), b"").unwrap();
        store.delete_draft(&review(11)).unwrap();
    }
    let mut reopened = open_existing(dir.path()).unwrap();
    let drafts = reopened.drafts().unwrap();
    assert_eq!(keys(&drafts), [review(12), review(13)]);
    assert_eq!(drafts[0].payload, binary);
    assert!(drafts[1].payload.is_empty());

    // A second connection (another process) sees a draft as soon as put_draft returns.
    let other = open_existing(dir.path()).unwrap();
    reopened.put_draft(&review(14), b"typed").unwrap();
    assert_eq!(
        keys(&other.drafts().unwrap()),
        [review(12), review(13), review(14)]
    );
}

#[test]
fn a_draft_with_a_damaged_time_is_reported() {
    let dir = tmp();
    let mut store = spmp::store::testkit::open(dir.path()).unwrap();
    store.put_draft(&review(15), b"x").unwrap();
    if common::store::sqlite_only(
        "a_draft_with_a_damaged_time_is_reported: tampering with a row of spmp.db",
    ) {
        return;
    }
    Connection::open(Path::new(dir.path()).join(DB_FILE))
        .unwrap()
        .execute("UPDATE drafts SET updated = 'yesterday'", [])
        .unwrap();
    let err = store.drafts().unwrap_err();
    assert!(
        matches!(err, StoreError::CorruptDraft { ref key, .. } if key == "review:15"),
        "{err}"
    );
    assert!(err.to_string().contains("yesterday"), "{err}");
    // Replacing it repairs it.
    store.put_draft(&review(15), b"y").unwrap();
    assert_eq!(store.drafts().unwrap()[0].payload, b"y");
}

#[test]
fn drafts_belong_to_the_user_who_typed_them() {
    let dir = tmp();
    let mut mine = spmp::store::testkit::open(dir.path()).unwrap();
    mine.put_draft(&review(1), b"mine").unwrap();
    let mut theirs =
        spmp::store::testkit::open_as(dir.path(), "pc.other", &[Role::Reviewer]).unwrap();
    assert!(theirs.drafts().unwrap().is_empty());
    theirs.put_draft(&review(1), b"theirs").unwrap();
    // Deleting "their" draft under the same key leaves mine alone.
    theirs.delete_draft(&review(1)).unwrap();
    assert!(theirs.drafts().unwrap().is_empty());
    let drafts = mine.drafts().unwrap();
    assert_eq!(keys(&drafts), [review(1)]);
    assert_eq!(drafts[0].payload, b"mine");
}

#[test]
fn one_damaged_draft_never_hides_the_others_or_stops_the_app() {
    let dir = tmp();
    let mut store = spmp::store::testkit::open(dir.path()).unwrap();
    let data = spmp::ops::drafts::DraftData {
        subject: None,
        target: Target::new_item(ItemKind::Subject, None),
        title: "New subject".to_string(),
        values: vec!["KEPT".to_string()],
        wizard: None,
        sign_off: None,
    };
    let new_subject = DraftKey::Item {
        subject: None,
        target: data.target,
    };
    store.put_draft(&review(1), b"{}").unwrap();
    store
        .put_draft(&new_subject, &serde_json::to_vec(&data).unwrap())
        .unwrap();
    if common::store::sqlite_only(
        "one_damaged_draft_never_hides_the_others_or_stops_the_app: tampering with rows of spmp.db",
    ) {
        return;
    }
    // A row from an older or damaged store: a key no version writes, and a seal that fails.
    let conn = Connection::open(Path::new(dir.path()).join(DB_FILE)).unwrap();
    conn.execute(
        "INSERT INTO drafts (key, updated, payload) VALUES (?1, '2026-01-01T09:00:00.000', x'00')",
        [format!("{}\u{1f}queue:7", spmp::store::testkit::TESTER)],
    )
    .unwrap();
    // The review's draft, the first row written (keys are keyed references: they name no form).
    conn.execute(
        "UPDATE drafts SET payload = x'0102' WHERE rowid = (SELECT min(rowid) FROM drafts)",
        [],
    )
    .unwrap();
    drop(conn);
    let (good, faults) = store.drafts_checked().unwrap();
    assert_eq!(keys(&good), [new_subject]);
    assert_eq!(faults.len(), 2, "{faults:?}");
    assert!(
        store.drafts().is_err(),
        "the strict list still reports them"
    );
    drop(store);
    // The TUI opens, says which drafts could not be read, and offers the good one.
    let app = spmp::tui::app::App::open(
        spmp::store::testkit::open(dir.path()).unwrap(),
        spmp::tui::keymap::Keymap::defaults(),
        spmp::domain::Policy::default(),
        spmp::tui::theme::Theme::mono(),
        chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        String::new(),
    )
    .unwrap_or_else(|e| panic!("the app opens: {e}"));
    let message = app.message.clone().unwrap_or_default();
    assert!(
        message.contains("2 draft(s) could not be read"),
        "{message}"
    );
    assert!(message.contains("queue:7"), "{message}");
    assert_eq!(
        app.dialog(),
        Some(spmp::tui::component::Kind::Drafts),
        "the readable draft is offered"
    );
}
