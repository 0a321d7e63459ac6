//! Section 1 tab: who the subject is, the orders and their conditions and notification clocks,
//! the offending narrative, index offences, protected persons and safeguarding.
use ratatui::text::{Line, Span};

use super::ViewCtx;
use super::text::{Doc, Marks, days, span, tag};
use crate::domain::{
    Address, ItemKind, NotificationState, Order, OrderStatus, ProtectedPerson, Subject, Target,
    fmt_date,
};

/// The lines of the Section 1 tab for `s`, wrapped to `ctx.width`.
pub fn section1_lines(s: &Subject, ctx: &ViewCtx) -> Vec<Line<'static>> {
    section1(s, ctx).0
}

/// [`section1_lines`] and where each address starts.
pub fn section1(s: &Subject, ctx: &ViewCtx) -> (Vec<Line<'static>>, Marks) {
    let mut doc = Doc::new(ctx);
    identity(&mut doc, s, ctx);
    doc.heading("Orders and conditions");
    if s.orders.is_empty() {
        doc.none(2);
    }
    for (i, order) in s.orders.iter().enumerate() {
        if i > 0 {
            doc.blank();
        }
        order_lines(&mut doc, order, s.flags.rso, ctx);
    }
    doc.heading("Offending narrative");
    doc.paragraph(2, &s.section1.narrative);
    offences(&mut doc, s);
    doc.heading("Protected persons");
    if s.protected_persons.is_empty() {
        doc.none(2);
    }
    for p in &s.protected_persons {
        person(&mut doc, p);
    }
    safeguarding(&mut doc, s);
    doc.finish_marked()
}

/// The address's item, for marks.
fn address_target(a: &Address) -> Target {
    Target::existing(ItemKind::Address, a.id, None)
}

fn identity(doc: &mut Doc, s: &Subject, ctx: &ViewCtx) {
    doc.heading("Subject");
    doc.field(2, "Name", &s.display_name());
    let aliases = if s.aliases.is_empty() {
        super::text::NONE.to_string()
    } else {
        s.aliases.join("; ")
    };
    doc.field(2, "Aliases", &aliases);
    let dob = match s.date_of_birth {
        Some(dob) => match ctx.today.years_since(dob) {
            Some(age) => format!("{} (age {age})", fmt_date(dob)),
            None => fmt_date(dob),
        },
        None => "not recorded".to_string(),
    };
    doc.field(2, "Date of birth", &dob);
    doc.field(2, "PNC ID", s.pnc_id.as_deref().unwrap_or("-"));
    doc.field(2, "Niche ref", s.niche_ref.as_deref().unwrap_or("-"));
    let flags = s.flags.labels();
    let flags: Vec<Span<'static>> = if flags.is_empty() {
        vec![span("none", doc.theme().dim)]
    } else {
        vec![span(&flags.join(" | "), doc.theme().warn)]
    };
    doc.field_spans(2, "Flags", flags);
    doc.field(2, "Officer", s.officer.as_deref().unwrap_or("not assigned"));
    doc.field(2, "Plan opened", &fmt_date(s.opened));
    let current = s.current_address();
    match current {
        Some(a) => {
            doc.at(address_target(a));
            doc.field(2, "Current address", &address_text(a));
        }
        None => doc.field(2, "Current address", "not recorded"),
    }
    let others: Vec<&Address> = s
        .addresses
        .iter()
        .filter(|a| !current.is_some_and(|c| std::ptr::eq(*a, c)))
        .collect();
    if !others.is_empty() {
        doc.subheading(2, "Previous and other addresses");
        for a in others {
            doc.at(address_target(a));
            doc.item(4, vec![span(&address_text(a), doc.theme().base)]);
        }
    }
}

/// "Home: 12 Acacia Avenue, Leeds, LS1 1AA (from 1 Jun 2026)".
fn address_text(a: &Address) -> String {
    let mut out = format!("{}: {}", a.kind.label(), a.lines);
    if let Some(pc) = &a.postcode {
        out.push_str(&format!(", {pc}"));
    }
    match (a.from, a.to) {
        (Some(f), Some(t)) => out.push_str(&format!(" ({} to {})", fmt_date(f), fmt_date(t))),
        (Some(f), None) => out.push_str(&format!(" (from {})", fmt_date(f))),
        (None, Some(t)) => out.push_str(&format!(" (until {})", fmt_date(t))),
        (None, None) => {}
    }
    out
}

