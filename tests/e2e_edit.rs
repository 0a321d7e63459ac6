//! End-to-end editing in a real (pseudo) terminal: a breach recorded by keyboard shows on the
//! timeline, and a form being typed survives `kill -9` as a draft offered on reopening.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use common::pty::Term;

const TAB: &str = "\t";
const SAVE: &str = "\x13"; // ctrl-s

#[test]
fn record_a_breach_and_see_it_on_the_timeline() {
    let mut t = Term::spawn(&["--demo", "--today", "2026-11-23"], 120, 40, &[]);
    t.wait_for("Queue: all (");
    t.send("b");
    t.wait_for("New breach:");
    // date (prefilled), time, order, conditions, source, other source, reference, description;
    // no condition is ticked (which ones belong to the order offered depends on the subject at
    // the top of the queue).
    t.send(TAB);
    t.send("2140");
    t.send(TAB);
    t.send(TAB);
    for _ in 0..3 {
        t.send(TAB);
    }
    t.send("OCC-E2E-0001");
    t.send(TAB);
    t.send("Left flowers at the victim's door");
    t.send(SAVE);
    t.wait_for("Saved: Added breach");
    t.send("4");
    t.wait_for("BREACH Breach of");
    t.wait_for("(victim report): Left flowers");
    t.wait_for("RE-ASSESSMENT REQUIRED");
    t.send("\x03");
    assert_eq!(t.wait_exit(), 0);
}

#[test]
fn a_form_typed_before_kill_9_is_offered_as_a_draft() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Where the binary's --store finds it: the dir, or its database on the test server.
    let store = spmp::store::testkit::place(&dir.path().join("store"));
    let demo = dir.path().join("demo.json");
    std::fs::write(&demo, spmp::interchange::DEMO_JSON).expect("write demo");
    // The store and its test user first (the cheap key derivation), then import as that user.
    drop(spmp::store::testkit::open(&store).expect("test store"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_spmp"))
        .env("SPMP_USER", spmp::store::testkit::TESTER)
        .env("SPMP_PASSPHRASE", spmp::store::testkit::PASSPHRASE)
        .args([
            "import",
            "--store",
            store.to_str().expect("utf8"),
            demo.to_str().expect("utf8"),
        ])
        .output()
        .expect("import");
    assert!(
        out.status.success(),
        "import failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let args = [
        "--store",
        store.to_str().expect("utf8"),
        "--today",
        "2026-11-23",
    ];

    let mut t = Term::spawn(&args, 120, 40, &[]);
    t.wait_for("Queue: all (");
    t.send("b");
    t.wait_for("New breach:");
    for _ in 0..7 {
        t.send(TAB);
    }
    t.send("Typed just before the crash");
    // Let the debounce pass so the draft is written, then crash.
    std::thread::sleep(std::time::Duration::from_millis(900));
    t.kill_9();

    let mut t = Term::spawn(&args, 120, 40, &[]);
    t.wait_for("Unsaved drafts were found");
    t.wait_for("New breach:");
    t.send("\r");
    t.wait_for("Restored draft");
    t.wait_for("Typed just before the crash");
    t.send("\x03");
    assert_eq!(t.wait_exit(), 0);

    // Quitting with the form open kept it; it is offered again.
    let mut t = Term::spawn(&args, 120, 40, &[]);
    t.wait_for("Unsaved drafts were found");
    t.send("d");
    t.send("\x03");
    assert_eq!(t.wait_exit(), 0);
    let mut t = Term::spawn(&args, 120, 40, &[]);
    t.wait_for("Queue: all (");
    assert!(
        !t.screen().contains("Unsaved drafts"),
        "a discarded draft is gone"
    );
    t.send("\x03");
    assert_eq!(t.wait_exit(), 0);
}
