//! Making a working set (issue 16): what it carries of the office besides the records, who
//! makes it (`--for`), and a working set that cannot be made.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use common::cli::{spmp_as, text};
use common::offline::{RITA, as_user, laptop, make, office, rows, today};
use spmp::store::testkit::{self, edit};

/// A working set shows what the plans need of the office besides the records: the officers'
/// public names (labels, the officer in charge) and each subject's history before the
/// checkout. None of it is an account: the working set still opens for its user only.
#[test]
fn a_working_set_carries_the_officers_names_and_the_history_before_the_checkout() {
    let (dir, office) = office();
    let ws_dir = dir.path().join("laptop");
    let mut sam = as_user(&office, "sam.supervisor");
    edit(&mut sam, 2, |s| {
        s.section1.narrative = "Seen by the office".into()
    });
    let office_history = spmp::ops::access::history_text(&sam, 2).unwrap();
    drop(sam);
    let mut rita = as_user(&office, RITA);
    assert!(
        rita.office_officers().unwrap().is_empty(),
        "not a working set"
    );
    let in_office = spmp::ops::users::officers(&rita).unwrap();
    make(&mut rita, &[2], (today(), 7), &ws_dir).unwrap();
    drop(rita);

    let ws = laptop(&ws_dir, RITA);
    let names: Vec<String> = spmp::ops::users::officers(&ws)
        .unwrap()
        .into_iter()
        .map(|(name, ..)| name)
        .collect();
    for user in [RITA, "sam.supervisor", "vic.viewer", testkit::TESTER] {
        assert!(names.iter().any(|n| n == user), "{user} in {names:?}");
    }
    assert_eq!(names.iter().filter(|n| *n == RITA).count(), 1);
    // Each is the officer they are in the office, rita's own account included.
    let on_laptop = spmp::ops::users::officers(&ws).unwrap();
    for (name, officer, _) in &in_office {
        let there = on_laptop
            .iter()
            .find(|(n, ..)| n == name)
            .map(|(_, o, _)| o);
        assert_eq!(there, Some(officer), "{name}");
    }
    let accounts: Vec<String> = ws.users().unwrap().into_iter().map(|u| u.name).collect();
    assert_eq!(accounts, [RITA], "the officers are names, not accounts");
    assert!(
        spmp::store::Store::open_with(
            &ws_dir,
            &testkit::options(),
            &testkit::login("sam.supervisor")
        )
        .is_err()
    );

    // The history: the laptop's own entries, then the office's as they were.
    let shown = spmp::ops::access::history_text(&ws, 2).unwrap();
    assert!(
        shown[0].summary.contains("Checked out from the office"),
        "{:?}",
        shown[0]
    );
    assert_eq!(&shown[1..], &office_history[..]);
    assert!(
        shown
            .iter()
            .any(|h| h.lines.iter().any(|l| l.contains("Seen by the office"))),
        "{shown:#?}"
    );
}

/// `--for USER`: the working set is wrapped with USER's passphrase, so USER makes it; naming
/// someone else than the user logged in is refused with what to do, and nothing is made.
#[test]
fn checkout_for_a_user_is_made_by_that_user() {
    let (dir, office) = office();
    let ws = dir.path().join("for-sam");
    let ws_arg = ws.to_str().unwrap();
    let make = |user: &str, args: &[&str]| {
        let mut all = vec!["checkout", "make", "--subjects", "1", "--out", ws_arg];
        all.extend(args);
        spmp_as(user, &office, &all)
    };
    let before = rows(&office);
    let out = make(RITA, &["--for", "sam.supervisor"]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("run it as --user sam.supervisor"),
        "{}",
        text(&out)
    );
    assert!(!ws.exists());
    assert_eq!(rows(&office), before);

    // `make` may be left out, as the issue writes it: `spmp checkout --subjects ... --for ...`.
    let out = spmp_as(
        "sam.supervisor",
        &office,
        &[
            "checkout",
            "--subjects",
            "1",
            "--for",
            "sam.supervisor",
            "--out",
            ws_arg,
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        spmp::store::Store::open_with(&ws, &testkit::options(), &testkit::login("sam.supervisor"))
            .is_ok()
    );
    assert!(
        spmp::store::Store::open_with(&ws, &testkit::options(), &testkit::login(RITA)).is_err()
    );
}

/// A working set that cannot be made (its folder cannot be created) leaves no folder, and the
/// checkout already recorded is given up at once, so it can never check in.
#[test]
fn a_working_set_that_cannot_be_made_is_given_up() {
    let (dir, office) = office();
    let blocker = dir.path().join("a-file");
    std::fs::write(&blocker, "not a directory").unwrap();
    let out = blocker.join("ws");
    let mut rita = as_user(&office, RITA);
    let e = make(&mut rita, &[1], (today(), 7), &out).unwrap_err();
    assert!(!out.exists(), "{e}");
    let all = spmp::ops::offline::list(&rita).unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].state, spmp::store::CheckoutState::Revoked, "{e}");
    assert!(spmp::ops::offline::out_now(&rita, today()).is_empty());
    drop(rita);
    let admin = testkit::open(&office).unwrap();
    assert!(
        admin
            .audit_log()
            .unwrap()
            .iter()
            .any(|a| a.what.contains("could not be made")),
    );
}
