use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::ItemId;

/// The kinds of order a subject may be under. The list is open: `Other` carries a label.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderKind {
    /// Stalking Protection Order.
    Spo,
    /// Interim Stalking Protection Order.
    InterimSpo,
    /// Serious Crime Prevention Order.
    Scpo,
    /// Forced Marriage Protection Order.
    Fmpo,
    /// Female Genital Mutilation Protection Order.
    Fgmpo,
    /// Slavery and Trafficking Risk Order.
    Stro,
    /// Slavery and Trafficking Prevention Order.
    Stpo,
    /// Any other order, with its label.
    Other(String),
}

impl OrderKind {
    /// Every built-in kind, for pickers and demo coverage checks.
    pub const BUILT_IN: [OrderKind; 7] = [
        OrderKind::Spo,
        OrderKind::InterimSpo,
        OrderKind::Scpo,
        OrderKind::Fmpo,
        OrderKind::Fgmpo,
        OrderKind::Stro,
        OrderKind::Stpo,
    ];

    /// The short label staff use (`SPO`, `ISPO`...).
    pub fn short(&self) -> &str {
        match self {
            Self::Spo => "SPO",
            Self::InterimSpo => "ISPO",
            Self::Scpo => "SCPO",
            Self::Fmpo => "FMPO",
            Self::Fgmpo => "FGMPO",
            Self::Stro => "STRO",
            Self::Stpo => "STPO",
            Self::Other(label) => label,
        }
    }

    /// Whether the SPO notification requirements (s.9-11) apply to this kind.
    pub fn has_notification_requirements(&self) -> bool {
        matches!(self, Self::Spo | Self::InterimSpo)
    }
}

/// When an order ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderEnd {
    /// A fixed end date (the order is in force on that day).
    Fixed(NaiveDate),
    /// Until further order of the court.
    UntilFurtherOrder,
}

/// A variation, renewal or appeal event in an order's life.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variation {
    pub date: NaiveDate,
    pub kind: VariationKind,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VariationKind {
    Varied,
    Renewed,
    Appealed,
}

impl VariationKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::Varied => "varied",
            Self::Renewed => "renewed",
            Self::Appealed => "appealed to the Crown Court",
        }
    }
}

/// One order with its lifecycle dates, conditions and notification clocks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Order {
    pub id: ItemId,
    pub kind: OrderKind,
    pub court: String,
    /// Court case or order reference.
    pub reference: Option<String>,
    pub applied: Option<NaiveDate>,
    pub made: Option<NaiveDate>,
    pub served: Option<NaiveDate>,
    pub end: OrderEnd,
    /// Set when the order was discharged before its end.
    pub discharged: Option<NaiveDate>,
    /// Set when the court refused the application.
    #[serde(default)]
    pub refused: Option<NaiveDate>,
    #[serde(default)]
    pub variations: Vec<Variation>,
    #[serde(default)]
    pub conditions: Vec<Condition>,
    #[serde(default)]
    pub notifications: Vec<Notification>,
}

/// Where an order stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderStatus {
    /// Applied for, not yet made.
    Applied,
    /// Made and in force (served or not).
    Active,
    /// Past its fixed end date.
    Expired,
    /// Discharged by the court.
    Discharged,
    /// The court refused the application (and no order was made).
    Refused,
}

impl OrderStatus {
    pub fn label(self) -> &'static str {
        match self {
            Self::Applied => "applied",
            Self::Active => "active",
            Self::Expired => "expired",
            Self::Discharged => "discharged",
            Self::Refused => "refused",
        }
    }
}

impl Order {
    /// The order's status on `today`.
    pub fn status(&self, today: NaiveDate) -> OrderStatus {
        if self.discharged.is_some_and(|d| d <= today) {
            return OrderStatus::Discharged;
        }
        match self.made {
            Some(made) if made <= today => {}
            _ if self.refused.is_some_and(|d| d <= today) => return OrderStatus::Refused,
            _ => return OrderStatus::Applied,
        }
        match self.end {
            OrderEnd::Fixed(end) if end < today => OrderStatus::Expired,
            _ => OrderStatus::Active,
        }
    }

    pub fn is_active(&self, today: NaiveDate) -> bool {
        self.status(today) == OrderStatus::Active
    }

