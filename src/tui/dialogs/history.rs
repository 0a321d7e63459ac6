//! A subject's change history: every commit with who, when, what, and each field changed.
use std::any::Any;

use ratatui::Frame;
use ratatui::text::{Line, Span};

use super::{scroll_or_close, scrolled_box};

use crate::store::HistoryEntry;
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx, Flow, Kind, Paint, hints};
use crate::tui::keymap::{Keymap, Layer};
use crate::tui::scroll::Scroll;
use crate::tui::views::text::wrap_line;

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
        scroll_or_close(
            &mut self.scroll,
            action,
            &[Action::Cancel, Action::Back, Action::History],
        )
    }

    fn draw(&self, frame: &mut Frame, p: &Paint<'_>) {
        let t = p.theme;
        let title = format!("History: {}", crate::text::line(&self.name));
        scrolled_box(frame, p, (110, 2), title, &self.scroll, |width| {
            let mut lines = Vec::new();
            if self.entries.is_empty() {
                lines.push(Line::styled("No changes recorded yet.", t.dim));
            }
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
            lines
        });
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
