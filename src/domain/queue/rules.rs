//! The rules: when each [`Reason`] applies to a subject.
//!
//! Each rule says on which days its reason applies (a [`DayWindow`]) rather than testing one
//! day, so what the rules say of a subject is worked out once ([`outlook`]) and read on any day
//! ([`reasons_on`]): the caseload keeps that, stored with each record (`domain::Digest`), and
//! the queue on a day is a filter over it. [`reasons`] is the same for one subject on one day.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::reason::{BREACH_RECENT_DAYS, ORDER_ENDING_DAYS, OrderRef, REVIEW_SOON_DAYS, Reason};
use crate::domain::{
    DayWindow, OrderKind, Policy, RiskLevel, SignOff, SignOffStatus, Subject, fmt_date, heads,
};

/// A reason and the days on which it applies. Its day counts (`days`, `days_left`) are
/// counted from `anchor` on the day asked (none: the reason is dated that day).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {
    when: DayWindow,
    /// Reasons of one group (not 0) are alternatives: the first whose days hold applies.
    group: u8,
    anchor: Option<i64>,
    reason: Reason,
}

/// What the rules say of a subject for every day: the reasons with their days, the next
/// review date and the current assessment's highest level.
pub(super) struct Outlook {
    pub pending: Vec<Pending>,
    pub next_review: NaiveDate,
    pub risk: Option<RiskLevel>,
}

/// Every reason `subject` needs attention on `today`, in tier order (see [`super::ReasonKind::tier`]).
pub fn reasons(subject: &Subject, config: &Policy, today: NaiveDate) -> Vec<Reason> {
    reasons_on(&outlook(subject, config).pending, today)
}

/// The reasons of `pending` that apply on `today`, their day counts from `today`, in tier order.
pub fn reasons_on(pending: &[Pending], today: NaiveDate) -> Vec<Reason> {
    let mut out = Vec::new();
    let mut taken: Vec<u8> = Vec::new();
    for p in pending {
        if !p.when.contains(today) || (p.group != 0 && taken.contains(&p.group)) {
            continue;
        }
        if p.group != 0 {
            taken.push(p.group);
        }
        let mut reason = p.reason.clone();
        reason.count_from(p.anchor, today);
        out.push(reason);
    }
    out.sort_by_key(|r| r.kind().tier());
    // Kept for every subject of the caseload: no room to spare (a vector grown by pushes held
    // four reasons' room for one or two, 19 MB at 100,000 subjects).
    out.shrink_to_fit();
    out
}

/// The reasons in the order the rules find them (sorted by tier when read on a day).
struct Found(Vec<Pending>);

impl Found {
    fn push(&mut self, when: DayWindow, anchor: Option<NaiveDate>, reason: Reason) {
        self.push_in(0, when, anchor, reason);
    }

    fn push_in(&mut self, group: u8, when: DayWindow, anchor: Option<NaiveDate>, reason: Reason) {
        if !when.is_empty() {
            self.0.push(Pending {
                when,
                group,
                anchor: anchor.map(crate::domain::days::day),
                reason,
            });
        }
    }
}

/// Day counts are filled in when read on a day ([`reasons_on`]).
const LATER: i64 = 0;

