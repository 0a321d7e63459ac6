//! Live refresh (issue 15, SQLite): work committed at another workstation or by another process
//! shows in an open TUI at its next look (every second): the list, the queue, search and the open
//! record; a form open on a changed subject stays as typed and its save merges.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::app::{keys, render, today};
use common::forms::{form, is_form_open, set};
use spmp::domain::{Policy, Role, Subject, SubjectId, Vehicle};
use spmp::store::{Commit, Store, testkit};
use spmp::tui::app::{App, WATCH_EVERY};
use spmp::tui::component::Kind;
use spmp::tui::keymap::Keymap;
use spmp::tui::theme::Theme;

/// A store with one subject holding a vehicle.
fn store() -> (tempfile::TempDir, SubjectId) {
    let dir = tempfile::tempdir().unwrap();
    let mut admin = testkit::open(dir.path()).unwrap();
    let mut s = Subject::new(0, "Doe", "Jane", today());
    s.section2.vehicles = vec![Vehicle {
        id: 1,
        vrm: "AB12 CDE".to_string(),
        make: "Ford".to_string(),
        model: "Fiesta".to_string(),
        colour: "white".to_string(),
        markers: String::new(),
    }];
    admin.insert_new(&mut s, "Created the subject").unwrap();
    (dir, s.id)
}

fn other(dir: &Path) -> Store {
    testkit::open_as(dir, "ds.baker", &[Role::Reviewer, Role::Supervisor]).unwrap()
}

/// An app on the store in `dir` as `actor`, on the list of all subjects.
fn app_on(dir: &Path, actor: &str) -> App {
    let store = testkit::open_as(dir, actor, &[Role::Reviewer, Role::Supervisor]).unwrap();
    let mut app = App::open(
        store,
        Keymap::defaults(),
        Policy::default(),
        Theme::mono(),
        today(),
        "TEST".to_string(),
    )
    .unwrap();
    while app.main.current().is_none() {
        keys(&mut app, "v");
    }
    app
}

/// The app's next look at the store, as its event loop makes it (a second after the last): each
/// call ticks at a later made-up time than any before.
fn look(app: &mut App) {
    use std::sync::atomic::{AtomicU64, Ordering};
    static LOOKS: AtomicU64 = AtomicU64::new(1);
    let n = LOOKS.fetch_add(1, Ordering::Relaxed);
    app.tick(Instant::now() + (WATCH_EVERY + Duration::from_millis(10)) * (n as u32 * 2));
}

fn rename(store: &mut Store, id: SubjectId, family: &str) {
    let (mut s, v) = store.load_versioned(id).unwrap().unwrap();
    s.family_name = family.to_string();
    store
        .commit(&Commit {
            subject: &s,
            expected_version: Some(v),
            summary: "renamed",
        })
        .unwrap();
}

fn listed_names(app: &App) -> Vec<String> {
    app.main
        .visible
        .iter()
        .map(|&slot| app.main.row(slot).expect("row").name)
        .collect()
}

fn search(app: &mut App, q: &str) -> Vec<String> {
    keys(app, "/");
    keys(app, &format!("{q}<enter>"));
    let names = listed_names(app);
    keys(app, "<esc><esc>");
    assert!(app.main.search.is_none(), "the search is closed");
    names
}

#[test]
fn work_committed_elsewhere_shows_at_the_next_look() {
    let (dir, id) = store();
    let mut a = app_on(dir.path(), "dc.adams");
    assert!(
        a.next_wake(Instant::now()) <= WATCH_EVERY,
        "the event loop wakes for the next look"
    );
    a.message = None;
    look(&mut a);
    assert_eq!(a.message, None, "nothing changed: nothing said");

    let mut b = other(dir.path());
    rename(&mut b, id, "Quorndon");
    let mut new = Subject::new(0, "Xanthippe", "Fictional", today());
    b.insert_new(&mut new, "Created the subject").unwrap();
    // Not yet looked: the list is as it was.
    assert_eq!(listed_names(&a), ["DOE, Jane"]);
    look(&mut a);
    assert_eq!(listed_names(&a), ["QUORNDON, Jane", "XANTHIPPE, Fictional"]);
    assert_eq!(
        a.message.as_deref(),
        Some("Updated from elsewhere: 2 subjects changed")
    );
    assert_eq!(
        search(&mut a, "xanth"),
        ["XANTHIPPE, Fictional"],
        "{:?}",
        a.message
    );
    assert_eq!(search(&mut a, "quorn"), ["QUORNDON, Jane"]);
    let screen = render(&mut a, 120, 30);
    assert!(screen.contains("QUORNDON, Jane"), "{screen}");

    // Removed elsewhere (created in error, deleted by its creator).
    b.delete_subject(new.id, "Created in error in a test")
        .unwrap();
    look(&mut a);
    assert_eq!(listed_names(&a), ["QUORNDON, Jane"]);
    assert!(a.main.listed(new.id).is_none());
    assert_eq!(
        a.message.as_deref(),
        Some("Updated from elsewhere: 1 removed")
    );
    assert_eq!(search(&mut a, "xanth"), Vec::<String>::new());

    // Its own saves are not news to it.
    a.message = None;
    keys(&mut a, "<enter>");
    if a.dialog() == Some(Kind::Reason) {
        keys(&mut a, "Planned update<enter>");
    }
    keys(&mut a, "2e<enter>");
    set(&mut a, "colour", "blue");
    keys(&mut a, "<c-s>");
    assert!(!is_form_open(&a), "{:?}", a.message);
    let said = a.message.clone();
    look(&mut a);
    assert_eq!(
        a.message, said,
        "a look after its own save says nothing new"
    );
}

