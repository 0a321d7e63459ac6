//! Supervisor sign-off: approve, return with a comment, and the controls around it.
use crate::domain::testkit::{d, dt, rated, review, subject};
use crate::domain::*;

/// Review 1 by DC Jones (1 Jun 2026) and assessment 1 by DS Khan (20 May 2026), both awaiting.
fn pending() -> Subject {
    let mut s = subject();
    s.assessments = vec![rated(1, d(2026, 5, 20), RiskLevel::High)];
    s.reviews = vec![review(1, d(2026, 6, 1))];
    s
}

fn supervisor() -> Actor {
    Actor::new("DI Evans", &[Role::Supervisor])
}

fn at() -> chrono::NaiveDateTime {
    dt(2026, 6, 15, 10, 30)
}

#[test]
fn awaiting_lists_reviews_and_assessments_oldest_first() {
    let mut s = pending();
    assert_eq!(
        awaiting(&s),
        vec![
            (
                SignTarget::Assessment(1),
                "Risk assessment of 20 May 2026 by DS Khan (High)".to_string()
            ),
            (
                SignTarget::Review(1),
                "Review of 1 Jun 2026 by DC Jones".to_string()
            ),
        ]
    );
    s.reviews[0].sign_off.status = SignOffStatus::Approved;
    s.assessments[0].sign_off.status = SignOffStatus::Returned;
    assert!(awaiting(&s).is_empty());
}

#[test]
fn approve_records_who_when_and_status() {
    let s = pending();
    let out = sign_off(
        &s,
        SignTarget::Review(1),
        Decision::Approve,
        " DI Evans ",
        at(),
        &supervisor(),
    )
    .expect("approved");
    assert_eq!(
        out.reviews[0].sign_off,
        SignOff {
            status: SignOffStatus::Approved,
            by: Some("DI Evans".to_string()),
            at: Some(at()),
            comment: String::new(),
        }
    );
    assert_eq!(out.assessments, s.assessments, "only the target changes");
    assert_eq!(awaiting(&out).len(), 1);
}

#[test]
fn return_needs_a_comment_and_records_it() {
    let s = pending();
    let blank = Decision::Return {
        comment: " \n ".to_string(),
    };
    let e = sign_off(
        &s,
        SignTarget::Assessment(1),
        blank,
        "DI Evans",
        at(),
        &supervisor(),
    )
    .expect_err("comment required");
    assert_eq!(
        e.to_string(),
        "returning the risk assessment of 20 May 2026 needs a comment saying what must change"
    );
    let decision = Decision::Return {
        comment: "  Rationale does not cover the children.\n".to_string(),
    };
    let out = sign_off(
        &s,
        SignTarget::Assessment(1),
        decision,
        "DI Evans",
        at(),
        &supervisor(),
    )
    .expect("returned");
    let so = &out.assessments[0].sign_off;
    assert_eq!(so.status, SignOffStatus::Returned);
    assert_eq!(so.comment, "Rationale does not cover the children.");
    assert_eq!(so.by.as_deref(), Some("DI Evans"));
    assert_eq!(so.at, Some(at()));
}

#[test]
fn a_decided_record_cannot_be_decided_again() {
    let s = pending();
    let out = sign_off(
        &s,
        SignTarget::Review(1),
        Decision::Approve,
        "DI Evans",
        at(),
        &supervisor(),
    )
    .expect("approved");
    let e = sign_off(
        &out,
        SignTarget::Review(1),
        Decision::Approve,
        "DCI Grey",
        at(),
        &supervisor(),
    )
    .expect_err("twice");
    assert_eq!(
        e.to_string(),
        "the review of 1 Jun 2026 is already approved: only a record awaiting sign-off can be \
         decided"
    );
    let returned = Decision::Return {
        comment: "Redo".to_string(),
    };
    let e = sign_off(
        &out,
        SignTarget::Review(1),
        returned,
        "DCI Grey",
        at(),
        &supervisor(),
    )
    .expect_err("twice");
    assert!(matches!(e, RuleError::AlreadyDecided { .. }), "{e:?}");
}

