//! The compliance review as a pure state machine of form steps (DOMAIN.md, "Reviews").
//!
//! The TUI shows [`ReviewWizard::step`] as a form (its [`FieldSpec`]s and current values, with
//! the context lines above), hands the edited values back with [`ReviewWizard::set_values`],
//! and moves with [`ReviewWizard::next`] / [`ReviewWizard::back`]. Values are kept exactly as
//! typed, so going back and forth loses nothing. [`ReviewWizard::finish`] re-checks every step
//! and builds the new subject: the review (awaiting sign-off), the visit, a new risk assessment
//! when re-assessed, and the next review date.
//!
//! Steps, in order: one per active condition of every active order, Notifications, Visit, Risk,
//! Next review, Summary. A condition's outcome starts empty so a reviewer must choose each one:
//! nothing is marked complied by default.
mod input;
mod risk;
mod steps;
mod text;

#[cfg(test)]
mod tests;

use chrono::NaiveDate;

use crate::domain::Policy;
use crate::domain::{
    ConditionOutcome, ItemId, Review, RiskAssessment, SignOff, SignTarget, Subject, Visit,
};
use crate::domain::{RuleError, next_id, validated};
use crate::edit::{FieldIssue, FieldSpec};
use steps::{Answer, Basis};

/// What a step asks about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepKind {
    /// The outcome of one condition of one order.
    Condition { order: ItemId, condition: ItemId },
    /// The notification clocks, with a note.
    Notifications,
    /// A visit carried out for the review, if any.
    Visit,
    /// Keep the current risk, or re-assess it group by group.
    Risk,
    /// The date the next review is due.
    NextReview,
    /// An overall summary; the context lines summarise every step.
    Summary,
}

/// One step of the wizard: a small form with lines of context above it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub kind: StepKind,
    pub title: String,
    /// Read-only lines shown above the fields (what is being reviewed, the current state).
    pub context: Vec<String>,
    pub fields: Vec<FieldSpec>,
    /// One value per field, as typed.
    pub values: Vec<String>,
}

/// A compliance review in progress. Built from a snapshot of the subject; see the module docs.
#[derive(Debug, Clone)]
pub struct ReviewWizard {
    steps: Vec<Step>,
    current: usize,
    basis: Basis,
    /// Lines leading every step when revising a review: which one, and the supervisor's
    /// comment when it was returned.
    head: Vec<String>,
    /// The conditions the review being revised already marked breached (their breaches were
    /// offered then): a revision offers breach forms only for conditions it newly marks.
    already_breached: Vec<(ItemId, ItemId)>,
    /// The next review date last proposed (as a form value): replaced by a new proposal only
    /// while the user has not typed a different date.
    proposed: String,
}

impl ReviewWizard {
    /// A review of `subject` by `reviewer` on `today`, with the force's `config`.
    pub fn new(subject: &Subject, today: NaiveDate, config: &Policy, reviewer: &str) -> Self {
        let basis = Basis::new(subject, today, config, reviewer);
        let steps = steps::build(subject, &basis, config);
        let mut wizard = Self {
            steps,
            current: 0,
            basis,
            head: Vec::new(),
            already_breached: Vec::new(),
            proposed: String::new(),
        };
        wizard.refresh();
        wizard
    }

