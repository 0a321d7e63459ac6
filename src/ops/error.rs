//! [`OpsError`]: why a use case did nothing. Every message is written for the user and can be
//! shown as it is; a store error keeps the store's own words.
use crate::domain::{RuleError, Subject, SubjectId};
use crate::edit::FieldIssue;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum OpsError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A domain rule refused the change.
    #[error(transparent)]
    Rule(#[from] RuleError),
    /// Form values that do not make a valid change, against the fields they concern.
    #[error("{} problem(s) to correct", .0.len())]
    Invalid(Vec<FieldIssue>),
    /// Someone else saved the subject since the edit began; `latest` is the record as stored
    /// now and `version` its revision, so the edit can be applied there instead.
    #[error("someone else changed this subject since you opened the form")]
    Conflict { latest: Box<Subject>, version: u64 },
    /// Someone else changed the same fields since the edit began: nothing was written; the
    /// user chooses for each (see [`super::merge`]).
    #[error("{}", merge_message(.0))]
    Merge(Box<super::merge::Conflicts>),
    /// The subject is not (or no longer) in the store.
    #[error("This subject is no longer in the store")]
    Gone(SubjectId),
    /// The use case refused: the message says why and what to do.
    #[error("{0}")]
    Refused(String),
    /// A file could not be read or written.
    #[error("{what}: {source}")]
    Io {
        what: String,
        source: std::io::Error,
    },
}

/// "Someone else changed the same field(s) since you began: Vehicle AB12 CDE, colour (yours:
/// red, theirs: blue)".
fn merge_message(c: &super::merge::Conflicts) -> String {
    let fields: Vec<String> = c
        .merged
        .conflicts
        .iter()
        .map(|x| format!("{} (yours: {}, theirs: {})", x.label, x.mine, x.theirs))
        .collect();
    format!(
        "Someone else changed the same field(s) since you began: {}",
        fields.join("; ")
    )
}

impl OpsError {
    /// A refusal with `message`.
    pub fn refused(message: impl Into<String>) -> Self {
        Self::Refused(message.into())
    }

    /// The faults to show in a form: the form's own, or this error as a fault of the whole form.
    pub fn into_issues(self) -> Vec<FieldIssue> {
        match self {
            OpsError::Invalid(issues) => issues,
            other => vec![FieldIssue {
                field: None,
                message: other.to_string(),
            }],
        }
    }
}
