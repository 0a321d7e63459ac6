//! End-to-end offline review in a real (pseudo) terminal (issue 16): a reviewer checks a working
//! set out of the office store, records a breach in it with the app as on any store, and checks
//! it in; the office then holds the breach and its audit log verifies.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use common::cli::{demo_store, spmp_as, text};
use common::pty::Term;
use spmp::store::testkit;

const TAB: &str = "\t";
const SAVE: &str = "\x13"; // ctrl-s
const RITA: &str = "rita.reviewer";

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
