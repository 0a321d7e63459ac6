//! The unit's governance: the report on the super-complaint recommendations from live data,
//! the action plan (every update kept) and training records. Reading is open to every role; a
//! change of the action plan or training records is for supervisors and administrators (the
//! store checks); the report leaves the store as a disclosure like every export.
use chrono::{NaiveDate, NaiveDateTime};

use super::OpsError;
use super::export::{Disclosure, Exported, Output, deliver, precheck};
use crate::document::{self, Format, Meta};
use crate::domain::{
    ActionPlanEntry, Permission, PlanStatus, PlanUpdate, Policy, Rag, Rank, RecommendationRow,
    ReportPeriod, StaffMember, TrainingRecord, UnitRecords, governance_rows, next_id,
};
use crate::store::Store;

/// The unit's records and their revision.
pub fn records(store: &Store) -> Result<(UnitRecords, u64), OpsError> {
    Ok(store.unit_records()?)
}

/// The enabled users, supervisors being those of sergeant rank or above (or who may sign off).
pub fn staff(store: &Store) -> Result<Vec<StaffMember>, OpsError> {
    Ok(super::users::officers(store)?
        .into_iter()
        .filter(|(_, _, enabled)| *enabled)
        .map(|(login, o, _)| StaffMember {
            login,
            supervisor: o.rank.is_some_and(|r| r >= Rank::Sergeant),
        })
        .collect())
}

/// The report's rows for `period` from the caseload as stored now (archived subjects
/// included: the period's events happened).
pub fn rows(
    store: &Store,
    policy: &Policy,
    period: &ReportPeriod,
) -> Result<Vec<RecommendationRow>, OpsError> {
    let (subjects, _) = store.load_all_checked()?;
    let (unit, _) = records(store)?;
    Ok(governance_rows(
        &subjects,
        &unit,
        &staff(store)?,
        policy,
        period,
    ))
}

/// The report's formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Pdf,
    Markdown,
    Text,
    Csv,
}

/// The report as CSV: one row per measure.
pub fn csv(period: &ReportPeriod, rows: &[RecommendationRow]) -> String {
    crate::report::csv::table(
        &[
            "period",
            "recommendation",
            "title",
            "measure",
            "value",
            "rag",
            "status",
        ],
        rows.iter().flat_map(|r| {
            r.measures.iter().map(move |m| {
                vec![
                    period.label.clone(),
                    r.id.to_string(),
                    r.title.to_string(),
                    m.label.clone(),
                    m.value.text(),
                    r.rag.map_or("NO DATA", Rag::label).to_string(),
                    r.status.label().to_string(),
                ]
            })
        }),
    )
}

/// Build the report for `period`, record it as a disclosure, then write or return it.
#[allow(clippy::too_many_arguments)]
pub fn export(
    store: &mut Store,
    policy: &Policy,
    period: &ReportPeriod,
    format: ReportFormat,
    generated: NaiveDateTime,
    to: &Disclosure<'_>,
    output: Output<'_>,
) -> Result<Exported, OpsError> {
    precheck(store, Permission::Disclose, to, output)?;
    let rows = rows(store, policy, period)?;
    let (unit, _) = records(store)?;
    let staff = staff(store)?;
    let logins: Vec<String> = staff.iter().map(|s| s.login.clone()).collect();
    let coverage = document::governance::coverage(
        &policy.training_courses,
        &unit.training,
        &logins,
        period.end,
    );
    let user = store.actor().name.clone();
    let meta = Meta::new(policy, &user, generated, period.end);
    let bytes = match format {
        ReportFormat::Csv => csv(period, &rows).into_bytes(),
        f => {
            let doc =
                document::governance::document(&meta, period, &rows, &unit.action_plan, &coverage);
            let format = match f {
                ReportFormat::Pdf => Format::Pdf,
                ReportFormat::Markdown => Format::Markdown,
                _ => Format::Text,
            };
            document::render_with_fonts(&[doc], format, &policy.document_fonts)
                .map_err(|e| OpsError::refused(format!("the report could not be made: {e}")))?
        }
    };
    let entry = format!("Exported the governance report for {}", period.label);
    store.record_disclosure(None, &entry, to.recipient, to.reason)?;
    deliver(bytes, output, rows.len(), "the governance report")
}

/// A new action plan line with its first update.
#[derive(Debug, Clone)]
pub struct NewAction<'a> {
    pub recommendation: &'a str,
    pub action: &'a str,
    pub owner: &'a str,
    pub due: Option<NaiveDate>,
    pub update: &'a str,
    pub rag: Rag,
    pub status: PlanStatus,
}

fn required(text: &str, what: &str) -> Result<String, OpsError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(OpsError::refused(format!("{what} is required")));
    }
    if t.chars().any(|c| c.is_control() && c != '\n') {
        return Err(OpsError::refused(format!(
            "{what} holds control characters"
        )));
    }
    Ok(t.to_string())
}

