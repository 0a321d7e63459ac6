//! The governance report: per super-complaint recommendation the measures from live data for a
//! period, each rated RED / AMBER / GREEN with a status, then the unit's action plan and its
//! training coverage. Counts only, no personal data; marked OFFICIAL (not -SENSITIVE: it holds
//! nothing about a person).
use super::Meta;
use super::model::{Builder, Column, Document};
use crate::domain::{ActionPlanEntry, RecommendationRow, ReportPeriod, TrainingRecord, fmt_date};

/// The marking of the governance report.
pub const MARKING: &str = "OFFICIAL";

/// The report as a document.
pub fn document(
    meta: &Meta,
    period: &ReportPeriod,
    rows: &[RecommendationRow],
    plan: &[ActionPlanEntry],
    training: &[(String, usize, usize)],
) -> Document {
    let mut b = Builder::new(
        MARKING,
        &meta.unit,
        "Stalking super-complaint: governance report",
        &format!(
            "Period {} ({} to {})",
            period.label,
            fmt_date(period.start),
            fmt_date(period.end)
        ),
        &meta.generated_line(),
    );
    b.handling(
        "Counts from the unit's recorded events only: no subject, victim or officer is named.",
    );
    b.heading(1, "Recommendations and measures");
    b.paragraph(
        "RAG: RED will not, or is unlikely to, be implemented in full by its deadline; AMBER \
         will be, or is likely to be; GREEN already implemented in full. Ratings follow the \
         first share of each recommendation against the force's thresholds; the status is the \
         action plan's where it has one.",
    );
    let table: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let measures: Vec<String> = r
                .measures
                .iter()
                .map(|m| format!("{}: {}", m.label, m.value.text()))
                .collect();
            vec![
                format!("{} {}", r.id, r.title),
                measures.join("; "),
                r.rag.map_or("NO DATA", |g| g.label()).to_string(),
                r.status.label().to_string(),
            ]
        })
        .collect();
    b.table(
        vec![
            Column::new("Recommendation", 3),
            Column::new("Measures for the period", 6),
            Column::new("RAG", 1),
            Column::new("Status", 2),
        ],
        table,
    );
    b.heading(1, "Action plan");
    if plan.is_empty() {
        b.paragraph("No action plan lines recorded.");
    } else {
        let lines = plan
            .iter()
            .map(|e| {
                let cur = e.current();
                vec![
                    e.recommendation.clone(),
                    e.action.clone(),
                    e.owner.clone(),
                    e.due.map(fmt_date).unwrap_or_default(),
                    cur.map(|u| u.update.clone()).unwrap_or_default(),
                    cur.map_or("", |u| u.rag.label()).to_string(),
                    cur.map_or("", |u| u.status.label()).to_string(),
                ]
            })
            .collect();
        b.table(
            vec![
                Column::new("Rec.", 1),
                Column::new("Action", 4),
                Column::new("Owner", 2),
                Column::new("Due", 2),
                Column::new("Latest update", 4),
                Column::new("RAG", 1),
                Column::new("Status", 2),
            ],
            lines,
        );
    }
    b.heading(1, "Training coverage");
    let cover = training
        .iter()
        .map(|(course, done, of)| vec![course.clone(), format!("{done} of {of}")])
        .collect();
    b.table(
        vec![
            Column::new("Course", 4),
            Column::new("Staff with it current", 2),
        ],
        cover,
    );
    b.finish()
}

/// Per course, how many of `staff` hold it current on `day`.
pub fn coverage(
    courses: &[String],
    records: &[TrainingRecord],
    staff: &[String],
    day: chrono::NaiveDate,
) -> Vec<(String, usize, usize)> {
    courses
        .iter()
        .map(|c| {
            let done = staff
                .iter()
                .filter(|u| {
                    records.iter().any(|t| {
                        &t.user == *u && t.course.eq_ignore_ascii_case(c) && t.current_on(day)
                    })
                })
                .count();
            (c.clone(), done, staff.len())
        })
        .collect()
}
