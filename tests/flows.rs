//! Flow tests: key strings into the app, and the stored result checked after each step.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use common::app::{demo_app_as, empty_app, keys, open_as, render};
use common::forms::{form, is_form_open, set};
use spmp::domain::{ComplianceOutcome, ConditionKind, OrderKind, SignOffStatus};
use spmp::domain::{ItemKind, PlanPart};
use spmp::tui::app::App;
use spmp::tui::component::Kind;
use spmp::tui::dialogs::picker::Picker;

fn stored(app: &App, id: u64) -> spmp::domain::Subject {
    app.store
        .load(id)
        .expect("load")
        .expect("the subject is stored")
}

/// Choose `kind` in the add picker of the current tab (or go straight on if it is the only one).
fn choose_kind(app: &mut App, part: PlanPart, kind: ItemKind) {
    keys(app, "a");
    if is_form_open(app) {
        return;
    }
    let pos = spmp::edit::addable(part)
        .iter()
        .position(|k| *k == kind)
        .expect("kind addable here");
    for _ in 0..pos {
        keys(app, "j");
    }
    keys(app, "<enter>");
}

#[test]
fn create_a_subject_with_an_spo_and_three_conditions() {
    let mut t = empty_app();
    let app = &mut t.app;
    keys(app, "n");
    assert!(is_form_open(app), "n opens the new subject form");
    keys(app, "<c-s>");
    assert!(is_form_open(app), "an empty family name cannot be saved");
    assert_eq!(app.store.count().expect("count"), 0, "nothing stored yet");
    set(app, "family_name", "Tench");
    set(app, "given_names", "Oliver James");
    set(app, "date_of_birth", "14-03-88");
    set(app, "pnc_id", "00/000999Z");
    keys(app, "<c-s>");
    assert!(!is_form_open(app), "saved: {:?}", app.message);
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.starts_with("Saved"))
    );
    let id = app.main.current().expect("the new subject is selected").id;
    let s = stored(app, id);
    assert_eq!(s.family_name, "Tench");
    assert_eq!(
        s.date_of_birth,
        chrono::NaiveDate::from_ymd_opt(1988, 3, 14)
    );

    choose_kind(app, PlanPart::Section1, ItemKind::Order);
    set(app, "kind", "SPO (Stalking Protection Order)");
    set(app, "court", "Fenbridge Magistrates' Court");
    set(app, "made", "01/11/2026");
    set(app, "served", "31/10/2026");
    keys(app, "<c-s>");
    assert!(is_form_open(app), "served before made is refused");
    assert!(stored(app, id).orders.is_empty(), "nothing half-written");
    set(app, "served", "2026-11-02");
    set(app, "end", "Fixed date");
    set(app, "end_date", "+2y");
    keys(app, "<c-s>");
    assert!(!is_form_open(app), "order saved: {:?}", app.message);
    let s = stored(app, id);
    assert_eq!(s.orders.len(), 1);
    assert_eq!(s.orders[0].kind, OrderKind::Spo);
    let order_id = s.orders[0].id;

    for (kind, category, text) in [
        (
            "Prohibition",
            "contact",
            "Must not contact the victim by any means.",
        ),
        (
            "Prohibition",
            "exclusion zone",
            "Must not enter Harrow Lane.",
        ),
        (
            "Requirement",
            "devices",
            "Must give access to any device on request.",
        ),
    ] {
        choose_kind(app, PlanPart::Section1, ItemKind::Condition);
        set(app, "kind", kind);
        set(app, "category", category);
        set(app, "text", text);
        keys(app, "<c-s>");
        assert!(!is_form_open(app), "condition saved: {:?}", app.message);
    }
    let s = stored(app, id);
    let conditions = &s.orders[0].conditions;
    assert_eq!(conditions.len(), 3);
    assert_eq!(s.orders[0].id, order_id);
    assert_eq!(conditions[2].kind, ConditionKind::Requirement);
    assert_eq!(conditions[1].text, "Must not enter Harrow Lane.");
    let history = app.store.history(id).expect("history");
    assert_eq!(history.len(), 5, "created, order, three conditions");
    assert!(history.iter().all(|h| h.actor == "DC Test Reviewer"));
}

