//! The unit's figures (Trends view and `spmp stats`): what forces report on their use of SPOs.
//! Pure: the same subjects, config and `today` give the same figures.
//!
//! Rules, in words (also in `docs/STATS.md`):
//! - **Live orders**: orders active on `today` (made, not expired, not discharged), by kind.
//! - **Ending within 30/60/90 days**: live orders whose last day in force is within that many
//!   days of `today` (cumulative: the 60 includes the 30).
//! - **Breaches per month**: the last `months` calendar months up to `today`'s, counted by the
//!   kind of the order breached and by the category of each condition breached (a breach of two
//!   conditions counts once per category; a breach naming none counts as "unspecified").
//! - **Reviews on time / late**: reviews dated within the chart window; on time when done on or
//!   before the date due, which is the `next_review` the previous review set. A subject's
//!   earliest recorded review has no due date on record and is not counted (plans often start
//!   in spmp part-way through their life).
//! - **Subjects by risk**: the highest level of each subject's current assessment.
//! - **Overdue work by officer**: subjects with each overdue kind of work (review, notification,
//!   tactical option, breach not re-assessed), per officer in charge.
//! - **Breach to re-assessment**: for each breach, the days to the first risk assessment dated on
//!   or after it; breaches with none yet are counted as awaiting.
use std::collections::BTreeMap;

use chrono::{Datelike, Months, NaiveDate};

use super::{ReasonKind, RiskLevel, Subject, reasons};
use crate::domain::Policy;

/// Breach counts of one calendar month.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MonthBreaches {
    /// The first day of the month.
    pub month: NaiveDate,
    pub total: u32,
    /// By the short label of the order kind breached (`SPO`, `ISPO`...).
    pub by_order_kind: BTreeMap<String, u32>,
    /// By the category of the conditions breached.
    pub by_category: BTreeMap<String, u32>,
}

/// Overdue work of one officer.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct OfficerWork {
    pub officer: String,
    pub reviews_overdue: u32,
    pub notifications_overdue: u32,
    pub tactical_options_overdue: u32,
    pub breaches_not_reassessed: u32,
    /// Subjects with any of the above.
    pub subjects: u32,
}

/// The figures.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Stats {
    pub today: NaiveDate,
    pub subjects: u32,
    /// Live orders by kind (short label), most first then by label.
    pub live_orders: Vec<(String, u32)>,
    /// `(days, live orders ending within that many days)` for 30, 60 and 90.
    pub ending_within: Vec<(u32, u32)>,
    /// Oldest month first.
    pub breaches_by_month: Vec<MonthBreaches>,
    pub reviews_on_time: u32,
    pub reviews_late: u32,
    /// Subjects by current risk level, Very High first; "Not assessed" last.
    pub subjects_by_risk: Vec<(String, u32)>,
    /// Officers with overdue work, most subjects first.
    pub overdue_by_officer: Vec<OfficerWork>,
    /// Mean days from breach to the next assessment, over breaches that have one.
    pub breach_to_reassessment_days: Option<f64>,
    pub breaches_reassessed: u32,
    pub breaches_awaiting_reassessment: u32,
}

