//! Access control in the TUI: the login screen, the idle lock, the consultation recorded (with
//! its reason) when a record is opened, the audit trail, and what each role may do.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use common::app::{keys, open_with_roles, render};
use spmp::domain::Role;
use spmp::ops::access::QUEUE_REASON;
use spmp::store::{AuditKind, StoreStatus, testkit};
use spmp::tui::app::Focus;
use spmp::tui::component::Kind;
use spmp::tui::dialogs::audit::Audit;
use spmp::tui::login::{LoginField, LoginMode, LoginScreen, LoginStep};
use spmp::tui::theme::Theme;

/// A store seeded with the demo caseload, opened as `actor` holding `roles`.
fn demo_as(actor: &str, roles: &[Role]) -> common::app::TestApp {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = testkit::open(dir.path()).expect("open store");
    let subjects = spmp::interchange::demo_subjects().expect("demo data parses");
    store.save_all(&subjects, "seed").expect("seed");
    drop(store);
    open_with_roles(dir, actor, roles)
}

fn reviewer() -> common::app::TestApp {
    demo_as("DC Reviewer", &[Role::Reviewer])
}

fn supervisor() -> common::app::TestApp {
    demo_as("DS Supervisor", &[Role::Reviewer, Role::Supervisor])
}

// ---------------------------------------------------------------------------------------------
// The login screen.

fn type_into(screen: &mut LoginScreen, text: &str) -> LoginStep {
    let mut step = LoginStep::Continue;
    for c in text.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            '\t' => KeyCode::Tab,
            '\x1b' => KeyCode::Esc,
            '\x08' => KeyCode::Backspace,
            c => KeyCode::Char(c),
        };
        step = screen.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
    }
    step
}

fn draw_login(screen: &LoginScreen, w: u16, h: u16) -> String {
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    spmp::tui::run::draw_login(&mut term, screen, &Theme::mono()).expect("draw");
    if w == 0 {
        return String::new();
    }
    // The store path is a temp dir: show it as a fixed name.
    term.backend().to_string()
}

/// A login screen on a fresh test store (with the test user), path shown as "/store".
fn login_screen(demo: bool) -> (tempfile::TempDir, LoginScreen) {
    let dir = tempfile::tempdir().expect("tempdir");
    drop(testkit::open(dir.path()).expect("test store"));
    let place = testkit::place(dir.path());
    let status = spmp::store::Store::status(&place).expect("status");
    assert_eq!(status, StoreStatus::Ready);
    let mut s = LoginScreen::new(&place, status, None, demo).with_options(testkit::options());
    s.dir = place;
    (dir, s)
}

/// Draw with the temp path replaced, for stable snapshots.
fn snapshot_login(s: &LoginScreen, w: u16, h: u16) -> String {
    let real = s.dir.clone();
    let mut shown = LoginScreen::new(
        std::path::Path::new("/srv/spmp/store"),
        StoreStatus::Ready,
        None,
        s.demo,
    );
    shown.mode = s.mode;
    shown.user = s.user.clone();
    shown.passphrase = s.passphrase.clone();
    shown.repeat = s.repeat.clone();
    shown.focus = s.focus;
    shown.error = s.error.clone();
    shown.busy = s.busy;
    let out = draw_login(&shown, w, h);
    assert!(!out.contains(&real.display().to_string()));
    out
}

