//! The timeline and the breach histogram.
use chrono::NaiveTime;

use crate::domain::testkit::{
    assessment, breach, d, dt, full_subject, notification, rated, review, spo, subject, today,
    visit,
};
use crate::domain::*;

fn texts(events: &[TimelineEvent]) -> Vec<&str> {
    events.iter().map(|e| e.text.as_str()).collect()
}

fn find<'a>(events: &'a [TimelineEvent], text: &str) -> &'a TimelineEvent {
    events
        .iter()
        .find(|e| e.text == text)
        .unwrap_or_else(|| panic!("no event {text:?} in {:#?}", texts(events)))
}

fn assert_newest_first(events: &[TimelineEvent]) {
    for pair in events.windows(2) {
        assert!(
            (pair[0].date, pair[0].time) >= (pair[1].date, pair[1].time),
            "out of order: {:?} before {:?}",
            pair[0],
            pair[1]
        );
    }
}

#[test]
fn full_subject_timeline_in_order() {
    let events = timeline(&full_subject(), 3);
    let got: Vec<(chrono::NaiveDate, EventKind, &str)> = events
        .iter()
        .map(|e| (e.date, e.kind, e.text.as_str()))
        .collect();
    use EventKind::*;
    let court = "Leeds Magistrates' Court";
    let expected = vec![
        (d(2027, 2, 2), Order, "SPO ends".to_string()),
        (d(2025, 10, 8), Review, "Next review due".into()),
        (
            d(2025, 10, 2),
            Risk,
            "Risk changed: Medium -> High by DS Khan".into(),
        ),
        (
            d(2025, 10, 1),
            Breach,
            "Breach of SPO (victim report): Sent messages".into(),
        ),
        (
            d(2025, 9, 1),
            Order,
            "SPO varied: exclusion zone widened".into(),
        ),
        (
            d(2025, 7, 10),
            Relationship,
            "Disclosure made to Jane Doe".into(),
        ),
        (
            d(2025, 7, 1),
            Relationship,
            "New relationship learned of: Jane Doe".into(),
        ),
        (d(2025, 5, 1), Visit, "Visit by PC Patel: seen".into()),
        (
            d(2025, 5, 1),
            Review,
            "Compliance review by DC Jones (awaiting sign-off)".into(),
        ),
        (
            d(2025, 2, 10),
            Risk,
            "Risk assessed: Medium by DS Khan".into(),
        ),
        (
            d(2025, 2, 6),
            Notification,
            "SPO: initial notification received at Elland Road".into(),
        ),
        (
            d(2025, 2, 4),
            Notification,
            "SPO: initial notification triggered (due 7 Feb 2025)".into(),
        ),
        (d(2025, 2, 4), Order, "SPO served on the subject".into()),
        (d(2025, 2, 3), Order, "ISPO discharged".into()),
        (d(2025, 2, 3), Order, format!("SPO made at {court}")),
        (d(2025, 1, 10), Order, format!("SPO applied for at {court}")),
        (d(2024, 11, 1), Order, format!("ISPO made at {court}")),
    ];
    let expected: Vec<(chrono::NaiveDate, EventKind, &str)> = expected
        .iter()
        .map(|(date, kind, text)| (*date, *kind, text.as_str()))
        .collect();
    assert_eq!(got, expected);
    assert_newest_first(&events);
}

#[test]
fn visits_and_breaches_carry_their_time() {
    let events = timeline(&full_subject(), 3);
    let v = find(&events, "Visit by PC Patel: seen");
    assert_eq!(v.time, NaiveTime::from_hms_opt(18, 30, 0));
    let b = find(&events, "Breach of SPO (victim report): Sent messages");
    assert_eq!(b.time, NaiveTime::from_hms_opt(21, 15, 0));
    let r = find(&events, "Compliance review by DC Jones (awaiting sign-off)");
    assert_eq!(r.time, None);
}