fn month_of(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

/// Compute every figure for `subjects` on `today`, with `months` months of breaches. One pass:
/// the subjects may come one at a time (read from a large store, never all held).
pub fn stats<S: std::borrow::Borrow<Subject>>(
    subjects: impl IntoIterator<Item = S>,
    config: &Policy,
    today: NaiveDate,
    months: u32,
) -> Stats {
    let months = months.max(1);
    let first_month = month_of(today)
        .checked_sub_months(Months::new(months - 1))
        .unwrap_or(NaiveDate::MIN);
    let mut by_month: Vec<MonthBreaches> = (0..months)
        .map(|i| MonthBreaches {
            month: first_month
                .checked_add_months(Months::new(i))
                .unwrap_or(first_month),
            total: 0,
            by_order_kind: BTreeMap::new(),
            by_category: BTreeMap::new(),
        })
        .collect();

    let mut live: BTreeMap<String, u32> = BTreeMap::new();
    let mut ending = [(30u32, 0u32), (60, 0), (90, 0)];
    let mut risk: BTreeMap<Option<RiskLevel>, u32> = BTreeMap::new();
    let mut officers: BTreeMap<String, OfficerWork> = BTreeMap::new();
    let (mut on_time, mut late) = (0u32, 0u32);
    let (mut gap_sum, mut reassessed, mut awaiting) = (0i64, 0u32, 0u32);

    let mut count = 0usize;
    for s in subjects {
        let s = s.borrow();
        count += 1;
        for o in s.orders.iter().filter(|o| o.is_active(today)) {
            *live.entry(o.kind.short().to_string()).or_default() += 1;
            if let Some(days) = o.days_to_expiry(today) {
                for (within, n) in &mut ending {
                    if (0..=i64::from(*within)).contains(&days) {
                        *n += 1;
                    }
                }
            }
        }
        *risk.entry(s.current_risk()).or_default() += 1;

        for b in &s.breaches {
            let day = b.at.date();
            if day <= today && day >= first_month {
                let idx = months_between(first_month, month_of(day));
                if let Some(m) = by_month.get_mut(idx) {
                    m.total += 1;
                    let kind = s.order(b.order).map_or_else(
                        || "unknown order".to_string(),
                        |o| o.kind.short().to_string(),
                    );
                    *m.by_order_kind.entry(kind).or_default() += 1;
                    let mut cats: Vec<String> = b
                        .conditions
                        .iter()
                        .filter_map(|c| s.order(b.order).and_then(|o| o.condition(*c)))
                        .map(|c| c.category.trim().to_lowercase())
                        .filter(|c| !c.is_empty())
                        .collect();
                    cats.sort();
                    cats.dedup();
                    if cats.is_empty() {
                        cats.push("unspecified".to_string());
                    }
                    for c in cats {
                        *m.by_category.entry(c).or_default() += 1;
                    }
                }
            }
            match s
                .assessments
                .iter()
                .filter(|a| a.date >= day)
                .map(|a| a.date)
                .min()
            {
                Some(a) => {
                    gap_sum += (a - day).num_days();
                    reassessed += 1;
                }
                None => awaiting += 1,
            }
        }

        let mut reviews: Vec<_> = s.reviews.iter().collect();
        reviews.sort_by_key(|r| r.date);
        let mut due_by_previous: Option<NaiveDate> = None;
        for r in reviews {
            if let Some(due) = due_by_previous
                && r.date >= first_month
                && r.date <= today
            {
                if r.date <= due {
                    on_time += 1;
                } else {
                    late += 1;
                }
            }
            due_by_previous = Some(r.next_review);
        }

        let rs = reasons(s, config, today);
        let has = |k: ReasonKind| rs.iter().any(|r| r.kind() == k);
        let flags = [
            has(ReasonKind::ReviewOverdue),
            has(ReasonKind::NotificationOverdue),
            has(ReasonKind::TacticalOptionOverdue),
            has(ReasonKind::BreachNotReassessed),
        ];
        if flags.iter().any(|f| *f) {
            let officer = s
                .officer
                .as_deref()
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .unwrap_or("(no officer)")
                .to_string();
            let w = officers
                .entry(officer.clone())
                .or_insert_with(|| OfficerWork {
                    officer,
                    ..OfficerWork::default()
                });
            w.reviews_overdue += u32::from(flags[0]);
            w.notifications_overdue += u32::from(flags[1]);
            w.tactical_options_overdue += u32::from(flags[2]);
            w.breaches_not_reassessed += u32::from(flags[3]);
            w.subjects += 1;
        }
    }

    let mut live_orders: Vec<(String, u32)> = live.into_iter().collect();
    live_orders.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut subjects_by_risk: Vec<(String, u32)> = RiskLevel::ALL
        .iter()
        .rev()
        .filter_map(|l| risk.get(&Some(*l)).map(|n| (l.label().to_string(), *n)))
        .collect();
    if let Some(n) = risk.get(&None) {
        subjects_by_risk.push(("Not assessed".to_string(), *n));
    }
    let mut overdue_by_officer: Vec<OfficerWork> = officers.into_values().collect();
    overdue_by_officer.sort_by(|a, b| {
        b.subjects
            .cmp(&a.subjects)
            .then_with(|| a.officer.cmp(&b.officer))
    });

    Stats {
        today,
        subjects: u32::try_from(count).unwrap_or(u32::MAX),
        live_orders,
        ending_within: ending.to_vec(),
        breaches_by_month: by_month,
        reviews_on_time: on_time,
        reviews_late: late,
        subjects_by_risk,
        overdue_by_officer,
        breach_to_reassessment_days: (reassessed > 0)
            .then(|| gap_sum as f64 / f64::from(reassessed)),
        breaches_reassessed: reassessed,
        breaches_awaiting_reassessment: awaiting,
    }
}

fn months_between(from: NaiveDate, to: NaiveDate) -> usize {
    let n = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32;
    usize::try_from(n).unwrap_or(usize::MAX)
}
