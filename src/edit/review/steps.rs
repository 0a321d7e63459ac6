//! The review wizard's steps: how each is built from the subject, and how its typed values are
//! read into an [`Answer`] (or the faults, against the field they concern).
use chrono::{NaiveDate, NaiveDateTime};

use super::input::{format_date, parse_date, parse_time};
use super::{Step, StepKind};
use super::{risk as review_risk, text as review_text};
use crate::domain::Policy;
use crate::domain::{
    Cadence, ComplianceOutcome, GroupRating, RiskGroup, RiskLevel, Subject, VisitOutcome,
};
use crate::edit::{Choice, FieldIssue, FieldKind, FieldSpec};

// The wizard's choices, `(stable key, label)`: the values hold the keys.
pub(super) const BREACHED: &str = "breached";
pub(super) const OUTCOMES: [(&str, &str); 4] = [
    ("complied", "Complied"),
    (BREACHED, "Breached"),
    ("not_verified", "Not verified"),
    ("not_applicable", "Not applicable"),
];
pub(super) const NO_VISIT: &str = "no_visit";
pub(super) const VISIT: &str = "visit";
pub(super) const VISIT_CHOICES: [(&str, &str); 2] = [(NO_VISIT, "No visit"), (VISIT, "Visit")];
pub(super) const VISIT_OUTCOMES: [(&str, &str); 3] = [
    ("seen", "Seen"),
    ("no_access", "No access"),
    ("moved", "Moved"),
];
pub(super) const KEEP: &str = "keep";
pub(super) const REASSESS: &str = "reassess";
pub(super) const RISK_CHOICES: [(&str, &str); 2] =
    [(KEEP, "Keep current risk"), (REASSESS, "Re-assess")];
pub(super) const NOT_RATED: &str = "not_rated";

/// What the wizard knows besides the typed values, fixed when it starts.
#[derive(Debug, Clone)]
pub(super) struct Basis {
    pub today: NaiveDate,
    /// The review's date: today for a new review, the review's own date when revising one.
    /// The next review may not be before it, and the cadence counts from it.
    pub on: NaiveDate,
    /// The review being revised (a returned round, or an approved review being changed).
    pub revising: Option<crate::domain::ItemId>,
    pub reviewer: String,
    pub cadence: Cadence,
    /// The groups offered for rating, with the current assessment's level for each.
    pub groups: Vec<(RiskGroup, Option<RiskLevel>)>,
    pub current_highest: Option<RiskLevel>,
    /// The re-assessment is outstanding ([`Subject::needs_reassessment`]).
    pub needs_reassessment: bool,
}

impl Basis {
    pub fn new(subject: &Subject, today: NaiveDate, config: &Policy, reviewer: &str) -> Self {
        let current = subject.current_assessment();
        let mut groups: Vec<(RiskGroup, Option<RiskLevel>)> = [
            RiskGroup::NamedVictim,
            RiskGroup::FuturePartners,
            RiskGroup::Children,
            RiskGroup::Public,
            RiskGroup::Staff,
        ]
        .into_iter()
        .map(|g| {
            let level = current.and_then(|a| a.level_for(&g));
            (g, level)
        })
        .collect();
        for rating in current.map(|a| a.ratings.as_slice()).unwrap_or_default() {
            if !groups.iter().any(|(g, _)| *g == rating.group) {
                groups.push((rating.group.clone(), Some(rating.level)));
            }
        }
        let needs_reassessment = subject.needs_reassessment();
        Self {
            today,
            on: today,
            revising: None,
            reviewer: reviewer.trim().to_string(),
            cadence: config.cadence,
            groups,
            current_highest: subject.current_risk(),
            needs_reassessment,
        }
    }
}

