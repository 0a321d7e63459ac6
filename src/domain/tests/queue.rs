//! The triage queue: every reason at its boundaries, the ordering rule, filters and views.
use std::cmp::Ordering;

use crate::domain::Policy;
use crate::domain::testkit::*;
use crate::domain::*;

/// A subject with nothing to do: review in 30 days, no orders, an approved Low assessment.
fn quiet(id: SubjectId, family: &str) -> Subject {
    let mut s = Subject::new(id, family, "Sam", d(2025, 1, 10));
    s.next_review = Some(day(30));
    s.assessments = vec![approved(rated(1, d(2025, 1, 10), RiskLevel::Low))];
    s
}

/// An SPO made 100 days ago, served the next day (its initial notification received), in force
/// until further order.
fn served_spo(id: ItemId) -> Order {
    let mut o = spo(id, Some(day(-100)), OrderEnd::UntilFurtherOrder);
    o.served = Some(day(-99));
    o.notifications = vec![Notification {
        received: Some(day(-98)),
        ..notification(1, day(-99))
    }];
    o
}

fn approved(mut a: RiskAssessment) -> RiskAssessment {
    a.sign_off.status = SignOffStatus::Approved;
    a
}

fn all(s: &Subject) -> Vec<Reason> {
    reasons(s, &Policy::default(), today())
}

fn of_kind(s: &Subject, kind: ReasonKind) -> Vec<Reason> {
    all(s).into_iter().filter(|r| r.kind() == kind).collect()
}

fn has(s: &Subject, kind: ReasonKind) -> bool {
    !of_kind(s, kind).is_empty()
}

#[test]
fn a_quiet_subject_has_no_reasons_and_is_not_queued() {
    let s = quiet(1, "Calm");
    assert_eq!(all(&s), []);
    assert!(queue(&[s], &Policy::default(), today(), &QueueFilter::default()).is_empty());
}

#[test]
fn review_due_today_is_due_soon_and_one_day_late_is_overdue() {
    let mut s = quiet(1, "Ames");
    s.next_review = Some(today());
    assert_eq!(
        all(&s),
        [Reason::ReviewDueSoon {
            due: today(),
            days_left: 0
        }]
    );
    assert_eq!(all(&s)[0].text(), "review due today (15 Jun 2026)");
    s.next_review = Some(day(-1));
    assert_eq!(
        all(&s),
        [Reason::ReviewOverdue {
            due: day(-1),
            days: 1
        }]
    );
    assert_eq!(
        all(&s)[0].text(),
        "review overdue by 1 day (due 14 Jun 2026)"
    );
    s.next_review = Some(day(7));
    assert!(has(&s, ReasonKind::ReviewDueSoon));
    s.next_review = Some(day(8));
    assert_eq!(all(&s), []);
}

#[test]
fn breach_30_days_ago_not_reassessed_fires_31_days_does_not() {
    let mut s = quiet(1, "Birch");
    s.orders = vec![served_spo(1)];
    s.breaches = vec![breach(
        1,
        day(-30).and_hms_opt(21, 0, 0).unwrap_or_default(),
        1,
    )];
    let r = of_kind(&s, ReasonKind::BreachNotReassessed);
    assert_eq!(r.len(), 1);
    assert_eq!(
        r[0].text(),
        "breach on 16 May 2026 (30 days ago) not yet re-assessed"
    );
    s.breaches[0].at = day(-31).and_hms_opt(21, 0, 0).unwrap_or_default();
    assert!(!has(&s, ReasonKind::BreachNotReassessed));
    // Re-assessed after the breach: no longer a reason.
    s.breaches[0].at = day(-3).and_hms_opt(21, 0, 0).unwrap_or_default();
    assert!(has(&s, ReasonKind::BreachNotReassessed));
    s.assessments = vec![approved(rated(1, day(-1), RiskLevel::Medium))];
    assert!(!has(&s, ReasonKind::BreachNotReassessed));
}