    /// The days on which [`Order::status`] is `Active`: from the day it was made to its last
    /// day in force (none before it is made).
    pub fn active_days(&self) -> super::DayWindow {
        let Some(made) = self.made else {
            return super::DayWindow::NEVER;
        };
        let mut days = super::DayWindow::from(made);
        if let OrderEnd::Fixed(end) = self.end {
            days = days.and(super::DayWindow::until(end));
        }
        if let Some(discharged) = self.discharged {
            days = days.and(super::DayWindow::before(discharged));
        }
        days
    }

    /// The days on which [`Order::status`] is `Applied`: before it is made, refused or
    /// discharged.
    pub fn applied_days(&self) -> super::DayWindow {
        [self.made, self.refused, self.discharged]
            .into_iter()
            .flatten()
            .fold(super::DayWindow::ALWAYS, |w, d| {
                w.and(super::DayWindow::before(d))
            })
    }

    /// The last day the order is in force: the day before its discharge (a discharge takes
    /// effect on its date), else its fixed end; `None` when it runs until further order.
    pub fn last_day(&self) -> Option<NaiveDate> {
        let discharge_eve = self.discharged.map(|d| d.pred_opt().unwrap_or(d));
        match (self.end, discharge_eve) {
            (OrderEnd::Fixed(end), Some(eve)) => Some(end.min(eve)),
            (OrderEnd::Fixed(end), None) => Some(end),
            (OrderEnd::UntilFurtherOrder, eve) => eve,
        }
    }

    /// Days from `today` to the last day in force (0 on the last day, negative once it has
    /// ended), `None` for "until further order". A discharge ends the order early: see
    /// [`Order::last_day`].
    pub fn days_to_expiry(&self, today: NaiveDate) -> Option<i64> {
        self.last_day().map(|last| (last - today).num_days())
    }

    /// "ends 12 Mar 2027 (109 days)", "until further order", "expired 12 Mar 2027 (3 days ago)",
    /// "discharged 2 Mar 2026", "to be discharged 20 Jun 2026 (5 days)".
    pub fn expiry_text(&self, today: NaiveDate) -> String {
        let plural = |n: i64| if n == 1 { "day" } else { "days" };
        if let Some(discharged) = self.discharged
            && self.end_date().is_none_or(|end| discharged <= end)
        {
            let date = super::fmt_date(discharged);
            let days = (discharged - today).num_days();
            return if days <= 0 {
                format!("discharged {date}")
            } else {
                format!("to be discharged {date} ({days} {})", plural(days))
            };
        }
        match self.end {
            OrderEnd::UntilFurtherOrder => "until further order".to_string(),
            OrderEnd::Fixed(end) => {
                let days = (end - today).num_days();
                let date = super::fmt_date(end);
                match days {
                    d if d < 0 => format!("expired {date} ({} {} ago)", -d, plural(-d)),
                    0 => format!("ends today ({date})"),
                    d => format!("ends {date} ({d} {})", plural(d)),
                }
            }
        }
    }

    /// The fixed end date, if the order has one.
    fn end_date(&self) -> Option<NaiveDate> {
        match self.end {
            OrderEnd::Fixed(end) => Some(end),
            OrderEnd::UntilFurtherOrder => None,
        }
    }

    /// Start the notification clocks serving this order starts (`clocks`, from force policy by
    /// order kind): once served, each kind named gets a clock triggered on the service date
    /// unless it has one. `was_served` is the service date before this change: a corrected
    /// service date moves the clocks it started that have not been met.
    pub fn start_service_clocks(
        &mut self,
        was_served: Option<NaiveDate>,
        clocks: &[NotificationKind],
    ) {
        let Some(served) = self.served else {
            return;
        };
        for kind in clocks {
            let mut found = false;
            for n in self.notifications.iter_mut().filter(|n| &n.kind == kind) {
                found = true;
                if n.received.is_none()
                    && Some(n.trigger) == was_served
                    && was_served != Some(served)
                {
                    n.trigger = served;
                }
            }
            if !found {
                let id = super::next_id(self.notifications.iter().map(|n| n.id));
                self.notifications.push(Notification {
                    id,
                    kind: kind.clone(),
                    trigger: served,
                    received: None,
                    station: None,
                    reference: None,
                });
            }
        }
    }

    pub fn condition(&self, id: ItemId) -> Option<&Condition> {
        self.conditions.iter().find(|c| c.id == id)
    }

