//! Signed-off is final: revisions, rounds, which assessment counts, an approved plan, and the
//! breach response and late-review rules.
use crate::domain::testkit::{breach, d, dt, rated, review, subject};
use crate::domain::*;

fn approved(mut so: SignOff) -> SignOff {
    so.status = SignOffStatus::Approved;
    so.by = Some("DI Evans".to_string());
    so
}

/// Assessment 1 (Very High), approved.
fn approved_very_high() -> Subject {
    let mut s = subject();
    s.breaches.clear();
    s.reassessment_due = None;
    let mut a = rated(1, d(2026, 5, 20), RiskLevel::VeryHigh);
    a.sign_off = approved(a.sign_off);
    s.assessments = vec![a];
    s
}

#[test]
fn editing_an_approved_assessment_starts_a_new_version_and_the_approved_one_still_counts() {
    let base = approved_very_high();
    let mut edited = base.clone();
    edited.assessments[0].ratings[0].level = RiskLevel::High;
    edited.assessments[0].rationale = "levels unchanged".to_string();
    let (out, id) = revise(&base, edited, SignTarget::Assessment(1)).expect("revised");
    assert_eq!(id, 2);
    assert_eq!(out.assessments.len(), 2);
    assert_eq!(
        out.assessments[0], base.assessments[0],
        "the approved one is kept as it was"
    );
    let rev = &out.assessments[1];
    assert_eq!(rev.supersedes, Some(1));
    assert_eq!(rev.sign_off.status, SignOffStatus::Awaiting);
    assert_eq!(rev.highest(), Some(RiskLevel::High));
    // Until approved, the approved Very High stands: a lower revision does not lower the risk.
    assert_eq!(out.current_assessment().map(|a| a.id), Some(1));
    assert_eq!(out.current_risk(), Some(RiskLevel::VeryHigh));
    assert_eq!(out.latest_assessment().map(|a| a.id), Some(2));
    assert_eq!(
        awaiting(&out),
        vec![(
            SignTarget::Assessment(2),
            "Risk assessment of 20 May 2026 by DS Khan (High) (round 2)".to_string()
        )]
    );
    // A higher revision raises it at once.
    let mut raised = base.clone();
    raised.assessments[0].ratings.push(GroupRating {
        group: RiskGroup::Children,
        level: RiskLevel::VeryHigh,
    });
    let mut low = approved_very_high();
    low.assessments[0].ratings[0].level = RiskLevel::Medium;
    let mut up = low.clone();
    up.assessments[0].ratings[0].level = RiskLevel::High;
    let (up, _) = revise(&low, up, SignTarget::Assessment(1)).expect("revised");
    assert_eq!(up.current_risk(), Some(RiskLevel::High));
    // Once approved, the revision is the current assessment.
    let dci = Actor::new("DCI Grey", &[Role::Supervisor]).with_officer(Officer {
        rank: Some(Rank::ChiefInspector),
        ..Officer::default()
    });
    let done = sign_off(
        &out,
        SignTarget::Assessment(2),
        Decision::Approve,
        dt(2026, 6, 1, 9, 0),
        &dci,
        &SignOffRanks::default(),
    )
    .expect("approved");
    assert_eq!(done.current_assessment().map(|a| a.id), Some(2));
    assert_eq!(done.current_risk(), Some(RiskLevel::High));
    // The approved first version has a newer one: a change goes on that one.
    let mut again = done.clone();
    again.assessments[0].rationale = "x".to_string();
    assert!(matches!(
        revise(&done, again, SignTarget::Assessment(1)),
        Err(RuleError::Superseded { newer: 2, .. })
    ));
}

#[test]
fn a_returned_record_comes_back_as_a_new_round_and_rounds_are_kept() {
    let mut base = subject();
    let mut r = review(1, d(2026, 6, 1));
    r.sign_off.status = SignOffStatus::Returned;
    r.sign_off.comment = "Say how contact was checked".to_string();
    base.reviews = vec![r];
    let mut edited = base.clone();
    edited.reviews[0].summary = "Victim contacted by phone on 2 Jun".to_string();
    let (out, id) = revise(&base, edited, SignTarget::Review(1)).expect("round 2");
    assert_eq!(
        out.reviews[0], base.reviews[0],
        "round 1 kept with its comment"
    );
    assert_eq!(out.reviews[1].id, id);
    assert_eq!(out.reviews[1].supersedes, Some(1));
    assert_eq!(out.reviews[1].sign_off, SignOff::default());
    assert!(is_superseded(&out.reviews, 1));
    assert_eq!(chain(&out.reviews, &out.reviews[1]).len(), 2);
    // A review awaiting sign-off is edited in place.
    let mut edit = out.clone();
    edit.reviews[1].summary = "better".to_string();
    let (again, same) = revise(&out, edit, SignTarget::Review(id)).expect("in place");
    assert_eq!(same, id);
    assert_eq!(again.reviews.len(), 2);
    assert_eq!(again.reviews[1].summary, "better");
}

