//! Why a record found by search (or in the full list) is being opened: the reason is recorded
//! in the audit log with the user's name before anything of the record is shown.
use std::any::Any;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Wrap};

use crate::domain::SubjectId;
use crate::ops::access::{self, Reason};
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx, Flow, Kind, Paint, hints};
use crate::tui::form::LineEdit;
use crate::tui::form::paste::Outcome;
use crate::tui::keymap::{Keymap, Layer};
use crate::tui::views::widgets::{block, centered};
use crate::tui::views::widgets::{error_line, field_line};

/// The most characters a typed reason may hold.
pub const MAX_REASON: usize = 500;

pub struct ReasonDialog {
    pub subject: SubjectId,
    pub name: String,
    pub reason: LineEdit,
    /// Why the last attempt was refused (an empty reason).
    pub error: Option<String>,
    /// Open the search hit under the cursor (scrolled to the match) once recorded.
    pub from_hit: bool,
    /// The record was found through one of its protected persons (a search hit on their
    /// name): the audit log says so with the reason.
    pub via_person: bool,
}

impl ReasonDialog {
    pub fn new(subject: SubjectId, name: String, from_hit: bool) -> Self {
        Self {
            subject,
            name,
            reason: LineEdit::default().with_max(MAX_REASON),
            error: None,
            from_hit,
            via_person: false,
        }
    }

    /// Found through a protected person's name (see [`ReasonDialog::via_person`]).
    pub fn via_protected_person(mut self, via: bool) -> Self {
        self.via_person = via;
        self
    }
}

/// A key typed into a dialog's reason line: edits it, and clears the last refusal.
pub fn reason_key(line: &mut LineEdit, error: &mut Option<String>, event: &KeyEvent) -> bool {
    let used = line.handle_key(event);
    if used {
        *error = None;
    }
    used
}

/// A paste into a dialog's reason line (one line: a multi-line paste is refused, said why).
pub fn reason_paste(line: &mut LineEdit, error: &mut Option<String>, text: &str) -> bool {
    *error = match line.paste(text) {
        Outcome::Refused(why) => Some(why),
        Outcome::Pasted { .. } => None,
    };
    true
}

/// Record that subject `id` is opened for `reason`; on failure say so and return false (the
/// record stays closed).
pub fn record_opening(ctx: &mut Ctx<'_>, id: SubjectId, reason: Reason<'_>) -> bool {
    match access::open_record(ctx.store, id, reason) {
        Ok(()) => {
            ctx.main.consulted.insert(id);
            true
        }
        Err(e) => {
            ctx.say(format!(
                "Not opened: the consultation could not be recorded: {e}"
            ));
            false
        }
    }
}

/// Show the record just opened: at the matched item for a search hit, else the detail pane.
pub fn show_record(ctx: &mut Ctx<'_>, from_hit: bool) {
    if from_hit {
        if let Some(found) = ctx.main.open_hit() {
            ctx.say(found);
        }
    } else {
        ctx.main.focus = crate::tui::workbench::Focus::Detail;
    }
}

impl Component for ReasonDialog {
    fn kind(&self) -> Kind {
        Kind::Reason
    }

    fn layers(&self) -> &'static [Layer] {
        &[Layer::Input]
    }

    fn key(&mut self, event: &KeyEvent, _ctx: &mut Ctx<'_>) -> bool {
        reason_key(&mut self.reason, &mut self.error, event)
    }

    fn paste(&mut self, text: &str, _ctx: &mut Ctx<'_>) -> bool {
        reason_paste(&mut self.reason, &mut self.error, text)
    }

    fn action(&mut self, action: Action, ctx: &mut Ctx<'_>) -> Flow {
        match action {
            Action::ClearField => {
                self.reason.clear();
                Flow::Stay
            }
            Action::Cancel | Action::Back => {
                ctx.say("Not opened: a reason is needed to open a record");
                Flow::Close
            }
            Action::Open | Action::Save => {
                let reason = self.reason.text();
                if reason.trim().is_empty() {
                    self.error = Some("Type why you are opening this record".into());
                    return Flow::Stay;
                }
                // The cursor may not have moved, but make sure the record shown is the one
                // the reason was given for.
                if ctx.main.current_id() != Some(self.subject) {
                    ctx.main.select_subject(self.subject);
                }
                let reason = if self.via_person {
                    Reason::ViaProtectedPerson(&reason)
                } else {
                    Reason::Typed(&reason)
                };
                if record_opening(ctx, self.subject, reason) {
                    show_record(ctx, self.from_hit);
                }
                Flow::Close
            }
            _ => Flow::Stay,
        }
    }

    fn draw(&self, frame: &mut Frame, p: &Paint<'_>) {
        let t = p.theme;
        let mut lines = vec![Line::raw(format!(
            "{}: the reason is recorded in the audit log with your name.",
            crate::text::line(&self.name)
        ))];
        if self.via_person {
            lines.push(Line::raw(
                "Found through a protected person: the audit log records that too.",
            ));
        }
        lines.push(field_line(
            t,
            "Reason",
            &crate::text::line(&self.reason.text()),
            true,
        ));
        if let Some(e) = error_line(t, &self.error) {
            lines.push(e);
        }
        let key = |a| p.keymap.hint(Layer::Input, a).unwrap_or_default();
        lines.push(Line::styled(
            format!(
                "{} open the record  {} cancel (not opened)",
                key(Action::Open),
                key(Action::Cancel)
            ),
            t.dim,
        ));
        let width = 76.min(p.screen.width);
        let inner_width = usize::from(width.saturating_sub(2)).max(1);
        let rows: usize = lines
            .iter()
            .map(|l| l.width().div_ceil(inner_width).max(1))
            .sum();
        let area = centered(p.screen, width, u16::try_from(rows + 2).unwrap_or(u16::MAX));
        frame.render_widget(Clear, area);
        let b = block(t, "Why are you opening this record?".to_string(), true);
        let inner = b.inner(area);
        frame.render_widget(b, area);
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    }

    fn hints(&self, keymap: &Keymap) -> Vec<(String, &'static str)> {
        hints(
            keymap,
            Layer::Input,
            &[(Action::Open, "open"), (Action::Cancel, "cancel")],
        )
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
