//! The unit's figures as a table (with a text chart of breaches per month), CSV (one figure per
//! row: `section,item,value`) or JSON.
use std::fmt::Write as _;

use crate::domain::{Stats, fmt_date};

const BAR: usize = 30;

/// A horizontal bar of `n` scaled so `max` fills [`BAR`] characters.
pub fn bar(n: u32, max: u32) -> String {
    if max == 0 || n == 0 {
        return String::new();
    }
    let len = ((n as usize * BAR).div_ceil(max as usize)).clamp(1, BAR);
    "#".repeat(len)
}

/// Everything as aligned text.
pub fn table(s: &Stats) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Unit figures on {} ({} subjects)",
        fmt_date(s.today),
        s.subjects
    );
    let _ = writeln!(out, "\nLive orders by kind");
    if s.live_orders.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for (kind, n) in &s.live_orders {
        let _ = writeln!(out, "  {:<8} {n:>6}", crate::text::line(kind));
    }
    let _ = writeln!(out, "\nLive orders ending");
    for (days, n) in &s.ending_within {
        let _ = writeln!(out, "  within {days:>2} days {n:>6}");
    }
    let months = s.breaches_by_month.len();
    let _ = writeln!(out, "\nBreaches per month (last {months} months)");
    let max = s
        .breaches_by_month
        .iter()
        .map(|m| m.total)
        .max()
        .unwrap_or(0);
    for m in &s.breaches_by_month {
        let kinds: Vec<String> = m
            .by_order_kind
            .iter()
            .map(|(k, n)| format!("{} {n}", crate::text::line(k)))
            .collect();
        let _ = writeln!(
            out,
            "  {} {:>4} {:<BAR$} {}",
            m.month.format("%b %Y"),
            m.total,
            bar(m.total, max),
            kinds.join(", ")
        );
    }
    let mut cats: std::collections::BTreeMap<&str, u32> = std::collections::BTreeMap::new();
    for m in &s.breaches_by_month {
        for (c, n) in &m.by_category {
            *cats.entry(c).or_default() += n;
        }
    }
    let _ = writeln!(out, "\nBreaches by condition category (same months)");
    if cats.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for (c, n) in cats {
        let _ = writeln!(out, "  {:<24} {n:>6}", crate::text::line(c));
    }
    let done = s.reviews_on_time + s.reviews_late;
    let pct = if done == 0 {
        "-".to_string()
    } else {
        format!(
            "{}%",
            (u64::from(s.reviews_on_time) * 100 + u64::from(done) / 2) / u64::from(done)
        )
    };
    let _ = writeln!(out, "\nReviews (same months)");
    let _ = writeln!(
        out,
        "  on time {:>6}\n  late    {:>6}\n  on time {pct:>6}",
        s.reviews_on_time, s.reviews_late
    );
    let _ = writeln!(out, "\nSubjects by current risk");
    for (level, n) in &s.subjects_by_risk {
        let _ = writeln!(out, "  {level:<13} {n:>6}");
    }
    let _ = writeln!(out, "\nOverdue work by officer (subjects)");
    if s.overdue_by_officer.is_empty() {
        let _ = writeln!(out, "  none");
    } else {
        let _ = writeln!(
            out,
            "  {:<24} {:>8} {:>7} {:>8} {:>8} {:>8}",
            "officer", "subjects", "reviews", "notices", "tactics", "breaches"
        );
    }
    for w in &s.overdue_by_officer {
        let _ = writeln!(
            out,
            "  {:<24} {:>8} {:>7} {:>8} {:>8} {:>8}",
            crate::text::line(&w.officer),
            w.subjects,
            w.reviews_overdue,
            w.notifications_overdue,
            w.tactical_options_overdue,
            w.breaches_not_reassessed
        );
    }
    let _ = writeln!(out, "\nBreach to re-assessment");
    match s.breach_to_reassessment_days {
        Some(d) => {
            let _ = writeln!(
                out,
                "  average {d:.1} days over {} breaches",
                s.breaches_reassessed
            );
        }
        None => {
            let _ = writeln!(out, "  no breach has been re-assessed yet");
        }
    }
    let _ = writeln!(
        out,
        "  awaiting re-assessment {}",
        s.breaches_awaiting_reassessment
    );
    out
}

/// One figure per row: `section,item,value`.
pub fn csv(s: &Stats) -> String {
    let mut rows: Vec<(String, String, String)> = Vec::new();
    let mut push = |a: &str, b: &str, c: String| rows.push((a.to_string(), b.to_string(), c));
    push("subjects", "total", s.subjects.to_string());
    for (k, n) in &s.live_orders {
        push("live_orders", k, n.to_string());
    }
    for (d, n) in &s.ending_within {
        push("ending_within_days", &d.to_string(), n.to_string());
    }
    for m in &s.breaches_by_month {
        let month = m.month.format("%Y-%m").to_string();
        push("breaches_by_month", &month, m.total.to_string());
        for (k, n) in &m.by_order_kind {
            push(
                "breaches_by_month_and_order_kind",
                &format!("{month} {k}"),
                n.to_string(),
            );
        }
        for (c, n) in &m.by_category {
            push(
                "breaches_by_month_and_category",
                &format!("{month} {c}"),
                n.to_string(),
            );
        }
    }
    push("reviews", "on_time", s.reviews_on_time.to_string());
    push("reviews", "late", s.reviews_late.to_string());
    for (l, n) in &s.subjects_by_risk {
        push("subjects_by_risk", l, n.to_string());
    }
    for w in &s.overdue_by_officer {
        push(
            "overdue_subjects_by_officer",
            &w.officer,
            w.subjects.to_string(),
        );
        push(
            "overdue_reviews_by_officer",
            &w.officer,
            w.reviews_overdue.to_string(),
        );
        push(
            "overdue_notifications_by_officer",
            &w.officer,
            w.notifications_overdue.to_string(),
        );
        push(
            "overdue_tactical_options_by_officer",
            &w.officer,
            w.tactical_options_overdue.to_string(),
        );
        push(
            "breaches_not_reassessed_by_officer",
            &w.officer,
            w.breaches_not_reassessed.to_string(),
        );
    }
    push(
        "breach_to_reassessment",
        "average_days",
        s.breach_to_reassessment_days
            .map_or(String::new(), |d| format!("{d:.1}")),
    );
    push(
        "breach_to_reassessment",
        "reassessed",
        s.breaches_reassessed.to_string(),
    );
    push(
        "breach_to_reassessment",
        "awaiting",
        s.breaches_awaiting_reassessment.to_string(),
    );
    super::csv::table(
        &["section", "item", "value"],
        rows.into_iter().map(|(a, b, c)| vec![a, b, c]),
    )
}

/// The figures as one JSON object.
pub fn json(s: &Stats) -> String {
    let mut text =
        serde_json::to_string_pretty(s).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_and_show_any_count() {
        assert_eq!(bar(0, 10), "");
        assert_eq!(bar(10, 10).len(), BAR);
        assert_eq!(bar(1, 1000).len(), 1);
        assert_eq!(bar(5, 10).len(), BAR / 2);
    }
}
