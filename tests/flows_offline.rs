//! Offline review from the app (issue 16): `O` checks a working set out, `I` checks one in
//! with the fields both the office and the laptop changed shown side by side to choose.
//! Driven through keys on a real store; every refusal leaves the office as it was.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use std::path::Path;

use common::app::{keys, render, today};
use common::cli::demo_store;
use common::offline::{self, RITA, as_user, laptop, make, office, rows};
use common::store::tmp;
use spmp::store::CheckoutState;
use spmp::store::testkit::{self, PASSPHRASE, edit};
use spmp::tui::app::App;
use spmp::tui::component::Kind;
use spmp::tui::keymap::Keymap;
use spmp::tui::theme::Theme;

/// The app on the office as `user`, on the list of all subjects.
fn app_as(office: &Path, user: &str) -> App {
    let mut app = App::open(
        as_user(office, user),
        Keymap::defaults(),
        spmp::config::default_policy(),
        Theme::mono(),
        today(),
        "DEMO: fictional data".to_string(),
    )
    .unwrap();
    while app.main.current().is_none() {
        keys(&mut app, "v");
    }
    app
}

/// Replace the focused text field's value with `text`.
fn type_over(app: &mut App, text: &str) {
    keys(app, "<c-u>");
    keys(app, text);
}

fn message(app: &App) -> String {
    app.message.clone().unwrap_or_default()
}

#[test]
fn checking_out_this_subject_from_the_app_makes_a_working_set_and_marks_it() {
    let (dir, office) = office();
    let ws = dir.path().join("laptop");
    let mut app = app_as(&office, RITA);
    let id = app.main.current_id().unwrap();
    keys(&mut app, "O");
    assert_eq!(app.dialog(), Some(Kind::Offline), "{}", message(&app));
    let screen = render(&mut app, 100, 30);
    assert!(screen.contains("Check out a working set"), "{screen}");
    assert!(screen.contains("This subject:"), "{screen}");
    // Down to the folder, then the passphrase.
    keys(&mut app, "<tab><tab><tab>");
    type_over(&mut app, &ws.display().to_string());

    // A wrong passphrase: nothing is checked out, nothing is made, the dialog stays.
    // (A wrong passphrase is counted in `meta`, for the login delay: the rest is unchanged.)
    let but_meta = |office: &Path| {
        let mut all = rows(office);
        all.remove("meta");
        all
    };
    let before = but_meta(&office);
    keys(&mut app, "<tab>not my passphrase at all<c-s>");
    assert_eq!(app.dialog(), Some(Kind::Offline));
    let screen = render(&mut app, 100, 30);
    assert!(screen.contains("not your passphrase"), "{screen}");
    assert!(
        !screen.contains("not my passphrase"),
        "typed passphrase shown: {screen}"
    );
    assert!(!ws.exists());
    assert_eq!(
        but_meta(&office),
        before,
        "a refused checkout wrote nothing"
    );
    assert!(spmp::ops::offline::list(&app.store).unwrap().is_empty());

    keys(&mut app, PASSPHRASE);
    keys(&mut app, "<c-s>");
    assert_eq!(app.dialog(), None, "{}", message(&app));
    assert!(
        message(&app).starts_with("Checked out 1 subject(s)"),
        "{}",
        message(&app)
    );
    // The office shows it checked out; the working set opens for rita and holds that subject.
    let screen = render(&mut app, 140, 40);
    assert!(screen.contains("[out]"), "{screen}");
    let checkouts = spmp::ops::offline::list(&app.store).unwrap();
    assert_eq!(checkouts.len(), 1);
    assert_eq!(
        checkouts[0].subjects,
        vec![(id, checkouts[0].subjects[0].1)]
    );
    let opened = laptop(&ws, RITA);
    let held: Vec<u64> = opened.load_all().unwrap().iter().map(|s| s.id).collect();
    assert_eq!(held, [id]);
}

