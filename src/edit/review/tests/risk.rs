//! The wizard's Risk and Next review steps, and a finished re-assessment.
use super::{advance_to, two_orders, vals, wizard};
use crate::domain::Policy;
use crate::domain::testkit::{breach, d, dt, rated, subject, today};
use crate::domain::*;
use crate::edit::review::*;

/// Risk fields: 0 decision, 1 named victim, 2 future partners, 3 children, 4 public, 5 staff,
/// 6 rationale.
fn at_risk(s: &Subject) -> ReviewWizard {
    let mut w = wizard(s);
    advance_to(&mut w, &StepKind::Risk);
    w
}

fn next_review_value(w: &ReviewWizard) -> String {
    w.steps()
        .iter()
        .find(|s| s.kind == StepKind::NextReview)
        .map(|s| s.values[0].clone())
        .unwrap_or_default()
}

#[test]
fn the_risk_step_is_prefilled_from_the_current_assessment() {
    let w = at_risk(&two_orders());
    let step = w.step();
    let labels: Vec<_> = step.fields.iter().map(|f| f.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Risk",
            "Named victim",
            "Future partners",
            "Children",
            "Public",
            "Staff",
            "Rationale"
        ]
    );
    assert_eq!(
        step.values,
        vals(&[
            "keep",
            "high",
            "not_rated",
            "not_rated",
            "low",
            "not_rated",
            ""
        ])
    );
    assert_eq!(
        step.context[0],
        "Current assessment: 1 May 2026 by DS Khan: Named victim High, Public Low"
    );
    // A group only the current assessment names gets its own field.
    let mut s = two_orders();
    s.assessments[0].ratings.push(GroupRating {
        group: RiskGroup::Other("Victim's new partner".to_string()),
        level: RiskLevel::Medium,
    });
    let w = at_risk(&s);
    assert_eq!(w.step().fields[6].label, "Victim's new partner");
    assert_eq!(w.step().values[6], "medium");
}

#[test]
fn a_changed_level_needs_a_rationale() {
    let mut w = at_risk(&two_orders());
    let e = w
        .set_values(vals(&[
            "Re-assess",
            "Very High",
            "Not rated",
            "Medium",
            "Low",
            "Not rated",
            " ",
        ]))
        .expect_err("rationale needed");
    assert_eq!(e[0].field, Some(6));
    assert_eq!(
        e[0].message,
        "a rationale is required because the levels changed (Named victim High -> Very High, \
         Children Not rated -> Medium)"
    );
    assert!(!w.next());
    let changed = vals(&[
        "Re-assess",
        "Very High",
        "Not rated",
        "Medium",
        "Low",
        "Not rated",
        "New threats to the victim's children",
    ]);
    assert_eq!(w.set_values(changed), Ok(()));
}

#[test]
fn keeping_the_risk_with_changed_levels_is_refused() {
    let mut w = at_risk(&two_orders());
    let e = w
        .set_values(vals(&[
            "Keep current risk",
            "High",
            "Not rated",
            "Not rated",
            "Not rated",
            "Not rated",
            "why",
        ]))
        .expect_err("changed but kept");
    assert_eq!(e[0].field, Some(4));
    assert_eq!(
        e[0].message,
        "levels changed (Public Low -> Not rated): choose Re-assess to record them, or put them back"
    );
}

#[test]
fn re_assessing_needs_a_rated_group_but_no_rationale_when_nothing_changed() {
    let mut w = at_risk(&two_orders());
    let e = w
        .set_values(vals(&[
            "Re-assess",
            "Not rated",
            "Not rated",
            "Not rated",
            "Not rated",
            "Not rated",
            "x",
        ]))
        .expect_err("nothing rated");
    assert_eq!(
        e[0].message,
        "rate at least one group to re-assess the risk"
    );
    let same = vals(&[
        "Re-assess",
        "High",
        "Not rated",
        "Not rated",
        "Low",
        "Not rated",
        "",
    ]);
    assert_eq!(w.set_values(same), Ok(()));
    assert!(
        w.set_values(vals(&["Re-assess", "Severe", "", "", "", "", ""]))
            .is_err()
    );
}

