//! `spmp delete-subject` and `spmp merge-subjects`, run as the real binary: who may, within
//! which window, what is refused (with exit code 1 and nothing changed), that a deleted id is
//! never given out again, and that the audit chain verifies after both.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use std::path::Path;
use std::process::{Command, Output};

use spmp::domain::Role;
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

/// A store holding the demo caseload, with two reviewers, a supervisor and a viewer.
fn demo_store(dir: &Path) {
    let mut admin = testkit::open(dir).expect("store");
    let subjects = spmp::interchange::demo_subjects().expect("demo data");
    admin.save_all(&subjects, "seed").expect("seed");
    drop(admin);
    for (name, role) in [
        ("rita.reviewer", Role::Reviewer),
        ("ron.reviewer", Role::Reviewer),
        ("sam.supervisor", Role::Supervisor),
        ("vic.viewer", Role::Viewer),
    ] {
        drop(testkit::open_as(dir, name, &[role]).expect("user"));
    }
}

/// Create a subject through the CLI as `user`; its id.
fn create(dir: &Path, user: &str, family: &str) -> u64 {
    let out = spmp_as(
        user,
        dir,
        &[
            "item",
            "add",
            "--kind",
            "subject",
            "--set",
            &format!("family_name={family}"),
            "--set",
            "given_names=Test",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let t = text(&out);
    t.split("(subject ")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no subject id in {t}"))
}

fn exists(dir: &Path, id: u64) -> bool {
    testkit::open(dir)
        .expect("store")
        .load(id)
        .expect("load")
        .is_some()
}

fn audit_verifies(dir: &Path) {
    let out = spmp_as("sam.supervisor", dir, &["audit", "verify"]);
    assert!(out.status.success(), "audit verify: {}", text(&out));
}

fn delete(dir: &Path, user: &str, id: u64, extra: &[&str]) -> Output {
    let id = id.to_string();
    let mut args = vec![
        "delete-subject",
        "--subject",
        &id,
        "--reason",
        "Typed twice",
    ];
    args.extend_from_slice(extra);
    spmp_as(user, dir, &args)
}

#[test]
fn the_creator_deletes_a_subject_created_in_error_and_its_id_is_not_reused() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("store");
    demo_store(&dir);
    let id = create(&dir, "rita.reviewer", "Mistaken");
    assert!(exists(&dir, id));

    // Off a terminal it must be confirmed with --yes.
    let out = delete(&dir, "rita.reviewer", id, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("give --yes"), "{}", text(&out));
    assert!(exists(&dir, id), "nothing was changed");

    // A reason is required.
    let out = spmp_as(
        "rita.reviewer",
        &dir,
        &["delete-subject", "--subject", &id.to_string(), "--yes"],
    );
    assert_ne!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("--reason"), "{}", text(&out));
    assert!(exists(&dir, id));

    let out = delete(&dir, "rita.reviewer", id, &["--yes"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains(&format!("Deleted subject {id} as created in error")),
        "{}",
        text(&out)
    );
    assert!(!exists(&dir, id), "gone from the store");
    let store = testkit::open(&dir).expect("store");
    assert!(store.history(id).expect("history").is_empty());
    let trail = store.audit_trail(id).expect("audit");
    let last = trail.last().expect("the deletion is audited");
    assert!(last.what.contains("as created in error"), "{}", last.what);
    assert_eq!(last.actor, "rita.reviewer");
    assert_eq!(last.justification.as_deref(), Some("Typed twice"));
    drop(store);
    audit_verifies(&dir);

    // Deleting it again: there is nothing to delete.
    let out = delete(&dir, "rita.reviewer", id, &["--yes"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains(&format!("no subject {id}")),
        "{}",
        text(&out)
    );

    // The next subject gets a new id.
    let next = create(&dir, "rita.reviewer", "Next");
    assert!(next > id, "{next} after {id}");
}

#[test]
fn others_than_the_creator_or_a_supervisor_are_refused_and_change_nothing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("store");
    demo_store(&dir);
    let id = create(&dir, "rita.reviewer", "Mistaken");

    let out = delete(&dir, "ron.reviewer", id, &["--yes"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("only the officer who created it"),
        "{}",
        text(&out)
    );
    assert!(text(&out).contains("Nothing was changed"), "{}", text(&out));
    let out = delete(&dir, "vic.viewer", id, &["--yes"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(exists(&dir, id), "neither deleted it");

    // A supervisor may.
    let out = delete(&dir, "sam.supervisor", id, &["--yes"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(!exists(&dir, id));
    audit_verifies(&dir);
}

#[test]
fn outside_the_window_or_with_decisions_it_is_archived_instead() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("store");
    demo_store(&dir);
    let id = create(&dir, "rita.reviewer", "Mistaken");

    // Force policy turns deletion off (window 0): refused, pointing to archiving.
    let config = tmp.path().join("config.toml");
    std::fs::write(&config, "delete_window_hours = 0\n").expect("config");
    let config = config.to_string_lossy().to_string();
    let out = spmp_as(
        "rita.reviewer",
        &dir,
        &[
            "--config",
            &config,
            "delete-subject",
            "--subject",
            &id.to_string(),
            "--reason",
            "Typed twice",
            "--yes",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("delete_window_hours = 0"),
        "{}",
        text(&out)
    );
    assert!(text(&out).contains("spmp archive"), "{}", text(&out));
    assert!(exists(&dir, id));

    // A record with signed-off work (the demo's approved reviews) is never deleted this way,
    // even by a supervisor.
    let out = delete(&dir, "sam.supervisor", 2, &["--yes"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("decisions recorded"), "{}", text(&out));
    assert!(text(&out).contains("archive it instead"), "{}", text(&out));
    assert!(exists(&dir, 2));
}

#[test]
fn a_supervisor_merges_two_records_of_one_person_keeping_both_histories() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("store");
    demo_store(&dir);
    let (keep, from) = (2u64, 1u64);
    let (a, b, b_history) = {
        let store = testkit::open(&dir).expect("store");
        (
            store.load(keep).expect("load").expect("a"),
            store.load(from).expect("load").expect("b"),
            store.history(from).expect("history").len(),
        )
    };
    let merge = |user: &str, keep: u64, from: u64, extra: &[&str]| {
        let (keep, from) = (keep.to_string(), from.to_string());
        let mut args = vec![
            "merge-subjects",
            "--keep",
            &keep,
            "--from",
            &from,
            "--reason",
            "Same person entered twice",
        ];
        args.extend_from_slice(extra);
        spmp_as(user, &dir, &args)
    };

    // Not a supervisor: refused, nothing changed.
    for user in ["rita.reviewer", "vic.viewer"] {
        let out = merge(user, keep, from, &["--yes"]);
        assert_eq!(out.status.code(), Some(1), "{user}: {}", text(&out));
        assert!(text(&out).contains("Nothing was changed"), "{}", text(&out));
        assert!(exists(&dir, from), "{user}");
    }
    let out = merge("rita.reviewer", keep, from, &["--yes"]);
    assert!(text(&out).contains("Supervisor"), "{}", text(&out));
    // The same record twice, or one that does not exist.
    let out = merge("sam.supervisor", keep, keep, &["--yes"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let out = merge("sam.supervisor", keep, 999, &["--yes"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("no subject 999"), "{}", text(&out));
    // Off a terminal without --yes.
    let out = merge("sam.supervisor", keep, from, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("give --yes"), "{}", text(&out));
    assert!(exists(&dir, from));

    let out = merge("sam.supervisor", keep, from, &["--yes"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains(&format!("Merged subject {from} into subject {keep}")),
        "{}",
        text(&out)
    );
    let store = testkit::open(&dir).expect("store");
    assert!(
        store.load(from).expect("load").is_none(),
        "the duplicate is gone"
    );
    let merged = store.load(keep).expect("load").expect("kept");
    assert_eq!(merged.orders.len(), a.orders.len() + b.orders.len());
    assert_eq!(merged.reviews.len(), a.reviews.len() + b.reviews.len());
    assert_eq!(merged.breaches.len(), a.breaches.len() + b.breaches.len());
    // B's history is kept under A.
    assert!(store.history(keep).expect("history").len() > b_history);
    // Both audit trails are kept: B's entries are still in the log.
    assert!(!store.audit_trail(from).expect("audit").is_empty());
    drop(store);
    audit_verifies(&dir);
}
