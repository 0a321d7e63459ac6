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
#[derive(Debug, Clone, PartialEq, Eq)]
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// A breach in the last [`BREACH_RECENT_DAYS`] days and the plan not re-assessed since.
    BreachNotReassessed { on: NaiveDate, days_ago: i64 },
    /// The next review date has passed.
    ReviewOverdue { due: NaiveDate, days: i64 },
    /// A notification clock of an order in force ran out (suspended RSO clocks never do).
    NotificationOverdue {
        order: OrderRef,
        what: String,
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
        made: NaiveDate,
        days: i64,
    },
    /// An order's last day is within [`ORDER_ENDING_DAYS`] days: renew or let it end.
    OrderEnding {
        order: OrderRef,
        last_day: NaiveDate,
        days_left: i64,
    },
    /// An interim SPO in force and no full SPO made on or after it.
    InterimAwaitingFullHearing {
        order: OrderRef,
        made: NaiveDate,
        days: i64,
    },
    /// Reviews awaiting a supervisor's sign-off: how many, and the oldest.
    ReviewAwaitingSignOff {
        count: usize,
        oldest: NaiveDate,
        days: i64,
    },
    /// Risk assessments awaiting a supervisor's sign-off: how many, and the oldest.
    AssessmentAwaitingSignOff {
        count: usize,
        oldest: NaiveDate,
        days: i64,
    },
    /// An open tactical option of the current assessment is past its due date.
    TacticalOptionOverdue {
        option: String,
        owner: Option<String>,
        due: NaiveDate,
        days: i64,
    },
    /// The review falls due within [`REVIEW_SOON_DAYS`] days (0 = today); not yet overdue.
    ReviewDueSoon { due: NaiveDate, days_left: i64 },
}

/// The kind of a [`Reason`], without its facts: for filters and the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonKind {
    BreachNotReassessed,
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
}

impl ReasonKind {
    /// Every kind, in tier order.
    pub const ALL: [ReasonKind; 11] = [
        Self::BreachNotReassessed,
        Self::ReviewOverdue,
        Self::NotificationOverdue,
        Self::VeryHighRisk,
        Self::NotServed,
        Self::TacticalOptionOverdue,
        Self::OrderEnding,
        Self::InterimAwaitingFullHearing,
        Self::HighRisk,
        Self::AwaitingSignOff,
        Self::ReviewDueSoon,
    ];

    /// A short heading for staff.
    pub fn label(self) -> &'static str {
        match self {
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
        }
    }

    /// The snake_case name used in JSON and on the command line (`review_overdue`).
    pub fn name(self) -> &'static str {
        match self {
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
        }
    }

    /// The urgency tier, 1 most urgent. See [`super::urgency_order`] for why.
    pub fn tier(self) -> u8 {
        match self {
            Self::BreachNotReassessed => 1,
            Self::ReviewOverdue | Self::NotificationOverdue => 2,
            Self::VeryHighRisk => 3,
            Self::NotServed | Self::TacticalOptionOverdue => 4,
            Self::OrderEnding | Self::InterimAwaitingFullHearing => 5,
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
    pub fn kind(&self) -> ReasonKind {
        match self {
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
        }
    }

    /// How long this has waited, in days, for ordering within a tier: days overdue or since the
    /// event; for things still to come, minus the days left (sooner is more urgent); 0 for risk.
    pub fn waiting_days(&self) -> i64 {
        match self {
            Self::BreachNotReassessed { days_ago: d, .. }
            | Self::ReviewOverdue { days: d, .. }
            | Self::NotificationOverdue { days: d, .. }
            | Self::NotServed { days: d, .. }
            | Self::InterimAwaitingFullHearing { days: d, .. }
            | Self::ReviewAwaitingSignOff { days: d, .. }
            | Self::AssessmentAwaitingSignOff { days: d, .. }
            | Self::TacticalOptionOverdue { days: d, .. } => *d,
            Self::OrderEnding { days_left: d, .. } | Self::ReviewDueSoon { days_left: d, .. } => -d,
            Self::VeryHighRisk | Self::HighRisk => 0,
        }
    }

    /// The reason in plain words for staff, e.g. "breach on 12 Nov 2026 (11 days ago) not yet
    /// re-assessed". Stored text inside (order references, option names) is not sanitised here.
    pub fn text(&self) -> String {
        match self {
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
        }
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
