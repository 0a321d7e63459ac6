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
fn form_choice_cycles_and_wraps_and_letters_never_change_it() {
    let kind = FieldKind::Choice(labels(&["Low", "Medium", "High", "Very high"]));
    let mut f = form(vec![FieldSpec::new("r", "Risk", kind, true)], &[""]);
    assert_eq!(f.values(), vec![""]);
    key(&mut f, KeyCode::Left);
    assert_eq!(f.values(), vec!["Very high"]);
    key(&mut f, KeyCode::Right);
    assert_eq!(f.values(), vec!["Low"]);
    key(&mut f, KeyCode::Char(' '));
    assert_eq!(f.values(), vec!["Medium"]);
    // Letters find an option and show it; the value stays until it is picked.
    assert!(key(&mut f, KeyCode::Char('h')));
    assert_eq!(f.values(), vec!["Medium"], "a letter never jumps the value");
    let p = f
        .pending_find()
        .unwrap_or_else(|| panic!("a find is pending"));
    assert_eq!(
        (p.text.as_str(), p.pick.map(|(i, _)| i), p.matches),
        ("h", Some(2), 2)
    );
    key(&mut f, KeyCode::Right);
    assert_eq!(
        f.pending_find()
            .and_then(|p| p.pick)
            .map(|(_, l)| l)
            .as_deref(),
        Some("Very high"),
        "right shows the next match, not the next option"
    );
    assert_eq!(f.values(), vec!["Medium"]);
    assert!(key(&mut f, KeyCode::Enter), "enter picks");
    assert_eq!(f.values(), vec!["Very high"]);
    assert!(f.pending_find().is_none());
    // Typing a sentence on a choice changes nothing; esc drops it.
    typed(&mut f, "no change here");
    assert_eq!(f.values(), vec!["Very high"]);
    assert_eq!(f.pending_find().map(|p| p.matches), Some(0));
    assert!(key(&mut f, KeyCode::Enter), "enter on no match is used");
    assert_eq!(f.values(), vec!["Very high"], "and picks nothing");
    assert!(f.escape());
    assert!(!f.escape(), "nothing left to drop: esc is the form's again");
    assert_eq!(f.values(), vec!["Very high"]);
    // Backspace edits the find; emptied, it is gone.
    typed(&mut f, "me");
    key(&mut f, KeyCode::Backspace);
    key(&mut f, KeyCode::Backspace);
    assert!(f.pending_find().is_none());
    // Accents and case are ignored; a word inside a label is found.
    typed(&mut f, "HIG");
    assert_eq!(
        f.pending_find().map(|p| p.matches),
        Some(2),
        "High, Very high"
    );
    assert!(f.confirm_find());
    assert_eq!(f.values(), vec!["High"]);
    // A stored value that is not a label is kept, not lost.
    let kind = FieldKind::Choice(labels(&["Low"]));
    let f = form(vec![FieldSpec::new("r", "Risk", kind, true)], &["Legacy"]);
    assert_eq!(f.values(), vec!["Legacy"]);
    assert!(!f.is_dirty());
}

#[test]
fn form_find_is_dropped_when_the_field_is_left_and_holds_a_save() {
    let kind = FieldKind::Choice(labels(&["Not rated", "Low", "High"]));
    let fields = vec![
        FieldSpec::new("r", "Risk to children", kind, true),
        FieldSpec::new("n", "Note", FieldKind::Text, false),
    ];
    let mut f = form(fields, &["Not rated", ""]);
    // The note typed while the choice had the focus: nothing changes, and check refuses to
    // go on, saying why at the field.
    typed(&mut f, "High risk");
    assert_eq!(f.values(), vec!["Not rated", ""]);
    assert!(!f.check());
    assert_eq!(f.focus(), 0);
    assert!(
        f.issues()
            .iter()
            .any(|i| i.field == Some(0) && i.message.contains("was typed here")),
        "{:?}",
        f.issues()
    );
    assert!(f.escape());
    assert!(f.issues().is_empty(), "{:?}", f.issues());
    // Once answered, the next find is not complained about until the next check.
    typed(&mut f, "lo");
    assert!(f.issues().is_empty(), "{:?}", f.issues());
    assert!(!f.check());
    assert_eq!(f.issues().len(), 1);
    key(&mut f, KeyCode::Enter);
    assert!(f.issues().is_empty(), "picked: {:?}", f.issues());
    assert_eq!(f.values(), vec!["Low", ""]);
    typed(&mut f, "n");
    assert!(f.issues().is_empty(), "{:?}", f.issues());
    assert!(f.escape());
    assert!(f.check());
    // Leaving the field drops a find: the value is what it was.
    typed(&mut f, "hi");
    f.next_field();
    f.prev_field();
    assert!(f.pending_find().is_none());
    assert_eq!(f.values(), vec!["Low", ""]);
    assert!(matches!(f.paste("High"), super::paste::Outcome::Refused(_)));
    assert_eq!(f.values(), vec!["Low", ""], "a choice takes no paste");
}