#[test]
fn full_review_with_one_breach_then_approve_then_undo() {
    let mut t = demo_app_as("DC Reviewer");
    let app = &mut t.app;
    // The subject with the most active conditions makes the longest review.
    let id = {
        let today = common::app::today();
        let best = spmp::interchange::demo_subjects()
            .expect("demo")
            .into_iter()
            .max_by_key(|s| {
                s.orders
                    .iter()
                    .map(|o| o.active_conditions(today).count())
                    .sum::<usize>()
            })
            .expect("demo subjects")
            .id;
        let pos = app
            .main
            .visible
            .iter()
            .position(|&i| app.main.subjects[i].id == best)
            .expect("listed");
        for _ in 0..pos {
            keys(app, "j");
        }
        best
    };
    let before = stored(app, id);
    keys(app, "r");
    assert!(app.dialog() == Some(Kind::Wizard));
    let mut breached = false;
    for _ in 0..60 {
        if app.dialog() != Some(Kind::Wizard) {
            break;
        }
        let keys_in_step: Vec<&str> = form(app).fields().iter().map(|f| f.spec.key).collect();
        if keys_in_step.contains(&"outcome") && keys_in_step.contains(&"note") {
            if breached {
                set(app, "outcome", "Complied");
            } else {
                set(app, "outcome", "Breached");
                set(app, "note", "Victim reported a message on 20/11");
                breached = true;
            }
        }
        keys(app, "<c-s>");
        assert!(
            form_ok(app),
            "step refused: {:?} {:?}",
            app.message,
            is_form_open(app).then(|| form(app).issues().to_vec())
        );
    }
    assert!(breached, "the subject had a condition to breach");
    // The review is saved and the breach form opens pre-filled.
    let s = stored(app, id);
    assert_eq!(s.reviews.len(), before.reviews.len() + 1);
    let review = s.reviews.last().expect("new review");
    assert_eq!(review.sign_off.status, SignOffStatus::Awaiting);
    assert_eq!(review.reviewer, "DC Reviewer");
    assert_eq!(
        review
            .outcomes
            .iter()
            .filter(|o| o.outcome == ComplianceOutcome::Breached)
            .count(),
        1
    );
    assert!(is_form_open(app), "the breach form opens after the review");
    set(app, "time", "21:40");
    set(app, "description", "Message sent through a new account.");
    keys(app, "<c-s>");
    assert!(!is_form_open(app), "breach saved: {:?}", app.message);
    let s = stored(app, id);
    assert_eq!(s.breaches.len(), before.breaches.len() + 1);
    assert!(
        s.needs_reassessment(),
        "a breach raises the subject for re-assessment"
    );
    let due = s.next_review.expect("review date set");
    assert!(
        due <= common::app::today() + chrono::Days::new(7),
        "review brought forward"
    );
    keys(app, "4");
    let screen = render(app, 160, 48);
    assert!(
        screen.contains("Message sent through a new account."),
        "{screen}"
    );

    // The reviewer cannot approve their own review: it is not offered.
    keys(app, "s");
    match (app.dialog(), app.top_as::<Picker>()) {
        (_, Some(p)) => {
            assert!(
                !p.labels
                    .iter()
                    .any(|l| l.starts_with("Review of 23 Nov 2026")),
                "own review offered: {:?}",
                p.labels
            );
        }
        // Refused: only their own work waits, or work above this user's rank (never their own).
        (None, _) => assert!(
            app.message
                .as_deref()
                .is_some_and(|m| m.contains("your own work")
                    || (m.contains("force policy") && !m.contains("23 Nov 2026"))),
            "{:?}",
            app.message
        ),
        _ => {
            let title = form(app).title().to_string();
            assert!(
                !title.contains("23 Nov 2026"),
                "own review offered: {title}"
            );
        }
    }
    keys(app, "<esc>");
    if app.dialog() == Some(Kind::Confirm) {
        keys(app, "y");
    }
    let dir = std::mem::replace(&mut t.dir, tempfile::tempdir().expect("tempdir"));
    drop(t);

    // A supervisor approves it.
    let mut t = open_as(dir, "DS Supervisor");
    let app = &mut t.app;
    let pos = app
        .main
        .visible
        .iter()
        .position(|&i| app.main.subjects[i].id == id)
        .expect("listed");
    for _ in 0..pos {
        keys(app, "j");
    }
    keys(app, "s");
    pick_todays_review(app);
    keys(app, "<c-s>");
    assert!(!is_form_open(app), "approved: {:?}", app.message);
    let s = stored(app, id);
    let review = s.reviews.last().expect("review");
    assert_eq!(review.sign_off.status, SignOffStatus::Approved);
    assert_eq!(review.sign_off.by.as_deref(), Some("DS Supervisor"));
    assert!(review.sign_off.at.is_some());

    // Signed-off is final: undo cannot take the approval back.
    let versions_before = app.store.history(id).expect("history").len();
    keys(app, "u");
    if app.dialog() == Some(Kind::Confirm) {
        keys(app, "y");
    }
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.contains("cannot be changed")),
        "{:?}",
        app.message
    );
    let s = stored(app, id);
    assert_eq!(
        s.reviews.last().map(|r| r.sign_off.status),
        Some(SignOffStatus::Approved)
    );
    assert_eq!(
        app.store.history(id).expect("history").len(),
        versions_before,
        "nothing written"
    );
}

