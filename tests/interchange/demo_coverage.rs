//! The demo data reads, validates, is labelled fictional, and covers what a reviewer needs to see.
use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use spmp::domain::{
    ActionStatus, Cadence, ComplianceOutcome, DEFAULT_NOTIFICATION_DAYS, NotificationState,
    OrderKind, OrderStatus, ReviewDue, RiskLevel, SignOffStatus, Subject, VisitOutcome,
};
use spmp::interchange::{DEMO_JSON, demo_subjects, parse_file};

/// The day the demo is meant to be viewed.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid date")
}

fn demo() -> Vec<Subject> {
    demo_subjects().unwrap_or_else(|e| panic!("demo data must import: {e}"))
}

fn count(subjects: &[Subject], pred: impl Fn(&Subject) -> bool) -> usize {
    subjects.iter().filter(|s| pred(s)).count()
}

#[test]
fn demo_is_labelled_fictional_and_large_enough() {
    let file = parse_file(DEMO_JSON).unwrap_or_else(|e| panic!("{e}"));
    assert!(file.fictional);
    let note = file.note.unwrap_or_default();
    assert!(
        note.contains("FICTIONAL") && note.contains("invented"),
        "{note}"
    );
    assert!(file.subjects.len() >= 15);
}

#[test]
fn every_order_kind_is_present() {
    let subjects = demo();
    let kinds: BTreeSet<OrderKind> = subjects
        .iter()
        .flat_map(|s| s.orders.iter().map(|o| o.kind.clone()))
        .collect();
    for kind in OrderKind::BUILT_IN {
        assert!(kinds.contains(&kind), "no {kind:?} order");
    }
    assert!(kinds.iter().any(|k| matches!(k, OrderKind::Other(_))));
    assert!(count(&subjects, |s| s.orders.len() >= 2) >= 3);
}

#[test]
fn every_risk_level_is_someones_current_level_and_one_has_none() {
    let subjects = demo();
    for level in RiskLevel::ALL {
        assert!(
            subjects.iter().any(|s| s.current_risk() == Some(level)),
            "no subject currently {level:?}"
        );
    }
    assert!(count(&subjects, |s| s.assessments.is_empty()) >= 1);
}

#[test]
fn reviews_are_overdue_and_upcoming_with_and_without_a_set_date() {
    let subjects = demo();
    let cadence = Cadence::default();
    let due: Vec<ReviewDue> = subjects
        .iter()
        .map(|s| ReviewDue::of(s, &cadence, today()))
        .collect();
    let overdue = due.iter().filter(|d| d.is_overdue()).count();
    let within_week = due
        .iter()
        .filter(|d| matches!(d, ReviewDue::Due { days, .. } if *days <= 7))
        .count();
    let later = due
        .iter()
        .filter(|d| matches!(d, ReviewDue::Due { days, .. } if *days > 7))
        .count();
    assert!(overdue >= 3 && within_week >= 2 && later >= 2, "{due:?}");
    assert!(count(&subjects, |s| s.next_review.is_some()) >= 3);
    assert!(count(&subjects, |s| s.next_review.is_none()) >= 3);
}

#[test]
fn breaches_span_eighteen_months_and_a_recent_one_awaits_reassessment() {
    let subjects = demo();
    let start = NaiveDate::from_ymd_opt(2025, 6, 1).expect("valid date");
    let mut months = BTreeSet::new();
    for s in &subjects {
        for b in &s.breaches {
            let day = b.at.date();
            assert!(
                day >= start && day <= today(),
                "breach {day} outside Jun 2025 - Nov 2026"
            );
            months.insert((day.year(), day.month()));
        }
    }
    assert!(
        months.len() >= 10,
        "breaches in only {} months",
        months.len()
    );
    assert!(months.contains(&(2025, 6)) && months.contains(&(2026, 11)));
    assert!(count(&subjects, |s| !s.breaches.is_empty()) >= 6);
    let recent_unassessed = count(&subjects, |s| {
        s.needs_reassessment()
            && s.breaches
                .iter()
                .any(|b| (today() - b.at.date()).num_days() <= 30)
    });
    assert_eq!(
        recent_unassessed, 1,
        "exactly one subject awaits re-assessment"
    );
}

#[test]
fn every_section_2_list_is_populated_somewhere() {
    let subjects = demo();
    let s2 = |f: fn(&Subject) -> bool| count(&subjects, f) > 0;
    assert!(s2(|s| !s.section2.investigations.is_empty()));
    assert!(s2(|s| !s.section2.devices.is_empty()));
    assert!(s2(|s| !s.section2.social_media.is_empty()));
    assert!(s2(|s| !s.section2.vehicles.is_empty()));
    assert!(s2(|s| !s.section2.relationships.is_empty()));
    assert!(s2(|s| !s.section2.strategies.is_empty()));
}

#[test]
fn notification_clocks_are_in_every_state() {
    let subjects = demo();
    let mut on_time = false;
    let mut late = false;
    let mut overdue = false;
    let mut due_soon = false;
    let mut suspended = false;
    for s in &subjects {
        for o in &s.orders {
            for n in &o.notifications {
                match n.state(today(), DEFAULT_NOTIFICATION_DAYS, s.flags.rso) {
                    NotificationState::Received { late_by: 0, .. } => on_time = true,
                    NotificationState::Received { .. } => late = true,
                    NotificationState::Overdue { .. } => overdue = true,
                    NotificationState::Due { days_left, .. } => due_soon |= days_left <= 3,
                    NotificationState::Suspended => suspended = true,
                }
            }
        }
    }
    assert!(on_time && late && overdue && due_soon && suspended);
}

