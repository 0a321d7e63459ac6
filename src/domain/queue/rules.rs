//! The rules: when each [`Reason`] applies to a subject on a day.
use chrono::NaiveDate;

use super::reason::{BREACH_RECENT_DAYS, ORDER_ENDING_DAYS, OrderRef, REVIEW_SOON_DAYS, Reason};
use crate::domain::Policy;
use crate::domain::{
    NotificationState, OrderKind, OrderStatus, RiskLevel, SignOff, SignOffStatus, Subject,
    fmt_date, heads,
};

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
    returned_reasons(subject, today, &mut out);
    for order in subject.orders.iter().filter(|o| o.is_active(today)) {
        for n in &order.notifications {
            match n.state(today, config.notification_days, subject.flags.rso) {
                NotificationState::Overdue { due, days } => {
                    out.push(Reason::NotificationOverdue {
                        order: OrderRef::of(order),
                        what: n.kind.label().to_string(),
                        due,
                        days,
                    });
                }
                NotificationState::Due { due, days_left } => {
                    out.push(Reason::NotificationDue {
                        order: OrderRef::of(order),
                        what: n.kind.label().to_string(),
                        due,
                        days_left,
                    });
                }
                NotificationState::Received { .. } | NotificationState::Suspended => {}
            }
        }
    }
    service_reasons(subject, config, today, &mut out);
    relationship_reasons(subject, config, today, &mut out);
    victim_reasons(subject, config, today, &mut out);
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

/// Work a supervisor returned: the newest version of each review and assessment, and the plan,
/// when it stands returned (a new round replaces it).
/// The victim's side: updates and needs assessments due, referral follow-ups and meeting
/// actions overdue.
fn victim_reasons(subject: &Subject, config: &Policy, today: NaiveDate, out: &mut Vec<Reason>) {
    let name = |id: crate::domain::ItemId| {
        subject
            .protected_persons
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.name.clone())
            .unwrap_or_default()
    };
    for d in crate::domain::victim_updates_due(subject, config.victim_update_days, today) {
        out.push(Reason::VictimUpdateDue {
            person: name(d.person),
            event: d.event.to_string(),
            on: d.event_date,
            days: (today - d.due).num_days(),
        });
    }
    for (p, due) in
        crate::domain::needs_assessments_due(subject, config.needs_assessment_days, today)
    {
        out.push(Reason::NeedsAssessmentDue {
            person: name(p),
            due,
            days: (today - due).num_days(),
        });
    }
    for r in &subject.referrals {
        if let Some(due) = r.overdue(today) {
            out.push(Reason::ReferralFollowUpOverdue {
                service: r.service.clone(),
                due,
                days: (today - due).num_days(),
            });
        }
    }
    for m in &subject.meetings {
        for a in &m.actions {
            if let Some(due) = a.overdue(today) {
                out.push(Reason::MeetingActionOverdue {
                    meeting: m.kind.label().to_string(),
                    action: a.action.clone(),
                    owner: a.owner.clone(),
                    due,
                    days: (today - due).num_days(),
                });
            }
        }
    }
}

fn returned_reasons(subject: &Subject, today: NaiveDate, out: &mut Vec<Reason>) {
    let mut push = |what: String, so: &SignOff| {
        let on = so.at.map_or(today, |at| at.date());
        out.push(Reason::Returned {
            what,
            comment: so.comment.clone(),
            by: so.signer_text(),
            on,
            days: (today - on).num_days(),
        });
    };
    for r in heads(&subject.reviews) {
        if r.sign_off.status == SignOffStatus::Returned {
            push(format!("review of {}", fmt_date(r.date)), &r.sign_off);
        }
    }
    for a in heads(&subject.assessments) {
        if a.sign_off.status == SignOffStatus::Returned {
            push(
                format!("risk assessment of {}", fmt_date(a.date)),
                &a.sign_off,
            );
        }
    }
    if let Some(so) = &subject.plan_sign_off
        && so.status == SignOffStatus::Returned
    {
        push("the plan".to_string(), so);
    }
}

/// Served orders in force: no risk assessment at all, or notification clocks policy says
/// service starts that were never started.
fn service_reasons(subject: &Subject, config: &Policy, today: NaiveDate, out: &mut Vec<Reason>) {
    let served: Vec<_> = subject
        .orders
        .iter()
        .filter(|o| o.is_active(today))
        .filter_map(|o| o.served.map(|s| (o, s)))
        .collect();
    if subject.assessments.is_empty()
        && let Some((order, on)) = served.iter().min_by_key(|(_, s)| *s)
    {
        out.push(Reason::NoRiskAssessment {
            order: OrderRef::of(order),
            served: *on,
            days: (today - *on).num_days(),
        });
    }
    if subject.flags.rso {
        return;
    }
    for (order, on) in served {
        let missing: Vec<String> = config
            .clocks_for(&order.kind)
            .into_iter()
            .filter(|k| !order.notifications.iter().any(|n| &n.kind == k))
            .map(|k| k.label().to_string())
            .collect();
        if !missing.is_empty() {
            out.push(Reason::ClocksNotStarted {
                order: OrderRef::of(order),
                what: missing.join(", "),
                served: on,
                days: (today - on).num_days(),
            });
        }
    }
}

/// Developing relationships still without a disclosure decision after the days policy
/// allows, and applications still waiting for their hearing after the days policy allows.
fn relationship_reasons(
    subject: &Subject,
    config: &Policy,
    today: NaiveDate,
    out: &mut Vec<Reason>,
) {
    let allowed = i64::from(config.disclosure_decision_days);
    for r in subject
        .section2
        .relationships
        .iter()
        .filter(|r| r.undecided())
    {
        let days = (today - r.learned).num_days();
        if days > allowed {
            out.push(Reason::DisclosureUndecided {
                partner: r.partner.clone(),
                learned: r.learned,
                days,
            });
        }
    }
    let wait = i64::from(config.hearing_wait_days);
    for order in &subject.orders {
        if order.status(today) != OrderStatus::Applied || order.discharged.is_some() {
            continue;
        }
        if let Some(applied) = order.applied {
            let days = (today - applied).num_days();
            if days > wait {
                out.push(Reason::AwaitingHearing {
                    order: OrderRef::of(order),
                    applied,
                    days,
                });
            }
        }
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
    if subject
        .plan_sign_off
        .as_ref()
        .is_some_and(|so| so.status == SignOffStatus::Awaiting)
    {
        out.push(Reason::PlanAwaitingSignOff);
    }
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
