//! The `?` overlay, generated from the effective keymap.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::widgets::{block, centered};
use crate::text::fit;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keymap::Layer;

/// The help text: every action with its keys in each layer.
pub fn lines(app: &App) -> Vec<Line<'static>> {
    let t = &app.theme;
    let mut out = Vec::new();
    for (layer, title) in [
        (Layer::Normal, "Lists and panes"),
        (Layer::Input, "While typing (search, palette)"),
    ] {
        out.push(Line::styled(title.to_string(), t.heading));
        for action in Action::ALL {
            let keys = app.keymap.keys_for(layer, action);
            if keys.is_empty() {
                continue;
            }
            let keys: Vec<String> = keys.iter().map(ToString::to_string).collect();
            out.push(Line::from(vec![
                Span::styled(fit(&keys.join(", "), 22), t.key),
                Span::raw(fit(action.name(), 14)),
                Span::styled(action.description().to_string(), t.dim),
            ]));
        }
        out.push(Line::raw(""));
    }
    out
}

pub fn draw(frame: &mut Frame, screen: Rect, app: &App, scroll: u16) {
    let area = centered(screen, 100, screen.height.saturating_sub(4));
    frame.render_widget(Clear, area);
    let close = app
        .keymap
        .hint(Layer::Normal, Action::Help)
        .unwrap_or_default();
    let b = block(&app.theme, format!("Help: keys ({close} closes)"), true);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let lines = lines(app);
    let scroll = scroll.min(super::detail::max_scroll(lines.len(), inner.height));
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
}
