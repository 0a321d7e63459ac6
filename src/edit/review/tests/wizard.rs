//! The review wizard: steps, per-step rules, navigation and the finished review.
use super::{advance_to, two_orders, vals, wizard};
use crate::domain::testkit::{d, dt, rated, subject, today, visit};
use crate::domain::*;
use crate::edit::review::*;
use crate::edit::{FieldIssue, FieldKind};

fn kinds(w: &ReviewWizard) -> Vec<StepKind> {
    w.steps().iter().map(|s| s.kind.clone()).collect()
}

fn cond(order: ItemId, condition: ItemId) -> StepKind {
    StepKind::Condition { order, condition }
}

#[test]
fn one_step_per_active_condition_of_every_active_order_then_the_rest() {
    let w = wizard(&two_orders());
    assert_eq!(
        kinds(&w),
        vec![
            cond(1, 1),
            cond(1, 3),
            cond(2, 1),
            StepKind::Notifications,
            StepKind::Visit,
            StepKind::Risk,
            StepKind::NextReview,
            StepKind::Summary,
        ]
    );
    assert_eq!(w.current(), 0);
    let first = w.step();
    assert_eq!(first.title, "Condition 1 of 3: SPO contact");
    assert_eq!(
        first.context[..2],
        [
            "Order: SPO LS/2025/0001, Leeds Magistrates' Court, until further order".to_string(),
            "Prohibition (contact): Not to contact the protected person by any means".to_string(),
        ]
    );
    assert_eq!(first.context[2], "Checked by: victim contact");
    assert_eq!(
        first.fields[0].kind,
        FieldKind::Choice(vec![
            crate::edit::Choice::new("complied", "Complied"),
            crate::edit::Choice::new("breached", "Breached"),
            crate::edit::Choice::new("not_verified", "Not verified"),
            crate::edit::Choice::new("not_applicable", "Not applicable"),
        ])
    );
    assert_eq!(
        first.values,
        vals(&["", ""]),
        "no outcome is chosen for the reviewer"
    );
    let third = &w.steps()[2];
    assert_eq!(third.title, "Condition 3 of 3: SCPO devices");
    assert!(
        third
            .context
            .contains(&"Requirement (devices): Declare every device".to_string())
    );
}

#[test]
fn a_subject_without_active_conditions_still_gets_the_other_steps() {
    let w = wizard(&subject());
    assert_eq!(
        kinds(&w),
        vec![
            StepKind::Notifications,
            StepKind::Visit,
            StepKind::Risk,
            StepKind::NextReview,
            StepKind::Summary,
        ]
    );
    assert_eq!(
        w.step().context,
        vec![
            "Notify within 3 days of the trigger; RSO: no".to_string(),
            "No notification clocks recorded.".to_string(),
        ]
    );
}

#[test]
fn condition_context_shows_the_last_outcome_and_breaches() {
    let mut s = two_orders();
    let mut last = crate::domain::testkit::review(1, d(2026, 5, 20));
    last.outcomes = vec![ConditionOutcome {
        order: 1,
        condition: 1,
        outcome: ComplianceOutcome::NotVerified,
        note: "Victim not reached".to_string(),
    }];
    s.reviews = vec![last];
    s.breaches = vec![Breach {
        conditions: vec![1],
        ..crate::domain::testkit::breach(1, dt(2026, 6, 2, 22, 10), 1)
    }];
    let w = wizard(&s);
    let context = &w.step().context;
    assert!(
        context
            .contains(&"Last review (20 May 2026): not verified: Victim not reached".to_string()),
        "{context:?}"
    );
    assert!(
        context.contains(&"Breaches of this condition: 1, latest 2 Jun 2026 22:10".to_string()),
        "{context:?}"
    );
}

#[test]
fn an_outcome_is_required_and_a_note_when_breached_or_not_verified() {
    let mut w = wizard(&two_orders());
    assert!(!w.next(), "no outcome chosen yet");
    assert_eq!(
        w.set_values(vals(&["", ""])),
        Err(vec![FieldIssue {
            field: Some(0),
            message: "choose an outcome for this condition".to_string()
        }])
    );
    let e = w
        .set_values(vals(&["Breached", "  "]))
        .expect_err("note needed");
    assert_eq!(e[0].field, Some(1));
    assert!(
        e[0].message
            .contains("note is required for a breached condition"),
        "{e:?}"
    );
    assert!(!w.next());
    assert_eq!(w.step().values, vals(&["Breached", "  "]), "kept as typed");
    assert_eq!(
        w.breached_conditions(),
        vec![(1, 1)],
        "marked, even before the note"
    );
    let e = w
        .set_values(vals(&["Not verified", ""]))
        .expect_err("note needed");
    assert!(e[0].message.contains("not verified: say why"), "{e:?}");
    assert_eq!(w.set_values(vals(&["Not applicable", ""])), Ok(()));
    assert_eq!(w.set_values(vals(&["Complied", ""])), Ok(()));
    assert!(w.set_values(vals(&["Maybe", ""])).is_err());
    w.set_values(vals(&["Breached", "Texted the victim on 2 June"]))
        .expect("breach with a note");
    assert!(w.next());
    assert_eq!(w.current(), 1);
    w.set_values(vals(&["Complied", ""])).expect("ok");
    assert!(w.next());
    w.set_values(vals(&["Breached", "Phone not declared"]))
        .expect("ok");
    assert_eq!(w.breached_conditions(), vec![(1, 1), (2, 1)]);
}