#[test]
fn order_ending_in_60_days_fires_61_does_not_ended_does_not() {
    let mut s = quiet(1, "Cole");
    let mut o = served_spo(1);
    o.reference = Some("FEN/SPO/1".to_string());
    o.end = OrderEnd::Fixed(day(60));
    s.orders = vec![o];
    let r = of_kind(&s, ReasonKind::OrderEnding);
    assert_eq!(
        r[0].text(),
        "SPO FEN/SPO/1 ends 14 Aug 2026 (60 days left): renewal decision"
    );
    s.orders[0].end = OrderEnd::Fixed(day(61));
    assert!(!has(&s, ReasonKind::OrderEnding));
    s.orders[0].end = OrderEnd::Fixed(today());
    assert!(
        of_kind(&s, ReasonKind::OrderEnding)[0]
            .text()
            .contains("last day today")
    );
    s.orders[0].end = OrderEnd::Fixed(day(-1));
    assert_eq!(all(&s), []);
}

#[test]
fn notification_due_today_is_fine_one_day_late_is_overdue_rso_is_suspended() {
    let mut s = quiet(1, "Dane");
    let mut o = served_spo(1);
    // Three days to notify: triggered 3 days ago is due today (a clock running is in the
    // queue as due, not overdue).
    o.notifications = vec![notification(1, day(-3))];
    s.orders = vec![o];
    let due = all(&s);
    assert_eq!(due.len(), 1, "{due:?}");
    assert_eq!(
        due[0].text(),
        "initial notification for SPO (order 1) due today (15 Jun 2026)"
    );
    s.orders[0].notifications[0].trigger = day(-2);
    assert_eq!(
        all(&s)[0].text(),
        "initial notification for SPO (order 1) due in 1 day (16 Jun 2026)"
    );
    s.orders[0].notifications[0].trigger = day(-4);
    let r = of_kind(&s, ReasonKind::NotificationOverdue);
    assert_eq!(
        r[0].text(),
        "initial notification for SPO (order 1) overdue by 1 day (due 14 Jun 2026)"
    );
    s.flags.rso = true;
    assert!(!has(&s, ReasonKind::NotificationOverdue));
    s.flags.rso = false;
    s.orders[0].notifications[0].received = Some(day(-2));
    assert!(!has(&s, ReasonKind::NotificationOverdue));
    // A clock on an order no longer in force is not chased.
    s.orders[0].notifications[0].received = None;
    s.orders[0].discharged = Some(day(-1));
    assert!(!has(&s, ReasonKind::NotificationOverdue));
}

#[test]
fn tactical_option_due_today_is_fine_due_yesterday_is_past_due() {
    let mut s = quiet(1, "Eve");
    let mut a = approved(rated(1, day(-10), RiskLevel::Medium));
    a.tactical_options = vec![TacticalOption {
        id: 1,
        option: "Marker on address".to_string(),
        owner: Some("PC Patel".to_string()),
        due: Some(today()),
        status: ActionStatus::Proposed,
    }];
    s.assessments = vec![a];
    assert_eq!(all(&s), []);
    s.assessments[0].tactical_options[0].due = Some(day(-1));
    assert_eq!(
        of_kind(&s, ReasonKind::TacticalOptionOverdue)[0].text(),
        "tactical option \"Marker on address\" (PC Patel) past due by 1 day (due 14 Jun 2026)"
    );
    s.assessments[0].tactical_options[0].status = ActionStatus::Done;
    assert_eq!(all(&s), []);
}

#[test]
fn made_not_served_fires_until_served_and_not_before_made() {
    let mut s = quiet(1, "Fox");
    s.orders = vec![spo(1, Some(day(-5)), OrderEnd::UntilFurtherOrder)];
    assert_eq!(
        of_kind(&s, ReasonKind::NotServed)[0].text(),
        "SPO (order 1) made 10 Jun 2026, not served after 5 days"
    );
    s.orders[0].made = Some(today());
    assert!(
        of_kind(&s, ReasonKind::NotServed)[0]
            .text()
            .contains("made today")
    );
    s.orders[0].served = Some(today());
    // Served, but the clock service starts was never recorded.
    let kinds: Vec<ReasonKind> = all(&s).iter().map(Reason::kind).collect();
    assert_eq!(kinds, [ReasonKind::ClocksNotStarted]);
    s.orders[0].notifications = vec![Notification {
        received: Some(today()),
        ..notification(1, today())
    }];
    assert_eq!(all(&s), []);
    s.orders[0].notifications.clear();
    s.orders[0].made = Some(day(1));
    s.orders[0].served = None;
    assert_eq!(all(&s), [], "applied, not yet made");
}

