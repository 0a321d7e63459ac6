//! Supervisor sign-off: what awaits the logged-in user's decision, and approving or returning it.
//! The rule itself (who may decide what; nobody signs off their own work) is the domain's
//! [`crate::domain::sign_off`], which the store also enforces on every write.
use chrono::NaiveDateTime;

use super::{OpsError, Saved, item};
use crate::domain::{
    self, Decision, Permission, Policy, SignTarget, Subject, SubjectId, authored_by, authorize,
};
use crate::edit::{Choice, FieldKind, FieldSpec};
use crate::store::Store;

/// The records of `subject` the logged-in user may decide, oldest first, each with a label.
/// Refused (with the reason) when the user may not sign off, or nothing awaits them: only their
/// own work is waiting, or nothing at all.
pub fn waiting(store: &Store, subject: &Subject) -> Result<Vec<(SignTarget, String)>, OpsError> {
    let actor = store.actor();
    authorize(actor, Permission::SignOff)?;
    let all = domain::awaiting(subject);
    let theirs: Vec<_> = all
        .iter()
        .filter(|(t, _)| !authored_by(subject, *t, actor))
        .cloned()
        .collect();
    match theirs.is_empty() {
        false => Ok(theirs),
        true if !all.is_empty() => Err(OpsError::refused(
            "Only your own work awaits sign-off here: another supervisor must decide it",
        )),
        true => Err(OpsError::refused(
            "Nothing is awaiting sign-off for this subject",
        )),
    }
}

/// The decision's choices, by stable key.
pub const APPROVE: &str = "approve";
pub const RETURN: &str = "return";

/// The sign-off form for `target` on `base`: the decision and a comment.
pub fn form(base: &Subject, target: SignTarget) -> item::Form {
    let fields = vec![
        FieldSpec::new(
            "decision",
            "Decision",
            FieldKind::Choice(vec![
                Choice::new(APPROVE, "Approve"),
                Choice::new(RETURN, "Return"),
            ]),
            true,
        )
        .with_help("Approve, or return it to the reviewer with a comment"),
        FieldSpec::new("comment", "Comment", FieldKind::Multiline, false)
            .with_help("Required when returning"),
    ];
    let label = domain::awaiting(base)
        .into_iter()
        .find(|(t, _)| *t == target)
        .map(|(_, l)| l)
        .unwrap_or_default();
    item::Form {
        title: format!("Sign off: {}", crate::text::line(&label)),
        fields,
        values: vec![APPROVE.to_string(), String::new()],
        context: context(base, target),
    }
}

