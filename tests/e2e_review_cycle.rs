//! The review cycle in a real (pseudo) terminal, on a demo store the test makes, with each
//! demo user logging in as themselves: signed-off work is final, returned work comes back to
//! its supervisor with what changed, and a breach forces a real re-assessment.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use chrono::NaiveDate;
use common::pty::Term;
use spmp::domain::{RiskLevel, SignOffStatus, Subject};
use spmp::store::{Login, Store};

const SAVE: &str = "\x13"; // ctrl-s
const TAB: &str = "\t";
const LEFT: &str = "\x1b[D";
const TODAY: &str = "2026-11-23";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// A demo store in a temporary directory (the demo users and their published passphrases).
fn demo_store() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    spmp::demo::create_store(dir.path(), today()).unwrap();
    dir
}

fn user(name: &str) -> (&'static str, &'static str) {
    let u = spmp::demo::DEMO_USERS
        .iter()
        .find(|u| u.name == name)
        .unwrap();
    (u.name, u.passphrase)
}

fn spawn(dir: &std::path::Path, name: &str) -> Term {
    let (user, pass) = user(name);
    let store = dir.to_str().unwrap();
    let t = Term::spawn_as(&["--store", store, "--today", TODAY], 140, 45, user, pass);
    t.wait_for("Queue: all (");
    t
}

fn load(dir: &std::path::Path, id: u64) -> Subject {
    let (user, pass) = user("supervisor");
    let store = Store::open_with(
        dir,
        &spmp::store::testkit::options(),
        &Login::new(user, pass),
    )
    .unwrap();
    store.load(id).unwrap().unwrap()
}

/// Select subject `family` by searching for it and opening it with a reason.
fn open_subject(t: &mut Term, family: &str) {
    t.send("/");
    t.send(family);
    t.wait_for(&family.to_uppercase());
    t.send("\r");
    t.wait_for("Why are you opening");
    t.send("end-to-end test of the review cycle\r");
    t.wait_for("1 Offending");
}

#[test]
fn an_approved_assessment_is_never_changed_in_place() {
    let dir = demo_store();
    let before = load(dir.path(), 4);
    let approved = before.current_assessment().cloned().unwrap();
    assert_eq!(approved.sign_off.status, SignOffStatus::Approved);
    assert_eq!(before.current_risk(), Some(RiskLevel::VeryHigh));

    let mut t = spawn(dir.path(), "reviewer");
    open_subject(&mut t, "okonjo");
    t.send("3");
    t.send("e");
    t.wait_for("Edit which item?");
    t.send("\r");
    t.wait_for("saving starts a new version");
    // Down the fields to the named victim's level, and lower it by one.
    for _ in 0..2 {
        t.send(TAB);
    }
    t.send(LEFT);
    t.wait_for("< High >");
    t.send(SAVE);
    t.wait_for("Saved: Edited risk assessment");
    // The approved Very High assessment stands until the revision is approved.
    t.wait_for("V.HIGH");
    t.send("\x03");
    assert_eq!(t.wait_exit(), 0);

    let after = load(dir.path(), 4);
    assert!(
        after.assessments.contains(&approved),
        "the approved assessment is kept as it was"
    );
    let revision = after.latest_assessment().unwrap();
    assert_eq!(revision.supersedes, Some(approved.id));
    assert_eq!(revision.sign_off.status, SignOffStatus::Awaiting);
    assert_eq!(revision.highest(), Some(RiskLevel::High));
    assert_eq!(after.current_risk(), Some(RiskLevel::VeryHigh));
    let reasons = spmp::domain::reasons(&after, &spmp::domain::Policy::default(), today());
    assert!(
        reasons
            .iter()
            .any(|r| r.kind() == spmp::domain::ReasonKind::AwaitingSignOff),
        "{reasons:?}"
    );
}

