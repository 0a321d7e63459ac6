//! Risk tab (Section 3): the current assessment with its ratings, factors, rationale and tactical
//! options, a re-assessment warning after a breach, and a compact history of earlier assessments.
use ratatui::text::{Line, Span};

use super::ViewCtx;
use super::text::{Doc, days, sign_off_spans, span, tag};
use crate::domain::{RiskAssessment, RiskLevel, Subject, fmt_date};
use crate::text::{pad, width};
use crate::tui::theme::Theme;

/// Widest group label given its own column before the table stops aligning.
const GROUP_COL_MAX: usize = 24;

/// The lines of the Risk tab for `s`, wrapped to `ctx.width`.
pub fn risk_lines(s: &Subject, ctx: &ViewCtx) -> Vec<Line<'static>> {
    let mut doc = Doc::new(ctx);
    let theme = doc.theme();
    let current = s.current_assessment();
    if s.needs_reassessment() {
        reassessment_warning(&mut doc, s, current);
    }
    let Some(a) = current else {
        doc.push(0, 0, vec![span("No risk assessment recorded", theme.warn)]);
        return doc.finish();
    };
    doc.heading("Current risk assessment");
    doc.field(2, "Date", &fmt_date(a.date));
    doc.field(2, "Assessor", &a.assessor);
    doc.field_spans(2, "Sign-off", sign_off_spans(&a.sign_off, theme));
    let highest = match a.highest() {
        Some(level) => level_spans(level, theme),
        None => vec![span("no ratings recorded", theme.warn)],
    };
    doc.field_spans(2, "Highest level", highest);
    if let Some(newer) = s.latest_assessment().filter(|l| !std::ptr::eq(*l, a)) {
        newer_version(&mut doc, a, newer);
    }
    ratings(&mut doc, a);
    doc.heading("Foreseen harm");
    doc.paragraph(2, &a.harm);
    list(&mut doc, "Risk factors", &a.risk_factors);
    list(&mut doc, "Protective factors", &a.protective_factors);
    doc.heading("Rationale");
    doc.paragraph(2, &a.rationale);
    if !a.breach_rationale.trim().is_empty() {
        doc.heading("Breach response");
        doc.paragraph(2, &a.breach_rationale);
    }
    tactical_options(&mut doc, a, ctx);
    meeting_options(&mut doc, s, ctx);
    screenings(&mut doc, s);
    history(&mut doc, s, a);
    doc.finish()
}

/// Meeting actions marked as tactical options (their meeting is on tab 6).
fn meeting_options(doc: &mut Doc, s: &Subject, ctx: &ViewCtx) {
    let theme = doc.theme();
    let options: Vec<_> = s
        .meetings
        .iter()
        .flat_map(|m| m.actions.iter().filter(|a| a.tactical).map(move |a| (m, a)))
        .collect();
    if options.is_empty() {
        return;
    }
    doc.heading("Tactical options from meetings");
    for (m, a) in options {
        let state = match (a.done, a.overdue(ctx.today)) {
            (Some(d), _) => span(&format!(" done {}", fmt_date(d)), theme.ok),
            (None, Some(d)) => span(
                &format!(" {} due {}", tag("OVERDUE"), fmt_date(d)),
                theme.alert,
            ),
            (None, None) => span(
                &a.due
                    .map_or_else(String::new, |d| format!(" due {}", fmt_date(d))),
                theme.base,
            ),
        };
        doc.item(
            2,
            vec![
                span(
                    &format!(
                        "{} ({}, {} {})",
                        a.action,
                        a.owner,
                        m.kind.label(),
                        fmt_date(m.date)
                    ),
                    theme.base,
                ),
                state,
            ],
        );
    }
}