#[test]
fn form_prefilled_line_is_replaced_by_typing_and_edited_after_a_move() {
    let fields = vec![
        FieldSpec::new("d", "Next visit", FieldKind::Date, true),
        FieldSpec::new("n", "Name", FieldKind::Text, false),
    ];
    let mut f = form(fields, &["02/12/2026", "Ann"]);
    assert!(f.replaces(), "the first field is focused and selected");
    typed(&mut f, "30/11/2026");
    assert_eq!(f.values()[0], "30/11/2026", "replaced, not appended");
    assert!(!f.replaces());
    f.next_field();
    assert!(f.replaces(), "focusing a field selects its text");
    key(&mut f, KeyCode::End);
    assert!(!f.replaces(), "a movement key keeps the text");
    typed(&mut f, "e");
    assert_eq!(f.values()[1], "Anne");
    f.prev_field();
    key(&mut f, KeyCode::Left);
    key(&mut f, KeyCode::Backspace);
    typed(&mut f, "7");
    assert_eq!(f.values()[0], "30/11/2076", "left then edit in place");
    // A paste replaces the selected text too.
    f.next_field();
    assert_eq!(f.paste("Bo").message(), "Pasted 2 characters");
    assert_eq!(f.values()[1], "Bo");
    assert!(f.clear_focused());
    assert_eq!(f.values()[1], "");
    assert!(!f.clear_focused(), "already empty");
    // check() moving to a faulty field selects it, so typing replaces the fault.
    f.set_focus(0);
    key(&mut f, KeyCode::End);
    typed(&mut f, "x");
    f.set_focus(1);
    assert!(!f.check());
    assert_eq!(f.focus(), 0);
    assert!(f.replaces());
}

#[test]
fn form_bool_toggles_and_letters_only_find() {
    let mut f = form(
        vec![FieldSpec::new("b", "Flag", FieldKind::Bool, false)],
        &["no"],
    );
    assert!(key(&mut f, KeyCode::Char(' ')));
    assert_eq!(f.values(), vec!["yes"]);
    key(&mut f, KeyCode::Left);
    assert_eq!(f.values(), vec!["no"]);
    key(&mut f, KeyCode::Char('y'));
    assert_eq!(f.values(), vec!["no"], "y only finds yes");
    key(&mut f, KeyCode::Enter);
    assert_eq!(f.values(), vec!["yes"]);
    typed(&mut f, "not yet");
    assert_eq!(f.values(), vec!["yes"], "a sentence typed toggles nothing");
    assert!(f.escape());
    assert!(!key(&mut f, KeyCode::Delete));
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
    // Typing finds an option (spaces included) and ticks nothing; enter moves there.
    typed(&mut f, "e mail");
    assert_eq!(f.values(), vec!["Phone\nFax"]);
    assert_eq!(f.pending_find().map(|p| p.matches), Some(0));
    for _ in 0..5 {
        key(&mut f, KeyCode::Backspace);
    }
    key(&mut f, KeyCode::Enter);
    assert_eq!(
        f.values(),
        vec!["Phone\nFax"],
        "enter only moves the cursor"
    );
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
    key(&mut f, KeyCode::End);
    assert!(!f.is_dirty(), "moving changes nothing");
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
    assert!(f.paste("Bo\r\nMo\u{1b}").changed());
    assert_eq!(
        f.values()[2],
        "Jo\nBo\nMo",
        "lines kept, the escape left out"
    );
    f.set_focus(0);
    assert!(!f.captures(&KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    key(&mut f, KeyCode::End);
    let refused = f.paste("a\nb");
    assert!(
        refused.message().contains("one line"),
        "{}",
        refused.message()
    );
    assert_eq!(
        f.values(),
        vec!["x", "one\ntwo\n\nfour\nfive", "Jo\nBo\nMo"]
    );
    assert!(f.paste("a\n").changed(), "one trailing break is trimmed");
    assert_eq!(f.values()[0], "xa");
    // A long paste lands whole in the text area.
    f.set_focus(1);
    let long = "word ".repeat(800) + "\nend";
    assert!(f.paste(&long).changed());
    assert!(f.values()[1].ends_with(&format!("five{long}")));
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