#[test]
fn orders_are_in_every_lifecycle_state() {
    let subjects = demo();
    let orders = || subjects.iter().flat_map(|s| s.orders.iter());
    let t = today();
    assert!(
        orders().any(|o| o.is_active(t) && o.served.is_none()),
        "made, not served"
    );
    assert!(orders().any(|o| o.status(t) == OrderStatus::Expired));
    assert!(orders().any(|o| o.status(t) == OrderStatus::Discharged));
    assert!(
        orders().any(|o| o.is_active(t) && o.days_to_expiry(t).is_some_and(|d| d <= 60)),
        "an order ending within 60 days"
    );
    let awaiting_full_hearing = subjects.iter().any(|s| {
        s.orders
            .iter()
            .any(|o| o.kind == OrderKind::InterimSpo && o.is_active(t))
            && s.orders
                .iter()
                .any(|o| o.kind == OrderKind::Spo && o.status(t) == OrderStatus::Applied)
    });
    assert!(awaiting_full_hearing);
    assert!(orders().any(|o| !o.variations.is_empty()));
}

#[test]
fn reviews_visits_and_tactical_options_cover_their_values() {
    let subjects = demo();
    let reviews = || subjects.iter().flat_map(|s| s.reviews.iter());
    assert!(reviews().any(|r| {
        r.outcomes
            .iter()
            .any(|o| o.outcome == ComplianceOutcome::Breached)
    }));
    for status in [
        SignOffStatus::Awaiting,
        SignOffStatus::Approved,
        SignOffStatus::Returned,
    ] {
        assert!(reviews().any(|r| r.sign_off.status == status), "{status:?}");
    }
    for outcome in [
        VisitOutcome::Seen,
        VisitOutcome::NoAccess,
        VisitOutcome::Moved,
    ] {
        assert!(
            subjects
                .iter()
                .any(|s| s.visits.iter().any(|v| v.outcome == outcome))
        );
    }
    let options: Vec<_> = subjects
        .iter()
        .flat_map(|s| s.assessments.iter())
        .flat_map(|a| a.tactical_options.iter())
        .collect();
    assert!(options.iter().all(|t| t.owner.is_some() && t.due.is_some()));
    for status in [
        ActionStatus::Proposed,
        ActionStatus::InProgress,
        ActionStatus::Done,
        ActionStatus::Declined,
    ] {
        assert!(options.iter().any(|t| t.status == status), "{status:?}");
    }
    assert!(
        options
            .iter()
            .any(|t| t.status.is_open() && t.due.is_some_and(|d| d < today())),
        "an open tactical option past its due date"
    );
}

#[test]
fn people_flags_and_addresses_are_covered() {
    let subjects = demo();
    assert!(
        subjects
            .iter()
            .any(|s| s.protected_persons.iter().any(|p| p.by_proxy))
    );
    assert!(
        subjects
            .iter()
            .any(|s| { s.section1.safeguarding.iter().any(|x| x.person.is_some()) })
    );
    assert!(subjects.iter().any(|s| s.section1.narrative.contains('\n')));
    assert!(count(&subjects, |s| !s.aliases.is_empty()) >= 5);
    for level in 1..=3 {
        assert!(subjects.iter().any(|s| s.flags.mappa_level == Some(level)));
    }
    assert!(subjects.iter().any(|s| s.flags.iom));
    assert!(subjects.iter().any(|s| s.flags.rso));
    assert!(
        subjects
            .iter()
            .any(|s| { s.addresses.len() >= 2 && s.addresses.iter().any(|a| a.to.is_some()) })
    );
    let names: String = subjects.iter().map(|s| s.given_names.as_str()).collect();
    for accented in ["Siobhán", "Zoë", "Łukasz"] {
        assert!(names.contains(accented), "{accented}");
    }
}

#[test]
fn exactly_one_alias_carries_an_escape_sequence_and_says_so() {
    let subjects = demo();
    let hostile: Vec<&Subject> = subjects
        .iter()
        .filter(|s| s.aliases.iter().any(|a| a.contains("\u{1b}]0;pwned\u{7}")))
        .collect();
    assert_eq!(hostile.len(), 1);
    assert!(hostile[0].section2.notes.contains("SCREEN-SAFETY TEST"));
    assert!(DEMO_JSON.contains(r"\u001b]0;pwned\u0007"));
    let control = |t: &str| t.chars().any(|c| c.is_control() && c != '\n');
    let others = subjects
        .iter()
        .flat_map(|s| s.aliases.iter())
        .filter(|a| control(a))
        .count();
    assert_eq!(others, 1, "no other alias holds control characters");
}

#[test]
fn identifiers_come_from_obviously_fictional_ranges() {
    for s in demo() {
        assert!(s.pnc_id.as_deref().is_some_and(|p| p.starts_with("00/")));
        assert!(
            s.niche_ref
                .as_deref()
                .is_some_and(|n| n.starts_with("DEMO-"))
        );
        for a in &s.addresses {
            assert!(
                a.postcode.as_deref().is_none_or(|p| p.starts_with("ZZ")),
                "{a:?}"
            );
        }
        for d in &s.section2.devices {
            if let Some(number) = &d.number {
                assert!(number.starts_with("07700 900"), "{number}");
            }
            if let Some(imei) = &d.imei_serial {
                assert!(
                    imei.starts_with("00101") || imei.starts_with("DEMO-"),
                    "{imei}"
                );
            }
        }
        for v in &s.section2.vehicles {
            assert!(v.vrm.to_uppercase().starts_with('Z'), "{}", v.vrm);
        }
    }
}