#[test]
fn nobody_signs_off_their_own_work() {
    let s = pending();
    let e = sign_off(
        &s,
        SignTarget::Review(1),
        Decision::Approve,
        "DC Jones",
        at(),
        &supervisor(),
    )
    .expect_err("own review");
    assert_eq!(
        e.to_string(),
        "DC Jones wrote the review of 1 Jun 2026 and cannot sign it off: another supervisor \
         must decide it"
    );
    // Names compare ignoring case and spacing; the actor's own name counts too.
    let e = sign_off(
        &s,
        SignTarget::Review(1),
        Decision::Approve,
        "dc  JONES",
        at(),
        &supervisor(),
    );
    assert!(matches!(e, Err(RuleError::OwnWork { .. })), "{e:?}");
    let jones = Actor::local("DC Jones");
    let e = sign_off(
        &s,
        SignTarget::Review(1),
        Decision::Approve,
        "DI Evans",
        at(),
        &jones,
    );
    assert!(matches!(e, Err(RuleError::OwnWork { .. })), "{e:?}");
    let e = sign_off(
        &s,
        SignTarget::Assessment(1),
        Decision::Approve,
        "DS Khan",
        at(),
        &supervisor(),
    );
    assert!(matches!(e, Err(RuleError::OwnWork { .. })), "{e:?}");
}

#[test]
fn only_supervisors_sign_off() {
    let s = pending();
    for roles in [
        vec![Role::Viewer],
        vec![Role::Reviewer],
        vec![Role::Administrator],
    ] {
        let actor = Actor::new("PC Patel", &roles);
        let e = sign_off(
            &s,
            SignTarget::Review(1),
            Decision::Approve,
            "PC Patel",
            at(),
            &actor,
        )
        .expect_err("denied");
        assert!(matches!(e, RuleError::Denied { .. }), "{roles:?}: {e:?}");
    }
    let local = Actor::local("DI Evans");
    assert!(
        sign_off(
            &s,
            SignTarget::Review(1),
            Decision::Approve,
            "DI Evans",
            at(),
            &local
        )
        .is_ok()
    );
}

#[test]
fn unknown_targets_and_a_blank_signer_are_refused() {
    let s = pending();
    let sup = supervisor();
    assert_eq!(
        sign_off(
            &s,
            SignTarget::Review(7),
            Decision::Approve,
            "DI Evans",
            at(),
            &sup
        ),
        Err(RuleError::UnknownReview(7))
    );
    assert_eq!(
        sign_off(
            &s,
            SignTarget::Assessment(7),
            Decision::Approve,
            "DI Evans",
            at(),
            &sup
        ),
        Err(RuleError::UnknownAssessment(7))
    );
    assert_eq!(
        sign_off(
            &s,
            SignTarget::Review(1),
            Decision::Approve,
            "  ",
            at(),
            &sup
        ),
        Err(RuleError::SignerRequired)
    );
}

#[test]
fn the_store_control_refuses_what_the_sign_off_screen_refuses() {
    use crate::domain::SignOffStatus;
    let base = pending();
    let rid = base.reviews[0].id;
    let author = base.reviews[0].reviewer.clone();
    let mut signed = base.clone();
    signed.reviews[0].sign_off.status = SignOffStatus::Approved;
    signed.reviews[0].sign_off.by = Some("DI Evans".to_string());
    let supervisor = Actor::new("DI Evans", &[Role::Supervisor]);
    let reviewer = Actor::new("DC Rev", &[Role::Reviewer]);
    // A reviewer may not write a decided sign-off, in a new or an existing record.
    assert!(check_sign_offs(Some(&base), &signed, &reviewer).is_err());
    assert!(check_sign_offs(None, &signed, &reviewer).is_err());
    // A supervisor signing as themselves on someone else's work: fine.
    assert!(check_sign_offs(Some(&base), &signed, &supervisor).is_ok());
    // ... but not in another person's name,
    let other = Actor::new("DI Someone Else", &[Role::Supervisor]);
    assert!(check_sign_offs(Some(&base), &signed, &other).is_err());
    // ... and not their own work.
    let own = Actor::new(&author, &[Role::Supervisor]);
    let mut own_signed = signed.clone();
    own_signed.reviews[0].sign_off.by = Some(author.clone());
    assert!(matches!(
        check_sign_offs(Some(&base), &own_signed, &own),
        Err(RuleError::OwnWork { .. })
    ));
    // Reopening (back to awaiting) and unchanged sign-offs are anyone's.
    assert!(check_sign_offs(Some(&signed), &base, &reviewer).is_ok());
    assert!(check_sign_offs(Some(&signed), &signed, &reviewer).is_ok());
    let _ = rid;
}