    /// Revise review `id` of `subject` by `reviewer` on `today`: its answers pre-filled, the
    /// supervisor's comment on top when it was returned. Finishing it replaces a review still
    /// awaiting sign-off, and adds a new version (a new round) of a decided one, which stays as
    /// it was (see [`crate::domain::revise`]).
    pub fn revise(
        subject: &Subject,
        id: ItemId,
        today: NaiveDate,
        config: &Policy,
        reviewer: &str,
    ) -> Result<Self, RuleError> {
        let old = subject
            .reviews
            .iter()
            .find(|r| r.id == id)
            .ok_or(RuleError::UnknownReview(id))?;
        if let Some(newer) = subject.reviews.iter().find(|r| r.supersedes == Some(id)) {
            return Err(RuleError::Superseded {
                what: format!("the review of {}", crate::domain::fmt_date(old.date)),
                newer: newer.id,
            });
        }
        let mut basis = Basis::new(subject, today, config, reviewer);
        basis.on = old.date;
        basis.revising = Some(id);
        let head = text::revision_head(subject, old);
        let steps = steps::revision(subject, old, &head, config);
        let already_breached = old
            .outcomes
            .iter()
            .filter(|o| o.outcome == crate::domain::ComplianceOutcome::Breached)
            .map(|o| (o.order, o.condition))
            .collect();
        let mut wizard = Self {
            steps,
            current: 0,
            basis,
            head,
            already_breached,
            proposed: String::new(),
        };
        wizard.refresh();
        Ok(wizard)
    }

    /// The review being revised, if this wizard revises one.
    pub fn revising(&self) -> Option<ItemId> {
        self.basis.revising
    }

    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// The index of the step being shown.
    pub fn current(&self) -> usize {
        self.current
    }

    /// The step being shown.
    pub fn step(&self) -> &Step {
        // `steps` always holds the five fixed steps and `current` stays in range.
        &self.steps[self.current.min(self.steps.len().saturating_sub(1))]
    }

    /// Store the current step's values (one per field, as typed) and check them. The values
    /// are kept even when they have faults, so the form can be shown again as it was.
    pub fn set_values(&mut self, values: Vec<String>) -> Result<(), Vec<FieldIssue>> {
        let index = self.current;
        let expected = self.steps[index].fields.len();
        if values.len() != expected {
            return Err(vec![FieldIssue {
                field: None,
                message: format!("expected {expected} values, got {}", values.len()),
            }]);
        }
        self.steps[index].values = values;
        let result = self.check();
        self.refresh();
        result
    }

    /// Store the current step's values without checking them (going back a step keeps what
    /// was typed). A wrong number of values is ignored.
    pub fn keep_values(&mut self, values: Vec<String>) {
        let index = self.current;
        if values.len() == self.steps[index].fields.len() {
            self.steps[index].values = values;
            self.refresh();
        }
    }

    /// Every step's values, for a draft.
    pub fn all_values(&self) -> Vec<Vec<String>> {
        self.steps.iter().map(|s| s.values.clone()).collect()
    }

    /// Put back every step's values from a draft and return to `step`. Steps whose number of
    /// fields no longer matches (the plan changed since) keep their fresh values.
    pub fn restore(&mut self, step: usize, values: Vec<Vec<String>>) {
        for (i, v) in values.into_iter().enumerate() {
            if let Some(s) = self.steps.get_mut(i)
                && s.fields.len() == v.len()
            {
                s.values = v;
            }
            self.current = i.min(self.steps.len().saturating_sub(1));
            self.refresh();
        }
        self.current = step.min(self.steps.len().saturating_sub(1));
        self.refresh();
    }

    /// The faults of the current step's values, if any.
    pub fn check(&self) -> Result<(), Vec<FieldIssue>> {
        check_step(&self.steps, self.step(), &self.basis)
    }

    /// Move to the next step; `false` (staying put) on the last step or while the current
    /// step has faults.
    #[allow(clippy::should_implement_trait)] // a wizard's "next", not an iterator's
    pub fn next(&mut self) -> bool {
        if self.current + 1 >= self.steps.len() || self.check().is_err() {
            return false;
        }
        self.current += 1;
        self.refresh();
        true
    }

    /// Move to the previous step; `false` on the first. Values are kept.
    pub fn back(&mut self) -> bool {
        if self.current == 0 {
            return false;
        }
        self.current -= 1;
        self.refresh();
        true
    }

