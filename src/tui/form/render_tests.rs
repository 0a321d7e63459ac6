//! Snapshots of forms on a `TestBackend`, and a test that drawing never panics at any size.
use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

use super::{FormState, render};
use crate::edit::{FieldIssue, FieldKind, FieldSpec};
use crate::tui::theme::Theme;

const HINTS: &str = "ctrl-s save  tab next  shift-tab previous  esc cancel";

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

/// A form with one field of every kind.
fn every_kind() -> FormState {
    let fields = vec![
        FieldSpec::new("family_name", "Family name", FieldKind::Text, true)
            .with_help("As on the order, e.g. NÍ BHRIAIN"),
        FieldSpec::new("narrative", "Narrative", FieldKind::Multiline, false),
        FieldSpec::new("aliases", "Aliases", FieldKind::Lines, false),
        FieldSpec::new("made", "Order made", FieldKind::Date, true),
        FieldSpec::new("ends", "Order ends", FieldKind::OptDate, false),
        FieldSpec::new("time", "Visit time", FieldKind::Time, false),
        FieldSpec::new("interim", "Interim order", FieldKind::Bool, false),
        FieldSpec::new(
            "risk",
            "Risk",
            FieldKind::Choice(labels(&["Low", "Medium", "High", "Very high"])),
            true,
        ),
        FieldSpec::new(
            "contact",
            "Contact by",
            FieldKind::MultiChoice(labels(&["Phone", "Email", "Post", "Visit"])),
            false,
        ),
        FieldSpec::new(
            "score",
            "Score",
            FieldKind::Number { min: 0, max: 10 },
            false,
        ),
    ];
    let values = [
        "Ní Bhriain",
        "Met the victim at work in 2024.\nSent 214 messages in March.\nFollowed her home twice.",
        "Siobhan Breen\nShiv",
        "+14d",
        "",
        "14:05",
        "yes",
        "Medium",
        "Phone\nPost",
        "7",
    ];
    FormState::new(
        "Edit order".to_string(),
        fields,
        values.iter().map(|s| s.to_string()).collect(),
        today(),
    )
}

fn draw(form: &FormState, w: u16, h: u16, theme: &Theme) -> String {
    let mut term = match Terminal::new(TestBackend::new(w, h)) {
        Ok(term) => term,
        Err(e) => panic!("test terminal: {e}"),
    };
    if let Err(e) = term.draw(|frame| render(frame, frame.area(), form, theme, HINTS)) {
        panic!("draw: {e}");
    }
    if w == 0 {
        return String::new();
    }
    term.backend().to_string()
}

#[test]
fn form_snapshot_every_kind_80x24() {
    let form = every_kind();
    insta::assert_snapshot!("every_kind_80x24", draw(&form, 80, 24, &Theme::mono()));
}

#[test]
fn form_snapshot_every_kind_120x40_text_area_focused() {
    let mut form = every_kind().with_context(vec![
        "Reviewing: Must not contact Jane Doe directly or indirectly".to_string(),
    ]);
    form.set_focus(1);
    insta::assert_snapshot!("every_kind_120x40", draw(&form, 120, 40, &Theme::mono()));
}