#[test]
fn next_review_is_proposed_from_the_cadence_for_the_level() {
    for (level, expected) in [
        (RiskLevel::VeryHigh, "29/06/2026"),
        (RiskLevel::High, "13/07/2026"),
        (RiskLevel::Medium, "15/09/2026"),
        (RiskLevel::Low, "15/12/2026"),
    ] {
        let mut s = subject();
        s.assessments = vec![rated(1, d(2026, 5, 1), level)];
        let mut w = wizard(&s);
        advance_to(&mut w, &StepKind::NextReview);
        assert_eq!(w.step().values, vals(&[expected]), "{level:?}");
    }
    // nothing rated: Medium (with nothing to keep, re-assessing is suggested: decline it)
    let mut w = wizard(&subject());
    assert_eq!(next_review_value(&w), "15/09/2026");
    advance_to(&mut w, &StepKind::Risk);
    assert_eq!(w.step().values[0], "reassess");
    assert!(!w.next(), "re-assessing needs a rated group");
    let mut keep = w.step().values.clone();
    keep[0] = "Keep current risk".to_string();
    w.set_values(keep).expect("keeping nothing is allowed");
    advance_to(&mut w, &StepKind::NextReview);
    assert_eq!(
        w.step().context[0],
        "Cadence for Medium (nothing rated): every 3m, so 15 Sep 2026"
    );
    // configured cadence
    let config = Policy {
        cadence: Cadence {
            high: Period::Days(10),
            ..Cadence::default()
        },
        ..Policy::default()
    };
    let w = ReviewWizard::new(&two_orders(), today(), &config, "DC Jones");
    assert_eq!(next_review_value(&w), "25/06/2026");
}

#[test]
fn re_assessing_changes_the_proposal_unless_the_user_typed_a_date() {
    let mut w = at_risk(&two_orders());
    assert_eq!(next_review_value(&w), "13/07/2026");
    let up = vals(&[
        "Re-assess",
        "Very High",
        "Not rated",
        "Not rated",
        "Low",
        "Not rated",
        "Escalating",
    ]);
    w.set_values(up).expect("ok");
    assert_eq!(next_review_value(&w), "29/06/2026");
    assert!(w.next());
    w.set_values(vals(&["+7d", ""])).expect("a typed date");
    assert!(w.back());
    let down = vals(&[
        "Re-assess",
        "Low",
        "Not rated",
        "Not rated",
        "Low",
        "Not rated",
        "Calmer",
    ]);
    w.set_values(down).expect("ok");
    assert_eq!(next_review_value(&w), "+7d", "the typed date is kept");
}

#[test]
fn the_next_review_cannot_be_before_today() {
    let mut w = wizard(&two_orders());
    advance_to(&mut w, &StepKind::NextReview);
    let e = w.set_values(vals(&["14/06/2026", ""])).expect_err("past");
    assert_eq!(
        e[0].message,
        "the next review cannot be before today (15 Jun 2026)"
    );
    assert!(w.set_values(vals(&["", ""])).is_err());
    assert!(w.set_values(vals(&["soon", ""])).is_err());
    assert_eq!(w.set_values(vals(&["today", ""])), Ok(()));
    assert_eq!(w.set_values(vals(&["2026-07-13", ""])), Ok(()));
}

#[test]
fn a_next_review_later_than_the_cadence_needs_a_reason_the_supervisor_sees() {
    // High risk: every four weeks, so 13 Jul 2026 at the latest without a reason.
    let s = two_orders();
    let mut w = wizard(&s);
    advance_to(&mut w, &StepKind::NextReview);
    let e = w
        .set_values(vals(&["14/07/2026", ""]))
        .expect_err("later than the cadence");
    assert_eq!(e[0].field, Some(1));
    assert_eq!(
        e[0].message,
        "the next review on 14 Jul 2026 is later than the High cadence allows (13 Jul 2026): \
         give a reason for the supervisor, or choose an earlier date"
    );
    assert!(!w.next(), "the step stays until it is right");
    w.set_values(vals(&[
        "14/07/2026",
        "Subject abroad until 14 Jul (verified)",
    ]))
    .expect("a reason is enough");
    advance_to(&mut w, &StepKind::Summary);
    assert!(
        w.step().context.contains(
            &"  Later than the cadence because: Subject abroad until 14 Jul (verified)".to_string()
        ),
        "{:?}",
        w.step().context
    );
}

/// `two_orders` after a breach on 10 June recorded the same day: flagged for re-assessment from
/// 10 June, review brought forward to 17 June (what `ops::breach` does; tested there).
fn breached() -> Subject {
    let mut s = two_orders();
    s.breaches.push(Breach {
        conditions: vec![1],
        ..breach(1, dt(2026, 6, 10, 21, 0), 1)
    });
    s.reassessment_due = Some(d(2026, 6, 10));
    s.next_review = Some(d(2026, 6, 17));
    assert!(
        validate_subject(&s).is_empty(),
        "{:?}",
        validate_subject(&s)
    );
    s
}

