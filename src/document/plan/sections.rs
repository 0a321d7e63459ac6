//! The three SPMP sections of the plan document: offending behaviour and safeguarding,
//! investigations and offender management, risk assessment and tactical options.
use super::*;

pub(super) fn section1(b: &mut Builder, s: &Subject) {
    b.heading(1, HEADINGS[2]);
    b.heading(2, "Offending behaviour");
    if s.section1.narrative.trim().is_empty() {
        b.note("No narrative recorded.");
    } else {
        b.paragraph(&s.section1.narrative);
    }
    b.heading(2, "Index offences");
    let rows = s
        .section1
        .index_offences
        .iter()
        .map(|o| {
            vec![
                o.offence.clone(),
                date(o.date),
                or_dash(o.reference.as_deref()),
                or_dash(Some(&o.outcome)),
            ]
        })
        .collect();
    b.table(
        vec![
            Column::new("Offence", 5),
            Column::new("Date", 2),
            Column::new("Reference", 3),
            Column::new("Outcome", 4),
        ],
        rows,
    );
    b.heading(2, "Protected persons");
    let rows = s
        .protected_persons
        .iter()
        .map(|p| {
            vec![
                p.name.clone(),
                p.relationship.clone(),
                if p.by_proxy {
                    "by proxy"
                } else {
                    "named victim"
                }
                .to_string(),
                p.address.clone().unwrap_or_else(|| "not recorded".into()),
                or_dash(Some(&p.notes)),
            ]
        })
        .collect();
    b.table(
        vec![
            Column::new("Name", 3),
            Column::new("Relationship", 3),
            Column::new("Protected as", 2),
            Column::new("Address", 4),
            Column::new("Notes", 4),
        ],
        rows,
    );
    b.heading(2, "Safeguarding options");
    let rows = s
        .section1
        .safeguarding
        .iter()
        .map(|o| {
            let who = match o.person {
                Some(id) => s
                    .protected_persons
                    .iter()
                    .find(|p| p.id == id)
                    .map_or_else(|| format!("person #{id}"), |p| p.name.clone()),
                None => "general".to_string(),
            };
            vec![
                o.option.clone(),
                who,
                o.status.label().to_string(),
                or_dash(Some(&o.notes)),
            ]
        })
        .collect();
    b.table(
        vec![
            Column::new("Option", 5),
            Column::new("For", 3),
            Column::new("Status", 2),
            Column::new("Notes", 4),
        ],
        rows,
    );
}

pub(super) fn section2(b: &mut Builder, s: &Subject) {
    let s2 = &s.section2;
    b.heading(1, HEADINGS[3]);
    b.heading(2, "Investigations");
    let rows = s2
        .investigations
        .iter()
        .map(|i| {
            vec![
                i.reference.clone(),
                i.offence.clone(),
                i.status.clone(),
                or_dash(i.officer.as_deref()),
                date(i.opened),
            ]
        })
        .collect();
    b.table(
        vec![
            Column::new("Reference", 3),
            Column::new("Offence", 5),
            Column::new("Status", 2),
            Column::new("Officer", 3),
            Column::new("Opened", 2),
        ],
        rows,
    );
    b.heading(2, "Devices");
    let rows = s2
        .devices
        .iter()
        .map(|d| {
            vec![
                format!("{}: {}", d.device_type, d.make_model),
                or_dash(d.imei_serial.as_deref()),
                or_dash(d.number.as_deref()),
                match d.date {
                    Some(on) => format!("{} {}", d.status.label(), fmt_date(on)),
                    None => d.status.label().to_string(),
                },
            ]
        })
        .collect();
    b.table(
        vec![
            Column::new("Device", 4),
            Column::new("IMEI / serial", 4),
            Column::new("Number", 3),
            Column::new("Status", 3),
        ],
        rows,
    );
    b.heading(2, "Social media");
    let rows = s2
        .social_media
        .iter()
        .map(|a| {
            vec![
                a.platform.clone(),
                a.handle.clone(),
                or_dash(a.url.as_deref()),
                if a.declared { "declared" } else { "UNDECLARED" }.to_string(),
            ]
        })
        .collect();
    b.table(
        vec![
            Column::new("Platform", 3),
            Column::new("Handle", 4),
            Column::new("Address (URL)", 5),
            Column::new("Declared", 2),
        ],
        rows,
    );
    b.heading(2, "Vehicles");
    let rows = s2
        .vehicles
        .iter()
        .map(|v| {
            vec![
                v.vrm.clone(),
                format!("{} {}", v.make, v.model),
                v.colour.clone(),
                or_dash(Some(&v.markers)),
            ]
        })
        .collect();
    b.table(
        vec![
            Column::new("VRM", 2),
            Column::new("Make and model", 4),
            Column::new("Colour", 2),
            Column::new("Markers", 5),
        ],
        rows,
    );
    b.heading(2, "Developing relationships");
    let rows = s2
        .relationships
        .iter()
        .map(|r| {
            vec![
                fmt_date(r.learned),
                r.partner.clone(),
                r.disclosure.map_or_else(
                    || "none made".to_string(),
                    |d| format!("made {}", fmt_date(d)),
                ),
                or_dash(Some(&r.checks)),
            ]
        })
        .collect();
    b.table(
        vec![
            Column::new("Learned", 2),
            Column::new("Partner", 3),
            Column::new("Disclosure", 3),
            Column::new("Checks", 5),
        ],
        rows,
    );
    b.heading(2, "Strategies");
    let rows = s2
        .strategies
        .iter()
        .map(|st| {
            vec![
                st.text.clone(),
                or_dash(st.owner.as_deref()),
                st.status.label().to_string(),
            ]
        })
        .collect();
    b.table(
        vec![
            Column::new("Strategy", 7),
            Column::new("Owner", 3),
            Column::new("Status", 2),
        ],
        rows,
    );
    b.heading(2, "Notes");
    if s2.notes.trim().is_empty() {
        b.note("No notes recorded.");
    } else {
        b.paragraph(&s2.notes);
    }
}

