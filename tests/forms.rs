//! Snapshots of every form and of each step of the review wizard.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use common::app::{demo_app_as, keys, render};
use common::forms::{form, is_form_open, set};
use spmp::domain::{ItemKind, PlanPart};
use spmp::tui::component::Kind;

fn snake(kind: ItemKind) -> String {
    serde_json::to_string(&kind)
        .expect("kind name")
        .trim_matches('"')
        .to_string()
}

#[test]
fn snapshot_every_add_form() {
    let parts = [
        (PlanPart::Section1, "1"),
        (PlanPart::Section2, "2"),
        (PlanPart::Risk, "3"),
        (PlanPart::Timeline, "4"),
        (PlanPart::Reviews, "5"),
        (PlanPart::Victim, "6"),
    ];
    let mut seen = std::collections::HashSet::new();
    for (part, tab) in parts {
        for (pos, kind) in spmp::edit::addable(part).into_iter().enumerate() {
            if !seen.insert(kind) {
                continue;
            }
            let mut t = demo_app_as("DC Reviewer");
            let app = &mut t.app;
            keys(app, &format!("j<enter>{tab}a"));
            if app.dialog() == Some(Kind::Picker) {
                for _ in 0..pos {
                    keys(app, "j");
                }
                keys(app, "<enter>");
            }
            if app.dialog() == Some(Kind::Picker) {
                keys(app, "<enter>"); // the first parent
            }
            assert!(is_form_open(app), "{kind:?}: form open ({:?})", app.message);
            insta::assert_snapshot!(format!("form_{}_120x40", snake(kind)), render(app, 120, 40));
        }
    }
    let mut t = demo_app_as("DC Reviewer");
    let app = &mut t.app;
    keys(app, "n");
    insta::assert_snapshot!("form_new_subject_80x24", render(app, 80, 24));
}

#[test]
fn snapshot_form_with_inline_errors() {
    let mut t = demo_app_as("DC Reviewer");
    let app = &mut t.app;
    keys(app, "b");
    set(app, "date", "31/02/2026");
    set(app, "time", "25:00");
    keys(app, "<c-s>");
    assert!(is_form_open(app));
    assert!(form(app).issues().len() >= 3, "{:?}", form(app).issues());
    insta::assert_snapshot!("form_breach_errors_120x40", render(app, 120, 40));
}

#[test]
fn snapshot_each_wizard_step() {
    let mut t = demo_app_as("DC Reviewer");
    let app = &mut t.app;
    keys(app, "jr");
    let mut step = 0;
    while app.dialog() == Some(Kind::Wizard) && step < 40 {
        step += 1;
        let keys_in_step: Vec<&str> = form(app).fields().iter().map(|f| f.spec.key).collect();
        if keys_in_step.contains(&"note") && keys_in_step.contains(&"outcome") {
            set(app, "outcome", "Not verified");
            set(app, "note", "No contact with the victim this month");
        }
        insta::assert_snapshot!(
            format!("wizard_step_{step:02}_120x40"),
            render(app, 120, 40)
        );
        keys(app, "<c-s>");
        if app.dialog() == Some(Kind::Wizard) {
            assert!(
                form(app).issues().is_empty(),
                "step {step} refused: {:?}",
                form(app).issues()
            );
        }
    }
    assert!(step >= 5, "the wizard has at least five steps");
}
