//! Supervisor sign-off of reviews and risk assessments: approve, or return with comments.
use chrono::NaiveDateTime;

use super::{
    Actor, ItemId, Permission, Rank, RuleError, SignOff, SignOffRanks, SignOffStatus, Subject,
    authorize, chain, check_breach_response, check_final, fmt_date, heads, sign_target_info,
    validated,
};

/// A record that goes to a supervisor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum SignTarget {
    Review(ItemId),
    Assessment(ItemId),
    /// The plan as a whole (Sections 1 and 2 with the orders).
    Plan,
}

impl SignTarget {
    /// The lowest rank force policy lets approve this kind of record.
    pub fn required_rank(self, ranks: &SignOffRanks) -> Rank {
        match self {
            SignTarget::Review(_) => ranks.review.0,
            SignTarget::Assessment(_) => ranks.assessment.0,
            SignTarget::Plan => ranks.plan.0,
        }
    }

    /// "review", "risk assessment", "plan".
    pub fn noun(self) -> &'static str {
        match self {
            SignTarget::Review(_) => "review",
            SignTarget::Assessment(_) => "risk assessment",
            SignTarget::Plan => "plan",
        }
    }
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

/// Every record of `subject` awaiting sign-off (the newest version of each review and
/// assessment, and the plan), oldest first, each with a one-line label such as
/// `Review of 15 Jun 2026 by DC Jones` (`(round 2)` when it revises an earlier version).
pub fn awaiting(subject: &Subject) -> Vec<(SignTarget, String)> {
    let mut out: Vec<(Option<chrono::NaiveDate>, SignTarget, String)> = Vec::new();
    if subject
        .plan_sign_off
        .as_ref()
        .is_some_and(|so| so.status == SignOffStatus::Awaiting)
    {
        out.push((
            None,
            SignTarget::Plan,
            "The plan (Sections 1 and 2, orders)".to_string(),
        ));
    }
    for r in heads(&subject.reviews) {
        if r.sign_off.status == SignOffStatus::Awaiting {
            let label = format!(
                "Review of {} by {}{}",
                fmt_date(r.date),
                r.reviewer.trim(),
                round_text(&subject.reviews, r)
            );
            out.push((Some(r.date), SignTarget::Review(r.id), label));
        }
    }
    for a in heads(&subject.assessments) {
        if a.sign_off.status == SignOffStatus::Awaiting {
            let level = a
                .highest()
                .map_or_else(|| "not rated".to_string(), |l| l.label().to_string());
            let label = format!(
                "Risk assessment of {} by {} ({level}){}",
                fmt_date(a.date),
                a.assessor.trim(),
                round_text(&subject.assessments, a)
            );
            out.push((Some(a.date), SignTarget::Assessment(a.id), label));
        }
    }
    out.sort_by_key(|(date, _, _)| *date);
    out.into_iter().map(|(_, t, l)| (t, l)).collect()
}

/// " (round 2)" for a version that revises another; empty for a first version.
fn round_text<T: super::Versioned>(list: &[T], item: &T) -> String {
    match chain(list, item).len() {
        1 => String::new(),
        n => format!(" (round {n})"),
    }
}

/// Decide `target` on a copy of `subject`: the actor decides at `at`.
///
/// Refused unless `actor` may sign off ([`Permission::SignOff`]) and holds the rank force
/// policy requires for the record (`ranks`), the record is awaiting sign-off, a return carries
/// a non-empty comment, and the actor is not the record's author (the reviewer of a review,
/// the assessor of an assessment): nobody signs off their own work. Records the status, who
/// (login, and rank, name and number as they are today), when and the comment (empty on
/// approval).
pub fn sign_off(
    subject: &Subject,
    target: SignTarget,
    decision: Decision,
    at: NaiveDateTime,
    actor: &Actor,
    ranks: &SignOffRanks,
) -> Result<Subject, RuleError> {
    authorize(actor, Permission::SignOff)?;
    let who = actor.name.trim();
    if who.is_empty() {
        return Err(RuleError::SignerRequired);
    }
    let (what, current, author) = sign_target_info(subject, target).ok_or(match target {
        SignTarget::Review(id) => RuleError::UnknownReview(id),
        SignTarget::Assessment(id) => RuleError::UnknownAssessment(id),
        SignTarget::Plan => RuleError::PlanNotSubmitted,
    })?;
    if current.status != SignOffStatus::Awaiting {
        return Err(RuleError::AlreadyDecided {
            what,
            status: current.status.label(),
        });
    }
    if actor.is(author) {
        return Err(RuleError::OwnWork {
            who: who.to_string(),
            what,
        });
    }
    check_rank(actor, target, ranks, &what)?;
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
    let decided = SignOff {
        status,
        by: Some(who.to_string()),
        at: Some(at),
        comment,
        signer: actor.label(),
        rank: actor.officer.rank,
    };
    let mut out = subject.clone();
    match target {
        SignTarget::Review(id) => {
            if let Some(r) = out.reviews.iter_mut().find(|r| r.id == id) {
                r.sign_off = decided;
            }
        }
        SignTarget::Assessment(id) => {
            // An approved revision takes over the tactical options as they stand now on the
            // version it replaces (they were tracked there while it awaited sign-off).
            let carried = match (decided.status, out.assessments.iter().find(|a| a.id == id)) {
                (SignOffStatus::Approved, Some(a)) => a.supersedes.and_then(|prev| {
                    out.assessments
                        .iter()
                        .find(|p| p.id == prev)
                        .map(|p| p.tactical_options.clone())
                }),
                _ => None,
            };
            if let Some(a) = out.assessments.iter_mut().find(|a| a.id == id) {
                a.sign_off = decided;
                if let Some(options) = carried {
                    a.tactical_options = options;
                }
            }
        }
        SignTarget::Plan => out.plan_sign_off = Some(decided),
    }
    validated(out)
}

