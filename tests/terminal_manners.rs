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

fn mouse(app: &mut spmp::tui::app::App, kind: crossterm::event::MouseEventKind, x: u16, y: u16) {
    app.handle_mouse(crossterm::event::MouseEvent {
        kind,
        column: x,
        row: y,
        modifiers: crossterm::event::KeyModifiers::NONE,
    });
}

/// Where `text` is on the rendered screen (column, row), ASCII text.
fn find(screen: &str, text: &str) -> (u16, u16) {
    for (y, line) in screen.lines().enumerate() {
        // TestBackend's lines are quoted: `"..."`.
        let line = line.trim_start_matches('"');
        if let Some(x) = line.find(text) {
            let col = line[..x].chars().count();
            return (col as u16, y as u16);
        }
    }
    panic!("{text:?} is not on the screen:\n{screen}");
}

#[test]
fn the_mouse_clicks_rows_and_tabs_and_the_wheel_scrolls_the_pane_under_it() {
    use crossterm::event::{MouseButton, MouseEventKind};
    use spmp::domain::PlanPart;
    use spmp::tui::workbench::Focus;
    let mut t = common::app::demo_app();
    let app = &mut t.app;
    common::app::keys(app, "vvv<home>"); // every subject, the cursor on the first
    let screen = common::app::render(app, 120, 40);
    assert_eq!(app.main.selected, 0);
    // The third row of the list (the list's border is the row under the title bar).
    let third = app.main.row(app.main.visible[2]).expect("row").name;
    let (x, y) = find(&screen, &third);
    mouse(app, MouseEventKind::Down(MouseButton::Left), x, y);
    assert_eq!(app.main.selected, 2);
    let screen = common::app::render(app, 120, 40);
    assert!(
        screen
            .lines()
            .any(|l| l.contains('>') && l.contains(&third)),
        "{screen}"
    );
    // The wheel over the list moves the cursor.
    mouse(app, MouseEventKind::ScrollDown, 5, 10);
    assert_eq!(app.main.selected, 3);
    mouse(app, MouseEventKind::ScrollUp, 5, 10);
    assert_eq!(app.main.selected, 2);
    // A tab.
    let (x, y) = find(&screen, "Timeline");
    mouse(app, MouseEventKind::Down(MouseButton::Left), x + 1, y);
    assert_eq!(app.main.tab, PlanPart::Timeline);
    assert_eq!(app.main.focus, Focus::Detail);
    // A click on the list below its last row changes nothing.
    assert!(
        app.main.visible.len() < 30,
        "the demo's list ends above row 33"
    );
    mouse(app, MouseEventKind::Down(MouseButton::Left), 5, 35);
    assert_eq!(app.main.selected, 2);
    // The wheel over the detail pane scrolls it (focus goes there).
    app.main.focus = Focus::List;
    mouse(app, MouseEventKind::ScrollDown, 80, 20);
    assert_eq!(app.main.focus, Focus::Detail);
    assert_eq!(app.main.selected, 2, "the list's cursor stays");
    // In a dialog the wheel moves as the arrows do; nothing breaks.
    common::app::keys(app, "<esc><esc>?");
    let _ = common::app::render(app, 120, 40);
    mouse(app, MouseEventKind::ScrollDown, 60, 20);
    mouse(app, MouseEventKind::Down(MouseButton::Left), 60, 20);
    let _ = common::app::render(app, 20, 5);
}

#[test]
fn a_click_in_the_real_terminal_selects_a_row_and_the_mouse_is_given_back() {
    let mut t = Term::spawn(&["--demo", "--today", "2026-11-23"], 120, 40, &[]);
    t.wait_for("Queue: all (");
    t.send("vvv");
    t.wait_for("Subjects (");
    // SGR mouse report: left button down and up at column 10, row 5 (1-based): list row 3.
    t.send("\x1b[<0;10;5M\x1b[<0;10;5m");
    std::thread::sleep(std::time::Duration::from_millis(200));
    let screen = t.screen();
    let row = screen.lines().nth(4).unwrap_or_default().to_string();
    assert!(
        row.contains('>'),
        "the clicked row has the cursor:\n{screen}"
    );
    t.send("\x03");
    assert_eq!(t.wait_exit(), 0);
    let raw = t.raw.lock().unwrap().clone();
    assert!(
        last(&raw, b"\x1b[?1000h").is_some(),
        "mouse reporting was asked for"
    );
    assert!(
        last(&raw, b"\x1b[?1000l") > last(&raw, b"\x1b[?1000h"),
        "and given back at the end"
    );
}

