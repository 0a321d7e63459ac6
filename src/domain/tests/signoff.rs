//! Supervisor sign-off: approve, return with a comment, and the controls around it (rank,
//! own work, finality), checked both as the rule and as the store's control on every write.
use crate::domain::testkit::{d, dt, rated, review, subject};
use crate::domain::*;

/// Review 1 by DC Jones (1 Jun 2026) and assessment 1 by DS Khan (20 May 2026), both awaiting.
fn pending() -> Subject {
    let mut s = subject();
    s.assessments = vec![rated(1, d(2026, 5, 20), RiskLevel::High)];
    s.reviews = vec![review(1, d(2026, 6, 1))];
    s
}

fn officer(rank: Rank, name: &str, number: &str) -> Officer {
    Officer {
        display_name: name.to_string(),
        rank: Some(rank),
        detective: true,
        number: number.to_string(),
        team: String::new(),
    }
}

/// DI Evans (Inspector), a supervisor.
fn supervisor() -> Actor {
    Actor::new("DI Evans", &[Role::Supervisor]).with_officer(officer(
        Rank::Inspector,
        "Ann Evans",
        "501",
    ))
}

fn ranks() -> SignOffRanks {
    SignOffRanks::default()
}

fn at() -> chrono::NaiveDateTime {
    dt(2026, 6, 15, 10, 30)
}

fn decide(
    s: &Subject,
    target: SignTarget,
    decision: Decision,
    actor: &Actor,
) -> Result<Subject, RuleError> {
    sign_off(s, target, decision, at(), actor, &ranks())
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
fn approve_records_who_their_rank_when_and_status() {
    let s = pending();
    let out =
        decide(&s, SignTarget::Review(1), Decision::Approve, &supervisor()).expect("approved");
    assert_eq!(
        out.reviews[0].sign_off,
        SignOff {
            status: SignOffStatus::Approved,
            by: Some("DI Evans".to_string()),
            at: Some(at()),
            comment: String::new(),
            signer: "DI Ann Evans (501)".to_string(),
            rank: Some(Rank::Inspector),
        }
    );
    assert_eq!(out.reviews[0].sign_off.signer_text(), "DI Ann Evans (501)");
    assert_eq!(out.assessments, s.assessments, "only the target changes");
    assert_eq!(awaiting(&out).len(), 1);
}

#[test]
fn return_needs_a_comment_and_records_it() {
    let s = pending();
    let blank = Decision::Return {
        comment: " \n ".to_string(),
    };
    let e = decide(&s, SignTarget::Assessment(1), blank, &supervisor()).expect_err("comment");
    assert_eq!(
        e.to_string(),
        "returning the risk assessment of 20 May 2026 needs a comment saying what must change"
    );
    let decision = Decision::Return {
        comment: "  Rationale does not cover the children.\n".to_string(),
    };
    let out = decide(&s, SignTarget::Assessment(1), decision, &supervisor()).expect("returned");
    let so = &out.assessments[0].sign_off;
    assert_eq!(so.status, SignOffStatus::Returned);
    assert_eq!(so.comment, "Rationale does not cover the children.");
    assert_eq!(so.by.as_deref(), Some("DI Evans"));
    assert_eq!(so.at, Some(at()));
}

#[test]
fn a_decided_record_cannot_be_decided_again() {
    let s = pending();
    let out = decide(&s, SignTarget::Review(1), Decision::Approve, &supervisor()).expect("ok");
    let grey = Actor::new("DCI Grey", &[Role::Supervisor]).with_officer(officer(
        Rank::ChiefInspector,
        "Ed Grey",
        "9",
    ));
    let e = decide(&out, SignTarget::Review(1), Decision::Approve, &grey).expect_err("twice");
    assert_eq!(
        e.to_string(),
        "the review of 1 Jun 2026 is already approved: only a record awaiting sign-off can be \
         decided"
    );
    let returned = Decision::Return {
        comment: "Redo".to_string(),
    };
    let e = decide(&out, SignTarget::Review(1), returned, &grey).expect_err("twice");
    assert!(matches!(e, RuleError::AlreadyDecided { .. }), "{e:?}");
}

#[test]
fn nobody_signs_off_their_own_work() {
    let s = pending();
    let jones = Actor::new("DC Jones", &[Role::Supervisor]).with_officer(officer(
        Rank::Inspector,
        "Jo Jones",
        "1",
    ));
    let e = decide(&s, SignTarget::Review(1), Decision::Approve, &jones).expect_err("own review");
    assert_eq!(
        e.to_string(),
        "DC Jones wrote the review of 1 Jun 2026 and cannot sign it off: another supervisor \
         must decide it"
    );
    // Names compare ignoring case and spacing.
    let spaced = Actor {
        name: "dc  JONES".to_string(),
        ..jones
    };
    let e = decide(&s, SignTarget::Review(1), Decision::Approve, &spaced);
    assert!(matches!(e, Err(RuleError::OwnWork { .. })), "{e:?}");
    let khan = Actor {
        name: "DS Khan".to_string(),
        ..supervisor()
    };
    let e = decide(&s, SignTarget::Assessment(1), Decision::Approve, &khan);
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
        let actor =
            Actor::new("PC Patel", &roles).with_officer(officer(Rank::ChiefInspector, "P", "2"));
        let e = decide(&s, SignTarget::Review(1), Decision::Approve, &actor).expect_err("denied");
        assert!(matches!(e, RuleError::Denied { .. }), "{roles:?}: {e:?}");
    }
    assert!(decide(&s, SignTarget::Review(1), Decision::Approve, &supervisor()).is_ok());
}