#[test]
fn the_list_my_subjects_and_visits_due_are_offered_and_a_viewer_may_not_check_out() {
    let (dir, office) = office();
    let mut app = app_as(&office, RITA);
    let listed = app.main.visible.len();
    keys(&mut app, "O<right>");
    let screen = render(&mut app, 110, 30);
    assert!(
        screen.contains(&format!("The subjects in the list ({listed})")),
        "{screen}"
    );
    // Visits due, with a window that is not a number: said, nothing made.
    keys(&mut app, "<right><right><tab>");
    type_over(&mut app, "soon");
    keys(&mut app, "<tab><tab>");
    type_over(&mut app, &dir.path().join("v").display().to_string());
    keys(&mut app, "<tab>");
    keys(&mut app, PASSPHRASE);
    keys(&mut app, "<c-s>");
    let screen = render(&mut app, 110, 30);
    assert!(
        screen.contains("Visits due within: a whole number of days"),
        "{screen}"
    );
    assert!(!dir.path().join("v").exists());
    // Days it opens for out of range: said, nothing made (the passphrase typed is kept).
    keys(&mut app, "<s-tab><s-tab><s-tab>");
    type_over(&mut app, "7");
    for bad in ["0", "91", "a week"] {
        keys(&mut app, "<tab>");
        type_over(&mut app, bad);
        keys(&mut app, "<c-s>");
        let screen = render(&mut app, 110, 30);
        assert!(
            screen.contains("Open for: a whole number of days from 1 to 90"),
            "{bad}: {screen}"
        );
        keys(&mut app, "<s-tab>");
    }
    assert!(!dir.path().join("v").exists());
    assert!(spmp::ops::offline::list(&app.store).unwrap().is_empty());
    // A folder that exists already is never written into.
    keys(&mut app, "<tab>");
    type_over(&mut app, "7");
    keys(&mut app, "<tab>");
    type_over(&mut app, &dir.path().display().to_string());
    keys(&mut app, "<c-s>");
    let screen = render(&mut app, 160, 30);
    assert!(screen.contains("exists already"), "{screen}");
    assert!(spmp::ops::offline::list(&app.store).unwrap().is_empty());
    keys(&mut app, "<esc>");
    assert_eq!(app.dialog(), None);
    assert_eq!(message(&app), "Nothing was checked out");

    // Checking in a folder that is not there, or the office itself: said, nothing changed.
    let before = rows(&office);
    for folder in [dir.path().join("nowhere"), office.clone()] {
        keys(&mut app, "I");
        type_over(&mut app, &folder.display().to_string());
        keys(&mut app, "<tab>");
        keys(&mut app, PASSPHRASE);
        keys(&mut app, "<enter>");
        let screen = render(&mut app, 160, 30);
        assert!(screen.contains("Nothing was checked in"), "{screen}");
        keys(&mut app, "<esc>");
    }
    assert!(!dir.path().join("nowhere").exists());
    assert_eq!(rows(&office), before);

    // A viewer: refused before any dialog opens.
    let mut viewer = app_as(&office, "vic.viewer");
    keys(&mut viewer, "O");
    assert_eq!(viewer.dialog(), None);
    assert!(!message(&viewer).is_empty());
    keys(&mut viewer, "I");
    assert_eq!(viewer.dialog(), None);
}

/// A working set of subjects 1 and 3 for rita: the laptop edits subject 1's officer and 3's
/// narrative; the office (sam) edits 1's narrative and 3's narrative too.
fn worked_set(office: &Path, ws: &Path) -> String {
    demo_store(office);
    let mut rita = as_user(office, RITA);
    let made = make(&mut rita, &[1, 3], (offline::today(), 7), ws).unwrap();
    drop(rita);
    let mut laptop = laptop(ws, RITA);
    edit(&mut laptop, 1, |s| s.officer = Some("DC Laptop".into()));
    edit(&mut laptop, 3, |s| {
        s.section1.narrative = "laptop's account".into()
    });
    drop(laptop);
    let mut sam = as_user(office, "sam.supervisor");
    edit(&mut sam, 1, |s| {
        s.section1.narrative = "office's account".into()
    });
    edit(&mut sam, 3, |s| {
        s.section1.narrative = "office's own words".into()
    });
    made.checkout.id
}

/// Open the check-in dialog and read the working set in `ws`.
fn read_set(app: &mut App, ws: &Path) {
    keys(app, "I");
    assert_eq!(app.dialog(), Some(Kind::Offline), "{}", message(app));
    type_over(app, &ws.display().to_string());
    keys(app, "<tab>");
    keys(app, PASSPHRASE);
    keys(app, "<enter>");
}

