//! Why a subject is in the queue: each [`Reason`] carries its facts and says itself in plain words.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::{ItemId, Order, fmt_date};

/// A breach this recent (in days) that is not yet re-assessed puts the subject at the top.
pub const BREACH_RECENT_DAYS: i64 = 30;
/// An order whose last day is this close (in days) needs a renewal decision.
pub const ORDER_ENDING_DAYS: i64 = 60;
/// A review this close (in days) is "due within 7 days".
pub const REVIEW_SOON_DAYS: i64 = 7;

/// Which order a reason is about, as staff name it: `SPO FEN/SPO/2025/0007` or `SPO (order 2)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderRef {
    pub id: ItemId,
    pub label: String,
}

impl OrderRef {
    pub fn of(order: &Order) -> Self {
        let kind = order.kind.short();
        let label = match order.reference.as_deref().map(str::trim) {
            Some(r) if !r.is_empty() => format!("{kind} {r}"),
            _ => format!("{kind} (order {})", order.id),
        };
        Self {
            id: order.id,
            label,
        }
    }
}

/// One reason a subject needs attention, with the facts behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reason {
    /// A supervisor returned a review, assessment or the plan: the author must change it and
    /// resubmit. `what` names it ("review of 1 Jun 2026"); `by` is who returned it.
    Returned {
        what: String,
        comment: String,
        by: String,
        #[serde(with = "crate::domain::day_number")]
        on: NaiveDate,
        days: i64,
    },
    /// An order in force and served, and no risk assessment at all.
    NoRiskAssessment {
        order: OrderRef,
        #[serde(with = "crate::domain::day_number")]
        served: NaiveDate,
        days: i64,
    },
    /// A served order whose notification clocks (force policy, by order kind) were never
    /// started: `what` names the missing clocks.
    ClocksNotStarted {
        order: OrderRef,
        what: String,
        #[serde(with = "crate::domain::day_number")]
        served: NaiveDate,
        days: i64,
    },
    /// A developing relationship with no disclosure decision after the days policy allows.
    DisclosureUndecided {
        partner: String,
        #[serde(with = "crate::domain::day_number")]
        learned: NaiveDate,
        days: i64,
    },
    /// An order applied for and not yet made, past the days policy allows for a hearing.
    AwaitingHearing {
        order: OrderRef,
        #[serde(with = "crate::domain::day_number")]
        applied: NaiveDate,
        days: i64,
    },
    /// A notification clock running (not yet due): `days_left` until its due date.
    NotificationDue {
        order: OrderRef,
        what: String,
        #[serde(with = "crate::domain::day_number")]
        due: NaiveDate,
        days_left: i64,
    },
    /// The plan awaits a supervisor's sign-off.
    PlanAwaitingSignOff,
    /// A breach in the last [`BREACH_RECENT_DAYS`] days and the plan not re-assessed since.
    BreachNotReassessed {
        #[serde(with = "crate::domain::day_number")]
        on: NaiveDate,
        days_ago: i64,
    },
    /// The next review date has passed.
    ReviewOverdue {
        #[serde(with = "crate::domain::day_number")]
        due: NaiveDate,
        days: i64,
    },
    /// A notification clock of an order in force ran out (suspended RSO clocks never do).
    NotificationOverdue {
        order: OrderRef,
        what: String,
        #[serde(with = "crate::domain::day_number")]
        due: NaiveDate,
        days: i64,
    },
    /// The current assessment rates some group Very High.
    VeryHighRisk,
    /// The current assessment's highest rating is High.
    HighRisk,
    /// An order in force has been made but not served.
    NotServed {
        order: OrderRef,
        #[serde(with = "crate::domain::day_number")]
        made: NaiveDate,
        days: i64,
    },
    /// An order's last day is within [`ORDER_ENDING_DAYS`] days: renew or let it end.
    OrderEnding {
        order: OrderRef,
        #[serde(with = "crate::domain::day_number")]
        last_day: NaiveDate,
        days_left: i64,
    },
    /// An interim SPO in force and no full SPO made on or after it.
    InterimAwaitingFullHearing {
        order: OrderRef,
        #[serde(with = "crate::domain::day_number")]
        made: NaiveDate,
        days: i64,
    },
    /// Reviews awaiting a supervisor's sign-off: how many, and the oldest.
    ReviewAwaitingSignOff {
        count: usize,
        #[serde(with = "crate::domain::day_number")]
        oldest: NaiveDate,
        days: i64,
    },
    /// Risk assessments awaiting a supervisor's sign-off: how many, and the oldest.
    AssessmentAwaitingSignOff {
        count: usize,
        #[serde(with = "crate::domain::day_number")]
        oldest: NaiveDate,
        days: i64,
    },
    /// An open tactical option of the current assessment is past its due date.
    TacticalOptionOverdue {
        option: String,
        owner: Option<String>,
        #[serde(with = "crate::domain::day_number")]
        due: NaiveDate,
        days: i64,
    },
    /// The review falls due within [`REVIEW_SOON_DAYS`] days (0 = today); not yet overdue.
    ReviewDueSoon {
        #[serde(with = "crate::domain::day_number")]
        due: NaiveDate,
        days_left: i64,
    },
    /// A named protected person not updated within policy's days of an event (a breach, a
    /// review, an order event).
    VictimUpdateDue {
        person: String,
        event: String,
        #[serde(with = "crate::domain::day_number")]
        on: NaiveDate,
        days: i64,
    },
    /// A named protected person has no needs assessment, past policy's days.
    NeedsAssessmentDue {
        person: String,
        #[serde(with = "crate::domain::day_number")]
        due: NaiveDate,
        days: i64,
    },
    /// A referral awaiting its outcome past its follow-up date.
    ReferralFollowUpOverdue {
        service: String,
        #[serde(with = "crate::domain::day_number")]
        due: NaiveDate,
        days: i64,
    },
    /// A meeting's action not done by its due date.
    MeetingActionOverdue {
        meeting: String,
        action: String,
        owner: String,
        #[serde(with = "crate::domain::day_number")]
        due: NaiveDate,
        days: i64,
    },
}