#[test]
fn force_policy_sets_the_rank_each_record_needs() {
    let s = pending();
    let sergeant = Actor::new("DS Moss", &[Role::Supervisor]).with_officer(officer(
        Rank::Sergeant,
        "Kit Moss",
        "7",
    ));
    let constable = Actor::new("PC Lamb", &[Role::Supervisor]).with_officer(officer(
        Rank::Constable,
        "Al Lamb",
        "8",
    ));
    let unranked = Actor::new("Nobody", &[Role::Supervisor]);
    // Reviews and assessments: a sergeant or above by default.
    assert!(decide(&s, SignTarget::Review(1), Decision::Approve, &sergeant).is_ok());
    let e = decide(&s, SignTarget::Review(1), Decision::Approve, &constable).expect_err("rank");
    assert_eq!(
        e.to_string(),
        "PC Lamb may not decide the review of 1 Jun 2026: force policy needs the rank of \
         Sergeant or above (PC Lamb: Constable)"
    );
    assert!(matches!(
        decide(&s, SignTarget::Review(1), Decision::Approve, &unranked),
        Err(RuleError::RankTooLow { .. })
    ));
    // The plan: a chief inspector; a stricter policy for reviews holds too.
    let submitted = submit_plan(&s).expect("submitted");
    assert!(matches!(
        decide(
            &submitted,
            SignTarget::Plan,
            Decision::Approve,
            &supervisor()
        ),
        Err(RuleError::RankTooLow { .. })
    ));
    let dci = Actor::new("DCI Grey", &[Role::Supervisor]).with_officer(officer(
        Rank::ChiefInspector,
        "Ed Grey",
        "9",
    ));
    let approved = decide(&submitted, SignTarget::Plan, Decision::Approve, &dci).expect("plan");
    assert_eq!(
        approved.plan_sign_off.as_ref().map(|so| so.signer.as_str()),
        Some("DCI Ed Grey (9)")
    );
    let strict = SignOffRanks {
        review: RankSetting(Rank::ChiefInspector),
        ..SignOffRanks::default()
    };
    assert!(
        sign_off(
            &s,
            SignTarget::Review(1),
            Decision::Approve,
            at(),
            &supervisor(),
            &strict
        )
        .is_err()
    );
}

#[test]
fn unknown_targets_and_a_blank_signer_are_refused() {
    let s = pending();
    let sup = supervisor();
    assert_eq!(
        decide(&s, SignTarget::Review(7), Decision::Approve, &sup),
        Err(RuleError::UnknownReview(7))
    );
    assert_eq!(
        decide(&s, SignTarget::Assessment(7), Decision::Approve, &sup),
        Err(RuleError::UnknownAssessment(7))
    );
    assert_eq!(
        decide(&s, SignTarget::Plan, Decision::Approve, &sup),
        Err(RuleError::PlanNotSubmitted)
    );
    let blank = Actor {
        name: "  ".to_string(),
        ..sup
    };
    assert_eq!(
        decide(&s, SignTarget::Review(1), Decision::Approve, &blank),
        Err(RuleError::SignerRequired)
    );
}

#[test]
fn the_store_control_refuses_what_the_sign_off_screen_refuses() {
    let base = pending();
    let author = base.reviews[0].reviewer.clone();
    let mut signed = base.clone();
    signed.reviews[0].sign_off.status = SignOffStatus::Approved;
    signed.reviews[0].sign_off.by = Some("DI Evans".to_string());
    let sup = supervisor();
    let reviewer = Actor::new("DC Rev", &[Role::Reviewer]);
    let check = |old: Option<&Subject>, new: &Subject, actor: &Actor| {
        check_write(old, new, actor, &ranks())
    };
    // A reviewer may not write a decided sign-off, in a new or an existing record.
    assert!(check(Some(&base), &signed, &reviewer).is_err());
    assert!(check(None, &signed, &reviewer).is_err());
    // A supervisor of the rank signing as themselves on someone else's work: fine.
    assert!(check(Some(&base), &signed, &sup).is_ok());
    // ... but not in another person's name,
    let other = Actor {
        name: "DI Someone Else".to_string(),
        ..sup.clone()
    };
    assert!(check(Some(&base), &signed, &other).is_err());
    // ... not below the rank,
    let low = Actor::new("DI Evans", &[Role::Supervisor]);
    assert!(matches!(
        check(Some(&base), &signed, &low),
        Err(RuleError::RankTooLow { .. })
    ));
    // ... and not their own work.
    let own = Actor {
        name: author.clone(),
        ..sup.clone()
    };
    let mut own_signed = signed.clone();
    own_signed.reviews[0].sign_off.by = Some(author.clone());
    assert!(matches!(
        check(Some(&base), &own_signed, &own),
        Err(RuleError::OwnWork { .. })
    ));
    // Signed-off is final: setting it back to awaiting, or changing it, is refused to anyone.
    assert!(matches!(
        check(Some(&signed), &base, &sup),
        Err(RuleError::Final { .. })
    ));
    let mut edited = signed.clone();
    edited.reviews[0].summary = "changed after approval".to_string();
    assert!(matches!(
        check(Some(&signed), &edited, &sup),
        Err(RuleError::Final { .. })
    ));
    let mut removed = signed.clone();
    removed.reviews.clear();
    assert!(check(Some(&signed), &removed, &sup).is_err());
    // Unchanged sign-offs are anyone's.
    assert!(check(Some(&signed), &signed, &reviewer).is_ok());
}
