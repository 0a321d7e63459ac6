//! Signed-off is final and rank is policy, whichever way a change comes in (issue 11, point 1):
//! the command line's `item edit` starts a new version as the TUI does; `import --replace` and a
//! direct store write cannot change approved work; a plan is approved only by the rank the
//! force's config names, and the signer's rank is recorded.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use std::path::Path;
use std::process::{Command, Output};

use spmp::domain::{Rank, RiskLevel, Role, SignOffStatus, Subject};
use spmp::store::{Commit, StoreError, testkit};

const SERGEANT: &str = "DS Sam Sergeant";

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

/// A store holding the demo caseload, with a reviewer and a sergeant who supervises.
fn demo_store(dir: &Path) {
    let mut admin = testkit::open(dir).expect("store");
    let subjects = spmp::interchange::demo_subjects().expect("demo data");
    admin.save_all(&subjects, "seed").expect("seed");
    drop(admin);
    drop(testkit::open_as(dir, "rita.reviewer", &[Role::Reviewer]).expect("user"));
    drop(testkit::open_as(dir, SERGEANT, &[Role::Supervisor]).expect("user"));
}

fn subject(dir: &Path, id: u64) -> (Subject, u64) {
    let store = testkit::open(dir).expect("store");
    store.load_versioned(id).expect("load").expect("there")
}

#[test]
fn an_approved_assessment_edited_on_the_command_line_becomes_a_new_version() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    demo_store(&dir);
    let (before, _) = subject(&dir, 4);
    let approved = before.current_assessment().cloned().unwrap();
    assert_eq!(approved.sign_off.status, SignOffStatus::Approved);
    assert_eq!(approved.highest(), Some(RiskLevel::VeryHigh));

    let id = approved.id.to_string();
    let out = spmp_as(
        "rita.reviewer",
        &dir,
        &[
            "item",
            "edit",
            "--subject",
            "4",
            "--kind",
            "assessment",
            "--id",
            &id,
            "--set",
            "named_victim=high",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));

    let (after, _) = subject(&dir, 4);
    assert!(
        after.assessments.contains(&approved),
        "the approved version is kept as it was"
    );
    let revision = after.latest_assessment().unwrap();
    assert_ne!(revision.id, approved.id);
    assert_eq!(revision.supersedes, Some(approved.id));
    assert_eq!(revision.sign_off.status, SignOffStatus::Awaiting);
    assert_eq!(revision.highest(), Some(RiskLevel::High));
    // The approved level stands until the revision is approved.
    assert_eq!(after.current_risk(), Some(RiskLevel::VeryHigh));

    // The old version is history: editing it again is refused, pointing at the newer one.
    let out = spmp_as(
        "rita.reviewer",
        &dir,
        &[
            "item",
            "edit",
            "--subject",
            "4",
            "--kind",
            "assessment",
            "--id",
            &id,
            "--set",
            "named_victim=low",
        ],
    );
    assert!(!out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("newer version"), "{}", text(&out));
    assert_eq!(subject(&dir, 4).0, after, "nothing changed");
}