/// The kind of a [`Reason`], without its facts: for filters and the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonKind {
    Returned,
    BreachNotReassessed,
    NoRiskAssessment,
    ClocksNotStarted,
    DisclosureUndecided,
    AwaitingHearing,
    NotificationDue,
    ReviewOverdue,
    NotificationOverdue,
    VeryHighRisk,
    HighRisk,
    NotServed,
    OrderEnding,
    InterimAwaitingFullHearing,
    AwaitingSignOff,
    TacticalOptionOverdue,
    ReviewDueSoon,
    VictimUpdateDue,
    NeedsAssessmentDue,
    ReferralFollowUpOverdue,
    MeetingActionOverdue,
}

impl ReasonKind {
    /// Every kind, in tier order.
    pub const ALL: [ReasonKind; 21] = [
        Self::Returned,
        Self::BreachNotReassessed,
        Self::ReviewOverdue,
        Self::NotificationOverdue,
        Self::NoRiskAssessment,
        Self::ClocksNotStarted,
        Self::VeryHighRisk,
        Self::DisclosureUndecided,
        Self::VictimUpdateDue,
        Self::NotServed,
        Self::TacticalOptionOverdue,
        Self::NeedsAssessmentDue,
        Self::ReferralFollowUpOverdue,
        Self::MeetingActionOverdue,
        Self::OrderEnding,
        Self::InterimAwaitingFullHearing,
        Self::AwaitingHearing,
        Self::NotificationDue,
        Self::HighRisk,
        Self::AwaitingSignOff,
        Self::ReviewDueSoon,
    ];

