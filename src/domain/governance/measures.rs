//! The governance report's measures: per recommendation the figures of a period counted from
//! recorded events, rated against force policy's thresholds.
use chrono::NaiveDate;

use super::{ActionPlanEntry, PlanStatus, Rag, ReportPeriod, UnitRecords};
use crate::domain::{ItemId, MeetingKind, OrderKind, RiskLevel, SpoDecision, Subject};

/// One measure: a count, or a share (numerator of denominator).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measure {
    pub label: String,
    pub value: MeasureValue,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MeasureValue {
    Count(usize),
    Share { of: usize, total: usize },
    Days(Option<i64>),
}

impl MeasureValue {
    /// The share in whole percent; `None` for counts and empty shares.
    pub fn percent(&self) -> Option<u32> {
        match self {
            Self::Share { of, total } if *total > 0 => Some((of * 100 / total) as u32),
            _ => None,
        }
    }

    pub fn text(&self) -> String {
        match self {
            Self::Count(n) => n.to_string(),
            Self::Share { of, total } => match self.percent() {
                Some(p) => format!("{of} of {total} ({p}%)"),
                None => "none in the period".to_string(),
            },
            Self::Days(Some(d)) => format!("{d} days"),
            Self::Days(None) => "-".to_string(),
        }
    }
}

/// A recommendation with its measures, rating and status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecommendationRow {
    pub id: &'static str,
    pub title: &'static str,
    pub measures: Vec<Measure>,
    /// From the first share among the measures; `None` when there was nothing to measure.
    pub rag: Option<Rag>,
    pub status: PlanStatus,
}

/// The recommendations the unit can evidence from its records.
pub const RECOMMENDATIONS: [(&str, &str); 12] = [
    ("11.2", "Monitor the use of SPOs"),
    ("12.1", "Recognised risk tools used"),
    ("12.3", "Heightened risk after breaches re-assessed"),
    ("12.4", "Daily screening of the caseload"),
    (
        "13",
        "SPOs monitored: applications, orders, breaches, reviews",
    ),
    ("14.1", "Victims' needs assessed"),
    ("14.2", "Victims' Code rights explained"),
    ("14.4", "Timely referral to specialist support"),
    ("14.5", "Referral numbers monitored"),
    ("25", "Multi-agency management (MAPPA, MARAC, partners)"),
    ("10", "Officers trained in stalking"),
    ("13.1", "Supervisors trained in SPOs"),
];

fn spo(kind: &OrderKind) -> bool {
    matches!(kind, OrderKind::Spo | OrderKind::InterimSpo)
}

fn share(label: &str, of: usize, total: usize) -> Measure {
    Measure {
        label: label.to_string(),
        value: MeasureValue::Share { of, total },
    }
}

fn count(label: &str, n: usize) -> Measure {
    Measure {
        label: label.to_string(),
        value: MeasureValue::Count(n),
    }
}

/// Whether `s` had an order in force at some point in `p`.
fn active_in(s: &Subject, p: &ReportPeriod) -> bool {
    s.orders.iter().any(|o| {
        o.made.is_some_and(|m| m <= p.end) && o.last_day().is_none_or(|last| last >= p.start)
    })
}

/// Days from `breach` to the first risk assessment on or after it.
fn reassessed_after(s: &Subject, breach: NaiveDate) -> Option<i64> {
    s.assessments
        .iter()
        .filter(|a| a.date >= breach)
        .map(|a| (a.date - breach).num_days())
        .min()
}

/// A user as the training measures need them: login, whether a supervisor, enabled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffMember {
    pub login: String,
    pub supervisor: bool,
}

