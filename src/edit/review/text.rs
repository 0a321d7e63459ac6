//! The read-only context lines of the review wizard's steps.
use chrono::NaiveDate;

use super::steps::{Answer, Basis, parse};
use super::{Step, StepKind};
use crate::domain::Policy;
use crate::domain::{
    ComplianceOutcome, Condition, NotificationState, Order, Subject, fmt_date, fmt_datetime,
};

/// What is being reviewed: the order, the condition, how it is checked, its history.
pub(super) fn condition_context(
    subject: &Subject,
    order: &Order,
    condition: &Condition,
    today: NaiveDate,
) -> Vec<String> {
    let mut order_line = format!("Order: {}", order.kind.short());
    if let Some(reference) = order.reference.as_deref().filter(|r| !r.trim().is_empty()) {
        order_line.push_str(&format!(" {}", reference.trim()));
    }
    order_line.push_str(&format!(
        ", {}, {}",
        order.court.trim(),
        order.expiry_text(today)
    ));
    let mut lines = vec![
        order_line,
        format!(
            "{} ({}): {}",
            condition.kind.label(),
            condition.category.trim(),
            condition.text.trim()
        ),
    ];
    if let Some(area) = condition.area.as_deref().filter(|a| !a.trim().is_empty()) {
        lines.push(format!("Area: {}", area.trim()));
    }
    if !condition.check_method.trim().is_empty() {
        lines.push(format!("Checked by: {}", condition.check_method.trim()));
    }
    let last = subject
        .reviews
        .iter()
        .filter_map(|r| {
            r.outcomes
                .iter()
                .find(|o| o.order == order.id && o.condition == condition.id)
                .map(|o| (r.date, o))
        })
        .max_by_key(|(date, _)| *date);
    if let Some((date, o)) = last {
        let mut line = format!("Last review ({}): {}", fmt_date(date), o.outcome.label());
        if !o.note.trim().is_empty() {
            line.push_str(&format!(": {}", o.note.trim()));
        }
        lines.push(line);
    }
    let breaches: Vec<_> = subject
        .breaches
        .iter()
        .filter(|b| b.order == order.id && b.conditions.contains(&condition.id))
        .collect();
    if let Some(latest) = breaches.iter().max_by_key(|b| b.at) {
        lines.push(format!(
            "Breaches of this condition: {}, latest {}",
            breaches.len(),
            fmt_datetime(latest.at)
        ));
    }
    lines
}

/// Every notification clock with its state, the period allowed, and the RSO flag.
pub(super) fn notification_context(
    subject: &Subject,
    config: &Policy,
    today: NaiveDate,
) -> Vec<String> {
    let days = config.notification_days;
    let rso = subject.flags.rso;
    let mut lines = vec![format!(
        "Notify within {days} days of the trigger; RSO: {}",
        if rso {
            "yes (clocks do not run while on the register)"
        } else {
            "no"
        }
    )];
    let mut any = false;
    for order in &subject.orders {
        let status = order.status(today);
        for n in &order.notifications {
            any = true;
            let state = match n.state(today, days, rso) {
                NotificationState::Received { on, late_by: 0 } => {
                    format!("received {}", fmt_date(on))
                }
                NotificationState::Received { on, late_by } => {
                    format!("received {} ({late_by} days late)", fmt_date(on))
                }
                NotificationState::Due { due, days_left: 0 } => {
                    format!("due today ({})", fmt_date(due))
                }
                NotificationState::Due { due, days_left } => {
                    format!("due {} (in {days_left} days)", fmt_date(due))
                }
                NotificationState::Overdue { due, days } => {
                    format!("OVERDUE by {days} days (due {})", fmt_date(due))
                }
                NotificationState::Suspended => "suspended while on the register".to_string(),
            };
            let mut line = format!(
                "{} ({}): {}, triggered {}: {state}",
                order.kind.short(),
                status.label(),
                n.kind.label(),
                fmt_date(n.trigger)
            );
            if let Some(station) = n.station.as_deref().filter(|s| !s.trim().is_empty()) {
                line.push_str(&format!(", at {}", station.trim()));
            }
            if let Some(reference) = n.reference.as_deref().filter(|s| !s.trim().is_empty()) {
                line.push_str(&format!(", ref {}", reference.trim()));
            }
            lines.push(line);
        }
    }
    if !any {
        lines.push("No notification clocks recorded.".to_string());
    }
    lines
}

