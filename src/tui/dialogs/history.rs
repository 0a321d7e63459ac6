//! A subject's change history: every commit with who, when, what, and each field changed.
use std::any::Any;

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use crate::store::HistoryEntry;
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx, Flow, Kind, Paint, hints};
use crate::tui::keymap::{Keymap, Layer};
use crate::tui::scroll::Scroll;
use crate::tui::views::text::wrap_line;
use crate::tui::views::widgets::{block, centered};

pub struct History {
    pub name: String,
    pub entries: Vec<HistoryEntry>,
    pub scroll: Scroll,
}

impl Component for History {
    fn kind(&self) -> Kind {
        Kind::History
    }

    fn action(&mut self, action: Action, _ctx: &mut Ctx<'_>) -> Flow {
        match action {
            Action::Cancel | Action::Back | Action::History => Flow::Close,
            a => {
                self.scroll.apply(a);
                Flow::Stay
            }
        }
    }

    fn draw(&self, frame: &mut Frame, p: &Paint<'_>) {
        let t = p.theme;
        let area = centered(p.screen, 110, p.screen.height.saturating_sub(2));
        frame.render_widget(Clear, area);
        let title = format!("History: {}", crate::text::line(&self.name));
        let b = block(t, title, true);
        let inner = b.inner(area);
        frame.render_widget(b, area);
        let mut lines = Vec::new();
        if self.entries.is_empty() {
            lines.push(Line::styled("No changes recorded yet.", t.dim));
        }
        let width = usize::from(inner.width);
        for e in &self.entries {
            lines.push(Line::from(vec![
                Span::styled(crate::domain::fmt_datetime(e.at), t.heading),
                Span::raw("  "),
                Span::styled(crate::text::line(&e.actor).into_owned(), t.key),
                Span::raw("  "),
                Span::raw(crate::text::line(&e.summary).into_owned()),
            ]));
            for c in &e.changes {
                let text = format!(
                    "{}: {} -> {}",
                    c.path,
                    if c.from.is_empty() {
                        "(empty)"
                    } else {
                        &c.from
                    },
                    if c.to.is_empty() { "(empty)" } else { &c.to }
                );
                let line = Line::from(Span::styled(
                    format!("    {}", crate::text::line(&text)),
                    t.dim,
                ));
                lines.extend(wrap_line(line, width, 6));
            }
        }
        let scroll = self.scroll.fit(lines.len(), inner.height);
        frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
    }

    fn hints(&self, keymap: &Keymap) -> Vec<(String, &'static str)> {
        hints(
            keymap,
            Layer::Normal,
            &[(Action::MoveDown, "scroll"), (Action::Cancel, "close")],
        )
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
