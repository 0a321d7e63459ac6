//! End to end, two real `spmp` processes on one store in two pseudo-terminals (two
//! workstations): the second of two saves of one vehicle is merged (both changes stored), and
//! when both change the same field the second save shows the conflict dialog, where keeping
//! theirs stores theirs and keeps the rest of the form.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use std::path::Path;

use common::pty::Term;
use spmp::domain::{Role, Subject, Vehicle};
use spmp::store::testkit;

const TAB: &str = "\t";
const SAVE: &str = "\x13"; // ctrl-s
const QUIT: &str = "\x03"; // ctrl-c

/// A store with one subject and one vehicle; the test user (A) and `ds.baker` (B).
fn store(dir: &Path) -> u64 {
    let mut admin = testkit::open(dir).expect("store");
    let mut s = Subject::new(
        0,
        "Doe",
        "Jane",
        chrono::NaiveDate::from_ymd_opt(2026, 1, 10).expect("date"),
    );
    s.section2.vehicles.push(Vehicle {
        id: 1,
        vrm: "AB12 CDE".to_string(),
        make: "Ford".to_string(),
        model: "Fiesta".to_string(),
        colour: "white".to_string(),
        markers: String::new(),
    });
    admin
        .insert_new(&mut s, "Created the subject")
        .expect("seed");
    drop(admin);
    drop(testkit::open_as(dir, "ds.baker", &[Role::Reviewer, Role::Supervisor]).expect("user"));
    s.id
}

/// Start spmp on `dir` as `user` (None: the test user) at the list of all subjects.
fn start(dir: &Path, user: Option<&str>) -> Term {
    let place = testkit::place(dir);
    let dir = place.to_str().expect("utf8");
    let args = ["--store", dir, "--today", "2026-11-23"];
    let env: Vec<(&str, &str)> = match user {
        Some(u) => vec![("SPMP_USER", u), ("SPMP_PASSPHRASE", testkit::PASSPHRASE)],
        None => Vec::new(),
    };
    let mut t = Term::spawn(&args, 120, 40, &env);
    t.wait_for("Queue: all (");
    for _ in 0..3 {
        t.send("v");
    }
    t.wait_for("Subjects (1)");
    t.send("\r");
    t.wait_for("Why are you opening this record?");
    t.send("Planned update\r");
    t.send("2");
    t
}

/// Open the vehicle's form and type `value` into field number `field` (0: VRM).
fn edit(t: &mut Term, field: usize, value: &str) {
    t.send("e");
    t.wait_for("Edit which item?");
    t.send("\r");
    t.wait_for("Edit vehicle:");
    for _ in 0..field {
        t.send(TAB);
    }
    t.send(value);
}

fn vehicle(dir: &Path, id: u64) -> Vehicle {
    let store = testkit::open(dir).expect("store");
    let s = store.load(id).expect("load").expect("stored");
    s.section2.vehicles[0].clone()
}

#[test]
fn two_workstations_saving_one_vehicle() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("store");
    let id = store(&dir);
    let mut a = start(&dir, None);
    let mut b = start(&dir, Some("ds.baker"));

    // Different fields: both kept.
    edit(&mut a, 3, "red");
    edit(&mut b, 1, "Vauxhall");
    b.send(SAVE);
    b.wait_for("Saved: Edited vehicle");
    a.send(SAVE);
    a.wait_for("kept 1 change made by ds.baker");
    let v = vehicle(&dir, id);
    assert_eq!((v.colour.as_str(), v.make.as_str()), ("red", "Vauxhall"));

    // The same field: A is asked, side by side, and keeps theirs.
    edit(&mut a, 3, "green");
    edit(&mut b, 3, "blue");
    b.send(SAVE);
    b.wait_for("Saved: Edited vehicle");
    a.send(SAVE);
    a.wait_for("Changed by you and by someone else");
    a.wait_for("Vehicle AB12 CDE, colour  [choose]");
    a.wait_for("yours: green | theirs (saved by ds.baker at ");
    a.wait_for("when you opened: red");
    assert_eq!(
        vehicle(&dir, id).colour,
        "blue",
        "nothing of A's written yet"
    );
    a.send("t");
    a.wait_for("[theirs]");
    a.send(SAVE);
    a.wait_for("Saved: Edited vehicle");
    let v = vehicle(&dir, id);
    assert_eq!((v.colour.as_str(), v.make.as_str()), ("blue", "Vauxhall"));

    a.send(QUIT);
    b.send(QUIT);
    assert_eq!(a.wait_exit(), 0);
    assert_eq!(b.wait_exit(), 0);
}
