//! The Risk step of the review wizard: keep the current risk or re-assess it group by group,
//! and the next review date proposed from the resulting level.
use chrono::NaiveDate;

use super::steps::{
    Answer, Basis, KEEP, NOT_RATED, REASSESS, RISK_CHOICES, Reassessment, choice, issue, parse,
};
use super::{Step, StepKind};
use crate::domain::{GroupRating, MIN_BREACH_RESPONSE, RiskGroup, RiskLevel, Subject, fmt_date};
use crate::edit::{FieldIssue, FieldKind, FieldSpec};

/// A risk level's stable key as a choice.
fn level_choice_key(level: Option<RiskLevel>) -> &'static str {
    match level {
        None => NOT_RATED,
        Some(RiskLevel::Low) => "low",
        Some(RiskLevel::Medium) => "medium",
        Some(RiskLevel::High) => "high",
        Some(RiskLevel::VeryHigh) => "very_high",
    }
}

fn level_choices() -> FieldKind {
    let mut options = vec![(NOT_RATED, "Not rated")];
    options.extend(
        RiskLevel::ALL
            .iter()
            .map(|l| (level_choice_key(Some(*l)), l.label())),
    );
    choice(&options)
}

fn level_key(group: &RiskGroup) -> &'static str {
    match group {
        RiskGroup::NamedVictim => "level_named_victim",
        RiskGroup::FuturePartners => "level_future_partners",
        RiskGroup::Children => "level_children",
        RiskGroup::Public => "level_public",
        RiskGroup::Staff => "level_staff",
        RiskGroup::Other(_) => "level_other",
    }
}

pub(super) fn risk_step(subject: &Subject, basis: &Basis) -> Step {
    let mut fields = vec![FieldSpec::new("risk", "Risk", choice(&RISK_CHOICES), true)];
    // Re-assessing is the suggestion whenever it is due or there is nothing to keep.
    let decision = if basis.needs_reassessment || subject.current_assessment().is_none() {
        REASSESS
    } else {
        KEEP
    };
    let mut values = vec![decision.to_string()];
    for (group, level) in &basis.groups {
        fields.push(FieldSpec::new(
            level_key(group),
            group.label(),
            level_choices(),
            false,
        ));
        values.push(level_choice_key(*level).to_string());
    }
    fields.push(
        FieldSpec::new("rationale", "Rationale", FieldKind::Multiline, false)
            .with_help("Required when any level changes"),
    );
    values.push(String::new());
    if basis.needs_reassessment {
        fields.push(
            FieldSpec::new(
                "breach_response",
                "Breach response",
                FieldKind::Multiline,
                true,
            )
            .with_help(
                "How the risk was re-considered in the light of the breach; required even if \
                     the levels stay the same",
            ),
        );
        values.push(String::new());
    }
    Step {
        kind: StepKind::Risk,
        title: "Risk".to_string(),
        context: super::text::risk_context(subject),
        fields,
        values,
    }
}

fn parse_level(text: &str) -> Option<Option<RiskLevel>> {
    if text == NOT_RATED || text.is_empty() {
        return Some(None);
    }
    RiskLevel::ALL
        .into_iter()
        .find(|l| level_choice_key(Some(*l)) == text)
        .map(Some)
}