/// The current assessment and whether a re-assessment is due.
pub(super) fn risk_context(subject: &Subject) -> Vec<String> {
    let mut lines = Vec::new();
    match subject.current_assessment() {
        Some(a) => {
            let ratings: Vec<String> = a
                .ratings
                .iter()
                .map(|r| format!("{} {}", r.group.label(), r.level.label()))
                .collect();
            lines.push(format!(
                "Current assessment: {} by {}: {}",
                fmt_date(a.date),
                a.assessor.trim(),
                if ratings.is_empty() {
                    "nothing rated".to_string()
                } else {
                    ratings.join(", ")
                }
            ));
        }
        None => lines.push("No risk assessment on record.".to_string()),
    }
    if subject.needs_reassessment() {
        let since = subject.reassessment_due.or_else(|| {
            let after = subject.current_assessment().map(|a| a.date);
            subject
                .breaches
                .iter()
                .map(|b| b.at.date())
                .filter(|d| after.is_none_or(|a| *d > a))
                .min()
        });
        lines.push(match since {
            Some(date) => format!("RE-ASSESSMENT REQUIRED: breach on {}", fmt_date(date)),
            None => "RE-ASSESSMENT REQUIRED".to_string(),
        });
    }
    lines.push("Changing any level needs a rationale.".to_string());
    lines
}

/// One line per part of the review, as it stands.
pub(super) fn summary_context(steps: &[Step], basis: &Basis) -> Vec<String> {
    let mut counts = [0usize; 4];
    let mut lines = Vec::new();
    let mut breached = Vec::new();
    for step in steps {
        let answer = match parse(step, basis) {
            Ok(answer) => answer,
            Err(_) if step.kind == StepKind::Summary => continue,
            Err(_) => {
                lines.push(format!("{}: NOT COMPLETE", step.title));
                continue;
            }
        };
        match (&step.kind, answer) {
            (StepKind::Condition { .. }, Answer::Condition { outcome, .. }) => {
                let i = match outcome {
                    ComplianceOutcome::Complied => 0,
                    ComplianceOutcome::Breached => {
                        breached.push(step.title.clone());
                        1
                    }
                    ComplianceOutcome::NotVerified => 2,
                    ComplianceOutcome::NotApplicable => 3,
                };
                counts[i] += 1;
            }
            (StepKind::Notifications, Answer::Text(note)) => lines.push(if note.is_empty() {
                "Notifications: no note".to_string()
            } else {
                format!("Notifications: {}", first_line(&note))
            }),
            (StepKind::Visit, Answer::Visit(visit)) => lines.push(match visit {
                Some(v) => format!(
                    "Visit: {} by {}: {}",
                    fmt_datetime(v.at),
                    v.officer,
                    v.outcome.label()
                ),
                None => "Visit: none recorded".to_string(),
            }),
            (StepKind::Risk, Answer::Risk(risk)) => lines.push(match risk {
                Some(re) => {
                    let ratings: Vec<String> = re
                        .ratings
                        .iter()
                        .map(|r| format!("{} {}", r.group.label(), r.level.label()))
                        .collect();
                    format!("Risk: re-assessed: {}", ratings.join(", "))
                }
                None if basis.needs_reassessment => {
                    "Risk: kept; RE-ASSESSMENT STILL REQUIRED".to_string()
                }
                None => format!(
                    "Risk: kept ({})",
                    basis.current_highest.map_or("not rated", |l| l.label())
                ),
            }),
            (StepKind::NextReview, Answer::Date(date, reason)) => {
                lines.push(format!("Next review: {}", fmt_date(date)));
                if !reason.is_empty() {
                    lines.push(format!(
                        "  Later than the cadence because: {}",
                        first_line(&reason)
                    ));
                }
            }
            _ => {}
        }
    }
    let mut out = vec![format!(
        "Conditions: {} complied, {} BREACHED, {} not verified, {} n/a",
        counts[0], counts[1], counts[2], counts[3]
    )];
    out.extend(breached.into_iter().map(|t| format!("  BREACHED: {t}")));
    out.extend(lines);
    out.push("The review then goes to a supervisor for sign-off.".to_string());
    out
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default().trim()
}

/// The lines that lead every step of a revision: which review, its round, and the
/// supervisor's decision (the comment of a returned one).
pub(super) fn revision_head(subject: &Subject, old: &crate::domain::Review) -> Vec<String> {
    let round = crate::domain::chain(&subject.reviews, old).len();
    let so = &old.sign_off;
    let mut lines = vec![format!(
        "Revising the review of {} (round {round}, {})",
        fmt_date(old.date),
        so.status.label()
    )];
    let when = so
        .at
        .map(|at| format!(" on {}", fmt_date(at.date())))
        .unwrap_or_default();
    match so.status {
        crate::domain::SignOffStatus::Returned => {
            lines.push(format!("Returned by {}{when}:", so.signer_text()));
            lines.extend(so.comment.lines().map(|l| format!("  {}", l.trim())));
            lines.push(
                "Change what the comment asks and save to resubmit it as a new round.".to_string(),
            );
        }
        crate::domain::SignOffStatus::Approved => lines.push(format!(
            "Approved by {}{when}: it stays as approved; saving starts a new version that \
             awaits sign-off.",
            so.signer_text()
        )),
        crate::domain::SignOffStatus::Awaiting => {
            lines.push("Awaiting sign-off: saving replaces it.".to_string())
        }
    }
    lines.push(String::new());
    lines
}
