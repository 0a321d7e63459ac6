//! The whole plan as a document for the force records system: identifiers, orders, Sections 1-3,
//! the latest review, the breach history and space for the DCI's signature.
//!
//! Victims' details appear as the store returned them: a user without
//! `Permission::ViewRestricted` gets them already redacted by `Store::load`.

mod sections;
mod victim;

use sections::{section1, section2, section3};

use chrono::NaiveDate;

use super::Meta;
use super::model::{Builder, Column, Document, Field};
use crate::domain::{
    Address, Order, ReviewDue, SignOff, SignOffStatus, Subject, fmt_date, fmt_datetime,
};

pub const TITLE: &str = "Subject Profile Management Plan";

/// The level-1 headings of a plan, in order (every plan has all of them).
pub const HEADINGS: [&str; 8] = [
    "1. Subject and identifiers",
    "2. Orders and conditions",
    "3. Section 1: Offending behaviour and safeguarding",
    "4. Section 2: Investigations and offender management",
    "5. Section 3: Risk assessment",
    "6. Latest compliance review",
    "7. Breach history",
    "8. Authorisation",
];

/// "WRZOSEK, Łukasz Piotr (subject 1)".
pub fn subject_line(s: &Subject) -> String {
    format!("{} (subject {})", s.display_name(), s.id)
}

fn date(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "-".to_string(), fmt_date)
}

fn or_dash(s: Option<&str>) -> String {
    match s.map(str::trim) {
        Some(v) if !v.is_empty() => v.to_string(),
        _ => "-".to_string(),
    }
}

fn age_on(dob: NaiveDate, today: NaiveDate) -> Option<u32> {
    today.years_since(dob)
}

/// "Flat 3, 22 Quillfeather Road, Fenbridge, ZZ2 7QT".
pub fn address_lines(a: &Address) -> String {
    match &a.postcode {
        Some(pc) if !pc.trim().is_empty() => format!("{}, {pc}", a.lines),
        _ => a.lines.clone(),
    }
}

/// "approved by DI Amy Kerr (2210) on 14 Nov 2026 10:30: comment": rank, name and number as
/// recorded at the decision (the login for decisions recorded before officers had ranks).
pub fn sign_off_text(s: &SignOff) -> String {
    let mut out = s.status.label().to_string();
    if s.status != SignOffStatus::Awaiting {
        let by = s.signer_text();
        if !by.trim().is_empty() {
            out.push_str(&format!(" by {by}"));
        }
        if let Some(at) = s.at {
            out.push_str(&format!(" on {}", fmt_datetime(at)));
        }
    }
    if !s.comment.trim().is_empty() {
        out.push_str(&format!(": {}", s.comment.trim()));
    }
    out
}

/// "SPO, Fenbridge Magistrates' Court, ref FEN/SPO/2025/0007".
pub fn order_title(o: &Order) -> String {
    match &o.reference {
        Some(r) if !r.trim().is_empty() => format!("{}, {}, ref {r}", o.kind.short(), o.court),
        _ => format!("{}, {}", o.kind.short(), o.court),
    }
}

/// Build the plan for `s` as of `meta.today`.
pub fn build(s: &Subject, meta: &Meta) -> Document {
    let generated = meta.generated_line();
    let mut b = Builder::new(
        &meta.marking,
        &meta.unit,
        TITLE,
        &subject_line(s),
        &generated,
    );
    b.handling(
        "For the force records system (Niche) and authorised staff only. Contains details of \
         protected persons: do not copy, forward or disclose without the unit's authority.",
    );
    identifiers(&mut b, s, meta);
    orders(&mut b, s, meta.today);
    section1(&mut b, s);
    victim::victim_side(&mut b, s);
    section2(&mut b, s);
    section3(&mut b, s, meta.today);
    victim::screenings(&mut b, s);
    review(&mut b, s);
    breaches(&mut b, s);
    authorisation(&mut b, s);
    b.finish()
}

