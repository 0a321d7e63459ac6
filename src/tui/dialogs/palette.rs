//! `:`: the command palette. Every action by name, with its key; `enter` runs the one selected.
use std::any::Any;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{first_row, wrap_select};
use crate::text::fit;
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx, Flow, Kind, Paint, hints};
use crate::tui::form::LineEdit;
use crate::tui::keymap::{Keymap, Layer};
use crate::tui::views::widgets::{block, centered};

#[derive(Default)]
pub struct Palette {
    pub query: LineEdit,
    pub selected: usize,
    /// Actions not offered now (deleting a subject that may not be deleted, merging without
    /// the role): the palette lists only what can be done.
    pub hidden: Vec<Action>,
}

impl Palette {
    /// A palette that leaves `hidden` out.
    pub fn hiding(hidden: Vec<Action>) -> Self {
        Self {
            hidden,
            ..Self::default()
        }
    }

    /// What the palette lists for its query.
    fn found(&self) -> Vec<Action> {
        let mut found = matches(&self.query.text());
        found.retain(|a| !self.hidden.contains(a));
        found
    }
}

/// Actions listed for `query`: every word must appear in the name or the description; names
/// starting with the query come first, then names containing it. Dialog-only actions (yes, no,
/// discard a draft) are not offered.
pub fn matches(query: &str) -> Vec<Action> {
    let q = query.trim().to_lowercase();
    let words: Vec<&str> = q.split_whitespace().collect();
    let mut found: Vec<(u8, usize, Action)> = Action::ALL
        .into_iter()
        .enumerate()
        .filter(|(_, a)| !Action::DIALOG.contains(a))
        .filter_map(|(i, a)| {
            let name = a.name().replace('_', " ");
            let hay = format!("{} {} {}", a.name(), name, a.description()).to_lowercase();
            if !words.iter().all(|w| hay.contains(w)) {
                return None;
            }
            let rank = if q.is_empty() || a.name().starts_with(&q) || name.starts_with(&q) {
                0
            } else if a.name().contains(&q) || name.contains(&q) {
                1
            } else {
                2
            };
            Some((rank, i, a))
        })
        .collect();
    found.sort();
    found.into_iter().map(|(_, _, a)| a).collect()
}

impl Component for Palette {
    fn kind(&self) -> Kind {
        Kind::Palette
    }

    fn layers(&self) -> &'static [Layer] {
        &[Layer::Input]
    }

    fn key(&mut self, event: &KeyEvent, _ctx: &mut Ctx<'_>) -> bool {
        let before = self.query.text();
        let used = self.query.handle_key(event);
        if self.query.text() != before {
            self.selected = 0;
        }
        used
    }

    fn paste(&mut self, text: &str, ctx: &mut Ctx<'_>) -> bool {
        let outcome = self.query.paste(text);
        if outcome.changed() {
            self.selected = 0;
        }
        ctx.say(outcome.message());
        true
    }

    fn action(&mut self, action: Action, ctx: &mut Ctx<'_>) -> Flow {
        let query = self.query.text();
        let found = self.found();
        match action {
            Action::Cancel | Action::Back => Flow::Close,
            Action::ClearField => {
                self.query.clear();
                self.selected = 0;
                Flow::Stay
            }
            Action::MoveDown | Action::MoveUp => {
                self.selected = wrap_select(self.selected, found.len(), action);
                Flow::Stay
            }
            Action::Open => match found.get(self.selected) {
                Some(&chosen) => Flow::Run(chosen),
                None => {
                    ctx.say(format!("No action matches \"{query}\""));
                    Flow::Close
                }
            },
            _ => Flow::Stay,
        }
    }

    fn draw(&self, frame: &mut Frame, p: &Paint<'_>) {
        let t = p.theme;
        let query = self.query.text();
        let found = self.found();
        let area = centered(
            p.screen,
            90,
            (found.len() as u16)
                .saturating_add(4)
                .max(8)
                .min(p.screen.height.saturating_sub(4)),
        );
        frame.render_widget(Clear, area);
        let b = block(t, "Command palette".to_string(), true);
        let inner = b.inner(area);
        frame.render_widget(b, area);
        let mut lines = vec![Line::from(vec![
            Span::styled(": ", t.key),
            Span::raw(crate::text::line(&query).into_owned()),
            Span::styled("_", t.key),
        ])];
        let height = usize::from(inner.height.saturating_sub(1));
        let start = first_row(self.selected, height);
        for (i, action) in found.iter().enumerate().skip(start).take(height) {
            let key = p.keymap.hint(Layer::Normal, *action).unwrap_or_default();
            let marker = if i == self.selected { ">" } else { " " };
            let line = Line::from(vec![
                Span::raw(format!("{marker} ")),
                Span::raw(fit(action.name(), 16)),
                Span::styled(fit(&key, 10), t.key),
                Span::styled(action.description().to_string(), t.dim),
            ]);
            lines.push(if i == self.selected {
                line.style(t.selected)
            } else {
                line
            });
        }
        if found.is_empty() {
            lines.push(Line::styled("  no action matches", t.dim));
        }
        frame.render_widget(Paragraph::new(lines), inner);
    }

    fn hints(&self, keymap: &Keymap) -> Vec<(String, &'static str)> {
        hints(
            keymap,
            Layer::Input,
            &[
                (Action::Open, "run"),
                (Action::MoveDown, "next"),
                (Action::Cancel, "close"),
            ],
        )
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
