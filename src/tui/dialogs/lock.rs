//! The idle lock: after a time without a key the screen is cleared and nothing of the data is
//! drawn until the user's passphrase is typed again. The app under it (open forms, drafts,
//! scroll positions) is kept as it was.
use std::any::Any;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::text::{Line, Span};

use crate::store::Passphrase;
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx, Flow, Kind, Paint, hints};
use crate::tui::form::LineEdit;
use crate::tui::form::paste::Outcome;
use crate::tui::keymap::{Keymap, Layer};
use crate::tui::views::widgets::{error_line, field_line, masked, panel};

/// The most characters a typed passphrase may hold.
const MAX_PASSPHRASE: usize = 500;

pub struct Lock {
    /// Who is logged in, with roles (shown; nothing of the data is).
    pub who: String,
    /// The idle time that locked it, in minutes.
    pub minutes: u32,
    pub passphrase: LineEdit,
    pub error: Option<String>,
}

impl Lock {
    pub fn new(who: String, minutes: u32) -> Self {
        Self {
            who,
            minutes,
            passphrase: LineEdit::secret(MAX_PASSPHRASE),
            error: None,
        }
    }

    fn unlock(&mut self, ctx: &mut Ctx<'_>) -> Flow {
        if self.passphrase.is_empty() {
            self.error = Some("Type your passphrase to unlock".into());
            return Flow::Stay;
        }
        let typed = Passphrase::new(self.passphrase.take_secret());
        match crate::ops::access::check_passphrase(ctx.store, &typed) {
            Ok(true) => Flow::Close,
            Ok(false) => {
                self.error = Some("Wrong passphrase: still locked. Try again.".into());
                Flow::Stay
            }
            Err(e) => {
                self.error = Some(format!("Cannot check the passphrase: {e}"));
                Flow::Stay
            }
        }
    }
}

impl Component for Lock {
    fn kind(&self) -> Kind {
        Kind::Lock
    }

    fn layers(&self) -> &'static [Layer] {
        &[Layer::Input]
    }

    fn key(&mut self, event: &KeyEvent, _ctx: &mut Ctx<'_>) -> bool {
        let used = self.passphrase.handle_key(event);
        if used {
            self.error = None;
        }
        used
    }

    /// A pasted passphrase (from a password manager) is taken; nothing of it is shown.
    fn paste(&mut self, text: &str, _ctx: &mut Ctx<'_>) -> bool {
        self.error = match self.passphrase.paste(text) {
            Outcome::Refused(why) => Some(why),
            Outcome::Pasted { .. } => None,
        };
        true
    }

    fn action(&mut self, action: Action, ctx: &mut Ctx<'_>) -> Flow {
        match action {
            Action::Open | Action::Save => self.unlock(ctx),
            Action::Cancel | Action::ClearField => {
                self.passphrase.clear();
                self.error = None;
                Flow::Stay
            }
            _ => Flow::Stay,
        }
    }

    fn draw(&self, frame: &mut Frame, p: &Paint<'_>) {
        let t = p.theme;
        let minutes = self.minutes;
        let shown = masked(self.passphrase.len());
        let pass = field_line(t, "Passphrase", &shown, true);
        let mut lines = vec![
            Line::styled("spmp is locked", t.heading),
            Line::raw(format!(
                "No key was pressed for {minutes} minute{}: the screen was cleared. Your work, \
                 including any open form, is kept.",
                if minutes == 1 { "" } else { "s" }
            )),
            Line::raw(""),
            Line::from(vec![
                Span::styled("  User: ", t.heading),
                Span::raw(self.who.clone()),
            ]),
            pass,
        ];
        let mut compact = vec![
            Line::styled("spmp locked", t.heading),
            field_line(t, "Pass", &shown, true),
        ];
        if let Some(e) = error_line(t, &self.error) {
            lines.push(Line::raw(""));
            lines.push(e.clone());
            compact.push(e);
        }
        lines.push(Line::raw(""));
        let key = |a| p.keymap.hint(Layer::Input, a).unwrap_or_default();
        lines.push(Line::styled(
            format!(
                "{} unlock  {} clear  {} quit (an open form is kept as a draft)",
                key(Action::Open),
                key(Action::Cancel),
                key(Action::Quit)
            ),
            t.dim,
        ));
        compact.push(Line::raw(format!("User: {}", self.who)));
        panel(frame, t, "Locked", lines, compact);
    }

    fn hints(&self, keymap: &Keymap) -> Vec<(String, &'static str)> {
        hints(
            keymap,
            Layer::Input,
            &[(Action::Open, "unlock"), (Action::Quit, "quit")],
        )
    }

    fn full_screen(&self) -> bool {
        true
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
