//! `spmp item` and `spmp sign-off`: the TUI's use cases from the command line, through the real
//! binary on a real store. The rules are the same ones (they live in `ops` and the domain): a
//! breach added here raises re-assessment, a bad date changes nothing, a viewer is refused, and
//! nobody signs off their own work.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use std::path::Path;
use std::process::{Command, Output};

use spmp::domain::{Role, SignOffStatus};
use spmp::store::testkit;

fn spmp_as(user: &str, store: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_spmp"))
        .arg("--store")
        .arg(testkit::place(store))
        .args(["--today", "2026-11-23"])
        .args(args)
        .env_remove("SPMP_STORE")
        .env("SPMP_USER", user)
        .env("SPMP_PASSPHRASE", testkit::PASSPHRASE)
        .output()
        .expect("run spmp")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A store holding the demo caseload, with a reviewer, a supervisor and a viewer.
fn demo_store(dir: &Path) {
    let mut admin = testkit::open(dir).expect("store");
    let subjects = spmp::interchange::demo_subjects().expect("demo data");
    admin.save_all(&subjects, "seed").expect("seed");
    drop(admin);
    for (name, role) in [
        ("rita.reviewer", Role::Reviewer),
        ("sam.supervisor", Role::Supervisor),
        ("vic.viewer", Role::Viewer),
    ] {
        drop(testkit::open_as(dir, name, &[role]).expect("user"));
    }
}

fn subject(dir: &Path, id: u64) -> (spmp::domain::Subject, u64) {
    let store = testkit::open(dir).expect("store");
    store.load_versioned(id).expect("load").expect("there")
}

#[test]
fn a_breach_added_on_the_command_line_raises_re_assessment() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("store");
    demo_store(&dir);
    // Subject 8 has no breach to re-assess yet.
    let (before, version) = subject(&dir, 8);
    assert!(
        before.reassessment_due.is_none(),
        "{:?}",
        before.reassessment_due
    );
    let order = before.orders[0].id;
    let condition = before.orders[0].conditions[0].id;
    let out = spmp_as(
        "rita.reviewer",
        &dir,
        &[
            "item",
            "add",
            "--subject",
            "8",
            "--kind",
            "breach",
            "--set",
            "date=22/11/2026",
            "--set",
            "time=21:15",
            "--set",
            &format!("order={order}"),
            "--set",
            &format!("conditions={order}.{condition}"),
            "--set",
            "source=Victim report",
            "--set",
            "description=Messages sent to the victim's work address (fictional test)",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("Saved: Added breach"), "{}", text(&out));
    let (after, now) = subject(&dir, 8);
    assert_eq!(now, version + 1);
    assert_eq!(after.breaches.len(), before.breaches.len() + 1);
    assert_eq!(
        after.reassessment_due,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 22),
        "the breach rule ran"
    );
    let brought = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).expect("date");
    assert!(
        after.next_review.is_some_and(|d| d <= brought),
        "review brought forward: {:?}",
        after.next_review
    );
}