#[test]
fn login_screen_logs_in_and_a_wrong_passphrase_changes_nothing() {
    let (_dir, mut s) = login_screen(false);
    insta::assert_snapshot!("login_80x24", snapshot_login(&s, 80, 24));
    assert_eq!(type_into(&mut s, "tester\n"), LoginStep::Continue);
    assert_eq!(
        s.focus,
        LoginField::Passphrase,
        "enter goes on to the passphrase"
    );
    assert_eq!(type_into(&mut s, "not my passphrase\n"), LoginStep::Submit);
    assert!(s.submit().is_none());
    assert!(
        s.error
            .as_deref()
            .is_some_and(|e| e.contains("Wrong user name or passphrase")),
        "{:?}",
        s.error
    );
    assert!(s.passphrase.is_empty(), "the wrong passphrase is cleared");
    assert_eq!(s.user.text(), "tester", "the name stays");
    insta::assert_snapshot!("login_wrong_passphrase_80x24", snapshot_login(&s, 80, 24));
    let screen = snapshot_login(&s, 80, 24);
    assert!(!screen.contains("not my"), "a passphrase is never drawn");

    type_into(&mut s, testkit::PASSPHRASE);
    let shown = snapshot_login(&s, 80, 24);
    assert!(
        shown.contains(&"*".repeat(testkit::PASSPHRASE.len())),
        "{shown}"
    );
    assert!(!shown.contains(testkit::PASSPHRASE), "masked:\n{shown}");
    assert_eq!(type_into(&mut s, "\n"), LoginStep::Submit);
    let store = s.submit().expect("the right passphrase opens the store");
    assert_eq!(store.actor().name, "tester");
}

#[test]
fn login_screen_escapes_control_characters_and_quits_on_esc_or_ctrl_c() {
    let (_dir, mut s) = login_screen(false);
    // A control character typed (or pasted) is never put into a field.
    s.handle_key(KeyEvent::new(KeyCode::Char('\u{1b}'), KeyModifiers::NONE));
    s.handle_key(KeyEvent::new(KeyCode::Char('\u{7}'), KeyModifiers::NONE));
    type_into(&mut s, "ab");
    assert_eq!(s.user.text(), "ab");
    // A preset name holding one is shown escaped.
    let mut p = LoginScreen::new(
        s.dir.as_path(),
        StoreStatus::Ready,
        Some("x\u{1b}]0;y"),
        false,
    );
    p.error = Some("bad \u{7} thing".into());
    let screen = draw_login(&p, 80, 24);
    assert!(!screen.contains('\u{1b}') && !screen.contains('\u{7}'));
    assert_eq!(type_into(&mut s, "\x1b"), LoginStep::Quit);
    let step = s.handle_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert_eq!(step, LoginStep::Quit);
}

#[test]
fn login_screen_in_demo_lists_the_users_and_says_the_data_is_fictional() {
    let (_dir, s) = login_screen(true);
    let screen = snapshot_login(&s, 100, 30);
    insta::assert_snapshot!("login_demo_100x30", screen);
    for u in &spmp::demo::DEMO_USERS {
        assert!(
            screen.contains(u.name) && screen.contains(u.passphrase),
            "{screen}"
        );
    }
    assert!(screen.contains("fictional"));
}

#[test]
fn login_screen_fits_any_size() {
    let (_dir, mut s) = login_screen(true);
    type_into(&mut s, "tester\nsecret");
    s.error = Some("Wrong user name or passphrase. Try again.".into());
    for (w, h) in [
        (0, 0),
        (1, 1),
        (20, 5),
        (39, 10),
        (40, 12),
        (80, 24),
        (200, 60),
    ] {
        draw_login(&s, w, h);
    }
    insta::assert_snapshot!("login_20x5", snapshot_login(&s, 20, 5));
}

