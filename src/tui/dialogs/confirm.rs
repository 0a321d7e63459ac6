//! A yes/no question. Its keys come from the keymap (`[dialog]`: `y` yes, `n` no; `enter` is
//! yes and `esc` no as everywhere).
use std::any::Any;

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use crate::domain::{SubjectId, Target};
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx, Flow, Kind, Paint, hints};
use crate::tui::keymap::{Keymap, Layer};
use crate::tui::views::widgets::{block, centered};

pub struct Confirm {
    pub message: String,
    pub on_yes: OnYes,
}

/// What a confirmation does when answered yes.
pub enum OnYes {
    /// Delete `target` of `subject`.
    Delete { subject: SubjectId, target: Target },
    /// Drop the form (or wizard) under this question, and its draft.
    Discard,
}

impl Confirm {
    pub fn new(message: String, on_yes: OnYes) -> Self {
        Self { message, on_yes }
    }

    fn yes(&self, ctx: &mut Ctx<'_>) -> Flow {
        match &self.on_yes {
            OnYes::Discard => {
                ctx.say("Discarded");
                Flow::CloseTwo
            }
            OnYes::Delete { subject, target } => {
                let (base, version) = match ctx.reload(*subject) {
                    Ok(x) => x,
                    Err(e) => {
                        ctx.say(e);
                        return Flow::Close;
                    }
                };
                match crate::ops::item::delete(ctx.store, &base, version, target) {
                    Ok(saved) => {
                        ctx.undo.record(&base, version, &saved);
                        ctx.say(format!("Saved: {}", saved.summary));
                        ctx.show_saved(saved.subject);
                    }
                    Err(e) => ctx.say(format!("Not deleted: {e}")),
                }
                Flow::Close
            }
        }
    }

    /// The keys that answer, from the keymap.
    fn answers(keymap: &Keymap) -> (String, String) {
        let key = |a| {
            keymap
                .hint(Layer::Dialog, a)
                .or_else(|| keymap.hint(Layer::Normal, a))
                .unwrap_or_default()
        };
        (key(Action::Yes), key(Action::No))
    }
}

impl Component for Confirm {
    fn kind(&self) -> Kind {
        Kind::Confirm
    }

    fn layers(&self) -> &'static [Layer] {
        &[Layer::Dialog, Layer::Normal]
    }

    fn action(&mut self, action: Action, ctx: &mut Ctx<'_>) -> Flow {
        match action {
            Action::Yes | Action::Open => self.yes(ctx),
            Action::No | Action::Cancel | Action::Back => Flow::Close,
            _ => Flow::Stay,
        }
    }

    fn draw(&self, frame: &mut Frame, p: &Paint<'_>) {
        let area = centered(p.screen, 70, 7);
        frame.render_widget(Clear, area);
        let b = block(p.theme, "Confirm".to_string(), true);
        let inner = b.inner(area);
        frame.render_widget(b, area);
        let (yes, no) = Self::answers(p.keymap);
        let lines = vec![
            Line::styled(crate::text::line(&self.message).into_owned(), p.theme.warn),
            Line::raw(""),
            Line::from(vec![
                Span::styled(format!(" {yes} "), p.theme.key),
                Span::raw("yes    "),
                Span::styled(format!(" {no} "), p.theme.key),
                Span::raw("no"),
            ]),
        ];
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    }

    fn hints(&self, keymap: &Keymap) -> Vec<(String, &'static str)> {
        let mut out = hints(
            keymap,
            Layer::Dialog,
            &[(Action::Yes, "yes"), (Action::No, "no")],
        );
        if out.is_empty() {
            out = hints(
                keymap,
                Layer::Normal,
                &[(Action::Open, "yes"), (Action::Cancel, "no")],
            );
        }
        out
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