#[test]
fn same_day_events_sort_by_time_newest_first() {
    let mut s = subject();
    s.orders = vec![spo(1, Some(d(2026, 1, 1)), OrderEnd::UntilFurtherOrder)];
    s.visits = vec![
        visit(1, dt(2026, 6, 1, 9, 0)),
        Visit {
            outcome: VisitOutcome::NoAccess,
            ..visit(2, dt(2026, 6, 1, 20, 45))
        },
    ];
    s.breaches = vec![breach(1, dt(2026, 6, 1, 13, 0), 1)];
    let events = timeline(&s, 3);
    assert_eq!(
        &texts(&events)[..3],
        [
            "Visit by PC Patel: no access",
            "Breach of SPO (victim report): Sent messages",
            "Visit by PC Patel: seen",
        ]
    );
    assert_newest_first(&events);
}

#[test]
fn same_day_lifecycle_steps_read_newest_first() {
    let mut o = spo(1, Some(d(2026, 2, 1)), OrderEnd::UntilFurtherOrder);
    o.applied = Some(d(2026, 2, 1));
    o.served = Some(d(2026, 2, 1));
    o.notifications = vec![Notification {
        received: Some(d(2026, 2, 1)),
        ..notification(1, d(2026, 2, 1))
    }];
    let mut s = subject();
    s.orders = vec![o];
    s.assessments = vec![
        rated(1, d(2026, 2, 1), RiskLevel::Medium),
        rated(2, d(2026, 2, 1), RiskLevel::High),
    ];
    assert_eq!(
        texts(&timeline(&s, 3)),
        [
            "Risk changed: Medium -> High by DS Khan",
            "Risk assessed: Medium by DS Khan",
            "SPO: initial notification received",
            "SPO: initial notification triggered (due 4 Feb 2026)",
            "SPO served on the subject",
            "SPO made at Leeds Magistrates' Court",
            "SPO applied for at Leeds Magistrates' Court",
        ]
    );
}

#[test]
fn discharged_order_has_no_ends_event() {
    let mut o = spo(1, Some(d(2025, 1, 1)), OrderEnd::Fixed(d(2027, 1, 1)));
    o.discharged = Some(d(2026, 3, 1));
    let mut s = subject();
    s.orders = vec![o];
    let events = timeline(&s, 3);
    assert_eq!(
        texts(&events),
        ["SPO discharged", "SPO made at Leeds Magistrates' Court"]
    );
}

#[test]
fn until_further_order_has_no_ends_event() {
    let mut s = subject();
    s.orders = vec![spo(1, Some(d(2025, 1, 1)), OrderEnd::UntilFurtherOrder)];
    assert_eq!(
        texts(&timeline(&s, 3)),
        ["SPO made at Leeds Magistrates' Court"]
    );
}

#[test]
fn variation_kinds_and_notes() {
    let mut o = spo(1, Some(d(2025, 1, 1)), OrderEnd::UntilFurtherOrder);
    o.variations = vec![
        Variation {
            date: d(2025, 3, 1),
            kind: VariationKind::Renewed,
            note: String::new(),
        },
        Variation {
            date: d(2025, 4, 1),
            kind: VariationKind::Appealed,
            note: "by the subject".into(),
        },
    ];
    let mut s = subject();
    s.orders = vec![o];
    assert_eq!(
        &texts(&timeline(&s, 3))[..2],
        [
            "SPO appealed to the Crown Court: by the subject",
            "SPO renewed"
        ]
    );
}

fn notifications_subject() -> Subject {
    let mut o = spo(1, Some(d(2026, 1, 1)), OrderEnd::UntilFurtherOrder);
    o.notifications = vec![
        Notification {
            kind: NotificationKind::NewAddress,
            received: Some(d(2026, 3, 6)),
            ..notification(1, d(2026, 3, 1))
        },
        Notification {
            kind: NotificationKind::NewName,
            ..notification(2, d(2026, 5, 1))
        },
        Notification {
            received: Some(d(2026, 1, 5)),
            station: Some("Elland Road".into()),
            ..notification(3, d(2026, 1, 2))
        },
    ];
    let mut s = subject();
    s.orders = vec![o];
    s
}