/// In the sign-off picker (if several await), choose the review made today.
fn pick_todays_review(app: &mut App) {
    if let Some(p) = app.top_as::<Picker>() {
        let review = p
            .labels
            .iter()
            .position(|l| l.starts_with("Review of 23 Nov 2026"))
            .unwrap_or_else(|| panic!("today's review is awaiting: {:?}", p.labels));
        for _ in 0..review {
            keys(app, "j");
        }
        keys(app, "<enter>");
    }
}

fn form_ok(app: &App) -> bool {
    !is_form_open(app) || form(app).issues().is_empty()
}

#[test]
fn invalid_dates_are_explained_and_nothing_is_saved() {
    let mut t = demo_app_as("DC Reviewer");
    let app = &mut t.app;
    let id = app.main.current().expect("subject").id;
    let before = stored(app, id);
    keys(app, "<enter>2");
    choose_kind(app, PlanPart::Section2, ItemKind::Vehicle);
    set(app, "vrm", "ZZ26 ABC");
    keys(app, "<c-s>");
    assert!(!is_form_open(app), "{:?}", app.message);
    assert_eq!(
        stored(app, id).section2.vehicles.len(),
        before.section2.vehicles.len() + 1
    );

    choose_kind(app, PlanPart::Section2, ItemKind::Relationship);
    for bad in ["31/02/2026", "11/23/2026", "23/11", "soon"] {
        set(app, "learned", bad);
        keys(app, "<c-s>");
        assert!(is_form_open(app), "{bad} refused");
        let i = form(app)
            .fields()
            .iter()
            .position(|f| f.spec.key == "learned")
            .expect("field");
        assert!(
            form(app).issues().iter().any(|x| x.field == Some(i)),
            "{bad}: the fault is shown at the date field"
        );
    }
    assert_eq!(
        stored(app, id).section2.relationships,
        before.section2.relationships
    );
    set(app, "learned", "yesterday");
    set(app, "partner", "A. N. Other (fictional)");
    keys(app, "<c-s>");
    assert!(!is_form_open(app), "{:?}", app.message);
    let s = stored(app, id);
    let added = s.section2.relationships.last().expect("added");
    assert_eq!(added.learned, common::app::today() - chrono::Days::new(1));
}

#[test]
fn esc_on_a_changed_form_asks_and_no_keeps_it() {
    let mut t = demo_app_as("DC Reviewer");
    let app = &mut t.app;
    keys(app, "b");
    set(app, "description", "typed");
    keys(app, "<esc>");
    assert!(app.dialog() == Some(Kind::Confirm));
    keys(app, "n");
    assert!(is_form_open(app));
    assert!(
        form(app).values().iter().any(|v| v == "typed"),
        "what was typed is still there"
    );
    keys(app, "<esc>y");
    assert!(app.dialog().is_none());
    // An unchanged form closes without asking.
    keys(app, "b<esc>");
    assert!(app.dialog().is_none());
}

