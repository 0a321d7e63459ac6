//! The pure workflow rules: recording breaches, the compliance review wizard, supervisor
//! sign-off and permission checks. No terminal and no store: every function takes a subject
//! snapshot (and `today`, the config, the actor) and returns a new, validated subject or a
//! [`WorkflowError`] whose message can be shown to the user as it is.
//!
//! - [`record_breach`] / [`update_breach`]: a breach always raises the subject for re-assessment
//!   and brings the next review forward (DOMAIN.md, "Breach").
//! - [`ReviewWizard`]: the review as a state machine of form steps the TUI drives.
//! - [`sign_off`] / [`awaiting`]: approve or return reviews and assessments.
//! - [`authorize`]: the one place permission checks live.

pub mod authz;
mod breach;
mod input;
mod review;
mod review_risk;
mod review_steps;
mod review_text;
mod signoff;

#[cfg(test)]
mod tests;

pub use authz::*;
pub use breach::*;
pub use review::*;
pub use signoff::*;

use crate::domain::{FieldError, ItemId, Subject, validate_subject};

/// Why a workflow step was refused. The messages are written for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
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
pub(crate) fn next_id(ids: impl Iterator<Item = ItemId>) -> ItemId {
    ids.max().map_or(1, |m| m.saturating_add(1))
}

/// `subject` if it passes [`validate_subject`], else every fault as [`WorkflowError::Invalid`].
pub(crate) fn validated(subject: Subject) -> Result<Subject, WorkflowError> {
    let faults = validate_subject(&subject);
    if faults.is_empty() {
        Ok(subject)
    } else {
        Err(WorkflowError::Invalid(faults))
    }
}