    /// A short heading for staff.
    pub fn label(self) -> &'static str {
        match self {
            Self::Returned => "Returned by a supervisor",
            Self::NoRiskAssessment => "No risk assessment",
            Self::ClocksNotStarted => "Notification clocks not started",
            Self::DisclosureUndecided => "Disclosure decision due",
            Self::AwaitingHearing => "Application awaiting hearing",
            Self::NotificationDue => "Notification due",
            Self::BreachNotReassessed => "Breach not re-assessed",
            Self::ReviewOverdue => "Review overdue",
            Self::NotificationOverdue => "Notification overdue",
            Self::VeryHighRisk => "Very High risk",
            Self::HighRisk => "High risk",
            Self::NotServed => "Order not served",
            Self::OrderEnding => "Order ending",
            Self::InterimAwaitingFullHearing => "Interim awaiting full hearing",
            Self::AwaitingSignOff => "Awaiting sign-off",
            Self::TacticalOptionOverdue => "Tactical option past due",
            Self::ReviewDueSoon => "Review due within 7 days",
            Self::VictimUpdateDue => "Victim update due",
            Self::NeedsAssessmentDue => "Needs assessment due",
            Self::ReferralFollowUpOverdue => "Referral follow-up overdue",
            Self::MeetingActionOverdue => "Meeting action overdue",
        }
    }

    /// The snake_case name used in JSON and on the command line (`review_overdue`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Returned => "returned",
            Self::NoRiskAssessment => "no_risk_assessment",
            Self::ClocksNotStarted => "clocks_not_started",
            Self::DisclosureUndecided => "disclosure_undecided",
            Self::AwaitingHearing => "awaiting_hearing",
            Self::NotificationDue => "notification_due",
            Self::BreachNotReassessed => "breach_not_reassessed",
            Self::ReviewOverdue => "review_overdue",
            Self::NotificationOverdue => "notification_overdue",
            Self::VeryHighRisk => "very_high_risk",
            Self::HighRisk => "high_risk",
            Self::NotServed => "not_served",
            Self::OrderEnding => "order_ending",
            Self::InterimAwaitingFullHearing => "interim_awaiting_full_hearing",
            Self::AwaitingSignOff => "awaiting_sign_off",
            Self::TacticalOptionOverdue => "tactical_option_overdue",
            Self::ReviewDueSoon => "review_due_soon",
            Self::VictimUpdateDue => "victim_update_due",
            Self::NeedsAssessmentDue => "needs_assessment_due",
            Self::ReferralFollowUpOverdue => "referral_follow_up_overdue",
            Self::MeetingActionOverdue => "meeting_action_overdue",
        }
    }

    /// The urgency tier, 1 most urgent. See [`super::urgency_order`] for why.
    pub fn tier(self) -> u8 {
        match self {
            Self::Returned | Self::BreachNotReassessed => 1,
            Self::ReviewOverdue
            | Self::NotificationOverdue
            | Self::NoRiskAssessment
            | Self::ClocksNotStarted => 2,
            Self::VeryHighRisk | Self::DisclosureUndecided | Self::VictimUpdateDue => 3,
            Self::NotServed
            | Self::TacticalOptionOverdue
            | Self::NeedsAssessmentDue
            | Self::ReferralFollowUpOverdue
            | Self::MeetingActionOverdue => 4,
            Self::OrderEnding
            | Self::InterimAwaitingFullHearing
            | Self::AwaitingHearing
            | Self::NotificationDue => 5,
            Self::HighRisk => 6,
            Self::AwaitingSignOff => 7,
            Self::ReviewDueSoon => 8,
        }
    }
}

impl std::str::FromStr for ReasonKind {
    type Err = String;

    /// Reads [`ReasonKind::name`] (dashes allowed for underscores).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let wanted = text.trim().replace('-', "_");
        Self::ALL
            .into_iter()
            .find(|k| k.name() == wanted)
            .ok_or_else(|| format!("unknown reason kind {text:?}"))
    }
}

fn days(n: i64) -> String {
    if n == 1 {
        "1 day".to_string()
    } else {
        format!("{n} days")
    }
}

