//! A page of text to read and close: a screening beside the one before it, the governance
//! report. Lines arrive as plain text (already made safe by the caller's `text::line`) and are
//! shown as they are, scrolled, never cut.
use std::any::Any;

use ratatui::Frame;
use ratatui::text::Line;

use super::{scroll_or_close, scrolled_box};

use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx, Flow, Kind, Paint, hints};
use crate::tui::keymap::{Keymap, Layer};
use crate::tui::scroll::Scroll;
use crate::tui::views::text::wrap_line;

pub struct TextView {
    pub title: String,
    pub lines: Vec<String>,
    pub scroll: Scroll,
}

impl TextView {
    pub fn new(title: impl Into<String>, lines: Vec<String>) -> Self {
        Self {
            title: title.into(),
            lines,
            scroll: Scroll::default(),
        }
    }
}

impl Component for TextView {
    fn kind(&self) -> Kind {
        Kind::TextView
    }

    fn action(&mut self, action: Action, _ctx: &mut Ctx<'_>) -> Flow {
        scroll_or_close(&mut self.scroll, action, &[Action::Cancel, Action::Back])
    }

    fn draw(&self, frame: &mut Frame, p: &Paint<'_>) {
        let title = crate::text::line(&self.title).into_owned();
        scrolled_box(frame, p, (110, 2), title, &self.scroll, |width| {
            let mut out = Vec::new();
            for l in &self.lines {
                let safe = crate::text::line(l).into_owned();
                out.extend(wrap_line(Line::raw(safe), width, 2));
            }
            out
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