    /// The conditions marked "Breached" so far (as typed, even before the note is written), as
    /// (order, condition): the TUI offers a pre-filled breach form for each. A revision leaves
    /// out those the revised review had already marked.
    pub fn breached_conditions(&self) -> Vec<(ItemId, ItemId)> {
        self.steps
            .iter()
            .filter_map(|s| match &s.kind {
                StepKind::Condition { order, condition }
                    if steps::keyed(s).first().map(String::as_str) == Some(steps::BREACHED) =>
                {
                    Some((*order, *condition))
                }
                _ => None,
            })
            .filter(|c| !self.already_breached.contains(c))
            .collect()
    }

    /// Build the finished review on a copy of `subject` (normally the stored subject, which
    /// may have changed since the wizard started). Every step is checked again.
    ///
    /// Adds the [`Review`] (awaiting sign-off) and, when recorded, the [`Visit`] it links to;
    /// when the risk was re-assessed, a new [`RiskAssessment`] dated today by the reviewer,
    /// awaiting sign-off, carrying over the harm, factors and tactical options of the current
    /// one, and clears [`Subject::reassessment_due`] (kept as it was otherwise). Sets
    /// [`Subject::next_review`] to the chosen date. The result is validated.
    pub fn finish(&self, subject: &Subject) -> Result<Subject, RuleError> {
        let mut answers = Vec::with_capacity(self.steps.len());
        for step in &self.steps {
            match check_step(&self.steps, step, &self.basis)
                .and_then(|()| steps::parse(step, &self.basis))
            {
                Ok(answer) => answers.push((&step.kind, answer)),
                Err(issues) => {
                    return Err(RuleError::StepInvalid {
                        step: step.title.clone(),
                        message: steps::join_issues(step, &issues),
                    });
                }
            }
        }
        if let Some(id) = self.basis.revising {
            return self.finish_revision(subject, id, answers);
        }
        let today = self.basis.today;
        let reviewer = self.basis.reviewer.clone();
        let mut out = subject.clone();
        let mut review = Review {
            id: next_id(subject.reviews.iter().map(|r| r.id)),
            date: today,
            reviewer: reviewer.clone(),
            outcomes: Vec::new(),
            notifications_note: String::new(),
            visit: None,
            risk_reassessed: false,
            next_review: today,
            summary: String::new(),
            sign_off: SignOff::default(),
            supersedes: None,
            late_reason: String::new(),
        };
        for (kind, answer) in answers {
            match (kind, answer) {
                (StepKind::Condition { order, condition }, Answer::Condition { outcome, note }) => {
                    review.outcomes.push(ConditionOutcome {
                        order: *order,
                        condition: *condition,
                        outcome,
                        note,
                    });
                }
                (StepKind::Notifications, Answer::Text(note)) => review.notifications_note = note,
                (StepKind::Visit, Answer::Visit(Some(v))) => {
                    let id = next_id(out.visits.iter().map(|x| x.id));
                    out.visits.push(Visit {
                        id,
                        at: v.at,
                        officer: v.officer,
                        outcome: v.outcome,
                        findings: v.findings,
                    });
                    review.visit = Some(id);
                }
                (StepKind::Risk, Answer::Risk(Some(re))) => {
                    let current = subject.current_assessment();
                    out.assessments.push(RiskAssessment {
                        id: next_id(subject.assessments.iter().map(|a| a.id)),
                        date: today,
                        assessor: reviewer.clone(),
                        harm: current.map(|a| a.harm.clone()).unwrap_or_default(),
                        ratings: re.ratings,
                        risk_factors: current.map(|a| a.risk_factors.clone()).unwrap_or_default(),
                        protective_factors: current
                            .map(|a| a.protective_factors.clone())
                            .unwrap_or_default(),
                        rationale: re.rationale,
                        tactical_options: current
                            .map(|a| a.tactical_options.clone())
                            .unwrap_or_default(),
                        sign_off: SignOff::default(),
                        supersedes: None,
                        breach_rationale: re.breach_response,
                    });
                    out.reassessment_due = None;
                    review.risk_reassessed = true;
                }
                (StepKind::NextReview, Answer::Date(date, reason)) => {
                    review.next_review = date;
                    review.late_reason = reason;
                }
                (StepKind::Summary, Answer::Text(summary)) => review.summary = summary,
                _ => {}
            }
        }
        out.next_review = Some(review.next_review);
        out.reviews.push(review);
        validated(out)
    }