impl Reason {
    /// Set the reason's day count as it stands on `today`, counted from `anchor` (a day
    /// number): days since it for waits and overdue items, days until it for what falls due.
    /// With no anchor the reason is dated `today` (work returned with no time of return).
    pub(super) fn count_from(&mut self, anchor: Option<i64>, today: NaiveDate) {
        let today_n = crate::domain::days::day(today);
        let Some(anchor) = anchor else {
            if let Self::Returned { on, days, .. } = self {
                *on = today;
                *days = 0;
            }
            return;
        };
        let since = today_n - anchor;
        let until = anchor - today_n;
        match self {
            Self::NotificationDue { days_left, .. }
            | Self::OrderEnding { days_left, .. }
            | Self::ReviewDueSoon { days_left, .. } => *days_left = until,
            Self::BreachNotReassessed { days_ago, .. } => *days_ago = since,
            Self::Returned { days, .. }
            | Self::NoRiskAssessment { days, .. }
            | Self::ClocksNotStarted { days, .. }
            | Self::DisclosureUndecided { days, .. }
            | Self::AwaitingHearing { days, .. }
            | Self::ReviewOverdue { days, .. }
            | Self::NotificationOverdue { days, .. }
            | Self::NotServed { days, .. }
            | Self::InterimAwaitingFullHearing { days, .. }
            | Self::ReviewAwaitingSignOff { days, .. }
            | Self::AssessmentAwaitingSignOff { days, .. }
            | Self::TacticalOptionOverdue { days, .. }
            | Self::VictimUpdateDue { days, .. }
            | Self::NeedsAssessmentDue { days, .. }
            | Self::ReferralFollowUpOverdue { days, .. }
            | Self::MeetingActionOverdue { days, .. } => *days = since,
            Self::PlanAwaitingSignOff | Self::VeryHighRisk | Self::HighRisk => {}
        }
    }

    pub fn kind(&self) -> ReasonKind {
        match self {
            Self::Returned { .. } => ReasonKind::Returned,
            Self::NoRiskAssessment { .. } => ReasonKind::NoRiskAssessment,
            Self::ClocksNotStarted { .. } => ReasonKind::ClocksNotStarted,
            Self::DisclosureUndecided { .. } => ReasonKind::DisclosureUndecided,
            Self::AwaitingHearing { .. } => ReasonKind::AwaitingHearing,
            Self::NotificationDue { .. } => ReasonKind::NotificationDue,
            Self::PlanAwaitingSignOff => ReasonKind::AwaitingSignOff,
            Self::BreachNotReassessed { .. } => ReasonKind::BreachNotReassessed,
            Self::ReviewOverdue { .. } => ReasonKind::ReviewOverdue,
            Self::NotificationOverdue { .. } => ReasonKind::NotificationOverdue,
            Self::VeryHighRisk => ReasonKind::VeryHighRisk,
            Self::HighRisk => ReasonKind::HighRisk,
            Self::NotServed { .. } => ReasonKind::NotServed,
            Self::OrderEnding { .. } => ReasonKind::OrderEnding,
            Self::InterimAwaitingFullHearing { .. } => ReasonKind::InterimAwaitingFullHearing,
            Self::ReviewAwaitingSignOff { .. } | Self::AssessmentAwaitingSignOff { .. } => {
                ReasonKind::AwaitingSignOff
            }
            Self::TacticalOptionOverdue { .. } => ReasonKind::TacticalOptionOverdue,
            Self::ReviewDueSoon { .. } => ReasonKind::ReviewDueSoon,
            Self::VictimUpdateDue { .. } => ReasonKind::VictimUpdateDue,
            Self::NeedsAssessmentDue { .. } => ReasonKind::NeedsAssessmentDue,
            Self::ReferralFollowUpOverdue { .. } => ReasonKind::ReferralFollowUpOverdue,
            Self::MeetingActionOverdue { .. } => ReasonKind::MeetingActionOverdue,
        }
    }

