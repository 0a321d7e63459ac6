//! Why a rule refused a change ([`RuleError`]), and the two helpers every rule uses to return a
//! valid subject. The messages are written for the user.
use super::{FieldError, ItemId, Subject, validate_subject};

/// Why a domain rule (a breach, a review, a sign-off, a permission) refused a change.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    /// The result would break a rule every stored subject must satisfy.
    #[error("not saved: {}", join_faults(.0))]
    Invalid(Vec<FieldError>),
    #[error("order {0} does not exist on this subject")]
    UnknownOrder(ItemId),
    #[error("order {order} has no condition {condition}")]
    UnknownCondition { order: ItemId, condition: ItemId },
    #[error("breach {0} does not exist on this subject")]
    UnknownBreach(ItemId),
    #[error("breach id {0} is already used on this subject")]
    DuplicateBreach(ItemId),
    #[error("the breach is dated {0}, which is in the future")]
    FutureBreach(String),
    #[error("review {0} does not exist on this subject")]
    UnknownReview(ItemId),
    #[error("risk assessment {0} does not exist on this subject")]
    UnknownAssessment(ItemId),
    /// A review wizard step still has a fault (`finish` re-checks every step).
    #[error("the review is not complete: {step}: {message}")]
    StepInvalid { step: String, message: String },
    /// Only a record awaiting sign-off can be approved or returned.
    #[error("{what} is already {status}: only a record awaiting sign-off can be decided")]
    AlreadyDecided { what: String, status: &'static str },
    #[error("returning {0} needs a comment saying what must change")]
    CommentRequired(String),
    #[error("the name of the person signing off is required")]
    SignerRequired,
    /// The supervisory control: nobody signs off their own work.
    #[error("{who} wrote {what} and cannot sign it off: another supervisor must decide it")]
    OwnWork { who: String, what: String },
    /// Signed-off is final: a decided record is never changed in place.
    #[error(
        "{what} is {status} and cannot be changed: edit it to start a new version that awaits \
         sign-off"
    )]
    Final { what: String, status: &'static str },
    /// A decided version that already has a newer one is history.
    #[error("{what} has a newer version ({newer}): make the change on that one")]
    Superseded { what: String, newer: ItemId },
    #[error("the plan has not been submitted for sign-off")]
    PlanNotSubmitted,
    /// Force policy: who may approve what, by rank.
    #[error(
        "{who} may not decide {what}: force policy needs the rank of {need} or above ({who}: {have})"
    )]
    RankTooLow {
        who: String,
        what: String,
        need: &'static str,
        have: &'static str,
    },
    /// A re-assessment after a breach must say how it answers the breach.
    #[error(
        "the re-assessment after the breach on {breach} needs a breach response saying how the \
         risk was re-considered in the light of it (at least {min} characters), even when the \
         levels stay the same"
    )]
    BreachResponseRequired { breach: String, min: usize },
    /// A referral to a service force policy does not list.
    #[error("{typed:?} is not one of the unit's referral services: {services}")]
    UnknownService { typed: String, services: String },
    /// The re-assessment flag clears only with a re-assessment.
    #[error(
        "re-assessment is required after the breach on {0}: record a risk assessment to clear it"
    )]
    ReassessmentOutstanding(String),
    /// A next review later than the risk cadence allows needs a recorded reason.
    #[error(
        "the next review on {chosen} is later than the {level} cadence allows ({limit}): give a \
         reason for the supervisor, or choose an earlier date"
    )]
    LateReasonRequired {
        chosen: String,
        limit: String,
        level: &'static str,
    },
    #[error("{who} may not {action}: that needs the {roles} role")]
    Denied {
        who: String,
        action: &'static str,
        roles: &'static str,
    },
}
fn join_faults(faults: &[FieldError]) -> String {
    if faults.is_empty() {
        return "the plan is not valid".to_string();
    }
    faults
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// The next free id in a list: one more than the largest (1 for an empty list).
pub fn next_id(ids: impl Iterator<Item = ItemId>) -> ItemId {
    ids.max().map_or(1, |m| m.saturating_add(1))
}

/// `subject` if it passes [`validate_subject`], else every fault as [`RuleError::Invalid`].
pub fn validated(subject: Subject) -> Result<Subject, RuleError> {
    let faults = validate_subject(&subject);
    if faults.is_empty() {
        Ok(subject)
    } else {
        Err(RuleError::Invalid(faults))
    }
}
