//! `?`: every action with its keys in each layer, generated from the effective keymap.
use std::any::Any;

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use crate::text::fit;
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx, Flow, Kind, Paint, hints};
use crate::tui::keymap::{Keymap, Layer};
use crate::tui::scroll::Scroll;
use crate::tui::theme::Theme;
use crate::tui::views::widgets::{block, centered};

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
        (Layer::Dialog, "In a question or the drafts list"),
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
                Span::raw(fit(action.name(), 14)),
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
        match action {
            Action::Help | Action::Back | Action::Cancel => Flow::Close,
            a => {
                self.scroll.apply(a);
                Flow::Stay
            }
        }
    }

    fn draw(&self, frame: &mut Frame, p: &Paint<'_>) {
        let area = centered(p.screen, 100, p.screen.height.saturating_sub(4));
        frame.render_widget(Clear, area);
        let close = p
            .keymap
            .hint(Layer::Normal, Action::Help)
            .unwrap_or_default();
        let b = block(p.theme, format!("Help: keys ({close} closes)"), true);
        let inner = b.inner(area);
        frame.render_widget(b, area);
        let lines = lines(p.keymap, p.theme);
        let scroll = self.scroll.fit(lines.len(), inner.height);
        frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
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