/// A step's values, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Answer {
    Condition {
        outcome: ComplianceOutcome,
        note: String,
    },
    /// The notifications note or the summary.
    Text(String),
    Visit(Option<VisitAnswer>),
    /// `None`: the current risk is kept.
    Risk(Option<Reassessment>),
    /// The next review date, and the reason it is later than the cadence allows (if given).
    Date(NaiveDate, String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct VisitAnswer {
    pub at: NaiveDateTime,
    pub officer: String,
    pub outcome: VisitOutcome,
    pub findings: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Reassessment {
    pub ratings: Vec<GroupRating>,
    pub rationale: String,
    /// How the re-assessment answers the breach that raised it (empty when none did).
    pub breach_response: String,
}

/// Every step for `subject`, with initial values.
pub(super) fn build(subject: &Subject, basis: &Basis, config: &Policy) -> Vec<Step> {
    let today = basis.today;
    let conditions: Vec<_> = subject
        .orders
        .iter()
        .filter(|o| o.is_active(today))
        .flat_map(|o| o.active_conditions(today).map(move |c| (o, c)))
        .collect();
    let total = conditions.len();
    let mut steps: Vec<Step> = conditions
        .into_iter()
        .enumerate()
        .map(|(i, (order, condition))| Step {
            kind: StepKind::Condition {
                order: order.id,
                condition: condition.id,
            },
            title: format!(
                "Condition {} of {total}: {} {}",
                i + 1,
                order.kind.short(),
                condition.category.trim()
            ),
            context: review_text::condition_context(subject, order, condition, today),
            fields: vec![
                FieldSpec::new("outcome", "Outcome", choice(&OUTCOMES), true)
                    .with_help("Complied, breached, not verified or not applicable"),
                FieldSpec::new("note", "Evidence / note", FieldKind::Text, false)
                    .with_help("Required when breached or not verified"),
            ],
            values: vec![String::new(), String::new()],
        })
        .collect();
    steps.push(Step {
        kind: StepKind::Notifications,
        title: "Notifications".to_string(),
        context: review_text::notification_context(subject, config, today),
        fields: vec![
            FieldSpec::new("note", "Notifications note", FieldKind::Multiline, false)
                .with_help("What was checked: names and addresses notified, anything outstanding"),
        ],
        values: vec![String::new()],
    });
    steps.push(visit_step(subject, today));
    steps.push(review_risk::risk_step(subject, basis));
    steps.push(Step {
        kind: StepKind::NextReview,
        title: "Next review".to_string(),
        context: Vec::new(),
        fields: vec![
            FieldSpec::new("next_review", "Next review", FieldKind::Date, true)
                .with_help("Proposed from the risk cadence; not before today"),
            FieldSpec::new(
                "late_reason",
                "Reason for a later date",
                FieldKind::Multiline,
                false,
            )
            .with_help("Required when the date is later than the risk cadence allows"),
        ],
        values: vec![String::new(), String::new()],
    });
    steps.push(Step {
        kind: StepKind::Summary,
        title: "Summary".to_string(),
        context: Vec::new(),
        fields: vec![
            FieldSpec::new("summary", "Summary", FieldKind::Multiline, false)
                .with_help("Optional overall summary for the supervisor"),
        ],
        values: vec![String::new()],
    });
    steps
}

/// The steps to revise `old` (a review of `subject`), pre-filled with its answers: one per
/// condition it recorded (conditions since removed from the plan are carried over as they
/// were), Notifications, Next review and Summary. The visit and any re-assessment are records
/// of their own and stay as they are. `head` leads every step: why it is being revised.
pub(super) fn revision(
    subject: &Subject,
    old: &crate::domain::Review,
    head: &[String],
    config: &Policy,
) -> Vec<Step> {
    let today = old.date;
    let found: Vec<_> = old
        .outcomes
        .iter()
        .filter_map(|o| {
            let order = subject.order(o.order)?;
            let condition = order.condition(o.condition)?;
            Some((order, condition, o))
        })
        .collect();
    let total = found.len();
    let with_head = |mut lines: Vec<String>| {
        let mut out = head.to_vec();
        out.append(&mut lines);
        out
    };
    let mut steps: Vec<Step> = found
        .into_iter()
        .enumerate()
        .map(|(i, (order, condition, o))| Step {
            kind: StepKind::Condition {
                order: order.id,
                condition: condition.id,
            },
            title: format!(
                "Condition {} of {total}: {} {}",
                i + 1,
                order.kind.short(),
                condition.category.trim()
            ),
            context: with_head(review_text::condition_context(
                subject, order, condition, today,
            )),
            fields: vec![
                FieldSpec::new("outcome", "Outcome", choice(&OUTCOMES), true)
                    .with_help("Complied, breached, not verified or not applicable"),
                FieldSpec::new("note", "Evidence / note", FieldKind::Text, false)
                    .with_help("Required when breached or not verified"),
            ],
            values: vec![outcome_key(o.outcome).to_string(), o.note.clone()],
        })
        .collect();
    steps.push(Step {
        kind: StepKind::Notifications,
        title: "Notifications".to_string(),
        context: with_head(review_text::notification_context(subject, config, today)),
        fields: vec![
            FieldSpec::new("note", "Notifications note", FieldKind::Multiline, false)
                .with_help("What was checked: names and addresses notified, anything outstanding"),
        ],
        values: vec![old.notifications_note.clone()],
    });
    steps.push(Step {
        kind: StepKind::NextReview,
        title: "Next review".to_string(),
        context: head.to_vec(),
        fields: vec![
            FieldSpec::new("next_review", "Next review", FieldKind::Date, true)
                .with_help("Not before the review; within the risk cadence unless you say why"),
            FieldSpec::new(
                "late_reason",
                "Reason for a later date",
                FieldKind::Multiline,
                false,
            )
            .with_help("Required when the date is later than the risk cadence allows"),
        ],
        values: vec![format_date(old.next_review), old.late_reason.clone()],
    });
    steps.push(Step {
        kind: StepKind::Summary,
        title: "Summary".to_string(),
        context: head.to_vec(),
        fields: vec![
            FieldSpec::new("summary", "Summary", FieldKind::Multiline, false)
                .with_help("Say what changed for the supervisor"),
        ],
        values: vec![old.summary.clone()],
    });
    steps
}

/// An outcome's stable key as a choice.
fn outcome_key(outcome: ComplianceOutcome) -> &'static str {
    match outcome {
        ComplianceOutcome::Complied => "complied",
        ComplianceOutcome::Breached => BREACHED,
        ComplianceOutcome::NotVerified => "not_verified",
        ComplianceOutcome::NotApplicable => "not_applicable",
    }
}

pub(super) fn choice(options: &[(&str, &str)]) -> FieldKind {
    FieldKind::Choice(options.iter().map(|(k, l)| Choice::new(*k, *l)).collect())
}

/// The step's values with each choice read as its stable key (a value typed as a label, or by
/// an older draft, reads the same).
pub(super) fn keyed(step: &Step) -> Vec<String> {
    step.fields
        .iter()
        .zip(&step.values)
        .map(|(field, value)| match &field.kind {
            FieldKind::Choice(options) => crate::edit::parse::choice_index(options, value)
                .and_then(|i| options.get(i))
                .map_or_else(|| value.trim().to_string(), |c| c.key.clone()),
            _ => value.trim().to_string(),
        })
        .collect()
}

fn visit_step(subject: &Subject, today: NaiveDate) -> Step {
    let help = "Required when a visit is recorded";
    let mut context = vec!["Record a visit carried out for this review, if any.".to_string()];
    if let Some(last) = subject.visits.iter().max_by_key(|v| v.at) {
        context.push(format!(
            "Last visit: {} by {}: {}",
            crate::domain::fmt_datetime(last.at),
            last.officer.trim(),
            last.outcome.label()
        ));
    }
    context.push("Vary the days and times of visits.".to_string());
    Step {
        kind: StepKind::Visit,
        title: "Visit".to_string(),
        context,
        fields: vec![
            FieldSpec::new("visit", "Visit", choice(&VISIT_CHOICES), true),
            FieldSpec::new("date", "Date", FieldKind::Date, false).with_help(help),
            FieldSpec::new("time", "Time", FieldKind::Time, false)
                .with_help("HH:MM; required when a visit is recorded"),
            FieldSpec::new("officer", "Officer", FieldKind::Text, false).with_help(help),
            FieldSpec::new("outcome", "Outcome", choice(&VISIT_OUTCOMES), false).with_help(help),
            FieldSpec::new("findings", "Findings", FieldKind::Multiline, false),
        ],
        values: vec![
            NO_VISIT.to_string(),
            format_date(today),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ],
    }
}

/// Read `step`'s values, or every fault found.
pub(super) fn parse(step: &Step, basis: &Basis) -> Result<Answer, Vec<FieldIssue>> {
    let values = keyed(step);
    let v = |i: usize| values.get(i).map(String::as_str).unwrap_or_default();
    match step.kind {
        StepKind::Condition { .. } => parse_condition(v(0), v(1)),
        StepKind::Notifications | StepKind::Summary => Ok(Answer::Text(v(0).to_string())),
        StepKind::Visit => parse_visit(&values, basis),
        StepKind::Risk => review_risk::parse_risk(&values, basis),
        StepKind::NextReview => {
            let date = match v(0) {
                "" => Err("a next review date is required".to_string()),
                text => parse_date(text, basis.today),
            };
            match date {
                Ok(date) if date < basis.on => Err(vec![issue(
                    0,
                    if basis.on == basis.today {
                        format!(
                            "the next review cannot be before today ({})",
                            crate::domain::fmt_date(basis.today)
                        )
                    } else {
                        format!(
                            "the next review cannot be before the review ({})",
                            crate::domain::fmt_date(basis.on)
                        )
                    },
                )]),
                Ok(date) => Ok(Answer::Date(date, v(1).to_string())),
                Err(message) => Err(vec![issue(0, message)]),
            }
        }
    }
}

pub(super) fn issue(field: usize, message: impl Into<String>) -> FieldIssue {
    FieldIssue {
        field: Some(field),
        message: message.into(),
    }
}

fn parse_condition(outcome: &str, note: &str) -> Result<Answer, Vec<FieldIssue>> {
    let outcome = match outcome {
        "" => return Err(vec![issue(0, "choose an outcome for this condition")]),
        "complied" => ComplianceOutcome::Complied,
        BREACHED => ComplianceOutcome::Breached,
        "not_verified" => ComplianceOutcome::NotVerified,
        "not_applicable" => ComplianceOutcome::NotApplicable,
        other => return Err(vec![issue(0, format!("{other:?} is not an outcome"))]),
    };
    if note.is_empty() {
        match outcome {
            ComplianceOutcome::Breached => {
                return Err(vec![issue(
                    1,
                    "a note is required for a breached condition: what happened and the evidence",
                )]);
            }
            ComplianceOutcome::NotVerified => {
                return Err(vec![issue(
                    1,
                    "a note is required when compliance was not verified: say why",
                )]);
            }
            _ => {}
        }
    }
    Ok(Answer::Condition {
        outcome,
        note: note.to_string(),
    })
}

fn parse_visit(values: &[String], basis: &Basis) -> Result<Answer, Vec<FieldIssue>> {
    let v = |i: usize| values.get(i).map(|s| s.trim()).unwrap_or_default();
    match v(0) {
        NO_VISIT => return Ok(Answer::Visit(None)),
        VISIT => {}
        "" => return Err(vec![issue(0, "choose No visit or Visit")]),
        other => return Err(vec![issue(0, format!("{other:?} is not a choice"))]),
    }
    let mut issues = Vec::new();
    let date = match v(1) {
        "" => Err("the visit's date is required".to_string()),
        text => parse_date(text, basis.today).and_then(|d| {
            if d > basis.today {
                Err("a visit being recorded cannot be in the future".to_string())
            } else {
                Ok(d)
            }
        }),
    }
    .map_err(|m| issues.push(issue(1, m)))
    .ok();
    let time = match v(2) {
        "" => Err("the visit's time is required (HH:MM)".to_string()),
        text => parse_time(text),
    }
    .map_err(|m| issues.push(issue(2, m)))
    .ok();
    if v(3).is_empty() {
        issues.push(issue(3, "the officer who visited is required"));
    }
    let outcome = match v(4) {
        "seen" => Some(VisitOutcome::Seen),
        "no_access" => Some(VisitOutcome::NoAccess),
        "moved" => Some(VisitOutcome::Moved),
        "" => {
            issues.push(issue(
                4,
                "choose the visit's outcome: seen, no access or moved",
            ));
            None
        }
        other => {
            issues.push(issue(4, format!("{other:?} is not a visit outcome")));
            None
        }
    };
    match (date, time, outcome) {
        (Some(date), Some(time), Some(outcome)) if issues.is_empty() => {
            Ok(Answer::Visit(Some(VisitAnswer {
                at: date.and_time(time),
                officer: v(3).to_string(),
                outcome,
                findings: v(5).to_string(),
            })))
        }
        _ => Err(issues),
    }
}

/// Issues as one line, naming the fields.
pub(super) fn join_issues(step: &Step, issues: &[FieldIssue]) -> String {
    issues
        .iter()
        .map(|i| match i.field.and_then(|f| step.fields.get(f)) {
            Some(field) => format!("{}: {}", field.label, i.message),
            None => i.message.clone(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}
