//! One bad value never locks out the rest (issue 12, point 4): a record or draft that cannot be
//! read is set apart and named, while the app, the queue, the figures and the export go on with
//! everything else; `spmp verify` names each, and `spmp drafts` discards a bad draft.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::app::{open_as, render};
use spmp::domain::DraftKey;
use spmp::store::testkit;

const DB: &str = "spmp.db";
const BROKEN: u64 = 3;

fn spmp(store: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_spmp"))
        .arg("--store")
        .arg(testkit::place(store))
        .args(["--today", "2026-11-23"])
        .args(args)
        .env_remove("SPMP_STORE")
        .env("SPMP_USER", testkit::TESTER)
        .env("SPMP_PASSPHRASE", testkit::PASSPHRASE)
        .output()
        .expect("run spmp")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The demo caseload with record 3's ciphertext damaged in the store (the SQLite file, or the
/// server's database).
fn damaged_store(dir: &Path) -> usize {
    let mut store = testkit::open(dir).unwrap();
    let subjects = spmp::interchange::demo_subjects().unwrap();
    store.save_all(&subjects, "seed").unwrap();
    drop(store);
    common::raw::damage(dir, "subjects", &format!("id = {BROKEN}"));
    subjects.len()
}

#[test]
fn a_damaged_record_is_set_apart_and_the_app_opens_with_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let total = damaged_store(dir.path());
    let mut t = open_as(dir, testkit::TESTER);
    let app = &mut t.app;
    assert_eq!(app.main.subjects.len(), total - 1);
    assert!(app.main.subjects.iter().all(|s| s.id != BROKEN));
    assert!(app.main.queue.iter().all(|&id| id != BROKEN));
    assert_eq!(app.main.unreadable.len(), 1);
    assert_eq!(app.main.unreadable[0].id, BROKEN);
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.contains("record 3 cannot be read")),
        "{:?}",
        app.message
    );
    let screen = render(app, 120, 40);
    assert!(
        screen.contains("! unreadable record 3 (spmp verify)"),
        "{screen}"
    );
    // The figures leave it out and say so.
    common::app::keys(app, "T");
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.contains("Figures leave out what cannot be read")),
        "{:?}",
        app.message
    );
}

#[test]
fn the_command_line_goes_on_past_a_damaged_record_and_verify_names_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    let total = damaged_store(&dir);

    let out = spmp(&dir, &["queue", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("record 3 cannot be read and is left out"),
        "{}",
        stderr(&out)
    );
    assert!(serde_json::from_str::<serde_json::Value>(&stdout(&out)).is_ok());

    let out = spmp(&dir, &["stats"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("record 3 cannot be read"));

    let file = tmp.path().join("all.json");
    let out = spmp(
        &dir,
        &[
            "export",
            "--format",
            "json",
            "--out",
            file.to_str().unwrap(),
            "--recipient",
            "Records manager",
            "--reason",
            "Recovery test",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("record 3 cannot be read"),
        "{}",
        stderr(&out)
    );
    let exported: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(exported["subjects"].as_array().unwrap().len(), total - 1);

    let out = spmp(&dir, &["verify"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stdout(&out).contains("record 3:"), "{}", stdout(&out));
    // The export's audit entry says what it left out.
    let out = spmp(
        &dir,
        &[
            "audit",
            "export",
            "--format",
            "csv",
            "--recipient",
            "Auditor",
            "--reason",
            "Check",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("record 3 cannot be read and is left out"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_bad_draft_never_stops_the_app_and_can_be_listed_and_discarded() {
    if common::store::sqlite_only(
        "a_bad_draft_never_stops_the_app_and_can_be_listed_and_discarded: \
         a draft damaged in spmp.db",
    ) {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    let mut store = testkit::open(&dir).unwrap();
    let subjects = spmp::interchange::demo_subjects().unwrap();
    store.save_all(&subjects, "seed").unwrap();
    // One draft whose form cannot be read, one whose seal is damaged on disk.
    store
        .put_draft(&DraftKey::Review { subject: 1 }, b"not a form")
        .unwrap();
    store
        .put_draft(&DraftKey::Review { subject: 2 }, b"{}")
        .unwrap();
    drop(store);
    // The newer of the two rows (row keys name no draft: the second one written).
    let conn = rusqlite::Connection::open(dir.join(DB)).unwrap();
    conn.execute(
        "UPDATE drafts SET payload = x'0100deadbeef' WHERE rowid = (SELECT max(rowid) FROM drafts)",
        [],
    )
    .unwrap();
    drop(conn);

    let out = spmp(&dir, &["verify"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let report = stdout(&out);
    assert!(report.contains("draft review:1 of user tester"), "{report}");
    assert!(
        report.contains("of user tester: malformed encrypted value"),
        "{report}"
    );

    let out = spmp(&dir, &["drafts", "list"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let listed = stdout(&out);
    assert_eq!(listed.matches("UNREADABLE").count(), 2, "{listed}");

    // The app opens; the drafts it cannot read are named, not offered.
    let store = testkit::open_as(&dir, testkit::TESTER, &[]).unwrap();
    let app = spmp::tui::app::App::open(
        store,
        spmp::tui::keymap::Keymap::defaults(),
        spmp::domain::Policy::default(),
        spmp::tui::theme::Theme::mono(),
        common::app::today(),
        "TEST".to_string(),
    );
    assert!(app.is_ok(), "the app opens past bad drafts");
    drop(app);

    let out = spmp(&dir, &["drafts", "discard", "7"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("there is no draft 7"),
        "{}",
        stderr(&out)
    );
    let out = spmp(&dir, &["drafts", "discard", "--unreadable"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = spmp(&dir, &["drafts", "list"]);
    assert_eq!(stdout(&out), "You have no drafts.\n");
    let out = spmp(&dir, &["verify"]);
    assert!(out.status.success(), "{}", stdout(&out));
}

#[test]
fn a_damaged_history_entry_is_shown_as_unreadable_and_the_rest_stays() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = testkit::open(dir.path()).unwrap();
    let mut s = spmp::domain::Subject::new(0, "Doe", "Jane", common::app::today());
    store.insert_new(&mut s, "Created the subject").unwrap();
    let (mut changed, version) = store.load_versioned(s.id).unwrap().unwrap();
    changed.officer = Some("DC Test".to_string());
    store
        .commit(&spmp::store::Commit {
            subject: &changed,
            expected_version: Some(version),
            summary: "Edited the subject",
        })
        .unwrap();
    drop(store);
    common::raw::damage(
        dir.path(),
        "history",
        "seq = (SELECT min(seq) FROM history)",
    );
    let store = testkit::open(dir.path()).unwrap();
    let history = store.history(s.id).unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].summary, "Edited the subject");
    assert!(
        history[1].summary.starts_with("Unreadable history entry"),
        "{:?}",
        history[1]
    );
    let report = store.verify().unwrap();
    assert_eq!(report.faults.len(), 1, "{report}");
}