    /// How long this has waited, in days, for ordering within a tier: days overdue or since the
    /// event; for things still to come, minus the days left (sooner is more urgent); 0 for risk.
    pub fn waiting_days(&self) -> i64 {
        match self {
            Self::Returned { days: d, .. }
            | Self::NoRiskAssessment { days: d, .. }
            | Self::ClocksNotStarted { days: d, .. }
            | Self::DisclosureUndecided { days: d, .. }
            | Self::AwaitingHearing { days: d, .. }
            | Self::BreachNotReassessed { days_ago: d, .. }
            | Self::ReviewOverdue { days: d, .. }
            | Self::NotificationOverdue { days: d, .. }
            | Self::NotServed { days: d, .. }
            | Self::InterimAwaitingFullHearing { days: d, .. }
            | Self::ReviewAwaitingSignOff { days: d, .. }
            | Self::AssessmentAwaitingSignOff { days: d, .. }
            | Self::TacticalOptionOverdue { days: d, .. }
            | Self::VictimUpdateDue { days: d, .. }
            | Self::NeedsAssessmentDue { days: d, .. }
            | Self::ReferralFollowUpOverdue { days: d, .. }
            | Self::MeetingActionOverdue { days: d, .. } => *d,
            Self::OrderEnding { days_left: d, .. }
            | Self::ReviewDueSoon { days_left: d, .. }
            | Self::NotificationDue { days_left: d, .. } => -d,
            Self::VeryHighRisk | Self::HighRisk | Self::PlanAwaitingSignOff => 0,
        }
    }