    /// Conditions in force on `today` (the order active and the condition's own dates, if any, cover it).
    pub fn active_conditions(&self, today: NaiveDate) -> impl Iterator<Item = &Condition> {
        let active = self.is_active(today);
        self.conditions
            .iter()
            .filter(move |c| active && c.in_force(today))
    }
}

/// Prohibition (must not) or requirement (must).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConditionKind {
    Prohibition,
    Requirement,
}

impl ConditionKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::Prohibition => "Prohibition",
            Self::Requirement => "Requirement",
        }
    }
}

/// One prohibition or requirement of an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    pub id: ItemId,
    pub kind: ConditionKind,
    /// e.g. "contact", "exclusion zone", "social media", "programme", "devices".
    pub category: String,
    pub text: String,
    /// Area or place the condition names (an exclusion zone, a station).
    pub area: Option<String>,
    pub starts: Option<NaiveDate>,
    pub ends: Option<NaiveDate>,
    /// How compliance is checked (victim contact, device examination, visit...).
    #[serde(default)]
    pub check_method: String,
}

impl Condition {
    pub fn in_force(&self, today: NaiveDate) -> bool {
        self.starts.is_none_or(|s| s <= today) && self.ends.is_none_or(|e| e >= today)
    }
}

/// What the subject has to notify.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    /// Initial notification of names and home address after service.
    Initial,
    NewName,
    NewAddress,
    Other(String),
}

impl NotificationKind {
    /// A clock named in configuration: `initial`, `new_name`, `new_address` (spaces or dashes
    /// allowed), anything else as its own label.
    pub fn parse(text: &str) -> Self {
        let t = text.trim();
        match t.to_ascii_lowercase().replace([' ', '-'], "_").as_str() {
            "initial" | "initial_notification" => Self::Initial,
            "new_name" => Self::NewName,
            "new_address" => Self::NewAddress,
            _ => Self::Other(t.to_string()),
        }
    }

    pub fn label(&self) -> &str {
        match self {
            Self::Initial => "initial notification",
            Self::NewName => "new name",
            Self::NewAddress => "new address",
            Self::Other(s) => s,
        }
    }
}

/// A notification clock: something triggered a duty to notify in person within a number of days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Notification {
    pub id: ItemId,
    pub kind: NotificationKind,
    /// Service of the order, or the date of the change to notify.
    pub trigger: NaiveDate,
    /// When the notification was received at a station.
    pub received: Option<NaiveDate>,
    pub station: Option<String>,
    pub reference: Option<String>,
}

/// Where a notification clock stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotificationState {
    Received {
        on: NaiveDate,
        late_by: i64,
    },
    /// Not yet due: `days_left` until the due date (0 = due today).
    Due {
        due: NaiveDate,
        days_left: i64,
    },
    Overdue {
        due: NaiveDate,
        days: i64,
    },
    /// The clock does not run while the subject is a registered sex offender.
    Suspended,
}

/// Days allowed to notify (SPO: 3 days). Configurable per force in [`crate::domain::Policy`].
pub const DEFAULT_NOTIFICATION_DAYS: u32 = 3;

impl Notification {
    /// The due date: `days` days after the trigger.
    pub fn due(&self, days: u32) -> NaiveDate {
        self.trigger
            .checked_add_days(Days::new(u64::from(days)))
            .unwrap_or(NaiveDate::MAX)
    }

    /// When the clock runs, whatever the day: its due date, the days it is due (up to the due
    /// date) and the days it is overdue (after it), as [`Notification::state`] says; `None`
    /// once received, or while suspended.
    pub fn running_days(
        &self,
        days: u32,
        subject_is_rso: bool,
    ) -> Option<(NaiveDate, super::DayWindow, super::DayWindow)> {
        if self.received.is_some() || subject_is_rso {
            return None;
        }
        let due = self.due(days);
        Some((
            due,
            super::DayWindow::until(due),
            super::DayWindow::after(due),
        ))
    }

    pub fn state(&self, today: NaiveDate, days: u32, subject_is_rso: bool) -> NotificationState {
        let due = self.due(days);
        if let Some(on) = self.received {
            return NotificationState::Received {
                on,
                late_by: (on - due).num_days().max(0),
            };
        }
        if subject_is_rso {
            return NotificationState::Suspended;
        }
        let days_left = (due - today).num_days();
        if days_left < 0 {
            NotificationState::Overdue {
                due,
                days: -days_left,
            }
        } else {
            NotificationState::Due { due, days_left }
        }
    }
}
