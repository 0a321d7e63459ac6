//! Apply: round trips, faults on the right fields, validation faults mapped, ids, not found.
use super::{field, filled, new, new_in, refuse, save};
use crate::domain::testkit::{d, full_subject, today};
use crate::domain::*;
use crate::domain::{ItemKind, PlanPart, Target};
use crate::edit::{EditError, FieldIssue, apply, fields, items, values};

/// Every item the lists show, and the earlier assessment and its tactical option.
fn every_target(s: &Subject) -> Vec<Target> {
    let parts = [
        PlanPart::Section1,
        PlanPart::Section2,
        PlanPart::Risk,
        PlanPart::Timeline,
    ];
    let mut out: Vec<Target> = parts
        .iter()
        .flat_map(|p| items(s, *p))
        .map(|r| r.target)
        .collect();
    out.push(Target::existing(ItemKind::Assessment, 1, None));
    out.push(Target::existing(ItemKind::TacticalOption, 1, Some(1)));
    out
}

#[test]
fn every_item_round_trips_unchanged() {
    let s = full_subject();
    let targets = every_target(&s);
    assert!(targets.len() >= 25, "{}", targets.len());
    for target in targets {
        let v = values(&s, &target, today()).expect("values");
        assert_eq!(v.len(), fields(target.kind, &s).len(), "{target:?}");
        let (out, id) =
            apply(&s, &target, &v, today()).unwrap_or_else(|e| panic!("{target:?}: {e:#?}"));
        assert_eq!(out, s, "{target:?} changed on a round trip");
        assert_eq!(Some(id), target.id, "{target:?}");
    }
}

#[test]
fn round_trip_keeps_other_kinds_labels_and_unrated_other_groups() {
    let mut s = full_subject();
    s.orders[1].kind = OrderKind::Other("DAPO".into());
    s.breaches[0].source = BreachSource::Other("CCTV".into());
    s.breaches[0].outcome = BreachOutcome::Other("community order".into());
    s.assessments[1].ratings.insert(
        0,
        GroupRating {
            group: RiskGroup::Other("Neighbours".into()),
            level: RiskLevel::Low,
        },
    );
    s.orders[0].notifications[0].kind = NotificationKind::Other("new vehicle".into());
    for target in every_target(&s) {
        let v = values(&s, &target, today()).expect("values");
        let (out, _) =
            apply(&s, &target, &v, today()).unwrap_or_else(|e| panic!("{target:?}: {e:#?}"));
        assert_eq!(out, s, "{target:?}");
    }
}