/// The rows of the governance report for `p`, from the caseload, the unit's records and its
/// staff. Every figure is a count of recorded events.
pub fn governance_rows(
    subjects: &[Subject],
    unit: &UnitRecords,
    staff: &[StaffMember],
    policy: &crate::domain::Policy,
    p: &ReportPeriod,
) -> Vec<RecommendationRow> {
    let g = &policy.governance;
    let inp = |d: NaiveDate| p.contains(d);
    let orders = || subjects.iter().flat_map(|s| s.orders.iter());
    let considered = subjects
        .iter()
        .flat_map(|s| &s.considerations)
        .filter(|c| spo(&c.kind) && inp(c.date));
    let considered_n = considered.clone().count();
    let not_appropriate = considered
        .clone()
        .filter(|c| c.decision == SpoDecision::NotAppropriate)
        .count();
    let applied: Vec<(&Subject, &crate::domain::Order)> = subjects
        .iter()
        .flat_map(|s| s.orders.iter().map(move |o| (s, o)))
        .filter(|(_, o)| spo(&o.kind) && o.applied.is_some_and(inp))
        .collect();
    let applied_considered = applied
        .iter()
        .filter(|(s, o)| {
            s.considerations
                .iter()
                .any(|c| c.decision == SpoDecision::Apply && o.applied.is_some_and(|a| c.date <= a))
        })
        .count();
    let interim = orders()
        .filter(|o| o.kind == OrderKind::InterimSpo && o.made.is_some_and(inp))
        .count();
    let full = orders()
        .filter(|o| o.kind == OrderKind::Spo && o.made.is_some_and(inp))
        .count();
    let refused = orders()
        .filter(|o| spo(&o.kind) && o.refused.is_some_and(inp))
        .count();
    let varied = orders()
        .filter(|o| spo(&o.kind))
        .flat_map(|o| &o.variations)
        .filter(|v| inp(v.date) && v.kind == crate::domain::VariationKind::Varied)
        .count();
    let renewed = orders()
        .filter(|o| spo(&o.kind))
        .flat_map(|o| &o.variations)
        .filter(|v| inp(v.date) && v.kind == crate::domain::VariationKind::Renewed)
        .count();
    let discharged = orders()
        .filter(|o| spo(&o.kind) && o.discharged.is_some_and(inp))
        .count();
    let breaches: Vec<(&Subject, NaiveDate)> = subjects
        .iter()
        .flat_map(|s| {
            s.breaches
                .iter()
                .filter(|b| s.order(b.order).is_some_and(|o| spo(&o.kind)))
                .map(move |b| (s, b.at.date()))
        })
        .filter(|(_, d)| inp(*d))
        .collect();
    let breach_outcomes = subjects
        .iter()
        .flat_map(|s| &s.breaches)
        .filter(|b| inp(b.at.date()) && b.outcome != crate::domain::BreachOutcome::Pending)
        .count();
    let mut delays: Vec<i64> = breaches
        .iter()
        .filter_map(|(s, d)| reassessed_after(s, *d))
        .collect();
    delays.sort_unstable();
    let within = breaches
        .iter()
        .filter(|(s, d)| {
            reassessed_after(s, *d).is_some_and(|n| n <= i64::from(g.reassess_within_days))
        })
        .count();
    let median = (!delays.is_empty()).then(|| delays[delays.len() / 2]);
    let active: Vec<&Subject> = subjects.iter().filter(|s| active_in(s, p)).collect();
    let screened_daily = active
        .iter()
        .filter(|s| {
            s.meetings
                .iter()
                .any(|m| m.kind == MeetingKind::Daily && inp(m.date))
        })
        .count();
    let screened_tool = active
        .iter()
        .filter(|s| s.screenings.iter().any(|x| inp(x.date)))
        .count();
    let overridden = subjects
        .iter()
        .flat_map(|s| &s.screenings)
        .filter(|x| inp(x.date) && x.overridden())
        .count();
    // Reviews: those dated in the period, on time when done by the date the review before set.
    let mut reviews = 0;
    let mut on_time = 0;
    for s in subjects {
        let mut list: Vec<&crate::domain::Review> = crate::domain::heads(&s.reviews).collect();
        list.sort_by_key(|r| r.date);
        for (i, r) in list.iter().enumerate().filter(|(_, r)| inp(r.date)) {
            reviews += 1;
            let due = if i == 0 {
                None
            } else {
                Some(list[i - 1].next_review)
            };
            if due.is_none_or(|d| r.date <= d) {
                on_time += 1;
            }
        }
    }
    // Victims: named protected persons of subjects with an order made by the period's end.
    let victims: Vec<(&Subject, ItemId)> = active
        .iter()
        .flat_map(|s| {
            s.protected_persons
                .iter()
                .filter(|p| !p.by_proxy)
                .map(move |p| (*s, p.id))
        })
        .collect();
    let assessed = victims
        .iter()
        .filter(|(s, id)| {
            s.needs_assessments
                .iter()
                .any(|n| n.person == *id && n.date <= p.end)
        })
        .count();
    let needs_in_period = subjects
        .iter()
        .flat_map(|s| &s.needs_assessments)
        .filter(|n| inp(n.date))
        .count();
    let code = victims
        .iter()
        .filter(|(s, id)| {
            s.victims_code
                .iter()
                .any(|n| n.person == *id && n.date <= p.end)
        })
        .count();
    // Timely referral: subjects whose first order was made in the period, referred within the
    // days policy allows.
    let new_orders: Vec<(&Subject, NaiveDate)> = subjects
        .iter()
        .filter_map(|s| s.orders.iter().filter_map(|o| o.made).min().map(|m| (s, m)))
        .filter(|(_, m)| inp(*m))
        .collect();
    let referred_in_time = new_orders
        .iter()
        .filter(|(s, m)| {
            s.referrals.iter().any(|r| {
                r.date >= s.opened && (r.date - *m).num_days() <= i64::from(g.refer_within_days)
            })
        })
        .count();
    let referrals: Vec<&crate::domain::Referral> = subjects
        .iter()
        .flat_map(|s| &s.referrals)
        .filter(|r| inp(r.date))
        .collect();
    let accepted = referrals
        .iter()
        .filter(|r| r.outcome == crate::domain::ReferralOutcome::Accepted)
        .count();
    let followed = referrals
        .iter()
        .filter(|r| r.overdue(p.end).is_none())
        .count();
    let high: Vec<&&Subject> = active
        .iter()
        .filter(|s| {
            s.current_risk()
                .is_some_and(|r| matches!(r, RiskLevel::High | RiskLevel::VeryHigh))
        })
        .collect();
    let discussed = high
        .iter()
        .filter(|s| {
            s.meetings
                .iter()
                .any(|m| m.kind.multi_agency() && inp(m.date))
        })
        .count();
    let meetings = subjects
        .iter()
        .flat_map(|s| &s.meetings)
        .filter(|m| m.kind.multi_agency() && inp(m.date))
        .count();
    let actions_due: Vec<&crate::domain::MeetingAction> = subjects
        .iter()
        .flat_map(|s| &s.meetings)
        .flat_map(|m| &m.actions)
        .filter(|a| a.due.is_some_and(inp))
        .collect();
    let actions_done = actions_due
        .iter()
        .filter(|a| a.done.is_some_and(|d| a.due.is_some_and(|due| d <= due)))
        .count();
    let trained = |supervisors: bool, course: Option<&str>| {
        let who: Vec<&StaffMember> = staff
            .iter()
            .filter(|m| !supervisors || m.supervisor)
            .collect();
        let done = who
            .iter()
            .filter(|m| {
                unit.training.iter().any(|t| {
                    t.user == m.login
                        && t.current_on(p.end)
                        && course.is_none_or(|c| t.course.eq_ignore_ascii_case(c))
                })
            })
            .count();
        (done, who.len())
    };
    let (officers_done, officers) = trained(false, None);
    let supervisor_course = policy
        .training_courses
        .iter()
        .find(|c| c.to_lowercase().contains("supervisor"))
        .map(String::as_str);
    let (sup_done, sups) = trained(true, supervisor_course);
    let mut rows = Vec::new();
    let mut row = |id: &'static str, measures: Vec<Measure>| {
        let title = RECOMMENDATIONS
            .iter()
            .find(|(r, _)| *r == id)
            .map_or("", |(_, t)| t);
        let rag = measures
            .iter()
            .find_map(|m| m.value.percent())
            .map(|pc| Rag::of(pc, g));
        let planned = unit
            .action_plan
            .iter()
            .filter(|e| e.recommendation.trim() == id)
            .filter_map(ActionPlanEntry::current)
            .next_back();
        rows.push(RecommendationRow {
            id,
            title,
            measures,
            rag,
            status: planned.map_or(PlanStatus::from_rag(rag), |u| u.status),
        });
    };
    row(
        "11.2",
        vec![
            share(
                "Applications with a recorded consideration",
                applied_considered,
                applied.len(),
            ),
            count("SPOs considered", considered_n),
            count("considered not appropriate", not_appropriate),
            count("SPOs applied for", applied.len()),
        ],
    );
    row(
        "12.1",
        vec![
            share(
                "Subjects in force screened on a risk instrument",
                screened_tool,
                active.len(),
            ),
            count("screenings where judgement overrode the band", overridden),
        ],
    );
    let reassess_label = format!(
        "Breaches re-assessed within {} days",
        g.reassess_within_days
    );
    row(
        "12.3",
        vec![
            share(&reassess_label, within, breaches.len()),
            Measure {
                label: "Median days from breach to re-assessment".to_string(),
                value: MeasureValue::Days(median),
            },
        ],
    );
    row(
        "12.4",
        vec![share(
            "Subjects in force screened at a daily meeting",
            screened_daily,
            active.len(),
        )],
    );
    row(
        "13",
        vec![
            share("Reviews on time", on_time, reviews),
            count("interim SPOs granted", interim),
            count("full SPOs granted", full),
            count("applications refused", refused),
            count("orders varied", varied),
            count("orders renewed", renewed),
            count("orders discharged", discharged),
            count("SPO breaches", breaches.len()),
            count("breach outcomes recorded", breach_outcomes),
        ],
    );
    row(
        "14.1",
        vec![
            share(
                "Named victims with a needs assessment",
                assessed,
                victims.len(),
            ),
            count("needs assessments completed in the period", needs_in_period),
        ],
    );
    row(
        "14.2",
        vec![share(
            "Named victims told their Victims' Code rights",
            code,
            victims.len(),
        )],
    );
    let refer_label = format!(
        "New orders with a referral within {} days",
        g.refer_within_days
    );
    row(
        "14.4",
        vec![share(&refer_label, referred_in_time, new_orders.len())],
    );
    row(
        "14.5",
        vec![
            share("Referrals followed up on time", followed, referrals.len()),
            count("referrals made", referrals.len()),
            count("referrals accepted", accepted),
        ],
    );
    row(
        "25",
        vec![
            share(
                "High and Very High subjects at a multi-agency meeting",
                discussed,
                high.len(),
            ),
            count("multi-agency meetings", meetings),
            share(
                "meeting actions done by their due date",
                actions_done,
                actions_due.len(),
            ),
        ],
    );
    row(
        "10",
        vec![share(
            "Staff with current stalking training",
            officers_done,
            officers,
        )],
    );
    row(
        "13.1",
        vec![share(
            &format!(
                "Supervisors with {}",
                supervisor_course.unwrap_or("a current course")
            ),
            sup_done,
            sups,
        )],
    );
    rows
}
