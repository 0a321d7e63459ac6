//! The visit sheet: what a visiting response or neighbourhood officer needs and no more.
//!
//! Who and where, officer-safety warnings, each condition to check with a tick box and how to
//! check it, what to record, and who to call. Victims' details never appear: no field of a
//! protected person is printed, and any free text that is printed (conditions, check methods,
//! risk factors) has protected persons' names and addresses withheld by [`scrub`] (the
//! domain's [`Scrubber::identifying`], the same matching the redaction for restricted roles
//! uses).

use chrono::NaiveDate;

use super::Meta;
use super::model::{Builder, Check, Column, Document, Field};
use crate::domain::{Policy, Scrubber, WITHHELD};
use crate::domain::{Subject, fmt_date, next_review_date};

pub const TITLE: &str = "Visit sheet";

/// The level-1 headings of a visit sheet, in order.
pub const HEADINGS: [&str; 5] = [
    "1. Who and where",
    "2. Who to call",
    "3. Officer safety",
    "4. Conditions to check",
    "5. Record of the visit",
];

/// What replaces a protected person's name or address in printed free text.
pub const BLANKED: &str = WITHHELD;

/// Why a subject is due a visit, and by when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitDue {
    pub subject: usize,
    /// The postcode district of the current home address ("ZZ2"), or "No current address".
    pub area: String,
    pub due: NaiveDate,
    pub reason: String,
}

/// The area a visit belongs to: the outward part of the current home address's postcode
/// ("ZZ2 7QT" -> "ZZ2").
pub fn area_of(s: &Subject) -> String {
    s.current_address()
        .and_then(|a| a.postcode.as_deref())
        .and_then(|pc| pc.split_whitespace().next())
        .map(str::to_uppercase)
        .unwrap_or_else(|| "No current address".to_string())
}

fn is_visit(option: &str) -> bool {
    option.to_lowercase().contains("visit")
}

/// The visit-due rule (docs/DOCUMENTS.md): a subject is due a visit within `days` days of
/// `today` when its next review date (set by the last review or a breach, else the risk
/// cadence) falls on or before `today + days` (overdue reviews included), or when an open
/// tactical option of its current assessment mentions a visit and is due by then. The due date
/// is the earlier of the two. Sorted by area, then due date, then name.
pub fn visits_due(
    subjects: &[Subject],
    config: &Policy,
    today: NaiveDate,
    days: u32,
) -> Vec<VisitDue> {
    let horizon = today + chrono::Days::new(u64::from(days));
    let mut out = Vec::new();
    for (i, s) in subjects.iter().enumerate() {
        let mut due: Option<(NaiveDate, String)> = None;
        let review = next_review_date(s, &config.cadence);
        if review <= horizon {
            let why = if review < today {
                "review overdue"
            } else {
                "review due"
            };
            due = Some((review, why.to_string()));
        }
        if let Some(a) = s.current_assessment() {
            for t in &a.tactical_options {
                if let Some(d) = t.due
                    && t.status.is_open()
                    && is_visit(&t.option)
                    && d <= horizon
                    && due.as_ref().is_none_or(|(cur, _)| d < *cur)
                {
                    due = Some((d, format!("tactical option: {}", t.option)));
                }
            }
        }
        if let Some((date, reason)) = due {
            out.push(VisitDue {
                subject: i,
                area: area_of(s),
                due: date,
                reason,
            });
        }
    }
    out.sort_by(|a, b| {
        let none = |v: &VisitDue| v.area == "No current address";
        (none(a), &a.area, a.due, subjects[a.subject].display_name()).cmp(&(
            none(b),
            &b.area,
            b.due,
            subjects[b.subject].display_name(),
        ))
    });
    out
}

/// The cover of a batch: every visit due by `today + days`, grouped by area, for whoever
/// allocates them. Names and addresses of subjects only, like the sheets.
pub fn cover(subjects: &[Subject], due: &[VisitDue], meta: &Meta, days: u32) -> Document {
    let horizon = meta.today + chrono::Days::new(u64::from(days));
    let mut b = Builder::new(
        &meta.marking,
        &meta.unit,
        "Visits due",
        &format!(
            "{} visit{} due by {} (next {days} days)",
            due.len(),
            if due.len() == 1 { "" } else { "s" },
            fmt_date(horizon)
        ),
        &meta.generated_line(),
    );
    b.duplex();
    b.handling(
        "For whoever allocates the visits. One visit sheet per subject follows, each on its own \
         page. Holds no victim details.",
    );
    b.heading(1, "Visits by area");
    b.note(
        "Due: the next review date (overdue reviews included), or an open tactical option \
         that mentions a visit, whichever is earlier. Area: the postcode district of the \
         current home address.",
    );
    let mut areas: Vec<&str> = due.iter().map(|d| d.area.as_str()).collect();
    areas.dedup();
    for area in areas {
        b.heading(2, &format!("Area {area}"));
        let rows = due
            .iter()
            .filter(|d| d.area == area)
            .filter_map(|d| subjects.get(d.subject).map(|s| (d, s)))
            .map(|(d, s)| {
                vec![
                    super::plan::subject_line(s),
                    s.current_address()
                        .map_or_else(|| "-".to_string(), super::plan::address_lines),
                    fmt_date(d.due),
                    d.reason.clone(),
                    s.officer.clone().unwrap_or_else(|| "-".into()),
                ]
            })
            .collect();
        b.table(
            vec![
                Column::new("Subject", 4),
                Column::new("Address", 5),
                Column::new("Due", 2),
                Column::new("Why", 4),
                Column::new("Officer in charge", 3),
            ],
            rows,
        );
    }
    b.finish()
}

