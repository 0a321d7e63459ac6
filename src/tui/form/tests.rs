//! Unit tests of [`FormState`]: editing, choices, dirty tracking, values and faults.
use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::FormState;
use crate::edit::{FieldIssue, FieldKind, FieldSpec};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 9).unwrap_or_default()
}

/// Choices whose keys are their labels (the widget shows labels and hands on keys).
fn labels(names: &[&str]) -> Vec<crate::edit::Choice> {
    names
        .iter()
        .map(|s| crate::edit::Choice::new(*s, *s))
        .collect()
}

fn form(fields: Vec<FieldSpec>, values: &[&str]) -> FormState {
    FormState::new(
        "Test".to_string(),
        fields,
        values.iter().map(|s| s.to_string()).collect(),
        today(),
    )
}

fn key(form: &mut FormState, code: KeyCode) -> bool {
    form.handle_key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ctrl(form: &mut FormState, c: char) -> bool {
    form.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn typed(form: &mut FormState, text: &str) {
    for c in text.chars() {
        key(form, KeyCode::Char(c));
    }
}

#[test]
fn form_values_are_padded_or_truncated_to_the_fields() {
    let fields = vec![
        FieldSpec::new("a", "A", FieldKind::Text, false),
        FieldSpec::new("b", "B", FieldKind::Text, false),
    ];
    assert_eq!(form(fields.clone(), &["x"]).values(), vec!["x", ""]);
    assert_eq!(form(fields, &["x", "y", "z"]).values(), vec!["x", "y"]);
    let empty = form(Vec::new(), &["x"]);
    assert!(empty.values().is_empty());
    let mut empty = empty;
    empty.next_field();
    empty.prev_field();
    empty.set_focus(3);
    assert_eq!(empty.focus(), 0);
    assert!(!key(&mut empty, KeyCode::Char('a')));
    assert!(empty.check());
}

#[test]
fn form_text_edits_at_the_cursor_with_unicode() {
    let mut f = form(
        vec![FieldSpec::new("n", "Name", FieldKind::Text, true)],
        &["Sioán"],
    );
    key(&mut f, KeyCode::Left);
    key(&mut f, KeyCode::Left);
    typed(&mut f, "bh");
    assert_eq!(f.values(), vec!["Siobhán"]);
    key(&mut f, KeyCode::Home);
    assert!(
        !key(&mut f, KeyCode::Backspace),
        "backspace at 0 changes nothing"
    );
    key(&mut f, KeyCode::End);
    typed(&mut f, " 日本");
    key(&mut f, KeyCode::Backspace);
    assert_eq!(f.values(), vec!["Siobhán 日"]);
    ctrl(&mut f, 'w');
    assert_eq!(f.values(), vec!["Siobhán "]);
    ctrl(&mut f, 'u');
    assert_eq!(f.values(), vec![""]);
    let release = KeyEvent::new_with_kind(
        KeyCode::Char('x'),
        KeyModifiers::NONE,
        KeyEventKind::Release,
    );
    assert!(!f.handle_key(release));
    assert_eq!(f.values(), vec![""]);
}

#[test]
fn form_choice_cycles_and_wraps_and_jumps_by_letter() {
    let kind = FieldKind::Choice(labels(&["Low", "Medium", "High", "Very high"]));
    let mut f = form(vec![FieldSpec::new("r", "Risk", kind, true)], &[""]);
    assert_eq!(f.values(), vec![""]);
    key(&mut f, KeyCode::Left);
    assert_eq!(f.values(), vec!["Very high"]);
    key(&mut f, KeyCode::Right);
    assert_eq!(f.values(), vec!["Low"]);
    key(&mut f, KeyCode::Char(' '));
    assert_eq!(f.values(), vec!["Medium"]);
    key(&mut f, KeyCode::Char('h'));
    assert_eq!(f.values(), vec!["High"]);
    key(&mut f, KeyCode::Char('l'));
    assert_eq!(f.values(), vec!["Low"]);
    assert!(!key(&mut f, KeyCode::Char('z')));
    key(&mut f, KeyCode::Left);
    assert_eq!(f.values(), vec!["Very high"]);
    // A stored value that is not a label is kept, not lost.
    let kind = FieldKind::Choice(labels(&["Low"]));
    let f = form(vec![FieldSpec::new("r", "Risk", kind, true)], &["Legacy"]);
    assert_eq!(f.values(), vec!["Legacy"]);
    assert!(!f.is_dirty());
}

#[test]
fn form_bool_toggles() {
    let mut f = form(
        vec![FieldSpec::new("b", "Flag", FieldKind::Bool, false)],
        &["no"],
    );
    assert!(key(&mut f, KeyCode::Char(' ')));
    assert_eq!(f.values(), vec!["yes"]);
    key(&mut f, KeyCode::Left);
    assert_eq!(f.values(), vec!["no"]);
    key(&mut f, KeyCode::Char('y'));
    assert_eq!(f.values(), vec!["yes"]);
    assert!(!key(&mut f, KeyCode::Char('y')), "y on yes changes nothing");
    key(&mut f, KeyCode::Char('n'));
    assert_eq!(f.values(), vec!["no"]);
    assert!(!key(&mut f, KeyCode::Char('q')));
}

#[test]
fn form_multichoice_moves_and_toggles() {
    let kind = FieldKind::MultiChoice(labels(&["Phone", "Email", "Post"]));
    let mut f = form(
        vec![FieldSpec::new("m", "Contact", kind, false)],
        &["Post\nFax"],
    );
    assert_eq!(f.values(), vec!["Post\nFax"], "unknown options are kept");
    key(&mut f, KeyCode::Char(' '));
    assert_eq!(f.values(), vec!["Phone\nPost\nFax"]);
    key(&mut f, KeyCode::Right);
    key(&mut f, KeyCode::Right);
    key(&mut f, KeyCode::Char(' '));
    assert_eq!(f.values(), vec!["Phone\nFax"]);
    key(&mut f, KeyCode::Left);
    key(&mut f, KeyCode::Left);
    assert!(
        !key(&mut f, KeyCode::Left),
        "the cursor stops at the first option"
    );
    key(&mut f, KeyCode::Char('e'));
    key(&mut f, KeyCode::Char(' '));
    assert_eq!(f.values(), vec!["Phone\nEmail\nFax"]);
}

#[test]
fn form_tracks_dirty_against_the_opening_values() {
    let mut f = form(
        vec![FieldSpec::new("n", "Name", FieldKind::Text, false)],
        &["ab"],
    );
    assert!(!f.is_dirty());
    typed(&mut f, "c");
    assert!(f.is_dirty());
    key(&mut f, KeyCode::Backspace);
    assert!(!f.is_dirty());
    // Values normalised on opening (bool "" -> "no") do not count as changes.
    let f = form(
        vec![FieldSpec::new("b", "B", FieldKind::Bool, false)],
        &[""],
    );
    assert!(!f.is_dirty());
}

#[test]
fn form_multiline_round_trips_and_enter_makes_a_line() {
    let fields = vec![
        FieldSpec::new("t", "Title", FieldKind::Text, false),
        FieldSpec::new("n", "Narrative", FieldKind::Multiline, false),
        FieldSpec::new("l", "Aliases", FieldKind::Lines, false),
    ];
    let mut f = form(fields, &["x", "one\ntwo\n\nfour", ""]);
    assert_eq!(f.values(), vec!["x", "one\ntwo\n\nfour", ""]);
    assert!(!f.is_dirty());
    f.next_field();
    assert!(f.captures(&KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    key(&mut f, KeyCode::Enter);
    typed(&mut f, "five");
    assert_eq!(f.values()[1], "one\ntwo\n\nfour\nfive");
    assert!(
        !key(&mut f, KeyCode::Tab),
        "tab is never typed into a text area"
    );
    f.next_field();
    typed(&mut f, "Jo");
    key(&mut f, KeyCode::Enter);
    assert!(f.paste("Bo\r\nMo"));
    assert_eq!(f.values()[2], "Jo\nBo\nMo");
    f.set_focus(0);
    assert!(!f.captures(&KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    assert!(f.paste("a\nb"));
    assert_eq!(f.values()[0], "xa b");
}

#[test]
fn form_issues_map_to_fields_and_clear_when_edited() {
    let fields = vec![
        FieldSpec::new("a", "A", FieldKind::Text, false),
        FieldSpec::new("b", "B", FieldKind::Text, false),
    ];
    let mut f = form(fields, &["x", "y"]);
    f.set_issues(vec![
        FieldIssue {
            field: Some(1),
            message: "B is wrong".into(),
        },
        FieldIssue {
            field: None,
            message: "Whole form".into(),
        },
        FieldIssue {
            field: Some(9),
            message: "No such field".into(),
        },
    ]);
    let shown: Vec<(Option<usize>, &str)> = f
        .issues()
        .iter()
        .map(|i| (i.field, i.message.as_str()))
        .collect();
    assert_eq!(
        shown,
        vec![
            (None, "Whole form"),
            (None, "No such field"),
            (Some(1), "B is wrong")
        ]
    );
    f.next_field();
    f.next_field();
    assert_eq!(
        f.issues().len(),
        3,
        "passing through a field keeps its issue"
    );
    f.set_focus(1);
    typed(&mut f, "z");
    assert!(
        f.issues().iter().all(|i| i.field.is_none()),
        "editing answers it"
    );
}

#[test]
fn form_required_faults_wait_until_the_field_is_left_or_checked() {
    let fields = vec![
        FieldSpec::new("a", "A", FieldKind::Text, true),
        FieldSpec::new("d", "Made", FieldKind::Date, true),
        FieldSpec::new("c", "C", FieldKind::Text, true),
    ];
    let mut f = form(fields, &[]);
    assert!(f.issues().is_empty(), "a fresh form does not shout");
    typed(&mut f, "a");
    key(&mut f, KeyCode::Backspace);
    assert!(f.issues().is_empty(), "still on the field");
    f.next_field();
    assert_eq!(f.issues().len(), 1);
    assert_eq!(f.issues()[0].field, Some(0));
    typed(&mut f, "31/02");
    assert_eq!(
        f.issues().iter().filter(|i| i.field == Some(1)).count(),
        1,
        "bad date: live"
    );
    typed(&mut f, "/2026");
    assert!(f.issues().iter().any(|i| i.field == Some(1)));
    for _ in 0..10 {
        key(&mut f, KeyCode::Backspace);
    }
    typed(&mut f, "+14d");
    assert!(f.issues().iter().all(|i| i.field != Some(1)));
    assert_eq!(f.date_preview(1).as_deref(), Some("23 Nov 2026"));
    assert!(!f.check());
    assert_eq!(f.focus(), 0, "check focuses the first faulty field");
    assert_eq!(f.issues().len(), 2);
    typed(&mut f, "ok");
    f.set_focus(2);
    typed(&mut f, "ok");
    assert!(f.check());
    assert!(f.issues().is_empty());
}

#[test]
fn form_checks_with_the_shared_parser_and_previews_dates() {
    let fields = vec![FieldSpec::new("d", "D", FieldKind::Date, false)];
    let f = form(fields, &["23/11/26"]);
    assert!(f.issues().is_empty(), "{:?}", f.issues());
    assert_eq!(f.date_preview(0).as_deref(), Some("23 Nov 2026"));
    let fields = vec![FieldSpec::new("d", "D", FieldKind::Date, false)];
    let mut f = form(fields, &["31/02/2026"]);
    assert_eq!(
        f.issues().len(),
        1,
        "a stored bad value is explained on opening"
    );
    assert_eq!(f.date_preview(0), None);
    assert!(!f.check());
}