    /// The reason in plain words for staff, e.g. "breach on 12 Nov 2026 (11 days ago) not yet
    /// re-assessed". Stored text inside (order references, option names) is not sanitised here.
    pub fn text(&self) -> String {
        match self {
            Self::Returned {
                what,
                comment,
                by,
                on,
                days: d,
            } => {
                let by = if by.trim().is_empty() {
                    String::new()
                } else {
                    format!(" by {}", by.trim())
                };
                format!(
                    "{what} returned{by} on {} ({}): \"{}\"",
                    fmt_date(*on),
                    ago(*d),
                    comment.lines().next().unwrap_or_default().trim()
                )
            }
            Self::NoRiskAssessment {
                order,
                served,
                days: d,
            } => format!(
                "{} served {} ({}) and no risk assessment",
                order.label,
                fmt_date(*served),
                ago(*d)
            ),
            Self::ClocksNotStarted {
                order,
                what,
                served,
                ..
            } => format!(
                "{} served {}: no {what} clock started",
                order.label,
                fmt_date(*served)
            ),
            Self::DisclosureUndecided {
                partner,
                learned,
                days: d,
            } => format!(
                "developing relationship with {} learned {} ({}): no disclosure decision",
                partner.trim(),
                fmt_date(*learned),
                ago(*d)
            ),
            Self::AwaitingHearing {
                order,
                applied,
                days: d,
            } => format!(
                "{} applied for {} ({}): awaiting the hearing",
                order.label,
                fmt_date(*applied),
                ago(*d)
            ),
            Self::NotificationDue {
                order,
                what,
                due,
                days_left,
            } => match days_left {
                0 => format!("{what} for {} due today ({})", order.label, fmt_date(*due)),
                d => format!(
                    "{what} for {} due in {} ({})",
                    order.label,
                    days(*d),
                    fmt_date(*due)
                ),
            },
            Self::PlanAwaitingSignOff => "the plan awaits sign-off".to_string(),
            Self::BreachNotReassessed { on, days_ago } => {
                let when = match days_ago {
                    0 => "today".to_string(),
                    d if *d < 0 => format!("in {}", days(-d)),
                    d => format!("{} ago", days(*d)),
                };
                format!("breach on {} ({when}) not yet re-assessed", fmt_date(*on))
            }
            Self::ReviewOverdue { due, days: d } => {
                format!("review overdue by {} (due {})", days(*d), fmt_date(*due))
            }
            Self::NotificationOverdue {
                order,
                what,
                due,
                days: d,
            } => format!(
                "{what} for {} overdue by {} (due {})",
                order.label,
                days(*d),
                fmt_date(*due)
            ),
            Self::VeryHighRisk => "Very High risk".to_string(),
            Self::HighRisk => "High risk".to_string(),
            Self::NotServed {
                order,
                made,
                days: d,
            } => match d {
                0 => format!("{} made today, not yet served", order.label),
                d => format!(
                    "{} made {}, not served after {}",
                    order.label,
                    fmt_date(*made),
                    days(*d)
                ),
            },
            Self::OrderEnding {
                order,
                last_day,
                days_left,
            } => {
                let left = match days_left {
                    0 => "last day today".to_string(),
                    d => format!("{} left", days(*d)),
                };
                format!(
                    "{} ends {} ({left}): renewal decision",
                    order.label,
                    fmt_date(*last_day)
                )
            }
            Self::InterimAwaitingFullHearing {
                order,
                made,
                days: d,
            } => format!(
                "{} made {} ({} ago): awaiting the full hearing",
                order.label,
                fmt_date(*made),
                days(*d)
            ),
            Self::ReviewAwaitingSignOff {
                count,
                oldest,
                days: d,
            } => sign_off_text("review", *count, *oldest, *d),
            Self::AssessmentAwaitingSignOff {
                count,
                oldest,
                days: d,
            } => sign_off_text("risk assessment", *count, *oldest, *d),
            Self::TacticalOptionOverdue {
                option,
                owner,
                due,
                days: d,
            } => {
                let owner = owner
                    .as_deref()
                    .filter(|o| !o.trim().is_empty())
                    .map(|o| format!(" ({o})"))
                    .unwrap_or_default();
                format!(
                    "tactical option \"{option}\"{owner} past due by {} (due {})",
                    days(*d),
                    fmt_date(*due)
                )
            }
            Self::ReviewDueSoon { due, days_left } => match days_left {
                0 => format!("review due today ({})", fmt_date(*due)),
                d => format!("review due in {} ({})", days(*d), fmt_date(*due)),
            },
            Self::VictimUpdateDue {
                person,
                event,
                on,
                days: d,
            } => format!(
                "{} not updated since the {event} on {} (update {} overdue)",
                person.trim(),
                fmt_date(*on),
                days(*d)
            ),
            Self::NeedsAssessmentDue {
                person,
                due,
                days: d,
            } => format!(
                "no needs assessment for {} (due {}, {} overdue)",
                person.trim(),
                fmt_date(*due),
                days(*d)
            ),
            Self::ReferralFollowUpOverdue {
                service,
                due,
                days: d,
            } => format!(
                "referral to {} awaiting outcome: follow-up overdue by {} (due {})",
                service.trim(),
                days(*d),
                fmt_date(*due)
            ),
            Self::MeetingActionOverdue {
                meeting,
                action,
                owner,
                due,
                days: d,
            } => format!(
                "{meeting} action \"{}\" ({}) overdue by {} (due {})",
                action.trim(),
                owner.trim(),
                days(*d),
                fmt_date(*due)
            ),
        }
    }
}

/// "today", "1 day ago", "12 days ago".
fn ago(d: i64) -> String {
    match d {
        d if d <= 0 => "today".to_string(),
        d => format!("{} ago", days(d)),
    }
}

fn sign_off_text(what: &str, count: usize, oldest: NaiveDate, waited: i64) -> String {
    let since = match waited {
        d if d <= 0 => "today".to_string(),
        d => format!("{} ago", days(d)),
    };
    if count == 1 {
        format!("{what} of {} awaiting sign-off ({since})", fmt_date(oldest))
    } else {
        format!(
            "{count} {what}s awaiting sign-off, oldest {} ({since})",
            fmt_date(oldest)
        )
    }
}
