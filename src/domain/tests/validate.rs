//! Every validation rule fires with the right field path, and only that one.
use crate::domain::testkit::{d, dt, full_subject, subject};
use crate::domain::*;

/// A change that breaks one rule of a valid subject.
type Change = fn(&mut Subject);

/// The field paths of every fault.
fn fields(s: &Subject) -> Vec<String> {
    validate_subject(s).into_iter().map(|e| e.field).collect()
}

/// Apply `change` to a valid full subject and return the single fault it causes.
fn only_fault(change: impl FnOnce(&mut Subject)) -> FieldError {
    let mut s = full_subject();
    change(&mut s);
    let mut errors = validate_subject(&s);
    assert_eq!(
        errors.len(),
        1,
        "expected exactly one fault, got {errors:#?}"
    );
    errors.remove(0)
}

#[test]
fn full_subject_is_valid() {
    assert_eq!(validate_subject(&full_subject()), []);
}

#[test]
fn minimal_subject_is_valid() {
    assert_eq!(validate_subject(&subject()), []);
}

#[test]
fn empty_family_name() {
    let e = only_fault(|s| s.family_name = "   ".into());
    assert_eq!(e.field, "family_name");
    assert_eq!(e.message, "is required and may not be empty");
    assert_eq!(
        e.to_string(),
        "family_name: is required and may not be empty"
    );
}

#[test]
fn mappa_level_out_of_range() {
    let e = only_fault(|s| s.flags.mappa_level = Some(4));
    assert_eq!(e.field, "flags.mappa_level");
    assert_eq!(e.message, "must be 1, 2 or 3, not 4");
    assert_eq!(
        only_fault(|s| s.flags.mappa_level = Some(0)).field,
        "flags.mappa_level"
    );
    for level in [None, Some(1), Some(3)] {
        let mut s = full_subject();
        s.flags.mappa_level = level;
        assert_eq!(fields(&s), Vec::<String>::new(), "{level:?}");
    }
}

#[test]
fn date_of_birth_after_opened() {
    let e = only_fault(|s| s.date_of_birth = Some(d(2025, 1, 11)));
    assert_eq!(e.field, "date_of_birth");
    // the same day is allowed
    let mut s = full_subject();
    s.date_of_birth = Some(s.opened);
    assert!(fields(&s).is_empty());
}

#[test]
fn address_rules() {
    assert_eq!(
        only_fault(|s| s.addresses[1].lines.clear()).field,
        "addresses[1].lines"
    );
    assert_eq!(
        only_fault(|s| s.addresses[0].to = Some(d(2019, 12, 31))).field,
        "addresses[0].to"
    );
    assert_eq!(
        only_fault(|s| s.addresses[1].id = 1).field,
        "addresses[1].id"
    );
}

#[test]
fn served_without_made() {
    let e = only_fault(|s| s.orders[0].made = None);
    assert_eq!(e.field, "orders[0].made");
    assert_eq!(e.message, "is required when the order has been served");
}

#[test]
fn made_before_applied_and_served_before_made() {
    assert_eq!(
        only_fault(|s| s.orders[0].applied = Some(d(2025, 2, 4))).field,
        "orders[0].made"
    );
    assert_eq!(
        only_fault(|s| s.orders[0].served = Some(d(2025, 2, 2))).field,
        "orders[0].served"
    );
}

#[test]
fn fixed_end_before_made() {
    let e = only_fault(|s| s.orders[0].end = OrderEnd::Fixed(d(2025, 2, 2)));
    assert_eq!(e.field, "orders[0].end");
    assert_eq!(e.message, "is before the date made");
    // ending on the day made is allowed
    let mut s = full_subject();
    s.orders[0].end = OrderEnd::Fixed(d(2025, 2, 3));
    assert!(fields(&s).is_empty());
}