#[test]
fn bad_values_and_lesser_roles_change_nothing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("store");
    demo_store(&dir);
    let (_, version) = subject(&dir, 8);
    let add = |user: &str, date: &str| {
        spmp_as(
            user,
            &dir,
            &[
                "item",
                "add",
                "--subject",
                "8",
                "--kind",
                "vehicle",
                "--set",
                "vrm=ZZ26 TST",
                "--set",
                &format!("make={date}"),
                "--set",
                "nonsense=1",
            ],
        )
    };
    let out = add("rita.reviewer", "Testmake");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("no field \"nonsense\""),
        "{}",
        text(&out)
    );
    let out = spmp_as(
        "rita.reviewer",
        &dir,
        &[
            "item",
            "add",
            "--subject",
            "8",
            "--kind",
            "breach",
            "--set",
            "date=31/02/2026",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("nothing was changed"), "{}", text(&out));
    let out = spmp_as(
        "vic.viewer",
        &dir,
        &[
            "item",
            "add",
            "--subject",
            "8",
            "--kind",
            "vehicle",
            "--set",
            "vrm=ZZ26 TST",
        ],
    );
    assert_ne!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains("may not change plans"),
        "{}",
        text(&out)
    );
    assert_eq!(subject(&dir, 8).1, version, "nothing was written");
    // A viewer reads nothing of a subject through a form's messages either.
    let out = spmp_as(
        "vic.viewer",
        &dir,
        &[
            "item",
            "add",
            "--subject",
            "8",
            "--kind",
            "safeguarding",
            "--set",
            "person=x",
        ],
    );
    assert_ne!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains("may not change plans"),
        "{}",
        text(&out)
    );
    assert!(!text(&out).contains("not one of"), "{}", text(&out));
    // Adding a subject's identity to an existing subject is refused (it would be an edit).
    let out = spmp_as(
        "rita.reviewer",
        &dir,
        &["item", "add", "--subject", "8", "--kind", "subject"],
    );
    assert_ne!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("item edit"), "{}", text(&out));
    assert_eq!(subject(&dir, 8).1, version, "still nothing was written");
    // The fields of a kind are listed with their keys and choices.
    let out = spmp_as("vic.viewer", &dir, &["item", "fields", "--kind", "breach"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("victim_report (Victim report)"),
        "{}",
        text(&out)
    );
}

#[test]
fn sign_off_from_the_command_line_keeps_the_supervisory_control() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("store");
    demo_store(&dir);
    // A review by the reviewer, awaiting sign-off.
    let (s, version) = subject(&dir, 3);
    let mut reviewed = s.clone();
    let mut review = spmp::domain::Review {
        id: 900,
        date: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).expect("date"),
        reviewer: "sam.supervisor".to_string(),
        outcomes: Vec::new(),
        notifications_note: String::new(),
        visit: None,
        risk_reassessed: false,
        next_review: chrono::NaiveDate::from_ymd_opt(2026, 12, 20).expect("date"),
        summary: "Test review".to_string(),
        sign_off: Default::default(),
        late_reason: String::new(),
        supersedes: None,
    };
    reviewed.reviews.push(review.clone());
    let mut store = testkit::open_as(&dir, "sam.supervisor", &[Role::Supervisor]).expect("store");
    store
        .commit(&spmp::store::Commit {
            subject: &reviewed,
            expected_version: Some(version),
            summary: "Recorded a compliance review",
        })
        .expect("commit");
    drop(store);
    // The author may not decide it, whatever the command line says.
    let out = spmp_as(
        "sam.supervisor",
        &dir,
        &["sign-off", "--subject", "3", "--review", "900", "--approve"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("cannot sign it off"), "{}", text(&out));
    // A reviewer may not sign off at all.
    let out = spmp_as(
        "rita.reviewer",
        &dir,
        &["sign-off", "--subject", "3", "--review", "900", "--approve"],
    );
    assert_ne!(out.status.code(), Some(0), "{}", text(&out));
    // Returning needs a comment (clap refuses it without).
    let out = spmp_as(
        "tester",
        &dir,
        &["sign-off", "--subject", "3", "--review", "900", "--return"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    // Another supervisor returns it with a comment.
    let out = spmp_as(
        "tester",
        &dir,
        &[
            "sign-off",
            "--subject",
            "3",
            "--review",
            "900",
            "--return",
            "--comment",
            "Record the visit",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let (after, _) = subject(&dir, 3);
    review = after
        .reviews
        .into_iter()
        .find(|r| r.id == 900)
        .expect("kept");
    assert_eq!(review.sign_off.status, SignOffStatus::Returned);
    assert_eq!(review.sign_off.by.as_deref(), Some("tester"));
    assert_eq!(review.sign_off.comment, "Record the visit");
}