fn order_lines(doc: &mut Doc, order: &Order, rso: bool, ctx: &ViewCtx) {
    let theme = doc.theme();
    let status = order.status(ctx.today);
    let status_style = match status {
        OrderStatus::Active => theme.ok,
        OrderStatus::Applied => theme.warn,
        OrderStatus::Expired | OrderStatus::Discharged | OrderStatus::Refused => theme.dim,
    };
    let mut head = vec![
        span(order.kind.short(), theme.title),
        Span::raw(" "),
        span(&tag(status.label()), status_style),
        span(&format!(" {}", order.court), theme.base),
    ];
    if let Some(r) = &order.reference {
        head.push(span(&format!(", ref {r}"), theme.base));
    }
    doc.push(2, 2, head);
    let date = |d: Option<chrono::NaiveDate>| d.map_or_else(|| "-".to_string(), fmt_date);
    let dates = format!(
        "applied {}; made {}; served {}",
        date(order.applied),
        date(order.made),
        date(order.served)
    );
    doc.field(4, "Dates", &dates);
    let end = match order.discharged {
        Some(d) => format!("discharged {}", fmt_date(d)),
        None => order.expiry_text(ctx.today),
    };
    doc.field(4, "End", &end);
    for v in &order.variations {
        let note = if v.note.is_empty() {
            String::new()
        } else {
            format!(": {}", v.note)
        };
        let text = format!("{} {}{note}", fmt_date(v.date), v.kind.label());
        doc.field(4, "Variation", &text);
    }
    doc.subheading(4, "Conditions");
    if order.conditions.is_empty() {
        doc.none(6);
    }
    for (n, c) in order.conditions.iter().enumerate() {
        let mut line = vec![
            span(&format!("{}. ", n + 1), theme.base),
            span(&tag(c.kind.label()), theme.title),
            span(&format!(" {}: {}", c.category, c.text), theme.base),
        ];
        if !c.in_force(ctx.today) {
            line.push(span(" (not in force today)", theme.dim));
        }
        doc.push(6, 3, line);
        if let Some(area) = &c.area {
            doc.field(9, "Area", area);
        }
        if c.starts.is_some() || c.ends.is_some() {
            let text = format!("from {} to {}", date(c.starts), date(c.ends));
            doc.field(9, "In force", &text);
        }
        if !c.check_method.is_empty() {
            doc.field(9, "Checked by", &c.check_method);
        }
    }
    if order.kind.has_notification_requirements() || !order.notifications.is_empty() {
        notifications(doc, order, rso, ctx);
    }
}

fn notifications(doc: &mut Doc, order: &Order, rso: bool, ctx: &ViewCtx) {
    let theme = doc.theme();
    let limit = ctx.config.notification_days;
    doc.subheading(4, "Notifications");
    if order.notifications.is_empty() {
        doc.none(6);
    }
    for n in &order.notifications {
        let head = format!("{} (triggered {}): ", n.kind.label(), fmt_date(n.trigger));
        let (text, style) = match n.state(ctx.today, limit, rso) {
            NotificationState::Received { on, late_by } => {
                let mut t = format!("received {}", fmt_date(on));
                if let Some(st) = &n.station {
                    t.push_str(&format!(" at {st}"));
                }
                if let Some(r) = &n.reference {
                    t.push_str(&format!(", ref {r}"));
                }
                if late_by > 0 {
                    t.push_str(&format!(" (late by {})", days(late_by)));
                    (t, theme.warn)
                } else {
                    (t, theme.ok)
                }
            }
            NotificationState::Due { due, days_left: 0 } => {
                (format!("due TODAY ({})", fmt_date(due)), theme.warn)
            }
            NotificationState::Due { due, days_left } => (
                format!("due in {} ({})", days(days_left), fmt_date(due)),
                theme.base,
            ),
            NotificationState::Overdue { due, days: late } => (
                format!("OVERDUE by {} (due {})", days(late), fmt_date(due)),
                theme.alert,
            ),
            NotificationState::Suspended => (
                "suspended while RSO (clock not running)".to_string(),
                theme.dim,
            ),
        };
        doc.item(6, vec![span(&head, theme.base), span(&text, style)]);
    }
}

fn offences(doc: &mut Doc, s: &Subject) {
    doc.heading("Index offences");
    let offences = &s.section1.index_offences;
    if offences.is_empty() {
        doc.none(2);
    }
    for o in offences {
        let mut text = o.offence.clone();
        if let Some(d) = o.date {
            text.push_str(&format!(", {}", fmt_date(d)));
        }
        if let Some(r) = &o.reference {
            text.push_str(&format!(", ref {r}"));
        }
        if !o.outcome.is_empty() {
            text.push_str(&format!(": {}", o.outcome));
        }
        doc.item(2, vec![span(&text, doc.theme().base)]);
    }
}

fn person(doc: &mut Doc, p: &ProtectedPerson) {
    let theme = doc.theme();
    let kind = if p.by_proxy {
        "[BY PROXY]"
    } else {
        "[NAMED VICTIM]"
    };
    doc.item(
        2,
        vec![
            span(&p.name, theme.title),
            span(&format!(" ({}) ", p.relationship), theme.base),
            span(kind, theme.warn),
        ],
    );
    // Shown for now; restricted by role once roles exist.
    doc.field(4, "Address", p.address.as_deref().unwrap_or("not recorded"));
    if !p.notes.trim().is_empty() {
        doc.labelled_text(4, "Notes", &p.notes);
    }
}

