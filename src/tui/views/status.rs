//! The status bar: the last message, and key hints built from the effective keymap (the open
//! dialog's, or the main screen's).
use ratatui::text::{Line, Span};

use crate::domain::Permission;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::component::hints as pick;
use crate::tui::keymap::Layer;

/// `(key, what it does)` pairs for the current state, keys from the keymap.
pub fn hints(app: &App) -> Vec<(String, &'static str)> {
    if let Some(top) = app.top() {
        return top.hints(&app.keymap);
    }
    let km = &app.keymap;
    if app.main.typing() {
        let mut out = pick(
            km,
            Layer::Input,
            &[
                (Action::Open, "keep results"),
                (Action::MoveDown, "next"),
                (Action::Cancel, "clear"),
            ],
        );
        out.insert(0, ("type".to_string(), "to search"));
        return out;
    }
    let layer = Layer::Normal;
    let mut out = pick(
        km,
        layer,
        &[
            (Action::Help, "help"),
            (Action::Open, "open"),
            (Action::NextPane, "pane"),
            (Action::Search, "search"),
            (Action::Palette, "commands"),
            (Action::AddItem, "add"),
            (Action::EditItem, "edit"),
            (Action::Review, "review"),
            (Action::Breach, "breach"),
            (Action::Back, "back"),
        ],
    );
    // Do not offer changes to a user who may not make them.
    if crate::ops::access::may(&app.store, Permission::Edit).is_err() {
        let changes = [
            Action::AddItem,
            Action::EditItem,
            Action::Review,
            Action::Breach,
        ];
        let keys: Vec<String> = changes.iter().filter_map(|a| km.hint(layer, *a)).collect();
        out.retain(|(k, _)| !keys.contains(k));
    }
    if let (Some(down), Some(up)) = (
        km.hint(layer, Action::MoveDown),
        km.hint(layer, Action::MoveUp),
    ) {
        out.insert(0, (format!("{down}/{up}"), "move"));
    }
    let first = km.hint(layer, Action::TabSection1);
    let last = km.hint(layer, Action::TabVictim);
    if let (Some(a), Some(b)) = (first, last) {
        out.insert(2, (format!("{a}-{b}"), "tabs"));
    }
    out
}

/// The status bar's line: the message, then the hints.
pub fn line(app: &App) -> Line<'static> {
    let t = &app.theme;
    let mut spans = Vec::new();
    if let Some(msg) = &app.message {
        spans.push(Span::styled(
            format!(" {} ", crate::text::line(msg)),
            t.warn,
        ));
        spans.push(Span::raw(" "));
    }
    for (key, label) in hints(app) {
        spans.push(Span::styled(format!(" {key}"), t.key));
        spans.push(Span::styled(format!(" {label} "), t.dim));
    }
    Line::from(spans)
}