#[test]
fn first_run_creates_the_administrator() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store_dir = testkit::place(&dir.path().join("store"));
    let status = spmp::store::Store::status(&store_dir).expect("status");
    assert_eq!(status, StoreStatus::Absent);
    let mut s = LoginScreen::new(&store_dir, status, None, false).with_options(testkit::options());
    assert_eq!(s.mode, LoginMode::CreateAdmin);
    let mut shown = LoginScreen::new(
        std::path::Path::new("/srv/spmp/store"),
        StoreStatus::Absent,
        None,
        false,
    );
    insta::assert_snapshot!("login_create_admin_80x24", draw_login(&shown, 80, 24));

    // Too short: refused, nothing created.
    assert_eq!(
        type_into(&mut s, "Admin One\nshort\nshort\n"),
        LoginStep::Submit
    );
    assert!(s.submit().is_none());
    assert!(
        s.error
            .as_deref()
            .is_some_and(|e| e.contains("at least 10")),
        "{:?}",
        s.error
    );
    assert_eq!(
        spmp::store::Store::status(&store_dir).expect("status"),
        StoreStatus::Absent
    );
    // Different: refused.
    type_into(&mut s, "correct horse battery\ncorrect horse battery!\n");
    assert!(s.submit().is_none());
    assert!(
        s.error.as_deref().is_some_and(|e| e.contains("differ")),
        "{:?}",
        s.error
    );
    shown.user = s.user.clone();
    shown.error = s.error.clone();
    shown.focus = s.focus;
    insta::assert_snapshot!(
        "login_create_admin_differ_80x24",
        draw_login(&shown, 80, 24)
    );
    // Right.
    type_into(&mut s, "correct horse battery\ncorrect horse battery\n");
    let store = s.submit().expect("administrator created");
    assert_eq!(store.actor().name, "Admin One");
    assert_eq!(store.actor().roles, vec![Role::Administrator]);
    assert_eq!(
        spmp::store::Store::status(&store_dir).expect("status"),
        StoreStatus::Ready
    );
}

// ---------------------------------------------------------------------------------------------
// The idle lock.

#[test]
fn idle_lock_hides_everything_and_keeps_the_open_form() {
    let mut t = reviewer();
    let app = &mut t.app;
    keys(app, "b");
    assert!(app.dialog() == Some(Kind::Form), "a breach form is open");
    keys(
        app,
        "<tab><tab><tab><tab><tab><tab><tab>Left a note on the car",
    );
    let before = render(app, 120, 40);
    assert!(before.contains("Left a note on the car"));

    // Not yet.
    app.tick(Instant::now() + Duration::from_secs(9 * 60));
    assert!(!app.locked());
    // Ten minutes without a key.
    app.tick(app.last_key + Duration::from_secs(10 * 60 + 1));
    assert!(app.locked(), "locked after the idle time");
    assert!(
        app.draft_pending.is_none(),
        "the draft was written before locking"
    );
    assert_eq!(app.store.drafts().expect("drafts").len(), 1);
    let locked = render(app, 120, 40);
    insta::assert_snapshot!("locked_120x40", locked);
    for secret in ["Left a note", "Queue", "OFFICIAL", "Breach"] {
        assert!(
            !locked.contains(secret),
            "{secret} drawn while locked:\n{locked}"
        );
    }
    insta::assert_snapshot!("locked_20x5", render(app, 20, 5));
    for (w, h) in [(0, 0), (1, 1), (30, 8), (80, 24)] {
        render(app, w, h);
    }

    // Keys do nothing to the app while locked; a wrong passphrase keeps it locked.
    keys(app, "wrong passphrase<enter>");
    assert!(app.locked());
    let screen = render(app, 120, 40);
    assert!(screen.contains("Wrong passphrase"), "{screen}");
    insta::assert_snapshot!("locked_wrong_120x40", screen);
    assert!(!screen.contains("wrong passphrase"), "never drawn in clear");

    keys(app, &format!("{}<enter>", testkit::PASSPHRASE));
    assert!(!app.locked(), "the right passphrase unlocks");
    assert!(app.dialog() == Some(Kind::Form), "the form is still open");
    let after = render(app, 120, 40);
    assert!(after.contains("Left a note on the car"), "{after}");
}

#[test]
fn idle_lock_is_off_at_zero_and_the_loop_wakes_for_it() {
    let mut t = reviewer();
    let app = &mut t.app;
    let now = Instant::now();
    let wait = app.next_wake(now);
    assert!(wait <= Duration::from_secs(10 * 60 + 1), "{wait:?}");
    app.main.policy.idle_lock_minutes = 0;
    app.tick(now + Duration::from_secs(24 * 3600));
    assert!(!app.locked());
    assert_eq!(app.next_wake(now), Duration::from_secs(3600));
}

