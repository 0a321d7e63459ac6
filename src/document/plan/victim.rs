//! The plan's victim side (within Section 1, "options for safeguarding victims"): each named
//! protected person's contact preferences and safe contact (restricted: a role without access
//! reads "restricted", as the record reached the builder), their last update, needs assessment
//! and Victims' Code record; referrals; multi-agency meetings and their actions; orders
//! considered; and the screenings on the force's risk instruments (Section 3).
use super::{date, fmt_date};
use crate::document::model::{Builder, Column};
use crate::domain::{Subject, last_victim_update};

pub(super) fn victim_side(b: &mut Builder, s: &Subject) {
    b.heading(2, "Victim contact and support");
    let people: Vec<Vec<String>> = s
        .protected_persons
        .iter()
        .filter(|p| !p.by_proxy)
        .map(|p| {
            let needs = s
                .needs_assessments
                .iter()
                .filter(|n| n.person == p.id)
                .map(|n| n.date)
                .max();
            let code = s
                .victims_code
                .iter()
                .filter(|n| n.person == p.id)
                .map(|n| n.date)
                .max();
            vec![
                p.name.clone(),
                dash(&p.contact_preferences),
                dash(&p.safe_contact),
                date(last_victim_update(s, p.id)),
                date(needs),
                date(code),
            ]
        })
        .collect();
    b.table(
        vec![
            Column::new("Protected person", 3),
            Column::new("Contact preferences", 4),
            Column::new("Safe contact", 3),
            Column::new("Last updated", 2),
            Column::new("Needs assessed", 2),
            Column::new("Victims' Code", 2),
        ],
        people,
    );
    b.heading(2, "Referrals to support services");
    let rows = s
        .referrals
        .iter()
        .map(|r| {
            vec![
                fmt_date(r.date),
                r.service.clone(),
                r.consent.label().to_string(),
                r.outcome.label().to_string(),
                date(r.follow_up),
            ]
        })
        .collect();
    b.table(
        vec![
            Column::new("Date", 2),
            Column::new("Service", 3),
            Column::new("Consent", 2),
            Column::new("Outcome", 3),
            Column::new("Follow up", 2),
        ],
        rows,
    );
    b.heading(2, "Multi-agency meetings and actions");
    let mut rows = Vec::new();
    for m in &s.meetings {
        rows.push(vec![
            fmt_date(m.date),
            m.kind.label().to_string(),
            m.decisions.clone(),
            String::new(),
        ]);
        for a in &m.actions {
            let state = match (a.done, a.due) {
                (Some(d), _) => format!("done {}", fmt_date(d)),
                (None, Some(d)) => format!("due {}", fmt_date(d)),
                (None, None) => "open".to_string(),
            };
            let tactical = if a.tactical { " (tactical option)" } else { "" };
            rows.push(vec![
                String::new(),
                String::new(),
                format!("Action: {} ({}){tactical}", a.action, a.owner),
                state,
            ]);
        }
    }
    b.table(
        vec![
            Column::new("Date", 2),
            Column::new("Meeting", 2),
            Column::new("Decisions and actions", 7),
            Column::new("State", 2),
        ],
        rows,
    );
    b.heading(2, "Orders considered");
    let rows = s
        .considerations
        .iter()
        .map(|c| {
            vec![
                fmt_date(c.date),
                c.kind.short().to_string(),
                c.decision.label().to_string(),
                c.reason.clone(),
                c.by.clone(),
            ]
        })
        .collect();
    b.table(
        vec![
            Column::new("Date", 2),
            Column::new("Order", 1),
            Column::new("Decision", 3),
            Column::new("Reason", 5),
            Column::new("By", 3),
        ],
        rows,
    );
}

/// The risk screenings, newest first: instrument, score, band and the officer's judgement.
pub(super) fn screenings(b: &mut Builder, s: &Subject) {
    b.heading(2, "Risk screenings");
    let mut list: Vec<_> = s.screenings.iter().collect();
    list.sort_by_key(|x| std::cmp::Reverse((x.date, x.id)));
    let rows = list
        .iter()
        .map(|x| {
            vec![
                fmt_date(x.date),
                format!("{} v{}", x.instrument_name, x.instrument_version),
                format!("{} ({})", x.score, x.band.label()),
                x.judgement.label().to_string(),
                x.rationale.clone(),
            ]
        })
        .collect();
    b.table(
        vec![
            Column::new("Date", 2),
            Column::new("Instrument", 4),
            Column::new("Score (band)", 2),
            Column::new("Judgement", 2),
            Column::new("Rationale", 5),
        ],
        rows,
    );
}

fn dash(t: &str) -> String {
    if t.trim().is_empty() {
        "-".to_string()
    } else {
        t.to_string()
    }
}
