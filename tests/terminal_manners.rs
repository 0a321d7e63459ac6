//! Terminal manners (issue 17, point 3): a polite kill (SIGTERM, SIGHUP: a closed terminal
//! window) gives the terminal back and removes the demo's temporary store; ctrl-z suspends to
//! the shell and `fg` redraws; with standard output not a terminal the TUI refuses at once.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use std::process::{Command, Stdio};

use common::pty::Term;

/// Leaving the alternate screen (what restoring the terminal writes).
const LEAVE_ALT: &[u8] = b"\x1b[?1049l";
const ENTER_ALT: &[u8] = b"\x1b[?1049h";

fn last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

fn demo_dirs(tmp: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(tmp)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("spmp-demo-"))
        .collect()
}

fn killed_politely(signal: &str, code: u32) {
    let tmp = tempfile::tempdir().unwrap();
    let tmp_path = tmp.path().to_str().unwrap().to_string();
    let mut t = Term::spawn(
        &["--demo", "--today", "2026-11-23"],
        120,
        40,
        &[("TMPDIR", &tmp_path)],
    );
    t.wait_for("Queue: all (");
    assert_eq!(demo_dirs(tmp.path()).len(), 1, "the demo store is there");
    // A form open when the signal comes.
    t.send("v");
    t.signal(signal);
    assert_eq!(t.wait_exit(), code, "exit status 128 + SIG{signal}");
    let raw = t.raw.lock().unwrap().clone();
    let (entered, left) = (last(&raw, ENTER_ALT), last(&raw, LEAVE_ALT));
    assert!(
        entered.is_some() && left > entered,
        "the alternate screen is left after it was last entered"
    );
    assert_eq!(
        demo_dirs(tmp.path()),
        Vec::<String>::new(),
        "the demo store is removed"
    );
}

#[test]
fn sigterm_restores_the_terminal_and_removes_the_demo_store() {
    killed_politely("TERM", 143);
}

#[test]
fn sighup_of_a_closed_window_restores_the_terminal_and_removes_the_demo_store() {
    killed_politely("HUP", 129);
}

#[test]
fn ctrl_z_suspends_to_the_shell_and_fg_redraws() {
    let mut t = Term::shell(120, 40, &[]);
    t.wait_for("shell$");
    let bin = env!("CARGO_BIN_EXE_spmp");
    t.send(&format!(
        "SPMP_USER=reviewer SPMP_PASSPHRASE=demo-reviewer {bin} --demo --today 2026-11-23\r"
    ));
    t.wait_for("Queue: all (");
    t.send("\x1a"); // ctrl-z
    t.wait_for("Stopped");
    let raw = t.raw.lock().unwrap().clone();
    assert!(
        last(&raw, LEAVE_ALT) > last(&raw, ENTER_ALT),
        "the terminal was given back before stopping"
    );
    t.send("fg\r");
    t.wait_for("Queue: all (");
    t.send("\x03"); // ctrl-c quits
    t.wait_for("shell$");
    t.send("echo status=$?\r");
    t.wait_for("status=0");
    t.send("exit\r");
}

#[test]
fn with_standard_output_not_a_terminal_the_screen_refuses_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_spmp"))
        .args(["--demo"])
        .env("TMPDIR", tmp.path())
        .env("SPMP_USER", "reviewer")
        .env("SPMP_PASSPHRASE", "demo-reviewer")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(out.stdout.is_empty(), "nothing is drawn into the file");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("spmp's screen needs a terminal, and standard output is not one"),
        "{err}"
    );
    assert_eq!(demo_dirs(tmp.path()), Vec::<String>::new());
}
