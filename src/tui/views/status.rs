//! The status bar: the last message, and key hints built from the effective keymap.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::action::Action;
use crate::tui::app::{App, Overlay};
use crate::tui::keymap::Layer;

/// `(key, what it does)` pairs for the current state, keys from the keymap.
pub fn hints(app: &App) -> Vec<(String, &'static str)> {
    let layer = app.layer();
    let km = &app.keymap;
    let pick = |pairs: &[(Action, &'static str)]| -> Vec<(String, &'static str)> {
        pairs
            .iter()
            .filter_map(|(a, label)| km.hint(layer, *a).map(|k| (k, *label)))
            .collect()
    };
    let mut out = match (&app.overlay, layer) {
        (Overlay::Form(_) | Overlay::Wizard(_), _) => {
            return vec![(
                super::dialogs::form_hints(app, matches!(app.overlay, Overlay::Wizard(_))),
                "",
            )];
        }
        (Overlay::Picker(_) | Overlay::Drafts(_), _) => pick(&[
            (Action::Open, "choose"),
            (Action::MoveDown, "next"),
            (Action::Cancel, "close"),
        ]),
        (Overlay::Confirm(_), _) => vec![("y".to_string(), "yes"), ("n".to_string(), "no")],
        (Overlay::Reason(_), _) => pick(&[(Action::Open, "open"), (Action::Cancel, "cancel")]),
        (Overlay::History(_) | Overlay::Audit(_), _) => {
            pick(&[(Action::MoveDown, "scroll"), (Action::Cancel, "close")])
        }
        (Overlay::Trends(_), _) => pick(&[
            (Action::MoveDown, "scroll"),
            (Action::NextView, "by kind / by category"),
            (Action::Cancel, "close"),
        ]),
        (Overlay::Palette { .. }, _) => pick(&[
            (Action::Open, "run"),
            (Action::MoveDown, "next"),
            (Action::Cancel, "close"),
        ]),
        (Overlay::Help { .. }, _) => pick(&[
            (Action::MoveDown, "scroll"),
            (Action::Help, "close"),
            (Action::Quit, "quit"),
        ]),
        (Overlay::None, Layer::Input) => pick(&[
            (Action::Open, "keep results"),
            (Action::MoveDown, "next"),
            (Action::Cancel, "clear"),
        ]),
        (Overlay::None, Layer::Normal) => pick(&[
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
        ]),
    };
    if matches!((&app.overlay, layer), (Overlay::None, Layer::Normal)) {
        // Do not offer changes to a user who may not make them.
        if app.store.require(crate::domain::Permission::Edit).is_err() {
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
        let last = km.hint(layer, Action::TabReviews);
        if let (Some(a), Some(b)) = (first, last) {
            out.insert(2, (format!("{a}-{b}"), "tabs"));
        }
    }
    if matches!((&app.overlay, layer), (Overlay::None, Layer::Input)) {
        out.insert(0, ("type".to_string(), "to search"));
    }
    out
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
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
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
