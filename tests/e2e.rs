//! End-to-end: the real binary in a real (pseudo) terminal.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use common::pty::Term;

#[test]
fn demo_browse_every_tab_open_help_and_quit_cleanly() {
    let mut t = Term::spawn(&["--demo", "--today", "2026-11-23"], 120, 40, &[]);
    t.wait_for("Queue: all (");
    t.wait_for("DEMO: fictional data");
    let first = t.screen();
    t.send("j");
    t.wait_for("Queue: all (");
    assert_ne!(first, t.screen(), "moving down changed nothing on screen");
    t.send("\r");
    t.wait_for("* 1 Offending & safeguarding");
    t.send("2");
    t.wait_for("* 2 Investigations & management");
    t.send("3");
    t.wait_for("* 3 Risk");
    t.send("4");
    t.wait_for("* 4 Timeline");
    t.wait_for("Breaches per month");
    t.send("5");
    t.wait_for("* 5 Reviews");
    t.send("?");
    t.wait_for("Help: keys");
    t.wait_for("move_down");
    t.send("?");
    t.send("q");
    t.wait_for("* Queue: all (");
    t.send("q");
    assert_eq!(t.wait_exit(), 0, "spmp should exit 0 on quit");
    let raw = t.raw.lock().map(|r| r.clone()).unwrap_or_default();
    let tail = String::from_utf8_lossy(&raw[raw.len().saturating_sub(64)..]).to_string();
    assert!(
        tail.contains("\u{1b}[?1049l"),
        "the alternate screen was not left on exit: {tail:?}"
    );
}

#[test]
fn tiny_terminal_shows_too_small_and_quits() {
    let mut t = Term::spawn(&["--demo", "--today", "2026-11-23"], 20, 5, &[]);
    t.wait_for("too small");
    t.send("\x03");
    assert_eq!(t.wait_exit(), 0);
}

#[test]
fn no_color_sends_no_colour_sequences() {
    let mut t = Term::spawn(
        &["--demo", "--today", "2026-11-23"],
        100,
        30,
        &[("NO_COLOR", "1")],
    );
    t.wait_for("Queue: all (");
    t.send("\r4");
    t.wait_for("Breaches per month");
    t.send("\x03");
    assert_eq!(t.wait_exit(), 0);
    let raw = t.raw.lock().map(|r| r.clone()).unwrap_or_default();
    let text = String::from_utf8_lossy(&raw);
    for sgr in [
        "\u{1b}[38;",
        "\u{1b}[48;",
        "\u{1b}[31m",
        "\u{1b}[32m",
        "\u{1b}[33m",
        "\u{1b}[36m",
        "\u{1b}[41m",
        "\u{1b}[44m",
    ] {
        assert!(
            !text.contains(sgr),
            "colour sequence {sgr:?} sent under NO_COLOR"
        );
    }
}

#[test]
fn search_a_vehicle_registration_typed_with_a_space_lands_on_the_vehicle() {
    let mut t = Term::spawn(&["--demo", "--today", "2026-11-23"], 120, 40, &[]);
    t.wait_for("Queue: all");
    // Stored as "zk21wdf" (no space, lower case); typed as a person reads a plate.
    t.send("/ZK21 WDF");
    t.wait_for("VRM: zk21wdf");
    t.send("\r");
    // A record found by search opens once the reason is given.
    t.wait_for("Why are you opening this record?");
    t.send("ANPR hit on the vehicle\r");
    t.wait_for("* 2 Investigations & management");
    t.wait_for("Found in VRM: zk21wdf");
    let screen = t.screen();
    assert!(
        screen
            .lines()
            .any(|l| l.contains("┃") && l.to_lowercase().contains("zk21wdf")),
        "the vehicle is on screen in the detail pane:\n{screen}"
    );
    t.send("\x03");
    assert_eq!(t.wait_exit(), 0);
}

#[test]
fn log_in_through_the_login_screen_and_see_the_queue() {
    let mut t = Term::spawn_without_login(&["--demo", "--today", "2026-11-23"], 120, 40);
    t.wait_for("spmp: log in");
    t.wait_for("DEMO: the data in this store is fictional");
    t.send("viewer\r");
    t.send("not-the-passphrase\r");
    t.wait_for("Wrong user name or passphrase. Try again.");
    assert!(
        !t.screen().contains("not-the-passphrase"),
        "a passphrase is never drawn"
    );
    t.send("demo-viewer\r");
    t.wait_for("Queue: all (");
    t.wait_for("PC Nia Rowe (3310) (Viewer)");
    // A viewer may not change plans.
    t.send("b");
    t.wait_for("may not change plans");
    t.send("\x03");
    assert_eq!(t.wait_exit(), 0);
}

#[test]
fn esc_on_the_login_screen_quits_cleanly() {
    let mut t = Term::spawn_without_login(&["--demo", "--today", "2026-11-23"], 20, 5);
    t.wait_for("spmp: log in");
    t.send("\x1b");
    assert_eq!(t.wait_exit(), 0);
}

#[test]
fn first_run_creates_the_administrator_through_the_login_screen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("new-store");
    let store = store.to_str().expect("utf8");
    let mut t = Term::spawn_without_login(&["--store", store, "--today", "2026-11-23"], 100, 30);
    t.wait_for("spmp: first run");
    t.send("Admin One\r");
    t.send("too short\r");
    t.send("too short\r");
    t.wait_for("at least 10 characters");
    t.send("correct horse battery\r");
    t.send("correct horse battery\r");
    t.wait_for("Admin One (Administrator)");
    // The administrator manages users; changing plans is refused with a clear message.
    t.send("n");
    t.wait_for("may not change plans");
    t.send("\x03");
    assert_eq!(t.wait_exit(), 0);
}
