//! Reviews tab: compliance reviews newest first (sign-off, per-condition outcomes, notifications,
//! the linked visit, risk, next review, summary), then the visits not linked to any review.
use ratatui::text::{Line, Span};

use super::ViewCtx;
use super::text::{Doc, sign_off_spans, span, tag};
use crate::domain::{
    ComplianceOutcome, ConditionOutcome, Review, Subject, Visit, VisitOutcome, fmt_date,
    fmt_datetime,
};
use crate::text::truncate;
use crate::tui::theme::Theme;

/// Condition text is cut to this many cells in outcome lines.
const CONDITION_COLS: usize = 40;

/// The lines of the Reviews tab for `s`, wrapped to `ctx.width`.
pub fn reviews_lines(s: &Subject, ctx: &ViewCtx) -> Vec<Line<'static>> {
    let mut doc = Doc::new(ctx);
    doc.heading("Reviews, newest first");
    let mut reviews: Vec<(usize, &Review)> = s.reviews.iter().enumerate().collect();
    reviews.sort_by_key(|(i, r)| std::cmp::Reverse((r.date, *i)));
    if reviews.is_empty() {
        doc.push(2, 0, vec![span("(no reviews yet)", doc.theme().dim)]);
    }
    for (n, (_, r)) in reviews.iter().enumerate() {
        if n > 0 {
            doc.blank();
        }
        review(&mut doc, s, r);
    }
    doc.heading("Visits not linked to a review");
    let mut visits: Vec<&Visit> = s
        .visits
        .iter()
        .filter(|v| !s.reviews.iter().any(|r| r.visit == Some(v.id)))
        .collect();
    visits.sort_by_key(|v| std::cmp::Reverse(v.at));
    if visits.is_empty() {
        doc.none(2);
    }
    for v in visits {
        let spans = visit_spans(v, doc.theme());
        doc.item(2, spans);
    }
    doc.finish()
}

fn review(doc: &mut Doc, s: &Subject, r: &Review) {
    let theme = doc.theme();
    doc.push(
        0,
        2,
        vec![
            span(&fmt_date(r.date), theme.title),
            span(&format!("  Review by {}", r.reviewer), theme.base),
        ],
    );
    doc.field_spans(2, "Sign-off", sign_off_spans(&r.sign_off, theme));
    let round = crate::domain::chain(&s.reviews, r).len();
    if round > 1 {
        let revises = r
            .supersedes
            .and_then(|p| s.reviews.iter().find(|x| x.id == p))
            .map(|p| match p.sign_off.status {
                crate::domain::SignOffStatus::Returned => "a returned round",
                _ => "an approved review, which stands until this is approved",
            })
            .unwrap_or("an earlier version");
        doc.field(2, "Version", &format!("round {round}: revises {revises}"));
    }
    if crate::domain::is_superseded(&s.reviews, r.id) {
        doc.field(2, "Version", "kept as it was: a newer version follows");
    }
    doc.subheading(2, "Conditions");
    if r.outcomes.is_empty() {
        doc.none(4);
    }
    for o in &r.outcomes {
        let spans = outcome_spans(s, o, theme);
        doc.item(4, spans);
    }
    if r.notifications_note.trim().is_empty() {
        doc.field(2, "Notifications", "no note");
    } else {
        doc.labelled_text(2, "Notifications", &r.notifications_note);
    }
    match r.visit {
        Some(id) => match s.visits.iter().find(|v| v.id == id) {
            Some(v) => doc.field_spans(2, "Visit", visit_spans(v, theme)),
            None => doc.field(2, "Visit", &format!("visit #{id} not found")),
        },
        None => doc.field(2, "Visit", "none linked"),
    }
    let reassessed = if r.risk_reassessed { "yes" } else { "no" };
    doc.field(2, "Risk reassessed", reassessed);
    doc.field(2, "Next review set", &fmt_date(r.next_review));
    if !r.late_reason.trim().is_empty() {
        doc.labelled_text(2, "Later because", &r.late_reason);
    }
    doc.labelled_text(2, "Summary", &r.summary);
}

/// "SPO 2. Must not enter the area… [BREACHED] ANPR hit 3 May".
fn outcome_spans(s: &Subject, o: &ConditionOutcome, theme: &Theme) -> Vec<Span<'static>> {
    let order = s.order(o.order);
    let kind = order.map_or_else(|| format!("order #{}", o.order), |o| o.kind.short().into());
    let found = order.and_then(|ord| {
        ord.conditions
            .iter()
            .position(|c| c.id == o.condition)
            .map(|i| (i + 1, &ord.conditions[i]))
    });
    let what = match found {
        Some((n, c)) => format!("{kind} {n}. {} ", truncate(&c.text, CONDITION_COLS)),
        None => format!("{kind} condition #{} (not found) ", o.condition),
    };
    let style = match o.outcome {
        ComplianceOutcome::Breached => theme.alert,
        ComplianceOutcome::NotVerified => theme.warn,
        ComplianceOutcome::Complied => theme.ok,
        ComplianceOutcome::NotApplicable => theme.dim,
    };
    let mut spans = vec![
        span(&what, theme.base),
        span(&tag(o.outcome.label()), style),
    ];
    if !o.note.trim().is_empty() {
        spans.push(span(&format!(" {}", o.note.trim()), theme.base));
    }
    spans
}

