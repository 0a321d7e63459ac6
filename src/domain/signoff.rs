//! Supervisor sign-off of reviews and risk assessments: approve, or return with comments.
use chrono::NaiveDateTime;

use super::{
    Actor, ItemId, Permission, RuleError, SignOff, SignOffStatus, Subject, authorize, fmt_date,
    validated,
};

/// A record that goes to a supervisor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum SignTarget {
    Review(ItemId),
    Assessment(ItemId),
}

/// The supervisor's decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Approve,
    /// Send back to the author; the comment says what must change and is required.
    Return {
        comment: String,
    },
}

/// Every review and risk assessment of `subject` awaiting sign-off, oldest first, each with a
/// one-line label such as `Review of 15 Jun 2026 by DC Jones`.
pub fn awaiting(subject: &Subject) -> Vec<(SignTarget, String)> {
    let mut out: Vec<(chrono::NaiveDate, SignTarget, String)> = Vec::new();
    for r in &subject.reviews {
        if r.sign_off.status == SignOffStatus::Awaiting {
            let label = format!("Review of {} by {}", fmt_date(r.date), r.reviewer.trim());
            out.push((r.date, SignTarget::Review(r.id), label));
        }
    }
    for a in &subject.assessments {
        if a.sign_off.status == SignOffStatus::Awaiting {
            let level = a
                .highest()
                .map_or_else(|| "not rated".to_string(), |l| l.label().to_string());
            let label = format!(
                "Risk assessment of {} by {} ({level})",
                fmt_date(a.date),
                a.assessor.trim()
            );
            out.push((a.date, SignTarget::Assessment(a.id), label));
        }
    }
    out.sort_by_key(|(date, _, _)| *date);
    out.into_iter().map(|(_, t, l)| (t, l)).collect()
}

/// Decide `target` on a copy of `subject`: `who` (the name recorded) decides at `at`.
///
/// Refused unless `actor` may sign off ([`Permission::SignOff`]), the record is awaiting
/// sign-off, a return carries a non-empty comment, and neither `who` nor the actor is the
/// record's author (the reviewer of a review, the assessor of an assessment): nobody signs off
/// their own work. Records the status, who, when and the comment (empty on approval).
pub fn sign_off(
    subject: &Subject,
    target: SignTarget,
    decision: Decision,
    who: &str,
    at: NaiveDateTime,
    actor: &Actor,
) -> Result<Subject, RuleError> {
    authorize(actor, Permission::SignOff)?;
    let who = who.trim();
    if who.is_empty() {
        return Err(RuleError::SignerRequired);
    }
    let mut out = subject.clone();
    let (record, author, what) = match target {
        SignTarget::Review(id) => {
            let r = out
                .reviews
                .iter_mut()
                .find(|r| r.id == id)
                .ok_or(RuleError::UnknownReview(id))?;
            let what = format!("the review of {}", fmt_date(r.date));
            (&mut r.sign_off, r.reviewer.clone(), what)
        }
        SignTarget::Assessment(id) => {
            let a = out
                .assessments
                .iter_mut()
                .find(|a| a.id == id)
                .ok_or(RuleError::UnknownAssessment(id))?;
            let what = format!("the risk assessment of {}", fmt_date(a.date));
            (&mut a.sign_off, a.assessor.clone(), what)
        }
    };
    if record.status != SignOffStatus::Awaiting {
        return Err(RuleError::AlreadyDecided {
            what,
            status: record.status.label(),
        });
    }
    if same_person(who, &author) || same_person(&actor.name, &author) {
        return Err(RuleError::OwnWork {
            who: who.to_string(),
            what,
        });
    }
    let (status, comment) = match decision {
        Decision::Approve => (SignOffStatus::Approved, String::new()),
        Decision::Return { comment } => {
            let comment = comment.trim();
            if comment.is_empty() {
                return Err(RuleError::CommentRequired(what));
            }
            (SignOffStatus::Returned, comment.to_string())
        }
    };
    *record = SignOff {
        status,
        by: Some(who.to_string()),
        at: Some(at),
        comment,
    };
    validated(out)
}

/// Names compared as people type them: ignoring case and surrounding or repeated spaces.
fn same_person(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let a = norm(a);
    !a.is_empty() && a == norm(b)
}

/// Whether `who` wrote the record `target` (and so may not sign it off).
pub fn authored_by(subject: &Subject, target: SignTarget, who: &str) -> bool {
    let author = match target {
        SignTarget::Review(id) => subject
            .reviews
            .iter()
            .find(|r| r.id == id)
            .map(|r| r.reviewer.as_str()),
        SignTarget::Assessment(id) => subject
            .assessments
            .iter()
            .find(|a| a.id == id)
            .map(|a| a.assessor.as_str()),
    };
    author.is_some_and(|a| same_person(a, who))
}

/// The control the store applies to every write (so an import or a script cannot do what the
/// sign-off screen refuses): a review or assessment whose sign-off is decided (approved or
/// returned) and differs from what is stored needs [`Permission::SignOff`]. On a record already
/// stored, the decision must also be signed by `actor` and not by its author. `old` is the
/// stored record (`None` for a new one, e.g. an import of historical plans, where only the
/// permission is required). Setting a sign-off back to awaiting (editing reopens it) is free.
pub fn check_sign_offs(
    old: Option<&Subject>,
    new: &Subject,
    actor: &Actor,
) -> Result<(), RuleError> {
    let check = |old_so: Option<&SignOff>, so: &SignOff, author: &str, what: String| {
        if old_so == Some(so) || so.status == SignOffStatus::Awaiting {
            return Ok(());
        }
        authorize(actor, Permission::SignOff)?;
        if old.is_none() {
            return Ok(());
        }
        if !so
            .by
            .as_deref()
            .is_some_and(|by| same_person(by, &actor.name))
        {
            return Err(RuleError::Denied {
                who: actor.name.trim().to_string(),
                action: "sign off in another person's name",
                roles: "Supervisor (signing as themselves)",
            });
        }
        if same_person(author, &actor.name) {
            return Err(RuleError::OwnWork {
                who: actor.name.trim().to_string(),
                what,
            });
        }
        Ok(())
    };
    for r in &new.reviews {
        let old_so = old
            .and_then(|o| o.reviews.iter().find(|x| x.id == r.id))
            .map(|x| &x.sign_off);
        check(
            old_so,
            &r.sign_off,
            &r.reviewer,
            format!("the review of {}", fmt_date(r.date)),
        )?;
    }
    for a in &new.assessments {
        let old_so = old
            .and_then(|o| o.assessments.iter().find(|x| x.id == a.id))
            .map(|x| &x.sign_off);
        check(
            old_so,
            &a.sign_off,
            &a.assessor,
            format!("the risk assessment of {}", fmt_date(a.date)),
        )?;
    }
    Ok(())
}