/// What the rules say of `subject` under `config`, for every day.
pub(super) fn outlook(subject: &Subject, config: &Policy) -> Outlook {
    let mut out = Found(Vec::new());
    let current = subject.current_assessment();
    let risk = current.and_then(|a| a.highest());
    let next_review = crate::domain::next_review_date(subject, &config.cadence);

    if let Some(latest) = subject.breaches.iter().map(|b| b.at.date()).max()
        && subject.needs_reassessment()
    {
        let until = crate::domain::days::day(latest).saturating_add(BREACH_RECENT_DAYS);
        out.push(
            DayWindow::until_day(until),
            Some(latest),
            Reason::BreachNotReassessed {
                on: latest,
                days_ago: LATER,
            },
        );
    }
    out.push(
        DayWindow::after(next_review),
        Some(next_review),
        Reason::ReviewOverdue {
            due: next_review,
            days: LATER,
        },
    );
    returned_reasons(subject, &mut out);
    for order in &subject.orders {
        let active = order.active_days();
        for n in &order.notifications {
            let Some((due, due_days, overdue_days)) =
                n.running_days(config.notification_days, subject.flags.rso)
            else {
                continue;
            };
            out.push(
                active.and(overdue_days),
                Some(due),
                Reason::NotificationOverdue {
                    order: OrderRef::of(order),
                    what: n.kind.label().to_string(),
                    due,
                    days: LATER,
                },
            );
            out.push(
                active.and(due_days),
                Some(due),
                Reason::NotificationDue {
                    order: OrderRef::of(order),
                    what: n.kind.label().to_string(),
                    due,
                    days_left: LATER,
                },
            );
        }
    }
    service_reasons(subject, config, &mut out);
    relationship_reasons(subject, config, &mut out);
    victim_reasons(subject, config, &mut out);
    match risk {
        Some(RiskLevel::VeryHigh) => out.push(DayWindow::ALWAYS, None, Reason::VeryHighRisk),
        Some(RiskLevel::High) => out.push(DayWindow::ALWAYS, None, Reason::HighRisk),
        _ => {}
    }
    order_reasons(subject, &mut out);
    sign_off_reasons(subject, &mut out);
    if let Some(current) = current {
        for t in &current.tactical_options {
            if let Some(due) = t.due
                && t.status.is_open()
            {
                out.push(
                    DayWindow::after(due),
                    Some(due),
                    Reason::TacticalOptionOverdue {
                        option: t.option.clone(),
                        owner: t.owner.clone(),
                        due,
                        days: LATER,
                    },
                );
            }
        }
    }
    let soon = crate::domain::days::day(next_review);
    out.push(
        DayWindow::from_day(soon.saturating_sub(REVIEW_SOON_DAYS))
            .and(DayWindow::until(next_review)),
        Some(next_review),
        Reason::ReviewDueSoon {
            due: next_review,
            days_left: LATER,
        },
    );
    Outlook {
        pending: out.0,
        next_review,
        risk,
    }
}

/// The victim's side: updates and needs assessments due, referral follow-ups and meeting
/// actions overdue.
fn victim_reasons(subject: &Subject, config: &Policy, out: &mut Found) {
    let name = |id: crate::domain::ItemId| {
        subject
            .protected_persons
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.name.clone())
            .unwrap_or_default()
    };
    for d in crate::domain::victim_updates_pending(subject, config.victim_update_days) {
        out.push(
            DayWindow::after(d.due),
            Some(d.due),
            Reason::VictimUpdateDue {
                person: name(d.person),
                event: d.event.to_string(),
                on: d.event_date,
                days: LATER,
            },
        );
    }
    for (p, due) in crate::domain::needs_assessments_pending(subject, config.needs_assessment_days)
    {
        out.push(
            DayWindow::after(due),
            Some(due),
            Reason::NeedsAssessmentDue {
                person: name(p),
                due,
                days: LATER,
            },
        );
    }
    for r in &subject.referrals {
        if let Some(due) = r.follow_up {
            out.push(
                r.overdue_days(),
                Some(due),
                Reason::ReferralFollowUpOverdue {
                    service: r.service.clone(),
                    due,
                    days: LATER,
                },
            );
        }
    }
    for m in &subject.meetings {
        for a in &m.actions {
            if let Some(due) = a.due {
                out.push(
                    a.overdue_days(),
                    Some(due),
                    Reason::MeetingActionOverdue {
                        meeting: m.kind.label().to_string(),
                        action: a.action.clone(),
                        owner: a.owner.clone(),
                        due,
                        days: LATER,
                    },
                );
            }
        }
    }
}