#[test]
fn discharged_or_varied_before_made() {
    let e = only_fault(|s| s.orders[1].discharged = Some(d(2024, 10, 31)));
    assert_eq!(e.field, "orders[1].discharged");
    assert_eq!(e.message, "is before the date made");
    let e = only_fault(|s| s.orders[0].variations[0].date = d(2025, 2, 2));
    assert_eq!(e.field, "orders[0].variations[0].date");
    // discharged or varied on the day made is allowed
    let mut s = full_subject();
    s.orders[1].discharged = s.orders[1].made;
    s.orders[0].variations[0].date = d(2025, 2, 3);
    assert!(fields(&s).is_empty());
}

#[test]
fn order_court_and_condition_fields_required() {
    assert_eq!(
        only_fault(|s| s.orders[1].court.clear()).field,
        "orders[1].court"
    );
    assert_eq!(
        only_fault(|s| s.orders[0].conditions[1].text.clear()).field,
        "orders[0].conditions[1].text"
    );
    assert_eq!(
        only_fault(|s| s.orders[0].conditions[0].category = " ".into()).field,
        "orders[0].conditions[0].category"
    );
    assert_eq!(
        only_fault(|s| {
            s.orders[0].conditions[0].starts = Some(d(2026, 1, 2));
            s.orders[0].conditions[0].ends = Some(d(2026, 1, 1));
        })
        .field,
        "orders[0].conditions[0].ends"
    );
}

#[test]
fn notification_received_before_trigger() {
    let e = only_fault(|s| s.orders[0].notifications[0].received = Some(d(2025, 2, 3)));
    assert_eq!(e.field, "orders[0].notifications[0].received");
}

#[test]
fn duplicate_ids_name_the_second_occurrence() {
    let e = only_fault(|s| s.orders[1].id = 1);
    assert_eq!(e.field, "orders[1].id");
    assert_eq!(e.message, "id 1 is used twice in orders");
    let mut s = full_subject();
    s.orders[0].conditions[1].id = 1;
    let errors = validate_subject(&s);
    assert_eq!(errors[0].field, "orders[0].conditions[1].id");
    assert_eq!(
        errors[0].message,
        "id 1 is used twice in orders[0].conditions"
    );
    // the review outcome for condition 2 now dangles too
    assert_eq!(
        fields(&s),
        ["orders[0].conditions[1].id", "reviews[0].outcomes[1]"]
    );
    let e = only_fault(|s| {
        let extra = s.orders[0].notifications[0].clone();
        s.orders[0].notifications.push(extra);
    });
    assert_eq!(e.field, "orders[0].notifications[1].id");
}

#[test]
fn duplicate_ids_in_every_list() {
    let cases: Vec<(&str, Change)> = vec![
        (
            "protected_persons[1].id",
            (|s: &mut Subject| {
                let x = s.protected_persons[0].clone();
                s.protected_persons.push(x);
            }),
        ),
        (
            "section1.index_offences[1].id",
            (|s: &mut Subject| {
                let x = s.section1.index_offences[0].clone();
                s.section1.index_offences.push(x);
            }),
        ),
        (
            "section1.safeguarding[1].id",
            (|s: &mut Subject| {
                let x = s.section1.safeguarding[0].clone();
                s.section1.safeguarding.push(x);
            }),
        ),
        (
            "section2.investigations[1].id",
            (|s: &mut Subject| {
                let x = s.section2.investigations[0].clone();
                s.section2.investigations.push(x);
            }),
        ),
        (
            "section2.devices[1].id",
            (|s: &mut Subject| {
                let x = s.section2.devices[0].clone();
                s.section2.devices.push(x);
            }),
        ),
        (
            "section2.social_media[1].id",
            (|s: &mut Subject| {
                let x = s.section2.social_media[0].clone();
                s.section2.social_media.push(x);
            }),
        ),
        (
            "section2.vehicles[1].id",
            (|s: &mut Subject| {
                let x = s.section2.vehicles[0].clone();
                s.section2.vehicles.push(x);
            }),
        ),
        (
            "section2.relationships[1].id",
            (|s: &mut Subject| {
                let x = s.section2.relationships[0].clone();
                s.section2.relationships.push(x);
            }),
        ),
        (
            "section2.strategies[1].id",
            (|s: &mut Subject| {
                let x = s.section2.strategies[0].clone();
                s.section2.strategies.push(x);
            }),
        ),
        (
            "assessments[1].id",
            (|s: &mut Subject| s.assessments[1].id = 1),
        ),
        (
            "assessments[0].tactical_options[1].id",
            (|s: &mut Subject| {
                let x = s.assessments[0].tactical_options[0].clone();
                s.assessments[0].tactical_options.push(x);
            }),
        ),
        (
            "visits[1].id",
            (|s: &mut Subject| {
                let x = s.visits[0].clone();
                s.visits.push(x);
            }),
        ),
        (
            "reviews[1].id",
            (|s: &mut Subject| {
                let x = s.reviews[0].clone();
                s.reviews.push(x);
            }),
        ),
        (
            "breaches[1].id",
            (|s: &mut Subject| {
                let x = s.breaches[0].clone();
                s.breaches.push(x);
            }),
        ),
    ];
    for (field, change) in cases {
        let mut s = full_subject();
        change(&mut s);
        assert_eq!(fields(&s), [field]);
    }
}