#[test]
fn checking_in_from_the_app_shows_each_field_both_changed_side_by_side_to_choose() {
    let dir = tmp();
    let office = dir.path().join("office");
    let ws = dir.path().join("laptop");
    let id = worked_set(&office, &ws);
    let mut app = app_as(&office, RITA);

    // A wrong passphrase: said in the dialog, nothing read.
    keys(&mut app, "I");
    type_over(&mut app, &ws.display().to_string());
    keys(&mut app, "<tab>wrong passphrase here<enter>");
    let screen = render(&mut app, 110, 30);
    assert!(
        screen.contains("does not open for rita.reviewer"),
        "{screen}"
    );
    keys(&mut app, "<esc>");

    let before = rows(&office);
    read_set(&mut app, &ws);
    let screen = render(&mut app, 110, 30);
    insta::assert_snapshot!(
        "checkin_conflict",
        screen.replace(&id, &"X".repeat(id.len()))
    );
    assert!(screen.contains("laptop: laptop's account"), "{screen}");
    assert!(
        screen.contains("office now: office's own words"),
        "{screen}"
    );
    assert_eq!(
        rows(&office),
        before,
        "reading a working set writes nothing"
    );

    // Not until every field is chosen.
    keys(&mut app, "<c-s>");
    assert_eq!(app.dialog(), Some(Kind::Offline));
    assert!(message(&app).contains("1 more field"), "{}", message(&app));
    assert_eq!(rows(&office), before);

    // Keep the office's value.
    keys(&mut app, "t");
    let screen = render(&mut app, 110, 30);
    assert!(screen.contains("[office]"), "{screen}");
    keys(&mut app, "<c-s>");
    assert_eq!(app.dialog(), None, "{}", message(&app));
    assert!(
        message(&app).starts_with("Checked in: 2 subject(s) changed"),
        "{}",
        message(&app)
    );
    let one = app.store.load(1).unwrap().unwrap();
    assert_eq!(one.officer.as_deref(), Some("DC Laptop"));
    assert_eq!(one.section1.narrative, "office's account");
    let three = app.store.load(3).unwrap().unwrap();
    assert_eq!(three.section1.narrative, "office's own words");
    // What the app shows is the subject as stored now.
    assert_eq!(
        app.main.subject(1).map(|s| s.officer.clone()),
        Some(one.officer.clone())
    );
    let checkout = app.store.checkout(&id).unwrap().unwrap();
    assert_eq!(checkout.state, CheckoutState::CheckedIn);
    let admin = testkit::open(&office).unwrap();
    assert!(admin.verify_audit().unwrap().fault.is_none());
    drop(admin);

    // Once only.
    let before = rows(&office);
    read_set(&mut app, &ws);
    let screen = render(&mut app, 110, 30);
    assert!(screen.contains("checked in already"), "{screen}");
    assert_eq!(rows(&office), before);
}

#[test]
fn leaving_a_check_in_unchosen_or_meeting_an_office_save_writes_nothing() {
    let dir = tmp();
    let office = dir.path().join("office");
    let ws = dir.path().join("laptop");
    let id = worked_set(&office, &ws);
    let mut app = app_as(&office, RITA);
    let before = rows(&office);
    read_set(&mut app, &ws);
    keys(&mut app, "<esc>");
    assert_eq!(app.dialog(), None);
    assert!(
        message(&app).starts_with("Nothing was checked in"),
        "{}",
        message(&app)
    );
    assert_eq!(rows(&office), before);

    // Read, chosen, but the office saves subject 3 again before the check-in is written.
    read_set(&mut app, &ws);
    keys(&mut app, "m");
    let mut sam = as_user(&office, "sam.supervisor");
    edit(&mut sam, 3, |s| s.section1.narrative = "later still".into());
    drop(sam);
    let before = rows(&office);
    keys(&mut app, "<c-s>");
    assert_eq!(app.dialog(), Some(Kind::Offline));
    let screen = render(&mut app, 160, 30);
    assert!(screen.contains("check in again"), "{screen}");
    assert_eq!(rows(&office), before, "nothing of the check-in was written");

    // Read again: the newer office value is what is offered now.
    keys(&mut app, PASSPHRASE);
    keys(&mut app, "<enter>");
    let screen = render(&mut app, 110, 30);
    assert!(screen.contains("office now: later still"), "{screen}");
    keys(&mut app, "m<c-s>");
    assert_eq!(app.dialog(), None, "{}", message(&app));
    let three = app.store.load(3).unwrap().unwrap();
    assert_eq!(three.section1.narrative, "laptop's account");
    assert_eq!(
        app.store.checkout(&id).unwrap().unwrap().state,
        CheckoutState::CheckedIn
    );
}