#[test]
fn idle_lock_minutes_is_read_from_the_config() {
    let path = std::path::Path::new("c.toml");
    let c = spmp::config::from_toml("idle_lock_minutes = 3", path).expect("valid");
    assert_eq!(c.idle_lock_minutes, 3);
    assert_eq!(spmp::domain::Policy::default().idle_lock_minutes, 10);
    assert!(spmp::config::from_toml("idle_lock_minutes = 5000", path).is_err());
}

// ---------------------------------------------------------------------------------------------
// Consultation.

fn consultations(app: &spmp::tui::app::App, id: spmp::domain::SubjectId) -> Vec<String> {
    app.store
        .audit_trail(id)
        .expect("audit trail")
        .into_iter()
        .filter(|e| e.kind == AuditKind::Consultation)
        .map(|e| e.justification.unwrap_or_default())
        .collect()
}

#[test]
fn opening_from_the_queue_records_a_scheduled_review_once() {
    let mut t = supervisor();
    let app = &mut t.app;
    let id = app.main.current().expect("a queue entry").id;
    assert!(consultations(app, id).is_empty());
    keys(app, "<enter>");
    assert_eq!(app.main.focus, Focus::Detail);
    assert_eq!(consultations(app, id), vec![QUEUE_REASON.to_string()]);
    assert_eq!(QUEUE_REASON, "scheduled review");
    keys(app, "<esc><enter><esc><tab>");
    assert_eq!(consultations(app, id).len(), 1, "recorded once per session");
}

#[test]
fn opening_from_search_asks_a_reason_once() {
    let mut t = supervisor();
    let app = &mut t.app;
    keys(app, "/zoe<enter>");
    let Some(Kind::Reason) = app.dialog() else {
        panic!("a reason is asked before the record opens");
    };
    let id = app.main.current().expect("a hit").id;
    insta::assert_snapshot!("reason_120x40", render(app, 120, 40));
    // Empty: refused, still asking.
    keys(app, "<enter>");
    assert!(app.dialog() == Some(Kind::Reason));
    assert!(render(app, 120, 40).contains("Type why you are opening"));
    // Esc: not opened, nothing recorded.
    keys(app, "<esc>");
    assert!(app.dialog().is_none());
    assert_eq!(app.main.focus, Focus::List);
    assert!(consultations(app, id).is_empty());
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.contains("Not opened"))
    );

    // The search is still there to open this hit (or another) with a reason.
    assert!(app.main.search.as_ref().is_some_and(|s| s.query() == "zoe"));
    keys(app, "<enter>Call from the victim's IDVA<enter>");
    assert!(app.dialog().is_none());
    assert_eq!(app.main.focus, Focus::Detail);
    assert_eq!(
        consultations(app, id),
        vec!["Call from the victim's IDVA".to_string()]
    );

    keys(app, "<esc><esc>/zoe<enter>");
    assert!(app.dialog().is_none(), "not asked again this session");
    assert_eq!(app.main.focus, Focus::Detail);
    assert_eq!(consultations(app, id).len(), 1);
}

#[test]
fn a_failed_audit_write_keeps_the_record_closed() {
    if common::store::sqlite_only(
        "a_failed_audit_write_keeps_the_record_closed: holds the SQLite file's write lock \
         with a second rusqlite connection",
    ) {
        return;
    }
    let mut t = supervisor();
    // Another connection holds the write lock: the audit write waits, then fails as busy.
    let db = t.dir.path().join(spmp::store::DB_FILE);
    let other = rusqlite::Connection::open(&db).expect("second connection");
    other
        .execute_batch("BEGIN IMMEDIATE")
        .expect("take the write lock");
    let app = &mut t.app;
    let id = app.main.current().expect("a subject").id;
    keys(app, "<enter>");
    assert_eq!(app.main.focus, Focus::List, "the record is not shown");
    assert!(!app.main.consulted(id));
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.contains("could not be recorded")),
        "{:?}",
        app.message
    );
    other.execute_batch("ROLLBACK").expect("release");
    drop(other);
    keys(app, "<enter>");
    assert_eq!(
        app.main.focus,
        Focus::Detail,
        "opens once the write succeeds"
    );
    assert_eq!(consultations(app, id).len(), 1);
}