#[test]
fn interim_awaits_a_full_spo_made_on_or_after_it() {
    let mut s = quiet(1, "Gill");
    let mut ispo = served_spo(1);
    ispo.kind = OrderKind::InterimSpo;
    ispo.made = Some(day(-20));
    ispo.served = Some(day(-20));
    s.orders = vec![ispo];
    assert!(
        of_kind(&s, ReasonKind::InterimAwaitingFullHearing)[0]
            .text()
            .contains("(20 days ago): awaiting the full hearing")
    );
    let mut old = served_spo(2);
    old.made = Some(day(-200));
    old.served = Some(day(-200));
    s.orders.push(old);
    assert!(has(&s, ReasonKind::InterimAwaitingFullHearing));
    let mut full = served_spo(3);
    full.made = Some(day(-20));
    full.served = Some(day(-20));
    s.orders.push(full);
    assert!(!has(&s, ReasonKind::InterimAwaitingFullHearing));
}

#[test]
fn awaiting_sign_off_counts_reviews_and_assessments() {
    let mut s = quiet(1, "Hart");
    let mut r1 = review(1, day(-9));
    r1.next_review = day(30);
    let mut r2 = review(2, day(-2));
    r2.next_review = day(30);
    s.reviews = vec![r1, r2];
    s.assessments = vec![rated(1, day(-2), RiskLevel::Low)];
    let r = of_kind(&s, ReasonKind::AwaitingSignOff);
    assert_eq!(r.len(), 2);
    assert_eq!(
        r[0].text(),
        "2 reviews awaiting sign-off, oldest 6 Jun 2026 (9 days ago)"
    );
    assert_eq!(
        r[1].text(),
        "risk assessment of 13 Jun 2026 awaiting sign-off (2 days ago)"
    );
    for r in &mut s.reviews {
        r.sign_off.status = SignOffStatus::Approved;
    }
    s.assessments[0].sign_off = SignOff {
        status: SignOffStatus::Returned,
        by: Some("ds.marsh".to_string()),
        at: Some(dt(2026, 6, 14, 9, 0)),
        comment: "Rate the risk to children\nand say why".to_string(),
        signer: "DS Lena Marsh (4521)".to_string(),
        rank: Some(Rank::Sergeant),
    };
    // Returned work is its own reason, at the top, with the supervisor's comment.
    let r = all(&s);
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].kind().tier(), 1);
    assert_eq!(
        r[0].text(),
        "risk assessment of 13 Jun 2026 returned by DS Lena Marsh (4521) on 14 Jun 2026 \
         (1 day ago): \"Rate the risk to children\""
    );
    // A new round awaiting sign-off replaces it.
    let mut round2 = s.assessments[0].clone();
    round2.id = 2;
    round2.supersedes = Some(1);
    round2.sign_off = SignOff::default();
    s.assessments.push(round2);
    let kinds: Vec<ReasonKind> = all(&s).iter().map(Reason::kind).collect();
    assert_eq!(kinds, [ReasonKind::AwaitingSignOff]);
}

#[test]
fn risk_reasons_follow_the_current_assessment() {
    let mut s = quiet(1, "Ivy");
    s.assessments = vec![approved(rated(1, day(-50), RiskLevel::VeryHigh))];
    assert_eq!(all(&s), [Reason::VeryHighRisk]);
    s.assessments
        .push(approved(rated(2, day(-5), RiskLevel::High)));
    assert_eq!(all(&s), [Reason::HighRisk]);
    s.assessments
        .push(approved(rated(3, day(-1), RiskLevel::Medium)));
    assert_eq!(all(&s), []);
}

