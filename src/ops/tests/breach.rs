//! Recording and editing breaches: the flag and the review brought forward.
use crate::domain::Policy;
use crate::domain::testkit::{breach, condition, d, dt, order, rated, review, subject, today};
use crate::domain::*;
use crate::ops::breach::*;

/// An SPO (order 1, conditions 1 and 2) assessed Low on 1 May 2026, review due 1 Sep 2026.
fn managed() -> Subject {
    let mut s = subject();
    let mut spo = order(1, OrderKind::Spo);
    spo.conditions = vec![condition(1), condition(2)];
    s.orders = vec![spo];
    s.assessments = vec![rated(1, d(2026, 5, 1), RiskLevel::Low)];
    s.next_review = Some(d(2026, 9, 1));
    s
}

fn new_breach(at: chrono::NaiveDateTime) -> Breach {
    Breach {
        conditions: vec![1],
        ..breach(0, at, 1)
    }
}

#[test]
fn recording_sets_the_flag_and_pulls_the_review_forward() {
    let s = managed();
    assert!(!s.needs_reassessment());
    let out = record_breach(
        &s,
        new_breach(dt(2026, 6, 10, 21, 0)),
        &Policy::default(),
        today(),
    )
    .expect("recorded");
    assert_eq!(out.breaches.len(), 1);
    assert_eq!(out.breaches[0].id, 1, "id 0 means new: the first gets 1");
    assert_eq!(out.reassessment_due, Some(d(2026, 6, 10)));
    // seven days from the day it is recorded (config default), not from the breach
    assert_eq!(out.next_review, Some(d(2026, 6, 22)));
    assert!(out.needs_reassessment());
    assert_eq!(s, managed(), "the input is not modified");
}

#[test]
fn a_breach_on_the_day_of_the_assessment_still_raises_the_subject() {
    let s = managed();
    let out = record_breach(
        &s,
        new_breach(dt(2026, 5, 1, 8, 0)),
        &Policy::default(),
        today(),
    )
    .expect("recorded");
    assert!(out.needs_reassessment());
    assert_eq!(out.reassessment_due, Some(d(2026, 5, 1)));
}

#[test]
fn the_review_is_never_pushed_later() {
    let config = Policy::default();
    let at = dt(2026, 6, 14, 9, 0);
    let mut s = managed();
    s.next_review = Some(d(2026, 6, 17));
    let out = record_breach(&s, new_breach(at), &config, today()).expect("recorded");
    assert_eq!(out.next_review, Some(d(2026, 6, 17)), "earlier date kept");
    s.next_review = Some(d(2026, 6, 1));
    let out = record_breach(&s, new_breach(at), &config, today()).expect("recorded");
    assert_eq!(
        out.next_review,
        Some(d(2026, 6, 1)),
        "an overdue review stays overdue"
    );
    // No explicit date: the cadence (Very High, 2 weeks from the review of 5 June) is earlier.
    s.next_review = None;
    s.assessments = vec![rated(1, d(2026, 6, 5), RiskLevel::VeryHigh)];
    s.reviews = vec![review(1, d(2026, 6, 5))];
    let out = record_breach(&s, new_breach(at), &config, today()).expect("recorded");
    assert_eq!(out.next_review, Some(d(2026, 6, 19)));
}

#[test]
fn configured_window_is_used() {
    let config = Policy {
        breach_review_within_days: 0,
        ..Policy::default()
    };
    let out = record_breach(
        &managed(),
        new_breach(dt(2026, 6, 1, 9, 0)),
        &config,
        today(),
    )
    .expect("recorded");
    assert_eq!(out.next_review, Some(today()));
}

#[test]
fn the_flag_keeps_the_earliest_date() {
    let config = Policy::default();
    let mut s = managed();
    s.reassessment_due = Some(d(2026, 6, 1));
    let out =
        record_breach(&s, new_breach(dt(2026, 6, 10, 9, 0)), &config, today()).expect("recorded");
    assert_eq!(out.reassessment_due, Some(d(2026, 6, 1)));
    let out =
        record_breach(&s, new_breach(dt(2026, 5, 20, 9, 0)), &config, today()).expect("recorded");
    assert_eq!(out.reassessment_due, Some(d(2026, 5, 20)));
}