/// `Ok` when `actor` holds at least the rank policy requires to decide `target`.
fn check_rank(
    actor: &Actor,
    target: SignTarget,
    ranks: &SignOffRanks,
    what: &str,
) -> Result<(), RuleError> {
    let need = target.required_rank(ranks);
    match actor.officer.rank {
        Some(have) if have >= need => Ok(()),
        have => Err(RuleError::RankTooLow {
            who: actor.name.trim().to_string(),
            what: what.to_string(),
            need: need.label(),
            have: have.map_or("no rank recorded", Rank::label),
        }),
    }
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

/// Whether `actor` wrote the record `target` (and so may not sign it off).
pub fn authored_by(subject: &Subject, target: SignTarget, actor: &Actor) -> bool {
    sign_target_info(subject, target).is_some_and(|(_, _, author)| actor.is(author))
}

/// The control the store applies to every write (so an import, a script or a second
/// workstation cannot do what the screens refuse):
///
/// - a decided review or assessment, or an approved plan, is never changed ([`check_final`]);
/// - a decision that differs from what is stored needs [`Permission::SignOff`] and, on a record
///   already stored, must be signed by `actor` in their own name, not be their own work, and
///   be within their rank (`ranks`);
/// - a re-assessment after a breach answers the breach ([`check_breach_response`]).
///
/// `old` is the stored record (`None` for a new one, e.g. an import of historical plans, where
/// only the permission is required).
pub fn check_write(
    old: Option<&Subject>,
    new: &Subject,
    actor: &Actor,
    ranks: &SignOffRanks,
) -> Result<(), RuleError> {
    if let Some(old) = old {
        check_final(old, new)?;
        check_breach_response(old, new)?;
    }
    let check = |old_so: Option<&SignOff>, so: &SignOff, target: SignTarget| {
        if old_so == Some(so) || so.status == SignOffStatus::Awaiting {
            return Ok(());
        }
        authorize(actor, Permission::SignOff)?;
        let Some(old) = old else {
            return Ok(());
        };
        let (what, _, author) = sign_target_info(new, target)
            .or_else(|| sign_target_info(old, target))
            .map(|(w, s, a)| (w, s, a.to_string()))
            .unwrap_or_else(|| (target.noun().to_string(), so, String::new()));
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
        if actor.is(&author) {
            return Err(RuleError::OwnWork {
                who: actor.name.trim().to_string(),
                what,
            });
        }
        check_rank(actor, target, ranks, &what)
    };
    for r in &new.reviews {
        let old_so = old
            .and_then(|o| o.reviews.iter().find(|x| x.id == r.id))
            .map(|x| &x.sign_off);
        check(old_so, &r.sign_off, SignTarget::Review(r.id))?;
    }
    for a in &new.assessments {
        let old_so = old
            .and_then(|o| o.assessments.iter().find(|x| x.id == a.id))
            .map(|x| &x.sign_off);
        check(old_so, &a.sign_off, SignTarget::Assessment(a.id))?;
    }
    if let Some(so) = &new.plan_sign_off {
        let old_so = old.and_then(|o| o.plan_sign_off.as_ref());
        check(old_so, so, SignTarget::Plan)?;
    }
    Ok(())
}

/// The decided sign-offs of `new` that are not exactly as `old` stores them (a decision added,
/// or its status, time, signer or comment changed), as "review 3", "risk assessment 2", "plan".
/// An import must carry none of these: sign-off times and authors come from the signing
/// session (`sign_off`), never from a file (docs/FORMAT.md "Sign-offs").
pub fn decisions_not_stored(old: &Subject, new: &Subject) -> Vec<String> {
    let mut out = Vec::new();
    let decided = |so: &SignOff| so.status != SignOffStatus::Awaiting;
    for r in &new.reviews {
        let stored = old
            .reviews
            .iter()
            .find(|x| x.id == r.id)
            .map(|x| &x.sign_off);
        if decided(&r.sign_off) && stored != Some(&r.sign_off) {
            out.push(format!("{} {}", SignTarget::Review(r.id).noun(), r.id));
        }
    }
    for a in &new.assessments {
        let stored = old
            .assessments
            .iter()
            .find(|x| x.id == a.id)
            .map(|x| &x.sign_off);
        if decided(&a.sign_off) && stored != Some(&a.sign_off) {
            out.push(format!("{} {}", SignTarget::Assessment(a.id).noun(), a.id));
        }
    }
    if let Some(so) = &new.plan_sign_off
        && decided(so)
        && old.plan_sign_off.as_ref() != Some(so)
    {
        out.push(SignTarget::Plan.noun().to_string());
    }
    out
}