#[test]
fn every_bad_field_gets_its_own_issue_and_nothing_is_built() {
    let s = full_subject();
    let target = Target::existing(ItemKind::Order, 1, None);
    let issues = refuse(
        &s,
        &target,
        &[
            ("court", "  "),
            ("made", "31/02/2026"),
            ("served", "soon"),
            ("end", "Whenever"),
            ("applied", "11/23/2025"),
        ],
    );
    let at = |key: &str| Some(field(&s, ItemKind::Order, key));
    let on = |key: &str| {
        issues
            .iter()
            .filter(|i| i.field == at(key))
            .map(|i| i.message.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(on("court"), vec!["Court is required"]);
    assert_eq!(on("made"), vec!["31 Feb 2026 does not exist"]);
    assert_eq!(on("served").len(), 1);
    assert!(on("end")[0].contains("not one of"));
    assert!(on("applied")[0].contains("month 23 does not exist"));
    assert_eq!(issues.len(), 5, "{issues:#?}");
}

#[test]
fn cross_field_rules_of_the_form() {
    let s = full_subject();
    let order = Target::existing(ItemKind::Order, 1, None);
    let issues = refuse(&s, &order, &[("end", "Fixed date"), ("end_date", "")]);
    assert_eq!(
        issues,
        vec![FieldIssue {
            field: Some(field(&s, ItemKind::Order, "end_date")),
            message: "End date is required for a fixed end".into()
        }]
    );
    let issues = refuse(
        &s,
        &order,
        &[("end", "Until further order"), ("end_date", "1/1/2030")],
    );
    assert_eq!(
        issues[0].field,
        Some(field(&s, ItemKind::Order, "end_date"))
    );
    let issues = refuse(&s, &order, &[("kind", "Other"), ("kind_other", "")]);
    assert_eq!(
        issues[0].field,
        Some(field(&s, ItemKind::Order, "kind_other"))
    );
    let issues = refuse(
        &s,
        &new(ItemKind::Breach),
        &[
            ("time", "21:00"),
            ("description", "x"),
            ("outcome", "Other"),
        ],
    );
    assert_eq!(
        issues[0].field,
        Some(field(&s, ItemKind::Breach, "outcome_other"))
    );
    let none_rated = [("named_victim", "Not rated"), ("public", "Not rated")];
    let issues = refuse(
        &s,
        &Target::existing(ItemKind::Assessment, 1, None),
        &none_rated,
    );
    assert_eq!(
        issues[0].field,
        Some(field(&s, ItemKind::Assessment, "named_victim"))
    );
    assert!(issues[0].message.contains("at least one group"));
}

#[test]
fn validation_faults_land_on_the_field_they_concern() {
    let s = full_subject();
    let order = Target::existing(ItemKind::Order, 1, None);
    let issues = refuse(&s, &order, &[("served", "1/2/2025")]);
    assert_eq!(
        issues,
        vec![FieldIssue {
            field: Some(field(&s, ItemKind::Order, "served")),
            message: "Date served is before the date made".into()
        }]
    );
    let issues = refuse(
        &s,
        &order,
        &[("end", "Fixed date"), ("end_date", "1/1/2025")],
    );
    assert_eq!(
        issues[0].field,
        Some(field(&s, ItemKind::Order, "end_date"))
    );
    // Moving the date made after the variation: the fault is in a variation, not on this form.
    let issues = refuse(&s, &order, &[("made", "2/9/2025"), ("served", "")]);
    assert!(
        issues.iter().any(|i| i.field.is_none()
            && i.message == "Order 1, variation 1, date: is before the date made"),
        "{issues:#?}"
    );
    let issues = refuse(&s, &new_in(ItemKind::Variation, 1), &[("date", "1/1/2025")]);
    assert_eq!(
        issues[0].field,
        Some(field(&s, ItemKind::Variation, "date"))
    );
    let issues = refuse(
        &s,
        &new_in(ItemKind::Condition, 2),
        &[
            ("category", "c"),
            ("text", "t"),
            ("starts", "2/2/2026"),
            ("ends", "1/2/2026"),
        ],
    );
    assert_eq!(
        issues,
        vec![FieldIssue {
            field: Some(field(&s, ItemKind::Condition, "ends")),
            message: "Ends is before its start".into()
        }]
    );
    let subject = Target::existing(ItemKind::Subject, 0, None);
    let issues = refuse(&s, &subject, &[("date_of_birth", "1/1/2026")]);
    assert_eq!(
        issues[0].field,
        Some(field(&s, ItemKind::Subject, "date_of_birth"))
    );
    let issues = refuse(
        &s,
        &new(ItemKind::Relationship),
        &[
            ("partner", "X"),
            ("learned", "1/6/2026"),
            ("disclosure", "1/5/2026"),
        ],
    );
    assert_eq!(
        issues[0].field,
        Some(field(&s, ItemKind::Relationship, "disclosure"))
    );
    let notification = Target::existing(ItemKind::Notification, 1, Some(1));
    let issues = refuse(&s, &notification, &[("received", "1/1/2025")]);
    assert_eq!(
        issues[0].field,
        Some(field(&s, ItemKind::Notification, "received"))
    );
}

#[test]
fn a_breach_names_only_conditions_of_its_order() {
    let mut s = full_subject();
    s.orders[1].conditions = vec![Condition {
        id: 1,
        kind: ConditionKind::Prohibition,
        category: "contact".into(),
        text: "No contact with AB".into(),
        area: None,
        starts: None,
        ends: None,
        check_method: String::new(),
    }];
    let changes = [
        ("time", "10:00"),
        ("order", "SPO made 3 Feb 2025 (Leeds Magistrates' Court)"),
        (
            "conditions",
            "ISPO made 1 Nov 2024: contact - No contact with AB\nSPO made 3 Feb 2025: contact - Not to contact the protected person by any means",
        ),
        ("description", "Called her"),
    ];
    let issues = refuse(&s, &new(ItemKind::Breach), &changes);
    assert_eq!(issues.len(), 1, "{issues:#?}");
    assert_eq!(
        issues[0].field,
        Some(field(&s, ItemKind::Breach, "conditions"))
    );
    assert!(
        issues[0].message.contains(
            "is a condition of ISPO made 1 Nov 2024, not of the chosen order (SPO made 3 Feb 2025)"
        ),
        "{}",
        issues[0].message
    );
    let (out, _) = save(
        &s,
        &new(ItemKind::Breach),
        &[
            changes[0],
            changes[1],
            (
                "conditions",
                "SPO made 3 Feb 2025: contact - Not to contact the protected person by any means",
            ),
            changes[3],
        ],
    );
    assert_eq!(
        (out.breaches[1].order, out.breaches[1].conditions.clone()),
        (1, vec![1])
    );
}

#[test]
fn a_breach_needs_an_order_to_exist() {
    let s = crate::domain::testkit::subject();
    let issues = refuse(
        &s,
        &new(ItemKind::Breach),
        &[("time", "10:00"), ("description", "x")],
    );
    assert_eq!(issues[0].field, Some(field(&s, ItemKind::Breach, "order")));
    assert!(issues[0].message.contains("add the order first"));
}

#[test]
fn ids_are_the_highest_plus_one_or_one() {
    let mut s = full_subject();
    s.section2.devices.clear();
    let device = [("device_type", "Phone")];
    let (out, id) = save(&s, &new(ItemKind::Device), &device);
    assert_eq!(id, 1);
    let mut gaps = out.clone();
    gaps.section2.devices[0].id = 5;
    gaps.section2.devices.push(Device {
        id: 2,
        ..gaps.section2.devices[0].clone()
    });
    let (out, id) = save(&gaps, &new(ItemKind::Device), &device);
    assert_eq!((id, out.section2.devices.len()), (6, 3));
    let edited = Target::existing(ItemKind::Device, 2, None);
    let (out, id) = save(&gaps, &edited, &[("make_model", "iPhone")]);
    assert_eq!(
        (id, out.section2.devices[1].make_model.as_str()),
        (2, "iPhone")
    );
    assert_eq!(out.section2.devices.len(), 2, "editing replaces in place");
}

#[test]
fn wrong_number_of_values_is_a_form_issue_not_a_panic() {
    let s = full_subject();
    for n in [0, 1, 200] {
        let issues = apply(&s, &new(ItemKind::Visit), &vec![String::new(); n], today())
            .expect_err("refused");
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].field, None);
    }
}

