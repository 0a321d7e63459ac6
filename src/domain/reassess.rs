//! A breach forces a real re-assessment, and a late review needs a reason.
//!
//! While a subject needs re-assessment ([`Subject::needs_reassessment`]), every new risk
//! assessment carries a breach response ([`super::RiskAssessment::breach_rationale`]) of at least
//! [`MIN_BREACH_RESPONSE`] characters, even when the levels stay the same; the flag clears only
//! with such an assessment. [`check_breach_response`] is part of the store's control on every
//! write. A next review set later than the risk cadence allows carries a reason the supervisor
//! sees at sign-off ([`check_late_review`]).
use chrono::NaiveDate;

use super::{Cadence, RiskLevel, RuleError, Subject, fmt_date};

/// The shortest breach response accepted.
pub const MIN_BREACH_RESPONSE: usize = 10;

/// The date re-assessment has been due since: the flag, else the latest breach.
fn breach_date(subject: &Subject) -> String {
    subject
        .reassessment_due
        .or_else(|| subject.breaches.iter().map(|b| b.at.date()).max())
        .map(fmt_date)
        .unwrap_or_else(|| "record".to_string())
}

/// `Ok` unless `old` needed re-assessment and `new` adds an assessment without a breach
/// response, or clears the re-assessment flag without adding one.
pub fn check_breach_response(old: &Subject, new: &Subject) -> Result<(), RuleError> {
    if !old.needs_reassessment() {
        return Ok(());
    }
    let added: Vec<_> = new
        .assessments
        .iter()
        .filter(|a| !old.assessments.iter().any(|o| o.id == a.id))
        .collect();
    for a in &added {
        if a.breach_rationale.trim().chars().count() < MIN_BREACH_RESPONSE {
            return Err(RuleError::BreachResponseRequired {
                breach: breach_date(old),
                min: MIN_BREACH_RESPONSE,
            });
        }
    }
    if added.is_empty() && old.reassessment_due.is_some() && new.reassessment_due.is_none() {
        return Err(RuleError::ReassessmentOutstanding(breach_date(old)));
    }
    Ok(())
}

/// The latest next review the cadence allows for a review on `date` at `level` (Medium when
/// nothing is rated).
pub fn cadence_limit(date: NaiveDate, level: Option<RiskLevel>, cadence: &Cadence) -> NaiveDate {
    cadence
        .for_level(level.unwrap_or(RiskLevel::Medium))
        .after(date)
}

/// `Ok` when a review on `on` setting the next review for `next` keeps within the cadence for
/// `level`, or gives a reason (`late_reason`) why not.
pub fn check_late_review(
    on: NaiveDate,
    next: NaiveDate,
    late_reason: &str,
    level: Option<RiskLevel>,
    cadence: &Cadence,
) -> Result<(), RuleError> {
    let limit = cadence_limit(on, level, cadence);
    if next <= limit || !late_reason.trim().is_empty() {
        return Ok(());
    }
    Err(RuleError::LateReasonRequired {
        chosen: fmt_date(next),
        limit: fmt_date(limit),
        level: level.unwrap_or(RiskLevel::Medium).label(),
    })
}
