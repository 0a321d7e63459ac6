//! Everything that needs doing is in the queue: a property test that builds subjects in every
//! state the queue's rules name (with random days, levels and unrelated noise) and checks each
//! is queued with the right reason, in words that carry its facts; and just inside each
//! boundary, that it is not.
use proptest::prelude::{
    Just, ProptestConfig, any, prop_assert, prop_assert_eq, prop_oneof, proptest,
};
use proptest::strategy::Strategy as _;

use crate::domain::Policy;
use crate::domain::testkit::*;
use crate::domain::*;

/// A subject with nothing to do: an approved Low assessment, review in 30 days.
fn quiet() -> Subject {
    let mut s = Subject::new(7, "Quiet", "Sam", d(2024, 1, 10));
    s.next_review = Some(day(30));
    let mut a = rated(1, d(2024, 1, 10), RiskLevel::Low);
    a.sign_off.status = SignOffStatus::Approved;
    s.assessments = vec![a];
    s
}

/// An SPO in force, served `served` days ago, its initial notification received.
fn served(served: i64) -> Order {
    let mut o = spo(1, Some(day(-served)), OrderEnd::UntilFurtherOrder);
    o.served = Some(day(-served));
    o.notifications = vec![Notification {
        received: Some(day(-served)),
        ..notification(1, day(-served))
    }];
    o
}

fn decided(status: SignOffStatus, days_ago: i64) -> SignOff {
    SignOff {
        status,
        by: Some("ds.marsh".to_string()),
        at: Some(day(-days_ago).and_hms_opt(10, 0, 0).unwrap_or_default()),
        comment: if status == SignOffStatus::Returned {
            "Say how contact was checked".to_string()
        } else {
            String::new()
        },
        signer: "DS Lena Marsh (4521)".to_string(),
        rank: Some(Rank::Sergeant),
    }
}

fn victim(id: ItemId) -> ProtectedPerson {
    ProtectedPerson {
        id,
        name: "Vic Tester".to_string(),
        relationship: "ex-partner".to_string(),
        by_proxy: false,
        address: None,
        notes: String::new(),
        contact_preferences: String::new(),
        safe_contact: String::new(),
    }
}

fn contact(id: ItemId, person: ItemId, date: chrono::NaiveDate) -> VictimContact {
    VictimContact {
        id,
        person,
        date,
        by: "PC Test".to_string(),
        method: ContactMethod::Phone,
        said: String::new(),
        views: String::new(),
    }
}

fn needs(id: ItemId, person: ItemId, date: chrono::NaiveDate) -> NeedsAssessment {
    NeedsAssessment {
        id,
        person,
        date,
        by: "PC Test".to_string(),
        needs: "Safety planning".to_string(),
        outcome: String::new(),
    }
}

/// A state the rules name, with its parameters.
#[derive(Debug, Clone)]
enum State {
    ReturnedReview(i64),
    ReturnedAssessment(i64),
    ReturnedPlan(i64),
    Breach(i64),
    ReviewOverdue(i64),
    NotificationOverdue(i64),
    NoRiskAssessment(i64),
    ClocksNotStarted(i64),
    VeryHigh,
    High,
    DisclosureUndecided(i64),
    NotServed(i64),
    TacticalOverdue(i64),
    OrderEnding(i64),
    InterimAwaiting(i64),
    AwaitingHearing(i64),
    NotificationDue(i64),
    ReviewAwaiting,
    PlanAwaiting,
    ReviewDueSoon(i64),
    /// A breach `n` days past the update deadline (policy: 7 days) and no contact since.
    VictimNotUpdated(i64),
    /// `n` days past the needs assessment deadline (policy: 14 days after the order).
    NeedsAssessmentMissing(i64),
    ReferralOverdue(i64),
    MeetingActionOverdue(i64),
}

fn state() -> impl proptest::strategy::Strategy<Value = State> {
    prop_oneof![
        (0i64..200).prop_map(State::ReturnedReview),
        (0i64..200).prop_map(State::ReturnedAssessment),
        (0i64..200).prop_map(State::ReturnedPlan),
        (0i64..=30).prop_map(State::Breach),
        (1i64..400).prop_map(State::ReviewOverdue),
        (1i64..200).prop_map(State::NotificationOverdue),
        (0i64..500).prop_map(State::NoRiskAssessment),
        (0i64..500).prop_map(State::ClocksNotStarted),
        Just(State::VeryHigh),
        Just(State::High),
        (8i64..400).prop_map(State::DisclosureUndecided),
        (0i64..200).prop_map(State::NotServed),
        (1i64..200).prop_map(State::TacticalOverdue),
        (0i64..=60).prop_map(State::OrderEnding),
        (0i64..300).prop_map(State::InterimAwaiting),
        (29i64..500).prop_map(State::AwaitingHearing),
        (0i64..=3).prop_map(State::NotificationDue),
        Just(State::ReviewAwaiting),
        Just(State::PlanAwaiting),
        (0i64..=7).prop_map(State::ReviewDueSoon),
        (1i64..300).prop_map(State::VictimNotUpdated),
        (1i64..300).prop_map(State::NeedsAssessmentMissing),
        (1i64..300).prop_map(State::ReferralOverdue),
        (1i64..300).prop_map(State::MeetingActionOverdue),
    ]
}