#[test]
fn reason_kinds_read_back_from_their_names() {
    for kind in ReasonKind::ALL {
        assert_eq!(kind.name().parse::<ReasonKind>(), Ok(kind));
        let json = serde_json::to_string(&kind).unwrap_or_default();
        assert_eq!(json, format!("\"{}\"", kind.name()));
    }
    assert_eq!("review-overdue".parse(), Ok(ReasonKind::ReviewOverdue));
    assert!("soon".parse::<ReasonKind>().is_err());
}

fn entry(id: SubjectId, name: &str, risk: Option<RiskLevel>, reasons: Vec<Reason>) -> QueueEntry {
    QueueEntry {
        subject: id,
        name: name.to_string(),
        pnc: None,
        officer: None,
        risk,
        next_review: day(3),
        reasons,
    }
}

fn overdue(days: i64) -> Reason {
    Reason::ReviewOverdue {
        due: day(-days),
        days,
    }
}

#[test]
fn tiers_come_first_whatever_the_days() {
    let breach = Reason::BreachNotReassessed {
        on: day(-1),
        days_ago: 1,
    };
    let soon = Reason::ReviewDueSoon {
        due: day(3),
        days_left: 3,
    };
    let list = [
        entry(1, "A", None, vec![soon]),
        entry(2, "B", None, vec![Reason::HighRisk]),
        entry(3, "C", None, vec![Reason::VeryHighRisk]),
        entry(4, "D", None, vec![overdue(90)]),
        entry(5, "E", None, vec![breach]),
    ];
    let mut sorted = list.to_vec();
    sorted.sort_by(urgency_order);
    let ids: Vec<_> = sorted.iter().map(|e| e.subject).collect();
    assert_eq!(ids, [5, 4, 3, 2, 1]);
}

#[test]
fn within_a_tier_days_then_risk_then_next_review_then_name_then_id() {
    let high = Some(RiskLevel::High);
    let more_days = entry(1, "Z", None, vec![overdue(10)]);
    let fewer_days = entry(2, "A", high, vec![overdue(5)]);
    assert_eq!(urgency_order(&more_days, &fewer_days), Ordering::Less);

    let riskier = entry(3, "Z", Some(RiskLevel::VeryHigh), vec![overdue(5)]);
    assert_eq!(urgency_order(&riskier, &fewer_days), Ordering::Less);
    let unassessed = entry(4, "A", None, vec![overdue(5)]);
    assert_eq!(urgency_order(&fewer_days, &unassessed), Ordering::Less);

    let mut earlier = entry(5, "Z", high, vec![overdue(5)]);
    earlier.next_review = day(1);
    assert_eq!(urgency_order(&earlier, &fewer_days), Ordering::Less);

    let by_name = entry(6, "B", high, vec![overdue(5)]);
    assert_eq!(urgency_order(&fewer_days, &by_name), Ordering::Less);
    let same_name = entry(7, "A", high, vec![overdue(5)]);
    assert_eq!(urgency_order(&fewer_days, &same_name), Ordering::Less);
    assert_eq!(urgency_order(&same_name, &fewer_days), Ordering::Greater);
    assert_eq!(urgency_order(&same_name, &same_name), Ordering::Equal);
}

/// A mixed caseload: one subject per reason, plus ties.
fn caseload() -> Vec<Subject> {
    let mut out = Vec::new();
    for (i, days) in [-20_i64, -5, -5, 0, 3, 7, 9].into_iter().enumerate() {
        let mut s = quiet(
            i as u64 + 1,
            ["Ames", "Birch", "Birch", "Cole", "Dane", "Eve", "Fox"][i],
        );
        s.next_review = Some(day(days));
        s.officer = Some(if i % 2 == 0 { "DC Jones" } else { "PC Patel" }.to_string());
        if i == 2 {
            s.assessments = vec![approved(rated(1, day(-40), RiskLevel::VeryHigh))];
        }
        if i == 3 {
            s.orders = vec![spo(1, Some(day(-4)), OrderEnd::UntilFurtherOrder)];
        }
        if i == 6 {
            let mut o = served_spo(1);
            o.kind = OrderKind::Scpo;
            o.end = OrderEnd::Fixed(day(20));
            s.orders = vec![o];
            s.assessments = vec![approved(rated(1, day(-40), RiskLevel::High))];
        }
        out.push(s);
    }
    out
}