/// The screenings on the force's risk instruments, newest first (open one with `e` to see it
/// beside the one before).
fn screenings(doc: &mut Doc, s: &Subject) {
    if s.screenings.is_empty() {
        return;
    }
    let theme = doc.theme();
    doc.heading("Risk screenings");
    let mut list: Vec<_> = s.screenings.iter().collect();
    list.sort_by_key(|x| std::cmp::Reverse((x.date, x.id)));
    for x in list {
        let judged = if x.overridden() {
            format!(", judged {} (override)", x.judgement.label())
        } else {
            String::new()
        };
        doc.item(
            2,
            vec![
                span(&fmt_date(x.date), theme.title),
                span(
                    &format!(
                        " {} v{}: score {} {}{judged}",
                        x.instrument_name,
                        x.instrument_version,
                        x.score,
                        x.band.label()
                    ),
                    theme.base,
                ),
            ],
        );
    }
}

/// A newer version of the current assessment that is not approved yet (awaiting sign-off or
/// returned): it does not count until approved, so the current one stays above it. Shown with
/// its sign-off and the levels it would change.
fn newer_version(doc: &mut Doc, current: &RiskAssessment, newer: &RiskAssessment) {
    let theme = doc.theme();
    doc.heading("Newer version (counts once approved)");
    doc.field(2, "Date", &fmt_date(newer.date));
    doc.field(2, "Assessor", &newer.assessor);
    doc.field_spans(2, "Sign-off", sign_off_spans(&newer.sign_off, theme));
    let highest = match newer.highest() {
        Some(level) => level_spans(level, theme),
        None => vec![span("no ratings recorded", theme.warn)],
    };
    doc.field_spans(2, "Highest level", highest);
    let level_of = |a: &RiskAssessment, g: &crate::domain::RiskGroup| {
        a.ratings.iter().find(|r| &r.group == g).map(|r| r.level)
    };
    let mut groups: Vec<&crate::domain::RiskGroup> =
        current.ratings.iter().map(|r| &r.group).collect();
    for r in &newer.ratings {
        if !groups.contains(&&r.group) {
            groups.push(&r.group);
        }
    }
    let name = |l: Option<RiskLevel>| l.map_or("Not rated", RiskLevel::label);
    for g in groups {
        let (was, now) = (level_of(current, g), level_of(newer, g));
        if was != now {
            doc.item(
                4,
                vec![span(
                    &format!("{}: {} -> {}", g.label(), name(was), name(now)),
                    theme.warn,
                )],
            );
        }
    }
}

/// "RE-ASSESSMENT REQUIRED: breach on <date> since the last assessment".
fn reassessment_warning(doc: &mut Doc, s: &Subject, current: Option<&RiskAssessment>) {
    let since = current.map(|a| a.date);
    let breaches: Vec<_> = s
        .breaches
        .iter()
        .map(|b| b.at.date())
        .filter(|d| since.is_none_or(|since| *d >= since))
        .collect();
    let Some(latest) = breaches.iter().max() else {
        return;
    };
    let mut text = format!(
        "RE-ASSESSMENT REQUIRED: breach on {} since the last assessment",
        fmt_date(*latest)
    );
    if breaches.len() > 1 {
        text.push_str(&format!(" ({} breaches)", breaches.len()));
    }
    doc.push(0, 2, vec![span(&text, doc.theme().alert)]);
}

/// `[V.HIGH] Very High` styled for the level; the tag carries the meaning.
fn level_spans(level: RiskLevel, theme: &Theme) -> Vec<Span<'static>> {
    vec![
        span(&pad(&format!("[{}]", level.tag()), 8), theme.risk(level)),
        span(&format!(" {}", level.label()), theme.base),
    ]
}

fn ratings(doc: &mut Doc, a: &RiskAssessment) {
    let theme = doc.theme();
    doc.heading("Ratings by group");
    if a.ratings.is_empty() {
        doc.none(2);
        return;
    }
    let col = a
        .ratings
        .iter()
        .map(|r| width(r.group.label()))
        .max()
        .unwrap_or(0)
        .min(GROUP_COL_MAX)
        + 2;
    for r in &a.ratings {
        let mut spans = vec![span(&pad(r.group.label(), col), theme.base)];
        spans.extend(level_spans(r.level, theme));
        doc.push(2, col, spans);
    }
}

fn list(doc: &mut Doc, title: &str, items: &[String]) {
    doc.heading(title);
    if items.iter().all(|i| i.trim().is_empty()) {
        doc.none(2);
    }
    for i in items.iter().filter(|i| !i.trim().is_empty()) {
        doc.item(2, vec![span(i, doc.theme().base)]);
    }
}