#[test]
fn a_breach_forces_a_real_re_assessment() {
    let s = breached();
    assert_eq!(s.next_review, Some(d(2026, 6, 17)));
    let mut w = at_risk(&s);
    assert_eq!(w.step().values[0], "reassess", "suggested when due");
    assert!(
        w.step()
            .context
            .contains(&"RE-ASSESSMENT REQUIRED: breach on 10 Jun 2026".to_string())
    );
    let labels: Vec<&str> = w.step().fields.iter().map(|f| f.label.as_str()).collect();
    assert_eq!(labels.last(), Some(&"Breach response"));
    // Keeping the current risk is refused while the re-assessment is required.
    let mut keep = w.step().values.clone();
    keep[0] = "Keep current risk".to_string();
    let e = w.set_values(keep).expect_err("keep refused");
    assert_eq!(e[0].field, Some(0));
    assert!(
        e[0].message.contains("a breach requires re-assessment"),
        "{e:?}"
    );
    // Re-assessing with the same levels still needs a response to the breach.
    let mut same = w.step().values.clone();
    same[0] = "Re-assess".to_string();
    let e = w.set_values(same.clone()).expect_err("no response");
    let last = w.step().fields.len() - 1;
    assert_eq!(e[0].field, Some(last));
    *same.last_mut().expect("response field") = "ok".to_string();
    assert!(
        w.set_values(same.clone()).is_err(),
        "too short to address a breach"
    );
    *same.last_mut().expect("response field") =
        "Texts to the victim breach the contact ban: visits doubled, levels stay High".to_string();
    w.set_values(same).expect("answered");
    // Re-assessing deals with the breach: the cadence applies.
    assert_eq!(next_review_value(&w), "13/07/2026");
    advance_to(&mut w, &StepKind::Summary);
    let out = w.finish(&s).expect("finished");
    let a = out.assessments.last().expect("re-assessment");
    assert!(a.breach_rationale.starts_with("Texts to the victim"));
    assert_eq!(out.reassessment_due, None);
    assert_eq!(check_breach_response(&s, &out), Ok(()));
}

#[test]
fn finish_with_a_re_assessment_adds_it_and_clears_the_flag() {
    let s = breached();
    let mut w = at_risk(&s);
    let up = vals(&[
        "Re-assess",
        "Very High",
        "Not rated",
        "Not rated",
        "Low",
        "Not rated",
        "Breach shows escalation",
        "The texts show fixation is growing: raised to Very High",
    ]);
    w.set_values(up).expect("ok");
    advance_to(&mut w, &StepKind::Summary);
    let out = w.finish(&s).expect("finished");
    assert_eq!(out.assessments.len(), 2);
    let a = &out.assessments[1];
    assert_eq!(a.id, 2);
    assert_eq!(a.date, today());
    assert_eq!(a.assessor, "DC Jones");
    assert_eq!(
        a.ratings,
        vec![
            GroupRating {
                group: RiskGroup::NamedVictim,
                level: RiskLevel::VeryHigh
            },
            GroupRating {
                group: RiskGroup::Public,
                level: RiskLevel::Low
            },
        ]
    );
    assert_eq!(a.rationale, "Breach shows escalation");
    assert_eq!(a.tactical_options, s.assessments[0].tactical_options);
    assert_eq!(a.harm, s.assessments[0].harm);
    assert_eq!(a.risk_factors, vec!["Fixation".to_string()]);
    assert_eq!(a.sign_off.status, SignOffStatus::Awaiting);
    assert_eq!(out.current_risk(), Some(RiskLevel::VeryHigh));
    assert_eq!(out.reassessment_due, None);
    assert!(!out.needs_reassessment());
    let r = out.reviews.last().expect("a review");
    assert!(r.risk_reassessed);
    assert_eq!(r.visit, None);
    assert_eq!(r.next_review, d(2026, 6, 29));
    assert_eq!(out.next_review, Some(d(2026, 6, 29)));
    assert_eq!(
        awaiting(&out).len(),
        3,
        "old assessment, new assessment, review"
    );
}

#[test]
fn re_assessing_without_changes_records_a_plain_rationale() {
    let s = two_orders();
    let mut w = at_risk(&s);
    let mut same = w.step().values.clone();
    same[0] = "Re-assess".to_string();
    w.set_values(same).expect("ok");
    advance_to(&mut w, &StepKind::Summary);
    let out = w.finish(&s).expect("finished");
    assert_eq!(
        out.assessments[1].rationale,
        "Re-assessed at the review of 15 Jun 2026: levels unchanged."
    );
}
