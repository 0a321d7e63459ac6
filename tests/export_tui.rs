//! `x` in the TUI: the plan or a visit sheet as a document; the recipient and reason are asked
//! and recorded as a disclosure before the file is written.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use common::app::{demo_app_as, keys, open_with_roles};
use common::forms::{is_form_open, set};
use spmp::domain::Role;
use spmp::store::AuditKind;

fn disclosures(
    app: &spmp::tui::app::App,
    id: spmp::domain::SubjectId,
) -> Vec<(String, String, String)> {
    app.store
        .audit_trail(id)
        .expect("trail")
        .into_iter()
        .filter(|e| e.kind == AuditKind::Disclosure)
        .map(|e| {
            (
                e.what,
                e.recipient.unwrap_or_default(),
                e.justification.unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn x_writes_the_plan_after_recording_the_disclosure() {
    let mut t = demo_app_as("DS Export Sup");
    let out = tempfile::tempdir().expect("out dir");
    let id = t.main.current().expect("a subject").id;
    keys(&mut t, "x");
    assert!(is_form_open(&t), "the export form opens: {:?}", t.message);
    let file = out.path().join("plan.pdf");
    set(&mut t, "file", file.to_str().expect("utf8"));
    // Recipient and reason are required: nothing is written without them.
    keys(&mut t, "<c-s>");
    assert!(is_form_open(&t));
    assert!(!file.exists());
    assert!(disclosures(&t, id).is_empty());
    set(&mut t, "recipient", "Niche records team");
    set(&mut t, "reason", "Filing the reviewed plan");
    keys(&mut t, "<c-s>");
    assert!(!is_form_open(&t), "{:?}", t.message);
    let bytes = std::fs::read(&file).expect("the PDF was written");
    assert!(bytes.starts_with(b"%PDF"), "a PDF");
    assert_eq!(
        disclosures(&t, id),
        vec![(
            format!("Exported the plan of subject {id} as PDF"),
            "Niche records team".to_string(),
            "Filing the reviewed plan".to_string()
        )]
    );
    assert!(
        t.message
            .as_deref()
            .is_some_and(|m| m.contains("recorded as a disclosure")),
        "{:?}",
        t.message
    );

    // An existing file is never overwritten: the form stays, nothing more is recorded.
    keys(&mut t, "x");
    set(&mut t, "file", file.to_str().expect("utf8"));
    set(&mut t, "recipient", "Someone");
    set(&mut t, "reason", "Again");
    keys(&mut t, "<c-s>");
    assert!(is_form_open(&t));
    assert!(
        t.message
            .as_deref()
            .is_some_and(|m| m.contains("already exists")),
        "{:?}",
        t.message
    );
    assert_eq!(disclosures(&t, id).len(), 1);
}

#[test]
fn x_writes_a_text_visit_sheet_with_the_extension_of_its_format() {
    let mut t = demo_app_as("DC Export Rev");
    let out = tempfile::tempdir().expect("out dir");
    keys(&mut t, "x");
    set(&mut t, "kind", "Visit sheet (text)");
    set(
        &mut t,
        "file",
        out.path().join("sheet.pdf").to_str().expect("utf8"),
    );
    set(&mut t, "recipient", "PC Neighbourhood Team");
    set(&mut t, "reason", "Home visit");
    keys(&mut t, "<c-s>");
    let text = std::fs::read_to_string(out.path().join("sheet.txt")).expect("written as .txt");
    assert!(text.contains("OFFICIAL-SENSITIVE"));
    assert!(text.contains("VISIT SHEET"), "{text}");
    assert!(text.contains("CONDITIONS TO CHECK"), "{text}");
}

#[test]
fn a_viewer_cannot_export() {
    let dir = tempfile::tempdir().expect("tempdir");
    {
        let mut s = spmp::store::testkit::open(dir.path()).expect("store");
        let subjects = spmp::interchange::demo_subjects().expect("demo");
        s.save_all(&subjects, "seed").expect("seed");
    }
    let mut t = open_with_roles(dir, "PC Viewer", &[Role::Viewer]);
    keys(&mut t, "x");
    assert!(!is_form_open(&t));
    assert!(
        t.message
            .as_deref()
            .is_some_and(|m| m.contains("may not export records")),
        "{:?}",
        t.message
    );
}

#[test]
fn keys_are_not_acted_on_blind_while_the_terminal_is_too_small() {
    let mut t = demo_app_as("DC Small Screen");
    let id = t.main.current().expect("a subject").id;
    let screen = common::app::render(&mut t, 20, 5);
    assert!(screen.contains("too small"), "{screen}");
    keys(&mut t, "<enter>jjx");
    assert!(!t.main.consulted(id), "nothing opened unseen");
    assert_eq!(
        t.main.current().map(|s| s.id),
        Some(id),
        "the cursor did not move"
    );
    assert!(!is_form_open(&t));
    // Once the terminal is big enough again, keys work.
    common::app::render(&mut t, 120, 40);
    keys(&mut t, "<enter>");
    assert!(t.main.consulted(id));
    common::app::render(&mut t, 20, 5);
    keys(&mut t, "<c-c>");
    assert!(t.should_quit);
}
