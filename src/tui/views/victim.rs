//! Tab 6, the victim's side and partners: for each protected person their contact
//! preferences, when they were last updated (and whether an update is overdue), the needs
//! assessment, the Victims' Code record and the contact log; then referrals, and meetings with
//! their actions. Restricted values arrive as "restricted" for roles that may not see them:
//! the store seals a viewer's copy without them.
use ratatui::text::{Line, Span};

use super::ViewCtx;
use super::text::{Doc, Marks, span, tag};
use crate::domain::{
    ItemKind, ProtectedPerson, ReferralOutcome, Subject, Target, fmt_date, last_victim_update,
    needs_assessments_due, victim_updates_due,
};

/// The lines of the tab and where each record starts.
pub fn victim(s: &Subject, ctx: &ViewCtx) -> (Vec<Line<'static>>, Marks) {
    let mut doc = Doc::new(ctx);
    doc.heading("Protected persons");
    if s.protected_persons.is_empty() {
        doc.none(2);
    }
    for p in &s.protected_persons {
        person(&mut doc, s, p, ctx);
    }
    referrals(&mut doc, s, ctx);
    meetings(&mut doc, s, ctx);
    doc.finish_marked()
}

fn mark(doc: &mut Doc, kind: ItemKind, id: crate::domain::ItemId, parent: Option<u32>) {
    doc.at(Target::existing(kind, id, parent));
}

fn person(doc: &mut Doc, s: &Subject, p: &ProtectedPerson, ctx: &ViewCtx) {
    mark(doc, ItemKind::ProtectedPerson, p.id, None);
    let theme = doc.theme();
    let proxy = if p.by_proxy { " (by proxy)" } else { "" };
    doc.item(
        2,
        vec![
            span(&p.name, theme.title),
            span(&format!(" {}{proxy}", p.relationship), theme.base),
        ],
    );
    let policy = ctx.config;
    let last = last_victim_update(s, p.id).map_or_else(|| "never".to_string(), fmt_date);
    let due = victim_updates_due(s, policy.victim_update_days, ctx.today)
        .into_iter()
        .find(|d| d.person == p.id);
    match due {
        Some(d) => doc.field_spans(
            4,
            "Last updated",
            vec![
                span(&last, theme.base),
                span(
                    &format!(
                        " {} since the {} on {} (due {})",
                        tag("UPDATE OVERDUE"),
                        d.event,
                        fmt_date(d.event_date),
                        fmt_date(d.due)
                    ),
                    theme.alert,
                ),
            ],
        ),
        None => doc.field(4, "Last updated", &last),
    }
    doc.field(4, "Contact preferences", or_dash(&p.contact_preferences));
    doc.field(4, "Safe contact", or_dash(&p.safe_contact));
    let needs_due = needs_assessments_due(s, policy.needs_assessment_days, ctx.today)
        .into_iter()
        .find(|(id, _)| *id == p.id);
    if let Some((_, due)) = needs_due {
        doc.field_spans(
            4,
            "Needs assessment",
            vec![span(
                &format!("{} (due {})", tag("NOT DONE"), fmt_date(due)),
                theme.alert,
            )],
        );
    }
    let mut rows: Vec<(chrono::NaiveDate, u8, u32)> = Vec::new();
    rows.extend(
        s.needs_assessments
            .iter()
            .filter(|x| x.person == p.id)
            .map(|x| (x.date, 0, x.id)),
    );
    rows.extend(
        s.victims_code
            .iter()
            .filter(|x| x.person == p.id)
            .map(|x| (x.date, 1, x.id)),
    );
    rows.extend(
        s.victim_contacts
            .iter()
            .filter(|x| x.person == p.id)
            .map(|x| (x.date, 2, x.id)),
    );
    rows.sort_by_key(|r| std::cmp::Reverse(*r));
    for (_, which, id) in rows {
        match which {
            0 => {
                let Some(n) = s.needs_assessments.iter().find(|x| x.id == id) else {
                    continue;
                };
                mark(doc, ItemKind::NeedsAssessment, id, None);
                doc.item(
                    4,
                    vec![
                        span(&fmt_date(n.date), theme.title),
                        span(&format!(" Needs assessment by {}", n.by), theme.base),
                    ],
                );
                doc.field(6, "Needs", or_dash(&n.needs));
                doc.field(6, "Outcome", or_dash(&n.outcome));
            }
            1 => {
                let Some(c) = s.victims_code.iter().find(|x| x.id == id) else {
                    continue;
                };
                mark(doc, ItemKind::VictimsCode, id, None);
                doc.item(
                    4,
                    vec![
                        span(&fmt_date(c.date), theme.title),
                        span(
                            &format!(
                                " Victims' Code rights explained by {} ({})",
                                c.by,
                                c.how.label()
                            ),
                            theme.base,
                        ),
                    ],
                );
                let rights: Vec<&str> = c.rights.iter().map(|r| r.label()).collect();
                doc.field(6, "Rights", &rights.join("; "));
            }
            _ => {
                let Some(c) = s.victim_contacts.iter().find(|x| x.id == id) else {
                    continue;
                };
                mark(doc, ItemKind::VictimContact, id, None);
                doc.item(
                    4,
                    vec![
                        span(&fmt_date(c.date), theme.title),
                        span(
                            &format!(" Contact by {} ({})", c.by, c.method.label()),
                            theme.base,
                        ),
                    ],
                );
                doc.field(6, "Said", or_dash(&c.said));
                doc.field(6, "Views", or_dash(&c.views));
            }
        }
    }
}

