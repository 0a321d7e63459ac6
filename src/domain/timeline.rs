//! The timeline of a subject: every dated event, newest first, and the monthly breach counts.
use chrono::{Datelike, Months, NaiveDate, NaiveTime};

use super::{OrderEnd, Subject};

/// What kind of event a timeline entry is; used for markers and filtering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum EventKind {
    Order,
    Notification,
    Review,
    Visit,
    Breach,
    Risk,
    Relationship,
}

impl EventKind {
    /// A fixed-width text marker, so the kind never depends on colour alone.
    pub fn marker(self) -> &'static str {
        match self {
            Self::Order => "ORDER ",
            Self::Notification => "NOTIFY",
            Self::Review => "REVIEW",
            Self::Visit => "VISIT ",
            Self::Breach => "BREACH",
            Self::Risk => "RISK  ",
            Self::Relationship => "RELATN",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineEvent {
    pub date: NaiveDate,
    pub time: Option<NaiveTime>,
    pub kind: EventKind,
    pub text: String,
}

/// Every dated event of `subject`, newest first. Future-dated events (an order's end, a
/// notification due date) are included: they sort above today.
pub fn timeline(subject: &Subject, notification_days: u32) -> Vec<TimelineEvent> {
    let mut out = Vec::new();
    let mut push = |date: NaiveDate, time: Option<NaiveTime>, kind: EventKind, text: String| {
        out.push(TimelineEvent {
            date,
            time,
            kind,
            text,
        });
    };
    for order in &subject.orders {
        let k = order.kind.short();
        if let Some(d) = order.applied {
            push(
                d,
                None,
                EventKind::Order,
                format!("{k} applied for at {}", order.court),
            );
        }
        if let Some(d) = order.made {
            push(
                d,
                None,
                EventKind::Order,
                format!("{k} made at {}", order.court),
            );
        }
        if let Some(d) = order.served {
            push(
                d,
                None,
                EventKind::Order,
                format!("{k} served on the subject"),
            );
        }
        for v in &order.variations {
            let note = if v.note.is_empty() {
                String::new()
            } else {
                format!(": {}", v.note)
            };
            push(
                v.date,
                None,
                EventKind::Order,
                format!("{k} {}{note}", v.kind.label()),
            );
        }
        if let Some(d) = order.discharged {
            push(d, None, EventKind::Order, format!("{k} discharged"));
        }
        if let (OrderEnd::Fixed(end), None) = (order.end, order.discharged) {
            push(end, None, EventKind::Order, format!("{k} ends"));
        }
        for n in &order.notifications {
            let due = n.due(notification_days);
            // Same rule as `Notification::state`: an open clock does not run for an RSO, so
            // there is no due date to show and nothing is "not received".
            let suspended = n.received.is_none() && subject.flags.rso;
            let when = if suspended {
                "clock suspended: RSO".to_string()
            } else {
                format!("due {}", super::fmt_date(due))
            };
            push(
                n.trigger,
                None,
                EventKind::Notification,
                format!("{k}: {} triggered ({when})", n.kind.label()),
            );
            match n.received {
                Some(r) => {
                    let at = n
                        .station
                        .as_deref()
                        .map(|s| format!(" at {s}"))
                        .unwrap_or_default();
                    let late = if r > due { " (LATE)" } else { "" };
                    push(
                        r,
                        None,
                        EventKind::Notification,
                        format!("{k}: {} received{at}{late}", n.kind.label()),
                    );
                }
                None if suspended => {}
                None => push(
                    due,
                    None,
                    EventKind::Notification,
                    format!("{k}: {} due, not received", n.kind.label()),
                ),
            }
        }
    }
    for r in &subject.reviews {
        let breached = r
            .outcomes
            .iter()
            .filter(|o| o.outcome == super::ComplianceOutcome::Breached)
            .count();
        let extra = if breached > 0 {
            format!(", {breached} condition(s) breached")
        } else {
            String::new()
        };
        push(
            r.date,
            None,
            EventKind::Review,
            format!(
                "Compliance review by {} ({}){extra}",
                r.reviewer,
                r.sign_off.status.label()
            ),
        );
    }
    for v in &subject.visits {
        push(
            v.at.date(),
            Some(v.at.time()),
            EventKind::Visit,
            format!("Visit by {}: {}", v.officer, v.outcome.label()),
        );
    }
    for b in &subject.breaches {
        let order = subject
            .order(b.order)
            .map(|o| o.kind.short().to_string())
            .unwrap_or_else(|| "order".to_string());
        push(
            b.at.date(),
            Some(b.at.time()),
            EventKind::Breach,
            format!(
                "Breach of {order} ({}): {}",
                b.source.label(),
                b.description
            ),
        );
    }
    let mut assessments: Vec<_> = subject.assessments.iter().collect();
    assessments.sort_by_key(|a| a.date);
    let mut previous: Option<super::RiskLevel> = None;
    for a in assessments {
        let level = a.highest();
        let text = match (previous, level) {
            (None, Some(l)) => format!("Risk assessed: {} by {}", l.label(), a.assessor),
            (Some(p), Some(l)) if p != l => {
                format!(
                    "Risk changed: {} -> {} by {}",
                    p.label(),
                    l.label(),
                    a.assessor
                )
            }
            (_, Some(l)) => format!(
                "Risk re-assessed: {} (unchanged) by {}",
                l.label(),
                a.assessor
            ),
            (_, None) => format!("Risk assessment by {} (no ratings)", a.assessor),
        };
        push(a.date, None, EventKind::Risk, text);
        previous = level.or(previous);
    }
    if let Some(since) = subject.reassessment_due {
        push(
            since,
            None,
            EventKind::Risk,
            "RE-ASSESSMENT REQUIRED: raised by a breach; record a new risk assessment".to_string(),
        );
    }
    if let Some(due) = subject.next_review {
        push(due, None, EventKind::Review, "Next review due".to_string());
    }
    for r in &subject.section2.relationships {
        push(
            r.learned,
            None,
            EventKind::Relationship,
            format!("New relationship learned of: {}", r.partner),
        );
        if let Some(d) = r.disclosure {
            push(
                d,
                None,
                EventKind::Relationship,
                format!("Disclosure made to {}", r.partner),
            );
        }
    }
    // Events are pushed in each record's own order (applied, made, served...; received after
    // triggered). Reverse first so the stable sort keeps same-day ties newest first too.
    out.reverse();
    out.sort_by_key(|e| std::cmp::Reverse((e.date, e.time, e.kind)));
    out
}

/// The first day of the month `months_back` months before `today`'s month.
fn month_start(today: NaiveDate, months_back: u32) -> NaiveDate {
    let first = today.with_day(1).unwrap_or(today);
    first
        .checked_sub_months(Months::new(months_back))
        .unwrap_or(NaiveDate::MIN)
}

/// Breach counts per calendar month for the `months` months up to and including `today`'s month,
/// oldest first, as `(first day of month, count)`.
pub fn breach_histogram(subject: &Subject, today: NaiveDate, months: u32) -> Vec<(NaiveDate, u32)> {
    let mut out: Vec<(NaiveDate, u32)> = (0..months)
        .rev()
        .map(|back| (month_start(today, back), 0))
        .collect();
    for b in &subject.breaches {
        let d = b.at.date();
        if d > today {
            continue;
        }
        let key = month_start(d, 0);
        if let Some(slot) = out.iter_mut().find(|(m, _)| *m == key) {
            slot.1 += 1;
        }
    }
    out
}