fn ids(entries: &[QueueEntry]) -> Vec<SubjectId> {
    entries.iter().map(|e| e.subject).collect()
}

#[test]
fn queue_is_sorted_by_urgency_order() {
    let subjects = caseload();
    let q = queue(
        &subjects,
        &Policy::default(),
        today(),
        &QueueFilter::default(),
    );
    let mut resorted = q.clone();
    resorted.reverse();
    resorted.sort_by(urgency_order);
    assert_eq!(q, resorted);
    // Fox (SCPO ending, High) is on its own tier 5; Ames overdue 20 days; the two Birches tie
    // on 5 days overdue and the Very High one goes first.
    assert_eq!(ids(&q), [1, 3, 2, 4, 7, 5, 6]);
    assert!(q.iter().all(|e| !e.reasons.is_empty()));
}

#[test]
fn views_and_filters_narrow_the_queue() {
    let subjects = caseload();
    let c = Policy::default();
    let run = |f: QueueFilter| ids(&queue(&subjects, &c, today(), &f));
    assert_eq!(
        run(QueueFilter {
            view: QueueView::Mine("dc jones ".to_string()),
            ..Default::default()
        }),
        [1, 3, 7, 5]
    );
    assert_eq!(
        run(QueueFilter {
            officer: Some("PC Patel".to_string()),
            ..Default::default()
        }),
        [2, 4, 6]
    );
    // The officer filter matches part of a name, ignoring case.
    assert_eq!(
        run(QueueFilter {
            officer: Some("patel".to_string()),
            ..Default::default()
        }),
        [2, 4, 6]
    );
    assert_eq!(
        run(QueueFilter {
            officer: Some("jon".to_string()),
            ..Default::default()
        }),
        [1, 3, 7, 5]
    );
    // "Mine" is the subjects linked to the user's login, whatever the officer text says.
    let mut linked = subjects.clone();
    linked[1].officer_user = Some("jpatel".to_string());
    let mine = QueueFilter {
        view: QueueView::Mine("jpatel".to_string()),
        ..Default::default()
    };
    assert_eq!(ids(&queue(&linked, &c, today(), &mine)), [subjects[1].id]);
    // Fox's review is 9 days off: only its order ending keeps it in the full queue.
    assert_eq!(
        run(QueueFilter {
            view: QueueView::DueIn7Days,
            ..Default::default()
        }),
        [1, 3, 2, 4, 5, 6]
    );
    assert_eq!(
        run(QueueFilter {
            reasons: vec![ReasonKind::NotServed, ReasonKind::OrderEnding],
            ..Default::default()
        }),
        [4, 7]
    );
    assert_eq!(
        run(QueueFilter {
            risk: Some(RiskLevel::High),
            ..Default::default()
        }),
        [3, 7]
    );
    assert_eq!(
        run(QueueFilter {
            order_kind: Some(OrderKind::Scpo),
            ..Default::default()
        }),
        [7]
    );
}

#[test]
fn queue_names_subjects_as_display_name_does() {
    for (family, given) in [
        ("Ashby", "Rowan"),
        ("ó briain", "Siobhán"),
        (" Lee ", ""),
        ("x", " Zoë "),
    ] {
        let mut s = quiet(1, family);
        s.given_names = given.to_string();
        s.next_review = Some(today());
        let q = queue(
            &[s.clone()],
            &Policy::default(),
            today(),
            &QueueFilter::default(),
        );
        assert_eq!(q[0].name, s.display_name());
    }
}