fn tactical_options(doc: &mut Doc, a: &RiskAssessment, ctx: &ViewCtx) {
    let theme = doc.theme();
    doc.heading("Tactical options");
    if a.tactical_options.is_empty() {
        doc.none(2);
    }
    for t in &a.tactical_options {
        let status_style = if t.status.is_open() {
            theme.warn
        } else {
            theme.dim
        };
        let mut spans = vec![span(&tag(t.status.label()), status_style)];
        let late = t.due.map_or(0, |due| (ctx.today - due).num_days());
        if t.status.is_open() && late > 0 {
            spans.push(Span::raw(" "));
            spans.push(span(&format!("PAST DUE by {}", days(late)), theme.alert));
        }
        let owner = t.owner.as_deref().unwrap_or("no owner");
        let due = t
            .due
            .map(|d| format!("; due {}", fmt_date(d)))
            .unwrap_or_default();
        spans.push(span(
            &format!(" {}; owner {owner}{due}", t.option),
            theme.base,
        ));
        doc.item(2, spans);
    }
}

/// Earlier assessments, newest first: date, assessor, highest level, sign-off status (the
/// newer version shown above is left out).
fn history(doc: &mut Doc, s: &Subject, current: &RiskAssessment) {
    let theme = doc.theme();
    doc.heading("Earlier assessments");
    let newer = s.latest_assessment();
    let mut earlier: Vec<(usize, &RiskAssessment)> = s
        .assessments
        .iter()
        .enumerate()
        .filter(|(_, a)| !std::ptr::eq(*a, current))
        .filter(|(_, a)| !newer.is_some_and(|n| std::ptr::eq(*a, n)))
        .collect();
    earlier.sort_by_key(|(i, a)| std::cmp::Reverse((a.date, *i)));
    if earlier.is_empty() {
        doc.none(2);
    }
    for (_, a) in earlier {
        let mut spans = vec![span(
            &format!("{}  {}  ", pad(&fmt_date(a.date), 11), a.assessor),
            theme.base,
        )];
        match a.highest() {
            Some(level) => spans.extend(level_spans(level, theme)),
            None => spans.push(span("no ratings", theme.dim)),
        }
        spans.push(span(
            &format!("  {}", tag(a.sign_off.status.label())),
            theme.dim,
        ));
        doc.push(2, 13, spans);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::views::fixtures::*;

    #[test]
    fn current_assessment_with_aligned_ratings() {
        let env = Env::new();
        let text = joined(&risk_lines(&sample_subject(), &env.ctx(100)));
        assert!(text.contains("15 Sep 2026"), "{text}");
        assert!(
            text.contains("[APPROVED] by DI Khan, 16 Sep 2026 10:30"),
            "{text}"
        );
        assert!(
            text.contains("Highest level   [V.HIGH] Very High"),
            "{text}"
        );
        assert!(
            text.contains("  Named victim     [V.HIGH] Very High"),
            "{text}"
        );
        assert!(text.contains("  Future partners  [HIGH]   High"), "{text}");
        assert!(text.contains("  Children         [LOW]    Low"), "{text}");
        assert!(text.contains("- Fixation on the victim"));
        assert!(text.contains("- Stable employment"));
        assert!(text.contains("Serious psychological harm"));
    }

    #[test]
    fn screenings_and_tactical_meeting_actions_show_with_their_states() {
        use crate::domain::{Meeting, MeetingAction, MeetingKind, Screening};
        let env = Env::new();
        let mut s = sample_subject();
        let day = s.opened;
        s.screenings.push(Screening {
            id: 1,
            date: day,
            by: "DC Test".into(),
            instrument: "x".into(),
            instrument_name: "Test screen".into(),
            instrument_version: "2".into(),
            answers: Vec::new(),
            score: 6,
            band: RiskLevel::Medium,
            judgement: RiskLevel::High,
            rationale: "New threats".into(),
        });
        s.meetings.push(Meeting {
            id: 1,
            kind: MeetingKind::Marac,
            date: day,
            decisions: String::new(),
            actions: vec![MeetingAction {
                id: 1,
                action: "Fit a doorbell camera".into(),
                owner: "IDVA".into(),
                due: Some(day),
                done: None,
                tactical: true,
            }],
        });
        let text = joined(&risk_lines(&s, &env.ctx(120)));
        assert!(
            text.contains("Test screen v2: score 6 Medium, judged High (override)"),
            "{text}"
        );
        let line = text
            .lines()
            .find(|l| l.contains("Fit a doorbell camera"))
            .unwrap_or_default();
        assert!(
            line.contains("[OVERDUE]") && line.contains("MARAC"),
            "{line}"
        );
    }

    #[test]
    fn past_due_open_option_is_flagged_and_done_one_is_not() {
        let env = Env::new();
        let text = joined(&risk_lines(&sample_subject(), &env.ctx(120)));
        let line = |needle: &str| {
            text.lines()
                .find(|l| l.contains(needle))
                .unwrap_or_default()
        };
        assert_eq!(
            line("Home visit").trim(),
            "- [IN PROGRESS] PAST DUE by 3 days Home visit, varied times; owner PC Patel; \
             due 20 Nov 2026"
        );
        assert!(!line("Marker on victim's address").contains("PAST DUE"));
        assert!(!line("MARAC referral").contains("PAST DUE"));
    }

    #[test]
    fn breach_after_assessment_requires_reassessment() {
        let env = Env::new();
        let lines = plain(&risk_lines(&sample_subject(), &env.ctx(120)));
        assert_eq!(
            lines[0],
            "RE-ASSESSMENT REQUIRED: breach on 19 Nov 2026 since the last assessment"
        );
        let mut s = sample_subject();
        s.breaches.retain(|b| b.at.date() < d(2026, 9, 15));
        let text = joined(&risk_lines(&s, &env.ctx(120)));
        assert!(!text.contains("RE-ASSESSMENT"), "{text}");
    }

    #[test]
    fn history_lists_earlier_assessments_newest_first() {
        let env = Env::new();
        let text = joined(&risk_lines(&sample_subject(), &env.ctx(100)));
        let history = text.split("Earlier assessments").nth(1).unwrap_or_default();
        assert!(
            history.contains("1 Mar 2026   DS Brown  [HIGH]   High"),
            "{history}"
        );
        assert!(!history.contains("15 Sep 2026"), "{history}");
    }

    #[test]
    fn no_assessment_is_stated_plainly() {
        let env = Env::new();
        let text = joined(&risk_lines(&empty_subject(), &env.ctx(80)));
        assert_eq!(text, "No risk assessment recorded");
        let mut s = empty_subject();
        s.breaches = sample_subject().breaches;
        let lines = plain(&risk_lines(&s, &env.ctx(200)));
        assert!(lines[0].starts_with("RE-ASSESSMENT REQUIRED: breach on 19 Nov 2026"));
        assert!(lines[0].ends_with("(4 breaches)"), "{lines:?}");
        assert_eq!(lines[1], "No risk assessment recorded");
    }

    #[test]
    fn empty_lists_show_none_recorded() {
        let env = Env::new();
        let mut s = empty_subject();
        // The earlier sample assessment has ratings and a rationale but nothing else.
        s.assessments.push(sample_subject().assessments.remove(0));
        let lines = plain(&risk_lines(&s, &env.ctx(80)));
        let nones = lines
            .iter()
            .filter(|l| l.trim() == "(none recorded)")
            .count();
        // harm, risk factors, protective factors, tactical options, earlier assessments
        assert_eq!(nones, 5, "{lines:#?}");
    }

    #[test]
    fn narrow_widths_fit_and_stored_text_is_sanitised() {
        let env = Env::new();
        let mut s = sample_subject();
        s.assessments[1].assessor = "DS\u{1b}[31m Brown".into();
        for w in [0u16, 1, 20, 30] {
            let lines = risk_lines(&s, &env.ctx(w));
            assert_no_controls(&lines);
            if w > 0 {
                assert_fits(&lines, usize::from(w));
            }
        }
    }
}