#[test]
fn closing_the_queue_filter_keeps_a_new_subject_draft() {
    // The filter form and the new-subject form once shared a draft key: closing the filter
    // deleted the kept new subject. Drafts now have typed keys, and the filter has none.
    let mut t = demo_app_as("DC Reviewer");
    let app = &mut t.app;
    keys(app, "n");
    set(app, "family_name", "DRAFTON");
    app.tick(std::time::Instant::now() + std::time::Duration::from_secs(1));
    keys(app, "<c-c>");
    let dir = std::mem::replace(&mut t.dir, tempfile::tempdir().expect("tempdir"));
    drop(t);
    let mut t = open_as(dir, "DC Reviewer");
    let app = &mut t.app;
    assert!(
        app.dialog() == Some(Kind::Drafts),
        "the new subject is offered"
    );
    keys(app, "<esc>");
    // Open the filter, change it, and close it both ways.
    keys(app, "f<esc>");
    keys(app, "f");
    set(app, "officer", "DC Nobody");
    keys(app, "<esc>y");
    keys(app, "f<c-s>");
    assert!(app.dialog().is_none(), "{:?}", app.message);
    let drafts = app.store.drafts().expect("drafts");
    assert_eq!(drafts.len(), 1, "the new-subject draft is kept: {drafts:?}");
    assert_eq!(drafts[0].key.subject(), None);
    let dir = std::mem::replace(&mut t.dir, tempfile::tempdir().expect("tempdir"));
    drop(t);
    let mut t = open_as(dir, "DC Reviewer");
    let app = &mut t.app;
    keys(app, "<enter>");
    assert!(
        form(app).values().iter().any(|v| v == "DRAFTON"),
        "the draft comes back"
    );
}

#[test]
fn a_draft_is_kept_and_offered_when_the_store_is_reopened() {
    let mut t = demo_app_as("DC Reviewer");
    let app = &mut t.app;
    keys(app, "b");
    set(app, "description", "Half-written breach");
    app.tick(std::time::Instant::now() + std::time::Duration::from_secs(1));
    let drafts = app.store.drafts().expect("drafts");
    assert_eq!(drafts.len(), 1, "the debounced draft was written");
    let dir = std::mem::replace(&mut t.dir, tempfile::tempdir().expect("tempdir"));
    drop(t);
    let mut t = open_as(dir, "DC Reviewer");
    let app = &mut t.app;
    assert!(app.dialog() == Some(Kind::Drafts), "drafts offered at open");
    keys(app, "<enter>");
    assert!(
        form(app)
            .values()
            .iter()
            .any(|v| v == "Half-written breach")
    );
    keys(app, "<esc>y");
    assert!(
        app.store.drafts().expect("drafts").is_empty(),
        "discarding removes the draft"
    );
    let _ = spmp::store::testkit::open(t.dir.path()).expect("store still opens");
}

#[test]
fn every_action_is_in_the_palette_with_its_key() {
    let mut t = demo_app_as("DC Reviewer");
    let app = &mut t.app;
    keys(app, ":");
    let screen = render(app, 160, 60);
    for name in [
        "new_subject",
        "add_item",
        "edit_item",
        "delete_item",
        "review",
        "breach",
        "sign_off",
        "history",
        "undo",
    ] {
        assert!(
            screen.contains(name),
            "{name} missing from the palette:\n{screen}"
        );
    }
    keys(app, "<esc>:history<enter>");
    assert!(app.dialog() == Some(Kind::History));
}