/// "10 Nov 2026 14:05 PC Patel [SEEN]: findings".
fn visit_spans(v: &Visit, theme: &Theme) -> Vec<Span<'static>> {
    let style = match v.outcome {
        VisitOutcome::Seen => theme.ok,
        VisitOutcome::NoAccess | VisitOutcome::Moved => theme.warn,
    };
    let mut spans = vec![
        span(
            &format!("{} {} ", fmt_datetime(v.at), v.officer),
            theme.base,
        ),
        span(&tag(v.outcome.label()), style),
    ];
    let findings = v.findings.trim();
    if !findings.is_empty() {
        // Findings may span lines; a list item shows them joined (escaped, never raw).
        let joined = crate::text::multiline(findings).join(" / ");
        spans.push(span(&format!(": {joined}"), theme.base));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::views::fixtures::*;

    #[test]
    fn reviews_newest_first_with_sign_off_details() {
        let env = Env::new();
        let text = joined(&reviews_lines(&sample_subject(), &env.ctx(120)));
        let nov = text
            .find("12 Nov 2026  Review by DS Brown")
            .unwrap_or(usize::MAX);
        let jun = text.find("1 Jun 2026  Review by DS Brown").unwrap_or(0);
        assert!(nov < jun, "{text}");
        assert!(
            text.contains("Sign-off        [AWAITING SIGN-OFF]"),
            "{text}"
        );
        assert!(text.contains(
            "[RETURNED] by DI Khan, 2 Jun 2026 09:00: \"Re-assess the risk after the ANPR breach\""
        ));
    }

    #[test]
    fn outcomes_name_the_order_and_shortened_condition() {
        let env = Env::new();
        let text = joined(&reviews_lines(&sample_subject(), &env.ctx(120)));
        assert!(
            text.contains(
                "- SPO 1. Must not contact Jane Doe directly or i… [COMPLIED] victim \
                 confirms no contact"
            ),
            "{text}"
        );
        assert!(text.contains(
            "- SPO 2. Must not enter the area marked on map A. [BREACHED] ANPR hit 3 May"
        ));
        assert!(text.contains("- SPO 3. Attend a stalking perpetrator programme… [NOT VERIFIED]"));
    }

    #[test]
    fn linked_visit_risk_next_review_and_summary() {
        let env = Env::new();
        let text = joined(&reviews_lines(&sample_subject(), &env.ctx(120)));
        assert!(text.contains(
            "Visit           10 Nov 2026 14:05 PC Patel [SEEN]: Subject at home; phone checked."
        ));
        assert!(text.contains("Notifications   Initial notification received one day late"));
        assert!(text.contains("Risk reassessed no"), "{text}");
        assert!(text.contains("Next review set 26 Nov 2026"));
        assert!(text.contains("Summary         Compliant; programme report awaited."));
        assert!(text.contains("Visit           none linked"));
    }

    #[test]
    fn only_unlinked_visits_are_listed_under_visits() {
        let env = Env::new();
        let text = joined(&reviews_lines(&sample_subject(), &env.ctx(120)));
        let visits = text
            .split("Visits not linked to a review")
            .nth(1)
            .unwrap_or_default();
        assert!(visits.contains("- 21 Nov 2026 19:30 PC Gray [NO ACCESS]: No answer; lights on."));
        assert!(!visits.contains("PC Patel"), "{visits}");
    }

    #[test]
    fn empty_subject_has_no_reviews_yet() {
        let env = Env::new();
        let lines = plain(&reviews_lines(&empty_subject(), &env.ctx(80)));
        assert_eq!(
            lines,
            vec![
                "Reviews, newest first",
                "  (no reviews yet)",
                "",
                "Visits not linked to a review",
                "  (none recorded)",
            ]
        );
    }

    #[test]
    fn stored_text_is_sanitised_and_narrow_widths_fit() {
        let env = Env::new();
        let mut s = sample_subject();
        s.reviews[0].reviewer = "DS \u{1b}]2;x\u{7}Brown".into();
        s.visits[1].findings = "line one\nline\u{9b}two".into();
        for w in [0u16, 1, 20, 45] {
            let lines = reviews_lines(&s, &env.ctx(w));
            assert_no_controls(&lines);
            if w > 0 {
                assert_fits(&lines, usize::from(w));
            }
        }
        let text = joined(&reviews_lines(&s, &env.ctx(200)));
        assert!(text.contains("Review by DS ^[]2;x^GBrown"), "{text}");
        assert!(text.contains("line one / line<U+009B>two"), "{text}");
    }
}