// ---------------------------------------------------------------------------------------------
// The audit trail and roles.

/// Replace "YYYY-MM-DD HH:MM:SS UTC" times (which change each run) with a fixed text.
fn fixed_times(screen: &str) -> String {
    let chars: Vec<char> = screen.chars().collect();
    let pattern = "dddd-dd-dd dd:dd:dd UTC";
    let p: Vec<char> = pattern.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let is_match = i + p.len() <= chars.len()
            && p.iter().zip(&chars[i..]).all(|(pc, c)| match pc {
                'd' => c.is_ascii_digit(),
                other => other == c,
            });
        if is_match {
            out.push_str("2026-11-23 09:00:00 UTC");
            i += p.len();
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

#[test]
fn supervisors_see_the_audit_trail_others_are_told_no() {
    let mut t = supervisor();
    let app = &mut t.app;
    keys(app, "<enter><esc>");
    keys(app, "A");
    let Some(a) = app.top_as::<Audit>() else {
        panic!("the audit trail opens: {:?}", app.message);
    };
    assert!(a.entries.iter().any(|e| e.kind == AuditKind::Consultation));
    let screen = fixed_times(&render(app, 120, 40));
    assert!(screen.contains("scheduled review"), "{screen}");
    insta::assert_snapshot!("audit_trail_120x40", screen);
    keys(app, "jjGgk<esc>");
    assert!(app.dialog().is_none());

    let mut t = reviewer();
    let app = &mut t.app;
    keys(app, "A");
    assert!(app.dialog().is_none());
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.contains("may not read the audit log")
                || m.contains("Supervisor or Administrator")),
        "{:?}",
        app.message
    );
}

#[test]
fn a_viewer_sees_restricted_and_is_told_no_to_changes() {
    let mut t = demo_as("PC Viewer", &[Role::Viewer]);
    let app = &mut t.app;
    // Find a subject with a protected person who has an address.
    let slot = (0..app.main.visible.len())
        .find(|&i| {
            // The list holds summaries: the whole record tells.
            let id = app.main.subjects[app.main.visible[i]].id;
            app.store
                .load(id)
                .ok()
                .flatten()
                .is_some_and(|s| s.protected_persons.iter().any(|p| p.address.is_some()))
        })
        .expect("a subject with a victim's address");
    for _ in 0..slot {
        keys(app, "j");
    }
    keys(app, "<enter>");
    let mut screen = render(app, 120, 40);
    for _ in 0..200 {
        if screen.contains("restricted") {
            break;
        }
        keys(app, "j");
        screen = render(app, 120, 40);
    }
    assert!(screen.contains("restricted"), "{screen}");
    assert!(screen.contains("PC Viewer (Viewer)"), "{screen}");
    insta::assert_snapshot!("viewer_section1_120x40", screen);

    for key in ["e", "a", "d", "r", "b", "n", "u"] {
        app.message = None;
        keys(app, key);
        assert!(
            app.dialog().is_none(),
            "{key} opened something for a viewer"
        );
        assert!(
            app.message
                .as_deref()
                .is_some_and(|m| m.contains("may not change plans")),
            "{key}: {:?}",
            app.message
        );
    }
    let status = render(app, 120, 40);
    assert!(status.contains("may not change plans"), "{status}");
}

#[test]
fn login_screen_says_an_account_is_disabled() {
    let (dir, mut s) = login_screen(false);
    drop(testkit::open_as(dir.path(), "PC Gone", &[Role::Viewer]).expect("add user"));
    let mut admin = testkit::open(dir.path()).expect("admin");
    admin.disable_user("PC Gone").expect("disable");
    drop(admin);
    type_into(&mut s, &format!("PC Gone\n{}\n", testkit::PASSPHRASE));
    assert!(s.submit().is_none());
    assert!(
        s.error.as_deref().is_some_and(|e| e.contains("disabled")),
        "{:?}",
        s.error
    );
    assert!(s.passphrase.is_empty());
}

