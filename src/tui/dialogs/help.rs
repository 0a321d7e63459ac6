//! `?`: every action with its keys in each layer, generated from the effective keymap.
use std::any::Any;

use ratatui::Frame;
use ratatui::text::{Line, Span};

use super::{scroll_or_close, scrolled_box};

use crate::text::fit;
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx, Flow, Kind, Paint, hints};
use crate::tui::keymap::{Keymap, Layer};
use crate::tui::scroll::Scroll;
use crate::tui::theme::Theme;

#[derive(Default)]
pub struct Help {
    pub scroll: Scroll,
}

/// The help text: every action with its keys in each layer.
pub fn lines(keymap: &Keymap, t: &Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for (layer, title) in [
        (Layer::Normal, "Lists and panes"),
        (Layer::Input, "While typing (search, palette)"),
        (
            Layer::Dialog,
            "In a question, the drafts list or a conflicting save",
        ),
    ] {
        out.push(Line::styled(title.to_string(), t.heading));
        for action in Action::ALL {
            let keys = keymap.keys_for(layer, action);
            if keys.is_empty() {
                continue;
            }
            let keys: Vec<String> = keys.iter().map(ToString::to_string).collect();
            out.push(Line::from(vec![
                Span::styled(fit(&keys.join(", "), 22), t.key),
                Span::raw(fit(action.name(), 16)),
                Span::styled(action.description().to_string(), t.dim),
            ]));
        }
        out.push(Line::raw(""));
    }
    out
}

impl Component for Help {
    fn kind(&self) -> Kind {
        Kind::Help
    }

    fn action(&mut self, action: Action, _ctx: &mut Ctx<'_>) -> Flow {
        scroll_or_close(
            &mut self.scroll,
            action,
            &[Action::Help, Action::Back, Action::Cancel],
        )
    }

    fn draw(&self, frame: &mut Frame, p: &Paint<'_>) {
        let close = p
            .keymap
            .hint(Layer::Normal, Action::Help)
            .unwrap_or_default();
        let title = format!("Help: keys ({close} closes)");
        scrolled_box(frame, p, (102, 4), title, &self.scroll, |_| {
            lines(p.keymap, p.theme)
        });
    }

    fn hints(&self, keymap: &Keymap) -> Vec<(String, &'static str)> {
        hints(
            keymap,
            Layer::Normal,
            &[
                (Action::MoveDown, "scroll"),
                (Action::Help, "close"),
                (Action::Quit, "quit"),
            ],
        )
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
