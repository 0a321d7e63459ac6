//! The `:` command palette: every action by name, with its key.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::widgets::{block, centered};
use crate::text::fit;
use crate::tui::app::App;
use crate::tui::keymap::Layer;

pub fn draw(frame: &mut Frame, screen: Rect, app: &App, query: &str, selected: usize) {
    let t = &app.theme;
    let rows = App::palette_matches(query).len() as u16;
    let area = centered(
        screen,
        90,
        rows.saturating_add(4)
            .clamp(8, screen.height.saturating_sub(4)),
    );
    frame.render_widget(Clear, area);
    let b = block(t, "Command palette".to_string(), true);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let matches = App::palette_matches(query);
    let mut lines = vec![Line::from(vec![
        Span::styled(": ", t.key),
        Span::raw(crate::text::line(query).into_owned()),
        Span::styled("_", t.key),
    ])];
    let height = usize::from(inner.height.saturating_sub(1));
    let start = super::list::offset(selected, height);
    for (i, action) in matches.iter().enumerate().skip(start).take(height) {
        let key = app.keymap.hint(Layer::Normal, *action).unwrap_or_default();
        let marker = if i == selected { ">" } else { " " };
        let line = Line::from(vec![
            Span::raw(format!("{marker} ")),
            Span::raw(fit(action.name(), 16)),
            Span::styled(fit(&key, 10), t.key),
            Span::styled(action.description().to_string(), t.dim),
        ]);
        lines.push(if i == selected {
            line.style(t.selected)
        } else {
            line
        });
    }
    if matches.is_empty() {
        lines.push(Line::styled("  no action matches", t.dim));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
