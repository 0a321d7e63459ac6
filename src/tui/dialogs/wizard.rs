//! The compliance review wizard as a dialog: one form per step (`edit::review` builds them),
//! `ctrl-s` to go on, `pageup` back a step; the last step records the review through
//! `ops::review`, then a breach form opens for each order that had a condition marked breached.
use std::any::Any;

use crossterm::event::KeyEvent;
use ratatui::Frame;

use super::confirm::{Confirm, OnYes};
use super::form::{
    FormDialog, draw_form, field_key, field_paste, form_hints, move_field, new_form,
};
use super::merge::{self, MergeDialog};
use crate::domain::{DraftKey, ItemKind, PlanPart, Subject, SubjectId, Target};
use crate::edit::review::ReviewWizard;
use crate::ops::{self, OpsError, drafts::DraftData};
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx, Flow, Kind, Paint, hint_text};
use crate::tui::form::FormState;
use crate::tui::keymap::{Keymap, Layer};
use crate::tui::workbench::Focus;

pub struct Wizard {
    pub subject: SubjectId,
    pub version: u64,
    pub base: Subject,
    pub wizard: ReviewWizard,
    pub form: FormState,
}

/// The form for the wizard's current step.
fn step_form(wizard: &ReviewWizard, today: chrono::NaiveDate) -> FormState {
    let step = wizard.step();
    let n = wizard.steps().len();
    let what = if wizard.revising().is_some() {
        "Revising a review"
    } else {
        "Compliance review"
    };
    let title = format!(
        "{what}, step {} of {n}: {}",
        wizard.current() + 1,
        step.title
    );
    new_form(title, step.fields.clone(), step.values.clone(), today)
        .with_context(step.context.clone())
}

impl Wizard {
    /// Start (or resume, at `step` with earlier values) a review of subject `id` as stored now.
    pub fn open(
        ctx: &mut Ctx<'_>,
        id: SubjectId,
        step: usize,
        values: Vec<Vec<String>>,
    ) -> Result<Self, String> {
        let loaded = ctx.reload(id)?;
        let policy = ctx.policy().clone();
        let started = ops::review::start(ctx.store, &policy, ctx.today(), loaded, step, values);
        let form = step_form(&started.wizard, ctx.today());
        Ok(Self {
            subject: id,
            version: started.version,
            base: started.base,
            wizard: started.wizard,
            form,
        })
    }

    /// Revise review `review` of subject `id` as stored now (resuming at `step` with earlier
    /// values from a draft).
    pub fn revise(
        ctx: &mut Ctx<'_>,
        id: SubjectId,
        review: crate::domain::ItemId,
        step: usize,
        values: Vec<Vec<String>>,
    ) -> Result<Self, String> {
        let loaded = ctx.reload(id)?;
        let policy = ctx.policy().clone();
        let started = ops::review::start_revision(
            ctx.store,
            &policy,
            ctx.today(),
            loaded,
            review,
            (step, values),
        )
        .map_err(|e| e.to_string())?;
        let form = step_form(&started.wizard, ctx.today());
        Ok(Self {
            subject: id,
            version: started.version,
            base: started.base,
            wizard: started.wizard,
            form,
        })
    }

    /// `save`: check this step and go on; on the last step record the review.
    fn forward(&mut self, ctx: &mut Ctx<'_>) -> Flow {
        if !self.form.check() {
            ctx.say("Correct the fields marked ! to go on");
            return Flow::Stay;
        }
        *ctx.message = None;
        if let Err(issues) = self.wizard.set_values(self.form.values()) {
            self.form.set_issues(issues);
            ctx.say("Correct the fields marked ! to go on");
            return Flow::Stay;
        }
        if self.wizard.next() {
            self.form = step_form(&self.wizard, ctx.today());
            *ctx.draft_pending = Some(std::time::Instant::now());
            return Flow::Stay;
        }
        let recorded = match ops::review::record(
            ctx.store,
            ctx.today(),
            &self.base,
            self.version,
            &self.wizard,
        ) {
            Ok(r) => r,
            Err(OpsError::Merge(conflicts)) => {
                ctx.show_saved(conflicts.theirs.clone());
                ctx.say("Review not saved yet: someone else changed the same field(s); choose which to keep");
                return Flow::Push(Box::new(MergeDialog::new(*conflicts)));
            }
            Err(e @ OpsError::Rule(_)) => {
                ctx.say(format!("Not saved: {e}"));
                return Flow::Stay;
            }
            Err(e) => {
                ctx.say(format!("Review not saved (nothing was changed): {e}"));
                return Flow::Stay;
            }
        };
        self.recorded(ctx, recorded)
    }

