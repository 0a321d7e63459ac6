//! Unsaved drafts found when the store was opened: restore one to finish it, discard it, or
//! keep them all for later. Restoring a draft on a record not yet opened records the opening.
use std::any::Any;

use ratatui::Frame;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph};

use super::form::FormDialog;
use super::reason::record_opening;
use super::wizard::Wizard;
use super::{list_lines, wrap_select};
use crate::ops::access::Reason;
use crate::ops::drafts::Kept;
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx, Flow, Kind, Paint, hint_text, hints};
use crate::tui::keymap::{Keymap, Layer};
use crate::tui::views::widgets::{block, centered};

pub struct Drafts {
    pub drafts: Vec<Kept>,
    pub selected: usize,
}

impl Drafts {
    fn discard(&mut self, ctx: &mut Ctx<'_>) -> Flow {
        if self.selected < self.drafts.len() {
            let info = self.drafts.remove(self.selected);
            match crate::ops::drafts::discard(ctx.store, &info.key) {
                Ok(()) => ctx.say(format!("Draft discarded: {}", info.label)),
                Err(e) => ctx.say(format!("Could not discard the draft: {e}")),
            }
        }
        self.selected = self.selected.min(self.drafts.len().saturating_sub(1));
        if self.drafts.is_empty() {
            Flow::Close
        } else {
            Flow::Stay
        }
    }

    fn restore(&mut self, ctx: &mut Ctx<'_>) -> Flow {
        let Some(info) = self.drafts.get(self.selected).cloned() else {
            return Flow::Stay;
        };
        let data = info.data;
        if let Some(id) = data.subject {
            ctx.main.select_subject(id);
            // The form shows the record: opening it is recorded like any other opening.
            if !ctx.main.consulted(id) && !record_opening(ctx, id, Reason::Draft) {
                let why = ctx.message.clone().unwrap_or_default();
                ctx.say(why.replacen("Not opened", "Draft not restored", 1));
                return Flow::Close;
            }
        }
        let opened: Result<Box<dyn Component>, String> = match (data.wizard, data.sign_off) {
            (Some((step, values)), _) => match (data.subject, info.key) {
                (Some(id), crate::domain::DraftKey::Revision { review, .. }) => {
                    Wizard::revise(ctx, id, review, step, values).map(|w| Box::new(w) as _)
                }
                (Some(id), _) => Wizard::open(ctx, id, step, values).map(|w| Box::new(w) as _),
                (None, _) => Err("the draft names no subject".into()),
            },
            (None, Some(target)) => match data.subject {
                Some(id) => FormDialog::sign_off(ctx, id, target).map(|mut f| {
                    f.form.set_values(data.values);
                    Box::new(f) as _
                }),
                None => Err("the draft names no subject".into()),
            },
            (None, None) => FormDialog::item(ctx, data.subject, data.target, Some(data.values))
                .map(|f| Box::new(f) as _),
        };
        match opened {
            Ok(dialog) => {
                ctx.say(format!("Restored draft: {}", info.label));
                *ctx.draft_pending = Some(std::time::Instant::now());
                Flow::Replace(dialog)
            }
            Err(why) => {
                // The item is gone (deleted since): the draft cannot be reopened; keep it
                // offered no more, but say so.
                let _ = crate::ops::drafts::discard(ctx.store, &info.key);
                ctx.say(format!(
                    "Draft could not be restored and was removed: {why}"
                ));
                Flow::Close
            }
        }
    }
}

impl Component for Drafts {
    fn kind(&self) -> Kind {
        Kind::Drafts
    }

    fn layers(&self) -> &'static [Layer] {
        &[Layer::Dialog, Layer::Normal]
    }

    fn action(&mut self, action: Action, ctx: &mut Ctx<'_>) -> Flow {
        match action {
            Action::MoveDown | Action::MoveUp => {
                self.selected = wrap_select(self.selected, self.drafts.len(), action);
                Flow::Stay
            }
            Action::Cancel | Action::Back => {
                ctx.say("Drafts kept: they will be offered again next time");
                Flow::Close
            }
            Action::Open => self.restore(ctx),
            Action::DiscardDraft => self.discard(ctx),
            _ => Flow::Stay,
        }
    }

    fn draw(&self, frame: &mut Frame, p: &Paint<'_>) {
        let t = p.theme;
        let height = (self.drafts.len() as u16)
            .saturating_add(6)
            .min(p.screen.height.saturating_sub(2));
        let area = centered(p.screen, 96, height.max(8));
        frame.render_widget(Clear, area);
        let b = block(t, "Unsaved drafts were found".to_string(), true);
        let inner = b.inner(area);
        frame.render_widget(b, area);
        let mut lines = vec![
            Line::styled(
                "spmp kept these forms as you typed them. Restore one to finish it.",
                t.warn,
            ),
            Line::raw(""),
        ];
        let labels: Vec<String> = self
            .drafts
            .iter()
            .map(|x| {
                format!(
                    "{}  (kept {})",
                    x.label,
                    crate::domain::fmt_datetime(x.updated)
                )
            })
            .collect();
        lines.extend(list_lines(
            t,
            &labels,
            self.selected,
            usize::from(inner.height.saturating_sub(3)),
            inner.width,
        ));
        let mut keys = hints(
            p.keymap,
            Layer::Normal,
            &[(Action::Open, "restore"), (Action::Cancel, "later")],
        );
        keys.extend(hints(
            p.keymap,
            Layer::Dialog,
            &[(Action::DiscardDraft, "discard")],
        ));
        lines.push(Line::styled(hint_text(&keys), t.dim));
        frame.render_widget(Paragraph::new(lines), inner);
    }

    fn hints(&self, keymap: &Keymap) -> Vec<(String, &'static str)> {
        hints(
            keymap,
            Layer::Normal,
            &[
                (Action::Open, "choose"),
                (Action::MoveDown, "next"),
                (Action::Cancel, "close"),
            ],
        )
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
