//! Putting mistakes right in the app, by keys: a subject created by mistake deleted with its
//! reason (gone from the list and the store), the palette offering deletion and merging only
//! when allowed, a merge chosen from the list, and undo asking first (listing what it undoes)
//! for a change to several fields but not for one.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use common::app::{demo_app_as, empty_app, keys, open_with_roles, render};
use common::forms::{form, is_form_open, set};
use spmp::domain::{Role, Subject};
use spmp::tui::app::App;
use spmp::tui::component::Kind;
use spmp::tui::dialogs::confirm::Confirm;
use spmp::tui::dialogs::mistakes::{Duplicates, Why};
use spmp::tui::dialogs::picker::Picker;

/// The screen with the creation times (the store's clock) replaced, so snapshots are stable.
fn stable(app: &mut App, id: u64, w: u16, h: u16) -> String {
    let c = app.store.check_delete(id).expect("deletable");
    render(app, w, h)
        .replace(&c.at.format("%d %b %Y %H:%M UTC").to_string(), "<created>")
        .replace(&c.until.format("%d %b %Y %H:%M UTC").to_string(), "<until>")
}

/// Show every subject (the list, not the queue).
fn all_subjects(app: &mut App) {
    for _ in 0..4 {
        if app.main.list_mode == spmp::tui::app::ListMode::Subjects {
            return;
        }
        keys(app, "v");
    }
    panic!("no subject list view");
}

/// Type `text` into the focused text field.
fn type_text(app: &mut App, text: &str) {
    keys(app, text);
}

#[test]
fn a_subject_created_by_mistake_is_deleted_with_its_reason() {
    let mut t = empty_app();
    let app = &mut t.app;
    keys(app, "n");
    set(app, "family_name", "Mistaken");
    set(app, "given_names", "Entry");
    keys(app, "<c-s>");
    assert!(!is_form_open(app), "{:?}", app.message);
    let id = app.main.current().expect("selected").id;
    assert!(app.store.load(id).expect("load").is_some());

    // `d` on Section 1 offers the whole subject, since it may be deleted.
    keys(app, "d");
    let p = app.top_as::<Picker>().expect("delete picker");
    assert!(
        p.labels
            .iter()
            .any(|l| l.contains("Delete subject (created in error)")),
        "{:?}",
        p.labels
    );
    keys(app, "<esc>");

    keys(app, "D");
    assert!(
        app.top_as::<Why>().is_some(),
        "D asks why: {:?}",
        app.message
    );
    insta::assert_snapshot!("delete_why_120x40", stable(app, id, 120, 40));
    // No reason, no deletion.
    keys(app, "<enter>");
    assert!(app.top_as::<Why>().is_some(), "a reason is required");
    type_text(app, "Typed the wrong nominal");
    keys(app, "<enter>");
    let c = app.top_as::<Confirm>().expect("asks to confirm");
    assert!(
        c.message
            .contains(&format!("Delete subject {id}, MISTAKEN, Entry")),
        "{}",
        c.message
    );
    insta::assert_snapshot!("delete_confirm_120x40", stable(app, id, 120, 40));
    // Drawn safely when too small (keys wait until it is big enough again).
    let _ = render(app, 20, 5);
    let _ = render(app, 120, 40);
    keys(app, "y");
    assert!(
        app.dialog().is_none(),
        "{:?} {:?}",
        app.dialog(),
        app.message
    );
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.contains(&format!("Deleted subject {id} (created in error)"))),
        "{:?}",
        app.message
    );
    assert!(app.main.subject(id).is_none(), "gone from the list");
    assert!(
        app.store.load(id).expect("load").is_none(),
        "gone from the store"
    );
    assert!(app.store.history(id).expect("history").is_empty());
    assert!(app.store.verify_audit().expect("audit").is_ok());
    // A new subject never gets the id back.
    keys(app, "n");
    set(app, "family_name", "Next");
    keys(app, "<c-s>");
    assert!(app.main.current().expect("new").id > id);
}

