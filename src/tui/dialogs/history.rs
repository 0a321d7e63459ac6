//! A subject's change history: every commit with who, when, what, and a sentence for each
//! change (`ops::access::history_text`), wrapped to the dialog's width, never cut.
use std::any::Any;

use ratatui::Frame;
use ratatui::text::{Line, Span};

use super::{scroll_or_close, scrolled_box};

use crate::ops::access::HistoryText;
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx, Flow, Kind, Paint, hints};
use crate::tui::keymap::{Keymap, Layer};
use crate::tui::scroll::Scroll;
use crate::tui::views::text::wrap_line;

pub struct History {
    pub name: String,
    pub entries: Vec<HistoryText>,
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
                for text in &e.lines {
                    // A value over several lines (a narrative) keeps its line breaks.
                    let safe = crate::text::multiline(text);
                    for (k, part) in safe.iter().enumerate() {
                        let indent = if k == 0 { "    " } else { "      " };
                        let line = Line::from(Span::styled(format!("{indent}{part}"), t.dim));
                        lines.extend(wrap_line(line, width, 6));
                    }
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