#[test]
fn notification_events_received_late_and_not_received() {
    let events = timeline(&notifications_subject(), 3);
    assert_eq!(
        find(&events, "SPO: new address received (LATE)").date,
        d(2026, 3, 6)
    );
    assert_eq!(
        find(&events, "SPO: new address triggered (due 4 Mar 2026)").date,
        d(2026, 3, 1)
    );
    // not received: an event on the due date
    assert_eq!(
        find(&events, "SPO: new name due, not received").date,
        d(2026, 5, 4)
    );
    // received exactly on the due date is not late
    assert_eq!(
        find(&events, "SPO: initial notification received at Elland Road").date,
        d(2026, 1, 5)
    );
    assert_newest_first(&events);
}

#[test]
fn notification_events_use_configured_days() {
    let events = timeline(&notifications_subject(), 5);
    find(&events, "SPO: new address triggered (due 6 Mar 2026)");
    // received on the 6th is on time with 5 days
    find(&events, "SPO: new address received");
    assert_eq!(
        find(&events, "SPO: new name due, not received").date,
        d(2026, 5, 6)
    );
}

#[test]
fn rso_subject_has_no_due_not_received_events() {
    let mut s = notifications_subject();
    s.flags.rso = true;
    let events = timeline(&s, 3);
    let notes: Vec<&str> = events
        .iter()
        .filter(|e| e.kind == EventKind::Notification)
        .map(|e| e.text.as_str())
        .collect();
    assert_eq!(
        notes,
        [
            "SPO: new name triggered (clock suspended: RSO)",
            "SPO: new address received (LATE)",
            "SPO: new address triggered (due 4 Mar 2026)",
            "SPO: initial notification received at Elland Road",
            "SPO: initial notification triggered (due 5 Jan 2026)",
        ]
    );
    assert_eq!(
        find(&events, "SPO: new name triggered (clock suspended: RSO)").date,
        d(2026, 5, 1)
    );
}

#[test]
fn review_events_show_breached_count_and_sign_off() {
    let mut s = subject();
    let outcome = |condition, outcome| ConditionOutcome {
        order: 1,
        condition,
        outcome,
        note: String::new(),
    };
    let mut r1 = review(1, d(2026, 2, 1));
    r1.outcomes = vec![
        outcome(1, ComplianceOutcome::Breached),
        outcome(2, ComplianceOutcome::Complied),
        outcome(3, ComplianceOutcome::Breached),
    ];
    r1.sign_off.status = SignOffStatus::Approved;
    let mut r2 = review(2, d(2026, 3, 1));
    r2.outcomes = vec![outcome(1, ComplianceOutcome::NotVerified)];
    r2.sign_off.status = SignOffStatus::Returned;
    r2.reviewer = "DS Khan".into();
    s.reviews = vec![r1, r2];
    assert_eq!(
        texts(&timeline(&s, 3)),
        [
            "Compliance review by DS Khan (returned)",
            "Compliance review by DC Jones (approved), 2 condition(s) breached",
        ]
    );
}

#[test]
fn breach_of_unknown_order_names_it_generically() {
    let mut s = subject();
    s.breaches = vec![Breach {
        source: BreachSource::Anpr,
        ..breach(1, dt(2026, 1, 1, 1, 0), 9)
    }];
    assert_eq!(
        texts(&timeline(&s, 3)),
        ["Breach of order (ANPR): Sent messages"]
    );
}

#[test]
fn risk_events_assessed_changed_unchanged_and_no_ratings() {
    let mut s = subject();
    // deliberately out of date order in the list
    s.assessments = vec![
        rated(3, d(2026, 3, 1), RiskLevel::VeryHigh),
        rated(1, d(2026, 1, 1), RiskLevel::Medium),
        assessment(4, d(2026, 4, 1), &[]),
        rated(2, d(2026, 2, 1), RiskLevel::Medium),
        rated(5, d(2026, 5, 1), RiskLevel::VeryHigh),
    ];
    assert_eq!(
        texts(&timeline(&s, 3)),
        [
            "Risk re-assessed: Very High (unchanged) by DS Khan",
            "Risk assessment by DS Khan (no ratings)",
            "Risk changed: Medium -> Very High by DS Khan",
            "Risk re-assessed: Medium (unchanged) by DS Khan",
            "Risk assessed: Medium by DS Khan",
        ]
    );
}

#[test]
fn event_markers_are_fixed_width() {
    use EventKind::*;
    for k in [
        Order,
        Notification,
        Review,
        Visit,
        Breach,
        Risk,
        Relationship,
    ] {
        assert_eq!(k.marker().len(), 6, "{k:?}");
    }
    assert_eq!(Breach.marker(), "BREACH");
}