fn identifiers(b: &mut Builder, s: &Subject, meta: &Meta) {
    b.heading(1, HEADINGS[0]);
    let dob = match s.date_of_birth {
        Some(d) => match age_on(d, meta.today) {
            Some(age) => format!("{} (age {age})", fmt_date(d)),
            None => fmt_date(d),
        },
        None => "not recorded".to_string(),
    };
    let flags = s.flags.labels();
    let risk = match s
        .current_assessment()
        .and_then(|a| a.highest().map(|l| (a, l)))
    {
        Some((a, level)) => format!("{} (assessed {})", level.label(), fmt_date(a.date)),
        None => "not assessed".to_string(),
    };
    let mut fields = vec![
        Field::new("Name", &s.display_name()),
        Field::new(
            "Aliases",
            &if s.aliases.is_empty() {
                "none recorded".to_string()
            } else {
                s.aliases.join("; ")
            },
        ),
        Field::new("Date of birth", &dob),
        Field::new("PNC ID", &or_dash(s.pnc_id.as_deref())),
        Field::new("Niche ref", &or_dash(s.niche_ref.as_deref())),
        Field::new(
            "Flags",
            &if flags.is_empty() {
                "none".to_string()
            } else {
                flags.join(", ")
            },
        ),
        Field::new(
            "Officer in charge",
            s.officer.as_deref().unwrap_or("not assigned"),
        ),
        Field::new("Plan opened", &fmt_date(s.opened)),
        Field::new("Current risk", &risk),
        Field::new(
            "Next review",
            &ReviewDue::of(s, &meta.cadence, meta.today).text(),
        ),
    ];
    if s.needs_reassessment() {
        fields.push(Field::new("Re-assessment", "REQUIRED (raised by a breach)"));
    }
    b.fields(fields);
    b.heading(2, "Addresses");
    let current = s.current_address().map(|a| a.id);
    let rows = s
        .addresses
        .iter()
        .map(|a| {
            let kind = if Some(a.id) == current {
                format!("{} (current)", a.kind.label())
            } else {
                a.kind.label().to_string()
            };
            vec![kind, address_lines(a), date(a.from), date(a.to)]
        })
        .collect();
    b.table(
        vec![
            Column::new("Kind", 2),
            Column::new("Address", 6),
            Column::new("From", 2),
            Column::new("To", 2),
        ],
        rows,
    );
}

fn orders(b: &mut Builder, s: &Subject, today: NaiveDate) {
    b.heading(1, HEADINGS[1]);
    let active: Vec<&Order> = s.orders.iter().filter(|o| o.is_active(today)).collect();
    if active.is_empty() {
        b.note("No order is in force.");
    }
    for o in &active {
        b.heading(2, &order_title(o));
        let mut fields = vec![
            Field::new("Status", &o.status(today).label().to_uppercase()),
            Field::new(
                "Dates",
                &format!(
                    "applied {}; made {}; served {}",
                    date(o.applied),
                    date(o.made),
                    o.served.map_or_else(|| "NOT SERVED".to_string(), fmt_date)
                ),
            ),
            Field::new("Ends", &o.expiry_text(today)),
        ];
        for v in &o.variations {
            let note = if v.note.trim().is_empty() {
                String::new()
            } else {
                format!(": {}", v.note.trim())
            };
            fields.push(Field::new(
                "Variation",
                &format!("{} {}{note}", fmt_date(v.date), v.kind.label()),
            ));
        }
        b.fields(fields);
        let rows = o
            .conditions
            .iter()
            .enumerate()
            .map(|(n, c)| {
                let mut what = format!("{} ({}): {}", c.kind.label(), c.category, c.text);
                if let Some(area) = c.area.as_deref().filter(|a| !a.trim().is_empty()) {
                    what.push_str(&format!("\nArea: {area}"));
                }
                if c.starts.is_some() || c.ends.is_some() {
                    what.push_str(&format!(
                        "\nIn force {} to {}",
                        date(c.starts),
                        date(c.ends)
                    ));
                }
                if !c.in_force(today) {
                    what.push_str("\n(not in force today)");
                }
                let how = if c.check_method.trim().is_empty() {
                    "-".to_string()
                } else {
                    c.check_method.clone()
                };
                vec![format!("{}", n + 1), what, how]
            })
            .collect();
        b.table(
            vec![
                Column::new("No.", 1),
                Column::new("Condition", 8),
                Column::new("How compliance is checked", 4),
            ],
            rows,
        );
        if o.kind.has_notification_requirements() || !o.notifications.is_empty() {
            let rows = o
                .notifications
                .iter()
                .map(|n| {
                    let state = match n.received {
                        Some(on) => {
                            let mut t = format!("received {}", fmt_date(on));
                            if let Some(st) = &n.station {
                                t.push_str(&format!(" at {st}"));
                            }
                            t
                        }
                        None => "not yet received".to_string(),
                    };
                    vec![
                        n.kind.label().to_string(),
                        fmt_date(n.trigger),
                        state,
                        or_dash(n.reference.as_deref()),
                    ]
                })
                .collect();
            b.table(
                vec![
                    Column::new("Notification", 3),
                    Column::new("Triggered", 2),
                    Column::new("Status", 4),
                    Column::new("Reference", 3),
                ],
                rows,
            );
        }
    }
    let other = s.orders.len() - active.len();
    if other > 0 {
        let list: Vec<String> = s
            .orders
            .iter()
            .filter(|o| !o.is_active(today))
            .map(|o| format!("{} ({})", order_title(o), o.status(today).label()))
            .collect();
        b.note(&format!(
            "Also on record, not in force: {}.",
            list.join("; ")
        ));
    }
}

