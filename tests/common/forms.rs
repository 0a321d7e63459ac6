//! Fill the open form as a user would: move with tab, type, cycle choices.
#![allow(dead_code)]

use spmp::edit::FieldKind;
use spmp::tui::app::App;
use spmp::tui::dialogs::form::FormDialog;
use spmp::tui::dialogs::wizard::Wizard;
use spmp::tui::form::FormState;

use super::app::keys;

pub fn form(app: &App) -> &FormState {
    if let Some(f) = app.top_as::<FormDialog>() {
        return &f.form;
    }
    match app.top_as::<Wizard>() {
        Some(w) => &w.form,
        None => panic!("no form is open"),
    }
}

pub fn is_form_open(app: &App) -> bool {
    app.top_as::<FormDialog>().is_some() || app.top_as::<Wizard>().is_some()
}

fn index_of(app: &App, key: &str) -> usize {
    form(app)
        .fields()
        .iter()
        .position(|f| f.spec.key == key)
        .unwrap_or_else(|| panic!("the form has no field {key}"))
}

/// Tab to the field named `key` (by keys only).
pub fn focus(app: &mut App, key: &str) {
    let target = index_of(app, key);
    let n = form(app).fields().len();
    for _ in 0..n {
        if form(app).focus() == target {
            return;
        }
        keys(app, "<tab>");
    }
    assert_eq!(form(app).focus(), target, "could not tab to {key}");
}

/// Set field `key` to `value` by typing: text is cleared (ctrl-u) and typed; a choice (named by
/// its key or its label) is cycled with the right arrow; a yes/no toggled with space; a
/// multiple choice ticks the options whose labels contain each `\n`-separated part of `value`.
pub fn set(app: &mut App, key: &str, value: &str) {
    focus(app, key);
    let i = index_of(app, key);
    let kind = form(app).fields()[i].spec.kind.clone();
    let expected = match kind {
        FieldKind::Choice(choices) => {
            let wanted = choices
                .iter()
                .find(|c| c.key == value || c.label.eq_ignore_ascii_case(value))
                .unwrap_or_else(|| panic!("{key}: no choice {value:?} in {choices:?}"))
                .key
                .clone();
            for _ in 0..=choices.len() {
                if form(app).values()[i] == wanted {
                    break;
                }
                keys(app, "<right>");
            }
            wanted
        }
        FieldKind::Bool => {
            if form(app).values()[i] != value {
                keys(app, "<space>");
            }
            value.to_string()
        }
        FieldKind::MultiChoice(choices) => {
            for (pos, choice) in choices.iter().enumerate() {
                let want = value
                    .split('\n')
                    .any(|p| !p.is_empty() && (choice.label.contains(p) || choice.key == p));
                let has = form(app).values()[i].split('\n').any(|v| v == choice.key);
                if want != has {
                    // Move the inner cursor to `pos` from the start, then toggle.
                    for _ in 0..choices.len() {
                        keys(app, "<left>");
                    }
                    for _ in 0..pos {
                        keys(app, "<right>");
                    }
                    keys(app, "<space>");
                }
            }
            return;
        }
        FieldKind::Multiline | FieldKind::Lines => {
            keys(app, "<c-u>");
            for (n, line) in value.split('\n').enumerate() {
                if n > 0 {
                    keys(app, "<enter>");
                }
                keys(app, &escape(line));
            }
            value.to_string()
        }
        _ => {
            keys(app, "<c-u>");
            keys(app, &escape(value));
            value.to_string()
        }
    };
    assert_eq!(form(app).values()[i], expected, "field {key} after typing");
}

/// Text to type literally (a `<` would start a named key in `keys`).
fn escape(text: &str) -> String {
    assert!(!text.contains('<'), "test text may not contain '<'");
    text.to_string()
}