#[test]
fn undo_walks_back_through_several_changes_of_one_subject() {
    let mut t = demo_app_as("DC Reviewer");
    let app = &mut t.app;
    let id = app.main.current().expect("subject").id;
    let before = stored(app, id);
    keys(app, "<enter>2");
    choose_kind(app, PlanPart::Section2, ItemKind::Vehicle);
    set(app, "vrm", "ZZ26 UND");
    keys(app, "<c-s>");
    choose_kind(app, PlanPart::Section2, ItemKind::Device);
    set(app, "device_type", "Phone");
    keys(app, "<c-s>");
    let s = stored(app, id);
    assert_eq!(
        s.section2.vehicles.len(),
        before.section2.vehicles.len() + 1
    );
    assert_eq!(s.section2.devices.len(), before.section2.devices.len() + 1);
    keys(app, "u");
    let s = stored(app, id);
    assert_eq!(
        s.section2.devices.len(),
        before.section2.devices.len(),
        "device undone"
    );
    assert_eq!(
        s.section2.vehicles.len(),
        before.section2.vehicles.len() + 1
    );
    keys(app, "u");
    // Both changes undone. The plan was approved: the first change reopened it, and undoing
    // never writes a sign-off, so it stays awaiting a supervisor's approval.
    let now = stored(app, id);
    let mut expected = before.clone();
    expected.plan_sign_off = now.plan_sign_off.clone();
    assert_eq!(now, expected, "both changes undone: {:?}", app.message);
    if before
        .plan_sign_off
        .as_ref()
        .is_some_and(|so| so.status == SignOffStatus::Approved)
    {
        assert_eq!(
            now.plan_sign_off.map(|so| so.status),
            Some(SignOffStatus::Awaiting)
        );
    }
    keys(app, "u");
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.contains("Nothing to undo"))
    );
}

#[test]
fn a_new_subject_is_selected_even_with_a_search_filter_on() {
    let mut t = demo_app_as("DC Reviewer");
    let app = &mut t.app;
    keys(app, "/wrz<enter>enquiry<enter>");
    assert_eq!(app.main.visible.len(), 1);
    keys(app, "n");
    set(app, "family_name", "Newman");
    keys(app, "<c-s>");
    assert_eq!(
        app.main.current().map(|s| s.family_name.as_str()),
        Some("Newman")
    );
    keys(app, "b");
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.contains("no order")),
        "{:?}",
        app.message
    );
}

#[test]
fn a_sign_off_draft_is_restored_as_a_sign_off() {
    let mut t = demo_app_as("DS Other");
    let app = &mut t.app;
    let target = spmp::interchange::demo_subjects()
        .expect("demo")
        .iter()
        .find(|s| !spmp::domain::awaiting(s).is_empty())
        .map(|s| s.id)
        .expect("a demo subject awaits sign-off");
    let pos = app
        .main
        .visible
        .iter()
        .position(|&i| app.main.subjects[i].id == target)
        .expect("listed");
    for _ in 0..pos {
        keys(app, "j");
    }
    keys(app, "s");
    if app.dialog() == Some(Kind::Picker) {
        keys(app, "<enter>");
    }
    assert!(
        form(app).title().starts_with("Sign off"),
        "{}",
        form(app).title()
    );
    set(app, "decision", "Return");
    set(app, "comment", "Please add the visit findings");
    app.tick(std::time::Instant::now() + std::time::Duration::from_secs(1));
    let dir = std::mem::replace(&mut t.dir, tempfile::tempdir().expect("tempdir"));
    drop(t);
    let mut t = open_as(dir, "DS Other");
    let app = &mut t.app;
    keys(app, "<enter>");
    assert!(
        form(app).title().starts_with("Sign off"),
        "{:?}",
        app.message
    );
    assert!(
        form(app)
            .values()
            .contains(&"Please add the visit findings".to_string())
    );
    keys(app, "<c-s>");
    assert!(!is_form_open(app), "{:?}", app.message);
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.starts_with("Saved: Returned"))
    );
}

#[test]
fn views_and_filters_narrow_the_queue() {
    let mut t = demo_app_as("DC Priya Raman");
    let app = &mut t.app;
    let all = app.main.visible.len();
    assert!(app.main.list_title().starts_with("Queue: all"));
    assert!(
        all > 0 && all < app.main.subjects.len(),
        "the queue holds only subjects needing action"
    );
    let entries = app.main.queue_entries();
    assert_eq!(entries.len(), app.main.queue.len());
    let first = entries.first().expect("queue").clone();
    assert!(
        entries
            .windows(2)
            .all(|w| spmp::domain::urgency_order(&w[0], &w[1]).is_le())
    );
    assert_eq!(app.main.current().map(|s| s.id), Some(first.subject));

    keys(app, "v");
    assert!(app.main.list_title().starts_with("Queue: mine"));
    assert!(
        app.main
            .visible
            .iter()
            .all(|&i| app.main.subjects[i].officer.as_deref() == Some("DC Priya Raman"))
    );
    keys(app, "v");
    assert!(app.main.list_title().starts_with("Queue: due in 7 days"));
    let soon = app.main.visible.len();
    assert!(soon <= all);
    keys(app, "v");
    assert_eq!(app.main.list_title(), "Subjects");
    assert_eq!(app.main.visible.len(), app.main.subjects.len());
    keys(app, "v");
    assert!(app.main.list_title().starts_with("Queue: all"));

    keys(app, "f");
    assert!(is_form_open(app));
    set(app, "risk", "Very High or above");
    keys(app, "<c-s>");
    assert!(!is_form_open(app));
    assert!(app.main.list_title().contains("filtered"));
    assert!(!app.main.visible.is_empty());
    assert!(
        app.main
            .visible
            .iter()
            .all(|&i| app.main.subjects[i].risk == Some(spmp::domain::RiskLevel::VeryHigh))
    );
    insta::assert_snapshot!("queue_filtered_120x40", render(app, 120, 40));
    keys(app, "f");
    set(app, "risk", "Any");
    keys(app, "<c-s>");
    assert_eq!(app.main.visible.len(), all);
}