/// `y` on an opened record puts its PNC ID on the clipboard through the terminal (OSC 52); on a
/// record not yet opened it copies nothing and says why.
#[test]
fn y_copies_the_open_subjects_pnc_id_through_the_terminal() {
    let mut t = Term::spawn(&["--demo", "--today", "2026-11-23"], 120, 40, &[]);
    t.wait_for("Queue: all (");
    t.send("y");
    t.wait_for("Open the record first");
    assert!(!t.raw.lock().unwrap().windows(5).any(|w| w == b"\x1b]52;"));
    t.send("\r");
    t.wait_for("PNC ");
    t.send("y");
    t.wait_for("Copied PNC ID ");
    let screen = t.screen();
    let pnc = screen
        .split("Copied PNC ID ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap()
        .to_string();
    let wanted = spmp::tui::app::osc52(&pnc);
    let raw = t.raw.lock().unwrap().clone();
    assert!(
        raw.windows(wanted.len()).any(|w| w == wanted.as_bytes()),
        "OSC 52 with {pnc} not written"
    );
    t.send("\x03");
    assert_eq!(t.wait_exit(), 0);
}

/// `--plain` in a real terminal: the login and the queue are linear text with no border, the
/// focused subject announced on the second line.
#[test]
fn plain_mode_in_a_real_terminal_reads_top_to_bottom() {
    let mut t = Term::spawn(&["--demo", "--plain", "--today", "2026-11-23"], 80, 24, &[]);
    t.wait_for("Focus: Queue: all, subject 1 of ");
    let screen = t.screen();
    let second = screen.lines().nth(1).unwrap_or_default().to_string();
    assert!(
        second.starts_with("Focus: Queue: all, subject 1 of "),
        "{screen}"
    );
    for c in screen.chars() {
        assert!(
            spmp::tui::views::screen::ascii_for(c).is_none(),
            "{c:?} drawn:\n{screen}"
        );
    }
    t.send("\r");
    t.wait_for("Focus: plan of ");
    t.wait_for("Next review: ");
    t.send("\x03");
    assert_eq!(t.wait_exit(), 0);
}

/// A terminal that goes away under the app (a multiplexer killed, a window closed without a
/// SIGHUP reaching it) ends it as SIGHUP does: no process left spinning on end-of-file, the
/// demo store removed. Needs tmux (skipped with a line when it is not installed).
#[test]
fn a_terminal_that_goes_away_ends_the_app_and_removes_the_demo_store() {
    let tmux = |sock: &std::path::Path, args: &[&str]| {
        Command::new("tmux").arg("-S").arg(sock).args(args).output()
    };
    if Command::new("tmux").arg("-V").output().is_err() {
        println!("skipped: tmux is not installed");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let sock = tmp.path().join("tmux.sock");
    let command = format!(
        "env TMPDIR={} SPMP_USER=reviewer SPMP_PASSPHRASE=demo-reviewer {} --demo --today 2026-11-23",
        tmp.path().display(),
        env!("CARGO_BIN_EXE_spmp")
    );
    let started = tmux(
        &sock,
        &["new-session", "-d", "-x", "100", "-y", "30", &command],
    )
    .unwrap();
    assert!(started.status.success(), "{started:?}");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let screen = tmux(&sock, &["capture-pane", "-p"]).unwrap();
        if String::from_utf8_lossy(&screen.stdout).contains("Queue: all (") {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the app did not start"
        );
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    let pid = String::from_utf8_lossy(
        &tmux(&sock, &["display-message", "-p", "#{pane_pid}"])
            .unwrap()
            .stdout,
    )
    .trim()
    .to_string();
    assert_eq!(demo_dirs(tmp.path()).len(), 1, "the demo store is there");
    let _ = tmux(&sock, &["kill-server"]);
    let running = || {
        std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .map(|stat| {
                let state = stat.rsplit(") ").next().unwrap_or("").chars().next();
                !matches!(state, Some('Z' | 'X'))
            })
            .unwrap_or(false)
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while running() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let still = running();
    if still {
        let _ = Command::new("kill").args(["-9", &pid]).status();
    }
    assert!(
        !still,
        "spmp (pid {pid}) still runs after its terminal went away"
    );
    assert_eq!(
        demo_dirs(tmp.path()),
        Vec::<String>::new(),
        "the demo store is removed"
    );
}