pub(super) fn section3(b: &mut Builder, s: &Subject, today: NaiveDate) {
    b.heading(1, HEADINGS[4]);
    let Some(a) = s.current_assessment() else {
        b.note("No risk assessment recorded.");
        return;
    };
    b.fields(vec![
        Field::new("Assessed", &fmt_date(a.date)),
        Field::new("Assessor", &a.assessor),
        Field::new(
            "Overall risk",
            a.highest().map_or("not rated", |l| l.label()),
        ),
        Field::new("Sign-off", &sign_off_text(&a.sign_off)),
    ]);
    if let Some(head) = s.latest_assessment().filter(|h| h.id != a.id) {
        b.note(&format!(
            "A revised assessment of {} ({}) is {}: until approved, the assessment below \
             stands.",
            fmt_date(head.date),
            head.highest().map_or("not rated", |l| l.label()),
            sign_off_text(&head.sign_off)
        ));
    }
    b.heading(2, "Ratings by group");
    let rows = a
        .ratings
        .iter()
        .map(|r| vec![r.group.label().to_string(), r.level.label().to_string()])
        .collect();
    b.table(
        vec![Column::new("Group at risk", 3), Column::new("Risk", 2)],
        rows,
    );
    b.heading(2, "Foreseen harm");
    if a.harm.trim().is_empty() {
        b.note("Not recorded.");
    } else {
        b.paragraph(&a.harm);
    }
    b.heading(2, "Risk factors");
    if a.risk_factors.is_empty() {
        b.note("None recorded.");
    }
    b.bullets(&a.risk_factors);
    b.heading(2, "Protective factors");
    if a.protective_factors.is_empty() {
        b.note("None recorded.");
    }
    b.bullets(&a.protective_factors);
    b.heading(2, "Rationale");
    b.paragraph(&a.rationale);
    b.heading(2, "Tactical options");
    let rows = a
        .tactical_options
        .iter()
        .map(|t| {
            let due = match t.due {
                Some(d) if t.status.is_open() && d < today => {
                    format!("{} (PAST DUE)", fmt_date(d))
                }
                other => date(other),
            };
            vec![
                t.option.clone(),
                or_dash(t.owner.as_deref()),
                due,
                t.status.label().to_string(),
            ]
        })
        .collect();
    b.table(
        vec![
            Column::new("Option", 6),
            Column::new("Owner", 3),
            Column::new("Due", 3),
            Column::new("Status", 2),
        ],
        rows,
    );
    let earlier = s.assessments.len().saturating_sub(1);
    if earlier > 0 {
        b.note(&format!(
            "{earlier} earlier assessment{} on record.",
            if earlier == 1 { "" } else { "s" }
        ));
    }
}