#[test]
fn visit_fields_are_required_only_when_a_visit_is_recorded() {
    let mut w = wizard(&two_orders());
    advance_to(&mut w, &StepKind::Visit);
    assert_eq!(
        w.step().values,
        vals(&["no_visit", "15/06/2026", "", "", "", ""])
    );
    assert_eq!(
        w.set_values(vals(&["No visit", "", "", "", "", ""])),
        Ok(())
    );
    let e = w
        .set_values(vals(&["Visit", "", "", "", "", ""]))
        .expect_err("details needed");
    let fields: Vec<_> = e.iter().map(|i| i.field).collect();
    assert_eq!(fields, vec![Some(1), Some(2), Some(3), Some(4)]);
    assert_eq!(e[0].message, "the visit's date is required");
    assert!(!w.next());
    let e = w
        .set_values(vals(&[
            "Visit",
            "16/06/2026",
            "18:30",
            "PC Patel",
            "Seen",
            "",
        ]))
        .expect_err("future");
    assert_eq!(
        e,
        vec![FieldIssue {
            field: Some(1),
            message: "a visit being recorded cannot be in the future".to_string()
        }]
    );
    let e = w
        .set_values(vals(&["Visit", "today", "6pm", "PC Patel", "Away", ""]))
        .expect_err("bad time and outcome");
    assert_eq!(
        e.iter().map(|i| i.field).collect::<Vec<_>>(),
        vec![Some(2), Some(4)]
    );
    assert_eq!(
        w.set_values(vals(&[
            "Visit",
            "14/06/2026",
            "1830",
            "PC Patel",
            "No access",
            ""
        ])),
        Ok(())
    );
    assert!(w.next());
}

#[test]
fn notifications_list_every_clock_with_its_state() {
    let mut s = two_orders();
    s.orders[1].notifications = vec![crate::domain::testkit::notification(1, d(2026, 6, 10))];
    let mut w = wizard(&s);
    advance_to(&mut w, &StepKind::Notifications);
    assert_eq!(
        w.step().context,
        vals(&[
            "Notify within 3 days of the trigger; RSO: no",
            "SPO (active): initial notification, triggered 12 Jan 2025: received 14 Jan 2025, \
             at Elland Road",
            "SCPO (active): initial notification, triggered 10 Jun 2026: OVERDUE by 2 days \
             (due 13 Jun 2026)",
        ])
    );
    s.flags.rso = true;
    let w = wizard(&s);
    let context = &w.steps()[3].context;
    assert_eq!(
        context[0],
        "Notify within 3 days of the trigger; RSO: yes (clocks do not run while on the register)"
    );
    assert!(
        context[2].ends_with("suspended while on the register"),
        "{context:?}"
    );
}

#[test]
fn back_and_next_keep_the_values() {
    let mut w = wizard(&two_orders());
    assert!(!w.back(), "nothing before the first step");
    w.set_values(vals(&["Not verified", "Victim on holiday"]))
        .expect("ok");
    assert!(w.next());
    w.set_values(vals(&["Complied", "Provider report 10 June"]))
        .expect("ok");
    assert!(w.back());
    assert_eq!(w.current(), 0);
    assert_eq!(
        w.step().values,
        vals(&["Not verified", "Victim on holiday"])
    );
    assert!(w.next());
    assert_eq!(
        w.step().values,
        vals(&["Complied", "Provider report 10 June"])
    );
    advance_to(&mut w, &StepKind::Summary);
    assert!(!w.next(), "nothing after the summary");
    assert_eq!(w.current(), 7);
    w.back();
    w.back();
    w.back();
    assert_eq!(w.step().kind, StepKind::Visit);
    w.set_values(vals(&[
        "Visit", "today", "10:00", "PC Patel", "Seen", "Calm",
    ]))
    .expect("ok");
    advance_to(&mut w, &StepKind::Summary);
    w.back();
    w.back();
    w.back();
    assert_eq!(
        w.step().values,
        vals(&["Visit", "today", "10:00", "PC Patel", "Seen", "Calm"])
    );
}

