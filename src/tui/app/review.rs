//! The compliance review wizard, recording a breach, and sign-off.
use super::edit::new_form;
use super::{App, FormPurpose, Overlay, Picker, PickerPurpose, WizardSession};
use crate::domain::{self as workflow, Decision, SignTarget};
use crate::domain::{ItemKind, Target};
use crate::domain::{Subject, SubjectId};
use crate::edit::review::ReviewWizard;
use crate::edit::{FieldKind, FieldSpec};
use crate::tui::action::Action;

impl App {
    /// The actor for permission checks. Until user accounts exist the local user is both a
    /// reviewer and a supervisor; `workflow::authz` is the one place the rules live.
    /// The logged-in user and their roles (from the store's session).
    pub(super) fn actor(&self) -> workflow::Actor {
        self.store.actor().clone()
    }

    pub(super) fn start_review(&mut self) {
        let Some(id) = self.current().map(|s| s.id) else {
            self.message = Some("Select a subject first".into());
            return;
        };
        self.resume_review(id, 0, Vec::new());
    }

    /// Open the wizard on subject `id` at `step`, with earlier values (from a draft) if any.
    pub(super) fn resume_review(&mut self, id: SubjectId, step: usize, values: Vec<Vec<String>>) {
        let (base, version) = match self.reload(id) {
            Ok(x) => x,
            Err(e) => return self.message = Some(e),
        };
        let mut wizard = ReviewWizard::new(&base, self.today, &self.config, &self.actor);
        wizard.restore(step, values);
        let form = step_form(&wizard, self.today);
        self.overlay = Overlay::Wizard(Box::new(WizardSession {
            subject: id,
            version,
            base,
            wizard,
            form,
        }));
    }

    pub(super) fn dispatch_wizard(&mut self, action: Action) {
        match action {
            Action::Save => self.wizard_forward(),
            Action::PrevStep => {
                if let Overlay::Wizard(w) = &mut self.overlay {
                    w.wizard.keep_values(w.form.values());
                    if w.wizard.back() {
                        w.form = step_form(&w.wizard, self.today);
                    }
                }
            }
            Action::Cancel => self.cancel_form(),
            _ => self.dispatch_form(action),
        }
    }

    /// `save` in the wizard: check this step and go on; on the last step save the review.
    fn wizard_forward(&mut self) {
        let Overlay::Wizard(mut w) = std::mem::replace(&mut self.overlay, Overlay::None) else {
            return;
        };
        if !w.form.check() {
            self.message = Some("Correct the fields marked ! to go on".into());
            self.overlay = Overlay::Wizard(w);
            return;
        }
        self.message = None;
        if let Err(issues) = w.wizard.set_values(w.form.values()) {
            w.form.set_issues(issues);
            self.message = Some("Correct the fields marked ! to go on".into());
            self.overlay = Overlay::Wizard(w);
            return;
        }
        if w.wizard.next() {
            w.form = step_form(&w.wizard, self.today);
            self.draft_pending = Some(std::time::Instant::now());
            self.overlay = Overlay::Wizard(w);
            return;
        }
        let changed = match w.wizard.finish(&w.base) {
            Ok(s) => s,
            Err(e) => {
                self.message = Some(format!("Not saved: {e}"));
                self.overlay = Overlay::Wizard(w);
                return;
            }
        };
        let summary = "Recorded a compliance review".to_string();
        let breached = w.wizard.breached_conditions();
        self.overlay = Overlay::Wizard(w);
        let key = self.draft_key();
        let Overlay::Wizard(w) = std::mem::replace(&mut self.overlay, Overlay::None) else {
            return;
        };
        match self.commit(&w.base, changed, Some(w.version), &summary) {
            Ok(_) => {
                if let Some(key) = key {
                    let _ = self.store.delete_draft(&key);
                }
                self.draft_pending = None;
                self.focus = super::Focus::Detail;
                self.tab = crate::domain::PlanPart::Reviews;
                if !breached.is_empty() {
                    self.open_breach_for(w.subject, &breached);
                }
            }
            Err(e) => {
                self.message = Some(format!("Review not saved (nothing was changed): {e}"));
                self.overlay = Overlay::Wizard(w);
            }
        }
    }

    /// After a review marked conditions breached: the breach form, pre-filled with them.
    /// After a review marked conditions breached: a breach form per order breached, each
    /// pre-filled with that order's conditions; saving one opens the next.
    fn open_breach_for(&mut self, subject: SubjectId, breached: &[(u32, u32)]) {
        let Some(base) = self.subjects.iter().find(|s| s.id == subject).cloned() else {
            return;
        };
        let mut orders: Vec<u32> = breached.iter().map(|(o, _)| *o).collect();
        orders.dedup();
        let mut forms: Vec<Vec<String>> = orders
            .iter()
            .map(|order| {
                let conditions: Vec<u32> = breached
                    .iter()
                    .filter(|(o, _)| o == order)
                    .map(|(_, c)| *c)
                    .collect();
                crate::edit::breach_prefill(&base, *order, &conditions, self.today)
            })
            .collect();
        if forms.is_empty() {
            return;
        }
        let first = forms.remove(0);
        let target = Target::new_item(ItemKind::Breach, None);
        self.open_form(Some(subject), target, FormPurpose::Item, Some(first));
        if let Overlay::Form(f) = &mut self.overlay {
            f.then = forms;
            self.message = Some(format!(
                "Review saved. {} order(s) had a condition marked breached: record the breach (esc to skip)",
                orders.len()
            ));
        }
    }

