//! The rules: when each [`Reason`] applies to a subject on a day.
use chrono::NaiveDate;

use super::reason::{BREACH_RECENT_DAYS, ORDER_ENDING_DAYS, OrderRef, REVIEW_SOON_DAYS, Reason};
use crate::domain::Policy;
use crate::domain::{NotificationState, OrderKind, RiskLevel, SignOffStatus, Subject};

/// What [`super::queue`] needs besides the reasons, computed once per subject.
pub(super) struct Assessed {
    pub reasons: Vec<Reason>,
    pub next_review: NaiveDate,
    pub risk: Option<RiskLevel>,
}

/// Every reason `subject` needs attention on `today`, in tier order (see [`super::ReasonKind::tier`]).
pub fn reasons(subject: &Subject, config: &Policy, today: NaiveDate) -> Vec<Reason> {
    assess(subject, config, today).reasons
}

pub(super) fn assess(subject: &Subject, config: &Policy, today: NaiveDate) -> Assessed {
    let mut out = Vec::new();
    let current = subject.current_assessment();
    let risk = current.and_then(|a| a.highest());
    let next_review = crate::domain::next_review_date(subject, &config.cadence);
    let review_days = (next_review - today).num_days();

    if let Some(latest) = subject.breaches.iter().map(|b| b.at.date()).max() {
        let days_ago = (today - latest).num_days();
        if days_ago <= BREACH_RECENT_DAYS && subject.needs_reassessment() {
            out.push(Reason::BreachNotReassessed {
                on: latest,
                days_ago,
            });
        }
    }
    if review_days < 0 {
        out.push(Reason::ReviewOverdue {
            due: next_review,
            days: -review_days,
        });
    }
    for order in subject.orders.iter().filter(|o| o.is_active(today)) {
        for n in &order.notifications {
            if let NotificationState::Overdue { due, days } =
                n.state(today, config.notification_days, subject.flags.rso)
            {
                out.push(Reason::NotificationOverdue {
                    order: OrderRef::of(order),
                    what: n.kind.label().to_string(),
                    due,
                    days,
                });
            }
        }
    }
    match risk {
        Some(RiskLevel::VeryHigh) => out.push(Reason::VeryHighRisk),
        Some(RiskLevel::High) => out.push(Reason::HighRisk),
        _ => {}
    }
    order_reasons(subject, today, &mut out);
    sign_off_reasons(subject, today, &mut out);
    if let Some(current) = current {
        for t in &current.tactical_options {
            if let Some(due) = t.due
                && t.status.is_open()
                && due < today
            {
                out.push(Reason::TacticalOptionOverdue {
                    option: t.option.clone(),
                    owner: t.owner.clone(),
                    due,
                    days: (today - due).num_days(),
                });
            }
        }
    }
    if (0..=REVIEW_SOON_DAYS).contains(&review_days) {
        out.push(Reason::ReviewDueSoon {
            due: next_review,
            days_left: review_days,
        });
    }
    out.sort_by_key(|r| r.kind().tier());
    Assessed {
        reasons: out,
        next_review,
        risk,
    }
}

/// Not served, ending soon, interim awaiting the full hearing: orders in force only.
fn order_reasons(subject: &Subject, today: NaiveDate, out: &mut Vec<Reason>) {
    for order in subject.orders.iter().filter(|o| o.is_active(today)) {
        let Some(made) = order.made else { continue };
        if order.served.is_none() {
            out.push(Reason::NotServed {
                order: OrderRef::of(order),
                made,
                days: (today - made).num_days(),
            });
        }
        if let (Some(days_left), Some(last_day)) = (order.days_to_expiry(today), order.last_day())
            && (0..=ORDER_ENDING_DAYS).contains(&days_left)
        {
            out.push(Reason::OrderEnding {
                order: OrderRef::of(order),
                last_day,
                days_left,
            });
        }
        if order.kind == OrderKind::InterimSpo
            && !subject
                .orders
                .iter()
                .any(|o| o.kind == OrderKind::Spo && o.made.is_some_and(|m| m >= made))
        {
            out.push(Reason::InterimAwaitingFullHearing {
                order: OrderRef::of(order),
                made,
                days: (today - made).num_days(),
            });
        }
    }
}

/// Reviews and assessments awaiting sign-off: one reason each, naming the count and the oldest.
fn sign_off_reasons(subject: &Subject, today: NaiveDate, out: &mut Vec<Reason>) {
    let awaiting = |dates: &mut dyn Iterator<Item = NaiveDate>| {
        dates.fold(None, |acc: Option<(usize, NaiveDate)>, d| match acc {
            None => Some((1, d)),
            Some((n, oldest)) => Some((n + 1, oldest.min(d))),
        })
    };
    let reviews = awaiting(
        &mut subject
            .reviews
            .iter()
            .filter(|r| r.sign_off.status == SignOffStatus::Awaiting)
            .map(|r| r.date),
    );
    if let Some((count, oldest)) = reviews {
        out.push(Reason::ReviewAwaitingSignOff {
            count,
            oldest,
            days: (today - oldest).num_days(),
        });
    }
    let assessments = awaiting(
        &mut subject
            .assessments
            .iter()
            .filter(|a| a.sign_off.status == SignOffStatus::Awaiting)
            .map(|a| a.date),
    );
    if let Some((count, oldest)) = assessments {
        out.push(Reason::AssessmentAwaitingSignOff {
            count,
            oldest,
            days: (today - oldest).num_days(),
        });
    }
}