#[test]
fn form_snapshot_inline_errors() {
    let mut form = every_kind();
    form.set_focus(0);
    form.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    form.set_focus(3);
    for c in "31/02/2026".chars() {
        form.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    form.set_focus(5);
    form.handle_key(KeyEvent::new(KeyCode::Char('9'), KeyModifiers::NONE));
    form.set_issues(vec![
        FieldIssue {
            field: None,
            message: "An order needs at least one condition".to_string(),
        },
        FieldIssue {
            field: Some(4),
            message: "The order cannot end before it was made".to_string(),
        },
    ]);
    assert!(!form.check());
    insta::assert_snapshot!("inline_errors_80x24", draw(&form, 80, 24, &Theme::mono()));
}

#[test]
fn form_snapshot_scrolled_to_a_far_field() {
    let fields: Vec<FieldSpec> = (1..=30)
        .map(|i| {
            let label: &'static str = Box::leak(format!("Condition {i}").into_boxed_str());
            FieldSpec::new("c", label, FieldKind::Text, i % 3 == 0)
        })
        .collect();
    let values = (1..=30).map(|i| format!("value {i}")).collect();
    let mut form = FormState::new("Conditions".to_string(), fields, values, today());
    form.set_focus(27);
    insta::assert_snapshot!("scrolled_80x24", draw(&form, 80, 24, &Theme::mono()));
}

#[test]
fn form_control_characters_are_shown_escaped() {
    let fields = vec![
        FieldSpec::new("a", "A\u{1b}[31m", FieldKind::Text, false),
        FieldSpec::new("b", "B", FieldKind::Multiline, false),
    ];
    let values = vec![
        "x\u{1b}]0;pwned\u{7}".to_string(),
        "y\u{1b}z\nw".to_string(),
    ];
    let mut form = FormState::new("T\u{1b}".to_string(), fields, values, today());
    let screen = draw(&form, 60, 12, &Theme::mono());
    assert!(screen.contains("x^[]0;pwned^G"), "{screen}");
    assert!(screen.contains("y^[z"), "{screen}");
    assert!(screen.contains("A^[[31m"), "{screen}");
    assert!(screen.contains("T^["), "{screen}");
    form.next_field();
    assert!(!draw(&form, 60, 12, &Theme::mono()).contains('\u{1b}'));
}

#[test]
fn form_long_values_scroll_within_the_field() {
    let fields = vec![FieldSpec::new("a", "A", FieldKind::Text, false)];
    let long = format!("{}END", "日本語 ".repeat(40));
    let form = FormState::new("T".to_string(), fields, vec![long], today());
    let screen = draw(&form, 40, 8, &Theme::mono());
    assert!(
        screen.contains("END"),
        "the cursor end is visible: {screen}"
    );
}

#[test]
fn form_never_panics_at_any_size() {
    let mut forms = vec![
        every_kind(),
        FormState::new(String::new(), Vec::new(), Vec::new(), today()),
    ];
    let mut far = every_kind().with_context(vec!["context ".repeat(30)]);
    far.set_focus(8);
    far.set_issues(vec![FieldIssue {
        field: None,
        message: "whole form ".repeat(20),
    }]);
    far.check();
    forms.push(far);
    let mut area = every_kind();
    area.set_focus(1);
    forms.push(area);
    let themes = [Theme::mono(), Theme::color().with_plain(true)];
    let mut term = match Terminal::new(TestBackend::new(130, 130)) {
        Ok(term) => term,
        Err(e) => panic!("test terminal: {e}"),
    };
    let mut sizes: Vec<(u16, u16)> = Vec::new();
    for w in 0..=30 {
        for h in 0..=30 {
            sizes.push((w, h));
        }
    }
    for n in 0..=120 {
        for m in [1, 2, 3, 5, 8, 13, 24, 40, 80, 120] {
            sizes.push((n, m));
            sizes.push((m, n));
        }
    }
    for (k, form) in forms.iter().enumerate() {
        let theme = &themes[k % themes.len()];
        for &(w, h) in &sizes {
            let rect = Rect::new(3, 2, w, h);
            let res = term.draw(|frame| render(frame, rect, form, theme, HINTS));
            assert!(res.is_ok(), "{w}x{h}");
        }
    }
}

#[test]
fn form_focus_is_shown_by_reverse_video_in_mono() {
    use ratatui::style::Modifier;
    let mut form = every_kind();
    form.set_focus(3);
    let mut term = match Terminal::new(TestBackend::new(80, 24)) {
        Ok(term) => term,
        Err(e) => panic!("test terminal: {e}"),
    };
    let drawn = term.draw(|frame| render(frame, frame.area(), &form, &Theme::mono(), HINTS));
    assert!(drawn.is_ok());
    let buf = term.backend().buffer();
    let reversed = |x: u16, y: u16| buf[(x, y)].modifier.contains(Modifier::REVERSED);
    // Row 6 is "Order made" (the 4th field, below two two-row text areas).
    assert!(reversed(1, 6) && reversed(10, 6), "focused label");
    assert!(!reversed(1, 1), "other labels");
    assert_eq!(
        term.backend().cursor_position(),
        ratatui::layout::Position::new(21, 6)
    );
}

#[test]
fn form_terminal_cursor_follows_the_text_area() {
    let mut form = every_kind();
    form.set_focus(1);
    let mut term = match Terminal::new(TestBackend::new(80, 24)) {
        Ok(term) => term,
        Err(e) => panic!("test terminal: {e}"),
    };
    let drawn = term.draw(|frame| render(frame, frame.area(), &form, &Theme::mono(), HINTS));
    assert!(drawn.is_ok());
    // Narrative starts on row 2; the cursor is after "Followed her home twice." on its 3rd line.
    let at = ratatui::layout::Position::new(17 + 24, 4);
    assert_eq!(term.backend().cursor_position(), at);
}

#[test]
fn form_selected_text_is_shown_selected_until_a_move() {
    use ratatui::style::Modifier;
    let mut form = every_kind();
    form.set_focus(3);
    let value_reversed = |form: &FormState| {
        let mut term = match Terminal::new(TestBackend::new(80, 24)) {
            Ok(term) => term,
            Err(e) => panic!("test terminal: {e}"),
        };
        let drawn = term.draw(|frame| render(frame, frame.area(), form, &Theme::mono(), HINTS));
        assert!(drawn.is_ok());
        // Row 6 is "Order made"; its value "+14d" starts at column 17.
        term.backend().buffer()[(17, 6)]
            .modifier
            .contains(Modifier::REVERSED)
    };
    assert!(form.replaces());
    assert!(value_reversed(&form), "selected text is shown selected");
    form.handle_key(KeyEvent::new(KeyCode::End, KeyModifiers::NONE));
    assert!(!value_reversed(&form), "after a move it is plain text");
}

#[test]
fn form_text_typed_on_a_choice_shows_what_it_finds() {
    let mut form = every_kind();
    form.set_focus(7);
    for c in "hi".chars() {
        form.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    let screen = draw(&form, 80, 24, &Theme::mono());
    assert!(
        screen.contains("< Medium >  \"hi\" → High (1 of 2)"),
        "{screen}"
    );
    assert!(
        screen.contains("\"hi\" finds High (1 of 2 matches): not picked until you pick it"),
        "{screen}"
    );
    assert_eq!(form.values()[7], "Medium");
    let plain = draw(&form, 80, 24, &Theme::mono().with_plain(true));
    assert!(plain.contains("\"hi\" -> High"), "{plain}");
    for c in "x".chars() {
        form.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    let screen = draw(&form, 80, 24, &Theme::mono());
    assert!(screen.contains("\"hix\" → no match"), "{screen}");
    assert!(screen.contains("\"hix\" matches no option"), "{screen}");
}