#[test]
fn items_gone_underneath_are_reported() {
    let s = full_subject();
    let gone = Target::existing(ItemKind::Device, 99, None);
    assert_eq!(
        values(&s, &gone, today()),
        Err(EditError::NotFound("Device 99".into()))
    );
    let v = values(&s, &Target::existing(ItemKind::Device, 1, None), today()).expect("values");
    let issues = apply(&s, &gone, &v, today()).expect_err("refused");
    assert!(
        issues
            .iter()
            .any(|i| i.field.is_none() && i.message.contains("Device 99 no longer exists")),
        "{issues:#?}"
    );
    let orphan = Target::existing(ItemKind::Condition, 1, Some(9));
    assert_eq!(
        values(&s, &orphan, today()),
        Err(EditError::NotFound("Order 9".into()))
    );
    let no_parent = Target::new_item(ItemKind::Condition, None);
    assert!(matches!(
        values(&s, &no_parent, today()),
        Err(EditError::NoParent { .. })
    ));
    let v = filled(&s, &new_in(ItemKind::Condition, 1), &[]);
    let issues = apply(&s, &no_parent, &v, today()).expect_err("refused");
    assert!(
        issues
            .iter()
            .any(|i| i.message == "Choose the Order this Condition belongs to"),
        "{issues:#?}"
    );
    let variation = Target::existing(ItemKind::Variation, 2, Some(1));
    assert_eq!(
        values(&s, &variation, today()),
        Err(EditError::NotFound("Variation 2".into()))
    );
    let empty = crate::domain::testkit::subject();
    assert!(matches!(
        values(&empty, &new(ItemKind::TacticalOption), today()),
        Err(EditError::NoParent { .. })
    ));
}

#[test]
fn the_original_is_never_changed_and_dates_show_for_editing() {
    let s = full_subject();
    let before = s.clone();
    let _ = refuse(
        &s,
        &Target::existing(ItemKind::Order, 1, None),
        &[("served", "1/2/2025")],
    );
    let _ = save(&s, &new(ItemKind::Visit), &[("time", "09:00")]);
    assert_eq!(s, before);
    let v = values(&s, &Target::existing(ItemKind::Order, 1, None), today()).expect("values");
    assert_eq!(v[field(&s, ItemKind::Order, "made")], "03/02/2025");
    assert_eq!(v[field(&s, ItemKind::Order, "end_date")], "02/02/2027");
    let _ = d(2026, 1, 1);
}

#[test]
fn garbage_in_every_field_of_every_form_never_panics_and_is_mostly_refused() {
    let s = full_subject();
    for target in every_target(&s) {
        let n = fields(target.kind, &s).len();
        for junk in [
            "",
            " ",
            "\n\n",
            "+99999999y",
            "31/02/2026",
            "(none)\nOther",
            "x\u{0}",
        ] {
            let v = vec![junk.to_string(); n];
            let result = apply(&s, &target, &v, today());
            let free_text = matches!(target.kind, ItemKind::Narrative | ItemKind::ManagementNotes);
            if junk.trim().is_empty() && !free_text || junk.contains('\u{0}') {
                assert!(result.is_err(), "{target:?} accepted {junk:?}");
            }
            if let Err(issues) = result {
                assert!(
                    issues.iter().all(|i| i.field.is_none_or(|f| f < n)),
                    "{issues:?}"
                );
            }
        }
    }
}