#[test]
fn required_text_in_plan_sections() {
    let cases: Vec<(&str, Change)> = vec![
        ("protected_persons[0].name", |s| {
            s.protected_persons[0].name.clear()
        }),
        ("section1.index_offences[0].offence", |s| {
            s.section1.index_offences[0].offence.clear()
        }),
        ("section1.safeguarding[0].option", |s| {
            s.section1.safeguarding[0].option.clear()
        }),
        ("section2.investigations[0].reference", |s| {
            s.section2.investigations[0].reference.clear()
        }),
        ("section2.devices[0].device_type", |s| {
            s.section2.devices[0].device_type.clear()
        }),
        ("section2.social_media[0].platform", |s| {
            s.section2.social_media[0].platform.clear()
        }),
        ("section2.social_media[0].handle", |s| {
            s.section2.social_media[0].handle.clear()
        }),
        ("section2.vehicles[0].vrm", |s| {
            s.section2.vehicles[0].vrm.clear()
        }),
        ("section2.relationships[0].partner", |s| {
            s.section2.relationships[0].partner.clear()
        }),
        ("section2.strategies[0].text", |s| {
            s.section2.strategies[0].text.clear()
        }),
        ("assessments[1].assessor", |s| {
            s.assessments[1].assessor.clear()
        }),
        ("assessments[0].tactical_options[0].option", |s| {
            s.assessments[0].tactical_options[0].option.clear()
        }),
        ("visits[0].officer", |s| s.visits[0].officer.clear()),
        ("reviews[0].reviewer", |s| s.reviews[0].reviewer.clear()),
        ("breaches[0].description", |s| {
            s.breaches[0].description.clear()
        }),
    ];
    for (field, change) in cases {
        let mut s = full_subject();
        change(&mut s);
        assert_eq!(fields(&s), [field]);
    }
}

#[test]
fn dangling_safeguarding_person() {
    let e = only_fault(|s| s.section1.safeguarding[0].person = Some(7));
    assert_eq!(e.field, "section1.safeguarding[0].person");
    assert_eq!(e.message, "names protected person 7, which does not exist");
    // no person is fine
    let mut s = full_subject();
    s.section1.safeguarding[0].person = None;
    assert!(fields(&s).is_empty());
}

#[test]
fn dangling_review_visit() {
    let e = only_fault(|s| s.reviews[0].visit = Some(2));
    assert_eq!(e.field, "reviews[0].visit");
    assert_eq!(e.message, "names visit 2, which does not exist");
}

