//! THE breach rule. Inspections found breaches handled in isolation, with risk plans left as
//! they were; so a breach ALWAYS raises the subject for re-assessment
//! ([`Subject::reassessment_due`]) and brings the next review forward. Every way a breach is
//! recorded reaches this file: the breach form in the TUI and `spmp item add --kind breach`
//! through [`super::item::save`] (which calls [`apply`]), and the review wizard's follow-up
//! breach forms the same way.
use chrono::NaiveDate;

use crate::domain::Policy;
use crate::domain::{Breach, Subject, fmt_datetime, review_date_after_breach};
use crate::domain::{RuleError, next_id, validated};

/// The rule run on a breach form's result: `changed` is `base` with breach `id` added
/// (`is_new`) or edited by the form; the returned subject also carries what the breach triggers.
pub fn apply(
    base: &Subject,
    changed: &Subject,
    id: crate::domain::ItemId,
    is_new: bool,
    policy: &Policy,
    today: NaiveDate,
) -> Result<Subject, RuleError> {
    let Some(breach) = changed.breaches.iter().find(|b| b.id == id).cloned() else {
        return Ok(changed.clone());
    };
    if is_new {
        record_breach(base, breach, policy, today)
    } else {
        update_breach(base, breach, policy, today)
    }
}

/// Record a new breach on a copy of `subject`.
///
/// - The breach must name an order of the subject and only conditions of that order, and may
///   not be dated after `today`.
/// - An id of 0 means "new": the breach gets the next free id (largest + 1).
/// - `reassessment_due` becomes the earlier of its current value and the breach's date.
/// - `next_review` is brought forward to no later than `today + breach_review_within_days`
///   (counted from the day the breach is recorded); a review already due earlier is kept.
///
/// The result passes [`crate::domain::validate_subject`]; on any error `subject` is unchanged
/// (it is never modified: the caller stores the returned copy).
pub fn record_breach(
    subject: &Subject,
    breach: Breach,
    config: &Policy,
    today: NaiveDate,
) -> Result<Subject, RuleError> {
    check_breach(subject, &breach, today)?;
    let mut breach = breach;
    if breach.id == 0 {
        breach.id = next_id(subject.breaches.iter().map(|b| b.id));
    } else if subject.breaches.iter().any(|b| b.id == breach.id) {
        return Err(RuleError::DuplicateBreach(breach.id));
    }
    let mut out = subject.clone();
    let date = breach.at.date();
    out.breaches.push(breach);
    raise(&mut out, subject, date, config, today);
    validated(out)
}

/// Replace the stored breach with the same id by `breach` (its action, outcome, reference...
/// may change). Editing never clears the re-assessment flag; when the breach's date and time
/// change, the breach is raised again as if just recorded (flag to the earlier date, review
/// brought forward), since the re-assessment may not have covered the corrected date.
pub fn update_breach(
    subject: &Subject,
    breach: Breach,
    config: &Policy,
    today: NaiveDate,
) -> Result<Subject, RuleError> {
    let Some(index) = subject.breaches.iter().position(|b| b.id == breach.id) else {
        return Err(RuleError::UnknownBreach(breach.id));
    };
    check_breach(subject, &breach, today)?;
    let moved = subject.breaches[index].at != breach.at;
    let date = breach.at.date();
    let mut out = subject.clone();
    out.breaches[index] = breach;
    if moved {
        raise(&mut out, subject, date, config, today);
    }
    validated(out)
}

/// The references and the date, with messages naming what is wrong.
fn check_breach(subject: &Subject, breach: &Breach, today: NaiveDate) -> Result<(), RuleError> {
    let order = subject
        .order(breach.order)
        .ok_or(RuleError::UnknownOrder(breach.order))?;
    if let Some(&condition) = breach
        .conditions
        .iter()
        .find(|c| order.condition(**c).is_none())
    {
        return Err(RuleError::UnknownCondition {
            order: breach.order,
            condition,
        });
    }
    if breach.at.date() > today {
        return Err(RuleError::FutureBreach(fmt_datetime(breach.at)));
    }
    Ok(())
}

/// Raise `out` for re-assessment from `date` and bring its review forward, judged against the
/// subject as it was before the change (`before`), so a review is never pushed later.
fn raise(out: &mut Subject, before: &Subject, date: NaiveDate, config: &Policy, today: NaiveDate) {
    out.reassessment_due = Some(out.reassessment_due.map_or(date, |due| due.min(date)));
    out.next_review = Some(review_date_after_breach(
        before,
        &config.cadence,
        today,
        config.breach_review_within_days,
    ));
}