fn referrals(doc: &mut Doc, s: &Subject, ctx: &ViewCtx) {
    doc.heading("Referrals to support services");
    if s.referrals.is_empty() {
        doc.none(2);
    }
    let mut list: Vec<_> = s.referrals.iter().collect();
    list.sort_by_key(|r| std::cmp::Reverse((r.date, r.id)));
    for r in list {
        mark(doc, ItemKind::Referral, r.id, None);
        let theme = doc.theme();
        let style = match r.outcome {
            ReferralOutcome::Awaiting => theme.warn,
            _ => theme.base,
        };
        let who = r
            .person
            .and_then(|id| s.protected_persons.iter().find(|p| p.id == id))
            .map_or("the household", |p| p.name.as_str());
        let mut spans = vec![
            span(&fmt_date(r.date), theme.title),
            span(&format!(" {} for {who} ", r.service), theme.base),
            span(&tag(r.outcome.label()), style),
            span(&format!(" {}", r.consent.label()), theme.dim),
        ];
        if let Some(d) = r.overdue(ctx.today) {
            spans.push(span(
                &format!(" {} since {}", tag("FOLLOW-UP OVERDUE"), fmt_date(d)),
                theme.alert,
            ));
        } else if let Some(d) = r
            .follow_up
            .filter(|_| r.outcome == ReferralOutcome::Awaiting)
        {
            spans.push(span(&format!(" follow up by {}", fmt_date(d)), theme.base));
        }
        doc.item(2, spans);
        if !r.notes.trim().is_empty() {
            doc.paragraph(4, &r.notes);
        }
    }
}

fn meetings(doc: &mut Doc, s: &Subject, ctx: &ViewCtx) {
    doc.heading("Meetings and actions");
    if s.meetings.is_empty() {
        doc.none(2);
    }
    let mut list: Vec<_> = s.meetings.iter().collect();
    list.sort_by_key(|m| std::cmp::Reverse((m.date, m.id)));
    for m in list {
        mark(doc, ItemKind::Meeting, m.id, None);
        let theme = doc.theme();
        doc.item(
            2,
            vec![
                span(&fmt_date(m.date), theme.title),
                span(&format!(" {}", m.kind.label()), theme.base),
            ],
        );
        if !m.decisions.trim().is_empty() {
            doc.field(4, "Decisions", &m.decisions);
        }
        for a in &m.actions {
            mark(doc, ItemKind::MeetingAction, a.id, Some(m.id));
            let status: Span<'static> = match (a.done, a.overdue(ctx.today)) {
                (Some(d), _) => span(&format!("done {}", fmt_date(d)), theme.ok),
                (None, Some(d)) => span(
                    &format!("{} due {}", tag("OVERDUE"), fmt_date(d)),
                    theme.alert,
                ),
                (None, None) => span(
                    &a.due.map_or_else(
                        || "no due date".to_string(),
                        |d| format!("due {}", fmt_date(d)),
                    ),
                    theme.base,
                ),
            };
            let tactical = if a.tactical { " [tactical option]" } else { "" };
            doc.item(
                4,
                vec![
                    span(
                        &format!("- {} ({}){tactical} ", a.action, a.owner),
                        theme.base,
                    ),
                    status,
                ],
            );
        }
    }
}

fn or_dash(t: &str) -> &str {
    if t.trim().is_empty() { "-" } else { t }
}