#[test]
fn dangling_review_outcome() {
    // an order that exists, a condition it does not have
    let e = only_fault(|s| s.reviews[0].outcomes[1].condition = 9);
    assert_eq!(e.field, "reviews[0].outcomes[1]");
    assert_eq!(
        e.message,
        "names condition 9 of order 1, which does not exist"
    );
    // an order that does not exist
    let e = only_fault(|s| s.reviews[0].outcomes[0].order = 5);
    assert_eq!(e.field, "reviews[0].outcomes[0]");
}

#[test]
fn dangling_breach_order() {
    let e = only_fault(|s| s.breaches[0].order = 3);
    assert_eq!(e.field, "breaches[0].order");
    assert_eq!(e.message, "names order 3, which does not exist");
}

#[test]
fn dangling_breach_condition() {
    let e = only_fault(|s| s.breaches[0].conditions = vec![1, 2, 8]);
    assert_eq!(e.field, "breaches[0].conditions[2]");
    assert_eq!(e.message, "names condition 8, which order 1 does not have");
    // condition 1 exists on order 1 but not on order 2 (which has none)
    let e = only_fault(|s| s.breaches[0].order = 2);
    assert_eq!(e.field, "breaches[0].conditions[0]");
}

#[test]
fn assessment_without_ratings() {
    let e = only_fault(|s| s.assessments[1].ratings.clear());
    assert_eq!(e.field, "assessments[1].ratings");
    assert_eq!(e.message, "needs at least one group rated");
}

#[test]
fn assessment_with_a_group_rated_twice() {
    let e = only_fault(|s| {
        s.assessments[0].ratings.push(GroupRating {
            group: RiskGroup::NamedVictim,
            level: RiskLevel::High,
        })
    });
    assert_eq!(e.field, "assessments[0].ratings[2].group");
    assert_eq!(e.message, "Named victim is rated twice");
    // two different "other" groups are fine
    let mut s = full_subject();
    s.assessments[0].ratings = vec![
        GroupRating {
            group: RiskGroup::Other("neighbours".into()),
            level: RiskLevel::Low,
        },
        GroupRating {
            group: RiskGroup::Other("colleagues".into()),
            level: RiskLevel::Low,
        },
    ];
    assert!(fields(&s).is_empty());
}

#[test]
fn assessment_with_empty_rationale() {
    let e = only_fault(|s| s.assessments[0].rationale = "\t".into());
    assert_eq!(e.field, "assessments[0].rationale");
}

#[test]
fn relationship_disclosure_before_learned() {
    let e = only_fault(|s| s.section2.relationships[0].disclosure = Some(d(2025, 6, 30)));
    assert_eq!(e.field, "section2.relationships[0].disclosure");
    assert_eq!(
        e.message,
        "is before the date the relationship was learned of"
    );
    let mut s = full_subject();
    s.section2.relationships[0].disclosure = Some(s.section2.relationships[0].learned);
    assert!(fields(&s).is_empty());
}

#[test]
fn review_next_review_before_its_date() {
    let e = only_fault(|s| s.reviews[0].next_review = d(2025, 4, 30));
    assert_eq!(e.field, "reviews[0].next_review");
    assert_eq!(e.message, "is before the review date");
    let mut s = full_subject();
    s.reviews[0].next_review = s.reviews[0].date;
    assert!(fields(&s).is_empty());
}

#[test]
fn several_faults_are_all_reported_in_order() {
    let mut s = full_subject();
    s.family_name.clear();
    s.flags.mappa_level = Some(9);
    s.breaches[0].order = 3;
    s.breaches.push(Breach {
        id: 2,
        at: dt(2026, 1, 1, 1, 1),
        order: 1,
        conditions: vec![],
        source: BreachSource::Other("neighbour".into()),
        reference: None,
        description: "x".into(),
        action: String::new(),
        outcome: BreachOutcome::Pending,
    });
    assert_eq!(
        fields(&s),
        ["family_name", "flags.mappa_level", "breaches[0].order"]
    );
}