// --- breach histogram ---

fn with_breaches(dates: &[chrono::NaiveDateTime]) -> Subject {
    let mut s = subject();
    s.breaches = dates
        .iter()
        .enumerate()
        .map(|(i, at)| breach(i as ItemId + 1, *at, 1))
        .collect();
    s
}

#[test]
fn histogram_has_18_slots_ending_in_this_month() {
    let h = breach_histogram(&subject(), today(), 18);
    assert_eq!(h.len(), 18);
    assert_eq!(h[0], (d(2025, 1, 1), 0));
    assert_eq!(h[17], (d(2026, 6, 1), 0));
    for pair in h.windows(2) {
        assert!(pair[0].0 < pair[1].0);
    }
}

#[test]
fn histogram_counts_month_boundaries() {
    let s = with_breaches(&[
        dt(2026, 5, 1, 0, 0),
        dt(2026, 5, 31, 23, 59),
        dt(2026, 6, 1, 0, 0),
        dt(2026, 4, 30, 12, 0),
    ]);
    let h = breach_histogram(&s, today(), 18);
    assert_eq!(h[17], (d(2026, 6, 1), 1));
    assert_eq!(h[16], (d(2026, 5, 1), 2));
    assert_eq!(h[15], (d(2026, 4, 1), 1));
    assert_eq!(h.iter().map(|(_, n)| n).sum::<u32>(), 4);
}

#[test]
fn histogram_edge_is_the_first_of_the_oldest_month() {
    // 18 months up to and including June 2026 start on 1 January 2025.
    let s = with_breaches(&[
        dt(2025, 1, 1, 0, 0),
        dt(2024, 12, 31, 23, 59),
        dt(2024, 12, 15, 12, 0),
    ]);
    let h = breach_histogram(&s, today(), 18);
    assert_eq!(h[0], (d(2025, 1, 1), 1));
    assert_eq!(h.iter().map(|(_, n)| n).sum::<u32>(), 1);
}

#[test]
fn histogram_excludes_future_breaches() {
    let s = with_breaches(&[
        dt(2026, 6, 15, 23, 0),
        dt(2026, 6, 16, 0, 1),
        dt(2027, 1, 1, 0, 0),
    ]);
    let h = breach_histogram(&s, today(), 18);
    assert_eq!(h[17], (d(2026, 6, 1), 1));
    assert_eq!(h.iter().map(|(_, n)| n).sum::<u32>(), 1);
}

#[test]
fn histogram_of_one_month() {
    let s = with_breaches(&[dt(2026, 6, 2, 8, 0), dt(2026, 5, 31, 8, 0)]);
    assert_eq!(
        breach_histogram(&s, d(2026, 6, 30), 1),
        [(d(2026, 6, 1), 1)]
    );
    assert!(breach_histogram(&s, today(), 0).is_empty());
}

#[test]
fn histogram_months_cross_a_year_from_a_month_end() {
    let h = breach_histogram(&subject(), d(2026, 3, 31), 4);
    let months: Vec<chrono::NaiveDate> = h.iter().map(|(m, _)| *m).collect();
    assert_eq!(
        months,
        [d(2025, 12, 1), d(2026, 1, 1), d(2026, 2, 1), d(2026, 3, 1)]
    );
}

#[test]
fn a_raised_reassessment_and_the_next_review_are_on_the_timeline() {
    let mut s = crate::domain::Subject::new(1, "Tench", "Oliver", d(2026, 1, 1));
    s.reassessment_due = Some(d(2026, 3, 4));
    s.next_review = Some(d(2026, 3, 11));
    let events = timeline(&s, 3);
    assert_eq!(events.len(), 2);
    assert_eq!(
        (events[0].date, events[0].kind),
        (d(2026, 3, 11), EventKind::Review)
    );
    assert_eq!(events[0].text, "Next review due");
    assert_eq!(
        (events[1].date, events[1].kind),
        (d(2026, 3, 4), EventKind::Risk)
    );
    assert!(events[1].text.starts_with("RE-ASSESSMENT REQUIRED"));
}
