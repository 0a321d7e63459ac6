//! `spmp governance`, `spmp action-plan`, `spmp training`: the unit's evidence on the
//! super-complaint recommendations.
use super::*;
use crate::cli::{ActionPlanCommand, GovernanceFormat, RagArg, StatusArg, TrainingCommand};
use crate::domain::{PlanStatus, Rag, ReportPeriod};
use crate::ops::export::Disclosure;
use crate::ops::governance::ReportFormat;

pub(super) fn rag(r: RagArg) -> Rag {
    match r {
        RagArg::Red => Rag::Red,
        RagArg::Amber => Rag::Amber,
        RagArg::Green => Rag::Green,
    }
}

pub(super) fn status(s: StatusArg) -> PlanStatus {
    match s {
        StatusArg::UnderReview => PlanStatus::UnderReview,
        StatusArg::Delayed => PlanStatus::Delayed,
        StatusArg::LimitedProgress => PlanStatus::LimitedProgress,
        StatusArg::OnTrack => PlanStatus::OnTrack,
        StatusArg::Pending => PlanStatus::Pending,
        StatusArg::Complete => PlanStatus::Complete,
    }
}

/// What `spmp governance` was asked for.
pub(super) struct GovernanceArgs<'a> {
    pub(super) period: Option<&'a str>,
    pub(super) format: GovernanceFormat,
    pub(super) out: Option<&'a Path>,
    pub(super) force: bool,
    pub(super) generated_at: Option<chrono::NaiveDateTime>,
    pub(super) recipient: Option<&'a str>,
    pub(super) reason: Option<&'a str>,
}

pub(super) fn governance(cli: &Cli, today: NaiveDate, a: &GovernanceArgs<'_>) -> Result<ExitCode> {
    let period = match a.period {
        Some(p) => ReportPeriod::parse(p).map_err(|e| eyre!(e))?,
        None => ReportPeriod::quarter_of(today),
    };
    let format = match a.format {
        GovernanceFormat::Pdf => ReportFormat::Pdf,
        GovernanceFormat::Md => ReportFormat::Markdown,
        GovernanceFormat::Txt => ReportFormat::Text,
        GovernanceFormat::Csv => ReportFormat::Csv,
    };
    if format == ReportFormat::Pdf && a.out.is_none() {
        return Err(eyre!("a PDF needs a file: give --output FILE"));
    }
    check_output(a.out, a.force)?;
    let policy = load_config(cli)?;
    let mut store = open_store(cli)?;
    ops::access::may(&store, Permission::Disclose)?;
    let (recipient, reason) = disclosure(a.recipient, a.reason)?;
    let done = ops::governance::export(
        &mut store,
        &policy,
        &period,
        format,
        a.generated_at
            .unwrap_or_else(|| chrono::Local::now().naive_local()),
        &Disclosure {
            recipient: &recipient,
            reason: &reason,
        },
        output(a.out, a.force),
    )?;
    let what = match format {
        ReportFormat::Pdf => "PDF",
        ReportFormat::Markdown => "Markdown",
        ReportFormat::Text => "text",
        ReportFormat::Csv => "CSV",
    };
    delivered(&done, what)?;
    Ok(ExitCode::SUCCESS)
}

pub(super) fn action_plan(
    cli: &Cli,
    today: NaiveDate,
    action: &ActionPlanCommand,
) -> Result<ExitCode> {
    let mut store = open_store(cli)?;
    match action {
        ActionPlanCommand::List => {
            let (unit, _) = ops::governance::records(&store)?;
            let period = ReportPeriod::quarter_of(today);
            let lines = ops::governance::text(&period, &[], &unit);
            // The period line is for the report; the plan starts after it, and training
            // records are `spmp training list`'s.
            let plan: Vec<String> = lines
                .into_iter()
                .skip(3)
                .take_while(|l| !l.starts_with("Training records"))
                .collect();
            out::print(&format!("{}\n", plan.join("\n")))?;
        }
        ActionPlanCommand::Add {
            recommendation,
            action,
            owner,
            due,
            update,
            rag: r,
            status: st,
        } => {
            let id = ops::governance::add_action(
                &mut store,
                today,
                &ops::governance::NewAction {
                    recommendation,
                    action,
                    owner,
                    due: *due,
                    update,
                    rag: rag(*r),
                    status: status(*st),
                },
            )?;
            outln!("Added action plan line {id}");
        }
        ActionPlanCommand::Update {
            id,
            update,
            rag: r,
            status: st,
        } => {
            ops::governance::update_action(&mut store, today, *id, update, rag(*r), status(*st))?;
            outln!("Updated action plan line {id}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn training(cli: &Cli, action: &TrainingCommand) -> Result<ExitCode> {
    let policy = load_config(cli)?;
    let mut store = open_store(cli)?;
    match action {
        TrainingCommand::List => {
            let (unit, _) = ops::governance::records(&store)?;
            let mut text = String::new();
            if unit.training.is_empty() {
                text.push_str("No training recorded.\n");
            }
            for t in &unit.training {
                let expires = t
                    .expires
                    .map(|d| format!(", expires {}", crate::domain::fmt_date(d)))
                    .unwrap_or_default();
                text.push_str(&format!(
                    "[{}] {}: {} completed {}{expires}\n",
                    t.id,
                    t.user,
                    t.course,
                    crate::domain::fmt_date(t.completed)
                ));
            }
            text.push_str(&format!(
                "Courses: {}\n",
                policy.training_courses.join("; ")
            ));
            out::print(&text)?;
        }
        TrainingCommand::Add {
            officer: user,
            course,
            completed,
            expires,
        } => {
            let id = ops::governance::add_training(
                &mut store, &policy, user, course, *completed, *expires,
            )?;
            outln!("Recorded training {id}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
