//! A yes/no question, with the list of what answering yes does when there is one (an undo of a
//! change to several fields names each). Its keys come from the keymap (`[dialog]`: `y` yes,
//! `n` no; `enter` is yes and `esc` no as everywhere).
use std::any::Any;

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use crate::domain::{SubjectId, Target};
use crate::ops::undo::Way;
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx, Flow, Kind, Paint, hints};
use crate::tui::keymap::{Keymap, Layer};
use crate::tui::views::widgets::{block, centered};

pub struct Confirm {
    pub message: String,
    /// What yes does, one line each (shown under the question, the first that fit).
    pub details: Vec<String>,
    pub on_yes: OnYes,
}

/// What a confirmation does when answered yes.
pub enum OnYes {
    /// Delete `target` of `subject`.
    Delete { subject: SubjectId, target: Target },
    /// Drop the form (or wizard) under this question, and its draft.
    Discard,
    /// Undo or redo this session's last change (it touches several fields).
    Step(Way),
    /// Delete `subject`, created in error, for `reason`.
    DeleteSubject { subject: SubjectId, reason: String },
    /// Merge subject `from` into `keep` for `reason`.
    MergeSubjects {
        keep: SubjectId,
        from: SubjectId,
        reason: String,
    },
}

/// After an undo or redo: the subject shown as it now is, and selected; or why not.
pub fn show_reverted(ctx: &mut Ctx<'_>, result: Result<crate::ops::Saved, crate::ops::OpsError>) {
    match result {
        Ok(saved) => {
            let id = saved.subject.id;
            let here = ctx.main.current_id() == Some(id);
            ctx.main.upsert_subject(saved.subject);
            ctx.say(if here {
                format!("Saved: {}", saved.summary)
            } else {
                format!("Saved: {} (another subject: now selected)", saved.summary)
            });
            ctx.main.select_subject(id);
        }
        Err(e) => ctx.say(e.to_string()),
    }
}

impl Confirm {
    pub fn new(message: String, on_yes: OnYes) -> Self {
        Self {
            message,
            details: Vec::new(),
            on_yes,
        }
    }

    /// The same question listing `details` (what yes does).
    pub fn with_details(mut self, details: Vec<String>) -> Self {
        self.details = details;
        self
    }

    /// Answered no: say that nothing was done.
    fn no(&self, ctx: &mut Ctx<'_>) -> Flow {
        match &self.on_yes {
            OnYes::Step(Way::Undo) => ctx.say("Not undone: nothing was changed"),
            OnYes::Step(Way::Redo) => ctx.say("Not redone: nothing was changed"),
            OnYes::DeleteSubject { .. } => ctx.say("Not deleted: nothing was changed"),
            OnYes::MergeSubjects { .. } => ctx.say("Not merged: nothing was changed"),
            OnYes::Delete { .. } | OnYes::Discard => {}
        }
        Flow::Close
    }

    fn yes(&self, ctx: &mut Ctx<'_>) -> Flow {
        match &self.on_yes {
            OnYes::Discard => {
                ctx.say("Discarded");
                Flow::CloseTwo
            }
            OnYes::Step(way) => {
                let result = match way {
                    Way::Undo => crate::ops::undo::undo(ctx.store, ctx.undo),
                    Way::Redo => crate::ops::undo::redo(ctx.store, ctx.undo),
                };
                show_reverted(ctx, result);
                Flow::Close
            }
            OnYes::DeleteSubject { subject, reason } => {
                super::mistakes::delete_subject(ctx, *subject, reason);
                Flow::Close
            }
            OnYes::MergeSubjects { keep, from, reason } => {
                super::mistakes::merge_subjects(ctx, *keep, *from, reason);
                Flow::Close
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
            Action::No | Action::Cancel | Action::Back => self.no(ctx),
            _ => Flow::Stay,
        }
    }

    fn draw(&self, frame: &mut Frame, p: &Paint<'_>) {
        let width = if self.details.is_empty() { 70 } else { 100 };
        let inner_width = usize::from(width.min(p.screen.width).saturating_sub(2)).max(1);
        let rows = |text: &str| crate::text::width(text).div_ceil(inner_width).max(1);
        let message = crate::text::line(&self.message).into_owned();
        // The question, a blank line, the details that fit, the answers.
        let room = usize::from(p.screen.height.saturating_sub(4));
        let fixed = rows(&message) + 2;
        let mut details: Vec<Line> = Vec::new();
        let mut used = 0;
        for (i, d) in self.details.iter().enumerate() {
            let text = format!("  - {}", crate::text::line(d));
            let left = self.details.len() - i;
            let need = rows(&text) + usize::from(left > 1);
            if fixed + used + need > room {
                details.push(Line::styled(
                    format!("  ... and {left} more (the history lists each change)"),
                    p.theme.dim,
                ));
                used += 1;
                break;
            }
            used += rows(&text);
            details.push(Line::raw(text));
        }
        if !details.is_empty() {
            details.push(Line::raw(""));
            used += 1;
        }
        let height = u16::try_from(fixed + used + 2).unwrap_or(u16::MAX).max(7);
        let area = centered(p.screen, width, height);
        frame.render_widget(Clear, area);
        let b = block(p.theme, "Confirm".to_string(), true);
        let inner = b.inner(area);
        frame.render_widget(b, area);
        let (yes, no) = Self::answers(p.keymap);
        let mut lines = vec![Line::styled(message, p.theme.warn), Line::raw("")];
        lines.extend(details);
        lines.push(Line::from(vec![
            Span::styled(format!(" {yes} "), p.theme.key),
            Span::raw("yes    "),
            Span::styled(format!(" {no} "), p.theme.key),
            Span::raw("no"),
        ]));
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