/// Withhold every protected person's name, name parts and address parts in `text` (whole
/// words, ignoring case and accents), so free text cannot carry a victim's identity onto the
/// sheet.
pub fn scrub(text: &str, s: &Subject) -> String {
    let withhold = Scrubber::identifying(s);
    withhold.scrub(text).unwrap_or_else(|| text.to_string())
}

/// Build the visit sheet for `s`; `due` says why it is due, when it came from the batch.
pub fn build(s: &Subject, meta: &Meta, due: Option<&VisitDue>) -> Document {
    let mut b = Builder::new(
        &meta.marking,
        &meta.unit,
        TITLE,
        &super::plan::subject_line(s),
        &meta.generated_line(),
    );
    b.duplex();
    b.handling(
        "For the visiting officer. Holds no victim details. Return the completed sheet to the \
         unit; destroy any copy once the visit is recorded.",
    );
    let today = meta.today;
    let withhold = Scrubber::identifying(s);
    let scrub = |text: &str, _: &Subject| withhold.scrub(text).unwrap_or_else(|| text.to_string());

    b.heading(1, HEADINGS[0]);
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
        Field::new(
            "Date of birth",
            &s.date_of_birth
                .map_or_else(|| "not recorded".into(), fmt_date),
        ),
        Field::new("PNC ID", s.pnc_id.as_deref().unwrap_or("-")),
        Field::new(
            "Address",
            &s.current_address().map_or_else(
                || "no current home address: check with the unit before visiting".to_string(),
                super::plan::address_lines,
            ),
        ),
        Field::new("Area", &area_of(s)),
    ];
    match due {
        Some(d) => fields.push(Field::new(
            "Visit due",
            &format!("{} ({})", fmt_date(d.due), d.reason),
        )),
        None => fields.push(Field::new(
            "Next review",
            &fmt_date(next_review_date(s, &meta.cadence)),
        )),
    }
    b.fields(fields);

    b.heading(1, HEADINGS[1]);
    b.fields(vec![
        Field::new("Officer in charge", s.officer.as_deref().unwrap_or("not assigned")),
        Field::new("Unit", &format!("{}, {}", meta.unit, meta.unit_phone)),
        Field::new("Suspected breach", "report it to the officer in charge the same day; if anyone is at immediate risk, act and call for support"),
    ]);
    b.heading(1, HEADINGS[2]);
    let mut warnings: Vec<String> = s.flags.labels();
    if let Some(a) = s.current_assessment() {
        if let Some(level) = a.highest() {
            warnings.insert(
                0,
                format!("Risk: {} (assessed {})", level.label(), fmt_date(a.date)),
            );
        }
        warnings.extend(a.risk_factors.iter().map(|f| scrub(f, s)));
    }
    if s.needs_reassessment() {
        warnings.push("Recent breach: risk not yet re-assessed".to_string());
    }
    if warnings.is_empty() {
        b.note("No warnings recorded. Check PNC and local systems before the visit.");
    } else {
        b.bullets(&warnings);
        b.note("Check PNC and local systems for anything newer before the visit.");
    }

    b.heading(1, HEADINGS[3]);
    let mut checks = Vec::new();
    for o in s.orders.iter().filter(|o| o.is_active(today)) {
        for (n, c) in o.conditions.iter().enumerate() {
            if !c.in_force(today) {
                continue;
            }
            let label = format!(
                "{} {}. {} ({}): {}",
                o.kind.short(),
                n + 1,
                c.kind.label(),
                c.category,
                scrub(&c.text, s)
            );
            let mut details = Vec::new();
            if let Some(area) = c.area.as_deref().filter(|a| !a.trim().is_empty()) {
                details.push(Field::new("Area", &scrub(area, s)));
            }
            let how = if c.check_method.trim().is_empty() {
                "ask the subject and look; note what you saw".to_string()
            } else {
                scrub(&c.check_method, s)
            };
            details.push(Field::new("How to check", &how));
            checks.push(Check::new(&label, details));
        }
    }
    if checks.is_empty() {
        b.note("No condition in force today.");
    }
    b.checks(checks);

    // The record is one part of the form: on one page (the back of the sheet if need be).
    b.keep_together(330);
    b.heading(1, HEADINGS[4]);
    b.checks(vec![
        Check::new("Seen: the subject was spoken to", Vec::new()),
        Check::new("No access", Vec::new()),
        Check::new("Moved: the subject no longer lives here", Vec::new()),
    ]);
    b.write_in("Date and time of visit", 1);
    b.write_in(
        "Findings: who was present; devices, vehicles or anything seen that bears on the conditions",
        4,
    );
    b.write_in(
        "Suspected breach: what, when, action taken, occurrence reference",
        2,
    );
    b.signatures(&["Visiting officer"]);

    b.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ProtectedPerson;

    #[test]
    fn a_victim_written_without_accents_is_still_withheld() {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
        let mut s = Subject::new(1, "Doe", "Jan", day);
        s.protected_persons.push(ProtectedPerson {
            contact_preferences: String::new(),
            safe_contact: String::new(),
            id: 1,
            name: "Zoë Kettle".to_string(),
            relationship: "ex-partner".to_string(),
            by_proxy: false,
            address: None,
            notes: String::new(),
        });
        let out = scrub("Must not contact Zoe Kettle or ZOË KETTLE.", &s);
        assert!(!out.to_lowercase().contains("kettle"), "{out}");
        assert!(!out.to_lowercase().contains("zoe"), "{out}");
        assert_eq!(out, format!("Must not contact {BLANKED} or {BLANKED}."));
    }
}