#[test]
fn answering_no_deletes_nothing_and_others_are_not_offered_it() {
    let mut t = empty_app();
    let app = &mut t.app;
    keys(app, "n");
    set(app, "family_name", "Kept");
    keys(app, "<c-s>");
    let id = app.main.current().expect("selected").id;
    keys(app, "D");
    type_text(app, "oops");
    keys(app, "<enter>n");
    assert!(app.dialog().is_none());
    assert_eq!(
        app.message.as_deref(),
        Some("Not deleted: nothing was changed")
    );
    assert!(app.store.load(id).expect("load").is_some());

    // Another reviewer: not offered in the palette or the delete picker; `D` says why.
    let dir = std::mem::replace(&mut t.dir, tempfile::tempdir().expect("tempdir"));
    drop(t);
    let mut t = open_with_roles(dir, "DC Other", &[Role::Reviewer]);
    let app = &mut t.app;
    all_subjects(app);
    while app.main.current().map(|s| s.id) != Some(id) {
        keys(app, "j");
    }
    keys(app, ":");
    let screen = render(app, 160, 60);
    assert!(!screen.contains("delete_subject"), "{screen}");
    assert!(!screen.contains("merge_subjects"), "{screen}");
    assert!(screen.contains("archive_subject"), "{screen}");
    keys(app, "<esc>D");
    if app.dialog() == Some(Kind::Reason) && app.top_as::<Why>().is_none() {
        // Opening from the full list asks why the record is opened first.
        type_text(app, "checking");
        keys(app, "<enter>D");
    }
    assert!(app.top_as::<Why>().is_none());
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.contains("only the officer who created it")),
        "{:?}",
        app.message
    );
    keys(app, "1d");
    if let Some(p) = app.top_as::<Picker>() {
        assert!(
            !p.labels.iter().any(|l| l.contains("Delete subject")),
            "{:?}",
            p.labels
        );
    }
}

#[test]
fn a_supervisor_merges_a_duplicate_chosen_from_the_list() {
    let mut t = demo_app_as("DS Supervisor");
    let app = &mut t.app;
    all_subjects(app);
    let keep = app.main.current().expect("subject").clone();
    let from = app
        .main
        .subjects
        .iter()
        .find(|s| s.id != keep.id && s.date_of_birth.is_none_or(|d| d <= keep.opened))
        .map(|t| app.store.load(t.id).expect("load").expect("stored"))
        .expect("another subject");
    keys(app, "M");
    if app.top_as::<Duplicates>().is_none() {
        type_text(app, "duplicate check");
        keys(app, "<enter>M");
    }
    assert!(app.top_as::<Duplicates>().is_some(), "{:?}", app.message);
    type_text(app, &from.family_name.to_lowercase());
    insta::assert_snapshot!("merge_pick_120x40", render(app, 120, 40));
    while app
        .top_as::<Duplicates>()
        .and_then(|d| d.shown().get(d.selected).map(|(id, _)| *id))
        != Some(from.id)
    {
        keys(app, "<down>");
    }
    keys(app, "<enter>");
    assert!(app.top_as::<Why>().is_some(), "{:?}", app.message);
    insta::assert_snapshot!("merge_why_120x40", render(app, 120, 40));
    let _ = render(app, 20, 5);
    let _ = render(app, 120, 40);
    type_text(app, "Same person entered twice");
    keys(app, "<enter>");
    let c = app.top_as::<Confirm>().expect("confirm");
    assert!(
        c.message.contains(&format!("Merge subject {}", from.id)),
        "{}",
        c.message
    );
    keys(app, "y");
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.starts_with(&format!("Merged subject {} into", from.id))),
        "{:?}",
        app.message
    );
    assert!(app.main.subject(from.id).is_none());
    assert!(app.store.load(from.id).expect("load").is_none());
    let merged = app.store.load(keep.id).expect("load").expect("kept");
    assert_eq!(merged.orders.len(), keep.orders.len() + from.orders.len());
    assert_eq!(
        merged.reviews.len(),
        keep.reviews.len() + from.reviews.len()
    );
    assert!(app.store.verify_audit().expect("audit").is_ok());
}

#[test]
fn a_reviewer_is_not_offered_merging() {
    let dir = tempfile::tempdir().expect("tempdir");
    drop(spmp::store::testkit::open(dir.path()).expect("store"));
    let mut t = open_with_roles(dir, "DC Reviewer", &[Role::Reviewer]);
    let app = &mut t.app;
    keys(app, "M");
    assert!(app.dialog().is_none());
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.contains("Supervisor")),
        "{:?}",
        app.message
    );
}

/// Walk the review wizard of the selected subject to the end with every condition complied.
fn record_review(app: &mut App) {
    keys(app, "r");
    assert!(app.dialog() == Some(Kind::Wizard), "{:?}", app.message);
    for _ in 0..60 {
        if app.dialog() != Some(Kind::Wizard) {
            break;
        }
        let keys_in_step: Vec<&str> = form(app).fields().iter().map(|f| f.spec.key).collect();
        if keys_in_step.contains(&"outcome") && keys_in_step.contains(&"note") {
            set(app, "outcome", "Complied");
        }
        keys(app, "<c-s>");
        assert!(
            !is_form_open(app) || form(app).issues().is_empty(),
            "step refused: {:?} {:?}",
            app.message,
            is_form_open(app).then(|| form(app).issues().to_vec())
        );
    }
    assert!(
        app.dialog().is_none(),
        "the review is saved: {:?}",
        app.message
    );
}