/// The latest approved review, and a note when a newer one awaits sign-off or was returned
/// (work not yet approved is never printed as the plan's review).
fn review(b: &mut Builder, s: &Subject) {
    b.heading(1, HEADINGS[5]);
    let approved = s.latest_approved_review();
    if let Some(newer) = s
        .latest_review()
        .filter(|n| n.sign_off.status != SignOffStatus::Approved)
        .filter(|n| approved.is_none_or(|a| (n.date, n.id) > (a.date, a.id)))
    {
        b.note(&format!(
            "A newer review of {} by {} is {}; it is not shown until approved.",
            fmt_date(newer.date),
            newer.reviewer.trim(),
            sign_off_text(&newer.sign_off)
        ));
    }
    let Some(r) = approved else {
        b.note("No approved review yet.");
        return;
    };
    let visit = match r.visit {
        Some(id) => match s.visits.iter().find(|v| v.id == id) {
            Some(v) => {
                let mut t = format!(
                    "{} by {}: {}",
                    fmt_datetime(v.at),
                    v.officer,
                    v.outcome.label()
                );
                if !v.findings.trim().is_empty() {
                    t.push_str(&format!(". {}", v.findings.trim()));
                }
                t
            }
            None => format!("visit #{id} not found"),
        },
        None => "none linked".to_string(),
    };
    b.fields(vec![
        Field::new("Date", &fmt_date(r.date)),
        Field::new("Reviewer", &r.reviewer),
        Field::new("Visit", &visit),
        Field::new(
            "Notifications",
            if r.notifications_note.trim().is_empty() {
                "no note"
            } else {
                r.notifications_note.as_str()
            },
        ),
        Field::new(
            "Risk re-assessed",
            if r.risk_reassessed { "yes" } else { "no" },
        ),
        Field::new("Next review set", &fmt_date(r.next_review)),
        Field::new("Sign-off", &sign_off_text(&r.sign_off)),
    ]);
    if !r.summary.trim().is_empty() {
        b.heading(2, "Summary");
        b.paragraph(&r.summary);
    }
    b.heading(2, "Conditions");
    let rows = r
        .outcomes
        .iter()
        .map(|o| {
            let order = s.order(o.order);
            let kind =
                order.map_or_else(|| format!("order #{}", o.order), |o| o.kind.short().into());
            let condition = order
                .and_then(|ord| {
                    ord.conditions
                        .iter()
                        .enumerate()
                        .find(|(_, c)| c.id == o.condition)
                })
                .map_or_else(
                    || format!("{kind} condition #{} (not found)", o.condition),
                    |(n, c)| format!("{kind} {}. {}", n + 1, c.text),
                );
            vec![
                condition,
                o.outcome.label().to_string(),
                or_dash(Some(&o.note)),
            ]
        })
        .collect();
    b.table(
        vec![
            Column::new("Condition", 6),
            Column::new("Outcome", 2),
            Column::new("Note", 4),
        ],
        rows,
    );
}

fn breaches(b: &mut Builder, s: &Subject) {
    b.heading(1, HEADINGS[6]);
    let mut list: Vec<_> = s.breaches.iter().collect();
    list.sort_by_key(|br| br.at);
    let rows = list
        .iter()
        .map(|br| {
            let order = s.order(br.order);
            let mut which =
                order.map_or_else(|| format!("order #{}", br.order), |o| o.kind.short().into());
            if let Some(o) = order {
                let nums: Vec<String> = br
                    .conditions
                    .iter()
                    .filter_map(|c| o.conditions.iter().position(|x| x.id == *c))
                    .map(|n| (n + 1).to_string())
                    .collect();
                if !nums.is_empty() {
                    which.push_str(&format!(" cond. {}", nums.join(", ")));
                }
            }
            let source = br.source.label().to_string();
            let mut what = br.description.clone();
            if let Some(r) = br.reference.as_deref().filter(|r| !r.trim().is_empty()) {
                what.push_str(&format!("\nRef: {r}"));
            }
            if !br.action.trim().is_empty() {
                what.push_str(&format!("\nAction: {}", br.action.trim()));
            }
            vec![
                fmt_datetime(br.at),
                which,
                source,
                what,
                br.outcome.label().to_string(),
            ]
        })
        .collect();
    b.table(
        vec![
            Column::new("When", 2),
            Column::new("Order", 2),
            Column::new("Source", 2),
            Column::new("What happened", 6),
            Column::new("Outcome", 2),
        ],
        rows,
    );
}

fn authorisation(b: &mut Builder, s: &Subject) {
    b.heading(1, HEADINGS[7]);
    match &s.plan_sign_off {
        Some(so) if so.status == SignOffStatus::Approved => {
            b.paragraph(&format!("Plan {}.", sign_off_text(so)));
        }
        Some(so) => {
            b.note(&format!(
                "The plan is {}: not yet approved.",
                sign_off_text(so)
            ));
        }
        None => {
            b.note("The plan has not been submitted for sign-off.");
        }
    }
    b.paragraph(
        "I have reviewed this plan, the current risk assessment and the tactical options, and \
         authorise the plan as the basis for managing the subject until the next review.",
    );
    b.signatures(&[
        "Officer in charge",
        "Detective Chief Inspector (authorising officer)",
    ]);
}