#[test]
fn the_wrong_number_of_values_is_refused_and_not_stored() {
    let mut w = wizard(&two_orders());
    let e = w.set_values(vals(&["Complied"])).expect_err("two fields");
    assert_eq!(e[0].field, None);
    assert_eq!(w.step().values, vals(&["", ""]));
}

#[test]
fn finish_refuses_an_incomplete_review_naming_the_step() {
    let s = two_orders();
    let w = wizard(&s);
    let e = w.finish(&s).expect_err("no outcomes chosen");
    assert_eq!(
        e.to_string(),
        "the review is not complete: Condition 1 of 3: SPO contact: Outcome: choose an outcome \
         for this condition"
    );
}

#[test]
fn finish_builds_the_review_and_visit_and_keeps_the_risk() {
    let mut s = two_orders();
    s.visits = vec![visit(3, dt(2026, 5, 1, 9, 0))];
    let mut w = wizard(&s);
    w.set_values(vals(&["Breached", "Texted the victim"]))
        .expect("ok");
    w.next();
    w.set_values(vals(&["Not applicable", ""])).expect("ok");
    w.next();
    w.set_values(vals(&["Complied", "Phone checked"]))
        .expect("ok");
    w.next();
    w.set_values(vals(&["All received on time"])).expect("ok");
    w.next();
    w.set_values(vals(&[
        "Visit",
        "12/06/2026",
        "19:45",
        "PC Patel",
        "Seen",
        "At home",
    ]))
    .expect("ok");
    w.next();
    // Nothing calls for a re-assessment: keep the risk.
    assert_eq!(w.step().values[0], "keep");
    let mut risk = w.step().values.clone();
    risk[0] = "Keep current risk".to_string();
    w.set_values(risk).expect("ok");
    w.next();
    w.next();
    w.set_values(vals(&["Breach to be investigated"]))
        .expect("ok");
    let out = w.finish(&s).expect("finished");

    assert_eq!(out.visits.len(), 2);
    let v = &out.visits[1];
    assert_eq!(
        (
            v.id,
            v.at,
            v.officer.as_str(),
            v.outcome,
            v.findings.as_str()
        ),
        (
            4,
            dt(2026, 6, 12, 19, 45),
            "PC Patel",
            VisitOutcome::Seen,
            "At home"
        )
    );
    let r = out.reviews.last().expect("a review");
    assert_eq!(r.id, 1);
    assert_eq!(r.date, today());
    assert_eq!(r.reviewer, "DC Jones");
    assert_eq!(
        r.outcomes,
        vec![
            ConditionOutcome {
                order: 1,
                condition: 1,
                outcome: ComplianceOutcome::Breached,
                note: "Texted the victim".to_string()
            },
            ConditionOutcome {
                order: 1,
                condition: 3,
                outcome: ComplianceOutcome::NotApplicable,
                note: String::new()
            },
            ConditionOutcome {
                order: 2,
                condition: 1,
                outcome: ComplianceOutcome::Complied,
                note: "Phone checked".to_string()
            },
        ]
    );
    assert_eq!(r.notifications_note, "All received on time");
    assert_eq!(r.visit, Some(4));
    assert!(!r.risk_reassessed);
    assert_eq!(r.summary, "Breach to be investigated");
    assert_eq!(r.sign_off, SignOff::default());
    assert_eq!(r.sign_off.status, SignOffStatus::Awaiting);
    // kept: no new assessment; the cadence for the current level sets the next review
    assert_eq!(out.assessments, s.assessments);
    assert_eq!(out.reassessment_due, None);
    assert_eq!(r.next_review, d(2026, 7, 13));
    assert_eq!(out.next_review, Some(d(2026, 7, 13)));
    assert!(validate_subject(&out).is_empty());
    assert_eq!(
        awaiting(&out).last().map(|(t, _)| *t),
        Some(SignTarget::Review(1))
    );
}

#[test]
fn summary_context_sums_up_every_step() {
    let s = two_orders();
    let mut w = wizard(&s);
    w.set_values(vals(&["Breached", "Texted the victim"]))
        .expect("ok");
    advance_to(&mut w, &StepKind::Summary);
    assert_eq!(
        w.step().context,
        vals(&[
            "Conditions: 2 complied, 1 BREACHED, 0 not verified, 0 n/a",
            "  BREACHED: Condition 1 of 3: SPO contact",
            "Notifications: no note",
            "Visit: none recorded",
            "Risk: kept (High)",
            "Next review: 13 Jul 2026",
            "The review then goes to a supervisor for sign-off.",
        ])
    );
    let mut kept = subject();
    kept.assessments = vec![rated(1, d(2026, 5, 1), RiskLevel::Low)];
    let w = wizard(&kept);
    assert_eq!(
        w.steps().last().map(|s| s.context[3].as_str()),
        Some("Risk: kept (Low)")
    );
}