/// The demo interchange file with subject `id` only, changed by `change`.
fn one_subject_file(dir: &Path, id: u64, change: impl FnOnce(&mut serde_json::Value)) -> String {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("demo-data/demo.json"))
            .unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let subjects = doc["subjects"].as_array_mut().unwrap();
    subjects.retain(|s| s["id"] == id);
    change(&mut subjects[0]);
    let path = dir.join(format!("subject-{id}.json"));
    std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn import_replace_cannot_change_or_forge_a_sign_off() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    demo_store(&dir);
    let (before, version) = subject(&dir, 4);

    // The approved Very High assessment lowered in the file.
    let file = one_subject_file(tmp.path(), 4, |s| {
        s["assessments"][0]["ratings"][0]["level"] = "high".into();
    });
    let out = spmp_as("tester", &dir, &["import", "--replace", &file]);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("cannot be changed"), "{}", text(&out));
    assert_eq!(
        subject(&dir, 4),
        (before.clone(), version),
        "nothing changed"
    );

    // Its approval taken back to "awaiting" in the file.
    let file = one_subject_file(tmp.path(), 4, |s| {
        s["assessments"][0]["sign_off"] = serde_json::json!({"status": "awaiting"});
    });
    let out = spmp_as("tester", &dir, &["import", "--replace", &file]);
    assert!(!out.status.success(), "{}", text(&out));
    assert_eq!(subject(&dir, 4), (before, version), "nothing changed");

    // Subject 11's plan awaits sign-off: a file claiming it approved by someone else.
    let (plan_before, plan_version) = subject(&dir, 11);
    let file = one_subject_file(tmp.path(), 11, |s| {
        s["plan_sign_off"] = serde_json::json!({
            "status": "approved", "by": "dci", "at": "2026-11-20T10:00:00",
            "comment": "", "signer": "DCI Marcus Hale (1187)", "rank": "chief_inspector"
        });
    });
    let out = spmp_as("tester", &dir, &["import", "--replace", &file]);
    assert!(!out.status.success(), "{}", text(&out));
    // Refused before the store's own check (in another person's name): an import never
    // carries a sign-off decision the store does not hold.
    assert!(
        text(&out).contains("sign-off decisions the store does not hold"),
        "{}",
        text(&out)
    );
    assert_eq!(subject(&dir, 11), (plan_before, plan_version));
}

#[test]
fn a_direct_store_write_cannot_change_approved_work() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    demo_store(&dir);
    let (before, version) = subject(&dir, 4);
    let mut changed = before.clone();
    changed.assessments[0].rationale = "Levels unchanged".to_string();
    let mut store = testkit::open_as(&dir, SERGEANT, &[Role::Supervisor]).unwrap();
    let err = store
        .commit(&Commit {
            subject: &changed,
            expected_version: Some(version),
            summary: "Edited risk assessment",
        })
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::Denied { message } if message.contains("cannot be changed")),
        "{err}"
    );
    // Dropping the approved version is a change too.
    let mut dropped = before.clone();
    dropped.assessments.clear();
    assert!(
        store
            .commit(&Commit {
                subject: &dropped,
                expected_version: Some(version),
                summary: "Removed risk assessment",
            })
            .is_err()
    );
    drop(store);
    assert_eq!(subject(&dir, 4), (before, version));
}

#[test]
fn who_may_approve_the_plan_is_force_policy_and_the_rank_is_recorded() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    demo_store(&dir);
    let (before, version) = subject(&dir, 11);
    assert_eq!(
        before.plan_sign_off.as_ref().map(|s| s.status),
        Some(SignOffStatus::Awaiting)
    );
    let approve = ["sign-off", "--subject", "11", "--plan", "--approve"];

    // Default policy: the plan needs a Chief Inspector; a sergeant is refused.
    let out = spmp_as(SERGEANT, &dir, &approve);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("force policy needs the rank of"),
        "{}",
        text(&out)
    );
    assert_eq!(subject(&dir, 11), (before, version), "nothing changed");

    // A force whose policy lets sergeants approve plans.
    let config = tmp.path().join("config.toml");
    std::fs::write(&config, "[sign_off]\nplan = \"DS\"\n").unwrap();
    let config = config.to_str().unwrap();
    let mut args = vec!["--config", config];
    args.extend(approve);
    let out = spmp_as(SERGEANT, &dir, &args);
    assert!(out.status.success(), "{}", text(&out));
    let (after, _) = subject(&dir, 11);
    let so = after.plan_sign_off.unwrap();
    assert_eq!(so.status, SignOffStatus::Approved);
    assert_eq!(so.rank, Some(Rank::Sergeant));
    assert_eq!(so.signer, "DS Sam Sergeant");

    // A bad rank in the config is a clear error before anything happens.
    let bad = tmp.path().join("bad.toml");
    std::fs::write(&bad, "[sign_off]\nplan = \"boss\"\n").unwrap();
    let out = spmp_as(
        SERGEANT,
        &dir,
        &["--config", bad.to_str().unwrap(), "queue"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("unknown rank"), "{}", text(&out));
}