    /// [`ReviewWizard::finish`] for a revision of review `id`.
    fn finish_revision(
        &self,
        subject: &Subject,
        id: ItemId,
        answers: Vec<(&StepKind, Answer)>,
    ) -> Result<Subject, RuleError> {
        let old = subject
            .reviews
            .iter()
            .find(|r| r.id == id)
            .ok_or(RuleError::UnknownReview(id))?;
        let mut new = old.clone();
        new.reviewer = self.basis.reviewer.clone();
        for (kind, answer) in answers {
            match (kind, answer) {
                (StepKind::Condition { order, condition }, Answer::Condition { outcome, note }) => {
                    if let Some(o) = new
                        .outcomes
                        .iter_mut()
                        .find(|o| o.order == *order && o.condition == *condition)
                    {
                        o.outcome = outcome;
                        o.note = note;
                    }
                }
                (StepKind::Notifications, Answer::Text(note)) => new.notifications_note = note,
                (StepKind::NextReview, Answer::Date(date, reason)) => {
                    new.next_review = date;
                    new.late_reason = reason;
                }
                (StepKind::Summary, Answer::Text(summary)) => new.summary = summary,
                _ => {}
            }
        }
        let mut changed = subject.clone();
        if let Some(r) = changed.reviews.iter_mut().find(|r| r.id == id) {
            *r = new.clone();
        }
        let (mut out, new_id) = crate::domain::revise(subject, changed, SignTarget::Review(id))?;
        // The date this review sets is the subject's next review when it is the newest one.
        if out.latest_review().map(|r| r.id) == Some(new_id) {
            out.next_review = Some(new.next_review);
        }
        validated(out)
    }

    /// Recompute what depends on other steps: the next review proposal (unless the user typed
    /// their own date) and the context of the Next review and Summary steps.
    fn refresh(&mut self) {
        let (date, context) = risk::proposal(&self.steps, &self.basis);
        let proposal = input::format_date(date);
        if let Some(step) = self
            .steps
            .iter_mut()
            .find(|s| s.kind == StepKind::NextReview)
        {
            let typed = step.values.first().map(|v| v.trim()).unwrap_or_default();
            if typed.is_empty() || typed == self.proposed {
                step.values = vec![proposal.clone()];
            }
            step.context = self.head.iter().cloned().chain(context).collect();
        }
        self.proposed = proposal;
        let summary = text::summary_context(&self.steps, &self.basis);
        if let Some(step) = self.steps.iter_mut().find(|s| s.kind == StepKind::Summary) {
            step.context = self.head.iter().cloned().chain(summary).collect();
        }
    }
}

/// The faults of `step` in the wizard `steps`: its own, and for the Next review step, a date
/// later than the cadence for the resulting risk (re-assessed, else current) allows without a
/// reason (see [`crate::domain::check_late_review`]).
fn check_step(all: &[Step], step: &Step, basis: &Basis) -> Result<(), Vec<FieldIssue>> {
    let answer = steps::parse(step, basis)?;
    if let Answer::Date(date, reason) = answer {
        let level = match risk::risk_answer(all, basis).flatten() {
            Some(re) => re.ratings.iter().map(|r| r.level).max(),
            None => basis.current_highest,
        };
        if let Err(e) =
            crate::domain::check_late_review(basis.on, date, &reason, level, &basis.cadence)
        {
            return Err(vec![steps::issue(1, e.to_string())]);
        }
    }
    Ok(())
}
