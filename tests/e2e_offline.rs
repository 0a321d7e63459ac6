//! End-to-end offline review in a real (pseudo) terminal (issue 16): a reviewer checks a working
//! set out of the office store, records a breach in it with the app as on any store, and checks
//! it in; the office then holds the breach and its audit log verifies.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use common::cli::{demo_store, spmp_as, text};
use common::offline::{RITA, as_user, laptop};
use common::pty::Term;
use spmp::store::testkit;

const TAB: &str = "\t";
const SAVE: &str = "\x13"; // ctrl-s

#[test]
fn check_out_work_in_the_app_on_the_laptop_and_check_in() {
    let dir = tempfile::tempdir().unwrap();
    let office = dir.path().join("office");
    demo_store(&office);
    let ws = dir.path().join("laptop");
    let ws_arg = ws.to_str().unwrap();
    let out = spmp_as(
        RITA,
        &office,
        &["checkout", "make", "--subjects", "1,2,3", "--out", ws_arg],
    );
    assert!(out.status.success(), "{}", text(&out));

    // On the laptop: the app on the working set, as on any store.
    let mut t = Term::spawn_as(
        &["--store", ws_arg, "--today", "2026-11-23"],
        120,
        40,
        RITA,
        testkit::PASSPHRASE,
    );
    t.wait_for("Queue: all (");
    // The title says it is a working set, and until when it opens.
    t.wait_for("WORKING SET until");
    t.send("b");
    t.wait_for("New breach:");
    t.send(TAB);
    t.send("0930");
    for _ in 0..5 {
        t.send(TAB);
    }
    t.send("OCC-OFFLINE-0001");
    t.send(TAB);
    t.send("Seen outside the victim's workplace");
    t.send(SAVE);
    t.wait_for("Saved: Added breach");
    t.send("\x03");
    assert_eq!(t.wait_exit(), 0);

    // Back at the office.
    let out = spmp_as(RITA, &office, &["checkin", ws_arg]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("1 subject(s) changed"),
        "{}",
        text(&out)
    );
    let store = testkit::open(&office).unwrap();
    let with_breach: Vec<u64> = store
        .load_all()
        .unwrap()
        .iter()
        .filter(|s| {
            s.breaches
                .iter()
                .any(|b| b.description.contains("victim's workplace"))
        })
        .map(|s| s.id)
        .collect();
    assert_eq!(with_breach.len(), 1, "the breach is in the office store");
    assert!([1, 2, 3].contains(&with_breach[0]));
    drop(store);
    let out = spmp_as("sam.supervisor", &office, &["audit", "verify"]);
    assert!(out.status.success(), "{}", text(&out));
}

/// `O` and `I` in the office app, in a real terminal: check the subject under the cursor out,
/// then (after the laptop and the office both changed its narrative) check it in, keeping the
/// laptop's value of the field both changed.
#[test]
fn check_out_and_in_from_the_office_app_choosing_a_side() {
    let dir = tempfile::tempdir().unwrap();
    let office = dir.path().join("office");
    demo_store(&office);
    let place = testkit::place(&office);
    let place = place.to_str().unwrap();
    let ws = dir.path().join("laptop");
    let ws_arg = ws.to_str().unwrap();
    let clear = "\x15"; // ctrl-u

    let office_app = || {
        let t = Term::spawn_as(
            &["--store", place, "--today", "2026-11-23"],
            120,
            40,
            RITA,
            testkit::PASSPHRASE,
        );
        t.wait_for("Queue: all (");
        t
    };
    let mut t = office_app();
    t.send("O");
    t.wait_for("Check out a working set");
    t.send(&format!("{TAB}{TAB}{TAB}{clear}{ws_arg}{TAB}"));
    t.send(testkit::PASSPHRASE);
    t.send(SAVE);
    t.wait_for("Checked out 1 subject(s)");
    t.wait_for("[out]");
    t.send("\x03");
    assert_eq!(t.wait_exit(), 0);

    // The laptop and the office both change the narrative of that subject.
    let mut laptop = laptop(&ws, RITA);
    let id = laptop.load_all().unwrap()[0].id;
    testkit::edit(&mut laptop, id, |s| {
        s.section1.narrative = "Written at the visit".into()
    });
    drop(laptop);
    let mut sam = as_user(&office, "sam.supervisor");
    testkit::edit(&mut sam, id, |s| {
        s.section1.narrative = "Written in the office".into()
    });
    drop(sam);

    let mut t = office_app();
    t.send("I");
    t.wait_for("Check in a working set");
    t.send(&format!("{clear}{ws_arg}{TAB}"));
    t.send(testkit::PASSPHRASE);
    t.send("\r");
    t.wait_for("both changed 1 field(s)");
    t.wait_for("laptop: Written at the visit");
    t.send("m");
    t.wait_for("[laptop]");
    t.send(SAVE);
    t.wait_for("Checked in: 1 subject(s) changed");
    t.send("\x03");
    assert_eq!(t.wait_exit(), 0);

    let store = testkit::open(&office).unwrap();
    let subject = store.load(id).unwrap().unwrap();
    assert_eq!(subject.section1.narrative, "Written at the visit");
    drop(store);
    let out = spmp_as("sam.supervisor", &office, &["audit", "verify"]);
    assert!(out.status.success(), "{}", text(&out));
}