fn safeguarding(doc: &mut Doc, s: &Subject) {
    doc.heading("Safeguarding options");
    let options = &s.section1.safeguarding;
    if options.is_empty() {
        doc.none(2);
    }
    for o in options {
        let theme = doc.theme();
        let who = match o.person {
            Some(id) => match s.protected_persons.iter().find(|p| p.id == id) {
                Some(p) => format!(" for {}", p.name),
                None => format!(" for unknown person #{id}"),
            },
            None => " (general)".to_string(),
        };
        let style = if o.status.is_open() {
            theme.warn
        } else {
            theme.dim
        };
        doc.item(
            2,
            vec![
                span(&tag(o.status.label()), style),
                span(&format!(" {}{who}", o.option), theme.base),
            ],
        );
        if !o.notes.trim().is_empty() {
            doc.labelled_text(4, "Notes", &o.notes);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::views::fixtures::*;

    #[test]
    fn identity_block_shows_age_flags_and_addresses() {
        let env = Env::new();
        let text = joined(&section1_lines(&sample_subject(), &env.ctx(100)));
        assert!(text.contains("SMITH, John Paul"), "{text}");
        assert!(text.contains("14 Mar 1985 (age 41)"), "{text}");
        assert!(text.contains("MAPPA 2 | IOM"), "{text}");
        assert!(text.contains("Home: 12 Acacia Avenue, Leeds, LS1 1AA (from 1 Jun 2026)"));
        assert!(text.contains("(1 Jan 2024 to 31 May 2026)"), "{text}");
    }

    #[test]
    fn control_characters_in_alias_are_shown_escaped() {
        let env = Env::new();
        let lines = section1_lines(&sample_subject(), &env.ctx(100));
        assert!(joined(&lines).contains("Johnny^[]0;pwned^G S"));
        assert_no_controls(&lines);
    }

    #[test]
    fn orders_show_status_conditions_and_notification_clocks() {
        let env = Env::new();
        let text = joined(&section1_lines(&sample_subject(), &env.ctx(120)));
        assert!(text.contains("SPO [ACTIVE] Leeds Magistrates' Court, ref SPO/2026/017"));
        assert!(text.contains("ISPO [EXPIRED]"), "{text}");
        assert!(text.contains("ends 1 Feb 2028 (435 days)"), "{text}");
        assert!(text.contains("1. [PROHIBITION] contact: Must not contact Jane Doe"));
        assert!(text.contains("3. [REQUIREMENT] programme"), "{text}");
        assert!(text.contains("Headingley, Leeds (map A)"));
        assert!(text.contains("10 Aug 2026 varied: exclusion zone enlarged"));
        assert!(text.contains("received 7 Feb 2026 at Elland Road (late by 1 day)"));
        assert!(text.contains("new address (triggered 18 Nov 2026): OVERDUE by 2 days"));
        assert!(text.contains("new name (triggered 22 Nov 2026): due in 2 days"));
    }

    #[test]
    fn rso_suspends_open_clocks() {
        let env = Env::new();
        let mut s = sample_subject();
        s.flags.rso = true;
        let text = joined(&section1_lines(&s, &env.ctx(120)));
        assert!(text.contains("suspended while RSO"), "{text}");
        assert!(!text.contains("OVERDUE"), "{text}");
    }

    #[test]
    fn people_and_safeguarding_are_listed() {
        let env = Env::new();
        let text = joined(&section1_lines(&sample_subject(), &env.ctx(120)));
        assert!(
            text.contains("Mary Doe (victim's mother) [BY PROXY]"),
            "{text}"
        );
        assert!(text.contains("1 Rose Court, Leeds LS6 2XX"));
        assert!(
            text.contains("[IN PROGRESS] Cocoon watch for Mary Doe"),
            "{text}"
        );
        assert!(text.contains("13/99887/25"));
        assert!(text.contains("He waited outside her mother's home."));
    }

    #[test]
    fn empty_subject_shows_none_recorded() {
        let env = Env::new();
        let lines = plain(&section1_lines(&empty_subject(), &env.ctx(80)));
        let nones = lines
            .iter()
            .filter(|l| l.trim() == "(none recorded)")
            .count();
        // orders, narrative, offences, protected persons, safeguarding
        assert_eq!(nones, 5, "{lines:#?}");
    }

    #[test]
    fn narrow_widths_fit_and_do_not_panic() {
        let env = Env::new();
        for w in [0u16, 1, 2, 20, 37] {
            let lines = section1_lines(&sample_subject(), &env.ctx(w));
            assert!(!lines.is_empty());
            if w > 0 {
                assert_fits(&lines, usize::from(w));
            }
        }
    }
}