#[test]
fn an_approved_plan_changed_goes_back_to_awaiting_and_the_store_refuses_a_silent_change() {
    let mut base = subject();
    base.plan_sign_off = Some(approved(SignOff::default()));
    let mut changed = base.clone();
    changed.section1.narrative = "new narrative".to_string();
    // Written as it is, the store refuses it.
    assert!(matches!(
        check_final(&base, &changed),
        Err(RuleError::Final { .. })
    ));
    let reopened = reopen_plan(&base, changed);
    assert_eq!(
        reopened.plan_sign_off.as_ref().map(|so| so.status),
        Some(SignOffStatus::Awaiting)
    );
    assert!(check_final(&base, &reopened).is_ok());
    // Day-to-day records are not the plan.
    let mut visit = base.clone();
    visit.next_review = Some(d(2027, 1, 1));
    assert!(!plan_changed(&base, &visit));
    assert_eq!(reopen_plan(&base, visit.clone()), visit);
}

#[test]
fn tactical_options_of_an_approved_assessment_are_tracked_without_a_new_version() {
    let mut base = approved_very_high();
    base.assessments[0].tactical_options.push(TacticalOption {
        id: 1,
        option: "Home visit".to_string(),
        owner: None,
        due: None,
        status: ActionStatus::Proposed,
    });
    let mut done = base.clone();
    done.assessments[0].tactical_options[0].status = ActionStatus::Done;
    assert!(check_final(&base, &done).is_ok());
}

#[test]
fn a_breach_needs_a_real_response_in_the_re_assessment() {
    let mut old = approved_very_high();
    old.breaches = vec![breach(1, dt(2026, 6, 10, 21, 0), 1)];
    old.reassessment_due = Some(d(2026, 6, 10));
    assert!(old.needs_reassessment());
    let mut new = old.clone();
    new.reassessment_due = None;
    let mut a = rated(2, d(2026, 6, 12), RiskLevel::VeryHigh);
    a.rationale = "levels unchanged".to_string();
    new.assessments.push(a);
    let e = check_breach_response(&old, &new).expect_err("no response");
    assert!(e.to_string().contains("breach on 10 Jun 2026"), "{e}");
    new.assessments[1].breach_rationale = "too short".to_string();
    assert!(check_breach_response(&old, &new).is_err());
    new.assessments[1].breach_rationale =
        "Contact by text breaches the ban: visits doubled, levels kept".to_string();
    assert!(check_breach_response(&old, &new).is_ok());
    // The flag cannot be cleared without a re-assessment.
    let mut cleared = old.clone();
    cleared.reassessment_due = None;
    assert!(matches!(
        check_breach_response(&old, &cleared),
        Err(RuleError::ReassessmentOutstanding(_))
    ));
}

#[test]
fn a_next_review_later_than_the_cadence_needs_a_reason() {
    let cadence = Cadence::default();
    let on = d(2026, 6, 1);
    // Very High: two weeks.
    assert!(check_late_review(on, d(2026, 6, 15), "", Some(RiskLevel::VeryHigh), &cadence).is_ok());
    let e = check_late_review(on, d(2026, 7, 1), " ", Some(RiskLevel::VeryHigh), &cadence)
        .expect_err("late");
    assert_eq!(
        e.to_string(),
        "the next review on 1 Jul 2026 is later than the Very High cadence allows (15 Jun \
         2026): give a reason for the supervisor, or choose an earlier date"
    );
    assert!(
        check_late_review(
            on,
            d(2026, 7, 1),
            "Subject in hospital",
            Some(RiskLevel::VeryHigh),
            &cadence
        )
        .is_ok()
    );
    // Nothing rated counts as Medium (three months).
    assert!(check_late_review(on, d(2026, 9, 1), "", None, &cadence).is_ok());
}