#[test]
fn the_open_record_shows_the_change_and_the_cursor_stays() {
    let (dir, id) = store();
    let mut extra = other(dir.path());
    let mut second = Subject::new(0, "Abbot", "Fictional", today());
    extra
        .insert_new(&mut second, "Created the subject")
        .unwrap();
    let mut a = app_on(dir.path(), "dc.adams");
    // The cursor on Doe (second alphabetically), its record open.
    while a.main.current_id() != Some(id) {
        keys(&mut a, "j");
    }
    keys(&mut a, "<enter>");
    if a.dialog() == Some(Kind::Reason) {
        keys(&mut a, "Planned update<enter>");
    }
    let (mut s, v) = extra.load_versioned(id).unwrap().unwrap();
    s.section2.vehicles[0].colour = "green".into();
    extra
        .commit(&Commit {
            subject: &s,
            expected_version: Some(v),
            summary: "colour",
        })
        .unwrap();
    rename(&mut extra, second.id, "Aardvark");
    look(&mut a);
    assert_eq!(
        a.main.current_id(),
        Some(id),
        "the cursor stays on its subject"
    );
    let shown = a.main.current().expect("the record stays open");
    assert_eq!(shown.section2.vehicles[0].colour, "green");
    keys(&mut a, "2");
    let screen = render(&mut a, 140, 40);
    assert!(screen.contains("green"), "{screen}");
}

#[test]
fn a_form_open_on_a_subject_changed_elsewhere_stays_and_its_save_merges() {
    let (dir, id) = store();
    let mut a = app_on(dir.path(), "dc.adams");
    keys(&mut a, "<enter>");
    if a.dialog() == Some(Kind::Reason) {
        keys(&mut a, "Planned update<enter>");
    }
    keys(&mut a, "2e<enter>");
    assert!(is_form_open(&a));
    set(&mut a, "colour", "red");
    let mut b = other(dir.path());
    let (mut s, v) = b.load_versioned(id).unwrap().unwrap();
    s.section2.vehicles[0].make = "Vauxhall".into();
    b.commit(&Commit {
        subject: &s,
        expected_version: Some(v),
        summary: "make",
    })
    .unwrap();
    look(&mut a);
    let message = a.message.clone().unwrap_or_default();
    assert!(
        message.contains("was changed elsewhere while your form is open: saving merges"),
        "{message}"
    );
    assert!(is_form_open(&a), "the form stays");
    let colour = form(&a)
        .fields()
        .iter()
        .find(|f| f.spec.key == "colour")
        .map(|f| f.value());
    assert_eq!(colour.as_deref(), Some("red"), "as typed");
    keys(&mut a, "<c-s>");
    assert!(!is_form_open(&a), "{:?}", a.message);
    let stored = a.store.load(id).unwrap().unwrap();
    let vehicle = &stored.section2.vehicles[0];
    assert_eq!(
        (vehicle.colour.as_str(), vehicle.make.as_str()),
        ("red", "Vauxhall")
    );
}

#[test]
fn many_subjects_changed_elsewhere_are_read_again_at_once() {
    let (dir, _) = store();
    let mut a = app_on(dir.path(), "dc.adams");
    let mut b = other(dir.path());
    let many: Vec<Subject> = (0..spmp::ops::caseload::RELOAD_FROM as u64)
        .map(|i| Subject::new(1_000 + i, "Fictional", &format!("Person {i}"), today()))
        .collect();
    b.save_all(&many, "seed").unwrap();
    look(&mut a);
    assert_eq!(a.main.subjects.len(), many.len() + 1);
    assert_eq!(
        a.message.as_deref(),
        Some("Many subjects were changed elsewhere: the list was read again")
    );
    assert_eq!(search(&mut a, "person 999"), ["FICTIONAL, Person 999"]);
}

#[test]
fn the_real_terminal_shows_a_subject_added_by_another_process() {
    let dir = tempfile::tempdir().unwrap();
    let place = testkit::place(dir.path());
    let path = place.to_str().unwrap().to_string();
    let mut t =
        common::pty::Term::spawn(&["--store", &path, "--today", "2026-11-23"], 120, 30, &[]);
    t.wait_for("Queue: all (0)");
    t.send("vvv");
    t.wait_for("Subjects (0)");
    let mut b = other(dir.path());
    let mut new = Subject::new(0, "Xanthippe", "Fictional", today());
    b.insert_new(&mut new, "Created the subject").unwrap();
    // No key pressed: the app looks by itself.
    t.wait_for("XANTHIPPE, Fictional");
    t.wait_for("Subjects (1)");
    t.wait_for("Updated from elsewhere: 1 subject changed");
    t.send("\x03");
    assert_eq!(t.wait_exit(), 0);
}