#[test]
fn undoing_a_review_asks_first_and_lists_what_it_undoes() {
    let mut t = demo_app_as("DC Reviewer");
    let app = &mut t.app;
    let id = app.main.current().expect("subject").id;
    let before = app.store.load(id).expect("load").expect("stored");
    keys(app, "<enter>");
    record_review(app);
    let after = app.store.load(id).expect("load").expect("stored");
    assert_eq!(after.reviews.len(), before.reviews.len() + 1);

    keys(app, "u");
    let c = app
        .top_as::<Confirm>()
        .expect("undo of a review asks first");
    assert!(c.message.starts_with("Undo \"Recorded"), "{}", c.message);
    assert!(c.details.len() > 1, "{:?}", c.details);
    assert!(
        c.details.iter().any(|d| d.starts_with("Removed review of")),
        "the review is named: {:?}",
        c.details
    );
    insta::assert_snapshot!("undo_review_confirm_120x40", render(app, 120, 40));
    let _ = render(app, 20, 5);
    let _ = render(app, 120, 40);
    // `n` keeps it.
    keys(app, "n");
    assert!(app.dialog().is_none());
    assert_eq!(
        app.message.as_deref(),
        Some("Not undone: nothing was changed")
    );
    assert_eq!(app.store.load(id).expect("load").expect("stored"), after);
    // Asked again, `y` undoes it all.
    keys(app, "uy");
    assert_eq!(app.store.load(id).expect("load").expect("stored"), before);
    // Redo asks the same way.
    keys(app, "U");
    assert!(app.top_as::<Confirm>().is_some(), "redo asks too");
    keys(app, "y");
    assert_eq!(
        app.store
            .load(id)
            .expect("load")
            .expect("stored")
            .reviews
            .len(),
        after.reviews.len()
    );
}

#[test]
fn undoing_one_field_does_not_ask() {
    let mut t = demo_app_as("DC Reviewer");
    let app = &mut t.app;
    let id = app.main.current().expect("subject").id;
    let before = app.store.load(id).expect("load").expect("stored");
    keys(app, "<enter>1e");
    if app.top_as::<Picker>().is_some() {
        keys(app, "<enter>");
    }
    set(app, "given_names", "Renamed");
    keys(app, "<c-s>");
    assert!(!is_form_open(app), "{:?}", app.message);
    assert_eq!(
        app.store
            .load(id)
            .expect("load")
            .expect("stored")
            .given_names,
        "Renamed"
    );
    // Renaming reopened the approved plan; undo never writes a sign-off, so the plan stays
    // awaiting a supervisor's approval and the name is all that changes.
    let reopened = app
        .store
        .load(id)
        .expect("load")
        .expect("stored")
        .plan_sign_off;
    keys(app, "u");
    assert!(
        app.dialog().is_none(),
        "one field: no question: {:?}",
        app.top_as::<Confirm>().map(|c| &c.details)
    );
    let undone = app.store.load(id).expect("load").expect("stored");
    assert_eq!(undone.plan_sign_off, reopened);
    assert_eq!(
        Subject {
            plan_sign_off: before.plan_sign_off.clone(),
            ..undone
        },
        before
    );
    keys(app, "U");
    assert!(app.dialog().is_none());
    assert_eq!(
        app.store
            .load(id)
            .expect("load")
            .expect("stored")
            .given_names,
        "Renamed"
    );
}

/// Select subject `id` in the full list.
fn select(app: &mut App, id: u64) {
    all_subjects(app);
    keys(app, "g");
    for _ in 0..app.main.subjects.len() {
        if app.main.current().map(|s| s.id) == Some(id) {
            return;
        }
        keys(app, "j");
    }
    panic!("subject {id} not in the list");
}

/// Press `key`; if the app first asks why the record is opened (not one of the user's),
/// answer and press it again.
fn press(app: &mut App, key: &str) {
    keys(app, key);
    if app.dialog() == Some(Kind::Reason) && app.top_as::<Why>().is_none() {
        type_text(app, "checking");
        keys(app, "<enter>");
        keys(app, key);
    }
}

