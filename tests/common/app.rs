//! An app over a real store in a temp directory, and a way to type at it.
#![allow(dead_code)]

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use spmp::domain::Role;
use spmp::tui::app::App;
use spmp::tui::keymap::Keymap;
use spmp::tui::theme::Theme;

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid date")
}

/// The app and the temp dir holding its store (dropped last).
pub struct TestApp {
    pub app: App,
    pub dir: tempfile::TempDir,
}

impl std::ops::Deref for TestApp {
    type Target = App;
    fn deref(&self) -> &App {
        &self.app
    }
}

impl std::ops::DerefMut for TestApp {
    fn deref_mut(&mut self) -> &mut App {
        &mut self.app
    }
}

/// A store seeded with the demo caseload, opened as `actor`.
pub fn demo_app_as(actor: &str) -> TestApp {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = spmp::store::testkit::open(dir.path()).expect("open store");
    let subjects = spmp::interchange::demo_subjects().expect("demo data parses");
    store.save_all(&subjects, "seed").expect("seed");
    open_as(dir, actor)
}

/// Open the app on the store in `dir` as `actor`.
pub fn open_as(dir: tempfile::TempDir, actor: &str) -> TestApp {
    open_with_roles(dir, actor, &[Role::Reviewer, Role::Supervisor])
}

/// Open the app on the store in `dir` as the user `actor` holding `roles` (added if new).
pub fn open_with_roles(dir: tempfile::TempDir, actor: &str, roles: &[Role]) -> TestApp {
    let store = spmp::store::testkit::open_as(dir.path(), actor, roles).expect("open store");
    let app = App::open(
        store,
        Keymap::defaults(),
        spmp::config::default_policy(),
        Theme::mono(),
        today(),
        "DEMO: fictional data".to_string(),
    )
    .expect("open app");
    TestApp { app, dir }
}

/// The demo store as `spmp --demo` makes it (its users are officers with published
/// passphrases), opened as the demo user `name` ("reviewer", "supervisor", "dci"...).
pub fn demo_users_app(name: &str) -> TestApp {
    let dir = tempfile::tempdir().expect("tempdir");
    spmp::demo::create_store(&spmp::store::testkit::place(dir.path()), today())
        .expect("demo store");
    demo_users_reopen(dir, name)
}

/// Open the demo store in `dir` (made by [`demo_users_app`]) as the demo user `name`.
pub fn demo_users_reopen(dir: tempfile::TempDir, name: &str) -> TestApp {
    let user = spmp::demo::DEMO_USERS
        .iter()
        .find(|u| u.name == name)
        .expect("a demo user");
    let store = spmp::store::Store::open_with(
        &spmp::store::testkit::place(dir.path()),
        &spmp::store::testkit::options(),
        &spmp::store::Login::new(user.name, user.passphrase),
    )
    .expect("open the demo store");
    let app = App::open(
        store,
        Keymap::defaults(),
        spmp::config::default_policy(),
        Theme::mono(),
        today(),
        "DEMO: fictional data".to_string(),
    )
    .expect("open app");
    TestApp { app, dir }
}

pub fn demo_app() -> TestApp {
    demo_app_as("DC Test Reviewer")
}

/// An app on an empty store.
pub fn empty_app() -> TestApp {
    let dir = tempfile::tempdir().expect("tempdir");
    open_as(dir, "DC Test Reviewer")
}

pub fn render(app: &mut App, w: u16, h: u16) -> String {
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    spmp::tui::run::draw(&mut term, app).expect("draw");
    // TestBackend's own Display cannot show a zero-width buffer.
    if w == 0 {
        return String::new();
    }
    term.backend().to_string()
}

/// Feed keys as a user types them: each char is a key; `<enter>`, `<esc>`, `<tab>`, `<s-tab>`,
/// `<bs>`, `<down>`, `<up>`, `<left>`, `<right>`, `<space>`, `<pgup>`, `<home>`, `<end>`, `<c-c>`, `<c-s>`,
/// `<c-u>` are named keys.
pub fn keys(app: &mut App, script: &str) {
    let mut rest = script;
    while !rest.is_empty() {
        let (code, mods, len) = if let Some(end) = rest.strip_prefix('<').and_then(|r| r.find('>'))
        {
            let name = &rest[1..=end];
            let (code, mods) = match name {
                "enter" => (KeyCode::Enter, KeyModifiers::NONE),
                "esc" => (KeyCode::Esc, KeyModifiers::NONE),
                "tab" => (KeyCode::Tab, KeyModifiers::NONE),
                "s-tab" => (KeyCode::BackTab, KeyModifiers::SHIFT),
                "bs" => (KeyCode::Backspace, KeyModifiers::NONE),
                "down" => (KeyCode::Down, KeyModifiers::NONE),
                "up" => (KeyCode::Up, KeyModifiers::NONE),
                "left" => (KeyCode::Left, KeyModifiers::NONE),
                "right" => (KeyCode::Right, KeyModifiers::NONE),
                "space" => (KeyCode::Char(' '), KeyModifiers::NONE),
                "pgup" => (KeyCode::PageUp, KeyModifiers::NONE),
                "home" => (KeyCode::Home, KeyModifiers::NONE),
                "end" => (KeyCode::End, KeyModifiers::NONE),
                "c-c" => (KeyCode::Char('c'), KeyModifiers::CONTROL),
                "c-s" => (KeyCode::Char('s'), KeyModifiers::CONTROL),
                "c-u" => (KeyCode::Char('u'), KeyModifiers::CONTROL),
                other => panic!("unknown key name {other}"),
            };
            (code, mods, end + 2)
        } else {
            let c = rest.chars().next().expect("non-empty");
            (KeyCode::Char(c), KeyModifiers::NONE, c.len_utf8())
        };
        app.handle_key(KeyEvent::new(code, mods));
        rest = &rest[len..];
    }
}

/// Paste `text` as a terminal does with bracketed paste: one event holding all of it.
pub fn paste(app: &mut App, text: &str) {
    app.handle_paste(text);
}