/// Unrelated records that must not change the outcome: a received clock on another order, a
/// decided disclosure, an approved old review, a visit.
#[derive(Debug, Clone)]
struct Noise {
    decided_relationship: bool,
    approved_review: bool,
    visit: bool,
}

fn noise() -> impl proptest::strategy::Strategy<Value = Noise> {
    (any::<bool>(), any::<bool>(), any::<bool>()).prop_map(|(a, b, c)| Noise {
        decided_relationship: a,
        approved_review: b,
        visit: c,
    })
}

/// The subject in `state` with `noise`, the reason kind it must be queued with, and words the
/// reason must say.
fn build(state: &State, noise: &Noise) -> (Subject, ReasonKind, String) {
    let mut s = quiet();
    if noise.decided_relationship {
        s.section2.relationships.push(Relationship {
            decision: DisclosureDecision::NoDisclosure,
            decided: Some(day(-300)),
            decision_reason: "No risk to the partner".to_string(),
            ..relationship(9, day(-300))
        });
    }
    if noise.approved_review {
        let mut r = review(9, day(-200));
        r.sign_off = decided(SignOffStatus::Approved, 199);
        s.reviews.push(r);
    }
    if noise.visit {
        s.visits.push(visit(9, dt(2026, 1, 5, 9, 0)));
    }
    let k = |kind: ReasonKind, words: String| (kind, words);
    let (kind, words) = match *state {
        State::ReturnedReview(n) => {
            let mut r = review(1, day(-n - 1));
            r.next_review = day(30);
            r.sign_off = decided(SignOffStatus::Returned, n);
            s.reviews.push(r);
            k(
                ReasonKind::Returned,
                "Say how contact was checked".to_string(),
            )
        }
        State::ReturnedAssessment(n) => {
            let mut a = rated(2, day(-n - 1), RiskLevel::Medium);
            a.sign_off = decided(SignOffStatus::Returned, n);
            s.assessments.push(a);
            k(
                ReasonKind::Returned,
                "returned by DS Lena Marsh".to_string(),
            )
        }
        State::ReturnedPlan(n) => {
            s.plan_sign_off = Some(decided(SignOffStatus::Returned, n));
            k(ReasonKind::Returned, "the plan returned".to_string())
        }
        State::Breach(n) => {
            s.orders = vec![served(400)];
            s.breaches = vec![breach(
                1,
                day(-n).and_hms_opt(21, 0, 0).unwrap_or_default(),
                1,
            )];
            s.reassessment_due = Some(day(-n));
            k(
                ReasonKind::BreachNotReassessed,
                "not yet re-assessed".to_string(),
            )
        }
        State::ReviewOverdue(n) => {
            s.next_review = Some(day(-n));
            k(ReasonKind::ReviewOverdue, format!("overdue by {n} day"))
        }
        State::NotificationOverdue(n) => {
            let mut o = served(400);
            o.notifications.push(notification(
                2,
                day(-n - i64::from(DEFAULT_NOTIFICATION_DAYS)),
            ));
            s.orders = vec![o];
            k(
                ReasonKind::NotificationOverdue,
                format!("overdue by {n} day"),
            )
        }
        State::NoRiskAssessment(n) => {
            s.assessments.clear();
            s.orders = vec![served(n)];
            k(
                ReasonKind::NoRiskAssessment,
                "no risk assessment".to_string(),
            )
        }
        State::ClocksNotStarted(n) => {
            let mut o = served(n);
            o.notifications.clear();
            s.orders = vec![o];
            k(
                ReasonKind::ClocksNotStarted,
                "no initial notification clock".to_string(),
            )
        }
        State::VeryHigh => {
            s.assessments[0].ratings[0].level = RiskLevel::VeryHigh;
            k(ReasonKind::VeryHighRisk, "Very High".to_string())
        }
        State::High => {
            s.assessments[0].ratings[0].level = RiskLevel::High;
            k(ReasonKind::HighRisk, "High".to_string())
        }
        State::DisclosureUndecided(n) => {
            s.section2.relationships.push(Relationship {
                partner: "Robin Ash".to_string(),
                ..relationship(1, day(-n))
            });
            k(ReasonKind::DisclosureUndecided, "Robin Ash".to_string())
        }
        State::NotServed(n) => {
            s.orders = vec![spo(1, Some(day(-n)), OrderEnd::UntilFurtherOrder)];
            k(ReasonKind::NotServed, "not".to_string())
        }
        State::TacticalOverdue(n) => {
            s.assessments[0].tactical_options.push(TacticalOption {
                id: 1,
                option: "Marker on address".to_string(),
                owner: None,
                due: Some(day(-n)),
                status: ActionStatus::InProgress,
            });
            k(
                ReasonKind::TacticalOptionOverdue,
                "Marker on address".to_string(),
            )
        }
        State::OrderEnding(n) => {
            let mut o = served(400);
            o.end = OrderEnd::Fixed(day(n));
            s.orders = vec![o];
            k(ReasonKind::OrderEnding, "renewal decision".to_string())
        }
        State::InterimAwaiting(n) => {
            let mut o = served(n);
            o.kind = OrderKind::InterimSpo;
            s.orders = vec![o];
            k(
                ReasonKind::InterimAwaitingFullHearing,
                "awaiting the full hearing".to_string(),
            )
        }
        State::AwaitingHearing(n) => {
            let mut o = spo(1, None, OrderEnd::UntilFurtherOrder);
            o.applied = Some(day(-n));
            s.orders = vec![o];
            k(
                ReasonKind::AwaitingHearing,
                "awaiting the hearing".to_string(),
            )
        }
        State::NotificationDue(left) => {
            let mut o = served(400);
            o.notifications.push(Notification {
                kind: NotificationKind::NewAddress,
                ..notification(2, day(left - i64::from(DEFAULT_NOTIFICATION_DAYS)))
            });
            s.orders = vec![o];
            k(ReasonKind::NotificationDue, "new address".to_string())
        }
        State::ReviewAwaiting => {
            let mut r = review(1, day(-1));
            r.next_review = day(30);
            s.reviews.push(r);
            k(ReasonKind::AwaitingSignOff, "awaiting sign-off".to_string())
        }
        State::PlanAwaiting => {
            s.plan_sign_off = Some(SignOff::default());
            k(
                ReasonKind::AwaitingSignOff,
                "plan awaits sign-off".to_string(),
            )
        }
        State::ReviewDueSoon(n) => {
            s.next_review = Some(day(n));
            k(ReasonKind::ReviewDueSoon, "review due".to_string())
        }
        State::VictimNotUpdated(n) => {
            s.protected_persons = vec![victim(1)];
            // Contacted before the breach, nothing since: the update was due 7 days after it.
            s.victim_contacts = vec![contact(1, 1, day(-n - 30))];
            s.needs_assessments = vec![needs(1, 1, day(-n - 30))];
            s.orders = vec![served(n + 40)];
            s.breaches = vec![breach(
                1,
                day(-n - 7).and_hms_opt(20, 0, 0).unwrap_or_default(),
                1,
            )];
            s.reassessment_due = None;
            k(
                ReasonKind::VictimUpdateDue,
                "Vic Tester not updated since the".to_string(),
            )
        }
        State::NeedsAssessmentMissing(n) => {
            s.protected_persons = vec![victim(1)];
            s.orders = vec![served(n + 14)];
            s.victim_contacts = vec![contact(1, 1, today())];
            k(
                ReasonKind::NeedsAssessmentDue,
                "no needs assessment for Vic".to_string(),
            )
        }
        State::ReferralOverdue(n) => {
            s.referrals = vec![Referral {
                id: 1,
                person: None,
                service: "IDVA".to_string(),
                date: day(-n - 14),
                consent: Consent::Given,
                outcome: ReferralOutcome::Awaiting,
                follow_up: Some(day(-n)),
                notes: String::new(),
            }];
            k(
                ReasonKind::ReferralFollowUpOverdue,
                "referral to IDVA".to_string(),
            )
        }
        State::MeetingActionOverdue(n) => {
            s.meetings = vec![Meeting {
                id: 1,
                kind: MeetingKind::Marac,
                date: day(-n - 10),
                decisions: String::new(),
                actions: vec![MeetingAction {
                    id: 1,
                    action: "Share bail conditions".to_string(),
                    owner: "IDVA".to_string(),
                    due: Some(day(-n)),
                    done: None,
                    tactical: false,
                }],
            }];
            k(ReasonKind::MeetingActionOverdue, "MARAC action".to_string())
        }
    };
    (s, kind, words)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn every_state_the_rules_name_is_queued_with_its_reason(st in state(), nz in noise()) {
        let (s, kind, words) = build(&st, &nz);
        prop_assert!(validate_subject(&s).is_empty(), "{:?}", validate_subject(&s));
        let policy = Policy::default();
        let found = reasons(&s, &policy, today());
        let hit = found.iter().find(|r| r.kind() == kind);
        prop_assert!(hit.is_some(), "{st:?}: {found:?}");
        let text = hit.map(Reason::text).unwrap_or_default();
        prop_assert!(text.contains(&words), "{st:?}: {text:?} lacks {words:?}");
        let q = queue(std::slice::from_ref(&s), &policy, today(), &QueueFilter::default());
        prop_assert_eq!(q.len(), 1);
        prop_assert!(q[0].has(kind));
        // The queue's filter by this reason finds it too.
        let only = QueueFilter { reasons: vec![kind], ..QueueFilter::default() };
        prop_assert_eq!(queue(std::slice::from_ref(&s), &policy, today(), &only).len(), 1);
    }
}