/// Add an action plan line; returns its id.
pub fn add_action(
    store: &mut Store,
    today: NaiveDate,
    new: &NewAction<'_>,
) -> Result<u32, OpsError> {
    let (mut unit, version) = records(store)?;
    let recommendation = required(new.recommendation, "the recommendation")?;
    if !crate::domain::RECOMMENDATIONS
        .iter()
        .any(|(r, _)| *r == recommendation)
    {
        let known: Vec<&str> = crate::domain::RECOMMENDATIONS
            .iter()
            .map(|(r, _)| *r)
            .collect();
        return Err(OpsError::refused(format!(
            "recommendation {recommendation:?} is not one the report measures: {}",
            known.join(", ")
        )));
    }
    let id = next_id(unit.action_plan.iter().map(|e| e.id));
    unit.action_plan.push(ActionPlanEntry {
        id,
        recommendation,
        action: required(new.action, "the action")?,
        owner: required(new.owner, "the owner (a role or team)")?,
        due: new.due,
        updates: vec![PlanUpdate {
            date: today,
            by: store.actor().name.clone(),
            update: required(new.update, "the update")?,
            rag: new.rag,
            status: new.status,
        }],
    });
    store.save_unit_records(&unit, version, &format!("Added action plan line {id}"))?;
    Ok(id)
}

/// Record an update of action plan line `id` (its earlier updates stay).
pub fn update_action(
    store: &mut Store,
    today: NaiveDate,
    id: u32,
    update: &str,
    rag: Rag,
    status: PlanStatus,
) -> Result<(), OpsError> {
    let (mut unit, version) = records(store)?;
    let by = store.actor().name.clone();
    let entry = unit
        .action_plan
        .iter_mut()
        .find(|e| e.id == id)
        .ok_or_else(|| OpsError::refused(format!("there is no action plan line {id}")))?;
    entry.updates.push(PlanUpdate {
        date: today,
        by,
        update: required(update, "the update")?,
        rag,
        status,
    });
    store.save_unit_records(&unit, version, &format!("Updated action plan line {id}"))?;
    Ok(())
}

/// Record that `user` completed `course` (one of policy's) on `completed`.
pub fn add_training(
    store: &mut Store,
    policy: &Policy,
    user: &str,
    course: &str,
    completed: NaiveDate,
    expires: Option<NaiveDate>,
) -> Result<u32, OpsError> {
    let course = policy
        .training_courses
        .iter()
        .find(|c| c.trim().eq_ignore_ascii_case(course.trim()))
        .ok_or_else(|| {
            OpsError::refused(format!(
                "{course:?} is not one of the unit's courses: {}",
                policy.training_courses.join(", ")
            ))
        })?
        .clone();
    if !super::users::officers(store)?
        .iter()
        .any(|(l, _, _)| l == user)
    {
        return Err(OpsError::refused(format!("there is no user {user:?}")));
    }
    if expires.is_some_and(|e| e < completed) {
        return Err(OpsError::refused(
            "the expiry is before the completion date",
        ));
    }
    let (mut unit, version) = records(store)?;
    let id = next_id(unit.training.iter().map(|t| t.id));
    unit.training.push(TrainingRecord {
        id,
        user: user.to_string(),
        course,
        completed,
        expires,
    });
    store.save_unit_records(&unit, version, &format!("Recorded training {id}"))?;
    Ok(id)
}

/// The report as lines of text for the TUI: the rows, then the action plan with its updates.
pub fn text(period: &ReportPeriod, rows: &[RecommendationRow], unit: &UnitRecords) -> Vec<String> {
    let mut out = vec![
        format!(
            "Period {} ({} to {}). Counts only, no personal data. OFFICIAL.",
            period.label,
            crate::domain::fmt_date(period.start),
            crate::domain::fmt_date(period.end)
        ),
        String::new(),
    ];
    for r in rows {
        out.push(format!(
            "{} {}: {} / {}",
            r.id,
            r.title,
            r.rag.map_or("NO DATA", Rag::label),
            r.status.label()
        ));
        for m in &r.measures {
            out.push(format!("    {}: {}", m.label, m.value.text()));
        }
    }
    out.push(String::new());
    out.push("Action plan (a: add a line, e: record an update)".to_string());
    if unit.action_plan.is_empty() {
        out.push("    (none recorded)".to_string());
    }
    for e in &unit.action_plan {
        let due = e
            .due
            .map(crate::domain::fmt_date)
            .unwrap_or_else(|| "-".into());
        out.push(format!(
            "  [{}] {} {} (owner {}, due {due})",
            e.id, e.recommendation, e.action, e.owner
        ));
        for u in &e.updates {
            out.push(format!(
                "      {} {}: {} / {}: {}",
                crate::domain::fmt_date(u.date),
                u.by,
                u.rag.label(),
                u.status.label(),
                u.update
            ));
        }
    }
    out.push(String::new());
    out.push("Training records (n: record training)".to_string());
    if unit.training.is_empty() {
        out.push("    (none recorded)".to_string());
    }
    for t in &unit.training {
        let expires = t
            .expires
            .map(|d| format!(", expires {}", crate::domain::fmt_date(d)))
            .unwrap_or_default();
        out.push(format!(
            "  {}: {} completed {}{expires}",
            t.user,
            t.course,
            crate::domain::fmt_date(t.completed)
        ));
    }
    out
}