    /// After the review was recorded: the draft goes, the change can be undone, and a breach
    /// form opens for each order with a condition marked breached.
    fn recorded(&mut self, ctx: &mut Ctx<'_>, recorded: ops::review::Recorded) -> Flow {
        *ctx.draft_pending = None;
        if let Err(e) = ops::drafts::discard(ctx.store, &self.draft_key()) {
            ctx.say(format!("Could not remove the draft: {e}"));
        }
        let saved = recorded.saved;
        ctx.undo.record(&self.base, self.version, &saved);
        ctx.say(merge::saved_text(&saved));
        ctx.show_saved(saved.subject);
        ctx.main.focus = Focus::Detail;
        ctx.main.tab = PlanPart::Reviews;
        // A breach form per order breached, each pre-filled; saving one opens the next.
        let mut forms = recorded.breach_forms.into_iter();
        let Some(first) = forms.next() else {
            return Flow::Close;
        };
        let rest: Vec<Vec<String>> = forms.collect();
        let orders = rest.len() + 1;
        let target = Target::new_item(ItemKind::Breach, None);
        match FormDialog::item(ctx, Some(self.subject), target, Some(first)) {
            Ok(mut f) => {
                f.then = rest;
                ctx.say(format!(
                    "Review saved. {orders} order(s) had a condition marked breached: record the \
                     breach (esc to skip)"
                ));
                Flow::Replace(Box::new(f))
            }
            Err(e) => {
                ctx.say(e);
                Flow::Close
            }
        }
    }

    fn draft_key(&self) -> DraftKey {
        match self.wizard.revising() {
            Some(review) => DraftKey::Revision {
                subject: self.subject,
                review,
            },
            None => DraftKey::Review {
                subject: self.subject,
            },
        }
    }
}

impl Component for Wizard {
    fn kind(&self) -> Kind {
        Kind::Wizard
    }

    fn layers(&self) -> &'static [Layer] {
        &[Layer::Input]
    }

    fn captures(&self, event: &KeyEvent) -> bool {
        self.form.captures(event)
    }

    fn key(&mut self, event: &KeyEvent, ctx: &mut Ctx<'_>) -> bool {
        field_key(&mut self.form, event, ctx)
    }

    fn paste(&mut self, text: &str, ctx: &mut Ctx<'_>) -> bool {
        field_paste(&mut self.form, text, ctx);
        true
    }

    fn action(&mut self, action: Action, ctx: &mut Ctx<'_>) -> Flow {
        match action {
            Action::Save => self.forward(ctx),
            Action::PrevStep => {
                self.wizard.keep_values(self.form.values());
                if self.wizard.back() {
                    self.form = step_form(&self.wizard, ctx.today());
                }
                Flow::Stay
            }
            Action::Cancel if self.form.escape() => Flow::Stay,
            Action::Cancel if self.dirty() => Flow::Push(Box::new(Confirm::new(
                "Discard what you typed? It has not been saved.".into(),
                OnYes::Discard,
            ))),
            Action::Cancel => {
                *ctx.draft_pending = None;
                if let Err(e) = ops::drafts::discard(ctx.store, &self.draft_key()) {
                    ctx.say(format!("Could not remove the draft: {e}"));
                }
                Flow::Close
            }
            a => {
                move_field(&mut self.form, a, ctx);
                Flow::Stay
            }
        }
    }

    /// The merge dialog recorded the review with the fields as chosen: as after recording.
    fn resume(&mut self, value: Box<dyn Any>, ctx: &mut Ctx<'_>) -> Flow {
        match value.downcast::<ops::Saved>() {
            Ok(saved) => {
                let breach_forms =
                    ops::review::breach_forms(ctx.today(), &self.wizard, &saved.subject);
                let recorded = ops::review::Recorded {
                    saved: *saved,
                    breach_forms,
                };
                self.recorded(ctx, recorded)
            }
            Err(_) => Flow::Stay,
        }
    }

    fn draw(&self, frame: &mut Frame, p: &Paint<'_>) {
        draw_form(frame, p, &self.form, true);
    }

    fn hints(&self, keymap: &Keymap) -> Vec<(String, &'static str)> {
        vec![(hint_text(&form_hints(keymap, &self.form, true)), "")]
    }

    fn draft(&self) -> Option<(DraftKey, DraftData)> {
        Some((
            self.draft_key(),
            DraftData {
                subject: Some(self.subject),
                target: Target::new_item(ItemKind::Visit, None),
                title: format!("Compliance review: {}", self.base.display_name()),
                values: self.form.values(),
                wizard: Some((self.wizard.current(), self.wizard.all_values())),
                sign_off: None,
            },
        ))
    }

    fn dirty(&self) -> bool {
        self.form.is_dirty() || self.wizard.current() > 0
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