    pub(super) fn start_breach(&mut self) {
        let Some(subject) = self.current().cloned() else {
            self.message = Some("Select a subject first".into());
            return;
        };
        if subject.orders.is_empty() {
            self.message = Some("This subject has no order to breach: add one first".into());
            return;
        }
        let target = Target::new_item(ItemKind::Breach, None);
        self.open_form(Some(subject.id), target, FormPurpose::Item, None);
    }

    pub(super) fn start_sign_off(&mut self) {
        let Some(subject) = self.current().cloned() else {
            self.message = Some("Select a subject first".into());
            return;
        };
        if let Err(e) = workflow::authorize(&self.actor(), workflow::Permission::SignOff) {
            self.message = Some(e.to_string());
            return;
        }
        let all = workflow::awaiting(&subject);
        let mine = |t: &SignTarget| workflow::authored_by(&subject, *t, &self.actor);
        let waiting: Vec<_> = all.iter().filter(|(t, _)| !mine(t)).cloned().collect();
        match waiting.as_slice() {
            [] if !all.is_empty() => {
                self.message = Some(
                    "Only your own work awaits sign-off here: another supervisor must decide it"
                        .into(),
                )
            }
            [] => self.message = Some("Nothing is awaiting sign-off for this subject".into()),
            [(one, _)] => self.open_sign_off(*one),
            many => {
                self.overlay = Overlay::Picker(Picker {
                    title: "Sign off which?".into(),
                    labels: many
                        .iter()
                        .map(|(_, l)| crate::text::line(l).into_owned())
                        .collect(),
                    selected: 0,
                    purpose: PickerPurpose::SignOff(many.iter().map(|(t, _)| *t).collect()),
                });
            }
        }
    }

    pub(super) fn open_sign_off(&mut self, target: SignTarget) {
        let Some(id) = self.current().map(|s| s.id) else {
            return;
        };
        let (base, version) = match self.reload(id) {
            Ok(x) => x,
            Err(e) => return self.message = Some(e),
        };
        let fields = vec![
            FieldSpec::new(
                "decision",
                "Decision",
                FieldKind::Choice(vec!["Approve".into(), "Return".into()]),
                true,
            )
            .with_help("Approve, or return it to the reviewer with a comment"),
            FieldSpec::new("comment", "Comment", FieldKind::Multiline, false)
                .with_help("Required when returning"),
        ];
        let label = workflow::awaiting(&base)
            .into_iter()
            .find(|(t, _)| *t == target)
            .map(|(_, l)| l)
            .unwrap_or_default();
        let title = format!("Sign off: {}", crate::text::line(&label));
        let form = new_form(
            title,
            fields,
            vec!["Approve".into(), String::new()],
            self.today,
        );
        let (kind, item) = match target {
            SignTarget::Review(i) => (ItemKind::Visit, i),
            SignTarget::Assessment(i) => (ItemKind::Assessment, i),
        };
        self.overlay = Overlay::Form(Box::new(super::FormSession {
            subject: Some(id),
            target: Target::existing(kind, item, None),
            purpose: FormPurpose::SignOff(target),
            version: Some(version),
            base,
            form,
            then: Vec::new(),
        }));
    }

    pub(super) fn apply_sign_off(
        &self,
        base: &Subject,
        target: SignTarget,
        values: &[String],
    ) -> Result<(Subject, String), Vec<crate::edit::FieldIssue>> {
        let comment = values.get(1).cloned().unwrap_or_default();
        let decision = match values.first().map(String::as_str) {
            Some("Return") => Decision::Return { comment },
            _ => Decision::Approve,
        };
        let verb = match decision {
            Decision::Approve => "Approved",
            Decision::Return { .. } => "Returned",
        };
        let at = chrono::Local::now().naive_local();
        let changed = workflow::sign_off(base, target, decision, &self.actor, at, &self.actor())
            .map_err(|e| {
                vec![crate::edit::FieldIssue {
                    field: None,
                    message: e.to_string(),
                }]
            })?;
        let what = match target {
            SignTarget::Review(_) => "review",
            SignTarget::Assessment(_) => "risk assessment",
        };
        Ok((changed, format!("{verb} {what}")))
    }
}

/// The form for the wizard's current step.
fn step_form(wizard: &ReviewWizard, today: chrono::NaiveDate) -> crate::tui::form::FormState {
    let step = wizard.step();
    let n = wizard.steps().len();
    let title = format!(
        "Compliance review, step {} of {n}: {}",
        wizard.current() + 1,
        step.title
    );
    new_form(title, step.fields.clone(), step.values.clone(), today)
        .with_context(step.context.clone())
}
