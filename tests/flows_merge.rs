//! Flow tests of saving over someone else's save (issue 11, point 7): two apps on one store, as
//! two workstations. A save that meets a newer version keeps both users' changes; the same field
//! changed by both opens the conflict dialog, where keys choose each side and the save stores
//! what was chosen; `esc` goes back to the form with nothing lost.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use std::path::Path;

use common::app::{keys, render, today};
use common::forms::{form, is_form_open, set};
use spmp::domain::{Policy, Role, Subject, SubjectId, Vehicle};
use spmp::store::{Commit, testkit};
use spmp::tui::app::App;
use spmp::tui::component::Kind;
use spmp::tui::dialogs::merge::MergeDialog;
use spmp::tui::keymap::Keymap;
use spmp::tui::theme::Theme;

/// A store with one subject holding two vehicles.
fn store() -> (tempfile::TempDir, SubjectId) {
    let dir = tempfile::tempdir().unwrap();
    let mut admin = testkit::open(dir.path()).unwrap();
    let mut s = Subject::new(0, "Doe", "Jane", today());
    s.section2.vehicles = ["AB12 CDE", "XY34 ZZZ"]
        .iter()
        .zip(1..)
        .map(|(vrm, id)| Vehicle {
            id,
            vrm: vrm.to_string(),
            make: "Ford".to_string(),
            model: "Fiesta".to_string(),
            colour: "white".to_string(),
            markers: String::new(),
        })
        .collect();
    admin.insert_new(&mut s, "Created the subject").unwrap();
    (dir, s.id)
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

/// Open the subject (giving a reason) and the edit form of its first vehicle.
fn edit_vehicle(app: &mut App) {
    // From the list of all subjects, opening asks why (recorded in the audit log).
    keys(app, "<enter>");
    if app.dialog() == Some(Kind::Reason) {
        keys(app, "Planned update<enter>");
    }
    keys(app, "2e<enter>");
    assert!(is_form_open(app), "{:?} {:?}", app.dialog(), app.message);
    assert!(
        form(app).title().contains("Edit vehicle"),
        "{}",
        form(app).title()
    );
}

fn stored(app: &App, id: SubjectId) -> Subject {
    app.store.load(id).unwrap().unwrap()
}

fn colour(app: &App, id: SubjectId) -> String {
    stored(app, id).section2.vehicles[0].colour.clone()
}

/// The screen with clock times (`14:02`) masked, for snapshots.
fn masked(screen: &str) -> String {
    let chars: Vec<char> = screen.chars().collect();
    let mut out = chars.clone();
    for i in 0..chars.len().saturating_sub(4) {
        let w = &chars[i..i + 5];
        if w[0].is_ascii_digit()
            && w[1].is_ascii_digit()
            && w[2] == ':'
            && w[3].is_ascii_digit()
            && w[4].is_ascii_digit()
        {
            out[i..i + 5].copy_from_slice(&['H', 'H', ':', 'M', 'M']);
        }
    }
    out.into_iter().collect()
}

#[test]
fn a_save_after_someone_elses_keeps_both_changes() {
    let (dir, id) = store();
    let mut a = app_on(dir.path(), "dc.adams");
    let mut b = app_on(dir.path(), "ds.baker");
    edit_vehicle(&mut a);
    edit_vehicle(&mut b);
    set(&mut b, "make", "Vauxhall");
    keys(&mut b, "<c-s>");
    assert!(!is_form_open(&b), "{:?}", b.message);
    set(&mut a, "colour", "red");
    keys(&mut a, "<c-s>");
    assert!(!is_form_open(&a), "A's save went through: {:?}", a.message);
    let message = a.message.clone().unwrap_or_default();
    assert!(
        message.starts_with("Saved: Edited vehicle; kept 1 change made by ds.baker"),
        "{message}"
    );
    let v = &stored(&a, id).section2.vehicles[0];
    assert_eq!((v.colour.as_str(), v.make.as_str()), ("red", "Vauxhall"));
    // A's screen shows the merged subject, B's change included.
    assert_eq!(
        a.main.subject(id).unwrap().section2.vehicles[0].make,
        "Vauxhall"
    );
    // Undo takes back A's change only.
    keys(&mut a, "u");
    let v = &stored(&a, id).section2.vehicles[0];
    assert_eq!((v.colour.as_str(), v.make.as_str()), ("white", "Vauxhall"));
}

/// A and B both change vehicle 1's colour (B first); A also changes its model. Returns the apps
/// with A's conflict dialog open.
fn same_field(dir: &Path) -> (App, App) {
    let mut a = app_on(dir, "dc.adams");
    let mut b = app_on(dir, "ds.baker");
    edit_vehicle(&mut a);
    edit_vehicle(&mut b);
    set(&mut b, "colour", "blue");
    keys(&mut b, "<c-s>");
    set(&mut a, "colour", "red");
    set(&mut a, "model", "Focus");
    keys(&mut a, "<c-s>");
    assert_eq!(a.dialog(), Some(Kind::Merge), "{:?}", a.message);
    (a, b)
}

#[test]
fn the_same_field_opens_the_conflict_dialog_and_theirs_can_be_kept() {
    let (dir, id) = store();
    let (mut a, _b) = same_field(dir.path());
    assert_eq!(colour(&a, id), "blue", "nothing of A's written yet");
    let screen = masked(&render(&mut a, 100, 24));
    insta::assert_snapshot!("merge_dialog_100x24", screen);
    assert!(
        screen.contains("Vehicle AB12 CDE, colour  [choose]"),
        "{screen}"
    );
    assert!(
        screen.contains(
            "yours: red | theirs (saved by ds.baker at HH:MM): blue | when you opened: white"
        ),
        "{screen}"
    );
    assert!(
        screen.contains("m keep yours"),
        "hints from the keymap: {screen}"
    );
    // Saving before choosing is refused.
    keys(&mut a, "<c-s>");
    assert_eq!(a.dialog(), Some(Kind::Merge));
    assert!(
        a.message.as_deref().unwrap_or("").contains("choose"),
        "{:?}",
        a.message
    );
    keys(&mut a, "t");
    assert!(render(&mut a, 100, 24).contains("[theirs]"));
    keys(&mut a, "<c-s>");
    assert!(
        a.dialog().is_none(),
        "dialog and form closed: {:?}",
        a.dialog()
    );
    let message = a.message.clone().unwrap_or_default();
    assert!(message.starts_with("Saved: Edited vehicle"), "{message}");
    let v = &stored(&a, id).section2.vehicles[0];
    assert_eq!((v.colour.as_str(), v.model.as_str()), ("blue", "Focus"));
}

#[test]
fn mine_can_be_kept_and_esc_goes_back_to_the_form_with_nothing_lost() {
    let (dir, id) = store();
    let (mut a, _b) = same_field(dir.path());
    keys(&mut a, "<esc>");
    assert_eq!(a.dialog(), Some(Kind::Form), "back to the form");
    let f = form(&a);
    let colour_at = f
        .fields()
        .iter()
        .position(|f| f.spec.key == "colour")
        .unwrap();
    assert_eq!(f.values()[colour_at], "red", "what A typed is still there");
    assert_eq!(colour(&a, id), "blue");
    // Saving again merges again: the same question.
    keys(&mut a, "<c-s>");
    assert_eq!(a.dialog(), Some(Kind::Merge));
    keys(&mut a, "m");
    assert_eq!(
        a.top_as::<MergeDialog>().unwrap().list()[0].choice,
        Some(spmp::domain::Side::Mine)
    );
    keys(&mut a, "<c-s>");
    assert!(a.dialog().is_none(), "{:?}", a.message);
    let v = &stored(&a, id).section2.vehicles[0];
    assert_eq!((v.colour.as_str(), v.model.as_str()), ("red", "Focus"));
}

#[test]
fn a_third_save_while_choosing_is_merged_too() {
    let (dir, id) = store();
    let (mut a, mut b) = same_field(dir.path());
    // B changes the colour again and the second vehicle while A is choosing.
    keys(&mut b, "<esc>");
    let (mut s, version) = b.store.load_versioned(id).unwrap().unwrap();
    s.section2.vehicles[0].colour = "green".to_string();
    s.section2.vehicles[1].markers = "ANPR".to_string();
    b.store
        .commit(&Commit {
            subject: &s,
            expected_version: Some(version),
            summary: "Edited vehicle",
        })
        .unwrap();
    keys(&mut a, "m<c-s>");
    assert_eq!(
        a.dialog(),
        Some(Kind::Merge),
        "asked again: {:?}",
        a.message
    );
    assert!(
        a.message.as_deref().unwrap_or("").contains("again"),
        "{:?}",
        a.message
    );
    let screen = render(&mut a, 100, 24);
    assert!(screen.contains("theirs (saved by ds.baker at"), "{screen}");
    assert!(screen.contains("): green"), "{screen}");
    keys(&mut a, "m<c-s>");
    assert!(a.dialog().is_none(), "{:?}", a.message);
    let s = stored(&a, id);
    assert_eq!(s.section2.vehicles[0].colour, "red");
    assert_eq!(s.section2.vehicles[0].model, "Focus");
    assert_eq!(s.section2.vehicles[1].markers, "ANPR");
}

#[test]
fn the_dialog_draws_at_any_size_and_escapes_control_characters() {
    let (dir, id) = store();
    let mut a = app_on(dir.path(), "dc.adams");
    edit_vehicle(&mut a);
    // Someone else stores a colour with an escape sequence in it.
    let mut other = testkit::open_as(dir.path(), "ds.baker", &[Role::Reviewer]).unwrap();
    let (mut s, version) = other.load_versioned(id).unwrap().unwrap();
    s.section2.vehicles[0].colour = "bl\u{1b}[31mue".to_string();
    other
        .commit(&Commit {
            subject: &s,
            expected_version: Some(version),
            summary: "Edited vehicle",
        })
        .unwrap();
    set(&mut a, "colour", "red");
    keys(&mut a, "<c-s>");
    assert_eq!(a.dialog(), Some(Kind::Merge), "{:?}", a.message);
    let screen = render(&mut a, 120, 40);
    assert!(screen.contains("bl^[[31mue"), "{screen}");
    assert!(!screen.contains('\u{1b}'));
    for (w, h) in [(20, 5), (0, 0), (1, 1), (80, 24), (40, 10), (200, 60)] {
        render(&mut a, w, h);
    }
    // Movement keys never leave the list, whatever is pressed.
    keys(&mut a, "jjjkkkgG");
    assert_eq!(a.top_as::<MergeDialog>().unwrap().selected, 0);
}

#[test]
fn the_dialog_itself_draws_in_the_smallest_areas() {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::layout::Rect;
    use ratatui::text::Line;
    use spmp::tui::component::{Component, Paint};

    let (dir, _) = store();
    let (a, _b) = same_field(dir.path());
    let dialog = a.top_as::<MergeDialog>().unwrap();
    let theme = Theme::mono();
    let keymap = Keymap::defaults();
    for (w, h) in [(0, 0), (1, 1), (3, 2), (20, 5), (7, 40), (110, 3)] {
        let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
        term.draw(|frame| {
            let paint = Paint {
                theme: &theme,
                keymap: &keymap,
                screen: Rect::new(0, 0, w, h),
                title: Line::raw(""),
                status: Line::raw(""),
            };
            dialog.draw(frame, &paint);
        })
        .unwrap();
    }
}