#[test]
fn the_login_loop_runs_on_a_test_backend() {
    use crossterm::event::Event;
    let (_dir, mut s) = login_screen(false);
    let mut script: std::collections::VecDeque<Event> =
        format!("tester\nwrong one\n{}\n", testkit::PASSPHRASE)
            .chars()
            .map(|c| {
                let code = if c == '\n' {
                    KeyCode::Enter
                } else {
                    KeyCode::Char(c)
                };
                Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
            })
            .collect();
    script.push_front(Event::Resize(30, 6));
    let mut term = Terminal::new(TestBackend::new(80, 24)).expect("test terminal");
    let store =
        spmp::tui::run::run_login(
            &mut term,
            &mut s,
            &Theme::mono(),
            |_| Ok(script.pop_front()),
        )
        .expect("no terminal error")
        .expect("logged in after the wrong passphrase");
    assert_eq!(store.actor().name, "tester");

    // esc leaves without a store.
    let (_dir, mut s) = login_screen(false);
    let out = spmp::tui::run::run_login(&mut term, &mut s, &Theme::mono(), |_| {
        Ok(Some(Event::Key(KeyEvent::new(
            KeyCode::Esc,
            KeyModifiers::NONE,
        ))))
    })
    .expect("no terminal error");
    assert!(out.is_none());
}

#[test]
fn restoring_a_draft_records_the_opening() {
    let mut t = reviewer();
    keys(
        &mut t.app,
        "b<tab><tab><tab><tab><tab><tab><tab>Kept for later<c-c>",
    );
    assert!(t.app.should_quit);
    let id = t.app.main.current().expect("a subject").id;
    let common::app::TestApp { app, dir } = t;
    drop(app);
    let mut t = open_with_roles(dir, "DC Reviewer", &[Role::Reviewer]);
    let app = &mut t.app;
    assert!(app.dialog() == Some(Kind::Drafts), "the draft is offered");
    keys(app, "<enter>");
    assert!(app.dialog() == Some(Kind::Form));
    assert!(app.main.consulted(id));
    let sup = supervisor_on(&t.dir);
    let reasons = consultations(&sup, id);
    assert_eq!(
        reasons,
        vec![
            QUEUE_REASON.to_string(),
            spmp::ops::access::DRAFT_REASON.to_string()
        ]
    );
}

/// A second app on the same store, as a supervisor (who may read the audit trail).
fn supervisor_on(dir: &tempfile::TempDir) -> spmp::tui::app::App {
    let store = testkit::open(dir.path()).expect("open as tester");
    spmp::tui::app::App::open(
        store,
        spmp::tui::keymap::Keymap::defaults(),
        spmp::domain::Policy::default(),
        Theme::mono(),
        common::app::today(),
        String::new(),
    )
    .expect("open app")
}

#[test]
fn a_viewer_sees_the_trends_view_and_nothing_is_opened_or_recorded() {
    let mut t = demo_as("PC Viewer", &[Role::Viewer]);
    let app = &mut t.app;
    keys(app, "T");
    assert!(
        app.dialog() == Some(Kind::Trends),
        "aggregate figures need no consultation: {:?}",
        app.message
    );
    let screen = render(app, 120, 40);
    assert!(screen.contains("Live orders:"), "{screen}");
    assert!(app.main.consulted.is_empty(), "no record is opened");
    // A supervisor may read the audit log: opening Trends recorded no consultation.
    let mut t = supervisor();
    let app = &mut t.app;
    keys(app, "T");
    assert!(app.dialog() == Some(Kind::Trends));
    let ids: Vec<_> = app.main.subjects.iter().map(|s| s.id).collect();
    for id in ids {
        assert!(consultations(app, id).is_empty());
    }
}