/// Work a supervisor returned: the newest version of each review and assessment, and the plan,
/// when it stands returned (a new round replaces it). Dated by the return, else the day asked.
fn returned_reasons(subject: &Subject, out: &mut Found) {
    let mut push = |what: String, so: &SignOff| {
        let on = so.at.map(|at| at.date());
        out.push(
            DayWindow::ALWAYS,
            on,
            Reason::Returned {
                what,
                comment: so.comment.clone(),
                by: so.signer_text(),
                on: on.unwrap_or(NaiveDate::MIN),
                days: LATER,
            },
        );
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

/// Served orders in force: no risk assessment at all (named by the earliest served of those in
/// force), or notification clocks policy says service starts that were never started.
fn service_reasons(subject: &Subject, config: &Policy, out: &mut Found) {
    let served: Vec<_> = subject
        .orders
        .iter()
        .filter_map(|o| o.served.map(|s| (o, s)))
        .collect();
    if subject.assessments.is_empty() {
        let mut earliest_first = served.clone();
        earliest_first.sort_by_key(|(_, s)| *s);
        for (order, on) in earliest_first {
            out.push_in(
                1,
                order.active_days(),
                Some(on),
                Reason::NoRiskAssessment {
                    order: OrderRef::of(order),
                    served: on,
                    days: LATER,
                },
            );
        }
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
            out.push(
                order.active_days(),
                Some(on),
                Reason::ClocksNotStarted {
                    order: OrderRef::of(order),
                    what: missing.join(", "),
                    served: on,
                    days: LATER,
                },
            );
        }
    }
}

/// Developing relationships still without a disclosure decision after the days policy
/// allows, and applications still waiting for their hearing after the days policy allows.
fn relationship_reasons(subject: &Subject, config: &Policy, out: &mut Found) {
    let allowed = i64::from(config.disclosure_decision_days);
    for r in subject
        .section2
        .relationships
        .iter()
        .filter(|r| r.undecided())
    {
        let from = crate::domain::days::day(r.learned).saturating_add(allowed + 1);
        out.push(
            DayWindow::from_day(from),
            Some(r.learned),
            Reason::DisclosureUndecided {
                partner: r.partner.clone(),
                learned: r.learned,
                days: LATER,
            },
        );
    }
    let wait = i64::from(config.hearing_wait_days);
    for order in &subject.orders {
        if order.discharged.is_some() {
            continue;
        }
        if let Some(applied) = order.applied {
            let from = crate::domain::days::day(applied).saturating_add(wait + 1);
            out.push(
                order.applied_days().and(DayWindow::from_day(from)),
                Some(applied),
                Reason::AwaitingHearing {
                    order: OrderRef::of(order),
                    applied,
                    days: LATER,
                },
            );
        }
    }
}

/// Not served, ending soon, interim awaiting the full hearing: orders in force only.
fn order_reasons(subject: &Subject, out: &mut Found) {
    for order in &subject.orders {
        let Some(made) = order.made else { continue };
        let active = order.active_days();
        if order.served.is_none() {
            out.push(
                active,
                Some(made),
                Reason::NotServed {
                    order: OrderRef::of(order),
                    made,
                    days: LATER,
                },
            );
        }
        if let Some(last_day) = order.last_day() {
            let from = crate::domain::days::day(last_day).saturating_sub(ORDER_ENDING_DAYS);
            out.push(
                active
                    .and(DayWindow::from_day(from))
                    .and(DayWindow::until(last_day)),
                Some(last_day),
                Reason::OrderEnding {
                    order: OrderRef::of(order),
                    last_day,
                    days_left: LATER,
                },
            );
        }
        if order.kind == OrderKind::InterimSpo
            && !subject
                .orders
                .iter()
                .any(|o| o.kind == OrderKind::Spo && o.made.is_some_and(|m| m >= made))
        {
            out.push(
                active,
                Some(made),
                Reason::InterimAwaitingFullHearing {
                    order: OrderRef::of(order),
                    made,
                    days: LATER,
                },
            );
        }
    }
}

/// Reviews and assessments awaiting sign-off: one reason each, naming the count and the oldest.
fn sign_off_reasons(subject: &Subject, out: &mut Found) {
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
        out.push(DayWindow::ALWAYS, None, Reason::PlanAwaitingSignOff);
    }
    let reviews = awaiting(
        &mut subject
            .reviews
            .iter()
            .filter(|r| r.sign_off.status == SignOffStatus::Awaiting)
            .map(|r| r.date),
    );
    if let Some((count, oldest)) = reviews {
        out.push(
            DayWindow::ALWAYS,
            Some(oldest),
            Reason::ReviewAwaitingSignOff {
                count,
                oldest,
                days: LATER,
            },
        );
    }
    let assessments = awaiting(
        &mut subject
            .assessments
            .iter()
            .filter(|a| a.sign_off.status == SignOffStatus::Awaiting)
            .map(|a| a.date),
    );
    if let Some((count, oldest)) = assessments {
        out.push(
            DayWindow::ALWAYS,
            Some(oldest),
            Reason::AssessmentAwaitingSignOff {
                count,
                oldest,
                days: LATER,
            },
        );
    }
}