pub(super) fn parse_risk(values: &[String], basis: &Basis) -> Result<Answer, Vec<FieldIssue>> {
    let v = |i: usize| values.get(i).map(|s| s.trim()).unwrap_or_default();
    let rationale_field = basis.groups.len() + 1;
    let mut issues = Vec::new();
    let mut ratings = Vec::new();
    let mut changes = Vec::new();
    for (i, (group, current)) in basis.groups.iter().enumerate() {
        let Some(level) = parse_level(v(i + 1)) else {
            issues.push(issue(i + 1, format!("{:?} is not a risk level", v(i + 1))));
            continue;
        };
        if level != *current {
            let name = |l: Option<RiskLevel>| l.map_or("Not rated", RiskLevel::label);
            changes.push((
                i + 1,
                format!("{} {} -> {}", group.label(), name(*current), name(level)),
            ));
        }
        if let Some(level) = level {
            ratings.push(GroupRating {
                group: group.clone(),
                level,
            });
        }
    }
    let reassess = match v(0) {
        KEEP if basis.needs_reassessment => {
            issues.push(issue(
                0,
                "a breach requires re-assessment: choose Re-assess (the levels may stay the same)",
            ));
            false
        }
        KEEP => false,
        REASSESS => true,
        "" => {
            issues.push(issue(0, "choose Keep current risk or Re-assess"));
            false
        }
        other => {
            issues.push(issue(0, format!("{other:?} is not a choice")));
            false
        }
    };
    let changed: Vec<&str> = changes.iter().map(|(_, c)| c.as_str()).collect();
    if !issues.is_empty() {
        return Err(issues);
    }
    if !reassess {
        if let Some((field, _)) = changes.first() {
            return Err(vec![issue(
                *field,
                format!(
                    "levels changed ({}): choose Re-assess to record them, or put them back",
                    changed.join(", ")
                ),
            )]);
        }
        return Ok(Answer::Risk(None));
    }
    if ratings.is_empty() {
        return Err(vec![issue(
            1,
            "rate at least one group to re-assess the risk",
        )]);
    }
    let breach_response = if basis.needs_reassessment {
        let text = v(rationale_field + 1);
        if text.chars().count() < MIN_BREACH_RESPONSE {
            return Err(vec![issue(
                rationale_field + 1,
                format!(
                    "say how the risk was re-considered in the light of the breach (at least \
                     {MIN_BREACH_RESPONSE} characters), even if the levels stay the same"
                ),
            )]);
        }
        text.to_string()
    } else {
        String::new()
    };
    let mut rationale = v(rationale_field).to_string();
    if rationale.is_empty() {
        if !changes.is_empty() {
            return Err(vec![issue(
                rationale_field,
                format!(
                    "a rationale is required because the levels changed ({})",
                    changed.join(", ")
                ),
            )]);
        }
        rationale = format!(
            "Re-assessed at the review of {}: levels unchanged.",
            fmt_date(basis.today)
        );
    }
    Ok(Answer::Risk(Some(Reassessment {
        ratings,
        rationale,
        breach_response,
    })))
}

/// The risk answer of the Risk step, if it currently reads.
pub(super) fn risk_answer(steps: &[Step], basis: &Basis) -> Option<Option<Reassessment>> {
    let step = steps.iter().find(|s| s.kind == StepKind::Risk)?;
    match parse(step, basis) {
        Ok(Answer::Risk(r)) => Some(r),
        _ => None,
    }
}

/// The proposed next review date and the lines explaining it: the cadence for the highest
/// level (re-assessed, else current; Medium when nothing is rated) counts from today. (While a
/// breach's re-assessment is outstanding the risk cannot be kept, so the review always
/// re-assesses and the cadence applies.)
pub(super) fn proposal(steps: &[Step], basis: &Basis) -> (NaiveDate, Vec<String>) {
    let reassessed = risk_answer(steps, basis).flatten();
    let highest = match &reassessed {
        Some(re) => re.ratings.iter().map(|r| r.level).max(),
        None => basis.current_highest,
    };
    let level = highest.unwrap_or(RiskLevel::Medium);
    let period = basis.cadence.for_level(level);
    let cadence_date = period.after(basis.on);
    let mut lines = vec![format!(
        "Cadence for {}{}: every {period}, so {}",
        level.label(),
        if highest.is_none() {
            " (nothing rated)"
        } else {
            ""
        },
        fmt_date(cadence_date)
    )];
    let date = cadence_date;
    lines.push(format!("Proposed: {}", fmt_date(date)));
    (date, lines)
}