#[test]
fn the_checkout_dialog_as_drawn_and_at_any_size() {
    let (_dir, office) = office();
    let mut app = app_as(&office, RITA);
    // `enter` goes on to the next field until the last.
    keys(&mut app, "O<enter><enter><enter>");
    type_over(&mut app, "/media/transfer/working-set");
    keys(&mut app, "<enter>secret words");
    assert_eq!(app.dialog(), Some(Kind::Offline));
    let screen = render(&mut app, 100, 24);
    assert!(!screen.contains("secret words"), "{screen}");
    insta::assert_snapshot!("checkout_dialog", screen);
    for (w, h) in [(20, 5), (40, 10), (1, 1), (0, 0)] {
        render(&mut app, w, h);
    }
    keys(&mut app, "<esc>I");
    for (w, h) in [(20, 5), (40, 10)] {
        render(&mut app, w, h);
    }
}

#[test]
fn the_idle_lock_forgets_a_typed_passphrase_and_a_working_set_offers_neither() {
    let dir = tmp();
    let office = dir.path().join("office");
    let ws = dir.path().join("laptop");
    worked_set(&office, &ws);
    let mut app = app_as(&office, RITA);
    keys(&mut app, "O<enter><enter><enter><enter>secret words");
    let later = std::time::Instant::now() + std::time::Duration::from_secs(24 * 3600);
    app.tick(later);
    assert!(app.locked());
    keys(&mut app, PASSPHRASE);
    keys(&mut app, "<enter>");
    assert!(!app.locked());
    assert_eq!(app.dialog(), Some(Kind::Offline));
    keys(&mut app, "<c-s>");
    let screen = render(&mut app, 110, 30);
    assert!(
        screen.contains("Type your passphrase: the working set opens with it"),
        "{screen}"
    );
    keys(&mut app, "<esc>");

    // In the working set itself: neither checking out nor in.
    let laptop = App::open(
        laptop(&ws, RITA),
        Keymap::defaults(),
        spmp::config::default_policy(),
        Theme::mono(),
        today(),
        "DEMO: fictional data".to_string(),
    );
    let mut laptop = laptop.unwrap();
    for key in ["O", "I"] {
        keys(&mut laptop, key);
        assert_eq!(laptop.dialog(), None);
        assert!(
            message(&laptop).starts_with("This is a working set"),
            "{}",
            message(&laptop)
        );
    }
}

#[test]
fn with_nothing_changed_on_both_sides_there_is_nothing_to_choose() {
    let (dir, office) = office();
    let ws = dir.path().join("laptop");
    let mut rita = as_user(&office, RITA);
    make(&mut rita, &[2], (offline::today(), 7), &ws).unwrap();
    drop(rita);
    let mut laptop = laptop(&ws, RITA);
    edit(&mut laptop, 2, |s| {
        s.section1.narrative = "Only the laptop".into()
    });
    drop(laptop);
    let mut app = app_as(&office, RITA);
    read_set(&mut app, &ws);
    let screen = render(&mut app, 110, 30);
    assert!(
        screen.contains("Nothing was changed on both sides"),
        "{screen}"
    );
    keys(&mut app, "m");
    assert!(
        message(&app).starts_with("Nothing to choose"),
        "{}",
        message(&app)
    );
    keys(&mut app, "<c-s>");
    assert_eq!(app.dialog(), None, "{}", message(&app));
    assert_eq!(
        app.store.load(2).unwrap().unwrap().section1.narrative,
        "Only the laptop"
    );
}