#[test]
fn every_reason_kind_has_a_state_here() {
    // A kind added to the queue without a state above fails this test.
    let states = [
        State::ReturnedReview(1),
        State::Breach(1),
        State::ReviewOverdue(1),
        State::NotificationOverdue(1),
        State::NoRiskAssessment(1),
        State::ClocksNotStarted(1),
        State::VeryHigh,
        State::High,
        State::DisclosureUndecided(9),
        State::NotServed(1),
        State::TacticalOverdue(1),
        State::OrderEnding(1),
        State::InterimAwaiting(1),
        State::AwaitingHearing(30),
        State::NotificationDue(1),
        State::ReviewAwaiting,
        State::ReviewDueSoon(1),
        State::VictimNotUpdated(1),
        State::NeedsAssessmentMissing(1),
        State::ReferralOverdue(1),
        State::MeetingActionOverdue(1),
    ];
    let noise = Noise {
        decided_relationship: false,
        approved_review: false,
        visit: false,
    };
    let covered: std::collections::BTreeSet<ReasonKind> =
        states.iter().map(|st| build(st, &noise).1).collect();
    for kind in ReasonKind::ALL {
        assert!(covered.contains(&kind), "no state for {kind:?}");
    }
}

#[test]
fn just_inside_each_new_boundary_nothing_is_queued() {
    let policy = Policy::default();
    let none = |s: &Subject| reasons(s, &policy, today());
    // A relationship learned 7 days ago: a decision is not yet due.
    let mut s = quiet();
    s.section2.relationships.push(relationship(1, day(-7)));
    assert_eq!(none(&s), []);
    // ... decided, or a disclosure made, it never is.
    s.section2.relationships[0].learned = day(-100);
    s.section2.relationships[0].disclosure = Some(day(-90));
    assert_eq!(none(&s), []);
    // An application 28 days old waits for its hearing within policy.
    let mut s = quiet();
    let mut o = spo(1, None, OrderEnd::UntilFurtherOrder);
    o.applied = Some(day(-28));
    s.orders = vec![o];
    assert_eq!(none(&s), []);
    // A served order with an assessment and its clock is quiet; an RSO's clocks do not run.
    let mut s = quiet();
    s.orders = vec![served(10)];
    assert_eq!(none(&s), []);
    s.orders[0].notifications.clear();
    s.flags.rso = true;
    assert_eq!(none(&s), []);
    // A returned review with a newer round is not returned work any more.
    let mut s = quiet();
    let mut r1 = review(1, day(-5));
    r1.next_review = day(30);
    r1.sign_off = decided(SignOffStatus::Returned, 4);
    let mut r2 = r1.clone();
    r2.id = 2;
    r2.supersedes = Some(1);
    r2.sign_off = decided(SignOffStatus::Approved, 1);
    s.reviews = vec![r1, r2];
    assert_eq!(none(&s), []);
    // Policy sets the days.
    let strict = Policy {
        disclosure_decision_days: 2,
        hearing_wait_days: 10,
        ..Policy::default()
    };
    let mut s = quiet();
    s.section2.relationships.push(relationship(1, day(-3)));
    assert!(
        reasons(&s, &strict, today())
            .iter()
            .any(|r| r.kind() == ReasonKind::DisclosureUndecided)
    );
}