#[test]
fn new_ids_follow_the_largest_and_explicit_ids_must_be_free() {
    let config = Policy::default();
    let mut s = managed();
    s.breaches = vec![
        breach(4, dt(2026, 1, 1, 9, 0), 1),
        breach(2, dt(2026, 2, 1, 9, 0), 1),
    ];
    let out =
        record_breach(&s, new_breach(dt(2026, 6, 1, 9, 0)), &config, today()).expect("recorded");
    assert_eq!(out.breaches.last().map(|b| b.id), Some(5));
    let mut explicit = new_breach(dt(2026, 6, 1, 9, 0));
    explicit.id = 9;
    let out = record_breach(&s, explicit.clone(), &config, today()).expect("recorded");
    assert_eq!(out.breaches.last().map(|b| b.id), Some(9));
    explicit.id = 4;
    assert_eq!(
        record_breach(&s, explicit, &config, today()),
        Err(RuleError::DuplicateBreach(4))
    );
}

#[test]
fn unknown_order_or_condition_is_refused_and_nothing_changes() {
    let config = Policy::default();
    let s = managed();
    let mut b = new_breach(dt(2026, 6, 10, 9, 0));
    b.order = 9;
    let e = record_breach(&s, b, &config, today()).expect_err("no order 9");
    assert_eq!(e, RuleError::UnknownOrder(9));
    assert_eq!(e.to_string(), "order 9 does not exist on this subject");
    let mut b = new_breach(dt(2026, 6, 10, 9, 0));
    b.conditions = vec![1, 7];
    let e = record_breach(&s, b, &config, today()).expect_err("no condition 7");
    assert_eq!(e.to_string(), "order 1 has no condition 7");
    assert_eq!(s, managed());
}

#[test]
fn a_future_breach_or_an_invalid_one_is_refused() {
    let config = Policy::default();
    let e = record_breach(
        &managed(),
        new_breach(dt(2026, 6, 16, 0, 5)),
        &config,
        today(),
    )
    .expect_err("future");
    assert_eq!(
        e.to_string(),
        "the breach is dated 16 Jun 2026 00:05, which is in the future"
    );
    let mut b = new_breach(dt(2026, 6, 10, 9, 0));
    b.description = "  ".to_string();
    let e = record_breach(&managed(), b, &config, today()).expect_err("no description");
    assert!(matches!(e, RuleError::Invalid(_)), "{e:?}");
    assert_eq!(
        e.to_string(),
        "not saved: breaches[0].description: is required and may not be empty"
    );
}

#[test]
fn editing_the_outcome_keeps_the_flag_and_the_review() {
    let config = Policy::default();
    let s = record_breach(
        &managed(),
        new_breach(dt(2026, 6, 10, 21, 0)),
        &config,
        today(),
    )
    .expect("recorded");
    let mut edited = s.breaches[0].clone();
    edited.action = "Arrested at home address".to_string();
    edited.outcome = BreachOutcome::Charge;
    edited.reference = Some("13/55555/26".to_string());
    let later = d(2026, 6, 20);
    let out = update_breach(&s, edited.clone(), &config, later).expect("updated");
    assert_eq!(out.breaches, vec![edited.clone()]);
    assert_eq!(out.reassessment_due, Some(d(2026, 6, 10)), "not cleared");
    assert_eq!(out.next_review, Some(d(2026, 6, 22)), "not moved");
    // After a re-assessment cleared the flag, an outcome edit does not raise it again...
    let mut reassessed = out.clone();
    reassessed.reassessment_due = None;
    reassessed
        .assessments
        .push(rated(2, d(2026, 6, 18), RiskLevel::High));
    reassessed.next_review = Some(d(2026, 7, 2));
    edited.outcome = BreachOutcome::Conviction;
    let out = update_breach(&reassessed, edited.clone(), &config, later).expect("updated");
    assert_eq!(out.reassessment_due, None);
    assert_eq!(out.next_review, Some(d(2026, 7, 2)));
    assert!(!out.needs_reassessment());
    // ...but correcting its date raises it as if just recorded.
    edited.at = dt(2026, 6, 19, 22, 0);
    let out = update_breach(&reassessed, edited, &config, later).expect("updated");
    assert_eq!(out.reassessment_due, Some(d(2026, 6, 19)));
    assert_eq!(out.next_review, Some(d(2026, 6, 27)));
}

#[test]
fn editing_an_unknown_breach_or_to_an_unknown_order_is_refused() {
    let config = Policy::default();
    let s = record_breach(
        &managed(),
        new_breach(dt(2026, 6, 10, 21, 0)),
        &config,
        today(),
    )
    .expect("recorded");
    let mut b = s.breaches[0].clone();
    b.id = 3;
    assert_eq!(
        update_breach(&s, b, &config, today()),
        Err(RuleError::UnknownBreach(3))
    );
    let mut b = s.breaches[0].clone();
    b.order = 2;
    assert_eq!(
        update_breach(&s, b, &config, today()),
        Err(RuleError::UnknownOrder(2))
    );
}
