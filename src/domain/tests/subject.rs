//! Subject helpers, flags and risk levels.
use crate::domain::testkit::{address, assessment, d, subject};
use crate::domain::*;

#[test]
fn display_name_is_family_upper_then_given() {
    let s = Subject::new(1, "McDonald-Smith", "Jo Anne", d(2026, 1, 1));
    assert_eq!(s.display_name(), "MCDONALD-SMITH, Jo Anne");
}

#[test]
fn display_name_without_given_names_is_family_only() {
    let s = Subject::new(1, "Smith", "", d(2026, 1, 1));
    assert_eq!(s.display_name(), "SMITH");
}

#[test]
fn display_name_ignores_stray_whitespace() {
    let s = Subject::new(1, " Smith ", "  ", d(2026, 1, 1));
    assert_eq!(s.display_name(), "SMITH");
    let s = Subject::new(1, "Smith", " John ", d(2026, 1, 1));
    assert_eq!(s.display_name(), "SMITH, John");
}

#[test]
fn new_subject_has_only_required_fields() {
    let s = Subject::new(42, "Smith", "John", d(2026, 1, 1));
    assert_eq!(s.id, 42);
    assert_eq!(s.opened, d(2026, 1, 1));
    assert!(s.orders.is_empty() && s.assessments.is_empty() && s.breaches.is_empty());
    assert_eq!(s.next_review, None);
    assert_eq!(s.flags, Flags::default());
}

#[test]
fn current_address_is_latest_open_home_address() {
    let mut s = subject();
    s.addresses = vec![
        address(1, Some(d(2020, 1, 1)), None),
        address(2, Some(d(2025, 6, 1)), None),
        address(3, Some(d(2026, 1, 1)), Some(d(2026, 2, 1))),
        Address {
            kind: AddressKind::Work,
            ..address(4, Some(d(2026, 3, 1)), None)
        },
        address(5, None, None),
    ];
    assert_eq!(s.current_address().map(|a| a.id), Some(2));
}

#[test]
fn current_address_none_when_every_home_address_ended() {
    let mut s = subject();
    assert!(s.current_address().is_none());
    s.addresses = vec![
        address(1, Some(d(2020, 1, 1)), Some(d(2021, 1, 1))),
        Address {
            kind: AddressKind::Other,
            ..address(2, None, None)
        },
    ];
    assert!(s.current_address().is_none());
}

#[test]
fn current_address_undated_home_address_counts() {
    let mut s = subject();
    s.addresses = vec![address(1, None, None)];
    assert_eq!(s.current_address().map(|a| a.id), Some(1));
}

#[test]
fn order_lookup_by_id() {
    let mut s = subject();
    s.orders = vec![
        crate::domain::testkit::order(3, OrderKind::Spo),
        crate::domain::testkit::order(5, OrderKind::Fmpo),
    ];
    assert_eq!(s.order(5).map(|o| o.kind.short()), Some("FMPO"));
    assert!(s.order(4).is_none());
}

#[test]
fn flag_labels_in_fixed_order() {
    let f = Flags {
        rso: true,
        mappa_level: Some(2),
        iom: true,
        other: vec!["Violent".to_string(), "Firearms".to_string()],
    };
    assert_eq!(f.labels(), ["RSO", "MAPPA 2", "IOM", "Violent", "Firearms"]);
    assert!(Flags::default().labels().is_empty());
    let f = Flags {
        mappa_level: Some(3),
        ..Flags::default()
    };
    assert_eq!(f.labels(), ["MAPPA 3"]);
}

#[test]
fn risk_levels_are_ordered_low_to_very_high() {
    assert!(RiskLevel::Low < RiskLevel::Medium);
    assert!(RiskLevel::Medium < RiskLevel::High);
    assert!(RiskLevel::High < RiskLevel::VeryHigh);
    let mut sorted = RiskLevel::ALL;
    sorted.sort();
    assert_eq!(sorted, RiskLevel::ALL);
    assert_eq!(RiskLevel::ALL.iter().max(), Some(&RiskLevel::VeryHigh));
}

#[test]
fn risk_level_tags_and_labels() {
    let tags: Vec<&str> = RiskLevel::ALL.iter().map(|l| l.tag()).collect();
    assert_eq!(tags, ["LOW", "MED", "HIGH", "V.HIGH"]);
    let labels: Vec<&str> = RiskLevel::ALL.iter().map(|l| l.label()).collect();
    assert_eq!(labels, ["Low", "Medium", "High", "Very High"]);
}

#[test]
fn risk_level_serde_names() {
    assert_eq!(
        serde_json::to_string(&RiskLevel::VeryHigh).expect("serialises"),
        "\"very_high\""
    );
}

#[test]
fn assessment_highest_and_level_for() {
    let a = assessment(
        1,
        d(2026, 1, 1),
        &[
            (RiskGroup::NamedVictim, RiskLevel::High),
            (RiskGroup::Children, RiskLevel::Low),
            (RiskGroup::Other("neighbours".into()), RiskLevel::Medium),
        ],
    );
    assert_eq!(a.highest(), Some(RiskLevel::High));
    assert_eq!(a.level_for(&RiskGroup::Children), Some(RiskLevel::Low));
    assert_eq!(
        a.level_for(&RiskGroup::Other("neighbours".into())),
        Some(RiskLevel::Medium)
    );
    assert_eq!(a.level_for(&RiskGroup::Staff), None);
    assert_eq!(assessment(2, d(2026, 1, 1), &[]).highest(), None);
}

#[test]
fn risk_group_labels() {
    assert_eq!(RiskGroup::FuturePartners.label(), "Future partners");
    assert_eq!(RiskGroup::Other("Neighbours".into()).label(), "Neighbours");
}