#[test]
fn a_viewer_is_offered_none_of_it_and_each_key_says_why() {
    let dir = tempfile::tempdir().expect("tempdir");
    let id = {
        let mut rita =
            spmp::store::testkit::open_as(dir.path(), "DC Rita", &[Role::Reviewer]).expect("store");
        let mut s = Subject::new(0, "Mistaken", "Entry", common::app::today());
        rita.insert_new(&mut s, "Created the subject")
            .expect("insert");
        s.id
    };
    let mut t = open_with_roles(dir, "Vic Viewer", &[Role::Viewer]);
    let app = &mut t.app;
    select(app, id);
    keys(app, ":");
    let screen = render(app, 160, 60);
    for action in ["delete_subject", "archive_subject", "merge_subjects"] {
        assert!(!screen.contains(action), "{action} offered: {screen}");
    }
    keys(app, "<esc>");
    for key in ["D", "Z", "M"] {
        app.message = None;
        press(app, key);
        assert!(app.top_as::<Why>().is_none(), "{key}");
        assert!(app.top_as::<Duplicates>().is_none(), "{key}");
        assert!(
            app.message
                .as_deref()
                .is_some_and(|m| m.contains("may not")),
            "{key}: {:?}",
            app.message
        );
    }
    assert!(app.store.load(id).expect("load").is_some());
}

#[test]
fn signed_off_work_or_a_window_turned_off_is_refused_saying_what_to_do() {
    let mut t = demo_app_as("DS Supervisor");
    let app = &mut t.app;
    // Subject 2 has approved reviews: kept, even from a supervisor.
    select(app, 2);
    press(app, "D");
    assert!(app.top_as::<Why>().is_none());
    let m = app.message.clone().unwrap_or_default();
    assert!(m.contains("Cannot delete subject 2"), "{m}");
    assert!(m.contains("decisions recorded"), "{m}");
    assert!(
        m.contains("Archive subject"),
        "says to archive instead: {m}"
    );
    assert!(app.store.load(2).expect("load").is_some());

    // Force policy turned off (window 0): a new record is refused too, and the palette does
    // not offer it.
    keys(app, "n");
    set(app, "family_name", "Mistaken");
    keys(app, "<c-s>");
    let id = app.main.current().expect("new").id;
    app.store.set_delete_window_hours(0);
    press(app, "D");
    assert!(app.top_as::<Why>().is_none());
    let m = app.message.clone().unwrap_or_default();
    assert!(m.contains("delete_window_hours = 0"), "{m}");
    keys(app, ":");
    assert!(!render(app, 160, 60).contains("delete_subject"));
    keys(app, "<esc>");
    assert!(app.store.load(id).expect("load").is_some());
}

#[test]
fn archive_is_reachable_from_the_app_with_its_reason() {
    let mut t = empty_app();
    let app = &mut t.app;
    keys(app, "n");
    set(app, "family_name", "Ended");
    keys(app, "<c-s>");
    let id = app.main.current().expect("selected").id;
    keys(app, "Z");
    assert!(
        app.top_as::<Why>().is_some(),
        "Z asks why: {:?}",
        app.message
    );
    insta::assert_snapshot!("archive_why_80x24", render(app, 80, 24));
    keys(app, "<enter>");
    assert!(app.top_as::<Why>().is_some(), "a reason is required");
    type_text(app, "Orders ended, no further action");
    keys(app, "<enter>");
    assert!(app.dialog().is_none());
    let m = app.message.clone().unwrap_or_default();
    assert!(m.starts_with(&format!("Archived subject {id}")), "{m}");
    let archived = spmp::ops::retention::archived(&app.store).expect("archived");
    assert!(
        archived
            .iter()
            .any(|a| a.id == id && a.reason == "Orders ended, no further action")
    );
    assert!(app.store.verify_audit().expect("audit").is_ok());
    // Not twice; and the palette no longer offers it for this subject.
    keys(app, "Z");
    assert!(app.dialog().is_none());
    assert_eq!(
        app.message.as_deref(),
        Some(format!("Subject {id} is already archived").as_str())
    );
}

#[test]
fn a_subject_with_a_live_order_is_not_archived() {
    let mut t = demo_app_as("DS Supervisor");
    let app = &mut t.app;
    select(app, 2);
    press(app, "Z");
    assert!(app.top_as::<Why>().is_some(), "{:?}", app.message);
    type_text(app, "tidying up");
    keys(app, "<enter>");
    let m = app.message.clone().unwrap_or_default();
    assert!(m.starts_with("Not archived:"), "{m}");
    assert!(
        spmp::ops::retention::archived(&app.store)
            .expect("archived")
            .iter()
            .all(|a| a.id != 2)
    );
}