#[test]
fn a_returned_review_comes_back_and_the_supervisor_sees_what_changed() {
    let dir = demo_store();
    // The author reopens the returned review pre-filled with the comment, and resubmits it.
    let mut t = spawn(dir.path(), "reviewer");
    open_subject(&mut t, "bhriain");
    t.send("5");
    t.send("e");
    t.wait_for("Edit which item?");
    t.send("\r");
    t.wait_for("Revising a review");
    t.wait_for("Record what action was taken on the late notification.");
    // Four conditions as they were, then the notifications note.
    for _ in 0..4 {
        t.send(SAVE);
    }
    t.wait_for("step 5 of 7: Notifications");
    t.send("\x1b[F"); // end
    t.send(" Words of advice given on 20 Aug.");
    t.send(SAVE);
    t.wait_for("step 6 of 7: Next review");
    t.send(SAVE);
    t.wait_for("step 7 of 7: Summary");
    t.send(SAVE);
    t.wait_for("Saved: Resubmitted a returned review (new round)");
    t.send("\x03");
    assert_eq!(t.wait_exit(), 0);

    // The supervisor sees the comment it answers and what changed, and approves it.
    let mut t = spawn(dir.path(), "supervisor");
    open_subject(&mut t, "bhriain");
    t.send("s");
    t.wait_for("Sign off: Review of 10 Aug 2026");
    t.wait_for("(round 2)");
    t.wait_for("Returned by DI Rachel Okoye");
    t.wait_for("Changed since that version:");
    t.wait_for("Words of advice given on 20 Aug.");
    t.send(SAVE);
    t.wait_for("Saved: Approved review");
    t.send("\x03");
    assert_eq!(t.wait_exit(), 0);

    let s = load(dir.path(), 2);
    let rounds: Vec<SignOffStatus> = s
        .reviews
        .iter()
        .filter(|r| r.date == NaiveDate::from_ymd_opt(2026, 8, 10).unwrap())
        .map(|r| r.sign_off.status)
        .collect();
    assert_eq!(
        rounds,
        [SignOffStatus::Returned, SignOffStatus::Approved],
        "both rounds kept"
    );
    let approved = s.latest_approved_review().unwrap();
    assert!(approved.notifications_note.contains("Words of advice"));
    assert_eq!(approved.sign_off.signer, "DS Lena Marsh (4521)");
}

#[test]
fn a_breach_forces_a_real_re_assessment() {
    let dir = demo_store();
    let mut t = spawn(dir.path(), "reviewer");
    open_subject(&mut t, "delaney");
    // Record a breach: date (today), time, order... the description last.
    t.send("b");
    t.wait_for("New breach:");
    t.send(TAB);
    t.send("2140");
    for _ in 0..6 {
        t.send(TAB);
    }
    t.send("Texted the victim twice");
    t.send(SAVE);
    t.wait_for("Saved: Added breach");
    t.send("3");
    t.wait_for("RE-ASSESSMENT REQUIRED");
    // A new assessment with the same levels and no breach response is refused.
    t.send("a");
    t.wait_for("Add to");
    t.send("\r");
    t.wait_for("New risk assessment");
    t.wait_for("RE-ASSESSMENT REQUIRED after the breach");
    t.send(TAB);
    t.send("DC Amira Pell");
    t.send(SAVE);
    t.wait_for("needs a breach response");
    // Answering the breach clears it, even with the levels unchanged (the form went to the
    // field at fault).
    t.send("Texts breach the contact ban: visits doubled, levels stay High");
    t.send(SAVE);
    t.wait_for("Saved: Added risk assessment");
    t.send("\x03");
    assert_eq!(t.wait_exit(), 0);

    let s = load(dir.path(), 16);
    assert!(!s.needs_reassessment());
    let a = s.latest_assessment().unwrap();
    assert!(
        a.breach_rationale
            .starts_with("Texts breach the contact ban")
    );
    assert_eq!(a.sign_off.status, SignOffStatus::Awaiting);
}