#[test]
fn search_results_name_the_field_and_open_the_item() {
    let mut t = demo_app_as("DC Reviewer");
    let app = &mut t.app;
    keys(app, "/07700 900");
    assert!(
        !app.main.hits.is_empty(),
        "phone numbers typed with a space are found"
    );
    assert!(
        app.main
            .hits
            .iter()
            .all(|h| h.field == "phone" || h.field == "device" || h.field == "IMEI"),
        "{:?}",
        app.main.hits.iter().map(|h| h.field).collect::<Vec<_>>()
    );
    insta::assert_snapshot!("search_phone_120x40", render(app, 120, 40));
    let hit = app.main.hits[0].clone();
    keys(app, "<enter>call from the victim's IDVA<enter>");
    assert_eq!(app.main.tab, spmp::domain::PlanPart::Section2);
    // The item is marked by its identity, not by finding its text on screen.
    assert_eq!(app.main.detail_mark, hit.target);
    assert!(hit.target.is_some(), "a phone number belongs to a device");
    let screen = render(app, 120, 40);
    assert!(
        screen.contains(hit.text.trim()),
        "the matched item is on screen:\n{screen}"
    );
}

#[test]
fn the_queue_after_edits_equals_a_fresh_queue() {
    let mut t = demo_app_as("DC Reviewer");
    let app = &mut t.app;
    keys(app, "v"); // mine: empty for this user, so the list shows...
    keys(app, "vv"); // ...all subjects alphabetically: every subject reachable
    for n in 0..4 {
        keys(app, "j");
        keys(app, "b");
        if !is_form_open(app) {
            continue;
        }
        set(app, "time", "10:00");
        set(
            app,
            "description",
            &format!("Breach {n} recorded in a test"),
        );
        keys(app, "<c-s>");
        assert!(!is_form_open(app), "{:?}", app.message);
    }
    let whole: Vec<spmp::domain::Subject> = app
        .main
        .subjects
        .iter()
        .map(|t| app.store.load(t.id).expect("load").expect("stored"))
        .collect();
    let fresh = spmp::domain::queue(
        &whole,
        &app.main.policy,
        app.main.today,
        &app.main.queue_filter,
    );
    assert_eq!(
        app.main.queue_entries(),
        fresh,
        "the incrementally kept queue matches a recomputed one"
    );
}

#[test]
fn history_shows_what_changed_in_full() {
    let mut t = demo_app_as("DC Reviewer");
    let app = &mut t.app;
    keys(app, "<enter>2");
    choose_kind(app, PlanPart::Section2, ItemKind::Device);
    set(app, "device_type", "Phone");
    set(app, "make_model", "Fictional Phone Model X9");
    set(app, "imei_serial", "356938035643809");
    keys(app, "<c-s>");
    assert!(!is_form_open(app), "{:?}", app.message);
    keys(app, "h");
    assert!(app.dialog() == Some(Kind::History));
    let screen = render(app, 80, 40);
    assert!(
        screen.contains("Added device Fictional Phone Model X9 (phone)"),
        "the change reads as a sentence:\n{screen}"
    );
    assert!(!screen.contains(r#""status""#), "never JSON:\n{screen}");
    assert!(screen.contains("DC Reviewer"));
}