/// What the supervisor reads before deciding `target`: what the record says, the reason given
/// for a next review later than the cadence, the breach response, and for a later round the
/// comment it answers and what changed since that round.
pub fn context(base: &Subject, target: SignTarget) -> Vec<String> {
    let mut out = Vec::new();
    let one = |s: &str| crate::text::line(s.trim()).into_owned();
    let mut previous: Option<&domain::SignOff> = None;
    match target {
        SignTarget::Review(id) => {
            let Some(r) = base.reviews.iter().find(|r| r.id == id) else {
                return out;
            };
            for o in &r.outcomes {
                let what = base
                    .order(o.order)
                    .and_then(|ord| ord.condition(o.condition).map(|c| (ord, c)))
                    .map_or_else(
                        || format!("Condition {} of order {}", o.condition, o.order),
                        |(ord, c)| format!("{} {}", ord.kind.short(), c.category.trim()),
                    );
                let note = if o.note.trim().is_empty() {
                    String::new()
                } else {
                    format!(": {}", one(&o.note))
                };
                out.push(format!("{what}: {}{note}", o.outcome.label()));
            }
            out.push(format!("Next review: {}", domain::fmt_date(r.next_review)));
            if !r.late_reason.trim().is_empty() {
                out.push(format!(
                    "LATER THAN THE RISK CADENCE. Reason given: {}",
                    one(&r.late_reason)
                ));
            }
            if !r.summary.trim().is_empty() {
                out.push(format!("Summary: {}", one(&r.summary)));
            }
            previous = r
                .supersedes
                .and_then(|p| base.reviews.iter().find(|x| x.id == p))
                .map(|x| &x.sign_off);
        }
        SignTarget::Assessment(id) => {
            let Some(a) = base.assessments.iter().find(|a| a.id == id) else {
                return out;
            };
            let levels: Vec<String> = a
                .ratings
                .iter()
                .map(|g| format!("{} {}", g.group.label(), g.level.label()))
                .collect();
            out.push(format!("Levels: {}", levels.join(", ")));
            out.push(format!("Rationale: {}", one(&a.rationale)));
            if !a.breach_rationale.trim().is_empty() {
                out.push(format!("Breach response: {}", one(&a.breach_rationale)));
            }
            if let Some(current) = base.current_assessment().filter(|c| c.id != a.id) {
                let level = current.highest().map_or("not rated", |l| l.label());
                out.push(format!(
                    "Current assessment: {} ({level}, {})",
                    domain::fmt_date(current.date),
                    current.sign_off.status.label()
                ));
            }
            previous = a
                .supersedes
                .and_then(|p| base.assessments.iter().find(|x| x.id == p))
                .map(|x| &x.sign_off);
        }
        SignTarget::Plan => {
            out.push(
                "The plan: Sections 1 and 2 with the orders and their conditions, as the record \
                 shows them now (h: history of changes)"
                    .to_string(),
            );
        }
    }
    if let Some(so) = previous {
        let when = so
            .at
            .map(|at| format!(" on {}", domain::fmt_date(at.date())))
            .unwrap_or_default();
        match so.status {
            domain::SignOffStatus::Returned => out.push(format!(
                "Returned by {}{when}: {}",
                so.signer_text(),
                one(&so.comment)
            )),
            domain::SignOffStatus::Approved => out.push(format!(
                "Revises the version approved by {}{when}",
                so.signer_text()
            )),
            domain::SignOffStatus::Awaiting => {}
        }
        let changes = domain::round_changes(base, target).unwrap_or_default();
        if changes.is_empty() {
            out.push("Nothing changed since that version.".to_string());
        } else {
            out.push("Changed since that version:".to_string());
            out.extend(
                crate::ops::access::describe(base, &changes)
                    .into_iter()
                    .map(|l| format!("  {}", one(&l))),
            );
        }
    }
    out
}

/// The decision a sign-off form's values hold.
pub fn decision(values: &[String]) -> Decision {
    let comment = values.get(1).cloned().unwrap_or_default();
    let decision = values
        .first()
        .map(String::as_str)
        .unwrap_or_default()
        .trim();
    match decision {
        d if d.eq_ignore_ascii_case(RETURN) => Decision::Return { comment },
        _ => Decision::Approve,
    }
}

/// A decision to record: on `target` of `base` (read at `version`), at `at`.
#[derive(Debug, Clone)]
pub struct Decide<'a> {
    pub base: &'a Subject,
    pub version: u64,
    pub target: SignTarget,
    pub decision: Decision,
    pub at: NaiveDateTime,
}

/// Record a decision as the logged-in user (within the rank `policy` requires) and commit.
pub fn decide(store: &mut Store, policy: &Policy, d: Decide<'_>) -> Result<Saved, OpsError> {
    let verb = match d.decision {
        Decision::Approve => "Approved",
        Decision::Return { .. } => "Returned",
    };
    let actor = store.actor().clone();
    let changed = domain::sign_off(d.base, d.target, d.decision, d.at, &actor, &policy.sign_off)?;
    let summary = format!("{verb} {}", d.target.noun());
    super::merge::commit(store, d.base, d.version, &changed, &summary)
}

/// [`decide`] on subject `id` as stored now (the command line, where no form was open).
pub fn decide_now(
    store: &mut Store,
    policy: &Policy,
    id: SubjectId,
    target: SignTarget,
    decision: Decision,
    at: NaiveDateTime,
) -> Result<Saved, OpsError> {
    let (base, version) = item::load(store, id)?;
    let d = Decide {
        base: &base,
        version,
        target,
        decision,
        at,
    };
    decide(store, policy, d)
}

/// Submit the plan of `base` (read at `version`) for sign-off.
pub fn submit_plan(store: &mut Store, base: &Subject, version: u64) -> Result<Saved, OpsError> {
    let changed = domain::submit_plan(base)?;
    super::merge::commit(
        store,
        base,
        version,
        &changed,
        "Submitted the plan for sign-off",
    )
}
